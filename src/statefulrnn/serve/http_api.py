"""The HTTP JSON API of ``statefulrnn serve``.

- ``POST /streams``, body empty or ``{"id": "..."}``: opens a stream -> 201 ``{"id": ...,
  "token": ...}`` (without an id, the server picks 32 hex digits). ``token`` is the stream's
  resume token: every other request on the stream must carry it in the ``X-Stream-Token``
  header (see `statefulrnn.serve.access`).
- ``POST /streams/{id}/push``, body ``{"frames": ...}`` -> 200 ``{"outputs": ...}``. With
  ``Content-Type: application/octet-stream`` the body is binary frames and so is the reply
  (formats: `statefulrnn.serve.protocol`). Pushes to one stream from concurrent requests run
  one after another in no set order: a client that needs order waits for each reply (a
  WebSocket keeps order).
- ``POST /streams/{id}/reset`` -> 200 ``{"id": ...}``: the stream starts anew from a zero state.
- ``DELETE /streams/{id}`` -> 200 ``{"id": ...}``; a WebSocket on the stream is told and closed.
- ``GET /health`` -> ``{"status": "ok", "frame_size", "open_streams", "max_streams"}``.
- ``GET /metrics`` -> the pool's ``stats()`` (``open_streams``, ``max_streams``, ``chunks``,
  ``steps`` (frames run), ``batches`` (model calls: fewer than ``chunks`` when pushes were
  batched), ``uptime_s``, ...), ``websockets`` (connected) and ``steps_per_second`` (over the
  last ``rate_window`` seconds).

Every refusal is ``{"error": message}`` with its status: 400 a malformed message, a wrong frame
size or a non-finite number; 401 no or a wrong bearer token (when the server has one); 403 a
request on a stream without its resume token; 404 an unknown stream (or route); 408 a body that
did not arrive within ``read_timeout``; 409 a stream id in use; 413 a body over the size limit;
503 a full pool, too many connections, too many bytes in flight, or a server shutting down. A
fault of the server is a 500 whose details go to the log, not to the client.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from aiohttp import web

from ..streaming import PoolFullError, StreamExistsError, UnknownStreamError
from .access import TOKEN_HEADER, AccessError
from .context import CONTEXT
from .limits import UnavailableError
from .protocol import check_stream_id, parse_open

BINARY = "application/octet-stream"
routes = web.RouteTableDef()
log = logging.getLogger("statefulrnn.serve")


@routes.post("/streams")
async def open_stream(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    if context.draining:
        raise UnavailableError("The server is shutting down; retry after it restarts.")
    async with read_body(request) as body:
        stream_id = parse_open(body) or uuid.uuid4().hex
    await context.run(context.pool.open, stream_id)
    return web.json_response({"id": stream_id, "token": context.tokens.issue(stream_id)}, status=201)


@routes.post("/streams/{id}/push")
async def push(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    stream_id = _authorized(request)[0]
    binary = request.content_type == BINARY
    async with read_body(request) as body:
        reply = await context.push(stream_id, body, binary)
    if binary:
        return web.Response(body=reply, content_type=BINARY)
    return web.Response(text=reply, content_type="application/json")


@routes.post("/streams/{id}/reset")
async def reset(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    stream_id = _authorized(request)[0]
    await context.run(context.pool.reset, stream_id)
    return web.json_response({"id": stream_id})


@routes.delete("/streams/{id}")
async def close(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    stream_id, digest = _authorized(request)
    await context.run(context.pool.close, stream_id)
    context.forget(stream_id, digest)
    await context.end_connection(
        stream_id, f"Stream {stream_id!r} was closed by DELETE /streams/{stream_id}."
    )
    return web.json_response({"id": stream_id})


def _authorized(request: web.Request) -> tuple[str, bytes | None]:
    """The request's stream id, and its token's digest, if the request may use that stream.

    Raises:
        ProtocolError: a malformed id; AccessError: a stream without its token.
    """
    stream_id = check_stream_id(request.match_info["id"])
    return stream_id, request.app[CONTEXT].authorize(stream_id, request.headers.get(TOKEN_HEADER))


@asynccontextmanager
async def read_body(request: web.Request) -> AsyncIterator[bytearray]:
    """The request's body, read within ``read_timeout`` and counted against the server's budget
    for message bytes until the block ends.

    Raises:
        HTTPRequestEntityTooLarge (413), HTTPRequestTimeout (408), UnavailableError: a body over
            ``max_message_bytes``, late, or over the budget.
    """
    context = request.app[CONTEXT]
    limit = context.max_message_bytes
    if request.content_length is not None and request.content_length > limit:
        raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=request.content_length)
    body = bytearray()
    try:
        async with asyncio.timeout(context.limits.read_timeout):
            # Read as it comes, each piece counted: a body sent in part holds only that part.
            while chunk := await request.content.readany():
                if len(body) + len(chunk) > limit:
                    raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=len(body) + len(chunk))
                if not context.budget.take(len(chunk)):
                    raise context.budget.refusal(len(chunk))
                body += chunk
    except TimeoutError:
        context.budget.give(len(body))
        raise web.HTTPRequestTimeout(
            text=f"The request's body did not arrive within read_timeout={context.limits.read_timeout:g} s."
        ) from None
    except BaseException:
        context.budget.give(len(body))
        raise
    try:
        yield body
    finally:
        context.budget.give(len(body))


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    stats = await context.run(context.pool.stats)
    return web.json_response(
        {
            "status": "ok",
            "frame_size": context.pool.frame_size,
            "open_streams": stats["open_streams"],
            "max_streams": stats["max_streams"],
        }
    )


@routes.get("/metrics")
async def metrics(request: web.Request) -> web.Response:
    context = request.app[CONTEXT]
    stats = await context.run(context.pool.stats)
    context.rate.add(time.monotonic(), stats["steps"])
    return web.json_response(
        {**stats, "websockets": len(context.connections), "steps_per_second": context.rate.per_second()}
    )


@web.middleware
async def json_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Every refusal as ``{"error": message}`` with its status, aiohttp's own (404 no such
    route, 405, 413 too large) included; a fault of the server as a 500 without its traceback,
    which goes to the log."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return _error(error.status, f"{error.text} ({request.method} {request.path})")
    except Exception as error:
        status = _status_of(error)
        if status is None:
            log.exception("%s %s failed", request.method, request.path)
            return _error(500, "Internal server error; the server's log has the details.")
        return _error(status, str(error))


# The client's mistakes and the server's refusals, and their statuses, most specific first
# (StreamExistsError is a ValueError too). A ProtocolError, a malformed message, is a ValueError: 400.
_STATUSES: tuple[tuple[type[Exception], int], ...] = (
    (UnknownStreamError, 404),
    (StreamExistsError, 409),
    (AccessError, 403),
    (PoolFullError, 503),
    (UnavailableError, 503),
    (ValueError, 400),
)


def _status_of(error: Exception) -> int | None:
    """The status for refusing ``error``; None for a fault of the server (500)."""
    return next((status for kind, status in _STATUSES if isinstance(error, kind)), None)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
