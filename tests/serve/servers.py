"""A small streaming model, its offline truth, and an in-process server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import numpy as np
import torch
from aiohttp import ClientWebSocketResponse, WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from statefulrnn import GRU, Dense, Sequential
from statefulrnn.serve import make_app
from statefulrnn.serve.context import CONTEXT
from statefulrnn.streaming import StreamPool

F = 3  # features per frame
TIMEOUT_S = 30.0  # no test waits longer for its server


def make_model() -> Sequential:
    torch.manual_seed(0)
    model = Sequential(
        [GRU(8, stateful=True, return_sequences=True, batch_input_shape=(4, None, F)), Dense(2)]
    )
    model(torch.zeros(4, 1, F))  # builds it
    return model


def offline(model: Sequential, stream: np.ndarray) -> np.ndarray:
    """The outputs (T, out) of the whole stream (T, F) in one call from a zero state: what its
    chunks, served, must add up to."""
    single = model.with_batch_size(1)
    single.reset_states()
    with torch.no_grad():
        return single(torch.tensor(stream[None], dtype=torch.float32))[0].numpy()


def chunks(seed: int, count: int, longest: int = 20) -> list[np.ndarray]:
    """``count`` chunks of 1 to ``longest`` random frames (float32)."""
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(rng.integers(1, longest + 1), F)).astype(np.float32) for _ in range(count)]


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run a test's coroutine to its end, failing it after ``TIMEOUT_S``."""
    return asyncio.run(asyncio.wait_for(coroutine, TIMEOUT_S))


@asynccontextmanager
async def serving(pool: StreamPool, **options: Any) -> AsyncIterator[TestClient]:
    """A client of `make_app(pool, **options)` served on a free loopback port, with the
    runner options its limits ask for."""
    app = make_app(pool, **options)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(**app[CONTEXT].limits.runner_options())  # TestServer() drops them
    async with TestClient(server) as client:
        yield client


async def push_all(socket: ClientWebSocketResponse, stream: list[np.ndarray]) -> np.ndarray:
    """Push each chunk as JSON, one reply awaited at a time; the outputs stacked (T, out)."""
    outputs = []
    for chunk in stream:
        await socket.send_json({"frames": chunk.tolist()})
        outputs.append(await reply(socket))
    return np.concatenate(outputs)


async def reply(socket: ClientWebSocketResponse) -> Any:
    """The next message's outputs as an array; fails on anything else (an error, a close)."""
    message = await socket.receive()
    assert message.type is WSMsgType.TEXT, message
    body = message.json()
    assert "outputs" in body, body
    return np.asarray(body["outputs"], dtype=np.float32)


def post_head(path: str, length: int, headers: dict[str, str] | None = None) -> bytes:
    """The head of a raw HTTP POST whose JSON body will be ``length`` bytes (for a client that
    sends its body in part, or not at all)."""
    extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    return (
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n{extra}"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
