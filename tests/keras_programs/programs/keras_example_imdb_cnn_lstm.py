# source: keras-team/keras examples/imdb_cnn_lstm.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: Sequential of Embedding(input_length=maxlen), Dropout, Conv1D(padding='valid', activation='relu', strides=1), MaxPooling1D(pool_size), LSTM, Dense(1), Activation('sigmoid'); sequence.pad_sequences padding and truncating ragged id lists; compile(binary_crossentropy, 'adam', metrics=['accuracy']); fit with validation_data; evaluate with batch_size
# reduced: imdb.load_data (a download) replaced by a load_data(num_words) made here: 30 training and 16 test seeded object arrays of 5 to 30 word ids below num_words, int64 0/1 labels; max_features 20000 -> 50, maxlen 100 -> 20, embedding_size 128 -> 8, filters 64 -> 8, lstm_output_size 70 -> 6; Dropout(0.25) -> Dropout(0.0) (random); batch_size stays 30, so an epoch is one batch and fit's shuffling cannot change the result; `from __future__ import print_function` dropped
import numpy as np
from keras.preprocessing import sequence
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation
from keras.layers import Embedding
from keras.layers import LSTM
from keras.layers import Conv1D, MaxPooling1D
from keras.datasets import imdb  # its load_data (a download) is replaced below


def load_data(num_words, num_train=30, num_test=16):
    # Stands in for keras.datasets.imdb.load_data: object arrays of ragged word-id lists (ids 1
    # to num_words - 1, shorter and longer than maxlen) and int64 0/1 labels.
    rng = np.random.RandomState(5)

    def split(count):
        xs = np.empty(count, dtype=object)
        xs[:] = [list(rng.randint(1, num_words, size=rng.randint(5, 31))) for _ in range(count)]
        return xs, rng.randint(0, 2, size=count).astype('int64')

    return split(num_train), split(num_test)


# Embedding
max_features = 50
maxlen = 20
embedding_size = 8

# Convolution
kernel_size = 5
filters = 8
pool_size = 4

# LSTM
lstm_output_size = 6

# Training
batch_size = 30
epochs = 2

'''
Note:
batch_size is highly sensitive.
Only 2 epochs are needed as the dataset is very small.
'''

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
model.add(Embedding(max_features, embedding_size, input_length=maxlen))
model.add(Dropout(0.0))
model.add(Conv1D(filters,
                 kernel_size,
                 padding='valid',
                 activation='relu',
                 strides=1))
model.add(MaxPooling1D(pool_size=pool_size))
model.add(LSTM(lstm_output_size))
model.add(Dense(1))
model.add(Activation('sigmoid'))

model.compile(loss='binary_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])

print('Train...')
model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epochs,
          validation_data=(x_test, y_test))
score, acc = model.evaluate(x_test, y_test, batch_size=batch_size)
print('Test score:', score)
print('Test accuracy:', acc)
