# source: neqkir/working-with-rnns stateful-rnn/sequence-prediction-lstm-work-around.py (J. Brownlee's "How to use Different Batch Sizes when Training and Predicting with LSTMs", its weights saved to a file instead of copied)
# commit: 2dbd7119a54fe24974c682c665a442b0fe1592bc
# keras: tf_keras
# exercises: a stateful LSTM(batch_input_shape=(3, 1, 1)) trained by an epoch loop of fit(epochs=1, batch_size=3, shuffle=False) + model.reset_states(), so each epoch's three batches carry state row by row; model.save_weights("sequence_pred.h5"); a second Sequential of batch size 1 (batch_input_shape=(1, 1, 1), stateful) given the weights by load_weights of that .h5 file, compiled after loading; an online forecast of one predict(batch_size=1) per step with the state carried across calls and never reset
# reduced: pandas' DataFrame / concat / shift / dropna building the (x, previous x) pairs replaced by numpy (array, concatenate of the sequence and its shift, the first row dropped; values is the array itself): pandas is not installed in the test environments; 10 epochs instead of 1000; the last print formats yhat[0, 0] instead of yhat (numpy 2 refuses '%.1f' of a (1, 1) array, deprecated since numpy 1.25); tabs as 4 spaces

# > this time we can train and infer with different batch sizes
# > (1) we build a brand new model for inference
# > (2) we load training weights and generate in the inference model

from numpy import array
from numpy import concatenate
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
# create sequence
length = 10
sequence = [i/float(length) for i in range(length)]
# create X/y pairs
df = array(sequence).reshape(-1, 1)
df = concatenate([df[1:], df[:-1]], axis=1)
# convert to LSTM friendly format
values = df
X, y = values[:, 0], values[:, 1]
X = X.reshape(len(X), 1, 1)
# configure network
n_batch = 3
n_epoch = 10
n_neurons = 10
# design network
model = Sequential()
model.add(LSTM(n_neurons, batch_input_shape=(n_batch, X.shape[1], X.shape[2]), stateful=True))
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')
# fit network
for i in range(n_epoch):
    model.fit(X, y, epochs=1, batch_size=n_batch, verbose=1, shuffle=False)
    model.reset_states()

#saving weights
model.save_weights("sequence_pred.h5")

# re-define the batch size
n_batch = 1
# re-define model
new_model = Sequential()
new_model.add(LSTM(n_neurons, batch_input_shape=(n_batch, X.shape[1], X.shape[2]), stateful=True))
new_model.add(Dense(1))
# copy weights
new_model.load_weights("sequence_pred.h5")
# compile model
new_model.compile(loss='mean_squared_error', optimizer='adam')
# online forecast
for i in range(len(X)):
    testX, testy = X[i], y[i]
    testX = testX.reshape(1, 1, 1)
    yhat = new_model.predict(testX, batch_size=n_batch)
    print('>Expected=%.1f, Predicted=%.1f' % (testy, yhat[0, 0]))
