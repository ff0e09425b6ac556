# source: achrysaetos/lstm-poc conv-lstm.py (J. Brownlee, "How to Develop LSTM Models for Time Series Forecasting", the univariate ConvLSTM example)
# commit: c9626feb1e8e96aedf9f9ff07c2aef320ff0396a
# keras: tf_keras
# exercises: split_sequence windows reshaped to [samples, subsequences, rows, columns, features], ConvLSTM2D(filters=64, kernel_size=(1,2), activation='relu', input_shape=...) then Flatten and Dense in a Sequential built by add, compile('adam', 'mse'), fit, predict on one new window
# reduced: 1 epoch instead of 500 (Brownlee's unscaled inputs, 10 to 90, make some recurrent-kernel gradients small sums of large terms whose float32 rounding, 1e-7 of the largest gradient but 1e-3 of their own, Adam's normalised steps carry into those weights: 0.05 of the comparison's tolerance after one epoch, 0.96 after three, past it from about five); tabs as 4 spaces, trailing spaces dropped
# univariate convlstm example
from numpy import array
from keras.models import Sequential
from keras.layers import LSTM
from keras.layers import Dense
from keras.layers import Flatten
from keras.layers import ConvLSTM2D

# split a univariate sequence into samples
def split_sequence(sequence, n_steps):
    X, y = list(), list()
    for i in range(len(sequence)):
        # find the end of this pattern
        end_ix = i + n_steps
        # check if we are beyond the sequence
        if end_ix > len(sequence)-1:
            break
        # gather input and output parts of the pattern
        seq_x, seq_y = sequence[i:end_ix], sequence[end_ix]
        X.append(seq_x)
        y.append(seq_y)
    return array(X), array(y)

# define input sequence
raw_seq = [10, 20, 30, 40, 50, 60, 70, 80, 90]
# choose a number of time steps
n_steps = 4
# split into samples
X, y = split_sequence(raw_seq, n_steps)
# reshape from [samples, timesteps] into [samples, timesteps, rows, columns, features]
n_features = 1
n_seq = 2
n_steps = 2
X = X.reshape((X.shape[0], n_seq, 1, n_steps, n_features))
# define model
model = Sequential()
model.add(ConvLSTM2D(filters=64, kernel_size=(1,2), activation='relu', input_shape=(n_seq, 1, n_steps, n_features)))
model.add(Flatten())
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')
# fit model
model.fit(X, y, epochs=1, verbose=0)
# demonstrate prediction
x_input = array([60, 70, 80, 90])
x_input = x_input.reshape((1, n_seq, 1, n_steps, n_features))
yhat = model.predict(x_input, verbose=0)
print(yhat)
