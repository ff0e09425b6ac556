# source: MorvanZhou/tutorials kerasTUT/7-RNN_Classifier_example.py (莫烦Python's Keras tutorial 7, a SimpleRNN reading MNIST rows as time steps)
# commit: c36c8995951bc09890efd329635c2b74bd532610
# keras: tf_keras
# exercises: SimpleRNN(batch_input_shape=(None, TIME_STEPS, INPUT_SIZE), units=CELL_SIZE, unroll=True) then Dense(OUTPUT_SIZE) and a separate Activation('softmax') layer; Adam(LR) with the learning rate by position; compile(loss='categorical_crossentropy', metrics=['accuracy']); a loop of train_on_batch over consecutive slices with a wrap-around BATCH_INDEX, every 500th step (here every 5th) evaluate(X_test, y_test, batch_size=y_test.shape[0], verbose=False) unpacked as cost, accuracy; to_categorical(y, num_classes=10)
# reduced: mnist.load_data() (a download) replaced by seeded uint8 arrays of the same layout, 300 training and 60 test images whose label is set by the brightest row band (so the RNN can learn something); `from keras.utils import np_utils` / np_utils.to_categorical -> `from keras.utils import to_categorical` / to_categorical (tf-keras 2.21 has no np_utils module); output_dim=CELL_SIZE written units=CELL_SIZE (Keras 1's name, refused by tf-keras 2.21); 4001 steps -> 16 and the evaluation every 5 steps instead of 500, so that the wrap-around of BATCH_INDEX (300 / 50 = 6 batches) is reached
"""
To know more or get code samples, please visit my website:
https://mofanpy.com/tutorials/
Or search: 莫烦Python
Thank you for supporting!
"""

# please note, all tutorial code are running under python3.5.
# If you use the version like python2.7, please modify the code accordingly

# 8 - RNN Classifier example

# to try tensorflow, un-comment following two lines
# import os
# os.environ['KERAS_BACKEND']='tensorflow'

import numpy as np
np.random.seed(1337)  # for reproducibility

from keras.utils import to_categorical
from keras.models import Sequential
from keras.layers import SimpleRNN, Activation, Dense
from keras.optimizers import Adam

TIME_STEPS = 28     # same as the height of the image
INPUT_SIZE = 28     # same as the width of the image
BATCH_SIZE = 50
BATCH_INDEX = 0
OUTPUT_SIZE = 10
CELL_SIZE = 50
LR = 0.001


def load_data():
    # stands in for mnist.load_data(): uint8 images whose label is the band of rows that is brightest
    def make(n):
        y = np.random.randint(0, 10, size=(n,)).astype('uint8')
        x = np.random.randint(0, 120, size=(n, 28, 28))
        for i in range(n):
            x[i, 2 + 2 * y[i]: 5 + 2 * y[i], :] += 130
        return x.astype('uint8'), y
    return make(300), make(60)


# download the mnist to the path '~/.keras/datasets/' if it is the first time to be called
# X shape (60,000 28x28), y shape (10,000, )
(X_train, y_train), (X_test, y_test) = load_data()

# data pre-processing
X_train = X_train.reshape(-1, 28, 28) / 255.      # normalize
X_test = X_test.reshape(-1, 28, 28) / 255.        # normalize
y_train = to_categorical(y_train, num_classes=10)
y_test = to_categorical(y_test, num_classes=10)

# build RNN model
model = Sequential()

# RNN cell
model.add(SimpleRNN(
    # for batch_input_shape, if using tensorflow as the backend, we have to put None for the batch_size.
    # Otherwise, model.evaluate() will get error.
    batch_input_shape=(None, TIME_STEPS, INPUT_SIZE),       # Or: input_dim=INPUT_SIZE, input_length=TIME_STEPS,
    units=CELL_SIZE,
    unroll=True,
))

# output layer
model.add(Dense(OUTPUT_SIZE))
model.add(Activation('softmax'))

# optimizer
adam = Adam(LR)
model.compile(optimizer=adam,
              loss='categorical_crossentropy',
              metrics=['accuracy'])

# training
for step in range(16):
    # data shape = (batch_num, steps, inputs/outputs)
    X_batch = X_train[BATCH_INDEX: BATCH_INDEX+BATCH_SIZE, :, :]
    Y_batch = y_train[BATCH_INDEX: BATCH_INDEX+BATCH_SIZE, :]
    cost = model.train_on_batch(X_batch, Y_batch)
    BATCH_INDEX += BATCH_SIZE
    BATCH_INDEX = 0 if BATCH_INDEX >= X_train.shape[0] else BATCH_INDEX

    if step % 5 == 0:
        cost, accuracy = model.evaluate(X_test, y_test, batch_size=y_test.shape[0], verbose=False)
        print('test cost: ', cost, 'test accuracy: ', accuracy)
