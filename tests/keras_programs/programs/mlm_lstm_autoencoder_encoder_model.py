# source: tusonggao/keras_learning keras_autoencoder.py (a copy of J. Brownlee's "A Gentle Introduction to LSTM Autoencoders", Machine Learning Mastery: the reconstruction autoencoder, then its encoder kept as a standalone feature extractor)
# commit: 98b391412d3685cf9c680457edbe610d74c95c8b
# keras: tf_keras
# exercises: `from keras.models import Sequential, Model`, `from keras.layers import LSTM, Dense, RepeatVector, TimeDistributed`, `from keras.utils import plot_model`; Sequential of LSTM(100, activation='relu', input_shape=(n_in,1)), RepeatVector(n_in), LSTM(100, activation='relu', return_sequences=True), TimeDistributed(Dense(1)); compile(optimizer='adam', loss='mse'); fit(sequence, sequence, epochs, verbose=0) on one sample; then `Model(inputs=model.inputs, outputs=model.layers[0].output)`, a functional model cut from the trained Sequential at its first layer's output (sharing its trained weights), and predict on it, printing yhat.shape
# reduced: epochs 300 -> 20; the plot_model(...) call (needs pydot and graphviz) left out, its import kept
from numpy import array
from keras.models import Sequential
from keras.models import Model
from keras.layers import LSTM
from keras.layers import Dense
from keras.layers import RepeatVector
from keras.layers import TimeDistributed
from keras.utils import plot_model


# define input sequence
sequence = array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
# reshape input into [samples, timesteps, features]
n_in = len(sequence)
sequence = sequence.reshape((1, n_in, 1))
# define model
model = Sequential()
model.add(LSTM(100, activation='relu', input_shape=(n_in,1)))
model.add(RepeatVector(n_in))
model.add(LSTM(100, activation='relu', return_sequences=True))
model.add(TimeDistributed(Dense(1)))
model.compile(optimizer='adam', loss='mse')
# fit model
model.fit(sequence, sequence, epochs=20, verbose=0)
# connect the encoder LSTM as the output layer
model = Model(inputs=model.inputs, outputs=model.layers[0].output)
# get the feature vector for the input sequence
yhat = model.predict(sequence)
print(yhat.shape)
print(yhat)
