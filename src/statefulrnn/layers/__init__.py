"""Layers with Keras's arguments and numbers, as ``torch.nn.Module``s."""

from .base import Layer
from .bidirectional import Bidirectional, StatefulBidirectionalWarning
from .cells import GRUCell, LSTMCell, RecurrentCell, SimpleRNNCell
from .core import Dense, Dropout, Input, InputLayer
from .fused import use_compiled_kernels, use_fused_kernels
from .recurrent import GRU, LSTM, RNN, SimpleRNN

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "Bidirectional",
    "Dense",
    "Dropout",
    "GRUCell",
    "Input",
    "InputLayer",
    "LSTMCell",
    "Layer",
    "RecurrentCell",
    "SimpleRNN",
    "SimpleRNNCell",
    "StatefulBidirectionalWarning",
    "use_compiled_kernels",
    "use_fused_kernels",
]
