# source: marcopeix/TimeSeriesForecastingInPython "CH13&CH14/CH13 & CH14.ipynb" (M. Peixeiro, "Time Series Forecasting in Python", Manning 2022, chapters 13 "Data windowing and creating baselines for deep learning" and 14 "Baby steps with deep learning": the DataWindow class over the Metro Interstate traffic data, Baseline / MultiStepLastBaseline / RepeatBaseline Model subclasses evaluated without training, then linear and dense single-step, multi-step and multi-output models; its code cells in order)
# commit: 84ede361a2883d2a675ccaab559459a91a67e88b
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.preprocessing.timeseries_dataset_from_array and tf.initializers.zeros (the class, uncalled, as kernel_initializer); `from tensorflow.keras import Model, Sequential`; tf.keras.Model subclasses with only __init__(label_index) and call: Baseline returning the input itself (label_index=None is not used), one column as inputs[:, :, i][:, :, None], or a list of columns concatenated on the last axis; MultiStepLastBaseline tiling inputs[:, -1:, i:] 24 times; RepeatBaseline returning inputs[:, :, i:] (a 3-feature slice against a 1-feature label: the loss and MAE broadcast); weightless models compiled with loss=MeanSquaredError() and metrics=[MeanAbsoluteError()] and no optimizer, then evaluate on datasets (verbose default and verbose=0); compile_and_fit: compile(loss=MeanSquaredError(), optimizer=Adam(), metrics=[MeanAbsoluteError()]) and fit(dataset, epochs, validation_data=dataset, callbacks=[EarlyStopping(monitor='val_loss', patience=3, mode='min')]); Sequential Dense(units=1) / Dense(units=2) on (batch, 1, 5) windows, Dense(1, kernel_initializer=tf.initializers.zeros) on (batch, 24, 5) windows predicting 24 steps 24 hours ahead, two Dense(64, relu) + Dense; evaluate results indexed [1]
# reduced: pandas, seaborn and matplotlib (not installed in the test environments) dropped: pd.read_csv of ../data/train.csv, val.csv and test.csv (the book's preprocessed, min-max scaled Metro Interstate traffic data: columns temp, clouds_all, traffic_volume, day_sin, day_cos; 12285 / 3510 / 1756 hourly rows) replaced by a stand-in pd.read_csv giving 360 / 120 / 100 made-up hourly rows of the same 5 columns (numpy RandomState(0): a daily wave in traffic_volume, temp drifting, clouds random, day_sin/day_cos as the book scales them), as a small frame object with .columns, .shape and the numpy array protocol; the plot cells, DataWindow.plot and the bar charts dropped; in DataWindow, TensorFlow's own ops (statefulrnn stands in for tf.keras, not TensorFlow): split_to_inputs_labels stacks the label columns with np.stack and the set_shape lines are dropped, and make_dataset makes the same windows with numpy and hands split_to_inputs_labels's labels to timeseries_dataset_from_array as targets (data=the rows, sequence_length=input_width: the same inputs and labels in the same order) instead of ds.map(self.split_to_inputs_labels), with shuffle=True -> False (tf.data's shuffle order cannot match); in the baselines tf.newaxis -> None, tf.concat -> tf.keras.backend.concatenate, tf.tile -> tf.keras.backend.tile; compile_and_fit first calls the model on the window's sample_batch inputs (built there, so that compile can hand it its starting weights: the book's Sequential models are first built by fit); max_epochs 50 -> 2
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

single_step_window = DataWindow(input_width=1, label_width=1, shift=1, label_columns=['traffic_volume']) 
wide_window = DataWindow(input_width=24, label_width=24, shift=1, label_columns=['traffic_volume'])

class Baseline(Model):
    def __init__(self, label_index=None):
        super().__init__()
        self.label_index = label_index
        
    def call(self, inputs):
        if self.label_index is None:
            return inputs
        
        elif isinstance(self.label_index, list):
            tensors = []
            for index in self.label_index:
                result = inputs[:, :, index]
                result = result[:, :, None]
                tensors.append(result)
            return tf.keras.backend.concatenate(tensors, axis=-1)
        
        result = inputs[:, :, self.label_index]
        return result[:,:,None]

column_indices = {name: i for i, name in enumerate(train_df.columns)}

baseline_last = Baseline(label_index=column_indices['traffic_volume'])

baseline_last.compile(loss=MeanSquaredError(), metrics=[MeanAbsoluteError()])

val_performance = {}
performance = {}

val_performance['Baseline - Last'] = baseline_last.evaluate(single_step_window.val)
performance['Baseline - Last'] = baseline_last.evaluate(single_step_window.test, verbose=0)

print(performance['Baseline - Last'][1])

multi_window = DataWindow(input_width=24, label_width=24, shift=24, label_columns=['traffic_volume'])

class MultiStepLastBaseline(Model):
    def __init__(self, label_index=None):
        super().__init__()
        self.label_index = label_index
        
    def call(self, inputs):
        if self.label_index is None:
            return tf.keras.backend.tile(inputs[:, -1:, :], [1, 24, 1])
        return tf.keras.backend.tile(inputs[:, -1:, self.label_index:], [1, 24, 1])

ms_baseline_last = MultiStepLastBaseline(label_index=column_indices['traffic_volume'])

ms_baseline_last.compile(loss=MeanSquaredError(), metrics=[MeanAbsoluteError()])

ms_val_performance = {}
ms_performance = {}

ms_val_performance['Baseline - Last'] = ms_baseline_last.evaluate(multi_window.val)
ms_performance['Baseline - Last'] = ms_baseline_last.evaluate(multi_window.test, verbose=0)

print(ms_performance['Baseline - Last'][1])

class RepeatBaseline(Model):
    def __init__(self, label_index=None):
        super().__init__()
        self.label_index = label_index
        
    def call(self, inputs):
        return inputs[:, :, self.label_index:]

ms_baseline_repeat = RepeatBaseline(label_index=column_indices['traffic_volume'])

ms_baseline_repeat.compile(loss=MeanSquaredError(), metrics=[MeanAbsoluteError()])

ms_val_performance['Baseline - Repeat'] = ms_baseline_repeat.evaluate(multi_window.val)
ms_performance['Baseline - Repeat'] = ms_baseline_repeat.evaluate(multi_window.test, verbose=0)

print(ms_performance['Baseline - Repeat'][1])

mo_single_step_window = DataWindow(input_width=1, label_width=1, shift=1, label_columns=['temp','traffic_volume']) 
mo_wide_window = DataWindow(input_width=24, label_width=24, shift=1, label_columns=['temp','traffic_volume'])

print(column_indices['traffic_volume'])
print(column_indices['temp'])

mo_baseline_last = Baseline(label_index=[0, 2])

mo_baseline_last.compile(loss=MeanSquaredError(), metrics=[MeanAbsoluteError()])

mo_val_performance = {}
mo_performance = {}

mo_val_performance['Baseline - Last'] = mo_baseline_last.evaluate(mo_wide_window.val)
mo_performance['Baseline - Last'] = mo_baseline_last.evaluate(mo_wide_window.test, verbose=0)

print(mo_performance['Baseline - Last'][1])

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

linear = Sequential([
    Dense(units=1)
])

history = compile_and_fit(linear, single_step_window)

val_performance['Linear'] = linear.evaluate(single_step_window.val)
performance['Linear'] = linear.evaluate(single_step_window.test, verbose=0)

ms_linear = Sequential([
    Dense(1, kernel_initializer=tf.initializers.zeros)
])

history = compile_and_fit(ms_linear, multi_window)

ms_val_performance['Linear'] = ms_linear.evaluate(multi_window.val)
ms_performance['Linear'] = ms_linear.evaluate(multi_window.test, verbose=0)

mo_linear = Sequential([
    Dense(units=2)
])

history = compile_and_fit(mo_linear, mo_single_step_window)

mo_val_performance['Linear'] = mo_linear.evaluate(mo_single_step_window.val)
mo_performance['Linear'] = mo_linear.evaluate(mo_single_step_window.test, verbose=0)

dense = Sequential([
    Dense(units=64, activation='relu'),
    Dense(units=64, activation='relu'),
    Dense(units=1)
])

history = compile_and_fit(dense, single_step_window)

val_performance['Dense'] = dense.evaluate(single_step_window.val)
performance['Dense'] = dense.evaluate(single_step_window.test, verbose=0)

mae_val = [v[1] for v in val_performance.values()]
mae_test = [v[1] for v in performance.values()]
print(mae_val, mae_test)

ms_dense = Sequential([
    Dense(64, activation='relu'),
    Dense(64, activation='relu'),
    Dense(1, kernel_initializer=tf.initializers.zeros),
])

history = compile_and_fit(ms_dense, multi_window)

ms_val_performance['Dense'] = ms_dense.evaluate(multi_window.val)
ms_performance['Dense'] = ms_dense.evaluate(multi_window.test, verbose=0)

ms_mae_val = [v[1] for v in ms_val_performance.values()]
ms_mae_test = [v[1] for v in ms_performance.values()]
print(ms_mae_val, ms_mae_test)

mo_dense = Sequential([
    Dense(units=64, activation='relu'),
    Dense(units=64, activation='relu'),
    Dense(units=2)
])

history = compile_and_fit(mo_dense, mo_single_step_window)

mo_val_performance['Dense'] = mo_dense.evaluate(mo_single_step_window.val)
mo_performance['Dense'] = mo_dense.evaluate(mo_single_step_window.test, verbose=0)

mo_mae_val = [v[1] for v in mo_val_performance.values()]
mo_mae_test = [v[1] for v in mo_performance.values()]
print(mo_mae_val, mo_mae_test)
