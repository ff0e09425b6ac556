"""Keras-style ``model.summary()`` text."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from torch import nn

from ..graph import is_shape_list
from ..layers.base import format_shape


def _shape_text(shape: Any) -> str:
    # A list of sizes from a layer's own compute_output_shape (keras-tcn's TCN returns
    # [batch_size, nb_filters]) is one shape, as Keras 3 reads it; other lists hold one per output.
    if isinstance(shape, list) and not is_shape_list(shape):
        return "[" + ", ".join(format_shape(s) for s in shape) + "]"
    return format_shape(shape)


def _params(layer: nn.Module) -> tuple[int, int]:
    if not _built(layer):  # its own weights do not exist yet; its sublayers' may
        counts = [_params(inner) for inner in getattr(layer, "layers", ())]
        return sum(total for total, _ in counts), sum(trainable for _, trainable in counts)
    if hasattr(layer, "named_weights"):
        sizes = [(math.prod(w.shape), w.trainable) for _, w in layer.named_weights()]
    else:
        sizes = [(p.numel(), p.requires_grad) for p in layer.parameters()]
    total = sum(size for size, _ in sizes)
    trainable = sum(size for size, is_trainable in sizes if is_trainable)
    return total, trainable


def summary_lines(
    model: Any,
    line_length: int | None = None,
    positions: Sequence[float] | None = None,
    expand_nested: bool = False,
    show_trainable: bool = False,
    layer_range: Sequence[str] | None = None,
) -> list[str]:
    """The lines of the table, in Keras 2's layout: columns widened to fit their content, or,
    given ``line_length`` or ``positions`` (each column's right edge, as a fraction of the line
    when all are at most 1; Keras's default ``[0.45, 0.85, 1.0]``), of those widths, the text
    cut to fit. ``show_trainable`` adds a column (``Y``, ``N``, or ``-`` without weights);
    ``expand_nested`` lists a nested model's layers under it, indented; ``layer_range``
    (first and last layer names or regular expressions, both kept) lists a part of the model.

    Raises:
        ValueError: a ``layer_range`` that is not two names, or names no layer matches, or
            fewer ``positions`` than columns (tf-keras ignores edges past the last column).
    """
    connections = _connections(model)
    header = (
        "Layer (type)",
        "Output Shape",
        "Param #",
        *(("Connected to",) if connections is not None else ()),
        *(("Trainable",) if show_trainable else ()),
    )
    listed = _listed(model, expand_nested, layer_range)
    rows = [header] + [_row(layer, depth, show_trainable, connections) for layer, depth in listed]
    if line_length is None and positions is None:
        widths = [max(29, *(len(r[0]) + 1 for r in rows)), max(26, *(len(r[1]) + 1 for r in rows))]
        widths += [max(10, *(len(r[2]) + 1 for r in rows))]
        widths += [max(13, *(len(r[3]) + 1 for r in rows))] if connections is not None else []
        widths += [10] if show_trainable else []
    else:
        wide = show_trainable or connections is not None
        widths = _fixed_widths(line_length or (98 if wide else 65), positions, len(header))
    line_length = sum(widths)
    total, trainable = _params(model)

    def row_text(row: tuple[str, ...]) -> str:
        return "".join(cell[: width - 1].ljust(width) for cell, width in zip(row, widths)).rstrip()

    lines = [f'Model: "{model.name}"', "_" * line_length, row_text(rows[0]), "=" * line_length]
    for index, row in enumerate(rows[1:]):
        lines.append(row_text(row))
        lines.append("_" * line_length if index < len(rows) - 2 else "=" * line_length)
    if len(rows) == 1:
        lines.append("=" * line_length)
    lines += [
        f"Total params: {total:,}",
        f"Trainable params: {trainable:,}",
        f"Non-trainable params: {total - trainable:,}",
        "_" * line_length,
    ]
    return lines


def _row(
    layer: nn.Module, depth: int, show_trainable: bool, connections: dict[int, str] | None
) -> tuple[str, ...]:
    total, trainable = _params(layer)
    built = _built(layer)
    row: tuple[str, ...] = (
        f"{'  ' * depth}{getattr(layer, 'name', '?')} ({type(layer).__name__})",
        _shape_text(_output_shape(layer)) if built else "?",
        f"{total:,}" if built else f"{total:,} (unbuilt)",
    )
    if connections is not None:
        row = (*row, connections.get(id(layer), "[]"))
    if not show_trainable:
        return row
    return (*row, "-" if total == 0 else "Y" if trainable == total else "N" if trainable == 0 else "Y/N")


def _output_shape(layer: nn.Module) -> Any:
    """The shape of the layer's output in a model's graph, as Keras shows it (its first node's:
    an Embedding built by hand for ``(1,)`` and then called on ``(None, None)`` ids shows
    ``(None, None, 8)``), else the shape it was built for (a model built by a call)."""
    try:
        output = layer.output
    except (AttributeError, ValueError):
        return getattr(layer, "output_shape", None)
    if isinstance(output, (list, tuple)):
        return [tuple(item.shape) for item in output]
    return tuple(output.shape)


def _built(layer: nn.Module) -> bool:
    """Whether ``layer`` has made its weights (a torch module always has)."""
    return getattr(layer, "built", True) is not False


def _listed(
    model: Any, expand_nested: bool, layer_range: Sequence[str] | None
) -> list[tuple[nn.Module, int]]:
    """``(layer, depth)`` in the order of the table."""
    layers = list(model.layers)
    if layer_range is not None:
        if isinstance(layer_range, str) or len(layer_range) != 2:
            raise ValueError(f"layer_range must be two layer names (first, last). Received: {layer_range!r}")
        names = [getattr(layer, "name", "") for layer in layers]
        first = next((i for i, name in enumerate(names) if re.match(layer_range[0], name)), None)
        last = next((i for i in reversed(range(len(names))) if re.match(layer_range[1], names[i])), None)
        if first is None or last is None or last < first:
            raise ValueError(f"layer_range {list(layer_range)} matches no run of the layers {names}.")
        layers = layers[first : last + 1]
    listed: list[tuple[nn.Module, int]] = []

    def add(layer: nn.Module, depth: int) -> None:
        listed.append((layer, depth))
        if expand_nested and hasattr(layer, "layers"):
            for inner in layer.layers:
                add(inner, depth + 1)

    for layer in layers:
        add(layer, 0)
    return listed


def _connections(model: Any) -> dict[int, str] | None:
    """tf-keras's "Connected to" column of a functional model whose graph is no chain (a layer
    of several inputs, a branch, a layer called twice): each layer's inputs in the model as
    ``layer[node][tensor]`` (the call of that layer which made it, and which of its outputs),
    by the layer's id; None (no column) for a chain, a `Sequential` or a subclassed model, as
    tf-keras's ``print_summary`` draws them."""
    from .functional import Model  # the functional model imports this module's callers

    if not isinstance(model, Model) or "_nodes" not in model.__dict__:
        return None
    nodes = model.__dict__["_nodes"]
    inputs = [node.inputs for node in nodes]
    consumed = [id(t) for ins in inputs for t in ins]
    called = [id(node.layer) for node in nodes]
    chain = (
        all(len(ins) <= 1 for ins in inputs)
        and len(set(consumed)) == len(consumed)
        and len(set(called)) == len(called)
        and len(model.inputs) == 1
    )
    if chain:
        return None
    connections: dict[int, list[str]] = {}
    for node, ins in zip(nodes, inputs, strict=True):
        texts = connections.setdefault(id(node.layer), [])
        for tensor in ins:
            producer = tensor.node.layer
            number = producer.__dict__.get("_inbound_nodes", [tensor.node]).index(tensor.node)
            texts.append(f"{producer.name}[{number}][{tensor.index}]")
    return {key: str(texts) for key, texts in connections.items()}


def _fixed_widths(line_length: int, positions: Sequence[float] | None, columns: int) -> list[int]:
    if positions is None:
        positions = [0.33, 0.55, 0.67, 1.0] if columns == 4 else [0.45, 0.85, 1.0]
    if len(positions) < columns:
        raise ValueError(f"positions must give {columns} column edges. Received: {list(positions)}")
    positions = positions[:columns]  # tf-keras ignores the edges of columns a model does not show
    fractions = all(edge <= 1 for edge in positions)
    edges = [int(line_length * edge) if fractions else int(edge) for edge in positions]
    widths = [right - left for left, right in zip([0, *edges], edges)]
    if min(widths) < 2:
        raise ValueError(
            f"positions {list(positions)} leave a column without room at line_length {line_length}."
        )
    return widths
