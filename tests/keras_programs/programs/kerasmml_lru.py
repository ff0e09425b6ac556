# source: PhotonicGluon/Keras-MatMulLess .github/workflows/training_scripts/time_series_forecasting.py (the library's own training test, adapted from its time-series-forecasting example: GRUMML(4) and LRUMML(4, 8) forecasters on the airline-passengers series), with the layers it uses inlined from keras_mml/layers/recurrent/lru.py, gru.py, rnn.py, keras_mml/layers/core/dense.py, core/_dense_impl/{backend_dense,base_dense,torch_dense}.py, normalizations/rms_norm.py, utils/array/{ternary_multiplication,encoding}.py, utils/misc/{coverage,number}.py and training_scripts/training_setup.py
# commit: 6c1ae06937edf095ea9303e72f89b29a32272e48
# keras: keras
# backend: torch
# exercises: a keras.layers.RNN subclass (keras_mml's RNN) overriding Keras 3's inner_loop(sequences, initial_state, mask, training) to unnest a one-element state list and mask, then calling super().inner_loop; LRUCellMML whose state_size is state_dim but whose get_initial_state(batch_size) returns [ops.zeros((batch_size, 2, state_size), dtype=self.compute_dtype)] (real and imaginary parts stacked on axis 1), split back with ops.split(state, 2, axis=1) + ops.squeeze and re-stacked with ops.stack(axis=1), keras.tree.is_nested(states); add_weight with bound-method initializers (self._init_nu_log(shape, dtype) calling keras.random.uniform/normal) and a custom keras.initializers.Initializer subclass reading another weight (_GammaLogInitializer(self._nu_log)); DenseMML sublayers (a keras.Layer + plain-class mixin, BackendDenseMML calling keras.Layer.__init__ and the mixin's __init__ explicitly) built by hand inside the cell's build, each holding an RMSNorm sublayer (ops.normalize(order=2, axis=-1) * sqrt(dim) * gain) and a straight-through ternary-quantized kernel computed with raw torch ops on self._kernel.value (torch.max(...).values.clamp_, torch.round, torch.clip, .detach()) then ops.matmul / scale; GRUCellMML (num_heads=1) whose state_size is units but whose initial state is (batch, num_heads, head_dim), multiplied by a (batch, heads, features) gate; keras.saving.register_keras_serializable; input_spec InputSpec(ndim=2/3) set on cell and layer; properties forwarding to self.cell; get_config deleting "cell"; Sequential(Input((3, 1)), GRUMML(4) / LRUMML(4, 8), Dense(1)), compile("mse", "adam", metrics=["mae"]), fit(batch_size=1, validation_split=0.2, EarlyStopping + a custom Callback's on_epoch_end reading logs), predict
# reduced: the library's files inlined into one program as written, less docstrings; jaxtyping's Float (annotations only) replaced by a local stand-in; einops (not installed): dense.py's asnumpy (only in save_own_variables) replaced by ops.convert_to_numpy and gru.py's two rearrange calls by the equivalent ops.reshape; backend_dense.py's backend switch reduced to its torch branch (the program is for the torch backend); training_setup.py's DISABLE_TORCH_COMPILE set as it sets it (torch.compile off, so torch_dense's functions run eagerly), its TensorFlow determinism branch left out; the downloaded airline-passengers.csv (144 monthly counts read with pandas) replaced by 144 seeded synthetic counts (trend + yearly cycle + noise) of the same shape; sklearn's MinMaxScaler and mean_squared_error replaced by numpy; epochs 200 -> 2 for each model, shuffle=False added; the final `assert test_score < 75` (a 200-epoch quality check) left out
import os

os.environ["KERAS_BACKEND"] = "torch"

from collections import Counter
from typing import Any, Callable, Dict, List, Optional, Tuple

import keras
import numpy as np
from keras import activations, constraints, initializers, ops, regularizers


class _Float:  # stand-in for jaxtyping.Float, used only in annotations
    def __getitem__(self, item):
        return item[0]


Float = _Float()


# ---- training_setup.py ----
keras.utils.set_random_seed(812)
if keras.config.backend() == "torch":
    # Disable PyTorch compiling
    os.environ["DISABLE_TORCH_COMPILE"] = "true"


# ---- keras_mml/utils/misc/coverage.py ----
def torch_compile(model: Optional[Callable] = None, **kwargs) -> Callable:  # pragma: no cover
    if os.environ.get("DISABLE_TORCH_COMPILE"):
        return lambda x: x  # Identity function

    import torch  # We want to import only if we are not using eager

    return torch.compile(model, **kwargs)


# ---- keras_mml/utils/misc/number.py ----
def int_to_bin(x: int, pad_len: int = 8) -> str:
    out = bin(x)[2:]  # Trim the "0b"
    if pad_len > len(out):
        out = "0" * (pad_len - len(out)) + out
    return out


# ---- keras_mml/utils/array/encoding.py ----
# fmt: off
BITS_MAPPING = {
    0: "0",   # Most common
    1: "10",  # Second most common
    2: "11"   # Least common
}
# fmt: on


def encode_ternary_array(x: np.ndarray) -> Tuple[Tuple[int, ...], bytes]:
    shape = x.shape
    flattened = x.flatten()

    # Get the frequency of each of the elements
    counts = Counter(flattened)
    remaining = {0, 1, -1}
    elem_order = [x[0] for x in counts.most_common()]
    elem_order += remaining.difference(elem_order)  # Account for when there may not be 3 elements in `elem_order`

    # Record down what the top 2 most frequent elements are
    temp_bits = ""
    temp_bits += BITS_MAPPING[[0, 1, -1].index(elem_order[0])]
    temp_bits += BITS_MAPPING[[0, 1, -1].index(elem_order[1])]

    # Then perform the encoding
    output = bytearray()
    remainder = ""
    for elem in flattened:
        # Get the bits that represent the current element
        if remainder != "" and temp_bits == "":
            temp_bits = remainder
            remainder = ""
        temp_bits += BITS_MAPPING[elem_order.index(elem)]

        # Encode every 8 bits as a byte
        if len(temp_bits) >= 8:
            main = temp_bits[:8]
            remainder = temp_bits[8:]

            byte = int(main, 2)
            output.append(byte)

            temp_bits = ""

    if len(temp_bits) != 0 or len(remainder) != 0:
        temp_bits = temp_bits + remainder
        temp_bits = temp_bits + "0" * (8 - len(temp_bits))
        byte = int(temp_bits, 2)
        output.append(byte)

    return shape, bytes(output)


def _retrieve_bit_encoding(encoded: bytes) -> Tuple[List[int], List[str]]:
    start_index = 0
    retrieved_count = 0
    elem_order = []
    remaining = {0, 1, -1}
    buffer = list(int_to_bin(encoded[0], pad_len=8))  # Encoding information is 3 to 4 bits, which is within first byte

    while retrieved_count < 2:
        if buffer.pop(0) == "0":
            # Full sequence is "0" -> 0
            elem_order.append(0)
            remaining.remove(0)
            retrieved_count += 1
        elif buffer.pop(0) == "0":
            # Full sequence is "10" -> 1
            elem_order.append(1)
            remaining.remove(1)
            retrieved_count += 1
        else:
            # Full sequence is "11" -> -1
            elem_order.append(-1)
            remaining.remove(-1)
            retrieved_count += 1

        start_index += 1

    elem_order += remaining

    return elem_order, buffer


def decode_ternary_array(shape: Tuple[int, ...], encoded: bytes) -> np.ndarray:
    if len(encoded) == 0:
        raise ValueError("Cannot decode empty encoded array")

    # Allocate memory for output
    total = shape[0]
    for i in range(1, len(shape)):
        total *= shape[i]

    flattened = np.zeros((total,), dtype=int)

    # Retrieve bit encoding
    elem_order, buffer = _retrieve_bit_encoding(encoded)

    # Decode array
    i = -1  # We'll increment this right at the start
    byte_num = 0
    while True:
        i += 1
        if i == total:
            break

        if len(buffer) == 0 or (len(buffer) == 1 and buffer[0] == "1"):  # Can't decode lone "1"
            byte_num += 1
            buffer += list(int_to_bin(encoded[byte_num], pad_len=8))

        if buffer.pop(0) == "0":
            # The full sequence is "0" -> get most common element
            flattened[i] = elem_order[0]
        elif buffer.pop(0) == "0":
            # The full sequence is "10" -> get second most common element
            flattened[i] = elem_order[1]
        else:
            # The full sequence is "11" -> get least common element
            flattened[i] = elem_order[2]

    return flattened.reshape(shape)


# ---- keras_mml/utils/array/ternary_multiplication.py ----
def ternary_multiplication(x_quantized, w_quantized, w_scale: float):
    # TODO: Optimize backend-dependent ternary multiplication
    return ops.matmul(x_quantized, w_quantized) / w_scale


# ---- keras_mml/layers/core/_dense_impl/base_dense.py ----
EPSILON = 1e-5
HUGE = 1e9


class BaseDenseMML:
    def __init__(self):
        self._kernel: keras.Variable = None  #: Variable storing the kernel matrix.
        self._kernel_scale = None  #: Used for when the layer is loaded from file.

    @staticmethod
    def _compute_kernel_scale(w: Float[np.ndarray, "*dims"]) -> float:
        raise NotImplementedError  # pragma: no cover

    @staticmethod
    def _quantize_kernel(w: Float[np.ndarray, "*dims"], scale: float) -> Float[np.ndarray, "*dims"]:
        raise NotImplementedError  # pragma: no cover

    def _get_quantized_arrays(
        self, x_norm: Float[np.ndarray, "*dims"]
    ) -> Tuple[Float[np.ndarray, "*dims_1"], Float[np.ndarray, "*dims_2"], float]:
        raise NotImplementedError  # pragma: no cover

    @staticmethod
    def _ternary_multiplication(
        x_quantized: Float[np.ndarray, "*dims_1"], w_quantized: Float[np.ndarray, "*dims_2"], w_scale: float
    ) -> Any:
        return ternary_multiplication(x_quantized, w_quantized, w_scale)


# ---- keras_mml/layers/core/_dense_impl/torch_dense.py ----
import torch


@torch_compile(mode="reduce-overhead")
def _activations_quantization(x: torch.Tensor) -> torch.Tensor:
    scale = 127.0 / torch.unsqueeze(torch.max(torch.abs(x), dim=-1).values.clamp_(EPSILON), -1)
    y = torch.clip(torch.round(x * scale), -128, 127) / scale
    return y


@torch_compile(mode="reduce-overhead")
def _compute_kernel_scale(w: torch.Tensor) -> float:
    return 1.0 / torch.mean(torch.abs(w)).clamp_(EPSILON)


@torch_compile(mode="reduce-overhead")
def _quantize_kernel(w: torch.Tensor, scale: float) -> torch.Tensor:
    return torch.clip(torch.round(w * scale), -1, 1)


@torch_compile(mode="reduce-overhead")
def _get_x_quantized(x_norm: torch.Tensor) -> torch.Tensor:
    return x_norm + (_activations_quantization(x_norm) - x_norm).detach()


@torch_compile(mode="reduce-overhead")
def _get_w_quantized(w: torch.Tensor, scale: float) -> torch.Tensor:
    return w + (_quantize_kernel(w, scale) - w).detach()


class TorchDenseMML(BaseDenseMML):
    @staticmethod
    def _compute_kernel_scale(w: torch.Tensor) -> float:
        return _compute_kernel_scale(w)

    @staticmethod
    def _quantize_kernel(w: torch.Tensor, scale: float) -> torch.Tensor:
        return _quantize_kernel(w, scale)

    def _get_quantized_arrays(self, x_norm: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        if self._kernel_scale:
            return _get_x_quantized(x_norm), self._kernel.value, self._kernel_scale

        scale = _compute_kernel_scale(self._kernel.value)
        return _get_x_quantized(x_norm), _get_w_quantized(self._kernel.value, scale), scale


# ---- keras_mml/layers/core/_dense_impl/backend_dense.py ----
BACKEND = keras.config.backend()

if BACKEND == "torch":
    BackendClass = TorchDenseMML
else:  # pragma: no cover
    raise ValueError(f"Invalid backend: {BACKEND}")


class BackendDenseMML(keras.Layer, BackendClass):
    def __init__(self, *args, **kwargs):
        keras.Layer.__init__(self, *args, **kwargs)
        BackendClass.__init__(self)


# ---- keras_mml/layers/normalizations/rms_norm.py ----
@keras.saving.register_keras_serializable(package="keras_mml")
class RMSNorm(keras.Layer):
    def __init__(
        self,
        has_learnable_weights: bool = True,
        use_bias: bool = False,
        gain_initializer: str = "ones",
        bias_initializer: str = "zeros",
        gain_regularizer: Optional[str] = None,
        bias_regularizer: Optional[str] = None,
        gain_constraint: Optional[str] = None,
        bias_constraint: Optional[str] = None,
        **kwargs,
    ):
        super().__init__(**kwargs)

        # Main attributes
        self.has_learnable_weights = has_learnable_weights
        self.use_bias = use_bias

        self.gain_initializer = initializers.get(gain_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.gain_regularizer = regularizers.get(gain_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.gain_constraint = constraints.get(gain_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

        self._scale = None  # This will be initialized in the `build()` method

        # Hidden weights/layers
        self._gain = None
        self._bias = None

    @property
    def scale(self) -> float:
        if self._scale is None:
            raise ValueError("Scale not available as layer has not been built")
        return self._scale

    def build(self, input_shape: Tuple[int, ...]):
        dim = input_shape[-1]
        self._scale = dim**0.5

        if self.has_learnable_weights:
            self._gain = self.add_weight(
                input_shape[1:],
                initializer=self.gain_initializer,
                regularizer=self.gain_regularizer,
                constraint=self.gain_constraint,
                name="gain",
            )
            if self.use_bias:
                self._bias = self.add_weight(
                    input_shape[1:],
                    initializer=self.bias_initializer,
                    regularizer=self.bias_regularizer,
                    constraint=self.bias_constraint,
                    name="bias",
                )

        self.built = True

    def call(self, inputs: Float[np.ndarray, "batch_size *dims"]) -> Float[np.ndarray, "batch_size *dims"]:
        output = ops.normalize(inputs, order=2, axis=-1) * self.scale
        if self._gain is not None:
            output *= self._gain
        if self._bias is not None:
            output += self._bias
        return output


# ---- keras_mml/layers/core/dense.py ----
@keras.saving.register_keras_serializable(package="keras_mml")
class DenseMML(BackendDenseMML):
    def __init__(
        self,
        units: int,
        activation: Optional[str] = None,
        use_bias: bool = True,
        kernel_initializer: str = "glorot_uniform",
        bias_initializer: str = "zeros",
        kernel_regularizer: Optional[str] = None,
        bias_regularizer: Optional[str] = None,
        activity_regularizer: Optional[str] = None,
        kernel_constraint: Optional[str] = None,
        bias_constraint: Optional[str] = None,
        **kwargs,
    ):
        if units <= 0:
            raise ValueError(
                f"Received an invalid value for argument `units`, expected a positive integer, got {units}"
            )

        super().__init__(activity_regularizer=activity_regularizer, **kwargs)

        self.input_spec = keras.layers.InputSpec(min_ndim=2)
        self.supports_masking = True

        # Main attributes
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self._kernel_scale = None  # Used for when the layer is loaded from file

        # Hidden weights/layers
        self._activation_norm = None
        self._kernel = None
        self._bias = None

    # Public methods
    def build(self, input_shape: Tuple[int, ...]):
        input_dim = input_shape[-1]

        self._activation_norm = RMSNorm()
        self._activation_norm.build(input_shape)

        self._kernel = self.add_weight(
            name="kernel",
            shape=(input_dim, self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self._bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )

        self.input_spec = keras.layers.InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(
        self, inputs: Float[np.ndarray, "batch_size *dims last_dim"]
    ) -> Float[np.ndarray, "batch_size *dims units"]:
        # First normalize the inputs
        x_norm = self._activation_norm(inputs)

        # Get the quantized arrays
        x_quantized, w_quantized, w_scale = self._get_quantized_arrays(x_norm)

        # Perform ternary multiplication
        x = self._ternary_multiplication(x_quantized, w_quantized, w_scale)

        # Then apply bias and activation
        if self._bias is not None:
            x = ops.add(x, self._bias)
        if self.activation is not None:
            x = self.activation(x)
        return x

    def compute_output_shape(self, input_shape: Tuple[int, ...]) -> Tuple[int, ...]:
        output_shape = list(input_shape)
        output_shape[-1] = self.units
        return tuple(output_shape)

    def save_own_variables(self, store: Dict):
        # Pre-quantize the kernel values
        w_scale = self._compute_kernel_scale(self._kernel)
        w_quantized = self._quantize_kernel(self._kernel, w_scale)

        # Encode the ternary array efficiently
        shape, encoded = encode_ternary_array(ops.convert_to_numpy(w_quantized))

        # Then store the variables
        store["kernel_encoded"] = np.frombuffer(encoded, dtype="uint8")
        store["kernel_shape"] = shape
        store["kernel_scale"] = w_scale

        if self.use_bias:
            store["bias"] = self._bias

    def load_own_variables(self, store: Dict):
        # Get the variables from the store first
        try:
            encoded = store["kernel_encoded"][()].tobytes()
            shape = store["kernel_shape"][()]
            w_scale = store["kernel_scale"][()]

            if self.use_bias:
                bias = store["bias"][()]
            else:
                bias = None
        except ValueError as e:  # pragma: no cover
            raise ValueError("DenseMML layer missing values when loading from file") from e

        # Then recover the weights
        self._kernel.assign(decode_ternary_array(shape, encoded))
        self._kernel_scale = w_scale

        self._bias = bias


# ---- keras_mml/layers/recurrent/rnn.py ----
class RNN(keras.layers.RNN):
    """
    Custom RNN layer that implements custom overrides of common methods.
    """

    def inner_loop(
        self,
        sequences: Float[np.ndarray, "batch_size timesteps features"],
        initial_state: Float[np.ndarray, "*state_dims"],
        mask: Float[np.ndarray, "*mask_dims"],
        training: bool = False,
    ):
        if keras.tree.is_nested(initial_state):
            initial_state = initial_state[0]
        if keras.tree.is_nested(mask):
            mask = mask[0]
        return super().inner_loop(sequences, initial_state, mask=mask, training=training)


# ---- keras_mml/layers/recurrent/gru.py ----
@keras.saving.register_keras_serializable(package="keras_mml")
class GRUCellMML(keras.Layer):
    def __init__(
        self,
        units: int,
        fully_mml: bool = False,
        num_heads: int = 1,
        activation: str = "silu",
        recurrent_activation: str = "sigmoid",
        use_bias: bool = True,
        weights_initializer: str = "glorot_uniform",
        bias_initializer: str = "zeros",
        weights_regularizer: Optional[str] = None,
        bias_regularizer: Optional[str] = None,
        weights_constraint: Optional[str] = None,
        bias_constraint: Optional[str] = None,
        **kwargs,
    ):
        if units <= 0:
            raise ValueError(
                f"Received an invalid value for output dimension, expected a positive integer, got {units}."
            )

        if num_heads <= 0:
            raise ValueError(
                f"Received an invalid value for the number of heads, expected a positive integer, got {num_heads}."
            )

        if units % num_heads != 0:
            raise ValueError(
                "Output dimension must be divisible by number of heads. "
                f"Got output dimension of {units} but wanted to use {num_heads} heads."
            )

        super().__init__(**kwargs)

        self.input_spec = keras.layers.InputSpec(ndim=2)

        self.state_size = units
        self.output_size = units

        # Main attributes
        self.units = units
        self.fully_mml = fully_mml
        self.num_heads = num_heads
        self.use_bias = use_bias

        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)

        self.weights_initializer = initializers.get(weights_initializer)
        self.bias_initializer = initializers.get(bias_initializer)

        self.weights_regularizer = regularizers.get(weights_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)

        self.weights_constraint = constraints.get(weights_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

        self._head_dim = None

        # Hidden weights/layers
        self._kernel = None
        self._g_gate = None
        self._o_gate = None

    def build(self, input_shape: Tuple[int, int]):
        self._head_dim = max(1, self.units // self.num_heads)

        if self.fully_mml:
            # Incorporate the forget gate (f), the candidate state gate (c), and the data gate (g) in one kernel matrix
            self._kernel = DenseMML(
                self.units * 3,
                use_bias=self.use_bias,
                kernel_initializer=self.weights_initializer,
                bias_initializer=self.bias_initializer,
                kernel_regularizer=self.weights_regularizer,
                bias_regularizer=self.bias_regularizer,
                kernel_constraint=self.weights_constraint,
                bias_constraint=self.bias_constraint,
                name="kernel",
            )
            self._kernel.build(input_shape)

            self._g_gate = None

            self._o_gate = DenseMML(
                self.units,
                use_bias=self.use_bias,
                kernel_initializer=self.weights_initializer,
                bias_initializer=self.bias_initializer,
                kernel_regularizer=self.weights_regularizer,
                bias_regularizer=self.bias_regularizer,
                kernel_constraint=self.weights_constraint,
                bias_constraint=self.bias_constraint,
                name="output_gate",
            )
            self._o_gate.build((None, self.units))
        else:
            # Incorporate the only the forget gate (f) and the candidate state gate (c) in the kernel matrix. The data
            # gate needs to be separated
            self._kernel = DenseMML(
                self.units * 2,
                use_bias=self.use_bias,
                kernel_initializer=self.weights_initializer,
                bias_initializer=self.bias_initializer,
                kernel_regularizer=self.weights_regularizer,
                bias_regularizer=self.bias_regularizer,
                kernel_constraint=self.weights_constraint,
                bias_constraint=self.bias_constraint,
                name="kernel",
            )
            self._kernel.build(input_shape)

            self._g_gate = keras.layers.Dense(
                self.units,
                activation=self.recurrent_activation,
                use_bias=self.use_bias,
                kernel_initializer=self.weights_initializer,
                bias_initializer=self.bias_initializer,
                kernel_regularizer=self.weights_regularizer,
                bias_regularizer=self.bias_regularizer,
                kernel_constraint=self.weights_constraint,
                bias_constraint=self.bias_constraint,
                name="data_gate",
            )
            self._g_gate.build(input_shape)

            self._o_gate = keras.layers.Dense(
                self.units,
                use_bias=self.use_bias,
                kernel_initializer=self.weights_initializer,
                bias_initializer=self.bias_initializer,
                kernel_regularizer=self.weights_regularizer,
                bias_regularizer=self.bias_regularizer,
                kernel_constraint=self.weights_constraint,
                bias_constraint=self.bias_constraint,
                name="output_gate",
            )
            self._o_gate.build((None, self.units))

        self.built = True

    def call(
        self, inputs: Float[np.ndarray, "batch_size features"], states: Float[np.ndarray, "*state_dims"], training=False
    ) -> Float[np.ndarray, "batch_size units"]:
        # Get the previous state
        h_tm1 = states[0] if keras.tree.is_nested(states) else states

        # Pass inputs through the kernel matrix
        kernel_out = self._kernel(inputs)

        if self.fully_mml:
            # Split into f, c, and g
            f, c, g = ops.split(kernel_out, 3, axis=-1)

            # Remember to apply activation for g!
            g = self.recurrent_activation(g)
        else:
            # Split into f and c
            f, c = ops.split(kernel_out, 2, axis=-1)

            # Process g separately
            g = self._g_gate(inputs)  # This already applies the activation, so no need to do it again

        # Apply activations for f and c
        f = self.recurrent_activation(f)
        c = self.activation(c)

        # Split for multiple heads
        # (einops: rearrange(x, "batch (heads features) -> batch heads features", heads=self.num_heads))
        f, c = map(lambda x: ops.reshape(x, (-1, self.num_heads, self.units // self.num_heads)), (f, c))

        # Compute new state
        h = f * h_tm1 + (1 - f) * c
        new_state = [h] if keras.tree.is_nested(states) else h

        # Get output
        # (einops: rearrange(h, "batch heads features -> batch (heads features)"))
        o_prime = g * ops.reshape(h, (-1, self.units))
        output = self._o_gate(o_prime)

        return output, new_state

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "fully_mml": self.fully_mml,
                "num_heads": self.num_heads,
                "activation": activations.serialize(self.activation),
                "recurrent_activation": activations.serialize(self.recurrent_activation),
                "use_bias": self.use_bias,
                "weights_initializer": initializers.serialize(self.weights_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "weights_regularizer": regularizers.serialize(self.weights_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "weights_constraint": constraints.serialize(self.weights_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint),
            }
        )
        return config

    def get_initial_state(self, batch_size: Optional[int] = None) -> List[np.ndarray]:
        return [ops.zeros((batch_size, self.num_heads, self._head_dim), dtype=self.compute_dtype)]


@keras.saving.register_keras_serializable(package="keras_mml")
class GRUMML(RNN):
    def __init__(
        self,
        units: int,
        fully_mml: bool = False,
        num_heads: int = 1,
        activation: str = "silu",
        recurrent_activation: str = "sigmoid",
        use_bias: bool = True,
        weights_initializer: str = "glorot_uniform",
        bias_initializer: str = "zeros",
        weights_regularizer: Optional[str] = None,
        bias_regularizer: Optional[str] = None,
        weights_constraint: Optional[str] = None,
        bias_constraint: Optional[str] = None,
        **kwargs,
    ):
        cell = GRUCellMML(
            name="grumml_cell",
            units=units,
            fully_mml=fully_mml,
            num_heads=num_heads,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            weights_initializer=weights_initializer,
            bias_initializer=bias_initializer,
            weights_regularizer=weights_regularizer,
            bias_regularizer=bias_regularizer,
            weights_constraint=weights_constraint,
            bias_constraint=bias_constraint,
        )
        super().__init__(cell, **kwargs)

        self.input_spec = keras.layers.InputSpec(ndim=3)

    # Properties
    @property
    def units(self):
        return self.cell.units

    @property
    def fully_mml(self):
        return self.cell.fully_mml

    @property
    def num_heads(self):
        return self.cell.num_heads

    @property
    def activation(self):
        return self.cell.activation

    @property
    def recurrent_activation(self):
        return self.cell.recurrent_activation

    @property
    def use_bias(self):
        return self.cell.use_bias

    @property
    def weights_initializer(self):
        return self.cell.weights_initializer

    @property
    def bias_initializer(self):
        return self.cell.bias_initializer

    @property
    def weights_regularizer(self):
        return self.cell.weights_regularizer

    @property
    def bias_regularizer(self):
        return self.cell.bias_regularizer

    @property
    def weights_constraint(self):
        return self.cell.weights_constraint

    @property
    def bias_constraint(self):
        return self.cell.bias_constraint

    # Public methods
    def call(
        self,
        sequences: Float[np.ndarray, "batch_size timesteps features"],
        initial_state: Optional[List] = None,
        mask: Optional[Any] = None,
        training: bool = False,
    ) -> Float[np.ndarray, "batch_size timesteps"]:
        output = super().call(sequences, initial_state=initial_state, mask=mask, training=training)

        if keras.config.backend() == "jax" and mask is not None:
            # I have no idea why, but when using the Jax backend along with masking, a second copy of the outputs is
            # returned along with the first. The following code just takes the first output and ignores the rest.

            output = output[0]

        return output

    def get_config(self) -> Dict[str, Any]:
        config = {
            "units": self.units,
            "fully_mml": self.fully_mml,
            "num_heads": self.num_heads,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            "weights_initializer": initializers.serialize(self.weights_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "weights_regularizer": regularizers.serialize(self.weights_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "weights_constraint": constraints.serialize(self.weights_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
        base_config = super().get_config()
        del base_config["cell"]

        return {**base_config, **config}

    @classmethod
    def from_config(cls, config: Dict[str, Any]) -> "GRUMML":
        return cls(**config)


# ---- keras_mml/layers/recurrent/lru.py ----
@keras.saving.register_keras_serializable(package="keras_mml")
class _GammaLogInitializer(keras.initializers.Initializer):
    def __init__(self, nu_log: np.ndarray):
        self.nu_log = nu_log

    def __call__(self, *args, **kwargs):
        lambda_mod = ops.exp(-ops.exp(self.nu_log))
        gamma_log = ops.log(ops.sqrt(ops.ones_like(lambda_mod) - ops.square(lambda_mod)))
        return gamma_log


@keras.saving.register_keras_serializable(package="keras_mml")
class LRUCellMML(keras.Layer):
    def __init__(
        self,
        units: int,
        state_dim: int,
        fully_mml: bool = False,
        r_min: float = 0,
        r_max: float = 1,
        max_phase: float = np.pi * 2,
        use_bias: bool = False,
        **kwargs,
    ):
        if units <= 0:
            raise ValueError(f"Invalid number of units. Expected a positive integer, got {units}.")

        if state_dim <= 0:
            raise ValueError(f"Invalid state dimensionality. Expected a positive integer, got {state_dim}.")

        super().__init__(**kwargs)

        self.input_spec = keras.layers.InputSpec(ndim=2)

        self.state_size = state_dim
        self.output_size = units

        # Main attributes
        self.units = units
        self.state_dim = state_dim
        self.fully_mml = fully_mml
        self.use_bias = use_bias

        self.r_min = r_min
        self.r_max = r_max
        self.max_phase = max_phase

        # Hidden weights/layers
        self._nu_log = None
        self._theta_log = None
        self._gamma_log = None

        self._b_gate_re = None
        self._b_gate_im = None
        self._c_gate_re = None
        self._c_gate_im = None
        self._d_gate = None

    # Helper methods
    def _init_nu_log(self, shape: Tuple[int, ...], dtype: Optional[str] = None) -> np.ndarray:
        uniform = keras.random.uniform(shape, dtype=dtype)
        nu_log = ops.log(-0.5 * ops.log(uniform * (self.r_max**2 - self.r_min**2) + self.r_min**2))
        return nu_log

    def _init_theta_log(self, shape: Tuple[int, ...], dtype: Optional[str] = None) -> np.ndarray:
        uniform = keras.random.uniform(shape, dtype=dtype)
        theta_log = ops.log(self.max_phase * uniform)
        return theta_log

    def _init_b_matrix(self, shape: Tuple[int, int], dtype: Optional[str] = None) -> np.ndarray:
        input_dim, _ = shape
        values = keras.random.normal(shape, dtype=dtype) / ops.sqrt(2 * input_dim)
        return values

    def _init_c_matrix(self, shape: Tuple[int, int], dtype: Optional[str] = None) -> np.ndarray:
        state_dim, _ = shape
        values = keras.random.normal(shape, dtype=dtype) / ops.sqrt(state_dim)
        return values

    # Public methods
    def build(self, input_shape: Tuple[int, int]):
        super().build(input_shape)

        # Decide what layer class to use for the output-adjacent layers
        if self.fully_mml:
            output_layer_class = DenseMML
        else:
            output_layer_class = keras.layers.Dense

        # Initialization of Lambda is complex valued distributed uniformly on a ring between r_min and r_max, with the
        # phase in the interval $[0, max_phase]$ (See lemma 3.2 for initialization details)
        self._nu_log = self.add_weight(name="nu_log", shape=(self.state_dim,), initializer=self._init_nu_log)
        self._theta_log = self.add_weight(name="theta_log", shape=(self.state_dim,), initializer=self._init_theta_log)

        # Glorot initialized Input/Output projection matrices
        self._b_gate_re = DenseMML(
            self.state_dim, use_bias=self.use_bias, kernel_initializer=self._init_b_matrix, name="B_re"
        )
        self._b_gate_im = DenseMML(
            self.state_dim, use_bias=self.use_bias, kernel_initializer=self._init_b_matrix, name="B_im"
        )
        self._c_gate_re = output_layer_class(
            self.units, use_bias=self.use_bias, kernel_initializer=self._init_c_matrix, name="C_re"
        )
        self._c_gate_im = output_layer_class(
            self.units, use_bias=self.use_bias, kernel_initializer=self._init_c_matrix, name="C_im"
        )
        self._d_gate = output_layer_class(
            self.units, use_bias=self.use_bias, kernel_initializer="glorot_normal", name="D"
        )

        self._b_gate_re.build(input_shape)
        self._b_gate_im.build(input_shape)
        self._c_gate_re.build((None, self.state_dim))
        self._c_gate_im.build((None, self.state_dim))
        self._d_gate.build(input_shape)

        # Normalization factor
        self._gamma_log = self.add_weight(
            name="gamma_log", shape=(self.state_dim,), initializer=_GammaLogInitializer(self._nu_log)
        )

    def call(
        self, inputs: Float[np.ndarray, "batch_size features"], states: Float[np.ndarray, "*state_dims"], training=False
    ) -> Float[np.ndarray, "batch_size units"]:
        # Get previous state
        state = states[0] if keras.tree.is_nested(states) else states
        state_re, state_im = ops.split(state, 2, axis=1)
        state_re = ops.squeeze(state_re, axis=1)
        state_im = ops.squeeze(state_im, axis=1)

        # Compute real and imaginary parts of the diagonal lambda matrix
        lambda_mod = ops.exp(-ops.exp(self._nu_log))
        lambda_re = lambda_mod * ops.cos(ops.exp(self._theta_log))
        lambda_im = lambda_mod * ops.sin(ops.exp(self._theta_log))

        # Get the normalization factor, gamma
        gamma = ops.exp(self._gamma_log)

        # Compute new state
        new_state_re = lambda_re * state_re - lambda_im * state_im + gamma * self._b_gate_re(inputs)
        new_state_im = lambda_re * state_im + lambda_im * state_re + gamma * self._b_gate_im(inputs)

        new_state = ops.stack([new_state_re, new_state_im], axis=1)
        new_state = [new_state] if keras.tree.is_nested(states) else new_state

        # Compute output
        output = self._c_gate_re(new_state_re) - self._c_gate_im(new_state_im) + self._d_gate(inputs)
        return output, new_state

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "state_dim": self.state_dim,
                "fully_mml": self.fully_mml,
                "r_min": self.r_min,
                "r_max": self.r_max,
                "max_phase": self.max_phase,
                "use_bias": self.use_bias,
            }
        )
        return config

    def get_initial_state(self, batch_size: Optional[int] = None) -> List[np.ndarray]:
        return [ops.zeros((batch_size, 2, self.state_size), dtype=self.compute_dtype)]


@keras.saving.register_keras_serializable(package="keras_mml")
class LRUMML(RNN):
    def __init__(
        self,
        units: int,
        state_dim: int,
        fully_mml: bool = False,
        r_min: float = 0,
        r_max: float = 1,
        max_phase: float = np.pi * 2,
        use_bias: bool = False,
        **kwargs,
    ):
        cell = LRUCellMML(
            name="lrumml_cell",
            units=units,
            state_dim=state_dim,
            fully_mml=fully_mml,
            r_min=r_min,
            r_max=r_max,
            max_phase=max_phase,
            use_bias=use_bias,
        )
        super().__init__(cell, **kwargs)

        self.input_spec = keras.layers.InputSpec(ndim=3)

    # Properties
    @property
    def units(self):
        return self.cell.units

    @property
    def state_dim(self):
        return self.cell.state_dim

    @property
    def fully_mml(self):
        return self.cell.fully_mml

    @property
    def r_min(self):
        return self.cell.r_min

    @property
    def r_max(self):
        return self.cell.r_max

    @property
    def max_phase(self):
        return self.cell.max_phase

    @property
    def use_bias(self):
        return self.cell.use_bias

    # Public methods
    def call(
        self,
        sequences: Float[np.ndarray, "batch_size timesteps features"],
        initial_state: Optional[List] = None,
        mask: Optional[Any] = None,
        training: bool = False,
    ) -> Float[np.ndarray, "batch_size timesteps"]:
        output = super().call(sequences, initial_state=initial_state, mask=mask, training=training)

        if keras.config.backend() == "jax" and mask is not None:
            # I have no idea why, but when using the Jax backend along with masking, a second copy of the outputs is
            # returned along with the first. The following code just takes the first output and ignores the rest.

            output = output[0]

        return output

    def get_config(self) -> Dict[str, Any]:
        config = {
            "units": self.units,
            "state_dim": self.state_dim,
            "fully_mml": self.fully_mml,
            "r_min": self.r_min,
            "r_max": self.r_max,
            "max_phase": self.max_phase,
            "use_bias": self.use_bias,
        }
        base_config = super().get_config()
        del base_config["cell"]

        return {**base_config, **config}

    @classmethod
    def from_config(cls, config: Dict[str, Any]) -> "LRUMML":
        return cls(**config)


# ---- .github/workflows/training_scripts/time_series_forecasting.py ----
# Download the dataset
# (reduced: 144 monthly passenger counts, as airline-passengers.csv's "Passengers" column)
np.random.seed(0)
months = np.arange(144)
df_values = np.round(
    110 + 2.5 * months + (20 + 0.3 * months) * np.sin(2 * np.pi * months / 12) + np.random.normal(0, 8, 144)
).astype("int64")[:, None]

# Ensure that all the values in the dataset are expressed as floats (and not integers).
dataset = df_values
dataset = dataset.astype("float32")

# Normalize the dataset to be in the interval [0, 1].
# (reduced: sklearn's MinMaxScaler(feature_range=(0, 1)))
data_min, data_max = dataset.min(axis=0), dataset.max(axis=0)
dataset = (dataset - data_min) / (data_max - data_min)


def inverse_transform(x):
    return np.asarray(x) * (data_max - data_min) + data_min


def mean_squared_error(y_true, y_pred):
    return np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)


# We will use 80% of the data for training and the other 20% for testing.
train_size = int(len(dataset) * 0.8)
test_size = len(dataset) - train_size
train, test = dataset[0:train_size, :], dataset[train_size : len(dataset), :]

print(len(train), len(test))

# We want to provide the model some past data (specifically, LOOK_BACK days worth of data) and then ask it to predict
# the following day's passenger count.
LOOK_BACK = 3


def create_dataset(dataset, look_back=1):
    x, y = [], []
    for i in range(len(dataset) - look_back - 1):
        a = dataset[i : i + look_back, 0]
        x.append(a)
        y.append(dataset[i + look_back, 0])
    return np.array(x), np.array(y)


train_X, train_Y = create_dataset(train, LOOK_BACK)
test_X, test_Y = create_dataset(test, LOOK_BACK)

# Keras RNNs require the input to be of the shape (batch, timesteps, features), so we will reshape the input to match
# this. Since we are just using the passenger counts, we only have one feature to include.
train_X = train_X.reshape(train_X.shape[0], train_X.shape[1], 1)
test_X = test_X.reshape(test_X.shape[0], test_X.shape[1], 1)

# Gated Recurrent Unit (GRU) Model
model = keras.Sequential()
model.add(keras.Input((LOOK_BACK, 1)))
model.add(GRUMML(4))
model.add(keras.layers.Dense(1))

model.compile(loss="mse", optimizer="adam", metrics=["mae"])


# We define a callback to print the training output once every 10 epochs. This is to reduce clutter on the screen.
class print_training_results_Callback(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if int(epoch) % 10 == 0:
            print(
                f"Epoch: {epoch:>3}"
                + f" | loss: {logs['loss']:.5f}"
                + f" | mae: {logs['mae']:.5f}"
                + f" | val_loss: {logs['val_loss']:.5f}"
                + f" | val_mae: {logs['val_mae']:.5f}"
            )


# With all that setup, we can train the model!
model.fit(
    train_X,
    train_Y,
    epochs=2,
    batch_size=1,
    validation_split=0.2,
    shuffle=False,
    callbacks=[
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=20, min_delta=1e-4, verbose=1),
        print_training_results_Callback(),
    ],
    verbose=0,
)

# Make predictions
train_pred = model.predict(train_X)
test_pred = model.predict(test_X)

# Un-normalize the predictions
train_pred_orig = inverse_transform(train_pred)
train_Y_orig = inverse_transform([train_Y])
test_pred_orig = inverse_transform(test_pred)
test_y_orig = inverse_transform([test_Y])

# Then evaluate the MSE
train_score = np.sqrt(mean_squared_error(train_Y_orig[0], train_pred_orig[:, 0]))
print(f"Train MSE: {train_score:.2f}")
test_score = np.sqrt(mean_squared_error(test_y_orig[0], test_pred_orig[:, 0]))
print(f"Test MSE:  {test_score:.2f}")

# Linear Recurrent Unit (LRU) Model
model = keras.Sequential()
model.add(keras.Input((LOOK_BACK, 1)))
model.add(LRUMML(4, 8))
model.add(keras.layers.Dense(1))

model.compile(loss="mse", optimizer="adam", metrics=["mae"])

model.fit(
    train_X,
    train_Y,
    epochs=2,
    batch_size=1,
    validation_split=0.2,
    shuffle=False,
    callbacks=[
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=20, min_delta=1e-4, verbose=1),
        print_training_results_Callback(),
    ],
    verbose=0,
)

# Make predictions
train_pred = model.predict(train_X)
test_pred = model.predict(test_X)

# Un-normalize the predictions
train_pred_orig = inverse_transform(train_pred)
train_Y_orig = inverse_transform([train_Y])
test_pred_orig = inverse_transform(test_pred)
test_y_orig = inverse_transform([test_Y])

# Then evaluate the MSE
train_score = np.sqrt(mean_squared_error(train_Y_orig[0], train_pred_orig[:, 0]))
print(f"Train MSE: {train_score:.2f}")
test_score = np.sqrt(mean_squared_error(test_y_orig[0], test_pred_orig[:, 0]))
print(f"Test MSE:  {test_score:.2f}")
