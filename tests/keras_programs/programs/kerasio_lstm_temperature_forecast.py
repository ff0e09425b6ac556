# source: keras-team/keras-io examples/timeseries/timeseries_forecasting_with_lstm_for_temperature_prediction.py ("Timeseries forecasting with LSTM for temperature prediction", Falak Shah, 2020/06/28: `from tensorflow import keras`, tf.keras.preprocessing.timeseries_dataset_from_array)
# commit: 1301c62f5512dbdf2c0d9e5ddd1a7aa9295b0516
# keras: tf_keras
# exercises: `from tensorflow import keras`, `from tensorflow.keras import layers`, `import tensorflow as tf`; tf.keras.preprocessing.timeseries_dataset_from_array(X, y, sequence_length=10, sequence_stride=1) with the default batch_size and with batch_size=X_validation.shape[0] - 10; iterating a dataset (`for batch in dataset_train: inputs, targets = batch; break`), inputs.numpy(), targets.numpy().shape, printing a batch tensor; keras.Sequential of layers.Input(shape=(inputs.shape[1], inputs.shape[2])), LSTM(20, return_sequences=False), Dense(1); compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse"); summary; fit(dataset, epochs, validation_data=dataset); history.history["loss"/"val_loss"]; next(iter(dataset_validation)), model.predict on the tensor, target_validation.numpy()
# reduced: the Austin weather CSV (a wget) and pandas replaced by numpy: 3 years of made-up daily dates (year, month, day columns) and a seasonal temperature with seeded noise, all on a small scale (temperature / 100, month / 12, day / 31): on the CSV's raw Fahrenheit values and day numbers the LSTM's gates saturate, their tiny gradients meet Adam's normalization, and Keras's own TensorFlow and torch backends end 0.017 apart in the kernel after one epoch (scratch/lstm_chaos.py); the DataFrame's shift(-10) + dropna by a slice; the year < 2016 / > 2016 split by numpy masks over the made-up years (2015 train, 2017 validation); epochs 200 -> 3; the matplotlib plots left out (their data printed instead)
from tensorflow import keras
from tensorflow.keras import layers

import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)

# Load the data (made up: three years of daily data, as the CSV's columns)
years = np.repeat([2015, 2016, 2017], 365)
day_of_year = np.tile(np.arange(365), 3)
month = (day_of_year // 31 + 1) / 12
day = (day_of_year % 31 + 1) / 31
temp_avg = 70 + 20 * np.sin(2 * np.pi * day_of_year / 365) + rng.normal(0, 3, size=years.shape)
temp_avg = np.round(temp_avg) / 100

"""
## Input data preparation
"""
target = np.concatenate([temp_avg[10:], np.full(10, np.nan)])
keep = ~np.isnan(target)
years, temp_avg, month, day, target = years[keep], temp_avg[keep], month[keep], day[keep], target[keep]

# Train and validation split
train_mask = years < 2016
validation_mask = years > 2016

# Extract the required features and target from the dataframe
X_train = np.stack([temp_avg, month, day], axis=1)[train_mask]
y_train = target[train_mask]
X_validation = np.stack([temp_avg, month, day], axis=1)[validation_mask]
y_validation = target[validation_mask]

dataset_train = tf.keras.preprocessing.timeseries_dataset_from_array(
    X_train, y_train, sequence_length=10, sequence_stride=1
)
dataset_validation = tf.keras.preprocessing.timeseries_dataset_from_array(
    X_validation,
    y_validation,
    sequence_length=10,
    batch_size=X_validation.shape[0] - 10,
    sequence_stride=1,
)

# A sneak peek at the data
for batch in dataset_train:
    inputs, targets = batch
    break
inp_arr = inputs.numpy()
print("Input shape:  {}".format(inp_arr.shape))
print("Target shape: {}".format(targets.numpy().shape))

print("Sample of input:")
print(inp_arr[0], "\n\n", inp_arr[1])

print("Targets: \n {}".format(targets))

"""
## Build the LSTM based model
"""
model = keras.Sequential(
    [
        layers.Input(shape=(inputs.shape[1], inputs.shape[2])),
        # Uncomment below line if you want to use intermediate layers.
        # layers.LSTM(20, return_sequences=True),
        layers.LSTM(20, return_sequences=False),
        layers.Dense(1),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
model.summary()

"""
## Train the model
"""
history = model.fit(dataset_train, epochs=3, validation_data=dataset_validation)

print(history.history["loss"], history.history["val_loss"])

"""
## Visualize results on validation set
"""
input_validation, target_validation = next(iter(dataset_validation))
output_validation = model.predict(input_validation)

print(target_validation.numpy()[:5], output_validation[:5])
