"""Load on loopback: many concurrent WebSocket streams, each equal to its own offline run, and
their pushes batched together by the pool."""

from __future__ import annotations

import asyncio
import time

import numpy as np
from aiohttp import ClientWebSocketResponse, WSMsgType
from aiohttp.test_utils import TestClient

from statefulrnn.streaming import StreamPool

from .servers import chunks, make_model, offline, push_all, run, serving

STREAMS, CHUNKS = 48, 20  # 960 chunks of 1 to 20 frames


async def push_binary(socket: ClientWebSocketResponse, stream: list[np.ndarray]) -> np.ndarray:
    outputs = []
    for chunk in stream:
        await socket.send_bytes(chunk.astype("<f4").tobytes())
        message = await socket.receive()
        assert message.type is WSMsgType.BINARY, message
        outputs.append(np.frombuffer(message.data, "<f4").reshape(len(chunk), -1))
    return np.concatenate(outputs)


def test_many_concurrent_streams_each_equal_their_offline_run() -> None:
    model = make_model()
    streams = [chunks(seed=100 + index, count=CHUNKS) for index in range(STREAMS)]

    async def client_stream(client: TestClient, index: int) -> np.ndarray:
        socket = await client.ws_connect(f"/streams/load-{index}/ws")
        push = push_binary if index % 2 else push_all  # half binary, half JSON
        outputs = await push(socket, streams[index])
        await socket.close()
        return outputs

    async def scenario() -> tuple[list[np.ndarray], dict, float]:
        async with serving(StreamPool(model, max_streams=STREAMS)) as client:
            start = time.perf_counter()
            outputs = await asyncio.gather(*(client_stream(client, index) for index in range(STREAMS)))
            wall_s = time.perf_counter() - start
            return outputs, await (await client.get("/metrics")).json(), wall_s

    outputs, metrics, wall_s = run(scenario())
    for stream, got in zip(streams, outputs, strict=True):
        np.testing.assert_allclose(got, offline(model, np.concatenate(stream)), atol=1e-5)
    steps = sum(len(chunk) for stream in streams for chunk in stream)
    assert (metrics["chunks"], metrics["steps"]) == (STREAMS * CHUNKS, steps)
    # 48 clients wait on the server at once, so pushes meet in the pool; one model call per
    # chunk would mean that no two ever did.
    assert metrics["batches"] < metrics["chunks"]
    print(
        f"\n{STREAMS} streams x {CHUNKS} chunks ({steps} frames) in {wall_s:.2f} s: "
        f"{metrics['batches']} batches for {metrics['chunks']} chunks"
    )
