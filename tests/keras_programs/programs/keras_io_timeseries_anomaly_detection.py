# source: keras-team/keras-io examples/timeseries/timeseries_anomaly_detection.py (the Keras 3 version: `import keras`, `from keras import layers`)
# commit: unknown: the stored copy (code index file id 1823957298) names no commit, and the repository snapshot is too large to fetch
# keras: keras
# exercises: keras.Sequential of layers.Input, Conv1D(padding="same", strides=2, activation="relu"), Dropout, Conv1DTranspose(padding="same", strides=2) down to one filter, compile with keras.optimizers.Adam(learning_rate=0.001) and loss "mse", fit of an autoencoder (x as input and target) with validation_split=0.1 and EarlyStopping(monitor="val_loss", patience=5, mode="min"), history.history["loss"], predict on the training and test windows, numpy reconstruction-error thresholds
# reduced: the two NAB series are made with numpy (151 steps of a 32-step daily wave plus noise; the test series jumps up for 12 steps) instead of pandas.read_csv of the NAB CSV files, so they are (steps, 1) arrays and the pandas calls become numpy ones: head() -> [:5], mean() -> mean(axis=0), std() -> std(axis=0, ddof=1) (pandas' sample std), .values dropped, iloc[indices] -> [indices]; TIME_STEPS 32 instead of 288 (120 windows, 108 after validation_split, so each epoch is one batch of 128 or fewer and fit's shuffling cannot change the result); Dropout rate 0 instead of 0.2 (random masks cannot match); 10 epochs instead of 50; no plots (they need matplotlib)
import numpy as np
import keras
from keras import layers

steps = np.arange(151)
daily = 20 + 60 * np.clip(np.sin(2 * np.pi * steps / 32), 0, None)
df_small_noise = (daily + np.random.normal(size=151))[:, None]
df_daily_jumpsup = (daily + np.random.normal(size=151) + 70 * ((steps >= 90) & (steps < 102)))[:, None]

print(df_small_noise[:5])

print(df_daily_jumpsup[:5])


# Normalize and save the mean and std we get,
# for normalizing test data.
training_mean = df_small_noise.mean(axis=0)
training_std = df_small_noise.std(axis=0, ddof=1)
df_training_value = (df_small_noise - training_mean) / training_std
print("Number of training samples:", len(df_training_value))


TIME_STEPS = 32


# Generated training sequences for use in the model.
def create_sequences(values, time_steps=TIME_STEPS):
    output = []
    for i in range(len(values) - time_steps + 1):
        output.append(values[i : (i + time_steps)])
    return np.stack(output)


x_train = create_sequences(df_training_value)
print("Training input shape: ", x_train.shape)


model = keras.Sequential(
    [
        layers.Input(shape=(x_train.shape[1], x_train.shape[2])),
        layers.Conv1D(
            filters=32,
            kernel_size=7,
            padding="same",
            strides=2,
            activation="relu",
        ),
        layers.Dropout(rate=0.0),
        layers.Conv1D(
            filters=16,
            kernel_size=7,
            padding="same",
            strides=2,
            activation="relu",
        ),
        layers.Conv1DTranspose(
            filters=16,
            kernel_size=7,
            padding="same",
            strides=2,
            activation="relu",
        ),
        layers.Dropout(rate=0.0),
        layers.Conv1DTranspose(
            filters=32,
            kernel_size=7,
            padding="same",
            strides=2,
            activation="relu",
        ),
        layers.Conv1DTranspose(filters=1, kernel_size=7, padding="same"),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
model.summary()


history = model.fit(
    x_train,
    x_train,
    epochs=10,
    batch_size=128,
    validation_split=0.1,
    callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, mode="min")],
)

print(history.history["loss"], history.history["val_loss"])

# Get train MAE loss.
x_train_pred = model.predict(x_train)
train_mae_loss = np.mean(np.abs(x_train_pred - x_train), axis=1)

# Get reconstruction loss threshold.
threshold = np.max(train_mae_loss)
print("Reconstruction error threshold: ", threshold)


df_test_value = (df_daily_jumpsup - training_mean) / training_std

# Create sequences from test values.
x_test = create_sequences(df_test_value)
print("Test input shape: ", x_test.shape)

# Get test MAE loss.
x_test_pred = model.predict(x_test)
test_mae_loss = np.mean(np.abs(x_test_pred - x_test), axis=1)
test_mae_loss = test_mae_loss.reshape((-1))

# Detect all the samples which are anomalies.
anomalies = test_mae_loss > threshold
print("Number of anomaly samples: ", np.sum(anomalies))
print("Indices of anomaly samples: ", np.where(anomalies))

# data i is an anomaly if samples [(i - timesteps + 1) to (i)] are anomalies
anomalous_data_indices = []
for data_idx in range(TIME_STEPS - 1, len(df_test_value) - TIME_STEPS + 1):
    if np.all(anomalies[data_idx - TIME_STEPS + 1 : data_idx]):
        anomalous_data_indices.append(data_idx)

df_subset = df_daily_jumpsup[anomalous_data_indices]
print("Anomalous data indices: ", anomalous_data_indices)
