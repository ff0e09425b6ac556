"""What a saved batcher position depends on, and the check that a position fits a batcher.

A position (epoch, chunk) only means the same chunks for a batcher with the same layout: the
same sequence lengths, batch size, chunk length, target alignment, shuffling and seed. The layout
is saved with the position as plain values (lengths as a count, a total and a SHA-256 digest), so
a mismatch can be told key by key.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

FORMAT = 1


def layout_fingerprint(lengths: np.ndarray, **settings: Any) -> dict[str, Any]:
    """Plain, JSON-serialisable description of a layout.

    Example:
        >>> fingerprint = layout_fingerprint(np.array([3, 2]), batch_size=2)
        >>> fingerprint["sequences"], fingerprint["steps"], fingerprint["batch_size"]
        (2, 5, 2)
    """
    digest = hashlib.sha256(np.asarray(lengths, dtype="<i8").tobytes()).hexdigest()
    return {"sequences": len(lengths), "steps": int(np.sum(lengths)), "lengths_sha256": digest, **settings}


def layout_differences(saved: Any, current: dict[str, Any]) -> list[str]:
    """``"key: saved A, here B"`` for every key that differs (nothing when the layouts agree)."""
    if not isinstance(saved, dict):
        return [f"layout: saved {saved!r}, expected a dict"]
    differences = []
    for key in sorted(set(saved) | set(current)):
        if saved.get(key, "<missing>") != current.get(key, "<missing>"):
            differences.append(
                f"{key}: saved {saved.get(key, '<missing>')!r}, here {current.get(key, '<missing>')!r}"
            )
    return differences


def check_state(state: Any, current_layout: dict[str, Any]) -> tuple[int, int]:
    """The (epoch, chunk) of a saved state, after checking it was saved for this layout.

    Raises:
        ValueError: not a state dict, a missing or non-integer position, another format, or a
            layout that differs (every differing key is named).
    """
    if not isinstance(state, dict):
        raise ValueError(
            f"load_state_dict expects the dict state_dict() returned. Received: {type(state).__name__}"
        )
    missing = [key for key in ("format", "epoch", "chunk", "layout") if key not in state]
    if missing:
        raise ValueError(
            f"This is not a SequenceBatcher state: it lacks {missing}. Received keys: {sorted(state)}"
        )
    if state["format"] != FORMAT:
        raise ValueError(
            f"Unknown SequenceBatcher state format {state['format']!r}; this version reads {FORMAT}."
        )
    differences = layout_differences(state["layout"], current_layout)
    if differences:
        raise ValueError(
            "This state was saved by a SequenceBatcher with another layout, where its position means "
            "other chunks; make the batcher with the same data and settings. Differences: "
            + "; ".join(differences)
        )
    for key in ("epoch", "chunk"):
        value = state[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"The state's {key} must be a non-negative integer. Received: {value!r}")
    return state["epoch"], state["chunk"]
