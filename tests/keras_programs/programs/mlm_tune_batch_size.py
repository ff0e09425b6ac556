# source: fenago/katacoda-scenarios LS-term-memory-networks-python/chapter-12/steps/8/answer.md (J. Brownlee, "Long Short-Term Memory Networks with Python", chapter 12 "How to Diagnose and Tune LSTMs": grid search of the batch size, as a Katacoda lesson)
# commit: 030d1c6795762ebd7545b20fc7f4e5929b3a5f58
# keras: tf_keras
# exercises: a fresh Sequential of LSTM(10, input_shape=(1,1)) and Dense(1, activation='linear') per run, compile(loss='mse', optimizer='adam'), fit(X, y, epochs, shuffle=False, verbose=0, batch_size=n_batch) on 5 samples with batch sizes 1, 2 and 3 (last batches of 1 and 2 rows), evaluate(valX, valY, verbose=0) returning a single float; three repeats of each of three values (nine models); the scores gathered in a DataFrame, describe() printed
# reduced: the lesson's markdown wrapper (<pre> tags, the hint comment) dropped; pandas (not installed here nor in the Keras venv) replaced by a small DataFrame stand-in (column assignment and a describe() printing count, mean, std with ddof=1, min, quartiles by linear interpolation and max, as pandas computes them); epochs 50 -> 5; the boxplot and pyplot import dropped
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

	def describe(self):
		rows = ['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max']
		stats = {name: [len(v), v.mean(), v.std(ddof=1), v.min()] + list(np.percentile(v, [25, 50, 75])) + [v.max()]
			for name, v in self.columns.items()}
		lines = ['      ' + ''.join('%12s' % name for name in stats)]
		for i, row in enumerate(rows):
			lines.append('%-6s' % row + ''.join('%12.6f' % stats[name][i] for name in stats))
		return '\n'.join(lines)

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

# fit an LSTM model
def fit_model(n_batch):
	# define model
	model = Sequential()
	model.add(LSTM(10, input_shape=(1,1)))
	model.add(Dense(1, activation='linear'))
	# compile model
	model.compile(loss='mse', optimizer='adam')
	# fit model
	X,y = get_train()
	model.fit(X, y, epochs=5, shuffle=False, verbose=0, batch_size=n_batch)
	# evaluate model
	valX, valY = get_val()
	loss = model.evaluate(valX, valY, verbose=0)
	return loss

# define scope of search
params = [1, 2, 3]
n_repeats = 3
# grid search parameter values
scores = DataFrame()
for value in params:
	# repeat each experiment multiple times
	loss_values = list()
	for i in range(n_repeats):
		loss = fit_model(value)
		loss_values.append(loss)
		print('>%d/%d param=%f, loss=%f' % (i+1, n_repeats, value, loss))
	# store results for this parameter
	scores[str(value)] = loss_values
# summary statistics of results
print(scores.describe())
