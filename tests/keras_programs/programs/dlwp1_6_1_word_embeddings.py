# source: fchollet/deep-learning-with-python-notebooks first_edition/6.1-using-word-embeddings.ipynb (F. Chollet, "Deep Learning with Python", 1st ed., section 6.1: an Embedding learned on IMDB, then raw IMDB texts tokenized and classified over frozen pre-trained GloVe vectors; its code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: `import keras`, `keras.__version__`; `from keras.layers import Embedding` (an Embedding(1000, 64) made and left unused); `from keras import preprocessing` and preprocessing.sequence.pad_sequences(lists, maxlen=maxlen); Sequential: Embedding(10000, 8, input_length=maxlen), Flatten(), Dense(1, sigmoid), compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc']) before summary(), fit(epochs, batch_size=32, validation_split=0.2); `from keras.preprocessing.text import Tokenizer`, `from keras.preprocessing.sequence import pad_sequences`: Tokenizer(num_words=max_words), fit_on_texts, texts_to_sequences, word_index; an embedding matrix built from word_index; Sequential: Embedding(max_words, embedding_dim, input_length=maxlen), Flatten(), Dense(32, relu), Dense(1, sigmoid), summary(); model.layers[0].set_weights([embedding_matrix]) and model.layers[0].trainable = False before compile; fit with validation_data; model.save_weights('pre_trained_glove_model.h5'); the same architecture again, trainable embedding, fit; test texts through the same tokenizer; model.load_weights('pre_trained_glove_model.h5') into that second model (the frozen one's weights) and evaluate
# reduced: imdb.load_data(num_words=max_features) (a download) replaced by seeded random integer lists of ragged lengths 5..40 (ids in [1, 10000)) and 0/1 labels, 100 train and 40 test reviews; the aclImdb text folders (os.listdir of train/neg, train/pos, test/neg, test/pos) replaced by made-up reviews built from a 60-word vocabulary with seeded random words (40 per polarity for training, 10 per polarity for testing, read in the same neg-then-pos order with the same 0/1 labels); the glove.6B.100d.txt file replaced by seeded random vectors for 50 of those words in a dict built the same way (embeddings_index[word] = coefs); epochs 10 -> 2 in the three fit calls; maxlen 100 -> 15, training_samples 200 -> 50, validation_samples 10000 -> 30, max_words 10000 -> 50, embedding_dim 100 -> 6, Dense(32) -> Dense(8); shuffle=False added to the three fit calls (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay); the matplotlib cells replaced by reading the same history keys into variables (plots left out); `keras.__version__` printed
import keras
print(keras.__version__)

from keras.layers import Embedding

# The Embedding layer takes at least two arguments:
# the number of possible tokens, here 1000 (1 + maximum word index),
# and the dimensionality of the embeddings, here 64.
embedding_layer = Embedding(1000, 64)

from keras import preprocessing
import numpy as np

# Number of words to consider as features
max_features = 10000
# Cut texts after this number of words
# (among top max_features most common words)
maxlen = 20


def load_data(num_words):
    # stand-in for imdb.load_data: ragged lists of word ids and 0/1 labels
    rng = np.random.RandomState(61)
    def split(n):
        xs = [list(rng.randint(1, num_words, size=rng.randint(5, 41))) for _ in range(n)]
        return xs, rng.randint(0, 2, size=n)
    return split(100), split(40)


# Load the data as lists of integers.
(x_train, y_train), (x_test, y_test) = load_data(num_words=max_features)

# This turns our lists of integers
# into a 2D integer tensor of shape `(samples, maxlen)`
x_train = preprocessing.sequence.pad_sequences(x_train, maxlen=maxlen)
x_test = preprocessing.sequence.pad_sequences(x_test, maxlen=maxlen)

from keras.models import Sequential
from keras.layers import Flatten, Dense

model = Sequential()
# We specify the maximum input length to our Embedding layer
# so we can later flatten the embedded inputs
model.add(Embedding(10000, 8, input_length=maxlen))
# After the Embedding layer,
# our activations have shape `(samples, maxlen, 8)`.

# We flatten the 3D tensor of embeddings
# into a 2D tensor of shape `(samples, maxlen * 8)`
model.add(Flatten())

# We add the classifier on top
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc'])
model.summary()

history = model.fit(x_train, y_train,
                    epochs=2,
                    batch_size=32,
                    validation_split=0.2,
                    shuffle=False)

import os

# stand-in for the aclImdb folders: made-up reviews, negatives first, then positives
_vocab = ['movie', 'film', 'good', 'bad', 'great', 'awful', 'plot', 'actor', 'boring', 'fun',
          'the', 'a', 'and', 'was', 'is', 'not', 'very', 'really', 'story', 'scene',
          'love', 'hate', 'best', 'worst', 'ending', 'music', 'slow', 'fast', 'funny', 'sad',
          'i', 'it', 'this', 'that', 'of', 'to', 'in', 'with', 'but', 'so',
          'script', 'cast', 'director', 'camera', 'long', 'short', 'dull', 'bright', 'dark', 'light',
          'again', 'never', 'always', 'watch', 'seen', 'made', 'make', 'time', 'hour', 'minute']
_rng = np.random.RandomState(16)


def read_reviews(per_label):
    labels = []
    texts = []
    for label_type in ['neg', 'pos']:
        for _ in range(per_label):
            texts.append(' '.join(_rng.choice(_vocab, size=_rng.randint(8, 25))))
            if label_type == 'neg':
                labels.append(0)
            else:
                labels.append(1)
    return texts, labels


texts, labels = read_reviews(40)

from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences
import numpy as np

maxlen = 15  # We will cut reviews after 15 words
training_samples = 50  # We will be training on 50 samples
validation_samples = 30  # We will be validating on 30 samples
max_words = 50  # We will only consider the top 50 words in the dataset

tokenizer = Tokenizer(num_words=max_words)
tokenizer.fit_on_texts(texts)
sequences = tokenizer.texts_to_sequences(texts)

word_index = tokenizer.word_index
print('Found %s unique tokens.' % len(word_index))

data = pad_sequences(sequences, maxlen=maxlen)

labels = np.asarray(labels)
print('Shape of data tensor:', data.shape)
print('Shape of label tensor:', labels.shape)

# Split the data into a training set and a validation set
# But first, shuffle the data, since we started from data
# where sample are ordered (all negative first, then all positive).
indices = np.arange(data.shape[0])
np.random.shuffle(indices)
data = data[indices]
labels = labels[indices]

x_train = data[:training_samples]
y_train = labels[:training_samples]
x_val = data[training_samples: training_samples + validation_samples]
y_val = labels[training_samples: training_samples + validation_samples]

# stand-in for glove.6B.100d.txt: random vectors for 50 of the words
embeddings_index = {}
_glove_rng = np.random.RandomState(100)
for word in _vocab[:50]:
    coefs = np.asarray(_glove_rng.normal(0.0, 0.4, size=6), dtype='float32')
    embeddings_index[word] = coefs

print('Found %s word vectors.' % len(embeddings_index))

embedding_dim = 6

embedding_matrix = np.zeros((max_words, embedding_dim))
for word, i in word_index.items():
    embedding_vector = embeddings_index.get(word)
    if i < max_words:
        if embedding_vector is not None:
            # Words not found in embedding index will be all-zeros.
            embedding_matrix[i] = embedding_vector

from keras.models import Sequential
from keras.layers import Embedding, Flatten, Dense

model = Sequential()
model.add(Embedding(max_words, embedding_dim, input_length=maxlen))
model.add(Flatten())
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.summary()

model.layers[0].set_weights([embedding_matrix])
model.layers[0].trainable = False

model.compile(optimizer='rmsprop',
              loss='binary_crossentropy',
              metrics=['acc'])
history = model.fit(x_train, y_train,
                    epochs=2,
                    batch_size=32,
                    validation_data=(x_val, y_val),
                    shuffle=False)
model.save_weights('pre_trained_glove_model.h5')

acc = history.history['acc']
val_acc = history.history['val_acc']
loss = history.history['loss']
val_loss = history.history['val_loss']

epochs = range(1, len(acc) + 1)

from keras.models import Sequential
from keras.layers import Embedding, Flatten, Dense

model = Sequential()
model.add(Embedding(max_words, embedding_dim, input_length=maxlen))
model.add(Flatten())
model.add(Dense(8, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.summary()

model.compile(optimizer='rmsprop',
              loss='binary_crossentropy',
              metrics=['acc'])
history = model.fit(x_train, y_train,
                    epochs=2,
                    batch_size=32,
                    validation_data=(x_val, y_val),
                    shuffle=False)

acc = history.history['acc']
val_acc = history.history['val_acc']
loss = history.history['loss']
val_loss = history.history['val_loss']

epochs = range(1, len(acc) + 1)

texts, labels = read_reviews(10)

sequences = tokenizer.texts_to_sequences(texts)
x_test = pad_sequences(sequences, maxlen=maxlen)
y_test = np.asarray(labels)

model.load_weights('pre_trained_glove_model.h5')
model.evaluate(x_test, y_test)
