# source: tensorflow/examples courses/udacity_intro_to_tensorflow_for_deep_learning/l08c09_forecasting_with_cnn.ipynb (Udacity's "Intro to TensorFlow for Deep Learning", lesson 8 "Time series forecasting": a causal Conv1D under two LSTMs, then a WaveNet-like stack of dilated causal Conv1Ds, sequence-to-sequence on a synthetic series; its code cells in order)
# commit: 1880182c9302ad3be06901924f025485def6674a
# keras: tf_keras
# exercises: `keras = tf.keras`; keras.backend.clear_session(); tf.random.set_seed; Sequential of Conv1D(filters, kernel_size=5, strides=1, padding="causal", activation="relu", input_shape=[None, 1]), two LSTM(return_sequences=True), Dense(1), Lambda(lambda x: x * 200); LearningRateScheduler sweep with SGD(momentum=0.9) and keras.losses.Huber(), metrics=["mae"]; fit with validation_data and callbacks=[EarlyStopping(patience), ModelCheckpoint("my_checkpoint.h5", save_best_only=True)]; keras.models.load_model of an .h5 holding a Lambda; predict on all windows of the series (batch 32), slicing [.., -1, 0]; a Sequential built by model.add(InputLayer(input_shape=[None, 1])) and a loop of Conv1D(kernel_size=2, dilation_rate=1..32, padding="causal", relu), then Conv1D(filters=1, kernel_size=1); keras.optimizers.Adam; history of the sweep; keras.metrics.mean_absolute_error(...).numpy()
# reduced: the tf.data pipelines of seq2seq_window_dataset (window(shift=1), flat_map, shuffle(1000), map to (w[:-1], w[1:]), batch, prefetch) and model_forecast written with numpy: the same windows in series order, passed to fit as arrays with batch_size and shuffle=False (the dataset's shuffle buffer draws from TensorFlow's generator), and to predict with batch_size=32; series 4 * 365 + 1 -> 2 * 120 + 1 steps with period 365 -> 120, split_time 1000 -> 180; window_size 30 -> 12 and 64 -> 20; batch_size 128 -> 16; Conv1D/LSTM widths 32 -> 8; the WaveNet dilations (1, 2, 4, 8, 16, 32) -> (1, 2, 4, 8) with filters 32 -> 8; epochs 100 -> 3 (sweeps) and 500 -> 3 with EarlyStopping(patience=50) -> patience=2; SGD(lr=...) and Adam(lr=...) -> learning_rate= (tf-keras 2.21 ignores lr=); matplotlib plots left out (the sweeps' histories printed)
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


def seq2seq_window_dataset(series, window_size):
    series = np.expand_dims(series, axis=-1)
    windows = np.stack([series[i:i + window_size + 1]
                        for i in range(len(series) - window_size)])
    return windows[:, :-1], windows[:, 1:]


def model_forecast(model, series, window_size):
    windows = np.stack([series[i:i + window_size]
                        for i in range(len(series) - window_size + 1)])
    forecast = model.predict(windows, batch_size=32)
    return forecast


time = np.arange(2 * 120 + 1)

slope = 0.05
baseline = 10
amplitude = 40
series = baseline + trend(time, slope) + seasonality(time, period=120, amplitude=amplitude)

noise_level = 5
noise = white_noise(time, noise_level, seed=42)

series += noise

split_time = 180
time_train = time[:split_time]
x_train = series[:split_time]
time_valid = time[split_time:]
x_valid = series[split_time:]

keras.backend.clear_session()
tf.random.set_seed(42)
np.random.seed(42)

window_size = 12
X_train, Y_train = seq2seq_window_dataset(x_train, window_size)

model = keras.models.Sequential([
  keras.layers.Conv1D(filters=8, kernel_size=5,
                      strides=1, padding="causal",
                      activation="relu",
                      input_shape=[None, 1]),
  keras.layers.LSTM(8, return_sequences=True),
  keras.layers.LSTM(8, return_sequences=True),
  keras.layers.Dense(1),
  keras.layers.Lambda(lambda x: x * 200)
])
lr_schedule = keras.callbacks.LearningRateScheduler(
    lambda epoch: 1e-8 * 10**(epoch / 20))
optimizer = keras.optimizers.SGD(learning_rate=1e-8, momentum=0.9)
model.compile(loss=keras.losses.Huber(),
              optimizer=optimizer,
              metrics=["mae"])
history = model.fit(X_train, Y_train, epochs=3, batch_size=16, shuffle=False,
                    callbacks=[lr_schedule])
print(history.history["lr"], history.history["loss"])

keras.backend.clear_session()
tf.random.set_seed(42)
np.random.seed(42)

window_size = 12
X_train, Y_train = seq2seq_window_dataset(x_train, window_size)
X_valid, Y_valid = seq2seq_window_dataset(x_valid, window_size)

model = keras.models.Sequential([
  keras.layers.Conv1D(filters=8, kernel_size=5,
                      strides=1, padding="causal",
                      activation="relu",
                      input_shape=[None, 1]),
  keras.layers.LSTM(8, return_sequences=True),
  keras.layers.LSTM(8, return_sequences=True),
  keras.layers.Dense(1),
  keras.layers.Lambda(lambda x: x * 200)
])
optimizer = keras.optimizers.SGD(learning_rate=1e-5, momentum=0.9)
model.compile(loss=keras.losses.Huber(),
              optimizer=optimizer,
              metrics=["mae"])

model_checkpoint = keras.callbacks.ModelCheckpoint(
    "my_checkpoint.h5", save_best_only=True)
early_stopping = keras.callbacks.EarlyStopping(patience=2)
model.fit(X_train, Y_train, epochs=3, batch_size=16, shuffle=False,
          validation_data=(X_valid, Y_valid),
          callbacks=[early_stopping, model_checkpoint])

model = keras.models.load_model("my_checkpoint.h5")

rnn_forecast = model_forecast(model, series[:,  np.newaxis], window_size)
rnn_forecast = rnn_forecast[split_time - window_size:-1, -1, 0]

print(keras.metrics.mean_absolute_error(x_valid, rnn_forecast).numpy())

keras.backend.clear_session()
tf.random.set_seed(42)
np.random.seed(42)

window_size = 20
X_train, Y_train = seq2seq_window_dataset(x_train, window_size)

model = keras.models.Sequential()
model.add(keras.layers.InputLayer(input_shape=[None, 1]))
for dilation_rate in (1, 2, 4, 8):
    model.add(
      keras.layers.Conv1D(filters=8,
                          kernel_size=2,
                          strides=1,
                          dilation_rate=dilation_rate,
                          padding="causal",
                          activation="relu")
    )
model.add(keras.layers.Conv1D(filters=1, kernel_size=1))
lr_schedule = keras.callbacks.LearningRateScheduler(
    lambda epoch: 1e-4 * 10**(epoch / 30))
optimizer = keras.optimizers.Adam(learning_rate=1e-4)
model.compile(loss=keras.losses.Huber(),
              optimizer=optimizer,
              metrics=["mae"])
history = model.fit(X_train, Y_train, epochs=3, batch_size=16, shuffle=False,
                    callbacks=[lr_schedule])
print(history.history["lr"], history.history["loss"])

keras.backend.clear_session()
tf.random.set_seed(42)
np.random.seed(42)

window_size = 20
X_train, Y_train = seq2seq_window_dataset(x_train, window_size)
X_valid, Y_valid = seq2seq_window_dataset(x_valid, window_size)

model = keras.models.Sequential()
model.add(keras.layers.InputLayer(input_shape=[None, 1]))
for dilation_rate in (1, 2, 4, 8):
    model.add(
      keras.layers.Conv1D(filters=8,
                          kernel_size=2,
                          strides=1,
                          dilation_rate=dilation_rate,
                          padding="causal",
                          activation="relu")
    )
model.add(keras.layers.Conv1D(filters=1, kernel_size=1))
optimizer = keras.optimizers.Adam(learning_rate=3e-4)
model.compile(loss=keras.losses.Huber(),
              optimizer=optimizer,
              metrics=["mae"])

model_checkpoint = keras.callbacks.ModelCheckpoint(
    "my_checkpoint.h5", save_best_only=True)
early_stopping = keras.callbacks.EarlyStopping(patience=2)
history = model.fit(X_train, Y_train, epochs=3, batch_size=16, shuffle=False,
                    validation_data=(X_valid, Y_valid),
                    callbacks=[early_stopping, model_checkpoint])

model = keras.models.load_model("my_checkpoint.h5")

cnn_forecast = model_forecast(model, series[..., np.newaxis], window_size)
cnn_forecast = cnn_forecast[split_time - window_size:-1, -1, 0]

print(keras.metrics.mean_absolute_error(x_valid, cnn_forecast).numpy())
