# source: T. Sterbak, "Enhancing LSTMs with character embeddings for Named entity recognition", depends-on-the-definition.com, https://www.depends-on-the-definition.com/lstm-with-char-embeddings-for-ner/ (2018-04-15, the fifth post of his widely read NER series: a word Embedding(mask_zero=True) concatenated with a per-word character encoding, TimeDistributed(Embedding(mask_zero=True)) + TimeDistributed(LSTM), under a Bidirectional LSTM and a TimeDistributed softmax; the same model code is copied verbatim in the code index, e.g. file id 965742522, Xiaohan Wang's BiLSTM-E.py)
# commit: unknown: a web page (the post's code blocks, read from the stored page and the verbatim copy named above)
# keras: tf_keras
# exercises: `from keras.preprocessing.sequence import pad_sequences` (maxlen, value, padding='post', truncating='post'); word2idx / char2idx dicts with PAD 0 and UNK 1; a char id tensor built with try/except IndexError; functional Model of two Inputs: Input(shape=(max_len,)) -> Embedding(n_words + 2, 20, input_length=max_len, mask_zero=True), and Input(shape=(max_len, max_len_char)) -> TimeDistributed(Embedding(n_chars + 2, 10, input_length=max_len_char, mask_zero=True)) -> TimeDistributed(LSTM(20, return_sequences=False, recurrent_dropout)) (a 3-d mask through TimeDistributed, all-padding words, the per-word mask reduced by any() for the next layer); concatenate([emb_word, char_enc]) of two masked tensors; SpatialDropout1D; Bidirectional(LSTM(50, return_sequences=True, recurrent_dropout)); TimeDistributed(Dense(n_tags + 1, softmax)); compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"]) with (N, max_len, 1) integer targets; summary(); fit(batch_size=32, epochs, validation_split=0.1).history; predict on the test split and argmax per word
# reduced: the Kaggle GMB ner_dataset.csv (pandas read_csv + the SentenceGetter groupby) replaced by 40 made-up sentences of (word, POS, tag) triples drawn with np.random.RandomState(7); `words = list(set(...))`, `tags = list(set(...))` and `chars = set(...)` sorted (set order of strings changes with Python's hash randomisation, and the two sides run in two processes); sklearn's train_test_split(test_size=0.1, random_state=2018) (not installed) replaced by a seeded-permutation stand-in (36 train / 4 test), so validation_split leaves 32 training rows, one batch of 32 (fit's shuffling cannot change the result); `from keras.models import Model, Input` (Keras 2.2's re-export, gone from tf.keras) -> Input imported from keras.layers; max_len 75 -> 12, max_len_char 10 -> 6; LSTM units 20 -> 6 and 50 -> 8; recurrent_dropout 0.5 / 0.6 and SpatialDropout1D(0.3) -> 0.0 (random masks cannot match across frameworks); epochs 10 -> 2; the pandas DataFrame of the history and the matplotlib plot dropped
import numpy as np
from keras.preprocessing.sequence import pad_sequences
from keras.models import Model
from keras.layers import Input
from keras.layers import LSTM, Embedding, Dense, TimeDistributed, Dropout, Conv1D
from keras.layers import Bidirectional, concatenate, SpatialDropout1D, GlobalMaxPooling1D


def make_sentences():
    # Stands in for ner_dataset.csv read by SentenceGetter: lists of (word, pos, tag)
    rng = np.random.RandomState(7)
    lexicon = [("the", "DT", "O"), ("London", "NNP", "B-geo"), ("Paris", "NNP", "B-geo"),
               ("Obama", "NNP", "B-per"), ("Barack", "NNP", "B-per"), ("said", "VBD", "O"),
               ("troops", "NNS", "O"), ("in", "IN", "O"), ("Monday", "NNP", "B-tim"),
               ("marched", "VBD", "O"), ("through", "IN", "O"), ("Iraq", "NNP", "B-geo"),
               ("British", "JJ", "B-gpe"), ("government", "NN", "O"), (".", ".", "O"),
               ("Microsoft", "NNP", "B-org"), ("announced", "VBD", "O"), ("on", "IN", "O"),
               ("internationalization", "NN", "O"), ("York", "NNP", "I-geo")]
    sentences = []
    for _ in range(40):
        n = rng.randint(3, 15)
        sentences.append([lexicon[i] for i in rng.randint(len(lexicon), size=n)])
    return sentences


def train_test_split(a, b, test_size, random_state):
    # Stands in for sklearn.model_selection.train_test_split
    order = np.random.RandomState(random_state).permutation(len(a))
    n_test = int(np.ceil(test_size * len(a)))
    test, train = order[:n_test], order[n_test:]
    a, b = np.asarray(a), np.asarray(b)
    return a[train], a[test], b[train], b[test]


sentences = make_sentences()
words = sorted(set(w[0] for s in sentences for w in s))
n_words = len(words)
tags = sorted(set(w[2] for s in sentences for w in s))
n_tags = len(tags)
print(n_words, n_tags)

max_len = 12
max_len_char = 6

word2idx = {w: i + 2 for i, w in enumerate(words)}
word2idx["UNK"] = 1
word2idx["PAD"] = 0
idx2word = {i: w for w, i in word2idx.items()}
tag2idx = {t: i + 1 for i, t in enumerate(tags)}
tag2idx["PAD"] = 0
idx2tag = {i: w for w, i in tag2idx.items()}

X_word = [[word2idx[w[0]] for w in s] for s in sentences]
X_word = pad_sequences(maxlen=max_len, sequences=X_word, value=word2idx["PAD"], padding='post', truncating='post')

chars = sorted(set([w_i for w in words for w_i in w]))
n_chars = len(chars)
char2idx = {c: i + 2 for i, c in enumerate(chars)}
char2idx["UNK"] = 1
char2idx["PAD"] = 0

X_char = []
for sentence in sentences:
    sent_seq = []
    for i in range(max_len):
        word_seq = []
        for j in range(max_len_char):
            try:
                word_seq.append(char2idx.get(sentence[i][0][j]))
            except:
                word_seq.append(char2idx.get("PAD"))
        sent_seq.append(word_seq)
    X_char.append(np.array(sent_seq))

y = [[tag2idx[w[2]] for w in s] for s in sentences]
y = pad_sequences(maxlen=max_len, sequences=y, value=tag2idx["PAD"], padding='post', truncating='post')

X_word_tr, X_word_te, y_tr, y_te = train_test_split(X_word, y, test_size=0.1, random_state=2018)
X_char_tr, X_char_te, _, _ = train_test_split(X_char, y, test_size=0.1, random_state=2018)

# input and embedding for words
word_in = Input(shape=(max_len,))
emb_word = Embedding(input_dim=n_words + 2, output_dim=20,
                     input_length=max_len, mask_zero=True)(word_in)

# input and embeddings for characters
char_in = Input(shape=(max_len, max_len_char,))
emb_char = TimeDistributed(Embedding(input_dim=n_chars + 2, output_dim=10,
                           input_length=max_len_char, mask_zero=True))(char_in)
# character LSTM to get word encodings by characters
char_enc = TimeDistributed(LSTM(units=6, return_sequences=False,
                                recurrent_dropout=0.0))(emb_char)

# main LSTM
x = concatenate([emb_word, char_enc])
x = SpatialDropout1D(0.0)(x)
main_lstm = Bidirectional(LSTM(units=8, return_sequences=True,
                               recurrent_dropout=0.0))(x)
out = TimeDistributed(Dense(n_tags + 1, activation="softmax"))(main_lstm)

model = Model([word_in, char_in], out)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])

model.summary()

history = model.fit([X_word_tr,
                     np.array(X_char_tr).reshape((len(X_char_tr), max_len, max_len_char))],
                    np.array(y_tr).reshape(len(y_tr), max_len, 1),
                    batch_size=32, epochs=2, validation_split=0.1, verbose=1)
hist = history.history
print(hist["acc"], hist["val_acc"])

y_pred = model.predict([X_word_te,
                        np.array(X_char_te).reshape((len(X_char_te),
                                                     max_len, max_len_char))])

i = 1
p = np.argmax(y_pred[i], axis=-1)
print("{:15}||{:5}||{}".format("Word", "True", "Pred"))
print(30 * "=")
for w, t, pred in zip(X_word_te[i], y_te[i], p):
    if w != 0:
        print("{:15}: {:5} {}".format(idx2word[w], idx2tag[t], idx2tag[pred]))
