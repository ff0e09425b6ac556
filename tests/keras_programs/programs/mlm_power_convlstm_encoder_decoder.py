# source: athertahir/deep-learning-time-series-forecasting chapter_20/05_convlstm_encoder_decoder_lstm.py (J. Brownlee, "Deep Learning for Time Series Forecasting", chapter 20 / his post "How to Develop LSTM Models for Multi-Step Time Series Forecasting of Household Power Consumption": the univariate ConvLSTM encoder-decoder)
# commit: 793c6b4fcc86b547bbc908677559e78e1809b5db
# keras: tf_keras
# exercises: split_dataset into standard weeks with numpy split; univariate to_supervised windows of 14 days reshaped to (samples, n_steps=2, 1, n_length=7, 1); Sequential: ConvLSTM2D(filters, kernel_size=(1,3), activation='relu', input_shape=(n_steps, 1, n_length, n_features)), Flatten(), RepeatVector(n_outputs), LSTM(units, activation='relu', return_sequences=True), TimeDistributed(Dense(units, activation='relu')), TimeDistributed(Dense(1)); compile(loss='mse', optimizer='adam'); fit(epochs, batch_size=16, verbose=0); walk-forward validation, one predict(verbose=0) per test week on a (1, 2, 1, 7, 1) input; evaluate_forecasts RMSE per day and overall, summarize_scores
# reduced: household_power_consumption_days.csv (1442 days made from the UCI data by the chapter's first script, read by pandas, not installed here nor in the Keras venv) replaced by a stand-in read_csv returning 364 made-up days of the 8 columns, values of order 1 (a weekly sine and noise) instead of daily totals in the thousands, so split_dataset (data[1:-328] and data[-328:-6]) is kept and gives 5 training weeks and 46 test weeks (46 walk-forward predicts), to_supervised 14 training windows: one batch of 16, so fit's shuffle cannot change the result; sklearn's mean_squared_error (not installed) replaced by a hand-written one (the mean of squared differences, a 1-d and an (n, 1) argument both taken as columns, as sklearn does); `sqrt(s / ...)` in evaluate_forecasts written `sqrt(s.item() / ...)` (s is a one-element array, the forecasts being (7, 1), and numpy 2 refuses math.sqrt of it); the notebook line %matplotlib inline, the matplotlib import, the days list and the score plot dropped; `import tensorflow.python.util.deprecation as deprecation` and its _PRINT_DEPRECATION_WARNINGS line dropped (TensorFlow internals); filters 64 -> 8, LSTM(200) -> LSTM(16), Dense(100) -> Dense(8), epochs 20 -> 2
# univariate multi-step encoder-decoder convlstm for the power usage dataset
from math import sqrt
from numpy import split
from numpy import array
import warnings
warnings.simplefilter("ignore")
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import Flatten
from keras.layers import LSTM
from keras.layers import RepeatVector
from keras.layers import TimeDistributed
from keras.layers import ConvLSTM2D

import numpy as np


def read_csv(path, header=0, infer_datetime_format=True, parse_dates=None, index_col=None):
	# stand-in for pandas.read_csv of household_power_consumption_days.csv: 364 made-up days of
	# its 8 columns (the datetime column the index), of order 1
	class _Frame(object):
		pass
	rng = np.random.RandomState(7)
	days = np.arange(364)
	weekly = 1.0 + 0.3 * np.sin(2 * np.pi * days / 7.0)
	frame = _Frame()
	frame.values = np.stack([weekly * (1.0 + 0.1 * k) + 0.1 * rng.normal(size=364) for k in range(8)], axis=1)
	return frame


def mean_squared_error(y_true, y_pred):
	# stand-in for sklearn.metrics.mean_squared_error (the mean of squared differences)
	# (a 1-d y_true and an (n, 1) y_pred are both taken as (n, 1), as sklearn does)
	y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
	return float(np.mean((y_true.reshape(len(y_true), -1) - y_pred.reshape(len(y_pred), -1)) ** 2))

# split a univariate dataset into train/test sets
def split_dataset(data):
	# split into standard weeks
	train, test = data[1:-328], data[-328:-6]
	# restructure into windows of weekly data
	train = array(split(train, len(train)/7))
	test = array(split(test, len(test)/7))
	return train, test

# evaluate one or more weekly forecasts against expected values
def evaluate_forecasts(actual, predicted):
	scores = list()
	# calculate an RMSE score for each day
	for i in range(actual.shape[1]):
		# calculate mse
		mse = mean_squared_error(actual[:, i], predicted[:, i])
		# calculate rmse
		rmse = sqrt(mse)
		# store
		scores.append(rmse)
	# calculate overall RMSE
	s = 0
	for row in range(actual.shape[0]):
		for col in range(actual.shape[1]):
			s += (actual[row, col] - predicted[row, col])**2
	score = sqrt(s.item() / (actual.shape[0] * actual.shape[1]))
	return score, scores

# summarize scores
def summarize_scores(name, score, scores):
	s_scores = ', '.join(['%.1f' % s for s in scores])
	print('%s: [%.3f] %s' % (name, score, s_scores))

# convert history into inputs and outputs
def to_supervised(train, n_input, n_out=7):
	# flatten data
	data = train.reshape((train.shape[0]*train.shape[1], train.shape[2]))
	X, y = list(), list()
	in_start = 0
	# step over the entire history one time step at a time
	for _ in range(len(data)):
		# define the end of the input sequence
		in_end = in_start + n_input
		out_end = in_end + n_out
		# ensure we have enough data for this instance
		if out_end < len(data):
			x_input = data[in_start:in_end, 0]
			x_input = x_input.reshape((len(x_input), 1))
			X.append(x_input)
			y.append(data[in_end:out_end, 0])
		# move along one time step
		in_start += 1
	return array(X), array(y)

# train the model
def build_model(train, n_steps, n_length, n_input):
	# prepare data
	train_x, train_y = to_supervised(train, n_input)
	# define parameters
	verbose, epochs, batch_size = 0, 2, 16
	n_features, n_outputs = train_x.shape[2], train_y.shape[1]
	# reshape into subsequences [samples, timesteps, rows, cols, channels]
	train_x = train_x.reshape((train_x.shape[0], n_steps, 1, n_length, n_features))
	# reshape output into [samples, timesteps, features]
	train_y = train_y.reshape((train_y.shape[0], train_y.shape[1], 1))
	# define model
	model = Sequential()
	model.add(ConvLSTM2D(filters=8, kernel_size=(1,3), activation='relu', input_shape=(n_steps, 1, n_length, n_features)))
	model.add(Flatten())
	model.add(RepeatVector(n_outputs))
	model.add(LSTM(16, activation='relu', return_sequences=True))
	model.add(TimeDistributed(Dense(8, activation='relu')))
	model.add(TimeDistributed(Dense(1)))
	model.compile(loss='mse', optimizer='adam')
	# fit network
	model.fit(train_x, train_y, epochs=epochs, batch_size=batch_size, verbose=verbose)
	return model

# make a forecast
def forecast(model, history, n_steps, n_length, n_input):
	# flatten data
	data = array(history)
	data = data.reshape((data.shape[0]*data.shape[1], data.shape[2]))
	# retrieve last observations for input data
	input_x = data[-n_input:, 0]
	# reshape into [samples, timesteps, rows, cols, channels]
	input_x = input_x.reshape((1, n_steps, 1, n_length, 1))
	# forecast the next week
	yhat = model.predict(input_x, verbose=0)
	# we only want the vector forecast
	yhat = yhat[0]
	return yhat

# evaluate a single model
def evaluate_model(train, test, n_steps, n_length, n_input):
	# fit model
	model = build_model(train, n_steps, n_length, n_input)
	# history is a list of weekly data
	history = [x for x in train]
	# walk-forward validation over each week
	predictions = list()
	for i in range(len(test)):
		# predict the week
		yhat_sequence = forecast(model, history, n_steps, n_length, n_input)
		# store the predictions
		predictions.append(yhat_sequence)
		# get real observation and add to history for predicting the next week
		history.append(test[i, :])
	# evaluate predictions days for each week
	predictions = array(predictions)
	score, scores = evaluate_forecasts(test[:, :, 0], predictions)
	return score, scores

# load the new file
dataset = read_csv('household_power_consumption_days.csv', header=0, infer_datetime_format=True, parse_dates=['datetime'], index_col=['datetime'])
# split into train and test
train, test = split_dataset(dataset.values)
# define the number of subsequences and the length of subsequences
n_steps, n_length = 2, 7
# define the total days to use as input
n_input = n_length * n_steps
score, scores = evaluate_model(train, test, n_steps, n_length, n_input)
# summarize scores
summarize_scores('lstm', score, scores)
# plot scores
