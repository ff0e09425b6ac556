# source: keras-team/keras examples/stateful_lstm.py (the Keras 2.0 version, March-October 2017, before #7928 rewrote it as lstm_stateful.py: two stacked stateful LSTMs on a decaying cosine, one fit per epoch followed by reset_states)
# commit: befbdaa076eedb2787ce340b1a5b4accf93d123d
# keras: tf_keras
# exercises: Keras 2 `from keras.models import Sequential`, `from keras.layers import Dense, LSTM`; LSTM(50, input_shape=(tsteps, 1), batch_size=batch_size, return_sequences=True, stateful=True) (Keras 2's batch_size keyword on a layer) stacked with a stateful LSTM(return_sequences=False) and Dense(1); compile(loss='mse', optimizer='rmsprop'); a loop of fit(batch_size, epochs=1, verbose=1, shuffle=False) on float64 (N, 1, 1) inputs and model.reset_states() after each; predict(batch_size=batch_size) carrying states across batches
# reduced: gen_cosine_amp(xn=50000) -> xn=200 (200 samples, 8 batches of 25; period 1000 -> 50 and k 0.0001 -> 0.01 so the short series still shows the cosine and its decay); LSTM units 50 -> 8; epochs 25 -> 3; matplotlib's plots left out
from __future__ import print_function
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, LSTM


# since we are using stateful rnn tsteps can be set to 1
tsteps = 1
batch_size = 25
epochs = 3
# number of elements ahead that are used to make the prediction
lahead = 1


def gen_cosine_amp(amp=100, period=50, x0=0, xn=200, step=1, k=0.01):
    """Generates an absolute cosine time series with the amplitude
    exponentially decreasing

    Arguments:
        amp: amplitude of the cosine function
        period: period of the cosine function
        x0: initial x of the time series
        xn: final x of the time series
        step: step of the time series discretization
        k: exponential rate
    """
    cos = np.zeros(((xn - x0) * step, 1, 1))
    for i in range(len(cos)):
        idx = x0 + i * step
        cos[i, 0, 0] = amp * np.cos(2 * np.pi * idx / period)
        cos[i, 0, 0] = cos[i, 0, 0] * np.exp(-k * idx)
    return cos


print('Generating Data...')
cos = gen_cosine_amp()
print('Input shape:', cos.shape)

expected_output = np.zeros((len(cos), 1))
for i in range(len(cos) - lahead):
    expected_output[i, 0] = np.mean(cos[i + 1:i + lahead + 1])

print('Output shape:', expected_output.shape)

print('Creating Model...')
model = Sequential()
model.add(LSTM(8,
               input_shape=(tsteps, 1),
               batch_size=batch_size,
               return_sequences=True,
               stateful=True))
model.add(LSTM(8,
               return_sequences=False,
               stateful=True))
model.add(Dense(1))
model.compile(loss='mse', optimizer='rmsprop')

print('Training')
for i in range(epochs):
    print('Epoch', i, '/', epochs)

    # Note that the last state for sample i in a batch will
    # be used as initial state for sample i in the next batch.
    # Thus we are simultaneously training on batch_size series with
    # lower resolution than the original series contained in cos.
    # Each of these series are offset by one step and can be
    # extracted with cos[i::batch_size].

    model.fit(cos, expected_output,
              batch_size=batch_size,
              epochs=1,
              verbose=1,
              shuffle=False)
    model.reset_states()

print('Predicting')
predicted_output = model.predict(cos, batch_size=batch_size)
print(predicted_output[:5, 0])
