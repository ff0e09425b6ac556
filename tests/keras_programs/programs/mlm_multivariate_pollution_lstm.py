# source: lucky7323/air_pollution lstm.py (a copy of Jason Brownlee's "Multivariate Time Series Forecasting with LSTMs in Keras", machinelearningmastery.com: the Beijing PM2.5 pollution data framed as supervised learning with series_to_supervised, one LSTM forecasting the next hour's pollution)
# commit: 319f528b07e516631f03cf1dfa140a980fdec849
# keras: tf_keras
# exercises: `from keras.models import Sequential`, `from keras.layers import Dense`, `from keras.layers import LSTM`; series_to_supervised (DataFrame.shift, concat(axis=1), named columns, dropna, drop of the unpredicted t columns); a LabelEncoder on the wind-direction strings of an object array, astype('float32'), MinMaxScaler(feature_range=(0,1)).fit_transform; the rows split by hour into train/test, reshaped to (samples, 1, 8); Sequential: LSTM(50, input_shape=(train_X.shape[1], train_X.shape[2])), Dense(1); compile(loss='mae', optimizer='adam'); fit(epochs, batch_size=72, validation_data=(test_X, test_y), verbose=2, shuffle=False) (a last, smaller batch); history.history['loss'] / ['val_loss'] read; predict on the test windows; the forecasts inverted with scaler.inverse_transform after numpy concatenate with the other scaled features; RMSE with mean_squared_error
# reduced: pollution.csv (43800 hours made by the tutorial's first script from the UCI raw.csv) replaced by make_pollution(), 200 made-up hours of the same 8 columns (pollution, dew, temp, press, the wind-direction strings 'SE', 'NW', 'NE', 'cv', wnd_spd, snow, rain) as the object array dataset.values gives; pandas (not installed here nor in the Keras venv) replaced by a small stand-in `pd` (DataFrame with shift, columns, dropna(inplace=True), drop(columns, axis=1, inplace=True), head() and values; concat(axis=1)), computing what pandas computes for these calls (float64 frames, NaN rows dropped), so series_to_supervised is kept as written; read_csv replaced by make_pollution(); sklearn's LabelEncoder, MinMaxScaler and mean_squared_error (not installed) replaced by hand-written ones with the same arithmetic (sorted classes; per-column min/max; the mean of squared differences); n_train_hours 365 * 24 -> 120 (two batches of 72 and 48 training rows, 79 test rows); epochs 50 -> 3; matplotlib import and the loss plot dropped (the history's 'loss' and 'val_loss' printed instead)
import numpy as np
from numpy import concatenate


class _Frame(object):
    def __init__(self, data, columns=None):
        self.values = np.asarray(data, dtype=np.float64)
        self.columns = list(range(self.values.shape[1])) if columns is None else list(columns)

    @property
    def columns(self):
        return self._columns

    @columns.setter
    def columns(self, names):
        self._columns = np.array(list(names), dtype=object)  # a pandas Index takes a list of positions

    def shift(self, periods):
        out = np.full(self.values.shape, np.nan)
        if periods > 0:
            out[periods:] = self.values[:-periods]
        elif periods < 0:
            out[:periods] = self.values[-periods:]
        else:
            out[:] = self.values
        return _Frame(out, self.columns)

    def dropna(self, inplace=False):
        kept = self.values[~np.isnan(self.values).any(axis=1)]
        if inplace:
            self.values = kept
            return None
        return _Frame(kept, self.columns)

    def drop(self, labels, axis=0, inplace=False):
        keep = [i for i, c in enumerate(self.columns) if c not in list(labels)]

        values, columns = self.values[:, keep], [self.columns[i] for i in keep]
        if inplace:
            self.values, self.columns = values, columns
            return None
        return _Frame(values, columns)

    def head(self, n=5):
        return '\n'.join(['  '.join(str(c) for c in self.columns)] + ['  '.join('%.6f' % v for v in row) for row in self.values[:n]])


class pd(object):
    DataFrame = _Frame

    @staticmethod
    def concat(frames, axis=0):
        return _Frame(np.concatenate([f.values for f in frames], axis=1))


class LabelEncoder(object):
    def fit_transform(self, y):
        self.classes_ = np.unique(np.asarray(y).astype(str))
        return np.searchsorted(self.classes_, np.asarray(y).astype(str))


class MinMaxScaler(object):
    def __init__(self, feature_range=(0, 1)):
        self.feature_range = feature_range

    def fit_transform(self, X):
        X = np.asarray(X)
        self.data_min_ = X.min(axis=0)
        self.data_max_ = X.max(axis=0)
        self.scale_ = (self.feature_range[1] - self.feature_range[0]) / (self.data_max_ - self.data_min_)
        self.min_ = self.feature_range[0] - self.data_min_ * self.scale_
        return X * self.scale_ + self.min_

    def inverse_transform(self, X):
        return (np.asarray(X) - self.min_) / self.scale_


def mean_squared_error(y_true, y_pred):
    return np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)


def make_pollution(hours=200):
    t = np.arange(hours)
    pollution = np.maximum(0.0, 100 + 60 * np.sin(2 * np.pi * t / 24) + np.cumsum(np.random.randn(hours)) * 8).round()
    dew = (-10 + 5 * np.sin(2 * np.pi * t / 24 + 1) + np.random.randn(hours)).round()
    temp = (0 + 6 * np.sin(2 * np.pi * t / 24 - 1) + np.random.randn(hours)).round()
    press = (1020 + 3 * np.cos(2 * np.pi * t / 72) + np.random.randn(hours)).round()
    wnd_dir = np.array(['SE', 'NW', 'NE', 'cv'])[np.random.randint(0, 4, hours)]
    wnd_spd = np.round(np.abs(np.cumsum(np.random.rand(hours)) % 30), 2)
    snow = np.random.randint(0, 2, hours) * np.random.randint(0, 3, hours)
    rain = np.random.randint(0, 2, hours) * np.random.randint(0, 2, hours)
    values = np.empty((hours, 8), dtype=object)
    for j, column in enumerate([pollution, dew, temp, press, wnd_dir, wnd_spd, snow, rain]):
        values[:, j] = column
    return values


from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM

def series_to_supervised(data, n_in=1, n_out=1, dropnan=True):
	n_vars = 1 if type(data) is list else data.shape[1]
	df = pd.DataFrame(data)
	cols, names = list(), list()
	for i in range(n_in, 0, -1):
		cols.append(df.shift(i))
		names += [('var%d(t-%d)' % (j+1, i)) for j in range(n_vars)]
	for i in range(0, n_out):
		cols.append(df.shift(-i))
		if i==0:
			names += [('var%d(t)' % (j+1)) for j in range(n_vars)]
		else:
			names += [('var%d(t+%d)' % (j+1, i)) for j in range(n_vars)]
	agg = pd.concat(cols, axis=1)
	agg.columns = names

	if dropnan:
		agg.dropna(inplace=True)
	return agg

values = make_pollution()

encoder = LabelEncoder()
values[:,4] = encoder.fit_transform(values[:,4])
values = values.astype('float32')
scaler = MinMaxScaler(feature_range=(0,1))
scaled = scaler.fit_transform(values)

reframed = series_to_supervised(scaled, 1, 1)
reframed.drop(reframed.columns[[9,10,11,12,13,14,15]], axis=1, inplace=True)
print(reframed.head())

# split into train and test sets
values = reframed.values
n_train_hours = 120
train = values[:n_train_hours, :]
test = values[n_train_hours:, :]
train_X, train_y = train[:, :-1], train[:, -1]
test_X, test_y = test[:, :-1], test[:, -1]
train_X = train_X.reshape((train_X.shape[0], 1, train_X.shape[1]))
test_X = test_X.reshape((test_X.shape[0], 1, test_X.shape[1]))
print(train_X.shape, train_y.shape, test_X.shape, test_y.shape)

# design network
model = Sequential()
model.add(LSTM(50, input_shape=(train_X.shape[1], train_X.shape[2])))
model.add(Dense(1))
model.compile(loss='mae', optimizer='adam')

history = model.fit(train_X, train_y, epochs=3, batch_size=72, validation_data=(test_X, test_y), verbose=2, shuffle=False)
print(history.history['loss'], history.history['val_loss'])

yhat = model.predict(test_X)
test_X = test_X.reshape((test_X.shape[0], test_X.shape[2]))

inv_yhat = concatenate((yhat, test_X[:, 1:]), axis=1)
inv_yhat = scaler.inverse_transform(inv_yhat)
inv_yhat = inv_yhat[:,0]
test_y = test_y.reshape((len(test_y), 1))
inv_y = np.concatenate((test_y, test_X[:, 1:]), axis=1)
inv_y = scaler.inverse_transform(inv_y)
inv_y = inv_y[:,0]

rmse = np.sqrt(mean_squared_error(inv_y, inv_yhat))
print('TEST RMSE: %.3f' % rmse)
