# source: PacktPublishing/Deep-Learning-with-Keras Chapter06/econs_stateful.py (A. Gulli and S. Pal, "Deep Learning with Keras", Packt 2017, chapter 6 "Recurrent Neural Network — RNN": forecasting a household's electricity consumption (UCI ElectricityLoadDiagrams, client 250, 15-minute steps) with a stateful LSTM trained one epoch at a time with a reset after each)
# commit: c10bb7095712e2fd001a430cf1d53a7a03a1613d
# keras: tf_keras
# exercises: Keras 2's old module paths `from keras.layers.core import Dense` and `from keras.layers.recurrent import LSTM`; Sequential with LSTM(10, stateful=True, batch_input_shape=(96, 20, 1), return_sequences=False) + Dense(1) (the STATELESS branch, LSTM(input_shape=(20, 1)), kept but not taken); compile(loss="mean_squared_error", optimizer="adam", metrics=["mean_squared_error"]); the training and test sets cut to a multiple of the batch size; a loop of fit(batch_size=96, epochs=1, validation_data=..., shuffle=False) + model.reset_states(); evaluate(batch_size=96) unpacked as `score, _`, math.sqrt
# reduced: ../data/LD_250.npy (the repository's extract of the UCI ElectricityLoadDiagrams20112014 series, not in the stored copy) replaced by 10 days of a made-up 15-minute load series (a daily cycle, a weekly cycle and noise, numpy RandomState(0)); sklearn's MinMaxScaler(feature_range=(0, 1), copy=False) replaced by a small class with the same fit_transform (sklearn is not installed); NUM_EPOCHS 5 -> 3; the rest as written (BATCH_SIZE 96, NUM_TIMESTEPS 20, HIDDEN_SIZE 10)
from __future__ import division, print_function
from keras.layers.core import Dense
from keras.layers.recurrent import LSTM
from keras.models import Sequential
import numpy as np
import math
import os


class MinMaxScaler(object):
    def __init__(self, feature_range=(0, 1), copy=True):
        self.feature_range = feature_range
        self.copy = copy

    def fit_transform(self, X):
        lo, hi = self.feature_range
        self.data_min_, self.data_max_ = X.min(axis=0), X.max(axis=0)
        self.scale_ = (hi - lo) / (self.data_max_ - self.data_min_)
        self.min_ = lo - self.data_min_ * self.scale_
        return X * self.scale_ + self.min_


rng = np.random.RandomState(0)
steps = np.arange(10 * 96)
data = (200 + 80 * np.sin(2 * np.pi * steps / 96) + 30 * np.sin(2 * np.pi * steps / (7 * 96))
        + rng.normal(0, 10, len(steps)))

STATELESS = False

NUM_TIMESTEPS = 20
HIDDEN_SIZE = 10
BATCH_SIZE = 96  # 24 hours (15 min intervals)
NUM_EPOCHS = 3

# scale the data to be in the range (0, 1)
data = data.reshape(-1, 1)
scaler = MinMaxScaler(feature_range=(0, 1), copy=False)
data = scaler.fit_transform(data)

# transform to 4 inputs -> 1 label format
X = np.zeros((data.shape[0], NUM_TIMESTEPS))
Y = np.zeros((data.shape[0], 1))
for i in range(len(data) - NUM_TIMESTEPS - 1):
    X[i] = data[i:i + NUM_TIMESTEPS].T
    Y[i] = data[i + NUM_TIMESTEPS + 1]

# reshape X to three dimensions (samples, timesteps, features)
X = np.expand_dims(X, axis=2)

# split into training and test sets (add the extra offsets so 
# we can use batch size of 5)
sp = int(0.7 * len(data))
Xtrain, Xtest, Ytrain, Ytest = X[0:sp], X[sp:], Y[0:sp], Y[sp:]
print(Xtrain.shape, Xtest.shape, Ytrain.shape, Ytest.shape)

if STATELESS:
    # stateless
    model = Sequential()
    model.add(LSTM(HIDDEN_SIZE, input_shape=(NUM_TIMESTEPS, 1), 
                   return_sequences=False))
    model.add(Dense(1))
else:
    # stateful
    model = Sequential()
    model.add(LSTM(HIDDEN_SIZE, stateful=True,
                   batch_input_shape=(BATCH_SIZE, NUM_TIMESTEPS, 1), 
                   return_sequences=False))
    model.add(Dense(1))

model.compile(loss="mean_squared_error", optimizer="adam",
              metrics=["mean_squared_error"])

if STATELESS:
    # stateless
    model.fit(Xtrain, Ytrain, epochs=NUM_EPOCHS, batch_size=BATCH_SIZE,
              validation_data=(Xtest, Ytest),
              shuffle=False)
else:
    # stateful
    # need to make training and test data to multiple of BATCH_SIZE
    train_size = (Xtrain.shape[0] // BATCH_SIZE) * BATCH_SIZE
    test_size = (Xtest.shape[0] // BATCH_SIZE) * BATCH_SIZE
    Xtrain, Ytrain = Xtrain[0:train_size], Ytrain[0:train_size]
    Xtest, Ytest = Xtest[0:test_size], Ytest[0:test_size]
    print(Xtrain.shape, Xtest.shape, Ytrain.shape, Ytest.shape)
    for i in range(NUM_EPOCHS):
        print("Epoch {:d}/{:d}".format(i+1, NUM_EPOCHS))
        model.fit(Xtrain, Ytrain, batch_size=BATCH_SIZE, epochs=1,
                  validation_data=(Xtest, Ytest),
                  shuffle=False)
        model.reset_states()

score, _ = model.evaluate(Xtest, Ytest, batch_size=BATCH_SIZE)
rmse = math.sqrt(score)
print("\nMSE: {:.3f}, RMSE: {:.3f}".format(score, rmse))
