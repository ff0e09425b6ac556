"""Fuzzing a saved `SequenceBatcher` position: a clean error or an exact resume, nothing else.

A batcher's state is a JSON-able dict (``state_dict()``), saved by the user as JSON or inside a
distributed checkpoint's metadata. Whatever a file or a caller hands back (values replaced by
any JSON value, keys dropped or added, the JSON text itself damaged byte by byte),
``load_state_dict`` either refuses it with a ``ValueError`` and leaves the position where it was,
or resumes exactly: at the position the state names, with the chunks a fresh batcher gives there.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statefulrnn.data import SequenceBatcher

from ..data.epochs import assert_chunks_equal

LENGTHS = [7, 3, 12, 5, 9, 2, 4]


def _batcher() -> SequenceBatcher:
    rng = np.random.default_rng(0)
    sequences = [rng.normal(size=(n, 2)).astype(np.float32) for n in LENGTHS]
    return SequenceBatcher(sequences, batch_size=3, chunk_length=4, shuffle=True, seed=3)


def _saved() -> dict[str, Any]:
    batcher = _batcher()
    list(itertools.islice(iter(batcher), 2))
    return json.loads(json.dumps(batcher.state_dict()))


SAVED = _saved()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
# The places worth hitting: each top-level key, and each key of the layout.
PATHS = [(key,) for key in SAVED] + [("layout", key) for key in SAVED["layout"]]


def _check_load(state: Any) -> None:
    """Load ``state`` into a fresh batcher: a ValueError with the position kept, or an exact resume."""
    batcher = _batcher()
    next(iter(batcher))  # a position of its own, which a refused load must keep
    before = batcher.state_dict()
    try:
        batcher.load_state_dict(state)
    except ValueError:
        assert batcher.state_dict() == before
        return
    epoch, chunk = batcher.state_dict()["epoch"], batcher.state_dict()["chunk"]
    assert (epoch, chunk) == (state["epoch"], state["chunk"])
    expected = _batcher()
    expected.set_epoch(epoch)
    assert_chunks_equal(list(batcher), list(itertools.islice(iter(expected), chunk, None)))


@SETTINGS
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(PATHS), st.one_of(st.just("delete"), json_values)), min_size=1, max_size=3
    ),
    extra=st.dictionaries(st.text(max_size=8), json_values, max_size=2),
)
def test_a_state_with_values_replaced_or_keys_dropped_loads_exactly_or_is_refused(edits, extra) -> None:
    state = json.loads(json.dumps(SAVED))
    for path, value in edits:
        holder = state
        for key in path[:-1]:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if not isinstance(holder, dict):
            continue
        if value == "delete":
            holder.pop(path[-1], None)
        else:
            holder[path[-1]] = value
    state.update(extra)
    _check_load(state)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0), st.sampled_from(["flip", "insert", "delete"]), st.integers(0, 255)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_damaged_state_file_loads_exactly_or_is_refused(tmp_path_factory, damage) -> None:
    text = bytearray(json.dumps(SAVED).encode())
    for where, kind, byte in damage:
        where %= len(text) or 1
        if kind == "flip":
            text[where] ^= 1 << (byte % 8)
        elif kind == "insert":
            text.insert(where, byte)
        elif len(text) > 1:
            del text[where]
    path = tmp_path_factory.mktemp("state") / "batcher.json"
    path.write_bytes(bytes(text))
    try:
        state = json.loads(path.read_bytes())
    except ValueError:  # JSONDecodeError and UnicodeDecodeError: the file is no JSON, refused there
        return
    _check_load(state)


def test_mixed_key_types_and_a_bool_format_are_refused_cleanly() -> None:
    _check_load({1: "a", "b": 2})  # keys no JSON file has: still a one-line ValueError
    _check_load({**SAVED, "layout": {**SAVED["layout"], 7: "x"}})
    _check_load({**SAVED, "format": True})
    _check_load({**SAVED, "epoch": 10**30})
