# source: Aizhee/python-bitneural32 bitneural32/qat.py (BitNeural32's quantization-aware training layers for microcontroller export: weights ternarised to {-1, 0, 1} x mean|w| in every forward pass; an LSTM layer that builds a Keras cell, keep its kernel and recurrent_kernel, and swap quantised tensors in for them around a hand-written loop over the steps)
# commit: 141c04a79dad9e9855fc9a6598ab43dd07eb8b69
# keras: keras
# exercises: keras.utils.register_keras_serializable on a plain function; a Layer that builds keras.layers.LSTMCell itself in build(input_shape) with cell.build(input_shape[1:]) and keeps self.kernel = cell.kernel and self.recurrent_kernel = cell.recurrent_kernel; in call, cell.kernel and cell.recurrent_kernel assigned a quantised tensor (ops.where(ops.abs(w) < threshold, ops.zeros_like(w), ops.sign(w)) * ops.mean(ops.abs(w))) and the originals assigned back after the loop; the cell called per step on x[:, t, :] with states made by ops.zeros((ops.shape(x)[0], units)); ops.stack(outputs, axis=1); TernaryDense (ops.matmul with a quantised add_weight); compile("adam", "mse"), fit, predict
# reduced: the module's layers kept as written (docstrings shortened); the usage example of its docstring (TernaryConv1D, ReLU, TernaryLSTM, TernaryDense) made a program on random arrays of 64 windows x 12 steps x 1 channel, without its TernaryConv1D (its call uses ops.conv1d, which Keras 3 does not have: AttributeError on Keras itself; the class is kept, unused); TernaryGRU kept, unused (its loop passes [state] where the cell already returned a list, so its second step fails on Keras itself: 'Dimensions must be equal, but are 8 and 24'); epochs 20 -> 2; batch_size 16 and shuffle=False added
import keras
import keras.ops as ops
import numpy as np


@keras.utils.register_keras_serializable()
def ternary_quantize(w):
    alpha = ops.mean(ops.abs(w))
    threshold = 0.7 * alpha

    w_ternary = ops.where(
        ops.abs(w) < threshold,
        ops.zeros_like(w),
        ops.sign(w)
    )

    w_q = alpha * w_ternary
    return w_q


class TernaryConv1D(keras.layers.Layer):
    def __init__(self, filters, kernel_size, strides=1, padding="same", **kwargs):
        super().__init__(**kwargs)
        self.filters = int(filters)
        self.kernel_size = int(kernel_size)
        self.strides = int(strides)
        self.padding = padding.upper()

    def build(self, input_shape):
        in_channels = int(input_shape[-1])
        if in_channels != 1:
            print(f"[WARN] TernaryConv1D is optimized for single-channel input (got {in_channels})")
        self.w = self.add_weight(
            shape=(self.kernel_size, in_channels, self.filters),
            initializer=keras.initializers.RandomUniform(-0.1, 0.1),
            trainable=True,
            name="w"
        )
        self.b = self.add_weight(
            shape=(self.filters,),
            initializer="zeros",
            trainable=True,
            name="b"
        )

    def call(self, x):
        w_q = ternary_quantize(self.w)
        y = ops.conv1d(
            x,
            w_q,
            strides=self.strides,
            padding=self.padding
        )
        return y + self.b


class TernaryDense(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)

    def build(self, input_shape):
        in_dim = int(input_shape[-1])
        self.w = self.add_weight(
            shape=(in_dim, self.units),
            initializer=keras.initializers.RandomUniform(-0.1, 0.1),
            trainable=True,
            name="w"
        )
        self.b = self.add_weight(
            shape=(self.units,),
            initializer="zeros",
            trainable=True,
            name="b"
        )

    def call(self, x):
        return ops.matmul(x, ternary_quantize(self.w)) + self.b


class TernaryLSTM(keras.layers.Layer):
    def __init__(self, units, return_sequences=False, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.return_sequences = return_sequences
        self.cell = None

    def build(self, input_shape):
        # Build internal LSTM cell
        self.lstm_cell = keras.layers.LSTMCell(self.units)
        self.lstm_cell.build(input_shape[1:])

        # Store references to quantizable weights
        self.kernel = self.lstm_cell.kernel          # (input_dim, units*4)
        self.recurrent_kernel = self.lstm_cell.recurrent_kernel  # (units, units*4)

    def call(self, x, training=None):
        # Quantize weights during training
        kernel_q = ternary_quantize(self.kernel)
        recurrent_q = ternary_quantize(self.recurrent_kernel)

        # Temporarily replace weights
        orig_kernel = self.lstm_cell.kernel
        orig_recurrent = self.lstm_cell.recurrent_kernel
        self.lstm_cell.kernel = kernel_q
        self.lstm_cell.recurrent_kernel = recurrent_q

        # Run LSTM with quantized weights
        outputs = []
        state = [ops.zeros((ops.shape(x)[0], self.units)),
                 ops.zeros((ops.shape(x)[0], self.units))]

        for t in range(ops.shape(x)[1]):
            output, state = self.lstm_cell(x[:, t, :], state, training=training)
            outputs.append(output)

        # Restore original weights
        self.lstm_cell.kernel = orig_kernel
        self.lstm_cell.recurrent_kernel = orig_recurrent

        if self.return_sequences:
            return ops.stack(outputs, axis=1)
        else:
            return outputs[-1]


class TernaryGRU(keras.layers.Layer):
    def __init__(self, units, return_sequences=False, **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.return_sequences = return_sequences

    def build(self, input_shape):
        # Build internal GRU cell
        self.gru_cell = keras.layers.GRUCell(self.units)
        self.gru_cell.build(input_shape[1:])

        # Store references to quantizable weights
        self.kernel = self.gru_cell.kernel          # (input_dim, units*3)
        self.recurrent_kernel = self.gru_cell.recurrent_kernel  # (units, units*3)

    def call(self, x, training=None):
        # Quantize weights during training
        kernel_q = ternary_quantize(self.kernel)
        recurrent_q = ternary_quantize(self.recurrent_kernel)

        # Temporarily replace weights
        orig_kernel = self.gru_cell.kernel
        orig_recurrent = self.gru_cell.recurrent_kernel
        self.gru_cell.kernel = kernel_q
        self.gru_cell.recurrent_kernel = recurrent_q

        # Run GRU with quantized weights
        outputs = []
        state = ops.zeros((ops.shape(x)[0], self.units))

        for t in range(ops.shape(x)[1]):
            output, state = self.gru_cell(x[:, t, :], [state], training=training)
            outputs.append(output)

        # Restore original weights
        self.gru_cell.kernel = orig_kernel
        self.gru_cell.recurrent_kernel = orig_recurrent

        if self.return_sequences:
            return ops.stack(outputs, axis=1)
        else:
            return outputs[-1]


np.random.seed(0)
X_train = np.random.randn(64, 12, 1).astype("float32")
Y_train = np.random.randn(64, 10).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(12, 1)),
    keras.layers.ReLU(),
    TernaryLSTM(units=32, return_sequences=False),
    TernaryDense(units=10)
])
model.compile(optimizer='adam', loss='mse')
model.fit(X_train, Y_train, epochs=2, batch_size=16, shuffle=False)
print(model.predict(X_train[:4]))

