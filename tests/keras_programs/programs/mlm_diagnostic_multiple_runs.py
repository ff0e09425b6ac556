# source: fenago/katacoda-scenarios LS-term-memory-networks-python/chapter-12/steps/6/answer.md (J. Brownlee, "Long Short-Term Memory Networks with Python", chapter 12 "How to Diagnose and Tune LSTMs": train and validation loss over several runs, as a Katacoda lesson)
# commit: 030d1c6795762ebd7545b20fc7f4e5929b3a5f58
# keras: tf_keras
# exercises: five fresh Sequential models of LSTM(10, input_shape=(1,1)) and Dense(1, activation='linear') built in a loop, each compile(loss='mse', optimizer='adam') and fit(X, y, epochs, validation_data=(valX, valY), shuffle=False) with the default verbose (progress bars); history.history['loss'] and ['val_loss'] stored as DataFrame columns
# reduced: the lesson's markdown wrapper (<pre> tags, the hint comment) dropped; pandas (not installed here nor in the Keras venv) replaced by a small DataFrame stand-in (column assignment; the frames printed in place of the plot); epochs 30 -> 3; the matplotlib plot of both frames and the pyplot import dropped
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from numpy import array
import numpy as np


class DataFrame(object):  # stand-in for the pandas calls used here
	def __init__(self):
		self.columns = {}

	def __setitem__(self, name, values):
		self.columns[name] = np.asarray(values, dtype=np.float64)

	def __repr__(self):
		return '\n'.join('%s %s' % (name, np.round(v, 6).tolist()) for name, v in self.columns.items())

# return training data
def get_train():
	seq = [[1.0, 0.1], [1.0, 0.2], [1.0, 0.3], [1.0, 0.4], [1.0, 0.5]]
	seq = array(seq)
	X, y = seq[:, 0], seq[:, 1]
	X = X.reshape((5, 1, 1))
	return X, y

# return validation data
def get_val():
	seq = [[1.5, 0.6], [1.6, 0.7], [1.7, 0.8], [1.8, 0.9], [1.9, 1.0]]
	seq = array(seq)
	X, y = seq[:, 0], seq[:, 1]
	X = X.reshape((len(X), 1, 1))
	return X, y

# collect data across multiple repeats
train = DataFrame()
val = DataFrame()
for i in range(5):
	# define model
	model = Sequential()
	model.add(LSTM(10, input_shape=(1,1)))
	model.add(Dense(1, activation='linear'))
	# compile model
	model.compile(loss='mse', optimizer='adam')
	X,y = get_train()
	valX, valY = get_val()
	# fit model
	history = model.fit(X, y, epochs=3, validation_data=(valX, valY), shuffle=False)
	# story history
	train[str(i)] = history.history['loss']
	val[str(i)] = history.history['val_loss']

print(train)
print(val)
