# source: https-deeplearning-ai/tensorflow-1-public C4/W3/ungraded_labs/C4_W3_Lab_2_LSTM.ipynb (DeepLearning.AI "TensorFlow Developer" course 4 "Sequences, Time Series and Prediction", week 3 lab 2: two Bidirectional LSTMs on a synthetic series, a learning-rate sweep with LearningRateScheduler, then training at the chosen rate, with and without validation; its code cells in order)
# commit: 025abb3e6bd63c63b65d6133286e2d033c9c7da4
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.* (the repo's C4/requirements.txt pins tensorflow 2.16.1 / keras 3.3.3; see reduced); tf.keras.models.Sequential([tf.keras.Input(shape=(window_size, 1)), Bidirectional(LSTM(32, return_sequences=True)), Bidirectional(LSTM(32)), Dense(1), Lambda(lambda x: x * 100.0)]); model.summary(); tf.keras.callbacks.LearningRateScheduler(lambda epoch: 1e-8 * 10**(epoch / 20)) on SGD(momentum=0.9) with no learning_rate; compile(loss=tf.keras.losses.Huber()) without metrics, then with metrics=["mae"]; tf.keras.backend.clear_session() between models; fit(epochs=, callbacks=[lr_schedule]) and fit(validation_data=); history.history["loss"] printed against the swept rates; model_forecast's predict over all windows of the validation stretch (verbose=0), forecast.squeeze(); tf.keras.metrics.mse / mae(x_valid, results).numpy()
# reduced: the tf.data pipelines (tf.expand_dims, from_tensor_slices, window(window_size + 1, shift=1, drop_remainder=True), flat_map, map to (window[:-1], window[-1]), shuffle(1000), batch, cache, prefetch; model_forecast's window(window_size) without labels) written with numpy: the same windows in series order, handed to fit / predict as arrays with batch_size=32 and shuffle=False (tf.data's shuffle order cannot match: statefulrnn stands in for Keras, not for TensorFlow's tf.data); series 4 * 365 + 1 -> 2 * 100 + 1 steps with period 365 -> 100, split_time 1000 -> 160, window_size 20 -> 10; LSTM units 32 -> 8; epochs 100 -> 3 for the sweep (the lrs array and its plot follow: 100 -> 3) and 100 -> 2 for both trainings; matplotlib plots replaced by prints; run on tf-keras (`# keras: tf_keras`) although the notebook ran where tf.keras is Keras 3 (TF 2.16.1): the program names Keras only as tf.keras.X, which the harness's Keras side (TF_USE_LEGACY_KERAS=1) gives as tf-keras, as the corpus's handson_ml3 programs
import tensorflow as tf
import numpy as np


def trend(time, slope=0):
    # Compute the linear series given the slope
    series = slope * time

    return series

def seasonal_pattern(season_time):
    # Generate the values using an arbitrary pattern
    data_pattern = np.where(season_time < 0.4,
                    np.cos(season_time * 2 * np.pi),
                    1 / np.exp(3 * season_time))
    
    return data_pattern

def seasonality(time, period, amplitude=1, phase=0):
    # Define the measured values per period
    season_time = ((time + phase) % period) / period

    # Generates the seasonal data scaled by the defined amplitude
    data_pattern = amplitude * seasonal_pattern(season_time)

    return data_pattern

def noise(time, noise_level=1, seed=None):
    # Initialize the random number generator
    rnd = np.random.RandomState(seed)

    # Generate a random number for each time step and scale by the noise level
    noise = rnd.randn(len(time)) * noise_level
    
    return noise

# Parameters
time = np.arange(2 * 100 + 1, dtype="float32")
baseline = 10
amplitude = 40
slope = 0.05
noise_level = 5

# Create the series
series = baseline + trend(time, slope) + seasonality(time, period=100, amplitude=amplitude)

# Update with noise
series += noise(time, noise_level, seed=42)

# Define the split time
split_time = 160

# Get the train set 
time_train = time[:split_time]
x_train = series[:split_time]

# Get the validation set
time_valid = time[split_time:]
x_valid = series[split_time:]

# Parameters
window_size = 10
batch_size = 32
shuffle_buffer_size = 1000

def windowed_dataset(series, window_size, batch_size, shuffle_buffer):
    # Add an axis for the feature dimension of RNN layers
    series = np.expand_dims(series, axis=-1)

    # Window the data but only take those with the specified size
    windows = np.stack([series[i:i + window_size + 1]
                        for i in range(len(series) - window_size)])

    # Create tuples with features and labels 
    return windows[:, :-1], windows[:, -1]

# Generate the dataset windows
dataset = windowed_dataset(x_train, window_size, batch_size, shuffle_buffer_size)

# Build the Model
model_tune = tf.keras.models.Sequential([
    tf.keras.Input(shape=(window_size, 1)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8, return_sequences=True)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8)),
    tf.keras.layers.Dense(1),
    tf.keras.layers.Lambda(lambda x: x * 100.0)
])

# Print the model summary
model_tune.summary()

# Set the learning rate scheduler
lr_schedule = tf.keras.callbacks.LearningRateScheduler(
    lambda epoch: 1e-8 * 10**(epoch / 20))

# Initialize the optimizer
optimizer = tf.keras.optimizers.SGD(momentum=0.9)

# Set the training parameters
model_tune.compile(loss=tf.keras.losses.Huber(), optimizer=optimizer)

# Train the model
history = model_tune.fit(dataset[0], dataset[1], batch_size=batch_size, shuffle=False,
                         epochs=3, callbacks=[lr_schedule])

# Define the learning rate array
lrs = 1e-8 * (10 ** (np.arange(3) / 20))

print(list(zip(lrs, history.history["loss"])))

# Reset states generated by Keras
tf.keras.backend.clear_session()

# Build the model
model = tf.keras.models.Sequential([
    tf.keras.Input(shape=(window_size, 1)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8, return_sequences=True)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8)),
    tf.keras.layers.Dense(1),
    tf.keras.layers.Lambda(lambda x: x * 100.0)
])

# Set the learning rate
learning_rate = 2e-6

# Set the optimizer 
optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)

# Set the training parameters
model.compile(loss=tf.keras.losses.Huber(),
              optimizer=optimizer,
              metrics=["mae"])

# Train the model
history = model.fit(dataset[0], dataset[1], batch_size=batch_size, shuffle=False, epochs=2)

def model_forecast(model, series, window_size, batch_size):
    # Add an axis for the feature dimension of RNN layers
    series = np.expand_dims(series, axis=-1)

    # Window the data but only take those with the specified size
    windows = np.stack([series[i:i + window_size]
                        for i in range(len(series) - window_size + 1)])

    # Get predictions on the entire dataset
    forecast = model.predict(windows, batch_size=batch_size, verbose=0)
    
    return forecast

# Reduce the original series
forecast_series = series[split_time-window_size:-1]

# Use helper function to generate predictions
forecast = model_forecast(model, forecast_series, window_size, batch_size)

# Drop single dimensional axis
results = forecast.squeeze()

# Compute the MSE and MAE
print(tf.keras.metrics.mse(x_valid, results).numpy())
print(tf.keras.metrics.mae(x_valid, results).numpy())

# Generate data windows of the validation set
val_set = windowed_dataset(x_valid, window_size, batch_size, shuffle_buffer_size)

# Reset states generated by Keras
tf.keras.backend.clear_session()

# Build the model
model = tf.keras.models.Sequential([
    tf.keras.Input(shape=(window_size, 1)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8, return_sequences=True)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8)),
    tf.keras.layers.Dense(1),
    tf.keras.layers.Lambda(lambda x: x * 100.0)
])

# Set the learning rate
learning_rate = 2e-6

# Set the optimizer 
optimizer = tf.keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)

# Set the training parameters
model.compile(loss=tf.keras.losses.Huber(),
              optimizer=optimizer,
              metrics=["mae"])

# Train the model
history = model.fit(dataset[0], dataset[1], batch_size=batch_size, shuffle=False, epochs=2,
                    validation_data=val_set)
print(history.history)
