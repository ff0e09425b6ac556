"""What a saved batcher position depends on, and the check that a position fits a batcher.

A position (epoch, chunk) only means the same chunks for a batcher with the same layout (the
same sequence lengths, batch size, chunk length, target alignment, shuffling and seed) over the
same data. The layout is saved with the position as plain values (lengths as a count, a total
and a SHA-256 digest), so a mismatch can be told key by key; the data as a SHA-256 digest of
the arrays the chunks are gathered from (``data_sha256``).

The data digest covers all of the data, not a sample (which would miss a change in the steps it
skips). hashlib reads the batcher's own copy in place, without copying it, in one pass: about
0.7 s per GB on a CPU with SHA instructions (2.5 s per GB without, or on a busy machine), about
as long as reading and checking the data took. The batcher takes it once, the first time a
position is saved or loaded, so a batcher that never saves one never pays it.

Formats: 2 saves ``data_sha256``; 1 (before it) had none, and a format-1 state still loads, its
data unchecked (its layout still is).
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

FORMAT = 2
READS = (1, 2)  # format 1 predates the data digest


def layout_fingerprint(lengths: np.ndarray, **settings: Any) -> dict[str, Any]:
    """Plain, JSON-serialisable description of a layout.

    Example:
        >>> fingerprint = layout_fingerprint(np.array([3, 2]), batch_size=2)
        >>> fingerprint["sequences"], fingerprint["steps"], fingerprint["batch_size"]
        (2, 5, 2)
    """
    digest = hashlib.sha256(np.asarray(lengths, dtype="<i8").tobytes()).hexdigest()
    return {"sequences": len(lengths), "steps": int(np.sum(lengths)), "lengths_sha256": digest, **settings}


def data_digest(*arrays: np.ndarray | None) -> str:
    """SHA-256 of ``arrays`` (dtype, shape and bytes of each; None counts as absent).

    Example:
        >>> data_digest(np.zeros(2, np.float32)) == data_digest(np.zeros((2, 1), np.float32))
        False
    """
    digest = hashlib.sha256()
    for array in arrays:
        if array is None:
            digest.update(b"none;")
            continue
        array = np.ascontiguousarray(array)  # the batcher's own copies already are: no copy
        digest.update(f"{array.dtype.str}{array.shape};".encode())
        digest.update(memoryview(array).cast("B"))  # read in place, however large
    return digest.hexdigest()


def layout_differences(saved: Any, current: dict[str, Any]) -> list[str]:
    """``"key: saved A, here B"`` for every key that differs (nothing when the layouts agree)."""
    if not isinstance(saved, dict):
        return [f"layout: saved {saved!r}, expected a dict"]
    differences = []
    for key in sorted(set(saved) | set(current), key=repr):  # a dict not read from JSON may mix key types
        if saved.get(key, "<missing>") != current.get(key, "<missing>"):
            differences.append(
                f"{key}: saved {saved.get(key, '<missing>')!r}, here {current.get(key, '<missing>')!r}"
            )
    return differences


def check_state(state: Any, current_layout: dict[str, Any], current_data: str) -> tuple[int, int]:
    """The (epoch, chunk) of a saved state, after checking it was saved for this layout and
    (from format 2) for this data, whose digest is ``current_data``.

    Raises:
        ValueError: not a state dict, a missing or non-integer position, another format, a
            layout that differs (every differing key is named), or other data.
    """
    if not isinstance(state, dict):
        raise ValueError(
            f"load_state_dict expects the dict state_dict() returned. Received: {type(state).__name__}"
        )
    _check_keys(state, ["format", "epoch", "chunk", "layout"])
    if not _plain_int(state["format"]) or state["format"] not in READS:
        raise ValueError(
            f"Unknown SequenceBatcher state format {state['format']!r}; this version reads {list(READS)}."
        )
    checks_data = state["format"] >= 2
    if checks_data:
        _check_keys(state, ["data_sha256"])
    differences = layout_differences(state["layout"], current_layout)
    if differences:
        raise ValueError(
            "This state was saved by a SequenceBatcher with another layout, where its position means "
            "other chunks; make the batcher with the same data and settings. Differences: "
            + "; ".join(differences)
        )
    if checks_data and state["data_sha256"] != current_data:
        raise ValueError(
            f"This state was saved by a SequenceBatcher over other data (the same layout, but a data "
            f"digest of {_short(state['data_sha256'])}, here {_short(current_data)}), where its position "
            f"means other steps; make the batcher with the data the state was saved for."
        )
    for key in ("epoch", "chunk"):
        value = state[key]
        if not _plain_int(value) or value < 0:
            raise ValueError(f"The state's {key} must be a non-negative integer. Received: {value!r}")
    return state["epoch"], state["chunk"]


def _check_keys(state: dict[Any, Any], keys: list[str]) -> None:
    missing = [key for key in keys if key not in state]
    if missing:
        received = sorted(map(repr, state))  # by repr: a dict not read from JSON may mix key types
        raise ValueError(
            f"This is not a SequenceBatcher state: it lacks {missing}. Received keys: {received}"
        )


def _plain_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _short(digest: Any) -> str:
    """A digest for a message: its first 12 hex digits, or what came instead, cut short."""
    return repr(digest[:12] + "...") if isinstance(digest, str) and len(digest) > 12 else repr(digest)[:40]
