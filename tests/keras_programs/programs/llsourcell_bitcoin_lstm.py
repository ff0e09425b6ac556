# source: llSourcell/bitcoin_prediction LSTM_V1.ipynb (Siraj Raval's "Bitcoin Time Series Prediction with LSTM" demo notebook, Keras 2.1: a one-step LSTM on scaled daily prices, then the same model on a series_to_supervised frame)
# commit: dcba51a72f7e1a33e631703b48d9fea2a2e9b478
# keras: tf_keras
# exercises: Keras 2 `from keras.models import Sequential`, `from keras.layers import Dense`, `from keras.layers import LSTM`; create_dataset's look-back windows (with its no-op np.append), reshape to (samples, 1, features); two Sequential LSTM(input_shape=(1, 1)) + Dense(1) models compiled with loss='mae' and optimizer='adam' (string), fit(epochs, batch_size=100, validation_data=(testX, testY), verbose=0, shuffle=False) on float32 windows and float32 targets, history.history['loss'] / ['val_loss'] read; predict on the test windows, MinMaxScaler inverse_transform of predictions concatenated with test_X columns, RMSE
# reduced: bitcoinprices.txt and sentiment6.txt (pandas read_csv and an inner merge on 'stamp') replaced by 140 days of a seeded numpy random-walk price (some zeros, replaced by the previous day's price as the notebook's replace(0, nan) + ffill does) and a seeded sentiment column; pandas (not installed on either side) replaced by numpy: the fillna loop, series_to_supervised written with numpy shifts (same columns var1(t-1), var1(t), NaN rows dropped); sklearn's MinMaxScaler and mean_squared_error (not installed) replaced by a small class with the same arithmetic and a numpy mean; LSTM units 100 -> 16; epochs 300 -> 3 for each model; the plots (pyplot, plotly, seaborn), the `!pip install` cells, `%matplotlib inline`, .info()/.head()/.describe() and the date parsing (only used by the plots) left out
from math import sqrt
from numpy import concatenate
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
import numpy as np


class MinMaxScaler:
    def __init__(self, feature_range=(0, 1)):
        self.lo, self.hi = feature_range

    def fit_transform(self, x):
        self.min_, self.max_ = x.min(axis=0), x.max(axis=0)
        return (x - self.min_) / (self.max_ - self.min_) * (self.hi - self.lo) + self.lo

    def inverse_transform(self, x):
        return (x - self.lo) / (self.hi - self.lo) * (self.max_ - self.min_) + self.min_


def mean_squared_error(a, b):
    return float(np.mean((np.asarray(a) - np.asarray(b)) ** 2))


rng = np.random.RandomState(3)
price = 1000 + np.cumsum(rng.normal(0, 20, 140))
price[[17, 60, 61, 99]] = 0
data = {'price': price, 'sentiment': rng.uniform(-1, 1, 140)}

# data['price'].replace(0, np.nan, inplace=True); data['price'].fillna(method='ffill', inplace=True)
for i in range(1, len(data['price'])):
    if data['price'][i] == 0:
        data['price'][i] = data['price'][i - 1]

values = data['price'].reshape(-1,1)
sentiment = data['sentiment'].reshape(-1,1)
values = values.astype('float32')
sentiment = values.astype('float32')
scaler = MinMaxScaler(feature_range=(0, 1))
scaled = scaler.fit_transform(values)

train_size = int(len(scaled) * 0.7)
test_size = len(scaled) - train_size
train, test = scaled[0:train_size,:], scaled[train_size:len(scaled),:]
print(len(train), len(test))
split = train_size


def create_dataset(dataset, look_back, sentiment):
    dataX, dataY = [], []
    for i in range(len(dataset) - look_back):
        a = dataset[i:(i + look_back), 0]
        np.append(a,sentiment[i])
        dataX.append(a)
        dataY.append(dataset[i + look_back, 0])
    print(len(dataY))
    return np.array(dataX), np.array(dataY)


look_back = 1
trainX, trainY = create_dataset(train, look_back, sentiment[0:train_size])
testX, testY = create_dataset(test, look_back, sentiment[train_size:len(scaled)])

trainX = np.reshape(trainX, (trainX.shape[0], 1, trainX.shape[1]))
testX = np.reshape(testX, (testX.shape[0], 1, testX.shape[1]))

model = Sequential()
model.add(LSTM(16, input_shape=(trainX.shape[1], trainX.shape[2])))
model.add(Dense(1))
model.compile(loss='mae', optimizer='adam')
history = model.fit(trainX, trainY, epochs=3, batch_size=100, validation_data=(testX, testY), verbose=0, shuffle=False)
print(history.history['loss'], history.history['val_loss'])

yhat = model.predict(testX)

yhat_inverse = scaler.inverse_transform(yhat.reshape(-1, 1))
testY_inverse = scaler.inverse_transform(testY.reshape(-1, 1))

rmse = sqrt(mean_squared_error(testY_inverse, yhat_inverse))
print('Test RMSE: %.3f' % rmse)

testY_reshape = testY_inverse.reshape(len(testY_inverse))
yhat_reshape = yhat_inverse.reshape(len(yhat_inverse))


def series_to_supervised(data, n_in=1, n_out=1, dropnan=True):
    # pandas' DataFrame.shift / concat / dropna, in numpy
    n_vars = 1 if type(data) is list else data.shape[1]
    data = np.asarray(data)  # float32, as pandas keeps it

    def shift(a, k):
        out = np.full_like(a, np.nan)
        if k > 0:
            out[k:] = a[:-k]
        elif k < 0:
            out[:k] = a[-k:]
        else:
            out[:] = a
        return out

    cols = []
    for i in range(n_in, 0, -1):
        cols.append(shift(data, i))
    for i in range(0, n_out):
        cols.append(shift(data, -i))
    agg = np.concatenate(cols, axis=1)
    if dropnan:
        agg = agg[~np.isnan(agg).any(axis=1)]
    return agg


values = data['price'].reshape(-1, 1)
values = values.astype('float32')

scaler = MinMaxScaler(feature_range=(0, 1))
scaled = scaler.fit_transform(values)

reframed = series_to_supervised(scaled, 1, 1)

values = reframed
n_train_hours = int(len(values) * 0.7)
train = values[:n_train_hours, :]
test = values[n_train_hours:, :]
# split into input and outputs
train_X, train_y = train[:, :-1], train[:, -1]
test_X, test_y = test[:, :-1], test[:, -1]
# reshape input to be 3D [samples, timesteps, features]
train_X = train_X.reshape((train_X.shape[0], 1, train_X.shape[1]))
test_X = test_X.reshape((test_X.shape[0], 1, test_X.shape[1]))
print(train_X.shape, train_y.shape, test_X.shape, test_y.shape)

multi_model = Sequential()
multi_model.add(LSTM(16, input_shape=(train_X.shape[1], train_X.shape[2])))
multi_model.add(Dense(1))
multi_model.compile(loss='mae', optimizer='adam')
multi_history = multi_model.fit(train_X, train_y, epochs=3, batch_size=100, validation_data=(test_X, test_y), verbose=0, shuffle=False)

yhat = multi_model.predict(test_X)

test_X = test_X.reshape((test_X.shape[0], test_X.shape[1]))
# invert scaling for forecast
inv_yhat = concatenate((yhat, test_X[:, 1:]), axis=1)
inv_yhat = scaler.inverse_transform(inv_yhat)
inv_yhat = inv_yhat[:,0]
# invert scaling for actual
test_y = test_y.reshape((len(test_y), 1))
inv_y = concatenate((test_y, test_X[:, 1:]), axis=1)
inv_y = scaler.inverse_transform(inv_y)
inv_y = inv_y[:,0]

rmse = sqrt(mean_squared_error(inv_y, inv_yhat))
print('Test RMSE: %.3f' % rmse)
