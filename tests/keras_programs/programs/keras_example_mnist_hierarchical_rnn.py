# source: keras-team/keras examples/mnist_hierarchical_rnn.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: a hierarchical RNN on a 4D Input(shape=(row, col, pixel)): TimeDistributed(LSTM(row_hidden)) encoding each row, an LSTM over the encoded rows, Dense softmax, Model(x, prediction); keras.utils.to_categorical; compile('rmsprop', categorical_crossentropy, metrics=['accuracy']); fit with validation_data; evaluate
# reduced: mnist.load_data() (a download) replaced by a load_data() made here: 32 training and 16 test seeded random 6x6 uint8 "images" with labels 0-9 (shapes read from the data as before: rows 6, cols 6, pixel 1 instead of 28, 28, 1); row_hidden and col_hidden 128 -> 8; the reshape to (n, 28, 28, 1) -> (n, 6, 6, 1); epochs 5 -> 2; batch_size stays 32, so each epoch is one batch and fit's shuffling cannot change the result; `from __future__ import print_function` dropped
import numpy as np
import keras
from keras.models import Model
from keras.layers import Input, Dense, TimeDistributed
from keras.layers import LSTM


def load_data(num_train=32, num_test=16, side=6):
    # Stands in for keras.datasets.mnist.load_data: uint8 images and uint8 labels 0-9.
    rng = np.random.RandomState(2)
    x_train = rng.randint(0, 256, size=(num_train, side, side)).astype("uint8")
    y_train = rng.randint(0, 10, size=(num_train,)).astype("uint8")
    x_test = rng.randint(0, 256, size=(num_test, side, side)).astype("uint8")
    y_test = rng.randint(0, 10, size=(num_test,)).astype("uint8")
    return (x_train, y_train), (x_test, y_test)


# Training parameters.
batch_size = 32
num_classes = 10
epochs = 2

# Embedding dimensions.
row_hidden = 8
col_hidden = 8

# The data, split between train and test sets.
(x_train, y_train), (x_test, y_test) = load_data()

# Reshapes data to 4D for Hierarchical RNN.
x_train = x_train.reshape(x_train.shape[0], 6, 6, 1)
x_test = x_test.reshape(x_test.shape[0], 6, 6, 1)
x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255
print('x_train shape:', x_train.shape)
print(x_train.shape[0], 'train samples')
print(x_test.shape[0], 'test samples')

# Converts class vectors to binary class matrices.
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

row, col, pixel = x_train.shape[1:]

# 4D input.
x = Input(shape=(row, col, pixel))

# Encodes a row of pixels using TimeDistributed Wrapper.
encoded_rows = TimeDistributed(LSTM(row_hidden))(x)

# Encodes columns of encoded rows.
encoded_columns = LSTM(col_hidden)(encoded_rows)

# Final predictions and model.
prediction = Dense(num_classes, activation='softmax')(encoded_columns)
model = Model(x, prediction)
model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop',
              metrics=['accuracy'])

# Training.
model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epochs,
          verbose=1,
          validation_data=(x_test, y_test))

# Evaluation.
scores = model.evaluate(x_test, y_test, verbose=0)
print('Test loss:', scores[0])
print('Test accuracy:', scores[1])
