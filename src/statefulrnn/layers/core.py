"""`Dense`, `Dropout`, `Identity`, and `Input`, the start of a functional model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from .. import activations, initializers
from .._checks import positive_int
from .._keras_rules import tf_keras_rules
from .._lazy import load_name
from .._text import strings
from ..graph import Node, SymbolicTensor
from ._seeds import check_seed, draw_as_keras_3
from .base import Layer, format_shape, plain_dims, set_weight_options, to_tensor


class Dense(Layer):
    r"""Fully connected layer on the last axis, Keras's ``Dense``.

    \[
    y = \phi(x W + b)
    \]

    where \(x\) is the input ``(..., F)``, \(W\) the ``kernel`` ``(F, U)``, \(b\) the ``bias``
    ``(U,)`` (none with ``use_bias=False``) and \(\phi\) the ``activation`` (the identity by
    default). On a sequence it acts at every step with the same weights, as Keras's ``Dense``
    and ``TimeDistributed(Dense)`` do.

    Args:
        units: output size \(U\); under tf-keras's rules a float is truncated, as tf-keras's
            ``int(units)`` does (``Dense(total_words / 2)``); Keras 3 refuses it.
        activation: a Keras name or a callable (default None: linear).
        use_bias: whether to add \(b\) (default True).
        kernel_initializer: initializer of \(W\) (default ``"glorot_uniform"``).
        bias_initializer: initializer of \(b\) (default ``"zeros"``).
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties on \(W\), \(b\)
            and \(y\), added to the training loss (default None; see `statefulrnn.regularizers`).
        kernel_constraint, bias_constraint: projections of \(W\) and \(b\) after each
            optimizer update (default None; see `statefulrnn.constraints`).

    Shapes:
        ``(..., F)`` -> ``(..., U)``: 2-D ``(N, F)`` and 3-D ``(N, T, F)`` alike. Weights,
        Keras's order: kernel ``(F, U)``, bias ``(U,)``. A mask passes through.

    Example:
        >>> layer = Dense(2, kernel_initializer="ones", bias_initializer="ones")
        >>> layer(torch.tensor([[1.0, 2.0, 3.0]])).detach()  # 1 + (1 + 2 + 3)
        tensor([[7., 7.]])
        >>> Dense(10, activation="softmax", input_shape=(32,)).count_params()
        330
    """

    supports_masking = True  # a step's mask passes on to its output, as in Keras

    def __init__(
        self,
        units: int,
        activation: str | activations.Activation | None = None,
        use_bias: bool = True,
        kernel_initializer: str | initializers.Initializer = "glorot_uniform",
        bias_initializer: str | initializers.Initializer = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if tf_keras_rules() and isinstance(units, (float, np.floating)):
            units = int(units)  # tf-keras's Dense truncates (Dense(total_words / 2)); Keras 3 refuses
        self.units = positive_int("units", units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        set_weight_options(
            self, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip
        self.input_features: int | None = None

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        if len(input_shape) < 2 or not isinstance(input_shape[-1], int):
            raise ValueError(
                f"Dense '{self.name}' needs inputs with a known last axis, such as (N, F). "
                f"Received: input shape {format_shape(input_shape)}"
            )
        self.input_features = input_shape[-1]
        self.add_weight("kernel", (input_shape[-1], self.units), initializer=self.kernel_initializer)
        if self.use_bias:
            self.add_weight("bias", (self.units,), initializer=self.bias_initializer)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return (*input_shape[:-1], self.units)

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        if x.ndim < 2:
            raise ValueError(
                f"Dense '{self.name}' expects inputs of rank 2 or more, such as (N, F). "
                f"Received: shape {tuple(x.shape)}"
            )
        if not self.built:
            self.build((None, *x.shape[1:]))
        if x.shape[-1] != self.input_features:
            raise ValueError(
                f"Dense '{self.name}' was built for {self.input_features} input features, but "
                f"received inputs of shape {tuple(x.shape)} with {x.shape[-1]}."
            )
        kernel, bias = self._own("kernel"), self._own("bias") if self.use_bias else None
        if x.ndim == 2:
            # What F.linear runs for a matrix (addmm, or mm without a bias), on the (F, U) kernel
            # as it is: the same numbers, without the two transposed views (~1.3 us a call).
            y = torch.mm(x, kernel) if bias is None else torch.addmm(bias, x, kernel)
        else:  # one fused multiply-add (addmm) on the rows, rather than a matmul and an add
            y = F.linear(x, kernel.t(), bias)
        return activations.fast(self.activation)(y)


class Identity(Layer):
    r"""Keras's ``Identity``: the input, unchanged, \(y = x\) (a mask passes through).

    Args:
        **kwargs: `Layer`'s (``name``, ``dtype``, ...); Keras's ``Identity`` takes no others.

    Shapes:
        any -> the same.

    Example:
        >>> Identity()(torch.tensor([1.0, 2.0]))
        tensor([1., 2.])
    """

    supports_masking = True

    def forward(self, inputs: Any) -> Any:
        if not self.built:
            one = isinstance(inputs, torch.Tensor) and inputs.ndim
            self.build((None, *inputs.shape[1:]) if one else ())
        return inputs


class Dropout(Layer):
    r"""Zero a fraction ``rate`` of the inputs during training and scale the rest, Keras's
    ``Dropout``.

    In training, with \(p\) the ``rate``:

    \[
    y = \frac{m \odot x}{1 - p}, \qquad m_i \sim \mathrm{Bernoulli}(1 - p)
    \]

    one draw per entry, or per entry of ``noise_shape`` broadcast over the input, so that
    \(\mathbb{E}[y] = x\); in inference \(y = x\). Training means ``fit``, ``training=True``,
    or ``train()`` called on the layer or a module holding it (see `Layer`).

    Args:
        rate: the fraction \(p\) of inputs dropped, in ``[0, 1)`` (no default, as in Keras).
        noise_shape: the shape of the mask, broadcast over the input; None in it takes the
            input's size there (``(None, 1, F)`` drops the same features at every step of a
            sequence). None: the input's shape.
        seed: an integer makes the masks reproducible, Keras's torch backend's masks: the layer
            keeps a `statefulrnn.random.SeedGenerator` of it, whose each draw seeds a fresh
            generator (``seed``, ``seed + 1``, ...). None: torch's global generator.

    Shapes:
        any ``(N, ...)`` -> the same. A mask passes through.

    Raises:
        ValueError: a ``noise_shape`` of another rank than the input, or with a size that is
            neither 1 nor the input's.

    Example:
        >>> Dropout(0.5)(torch.ones(2, 3))  # a new layer's call infers, as in Keras
        tensor([[1., 1., 1.],
                [1., 1., 1.]])
        >>> y = Dropout(0.5)(torch.ones(1000), training=True)
        >>> sorted(set(y.tolist()))  # each entry dropped, or kept and scaled by 1 / (1 - 0.5)
        [0.0, 2.0]
        >>> y = Dropout(0.5, noise_shape=(None, 1, 4), seed=7)(torch.ones(2, 3, 4), training=True)
        >>> bool((y == y[:, :1]).all())  # one mask for every step
        True
    """

    supports_masking = True  # a step's mask passes on to its output, as in Keras

    def __init__(
        self,
        rate: float,
        noise_shape: Sequence[int | None] | None = None,
        seed: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"Dropout rate must be in [0, 1). Received: rate={rate}")
        self.rate = float(rate)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = check_seed(seed)
        if self.rate > 0:  # Keras 3 makes a SeedGenerator for its masks then
            draw_as_keras_3(self.seed)
        self._generator: torch.Generator | None = None
        # Made now, so that a seed Keras could not keep (outside int32) is refused here.
        self._seeds = None if self.seed is None else _seed_generator(self.seed)

    def forward(self, inputs: Any, training: bool | None = None) -> torch.Tensor:
        x = to_tensor(inputs, dtype=self.torch_dtype, device=None, what=f"{self._describe()}")
        if not self.built:  # not at every call: a layer's __setattr__ renews the tree mark
            self.built = True
        training = self.training if training is None else training
        if not training or self.rate == 0.0:
            return x
        return self._dropped(x)

    def _dropped(self, x: torch.Tensor) -> torch.Tensor:
        """``x`` with its dropped entries zeroed and the rest scaled by ``1 / (1 - rate)``."""
        if self._seeds is not None:  # as Keras's torch backend draws a seeded layer's masks
            from ..random import dropout  # see _seed_generator on why here

            return dropout(x, self.rate, self.noise_shape, seed=self._seeds)
        if self.noise_shape is None:
            return F.dropout(x, self.rate, training=True)
        return x * self._kept(x, None) / (1.0 - self.rate)

    def _kept(self, x: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
        """1 where an entry is kept (probability ``1 - rate``), else 0: of ``noise_shape``, in
        ``x``'s dtype, broadcasting over ``x``."""
        keep = torch.empty(self._mask_shape(x), dtype=x.dtype, device=x.device)
        return keep.bernoulli_(1.0 - self.rate, generator=generator)

    def _mask_shape(self, x: torch.Tensor) -> tuple[int, ...]:
        if self.noise_shape is None:
            return tuple(x.shape)
        shape = tuple(size if wanted is None else wanted for wanted, size in zip(self.noise_shape, x.shape))
        if len(self.noise_shape) != x.ndim or any(s not in (1, size) for s, size in zip(shape, x.shape)):
            raise ValueError(
                f"Dropout '{self.name}': noise_shape {self.noise_shape} does not broadcast to the "
                f"input's shape {tuple(x.shape)}: it needs one entry per axis, each None, 1 or the "
                f"input's size there."
            )
        return shape


def _seed_generator(seed: int) -> Any:
    """A `statefulrnn.random.SeedGenerator` of ``seed`` (imported here: ``statefulrnn.random``
    brings ``ops``, ~25 ms that a model without a seeded layer need not pay at import)."""
    from ..seed_generator import SeedGenerator

    return SeedGenerator(seed)


def _listed_under_tf_keras(key: str) -> property:
    """An InputLayer's shape kept under ``key``: tf-keras lists an InputLayer's shapes, one per
    tensor (``[(None, 3, 4)]``, where its other layers of one output give the tuple), and the
    unit tests of courses' notebooks compare model summaries made of them; Keras 3 has no such
    attributes, and we give the tuple under its rules."""

    def shape(layer: Layer) -> Any:
        kept = layer.__dict__[key]
        return [kept] if kept is not None and tf_keras_rules() else kept

    def keep(layer: Layer, shape: Any) -> None:
        layer.__dict__[key] = shape

    return property(shape, keep)


class InputLayer(Layer):
    r"""The layer behind `Input`: no weights; it declares a model's input shape, Keras's
    ``InputLayer``. ``InputLayer(...).output`` is the symbolic tensor a functional `Model`
    starts from (what `Input` returns), and a `Sequential` given one as its first layer takes
    its shape from it (and does not list it among its layers, as in Keras).

    It computes the identity, \(y = x\) (its input as a tensor of the layer's dtype).

    Args:
        shape: the shape of one sample, e.g. ``(None, 1)`` for sequences of one feature (Keras
            2's ``input_shape`` too).
        batch_size: fixes the batch size (needed by stateful layers).
        dtype: as `Input`'s: an integer dtype (token ids) is kept as the input's dtype and
            the ids travel as floats; ``"bool"`` passes booleans on, ``"string"`` text.
        batch_shape: the full shape, batch first, instead of the two above (Keras 2's
            ``batch_input_shape`` too).
        sparse, ragged, input_tensor, optional: Keras's; only dense, required inputs made here
            are taken.
        name: see `Layer`.

    Shapes:
        ``batch_shape`` -> the same.

    Example:
        >>> layer = InputLayer(shape=(None, 3), batch_size=2)
        >>> layer.input_shape, layer.output.shape
        ((2, None, 3), (2, None, 3))
        >>> layer(torch.zeros(2, 5, 3)).shape
        torch.Size([2, 5, 3])
    """

    def __init__(
        self,
        shape: Sequence[int | None] | None = None,
        batch_size: int | None = None,
        dtype: str | torch.dtype | None = None,
        sparse: bool | None = None,
        ragged: bool | None = None,
        batch_shape: Sequence[int | None] | None = None,
        input_tensor: Any = None,
        optional: bool = False,
        name: str | None = None,
        **kwargs: Any,
    ) -> None:
        # Keras 2's spellings: tf-keras's first argument, and a Keras 2 file's config.
        shape = _keras2_spelling("shape", shape, "input_shape", kwargs)
        batch_shape = _keras2_spelling("batch_shape", batch_shape, "batch_input_shape", kwargs)
        if input_tensor is not None or optional:
            raise ValueError(
                f"InputLayer takes a shape (or batch_shape); an input made from an existing tensor "
                f"or an optional input is not supported. Received: input_tensor={input_tensor!r}, "
                f"optional={optional!r}"
            )
        full = input_batch_shape("InputLayer", shape, batch_size, batch_shape, sparse, ragged)
        # A bool input (Keras's Input(..., dtype="bool"): a mask given with the data) passes
        # booleans on; an integer one (token ids) passes them as floats, exact up to 2**24, which
        # an Embedding casts, as a Keras file's integer input loads, and cuts a fraction off as
        # both Kerases' cast to its dtype does (1.7 -> 1). The layer itself computes in the
        # default float dtype for both; its tensor and config name the dtype given.
        self.booleans = is_bool_dtype(dtype)
        self.integers = is_integer_dtype(dtype)
        self.strings = dtype == "string"  # text, for a TextVectorization: see statefulrnn._text
        self.input_dtype = "string" if self.strings else _dtype_name(dtype)
        layer_dtype = None if self.booleans or self.strings or is_integer_dtype(dtype) else dtype
        super().__init__(batch_input_shape=full, name=name, dtype=layer_dtype, **kwargs)
        self.build(full)  # no weights: built at once, whatever sizes are left open (Keras's too)
        node = Node(self, (), {})  # listed on the layer: `self.output` is its tensor
        node.outputs = [SymbolicTensor(full, node, 0, dtype=self.input_dtype)]

    input_shape = _listed_under_tf_keras("_built_input_shape")
    output_shape = _listed_under_tf_keras("_built_output_shape")

    def get_build_config(self) -> dict[str, Any]:
        return {"input_shape": self.__dict__["_built_input_shape"]}  # the tuple, under either rules

    @property
    def input(self) -> Any:
        """The symbolic tensor this layer starts (its ``output``, what `Input` returns), as
        tf-keras gives it: keras.io's handwriting recognizer builds its prediction model from
        ``model.get_layer(name="image").input``. Keras 3 gives an empty list, its input node
        taking no inputs (README, "Where we differ from Keras")."""
        return self.output

    def forward(self, inputs: Any) -> torch.Tensor | np.ndarray:
        if self.strings:
            return strings(inputs, "utf-8", self.name)
        dtype = torch.bool if self.booleans else self.torch_dtype
        tensor = to_tensor(inputs, dtype=dtype, device=None, what=f"Input '{self.name}'")
        return tensor.trunc() if self.integers else tensor

    def get_config(self) -> dict[str, Any]:
        """Keras 3's keys: the full shape and the dtype given (an integer or bool input's own)."""
        return {
            "name": self.name,
            "batch_shape": list(self.batch_input_shape),
            "dtype": self.input_dtype,
            "sparse": False,
            "ragged": False,
            "optional": False,
        }


def _keras2_spelling(name: str, value: Any, keras2_name: str, kwargs: dict[str, Any]) -> Any:
    """``value`` of argument ``name``, or Keras 2's ``keras2_name`` for it popped from
    ``kwargs``; both given is refused."""
    if keras2_name not in kwargs:
        return value
    if value is not None:
        raise ValueError(f"InputLayer takes {name}= or Keras 2's {keras2_name}=, not both.")
    return kwargs.pop(keras2_name)


def input_batch_shape(
    what: str,
    shape: Sequence[int | None] | None,
    batch_size: int | None,
    batch_shape: Sequence[int | None] | None,
    sparse: bool | None,
    ragged: bool | None,
) -> tuple[int | None, ...]:
    """An input's full shape, batch first, from `Input`'s / `InputLayer`'s arguments.

    Raises:
        TypeError: sparse or ragged asked for.
        ValueError: neither or both of ``shape`` and ``batch_shape``, or a ``batch_size`` that
            contradicts ``batch_shape``.

    A ``shape`` of one int is the 1-tuple, as tf-keras takes it.
    """
    if sparse or ragged:
        raise TypeError(
            f"{what} takes dense tensors only. Received: sparse={sparse!r}, ragged={ragged!r} (lay "
            f"ragged sequences out with statefulrnn.data)"
        )
    if (shape is None) == (batch_shape is None):
        raise ValueError(
            f"{what} needs exactly one of shape=... or batch_shape=.... "
            f"Received: shape={shape}, batch_shape={batch_shape}"
        )
    if batch_shape is None:
        if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
            shape = (shape,)  # tf-keras's Input(shape=16) (Keras 3 refuses a bare int)
        return plain_dims((batch_size, *tuple(shape)))
    if batch_size is not None and batch_size != batch_shape[0]:
        raise ValueError(f"batch_size={batch_size} contradicts batch_shape={tuple(batch_shape)}.")
    return plain_dims(batch_shape)


def is_integer_dtype(dtype: Any) -> bool:
    """Whether ``dtype`` (a name or a torch dtype) is an integer one, as Keras's token inputs."""
    if isinstance(dtype, torch.dtype):
        return not dtype.is_floating_point and not dtype.is_complex and dtype is not torch.bool
    return isinstance(dtype, str) and dtype.startswith(("int", "uint"))


def is_bool_dtype(dtype: Any) -> bool:
    """Whether ``dtype`` (a name, a torch or numpy dtype, Python's ``bool``) is the boolean one."""
    return dtype is bool or dtype is torch.bool or str(dtype) in ("bool", "bool_")


def Input(  # noqa: N802 - a function with Keras's class-like name
    shape: Sequence[int | None] | None = None,
    batch_size: int | None = None,
    name: str | None = None,
    dtype: str | torch.dtype | None = None,
    batch_shape: Sequence[int | None] | None = None,
    sparse: bool = False,
    ragged: bool = False,
) -> SymbolicTensor:
    """A symbolic input for a functional `Model`, Keras's ``Input``.

    Args:
        shape: shape of one sample, e.g. ``(None, 1)`` for sequences of 1 feature.
        batch_size: fixes the batch size (needed by stateful layers).
        batch_shape: the full shape, batch first, e.g. ``(2, None, 1)``; instead of the two above.
        dtype: the input's floating dtype (default: Keras's floatx, float32). An integer dtype
            (``"int32"``, for the symbol ids an `Embedding` reads) is taken as the default: the
            ids travel as floats, exact up to 2**24, and the Embedding casts them, as a Keras
            file's integer input loads. ``"bool"`` passes booleans on (a mask given with the
            data, ``GRU(...)(x, mask=mask_input)``). ``"string"`` takes text, for a
            `TextVectorization` or `StringLookup` after it: numpy arrays or lists of strings,
            passed on as object arrays of Python strings (see `statefulrnn._text`).
        sparse, ragged: Keras's; only False (dense tensors) is taken.

    Example:
        >>> Input(batch_shape=(2, None, 1)).shape
        (2, None, 1)
        >>> Input(shape=(None,), dtype="int32").dtype
        'int32'
        >>> Input(shape=(1,), dtype="string").dtype
        'string'
    """
    full = input_batch_shape("Input", shape, batch_size, batch_shape, sparse, ragged)
    return InputLayer(batch_shape=full, name=name, dtype=dtype).output


def _dtype_name(dtype: str | torch.dtype | None) -> str:
    """``dtype`` (a name, a torch or numpy dtype, a Python type) as Keras names an Input's:
    ``"int64"`` for ``torch.int64``; None is floatx, ``"float32"``."""
    from ..backend import standardize_dtype  # imported here: its ops cost ~25 ms at import

    return standardize_dtype(dtype or "float32")


class ActivityRegularization(Layer):
    r"""Keras's ``ActivityRegularization``: the input unchanged, with a penalty on it,
    \(l_1 \sum |x| + l_2 \sum x^2\) divided by the batch size, among ``layer.losses`` (and the
    training loss) after each call.

    Args:
        l1, l2: the penalty's factors.
        **kwargs: `Layer`'s.

    Shapes:
        any -> the same.

    Example:
        >>> layer = ActivityRegularization(l2=0.5)
        >>> _ = layer(torch.tensor([[1.0, 2.0], [0.0, 2.0]]))
        >>> [round(float(loss), 4) for loss in layer.losses]  # 0.5 * (1 + 4 + 0 + 4) / 2
        [2.25]
    """

    supports_masking = True

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any) -> None:
        from ..regularizers import L1L2

        kwargs.pop("activity_regularizer", None)  # a config of Keras's may carry its own
        super().__init__(activity_regularizer=L1L2(l1=l1, l2=l2), **kwargs)
        self.l1, self.l2 = l1, l2

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.pop("activity_regularizer", None)  # l1 and l2 make it, as in Keras's config
        return config

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        if not self.built:
            self.build((None, *x.shape[1:]))
        return x


# Keras 2's `keras.layers.core` also held these layers (`from keras.layers.core import
# Activation, Flatten`); they load from `statefulrnn.layers` on first use, as their modules
# import this one.
_KERAS2_NAMES = dict.fromkeys(
    "Activation Flatten InputSpec Lambda Masking Permute RepeatVector Reshape SpatialDropout1D".split(),
    "statefulrnn.layers",
)


def __getattr__(name: str) -> Any:
    return load_name(globals(), _KERAS2_NAMES, name)
