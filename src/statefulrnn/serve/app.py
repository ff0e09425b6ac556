"""The server as an `aiohttp.web.Application`: routes, limits and housekeeping around a pool.

`make_app` wires the HTTP API (`statefulrnn.serve.http_api`) and the WebSocket route
(`statefulrnn.serve.websocket`) to a `StreamPool`, and runs two background tasks while the
server runs: one closes idle streams (``pool.evict_idle()``) and tells their WebSockets, one
samples the step count for ``steps_per_second``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import WSCloseCode, web

from .._checks import positive_int
from ..streaming import StreamPool
from .context import CONTEXT, ServeContext
from .http_api import json_errors, routes
from .metrics import StepRate
from .websocket import stream_socket

log = logging.getLogger("statefulrnn.serve")
MAX_MESSAGE_BYTES = 4 * 2**20  # about 70,000 frames of 3 numbers as JSON


def make_app(
    pool: StreamPool,
    *,
    max_message_bytes: int = MAX_MESSAGE_BYTES,
    threads: int = 64,
    evict_every: float = 1.0,
    rate_window: float = 10.0,
) -> web.Application:
    """An aiohttp application serving ``pool``'s streams over WebSocket and HTTP.

    Args:
        pool: the streams; the application opens, pushes to and closes them.
        max_message_bytes: the largest HTTP body or WebSocket message accepted (413, or close
            code 1009, beyond it).
        threads: how many pool calls may block at once. Concurrent pushes are what the pool
            batches into one model call, so this bounds the batch.
        evict_every: seconds between calls of ``pool.evict_idle()``. While the server runs,
            ``pool.on_evict`` is wrapped so that the WebSocket of an evicted stream is told;
            an ``on_evict`` already set is still called.
        rate_window: seconds over which ``steps_per_second`` is measured.

    Raises:
        ValueError: an argument that is not a positive number.

    Example:
        >>> import asyncio
        >>> from aiohttp.test_utils import TestClient, TestServer
        >>> from statefulrnn import GRU, Sequential
        >>> from statefulrnn.streaming import StreamPool
        >>> model = Sequential([GRU(2, stateful=True, return_sequences=True, batch_input_shape=(2, None, 3))])
        >>> async def demo():
        ...     async with TestClient(TestServer(make_app(StreamPool(model)))) as client:
        ...         await client.post("/streams", json={"id": "a"})
        ...         reply = await client.post("/streams/a/push", json={"frames": [[1, 2, 3], [4, 5, 6]]})
        ...         return reply.status, len((await reply.json())["outputs"])
        >>> asyncio.run(demo())
        (200, 2)
    """
    for name, value in (("evict_every", evict_every), ("rate_window", rate_window)):
        if not value > 0:
            raise ValueError(f"{name} must be a positive number of seconds. Received: {name}={value!r}")
    max_message_bytes = positive_int("max_message_bytes", max_message_bytes)
    app = web.Application(client_max_size=max_message_bytes, middlewares=[json_errors])
    app[CONTEXT] = ServeContext(
        pool=pool,
        threads=positive_int("threads", threads),
        max_message_bytes=max_message_bytes,
        rate=StepRate(rate_window),
    )
    app.add_routes(routes)
    app.router.add_get("/streams/{id}/ws", stream_socket)
    app.cleanup_ctx.append(_housekeeping(evict_every, sample_every=min(1.0, rate_window / 10)))
    app.on_shutdown.append(_end_sockets)
    return app


def _housekeeping(
    evict_every: float, sample_every: float
) -> Callable[[web.Application], AsyncIterator[None]]:
    """The thread pool and the background tasks, for the lifetime of the server."""

    async def lifetime(app: web.Application) -> AsyncIterator[None]:
        context = app[CONTEXT]
        context.executor = ThreadPoolExecutor(context.threads, thread_name_prefix="statefulrnn-serve")
        pool, chained = context.pool, context.pool.on_evict
        # The pool evicts in evict_idle and inside open(); either way on_evict names the stream.
        pool.on_evict = _Goodbyes(context, asyncio.get_running_loop(), chained)
        tasks = [
            asyncio.create_task(_every(evict_every, lambda: context.run(pool.evict_idle))),
            asyncio.create_task(_every(sample_every, lambda: _sample(context))),
        ]
        yield
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.to_thread(context.executor.shutdown)  # waits for pushes still running
        pool.on_evict = chained

    return lifetime


class _Goodbyes:
    """The pool's ``on_evict`` while the server runs: called on the pool thread that evicted a
    stream, it has the loop tell that stream's WebSocket, then calls ``chained``."""

    def __init__(
        self,
        context: ServeContext,
        loop: asyncio.AbstractEventLoop,
        chained: Callable[[Hashable], Any] | None,
    ) -> None:
        self.context, self.loop, self.chained = context, loop, chained
        self.tasks: set[asyncio.Task[None]] = set()  # held, or the loop may drop them unfinished

    def __call__(self, stream_id: Hashable) -> None:
        self.loop.call_soon_threadsafe(self._start, stream_id)
        if self.chained is not None:
            self.chained(stream_id)

    def _start(self, stream_id: Hashable) -> None:
        if stream_id in self.context.pool:  # opened anew since: that one is not evicted
            return
        task = self.loop.create_task(
            self.context.end_connection(
                stream_id,
                f"Stream {stream_id!r} was idle longer than the server's idle timeout and was closed; "
                f"open a new stream to go on.",
            )
        )
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


async def _every(seconds: float, job: Callable[[], Awaitable[Any]]) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            await job()
        except Exception:  # a failed round must not end the task: log it, try again next round
            log.exception("background job of statefulrnn serve failed")


async def _sample(context: ServeContext) -> None:
    stats = await context.run(context.pool.stats)
    context.rate.add(time.monotonic(), stats["steps"])


async def _end_sockets(app: web.Application) -> None:
    """At shutdown, end every WebSocket but keep its stream (for a snapshot)."""
    context = app[CONTEXT]
    context.draining = True
    # Together: each close waits for its client's reply, up to aiohttp's timeout.
    closing = [
        socket.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")
        for socket in context.connections.values()
    ]
    await asyncio.gather(*closing)
