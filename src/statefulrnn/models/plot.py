"""Keras's ``keras.utils.plot_model``: the model's layers as boxes joined by arrows, drawn with
matplotlib (no pydot, no graphviz, which Keras needs) into an image file.

Each box names its layer and class (``show_layer_names``), and with the options its input and
output shapes, dtype, activation and whether it trains. A functional model's boxes stand in
rows by depth (each layer one row below the lowest of the layers it reads), its arrows follow
the graph; a `Sequential`'s and a subclassed model's layers stand in one column, in order.
``rankdir="LR"`` lays the rows out left to right. The file's extension picks the format
(``.png``, ``.svg``, ``.pdf``, ...).

Example:
    >>> import tempfile, os
    >>> from statefulrnn import Input, Model, layers
    >>> inputs = Input((5, 3))
    >>> model = Model(inputs, layers.Dense(1)(layers.GRU(4)(inputs)))
    >>> path = os.path.join(tempfile.mkdtemp(), "model.png")
    >>> plot_model(model, to_file=path, show_shapes=True)
    >>> os.path.getsize(path) > 0
    True
"""

from __future__ import annotations

import itertools
import os
from typing import Any

from torch import nn

from ..graph import SymbolicTensor
from .summary import _shape_text


def plot_model(
    model: Any,
    to_file: str | os.PathLike[str] = "model.png",
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = True,
    rankdir: str = "TB",
    expand_nested: bool = False,
    dpi: int = 200,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
    **kwargs: Any,
) -> None:
    """Draw ``model`` into ``to_file`` (see the module notes).

    ``expand_nested`` and Keras's graphviz-only options (``subgraph``, ...) are accepted and
    change nothing: a nested model is one box.

    Raises:
        ImportError: matplotlib is not installed (``pip install "statefulrnn[plot]"``).
        ValueError: ``rankdir`` other than ``"TB"`` or ``"LR"``, or a model with no layers.
    """
    try:
        from matplotlib.figure import Figure
        from matplotlib.patches import FancyBboxPatch
    except ImportError as error:
        raise ImportError('plot_model draws with matplotlib: pip install "statefulrnn[plot]"') from error
    if rankdir not in ("TB", "LR"):
        raise ValueError(f"rankdir must be 'TB' or 'LR'. Received: rankdir={rankdir!r}")
    rows, edges = _layout(model)
    if not rows:
        raise ValueError(f"Model '{getattr(model, 'name', '?')}' has no layers to plot.")
    options = (show_layer_names, show_shapes, show_dtype, show_layer_activations, show_trainable)
    labels = {id(layer): _label(layer, *options) for row in rows for layer in row}
    width = max(len(row) for row in rows)
    lines = max(label.count("\n") + 1 for label in labels.values())
    box_w, box_h = 2.8, 0.15 * lines + 0.2  # inches
    gap_w, gap_h = 0.4, 0.35
    if rankdir == "TB":
        size = (width * (box_w + gap_w), len(rows) * (box_h + gap_h))
    else:
        size = (len(rows) * (box_w + gap_w), width * (box_h + gap_h))
    figure = Figure(figsize=size)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, size[0])
    axes.set_ylim(0, size[1])
    axes.axis("off")
    centres: dict[int, tuple[float, float]] = {}
    for depth, row in enumerate(rows):
        for place, layer in enumerate(row):
            offset = (width - len(row)) / 2 + place  # each row centred
            if rankdir == "TB":
                x, y = (offset + 0.5) * (box_w + gap_w), size[1] - (depth + 0.5) * (box_h + gap_h)
            else:
                x, y = (depth + 0.5) * (box_w + gap_w), size[1] - (offset + 0.5) * (box_h + gap_h)
            centres[id(layer)] = (x, y)
            axes.add_patch(
                FancyBboxPatch(
                    (x - box_w / 2, y - box_h / 2), box_w, box_h, boxstyle="round,pad=0.02",
                    facecolor="#eef3fb", edgecolor="#33507a",
                )
            )  # fmt: skip
            axes.text(x, y, labels[id(layer)], ha="center", va="center", fontsize=7, family="monospace")
    for source, target in edges:
        (x0, y0), (x1, y1) = centres[id(source)], centres[id(target)]
        if rankdir == "TB":
            start, end = (x0, y0 - box_h / 2), (x1, y1 + box_h / 2)
        else:
            start, end = (x0 + box_w / 2, y0), (x1 - box_w / 2, y1)
        axes.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "->", "color": "#33507a"})
    figure.savefig(os.fspath(to_file), dpi=dpi)


def _layout(model: Any) -> tuple[list[list[nn.Module]], list[tuple[nn.Module, nn.Module]]]:
    """The layers by row (depth) and the arrows between them."""
    nodes = getattr(model, "nodes", None) if not model.__dict__.get("_subclassed") else None
    if nodes is None:  # a Sequential or a subclass: one column, in order
        layers = list(model.layers)
        return [[layer] for layer in layers], list(itertools.pairwise(layers))
    depth: dict[int, int] = {id(t.node.layer): 0 for t in model.inputs}
    order: list[nn.Module] = [t.node.layer for t in model.inputs]
    edges: list[tuple[nn.Module, nn.Module]] = []
    for node in nodes:
        sources = [t.node.layer for t in node.inputs if isinstance(t, SymbolicTensor) and t.node is not None]
        layer = node.layer
        if id(layer) not in depth:
            order.append(layer)
        below = max((depth[id(source)] + 1 for source in sources), default=0)
        depth[id(layer)] = max(depth.get(id(layer), 0), below)  # a shared layer: its lowest call
        edges += [(source, layer) for source in sources if (source, layer) not in edges]
    rows: list[list[nn.Module]] = [[] for _ in range(max(depth.values()) + 1)]
    for layer in order:
        rows[depth[id(layer)]].append(layer)
    return rows, edges


def _label(
    layer: nn.Module, names: bool, shapes: bool, dtype: bool, activations: bool, trainable: bool
) -> str:
    kind = type(layer).__name__
    lines = [f"{layer.name} ({kind})" if names and hasattr(layer, "name") else kind]
    if shapes:
        lines.append(f"in: {_shape_text(getattr(layer, 'input_shape', None))}")
        lines.append(f"out: {_shape_text(getattr(layer, 'output_shape', None))}")
    if dtype:
        lines.append(f"dtype: {str(getattr(layer, 'dtype', '?')).removeprefix('torch.')}")
    if activations and getattr(layer, "activation", None) is not None:
        from ..activations import name_of

        lines.append(f"activation: {name_of(layer.activation) or getattr(layer.activation, '__name__', '?')}")
    if trainable:
        lines.append(f"trainable: {bool(getattr(layer, 'trainable', True))}")
    return "\n".join(lines)


__all__ = ["plot_model"]
