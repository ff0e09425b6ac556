"""One stream per WebSocket: ``GET /streams/{id}/ws``.

Connecting opens stream ``{id}``; the handshake's reply carries the stream's resume token in its
``X-Stream-Token`` header. Each message is a push and gets one reply, in order:

- a text message ``{"frames": [[f1, ..., fF], ...]}`` (or one frame ``[f1, ..., fF]``) gets
  ``{"outputs": [...]}``;
- a binary message of T * F little-endian float32 values gets the outputs as float32 values.

A malformed message, frames the pool refuses, or a busy server gets a text reply
``{"error": "..."}`` (a binary message's too) and the connection goes on. Disconnecting closes
the stream. A client that does not read its replies for ``read_timeout`` seconds is cut off.

The connection ends, after a text ``{"error": "..."}`` saying why, when its stream cannot be
opened (close code 1008 for a bad or taken id or a wrong token, 1013 for a full pool or a
server shutting down: try again later) or when the stream ends under it: evicted for idling,
or closed by ``DELETE /streams/{id}`` (code 1000). A message over the size limit ends it with
code 1009. At server shutdown it ends with 1001 and the stream stays open, so that a snapshot
holds it.

``?resume=1`` takes over stream ``{id}`` if it is already open (restored from a snapshot, or
opened by ``POST /streams``) instead of refusing it; it needs the stream's resume token, in the
``X-Stream-Token`` header or as ``?token=...`` (a stream restored from an older snapshot, with
no token, is taken by the first to resume it). A stream has one WebSocket at a time.
"""

from __future__ import annotations

from aiohttp import WSCloseCode, WSMessage, WSMsgType, web

from ..streaming import PoolFullError, StreamExistsError, UnknownStreamError
from .access import TOKEN_HEADER, AccessError
from .context import CONTEXT, Peer, ServeContext
from .limits import UnavailableError
from .protocol import ProtocolError, check_stream_id, encode_error

_FLAG_TRUE = ("1", "true", "yes")
_Refusal = StreamExistsError | PoolFullError | AccessError | UnavailableError


async def stream_socket(request: web.Request) -> web.WebSocketResponse:
    """The handler of ``GET /streams/{id}/ws``."""
    context = request.app[CONTEXT]
    read_timeout = context.limits.read_timeout
    socket = web.WebSocketResponse(
        max_msg_size=context.max_message_bytes, compress=False, timeout=min(10.0, read_timeout)
    )
    peer = Peer(socket, request.transport)
    try:
        stream_id = check_stream_id(request.match_info["id"])
        if stream_id in context.connections:
            raise ProtocolError(f"Stream {stream_id!r} is already connected by another WebSocket.")
    except ProtocolError as error:
        await socket.prepare(request)
        await peer.goodbye(str(error), WSCloseCode.POLICY_VIOLATION, read_timeout)
        return socket
    context.connections[stream_id] = peer  # claimed before any await: a second socket is refused
    refusal, digest = None, None
    try:
        resume = request.query.get("resume", "").lower() in _FLAG_TRUE
        presented = request.headers.get(TOKEN_HEADER) or request.query.get("token")
        refusal, token = await _open(context, stream_id, resume, presented)
        if token is not None:
            socket.headers[TOKEN_HEADER] = token
            digest = context.tokens.digest_of(stream_id)
        await socket.prepare(request)
        if refusal is None:
            async for message in socket:
                if message.type is WSMsgType.ERROR or not await _answer(context, peer, stream_id, message):
                    break
    finally:
        if context.connections.get(stream_id) is peer:  # not ended by eviction or DELETE
            del context.connections[stream_id]
            # Also when cancelled while opening: the open may have run.
            if refusal is None and not context.draining:
                await context.close_quietly(stream_id, digest)
    if refusal is not None:
        again = isinstance(refusal, (PoolFullError, UnavailableError))
        code = WSCloseCode.TRY_AGAIN_LATER if again else WSCloseCode.POLICY_VIOLATION
        await peer.goodbye(str(refusal), code, read_timeout)
    return socket


async def _open(
    context: ServeContext, stream_id: str, resume: bool, presented: str | None
) -> tuple[_Refusal | None, str | None]:
    """Open stream ``stream_id`` (with ``resume`` and its token, take it over if open); the
    refusal if any, and the stream's token."""
    if context.draining:
        return UnavailableError("The server is shutting down; retry after it restarts."), None
    try:
        await context.run(context.pool.open, stream_id)
    except StreamExistsError as error:
        if not resume:
            return error, None
        try:
            held = context.tokens.check(stream_id, presented)
        except AccessError as refusal:
            return refusal, None
        # An unclaimed stream (restored without a token) gets one now: it is this client's.
        return None, presented if held is not None else context.tokens.issue(stream_id)
    except PoolFullError as error:
        return error, None
    return None, context.tokens.issue(stream_id)


async def _answer(context: ServeContext, peer: Peer, stream_id: str, message: WSMessage) -> bool:
    """Reply to one message; False once the connection has ended."""
    binary = message.type is WSMsgType.BINARY
    try:
        with context.reserve(len(message.data)):
            reply = await context.push(stream_id, message.data, binary)
    except UnknownStreamError as error:  # the stream ended under us (evicted, deleted)
        await peer.goodbye(str(error), WSCloseCode.OK, context.limits.read_timeout)
        return False
    except (ValueError, UnavailableError) as error:  # a malformed message, refused frames, a busy server
        reply = encode_error(str(error))
    if peer.socket.closed:  # ended while the push ran (eviction, DELETE, shutdown)
        return False
    try:
        await peer.send(reply, context.limits.read_timeout)
    except ConnectionError:  # the client left without closing, or stopped reading
        return False
    return True
