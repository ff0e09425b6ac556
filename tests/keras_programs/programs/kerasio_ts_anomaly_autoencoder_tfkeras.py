# source: keras-team/keras-io examples/structured_data/time_series_anomaly_using_autoencoder.py ("Timeseries anomaly detection using an Autoencoder", pavithrasv, 2020/05/31: the early tf.keras copy filed under structured_data, `from tensorflow.keras import layers`, `from tensorflow.keras import Sequential`, tf.keras.optimizers / tf.keras.callbacks)
# commit: 40cd96eba14b066a35bb3144e7ca05c4a785b550
# keras: tf_keras
# exercises: `import tensorflow as tf` for tf.keras.optimizers.Adam and tf.keras.callbacks.EarlyStopping, `from tensorflow.keras import layers`, `from tensorflow.keras import Sequential`; normalize() with in-place `values -= mean` on a numpy array; create_sequences building overlapping windows and np.expand_dims(output, axis=2) of a list of arrays; Sequential of layers.Input(shape=(T, 1)), Conv1D(filters, kernel_size=7, padding="same", strides=2), Dropout(rate=), Conv1D(strides=2), Conv1DTranspose(filters, kernel_size=7, padding="same", strides=2) twice, Conv1DTranspose(filters=1, kernel_size=7, padding="same"); compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001), loss="mse"); summary; fit(x, x, epochs, batch_size, validation_split=0.1, callbacks=[EarlyStopping(monitor="val_loss", patience=5, mode="min")]); history.history; predict on train and test windows, per-window MAE, max as threshold, anomalies by comparison, the data-index scan over consecutive anomalous windows
# reduced: the two NAB CSV downloads (pandas read_csv of art_daily_small_noise / art_daily_jumpsup) replaced by made-up 5-minute series in numpy: a daily sinusoid of 48 steps per "day" plus seeded noise for training, the same with a jump up in one stretch for testing (get_value_from_df returns a numpy float array instead of df.value.to_list(), as normalize's in-place `-=` needs; the example's list would fail there); TIME_STEPS 288 -> 48; 6 "days" (288 points) instead of 14; filters 32/16 -> 8/4; Dropout(rate=0.2) -> 0.0 (random masks cannot match); epochs 50 -> 3, batch_size 128 -> 64; fit with shuffle=False (Keras's shuffled order is its own random draw); the matplotlib plots, the datetime parsing of timestamps and the DataFrame iloc of anomalies left out (their indices printed instead)
import numpy as np
import tensorflow as tf

from tensorflow.keras import layers
from tensorflow.keras import Sequential

"""
## Load the data (made up)
"""
rng = np.random.default_rng(0)
t = np.arange(288)
small_noise_value = 20 + 10 * np.sin(2 * np.pi * t / 48) + rng.normal(0, 0.5, size=t.shape)
jumpsup_value = 20 + 10 * np.sin(2 * np.pi * t / 48) + rng.normal(0, 0.5, size=t.shape)
jumpsup_value[150:170] += 25


def get_value_from_df(values):
    return np.array(values, dtype="float64")


def normalize(values):
    mean = np.mean(values)
    values -= mean
    std = np.std(values)
    values /= std
    return values, mean, std


# Get the `value` column from the training dataframe.
training_value = get_value_from_df(small_noise_value)

# Normalize `value` and save the mean and std we get, for normalizing test data.
training_value, training_mean, training_std = normalize(training_value)
print(len(training_value))

TIME_STEPS = 48


def create_sequences(values, time_steps=TIME_STEPS):
    output = []
    for i in range(len(values) - time_steps):
        output.append(values[i : (i + time_steps)])
    # Convert 2D sequences into 3D as we will be feeding this into
    # a convolutional layer.
    return np.expand_dims(output, axis=2)


x_train = create_sequences(training_value)
print("Training input shape: ", x_train.shape)

model = Sequential(
    [
        layers.Input(shape=(x_train.shape[1], x_train.shape[2])),
        layers.Conv1D(filters=8, kernel_size=7, padding="same", strides=2),
        layers.Dropout(rate=0.0),
        layers.Conv1D(filters=4, kernel_size=7, padding="same", strides=2),
        layers.Conv1DTranspose(filters=4, kernel_size=7, padding="same", strides=2),
        layers.Dropout(rate=0.0),
        layers.Conv1DTranspose(filters=8, kernel_size=7, padding="same", strides=2),
        layers.Conv1DTranspose(filters=1, kernel_size=7, padding="same"),
    ]
)
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.001), loss="mse")
model.summary()

history = model.fit(
    x_train,
    x_train,
    epochs=3,
    batch_size=64,
    validation_split=0.1,
    shuffle=False,
    callbacks=[
        tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, mode="min")
    ],
)
print(history.history["loss"], history.history["val_loss"])

# Get train MAE loss.
x_train_pred = model.predict(x_train)
train_mae_loss = np.mean(np.abs(x_train_pred - x_train), axis=1)

# Get reconstruction loss threshold.
threshold = np.max(train_mae_loss)
print("Reconstruction error threshold: ", threshold)


def normalize_test(values, mean, std):
    values -= mean
    values /= std
    return values


test_value = get_value_from_df(jumpsup_value)
test_value = normalize_test(test_value, training_mean, training_std)

# Create sequences from test values.
x_test = create_sequences(test_value)
print("Test input shape: ", x_test.shape)

# Get test MAE loss.
x_test_pred = model.predict(x_test)
test_mae_loss = np.mean(np.abs(x_test_pred - x_test), axis=1)
test_mae_loss = test_mae_loss.reshape((-1))

# Detect all the samples which are anomalies.
anomalies = (test_mae_loss > threshold).tolist()
print("Number of anomaly samples: ", np.sum(anomalies))
print("Indices of anomaly samples: ", np.where(anomalies))

# data i is an anomaly if samples [(i - timesteps + 1) to (i)] are anomalies
anomalous_data_indices = []
for data_idx in range(TIME_STEPS - 1, len(test_value) - TIME_STEPS + 1):
    time_series = range(data_idx - TIME_STEPS + 1, data_idx)
    if all([anomalies[j] for j in time_series]):
        anomalous_data_indices.append(data_idx)
print(anomalous_data_indices)
