# source: robertjosephwayne/machine-learning deep_learning_time_series_forecasting/long_short_term_memory/univariate/cnn.py (Machine Learning Mastery's univariate CNN-LSTM)
# commit: dcc19c988708f574f4a6a24523c519ea798ac969
# keras: tf_keras
# exercises: a Sequential CNN-LSTM on subsequences, input (samples, subsequences, steps, features) with input_shape=(None, n_steps, n_features) (any number of subsequences): TimeDistributed(Conv1D(16, 1, activation='relu')), TimeDistributed(MaxPooling1D()) with the default pool size, TimeDistributed(Flatten()), LSTM(16, activation='relu'), Dense(1); compile(optimizer='adam', loss='mse'), fit on integer numpy arrays (5 samples, one batch), predict on one sample
# reduced: Conv1D(16, ...) and LSTM(16, ...) instead of 64 filters and 50 units, 10 epochs instead of 500 (on the raw values 10 to 90 a relu LSTM's weights drift apart by float32 rounding; by 30 epochs some by more than the comparison's 1e-5 relative); `from keras.layers.convolutional import Conv1D, MaxPooling1D` written `from keras.layers import Conv1D, MaxPooling1D` (tf-keras 2.21 has no keras.layers.convolutional module)
# Univariate CNN-LSTM example
from numpy import array
from keras.models import Sequential
from keras.layers import LSTM, Dense, Flatten, TimeDistributed
from keras.layers import Conv1D, MaxPooling1D


# A CNN model can be used in a hybrid model with an LSTM backend where the
# CNN is used to interpret subsequences of input that together are provided as a sequence to an LSTM model to interpret.
# This hybrid model is called a CNN-LSTM.


# Split a univariate sequence into samples
def split_sequence(sequence, n_steps):
    X, y = list(), list()
    for i in range(len(sequence)):
        # Find the end of this pattern
        end_ix = i + n_steps
        # Check if we are beyond the sequence
        if end_ix > len(sequence) - 1:
            break
        # Gather input and output parts of the pattern
        seq_x, seq_y = sequence[i:end_ix], sequence[end_ix]
        X.append(seq_x)
        y.append(seq_y)
    return array(X), array(y)


# Define input sequence
raw_seq = [10, 20, 30, 40, 50, 60, 70, 80, 90]

# Choose a number of time steps
n_steps = 4

# Split into samples
X, y = split_sequence(raw_seq, n_steps)

# Reshape from [samples, timesteps] into [samples, subsequences, timesteps, features]
n_features = 1
n_seq = 2
n_steps = 2
X = X.reshape((X.shape[0], n_seq, n_steps, n_features))

# Define model
model = Sequential()
model.add(TimeDistributed(Conv1D(16, 1, activation='relu'), input_shape=(None, n_steps, n_features)))
model.add(TimeDistributed(MaxPooling1D()))
model.add(TimeDistributed(Flatten()))
model.add(LSTM(16, activation='relu'))
model.add(Dense(1))
model.compile(optimizer='adam', loss='mse')

# Fit model
model.fit(X, y, epochs=10, verbose=0)

# Demonstrate prediction
x_input = array([60, 70, 80, 90])
x_input = x_input.reshape((1, n_seq, n_steps, n_features))
yhat = model.predict(x_input, verbose=0)
print(yhat)
