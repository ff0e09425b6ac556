# source: keras-team/keras examples/antirectifier.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: a custom layers.Layer (Antirectifier) with compute_output_shape and a call that does `inputs -= K.mean(inputs, axis=1, keepdims=True)` (an augmented assignment to its input), K.l2_normalize, K.relu, K.concatenate; Sequential of Dense(input_shape=), Antirectifier, Dropout, Dense, Antirectifier, Dropout, Dense, Activation('softmax'); keras.utils.to_categorical; compile(categorical_crossentropy, 'rmsprop', metrics=['accuracy']); fit with validation_data
# reduced: mnist.load_data() (a download) replaced by a load_data() made here: 32 training and 16 test seeded random 8x8 uint8 "images" with labels 0-9, so reshape(60000, 784) -> reshape(32, 64) and reshape(10000, 784) -> reshape(16, 64), input_shape (784,) -> (64,); Dense(256) -> Dense(12); Dropout(0.1) -> Dropout(0.0) (random); epochs 40 -> 2; batch_size 128 -> 32 (an epoch is one batch, so fit's shuffling cannot change the result); `from __future__ import print_function` dropped
import numpy as np
import keras
from keras.models import Sequential
from keras import layers
from keras.datasets import mnist  # its load_data (a download) is replaced below
from keras import backend as K


def load_data(num_train=32, num_test=16, side=8):
    # Stands in for keras.datasets.mnist.load_data: uint8 images and uint8 labels 0-9.
    rng = np.random.RandomState(1)
    x_train = rng.randint(0, 256, size=(num_train, side, side)).astype("uint8")
    y_train = rng.randint(0, 10, size=(num_train,)).astype("uint8")
    x_test = rng.randint(0, 256, size=(num_test, side, side)).astype("uint8")
    y_test = rng.randint(0, 10, size=(num_test,)).astype("uint8")
    return (x_train, y_train), (x_test, y_test)


class Antirectifier(layers.Layer):
    '''This is the combination of a sample-wise
    L2 normalization with the concatenation of the
    positive part of the input with the negative part
    of the input. The result is a tensor of samples that are
    twice as large as the input samples.
    '''

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        assert len(shape) == 2  # only valid for 2D tensors
        shape[-1] *= 2
        return tuple(shape)

    def call(self, inputs):
        inputs -= K.mean(inputs, axis=1, keepdims=True)
        inputs = K.l2_normalize(inputs, axis=1)
        pos = K.relu(inputs)
        neg = K.relu(-inputs)
        return K.concatenate([pos, neg], axis=1)

# global parameters
batch_size = 32
num_classes = 10
epochs = 2

# the data, split between train and test sets
(x_train, y_train), (x_test, y_test) = load_data()

x_train = x_train.reshape(32, 64)
x_test = x_test.reshape(16, 64)
x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255
print(x_train.shape[0], 'train samples')
print(x_test.shape[0], 'test samples')

# convert class vectors to binary class matrices
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

# build the model
model = Sequential()
model.add(layers.Dense(12, input_shape=(64,)))
model.add(Antirectifier())
model.add(layers.Dropout(0.0))
model.add(layers.Dense(12))
model.add(Antirectifier())
model.add(layers.Dropout(0.0))
model.add(layers.Dense(num_classes))
model.add(layers.Activation('softmax'))

# compile the model
model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop',
              metrics=['accuracy'])

# train the model
model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epochs,
          verbose=1,
          validation_data=(x_test, y_test))

# next, compare with an equivalent network
# with2x bigger Dense layers and ReLU
