# source: J. Brownlee, "How to Use Weight Regularization with LSTM Networks for Time Series Forecasting", machinelearningmastery.com, https://machinelearningmastery.com/use-weight-regularization-lstm-networks-time-series-forecasting/ (its "Input Weight Regularization" listing: the baseline code with the updated fit_lstm, experiment and run) (the listing read from a published Chinese translation of the post, which reproduces its code blocks unchanged; the post itself was not fetched)
# commit: web page (no repository)
# keras: tf_keras
# exercises: keras.regularizers.L1L2 objects (l1/l2 read back as attributes for the column names) passed as kernel_regularizer of a stateful LSTM(3, batch_input_shape=(4, 1, 1)) + Dense(1), compile(loss='mean_squared_error', optimizer='adam'); four models (L1L2(0, 0), L1L2(0.01, 0), L1L2(0, 0.01), L1L2(0.01, 0.01)), each trained by an epoch loop of fit(epochs=1, batch_size=4, shuffle=False) + model.reset_states() on 20 rows, so the loss includes the penalty; then one predict(batch_size=4) over the 12 test rows (3 batches, state carried across them); differencing, [-1, 1] MinMax scaling and their inverses, RMSE
# reduced: the shampoo-sales CSV (pandas read_csv with a date parser) replaced by 36 months of a made-up upward-trending noisy series (numpy, fixed seed; series.values is the array itself); pandas (not installed) replaced by numpy: timeseries_to_supervised builds the shift(i) lag columns (NaN-padded) beside the value column with numpy.concatenate, difference returns numpy.array(diff) instead of Series(diff), supervised.values is the array itself, and the results DataFrame by a dict printed with mean/min/max; sklearn (not installed) replaced: MinMaxScaler(feature_range=(-1, 1)) by a small class with sklearn's fit / transform / inverse_transform arithmetic, mean_squared_error by a numpy mean; n_repeats 30 -> 1; n_epochs 1000 -> 3; matplotlib (the Agg backend, boxplot and savefig) left out
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from keras.regularizers import L1L2
from math import sqrt
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
def fit_lstm(train, n_batch, nb_epoch, n_neurons, reg):
	X, y = train[:, 0:-1], train[:, -1]
	X = X.reshape(X.shape[0], 1, X.shape[1])
	model = Sequential()
	model.add(LSTM(n_neurons, batch_input_shape=(n_batch, X.shape[1], X.shape[2]), stateful=True, kernel_regularizer=reg))
	model.add(Dense(1))
	model.compile(loss='mean_squared_error', optimizer='adam')
	for i in range(nb_epoch):
		model.fit(X, y, epochs=1, batch_size=n_batch, verbose=0, shuffle=False)
		model.reset_states()
	return model

# run a repeated experiment
def experiment(series, n_lag, n_repeats, n_epochs, n_batch, n_neurons, reg):
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
	# run experiment
	error_scores = list()
	for r in range(n_repeats):
		# fit the model
		train_trimmed = train_scaled[2:, :]
		lstm_model = fit_lstm(train_trimmed, n_batch, n_epochs, n_neurons, reg)
		# forecast test dataset
		test_reshaped = test_scaled[:,0:-1]
		test_reshaped = test_reshaped.reshape(len(test_reshaped), 1, 1)
		output = lstm_model.predict(test_reshaped, batch_size=n_batch)
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

# configure the experiment
def run():
	# load dataset
	rng = numpy.random.RandomState(5)
	series = 150.0 + 12.0 * numpy.arange(36) + rng.normal(0.0, 40.0, 36)
	# configure the experiment
	n_lag = 1
	n_repeats = 1
	n_epochs = 3
	n_batch = 4
	n_neurons = 3
	regularizers = [L1L2(l1=0.0, l2=0.0), L1L2(l1=0.01, l2=0.0), L1L2(l1=0.0, l2=0.01), L1L2(l1=0.01, l2=0.01)]
	# run the experiment
	results = dict()
	for reg in regularizers:
		name = ('l1 %.2f,l2 %.2f' % (reg.l1, reg.l2))
		results[name] = experiment(series, n_lag, n_repeats, n_epochs, n_batch, n_neurons, reg)
	# summarize results
	for name, values in results.items():
		print(name, numpy.mean(values), numpy.min(values), numpy.max(values))

# entry point
run()
