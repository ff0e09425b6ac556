"""Running the server: load a model file, open a pool, serve until SIGINT or SIGTERM.

Before it listens, the server runs its model once on zeros at the batch sizes and chunk lengths
that take different kernels (`warm_up`): the first call of a compiled (numba) kernel in a process
imports numba and loads the kernel from numba's cache, or compiles it (seconds), and no client
should wait for that. The time it took is announced with the address.

With a snapshot path, the streams of an existing snapshot are reopened at start, each under its
resume token, and the state of every stream that was pushed to is written there at shutdown,
before connections close (`statefulrnn.serve.shutdown`); clients go on where they were with
their stream's token (a WebSocket reconnects with ``?resume=1``).
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from aiohttp import web
from torch import nn

from ..io.checkpoint import load_model
from ..streaming import PoolFullError, StreamPool
from .access import TOKEN_VARIABLE, claims_path, load_claims
from .app import MAX_MESSAGE_BYTES, make_app
from .context import CONTEXT
from .limits import Limits

DEFAULT_IDLE_TIMEOUT = 300.0


class ServeError(Exception):
    """The server cannot start (or cannot save its streams): a missing or unreadable model or
    snapshot file, a model that cannot stream, an address in use. The message is one line."""


def run_server(
    model_path: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    max_streams: int = 1024,
    idle_timeout: float | None = DEFAULT_IDLE_TIMEOUT,
    snapshot: str | os.PathLike[str] | None = None,
    max_message_bytes: int = MAX_MESSAGE_BYTES,
    limits: Limits | None = None,
    token: str | None = None,
    announce: Callable[[str], Any] = print,
) -> None:
    """Serve the model at ``model_path`` on ``host:port`` until SIGINT or SIGTERM.

    Args:
        model_path: a model file written by ``model.save`` (see `statefulrnn.load_model`).
        host, port: where to listen; port 0 picks a free port (announced). The default,
            127.0.0.1, serves this machine only.
        max_streams, idle_timeout: the `StreamPool`'s limits; a stream without a push for
            ``idle_timeout`` seconds (300 by default; None: never) is closed.
        snapshot: a file to restore streams from at start (if it exists) and to save them to at
            shutdown (see `make_app`).
        max_message_bytes: the largest HTTP body or WebSocket message accepted.
        limits: timeouts and caps (`statefulrnn.serve.limits.Limits`).
        token: the bearer token every request but ``GET /health`` must carry; if None, the
            environment variable ``STATEFULRNN_SERVE_TOKEN`` if set, else no token is needed.
        announce: called with one line when the server listens (saying how long `warm_up`
            took) and when it has stopped.

    Raises:
        ServeError: the model, the snapshot or the address cannot be used, nothing is served;
            or the streams could not be saved at shutdown.
    """
    token = os.environ.get(TOKEN_VARIABLE) if token is None else token
    model = _load_model(model_path)
    pool, claims = _pool_for(model, model_path, max_streams, idle_timeout, snapshot)
    warm_up_seconds = warm_up(model, pool.max_batch)
    limits = Limits() if limits is None else limits
    try:
        app = make_app(
            pool,
            max_message_bytes=max_message_bytes,
            limits=limits,
            token=token or None,
            snapshot=snapshot,
            claims=claims,
        )
    except ValueError as error:
        raise ServeError(str(error)) from None
    asyncio.run(_serve(app, pool, host, port, announce, warm_up_seconds))
    if snapshot is None:
        announce("statefulrnn serve: stopped")
        return
    error = app[CONTEXT].snapshot_error
    if error is not None:
        raise ServeError(f"the streams could not be saved to {os.fspath(snapshot)!r}: {error}")
    announce(f"statefulrnn serve: stopped; {_streams(len(pool))} saved to {os.fspath(snapshot)}")


def open_pool(
    model_path: str | os.PathLike[str],
    max_streams: int,
    idle_timeout: float | None,
    snapshot: str | os.PathLike[str] | None,
) -> tuple[StreamPool, dict[str, bytes | None] | None]:
    """A pool for the model at ``model_path``, with the streams of ``snapshot`` if it exists,
    and their tokens' digests (None for a snapshot without a tokens file: an older version's,
    whose streams are unclaimed). A restored stream missing from the tokens file was closed
    after that snapshot was written (see `statefulrnn.serve.shutdown.save_streams`): it is
    closed again.

    Raises:
        ServeError: naming the file and what is wrong with it.
    """
    return _pool_for(_load_model(model_path), model_path, max_streams, idle_timeout, snapshot)


def _load_model(model_path: str | os.PathLike[str]) -> nn.Module:
    try:
        return load_model(model_path)
    except (OSError, ValueError) as error:  # its message names the file
        raise ServeError(str(error)) from None


def _pool_for(
    model: nn.Module,
    model_path: str | os.PathLike[str],
    max_streams: int,
    idle_timeout: float | None,
    snapshot: str | os.PathLike[str] | None,
) -> tuple[StreamPool, dict[str, bytes | None] | None]:
    """`open_pool` for the ``model`` loaded from ``model_path``."""
    try:
        pool = StreamPool(model, max_streams=max_streams, idle_timeout=idle_timeout)
    except ValueError as error:  # a model that cannot stream
        raise ServeError(f"the model in {os.fspath(model_path)!r} cannot serve streams: {error}") from None
    if snapshot is None:
        return pool, None
    folder = os.path.dirname(os.path.abspath(snapshot))
    if not os.path.isdir(folder):  # found now, not at shutdown when the streams would be lost
        raise ServeError(f"the snapshot {os.fspath(snapshot)!r} cannot be written: no folder {folder!r}")
    if not os.path.exists(snapshot):
        return pool, None
    try:
        claims = load_claims(claims_path(snapshot))
        restored = pool.restore(snapshot)
    except (OSError, ValueError, PoolFullError) as error:  # StreamExistsError is a ValueError
        raise ServeError(f"the snapshot {os.fspath(snapshot)!r} cannot be restored: {error}") from None
    for stream_id in restored:
        if claims is not None and stream_id not in claims:
            pool.close(stream_id)
    return pool, claims


def warm_up(model: nn.Module, max_batch: int) -> float:
    """Runs ``model`` as a `StreamPool` of at most ``max_batch`` streams per call runs it, so
    that each kernel it may choose has run once: at 1, 2, 4, ... and ``max_batch`` streams (the
    compiled kernel serves small batches, compiled gates larger ones, PyTorch's the largest; the
    rule's crossovers lie between powers of two), with 1, 2, 4 and 32 frames each (one frame may
    run on a one-step function; the rule tells chunks under 4, under 32 and longer apart), and
    one client's frame (a model of one layer steps it on a kernel of its own). On zeros, in a
    pool of its own: no stream of a served pool sees it.

    Args:
        model: the served model (a streamable one, see `StreamPool`).
        max_batch: the most streams the served pool runs in one call (its ``max_batch``).

    Returns:
        The seconds it took.

    Example:
        >>> from statefulrnn import GRU, Sequential
        >>> model = Sequential([GRU(4, stateful=True, batch_input_shape=(1, None, 2))])
        >>> warm_up(model, max_batch=8) >= 0
        True
    """
    start = time.perf_counter()
    pool = StreamPool(model, max_streams=max_batch)
    for stream in range(max_batch):
        pool.open(stream)
    for rows in sorted({1 << power for power in range(max_batch.bit_length())} | {max_batch}):
        for steps in (1, 2, 4, 32):
            pool.push_many(range(rows), np.zeros((rows, steps, pool.frame_size), np.float32))
    pool.push(0, np.zeros((1, pool.frame_size), np.float32))  # one client's frame: its own kernel
    return time.perf_counter() - start


async def _serve(
    app: web.Application,
    pool: StreamPool,
    host: str,
    port: int,
    announce: Callable[[str], Any],
    warm_up_seconds: float,
) -> None:
    stop = asyncio.Event()
    _on_signals(stop.set)
    runner = web.AppRunner(app, handle_signals=False, access_log=None, **app[CONTEXT].limits.runner_options())
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        bound_host, bound_port = runner.addresses[0][:2]
        announce(
            f"statefulrnn serve: listening on http://{bound_host}:{bound_port} (frame size "
            f"{pool.frame_size}, {_streams(len(pool))} of at most {pool.max_streams}, warmed up in "
            f"{warm_up_seconds:.2f} s); Ctrl-C stops"
        )
        await stop.wait()
    finally:
        await runner.cleanup()  # stops listening, then `statefulrnn.serve.shutdown`


def _streams(count: int) -> str:
    return f"{count} open stream{'' if count == 1 else 's'}"


def _on_signals(stop: Callable[[], None]) -> None:
    """Call ``stop`` on SIGINT and SIGTERM, in the running loop."""
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(number, stop)
        except NotImplementedError:  # Windows' loops have no signal handlers
            signal.signal(number, lambda *_: loop.call_soon_threadsafe(stop))


__all__ = ["DEFAULT_IDLE_TIMEOUT", "ServeError", "open_pool", "run_server", "warm_up"]
