# source: fchollet/deep-learning-with-python-notebooks chapter13_timeseries-forecasting.ipynb (Deep Learning with Python, 3rd edition, chapter 13 "Timeseries forecasting"; Keras 3, `import keras`; its code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: keras
# exercises: Keras 3 (`import keras`, `from keras import layers`); the Jena CSV parsed by hand into numpy arrays and normalized; keras.utils.timeseries_dataset_from_array on a toy integer sequence (iterated, int() of its elements) and with sampling_rate, sequence_length, batch_size, start_index and end_index (and none) for train/val/test datasets; a common-sense baseline over a dataset (samples[:, -1, 1] * std[1] + mean[1]); functional keras.Input + Flatten + Dense(relu); Conv1D + MaxPooling1D + GlobalAveragePooling1D; LSTM(16); LSTM(32, recurrent_dropout) + Dropout; stacked GRU(return_sequences=True) + GRU(recurrent_dropout); Bidirectional(LSTM(16)); compile(optimizer="adam", loss="mse", metrics=["mae"]); fit on datasets with validation_data a dataset and ModelCheckpoint(path.keras, save_best_only=True); keras.models.load_model of the .keras file and evaluate(test_dataset)[1]; history.history["mae"] / ["val_mae"]; a NumPy SimpleRNN by hand; SimpleRNN on Input(shape=(None, 14)) and (120, 14), return_sequences False / True, stacked, output .shape printed
# reduced: the pip-install cell, the KERAS_BACKEND="jax" cell and the IPython cell-magic cell dropped (the reference runs Keras 3 on TensorFlow); the Jena climate download (!wget, !unzip) replaced by a CSV file jena_climate_2009_2016.csv written by the program itself: 3000 rows of made-up 10-minute readings of the same "Date Time" + 14 columns (numpy RandomState(0): daily and yearly waves plus noise), no trailing newline, so the notebook's reading and parsing cells run unchanged; plots (matplotlib cells; the plotting cell after the dense model reduced to reading history.history["mae"] / ["val_mae"]) dropped; sequence_length 120 -> 24 for the datasets (the SimpleRNN shape cells keep steps = 120), so the Conv1D kernels 24/12/6 -> 6/3/2; shuffle=True -> False in the three datasets (tf.data's shuffle order cannot match); epochs 10 / 50 -> 2; recurrent_dropout 0.25 / 0.5 and Dropout 0.5 -> 0.0 (random masks cannot match); batch_size 256 kept
import numpy as np

_rng = np.random.RandomState(0)
_rows = 3000
_hours = np.arange(_rows) / 6.0
_daily = np.sin(2 * np.pi * _hours / 24.0)
_yearly = np.sin(2 * np.pi * _hours / (24.0 * 365.2425))
_T = 2.0 + 5.0 * _daily + 8.0 * _yearly + _rng.normal(scale=1.0, size=_rows)
_p = 990.0 + 8.0 * np.sin(2 * np.pi * _hours / 170.0) + _rng.normal(scale=0.5, size=_rows)
_rh = np.clip(75.0 - 10.0 * _daily + _rng.normal(scale=5.0, size=_rows), 10.0, 100.0)
_VPmax = 6.1 * np.exp(17.6 * _T / (_T + 243.0))
_VPact = _VPmax * _rh / 100.0
_wv = np.abs(2.0 + _rng.normal(scale=1.2, size=_rows))
_columns = [
    _p, _T, _T + 273.15 + (1000.0 - _p) * 0.0287, _T - (100.0 - _rh) / 5.0, _rh, _VPmax, _VPact,
    _VPmax - _VPact, 622.0 * _VPact / _p, 1000.0 * _VPact / _p, 1.2e5 * _p / (287.0 * (_T + 273.15)) / 10.0,
    _wv, _wv + np.abs(_rng.normal(scale=1.0, size=_rows)), _rng.uniform(0.0, 360.0, size=_rows),
]
_header = ('"Date Time","p (mbar)","T (degC)","Tpot (K)","Tdew (degC)","rh (%)","VPmax (mbar)",'
           '"VPact (mbar)","VPdef (mbar)","sh (g/kg)","H2OC (mmol/mol)","rho (g/m**3)","wv (m/s)",'
           '"max. wv (m/s)","wd (deg)"')
_lines = [_header]
for _i in range(_rows):
    _minutes = 10 * (_i + 1)
    _stamp = "%02d.01.2009 %02d:%02d:00" % (1 + _minutes // 1440, (_minutes // 60) % 24, _minutes % 60)
    _lines.append(",".join([_stamp] + ["%.2f" % _c[_i] for _c in _columns]))
with open("jena_climate_2009_2016.csv", "w") as _f:
    _f.write("\n".join(_lines))

import os

fname = os.path.join("jena_climate_2009_2016.csv")

with open(fname) as f:
    data = f.read()

lines = data.split("\n")
header = lines[0].split(",")
lines = lines[1:]
print(header)
print(len(lines))

import numpy as np

temperature = np.zeros((len(lines),))
raw_data = np.zeros((len(lines), len(header) - 1))

for i, line in enumerate(lines):
    values = [float(x) for x in line.split(",")[1:]]
    temperature[i] = values[1]
    raw_data[i, :] = values[:]

num_train_samples = int(0.5 * len(raw_data))
num_val_samples = int(0.25 * len(raw_data))
num_test_samples = len(raw_data) - num_train_samples - num_val_samples
print("num_train_samples:", num_train_samples)
print("num_val_samples:", num_val_samples)
print("num_test_samples:", num_test_samples)

mean = raw_data[:num_train_samples].mean(axis=0)
raw_data -= mean
std = raw_data[:num_train_samples].std(axis=0)
raw_data /= std

import numpy as np
import keras

int_sequence = np.arange(10)
dummy_dataset = keras.utils.timeseries_dataset_from_array(
    data=int_sequence[:-3],
    targets=int_sequence[3:],
    sequence_length=3,
    batch_size=2,
)

for inputs, targets in dummy_dataset:
    for i in range(inputs.shape[0]):
        print([int(x) for x in inputs[i]], int(targets[i]))

sampling_rate = 6
sequence_length = 24
delay = sampling_rate * (sequence_length + 24 - 1)
batch_size = 256

train_dataset = keras.utils.timeseries_dataset_from_array(
    raw_data[:-delay],
    targets=temperature[delay:],
    sampling_rate=sampling_rate,
    sequence_length=sequence_length,
    shuffle=False,
    batch_size=batch_size,
    start_index=0,
    end_index=num_train_samples,
)

val_dataset = keras.utils.timeseries_dataset_from_array(
    raw_data[:-delay],
    targets=temperature[delay:],
    sampling_rate=sampling_rate,
    sequence_length=sequence_length,
    shuffle=False,
    batch_size=batch_size,
    start_index=num_train_samples,
    end_index=num_train_samples + num_val_samples,
)

test_dataset = keras.utils.timeseries_dataset_from_array(
    raw_data[:-delay],
    targets=temperature[delay:],
    sampling_rate=sampling_rate,
    sequence_length=sequence_length,
    shuffle=False,
    batch_size=batch_size,
    start_index=num_train_samples + num_val_samples,
)

for samples, targets in train_dataset:
    print("samples shape:", samples.shape)
    print("targets shape:", targets.shape)
    break

def evaluate_naive_method(dataset):
    total_abs_err = 0.0
    samples_seen = 0
    for samples, targets in dataset:
        preds = samples[:, -1, 1] * std[1] + mean[1]
        total_abs_err += np.sum(np.abs(preds - targets))
        samples_seen += samples.shape[0]
    return total_abs_err / samples_seen

print(f"Validation MAE: {evaluate_naive_method(val_dataset):.2f}")
print(f"Test MAE: {evaluate_naive_method(test_dataset):.2f}")

import keras
from keras import layers

inputs = keras.Input(shape=(sequence_length, raw_data.shape[-1]))
x = layers.Flatten()(inputs)
x = layers.Dense(16, activation="relu")(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

callbacks = [
    keras.callbacks.ModelCheckpoint("jena_dense.keras", save_best_only=True)
]
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
history = model.fit(
    train_dataset,
    epochs=2,
    validation_data=val_dataset,
    callbacks=callbacks,
)

model = keras.models.load_model("jena_dense.keras")
print(f"Test MAE: {model.evaluate(test_dataset)[1]:.2f}")

loss = history.history["mae"]
val_loss = history.history["val_mae"]
epochs = range(1, len(loss) + 1)

inputs = keras.Input(shape=(sequence_length, raw_data.shape[-1]))
x = layers.Conv1D(8, 6, activation="relu")(inputs)
x = layers.MaxPooling1D(2)(x)
x = layers.Conv1D(8, 3, activation="relu")(x)
x = layers.MaxPooling1D(2)(x)
x = layers.Conv1D(8, 2, activation="relu")(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

callbacks = [
    keras.callbacks.ModelCheckpoint("jena_conv.keras", save_best_only=True)
]
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
history = model.fit(
    train_dataset,
    epochs=2,
    validation_data=val_dataset,
    callbacks=callbacks,
)

model = keras.models.load_model("jena_conv.keras")
print(f"Test MAE: {model.evaluate(test_dataset)[1]:.2f}")

inputs = keras.Input(shape=(sequence_length, raw_data.shape[-1]))
x = layers.LSTM(16)(inputs)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

callbacks = [
    keras.callbacks.ModelCheckpoint("jena_lstm.keras", save_best_only=True)
]
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
history = model.fit(
    train_dataset,
    epochs=2,
    validation_data=val_dataset,
    callbacks=callbacks,
)

model = keras.models.load_model("jena_lstm.keras")
print("Test MAE: {model.evaluate(test_dataset)[1]:.2f}")

import numpy as np

timesteps = 100
input_features = 32
output_features = 64
inputs = np.random.random((timesteps, input_features))
state_t = np.zeros((output_features,))
W = np.random.random((output_features, input_features))
U = np.random.random((output_features, output_features))
b = np.random.random((output_features,))
successive_outputs = []
for input_t in inputs:
    output_t = np.tanh(np.dot(W, input_t) + np.dot(U, state_t) + b)
    successive_outputs.append(output_t)
    state_t = output_t
final_output_sequence = np.concatenate(successive_outputs, axis=0)

num_features = 14
inputs = keras.Input(shape=(None, num_features))
outputs = layers.SimpleRNN(16)(inputs)

num_features = 14
steps = 120
inputs = keras.Input(shape=(steps, num_features))
outputs = layers.SimpleRNN(16, return_sequences=False)(inputs)
print(outputs.shape)

num_features = 14
steps = 120
inputs = keras.Input(shape=(steps, num_features))
outputs = layers.SimpleRNN(16, return_sequences=True)(inputs)
print(outputs.shape)

inputs = keras.Input(shape=(steps, num_features))
x = layers.SimpleRNN(16, return_sequences=True)(inputs)
x = layers.SimpleRNN(16, return_sequences=True)(x)
outputs = layers.SimpleRNN(16)(x)

inputs = keras.Input(shape=(sequence_length, raw_data.shape[-1]))
x = layers.LSTM(32, recurrent_dropout=0.0)(inputs)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

callbacks = [
    keras.callbacks.ModelCheckpoint(
        "jena_lstm_dropout.keras", save_best_only=True
    )
]
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
history = model.fit(
    train_dataset,
    epochs=2,
    validation_data=val_dataset,
    callbacks=callbacks,
)

inputs = keras.Input(shape=(sequence_length, raw_data.shape[-1]))
x = layers.GRU(32, recurrent_dropout=0.0, return_sequences=True)(inputs)
x = layers.GRU(32, recurrent_dropout=0.0)(x)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

callbacks = [
    keras.callbacks.ModelCheckpoint(
        "jena_stacked_gru_dropout.keras", save_best_only=True
    )
]
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
history = model.fit(
    train_dataset,
    epochs=2,
    validation_data=val_dataset,
    callbacks=callbacks,
)
model = keras.models.load_model("jena_stacked_gru_dropout.keras")
print(f"Test MAE: {model.evaluate(test_dataset)[1]:.2f}")

inputs = keras.Input(shape=(sequence_length, raw_data.shape[-1]))
x = layers.Bidirectional(layers.LSTM(16))(inputs)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="mse", metrics=["mae"])
history = model.fit(
    train_dataset,
    epochs=2,
    validation_data=val_dataset,
)
