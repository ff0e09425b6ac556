# source: J. Brownlee, "How to Use Dropout with LSTM Networks for Time Series Forecasting", machinelearningmastery.com, https://machinelearningmastery.com/use-dropout-lstm-networks-time-series-forecasting/ (its diagnostic listing with the "Recurrent Dropout" changes to fit_lstm and run) (the listing read from a published Chinese translation of the post, which reproduces its code blocks unchanged; the post itself was not fetched)
# commit: web page (no repository)
# keras: tf_keras
# exercises: a stateful LSTM(3, batch_input_shape=(4, 1, 1), recurrent_dropout=dropout) + Dense(1), compile(loss='mean_squared_error', optimizer='adam'); each epoch: fit(epochs=1, batch_size=4, shuffle=False), model.reset_states(), then evaluate(): predict(batch_size=4) over the 20 training rows (5 batches, state carried across them) and reset_states(), then predict(batch_size=4) over the 12 test rows and reset_states() again, so every fit after the first starts from a reset state after two prediction passes; differencing, [-1, 1] MinMax scaling and their inverses, train and test RMSE per epoch
# reduced: the shampoo-sales CSV (pandas read_csv with a date parser) replaced by 36 months of a made-up upward-trending noisy series (numpy, fixed seed; series.values is the array itself); pandas (not installed) replaced by numpy: timeseries_to_supervised builds the shift(i) lag columns (NaN-padded) beside the value column with numpy.concatenate, difference returns numpy.array(diff) instead of Series(diff), supervised.values is the array itself, and the history DataFrame by a small stand-in (column assignment, history['train'].iloc[-1]); sklearn (not installed) replaced: MinMaxScaler(feature_range=(-1, 1)) by a small class with sklearn's fit / transform / inverse_transform arithmetic, mean_squared_error by a numpy mean; dropout 0.4 -> 0.0 (random masks cannot match across frameworks); n_repeats 10 -> 1; n_epochs 1000 -> 4; matplotlib (the Agg backend, the line plots and savefig) left out
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from math import sqrt
import numpy


class _Column(object):
	def __init__(self, values):
		self.values = numpy.asarray(values, dtype=numpy.float64)
		self.iloc = self.values


class DataFrame(object):  # stand-in for the pandas calls used here
	def __init__(self):
		self.columns = {}

	def __setitem__(self, name, values):
		self.columns[name] = _Column(values)

	def __getitem__(self, name):
		return self.columns[name]


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
	columns = [numpy.concatenate([numpy.full((i, 1), numpy.nan), data[:-i]]) for i in range(1, lag+1)]
	columns.append(data)
	df = numpy.concatenate(columns, axis=1)
	return df

# create a differenced series
def difference(dataset, interval=1):
	diff = list()
	for i in range(interval, len(dataset)):
		value = dataset[i] - dataset[i - interval]
		diff.append(value)
	return numpy.array(diff)

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
def invert_scale(scaler, X, yhat):
	new_row = [x for x in X] + [yhat]
	array = numpy.array(new_row)
	array = array.reshape(1, len(array))
	inverted = scaler.inverse_transform(array)
	return inverted[0, -1]

# evaluate the model on a dataset, returns RMSE in transformed units
def evaluate(model, raw_data, scaled_dataset, scaler, offset, batch_size):
	# separate
	X, y = scaled_dataset[:,0:-1], scaled_dataset[:,-1]
	# reshape
	reshaped = X.reshape(len(X), 1, 1)
	# forecast dataset
	output = model.predict(reshaped, batch_size=batch_size)
	# invert data transforms on forecast
	predictions = list()
	for i in range(len(output)):
		yhat = output[i,0]
		# invert scaling
		yhat = invert_scale(scaler, X[i], yhat)
		# invert differencing
		yhat = yhat + raw_data[i]
		# store forecast
		predictions.append(yhat)
	# report performance
	rmse = sqrt(mean_squared_error(raw_data[1:], predictions))
	# reset model state
	model.reset_states()
	return rmse

# fit an LSTM network to training data
def fit_lstm(train, test, raw, scaler, batch_size, nb_epoch, neurons, dropout):
	X, y = train[:, 0:-1], train[:, -1]
	X = X.reshape(X.shape[0], 1, X.shape[1])
	# prepare model
	model = Sequential()
	model.add(LSTM(neurons, batch_input_shape=(batch_size, X.shape[1], X.shape[2]), stateful=True, recurrent_dropout=dropout))
	model.add(Dense(1))
	model.compile(loss='mean_squared_error', optimizer='adam')
	# fit model
	train_rmse, test_rmse = list(), list()
	for i in range(nb_epoch):
		model.fit(X, y, epochs=1, batch_size=batch_size, verbose=0, shuffle=False)
		model.reset_states()
		# evaluate model on train data
		raw_train = raw[-(len(train)+len(test)+1):-len(test)]
		train_rmse.append(evaluate(model, raw_train, train, scaler, 0, batch_size))
		# evaluate model on test data
		raw_test = raw[-(len(test)+1):]
		test_rmse.append(evaluate(model, raw_test, test, scaler, 0, batch_size))
	history = DataFrame()
	history['train'], history['test'] = train_rmse, test_rmse
	return history

# run diagnostic experiments
def run():
	# config
	n_lag = 1
	n_repeats = 1
	n_epochs = 4
	n_batch = 4
	n_neurons = 3
	dropout = 0.0
	# load dataset
	rng = numpy.random.RandomState(14)
	series = 150.0 + 12.0 * numpy.arange(36) + rng.normal(0.0, 40.0, 36)
	# transform data to be stationary
	raw_values = series
	diff_values = difference(raw_values, 1)
	# transform data to be supervised learning
	supervised = timeseries_to_supervised(diff_values, n_lag)
	supervised_values = supervised[n_lag:,:]
	# split data into train and test-sets
	train, test = supervised_values[0:-12], supervised_values[-12:]
	# transform the scale of the data
	scaler, train_scaled, test_scaled = scale(train, test)
	# fit and evaluate model
	train_trimmed = train_scaled[2:, :]
	# run diagnostic tests
	for i in range(n_repeats):
		history = fit_lstm(train_trimmed, test_scaled, raw_values, scaler, n_batch, n_epochs, n_neurons, dropout)
		print('%d) TrainRMSE=%f, TestRMSE=%f' % (i+1, history['train'].iloc[-1], history['test'].iloc[-1]))

# entry point
run()
