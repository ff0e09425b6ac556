# source: Hvass-Labs/TensorFlow-Tutorials 23_Time-Series-Prediction.ipynb (Magnus Erik Hvass Pedersen's widely followed TensorFlow tutorial #23 "Time-Series Prediction": a GRU forecasting Odense's temperature, wind speed and pressure 24 hours ahead from five Danish cities' weather)
# commit: d5f33973570fe6ef9c78c8a38c7449a932c81010
# keras: tf_keras
# exercises: `from tensorflow.keras.models/layers/optimizers/callbacks import ...` and `from tensorflow.keras.backend import square, mean`; a Sequential GRU(units, return_sequences=True, input_shape=(None, 20)) + Dense(3, activation='sigmoid'); a loss function of its own (loss_mse_warmup: y_true[:, warmup_steps:, :] and y_pred sliced alike, mean(square(...)) to a scalar); RMSprop(lr=1e-3) (the old `lr` keyword); a Python generator yielding random windows as float16 arrays, fit(x=generator, epochs, steps_per_epoch, validation_data=(one whole test sequence of batch 1)); callbacks EarlyStopping(monitor='val_loss', patience=5), ModelCheckpoint('23_checkpoint.keras', monitor='val_loss', save_weights_only=True, save_best_only=True), TensorBoard(log_dir, histogram_freq=0, write_graph=False) made but left out of the list (see reduced), ReduceLROnPlateau(factor=0.1, min_lr=1e-4, patience=0); model.load_weights(path_checkpoint) inside try/except; evaluate on the whole test sequence; predict on 100-step windows, MinMaxScaler inverse_transform of the predictions
# reduced: the TensorBoard callback made as in the notebook but left out of the callbacks list (tensorboard is not installed in the Keras venv, so TF's tf.summary fails there); the weather data of five Danish cities (weather.py: a download of NCDC data and a pandas resample) replaced by 2,000 hours of 18 made-up signals (temperature, pressure, wind speed, wind direction per city, two pressures dropped as in the notebook) plus day-of-year and hour columns (numpy); pandas replaced by numpy (the target DataFrame's shift(-shift_steps) by a slice of the target columns); sklearn's MinMaxScaler replaced by its min / max arithmetic; GRU units 512 -> 16; batch_size 256 -> 8; sequence_length 24*7*8 -> 24*4; steps_per_epoch 100 -> 5; epochs 20 -> 3; the plots (matplotlib) and the __version__ cells left out, plot_comparison's plotting replaced by a print of each signal's mean absolute error; plot_comparison called with start indices 100 and 1000 (the notebook's 100000 and 200000 are beyond the made-up data)
import tensorflow as tf
import numpy as np
import os

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Dense, GRU, Embedding
from tensorflow.keras.optimizers import RMSprop
from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint, TensorBoard, ReduceLROnPlateau
from tensorflow.keras.backend import square, mean


class MinMaxScaler:
    def fit_transform(self, X):
        self.data_min_ = X.min(axis=0)
        self.data_max_ = X.max(axis=0)
        self.scale_ = 1.0 / (self.data_max_ - self.data_min_)
        self.min_ = -self.data_min_ * self.scale_
        return self.transform(X)

    def transform(self, X):
        return X * self.scale_ + self.min_

    def inverse_transform(self, X):
        return (X - self.min_) / self.scale_


# weather.load_resampled_data(): five cities x (Temp, Pressure, WindSpeed, WindDir), hourly
cities = ['Aalborg', 'Aarhus', 'Esbjerg', 'Odense', 'Roskilde']
hours = np.arange(2000 + 24)
columns, values = [], []
for c, city in enumerate(cities):
    for name in ['Temp', 'Pressure', 'WindSpeed', 'WindDir']:
        if name == 'Temp':
            v = 8 + 8 * np.sin(2 * np.pi * (hours / 24.0 - 0.3)) + 0.5 * c + np.random.randn(len(hours))
        elif name == 'Pressure':
            v = 1010 + np.cumsum(np.random.randn(len(hours)) * 0.3)
        elif name == 'WindSpeed':
            v = np.abs(5 + np.cumsum(np.random.randn(len(hours)) * 0.2))
        else:
            v = np.mod(180 + np.cumsum(np.random.randn(len(hours)) * 5), 360)
        columns.append((city, name))
        values.append(v)
keep = [i for i, col in enumerate(columns) if col not in [('Esbjerg', 'Pressure'), ('Roskilde', 'Pressure')]]
columns = [columns[i] for i in keep]
df_values = np.stack([values[i] for i in keep], axis=1)

# df['Various', 'Day'] = df.index.dayofyear; df['Various', 'Hour'] = df.index.hour
df_values = np.concatenate([df_values, (1 + hours // 24)[:, None], (hours % 24)[:, None]], axis=1)
columns += [('Various', 'Day'), ('Various', 'Hour')]

target_city = 'Odense'

target_names = ['Temp', 'WindSpeed', 'Pressure']

shift_days = 1
shift_steps = shift_days * 24  # Number of hours.

target_columns = [columns.index((target_city, name)) for name in target_names]
df_targets = np.concatenate([df_values[shift_steps:, target_columns], np.full((shift_steps, 3), np.nan)])

x_data = df_values[0:-shift_steps]

print(type(x_data))
print("Shape:", x_data.shape)

y_data = df_targets[:-shift_steps]

print(type(y_data))
print("Shape:", y_data.shape)

num_data = len(x_data)

train_split = 0.9

num_train = int(train_split * num_data)

num_test = num_data - num_train

x_train = x_data[0:num_train]
x_test = x_data[num_train:]

y_train = y_data[0:num_train]
y_test = y_data[num_train:]

num_x_signals = x_data.shape[1]

num_y_signals = y_data.shape[1]

print("Min:", np.min(x_train))
print("Max:", np.max(x_train))

x_scaler = MinMaxScaler()

x_train_scaled = x_scaler.fit_transform(x_train)

print("Min:", np.min(x_train_scaled))
print("Max:", np.max(x_train_scaled))

x_test_scaled = x_scaler.transform(x_test)

y_scaler = MinMaxScaler()
y_train_scaled = y_scaler.fit_transform(y_train)
y_test_scaled = y_scaler.transform(y_test)

print(x_train_scaled.shape)
print(y_train_scaled.shape)

def batch_generator(batch_size, sequence_length):
    """
    Generator function for creating random batches of training-data.
    """

    # Infinite loop.
    while True:
        # Allocate a new array for the batch of input-signals.
        x_shape = (batch_size, sequence_length, num_x_signals)
        x_batch = np.zeros(shape=x_shape, dtype=np.float16)

        # Allocate a new array for the batch of output-signals.
        y_shape = (batch_size, sequence_length, num_y_signals)
        y_batch = np.zeros(shape=y_shape, dtype=np.float16)

        # Fill the batch with random sequences of data.
        for i in range(batch_size):
            # Get a random start-index.
            # This points somewhere into the training-data.
            idx = np.random.randint(num_train - sequence_length)

            # Copy the sequences of data starting at this index.
            x_batch[i] = x_train_scaled[idx:idx+sequence_length]
            y_batch[i] = y_train_scaled[idx:idx+sequence_length]

        yield (x_batch, y_batch)

batch_size = 8

sequence_length = 24 * 4

generator = batch_generator(batch_size=batch_size,
                            sequence_length=sequence_length)

x_batch, y_batch = next(generator)

print(x_batch.shape)
print(y_batch.shape)

validation_data = (np.expand_dims(x_test_scaled, axis=0),
                   np.expand_dims(y_test_scaled, axis=0))

model = Sequential()

model.add(GRU(units=16,
              return_sequences=True,
              input_shape=(None, num_x_signals,)))

model.add(Dense(num_y_signals, activation='sigmoid'))

warmup_steps = 50

def loss_mse_warmup(y_true, y_pred):
    """
    Calculate the Mean Squared Error between y_true and y_pred,
    but ignore the beginning "warmup" part of the sequences.

    y_true is the desired output.
    y_pred is the model's output.
    """

    # The shape of both input tensors are:
    # [batch_size, sequence_length, num_y_signals].

    # Ignore the "warmup" parts of the sequences
    # by taking slices of the tensors.
    y_true_slice = y_true[:, warmup_steps:, :]
    y_pred_slice = y_pred[:, warmup_steps:, :]

    # These sliced tensors both have this shape:
    # [batch_size, sequence_length - warmup_steps, num_y_signals]

    # Calculat the Mean Squared Error and use it as loss.
    mse = mean(square(y_true_slice - y_pred_slice))

    return mse

optimizer = RMSprop(lr=1e-3)

model.compile(loss=loss_mse_warmup, optimizer=optimizer)

model.summary()

path_checkpoint = '23_checkpoint.keras'
callback_checkpoint = ModelCheckpoint(filepath=path_checkpoint,
                                      monitor='val_loss',
                                      verbose=1,
                                      save_weights_only=True,
                                      save_best_only=True)

callback_early_stopping = EarlyStopping(monitor='val_loss',
                                        patience=5, verbose=1)

callback_tensorboard = TensorBoard(log_dir='./23_logs/',
                                   histogram_freq=0,
                                   write_graph=False)

callback_reduce_lr = ReduceLROnPlateau(monitor='val_loss',
                                       factor=0.1,
                                       min_lr=1e-4,
                                       patience=0,
                                       verbose=1)

callbacks = [callback_early_stopping,
             callback_checkpoint,
             callback_reduce_lr]

model.fit(x=generator,
          epochs=3,
          steps_per_epoch=5,
          validation_data=validation_data,
          callbacks=callbacks)

try:
    model.load_weights(path_checkpoint)
except Exception as error:
    print("Error trying to load checkpoint.")
    print(error)

result = model.evaluate(x=np.expand_dims(x_test_scaled, axis=0),
                        y=np.expand_dims(y_test_scaled, axis=0))

print("loss (test-set):", result)

# If you have several metrics you can use this instead.
if False:
    for res, metric in zip(result, model.metrics_names):
        print("{0}: {1:.3e}".format(metric, res))

def plot_comparison(start_idx, length=100, train=True):
    """
    Plot the predicted and true output-signals.

    :param start_idx: Start-index for the time-series.
    :param length: Sequence-length to process and plot.
    :param train: Boolean whether to use training- or test-set.
    """

    if train:
        # Use training-data.
        x = x_train_scaled
        y_true = y_train
    else:
        # Use test-data.
        x = x_test_scaled
        y_true = y_test

    # End-index for the sequences.
    end_idx = start_idx + length

    # Select the sequences from the given start-index and
    # of the given length.
    x = x[start_idx:end_idx]
    y_true = y_true[start_idx:end_idx]

    # Input-signals for the model.
    x = np.expand_dims(x, axis=0)

    # Use the model to predict the output-signals.
    y_pred = model.predict(x)

    # The output of the model is between 0 and 1.
    # Do an inverse map to get it back to the scale
    # of the original data-set.
    y_pred_rescaled = y_scaler.inverse_transform(y_pred[0])

    # For each output-signal.
    for signal in range(len(target_names)):
        # Get the output-signal predicted by the model.
        signal_pred = y_pred_rescaled[:, signal]

        # Get the true output-signal from the data-set.
        signal_true = y_true[:, signal]

        print(target_names[signal], np.mean(np.abs(signal_pred - signal_true)))

plot_comparison(start_idx=100, length=1000, train=True)
plot_comparison(start_idx=1000, length=1000, train=True)
plot_comparison(start_idx=0, length=100, train=False)
