"""One stream per WebSocket: ``GET /streams/{id}/ws``.

Connecting opens stream ``{id}``; each message is a push and gets one reply, in order:

- a text message ``{"frames": [[f1, ..., fF], ...]}`` (or one frame ``[f1, ..., fF]``) gets
  ``{"outputs": [...]}``;
- a binary message of T * F little-endian float32 values gets the outputs as float32 values.

A malformed message, or frames the pool refuses, gets a text reply ``{"error": "..."}`` (a
binary message's too) and the connection goes on. Disconnecting closes the stream.

The connection ends, after a text ``{"error": "..."}`` saying why, when its stream cannot be
opened (close code 1008 for a bad or taken id, 1013 for a full pool: try again later) or when
the stream ends under it: evicted for idling, or closed by ``DELETE /streams/{id}`` (code
1000). A message over the size limit ends it with code 1009. At server shutdown it ends with
1001 and the stream stays open, so that a snapshot holds it.

``?resume=1`` takes over stream ``{id}`` if it is already open (restored from a snapshot, or
opened by ``POST /streams``) instead of refusing it; a stream has one WebSocket at a time.
"""

from __future__ import annotations

from aiohttp import WSCloseCode, WSMessage, WSMsgType, web

from ..streaming import PoolFullError, StreamExistsError, UnknownStreamError
from .context import CONTEXT, ServeContext, say_goodbye
from .protocol import ProtocolError, check_stream_id, encode_error

_FLAG_TRUE = ("1", "true", "yes")


async def stream_socket(request: web.Request) -> web.WebSocketResponse:
    """The handler of ``GET /streams/{id}/ws``."""
    context = request.app[CONTEXT]
    socket = web.WebSocketResponse(max_msg_size=context.max_message_bytes)
    await socket.prepare(request)
    try:
        stream_id = check_stream_id(request.match_info["id"])
        if stream_id in context.connections:
            raise ProtocolError(f"Stream {stream_id!r} is already connected by another WebSocket.")
    except ProtocolError as error:
        await say_goodbye(socket, str(error), WSCloseCode.POLICY_VIOLATION)
        return socket
    context.connections[stream_id] = socket  # claimed before any await: a second socket is refused
    refusal = None
    try:
        refusal = await _open(
            context, stream_id, resume=request.query.get("resume", "").lower() in _FLAG_TRUE
        )
        if refusal is None:
            async for message in socket:
                if message.type is WSMsgType.ERROR or not await _answer(context, socket, stream_id, message):
                    break
    finally:
        if context.connections.get(stream_id) is socket:  # not ended by eviction or DELETE
            del context.connections[stream_id]
            # Also when cancelled while opening: the open may have run.
            if refusal is None and not context.draining:
                await context.close_quietly(stream_id)
    if refusal is not None:
        full = isinstance(refusal, PoolFullError)
        code = WSCloseCode.TRY_AGAIN_LATER if full else WSCloseCode.POLICY_VIOLATION
        await say_goodbye(socket, str(refusal), code)
    return socket


async def _open(
    context: ServeContext, stream_id: str, resume: bool
) -> StreamExistsError | PoolFullError | None:
    """Open stream ``stream_id`` (with ``resume``, take it over if open); the refusal, if any."""
    try:
        await context.run(context.pool.open, stream_id)
    except StreamExistsError as error:
        return None if resume else error
    except PoolFullError as error:
        return error
    return None


async def _answer(
    context: ServeContext, socket: web.WebSocketResponse, stream_id: str, message: WSMessage
) -> bool:
    """Reply to one message; False once the connection has ended."""
    binary = message.type is WSMsgType.BINARY
    try:
        reply = await context.push(stream_id, message.data, binary)
    except UnknownStreamError as error:  # the stream ended under us (evicted, deleted)
        await say_goodbye(socket, str(error), WSCloseCode.OK)
        return False
    except ValueError as error:  # a malformed message, or frames the pool refuses
        reply = encode_error(str(error))
    if socket.closed:  # ended while the push ran (eviction, DELETE, shutdown)
        return False
    try:
        await (socket.send_bytes(reply) if isinstance(reply, bytes) else socket.send_str(reply))
    except ConnectionError:  # the client left without closing
        return False
    return True
