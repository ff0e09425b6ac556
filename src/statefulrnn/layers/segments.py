"""Per-row resets and masked steps inside one call, for any way of running a chunk; and
long calls run in pieces (`in_pieces`).

A call may say, per batch row and time step, where a new sequence starts (``resets``: the
row's state is zeroed before that step) and which steps are padding (``mask`` False: the
row's state is left as it was and its output repeats its last real output, as Keras's masking
does). Both are honoured by cutting the chunk into segments at every step where some row
resets or some row's mask changes, and running each segment whole: within a segment, every
row is either fully real or fully padding. The fused kernels therefore stay fused, with one
extra kernel call per such step: cheap when resets are rare, as in long sequences.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from ..state import by_row

States = tuple[torch.Tensor, ...]
# (x (N, t, F), states) -> (outputs (N, t, u) or None, last output (N, u), final states)
ChunkRunner = Callable[[torch.Tensor, States], tuple[torch.Tensor | None, torch.Tensor, States]]


def as_step_flags(flags: Any, x: torch.Tensor, name: str, owner: str, neutral: bool) -> torch.Tensor | None:
    """``flags`` as a bool ``(N, T)`` tensor matching ``x (N, T, F)``; None when absent or when
    every flag is ``neutral`` (a mask of all True, resets of all False): such a chunk takes the
    plain path, with no segments to cut.

    Raises:
        ValueError: a shape other than ``(N, T)``.
        TypeError: values that are not booleans (or 0/1).
    """
    if flags is None:
        return None
    tensor = flags if isinstance(flags, torch.Tensor) else torch.from_numpy(np.asarray(flags))
    if tensor.dtype != torch.bool:
        if tensor.is_floating_point() or not bool(((tensor == 0) | (tensor == 1)).all()):
            raise TypeError(
                f"{owner}: {name} must be booleans of shape (batch, time). Received: dtype {tensor.dtype}"
            )
        tensor = tensor.bool()
    if tuple(tensor.shape) != tuple(x.shape[:2]):
        raise ValueError(
            f"{owner}: {name} must have shape (batch, time) = {tuple(x.shape[:2])} like the inputs. "
            f"Received: shape {tuple(tensor.shape)}"
        )
    if bool(tensor.all()) if neutral else not bool(tensor.any()):
        return None
    return tensor.to(x.device)


def segment_starts(mask: torch.Tensor | None, resets: torch.Tensor | None, steps: int) -> list[int]:
    """The steps where a segment starts: 0, every reset step, every step where a mask changes."""
    if steps == 1:  # a streamed frame
        return [0]
    cut = torch.zeros(steps, dtype=torch.bool)
    if resets is not None:
        cut |= resets.any(dim=0).cpu()
    if mask is not None and steps > 1:
        cut[1:] |= (mask[:, 1:] != mask[:, :-1]).any(dim=0).cpu()
    cut[0] = True
    return cut.nonzero().flatten().tolist()


def run_in_segments(
    run: ChunkRunner,
    x: torch.Tensor,
    states: States,
    mask: torch.Tensor | None,
    resets: torch.Tensor | None,
    return_sequences: bool,
    before: torch.Tensor | None = None,
) -> tuple[torch.Tensor | None, torch.Tensor, States]:
    """Run ``x`` through ``run`` segment by segment, honouring ``resets`` and ``mask``.

    Returns what ``run`` returns for the whole chunk: outputs (or None), each row's last real
    output, and the final states (a fully padded row keeps the state it came with). Masked
    steps before a row's first real step repeat ``before (N, u)``, the output the row's
    sequence had reached (a stream pool's continuing streams), or zeros when it is None, as
    Keras's masked RNN starts every call.
    """
    steps = x.shape[1]
    starts = segment_starts(mask, resets, steps)
    previous = before  # each row's last real output
    pieces = []
    for start, end in zip(starts, [*starts[1:], steps]):
        restart = None if resets is None or not bool(resets[:, start].any()) else resets[:, start]
        if restart is not None:
            states = tuple(torch.where(by_row(restart, s), torch.zeros_like(s), s) for s in states)
            if previous is not None:
                previous = torch.where(by_row(restart, previous), torch.zeros_like(previous), previous)
        if previous is not None and mask is not None and not bool(mask[:, start].any()):
            # Every row pads the whole segment: the states stay and the outputs repeat, unrun.
            if return_sequences:
                pieces.append(previous.unsqueeze(1).expand(-1, end - start, *previous.shape[1:]))
            continue
        outputs, last, new_states = run(x[:, start:end], states)
        if previous is None:
            previous = torch.zeros_like(last)
        if mask is not None and not bool(mask[:, start].all()):
            real = mask[:, start]  # constant over the segment for each row
            new_states = tuple(
                torch.where(by_row(real, new), new, old) for new, old in zip(new_states, states)
            )
            last = torch.where(by_row(real, last), last, previous)
            if outputs is not None:
                outputs = torch.where(by_row(real, outputs), outputs, previous.unsqueeze(1))
        states, previous = new_states, last
        if return_sequences:
            pieces.append(outputs)
    if previous is before:  # a row's output, not a view of the states it came with
        previous = previous.clone()
    return (torch.cat(pieces, dim=1) if return_sequences else None), previous, states


def in_pieces(run: ChunkRunner, piece: int, keep_outputs: bool) -> ChunkRunner:
    """``run`` over at most ``piece`` steps at a time, each piece starting from the states the
    last one ended with, their autograd graph included (gradients are those of one call). The
    outputs, if kept, are written into one tensor: concatenating the pieces would hold them twice.
    """

    def run_pieces(x: torch.Tensor, states: States) -> tuple[torch.Tensor | None, torch.Tensor, States]:
        batch, steps = x.shape[0], x.shape[1]
        if steps <= piece:  # a short segment of a masked call
            return run(x, states)
        outputs = None
        for start in range(0, steps, piece):
            piece_outputs, last, states = run(x[:, start : start + piece], states)
            if keep_outputs:
                if outputs is None:
                    outputs = piece_outputs.new_empty(batch, steps, *piece_outputs.shape[2:])
                outputs[:, start : start + piece] = piece_outputs
        return outputs, last, states

    return run_pieces
