# source: keras-team/keras examples/mnist_irnn.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: Sequential of SimpleRNN(activation='relu', kernel_initializer=initializers.RandomNormal(stddev=0.001), recurrent_initializer=initializers.Identity(gain=1.0), input_shape=x_train.shape[1:]) over a long pixel-by-pixel sequence, Dense, Activation('softmax'); keras.utils.to_categorical; RMSprop(learning_rate=1e-6); compile with categorical_crossentropy and metrics=['accuracy']; fit with validation_data; evaluate
# reduced: mnist.load_data() (a download) replaced by a load_data() made here: 32 training and 16 test seeded random 8x8 uint8 "images" with labels 0-9 (so the pixel sequence has 64 steps instead of 784); hidden_units 100 -> 16; epochs 200 -> 2; batch_size stays 32, so each epoch is one batch and fit's shuffling cannot change the result; `from __future__ import print_function` dropped
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Activation
from keras.layers import SimpleRNN
from keras import initializers
from keras.optimizers import RMSprop


def load_data(num_train=32, num_test=16, side=8):
    # Stands in for keras.datasets.mnist.load_data: uint8 images and uint8 labels 0-9.
    rng = np.random.RandomState(1)
    x_train = rng.randint(0, 256, size=(num_train, side, side)).astype("uint8")
    y_train = rng.randint(0, 10, size=(num_train,)).astype("uint8")
    x_test = rng.randint(0, 256, size=(num_test, side, side)).astype("uint8")
    y_test = rng.randint(0, 10, size=(num_test,)).astype("uint8")
    return (x_train, y_train), (x_test, y_test)


batch_size = 32
num_classes = 10
epochs = 2
hidden_units = 16

learning_rate = 1e-6
clip_norm = 1.0

# the data, split between train and test sets
(x_train, y_train), (x_test, y_test) = load_data()

x_train = x_train.reshape(x_train.shape[0], -1, 1)
x_test = x_test.reshape(x_test.shape[0], -1, 1)
x_train = x_train.astype('float32')
x_test = x_test.astype('float32')
x_train /= 255
x_test /= 255
print('x_train shape:', x_train.shape)
print(x_train.shape[0], 'train samples')
print(x_test.shape[0], 'test samples')

# convert class vectors to binary class matrices
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

print('Evaluate IRNN...')
model = Sequential()
model.add(SimpleRNN(hidden_units,
                    kernel_initializer=initializers.RandomNormal(stddev=0.001),
                    recurrent_initializer=initializers.Identity(gain=1.0),
                    activation='relu',
                    input_shape=x_train.shape[1:]))
model.add(Dense(num_classes))
model.add(Activation('softmax'))
rmsprop = RMSprop(learning_rate=learning_rate)
model.compile(loss='categorical_crossentropy',
              optimizer=rmsprop,
              metrics=['accuracy'])

model.fit(x_train, y_train,
          batch_size=batch_size,
          epochs=epochs,
          verbose=1,
          validation_data=(x_test, y_test))

scores = model.evaluate(x_test, y_test, verbose=0)
print('IRNN test score:', scores[0])
print('IRNN test accuracy:', scores[1])
