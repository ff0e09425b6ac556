"""The server as an `aiohttp.web.Application`: routes, limits and housekeeping around a pool.

`make_app` wires the HTTP API (`statefulrnn.serve.http_api`) and the WebSocket route
(`statefulrnn.serve.websocket`) to a `StreamPool`, behind the connection cap and the bearer
token (`statefulrnn.serve.access`), and runs two background tasks while the server runs: one
closes idle streams (``pool.evict_idle()``) and tells their WebSockets, one samples the step
count for ``steps_per_second``. Its shutdown is `statefulrnn.serve.shutdown`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from .._checks import positive_int
from ..streaming import StreamPool
from .access import bearer_guard
from .context import CONTEXT, ServeContext
from .http_api import json_errors, routes
from .limits import Limits
from .metrics import StepRate
from .shutdown import shutdown_hook
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
    limits: Limits | None = None,
    token: str | None = None,
    snapshot: str | os.PathLike[str] | None = None,
    claims: Mapping[str, bytes | None] | None = None,
) -> web.Application:
    """An aiohttp application serving ``pool``'s streams over WebSocket and HTTP.

    Args:
        pool: the streams; the application opens, pushes to and closes them. Streams already
            open when the server starts are kept: with ``claims``, each under the token digest
            given there (`statefulrnn.serve.access.load_claims`); without, unclaimed.
        max_message_bytes: the largest HTTP body or WebSocket message accepted (413, or close
            code 1009, beyond it).
        threads: how many pool calls may block at once. Concurrent pushes are what the pool
            batches into one model call, so this bounds the batch.
        evict_every: seconds between calls of ``pool.evict_idle()``. While the server runs,
            ``pool.on_evict`` is wrapped so that the WebSocket of an evicted stream is told;
            an ``on_evict`` already set is still called.
        rate_window: seconds over which ``steps_per_second`` is measured.
        limits: timeouts and caps (`statefulrnn.serve.limits.Limits`; its defaults if None).
            Serve the app with ``limits.runner_options()`` passed to its ``AppRunner``.
        token: if given, every request but ``GET /health`` needs ``Authorization: Bearer
            <token>`` (401 otherwise).
        snapshot: if given, at shutdown, after the pushes in flight finish and before any
            connection is closed, the streams that were pushed to (or were open at start) are
            written there with `StreamPool.snapshot`, their tokens' digests beside it
            (``<snapshot>.tokens``); streams never pushed to are closed, not saved. A failure
            to write is logged and kept in ``app[CONTEXT].snapshot_error``.
        claims: see ``pool``.

    Raises:
        ValueError: an argument that is not a positive number, an empty ``token``, or
            ``limits.max_buffered_bytes`` below ``max_message_bytes``.

    Example:
        >>> import asyncio
        >>> from aiohttp.test_utils import TestClient, TestServer
        >>> from statefulrnn import GRU, Sequential
        >>> from statefulrnn.streaming import StreamPool
        >>> model = Sequential([GRU(2, stateful=True, return_sequences=True, batch_input_shape=(2, None, 3))])
        >>> async def demo():
        ...     async with TestClient(TestServer(make_app(StreamPool(model)))) as client:
        ...         opened = await (await client.post("/streams", json={"id": "a"})).json()
        ...         reply = await client.post(
        ...             "/streams/a/push",
        ...             json={"frames": [[1, 2, 3], [4, 5, 6]]},
        ...             headers={"X-Stream-Token": opened["token"]},
        ...         )
        ...         return reply.status, len((await reply.json())["outputs"])
        >>> asyncio.run(demo())
        (200, 2)
    """
    for name, value in (("evict_every", evict_every), ("rate_window", rate_window)):
        if not value > 0:
            raise ValueError(f"{name} must be a positive number of seconds. Received: {name}={value!r}")
    max_message_bytes = positive_int("max_message_bytes", max_message_bytes)
    limits = Limits() if limits is None else limits
    if limits.max_buffered_bytes < max_message_bytes:
        raise ValueError(
            f"limits.max_buffered_bytes must hold at least one message of max_message_bytes="
            f"{max_message_bytes}. Received: max_buffered_bytes={limits.max_buffered_bytes}"
        )
    if token is not None and not (isinstance(token, str) and token.strip()):
        raise ValueError(f"token must be a non-empty string or None. Received: token={token!r}")
    guards = [admit] if token is None else [admit, bearer_guard(token.strip())]
    app = web.Application(client_max_size=max_message_bytes, middlewares=[*guards, json_errors])
    app[CONTEXT] = ServeContext(
        pool=pool,
        threads=positive_int("threads", threads),
        max_message_bytes=max_message_bytes,
        rate=StepRate(rate_window),
        limits=limits,
    )
    app.add_routes(routes)
    app.router.add_get("/streams/{id}/ws", stream_socket)
    app.cleanup_ctx.append(_housekeeping(evict_every, sample_every=min(1.0, rate_window / 10), claims=claims))
    app.on_shutdown.append(shutdown_hook(None if snapshot is None else os.fspath(snapshot)))
    return app


@web.middleware
async def admit(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Refuse a request past ``limits.max_connections`` in progress (503, and the connection
    closes); keep the others' connections, for the cap and to cut them at shutdown."""
    context = request.app[CONTEXT]
    if len(context.requests) >= context.limits.max_connections:
        response = web.json_response(
            {
                "error": f"The server has its maximum of {context.limits.max_connections} connections "
                f"with a request in progress; retry shortly."
            },
            status=503,
        )
        response.force_close()
        return response
    key = id(request)
    context.requests[key] = request.transport
    try:
        return await handler(request)
    finally:
        del context.requests[key]


def _housekeeping(
    evict_every: float, sample_every: float, claims: Mapping[str, bytes | None] | None
) -> Callable[[web.Application], AsyncIterator[None]]:
    """The thread pool, the streams open at start, and the background tasks, for the lifetime
    of the server."""

    async def lifetime(app: web.Application) -> AsyncIterator[None]:
        context = app[CONTEXT]
        present = [stream_id for stream_id in context.pool.stream_ids() if isinstance(stream_id, str)]
        context.touched.update(present)  # their states are worth keeping
        if claims is None:
            context.tokens.unclaimed(present)
        else:
            context.tokens.restore(
                {stream_id: claims[stream_id] for stream_id in present if stream_id in claims}
            )
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
        # The shutdown hook has waited (a bounded time) for pushes: queued calls are dropped.
        context.executor.shutdown(wait=False, cancel_futures=True)
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
        if isinstance(stream_id, str):
            self.context.forget(stream_id, self.context.tokens.digest_of(stream_id))
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
