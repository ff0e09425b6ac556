# source: PacktPublishing/Deep-Learning-with-Keras Chapter06/treebank_pos_lstm.py (A. Gulli and S. Pal, "Deep Learning with Keras", Packt 2017, chapter 6 "Recurrent Neural Network — RNN": a part-of-speech tagger on the NLTK Penn Treebank sample as an encoder-decoder, LSTM -> RepeatVector -> LSTM(return_sequences) -> TimeDistributed(Dense) softmax)
# commit: 9279c3e972dd0b5a9cfff46597701db9640e2f2f
# keras: tf_keras
# exercises: Keras 2's old module paths (keras.layers.core, keras.layers.embeddings, keras.layers.recurrent, keras.layers.wrappers, keras.utils.np_utils); np_utils.to_categorical of each sentence's tag ids, then sequence.pad_sequences of an object array (dtype=list) of variable-length 2-D one-hot arrays (pre-padding to (n, maxlen, classes)) and of word-id lists; Sequential Embedding(input_length=), SpatialDropout1D, LSTM(dropout=, recurrent_dropout=), RepeatVector(MAX_SEQLEN), LSTM(return_sequences=True), TimeDistributed(Dense), Activation("softmax"); compile(categorical_crossentropy, "adam", metrics=["accuracy"]); fit(validation_data=[Xtest, Ytest]) given as a list, not a tuple; evaluate unpacked as score, acc
# reduced: the files ../data/treebank_sents.txt and treebank_poss.txt (NLTK's treebank sample written out by treebank_data.py) replaced by 40 made-up tagged sentences written to two files and read back through the same 'rb' loops; `word2index.has_key(word)` -> `word in word2index` (Python 2); sklearn's train_test_split(test_size=0.2, random_state=42) (sklearn is not installed) replaced by a seeded numpy permutation split; MAX_SEQLEN 250 -> 12, S_MAX_FEATURES 5000 kept (the vocabulary is smaller), EMBED_SIZE 128 -> 8, HIDDEN_SIZE 64 -> 8, BATCH_SIZE 32 -> 8, NUM_EPOCHS 1 -> 2; SpatialDropout1D(Dropout(0.2)) -> SpatialDropout1D(0.0) (a Dropout layer given as the rate only ran under Python 2, where min/max compare a number with any object, and random masks cannot match) and LSTM's dropout 0.2 / recurrent_dropout 0.2 -> 0.0; shuffle=False added to fit (random batch order cannot match), verbose=0 added to fit and evaluate
import numpy as np
np.random.seed(42)    # setting seed before importing from Keras
from keras.layers.core import Activation, Dense, Dropout, RepeatVector, SpatialDropout1D
from keras.layers.embeddings import Embedding
from keras.layers.recurrent import LSTM
from keras.layers.wrappers import TimeDistributed
from keras.models import Sequential
from keras.preprocessing import sequence
from keras.utils import np_utils
import collections
import os

# made-up treebank-like data files
_rng = np.random.RandomState(1)
_lex = {"DT": ["the", "a", "this"], "NN": ["market", "company", "share", "price", "year"],
        "VBD": ["rose", "fell", "said", "closed"], "IN": ["in", "of", "on"], "JJ": ["new", "big", "low"],
        "CD": ["10", "3.5", "1989"], ".": ["."], "NNP": ["Mr.", "Vinken", "Friday"]}
_patterns = [["DT", "NN", "VBD", "."], ["DT", "JJ", "NN", "VBD", "IN", "CD", "."],
             ["NNP", "NNP", "VBD", "DT", "NN", "IN", "NNP", "."], ["DT", "NN", "IN", "DT", "NN", "VBD", "JJ", "."]]
DATA_DIR = "."
with open("treebank_sents.txt", "w") as fs, open("treebank_poss.txt", "w") as fp:
    for _ in range(40):
        tags = _patterns[_rng.randint(len(_patterns))]
        words = [_lex[t][_rng.randint(len(_lex[t]))] for t in tags]
        fs.write(" ".join(words) + "\n")
        fp.write(" ".join(tags) + "\n")


def train_test_split(X, Y, test_size, random_state):  # sklearn stand-in
    idx = np.random.RandomState(random_state).permutation(len(X))
    n_test = int(np.ceil(test_size * len(X)))
    test, train = idx[:n_test], idx[n_test:]
    return X[train], X[test], Y[train], Y[test]


def parse_sentences(filename):
    word_freqs = collections.Counter()
    num_recs, maxlen = 0, 0
    fin = open(filename, "rb")
    for line in fin:
        words = line.strip().lower().split()
        for word in words:
            word_freqs[word] += 1
        if len(words) > maxlen:
            maxlen = len(words)
        num_recs += 1
    fin.close()
    return word_freqs, maxlen, num_recs

s_wordfreqs, s_maxlen, s_numrecs = parse_sentences(os.path.join(DATA_DIR, "treebank_sents.txt"))
t_wordfreqs, t_maxlen, t_numrecs = parse_sentences(os.path.join(DATA_DIR, "treebank_poss.txt"))
print(len(s_wordfreqs), s_maxlen, s_numrecs, len(t_wordfreqs), t_maxlen, t_numrecs)

MAX_SEQLEN = 12
S_MAX_FEATURES = 5000
T_MAX_FEATURES = 45

s_vocabsize = min(len(s_wordfreqs), S_MAX_FEATURES) + 2
s_word2index = {x[0]:i+2 for i, x in enumerate(s_wordfreqs.most_common(S_MAX_FEATURES))}
s_word2index["PAD"] = 0
s_word2index["UNK"] = 1
s_index2word = {v:k for k, v in s_word2index.items()}

t_vocabsize = len(t_wordfreqs) + 1
t_word2index = {x[0]:i for i, x in enumerate(t_wordfreqs.most_common(T_MAX_FEATURES))}
t_word2index["PAD"] = 0
t_index2word = {v:k for k, v in t_word2index.items()}

def build_tensor(filename, numrecs, word2index, maxlen, make_categorical = False, num_classes = 0):
    data = np.empty((numrecs, ), dtype=list)
    fin = open(filename, "rb")
    i = 0
    for line in fin:
        wids = []
        for word in line.strip().lower().split():
            if word in word2index:
                wids.append(word2index[word])
            else:
                wids.append(word2index["UNK"])
        if make_categorical:
            data[i] = np_utils.to_categorical(wids, num_classes=num_classes)
        else:
            data[i] = wids
        i += 1
    fin.close()
    pdata = sequence.pad_sequences(data, maxlen=maxlen)
    return pdata

X = build_tensor(os.path.join(DATA_DIR, "treebank_sents.txt"), s_numrecs, s_word2index, MAX_SEQLEN)
Y = build_tensor(os.path.join(DATA_DIR, "treebank_poss.txt"), t_numrecs, t_word2index, MAX_SEQLEN, True, t_vocabsize)

Xtrain, Xtest, Ytrain, Ytest = train_test_split(X, Y, test_size=0.2, random_state=42)

EMBED_SIZE = 8
HIDDEN_SIZE = 8
BATCH_SIZE = 8
NUM_EPOCHS = 2

model = Sequential()
model.add(Embedding(s_vocabsize, EMBED_SIZE, input_length=MAX_SEQLEN))
model.add(SpatialDropout1D(0.0))
model.add(LSTM(HIDDEN_SIZE, dropout=0.0, recurrent_dropout=0.0))
model.add(RepeatVector(MAX_SEQLEN))
model.add(LSTM(HIDDEN_SIZE, return_sequences=True))
model.add(TimeDistributed(Dense(t_vocabsize)))
model.add(Activation("softmax"))

model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

model.fit(Xtrain, Ytrain, batch_size=BATCH_SIZE, epochs=NUM_EPOCHS, validation_data=[Xtest, Ytest], shuffle=False, verbose=0)

score, acc = model.evaluate(Xtest, Ytest, batch_size=BATCH_SIZE, verbose=0)
print("Test score: %.3f, accuracy: %.3f" % (score, acc))
