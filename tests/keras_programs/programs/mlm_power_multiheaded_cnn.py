# source: athertahir/deep-learning-time-series-forecasting chapter_19/03_multiheaded_cnn.py (J. Brownlee, "Deep Learning for Time Series Forecasting", chapter 19 / his post "How to Develop Convolutional Neural Networks for Multi-Step Time Series Forecasting": the multi-headed CNN, one head per variable)
# commit: 793c6b4fcc86b547bbc908677559e78e1809b5db
# keras: tf_keras
# exercises: a functional model built in a loop: eight Input(shape=(n_timesteps,1)) heads, each Conv1D(filters, kernel_size=3, activation='relu') twice, MaxPooling1D(pool_size=2), Flatten; concatenate(out_layers) of eight tensors; Dense(relu) twice and Dense(n_outputs); Model(inputs=in_layers (a list of eight), outputs=outputs); compile(loss='mse', optimizer='adam'); fit on a list of eight (samples, 14, 1) arrays, batch_size=16, verbose=0; walk-forward validation with predict(verbose=0) on a list of eight (1, 14, 1) arrays per test week; evaluate_forecasts, summarize_scores
# reduced: household_power_consumption_days.csv (1442 days made from the UCI data by the chapter's first script, read by pandas, not installed here nor in the Keras venv) replaced by a stand-in read_csv returning made-up days of the 8 columns, values of order 1 (a weekly sine and noise) instead of daily totals in the thousands, so split_dataset (data[1:-328] and data[-328:-6]) is kept and gives 46 test weeks (46 walk-forward predicts); sklearn's mean_squared_error (not installed) replaced by a hand-written one (the mean of squared differences, a 1-d and an (n, 1) argument both taken as columns, as sklearn does); the notebook line %matplotlib inline, the matplotlib import, the days list and the score plot dropped; `import tensorflow.python.util.deprecation as deprecation` and its _PRINT_DEPRECATION_WARNINGS line dropped (TensorFlow internals); 364 made-up days, so 5 training weeks and 14 to_supervised windows: one batch of 16, so fit's shuffle cannot change the result; `from keras.layers.convolutional import Conv1D` / MaxPooling1D and `from keras.layers.merge import concatenate` written as imports from keras.layers (tf-keras 2.21 has neither module); `from keras.utils.vis_utils import plot_model` dropped (tf-keras has no vis_utils; the plot_model call is commented out in the source); filters 32 -> 8, Dense(200) -> Dense(16), Dense(100) -> Dense(8), epochs 25 -> 2
# multi headed multi-step cnn for the power usage dataset
from math import sqrt
from numpy import split
from numpy import array
import warnings
warnings.simplefilter("ignore")
from keras.layers import Dense
from keras.layers import Flatten
from keras.layers import Conv1D
from keras.layers import MaxPooling1D
from keras.models import Model
from keras.layers import Input
from keras.layers import concatenate

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
	score = sqrt(s / (actual.shape[0] * actual.shape[1]))
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
			X.append(data[in_start:in_end, :])
			y.append(data[in_end:out_end, 0])
		# move along one time step
		in_start += 1
	return array(X), array(y)

# plot training history
def plot_history(history):
	# plot loss
	pyplot.subplot(2, 1, 1)
	pyplot.plot(history.history['loss'], label='train')
	pyplot.plot(history.history['val_loss'], label='test')
	pyplot.title('loss', y=0, loc='center')
	pyplot.legend()
	# plot rmse
	pyplot.subplot(2, 1, 2)
	pyplot.plot(history.history['rmse'], label='train')
	pyplot.plot(history.history['val_rmse'], label='test')
	pyplot.title('rmse', y=0, loc='center')
	pyplot.legend()
	pyplot.show()

# train the model
def build_model(train, n_input):
	# prepare data
	train_x, train_y = to_supervised(train, n_input)
	# define parameters
	verbose, epochs, batch_size = 0, 2, 16
	n_timesteps, n_features, n_outputs = train_x.shape[1], train_x.shape[2], train_y.shape[1]
	# create a channel for each variable
	in_layers, out_layers = list(), list()
	for _ in range(n_features):
		inputs = Input(shape=(n_timesteps,1))
		conv1 = Conv1D(filters=8, kernel_size=3, activation='relu')(inputs)
		conv2 = Conv1D(filters=8, kernel_size=3, activation='relu')(conv1)
		pool1 = MaxPooling1D(pool_size=2)(conv2)
		flat = Flatten()(pool1)
		# store layers
		in_layers.append(inputs)
		out_layers.append(flat)
	# merge heads
	merged = concatenate(out_layers)
	# interpretation
	dense1 = Dense(16, activation='relu')(merged)
	dense2 = Dense(8, activation='relu')(dense1)
	outputs = Dense(n_outputs)(dense2)
	model = Model(inputs=in_layers, outputs=outputs)
	# compile model
	model.compile(loss='mse', optimizer='adam')
	# plot the model
	# plot_model(model, show_shapes=True, to_file='multiheaded_cnn.png')
	# fit network
	input_data = [train_x[:,:,i].reshape((train_x.shape[0],n_timesteps,1)) for i in range(n_features)]
	model.fit(input_data, train_y, epochs=epochs, batch_size=batch_size, verbose=verbose)
	return model

# make a forecast
def forecast(model, history, n_input):
	# flatten data
	data = array(history)
	data = data.reshape((data.shape[0]*data.shape[1], data.shape[2]))
	# retrieve last observations for input data
	input_x = data[-n_input:, :]
	# reshape into n input arrays
	input_x = [input_x[:,i].reshape((1,input_x.shape[0],1)) for i in range(input_x.shape[1])]
	# forecast the next week
	yhat = model.predict(input_x, verbose=0)
	# we only want the vector forecast
	yhat = yhat[0]
	return yhat

# evaluate a single model
def evaluate_model(train, test, n_input):
	# fit model
	model = build_model(train, n_input)
	# history is a list of weekly data
	history = [x for x in train]
	# walk-forward validation over each week
	predictions = list()
	for i in range(len(test)):
		# predict the week
		yhat_sequence = forecast(model, history, n_input)
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
# evaluate model and get scores
n_input = 14
score, scores = evaluate_model(train, test, n_input)
# summarize scores
summarize_scores('cnn', score, scores)
# plot scores
