# source: marcopeix/TimeSeriesForecastingInPython CH17/CH17.ipynb (M. Peixeiro, "Time Series Forecasting in Python", Manning 2022, chapter 17 "Using predictions to make more predictions": the autoregressive LSTM, a Model subclass with an LSTMCell wrapped in RNN(return_state=True) for a warmup method, its call stepping the cell by hand and feeding each prediction back for 24 hours of Metro Interstate traffic; its code cells in order)
# commit: 84ede361a2883d2a675ccaab559459a91a67e88b
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.preprocessing.timeseries_dataset_from_array; `from tensorflow.keras import Model`; AutoRegressive(Model): __init__ making LSTMCell(units), RNN(self.lstm_cell, return_state=True) over that same cell and Dense(train_df.shape[1]) (5 outputs), a warmup method unpacking `x, *state = self.lstm_rnn(inputs)`, call(inputs, training=None) calling self.lstm_cell(x, states=state, training=training) 23 times on its own predictions, then stacking and transposing the 24 predictions; fit against 1-column labels (B, 24, 1) while the model gives (B, 24, 5): MeanSquaredError and MeanAbsoluteError broadcast the labels over the 5 columns, in the loss (so its gradients) and the metric; compile(loss=MeanSquaredError(), optimizer=Adam(), metrics=[MeanAbsoluteError()]), fit(dataset, validation_data=dataset, callbacks=[EarlyStopping(monitor='val_loss', patience=3, mode='min')]), evaluate (verbose default and 0) results indexed [1]
# reduced: pandas, seaborn and matplotlib (not installed in the test environments) dropped: pd.read_csv of ../data/train.csv, val.csv and test.csv (the book's preprocessed, min-max scaled Metro Interstate traffic data: columns temp, clouds_all, traffic_volume, day_sin, day_cos; 12285 / 3510 / 1756 hourly rows) replaced by a stand-in pd.read_csv giving 360 / 120 / 100 made-up hourly rows of the same 5 columns (numpy RandomState(0): a daily wave in traffic_volume, temp drifting, clouds random, day_sin/day_cos as the book scales them), as a small frame object with .columns, .shape and the numpy array protocol; the plot cells, DataWindow.plot and the bar chart dropped (the mae lists printed); in DataWindow, TensorFlow's own ops (statefulrnn stands in for tf.keras, not TensorFlow): split_to_inputs_labels stacks the label columns with np.stack and the set_shape lines are dropped, and make_dataset makes the same windows with numpy and hands split_to_inputs_labels's labels to timeseries_dataset_from_array as targets (data=the rows, sequence_length=input_width: the same inputs and labels in the same order) instead of ds.map(self.split_to_inputs_labels), with shuffle=True -> False (tf.data's shuffle order cannot match); in call tf.stack -> tf.keras.backend.stack and tf.transpose(x, [1, 0, 2]) -> tf.keras.backend.permute_dimensions(x, [1, 0, 2]); compile_and_fit first calls the model on the window's sample_batch inputs (built there, so that compile can hand it its starting weights: the book's model is first built by fit); max_epochs 50 -> 2
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

multi_window = DataWindow(input_width=24, label_width=24, shift=24, label_columns=['traffic_volume'])

# Values obtained from chapter 16

ms_mae_val = [0.352, 0.347, 0.088, 0.078, 0.070, 0.078, 0.069]
ms_mae_test = [0.347, 0.341, 0.076, 0.064, 0.058, 0.063, 0.055]

class AutoRegressive(Model):
    def __init__(self, units, out_steps):
        super().__init__()
        self.out_steps = out_steps
        self.units = units
        self.lstm_cell = LSTMCell(units)
        self.lstm_rnn = RNN(self.lstm_cell, return_state=True)
        self.dense = Dense(train_df.shape[1])
        
    def warmup(self, inputs):
        x, *state = self.lstm_rnn(inputs)
        prediction = self.dense(x)
        
        return prediction, state
    
    def call(self, inputs, training=None):
        predictions = []
        prediction, state = self.warmup(inputs)
        
        predictions.append(prediction)
        
        for n in range(1, self.out_steps):
            x = prediction
            x, state = self.lstm_cell(x, states=state, training=training)
            
            prediction = self.dense(x)
            predictions.append(prediction)
        
        predictions = tf.keras.backend.stack(predictions)
        predictions = tf.keras.backend.permute_dimensions(predictions, [1, 0, 2])
        
        return predictions

AR_LSTM = AutoRegressive(units=32, out_steps=24)

history = compile_and_fit(AR_LSTM, multi_window)

ms_val_performance = {}
ms_performance = {}

ms_val_performance['AR - LSTM'] = AR_LSTM.evaluate(multi_window.val)
ms_performance['AR - LSTM'] = AR_LSTM.evaluate(multi_window.test, verbose=0)

ms_mae_val.append(ms_val_performance['AR - LSTM'][1])
ms_mae_test.append(ms_performance['AR - LSTM'][1])
print(ms_mae_val, ms_mae_test)
