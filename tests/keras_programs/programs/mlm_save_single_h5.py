# source: fenago/katacoda-scenarios LS-term-memory-networks-python/chapter-13/steps/2/answer.md (J. Brownlee, "Long Short-Term Memory Networks with Python", chapter 13 "How to Make Predictions with LSTMs": saving the whole model to one HDF5 file, as a Katacoda lesson)
# commit: 030d1c6795762ebd7545b20fc7f4e5929b3a5f58
# keras: tf_keras
# exercises: Sequential LSTM(10, input_shape=(1,1)) + Dense(1, activation='linear'), compile(loss='mse', optimizer='adam'), fit(epochs=30, shuffle=False, verbose=0); model.save('lstm_model.h5') (legacy HDF5, with the compile config and Adam's state); load_model('lstm_model.h5') and predict(X, verbose=0) on the loaded model
# reduced: the lesson's markdown wrapper (<pre> tags, the hint comment) dropped; otherwise as written
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from numpy import array
from keras.models import load_model

# return training data
def get_train():
	seq = [[1.0, 0.1], [1.0, 0.2], [1.0, 0.3], [1.0, 0.4], [1.0, 0.5]]
	seq = array(seq)
	X, y = seq[:, 0], seq[:, 1]
	X = X.reshape((len(X), 1, 1))
	return X, y

# define model
model = Sequential()
model.add(LSTM(10, input_shape=(1,1)))
model.add(Dense(1, activation='linear'))
# compile model
model.compile(loss='mse', optimizer='adam')
# fit model
X,y = get_train()
model.fit(X, y, epochs=30, shuffle=False, verbose=0)
# save model to single file
model.save('lstm_model.h5')

# snip...
# later, perhaps run from another script

# load model from single file
model = load_model('lstm_model.h5')
# make predictions
yhat = model.predict(X, verbose=0)
print(yhat)
