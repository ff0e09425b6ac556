# source: huntergregory/walmart-sales-forecast mq-rnn.py with mlp.py (MLP), pinball.py (PinballLoss, pinball, PinballMetric), data_generator.py (TimeSeriesSequence), custom_model.py (CustomModel) and constants.py (a Kaggle M5 "Forecasting Uncertainty" entry implementing Wen et al.'s MQ-RNN, "A Multi-Horizon Quantile Recurrent Forecaster": an LSTM encoder over each sales series, a global MLP decoder giving a time-agnostic context and one context per horizon, a local MLP decoder shared across horizons giving nine quantiles, trained on a pinball loss at every forking point of the series)
# commit: 8de4fdb272927b114634aa5f55e1387a5c7c284c
# keras: tf_keras
# exercises: `import tensorflow as tf` (tf.float32, tf.random.set_seed), `import tensorflow.keras.backend as K` (K.clear_session and, in the rewritten graph and loss, K.stack, K.permute_dimensions, K.cast, K.maximum, K.mean over a tuple of axes, K.sum, K.shape, K.constant); functional Model with two named Inputs (a 3-D series and a 4-D (batch, time, horizon, features) input, dtype=tf.float32); LSTM(return_sequences=True, kernel_initializer=GlorotUniform(seed=1), recurrent_initializer=Orthogonal(seed=2)); a subclassed Model (MLP: a list of Dense layers with seeded GlorotUniform, relu then softplus, a class attribute seed counter) called on a 3-D symbolic tensor as a layer, and one MLP instance shared across 3 horizon inputs; slicing symbolic tensors [..., a:b] and [:, :, k, :]; Concatenate(name=...) of three tensors; identity Lambda(lambda x: x, name='train_forecasts' / 'quantile_forecasts') to name two outputs; a Model subclass with only __init__; Loss subclass with reduction=Reduction.SUM; Metric subclass with a float and an int32 add_weight, assign_add, a sample_weight branch, result() and an overridden reset_states; compile(loss={'train_forecasts': PinballLoss()}, metrics={'quantile_forecasts': PinballMetric()}) so one output has only a metric; model.summary(positions=[...]); a keras.utils.Sequence whose __getitem__ returns ({name: x}, {name: y}, sample_weights) with a short last batch, shuffled once by Python's random.seed(50)/shuffle; fit(sequence, epochs, verbose=2, callbacks=[EarlyStopping(monitor='loss', patience=3, restore_best_weights=True), ModelCheckpoint('weights.{epoch:02d}', monitor='loss', save_best_only=True, save_weights_only=True, verbose=1)]); history.history printed; predict on a second, unshuffled Sequence
# reduced: the M5 csv/pickle files (aggregate sales, aggregate features, calendar, first sale days, evaluation weights) replaced by seeded numpy data: 10 series (NUM_OBSERVATIONS 40 -> 10) of 20 days of Poisson sales, 4 categorical features one-hot encoded with numpy (sklearn's OneHotEncoder(drop='first') not installed: the same columns built by hand), 20 calendar days of 6 binary event labels + 3 snap flags, first sale days 0-3, weights from RandomState(0); constants.py inlined with HORIZON_LENGTH 28 -> 3, QUANTILES 9 -> 3 (0.1, 0.5, 0.9), MAX_SERIES_LENGTH 1941 -> 20 (so 17 and LOSS_SIZE 14, computed as there); RNN_UNITS 64 -> 8, TIME_AGNOSTIC_CONTEXT_SIZE 10 -> 4, GLOBAL_DECODER_SHAPES (100, ...) -> (16, ...), LOCAL_DECODER_SHAPES (32, ...) -> (8, ...), BATCH_SIZE 32 -> 4 (a short last batch of 2), EPOCHS 2 kept (TESTING); MODEL_FOLDER './models/model1/' -> a fresh tempfile.mkdtemp() folder; statefulrnn stands in for Keras, not TensorFlow's own ops, so the TF ops applied to symbolic tensors are written with keras.backend: tf.split(all_global_decodings, sizes, axis=-1) -> the same slices [..., a:b], tf.stack -> K.stack, tf.transpose(perm=[1, 2, 0, 3]) -> K.permute_dimensions(..., (1, 2, 0, 3)), the final tf.split(axis=-3) -> the slices [:, :LOSS_SIZE] and [:, -1:] (the middle part is discarded there too), and in pinball.py tf.cast/tf.math.maximum/tf.reduce_mean/tf.reduce_sum/tf.shape/tf.divide/tf.constant/tf.multiply -> K.cast/K.maximum/K.mean/K.sum/K.shape/'/'/K.constant/'*', TAU = tf.expand_dims(tf.cast(QUANTILES, DTYPE), 0) -> K.expand_dims(K.cast(QUANTILES, DTYPE), 0), `from tensorflow_addons.utils.types import ...` (unused, not installed) dropped; custom_model.py's make_predict_function override (a copy of TF 2.2's Model internals from tensorflow.python.*, to return only the quantile output) dropped, so predict returns both outputs and `[0]` takes the quantile one; nothing else changed
import math
import tempfile
from random import shuffle, seed
import numpy as np
from pathlib import Path

import tensorflow as tf
import tensorflow.keras.backend as K
from tensorflow.keras.layers import Concatenate, Dense, Dropout, Input, Lambda, LSTM
from tensorflow.keras.models import Model
from tensorflow.keras.initializers import GlorotUniform, Orthogonal
from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint
from tensorflow.keras.metrics import Metric
from tensorflow.keras.losses import Loss, Reduction
from tensorflow.keras.utils import Sequence

# ---- constants.py (sizes reduced)
DTYPE = tf.float32
HORIZON_LENGTH = 3
QUANTILES = [0.1, 0.5, 0.9]
INCLUDE_VALIDATION_METRIC = True
MAX_SERIES_LENGTH = 20
if INCLUDE_VALIDATION_METRIC:
    MAX_SERIES_LENGTH -= HORIZON_LENGTH
LOSS_SIZE = MAX_SERIES_LENGTH - HORIZON_LENGTH

# ---- made-up data in place of the M5 files
_rng = np.random.RandomState(0)
N_SERIES, N_DAYS = 10, 20
first_sale_days = list(_rng.randint(0, 4, size=N_SERIES))
sample_weights = _rng.uniform(0.5, 1.5, size=N_SERIES)

# ---- mlp.py
class MLP(Model):
    __seed = 1

    def set_next_seed(n):
        MLP.__seed = n

    def __init__(self, layer_shapes, **kwargs):
        super(MLP, self).__init__(**kwargs)
        self.dense_layers = []
        for k in range(len(layer_shapes) - 1):
            self.dense_layers.append(Dense(layer_shapes[k], activation='relu', kernel_initializer=GlorotUniform(seed=MLP.__seed)))
            MLP.__seed += 1
        self.dense_layers.append(Dense(layer_shapes[-1], activation='softplus', kernel_initializer=GlorotUniform(seed=MLP.__seed)))
        MLP.__seed += 1

    def call(self, inputs):
        x = inputs
        for k in range(len(self.dense_layers)):
            x = self.dense_layers[k](x)
        return x

# ---- pinball.py
TAU = K.expand_dims(K.cast(QUANTILES, DTYPE), 0)

class PinballLoss(Loss):
    def __init__(self, name='pinball_loss'):
        super().__init__(reduction=Reduction.SUM, name=name)

    def call(self, y_true, y_pred):
        return pinball(y_true, y_pred)

# input shape: (batch_size, LOSS_SIZE, HORIZON_LENGTH, Q)
# return shape: (batch_size)
def pinball(y_true, y_pred): # TODO apply weight 
    def modify(y):
        return K.cast(y, DTYPE)
    y_true = modify(y_true)
    y_pred = modify(y_pred)

    one = 1.0
    delta_y = y_true - y_pred
    result = K.maximum(TAU * delta_y, (TAU - one) * delta_y)
    result = K.mean(result, axis=(-3, -2, -1))
    # return tf.divide(result, tf.constant(12.0))
    return result


class PinballMetric(Metric):
    def __init__(self,  name='pinball_metric', **kwargs):
        super(PinballMetric, self).__init__(name=name, **kwargs)
        self.sum = self.add_weight(name='pinball_sum', initializer='zeros', dtype=DTYPE)
        self.count = self.add_weight(name='num_samples', initializer='zeros', dtype='int32')

    def update_state(self, y_true, y_pred, sample_weight=None): # SAMPLE WEIGHTS DON'T WORK
        values = pinball(y_true, y_pred)

        if sample_weight is not None:
            sample_weight = K.cast(sample_weight, self.dtype)
            # sample_weight = tf.broadcast_weights(sample_weight, values)
            values = values * sample_weight
        else:
            self.count.assign_add(K.shape(values)[0])
            
        self.sum.assign_add(K.sum(values))

    def result(self):
        divisor = K.maximum(K.constant(1, dtype=DTYPE), K.cast(self.count, DTYPE))
        return self.sum / divisor

    def reset_states(self):
        self.sum.assign(0)
        self.count.assign(0)

# ---- data_generator.py
class TimeSeriesSequence(Sequence):
    def __init__(self, time_series, static_features, day_labels, batch_size, should_shuffle=True, use_weights=True):
        self.series_indices = [k for k in range(time_series.shape[0])]
        if should_shuffle:
            seed(50)
            shuffle(self.series_indices)

        self.time_series = time_series
        self.static_features = np.reshape(static_features, (static_features.shape[0], 1, static_features.shape[1]))
        self.batch_size = batch_size
        self.tiled_day_labels = np.tile(np.reshape(day_labels, (1,) + day_labels.shape), (self.batch_size, 1, 1))
        self.use_weights = use_weights

    def __len__(self):
        return math.ceil(len(self.time_series) / self.batch_size)

    def __getitem__(self, idx): # TODO back to __ at start
        start = idx * self.batch_size
        end = (idx + 1) * self.batch_size
        batch_indices = self.series_indices[start:end]
        actual_size = self.batch_size if end < len(self.time_series) else len(self.time_series) - idx * self.batch_size

        tiled_static_features = np.tile(self.static_features[batch_indices], (1, MAX_SERIES_LENGTH + HORIZON_LENGTH, 1))
        tiled_day_labels = self.tiled_day_labels[:actual_size]

        for k in range(actual_size):
            first_sale_day = first_sale_days[k+idx*self.batch_size]
            for j in range(first_sale_day):
                tiled_static_features[k, j, :] = 0
                tiled_day_labels[k, j, :] = 0

        features_concats = [
            tiled_day_labels[:, :(MAX_SERIES_LENGTH + HORIZON_LENGTH)], 
            tiled_static_features[:, :(MAX_SERIES_LENGTH + HORIZON_LENGTH)]
        ]
        features = np.concatenate(features_concats, axis=-1)

        time_series_batch = self.time_series[batch_indices, :MAX_SERIES_LENGTH]
        x_batch = np.reshape(time_series_batch, time_series_batch.shape + (1,))
        x_batch_concats = [x_batch, features[:, :MAX_SERIES_LENGTH]]
        x_batch = np.concatenate(x_batch_concats, axis=-1)

        y_batch = np.zeros((actual_size, LOSS_SIZE, HORIZON_LENGTH, len(QUANTILES)))
        pred_features = np.zeros((actual_size, MAX_SERIES_LENGTH, HORIZON_LENGTH, features.shape[-1]))
        if INCLUDE_VALIDATION_METRIC:
            val_y_batch = np.zeros((actual_size, 1, HORIZON_LENGTH, len(QUANTILES)))
        for i in range(actual_size):
            feature_series = features[i]

            for j in range(1, MAX_SERIES_LENGTH+1):
                should_expand = j-1 < LOSS_SIZE
                is_val_point = j == MAX_SERIES_LENGTH

                for k in range(HORIZON_LENGTH):
                    pred_features[i,j-1,k,:] = feature_series[j+k]
                    if should_expand:
                        y_batch[i,j-1,k,:] = self.time_series[i,j+k]
                    if is_val_point and INCLUDE_VALIDATION_METRIC:
                        val_y_batch[i,0,k,:] = self.time_series[i,j+k]

        y_dict = {'train_forecasts': y_batch}
        if INCLUDE_VALIDATION_METRIC:
            y_dict['quantile_forecasts'] = val_y_batch
        full_batch = (
            {'time_series': x_batch, 'predict_features': pred_features},
            y_dict,
        )
        if self.use_weights:
            return full_batch + (sample_weights[batch_indices],)
        return full_batch

# ---- custom_model.py (its make_predict_function override dropped)
class CustomModel(Model):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

# ---- mq-rnn.py
## RUNTIME CONSTANTS
TESTING = True # UPDATE!!
PREDICT_FROM_SAVED_WEIGHTS = False
MODEL_FOLDER = tempfile.mkdtemp() + '/model1/' # UPDATE!!
MODEL_WEIGHTS_FILE = MODEL_FOLDER + 'weights.02' # UPDATE!! if PREDICT_FROM_SAVED_WEIGHTS is True

PREDICTION_FILE = MODEL_FOLDER + 'test-forecasts.csv'
if not PREDICT_FROM_SAVED_WEIGHTS:
    Path(MODEL_FOLDER).mkdir(parents=True, exist_ok=False)
    MODEL_WEIGHTS_FILE_FORMAT = MODEL_FOLDER + 'weights.{epoch:02d}'

## MODEL CONSTANTS
EPOCHS = 25 if not TESTING else 2
BATCH_SIZE = 4
NUM_OBSERVATIONS = 10 # for testing

TEMPORAL_CONTEXT_SIZE = 2 * len(QUANTILES)
TIME_AGNOSTIC_CONTEXT_SIZE = 4
RNN_UNITS = 8
GLOBAL_OUTPUT_SIZE = TIME_AGNOSTIC_CONTEXT_SIZE + HORIZON_LENGTH * TEMPORAL_CONTEXT_SIZE
GLOBAL_DECODER_SHAPES = (16, GLOBAL_OUTPUT_SIZE)
LOCAL_DECODER_SHAPES = (8, len(QUANTILES))

OPTIMIZER = 'adam'

FIT_VERBOSITY = 2
PREDICT_VERBOSITY = 1 if TESTING else 0

## LOAD DATA (made up)
FEATURES = ['department', 'category', 'store', 'state'] # 'item'
codes = _rng.randint(0, 3, size=(N_SERIES, len(FEATURES)))
one_hot_features = np.concatenate([(codes[:, [c]] == np.arange(1, 3)).astype('float64') for c in range(len(FEATURES))], axis=1)
x_train = _rng.poisson(5.0, size=(N_SERIES, N_DAYS)).astype('float64')[:NUM_OBSERVATIONS]

# DATA DEPENDENT CONSTANTS
NUM_STATIC_FEATURES = one_hot_features.shape[1]
NUM_DAY_LABELS = 6 + 3 # includes snap days
TIME_OBSERVATION_DIMENSION = NUM_STATIC_FEATURES + NUM_DAY_LABELS + 1 # TODO eventually add 1 for price

binary_day_labels = np.zeros((N_DAYS, NUM_DAY_LABELS-3))
binary_day_labels[np.arange(N_DAYS), _rng.randint(0, 6, size=N_DAYS)] = 1
binary_day_labels = np.concatenate([binary_day_labels, _rng.randint(0, 2, size=(N_DAYS, 3)).astype('float64')], axis=-1)

data_sequence = TimeSeriesSequence(x_train, one_hot_features, binary_day_labels, BATCH_SIZE)

## MODEL
K.clear_session()
tf.random.set_seed(0)

_input_series = Input(shape=(MAX_SERIES_LENGTH, TIME_OBSERVATION_DIMENSION), dtype=DTYPE, name='time_series')
_input_pred_features = Input(shape=(MAX_SERIES_LENGTH, HORIZON_LENGTH, TIME_OBSERVATION_DIMENSION-1), dtype=DTYPE, name='predict_features')

rnn_model = LSTM(RNN_UNITS, return_sequences=True, kernel_initializer=GlorotUniform(seed=1), recurrent_initializer=Orthogonal(seed=2))
full_rnn_outputs = rnn_model(_input_series) # output shape: (batch_size, timesteps, units)

MLP.set_next_seed(3)
global_decoder = MLP(layer_shapes=GLOBAL_DECODER_SHAPES, name='global_decoder')
local_decoder = MLP(layer_shapes=LOCAL_DECODER_SHAPES, name='local_decoder')

all_global_decodings = global_decoder(full_rnn_outputs)

context_split_sizes = [TIME_AGNOSTIC_CONTEXT_SIZE] + HORIZON_LENGTH * [TEMPORAL_CONTEXT_SIZE]
_bounds = np.cumsum([0] + context_split_sizes)
all_context = [all_global_decodings[..., int(a):int(b)] for a, b in zip(_bounds[:-1], _bounds[1:])]
time_agnostic_context = all_context[0]

forecast_inputs = []
for k in range(HORIZON_LENGTH):
    features = _input_pred_features[:, :, k, :]
    concat_name = 'horizon_{}'.format(k+1)
    forecast_input = Concatenate(name=concat_name)([time_agnostic_context, all_context[k+1], features])
    forecast_inputs.append(forecast_input)

all_local_decodings = K.stack([local_decoder(forecast_input) for forecast_input in forecast_inputs])
all_local_decodings = K.permute_dimensions(all_local_decodings, (1, 2, 0, 3))

train_forecasts = all_local_decodings[:, :LOSS_SIZE]
quantile_forecasts = all_local_decodings[:, -1:]
train_forecasts = Lambda(lambda x: x, name='train_forecasts')(train_forecasts)
quantile_forecasts = Lambda(lambda x: x, name='quantile_forecasts')(quantile_forecasts)

model = CustomModel(inputs=[_input_series, _input_pred_features], outputs=[quantile_forecasts, train_forecasts])
metrics = {'quantile_forecasts': PinballMetric()} if INCLUDE_VALIDATION_METRIC else None
model.compile(loss={'train_forecasts': PinballLoss()}, optimizer=OPTIMIZER, metrics=metrics) # keras Model doesn't use sample weighting for metrics

model.summary(positions=[50, 110, 120, 170])

## TRAIN
def print_dictionary(d):
    for key, lst in d.items():
        print('{}: {}'.format(key, lst))

if not PREDICT_FROM_SAVED_WEIGHTS:
    history = model.fit(data_sequence, epochs=EPOCHS, verbose=FIT_VERBOSITY,
                        callbacks=[
                            EarlyStopping(monitor='loss', patience=3, restore_best_weights=True),
                            ModelCheckpoint(MODEL_WEIGHTS_FILE_FORMAT, monitor='loss', save_best_only=True, save_weights_only=True, verbose=1),
                        ])
    print('finished training with history: ')
    print_dictionary(history.history)
else:
    model.load_weights(MODEL_WEIGHTS_FILE)
    print('finished loading weights')

## PREDICT
data_sequence = TimeSeriesSequence(x_train, one_hot_features, binary_day_labels, BATCH_SIZE, should_shuffle=False)
quantile_forecasts = model.predict(data_sequence, verbose=PREDICT_VERBOSITY)[0]
print('finished predicting')
np.savetxt(PREDICTION_FILE, np.reshape(quantile_forecasts, (-1, HORIZON_LENGTH * len(QUANTILES))), delimiter=',')
print(np.loadtxt(PREDICTION_FILE, delimiter=',').round(4))
