# source: marcopeix/TimeSeriesForecastingInPython CH15/CH15.ipynb and CH16/CH16.ipynb (M. Peixeiro, "Time Series Forecasting in Python", Manning 2022, chapters 15 "Remembering the past with LSTM" and 16 "Filtering a time series with CNN": single-step, multi-step and multi-output LSTM, Conv1D and Conv1D + LSTM forecasters of the Metro Interstate traffic data through the book's DataWindow; the two notebooks' code cells in order, their shared setup once)
# commit: 84ede361a2883d2a675ccaab559459a91a67e88b
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.preprocessing.timeseries_dataset_from_array and tf.initializers.zeros (the class, uncalled, as kernel_initializer); datasets fed to fit / evaluate (validation_data a dataset, evaluate verbose default and verbose=0), next(iter(ds)); compile_and_fit: compile(loss=MeanSquaredError(), optimizer=Adam(), metrics=[MeanAbsoluteError()]) and fit with EarlyStopping(monitor='val_loss', patience=3, mode='min'); Sequential without an input shape: LSTM(32, return_sequences=True) + Dense(1) / Dense(2) / Dense(1, kernel_initializer=zeros) over (batch, 24, 5) windows; Conv1D(filters=32, kernel_size=(3,), activation='relu') + Dense(32, relu) + Dense over a 3-step window (one output step) and a 26-step window (24 output steps), kernel_size=(KERNEL_WIDTH) as a bare int; Conv1D + two stacked LSTM(return_sequences=True) + Dense; multi-step Conv1D + LSTM + zero-initialised Dense; the book's slip of evaluating mo_cnn_model under the 'CNN + LSTM' key kept; evaluate results indexed [1]
# reduced: pandas, seaborn and matplotlib (not installed in the test environments) dropped: pd.read_csv of ../data/train.csv, val.csv and test.csv (the book's preprocessed, min-max scaled Metro Interstate traffic data: columns temp, clouds_all, traffic_volume, day_sin, day_cos; 12285 / 3510 / 1756 hourly rows) replaced by a stand-in pd.read_csv giving 360 / 120 / 100 made-up hourly rows of the same 5 columns (numpy RandomState(0): a daily wave in traffic_volume, temp drifting, clouds random, day_sin/day_cos as the book scales them), as a small frame object with .columns, .shape and the numpy array protocol; CH16's repeated imports, seeding, data loading, DataWindow and compile_and_fit cells not repeated (identical to CH15's); the plot cells, DataWindow.plot and the bar charts dropped (their mae lists printed); in DataWindow, TensorFlow's own ops (statefulrnn stands in for tf.keras, not TensorFlow): split_to_inputs_labels stacks the label columns with np.stack and the set_shape lines are dropped, and make_dataset makes the same windows with numpy and hands split_to_inputs_labels's labels to timeseries_dataset_from_array as targets (data=the rows, sequence_length=input_width: the same inputs and labels in the same order) instead of ds.map(self.split_to_inputs_labels), with shuffle=True -> False (tf.data's shuffle order cannot match); compile_and_fit first calls the model on the window's sample_batch inputs (built there, so that compile can hand it its starting weights: the book's Sequential models are first built by fit); max_epochs 50 -> 2
import datetime

import numpy as np
import tensorflow as tf

from tensorflow.keras import Model, Sequential

from tensorflow.keras.optimizers import Adam
from tensorflow.keras.callbacks import EarlyStopping
from tensorflow.keras.losses import MeanSquaredError
from tensorflow.keras.metrics import MeanAbsoluteError

from tensorflow.keras.layers import Dense, Conv1D, LSTM, Lambda, Reshape, RNN, LSTMCell

import warnings
warnings.filterwarnings('ignore')


class _Frame(object):
    # stand-in for the DataFrame pd.read_csv gives: its columns, shape and values
    def __init__(self, values, columns):
        self.values = values
        self.columns = columns
        self.shape = values.shape

    def __array__(self, dtype=None, copy=None):
        return self.values if dtype is None else self.values.astype(dtype)

    def __len__(self):
        return len(self.values)


class pd(object):
    # stand-in for pandas: read_csv of the book's preprocessed train / val / test splits
    _rows = {'../data/train.csv': (0, 360), '../data/val.csv': (360, 480), '../data/test.csv': (480, 580)}

    @staticmethod
    def read_csv(path, index_col=None):
        rng = np.random.RandomState(0)
        hours = np.arange(580)
        day = 2 * np.pi * (hours % 24) / 24.0
        temp = 0.6 + 0.2 * np.sin(2 * np.pi * hours / 400.0) + 0.03 * rng.normal(size=580)
        clouds_all = rng.uniform(0.0, 1.0, size=580)
        traffic_volume = np.clip(0.45 - 0.35 * np.cos(day) + 0.05 * rng.normal(size=580), 0.0, 1.0)
        day_sin = 0.5 * np.sin(day) + 0.5
        day_cos = 0.5 * np.cos(day) + 0.5
        values = np.stack([temp, clouds_all, traffic_volume, day_sin, day_cos], axis=1)
        start, stop = pd._rows[path]
        return _Frame(values[start:stop], ['temp', 'clouds_all', 'traffic_volume', 'day_sin', 'day_cos'])


print(tf.__version__)

tf.random.set_seed(42)
np.random.seed(42)

train_df = pd.read_csv('../data/train.csv', index_col=0)
val_df = pd.read_csv('../data/val.csv', index_col=0)
test_df = pd.read_csv('../data/test.csv', index_col=0)

print(train_df.shape, val_df.shape, test_df.shape)

class DataWindow():
    def __init__(self, input_width, label_width, shift, 
                 train_df=train_df, val_df=val_df, test_df=test_df, 
                 label_columns=None):
        
        self.train_df = train_df
        self.val_df = val_df
        self.test_df = test_df
        
        self.label_columns = label_columns
        if label_columns is not None:
            self.label_columns_indices = {name: i for i, name in enumerate(label_columns)}
        self.column_indices = {name: i for i, name in enumerate(train_df.columns)}
        
        self.input_width = input_width
        self.label_width = label_width
        self.shift = shift
        
        self.total_window_size = input_width + shift
        
        self.input_slice = slice(0, input_width)
        self.input_indices = np.arange(self.total_window_size)[self.input_slice]
        
        self.label_start = self.total_window_size - self.label_width
        self.labels_slice = slice(self.label_start, None)
        self.label_indices = np.arange(self.total_window_size)[self.labels_slice]
    
    def split_to_inputs_labels(self, features):
        inputs = features[:, self.input_slice, :]
        labels = features[:, self.labels_slice, :]
        if self.label_columns is not None:
            labels = np.stack(
                [labels[:,:,self.column_indices[name]] for name in self.label_columns],
                axis=-1
            )
        
        return inputs, labels
    
    def make_dataset(self, data):
        data = np.array(data, dtype=np.float32)
        windows = np.stack([data[i:i + self.total_window_size]
                            for i in range(len(data) - self.total_window_size + 1)])
        _, labels = self.split_to_inputs_labels(windows)
        ds = tf.keras.preprocessing.timeseries_dataset_from_array(
            data=data,
            targets=labels,
            sequence_length=self.input_width,
            sequence_stride=1,
            shuffle=False,
            batch_size=32
        )
        
        return ds
    
    @property
    def train(self):
        return self.make_dataset(self.train_df)
    
    @property
    def val(self):
        return self.make_dataset(self.val_df)
    
    @property
    def test(self):
        return self.make_dataset(self.test_df)
    
    @property
    def sample_batch(self):
        result = getattr(self, '_sample_batch', None)
        if result is None:
            result = next(iter(self.train))
            self._sample_batch = result
        return result

def compile_and_fit(model, window, patience=3, max_epochs=2):
    early_stopping = EarlyStopping(monitor='val_loss',
                                   patience=patience,
                                   mode='min')
    
    model(window.sample_batch[0])
    model.compile(loss=MeanSquaredError(),
                  optimizer=Adam(),
                  metrics=[MeanAbsoluteError()])
    
    history = model.fit(window.train,
                       epochs=max_epochs,
                       validation_data=window.val,
                       callbacks=[early_stopping])
    
    return history

column_indices = {name: i for i, name in enumerate(train_df.columns)}

# CH15
single_step_window = DataWindow(input_width=1, label_width=1, shift=1, label_columns=['traffic_volume']) 
wide_window = DataWindow(input_width=24, label_width=24, shift=1, label_columns=['traffic_volume'])

# Values obtained from chapter 14

mae_val = [0.083, 0.068, 0.033]
mae_test = [0.081, 0.068, 0.029]

lstm_model = Sequential([
    LSTM(32, return_sequences=True),
    Dense(units=1)
])

history = compile_and_fit(lstm_model, wide_window)

val_performance = {}
performance = {}

val_performance['LSTM'] = lstm_model.evaluate(wide_window.val)
performance['LSTM'] = lstm_model.evaluate(wide_window.test, verbose=0)

mae_val.append(val_performance['LSTM'][1])
mae_test.append(performance['LSTM'][1])
print(mae_val, mae_test)

multi_window = DataWindow(input_width=24, label_width=24, shift=24, label_columns=['traffic_volume'])

# Values obtained from chapter 14

ms_mae_val = [0.352, 0.347, 0.088, 0.078]
ms_mae_test = [0.347, 0.341, 0.076, 0.064]

ms_lstm_model = Sequential([
    LSTM(32, return_sequences=True),
    Dense(1, kernel_initializer=tf.initializers.zeros),
])

history = compile_and_fit(ms_lstm_model, multi_window)

ms_val_performance = {}
ms_performance = {}

ms_val_performance['LSTM'] = ms_lstm_model.evaluate(multi_window.val)
ms_performance['LSTM'] = ms_lstm_model.evaluate(multi_window.test, verbose=0)

ms_mae_val.append(ms_val_performance['LSTM'][1])
ms_mae_test.append(ms_performance['LSTM'][1])
print(ms_mae_val, ms_mae_test)

mo_single_step_window = DataWindow(input_width=1, label_width=1, shift=1, label_columns=['temp','traffic_volume']) 
mo_wide_window = DataWindow(input_width=24, label_width=24, shift=1, label_columns=['temp','traffic_volume'])

# Values from chapter 14

mo_mae_val = [0.048, 0.039, 0.023]
mo_mae_test = [0.047, 0.036, 0.020]

mo_lstm_model = Sequential([
    LSTM(32, return_sequences=True),
    Dense(units = 2)
])

history = compile_and_fit(mo_lstm_model, mo_wide_window)

mo_val_performance = {}
mo_performance = {}

mo_val_performance['LSTM'] = mo_lstm_model.evaluate(mo_wide_window.val)
mo_performance['LSTM'] = mo_lstm_model.evaluate(mo_wide_window.test, verbose=0)

mo_mae_val.append(mo_val_performance['LSTM'][1])
mo_mae_test.append(mo_performance['LSTM'][1])
print(mo_mae_val, mo_mae_test)

# CH16
KERNEL_WIDTH = 3
LABEL_WIDTH = 24
INPUT_WIDTH = LABEL_WIDTH + KERNEL_WIDTH - 1

conv_window = DataWindow(input_width=KERNEL_WIDTH, label_width=1, shift=1, label_columns=['traffic_volume'])

wide_conv_window = DataWindow(input_width=INPUT_WIDTH, label_width=LABEL_WIDTH, shift=1, label_columns=['traffic_volume'])

# Values obtained from chapter 15

mae_val = [0.083, 0.068, 0.033, 0.03]
mae_test = [0.081, 0.068, 0.029, 0.026]

cnn_model = Sequential([
    Conv1D(filters=32,
          kernel_size=(KERNEL_WIDTH,),
          activation='relu'),
    Dense(units=32, activation='relu'),
    Dense(units=1)
])

history = compile_and_fit(cnn_model, conv_window)

val_performance = {}
performance = {}

val_performance['CNN'] = cnn_model.evaluate(conv_window.val)
performance['CNN'] = cnn_model.evaluate(conv_window.test, verbose=0)

cnn_lstm_model = Sequential([
    Conv1D(filters=32,
          kernel_size=(KERNEL_WIDTH,),
          activation='relu'),
    LSTM(32, return_sequences=True),
    LSTM(32, return_sequences=True),
    Dense(1)
])

history = compile_and_fit(cnn_lstm_model, conv_window)

val_performance['CNN + LSTM'] = cnn_lstm_model.evaluate(conv_window.val)
performance['CNN + LSTM'] = cnn_lstm_model.evaluate(conv_window.test, verbose=0)

mae_val.extend([v[1] for v in val_performance.values()])
mae_test.extend([v[1] for v in performance.values()])
print(mae_val, mae_test)

KERNEL_WIDTH = 3
LABEL_WIDTH = 24
INPUT_WIDTH = LABEL_WIDTH + KERNEL_WIDTH - 1

multi_window = DataWindow(input_width=INPUT_WIDTH, label_width=LABEL_WIDTH, shift=24, label_columns=['traffic_volume'])

# Values obtained from chapter 15

ms_mae_val = [0.352, 0.347, 0.088, 0.078, 0.070]
ms_mae_test = [0.347, 0.341, 0.076, 0.064, 0.058]

ms_cnn_model = Sequential([
    Conv1D(32, activation='relu', kernel_size=(KERNEL_WIDTH)),
    Dense(units=32, activation='relu'),
    Dense(1, kernel_initializer=tf.initializers.zeros),
])

history = compile_and_fit(ms_cnn_model, multi_window)

ms_val_performance = {}
ms_performance = {}

ms_val_performance['CNN'] = ms_cnn_model.evaluate(multi_window.val)
ms_performance['CNN'] = ms_cnn_model.evaluate(multi_window.test, verbose=0)

ms_cnn_lstm_model = Sequential([
    Conv1D(32, activation='relu', kernel_size=(KERNEL_WIDTH)),
    LSTM(32, return_sequences=True),
    Dense(1, kernel_initializer=tf.initializers.zeros),
])

history = compile_and_fit(ms_cnn_lstm_model, multi_window)

ms_val_performance['CNN + LSTM'] = ms_cnn_lstm_model.evaluate(multi_window.val)
ms_performance['CNN + LSTM'] = ms_cnn_lstm_model.evaluate(multi_window.test, verbose=0)

ms_mae_val.extend([v[1] for v in ms_val_performance.values()])
ms_mae_test.extend([v[1] for v in ms_performance.values()])
print(ms_mae_val, ms_mae_test)

KERNEL_WIDTH = 3
LABEL_WIDTH = 24
INPUT_WIDTH = LABEL_WIDTH + KERNEL_WIDTH - 1

wide_mo_conv_window = DataWindow(input_width=INPUT_WIDTH, label_width=24, shift=1, label_columns=['temp', 'traffic_volume'])

# Values from chapter 15

mo_mae_val = [0.048, 0.039, 0.023, 0.020]
mo_mae_test = [0.047, 0.036, 0.020, 0.017]

mo_cnn_model = Sequential([
    Conv1D(filters=32, kernel_size=(KERNEL_WIDTH,), activation='relu'),
    Dense(units=32, activation='relu'),
    Dense(units=2)
])

history = compile_and_fit(mo_cnn_model, wide_mo_conv_window)

mo_val_performance = {}
mo_performance = {}

mo_val_performance['CNN'] = mo_cnn_model.evaluate(wide_mo_conv_window.val)
mo_performance['CNN'] = mo_cnn_model.evaluate(wide_mo_conv_window.test, verbose=0)

mo_cnn_lstm_model = Sequential([
    Conv1D(filters=32, kernel_size=(KERNEL_WIDTH,), activation='relu'),
    LSTM(32, return_sequences=True),
    Dense(units=2)
])

history = compile_and_fit(mo_cnn_lstm_model, wide_mo_conv_window)

mo_val_performance['CNN + LSTM'] = mo_cnn_model.evaluate(wide_mo_conv_window.val)
mo_performance['CNN + LSTM'] = mo_cnn_model.evaluate(wide_mo_conv_window.test, verbose=0)

mo_mae_val.extend([v[1] for v in mo_val_performance.values()])
mo_mae_test.extend([v[1] for v in mo_performance.values()])
print(mo_mae_val, mo_mae_test)
