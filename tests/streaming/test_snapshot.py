"""Snapshots: a killed process's streams continue exactly in a new one; bad files change nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from statefulrnn import load_model
from statefulrnn.streaming import PoolFullError, StreamExistsError, StreamPool

from .helpers import FEATURES, offline, served_model

STREAMS = 5


def test_snapshot_kill_restore_continues_every_stream_exactly(tmp_path: Path) -> None:
    model = served_model("stack")
    model.save(tmp_path / "model.safetensors")
    wholes = np.random.default_rng(0).normal(size=(STREAMS, 30, FEATURES)).astype(np.float32)
    np.save(tmp_path / "wholes.npy", wholes)
    child = textwrap.dedent(
        f"""
        import sys, time
        import numpy as np
        from statefulrnn import load_model
        from statefulrnn.streaming import StreamPool
        wholes = np.load({str(tmp_path / "wholes.npy")!r})
        pool = StreamPool(load_model({str(tmp_path / "model.safetensors")!r}))
        for i in range({STREAMS}):
            pool.open(f"s{{i}}")
            pool.push(f"s{{i}}", wholes[i, : 10 + i])
        pool.submit("s0", wholes[0, 10:12])  # queued: the snapshot runs it first
        pool.snapshot({str(tmp_path / "streams.safetensors")!r})
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    pool = StreamPool(load_model(tmp_path / "model.safetensors"))
    assert sorted(pool.restore(tmp_path / "streams.safetensors")) == [f"s{i}" for i in range(STREAMS)]
    for i in range(STREAMS):
        start = 12 if i == 0 else 10 + i
        np.testing.assert_allclose(
            pool.push(f"s{i}", wholes[i, start:]), offline(model, wholes[i])[start:], atol=1e-5
        )


def _pool_with_streams(ids: list) -> StreamPool:
    pool = StreamPool(served_model(), max_streams=4)
    for stream_id in ids:
        pool.open(stream_id)
        pool.push(stream_id, np.ones((3, FEATURES), np.float32))
    return pool


def test_restore_checks_everything_before_opening_anything(tmp_path: Path) -> None:
    path = tmp_path / "streams.safetensors"
    _pool_with_streams(["a", 7]).snapshot(path)

    clashing = _pool_with_streams(["b", 7])
    with pytest.raises(StreamExistsError, match="Stream 7"):
        clashing.restore(path)
    assert clashing.stream_ids() == ["b", 7]

    crowded = _pool_with_streams(["b", "c", "d"])
    with pytest.raises(PoolFullError, match="max_streams=4"):
        crowded.restore(path)
    assert len(crowded) == 3

    other = StreamPool(served_model("lstm"))
    with pytest.raises(ValueError, match="stateful layers"):
        other.restore(path)
    assert len(other) == 0

    damaged = bytearray(path.read_bytes())
    damaged[-3] ^= 0xFF
    (tmp_path / "damaged.safetensors").write_bytes(bytes(damaged))
    with pytest.raises(ValueError, match="damaged"):
        StreamPool(served_model()).restore(tmp_path / "damaged.safetensors")

    model = served_model()
    model.save(tmp_path / "model.safetensors")
    with pytest.raises(ValueError, match="not a stream snapshot"):
        StreamPool(served_model()).restore(tmp_path / "model.safetensors")


def test_a_failed_snapshot_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "streams.safetensors"
    pool = _pool_with_streams(["a"])
    pool.snapshot(path)
    before = path.read_bytes()
    pool.open(("a", "tuple"))
    with pytest.raises(TypeError, match="str or int"):
        pool.snapshot(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["streams.safetensors"]
