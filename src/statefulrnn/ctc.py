"""Connectionist temporal classification: the loss and the decoders of Keras 3's
``ops.ctc_loss`` and ``ops.ctc_decode`` (and tf-keras 2's ``backend.ctc_batch_cost`` and
``ctc_decode``), for sequence models whose outputs are longer than their labels and not aligned
with them (speech to text, handwriting, captchas).

The loss is PyTorch's ``F.ctc_loss`` on the log-softmax of the logits, which computes the
negative log-likelihood of the labels over every alignment, as ``tf.nn.ctc_loss`` does. The
greedy decoder takes each step's best class, merges repeats and drops blanks
(``tf.nn.ctc_greedy_decoder``); the beam search keeps the ``beam_width`` most likely label
prefixes, each with its probability of ending in a blank and in its last label
(``tf.nn.ctc_beam_search_decoder``'s recursion, on log-softmax-normalized steps).

Example:
    >>> logits = torch.log(torch.tensor([[[0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.8, 0.1, 0.1],
    ...                                   [0.1, 0.1, 0.8]]]))
    >>> decoded, scores = ctc_decode(logits, torch.tensor([4]))
    >>> decoded[0].tolist()  # 1 1 - 2: repeats merged, the blank (class 0) dropped
    [[1, 2, -1, -1]]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F


def ctc_loss(
    target: Any, output: Any, target_length: Any, output_length: Any, mask_index: int = 0
) -> torch.Tensor:
    """Keras 3's ``ops.ctc_loss``: one negative log-likelihood per sample, of the labels
    ``target (N, S)`` (integers; those past each ``target_length`` ignored) given the logits
    ``output (N, T, C)`` (unnormalized: a log-softmax is taken) of which the first
    ``output_length`` steps count, with class ``mask_index`` the blank. ``inf`` where no
    alignment exists (labels longer than the steps allow), as TensorFlow gives.

    Shapes:
        ``target (N, S)``, ``output (N, T, C)``, lengths ``(N,)`` -> ``(N,)``, float32 (float64
        for float64 logits, computed in float32 as Keras does).

    Raises:
        ValueError: tensors of other ranks, or lengths of another batch size.
    """
    logits = output if isinstance(output, torch.Tensor) else torch.as_tensor(np.asarray(output))
    labels = torch.as_tensor(np.asarray(target) if not isinstance(target, torch.Tensor) else target)
    if logits.ndim != 3 or labels.ndim != 2:
        raise ValueError(
            "ctc_loss takes target (batch, max_label_length) and output (batch, steps, classes). "
            f"Received: target of shape {tuple(labels.shape)}, output of shape {tuple(logits.shape)}"
        )
    result_dtype = torch.float64 if logits.dtype == torch.float64 else torch.float32
    log_probs = F.log_softmax(logits.float(), dim=-1).transpose(0, 1)  # (T, N, C), as torch takes it
    lengths = [
        _lengths(value, len(labels), name)
        for value, name in ((output_length, "output"), (target_length, "target"))
    ]
    loss = F.ctc_loss(
        log_probs,
        labels.long(),
        lengths[0],
        lengths[1],
        blank=mask_index % logits.shape[-1],
        reduction="none",
    )
    return loss.to(result_dtype)


def _lengths(value: Any, batch: int, name: str) -> torch.Tensor:
    lengths = torch.as_tensor(np.asarray(value) if not isinstance(value, torch.Tensor) else value).reshape(-1)
    if lengths.numel() != batch:
        raise ValueError(
            f"ctc_loss: {name}_length needs one length per sample ({batch}). Received: {value!r}"
        )
    return lengths.long()


def tf_label_lengths(labels: Any, label_length: Any, num_classes: int) -> torch.Tensor:
    """How many of each row's first ``label_length`` labels TensorFlow 1's ``CTCLoss`` (under
    tf-keras's ``ctc_batch_cost``) reads: it takes a label of ``num_classes - 1`` (the blank)
    or more as a "null label" that ends the row, so a row padded at its end with such a value
    (keras.io's handwriting recognizer pads with 99 and passes the full width as the length)
    counts only the labels before it.

    Shapes:
        ``labels (N, L)``, ``label_length (N,)`` -> ``(N,)``, int64.

    Raises:
        ValueError: a label below ``num_classes - 1`` after a null label in its row, which
            TensorFlow refuses (InvalidArgumentError) as well.

    Example:
        >>> tf_label_lengths(torch.tensor([[1, 2, 99, 99], [3, 1, 0, 0]]), torch.tensor([4, 3]), 5)
        tensor([2, 3])
    """
    labels = torch.as_tensor(np.asarray(labels) if not isinstance(labels, torch.Tensor) else labels)
    lengths = _lengths(label_length, len(labels), "label")
    lengths = lengths.to(labels.device)
    positions = torch.arange(labels.shape[1], device=labels.device)
    within = positions < lengths[:, None]
    null = within & (labels >= num_classes - 1)
    first_null = torch.where(null.any(dim=1), null.long().argmax(dim=1), lengths)
    after = within & ~null & (positions > first_null[:, None])
    if after.any():
        row = int(after.any(dim=1).long().argmax())
        raise ValueError(
            f"ctc_batch_cost: sample {row} has a label below {num_classes - 1} after a null label "
            f"(index >= num_classes - 1, {num_classes - 1} here), which TensorFlow refuses: "
            f"labels {labels[row, : int(lengths[row])].tolist()}"
        )
    return first_null


def ctc_decode(
    inputs: Any,
    sequence_lengths: Any,
    strategy: str = "greedy",
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
    mask_index: int | None = 0,
    merge_beams: bool = False,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Keras 3's ``ops.ctc_decode``: the most likely label sequences of ``inputs (N, T, C)``
    (logits; class ``mask_index`` the blank, None for the last), of which the first
    ``sequence_lengths`` steps count.

    ``"greedy"``: each step's best class, repeats merged (``merge_repeated``), blanks dropped;
    scores ``(N, 1)``: minus the sum of each step's greatest logit. ``"beam_search"``: the
    ``top_paths`` best of ``beam_width`` prefixes kept per step (repeats separated by a blank
    count twice, as ``tf.nn.ctc_beam_search_decoder``'s); scores ``(N, top_paths)``: their
    log-probabilities; ``merge_beams`` merges each path's runs of one label afterwards, as
    TensorFlow 1's decoder did (tf-keras's `statefulrnn.backend.ctc_decode`).

    Returns:
        ``(decoded, scores)``: ``decoded (top_paths, N, T)`` int32, each sequence padded with -1
        (one path for ``"greedy"``).

    Raises:
        ValueError: another strategy, or ``top_paths`` above ``beam_width``.
    """
    double = getattr(inputs, "dtype", None) in (torch.float64, np.float64)  # scores as the inputs
    values = inputs if isinstance(inputs, torch.Tensor) else torch.as_tensor(np.asarray(inputs))
    values = values.detach().double().cpu().numpy()
    batch, steps, classes = values.shape
    blank = classes - 1 if mask_index is None else mask_index % classes
    lengths = _lengths(sequence_lengths, batch, "sequence").tolist()
    if strategy == "greedy":
        paths = [[_greedy(values[n, : lengths[n]], blank, merge_repeated)] for n in range(batch)]
        scores = np.array([[-values[n, : lengths[n]].max(axis=-1).sum()] for n in range(batch)])
    elif strategy == "beam_search":
        if not 1 <= top_paths <= beam_width:
            raise ValueError(
                f"top_paths must be in [1, beam_width={beam_width}]. Received: top_paths={top_paths}"
            )
        found = [
            _beam_search(values[n, : lengths[n]], blank, beam_width, top_paths, merge_beams)
            for n in range(batch)
        ]
        paths = [[path for path, _ in best] for best in found]
        scores = np.array([[score for _, score in best] for best in found])
    else:
        raise ValueError(f"Invalid strategy {strategy}. Supported values are 'greedy' and 'beam_search'.")
    decoded = np.full((len(paths[0]) if paths else top_paths, batch, steps), -1, np.int32)
    for n, sample in enumerate(paths):
        for rank, path in enumerate(sample):
            decoded[rank, n, : len(path)] = path
    return torch.from_numpy(decoded), torch.from_numpy(scores).to(torch.float64 if double else torch.float32)


def _greedy(values: np.ndarray, blank: int, merge_repeated: bool) -> list[int]:
    path: list[int] = []
    previous = -1
    for label in values.argmax(axis=-1).tolist():
        if label != blank and not (merge_repeated and label == previous):
            path.append(label)
        previous = label
    return path


def _log_add(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    return max(a, b) + math.log1p(math.exp(-abs(a - b)))


class _Beam:
    """A label prefix of the beam search (a node of TensorFlow's prefix tree): its last label,
    parent and children, and the log-probabilities, at the step before (``old``) and this one
    (``new``), of ending in a blank and in its last label. An entry once reached stays
    active (``new[2]`` finite) after it drops out of the beam, as TensorFlow's do: it is not
    reached again from its parent, and its stale ``old`` still feeds its children in the beam."""

    __slots__ = ("children", "label", "new", "old", "parent")
    EMPTY = (-math.inf, -math.inf, -math.inf)  # (blank, label, total): never reached

    def __init__(self, parent: _Beam | None, label: int) -> None:
        self.parent, self.label, self.children = parent, label, {}
        self.old = self.new = self.EMPTY

    def active(self) -> bool:
        return self.new[2] != -math.inf

    def labels(self) -> list[int]:
        out, entry = [], self
        while entry.parent is not None:
            out.append(entry.label)
            entry = entry.parent
        return out[::-1]


def _beam_search(
    values: np.ndarray, blank: int, beam_width: int, top_paths: int, merge_repeated: bool = False
) -> list[tuple[list[int], float]]:
    """The ``top_paths`` best label prefixes and their log-probabilities, by TensorFlow's CTC
    beam search (``CTCBeamSearchDecoder::Step`` with its default scorer) on log-softmax
    normalized steps: each step updates every prefix of the beam, then extends each prefix
    still in the running by every label not yet reached, keeping the ``beam_width`` best."""
    log_probs = values - values.max(axis=-1, keepdims=True)
    log_probs = log_probs - np.log(np.exp(log_probs).sum(axis=-1, keepdims=True))
    labels = [c for c in range(values.shape[-1]) if c != blank]
    root = _Beam(None, -1)
    root.new = (0.0, -math.inf, 0.0)
    leaves = [root]
    for step in log_probs.tolist():
        branches = sorted(leaves, key=_total, reverse=True)
        leaves = []
        for entry in branches:
            entry.old = entry.new
        for entry in branches:
            label_p = entry.new[1]
            if entry.parent is not None:
                parent = entry.parent
                if parent.active():
                    previous = parent.old[0] if entry.label == parent.label else parent.old[2]
                    label_p = _log_add(label_p, previous)
                label_p += step[entry.label]
            blank_p = entry.old[2] + step[blank]
            entry.new = (blank_p, label_p, _log_add(blank_p, label_p))
            leaves.append(entry)
        for entry in branches:
            if not _candidate(entry.old[2], leaves, beam_width):
                continue
            for label in labels:
                child = entry.children.get(label)
                if child is None:
                    child = entry.children[label] = _Beam(entry, label)
                if child.active():
                    continue
                previous = entry.old[0] if label == entry.label else entry.old[2]
                label_p = step[label] + previous
                child.new = (-math.inf, label_p, label_p)
                if _candidate(label_p, leaves, beam_width):
                    if len(leaves) == beam_width:  # the bottom leaves the beam: inactive again
                        bottom = min(leaves, key=_total)
                        bottom.new = _Beam.EMPTY
                        leaves.remove(bottom)
                    leaves.append(child)
                else:
                    child.old = child.new = _Beam.EMPTY
    ranked = sorted(leaves, key=_total, reverse=True)[:top_paths]
    return [(_merged(entry.labels()) if merge_repeated else entry.labels(), entry.new[2]) for entry in ranked]


def _merged(labels: list[int]) -> list[int]:
    """Runs of one label as one (what TensorFlow 1's beam search does to its outputs)."""
    return [label for i, label in enumerate(labels) if i == 0 or label != labels[i - 1]]


def _total(entry: _Beam) -> float:
    return entry.new[2]


def _candidate(total: float, leaves: list[_Beam], beam_width: int) -> bool:
    """TensorFlow's ``is_candidate``: a probability above zero, and room in the beam or more
    than its bottom's."""
    return total > -math.inf and (len(leaves) < beam_width or total > min(map(_total, leaves)))
