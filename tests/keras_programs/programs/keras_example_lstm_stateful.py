# source: keras-team/keras examples/lstm_stateful.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: stateful against stateless LSTM(input_shape=..., batch_size=...), an epoch loop of fit(epochs=1, shuffle=False, validation_data) + reset_states, predict(batch_size=...)
# reduced: 60 points instead of 1000, batch 2, 3 epochs; the moving average is computed with numpy instead of pandas; no plots
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, LSTM

input_len = 60
tsteps = 2
lahead = 1
batch_size = 2
epochs = 3

np.random.seed(1986)
to_drop = max(tsteps - 1, lahead - 1)
data_input = np.random.uniform(-0.1, 0.1, input_len + to_drop)
# the target is the tsteps-point moving average of the input
expected_output = np.convolve(data_input, np.ones(tsteps) / tsteps, mode="valid")
data_input = data_input[to_drop:]


def create_model(stateful):
    model = Sequential()
    model.add(LSTM(20, input_shape=(lahead, 1), batch_size=batch_size, stateful=stateful))
    model.add(Dense(1))
    model.compile(loss="mse", optimizer="adam")
    return model


def split_data(x, y, ratio=0.8):
    to_train = int(input_len * ratio)
    to_train -= to_train % batch_size
    x_train, y_train = x[:to_train], y[:to_train]
    x_test, y_test = x[to_train:], y[to_train:]
    to_drop = x.shape[0] % batch_size
    if to_drop > 0:
        x_test, y_test = x_test[: -1 * to_drop], y_test[: -1 * to_drop]
    return (x_train.reshape(-1, 1, 1), y_train.reshape(-1, 1)), (x_test.reshape(-1, 1, 1), y_test.reshape(-1, 1))


(x_train, y_train), (x_test, y_test) = split_data(data_input, expected_output)

model_stateful = create_model(stateful=True)
for i in range(epochs):
    model_stateful.fit(
        x_train, y_train, batch_size=batch_size, epochs=1, verbose=0, validation_data=(x_test, y_test), shuffle=False
    )
    model_stateful.reset_states()
predicted_stateful = model_stateful.predict(x_test, batch_size=batch_size)

model_stateless = create_model(stateful=False)
model_stateless.fit(
    x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=0, validation_data=(x_test, y_test), shuffle=False
)
predicted_stateless = model_stateless.predict(x_test, batch_size=batch_size)
