# source: NikolasMarkou/dl_techniques src/dl_techniques/layers/time_series/xlstm_blocks.py (Keras 3 xLSTM layers, "works across TensorFlow, PyTorch and JAX backends": sLSTMCell with exponential gating and a log-domain stabilizer state, mLSTMCell with a per-head matrix memory, each wrapped by a Layer holding a keras.layers.RNN)
# commit: 06aee65021c02d98c79b8cfeaf626e349f2eb9d7
# keras: keras
# backend: torch
# exercises: custom RNN cells subclassing keras.layers.Layer with state_size a list of four ints ([h, c, n, m] and [h, C_flat, n_flat, m] of different sizes), output_size, build(input_shape) with add_weight(name=, shape=, initializer=initializers.get("glorot_uniform"/"orthogonal"/"zeros"), regularizer=None, trainable=True) then super().build, call(inputs, states, training=None) returning (h_t, [h_t, ...]), get_initial_state(batch_size) of ops.zeros(dtype=self.compute_dtype), compute_output_shape; keras.ops matmul, split into 4 equal parts and at a list of indices (np.cumsum(...).tolist()), log, sigmoid, exp, maximum, reshape with ops.shape(inputs)[0], expand_dims, transpose with a perm list, squeeze, sum(keepdims=True), abs; activations.get("sigmoid"/"tanh") called on tensors; keras.regularizers.get(None); a wrapper Layer that makes keras.layers.RNN(cell, return_sequences=, return_state=, go_backwards=, stateful=, unroll=) in __init__, builds it in build() and calls it with mask=, training=, initial_state=; compute_output_shape delegating to the RNN; a functional keras.Model stacking sLSTM (sigmoid and exp forget gates) and mLSTM layers with a Dense head; compile(Adam, "mse", ["mae"]) / fit(validation_data=) / evaluate / predict
# reduced: the module's classes sLSTMCell, sLSTMLayer, mLSTMCell and mLSTMLayer kept (docstrings cut; the blocks that use the package's norm and FFN factories left out); the package's register_dl_technique decorators and its serialize_activation / deserialize_activation helpers left out (forget_gate_activation kept as the string, which is what the cell's own `== 'exp'` test reads); a driver added at the end: a forecaster on 96 training and 32 validation seeded numpy windows of 12 steps x 3 features (a noisy sum of sines, target the next value), two models (sLSTM sigmoid forget gate -> mLSTM 2 heads; sLSTM exp forget gate alone), 2 epochs each, batch_size 16, shuffle=False; the exp-gate model trained with SGD(0.05) rather than Adam: with the exp forget gate the input-gate bias's gradient is rounding noise around zero (~1e-9), which Adam's normalisation blows up to 1e-5 steps that differ between any two float32 runs (Keras's own torch and tensorflow backends disagree there as much), see dltech_xlstm_slstm_mlstm_cells_torch.diagnosis.md
import os

os.environ["KERAS_BACKEND"] = "torch"

import keras
import numpy as np
from keras import ops, layers, initializers, activations
from typing import Optional, Union, Tuple, List, Any, Dict, Literal


class sLSTMCell(keras.layers.Layer):
    """Scalar LSTM (sLSTM) cell with exponential gating and a normalizer state."""

    def __init__(
        self,
        units: int,
        forget_gate_activation: Literal['sigmoid', 'exp'] = 'sigmoid',
        kernel_initializer: Union[str, initializers.Initializer] = 'glorot_uniform',
        recurrent_initializer: Union[str, initializers.Initializer] = 'orthogonal',
        bias_initializer: Union[str, initializers.Initializer] = 'zeros',
        kernel_regularizer: Optional[keras.regularizers.Regularizer] = None,
        recurrent_regularizer: Optional[keras.regularizers.Regularizer] = None,
        bias_regularizer: Optional[keras.regularizers.Regularizer] = None,
        **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)

        if units <= 0:
            raise ValueError(f"`units` must be positive, but got {units}")
        self.units = units

        if forget_gate_activation not in ['sigmoid', 'exp']:
            raise ValueError(
                f"`forget_gate_activation` must be 'sigmoid' or 'exp', "
                f"but got {forget_gate_activation}"
            )
        self.forget_gate_activation = forget_gate_activation

        # Store initializers and regularizers
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = keras.regularizers.get(recurrent_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)

        # Activation functions
        self.f_activation = (
            activations.get(forget_gate_activation)
            if forget_gate_activation != "exp"
            else None
        )
        self.o_activation = activations.get('sigmoid')
        self.z_activation = activations.get('tanh')

        # RNN cell state layout, in the order call() unpacks it:
        # [h, c, n, m], each of shape (batch, units).
        self.state_size = [self.units, self.units, self.units, self.units]
        self.output_size = self.units

    def build(self, input_shape: Tuple[Optional[int], ...]) -> None:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError("Last dimension of input_shape cannot be None.")

        # Input weight matrix (W) for all gates: [i, f, o, z]
        self.kernel = self.add_weight(
            name='kernel',
            shape=(input_dim, self.units * 4),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            trainable=True,
        )

        # Recurrent weight matrix (R) for all gates
        self.recurrent_kernel = self.add_weight(
            name='recurrent_kernel',
            shape=(self.units, self.units * 4),
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            trainable=True,
        )

        # Bias vectors for all gates
        self.bias = self.add_weight(
            name='bias',
            shape=(self.units * 4,),
            initializer=self.bias_initializer,
            regularizer=self.bias_regularizer,
            trainable=True,
        )

        super().build(input_shape)

    def compute_output_shape(
        self,
        input_shape: Tuple[Optional[int], ...]
    ) -> Tuple[Optional[int], ...]:
        return (input_shape[0], self.units)

    def call(
        self,
        inputs: keras.KerasTensor,
        states: List[keras.KerasTensor],
        training: Optional[bool] = None,
    ) -> Tuple[keras.KerasTensor, List[keras.KerasTensor]]:
        h_tm1, c_tm1, n_tm1, m_tm1 = states

        # Compute gate pre-activations
        x_proj = ops.matmul(inputs, self.kernel) + self.bias
        h_proj = ops.matmul(h_tm1, self.recurrent_kernel)
        projections = x_proj + h_proj

        # Split into gates: [input, forget, output, cell_input]
        i_proj, f_proj, o_proj, z_proj = ops.split(projections, 4, axis=-1)

        # Stabilizer state update (Equation 15)
        if self.forget_gate_activation == 'exp':
            log_f_t = f_proj
        else:
            log_f_t = ops.log(self.f_activation(f_proj) + 1e-8)

        m_t = ops.maximum(m_tm1 + log_f_t, i_proj)

        # Stabilized exponential gating (Equations 16, 17)
        i_t = ops.exp(i_proj - m_t)
        f_t = ops.exp(m_tm1 + log_f_t - m_t)

        # Other gates
        o_t = self.o_activation(o_proj)
        z_t = self.z_activation(z_proj)

        # State updates (Equations 8, 9)
        c_t = f_t * c_tm1 + i_t * z_t
        n_t = f_t * n_tm1 + i_t

        # Output (Equation 10)
        h_t = o_t * (c_t / (n_t + 1e-8))

        return h_t, [h_t, c_t, n_t, m_t]

    def get_initial_state(
        self,
        batch_size: Optional[int] = None,
    ) -> List[keras.KerasTensor]:
        return [
            ops.zeros((batch_size, self.units), dtype=self.compute_dtype),
            ops.zeros((batch_size, self.units), dtype=self.compute_dtype),
            ops.zeros((batch_size, self.units), dtype=self.compute_dtype),
            ops.zeros((batch_size, self.units), dtype=self.compute_dtype),
        ]


class sLSTMLayer(keras.layers.Layer):
    """Scalar LSTM (sLSTM) layer for processing sequences."""

    def __init__(
        self,
        units: int,
        forget_gate_activation: Literal['sigmoid', 'exp'] = 'sigmoid',
        return_sequences: bool = True,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        kernel_initializer: Union[str, initializers.Initializer] = 'glorot_uniform',
        recurrent_initializer: Union[str, initializers.Initializer] = 'orthogonal',
        bias_initializer: Union[str, initializers.Initializer] = 'zeros',
        kernel_regularizer: Optional[keras.regularizers.Regularizer] = None,
        recurrent_regularizer: Optional[keras.regularizers.Regularizer] = None,
        bias_regularizer: Optional[keras.regularizers.Regularizer] = None,
        **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)

        self.units = units
        self.forget_gate_activation = forget_gate_activation
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.kernel_initializer = kernel_initializer
        self.recurrent_initializer = recurrent_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = keras.regularizers.get(recurrent_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)

        # Create the cell
        self.cell = sLSTMCell(
            units=units,
            forget_gate_activation=forget_gate_activation,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
        )

        # Create the RNN wrapper
        self.rnn = keras.layers.RNN(
            self.cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
        )

    def build(self, input_shape: Tuple[Optional[int], ...]) -> None:
        self.rnn.build(input_shape)
        super().build(input_shape)

    def call(
        self,
        inputs: keras.KerasTensor,
        mask: Optional[keras.KerasTensor] = None,
        training: Optional[bool] = None,
        initial_state: Optional[List[keras.KerasTensor]] = None,
    ) -> Union[keras.KerasTensor, Tuple[keras.KerasTensor, ...]]:
        return self.rnn(
            inputs,
            mask=mask,
            training=training,
            initial_state=initial_state,
        )

    def compute_output_shape(self, input_shape):
        return self.rnn.compute_output_shape(input_shape)


class mLSTMCell(keras.layers.Layer):
    """Matrix LSTM (mLSTM) cell with matrix memory and covariance update rule."""

    def __init__(
        self,
        units: int,
        num_heads: int = 1,
        key_dim: Optional[int] = None,
        value_dim: Optional[int] = None,
        kernel_initializer: Union[str, initializers.Initializer] = 'glorot_uniform',
        recurrent_initializer: Union[str, initializers.Initializer] = 'orthogonal',
        bias_initializer: Union[str, initializers.Initializer] = 'zeros',
        kernel_regularizer: Optional[keras.regularizers.Regularizer] = None,
        recurrent_regularizer: Optional[keras.regularizers.Regularizer] = None,
        bias_regularizer: Optional[keras.regularizers.Regularizer] = None,
        **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)

        if units <= 0:
            raise ValueError(f"`units` must be positive, but got {units}")
        if num_heads <= 0:
            raise ValueError(f"`num_heads` must be positive, but got {num_heads}")
        if units % num_heads != 0:
            raise ValueError(
                f"units ({units}) must be divisible by `num_heads` ({num_heads})"
            )

        self.units = units
        self.num_heads = num_heads
        self.head_dim = units // num_heads
        self.key_dim = key_dim if key_dim is not None else self.head_dim
        self.value_dim = value_dim if value_dim is not None else self.head_dim

        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = keras.regularizers.get(recurrent_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)

        self.matrix_memory_size = self.num_heads * self.key_dim * self.value_dim
        self.normalizer_size = self.num_heads * self.key_dim

        self.state_size = [
            self.units,
            self.matrix_memory_size,
            self.normalizer_size,
            self.num_heads,
        ]
        self.output_size = self.units

    def build(self, input_shape: Tuple[Optional[int], ...]) -> None:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError("Last dimension of input_shape cannot be None.")

        total_proj_size = (
            self.num_heads * self.key_dim +
            self.num_heads * self.key_dim +
            self.num_heads * self.value_dim +
            self.num_heads +
            self.num_heads +
            self.units
        )

        self.kernel = self.add_weight(
            name='kernel',
            shape=(input_dim, total_proj_size),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            trainable=True,
        )

        self.recurrent_kernel = self.add_weight(
            name='recurrent_kernel',
            shape=(self.units, total_proj_size),
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            trainable=True,
        )

        self.bias = self.add_weight(
            name='bias',
            shape=(total_proj_size,),
            initializer=self.bias_initializer,
            regularizer=self.bias_regularizer,
            trainable=True,
        )

        super().build(input_shape)

    def compute_output_shape(
        self,
        input_shape: Tuple[Optional[int], ...]
    ) -> Tuple[Optional[int], ...]:
        return (input_shape[0], self.units)

    def call(
        self,
        inputs: keras.KerasTensor,
        states: List[keras.KerasTensor],
        training: Optional[bool] = None,
    ) -> Tuple[keras.KerasTensor, List[keras.KerasTensor]]:
        h_tm1, C_tm1_flat, n_tm1_flat, m_tm1 = states
        batch_size = ops.shape(inputs)[0]

        # Reshape states
        C_tm1 = ops.reshape(
            C_tm1_flat,
            (batch_size, self.num_heads, self.key_dim, self.value_dim)
        )
        n_tm1 = ops.reshape(
            n_tm1_flat,
            (batch_size, self.num_heads, self.key_dim)
        )

        # Compute projections
        x_proj = ops.matmul(inputs, self.kernel) + self.bias
        h_proj = ops.matmul(h_tm1, self.recurrent_kernel)
        projections = x_proj + h_proj

        # Split projections
        q_size = self.num_heads * self.key_dim
        k_size = self.num_heads * self.key_dim
        v_size = self.num_heads * self.value_dim
        i_size = self.num_heads
        f_size = self.num_heads

        sections = [q_size, k_size, v_size, i_size, f_size]
        indices = np.cumsum(sections)
        projections_list = ops.split(projections, indices.tolist(), axis=-1)
        q_proj, k_proj, v_proj, i_proj, f_proj, o_proj = projections_list

        # Reshape to multi-head format
        q_t = ops.reshape(q_proj, (batch_size, self.num_heads, self.key_dim))
        k_t = ops.reshape(k_proj, (batch_size, self.num_heads, self.key_dim))
        v_t = ops.reshape(v_proj, (batch_size, self.num_heads, self.value_dim))

        log_f = ops.log(ops.sigmoid(f_proj) + 1e-8)
        m_t = ops.maximum(m_tm1 + log_f, i_proj)
        i_t = ops.exp(i_proj - m_t)
        f_t = ops.exp(m_tm1 + log_f - m_t)
        o_t = ops.sigmoid(o_proj)

        # Reshape gates for broadcasting
        i_t = ops.reshape(i_t, (batch_size, self.num_heads, 1, 1))
        f_t = ops.reshape(f_t, (batch_size, self.num_heads, 1, 1))

        v_t_expanded = ops.expand_dims(v_t, axis=-1)
        k_t_expanded = ops.expand_dims(k_t, axis=-2)
        outer_product = ops.matmul(v_t_expanded, k_t_expanded)

        # Transpose to match C format (batch, heads, key_dim, value_dim)
        outer_product = ops.transpose(outer_product, [0, 1, 3, 2])

        C_t = f_t * C_tm1 + i_t * outer_product

        # Normalizer update: n_t = f_t * n_{t-1} + i_t * k_t
        f_t_norm = ops.reshape(f_t, (batch_size, self.num_heads, 1))
        i_t_norm = ops.reshape(i_t, (batch_size, self.num_heads, 1))
        n_t = f_t_norm * n_tm1 + i_t_norm * k_t

        q_t_expanded = ops.expand_dims(q_t, axis=-1)
        memory_retrieval = ops.matmul(
            ops.transpose(C_t, [0, 1, 3, 2]),
            q_t_expanded
        )
        memory_retrieval = ops.squeeze(memory_retrieval, axis=-1)

        nq = ops.sum(n_t * q_t, axis=-1, keepdims=True)
        m_t3 = ops.reshape(m_t, (batch_size, self.num_heads, 1))
        normalization = ops.maximum(ops.abs(nq), ops.exp(-m_t3)) + 1e-8

        # Divide, giving (batch, heads, value_dim).
        normalized_retrieval = memory_retrieval / normalization

        # Reshape to (batch, units)
        normalized_retrieval = ops.reshape(
            normalized_retrieval,
            (batch_size, self.num_heads * self.value_dim)
        )

        # Apply output gate
        h_t = o_t * normalized_retrieval

        # Flatten states for storage
        C_t_flat = ops.reshape(C_t, (batch_size, self.matrix_memory_size))
        n_t_flat = ops.reshape(n_t, (batch_size, self.normalizer_size))

        return h_t, [h_t, C_t_flat, n_t_flat, m_t]

    def get_initial_state(
        self,
        batch_size: Optional[int] = None,
    ) -> List[keras.KerasTensor]:
        return [
            ops.zeros((batch_size, self.units), dtype=self.compute_dtype),
            ops.zeros((batch_size, self.matrix_memory_size), dtype=self.compute_dtype),
            ops.zeros((batch_size, self.normalizer_size), dtype=self.compute_dtype),
            ops.zeros((batch_size, self.num_heads), dtype=self.compute_dtype),
        ]


class mLSTMLayer(keras.layers.Layer):
    """Matrix LSTM (mLSTM) layer for processing sequences."""

    def __init__(
        self,
        units: int,
        num_heads: int = 1,
        key_dim: Optional[int] = None,
        value_dim: Optional[int] = None,
        return_sequences: bool = True,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        kernel_initializer: Union[str, initializers.Initializer] = 'glorot_uniform',
        recurrent_initializer: Union[str, initializers.Initializer] = 'orthogonal',
        bias_initializer: Union[str, initializers.Initializer] = 'zeros',
        kernel_regularizer: Optional[keras.regularizers.Regularizer] = None,
        recurrent_regularizer: Optional[keras.regularizers.Regularizer] = None,
        bias_regularizer: Optional[keras.regularizers.Regularizer] = None,
        **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)

        self.units = units
        self.num_heads = num_heads
        self.key_dim = key_dim
        self.value_dim = value_dim
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.kernel_initializer = kernel_initializer
        self.recurrent_initializer = recurrent_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = keras.regularizers.get(recurrent_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)

        # Create the cell
        self.cell = mLSTMCell(
            units=units,
            num_heads=num_heads,
            key_dim=key_dim,
            value_dim=value_dim,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
        )

        # Create the RNN wrapper
        self.rnn = keras.layers.RNN(
            self.cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
        )

    def build(self, input_shape: Tuple[Optional[int], ...]) -> None:
        self.rnn.build(input_shape)
        super().build(input_shape)

    def call(
        self,
        inputs: keras.KerasTensor,
        mask: Optional[keras.KerasTensor] = None,
        training: Optional[bool] = None,
        initial_state: Optional[List[keras.KerasTensor]] = None,
    ) -> Union[keras.KerasTensor, Tuple[keras.KerasTensor, ...]]:
        return self.rnn(
            inputs,
            mask=mask,
            training=training,
            initial_state=initial_state,
        )

    def compute_output_shape(self, input_shape):
        return self.rnn.compute_output_shape(input_shape)


# --- driver (added): a small next-value forecaster on seeded windows ---
rng = np.random.default_rng(7)
t = np.arange(12 + 128 + 1, dtype="float32")
series = np.stack(
    [np.sin(t / 3.0), np.cos(t / 5.0), np.sin(t / 7.0 + 1.0)], axis=-1
) + 0.1 * rng.standard_normal((len(t), 3)).astype("float32")
X = np.stack([series[i:i + 12] for i in range(128)]).astype("float32")
y = series[12:12 + 128, :1].sum(axis=-1, keepdims=True).astype("float32")
x_train, y_train, x_val, y_val = X[:96], y[:96], X[96:], y[96:]

inputs = keras.Input(shape=(12, 3))
h = sLSTMLayer(units=16, forget_gate_activation='sigmoid', return_sequences=True)(inputs)
h = mLSTMLayer(units=16, num_heads=2, return_sequences=False)(h)
outputs = layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse", metrics=["mae"])
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, batch_size=16, shuffle=False)
print(model.evaluate(x_val, y_val, verbose=0))
print(model.predict(x_val[:4], verbose=0))

inputs = keras.Input(shape=(12, 3))
h = sLSTMLayer(units=8, forget_gate_activation='exp', return_sequences=False)(inputs)
outputs = layers.Dense(1)(h)
model_exp = keras.Model(inputs, outputs)
model_exp.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse", metrics=["mae"])
model_exp.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, batch_size=16, shuffle=False)
print(model_exp.evaluate(x_val, y_val, verbose=0))
print(model_exp.predict(x_val[:4], verbose=0))
