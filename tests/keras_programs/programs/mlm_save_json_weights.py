# source: fenago/katacoda-scenarios LS-term-memory-networks-python/chapter-13/steps/3/answer.md (J. Brownlee, "Long Short-Term Memory Networks with Python", chapter 13 "How to Make Predictions with LSTMs": saving the architecture to JSON and the weights to HDF5 separately, as a Katacoda lesson)
# commit: 030d1c6795762ebd7545b20fc7f4e5929b3a5f58
# keras: tf_keras
# exercises: Sequential LSTM(10, input_shape=(1,1)) + Dense(1, activation='linear'), compile(loss='mse', optimizer='adam'), fit(epochs=30, shuffle=False, verbose=0); model.to_json() written to a text file; model.save_weights('weights.h5'); the JSON read back and model_from_json(architecture) (an uncompiled model), load_weights('weights.h5'), predict(X, verbose=0) on the rebuilt model
# reduced: the lesson's markdown wrapper (<pre> tags, the hint comment) dropped; otherwise as written
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from numpy import array
from keras.models import model_from_json

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
# convert model architecture to JSON format
architecture = model.to_json()
# save architecture to JSON file
with open('architecture.json', 'wt') as json_file:
    json_file.write(architecture)
# save weights to hdf5 file
model.save_weights('weights.h5')

# snip...
# later, perhaps run from another script

# load architecture from JSON File
json_file = open('architecture.json', 'rt')
architecture = json_file.read()
json_file.close()
# create model from architecture
model = model_from_json(architecture)
# load weights from hdf5 file
model.load_weights('weights.h5')
# make predictions
yhat = model.predict(X, verbose=0)
print(yhat)
