# source: athertahir/deep-learning-time-series-forecasting chapter_15/05_grid_search_lstm.py (J. Brownlee, "Deep Learning for Time Series Forecasting", chapter 15 / his post "How to Grid Search Deep Learning Models for Time Series Forecasting": a hand-written grid search of LSTM configs [n_input, n_nodes, n_epochs, n_batch, n_diff] on the monthly airline passengers series, each config scored by repeated walk-forward validation, a fresh model per repeat, one predict per test month)
# commit: ac1776ee8110748ca973b20f011ab7d302fc1775
# keras: tf_keras
# exercises: `from keras.models import Sequential`, `from keras.layers import Dense, LSTM`; a fresh Sequential per repeat and per config built in model_fit from an unpacked config list: LSTM(n_nodes, activation='relu', input_shape=(n_input, 1)), Dense(n_nodes, activation='relu'), Dense(1); compile(loss='mse', optimizer='adam'); fit(train_x, train_y, epochs, batch_size, verbose=0) with batch size 1 and a batch size larger than the data (150 > 96 rows: one batch); seasonal differencing of the float64 series with the correction added back; walk-forward validation: one predict(x_input (1, n_input, 1), verbose=0) per test step with the history growing by the observed value, yhat[0] (a 1-element array) kept in the predictions list; RMSE over repeats, nested-loop config list, scores sorted by error
# reduced: the airline passengers csv (pandas read_csv) replaced by a made-up monthly series of 144 values with trend and multiplicative seasonality like it (numpy RandomState(7)), in hundreds of passengers (the real series' 104..622 as 1.04..6.22: with raw counts, differenced values of +-50 fed to a ReLU LSTM at batch size 1 make training chaotic, and tf-keras's own epoch-2 loss moves by 0.02% and its epoch-4 loss 2.5x when the initial weights move by 1e-7 relative, so no two frameworks can agree; see mlm_grid_search_lstm_airline.diagnosis.md), kept as a (144, 1) array as series.values is; series_to_supervised's pandas shift/concat/dropna written with numpy (the same rows); sklearn's mean_squared_error -> numpy mean of squares (sklearn is installed on neither side); `import tensorflow.python.util.deprecation` and its flag dropped (TensorFlow's private module, only silencing warnings); model_configs n_nodes [100] -> [6], n_epochs [50] -> [2]; repeat_evaluate's n_repeats 10 -> 2; shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator); pandas imports dropped
from math import sqrt
from numpy import array
from numpy import mean
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM


def mean_squared_error(actual, predicted):  # sklearn.metrics.mean_squared_error
	return float(np.mean((np.asarray(actual, dtype=float).reshape(len(actual), -1)
	                      - np.asarray(predicted, dtype=float).reshape(len(predicted), -1)) ** 2))

# split a univariate dataset into train/test sets
def train_test_split(data, n_test):
	return data[:-n_test], data[-n_test:]

# transform list into supervised learning format
def series_to_supervised(data, n_in, n_out=1):
	df = np.asarray(data, dtype=float).reshape(len(data), -1)
	# input sequence (t-n, ... t-1) and forecast sequence (t, ... t+n), rows with NaN dropped
	rows = [np.concatenate([df[t - i] for i in range(n_in, 0, -1)] + [df[t + i] for i in range(0, n_out)])
	        for t in range(n_in, len(df) - n_out + 1)]
	return np.array(rows)

# root mean squared error or rmse
def measure_rmse(actual, predicted):
	return sqrt(mean_squared_error(actual, predicted))

# difference dataset
def difference(data, order):
	return [data[i] - data[i - order] for i in range(order, len(data))]

# fit a model
def model_fit(train, config):
	# unpack config
	n_input, n_nodes, n_epochs, n_batch, n_diff = config
	# prepare data
	if n_diff > 0:
		train = difference(train, n_diff)
	# transform series into supervised format
	data = series_to_supervised(train, n_in=n_input)
	# separate inputs and outputs
	train_x, train_y = data[:, :-1], data[:, -1]
	# reshape input data into [samples, timesteps, features]
	n_features = 1
	train_x = train_x.reshape((train_x.shape[0], train_x.shape[1], n_features))
	# define model
	model = Sequential()
	model.add(LSTM(n_nodes, activation='relu', input_shape=(n_input, n_features)))
	model.add(Dense(n_nodes, activation='relu'))
	model.add(Dense(1))
	model.compile(loss='mse', optimizer='adam')
	# fit model
	model.fit(train_x, train_y, epochs=n_epochs, batch_size=n_batch, verbose=0, shuffle=False)
	return model

# forecast with the fit model
def model_predict(model, history, config):
	# unpack config
	n_input, _, _, _, n_diff = config
	# prepare data
	correction = 0.0
	if n_diff > 0:
		correction = history[-n_diff]
		history = difference(history, n_diff)
	# reshape sample into [samples, timesteps, features]
	x_input = array(history[-n_input:]).reshape((1, n_input, 1))
	# forecast
	yhat = model.predict(x_input, verbose=0)
	return correction + yhat[0]

# walk-forward validation for univariate data
def walk_forward_validation(data, n_test, cfg):
	predictions = list()
	# split dataset
	train, test = train_test_split(data, n_test)
	# fit model
	model = model_fit(train, cfg)
	# seed history with training dataset
	history = [x for x in train]
	# step over each time-step in the test set
	for i in range(len(test)):
		# fit model and make forecast for history
		yhat = model_predict(model, history, cfg)
		# store forecast in list of predictions
		predictions.append(yhat)
		# add actual observation to history for the next loop
		history.append(test[i])
	# estimate prediction error
	error = measure_rmse(test, predictions)
	print(' > %.3f' % error)
	return error

# score a model, return None on failure
def repeat_evaluate(data, config, n_test, n_repeats=2):
	# convert config to a key
	key = str(config)
	# fit and evaluate the model n times
	scores = [walk_forward_validation(data, n_test, config) for _ in range(n_repeats)]
	# summarize score
	result = mean(scores)
	print('> Model[%s] %.3f' % (key, result))
	return (key, result)

# grid search configs
def grid_search(data, cfg_list, n_test):
	# evaluate configs
	scores = scores = [repeat_evaluate(data, cfg, n_test) for cfg in cfg_list]
	# sort configs by error, asc
	scores.sort(key=lambda tup: tup[1])
	return scores

# create a list of configs to try
def model_configs():
	# define scope of configs
	n_input = [12]
	n_nodes = [6]
	n_epochs = [2]
	n_batch = [1, 150]
	n_diff = [12]
	# create configs
	configs = list()
	for i in n_input:
		for j in n_nodes:
			for k in n_epochs:
				for l in n_batch:
					for m in n_diff:
						cfg = [i, j, k, l, m]
						configs.append(cfg)
	print('Total configs: %d' % len(configs))
	return configs

# define dataset (stand-in for read_csv('monthly-airline-passengers.csv', header=0, index_col=0))
rng = np.random.RandomState(7)
months = np.arange(144)
passengers = np.round((110 + 2.2 * months) * (1 + 0.18 * np.sin(2 * np.pi * (months - 3) / 12)) + rng.normal(scale=6, size=144)) / 100
data = passengers.reshape(144, 1)
# data split
n_test = 12
# model configs
cfg_list = model_configs()
# grid search
scores = grid_search(data, cfg_list, n_test)
print('done')
# list top 10 configs
for cfg, error in scores[:3]:
	print(cfg, error)
