# source: ageron/handson-ml3 15_processing_sequences_using_rnns_and_cnns.ipynb (A. Géron, "Hands-On Machine Learning", 3rd ed., chapter 15: forecasting a time series with Dense, SimpleRNN, deep, multivariate, multitask, seq-to-vector and seq-to-seq RNNs, the LNSimpleRNNCell custom cell, LSTM, GRU, Conv1D + GRU, the WaveNet stack and the full WaveNet with GatedActivationUnit; code cells in order)
# commit: b34797caa5b379e6b58f4d28bf0cfe5c36297cfb
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; tf.keras.utils.timeseries_dataset_from_array datasets (targets of shape (), (2,), (14,), (steps, 14)) fed to fit / evaluate / predict, list(dataset); fit_and_evaluate: EarlyStopping(monitor="val_mae", patience=50, restore_best_weights=True), SGD(learning_rate, momentum=0.9), compile(loss=Huber(), metrics=["mae"]), fit(validation_data=dataset, callbacks=[...]) and evaluate; Sequential Dense(1, input_shape=[seq_length]) on 2-D windows; SimpleRNN(1) and SimpleRNN(32) + Dense(1); three stacked SimpleRNN(32) (return_sequences); SimpleRNN(32, input_shape=[None, 5]) + Dense(1), Dense(2), Dense(14); predict on one window in a loop, concatenating each forecast onto the input (14 steps ahead); tf.keras.metrics.MeanAbsoluteError()(y_true, y_pred) called standalone; SimpleRNN(32, return_sequences=True) + Dense(14) on 3-D outputs (seq-to-seq) and predict(dataset)[:, -1]; a tf.keras.layers.Layer cell (LNSimpleRNNCell: state_size / output_size attributes, a SimpleRNNCell(activation=None) and a LayerNormalization inside, tf.keras.activations.get) in tf.keras.layers.RNN(return_sequences=True); LSTM(32) and GRU(32) seq-to-seq; Conv1D(32, kernel_size=4, strides=2, relu) + GRU on 2x-downsampled targets; Sequential(InputLayer(input_shape=[None, 5]), 8 causal dilated Conv1D, Conv1D(14, 1)); functional WaveNet: a GatedActivationUnit Layer (slicing inputs[..., :n], tf.keras.activations.sigmoid), residual blocks with Add, tf.keras.activations.relu on a KerasTensor, Model(inputs=[...], outputs=[...])
# reduced: pandas and matplotlib (not installed in the test environments) replaced or dropped: the Chicago ridership download (get_file + pd.read_csv) replaced by 300 made-up days (numpy, RandomState(42): weekly pattern plus noise; day_type W/A/U from the weekday) held as numpy arrays, a DataFrame's date slices as index ranges (train = days 0-199 for "2016-01":"2018-12", valid = 200-279 for "2019-01":"2019-05", test = 280-299), pd.get_dummies as one-hot columns in sorted order (next_day_type_A, _U, _W; the last day's unknown type all zeros, as the NaN row), to_numpy() dropped (already arrays), Series arithmetic with index alignment (cells 70, 91) written on the aligned slices; plots, df.head(), the naive-forecast cells 23-27 / 30-31 and the ARIMA/SARIMA cells (statsmodels) dropped; the GPU check and cells that only display a value dropped or printed; seq_length 56 -> 14 and the longer windows 112 -> 28 (the ahead of 14 kept); epochs 500 -> 3 (fit_and_evaluate's default) and 5 -> 2; shuffle=True, seed=42 -> shuffle=False (tf.data's shuffle order cannot match); TensorFlow's own tf.data (statefulrnn stands in for tf.keras, not TensorFlow): the tf.data.Dataset.range / window / flat_map demo cells (44-47, 82, 84) dropped, .map(split_inputs_and_targets) and to_seq2seq_dataset's windows of windows written with numpy: the same windows (timeseries_dataset_from_array over the series without its last `ahead` steps, sequence_length=seq_length) with the same targets computed up front and handed as `targets` (window i's Y at targets[i]), in the same order and batches of 32; downsampled's .map(Y[:, 3::2]) applied to those targets; MyRNN (cells 99-103: tf.function, tf.TensorArray, tf.range, tf.shape) left out; the QuickDraw and Bach chorales sections (downloads, tf.io / tf.ragged pipelines) left out; no Dropout / recurrent_dropout in the kept code

import numpy as np
import tensorflow as tf

# --- made-up daily ridership (stands in for the CTA CSV) ---
rng = np.random.RandomState(42)
n_days = 300
dates = np.datetime64("2018-06-01") + np.arange(n_days)
weekday = (dates.astype(np.int64) + 3) % 7  # Monday = 0 (1970-01-01 was a Thursday)
day_type = np.where(weekday < 5, "W", np.where(weekday == 5, "A", "U"))
weekly_bus = np.array([1.0, 1.02, 1.03, 1.02, 0.98, 0.62, 0.45])
weekly_rail = np.array([1.0, 1.03, 1.04, 1.03, 0.97, 0.55, 0.40])
bus = 780_000 * weekly_bus[weekday] + rng.normal(scale=25_000, size=n_days)
rail = 680_000 * weekly_rail[weekday] + rng.normal(scale=25_000, size=n_days)
df = {"day_type": day_type, "bus": bus, "rail": rail}
train_days, valid_days, test_days = slice(0, 200), slice(200, 280), slice(280, None)

rail_train = df["rail"][train_days] / 1e6
rail_valid = df["rail"][valid_days] / 1e6
rail_test = df["rail"][test_days] / 1e6

my_series = [0, 1, 2, 3, 4, 5]
my_dataset = tf.keras.utils.timeseries_dataset_from_array(
    my_series,
    targets=my_series[3:],  # the targets are 3 steps into the future
    sequence_length=3,
    batch_size=2
)
print([[np.asarray(x).tolist() for x in batch] for batch in my_dataset])

seq_length = 14
tf.random.set_seed(42)  # extra code – ensures reproducibility
train_ds = tf.keras.utils.timeseries_dataset_from_array(
    rail_train,
    targets=rail_train[seq_length:],
    sequence_length=seq_length,
    batch_size=32,
    shuffle=False,
)
valid_ds = tf.keras.utils.timeseries_dataset_from_array(
    rail_valid,
    targets=rail_valid[seq_length:],
    sequence_length=seq_length,
    batch_size=32
)

tf.random.set_seed(42)
model = tf.keras.Sequential([
    tf.keras.layers.Dense(1, input_shape=[seq_length])
])
early_stopping_cb = tf.keras.callbacks.EarlyStopping(
    monitor="val_mae", patience=50, restore_best_weights=True)
opt = tf.keras.optimizers.SGD(learning_rate=0.02, momentum=0.9)
model.compile(loss=tf.keras.losses.Huber(), optimizer=opt, metrics=["mae"])
history = model.fit(train_ds, validation_data=valid_ds, epochs=3,
                    callbacks=[early_stopping_cb])

# extra code – evaluates the model
valid_loss, valid_mae = model.evaluate(valid_ds)
print(valid_mae * 1e6)

tf.random.set_seed(42)  # extra code – ensures reproducibility
model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(1, input_shape=[None, 1])
])

# extra code – defines a utility function we'll reuse several time

def fit_and_evaluate(model, train_set, valid_set, learning_rate, epochs=3):
    early_stopping_cb = tf.keras.callbacks.EarlyStopping(
        monitor="val_mae", patience=50, restore_best_weights=True)
    opt = tf.keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)
    model.compile(loss=tf.keras.losses.Huber(), optimizer=opt, metrics=["mae"])
    history = model.fit(train_set, validation_data=valid_set, epochs=epochs,
                        callbacks=[early_stopping_cb])
    valid_loss, valid_mae = model.evaluate(valid_set)
    return valid_mae * 1e6

print(fit_and_evaluate(model, train_ds, valid_ds, learning_rate=0.02))

tf.random.set_seed(42)  # extra code – ensures reproducibility
univar_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, input_shape=[None, 1]),
    tf.keras.layers.Dense(1)  # no activation function by default
])

# extra code – compiles, fits, and evaluates the model, like earlier
print(fit_and_evaluate(univar_model, train_ds, valid_ds, learning_rate=0.05))

tf.random.set_seed(42)  # extra code – ensures reproducibility
deep_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, return_sequences=True, input_shape=[None, 1]),
    tf.keras.layers.SimpleRNN(32, return_sequences=True),
    tf.keras.layers.SimpleRNN(32),
    tf.keras.layers.Dense(1)
])

# extra code – compiles, fits, and evaluates the model, like earlier
print(fit_and_evaluate(deep_model, train_ds, valid_ds, learning_rate=0.01))

# df_mulvar = pd.get_dummies(df[["bus", "rail"]] / 1e6 with next_day_type = day_type.shift(-1))
next_day_type = np.append(df["day_type"][1:], "")  # the last day's is unknown (NaN)
df_mulvar = np.column_stack(
    [df["bus"] / 1e6, df["rail"] / 1e6]
    + [(next_day_type == kind).astype(float) for kind in ("A", "U", "W")]
)

mulvar_train = df_mulvar[train_days]
mulvar_valid = df_mulvar[valid_days]
mulvar_test = df_mulvar[test_days]
BUS, RAIL = 0, 1  # columns of mulvar_* ("bus", "rail")

tf.random.set_seed(42)  # extra code – ensures reproducibility

train_mulvar_ds = tf.keras.utils.timeseries_dataset_from_array(
    mulvar_train,  # use all 5 columns as input
    targets=mulvar_train[:, RAIL][seq_length:],  # forecast only the rail series
    sequence_length=seq_length,
    batch_size=32,
    shuffle=False,
)
valid_mulvar_ds = tf.keras.utils.timeseries_dataset_from_array(
    mulvar_valid,
    targets=mulvar_valid[:, RAIL][seq_length:],
    sequence_length=seq_length,
    batch_size=32
)

tf.random.set_seed(42)  # extra code – ensures reproducibility
mulvar_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, input_shape=[None, 5]),
    tf.keras.layers.Dense(1)
])

# extra code – compiles, fits, and evaluates the model, like earlier
print(fit_and_evaluate(mulvar_model, train_mulvar_ds, valid_mulvar_ds,
                       learning_rate=0.05))

# extra code – build and train a multitask RNN that forecasts both bus and rail

tf.random.set_seed(42)

seq_length = 14
train_multask_ds = tf.keras.utils.timeseries_dataset_from_array(
    mulvar_train,
    targets=mulvar_train[:, [BUS, RAIL]][seq_length:],  # 2 targets per day
    sequence_length=seq_length,
    batch_size=32,
    shuffle=False,
)
valid_multask_ds = tf.keras.utils.timeseries_dataset_from_array(
    mulvar_valid,
    targets=mulvar_valid[:, [BUS, RAIL]][seq_length:],
    sequence_length=seq_length,
    batch_size=32
)

tf.random.set_seed(42)
multask_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, input_shape=[None, 5]),
    tf.keras.layers.Dense(2)
])

print(fit_and_evaluate(multask_model, train_multask_ds, valid_multask_ds,
                       learning_rate=0.02))

# extra code – evaluates the naive forecasts for bus
bus_naive = mulvar_valid[:, BUS][seq_length - 7:-7]  # mulvar_valid["bus"].shift(7)[seq_length:]
bus_target = mulvar_valid[:, BUS][seq_length:]
print(np.abs(bus_target - bus_naive).mean() * 1e6)

# extra code – evaluates the multitask RNN's forecasts both bus and rail
Y_preds_valid = multask_model.predict(valid_multask_ds)
for idx, name in enumerate(["bus", "rail"]):
    mae = 1e6 * tf.keras.metrics.MeanAbsoluteError()(
        mulvar_valid[:, idx][seq_length:], Y_preds_valid[:, idx])
    print(name, int(mae))

X = rail_valid[np.newaxis, :seq_length, np.newaxis]
for step_ahead in range(14):
    y_pred_one = univar_model.predict(X)
    X = np.concatenate([X, y_pred_one.reshape(1, 1, 1)], axis=1)
print(X[0, -14:, 0])

tf.random.set_seed(42)  # extra code – ensures reproducibility

def split_inputs_and_targets(mulvar_series, ahead=14, target_col=1):
    return mulvar_series[:, :-ahead], mulvar_series[:, -ahead:, target_col]

def ahead_dataset(mulvar_series, ahead=14, target_col=1, **kwargs):
    # timeseries_dataset_from_array(series, targets=None,
    #     sequence_length=seq_length + ahead).map(split_inputs_and_targets), in numpy:
    # window i's inputs are series[i:i + seq_length], its targets the next `ahead` steps
    starts = np.arange(len(mulvar_series) - seq_length - ahead + 1)
    windows = mulvar_series[starts[:, None] + np.arange(seq_length + ahead)]
    inputs, targets = split_inputs_and_targets(windows, ahead, target_col)
    return tf.keras.utils.timeseries_dataset_from_array(
        mulvar_series[:-ahead], targets=targets, sequence_length=seq_length, **kwargs)

ahead_train_ds = ahead_dataset(mulvar_train, batch_size=32, shuffle=False)
ahead_valid_ds = ahead_dataset(mulvar_valid, batch_size=32)

tf.random.set_seed(42)

ahead_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, input_shape=[None, 5]),
    tf.keras.layers.Dense(14)
])

# extra code – compiles, fits, and evaluates the model, like earlier
print(fit_and_evaluate(ahead_model, ahead_train_ds, ahead_valid_ds,
                       learning_rate=0.02))

X = mulvar_valid[np.newaxis, :seq_length]  # shape [1, 14, 5]
Y_pred = ahead_model.predict(X)  # shape [1, 14]

def to_seq2seq_dataset(series, seq_length=14, ahead=14, target_col=1,
                       batch_size=32, shuffle=False, seed=None):
    # to_windows(to_windows(series, ahead + 1), seq_length).map(
    #     lambda S: (S[:, 0], S[:, 1:, target_col])), in numpy: window i's inputs are
    # series[i:i + seq_length], its targets at step t series[i + t + 1:i + t + 1 + ahead]
    count = len(series) - ahead - seq_length + 1
    steps = np.arange(count)[:, None, None] + np.arange(seq_length)[None, :, None]
    targets = series[steps + 1 + np.arange(ahead)[None, None, :], target_col]
    return tf.keras.utils.timeseries_dataset_from_array(
        series[:-ahead], targets=targets, sequence_length=seq_length,
        batch_size=batch_size, shuffle=shuffle, seed=seed)

seq2seq_train = to_seq2seq_dataset(mulvar_train)
seq2seq_valid = to_seq2seq_dataset(mulvar_valid)

tf.random.set_seed(42)  # extra code – ensures reproducibility
seq2seq_model = tf.keras.Sequential([
    tf.keras.layers.SimpleRNN(32, return_sequences=True, input_shape=[None, 5]),
    tf.keras.layers.Dense(14)
    # equivalent: tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(14))
    # also equivalent: tf.keras.layers.Conv1D(14, kernel_size=1)
])

print(fit_and_evaluate(seq2seq_model, seq2seq_train, seq2seq_valid,
                       learning_rate=0.1))

X = mulvar_valid[np.newaxis, :seq_length]
y_pred_14 = seq2seq_model.predict(X)[0, -1]  # only the last time step's output
print(y_pred_14)

Y_pred_valid = seq2seq_model.predict(seq2seq_valid)
for ahead in range(14):
    preds = Y_pred_valid[:-1, -1, ahead]
    # pandas aligns preds (dates seq_length + ahead to -14 + ahead) on the rail column
    mae = np.abs(preds - mulvar_valid[seq_length + ahead : -14 + ahead, RAIL]).mean() * 1e6
    print(f"MAE for +{ahead + 1}: {mae:,.0f}")

class LNSimpleRNNCell(tf.keras.layers.Layer):
    def __init__(self, units, activation="tanh", **kwargs):
        super().__init__(**kwargs)
        self.state_size = units
        self.output_size = units
        self.simple_rnn_cell = tf.keras.layers.SimpleRNNCell(units,
                                                             activation=None)
        self.layer_norm = tf.keras.layers.LayerNormalization()
        self.activation = tf.keras.activations.get(activation)

    def call(self, inputs, states):
        outputs, new_states = self.simple_rnn_cell(inputs, states)
        norm_outputs = self.activation(self.layer_norm(outputs))
        return norm_outputs, [norm_outputs]

tf.random.set_seed(42)  # extra code – ensures reproducibility
custom_ln_model = tf.keras.Sequential([
    tf.keras.layers.RNN(LNSimpleRNNCell(32), return_sequences=True,
                        input_shape=[None, 5]),
    tf.keras.layers.Dense(14)
])

print(fit_and_evaluate(custom_ln_model, seq2seq_train, seq2seq_valid,
                       learning_rate=0.1, epochs=2))

tf.random.set_seed(42)  # extra code – ensures reproducibility
lstm_model = tf.keras.models.Sequential([
    tf.keras.layers.LSTM(32, return_sequences=True, input_shape=[None, 5]),
    tf.keras.layers.Dense(14)
])

print(fit_and_evaluate(lstm_model, seq2seq_train, seq2seq_valid,
                       learning_rate=0.1, epochs=2))

tf.random.set_seed(42)  # extra code – ensures reproducibility
gru_model = tf.keras.Sequential([
    tf.keras.layers.GRU(32, return_sequences=True, input_shape=[None, 5]),
    tf.keras.layers.Dense(14)
])

print(fit_and_evaluate(gru_model, seq2seq_train, seq2seq_valid,
                       learning_rate=0.1, epochs=2))

tf.random.set_seed(42)  # extra code – ensures reproducibility
conv_rnn_model = tf.keras.Sequential([
    tf.keras.layers.Conv1D(filters=32, kernel_size=4, strides=2,
                           activation="relu", input_shape=[None, 5]),
    tf.keras.layers.GRU(32, return_sequences=True),
    tf.keras.layers.Dense(14)
])

def downsampled(series, seq_length, ahead=14, target_col=1, batch_size=32):
    # to_seq2seq_dataset(...).map(lambda X, Y: (X, Y[:, 3::2])), in numpy
    count = len(series) - ahead - seq_length + 1
    steps = np.arange(count)[:, None, None] + np.arange(seq_length)[None, :, None]
    targets = series[steps + 1 + np.arange(ahead)[None, None, :], target_col]
    return tf.keras.utils.timeseries_dataset_from_array(
        series[:-ahead], targets=targets[:, 3::2], sequence_length=seq_length,
        batch_size=batch_size)

longer_train = to_seq2seq_dataset(mulvar_train, seq_length=28)
longer_valid = to_seq2seq_dataset(mulvar_valid, seq_length=28)
downsampled_train = downsampled(mulvar_train, seq_length=28)
downsampled_valid = downsampled(mulvar_valid, seq_length=28)

print(fit_and_evaluate(conv_rnn_model, downsampled_train, downsampled_valid,
                       learning_rate=0.1, epochs=2))

tf.random.set_seed(42)  # extra code – ensures reproducibility
wavenet_model = tf.keras.Sequential()
wavenet_model.add(tf.keras.layers.InputLayer(input_shape=[None, 5]))
for rate in (1, 2, 4, 8) * 2:
    wavenet_model.add(tf.keras.layers.Conv1D(
        filters=32, kernel_size=2, padding="causal", activation="relu",
        dilation_rate=rate))
wavenet_model.add(tf.keras.layers.Conv1D(filters=14, kernel_size=1))

print(fit_and_evaluate(wavenet_model, longer_train, longer_valid,
                       learning_rate=0.1, epochs=2))

class GatedActivationUnit(tf.keras.layers.Layer):
    def __init__(self, activation="tanh", **kwargs):
        super().__init__(**kwargs)
        self.activation = tf.keras.activations.get(activation)

    def call(self, inputs):
        n_filters = inputs.shape[-1] // 2
        linear_output = self.activation(inputs[..., :n_filters])
        gate = tf.keras.activations.sigmoid(inputs[..., n_filters:])
        return self.activation(linear_output) * gate

def wavenet_residual_block(inputs, n_filters, dilation_rate):
    z = tf.keras.layers.Conv1D(2 * n_filters, kernel_size=2, padding="causal",
                            dilation_rate=dilation_rate)(inputs)
    z = GatedActivationUnit()(z)
    z = tf.keras.layers.Conv1D(n_filters, kernel_size=1)(z)
    return tf.keras.layers.Add()([z, inputs]), z

tf.random.set_seed(42)

n_layers_per_block = 3  # 10 in the paper
n_blocks = 1  # 3 in the paper
n_filters = 32  # 128 in the paper
n_outputs = 14  # 256 in the paper

inputs = tf.keras.layers.Input(shape=[None, 5])
z = tf.keras.layers.Conv1D(n_filters, kernel_size=2, padding="causal")(inputs)
skip_to_last = []
for dilation_rate in [2**i for i in range(n_layers_per_block)] * n_blocks:
    z, skip = wavenet_residual_block(z, n_filters, dilation_rate)
    skip_to_last.append(skip)

z = tf.keras.activations.relu(tf.keras.layers.Add()(skip_to_last))
z = tf.keras.layers.Conv1D(n_filters, kernel_size=1, activation="relu")(z)
Y_preds = tf.keras.layers.Conv1D(n_outputs, kernel_size=1)(z)

full_wavenet_model = tf.keras.Model(inputs=[inputs], outputs=[Y_preds])

print(fit_and_evaluate(full_wavenet_model, longer_train, longer_valid,
                       learning_rate=0.1, epochs=2))
