"""Import a plain PyTorch recurrent module (``nn.GRU``, ``nn.LSTM``, ``nn.RNN``) as a statefulrnn model.

The built-in cells keep PyTorch's parameter layout (``weight_ih (k*u, F)``, ``weight_hh (k*u, u)``,
gate order i f g o for LSTM and r z n for GRU), so the weights are copied as they are. The one
difference is in the biases: Keras's ``SimpleRNN`` and ``LSTM`` have a single bias where PyTorch
has ``bias_ih`` and ``bias_hh``; both only ever appear as their sum, so the sum is stored.
A GRU keeps both (``reset_after=True``: the reset gate multiplies the recurrent part only).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from ..layers import GRU, LSTM, Bidirectional, SimpleRNN
from ..layers.recurrent import RNN
from ..models import Sequential

# torch's RNNBase.mode -> (our layer class, extra constructor arguments)
_KINDS: dict[str, tuple[type[RNN], dict[str, Any]]] = {
    "LSTM": (LSTM, {}),
    "GRU": (GRU, {"reset_after": True}),
    "RNN_TANH": (SimpleRNN, {"activation": "tanh"}),
    "RNN_RELU": (SimpleRNN, {"activation": "relu"}),
}


def from_torch(
    module: nn.Module,
    *,
    stateful: bool = False,
    batch_size: int | None = None,
    return_sequences: bool = True,
    name: str | None = None,
) -> Sequential:
    """The statefulrnn model computing what ``module`` (``nn.GRU``, ``nn.LSTM``, ``nn.RNN``) does.

    One layer per torch layer (``GRU``, ``LSTM`` or ``SimpleRNN`` with tanh or relu), wrapped in
    ``Bidirectional(..., merge_mode="concat")`` when the module is bidirectional, in a
    `Sequential`. Every layer returns sequences except possibly the last (``return_sequences``).
    The weights are copies: later changes to ``module`` do not reach the model.

    Layout: statefulrnn is always batch-first. A module made with ``batch_first=False`` takes
    ``(T, N, F)``; the model takes ``(N, T, F)`` (``x.transpose(0, 1)``).

    Outputs:
        ``return_sequences=True``: ``(N, T, D*u)``, equal to the module's ``output`` (batch-first).
        ``return_sequences=False``: ``(N, D*u)``, the last layer's final hidden state(s), i.e.
        ``h_n[-1]`` (unidirectional) or ``cat(h_n[-2], h_n[-1])`` (bidirectional). For a
        bidirectional module that is *not* ``output[:, -1]``: the backward half's final state
        is its output at step 0, as in Keras's ``Bidirectional``.

    Args:
        module: an ``nn.GRU``, ``nn.LSTM`` or ``nn.RNN`` (any number of layers, either direction
            setting, with or without bias, ``batch_first`` either way).
        stateful: make every layer stateful (Keras's ``stateful=True``): the final state of each
            batch row is the next call's initial state. Needs ``batch_size``. A stateful
            bidirectional model warns (its backward half cannot continue across chunks).
        batch_size: fix the batch size (``batch_input_shape=(batch_size, None, F)``).
        return_sequences: whether the last layer returns every step or only the final output.
        name: the model's name.

    Raises:
        TypeError: ``module`` is not one of the three kinds.
        ValueError: ``proj_size > 0`` (an LSTM with projections has no Keras equivalent);
            dropout between layers on a module in training mode (call ``module.eval()``:
            in inference that dropout does nothing, so the import is exact);
            ``stateful`` without ``batch_size``.

    Example:
        >>> torch_gru = nn.GRU(3, 4, num_layers=2, batch_first=True)
        >>> model = from_torch(torch_gru)
        >>> x = torch.randn(2, 5, 3)
        >>> torch.allclose(model(x), torch_gru(x)[0], atol=1e-6)
        True
    """
    if not isinstance(module, nn.RNNBase) or getattr(module, "mode", None) not in _KINDS:
        raise TypeError(
            f"from_torch takes a torch.nn.GRU, torch.nn.LSTM or torch.nn.RNN. Received: "
            f"{type(module).__name__}"
        )
    if getattr(module, "proj_size", 0) > 0:
        raise ValueError(
            f"This nn.LSTM has proj_size={module.proj_size}: its hidden state is projected to a "
            f"smaller size, which no Keras/statefulrnn LSTM does, so it cannot be imported."
        )
    if module.dropout > 0 and module.num_layers > 1 and module.training:
        raise ValueError(
            f"This {type(module).__name__} applies dropout={module.dropout} between its layers, "
            f"which a statefulrnn stack of layers cannot represent. Dropout is off in inference: "
            f"call module.eval() first and the import is exact."
        )
    if stateful and batch_size is None:
        raise ValueError(
            "stateful=True needs batch_size: a stateful layer keeps one state row per batch slot."
        )

    layer_class, extra = _KINDS[module.mode]
    directions = 2 if module.bidirectional else 1
    reference = next(module.parameters())
    model = Sequential(name=name)
    for index in range(module.num_layers):
        features = module.input_size if index == 0 else directions * module.hidden_size
        last = index == module.num_layers - 1
        shape: dict[str, Any] = {}
        if index == 0:  # the first layer fixes the model's input shape
            shape = (
                {"batch_input_shape": (batch_size, None, features)}
                if batch_size is not None
                else {"input_shape": (None, features)}
            )
        layer = layer_class(
            module.hidden_size,
            use_bias=module.bias,
            return_sequences=return_sequences or not last,
            stateful=stateful,
            dtype=reference.dtype,
            **extra,
            **({} if module.bidirectional else shape),
        )
        if module.bidirectional:
            layer = Bidirectional(layer, merge_mode="concat", **shape)
        model.add(layer)
        if not layer.built:
            layer.build((batch_size, None, features))
        halves = [layer.forward_layer, layer.backward_layer] if module.bidirectional else [layer]
        for half, suffix in zip(halves, ["", "_reverse"]):
            _copy_weights(module, f"l{index}{suffix}", half.cell)
    return model.to(reference.device)


def _copy_weights(module: nn.Module, key: str, cell: nn.Module) -> None:
    """Copy torch's parameters ``*_{key}`` (e.g. ``weight_ih_l1_reverse``) into ``cell``."""
    with torch.no_grad():
        cell.weight_ih.copy_(getattr(module, f"weight_ih_{key}"))
        cell.weight_hh.copy_(getattr(module, f"weight_hh_{key}"))
        if not module.bias:
            return
        bias_ih, bias_hh = getattr(module, f"bias_ih_{key}"), getattr(module, f"bias_hh_{key}")
        if hasattr(cell, "bias_ih"):  # GRU (reset_after): the two stay apart
            cell.bias_ih.copy_(bias_ih)
            cell.bias_hh.copy_(bias_hh)
        else:  # one bias; the kernels only ever use bias_ih + bias_hh
            cell.bias.copy_(bias_ih + bias_hh)
