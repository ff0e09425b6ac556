# source: robertjosephwayne/machine-learning deep_learning_time_series_forecasting/long_short_term_memory/univariate/multi_step_output/encoder_decoder.py (Machine Learning Mastery's encoder-decoder LSTM for multi-step forecasting)
# commit: dcc19c988708f574f4a6a24523c519ea798ac969
# keras: tf_keras
# exercises: a Sequential encoder-decoder LSTM: LSTM(100, activation='relu') encoder, RepeatVector(n_steps_out), LSTM(100, activation='relu', return_sequences=True) decoder, TimeDistributed(Dense(1)); compile(optimizer='adam', loss='mse') on 3-D targets (samples, steps out, 1), fit on integer numpy arrays (5 samples, one batch), predict on one sample
# reduced: 10 epochs instead of 100 (on the raw values 10 to 90 a relu LSTM's weights drift apart by float32 rounding; by 30 epochs some by more than the comparison's 1e-5 relative); LSTM(100) kept: at 16 units three Adam steps already leave one encoder weight 10x the tolerance from Keras's, while in float64 both frameworks give this model's loss and every gradient to 1e-15 relative (the same formulas)
# Example of an Encoder-Decoder LSTM for multi-step-output time series forecasting
from numpy import array
from keras.models import Sequential
from keras.layers import Dense, LSTM, RepeatVector, TimeDistributed


# A model specifically developed for forecasting variable length output sequences is called the Encoder-Decoder LSTM.
# The model was designed for prediction problems where there are both input and output sequences,
# so-called sequence-to-sequence, or seq2seq problems,
# such as translating text from one language to another.
# This model can be used for multi-step-output-output time series forecasting.


# Split a univariate sequence into samples
def split_sequence(sequence, n_steps_in, n_steps_out):
    X, y = list(), list()
    for i in range(len(sequence)):
        # Find the end of this pattern
        end_ix = i + n_steps_in
        out_end_ix = end_ix + n_steps_out
        # Check if we are beyond the sequence
        if out_end_ix > len(sequence):
            break
        # Gather input and output parts of the pattern
        seq_x, seq_y = sequence[i:end_ix], sequence[end_ix:out_end_ix]
        X.append(seq_x)
        y.append(seq_y)
    return array(X), array(y)


# Define input sequence
raw_seq = [10, 20, 30, 40, 50, 60, 70, 80, 90]

# Choose a number of time steps
n_steps_in, n_steps_out = 3, 2

# Split into samples
X, y = split_sequence(raw_seq, n_steps_in, n_steps_out)

# Reshape from [samples, timesteps] into [samples, timesteps, features]
n_features = 1
X = X.reshape((X.shape[0], X.shape[1], n_features))
y = y.reshape((y.shape[0], y.shape[1], n_features))

# Define model
model = Sequential()
model.add(LSTM(100, activation='relu', input_shape=(n_steps_in, n_features)))
model.add(RepeatVector(n_steps_out))
model.add(LSTM(100, activation='relu', return_sequences=True))
model.add(TimeDistributed(Dense(1)))
model.compile(optimizer='adam', loss='mse')

# Fit model
model.fit(X, y, epochs=10, verbose=0)

# Demonstrate prediction
x_input = array([70, 80, 90])
x_input = x_input.reshape((1, n_steps_in, n_features))
yhat = model.predict(x_input, verbose=0)
print(yhat)
