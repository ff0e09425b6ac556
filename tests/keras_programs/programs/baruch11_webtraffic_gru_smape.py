# source: baruch11/WebTraffic webtraffic/models/rnn_model.py (class rnn_model) with webtraffic/webtraffic_utils.py (smape, smape_reg, SmapeMetric, SmapeLoss, create_tb_cb) (a Kaggle "Web Traffic Time Series Forecasting" solution: a GRU over the last max_delay days of each page's hits, scaled by their maximum inside the model and rescaled at the output, trained on a regularised SMAPE loss written as a keras.losses.Loss subclass, with a second Loss subclass used as the metric that EarlyStopping watches; a vector-output and a seq2seq (TimeDistributed Dense at every step) variant)
# commit: 096912ad3fed760fd649d2beeb7106b31bce0e56
# keras: tf_keras
# exercises: a @dataclass wrapper building its model in __post_init__; tf.keras.layers.Input(shape=(n,)); KerasTensor slicing I[:, -max_delay:] and x[:, :, np.newaxis]; backend ops on KerasTensors (K.max(keepdims=True), division by a KerasTensor + 1e-10, K.tile of K.expand_dims, K.cast, a KerasTensor times a KerasTensor as the output); GRU(return_sequences=False / True, name=); Dense(output_len, name=) and keras.layers.TimeDistributed(keras.layers.Dense(output_len), name='td'); tf.keras.Model(inputs=[...], outputs=[...]); two tf.keras.losses.Loss subclasses (name= in __init__, call returning a scalar mean, get_config) one as loss and one in metrics=[...] (logged as 'smape' / 'val_smape'); tf.optimizers.Adam(learning_rate=1e-3); EarlyStopping(monitor='val_smape', min_delta=0.1, patience, restore_best_weights=True); tf.keras.callbacks.TensorBoard(log_dir, histogram_freq=10) constructed (not passed to fit, see reduced); fit(batch_size=32, validation_data=); predict
# reduced: the Kaggle train_2.csv page-hits frame (pandas, via webtraffic.inout) replaced by made-up hits of 40 pages (numpy RandomState(0): weekly-seasonal Poisson traffic of page-dependent size), split by position into training / validation pages; targets the next output_len days (the vector model) and, for the seq2seq model, the output_len days after each of the max_delay steps, as the repository's make_seq2seq_dataset builds them; the repository's TensorFlow ops (statefulrnn stands in for tf.keras, not TensorFlow; the corpus rewrites them to Keras backend functions): tf.reduce_max -> tf.keras.backend.max, tf.divide(a, b) -> a / b, tf.multiply(a, b) -> a * b, tf.tile / tf.expand_dims / tf.cast -> tf.keras.backend.tile / expand_dims / cast, and in smape / smape_reg tf.math.abs / tf.abs -> K.abs, tf.reduce_mean -> K.mean, tf.maximum -> K.maximum, tf.cast -> K.cast; get_root_dir() (the repository root) -> a temp dir for the TensorBoard logs, and the TensorBoard callback left out of fit's callbacks (the tensorboard package is not installed in the Keras venv: tf.summary.scalar raises TBNotInstalledError); the unused smape_np / VizualizeResults / autocorrelation / plotting helpers and the tf.lookup-based OneHotEncodingLayer / get_rnn_model / tf.data helpers dropped; input_shape 500+ -> 30, max_delay 50 -> 12, output_len 62 -> 5, Nneurons 20 -> 6, epochs 100 -> 3, EarlyStopping patience 10 -> 1; fit given shuffle=False (random batch order cannot match)
from dataclasses import dataclass, field
import os
import tempfile
from datetime import datetime

import numpy as np
import tensorflow as tf
from tensorflow import keras

K = tf.keras.backend
TMP = tempfile.mkdtemp()


def get_root_dir():
    return TMP


# ---- webtraffic/webtraffic_utils.py
def create_tb_cb(model_name):
    """Create a tf callback for tensorboard."""
    dirname = datetime.now().strftime("%m-%d-%H-%M-%S")+"-"+model_name
    log_dir = os.path.join(get_root_dir(), "logs", dirname)
    return tf.keras.callbacks.TensorBoard(log_dir, histogram_freq=10)


def smape(A, F):
    """Compute smape."""
    denom = K.abs(A) + K.abs(F) + 1e-16
    return K.mean(2 * K.abs(F - A) / denom) * 100


def smape_reg(ypred, ytrue):
    """Compute regularized smape."""
    A = K.cast(ypred, "float32")
    F = K.cast(ytrue, "float32")
    epsilon = 0.1
    summ = K.maximum(K.abs(A) + K.abs(F) + epsilon, 0.5 + epsilon)
    return K.mean(2 * K.abs(A - F) / summ) * 100


class SmapeMetric(tf.keras.losses.Loss):
    """Implement smape for loss of tf metrics."""

    def __init__(self, name="smape", **kwargs):
        super().__init__(name=name, **kwargs)

    def call(self, y_true, y_pred):
        return smape(y_pred, y_true)

    def get_config(self):
        base_config = super().get_config()
        return {**base_config}


class SmapeLoss(tf.keras.losses.Loss):
    """Implement smape for loss of tf models."""

    def __init__(self, name="smape_reg", **kwargs):
        super().__init__(name=name, **kwargs)

    def call(self, y_true, y_pred):
        return smape_reg(y_pred, y_true)

    def get_config(self):
        base_config = super().get_config()
        return {**base_config}


# ---- webtraffic/models/rnn_model.py
@dataclass
class rnn_model:
    """RNN model."""

    input_shape: int
    output_len: int
    seq2seq: bool = False
    Nneurons: int = 20
    Nlayers: int = 1
    max_delay: int = 50
    model: tf.keras.layers.Layer = field(init=False)
    epochs: int = 100

    def __post_init__(self):
        """Build & compile the model."""
        I_traffic = tf.keras.layers.Input(shape=(self.input_shape,))

        traffic_lim = I_traffic[:, -self.max_delay:]
        factors = K.max(traffic_lim, axis=1, keepdims=True)
        x = traffic_lim / (factors + 1e-10)

        x = x[:, :, np.newaxis]

        for ii in range(self.Nlayers-1):
            x = tf.keras.layers.GRU(self.Nneurons, return_sequences=True)(x)
        x = tf.keras.layers.GRU(self.Nneurons, return_sequences=self.seq2seq,
                                name="gru0")(x)

        if not self.seq2seq:
            x = tf.keras.layers.Dense(self.output_len, name="dense0")(x)
        else:
            x = keras.layers.TimeDistributed(
                keras.layers.Dense(self.output_len), name="td")(x)
            factors = K.cast(K.tile(K.expand_dims(factors, axis=1),
                                    (1, self.max_delay, self.output_len)),
                             "float32")

        outputs = x * factors
        self.model = tf.keras.Model(inputs=[I_traffic], outputs=[outputs])

        self.model.compile(loss=SmapeLoss(),
                           optimizer=tf.optimizers.Adam(learning_rate=1e-3),
                           metrics=[SmapeMetric()])

    def fit(self, X_train: np.array, Y_train: np.array, val_data=None):
        """Fit the model."""
        es_cb = tf.keras.callbacks.EarlyStopping(
            monitor='val_smape', min_delta=0.1, patience=1,
            verbose=0, restore_best_weights=True)

        tb_cb = create_tb_cb("rnn")

        self.model.fit(X_train, Y_train, epochs=self.epochs,
                       callbacks=[es_cb],
                       batch_size=32,
                       validation_data=val_data, shuffle=False)

    def predict(self, X_train: np.array):
        """Predict forecast from X_train.

        Returns
        -------
        np.array
            predictions
        """
        return self.model.predict(X_train)


# ---- made-up page hits and the training script's split
rng = np.random.RandomState(0)
N_PAGES, N_DAYS, OUT = 40, 30 + 12 + 5, 5
days = np.arange(N_DAYS)
level = np.exp(rng.normal(3, 1, (N_PAGES, 1)))
hits = rng.poisson(level * (1 + 0.3 * np.sin(2 * np.pi * days / 7)[None, :])).astype("float32")
hits[rng.rand(N_PAGES, N_DAYS) < 0.03] = 0.0

INPUT = N_DAYS - OUT - 12          # 30 days of features before each target window
X = hits[:, :INPUT + 12]           # the seq2seq model reads the last max_delay days of these
Y_vec = hits[:, INPUT + 12:INPUT + 12 + OUT]
# seq2seq targets: the OUT days after each of the max_delay steps (make_seq2seq_dataset)
Y_seq = np.stack([hits[:, INPUT + ii + 1:INPUT + ii + 1 + OUT] for ii in range(12)], axis=1)

X_train, X_val = X[:30], X[30:]
for seq2seq, Y in [(False, Y_vec), (True, Y_seq)]:
    m = rnn_model(input_shape=X.shape[1], output_len=OUT, seq2seq=seq2seq, Nneurons=6, max_delay=12, epochs=3)
    m.fit(X_train, Y[:30], val_data=(X_val, Y[30:]))
    pred = m.predict(X_val)
    print(seq2seq, pred.shape, float(np.mean(np.abs(pred - Y[30:]))))
