"""statefulrnn: recurrent networks that keep their state between calls, on PyTorch.

Keras's ``stateful=True`` semantics and numbers (``SimpleRNN``, ``GRU``, ``LSTM``, ``RNN(cell)``,
``Bidirectional``, ``Sequential``, functional ``Model``) as ``torch.nn.Module``s: feed a long
sequence in chunks and get exactly what the whole sequence gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._lazy import TensorFlowNameError, load_name, load_submodule
from .tensorflow_dtypes import DTYPES as _TENSORFLOW_DTYPES

# The one source of the version: pyproject.toml reads it from here (setuptools' attr, statically).
__version__ = "0.1.0"

# Names load on first use (PEP 562): ``statefulrnn --help`` and ``statefulrnn --version`` then
# answer without importing torch, while ``statefulrnn.GRU``, ``from statefulrnn import LSTM`` and
# ``import statefulrnn as keras; keras.layers.Dense`` work as if imported here.
_NAMES = {
    **dict.fromkeys(
        "GRU LSTM RNN Bidirectional Dense Dropout GRUCell Input LSTMCell SimpleRNN SimpleRNNCell"
        " use_compiled_kernels use_fused_kernels".split(),
        ".layers",
    ),
    **dict.fromkeys(["Model", "Sequential"], ".models"),
    # Keras 3's top-level classes (`class OneHot(keras.Layer)`), each from its module.
    **dict.fromkeys(["Layer", "InputSpec"], ".layers"),
    "Loss": ".losses",
    "Metric": ".metrics",
    "Initializer": ".initializers",
    "Regularizer": ".regularizers",
    "Optimizer": ".optimizers",
    "DTypePolicy": ".mixed_precision",
    **dict.fromkeys(["name_scope", "device"], ".backend"),
    "Variable": ".layers.keras_parameter",
    "KerasTensor": ".graph",
    "load_model": ".io.checkpoint",
}


def version() -> str:
    """Keras 3's ``keras.version()``: this package's version."""
    return __version__


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return load_name(globals(), _NAMES, name)
    # TensorFlow's dtypes (`tf.float32`, `tf.string`) once `import tensorflow as tf` became
    # `import statefulrnn as tf`: each its name, which Keras takes (`statefulrnn.tensorflow_dtypes`).
    if name in _TENSORFLOW_DTYPES:
        return _TENSORFLOW_DTYPES[name]
    if name in _TENSORFLOW_NAMES:
        raise TensorFlowNameError(f"module 'statefulrnn' has no attribute {name!r}{_ABSENT[name]}")
    # Any submodule, the Keras 3 ones in __all__ and the others (io, streaming, ...) alike.
    return load_submodule(globals(), name, _ABSENT.get(name, ""))


# Keras modules a program may reach for that statefulrnn does not have, and why; and
# TensorFlow's own names, which a program reaches when `import tensorflow as tf` became
# `import statefulrnn as tf` for its tf.keras (statefulrnn stands in for Keras, not TensorFlow;
# tf.data and tf.io land in statefulrnn's own packages of those names: `data` answers for tf.data).
# (No final period: Python may add its own ". Did you mean ...?")
_TENSORFLOW = (
    ": statefulrnn stands in for Keras (tf.keras), not for TensorFlow's own tf.{name}; write it "
    "with keras.ops (statefulrnn.ops), numpy or torch"
)
_TENSORFLOW_FUNCTIONS = (
    "constant Variable TensorShape GradientTape function device nest matmul reduce_sum"
    " reduce_mean reduce_max reduce_min reduce_any reduce_all expand_dims squeeze concat"
    " reshape cast argmax argmin one_hot convert_to_tensor zeros ones zeros_like ones_like"
    " range shape size rank"
    " math linalg signal image sparse autograph distribute stack unstack tile"
    " transpose newaxis gather gather_nd where split pad boolean_mask cumsum einsum"
    " maximum minimum abs exp log sqrt square equal greater less logical_and logical_or slice"
    " clip_by_value identity stop_gradient map_fn cond while_loop py_function"
    " numpy_function print Tensor TensorSpec RaggedTensor SparseTensor Module nn"
    " audio saved_model lite compat experimental summary train test"
).split()
_ABSENT = {
    "applications": ": statefulrnn has no pretrained image models (keras.applications)",
    "strings": (
        ": statefulrnn stands in for Keras (tf.keras), not for TensorFlow's own tf.strings; text "
        "is a numpy array of Python strings here (statefulrnn._text), which a TextVectorization's "
        "standardize or split function gets: use str methods, re or numpy's np.char on it"
    ),
    **{name: _TENSORFLOW.format(name=name) for name in _TENSORFLOW_FUNCTIONS},
}
# TensorFlow's own names (not Keras modules statefulrnn lacks): asked, they raise TensorFlowNameError.
_TENSORFLOW_NAMES = frozenset(["strings", *_TENSORFLOW_FUNCTIONS])


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from . import (
        activations,
        backend,
        callbacks,
        config,
        constraints,
        datasets,
        initializers,
        layers,
        losses,
        metrics,
        mixed_precision,
        models,
        ops,
        optimizers,
        preprocessing,
        random,
        regularizers,
        saving,
        state,
        tree,
        utils,
    )
    from .backend import device, name_scope
    from .graph import KerasTensor
    from .initializers import Initializer
    from .io.checkpoint import load_model
    from .layers import (
        GRU,
        LSTM,
        RNN,
        Bidirectional,
        Dense,
        Dropout,
        GRUCell,
        Input,
        InputSpec,
        Layer,
        LSTMCell,
        SimpleRNN,
        SimpleRNNCell,
        use_compiled_kernels,
        use_fused_kernels,
    )
    from .layers.keras_parameter import Variable
    from .losses import Loss
    from .metrics import Metric
    from .mixed_precision import DTypePolicy
    from .models import Model, Sequential
    from .optimizers import Optimizer
    from .regularizers import Regularizer

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "Bidirectional",
    "DTypePolicy",
    "Dense",
    "Dropout",
    "GRUCell",
    "Initializer",
    "Input",
    "InputSpec",
    "KerasTensor",
    "LSTMCell",
    "Layer",
    "Loss",
    "Metric",
    "Model",
    "Optimizer",
    "Regularizer",
    "Sequential",
    "SimpleRNN",
    "SimpleRNNCell",
    "Variable",
    "__version__",
    "activations",
    "backend",
    "callbacks",
    "config",
    "constraints",
    "datasets",
    "device",
    "initializers",
    "layers",
    "load_model",
    "losses",
    "metrics",
    "mixed_precision",
    "models",
    "name_scope",
    "ops",
    "optimizers",
    "preprocessing",
    "random",
    "regularizers",
    "saving",
    "state",
    "tree",
    "use_compiled_kernels",
    "use_fused_kernels",
    "utils",
    "version",
]
