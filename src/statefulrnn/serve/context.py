"""What the server's handlers share: the pool, the thread pool its calls run on, and the
WebSocket connection that owns each stream.

Every call into the pool goes through `ServeContext.run` on a thread pool, never on the event
loop: a push blocks while the pool batches it with other streams' pushes and runs the model,
and the pool's other methods may wait for that batch's lock.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSCloseCode, web

from ..streaming import StreamPool, UnknownStreamError
from .metrics import StepRate
from .protocol import encode_binary, encode_error, encode_json, parse_binary, parse_json

T = TypeVar("T")


@dataclass
class ServeContext:
    """The state of one server (an `aiohttp.web.Application`), kept under ``app[CONTEXT]``.

    Attributes:
        pool: the streams and the model.
        threads: how many pool calls may block at once; pushes waiting together are what the
            pool batches, so this bounds the batch size.
        max_message_bytes: the largest HTTP body or WebSocket message accepted.
        rate: steps per second, sampled from ``pool.stats()``.
        connections: stream id -> the WebSocket that opened it (or resumed it).
        draining: set at shutdown: a WebSocket closing then leaves its stream open, so that a
            snapshot written after shutdown holds it.
    """

    pool: StreamPool
    threads: int
    max_message_bytes: int
    rate: StepRate
    connections: dict[str, web.WebSocketResponse] = field(default_factory=dict)
    draining: bool = False
    executor: ThreadPoolExecutor | None = None

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` on the thread pool, awaited."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(function, *args))

    async def push(self, stream_id: str, body: bytes | str, binary: bool) -> bytes | str:
        """The reply to a push message ``body`` for ``stream_id``: parsing, the model and the
        encoding all run on the thread pool, so a large message does not stall the loop.

        Raises:
            ProtocolError: a malformed message; ValueError: frames the pool refuses;
            UnknownStreamError: no open stream ``stream_id``.
        """
        return await self.run(_push, self.pool, stream_id, body, binary)

    async def close_quietly(self, stream_id: str) -> None:
        """Close ``stream_id`` if it is open. The call finishes even if the caller is cancelled:
        aiohttp cancels the handler of a client that has left when ``handler_cancellation`` is
        on (its test server does so), and the stream must not stay open behind it."""
        await asyncio.shield(self.run(_close_if_open, self.pool, stream_id))

    async def end_connection(self, stream_id: str, message: str) -> None:
        """Tell the WebSocket that owns ``stream_id`` (if any) why its stream ended, and close it."""
        socket = self.connections.pop(stream_id, None)
        if socket is not None:
            await say_goodbye(socket, message, WSCloseCode.OK)


CONTEXT = web.AppKey("statefulrnn.serve", ServeContext)


async def say_goodbye(socket: web.WebSocketResponse, message: str, code: int) -> None:
    """Send ``{"error": message}`` on ``socket`` and close it with ``code``; a client already
    gone is no error."""
    with suppress(ConnectionError):
        await socket.send_str(encode_error(message))
    await socket.close(code=code)


def _close_if_open(pool: StreamPool, stream_id: str) -> None:
    with suppress(UnknownStreamError):
        pool.close(stream_id)


def _push(pool: StreamPool, stream_id: str, body: bytes | str, binary: bool) -> bytes | str:
    if binary:
        return encode_binary(pool.push(stream_id, parse_binary(body, pool.frame_size)))
    return encode_json(pool.push(stream_id, parse_json(body, pool.frame_size)))
