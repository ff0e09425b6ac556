"""Export a stateful model to ONNX with its carried state as explicit inputs and outputs.

ONNX has no notion of state kept between calls, so the exported graph takes the states a chunk
starts from (``state_in_<i>``) and returns those it ends with (``state_out_<i>``); the caller
feeds each chunk's ``state_out_<i>`` back as the next chunk's ``state_in_<i>``.

How: on a copy of the model, each layer's carried state is replaced by the graph's state
inputs just before the traced call, and read back after it. The model runs its ordinary
stateful path, so the graph computes exactly what a stateful call does; the carry itself
(`StateStore.commit`) is a Python-side swap of tensors, of which the trace keeps only the values.

The legacy TorchScript exporter (``dynamo=False``) is used: it turns PyTorch's fused kernels
(``aten::lstm``, ``aten::gru``, ``aten::rnn_tanh/relu``) into ONNX ``LSTM``/``GRU``/``RNN`` ops
with dynamic batch and time axes (ONNX's GRU with ``linear_before_reset=1`` is our
``reset_after=True``). The dynamo exporter needs ``onnxscript`` and is not used.
"""

from __future__ import annotations

import copy
import os
import warnings

import torch
from torch import nn

from ..layers.fused import fused_runner
from ..layers.linear_recurrence import LinearRecurrenceCell
from ..layers.masking import makes_masks
from ..layers.recurrent import RNN
from ..state import named_state_stores


class _ExplicitState(nn.Module):
    """``forward(x, *states_in) -> (*outputs, *states_out)`` around a (copied) stateful model."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model
        self.stores = [store for _, store in named_state_stores(model)]

    def forward(self, x: torch.Tensor, *states: torch.Tensor) -> tuple[torch.Tensor, ...]:
        position = 0
        for store in self.stores:  # start every layer from the given states, not its own
            count = len(store.sizes)
            store.write(states[position : position + count])
            position += count
        outputs = self.model(x)
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        finals = [value for store in self.stores for value in store.values]
        return (*outputs, *finals)


def export_onnx(model: nn.Module, path: str | os.PathLike, *, opset: int = 17) -> dict[str, list[str]]:
    """Write ``model`` to ``path`` as ONNX, its carried states as explicit inputs and outputs.

    Inputs: ``x (batch, time, features)`` and ``state_in_<i> (batch, s_i)`` for every state of
    every stateful layer, in the order of ``model.get_states()`` (an LSTM has two: h, c).
    Outputs: the model's outputs (``output_<j>``) then ``state_out_<i>``, the states after the
    chunk. Batch and time axes are dynamic. Start a sequence from zeros (the model's reset
    state) and feed each chunk's ``state_out_<i>`` back as the next ``state_in_<i>``.
    The model's own states are left as they were.

    Supported: `Sequential` and functional `Model` with one input, made of `Dense`, `Dropout`
    (off in inference) and recurrent layers that run on PyTorch's fused kernels: `LSTM`,
    `GRU` with ``reset_after=True``, `SimpleRNN` with tanh or relu (default activations), also
    inside `Bidirectional`; and the linear recurrences (`MinGRU`, `MinLSTM`, `LRU`, any
    `LinearRecurrenceCell`) in their sequential form, an ONNX ``Loop`` over the time axis (the
    LRU's complex state as two real ones). Masks and ``resets=`` are not part of the graph.

    Args:
        model: a built statefulrnn model (stateful or not).
        path: the ``.onnx`` file to write.
        opset: the ONNX opset version.

    Returns:
        ``{"inputs": [...], "outputs": [...]}``: the graph's input and output names.

    Raises:
        ValueError: the model is not built with a known feature size, or holds a recurrent
            layer whose cell has no fused kernel (``GRU(reset_after=False)``, other
            activations, custom cells other than linear recurrences): its per-step loop would be
            unrolled to the example's length, so it is refused rather than exported for one
            fixed time length; or holds a layer that makes a mask (`Masking`), which the
            graph could not follow.

    Example:
        >>> import pytest, tempfile
        >>> from statefulrnn import GRU, Sequential
        >>> onnxruntime = pytest.importorskip("onnxruntime")  # pip install "statefulrnn[onnx]"
        >>> model = Sequential([GRU(4, stateful=True, batch_input_shape=(2, None, 3))])
        >>> path = tempfile.mkdtemp() + "/gru.onnx"
        >>> export_onnx(model, path)
        {'inputs': ['x', 'state_in_0'], 'outputs': ['output_0', 'state_out_0']}
        >>> session = onnxruntime.InferenceSession(path)
        >>> x, h = np.ones((2, 5, 3), np.float32), np.zeros((2, 4), np.float32)
        >>> y, h = session.run(None, {"x": x[:, :2], "state_in_0": h})
        >>> y, h = session.run(None, {"x": x[:, 2:], "state_in_0": h})  # continues the sequence
        >>> np.allclose(y, model(torch.from_numpy(x)).detach().numpy(), atol=1e-5)
        True
    """
    _check_exportable(model)
    batch, _, features = _input_shape(model)
    copied = copy.deepcopy(model).eval()  # the export writes traced values into the states
    wrapper = _ExplicitState(copied)
    sizes = [size for store in wrapper.stores for size in store.sizes]
    batch = batch or 2  # a stateless model: any example batch; the axis is dynamic anyway
    parameter = next(copied.parameters(), torch.empty(0))
    dtype, device = parameter.dtype, parameter.device
    x = torch.zeros(batch, 3, features, dtype=dtype, device=device)
    states = tuple(torch.zeros(batch, size, dtype=dtype, device=device) for size in sizes)
    with torch.no_grad():
        outputs = wrapper(x, *states)
    output_count = len(outputs) - len(sizes)
    input_names = ["x", *[f"state_in_{i}" for i in range(len(sizes))]]
    output_names = [
        *[f"output_{j}" for j in range(output_count)],
        *[f"state_out_{i}" for i in range(len(sizes))],
    ]
    dynamic_axes: dict[str, dict[int, str]] = {"x": {0: "batch", 1: "time"}}
    for name in input_names[1:] + output_names[output_count:]:
        dynamic_axes[name] = {0: "batch"}
    for name, value in zip(output_names, outputs):
        # (N, T, ...) outputs when the last layer returns sequences, else (N, ...)
        dynamic_axes[name] = {0: "batch", 1: "time"} if value.ndim == 3 else {0: "batch"}
    with torch.no_grad(), warnings.catch_warnings():
        # The tracer warns about Python-level shape checks (batch size, feature size); they
        # hold for every input the graph accepts, and the graph does not depend on them.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(
            wrapper,
            (x, *states),
            os.fspath(path),
            input_names=input_names,
            output_names=output_names,
            dynamic_axes=dynamic_axes,
            opset_version=opset,
            dynamo=False,
        )
    return {"inputs": input_names, "outputs": output_names}


def _input_shape(model: nn.Module) -> tuple[int | None, int | None, int]:
    shape = getattr(model, "input_shape", None)
    if isinstance(shape, list) and len(shape) == 1:
        shape = shape[0]
    if not (isinstance(shape, tuple) and len(shape) == 3 and isinstance(shape[-1], int)):
        raise ValueError(
            f"export_onnx needs a built model with one input (batch, time, features) of known "
            f"feature size. Received: input shape {shape!r}. Build it first (input_shape=..., "
            f"batch_input_shape=... or Input(...))."
        )
    return shape


def _check_exportable(model: nn.Module) -> None:
    for module in model.modules():
        if makes_masks(module):
            raise ValueError(
                f"Layer '{module.name}' ({type(module).__name__}) makes a mask, and ONNX's "
                f"recurrent ops take none: the trace would fix the masked steps of its example "
                f"input, so export_onnx refuses it. Export the model without it (a model of the "
                f"same layers after it, with set_weights) and skip the padded steps when you "
                f"feed the graph: a masked step keeps the state and repeats the last output."
            )
        if (
            isinstance(module, RNN)
            and fused_runner(module.cell, training=False) is None
            and not isinstance(module.cell, LinearRecurrenceCell)
        ):
            raise ValueError(
                f"{module._describe()} runs the per-step path (its cell "
                f"{type(module.cell).__name__} has no fused kernel: GRU(reset_after=False), an "
                f"activation other than tanh/sigmoid, or a custom cell that is not a linear "
                f"recurrence). Tracing it would unroll the loop to one fixed number of time "
                f"steps, so export_onnx refuses it."
            )
