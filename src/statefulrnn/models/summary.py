"""Keras-style ``model.summary()`` text."""

from __future__ import annotations

import math
from typing import Any

from torch import nn

from ..layers.base import format_shape


def _shape_text(shape: Any) -> str:
    if isinstance(shape, list):
        return "[" + ", ".join(format_shape(s) for s in shape) + "]"
    return format_shape(shape)


def _params(layer: nn.Module) -> tuple[int, int]:
    if hasattr(layer, "named_weights"):
        sizes = [(math.prod(w.shape), w.trainable) for _, w in layer.named_weights()]
    else:
        sizes = [(p.numel(), p.requires_grad) for p in layer.parameters()]
    total = sum(size for size, _ in sizes)
    trainable = sum(size for size, is_trainable in sizes if is_trainable)
    return total, trainable


def summary_lines(model: Any) -> list[str]:
    """The lines of the table, in Keras 2's layout, columns widened to fit their content."""
    rows = [("Layer (type)", "Output Shape", "Param #")]
    for layer in model.layers:
        name = getattr(layer, "name", "?")
        rows.append(
            (
                f"{name} ({type(layer).__name__})",
                _shape_text(getattr(layer, "output_shape", None)),
                f"{_params(layer)[0]:,}",
            )
        )
    widths = [max(29, *(len(r[0]) + 1 for r in rows)), max(26, *(len(r[1]) + 1 for r in rows)), 10]
    line_length = sum(widths)
    total, trainable = _params(model)

    def row_text(row: tuple[str, str, str]) -> str:
        return "".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

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
