# source: Azure/DeepLearningForTimeSeriesForecasting 1_CNN_dilated.ipynb (the Microsoft KDD 2019 tutorial "Deep Learning for Time Series Forecasting" by Y. Garcia, F. Lazzeri et al.: one-step-ahead forecast of GEFCom2014 hourly energy load from the last 10 hours by a stack of causal, dilated Conv1D layers (dilation 1, 2, 4), Flatten and Dense, trained with EarlyStopping and a save-best ModelCheckpoint, the best epoch's .h5 reloaded with load_weights; its code cells in order)
# commit: fc0b646e94009dc0e42d42b296dd0946e1692690
# keras: tf_keras
# exercises: `from keras.models import Model, Sequential`, `from keras.layers import Conv1D, Dense, Flatten`, `from keras.callbacks import EarlyStopping, ModelCheckpoint`; Sequential built with add(): Conv1D(5, kernel_size=2, padding='causal', strides=1, activation='relu', dilation_rate=1, input_shape=(T, 1)), then dilation_rate=2 and 4, Flatten, Dense(HORIZON, activation='linear'); model.summary(); compile(optimizer='Adam' (capitalised string), loss='mse'); EarlyStopping(monitor='val_loss', min_delta=0, patience=5); ModelCheckpoint('model_{epoch:02d}.h5', save_best_only=True, mode='min', period=1) (the Keras 2 `period` argument; monitor left at its default val_loss) saving whole models to HDF5 each improving epoch; fit(X_train (n, 10, 1), y_train (n, 1), batch_size=32, epochs, validation_data=(X_valid, y_valid) with a 1-d y_valid, callbacks=[earlystop, best_val], verbose=1); history.history['val_loss'] argmin; model.load_weights of a full-model .h5 file; predict; the saved files listed with glob and removed
# reduced: pandas, sklearn, matplotlib and IPython (not installed in the test environments) dropped: load_data('data/') (GEFCom2014 energy.csv, 26304 hourly loads 2012-2014, split at 2014-09-01 and 2014-11-01) replaced by 630 made-up hourly loads (numpy RandomState(0): a daily and a weekly wave plus noise, around 3000 MW) split 400 / 120 / 110 hours, keeping the notebook's look-back of T-1 hours before the validation and test starts; the DataFrame shift(freq='H') / dropna / as_matrix steps written as the same numpy windows (X[i] = the loads at t-9..t, y = the load at t+1, only rows with all of them: y_train as a column (n, 1) from train_shifted[['y_t+1']], y_valid and y_test 1-d from a Series) and MinMaxScaler as its fit / transform / inverse_transform on the training loads; mape (common/utils.py) on numpy arrays; the plots, Image cells, head() / shape displays dropped; EPOCHS 10 -> 3; fit gets shuffle=False (its default shuffle's order cannot match across frameworks)
import os
import warnings
import numpy as np
import datetime as dt
from collections import UserDict
from glob import glob

np.set_printoptions(precision=2)
warnings.filterwarnings("ignore")


def load_data(data_dir):
    # stand-in for common/utils.py load_data (GEFCom2014 energy.csv): made-up hourly loads
    rng = np.random.RandomState(0)
    hours = np.arange(630)
    load = (3000.0 + 600.0 * np.sin(2 * np.pi * hours / 24.0) + 200.0 * np.sin(2 * np.pi * hours / 168.0)
            + 50.0 * rng.normal(size=630))
    return load


def mape(predictions, actuals):
    """Mean absolute percentage error"""
    return (np.abs(predictions - actuals) / actuals).mean()


class MinMaxScaler(object):
    # stand-in for sklearn.preprocessing.MinMaxScaler on one column
    def fit_transform(self, x):
        self.min_, self.max_ = x.min(), x.max()
        return self.transform(x)

    def transform(self, x):
        return (x - self.min_) / (self.max_ - self.min_)

    def inverse_transform(self, x):
        return x * (self.max_ - self.min_) + self.min_


def shifted(load, T):
    # the notebook's shift(-1) for y_t+1 and shift(T-t) for load_t-(T-t), then dropna
    X = np.stack([load[i - T + 1:i + 1] for i in range(T - 1, len(load) - 1)])
    y = np.array([load[i + 1] for i in range(T - 1, len(load) - 1)])
    return X, y


energy = load_data('data/')

valid_start = 400   # '2014-09-01 00:00:00'
test_start = 520    # '2014-11-01 00:00:00'

T = 10
HORIZON = 1

train = energy[:valid_start]

scaler = MinMaxScaler()
train = scaler.fit_transform(train)

X_train, y_train = shifted(train, T)
y_train = y_train[:, np.newaxis]
X_train = X_train[... , np.newaxis]
print(y_train.shape, X_train.shape)

valid = energy[valid_start - (T - 1):test_start]
valid = scaler.transform(valid)
X_valid, y_valid = shifted(valid, T)
X_valid = X_valid[..., np.newaxis]
print(y_valid.shape, X_valid.shape)

from keras.models import Model, Sequential
from keras.layers import Conv1D, Dense, Flatten
from keras.callbacks import EarlyStopping, ModelCheckpoint

LATENT_DIM = 5
KERNEL_SIZE = 2
BATCH_SIZE = 32
EPOCHS = 3

model = Sequential()
model.add(Conv1D(LATENT_DIM, kernel_size=KERNEL_SIZE, padding='causal', strides=1, activation='relu', dilation_rate=1, input_shape=(T, 1)))
model.add(Conv1D(LATENT_DIM, kernel_size=KERNEL_SIZE, padding='causal', strides=1, activation='relu', dilation_rate=2))
model.add(Conv1D(LATENT_DIM, kernel_size=KERNEL_SIZE, padding='causal', strides=1, activation='relu', dilation_rate=4))
model.add(Flatten())
model.add(Dense(HORIZON, activation='linear'))

model.summary()

model.compile(optimizer='Adam', loss='mse')

earlystop = EarlyStopping(monitor='val_loss', min_delta=0, patience=5)

best_val = ModelCheckpoint('model_{epoch:02d}.h5', save_best_only=True, mode='min', period=1)

history = model.fit(X_train,
          y_train,
          batch_size=BATCH_SIZE,
          epochs=EPOCHS,
          validation_data=(X_valid, y_valid),
          callbacks=[earlystop, best_val],
          verbose=1,
          shuffle=False)

best_epoch = np.argmin(np.array(history.history['val_loss']))+1
model.load_weights("model_{:02d}.h5".format(best_epoch))

test = energy[test_start - (T - 1):]
test = scaler.transform(test)
X_test, y_test = shifted(test, T)
X_test = X_test[... , np.newaxis]

predictions = model.predict(X_test)
print(predictions[:5])

eval_prediction = scaler.inverse_transform(predictions.ravel())
eval_actual = scaler.inverse_transform(np.transpose(y_test).ravel())
print(mape(eval_prediction, eval_actual))

for m in glob('model_*.h5'):
    os.remove(m)
