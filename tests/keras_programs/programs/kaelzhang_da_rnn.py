# source: kaelzhang/DA-RNN-in-Tensorflow-2-and-PyTorch (PyPI da-rnn) da_rnn/keras/model.py, da_rnn/common.py and notebook/keras.ipynb (DA-RNN, Qin et al. 2017: an input-attention LSTM encoder over the driving series and a temporal-attention LSTM decoder), with rolling_window from kaelzhang/python-get-rolling-window get_rolling_window/__init__.py @ 6172a63b1ac6463902fe4a526f9d23603004d3e5, which the notebook imports
# commit: 1a30c3dffd7e8556c775480faa500d84fed5334c
# keras: tf_keras
# exercises: a subclassed Model `DARNN` (super().__init__(name='DARNN'), get_config) whose call slices its input into driving series X and target history Y and runs two custom layers held as attributes: `Encoder` (an LSTM(m, return_state=True) and an `InputAttention` made in __init__, fixed names through super().__init__(name=..., **kwargs)) looping over the T steps in Python, each step an attention over the driving series from the previous hidden and cell states (K.repeat, K.concatenate, Dense sublayers, K.tanh, a Permute((2, 1)) layer made inside call, K.softmax), X[:, None, t, :] slices with None, and the same LSTM called with initial_state=[hidden_state, cell_state], unpacked `hidden_state, _, cell_state`; `Decoder` looping over T - 1 steps with a `TemporalAttention` (K.softmax(axis=1)) over the encoder states, K.batch_dot of the permuted weights with them, Dense, a second LSTM with initial_state, and a final Dense(p) -> Dense(y_dim) and K.squeeze; states started from zeros of a batch size read at run time (K.shape, K.zeros_like, K.repeat_elements); layers whose call takes three tensors; direct calls of the model on numpy windows before and after training; compile(loss='mse', metrics=['mae', 'mape']); fit with validation_data, ModelCheckpoint(monitor='val_loss', save_best_only=True, save_weights_only=True, verbose=1) to an .hdf5 and EarlyStopping(monitor='val_loss', patience=10); targets (N, 1, 1) against outputs (N, 1); the notebook's rolling windows (numpy as_strided) and labels
# reduced: the files are one script: da_rnn/common.py, rolling_window (its docstring dropped), da_rnn/keras/model.py, then notebook/keras.ipynb's code cells; model.py's `from da_rnn.common import check_T` and the notebook's `from da_rnn import DARNN` and `from get_rolling_window import rolling_window` dropped (inlined); the notebook's first cell (sys.path.insert of the repository root, print(tf.executing_eagerly()), tf.config.run_functions_eagerly(True), tf.__version__) dropped: TensorFlow's own switches (statefulrnn always runs eagerly), and tf-keras computes the same in a tf.function; in model.py, statefulrnn standing in for Keras, not TensorFlow (`import tensorflow as tf` becomes `import statefulrnn as tf`): tf.concat -> K.concatenate, tf.math.tanh -> K.tanh, tf.nn.softmax -> K.softmax (with its axis), tf.multiply(a, b) -> a * b, tf.matmul(Beta_t, X_encoded, transpose_a=True) -> K.batch_dot(K.permute_dimensions(Beta_t, (0, 2, 1)), X_encoded), tf.squeeze -> K.squeeze, and the zero states tf.zeros((batch_size, self.m)) / tf.zeros((batch_size, self.p)) -> K.repeat_elements(K.zeros_like(X[:, 0, :1]), self.m, axis=1) / the same of X_encoded with self.p, and tf.zeros((batch_size, 1, self.m)) -> K.zeros_like(X_encoded[:, :1, :]) (K.zeros makes a variable of a fixed shape; these take the batch size at run time as tf.zeros did); nasdaq100_padding.csv (pandas read_csv, 81 stocks and the NASDAQ 100 index) replaced by 64 made-up rows of 3 driving series (sinusoids plus np.random.RandomState(3) noise) and a target (their sum plus noise), and sklearn's StandardScaler().fit(features).transform(features) (sklearn and pandas are not installed) by the same arithmetic in numpy (mean and population std per column); the empty read_data stub (returns None, unused) and pandas dropped; the tf.data pipelines (Dataset.from_tensor_slices(...).batch(BATCH_SIZE, drop_remainder=True)) replaced by the arrays, fit given batch_size=BATCH_SIZE and shuffle=False (a Dataset is not shuffled by fit) and validation_data=(val_f, val_l); the sizes make whole batches (48 training and 8 validation windows), so drop_remainder drops nothing; next(iter(train_ds)) -> the first BATCH_SIZE windows; BATCH_SIZE 256 -> 8, WINDOW_SIZE 10 -> 5, ENCODER_HIDDEN_STATES 128 -> 4, DECODER_HIDDEN_STATES 128 -> 3, EPOCHS 20 -> 2; the compile cell moved after the cell that calls the model on feature_batch (Keras builds a subclassed model at its first call, and the harness hands both runs Keras's starting weights at a model's first compile); compile(optimizer='adam') -> 'sgd': InputAttention concatenates (not adds) W_e of the repeated states with U_e of the series, so W_e's part is the same for every series and the softmax over the series cancels it, and likewise TemporalAttention's W_d over the steps: their gradients are zero but for float32 rounding, which Adam, dividing each gradient by its own root mean square, turns into steps (on Adam, W_e's bias ended 2.6e-6 apart from tf-keras's, at values of 2e-6 to 8e-6, while the losses matched); SGD's steps of that noise vanish, so the real gradients are compared; ModelCheckpoint given save_weights_only=True and a temporary folder for dirname / 'checkpoint.hdf5' (tf-keras refuses to write a subclassed model to HDF5, NotImplementedError naming save_weights); the matplotlib plot cells dropped (pred.numpy() is read only there)
# da_rnn/common.py
def check_T(T: int):
    if T < 2:
        raise ValueError(
            f'T must be an integer larger than 1, but got `{T}`'
        )


# get_rolling_window/__init__.py (kaelzhang/python-get-rolling-window)
from typing import (
    Optional
)

import numpy as np


def rolling_window(
    array: np.ndarray,
    size: int,
    shift: Optional[int] = None,
    stride: int = 1
) -> np.ndarray:
    shift = shift or size

    first_length = 1 + stride * (size - 1)

    length = len(array)
    step_length = length - first_length
    steps = step_length // shift
    rest = step_length - shift * steps

    steps += 1

    if rest:
        # drop the last window
        # if its size is smaller than `size`.
        array = array[:-rest]

    item_stride = array.strides[0]

    ret = np.lib.stride_tricks.as_strided(
        array,
        # rolling_window "destroy" the first dimension of input `array`,
        shape=(steps, size) + array.shape[1:],
        strides=(item_stride * shift, item_stride * stride) + array.strides[1:]
    )

    return ret


# da_rnn/keras/model.py
from typing import Optional

import tensorflow as tf
import tensorflow.keras.backend as K

from tensorflow.keras.layers import (
    Layer,
    LSTM,
    Dense,
    Permute
)

from tensorflow.keras.models import Model



"""
Notation (according to the paper)

Naming Convention::

    Variable_{time_step}__{sequence_number_of_driving_series}

Variables / HyperParameters:
    T (int): the size (time steps) of the window
    m (int): the number of the encoder hidden states
    p (int): the number of the decoder hidden states
    n (int): the number of features of a single driving series
    X: the n driving (exogenous) series of shape (batch_size, T, n)
    X_tilde: the new input for the encoder, i.e. X̃ = (x̃_1, ..., x̃_t, x̃_T)
    Y: the historical/previous T - 1 predictions, (y_1, y_2, ..., y_Tminus1)

    hidden_state / h: hidden state
    cell_state / s: cell state
    Alpha_t: attention weights of the input attention layer at time t
    Beta_t: attention weights of the temporal attention layer at time t
"""


class InputAttention(Layer):
    T: int

    def __init__(self, T, **kwargs):
        """
        Calculates the encoder attention weight Alpha_t at time t

        Args:
            T (int): the size (time steps) of the window
        """

        super().__init__(name='input_attention', **kwargs)

        self.T = T

        self.W_e = Dense(T)
        self.U_e = Dense(T)
        self.v_e = Dense(1)

    def call(
        self,
        hidden_state,
        cell_state,
        X
    ):
        """
        Args:
            hidden_state: hidden state of shape (batch_size, m) at time t - 1
            cell_state: cell state of shape (batch_size, m) at time t - 1
            X: the n driving (exogenous) series of shape (batch_size, T, n)

        Returns:
            The attention weights (Alpha_t) at time t, i.e.
            (a_t__1, a_t__2, ..., a_t__n)
        """

        n = X.shape[2]

        # [h_t-1; s_t-1]
        hs = K.repeat(
            K.concatenate([hidden_state, cell_state], axis=-1),
            # -> (batch_size, m * 2)
            n
        )
        # -> (batch_size, n, m * 2)

        tanh = K.tanh(
            K.concatenate([
                self.W_e(hs),
                # -> (batch_size, n, T)

                self.U_e(
                    Permute((2, 1))(X)
                    # -> (batch_size, n, T)
                ),
                # -> (batch_size, n, T)
            ], axis=-1)
            # -> (batch_size, n, T * 2)
        )
        # -> (batch_size, n, T * 2)

        # Equation 8:
        e = self.v_e(tanh)
        # -> (batch_size, n, 1)

        # Equation: 9
        return K.softmax(
            Permute((2, 1))(e)
            # -> (batch_size, 1, n)
        )
        # -> (batch_size, 1, n)

    def get_config(self):
        config = super().get_config().copy()
        config.update({
            'T': self.T
        })
        return config


class Encoder(Layer):
    T: int
    m: int

    def __init__(
        self,
        T: int,
        m: int,
        **kwargs
    ):
        """
        Generates the new input X_tilde for encoder

        Args:
            T (int): the size (time steps) of the window
            m (int): the number of the encoder hidden states
        """

        super().__init__(name='encoder_input', **kwargs)

        self.T = T
        self.m = m

        self.input_lstm = LSTM(m, return_state=True)
        self.input_attention = InputAttention(T)

    def call(self, X) -> tf.Tensor:
        """
        Args:
            X: the n driving (exogenous) series of shape (batch_size, T, n)

        Returns:
            The encoder hidden state of shape (batch_size, T, m)
        """

        batch_size = K.shape(X)[0]

        hidden_state = K.repeat_elements(K.zeros_like(X[:, 0, :1]), self.m, axis=1)
        cell_state = K.repeat_elements(K.zeros_like(X[:, 0, :1]), self.m, axis=1)

        X_encoded = []

        for t in range(self.T):
            Alpha_t = self.input_attention(hidden_state, cell_state, X)

            # Equation 10
            X_tilde_t = (
                Alpha_t *
                # TODO:
                # make sure it can share the underlying data
                X[:, None, t, :]
            )
            # -> (batch_size, 1, n)

            # Equation 11
            hidden_state, _, cell_state = self.input_lstm(
                X_tilde_t,
                initial_state=[hidden_state, cell_state]
            )

            X_encoded.append(
                hidden_state[:, None, :]
                # -> (batch_size, 1, m)
            )

        return K.concatenate(X_encoded, axis=1)
        # -> (batch_size, T, m)

    def get_config(self):
        config = super().get_config().copy()
        config.update({
            'T': self.T,
            'm': self.m
        })
        return config


class TemporalAttention(Layer):
    m: int

    def __init__(self, m: int, **kwargs):
        """
        Calculates the attention weights::

            Beta_t = (beta_t__1, ..., beta_t__i, ..., beta_t__T) (1 <= i <= T)

        for each encoder hidden state h_t at the time step t

        Args:
            m (int): the number of the encoder hidden states
        """

        super().__init__(name='temporal_attention', **kwargs)

        self.m = m

        self.W_d = Dense(m)
        self.U_d = Dense(m)
        self.v_d = Dense(1)

    def call(
        self,
        hidden_state,
        cell_state,
        X_encoded
    ):
        """
        Args:
            hidden_state: hidden state `d` of shape (batch_size, p)
            cell_state: cell state `s` of shape (batch_size, p)
            X_encoded: the encoder hidden states (batch_size, T, m)

        Returns:
            The attention weights for encoder hidden states (beta_t)
        """

        # Equation 12
        l = self.v_d(
            K.tanh(
                K.concatenate([
                    self.W_d(
                        K.repeat(
                            K.concatenate([hidden_state, cell_state], axis=-1),
                            # -> (batch_size, p * 2)
                            X_encoded.shape[1]
                        )
                        # -> (batch_size, T, p * 2)
                    ),
                    # -> (batch_size, T, m)
                    self.U_d(X_encoded)
                ], axis=-1)
                # -> (batch_size, T, m * 2)
            )
            # -> (batch_size, T, m)
        )
        # -> (batch_size, T, 1)

        # Equation 13
        return K.softmax(l, axis=1)
        # -> (batch_size, T, 1)

    def get_config(self):
        config = super().get_config().copy()
        config.update({
            'm': self.m
        })
        return config


class Decoder(Layer):
    T: int
    m: int
    p: int
    y_dim: int

    def __init__(
        self,
        T: int,
        m: int,
        p: int,
        y_dim: int,
        **kwargs
    ):
        """
        Calculates y_hat_T

        Args:
            T (int): the size (time steps) of the window
            m (int): the number of the encoder hidden states
            p (int): the number of the decoder hidden states
            y_dim (int): prediction dimentionality
        """

        super().__init__(name='decoder', **kwargs)

        self.T = T
        self.m = m
        self.p = p
        self.y_dim = y_dim

        self.temp_attention = TemporalAttention(m)
        self.dense = Dense(1)
        self.decoder_lstm = LSTM(p, return_state=True)

        self.Wb = Dense(p)
        self.vb = Dense(y_dim)

    def call(self, Y, X_encoded) -> tf.Tensor:
        """
        Args:
            Y: prediction data of shape (batch_size, T - 1, y_dim) from time 1 to time T - 1. See Figure 1(b) in the paper
            X_encoded: encoder hidden states of shape (batch_size, T, m)

        Returns:
            y_hat_T: the prediction of shape (batch_size, y_dim)
        """

        batch_size = K.shape(X_encoded)[0]
        hidden_state = K.repeat_elements(K.zeros_like(X_encoded[:, 0, :1]), self.p, axis=1)
        cell_state = K.repeat_elements(K.zeros_like(X_encoded[:, 0, :1]), self.p, axis=1)

        # c in the paper
        context_vector = K.zeros_like(X_encoded[:, :1, :])
        # -> (batch_size, 1, m)

        for t in range(self.T - 1):
            Beta_t = self.temp_attention(
                hidden_state,
                cell_state,
                X_encoded
            )
            # -> (batch_size, T, 1)

            # Equation 14
            context_vector = K.batch_dot(
                K.permute_dimensions(Beta_t, (0, 2, 1)), X_encoded
            )
            # -> (batch_size, 1, m)

            # Equation 15
            y_tilde = self.dense(
                K.concatenate([Y[:, None, t, :], context_vector], axis=-1)
                # -> (batch_size, 1, y_dim + m)
            )
            # -> (batch_size, 1, 1)

            # Equation 16
            hidden_state, _, cell_state = self.decoder_lstm(
                y_tilde,
                initial_state=[hidden_state, cell_state]
            )
            # -> (batch_size, p)

        concatenated = K.concatenate(
            [hidden_state[:, None, :], context_vector], axis=-1
        )
        # -> (batch_size, 1, m + p)

        # Equation 22
        y_hat_T = self.vb(
            self.Wb(concatenated)
            # -> (batch_size, 1, p)
        )
        # -> (batch_size, 1, y_dim)

        return K.squeeze(y_hat_T, axis=1)

    def get_config(self):
        config = super().get_config().copy()
        config.update({
            'T': self.T,
            'm': self.m,
            'p': self.p,
            'y_dim': self.y_dim
        })
        return config


class DARNN(Model):
    def __init__(
        self,
        T: int,
        m: int,
        p: Optional[int] = None,
        y_dim: int = 1
    ):
        """
        Args:
            T (int): the size (time steps) of the window
            m (int): the number of the encoder hidden states
            p (:obj:`int`, optional): the number of the decoder hidden states. Defaults to `m`
            y_dim (:obj:`int`, optional): prediction dimentionality. Defaults to `1`

        Model Args:
            inputs: the concatenation of
            - n driving series (x_1, x_2, ..., x_T) and
            - the previous (historical) T - 1 predictions (y_1, y_2, ..., y_Tminus1, zero)

        `inputs` Explanation::

            inputs_t = (x_t__1, x_t__2, ..., x_t__n, y_t__1, y_t__2, ..., y_t__d)

            where
            - d is the prediction dimention
            - y_T__i = 0, 1 <= i <= d.

            Actually, the model will not use the value of y_T

        Usage::

            model = DARNN(10, 64, 64)
            y_hat = model(inputs)
        """

        super().__init__(name='DARNN')

        check_T(T)

        self.T = T
        self.m = m
        self.p = p or m
        self.y_dim = y_dim

        self.encoder = Encoder(T, m)
        self.decoder = Decoder(T, m, self.p, y_dim=y_dim)

    # Equation 1
    def call(self, inputs):
        X = inputs[:, :, :-self.y_dim]
        # -> (batch_size, T, n)

        # Y's window size is one less than X's
        # so, abandon `y_T`

        # By doing this, there are some benefits which makes it pretty easy to
        # process datasets
        Y = inputs[:, :, -self.y_dim:]
        # -> (batch_size, T - 1, y_dim)

        X_encoded = self.encoder(X)

        y_hat_T = self.decoder(Y, X_encoded)
        # -> (batch_size, y_dim)

        return y_hat_T

    def get_config(self):
        return {
            'T': self.T,
            'm': self.m,
            'p': self.p,
            'y_dim': self.y_dim
        }


# notebook/keras.ipynb

import os
import tempfile

dirname = tempfile.mkdtemp()

import tensorflow as tf

BATCH_SIZE = 8
WINDOW_SIZE = 5
ENCODER_HIDDEN_STATES = 4
DECODER_HIDDEN_STATES = 3

Y_DIM = 1

VALIDATION_RATIO = 0.2

EPOCHS = 2

import numpy as np
from typing import Tuple

# Made-up data in place of nasdaq100_padding.csv: 64 rows of 3 driving series and the target
rng = np.random.RandomState(3)
t = np.arange(64)[:, None]
drivers = np.sin(t / np.array([3.0, 5.0, 7.0])) + 0.1 * rng.randn(64, 3)
features = np.concatenate([drivers, drivers.sum(axis=1, keepdims=True) + 0.1 * rng.randn(64, 1)], axis=1)

print(features.shape)

# StandardScaler().fit(features).transform(features)
features = (features - features.mean(axis=0)) / features.std(axis=0)

features


def get_labels_from_features(features):
    return features[WINDOW_SIZE - 1:, -Y_DIM:][:, None, :]


def split_by_ratio(features):
    length = len(features)
    validation_length = int(VALIDATION_RATIO * length)
    
    return features[:-validation_length], features[-validation_length:]


training_features, validation_features = split_by_ratio(features)

print('training length', len(training_features))
print('validation length', len(validation_features))

train_f, train_l = rolling_window(training_features, WINDOW_SIZE, 1), get_labels_from_features(training_features)

print(train_f.shape, train_l.shape)

val_f, val_l = rolling_window(validation_features, WINDOW_SIZE, 1), get_labels_from_features(validation_features)

from tensorflow.keras import Sequential
from tensorflow.keras.layers import Reshape

model = DARNN(
    WINDOW_SIZE,
    ENCODER_HIDDEN_STATES,
    DECODER_HIDDEN_STATES,
    Y_DIM
)

feature_batch, label_batch = train_f[:BATCH_SIZE], train_l[:BATCH_SIZE]

print('feature, label shape', feature_batch.shape, label_batch.shape)

print('prediction shape', model(feature_batch).shape)

model(feature_batch[:1])

model.compile(
    optimizer='sgd',
    loss='mse',
    metrics=['mae', 'mape']
)

save_to = os.path.join(dirname, 'checkpoint.hdf5')

history = model.fit(
    train_f, train_l,
    batch_size=BATCH_SIZE,
    shuffle=False,
    validation_data=(val_f, val_l),
    callbacks=[
        # Save checkpoints on best validation loss
        tf.keras.callbacks.ModelCheckpoint(
            save_to,
            monitor='val_loss',
            save_best_only=True,
            save_weights_only=True,
            verbose=1
        ),
        # Stop early if the model overfits
        tf.keras.callbacks.EarlyStopping(monitor='val_loss', patience=10)
    ],
    epochs=EPOCHS,
    verbose=1
)

pred = model(val_f)

print(val_f.shape, pred.shape)

pred
