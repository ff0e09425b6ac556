"""What the server's handlers share: the pool, the thread pool its calls run on, the streams'
tokens and WebSockets, and the bounds of `statefulrnn.serve.limits`.

Every call into the pool goes through `ServeContext.run` on a thread pool, never on the event
loop: a push blocks while the pool batches it with other streams' pushes and runs the model,
and the pool's other methods may wait for that batch's lock.

A push longer than ``limits.piece_frames`` frames runs in pieces, one model call each, with the
event loop free in between: other streams' pushes take their turn in the pool's batches, so a
huge push delays a one-frame push elsewhere by one piece, not by the whole push. The pieces of
one push are never interleaved with another push to the same stream.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from aiohttp import WSCloseCode, web

from ..streaming import StreamPool, UnknownStreamError
from .access import StreamTokens
from .limits import ByteBudget, Limits, UnavailableError
from .metrics import StepRate
from .protocol import encode_binary, encode_error, encode_json, parse_binary, parse_json

T = TypeVar("T")
_LARGE_JSON = 64 * 2**10  # JSON messages above this parse one at a time (see `ServeContext.push`)


@dataclass(eq=False)
class Peer:
    """The WebSocket that owns a stream, and its connection (to cut it if it stops reading)."""

    socket: web.WebSocketResponse
    transport: Any  # asyncio.Transport, or None once the connection is gone

    async def send(self, reply: bytes | str, timeout: float) -> None:
        """Send ``reply``; a client that does not take it within ``timeout`` seconds is cut.

        Raises:
            ConnectionError: the client is gone (or was cut).
        """
        try:
            async with asyncio.timeout(timeout):
                await (
                    self.socket.send_bytes(reply) if isinstance(reply, bytes) else self.socket.send_str(reply)
                )
        except TimeoutError:
            self.cut()
            raise ConnectionResetError("the client did not read its replies") from None

    async def goodbye(self, message: str | None, code: int, timeout: float) -> None:
        """Send ``{"error": message}`` (if any) and close with ``code``; cut the connection if
        that takes over ``timeout`` seconds. A client already gone is no error."""
        try:
            async with asyncio.timeout(timeout):
                if message is not None:
                    with contextlib.suppress(ConnectionError):
                        await self.socket.send_str(encode_error(message))
                await self.socket.close(code=code)
        except TimeoutError:
            self.cut()

    def cut(self) -> None:
        if self.transport is not None:
            self.transport.abort()


@dataclass(eq=False)
class _Turn:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


@dataclass(eq=False)
class ServeContext:
    """The state of one server (an `aiohttp.web.Application`), kept under ``app[CONTEXT]``.

    Attributes:
        pool: the streams and the model.
        threads: how many pool calls may block at once; pushes waiting together are what the
            pool batches, so this bounds the batch size.
        max_message_bytes: the largest HTTP body or WebSocket message accepted.
        rate: steps per second, sampled from ``pool.stats()``.
        limits: the server's bounds (`statefulrnn.serve.limits.Limits`).
        tokens: each stream's resume token (`statefulrnn.serve.access.StreamTokens`).
        budget: bytes of messages being received or parsed, at most ``limits.max_buffered_bytes``.
        connections: stream id -> the WebSocket that opened it (or resumed it).
        requests: the connections of the requests in progress (for the connection cap, and
            to cut them at shutdown).
        touched: the streams whose state is worth a snapshot: pushed to, or open at start.
        draining: set at shutdown: new pushes are refused, and a WebSocket closing leaves its
            stream open, so that the snapshot holds it.
        frozen: set when the snapshot is taken: pushes in pieces stop before their next piece.
        snapshot_error: why the snapshot at shutdown could not be written, if it could not.
    """

    pool: StreamPool
    threads: int
    max_message_bytes: int
    rate: StepRate
    limits: Limits = field(default_factory=Limits)
    tokens: StreamTokens = field(default_factory=StreamTokens)
    budget: ByteBudget = field(init=False)
    connections: dict[str, Peer] = field(default_factory=dict)
    requests: dict[int, Any] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)
    draining: bool = False
    frozen: bool = False
    snapshot_error: Exception | None = None
    executor: ThreadPoolExecutor | None = None
    _inflight: int = 0
    _settled: asyncio.Event | None = None
    _turns: dict[str, _Turn] = field(default_factory=dict)
    _json_lane: asyncio.Lock | None = None

    def __post_init__(self) -> None:
        self.budget = ByteBudget(self.limits.max_buffered_bytes)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` on the thread pool, awaited."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(function, *args))

    @contextlib.contextmanager
    def reserve(self, count: int) -> Iterator[None]:
        """Hold ``count`` bytes of the budget for messages while the block runs.

        Raises:
            UnavailableError: they do not fit.
        """
        if not self.budget.take(count):
            raise self.budget.refusal(count)
        try:
            yield
        finally:
            self.budget.give(count)

    async def push(self, stream_id: str, body: bytes | bytearray | str, binary: bool) -> bytes | str:
        """The reply to a push message ``body`` for ``stream_id``. Parsing, the model and the
        encoding run on the thread pool; a push over ``limits.piece_frames`` frames runs in
        pieces (see the module's docstring). Large JSON messages parse one at a time: parsing
        holds the interpreter's lock anyway, and one at a time bounds the memory of the
        objects it makes (several times the message's size).

        Raises:
            ProtocolError: a malformed message; ValueError: frames the pool refuses;
            UnknownStreamError: no open stream ``stream_id``; UnavailableError: shutting down.
        """
        if self.draining:
            raise UnavailableError("The server is shutting down; retry after it restarts.")
        self._inflight += 1
        try:
            async with self._turn(stream_id):
                large_json = not binary and len(body) > _LARGE_JSON
                async with self._json_lock() if large_json else contextlib.nullcontext():
                    done = await self.run(
                        _start_push, self.pool, stream_id, body, binary, self.limits.piece_frames
                    )
                del body  # the caller's reference remains; ours need not
                if not isinstance(done, np.ndarray):  # short: pushed and encoded already
                    self.touched.add(stream_id)
                    return done
                return await self._push_pieces(stream_id, done, binary)
        finally:
            self._inflight -= 1
            if not self._inflight and self._settled is not None:
                self._settled.set()

    async def _push_pieces(self, stream_id: str, frames: np.ndarray, binary: bool) -> bytes | str:
        piece = self.limits.piece_frames
        outputs, lengths = [], []
        for start in range(0, len(frames), piece):
            if self.frozen:
                raise UnavailableError(
                    f"The server shut down during this push; its first {start} of {len(frames)} frames "
                    f"ran (the snapshot holds them)."
                )
            outputs.append(await self.run(self.pool.push, stream_id, frames[start : start + piece]))
            lengths.append(min(piece, len(frames) - start))
            self.touched.add(stream_id)
        return await self.run(_encode, _joined(outputs, lengths), binary)

    @contextlib.asynccontextmanager
    async def _turn(self, stream_id: str) -> AsyncIterator[None]:
        """One push at a time per stream, so that two pushes' pieces never interleave."""
        turn = self._turns.setdefault(stream_id, _Turn())
        turn.users += 1
        try:
            async with turn.lock:
                yield
        finally:
            turn.users -= 1
            if not turn.users:
                del self._turns[stream_id]

    def _json_lock(self) -> asyncio.Lock:
        if self._json_lane is None:  # made on first use, inside the running loop
            self._json_lane = asyncio.Lock()
        return self._json_lane

    async def settle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the pushes in progress to finish; True if they did."""
        if not self._inflight:
            return True
        self._settled = asyncio.Event()
        try:
            async with asyncio.timeout(timeout):
                await self._settled.wait()
        except TimeoutError:
            return False
        return True

    def authorize(self, stream_id: str, token: str | None) -> bytes | None:
        """The digest of ``stream_id``'s token if ``token`` is it (None for an unclaimed
        stream). An unknown stream passes, so that the pool refuses it as unknown (404).

        Raises:
            AccessError: an open stream, and not its token.
        """
        if stream_id in self.tokens or stream_id in self.pool:
            return self.tokens.check(stream_id, token)
        return None

    def forget(self, stream_id: str, digest: bytes | None) -> None:
        """Stream ``stream_id`` was closed: drop its token (unless opened anew since) and mark."""
        if stream_id not in self.pool:
            self.tokens.forget(stream_id, digest)
            self.touched.discard(stream_id)

    async def close_quietly(self, stream_id: str, digest: bytes | None) -> None:
        """Close ``stream_id`` if it is open. The call finishes even if the caller is cancelled:
        aiohttp cancels the handler of a client that has left when ``handler_cancellation`` is
        on (its test server does so), and the stream must not stay open behind it."""
        await asyncio.shield(self.run(_close_if_open, self.pool, stream_id))
        self.forget(stream_id, digest)

    async def end_connection(self, stream_id: str, message: str) -> None:
        """Tell the WebSocket that owns ``stream_id`` (if any) why its stream ended, and close it."""
        peer = self.connections.pop(stream_id, None)
        if peer is not None:
            await peer.goodbye(message, WSCloseCode.OK, self.limits.read_timeout)


CONTEXT = web.AppKey("statefulrnn.serve", ServeContext)


def _close_if_open(pool: StreamPool, stream_id: str) -> None:
    with contextlib.suppress(UnknownStreamError):
        pool.close(stream_id)


def _start_push(
    pool: StreamPool, stream_id: str, body: bytes | bytearray | str, binary: bool, piece: int
) -> bytes | str | np.ndarray:
    """Parse ``body``; if it fits one piece, push it and return the encoded reply, else return
    the frames (T, F) for `ServeContext._push_pieces`."""
    frames = parse_binary(body, pool.frame_size) if binary else parse_json(body, pool.frame_size)
    if frames.ndim == 2 and len(frames) > piece:
        return frames
    return _encode(pool.push(stream_id, frames), binary)


def _encode(outputs: np.ndarray | list[np.ndarray], binary: bool) -> bytes | str:
    return encode_binary(outputs) if binary else encode_json(outputs)


def _joined(parts: list[Any], lengths: list[int]) -> Any:
    """The outputs of a push run in pieces of ``lengths`` frames, as one push would give them:
    per-step outputs (a row per frame) joined, a last-step output from the last piece."""
    if isinstance(parts[0], list):  # a model with several outputs
        return [_joined([part[index] for part in parts], lengths) for index in range(len(parts[0]))]
    if all(part.ndim >= 2 and len(part) == length for part, length in zip(parts, lengths)):
        return np.concatenate(parts)
    return parts[-1]
