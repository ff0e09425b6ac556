# source: tarunbhavnani/ml_diaries pos_keras.py (a copy of nlpforhackers.io's widely copied "Build a POS tagger with an LSTM using Keras": Penn Treebank sentences, an Embedding, a Bidirectional LSTM and a TimeDistributed Dense softmax over post-padded sequences, then the same model with a custom accuracy metric that ignores the padding class)
# commit: 741ecab5b18878c95762d92901dc785bd46b65a9
# keras: tf_keras
# exercises: Keras 2's `from keras.preprocessing.sequence import pad_sequences` (padding='post', maxlen); Sequential with InputLayer(input_shape=(MAX_LENGTH,)), Embedding(len(word2index), dim) without mask_zero, Bidirectional(LSTM(return_sequences=True)), TimeDistributed(Dense(n_tags)), Activation('softmax'); compile(categorical_crossentropy, Adam(0.001) positionally, metrics=['accuracy']) on 3-d one-hot targets; model.summary(); fit(batch_size=128, epochs, validation_split=0.2); evaluate and model.metrics_names[1]; predict and np.argmax per step; ignore_class_accuracy, a metric closure written with K.argmax, K.not_equal, K.equal, K.cast(..., 'int32'), K.sum and K.maximum, dividing two int32 sums with `/` (true division), given beside 'accuracy' to a second model's compile; a second Sequential of the same layers (the script's `Activation` name kept from the first import)
# reduced: nltk's Penn Treebank (nltk.corpus.treebank.tagged_sents(), a download) replaced by make_tagged_sents(), 40 made-up sentences of 3 to 8 (word, tag) pairs drawn with np.random.RandomState(3) from a small lexicon; sklearn's train_test_split(test_size=0.2) (not installed) replaced by a stand-in that splits a np.random.RandomState(0) permutation the same way (8 test sentences); `enumerate(list(words))` and `enumerate(list(tags))` -> `enumerate(sorted(words))` / `enumerate(sorted(tags))`: a set of strings iterates in an order that Python's hash randomisation changes from one process to the next (the two sides run in two processes, so the word ids, and with them the embedding rows, would differ); Embedding dim 128 -> 8, LSTM units 256 -> 6; epochs 2 -> 2 and 40 -> 3; the 32 training sentences, 25 after validation_split, are one batch of 128, so fit's shuffling cannot change the result; the nlpforhackers URL comment kept, the print of the whole one-hot array dropped (print(cat_train_tags_y[0]) kept)
import numpy as np


def make_tagged_sents():
    # Stands in for nltk.corpus.treebank.tagged_sents()
    rng = np.random.RandomState(3)
    lexicon = [('the', 'DT'), ('a', 'DT'), ('dog', 'NN'), ('cat', 'NN'), ('market', 'NN'), ('runs', 'VBZ'),
               ('sees', 'VBZ'), ('ran', 'VBD'), ('quickly', 'RB'), ('big', 'JJ'), ('old', 'JJ'), ('in', 'IN'),
               ('on', 'IN'), ('John', 'NNP'), ('Paris', 'NNP'), ('.', '.'), ('is', 'VBZ'), ('very', 'RB'),
               ('running', 'VBG'), ('important', 'JJ'), ('for', 'IN'), ('me', 'PRP'), ('I', 'PRP'), ('was', 'VBD')]
    sents = []
    for _ in range(40):
        n = rng.randint(3, 9)
        sents.append([lexicon[i] for i in rng.randint(len(lexicon), size=n)])
    return sents


def train_test_split(a, b, test_size):
    # Stands in for sklearn.model_selection.train_test_split
    order = np.random.RandomState(0).permutation(len(a))
    n_test = int(np.ceil(test_size * len(a)))
    test, train = order[:n_test], order[n_test:]
    return [a[i] for i in train], [a[i] for i in test], [b[i] for i in train], [b[i] for i in test]


#https://nlpforhackers.io/lstm-pos-tagger-keras/

tagged_sentences = make_tagged_sents()

print(tagged_sentences[0])
print("Tagged sentences: ", len(tagged_sentences))
print("Tagged words:", sum(len(s) for s in tagged_sentences))



sentences, sentence_tags =[], []
for tagged_sentence in tagged_sentences:
    sentence, tags = zip(*tagged_sentence)
    sentences.append(np.array(sentence))
    sentence_tags.append(np.array(tags))

# Let's see how a sequence looks

print(sentences[5])
print(sentence_tags[5])


(train_sentences,
 test_sentences,
 train_tags,
 test_tags) = train_test_split(sentences, sentence_tags, test_size=0.2)



words, tags = set([]), set([])

for s in train_sentences:
    for w in s:
        words.add(w.lower())

for ts in train_tags:
    for t in ts:
        tags.add(t)

word2index = {w: i + 2 for i, w in enumerate(sorted(words))}
word2index['-PAD-'] = 0  # The special value used for padding
word2index['-OOV-'] = 1  # The special value used for OOVs

tag2index = {t: i + 1 for i, t in enumerate(sorted(tags))}
tag2index['-PAD-'] = 0  # The special value used to padding



train_sentences_X, test_sentences_X, train_tags_y, test_tags_y = [], [], [], []

for s in train_sentences:
    s_int = []
    for w in s:
        try:
            s_int.append(word2index[w.lower()])
        except KeyError:
            s_int.append(word2index['-OOV-'])

    train_sentences_X.append(s_int)

for s in test_sentences:
    s_int = []
    for w in s:
        try:
            s_int.append(word2index[w.lower()])
        except KeyError:
            s_int.append(word2index['-OOV-'])

    test_sentences_X.append(s_int)

for s in train_tags:
    train_tags_y.append([tag2index[t] for t in s])

for s in test_tags:
    test_tags_y.append([tag2index[t] for t in s])

print(train_sentences_X[0])
print(test_sentences_X[0])
print(train_tags_y[0])
print(test_tags_y[0])



#Keras can only deal with fixed size sequences.
MAX_LENGTH = len(max(train_sentences_X, key=len))
print(MAX_LENGTH)  # 271


from keras.preprocessing.sequence import pad_sequences

train_sentences_X = pad_sequences(train_sentences_X, maxlen=MAX_LENGTH, padding='post')
test_sentences_X = pad_sequences(test_sentences_X, maxlen=MAX_LENGTH, padding='post')
train_tags_y = pad_sequences(train_tags_y, maxlen=MAX_LENGTH, padding='post')
test_tags_y = pad_sequences(test_tags_y, maxlen=MAX_LENGTH, padding='post')

print(train_sentences_X[0])
print(test_sentences_X[0])
print(train_tags_y[0])
print(test_tags_y[0])


from keras.models import Sequential
from keras.layers import Dense, LSTM, InputLayer, Bidirectional, TimeDistributed, Embedding, Activation
from keras.optimizers import Adam


model = Sequential()
model.add(InputLayer(input_shape=(MAX_LENGTH, )))
model.add(Embedding(len(word2index), 8))
model.add(Bidirectional(LSTM(6, return_sequences=True)))
model.add(TimeDistributed(Dense(len(tag2index))))
model.add(Activation('softmax'))

model.compile(loss='categorical_crossentropy',
              optimizer=Adam(0.001),
              metrics=['accuracy'])

model.summary()




def to_categorical(sequences, categories):
    cat_sequences = []
    for s in sequences:
        cats = []
        for item in s:
            cats.append(np.zeros(categories))
            cats[-1][item] = 1.0
        cat_sequences.append(cats)
    return np.array(cat_sequences)



cat_train_tags_y = to_categorical(train_tags_y, len(tag2index))
print(cat_train_tags_y[0])
print(cat_train_tags_y.shape)



model.fit(train_sentences_X, to_categorical(train_tags_y, len(tag2index)),
          batch_size=128, epochs=2, validation_split=0.2)


scores = model.evaluate(test_sentences_X, to_categorical(test_tags_y, len(tag2index)))
print(f"{model.metrics_names[1]}: {scores[1] * 100}")   # acc: 99.09751977804825



test_samples = [
    "running is very important for me .".split(),
    "I was running every day for a month .".split()
]
print(test_samples)




test_samples_X = []
for s in test_samples:
    s_int = []
    for w in s:
        try:
            s_int.append(word2index[w.lower()])
        except KeyError:
            s_int.append(word2index['-OOV-'])
    test_samples_X.append(s_int)

test_samples_X = pad_sequences(test_samples_X, maxlen=MAX_LENGTH, padding='post')
print(test_samples_X)


predictions = model.predict(test_samples_X)
print(predictions, predictions.shape)




def logits_to_tokens(sequences, index):
    token_sequences = []
    for categorical_sequence in sequences:
        token_sequence = []
        for categorical in categorical_sequence:
            token_sequence.append(index[np.argmax(categorical)])

        token_sequences.append(token_sequence)

    return token_sequences

print(logits_to_tokens(predictions, {i: t for t, i in tag2index.items()}))






from keras import backend as K

def ignore_class_accuracy(to_ignore=0):
    def ignore_accuracy(y_true, y_pred):
        y_true_class = K.argmax(y_true, axis=-1)
        y_pred_class = K.argmax(y_pred, axis=-1)

        ignore_mask = K.cast(K.not_equal(y_pred_class, to_ignore), 'int32')
        matches = K.cast(K.equal(y_true_class, y_pred_class), 'int32') * ignore_mask
        accuracy = K.sum(matches) / K.maximum(K.sum(ignore_mask), 1)
        return accuracy
    return ignore_accuracy




from keras.models import Sequential
from keras.layers import Dense, Embedding, LSTM, InputLayer, Bidirectional, TimeDistributed
from keras.optimizers import Adam


model= Sequential()
model.add(InputLayer(input_shape=(MAX_LENGTH,)))
model.add(Embedding(len(word2index),8))
model.add(Bidirectional(LSTM(6, return_sequences=True)))
model.add(TimeDistributed(Dense(len(tag2index))))
model.add(Activation('softmax'))


model.compile(loss='categorical_crossentropy',optimizer=Adam(.001),
              metrics=['accuracy',ignore_class_accuracy(0)])
model.summary()




model.fit(train_sentences_X, to_categorical(train_tags_y, len(tag2index)), batch_size=128, epochs=3, validation_split=0.2)

predictions = model.predict(test_samples_X)
print(logits_to_tokens(predictions, {i: t for t, i in tag2index.items()}))
