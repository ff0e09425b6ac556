# source: Azure/DeepLearningForTimeSeriesForecasting 3_RNN_encoder_decoder.ipynb with common/utils.py's TimeSeriesTensor (the Microsoft KDD 2019 tutorial "Deep Learning for Time Series Forecasting" by Y. Garcia, F. Lazzeri et al.: a 3-hour-ahead multivariate forecast of GEFCom2014 energy load from the last 6 hours of load and temperature by a simple GRU encoder-decoder, GRU -> RepeatVector -> GRU(return_sequences) -> TimeDistributed(Dense(1)) -> Flatten; its code cells in order)
# commit: 6ceef5d30346ae84d6d8e0ba2e0ef14084a95fa8
# keras: tf_keras
# exercises: `from keras.models import Model, Sequential`, `from keras.layers import GRU, Dense, RepeatVector, TimeDistributed, Flatten`, `from keras.callbacks import EarlyStopping`; Sequential built with add(): GRU(5, input_shape=(6, 2)), RepeatVector(3), GRU(5, return_sequences=True), TimeDistributed(Dense(1)), Flatten (the (batch, 3, 1) decoder output flattened to (batch, 3) against (n, 3) targets); compile(optimizer='RMSprop' (capitalised string), loss='mse'); model.summary(); EarlyStopping(monitor='val_loss', min_delta=0, patience=5); fit(X, target, batch_size=32, epochs, validation_data=(X, target), callbacks=[earlystop], verbose=1); predict on the test tensor; per-horizon MAPE of the inverse-scaled predictions
# reduced: pandas, sklearn, matplotlib and IPython (not installed in the test environments) dropped: load_data('data/') (GEFCom2014 energy.csv: 26304 hourly load and temp rows 2012-2014, split at 2014-09-01 and 2014-11-01) replaced by 700 made-up hourly rows (numpy RandomState(0): load around 3000 MW with daily and weekly waves, temp around 50 with a daily wave, both noisy) held as a dict of the two columns, split 420 / 150 / 130 rows keeping the notebook's look-back of T-1 hours before the validation start (the notebook's test split has none: `energy.copy()[test_start_dt:]`); common/utils.py's TimeSeriesTensor (a UserDict of pandas-shifted tensors) written with numpy: 'X' the (samples, T, features) windows of t-5..t and 'target' the (samples, HORIZON) loads at t+1..t+3, only complete rows, as its shift / dropna / as_matrix / transpose give them; MinMaxScaler (y_scaler on load, X_scaler on load and temp) as its fit / transform / inverse_transform by column; create_evaluation_df and the APE groupby by horizon written with numpy; mape (common/utils.py) on numpy arrays; the plots, Image cells, head() displays dropped; EPOCHS 10 -> 3; fit gets shuffle=False (its default shuffle's order cannot match across frameworks)
import os
import warnings
import numpy as np
import datetime as dt
from collections import UserDict

np.set_printoptions(precision=2)
warnings.filterwarnings("ignore")


def load_data(data_dir):
    # stand-in for common/utils.py load_data (GEFCom2014 energy.csv): made-up hourly load and temp
    rng = np.random.RandomState(0)
    hours = np.arange(700)
    load = (3000.0 + 600.0 * np.sin(2 * np.pi * hours / 24.0) + 200.0 * np.sin(2 * np.pi * hours / 168.0)
            + 50.0 * rng.normal(size=700))
    temp = 50.0 + 10.0 * np.sin(2 * np.pi * (hours - 3) / 24.0) + 2.0 * rng.normal(size=700)
    return {'load': load, 'temp': temp}


def mape(predictions, actuals):
    """Mean absolute percentage error"""
    return (np.abs(predictions - actuals) / actuals).mean()


class MinMaxScaler(object):
    # stand-in for sklearn.preprocessing.MinMaxScaler, column by column
    def fit(self, x):
        x = np.asarray(x, dtype=float)
        self.min_, self.max_ = x.min(axis=0), x.max(axis=0)
        return self

    def fit_transform(self, x):
        return self.fit(x).transform(x)

    def transform(self, x):
        return (np.asarray(x, dtype=float) - self.min_) / (self.max_ - self.min_)

    def inverse_transform(self, x):
        return np.asarray(x, dtype=float) * (self.max_ - self.min_) + self.min_


class TimeSeriesTensor(UserDict):
    # common/utils.py's TimeSeriesTensor, its pandas shifts written with numpy: dataset a dict of
    # columns; 'target' the H next values of the target, each tensor the shifted feature windows
    def __init__(self, dataset, target, H, tensor_structure, freq='H', drop_incomplete=True):
        super().__init__()
        self.dataset = dataset
        self.target = target
        self.tensor_structure = tensor_structure
        self.tensor_names = list(tensor_structure.keys())
        n = len(dataset[target])
        back = min(min(structure[0]) for structure in tensor_structure.values())
        rows = range(-back, n - H)   # the rows dropna keeps
        self.data['target'] = np.stack([dataset[target][t + 1:t + H + 1] for t in rows])
        for name, structure in tensor_structure.items():
            rng, cols = structure
            self.data[name] = np.stack([np.stack([[dataset[col][t + s] for col in cols] for s in rng])
                                        for t in rows])


energy = load_data('data/')

valid_start = 420   # '2014-09-01 00:00:00'
test_start = 570    # '2014-11-01 00:00:00'

T = 6
HORIZON = 3

train = {col: energy[col][:valid_start] for col in ['load', 'temp']}

y_scaler = MinMaxScaler()
y_scaler.fit(train['load'])

X_scaler = MinMaxScaler()
scaled = X_scaler.fit_transform(np.stack([train['load'], train['temp']], axis=1))
train['load'], train['temp'] = scaled[:, 0], scaled[:, 1]

tensor_structure = {'X':(range(-T+1, 1), ['load', 'temp'])}
train_inputs = TimeSeriesTensor(train, 'load', HORIZON, {'X':(range(-T+1, 1), ['load', 'temp'])})
print(train_inputs['X'].shape, train_inputs['target'].shape)

valid = {col: energy[col][valid_start - (T - 1):test_start] for col in ['load', 'temp']}
scaled = X_scaler.transform(np.stack([valid['load'], valid['temp']], axis=1))
valid['load'], valid['temp'] = scaled[:, 0], scaled[:, 1]
valid_inputs = TimeSeriesTensor(valid, 'load', HORIZON, tensor_structure)

from keras.models import Model, Sequential
from keras.layers import GRU, Dense, RepeatVector, TimeDistributed, Flatten
from keras.callbacks import EarlyStopping

LATENT_DIM = 5
BATCH_SIZE = 32
EPOCHS = 3

model = Sequential()
model.add(GRU(LATENT_DIM, input_shape=(T, 2)))
model.add(RepeatVector(HORIZON))
model.add(GRU(LATENT_DIM, return_sequences=True))
model.add(TimeDistributed(Dense(1)))
model.add(Flatten())

model.compile(optimizer='RMSprop', loss='mse')

model.summary()

earlystop = EarlyStopping(monitor='val_loss', min_delta=0, patience=5)

model.fit(train_inputs['X'],
          train_inputs['target'],
          batch_size=BATCH_SIZE,
          epochs=EPOCHS,
          validation_data=(valid_inputs['X'], valid_inputs['target']),
          callbacks=[earlystop],
          verbose=1,
          shuffle=False)

test = {col: energy[col][test_start:] for col in ['load', 'temp']}
scaled = X_scaler.transform(np.stack([test['load'], test['temp']], axis=1))
test['load'], test['temp'] = scaled[:, 0], scaled[:, 1]
test_inputs = TimeSeriesTensor(test, 'load', HORIZON, tensor_structure)

predictions = model.predict(test_inputs['X'])

print(predictions[:5])

# create_evaluation_df: predictions and actuals by horizon, inverse-scaled with y_scaler
prediction = y_scaler.inverse_transform(np.transpose(predictions).ravel())
actual = y_scaler.inverse_transform(np.transpose(test_inputs['target']).ravel())
h = np.repeat(['t+' + str(t) for t in range(1, HORIZON + 1)], len(predictions))
ape = np.abs(prediction - actual) / actual
print({k: ape[h == k].mean() for k in ['t+1', 't+2', 't+3']})

print(mape(prediction, actual))
