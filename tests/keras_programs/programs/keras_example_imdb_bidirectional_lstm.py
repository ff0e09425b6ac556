# source: keras-team/keras examples/imdb_bidirectional_lstm.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: Sequential of Embedding(max_features, 128, input_length=maxlen), Bidirectional(LSTM(64)) (one bidirectional layer, its two final states concatenated), Dropout, Dense sigmoid; sequence.pad_sequences padding and truncating ragged id lists; np.array of the label arrays; compile('adam', 'binary_crossentropy', metrics=['accuracy']) with the optimizer and loss given by position; fit with validation_data given as a list [x_test, y_test]
# reduced: imdb.load_data (a download) replaced by a load_data(num_words) made here: 32 training and 16 test seeded object arrays of 5 to 30 word ids below num_words, int64 0/1 labels; max_features 20000 -> 50, maxlen 100 -> 10, Embedding width 128 -> 8 and LSTM units 64 -> 8; Dropout(0.5) -> Dropout(0.0) (random); epochs 4 -> 2; batch_size stays 32, so an epoch is one batch and fit's shuffling cannot change the result; `from __future__ import print_function` dropped
import numpy as np

from keras.preprocessing import sequence
from keras.models import Sequential
from keras.layers import Dense, Dropout, Embedding, LSTM, Bidirectional
from keras.datasets import imdb  # its load_data (a download) is replaced below


def load_data(num_words, num_train=32, num_test=16):
    # Stands in for keras.datasets.imdb.load_data: object arrays of ragged word-id lists (ids 1
    # to num_words - 1, shorter and longer than maxlen) and int64 0/1 labels.
    rng = np.random.RandomState(7)

    def split(count):
        xs = np.empty(count, dtype=object)
        xs[:] = [list(rng.randint(1, num_words, size=rng.randint(5, 31))) for _ in range(count)]
        return xs, rng.randint(0, 2, size=count).astype('int64')

    return split(num_train), split(num_test)


max_features = 50
# cut texts after this number of words
# (among top max_features most common words)
maxlen = 10
batch_size = 32

print('Loading data...')
(x_train, y_train), (x_test, y_test) = load_data(num_words=max_features)
print(len(x_train), 'train sequences')
print(len(x_test), 'test sequences')

print('Pad sequences (samples x time)')
x_train = sequence.pad_sequences(x_train, maxlen=maxlen)
x_test = sequence.pad_sequences(x_test, maxlen=maxlen)
print('x_train shape:', x_train.shape)
print('x_test shape:', x_test.shape)
y_train = np.array(y_train)
y_test = np.array(y_test)

model = Sequential()
model.add(Embedding(max_features, 8, input_length=maxlen))
model.add(Bidirectional(LSTM(8)))
model.add(Dropout(0.0))
model.add(Dense(1, activation='sigmoid'))

# try using different optimizers and different optimizer configs
model.compile('adam', 'binary_crossentropy', metrics=['accuracy'])

print('Train...')
model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=2,
          validation_data=[x_test, y_test])
