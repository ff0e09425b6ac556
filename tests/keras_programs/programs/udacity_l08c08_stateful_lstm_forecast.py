# source: tensorflow/examples courses/udacity_intro_to_tensorflow_for_deep_learning/l08c08_forecasting_with_lstm.ipynb (Udacity's "Intro to TensorFlow for Deep Learning", lesson 8 "Time series forecasting": the stateful RNN of l08c07 with two stateful LSTM layers, fed consecutive windows at batch size 1; its code cells in order)
# commit: 1880182c9302ad3be06901924f025485def6674a
# keras: tf_keras
# exercises: `keras = tf.keras`; Sequential of LSTM(100, return_sequences=True, stateful=True, batch_input_shape=[1, None, 1]), a second stateful LSTM, Dense(1) and Lambda(lambda x: x * 200.0); a ResetStatesCallback(keras.callbacks.Callback) calling self.model.reset_states() in on_epoch_begin (so the validation pass of each epoch starts from the state the training windows left); keras.backend.clear_session(); tf.random.set_seed; keras.optimizers.SGD(momentum=0.9); compile(loss=keras.losses.Huber(), metrics=["mae"]); a LearningRateScheduler(lambda epoch: 1e-8 * 10**(epoch / 20)) sweep and history.history["lr"]; a second model fit with validation_data and callbacks=[EarlyStopping(patience=...), ModelCheckpoint("my_checkpoint.h5", save_best_only=True), ResetStatesCallback]; keras.models.load_model of the HDF5 checkpoint of a stateful LSTM model holding a Lambda (no reset_states before predict: the loaded model starts from zero state); predict on the whole series at once (batch 1, a sequence far longer than the training windows); keras.metrics.mean_absolute_error(...).numpy()
# reduced: as the corpus's udacity_l08c07_stateful_rnn_forecast (same notebook family, same helper cells): the tf.data pipeline of sequential_window_dataset (from_tensor_slices, window(window_size + 1, shift=window_size, drop_remainder=True), flat_map, map to (window[:-1], window[1:]), batch(1), prefetch) written with numpy, the same windows in the same order, passed to fit as arrays with batch_size=1 and shuffle=False; series 4 * 365 + 1 -> 2 * 100 + 1 steps with period 365 -> 100, split_time 1000 -> 160; window_size 30 -> 10; LSTM units 100 -> 8; epochs 100 -> 4 (learning-rate sweep) and 500 -> 4 with EarlyStopping(patience=50) -> patience=2; matplotlib plots left out (the sweep's history printed); `import tensorflow as tf` kept from the notebook's setup cell; SGD(lr=1e-8, ...) and SGD(lr=5e-7, ...) -> SGD(learning_rate=...) (tf-keras 2.21 ignores lr=)
import numpy as np
import tensorflow as tf

keras = tf.keras


def trend(time, slope=0):
    return slope * time


def seasonal_pattern(season_time):
    """Just an arbitrary pattern, you can change it if you wish"""
    return np.where(season_time < 0.4,
                    np.cos(season_time * 2 * np.pi),
                    1 / np.exp(3 * season_time))


def seasonality(time, period, amplitude=1, phase=0):
    """Repeats the same pattern at each period"""
    season_time = ((time + phase) % period) / period
    return amplitude * seasonal_pattern(season_time)


def white_noise(time, noise_level=1, seed=None):
    rnd = np.random.RandomState(seed)
    return rnd.randn(len(time)) * noise_level


time = np.arange(2 * 100 + 1)

slope = 0.05
baseline = 10
amplitude = 40
series = baseline + trend(time, slope) + seasonality(time, period=100, amplitude=amplitude)

noise_level = 5
noise = white_noise(time, noise_level, seed=42)

series += noise

split_time = 160
time_train = time[:split_time]
x_train = series[:split_time]
time_valid = time[split_time:]
x_valid = series[split_time:]


def sequential_window_dataset(series, window_size):
    series = np.expand_dims(series, axis=-1)
    windows = [series[i:i + window_size + 1]
               for i in range(0, len(series) - window_size, window_size)]
    windows = np.stack(windows)
    return windows[:, :-1], windows[:, 1:]


class ResetStatesCallback(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs):
        self.model.reset_states()


keras.backend.clear_session()
tf.random.set_seed(42)
np.random.seed(42)

window_size = 10
X_train, y_train = sequential_window_dataset(x_train, window_size)

model = keras.models.Sequential([
  keras.layers.LSTM(8, return_sequences=True, stateful=True,
                         batch_input_shape=[1, None, 1]),
  keras.layers.LSTM(8, return_sequences=True, stateful=True),
  keras.layers.Dense(1),
  keras.layers.Lambda(lambda x: x * 200.0)
])
lr_schedule = keras.callbacks.LearningRateScheduler(
    lambda epoch: 1e-8 * 10**(epoch / 20))
reset_states = ResetStatesCallback()
optimizer = keras.optimizers.SGD(learning_rate=1e-8, momentum=0.9)
model.compile(loss=keras.losses.Huber(),
              optimizer=optimizer,
              metrics=["mae"])
history = model.fit(X_train, y_train, epochs=4, batch_size=1, shuffle=False,
                    callbacks=[lr_schedule, reset_states])

print(history.history["lr"], history.history["loss"])

keras.backend.clear_session()
tf.random.set_seed(42)
np.random.seed(42)

window_size = 10
X_train, y_train = sequential_window_dataset(x_train, window_size)
X_valid, y_valid = sequential_window_dataset(x_valid, window_size)

model = keras.models.Sequential([
  keras.layers.LSTM(8, return_sequences=True, stateful=True,
                         batch_input_shape=[1, None, 1]),
  keras.layers.LSTM(8, return_sequences=True, stateful=True),
  keras.layers.Dense(1),
  keras.layers.Lambda(lambda x: x * 200.0)
])
optimizer = keras.optimizers.SGD(learning_rate=5e-7, momentum=0.9)
model.compile(loss=keras.losses.Huber(),
              optimizer=optimizer,
              metrics=["mae"])
reset_states = ResetStatesCallback()
model_checkpoint = keras.callbacks.ModelCheckpoint(
    "my_checkpoint.h5", save_best_only=True)
early_stopping = keras.callbacks.EarlyStopping(patience=2)
model.fit(X_train, y_train, epochs=4, batch_size=1, shuffle=False,
          validation_data=(X_valid, y_valid),
          callbacks=[early_stopping, model_checkpoint, reset_states])

model = keras.models.load_model("my_checkpoint.h5")

rnn_forecast = model.predict(series[np.newaxis, :, np.newaxis])
rnn_forecast = rnn_forecast[0, split_time - 1:-1, 0]

print(rnn_forecast.shape)

print(keras.metrics.mean_absolute_error(x_valid, rnn_forecast).numpy())
