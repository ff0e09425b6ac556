# source: MorvanZhou/tutorials kerasTUT/8-RNN_LSTM_Regressor_example.py (莫烦Python's Keras tutorial 8, an LSTM regressor learning cos from sin)
# commit: 19081c81655c25022044b7a7fdcbf620c01149e9
# keras: tf_keras
# exercises: a stateful LSTM(batch_input_shape=(BATCH_SIZE, TIME_STEPS, INPUT_SIZE), return_sequences=True) under TimeDistributed(Dense(OUTPUT_SIZE)); Adam(LR) with the learning rate passed by position; compile(loss='mse'); a training loop of train_on_batch on each new window from a get_batch() that advances a global BATCH_START, each followed by model.predict(X_batch, BATCH_SIZE) (batch size by position) on the same window, so the state carries through both calls into the next train_on_batch and is never reset
# reduced: output_dim=CELL_SIZE written units=CELL_SIZE (Keras 1's name, which Keras 2.0-2.3 renamed with a warning and tf-keras 2.21 refuses); the matplotlib import and the live plot (plt.plot, ylim, draw, pause) dropped (matplotlib is not installed in the Keras venv, and the plot only shows the prediction); 11 steps instead of 501 (the predictions drift from Keras's at float32 rounding after about a dozen Adam steps at LR 0.006: by step 18 their entries near zero differ by 2e-6, past 1e-5 relative, by amounts that change as much when PyTorch is held to other vector instructions)
"""
To know more or get code samples, please visit my website:
https://mofanpy.com/tutorials/
Or search: 莫烦Python
Thank you for supporting!
"""

# please note, all tutorial code are running under python3.5.
# If you use the version like python2.7, please modify the code accordingly

# 8 - RNN LSTM Regressor example

# to try tensorflow, un-comment following two lines
# import os
# os.environ['KERAS_BACKEND']='tensorflow'
import numpy as np
np.random.seed(1337)  # for reproducibility
from keras.models import Sequential
from keras.layers import LSTM, TimeDistributed, Dense
from keras.optimizers import Adam

BATCH_START = 0
TIME_STEPS = 20
BATCH_SIZE = 50
INPUT_SIZE = 1
OUTPUT_SIZE = 1
CELL_SIZE = 20
LR = 0.006


def get_batch():
    global BATCH_START, TIME_STEPS
    # xs shape (50batch, 20steps)
    xs = np.arange(BATCH_START, BATCH_START+TIME_STEPS*BATCH_SIZE).reshape((BATCH_SIZE, TIME_STEPS)) / (10*np.pi)
    seq = np.sin(xs)
    res = np.cos(xs)
    BATCH_START += TIME_STEPS
    # plt.plot(xs[0, :], res[0, :], 'r', xs[0, :], seq[0, :], 'b--')
    # plt.show()
    return [seq[:, :, np.newaxis], res[:, :, np.newaxis], xs]

model = Sequential()
# build a LSTM RNN
model.add(LSTM(
    batch_input_shape=(BATCH_SIZE, TIME_STEPS, INPUT_SIZE),       # Or: input_dim=INPUT_SIZE, input_length=TIME_STEPS,
    units=CELL_SIZE,
    return_sequences=True,      # True: output at all steps. False: output as last step.
    stateful=True,              # True: the final state of batch1 is feed into the initial state of batch2
))
# add output layer
model.add(TimeDistributed(Dense(OUTPUT_SIZE)))
adam = Adam(LR)
model.compile(optimizer=adam,
              loss='mse',)

print('Training ------------')
for step in range(11):
    # data shape = (batch_num, steps, inputs/outputs)
    X_batch, Y_batch, xs = get_batch()
    cost = model.train_on_batch(X_batch, Y_batch)
    pred = model.predict(X_batch, BATCH_SIZE)
    if step % 10 == 0:
        print('train cost: ', cost)
