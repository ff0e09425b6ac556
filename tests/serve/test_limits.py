"""Bounds: a late body gets 408, bytes past the budget get 503, a long push runs in pieces that
add up to the whole and leave room for other streams' pushes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import numpy as np
import pytest
from aiohttp import ClientWebSocketResponse, WSMsgType

from statefulrnn import GRU, Sequential
from statefulrnn.serve import Limits, make_app
from statefulrnn.serve.context import CONTEXT
from statefulrnn.streaming import StreamPool

from .servers import F, make_model, offline, post_head, push_all, run, serving

MODEL = make_model()


async def status_line(reader: asyncio.StreamReader) -> bytes:
    return (await reader.readline()).strip()


def test_a_late_body_gets_408_and_bytes_past_the_budget_get_503() -> None:
    limits = Limits(read_timeout=1.0, max_buffered_bytes=40_000)

    async def scenario() -> tuple[bytes, bytes, int]:
        async with serving(StreamPool(MODEL), max_message_bytes=32_000, limits=limits) as client:
            budget = client.server.app[CONTEXT].budget
            slow_reader, slow = await asyncio.open_connection(client.host, client.port)
            slow.write(post_head("/streams/x/push", 32_000) + b" " * 30_000)  # and no more
            while budget.used < 30_000:
                await asyncio.sleep(0.01)
            busy_reader, busy = await asyncio.open_connection(client.host, client.port)
            busy.write(post_head("/streams/y/push", 32_000) + b" " * 30_000)
            refused = await status_line(busy_reader)
            late = await status_line(slow_reader)
            for writer in (slow, busy):
                writer.close()
            return refused, late, budget.used

    refused, late, used = run(scenario())
    assert refused == b"HTTP/1.1 503 Service Unavailable"
    assert late == b"HTTP/1.1 408 Request Timeout"
    assert used == 0  # every byte given back


def test_a_one_frame_push_is_not_held_up_by_long_pushes_on_other_streams() -> None:
    rng = np.random.default_rng(50)
    longs = [rng.normal(size=(30_000, F)).astype(np.float32) for _ in range(4)]

    async def scenario() -> tuple[int, list[np.ndarray]]:
        async with serving(StreamPool(MODEL)) as client:
            small = await client.ws_connect("/streams/small/ws")
            await push_all(small, [np.zeros((1, F), np.float32)])
            sockets = [await client.ws_connect(f"/streams/long-{index}/ws") for index in range(4)]
            for socket, frames in zip(sockets, longs):
                await socket.send_bytes(frames.tobytes())
            while (await (await client.get("/metrics")).json())["steps"] < 2_000:  # under way
                await asyncio.sleep(0.01)
            await push_all(small, [np.ones((1, F), np.float32)])
            steps_then = (await (await client.get("/metrics")).json())["steps"]
            outputs = []
            for socket, frames in zip(sockets, longs):
                message = await socket.receive()
                assert message.type is WSMsgType.BINARY, message
                outputs.append(np.frombuffer(message.data, "<f4").reshape(len(frames), -1))
            return steps_then, outputs

    steps_then, outputs = run(scenario())
    # Run whole, the long pushes would all finish in the call that also ran the one frame.
    assert steps_then < sum(map(len, longs)) / 2
    for frames, got in zip(longs, outputs):
        np.testing.assert_allclose(got, offline(MODEL, frames), atol=1e-5)


@pytest.mark.parametrize("sequences", [True, False], ids=["per-step", "last-step"])
def test_a_push_in_pieces_returns_what_one_call_would(sequences: bool) -> None:
    model = Sequential([GRU(4, stateful=True, return_sequences=sequences, batch_input_shape=(2, None, F))])
    frames = np.random.default_rng(51).normal(size=(10, F)).astype(np.float32)

    async def scenario() -> np.ndarray:
        async with serving(StreamPool(model), limits=Limits(piece_frames=4)) as client:
            socket = await client.ws_connect("/streams/p/ws")
            return await push_all(socket, [frames]) if sequences else await _one(socket, frames)

    whole = StreamPool(model)
    whole.open("p")
    np.testing.assert_allclose(run(scenario()), whole.push("p", frames), atol=1e-6)


async def _one(socket: ClientWebSocketResponse, frames: np.ndarray) -> np.ndarray:
    """The outputs of one JSON push of a model that returns its last step only."""
    await socket.send_json({"frames": frames.tolist()})
    return np.asarray((await socket.receive()).json()["outputs"], np.float32)


@pytest.mark.parametrize("sent", [b"", b"GET /health HTTP/1.1\r\nHost: x\r\n"], ids=["silent", "half-head"])
def test_a_connection_without_a_whole_request_is_closed_after_the_read_timeout(sent: bytes) -> None:
    async def scenario() -> bytes:
        async with serving(StreamPool(MODEL), limits=Limits(read_timeout=0.5)) as client:
            reader, writer = await asyncio.open_connection(client.host, client.port)
            writer.write(sent)
            answer = await reader.read()  # until the server closes; the test's timeout bounds it
            writer.close()
            return answer

    assert run(scenario()) == b""


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Limits(read_timeout=0), r"read_timeout must be a positive number of seconds\. Received: "),
        (lambda: Limits(max_connections=0), r"max_connections must be a positive integer\. Received: "),
        (
            lambda: make_app(
                StreamPool(MODEL), max_message_bytes=2048, limits=Limits(max_buffered_bytes=1024)
            ),
            r"max_buffered_bytes must hold at least one message of max_message_bytes=2048\. Received: ",
        ),
        (
            lambda: make_app(StreamPool(MODEL), token=" "),
            r"token must be a non-empty string or None\. Received: ",
        ),
    ],
    ids=["read-timeout", "max-connections", "budget-below-a-message", "blank-token"],
)
def test_bad_limits_are_refused(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()
