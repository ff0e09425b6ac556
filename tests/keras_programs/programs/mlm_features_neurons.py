# source: J. Brownlee, "How to Use Features in LSTM Networks for Time Series Forecasting", machinelearningmastery.com, https://machinelearningmastery.com/use-features-lstm-networks-time-series-forecasting/ (its complete experiment listing, with the features-and-neurons change to the fit_lstm call that the post makes next) (the listing read from a published Chinese translation of the post, which reproduces its code blocks unchanged; the post itself was not fetched)
# commit: web page (no repository)
# keras: tf_keras
# exercises: lagged differences fed as 1 timestep of 3 features: a stateful LSTM(3, batch_input_shape=(1, 1, 3)) + Dense(1) (the post's "Features and Neurons" variant, neurons = features), compile(loss='mean_squared_error', optimizer='adam'), trained by an epoch loop of fit(epochs=1, batch_size=1, shuffle=False) + model.reset_states(); then a walk-forward of one predict(batch_size=1) per test month on a (1, 1, 3) input, the state carried on from the last training epoch's reset and from each month to the next; differencing, [-1, 1] MinMax scaling over 4 columns and their inverses, RMSE
# reduced: the shampoo-sales CSV (pandas read_csv with a date parser) replaced by 36 months of a made-up upward-trending noisy series (numpy, fixed seed; series.values is the array itself); pandas (not installed) replaced by numpy: timeseries_to_supervised builds the shift(i) lag columns (NaN-padded) beside the value column with numpy.concatenate, difference returns numpy.array(diff) instead of Series(diff), supervised.values is the array itself, and the results DataFrame by a dict printed with mean/min/max (no to_csv); sklearn (not installed) replaced: MinMaxScaler(feature_range=(-1, 1)) by a small class with sklearn's fit / transform / inverse_transform arithmetic, mean_squared_error by a numpy mean; repeats 10 -> 1; 500 epochs -> 3; features = 3 (the post runs 1 to 5, one per run)
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

# run a repeated experiment
def experiment(repeats, series, features):
	# transform data to be stationary
	raw_values = series
	diff_values = difference(raw_values, 1)
	# transform data to be supervised learning
	supervised = timeseries_to_supervised(diff_values, features)
	supervised_values = supervised[features:,:]
	# split data into train and test-sets
	train, test = supervised_values[0:-12, :], supervised_values[-12:, :]
	# transform the scale of the data
	scaler, train_scaled, test_scaled = scale(train, test)
	# run experiment
	error_scores = list()
	for r in range(repeats):
		# fit the base model
		lstm_model = fit_lstm(train_scaled, 1, 3, features)
		# forecast test dataset
		predictions = list()
		for i in range(len(test_scaled)):
			# predict
			X, y = test_scaled[i, 0:-1], test_scaled[i, -1]
			yhat = forecast_lstm(lstm_model, 1, X)
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
	rng = numpy.random.RandomState(10)
	series = 150.0 + 12.0 * numpy.arange(36) + rng.normal(0.0, 40.0, 36)
	# experiment
	repeats = 1
	results = dict()
	# run experiment
	features = 3
	results['results'] = experiment(repeats, series, features)
	# summarize results
	for name, values in results.items():
		print(name, numpy.mean(values), numpy.min(values), numpy.max(values))

 # entry point
run()
