"""Linear recurrences served: a `MinGRU` and `LRU` model streams through `StreamPool`, its
WebSocket app and the real ``statefulrnn serve`` command, giving chunk by chunk the numbers of
the layers run on the whole stream (chunks of 1 to 100 frames: single steps, short scans and
the blocked scan)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

from statefulrnn import Dense, Sequential
from statefulrnn.layers import LRU, MinGRU
from statefulrnn.streaming import StreamPool

from .servers import TIMEOUT_S, F, chunks, offline, push_all, run, serving
from .test_cli_serve import _call, _lines

ATOL = 1e-5


def _model() -> Sequential:
    torch.manual_seed(0)
    model = Sequential(
        [
            MinGRU(8, stateful=True, return_sequences=True, batch_input_shape=(4, None, F)),
            LRU(6, state_size=5, r_min=0.5, stateful=True, return_sequences=True),
            Dense(2),
        ]
    )
    model(torch.zeros(4, 1, F))  # builds it
    return model


MODEL = _model()


def test_pool_streams_interleaved_equal_each_whole_stream() -> None:
    streams = {name: chunks(seed, count=6, longest=100) for seed, name in enumerate("abc")}
    pool = StreamPool(MODEL)
    served: dict[str, list[np.ndarray]] = {name: [] for name in streams}
    for name in streams:
        pool.open(name)
    for index in range(6):
        for name, stream in streams.items():
            served[name].append(pool.push(name, stream[index]))
    for name, stream in streams.items():
        expected = offline(MODEL, np.concatenate(stream))
        stops = np.cumsum([len(chunk) for chunk in stream])
        for got, want in zip(served[name], np.split(expected, stops[:-1]), strict=True):
            np.testing.assert_allclose(got, want, atol=ATOL, rtol=0)


def test_websocket_stream_equals_the_whole_stream() -> None:
    stream = chunks(seed=3, count=6, longest=100)

    async def scenario() -> np.ndarray:
        async with serving(StreamPool(MODEL)) as client:
            return await push_all(await client.ws_connect("/streams/m/ws"), stream)

    np.testing.assert_allclose(run(scenario()), offline(MODEL, np.concatenate(stream)), atol=ATOL, rtol=0)


def test_statefulrnn_serve_streams_a_saved_model(tmp_path: Path) -> None:
    MODEL.save(tmp_path / "model.safetensors")
    stream = chunks(seed=4, count=4, longest=100)
    command = [sys.executable, "-m", "statefulrnn.cli", "serve", str(tmp_path / "model.safetensors")]
    process = subprocess.Popen(
        [*command, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        url = re.search(
            r"listening on (http://127\.0\.0\.1:\d+)", _lines(process.stdout).get(timeout=TIMEOUT_S)
        )
        assert url, process.stderr
        token = {"X-Stream-Token": _call(f"{url[1]}/streams", "POST", {"id": "s"})["token"]}
        served = [
            np.asarray(
                _call(f"{url[1]}/streams/s/push", "POST", {"frames": chunk.tolist()}, token)["outputs"]
            )
            for chunk in stream
        ]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=TIMEOUT_S) == 0, process.stderr.read()
    finally:
        process.kill()  # a no-op once it has exited
        process.wait()
    np.testing.assert_allclose(
        np.concatenate(served), offline(MODEL, np.concatenate(stream)), atol=ATOL, rtol=0
    )
