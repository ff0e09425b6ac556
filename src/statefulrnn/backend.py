"""Keras's ``keras.backend`` functions that programs call around their models:
`clear_session`, `floatx` / `set_floatx`, `epsilon` / `set_epsilon`, `backend`,
`image_data_format` / `set_image_data_format`, and Keras 2's `get_value`, `set_value`
(``K.set_value(model.optimizer.lr, 0.001)``), `int_shape`, `function`, and its CTC functions
`ctc_batch_cost` and `ctc_decode` (softmax outputs, the blank last).

The backend is PyTorch; `learning_phase` is always 0 (layers take ``training`` from ``fit`` /
``predict``). Keras 2's tensor functions are here too, with tf-keras's defaults where they differ
from `ops`, on tensors and on a functional model's symbolic tensors: those that hand-written
layers call in ``call`` and that shape or make tensors (``K.dot``, ``K.batch_dot``,
``K.squeeze``, ``K.stack``, ``K.gather``, ``K.one_hot``, ``K.cast``, ``K.shape``,
``K.zeros``, ``K.variable``, ..., in `_backend_tensors`), the arithmetic of hand-written
metrics and losses (``K.round``, ``K.clip``, ``K.sum``, ``K.mean``, ``K.switch``, ``K.argmax``,
``K.equal``, ``K.relu``, ``K.binary_crossentropy``, ..., in `_backend_math`), control
flow (``K.in_train_phase``, ``K.map_fn``, ``K.foldl``, in `_backend_flow`) and random draws
(``K.random_normal``, ``K.dropout``, ..., in `_backend_random`). ``K.name_scope`` is accepted
and names nothing.

Example:
    >>> from statefulrnn.layers import GRU
    >>> clear_session()
    >>> GRU(2).name, GRU(2).name
    ('gru', 'gru_1')
    >>> clear_session()  # names count again from the start, as in Keras
    >>> GRU(2).name
    'gru'
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import torch

from . import ctc
from ._epsilon import epsilon as epsilon
from ._epsilon import set_epsilon as set_epsilon
from ._lazy import load_name

# `statefulrnn.layers` (~0.1 s to import) is read only when a function needs it: `utils`, which
# programs import for `to_categorical`, imports this module.


# Keras 2's tensor functions (K.dot, K.sum, ...) load with `ops` on first use: `ops` imports
# this module (for `epsilon`), and `utils` should not pay for `ops`.
_TENSOR_FUNCTIONS = {
    "statefulrnn._backend_tensors": (
        "arange batch_dot batch_flatten bias_add cast cast_to_floatx concatenate constant count_params "
        "dot dtype eval expand_dims eye flatten gather is_keras_tensor ndim one_hot ones ones_like "
        "permute_dimensions repeat repeat_elements reshape reverse shape squeeze stack stop_gradient "
        "tile transpose variable zeros zeros_like"
    ),
    "statefulrnn._backend_math": (
        "abs all any argmax argmin batch_normalization binary_crossentropy categorical_crossentropy clip "
        "cos cumprod cumsum elu "
        "equal exp greater greater_equal hard_sigmoid in_top_k l2_normalize less less_equal log max maximum "
        "mean min minimum not_equal pow prod relu round sigmoid sign sin softmax softplus softsign "
        "sparse_categorical_crossentropy sqrt square std sum switch tanh var"
    ),
    "statefulrnn._backend_flow": "foldl foldr in_test_phase in_train_phase map_fn",
    "statefulrnn._backend_rnn": "rnn",
    "statefulrnn._backend_windows": "conv1d conv2d pool2d resize_images spatial_2d_padding temporal_padding",
    "statefulrnn._backend_variables": (
        "batch_get_value batch_set_value moving_average_update print_tensor update update_add update_sub"
    ),
    "statefulrnn._backend_random": (
        "dropout random_bernoulli random_binomial random_normal random_uniform truncated_normal"
    ),
}
_MODULE_OF = {name: module for module, names in _TENSOR_FUNCTIONS.items() for name in names.split()}


def __getattr__(name: str) -> Any:
    return load_name(globals(), _MODULE_OF, name)


def clear_session(free_memory: bool = True) -> None:
    """Forget the layer names given so far (the next GRU is ``gru`` again), Keras's global
    `random.SeedGenerator` and tf-keras's learning phase, as Keras's ``clear_session``; with
    ``free_memory``, also run Python's garbage collector. Models made before keep their layers
    and names."""
    from .layers import base
    from .seed_generator import reset_global_seed_generator

    base._name_counts.clear()
    base.LEARNING_PHASE[0] = None
    reset_global_seed_generator()
    if free_memory:
        gc.collect()


def floatx() -> str:
    """The dtype of layers made without one: ``"float32"`` unless `set_floatx` changed it (or a
    global dtype policy, `mixed_precision.set_global_policy`, overrides it, as in Keras 3)."""
    return _FLOATX[0]


def set_floatx(value: str) -> None:
    """Make layers created from now on, without a dtype of their own, use ``value``
    (``"float16"``, ``"bfloat16"``, ``"float32"`` or ``"float64"``), as Keras's ``set_floatx``;
    a global dtype policy set before wins over it, as in Keras 3.

    Raises:
        ValueError: not one of those names.
    """
    allowed = ("float16", "bfloat16", "float32", "float64")
    if value not in allowed:
        raise ValueError(f"Unknown floatx type: {value!r}. Expected one of {list(allowed)}.")
    from . import mixed_precision
    from .layers import base

    _FLOATX[0] = value
    if mixed_precision.GLOBAL[0] is None:
        base.default_dtype[0] = getattr(torch, value)
        base.default_compute[0] = None  # no policy set (a mixed one undone by GLOBAL[0] = None)


_FLOATX = ["float32"]


def backend() -> str:
    """The backend's name: ``"torch"``."""
    return "torch"


def standardize_dtype(dtype: Any) -> str:
    """Keras 3's ``standardize_dtype``: ``dtype`` (a name, a torch or numpy dtype, a Python
    type; None: floatx) as Keras names it.

    Raises:
        ValueError: not a dtype.

    Example:
        >>> standardize_dtype(None), standardize_dtype(torch.int8), standardize_dtype(bool)
        ('float32', 'int8', 'bool')
    """
    from .ops.core import standardize_dtype as as_torch  # ops import the layers, which import this

    return str(as_torch(floatx() if dtype is None else dtype)).removeprefix("torch.")


def is_float_dtype(dtype: Any) -> bool:
    """Whether ``dtype`` is a floating dtype (Keras 3's ``backend.is_float_dtype``)."""
    return standardize_dtype(dtype).startswith(("float", "bfloat"))


def is_int_dtype(dtype: Any) -> bool:
    """Whether ``dtype`` is an integer dtype, signed or not (``backend.is_int_dtype``)."""
    return standardize_dtype(dtype).startswith(("int", "uint"))


def get_uid(prefix: str = "") -> int:
    """Keras's ``backend.get_uid``: 1, 2, 3... for each ``prefix`` (layer names share the same
    counts: `clear_session` starts them again)."""
    from .layers import base  # the layers import the backend

    count = base._name_counts.get(prefix, 0) + 1
    base._name_counts[prefix] = count
    return count


def image_data_format() -> str:
    """The layout that layers made without a ``data_format`` of their own take: ``"channels_last"``
    (``Conv1D`` takes ``(N, T, F)``), Keras's default, unless `set_image_data_format` changed it."""
    return _IMAGE_DATA_FORMAT[0]


def set_image_data_format(data_format: str) -> None:
    """Make layers created from now on without a ``data_format`` of their own take ``data_format``
    (``"channels_last"`` or ``"channels_first"``, in any case), as Keras's
    ``set_image_data_format``; layers made before keep theirs, and their configs name it.

    Raises:
        ValueError: any other value, in Keras's words.

    Example:
        >>> from statefulrnn.layers import Conv1D
        >>> set_image_data_format("channels_first")
        >>> Conv1D(2, 3).data_format
        'channels_first'
        >>> set_image_data_format("channels_last")
    """
    _IMAGE_DATA_FORMAT[0] = standardize_data_format(str(data_format))  # None is no layout here


def standardize_data_format(data_format: Any) -> str:
    """A layer's ``data_format`` argument as Keras reads it: None means `image_data_format`, and
    either layout in any case is taken in lower case.

    Raises:
        ValueError: anything else, in Keras's words.
    """
    if data_format is None:
        return image_data_format()
    value = str(data_format).lower()
    if value not in ("channels_first", "channels_last"):
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format}"
        )
    return value


_IMAGE_DATA_FORMAT = ["channels_last"]


def learning_phase() -> int:
    """tf-keras's ``K.learning_phase()``: the phase `set_learning_phase` set, else 0. Layers
    learn whether they are training from ``fit`` / ``predict`` (their ``training`` argument),
    so Keras 2 code that reads it outside ``fit`` gets tf-keras's answer there; code that
    branches on it inside a layer's ``call`` should take ``training`` instead."""
    from .layers.base import LEARNING_PHASE  # the layers import the backend

    phase = LEARNING_PHASE[0]
    return 0 if phase is None else phase


def set_learning_phase(value: int) -> None:
    """tf-keras's deprecated ``K.set_learning_phase``, with its warning: from then on a layer
    or model called with no ``training`` (a direct call, a ``K.function``), inside no call given
    one, trains with 1 and infers with 0, as in tf-keras; ``fit``, ``predict`` and
    ``evaluate`` set their own, a mode set by ``train()``/``eval()`` wins, and `clear_session`
    forgets it.

    Raises:
        ValueError: neither 0 nor 1 (tf-keras's check).

    Example:
        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     set_learning_phase(1)
        >>> learning_phase(), clear_session(), learning_phase()
        (1, None, 0)
    """
    warnings.warn(
        "`tf.keras.backend.set_learning_phase` is deprecated and will be removed after 2020-10-11. "
        "To update it, simply pass a True/False value to the `training` argument of the `__call__` "
        "method of your layer or model.",
        stacklevel=2,
    )
    if value not in (0, 1):
        raise ValueError("Expected learning phase to be 0 or 1.")
    from .layers.base import LEARNING_PHASE

    LEARNING_PHASE[0] = int(value)


def device(device_name: str) -> torch.device:
    """Keras 3's ``with keras.device("cpu:0"):``: the tensors made inside go to that device
    (torch's own ``torch.device`` context; Keras's ``"gpu"`` is torch's ``"cuda"``).

    Example:
        >>> with device("cpu:0"):
        ...     torch.zeros(1).device.type
        'cpu'
    """
    return torch.device(device_name.lower().replace("gpu", "cuda"))


def manual_variable_initialization(value: bool) -> None:
    """tf-keras's ``K.manual_variable_initialization``: a TensorFlow 1 session setting; weights
    here are made with their values, so it changes nothing (as in tf-keras under eager
    execution)."""


@contextmanager
def name_scope(name: str) -> Iterator[str]:
    """tf-keras's ``with K.name_scope(self.name):`` (``tf.name_scope``), which Keras 2 layers
    write around the weights they make in ``build``: here it names nothing (weights keep the
    names they are given), but it takes the same name, nests, and gives the scope's name as
    TensorFlow's eager scopes do (the outer scopes' and its own, each followed by ``/``; a name
    ending in ``/`` is taken whole, and ``""`` is the top).

    Raises:
        ValueError: ``name`` not a string, in TensorFlow's words.

    Example:
        >>> with name_scope("attention") as outer, name_scope("score") as inner:
        ...     outer, inner
        ('attention/', 'attention/score/')
    """
    if not isinstance(name, str):
        raise ValueError(f"name for name_scope must be a string. Received: name={name!r}")
    scope = name if not name or name.endswith("/") else f"{_NAME_SCOPES[-1]}{name}/"
    _NAME_SCOPES.append(scope)
    try:
        yield scope
    finally:
        _NAME_SCOPES.pop()


_NAME_SCOPES = [""]  # the open scopes' names, the top first


def get_value(x: Any) -> Any:
    """``x`` as numpy: a tensor's values, a learning rate's (``optimizer.lr``), a number.

    Example:
        >>> get_value(torch.ones(2))
        array([1., 1.], dtype=float32)
    """
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return x.numpy() if hasattr(x, "numpy") else np.asarray(x)


def set_value(x: Any, value: Any) -> None:
    """Set ``x`` to ``value``: an optimizer's learning rate (``K.set_value(optimizer.lr, 1e-3)``,
    which Keras 2 programs write in their callbacks), or a tensor, in place.

    Raises:
        ValueError: a tensor given a value of another shape (as TensorFlow's assignment).
        TypeError: ``x`` is a plain number, which nothing refers back to.
    """
    if hasattr(x, "assign"):
        x.assign(value)
    elif isinstance(x, torch.Tensor):
        # a tensor value may be on another device or carry a gradient: the assignment takes neither
        new = value.detach() if isinstance(value, torch.Tensor) else torch.as_tensor(np.asarray(value))
        if tuple(new.shape) != tuple(x.shape):
            raise ValueError(
                f"set_value needs a value of the variable's shape {tuple(x.shape)}. Received: shape "
                f"{tuple(new.shape)}"
            )
        with torch.no_grad():
            x.copy_(new.to(device=x.device, dtype=x.dtype))
    else:
        raise TypeError(
            f"set_value needs a variable, an optimizer's learning_rate or a tensor, not {type(x).__name__} "
            f"(an optimizer on a learning-rate schedule hands out a plain number: the schedule sets it)"
        )


def int_shape(x: Any) -> tuple[int | None, ...]:
    """The shape of a tensor, array or model input/output (``None`` for unknown sizes)."""
    shape = x.shape
    return tuple(None if size is None else int(size) for size in shape)


def function(inputs: Any, outputs: Any, updates: Any = None, name: str | None = None) -> Any:
    """Keras 2's ``K.function([model.input], [model.layers[1].output])``: a callable taking a
    list of arrays (one per input) and returning a list of numpy arrays (one per output),
    computed in inference mode without autograd, from the symbolic tensors of a model's graph.

    Raises:
        ValueError: ``updates`` given (TensorFlow 1 graph updates have no counterpart), or
            outputs the inputs do not lead to (as for `statefulrnn.Model`).

    Example:
        >>> from statefulrnn import Dense, Input, Model
        >>> inputs = Input((2,))
        >>> hidden = Dense(3, kernel_initializer="ones")(inputs)
        >>> model = Model(inputs, Dense(1)(hidden))
        >>> function([model.input], [hidden])([np.ones((1, 2), np.float32)])[0].tolist()
        [[2.0, 2.0, 2.0]]
    """
    if updates:
        raise ValueError(
            "K.function: updates (TensorFlow 1 graph updates) have no counterpart; leave them None."
        )
    from .models import Model

    many_in, many_out = isinstance(inputs, (list, tuple)), isinstance(outputs, (list, tuple))
    graph = Model(list(inputs) if many_in else inputs, list(outputs) if many_out else outputs, name=name)

    def call(values: Any) -> Any:
        given = list(values) if isinstance(values, (list, tuple)) else [values]
        with torch.no_grad():
            results = graph(given if many_in and len(given) > 1 else given[0])
        listed = results if isinstance(results, (list, tuple)) else [results]
        arrays = [result.detach().cpu().numpy() for result in listed]
        return arrays if many_out else arrays[0]

    return call


def ctc_batch_cost(y_true: Any, y_pred: Any, input_length: Any, label_length: Any) -> torch.Tensor:
    """tf-keras 2's ``K.ctc_batch_cost``: the CTC loss of each sample, ``(N, 1)``, for labels
    ``y_true (N, L)`` (classes from 0; the blank is the last class), softmax outputs
    ``y_pred (N, T, C)`` (their logarithm plus `epsilon` taken as logits, as tf-keras does),
    and lengths ``(N, 1)``. As TensorFlow, a label of the blank's index or more ends its row
    (`ctc.tf_label_lengths`): rows padded at the end with such a value count their labels
    before it.

    Example:
        >>> probabilities = torch.full((1, 3, 3), 1 / 3)
        >>> round(float(ctc_batch_cost([[0]], probabilities, [[3]], [[1]])), 4)  # 6 paths of 1/27
        1.5041
        >>> round(float(ctc_batch_cost([[0, 99]], probabilities, [[3]], [[2]])), 4)  # 99 ends it
        1.5041
    """
    probabilities = torch.as_tensor(y_pred) if not isinstance(y_pred, torch.Tensor) else y_pred
    logits = torch.log(probabilities + epsilon())
    labels = torch.as_tensor(np.asarray(y_true) if not isinstance(y_true, torch.Tensor) else y_true).long()
    lengths = ctc.tf_label_lengths(labels, _flat(label_length), probabilities.shape[-1])
    read = torch.arange(labels.shape[1], device=labels.device) < lengths[:, None]
    labels = torch.where(read, labels, torch.zeros_like(labels))  # the null labels never reach torch
    loss = ctc.ctc_loss(labels, logits, lengths, _flat(input_length), mask_index=-1)
    return loss[:, None]


def ctc_decode(
    y_pred: Any, input_length: Any, greedy: bool = True, beam_width: int = 100, top_paths: int = 1
) -> tuple[list[torch.Tensor], torch.Tensor]:
    """tf-keras 2's ``K.ctc_decode`` of softmax outputs ``y_pred (N, T, C)`` (the blank last):
    ``([decoded (N, T)], log_prob)``, one decoded array per path, padded with -1 (tf-keras's
    beam search merges repeated labels in its paths, as TensorFlow 1's did).

    Example:
        >>> probabilities = torch.tensor([[[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8]]])
        >>> decoded, _ = ctc_decode(probabilities, [3])
        >>> decoded[0].tolist()
        [[0, -1, -1]]
    """
    probabilities = torch.as_tensor(y_pred) if not isinstance(y_pred, torch.Tensor) else y_pred
    logits = torch.log(probabilities + epsilon())
    strategy = "greedy" if greedy else "beam_search"
    decoded, scores = ctc.ctc_decode(
        logits, _flat(input_length), strategy, beam_width, top_paths, mask_index=None, merge_beams=True
    )
    return [path.long() for path in decoded], scores


def _flat(lengths: Any) -> torch.Tensor:
    """Lengths given ``(N, 1)`` (tf-keras's) or ``(N,)``, as ``(N,)``."""
    return torch.as_tensor(np.asarray(lengths) if not isinstance(lengths, torch.Tensor) else lengths).reshape(
        -1
    )
