"""Shutting the server down in bounded time, its streams saved first.

On SIGTERM or SIGINT the runner stops listening, then this hook, within ``shutdown_timeout``
seconds (twice that at worst: once for pushes, once for connections):

1. refuses new pushes and opens (503, or an error reply on a WebSocket) and waits for the
   pushes in progress to finish; a push running in pieces that is still going stops before its
   next piece (its client gets no reply; the snapshot holds the pieces that ran);
2. writes the snapshot, if the server has one: the streams with a state (pushed to, or open at
   start) and their tokens' digests; streams never pushed to are closed and not saved, so that
   a flood of empty opens does not survive a restart;
3. closes every WebSocket with code 1001 (its stream stays, for the snapshot), and gives the
   other requests the time left; a connection still open then (a client that does not read, a
   body sent in part) is cut.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import WSCloseCode, web

from ..streaming import NonFiniteStateError, StreamPool, UnknownStreamError
from .access import StreamTokens, claims_path, save_claims
from .context import CONTEXT, ServeContext

log = logging.getLogger("statefulrnn.serve")
_POLL_S = 0.02


def shutdown_hook(snapshot: str | None) -> Callable[[web.Application], Awaitable[None]]:
    """The application's ``on_shutdown`` hook, saving the streams to ``snapshot`` if given."""

    async def shut_down(app: web.Application) -> None:
        context = app[CONTEXT]
        timeout = context.limits.shutdown_timeout
        context.draining = True
        if not await context.settle(timeout):
            log.warning("pushes still running after %g s of shutdown are stopped", timeout)
        context.frozen = True
        if snapshot is not None:
            try:
                await context.run(save_streams, context.pool, context.tokens, set(context.touched), snapshot)
            except (OSError, TypeError, ValueError) as error:
                context.snapshot_error = error
                log.error("the streams could not be saved to %r: %s", snapshot, error)
        await _close_connections(context, timeout)

    return shut_down


def save_streams(pool: StreamPool, tokens: StreamTokens, touched: set[str], path: str) -> None:
    """Close ``pool``'s streams outside ``touched``, then write the tokens of the others
    (`save_claims`) and the pool's snapshot to ``path``.

    The tokens go first: after a crash between the two writes, an older snapshot's streams
    missing from the newer tokens file were closed since, and are not restored.
    """
    for stream_id in pool.stream_ids():
        if stream_id not in touched:
            try:
                pool.close(stream_id)
            except UnknownStreamError:  # evicted meanwhile
                pass
    kept = [stream_id for stream_id in pool.stream_ids() if isinstance(stream_id, str)]
    save_claims(claims_path(path), tokens.claims(kept))
    try:
        pool.snapshot(path)
    except NonFiniteStateError as error:  # one stream's NaN must not lose every other stream
        log.error("%s; those streams are not saved", error)
        for stream_id in error.stream_ids:
            pool.close(stream_id)
        pool.snapshot(path)


async def _close_connections(context: ServeContext, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    peers = list(context.connections.values())
    await asyncio.gather(*(peer.goodbye(None, WSCloseCode.GOING_AWAY, timeout) for peer in peers))
    while context.requests and loop.time() < deadline:
        await asyncio.sleep(_POLL_S)
    for transport in list(context.requests.values()):
        if transport is not None:
            transport.abort()
