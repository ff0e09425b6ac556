# source: chalimbu/lstm-guide-maser-machine-learning full-example.py (J. Brownlee's "Time Series Forecasting with the Long Short-Term Memory Network in Python", machinelearningmastery.com: the shampoo-sales forecaster, its complete example)
# commit: 42d367fb5ea9a15f7af3072fa101194c5a2f53c1
# keras: tf_keras
# exercises: a stateful LSTM(4, batch_input_shape=(1, 1, 1)) + Dense(1) trained by fit_lstm's epoch loop of fit(epochs=1, batch_size=1, shuffle=False) + model.reset_states(); predict(batch_size=1) over the whole training set to build up state (its result thrown away); then a walk-forward of one predict(batch_size=1) per test month with the state carried on from the training-set pass and from each month to the next, never reset; differencing, a [-1, 1] MinMax scaling and their inverses around each forecast; RMSE
# reduced: the shampoo-sales CSV (pandas read_csv with a date parser) replaced by 36 months of a made-up upward-trending noisy series (numpy, fixed seed); pandas (not installed in the test environments) replaced by numpy: difference returns numpy.array(diff) instead of Series(diff), timeseries_to_supervised builds the lag column (shift(1), NaN filled with 0) and the value column with numpy.concatenate instead of DataFrame/shift/concat/fillna, and supervised.values is the array itself; sklearn (not installed) replaced: MinMaxScaler(feature_range=(-1, 1)) by a small class with sklearn's fit / transform / inverse_transform arithmetic, and mean_squared_error by a numpy mean; 3000 epochs cut to 6; the matplotlib plot left out
from math import sqrt
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
import numpy


class MinMaxScaler(object):
	def __init__(self, feature_range=(0, 1)):
		self.feature_range = feature_range

	def fit(self, X):
		X = numpy.asarray(X, dtype=numpy.float64)
		data_min, data_max = X.min(axis=0), X.max(axis=0)
		self.scale_ = (self.feature_range[1] - self.feature_range[0]) / (data_max - data_min)
		self.min_ = self.feature_range[0] - data_min * self.scale_
		return self

	def transform(self, X):
		return numpy.asarray(X, dtype=numpy.float64) * self.scale_ + self.min_

	def inverse_transform(self, X):
		return (numpy.asarray(X, dtype=numpy.float64) - self.min_) / self.scale_


def mean_squared_error(y_true, y_pred):
	return numpy.mean((numpy.asarray(y_true) - numpy.asarray(y_pred)) ** 2)


# frame a sequence as a supervised learning problem
def timeseries_to_supervised(data, lag=1):
	data = numpy.asarray(data, dtype=numpy.float64).reshape(-1, 1)
	columns = [numpy.concatenate([numpy.zeros((i, 1)), data[:-i]]) for i in range(1, lag+1)]
	columns.append(data)
	return numpy.concatenate(columns, axis=1)

# create a differenced series
def difference(dataset, interval=1):
	diff = list()
	for i in range(interval, len(dataset)):
		value = dataset[i] - dataset[i - interval]
		diff.append(value)
	return numpy.array(diff)

# invert differenced value
def inverse_difference(history, yhat, interval=1):
	return yhat + history[-interval]

# scale train and test data to [-1, 1]
def scale(train, test):
	# fit scaler
	scaler = MinMaxScaler(feature_range=(-1, 1))
	scaler = scaler.fit(train)
	# transform train
	train = train.reshape(train.shape[0], train.shape[1])
	train_scaled = scaler.transform(train)
	# transform test
	test = test.reshape(test.shape[0], test.shape[1])
	test_scaled = scaler.transform(test)
	return scaler, train_scaled, test_scaled

# inverse scaling for a forecasted value
def invert_scale(scaler, X, value):
	new_row = [x for x in X] + [value]
	array = numpy.array(new_row)
	array = array.reshape(1, len(array))
	inverted = scaler.inverse_transform(array)
	return inverted[0, -1]

# fit an LSTM network to training data
def fit_lstm(train, batch_size, nb_epoch, neurons):
	X, y = train[:, 0:-1], train[:, -1]
	X = X.reshape(X.shape[0], 1, X.shape[1])
	model = Sequential()
	model.add(LSTM(neurons, batch_input_shape=(batch_size, X.shape[1], X.shape[2]), stateful=True))
	model.add(Dense(1))
	model.compile(loss='mean_squared_error', optimizer='adam')
	for i in range(nb_epoch):
		model.fit(X, y, epochs=1, batch_size=batch_size, verbose=0, shuffle=False)
		model.reset_states()
	return model

# make a one-step forecast
def forecast_lstm(model, batch_size, X):
	X = X.reshape(1, 1, len(X))
	yhat = model.predict(X, batch_size=batch_size)
	return yhat[0,0]

# load dataset
rng = numpy.random.RandomState(7)
series_values = 150.0 + 12.0 * numpy.arange(36) + rng.normal(0.0, 40.0, 36)

# transform data to be stationary
raw_values = series_values
diff_values = difference(raw_values, 1)

# transform data to be supervised learning
supervised = timeseries_to_supervised(diff_values, 1)
supervised_values = supervised

# split data into train and test-sets
train, test = supervised_values[0:-12], supervised_values[-12:]

# transform the scale of the data
scaler, train_scaled, test_scaled = scale(train, test)

# fit the model
lstm_model = fit_lstm(train_scaled, 1, 6, 4)
# forecast the entire training dataset to build up state for forecasting
train_reshaped = train_scaled[:, 0].reshape(len(train_scaled), 1, 1)
lstm_model.predict(train_reshaped, batch_size=1)

# walk-forward validation on the test data
predictions = list()
for i in range(len(test_scaled)):
	# make one-step forecast
	X, y = test_scaled[i, 0:-1], test_scaled[i, -1]
	yhat = forecast_lstm(lstm_model, 1, X)
	# invert scaling
	yhat = invert_scale(scaler, X, yhat)
	# invert differencing
	yhat = inverse_difference(raw_values, yhat, len(test_scaled)+1-i)
	# store forecast
	predictions.append(yhat)
	expected = raw_values[len(train) + i + 1]
	print('Month=%d, Predicted=%f, Expected=%f' % (i+1, yhat, expected))

# report performance
rmse = sqrt(mean_squared_error(raw_values[-12:], predictions))
print('Test RMSE: %.3f' % rmse)
