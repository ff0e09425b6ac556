"""One chunk of a :class:`~statefulrnn.data.SequenceBatcher` epoch: ``chunk_length`` steps of every row."""

from __future__ import annotations

from dataclasses import dataclass

import torch


# eq=False: the generated __eq__ would compare tensors with ``==`` and fail on ``bool()``; two chunks
# are compared field by field with ``torch.equal`` instead.
@dataclass(frozen=True, eq=False)
class Chunk:
    """``chunk_length`` steps of ``batch_size`` rows; row i continues row i of the chunk before.

    N is the batch size, T the chunk length, F the input features, C the target features.

    Attributes:
        x: ``(N, T, F)`` float32 inputs; padded steps are 0.
        y: ``(N, T, C)`` float32 targets, or ``(N, T)`` int64 for integer class labels; padded
            steps are 0. None when the batcher has no targets.
        resets: ``(N, T)`` bool, True where a new sequence starts at this step in this row: the
            state of that row must be reset before the step (the first step of every sequence,
            the start of an epoch included, is marked).
        mask: ``(N, T)`` bool, True for real steps, False for padding (a row with no sequence
            left, or the end of the last chunk).
        sequence_ids: ``(N, T)`` int64, index of the sequence each step belongs to, in the order
            the sequences were given (for one long sequence: the index of its stream); -1 for
            padding.
        positions: ``(N, T)`` int64, index of the step within its sequence (counted after target
            alignment, so position p is input step p of the sequence); -1 for padding.

    Example:
        >>> from statefulrnn.data import SequenceBatcher
        >>> batcher = SequenceBatcher([np.arange(3.0), np.arange(2.0)], batch_size=2, chunk_length=4)
        >>> chunk = next(iter(batcher))
        >>> chunk.x.shape, chunk.y
        (torch.Size([2, 4, 1]), None)
        >>> chunk.x[..., 0]
        tensor([[0., 1., 2., 0.],
                [0., 1., 0., 0.]])
        >>> chunk.mask
        tensor([[ True,  True,  True, False],
                [ True,  True, False, False]])
        >>> chunk.positions
        tensor([[ 0,  1,  2, -1],
                [ 0,  1, -1, -1]])
    """

    x: torch.Tensor
    y: torch.Tensor | None
    resets: torch.Tensor
    mask: torch.Tensor
    sequence_ids: torch.Tensor
    positions: torch.Tensor
