# source: keras-team/keras examples/imdb_cnn.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: Sequential of Embedding(input_length=maxlen), Dropout, Conv1D(padding='valid', activation='relu', strides=1), GlobalMaxPooling1D, Dense, Dropout, Activation('relu'), Dense(1), Activation('sigmoid'); sequence.pad_sequences(maxlen=) pre-padding and pre-truncating ragged id lists; compile(binary_crossentropy, 'adam', metrics=['accuracy']); fit with validation_data
# reduced: imdb.load_data (a download) replaced by a load_data(num_words) made here: 32 training and 16 test seeded object arrays of 5 to 30 word ids below num_words, int64 0/1 labels; max_features 5000 -> 50, maxlen 400 -> 20, embedding_dims 50 -> 8, filters 250 -> 6, hidden_dims 250 -> 8; Dropout(0.2) -> Dropout(0.0) (random); batch_size stays 32, so an epoch is one batch and fit's shuffling cannot change the result; epochs stays 2; `from __future__ import print_function` dropped
import numpy as np
from keras.preprocessing import sequence
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation
from keras.layers import Embedding
from keras.layers import Conv1D, GlobalMaxPooling1D
from keras.datasets import imdb  # its load_data (a download) is replaced below


def load_data(num_words, num_train=32, num_test=16):
    # Stands in for keras.datasets.imdb.load_data: object arrays of ragged word-id lists and
    # int64 0/1 labels.
    rng = np.random.RandomState(8)

    def split(count):
        xs = np.empty(count, dtype=object)
        xs[:] = [list(rng.randint(1, num_words, size=rng.randint(5, 31))) for _ in range(count)]
        return xs, rng.randint(0, 2, size=count).astype('int64')

    return split(num_train), split(num_test)


# set parameters:
max_features = 50
maxlen = 20
batch_size = 32
embedding_dims = 8
filters = 6
kernel_size = 3
hidden_dims = 8
epochs = 2

print('Loading data...')
(x_train, y_train), (x_test, y_test) = load_data(num_words=max_features)
print(len(x_train), 'train sequences')
print(len(x_test), 'test sequences')

print('Pad sequences (samples x time)')
x_train = sequence.pad_sequences(x_train, maxlen=maxlen)
x_test = sequence.pad_sequences(x_test, maxlen=maxlen)
print('x_train shape:', x_train.shape)
print('x_test shape:', x_test.shape)

print('Build model...')
model = Sequential()

# we start off with an efficient embedding layer which maps
# our vocab indices into embedding_dims dimensions
model.add(Embedding(max_features,
                    embedding_dims,
                    input_length=maxlen))
model.add(Dropout(0.0))

# we add a Convolution1D, which will learn filters
# word group filters of size filter_length:
model.add(Conv1D(filters,
                 kernel_size,
                 padding='valid',
                 activation='relu',
                 strides=1))
# we use max pooling:
model.add(GlobalMaxPooling1D())

# We add a vanilla hidden layer:
model.add(Dense(hidden_dims))
model.add(Dropout(0.0))
model.add(Activation('relu'))

# We project onto a single unit output layer, and squash it with a sigmoid:
model.add(Dense(1))
model.add(Activation('sigmoid'))

model.compile(loss='binary_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])
model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epochs,
          validation_data=(x_test, y_test))
