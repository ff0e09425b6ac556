"""statefulrnn: recurrent networks that keep their state between calls, on PyTorch.

Keras's ``stateful=True`` semantics and numbers (``SimpleRNN``, ``GRU``, ``LSTM``, ``RNN(cell)``,
``Bidirectional``, ``Sequential``, functional ``Model``) as ``torch.nn.Module``s: feed a long
sequence in chunks and get exactly what the whole sequence gives.
"""

# The modules a Keras 3 program reaches through ``import statefulrnn as keras``.
from . import (
    activations,
    callbacks,
    constraints,
    initializers,
    layers,
    losses,
    metrics,
    models,
    optimizers,
    regularizers,
    state,
    utils,
)
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
    LSTMCell,
    SimpleRNN,
    SimpleRNNCell,
    use_compiled_kernels,
    use_fused_kernels,
)
from .models import Model, Sequential

__version__ = "0.1.0"

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "Bidirectional",
    "Dense",
    "Dropout",
    "GRUCell",
    "Input",
    "LSTMCell",
    "Model",
    "Sequential",
    "SimpleRNN",
    "SimpleRNNCell",
    "__version__",
    "activations",
    "callbacks",
    "constraints",
    "initializers",
    "layers",
    "load_model",
    "losses",
    "metrics",
    "models",
    "optimizers",
    "regularizers",
    "state",
    "use_compiled_kernels",
    "use_fused_kernels",
    "utils",
]
