# source: keras-team/keras-io examples/timeseries/multivariate_timeseries_forecasting_using_lstm.py
# commit: 699b78d2428e8561afdff4b79672791e446c2d8a
# keras: tf_keras
# exercises: import tensorflow as tf with tf.keras.Sequential, tf.keras.layers, tf.losses.MeanSquaredError(), tf.optimizers.Adam() and tf.metrics.MeanAbsoluteError(); TimeseriesGenerator (from tensorflow.keras.preprocessing.sequence) for training and test windows, printed and indexed; stacked LSTM(return_sequences=True) with LeakyReLU(alpha=...) and Dropout between; model.summary(); fit on a generator with validation_data a generator and shuffle=False; evaluate and predict on a generator
# reduced: a synthetic random walk of 5 related prices for Google's stock (no pandas, sklearn or matplotlib: the standardization and the unshuffled 75/25 split in numpy, the plots left out), LSTMs of 8, 8 and 4 units, Dropout rate 0 (TensorFlow's and PyTorch's random masks differ), window 10, batches of 16, 2 epochs
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
from tensorflow.keras.preprocessing.sequence import TimeseriesGenerator
import tensorflow as tf

rng = np.random.default_rng(2004)
open_price = 100 + np.cumsum(rng.normal(size=240))
df_input = np.stack(
    [
        open_price,
        open_price + rng.uniform(0, 2, 240),
        open_price - rng.uniform(0, 2, 240),
        open_price + rng.normal(0, 0.5, 240),
        open_price + rng.normal(0, 0.5, 240),
    ],
    axis=1,
)

data_scaled = (df_input - df_input.mean(axis=0)) / df_input.std(axis=0)

features = data_scaled
target = data_scaled[:, 0]  # Target Column - Open Price

split_at = len(features) - len(features) // 4
x_train, x_test, y_train, y_test = features[:split_at], features[split_at:], target[:split_at], target[split_at:]

print(x_train.shape)
print(x_test.shape)

print("Input Features\n", data_scaled[0:3])
print("\nTimeseriesGenerator")
print(TimeseriesGenerator(features, target, length=2, sampling_rate=1, batch_size=1)[0])

win_length = 10  # window length
batch_size = 16
num_features = 5
train_generator = TimeseriesGenerator(
    x_train, y_train, length=win_length, sampling_rate=1, batch_size=batch_size
)
test_generator = TimeseriesGenerator(
    x_test, y_test, length=win_length, sampling_rate=1, batch_size=batch_size
)

model = tf.keras.Sequential()
model.add(
    tf.keras.layers.LSTM(
        8, input_shape=(win_length, num_features), return_sequences=True
    )
)
model.add(tf.keras.layers.LeakyReLU(alpha=0.5))
model.add(tf.keras.layers.LSTM(8, return_sequences=True))
model.add(tf.keras.layers.LeakyReLU(alpha=0.5))
model.add(tf.keras.layers.Dropout(0.0))
model.add(tf.keras.layers.LSTM(4, return_sequences=False))
model.add(tf.keras.layers.Dropout(0.0))
model.add(tf.keras.layers.Dense(1))

model.summary()

model.compile(
    loss=tf.losses.MeanSquaredError(),
    optimizer=tf.optimizers.Adam(),
    metrics=[tf.metrics.MeanAbsoluteError()],
)

history = model.fit(
    train_generator, epochs=2, validation_data=test_generator, shuffle=False
)

print(history.history["mean_absolute_error"], history.history["val_mean_absolute_error"])

test_loss, test_mae = model.evaluate(test_generator, verbose=0)
print("Test Loss:", test_loss)
print("Test MAE:", test_mae)

predictions = model.predict(test_generator)

print(predictions.shape[0])
