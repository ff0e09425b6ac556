# source: J. Brownlee, "Stateful and Stateless LSTM for Time Series Forecasting with Python", machinelearningmastery.com, https://machinelearningmastery.com/stateful-stateless-lstm-time-series-forecasting-python/ (section "Stateless With Large Batch vs Stateless": the A vs A base listing with the stateless fit_lstm and the batch-12 experiment) (the listing read from a published Chinese translation of the post, which reproduces its code blocks unchanged; the post itself was not fetched)
# commit: web page (no repository)
# keras: tf_keras
# exercises: a stateless LSTM(1, batch_input_shape=(12, 1, 1), stateful=False) + Dense(1), compile(loss='mean_squared_error', optimizer='adam'), trained by one fit(epochs=nb_epoch, batch_size=12, shuffle=False) on the last 12 training months (one batch per epoch); then one predict(batch_size=12) over the 12 test months in a single batch (the fixed batch size of batch_input_shape on a stateless layer); differencing, [-1, 1] MinMax scaling and their inverses, RMSE
# reduced: the shampoo-sales CSV (pandas read_csv with a date parser) replaced by 36 months of a made-up upward-trending noisy series (numpy, fixed seed; series.values is the array itself); pandas (not installed) replaced by numpy: timeseries_to_supervised builds the shift(1) lag column (NaN for the first row) beside the value column with numpy.concatenate, difference returns numpy.array(diff) instead of Series(diff), supervised.values is the array itself, and the results DataFrame by a dict printed with mean/min/max (no to_csv); sklearn (not installed) replaced: MinMaxScaler(feature_range=(-1, 1)) by a small class with sklearn's fit / transform / inverse_transform arithmetic, mean_squared_error by a numpy mean; repeats 10 -> 1; 1000 epochs -> 4; fit's shuffle=True (the post's stateless-with-shuffle configuration this experiment starts from) set to False, shuffling order cannot match across frameworks (with one batch of 12 it changes only the order of the summed loss terms)
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from math import sqrt
import numpy
from numpy import concatenate


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
def invert_scale(scaler, X, yhat):
	new_row = [x for x in X] + [yhat]
	array = numpy.array(new_row)
	array = array.reshape(1, len(array))
	inverted = scaler.inverse_transform(array)
	return inverted[0, -1]

# fit an LSTM network to training data
def fit_lstm(train, batch_size, nb_epoch, neurons):
	X, y = train[:, 0:-1], train[:, -1]
	X = X.reshape(X.shape[0], 1, X.shape[1])
	model = Sequential()
	model.add(LSTM(neurons, batch_input_shape=(batch_size, X.shape[1], X.shape[2]), stateful=False))
	model.add(Dense(1))
	model.compile(loss='mean_squared_error', optimizer='adam')
	model.fit(X, y, epochs=nb_epoch, batch_size=batch_size, verbose=0, shuffle=False)
	return model

# make a one-step forecast
def forecast_lstm(model, batch_size, X):
	X = X.reshape(1, 1, len(X))
	yhat = model.predict(X, batch_size=batch_size)
	return yhat[0,0]

# run a repeated experiment
def experiment(repeats, series):
	# transform data to be stationary
	raw_values = series
	diff_values = difference(raw_values, 1)
	# transform data to be supervised learning
	supervised = timeseries_to_supervised(diff_values, 1)
	supervised_values = supervised[1:,:]
	# split data into train and test-sets
	train, test = supervised_values[-24:-12, :], supervised_values[-12:, :]
	# transform the scale of the data
	scaler, train_scaled, test_scaled = scale(train, test)
	# run experiment
	error_scores = list()
	for r in range(repeats):
		# fit the base model
		batch_size = 12
		lstm_model = fit_lstm(train_scaled, batch_size, 4, 1)
		# forecast test dataset
		test_reshaped = test_scaled[:,0:-1]
		test_reshaped = test_reshaped.reshape(len(test_reshaped), 1, 1)
		output = lstm_model.predict(test_reshaped, batch_size=batch_size)
		predictions = list()
		for i in range(len(output)):
			yhat = output[i,0]
			X = test_scaled[i, 0:-1]
			# invert scaling
			yhat = invert_scale(scaler, X, yhat)
			# invert differencing
			yhat = inverse_difference(raw_values, yhat, len(test_scaled)+1-i)
			# store forecast
			predictions.append(yhat)
		# report performance
		rmse = sqrt(mean_squared_error(raw_values[-12:], predictions))
		print('%d) Test RMSE: %.3f' % (r+1, rmse))
		error_scores.append(rmse)
	return error_scores

# execute the experiment
def run():
	# load dataset
	rng = numpy.random.RandomState(12)
	series = 150.0 + 12.0 * numpy.arange(36) + rng.normal(0.0, 40.0, 36)
	# experiment
	repeats = 1
	results = dict()
	# run experiment
	results['results'] = experiment(repeats, series)
	# summarize results
	for name, values in results.items():
		print(name, numpy.mean(values), numpy.min(values), numpy.max(values))

 # entry point
run()
