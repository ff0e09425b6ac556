"""Running the server: load a model file, open a pool, serve until SIGINT or SIGTERM.

With a snapshot path, the streams of an existing snapshot are reopened at start, and every
open stream's state is written there at a clean shutdown (WebSocket clients reconnect with
``?resume=1`` to go on where they were).
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from typing import Any

from aiohttp import web

from ..io.checkpoint import load_model
from ..streaming import PoolFullError, StreamPool
from .app import MAX_MESSAGE_BYTES, make_app


class ServeError(Exception):
    """The server cannot start (or cannot save its streams): a missing or unreadable model or
    snapshot file, a model that cannot stream, an address in use. The message is one line."""


def run_server(
    model_path: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    max_streams: int = 1024,
    idle_timeout: float | None = None,
    snapshot: str | os.PathLike[str] | None = None,
    max_message_bytes: int = MAX_MESSAGE_BYTES,
    announce: Callable[[str], Any] = print,
) -> None:
    """Serve the model at ``model_path`` on ``host:port`` until SIGINT or SIGTERM.

    Args:
        model_path: a model file written by ``model.save`` (see `statefulrnn.load_model`).
        host, port: where to listen; port 0 picks a free port (announced).
        max_streams, idle_timeout: the `StreamPool`'s limits.
        snapshot: a file to restore streams from at start (if it exists) and to save them to at
            a clean shutdown.
        max_message_bytes: the largest HTTP body or WebSocket message accepted.
        announce: called with one line when the server listens and when it has stopped.

    Raises:
        ServeError: the model, the snapshot or the address cannot be used; nothing is served.
    """
    pool = open_pool(model_path, max_streams, idle_timeout, snapshot)
    app = make_app(pool, max_message_bytes=max_message_bytes)
    asyncio.run(_serve(app, pool, host, port, announce))
    if snapshot is not None:
        try:
            pool.snapshot(snapshot)
        except OSError as error:
            raise ServeError(f"the streams could not be saved to {os.fspath(snapshot)!r}: {error}") from None
        announce(f"statefulrnn serve: stopped; {_streams(len(pool))} saved to {os.fspath(snapshot)}")
    else:
        announce("statefulrnn serve: stopped")


def open_pool(
    model_path: str | os.PathLike[str],
    max_streams: int,
    idle_timeout: float | None,
    snapshot: str | os.PathLike[str] | None,
) -> StreamPool:
    """A pool for the model at ``model_path``, with the streams of ``snapshot`` if it exists.

    Raises:
        ServeError: naming the file and what is wrong with it.
    """
    try:
        model = load_model(model_path)
    except (OSError, ValueError) as error:  # its message names the file
        raise ServeError(str(error)) from None
    try:
        pool = StreamPool(model, max_streams=max_streams, idle_timeout=idle_timeout)
    except ValueError as error:  # a model that cannot stream
        raise ServeError(f"the model in {os.fspath(model_path)!r} cannot serve streams: {error}") from None
    if snapshot is None:
        return pool
    folder = os.path.dirname(os.path.abspath(snapshot))
    if not os.path.isdir(folder):  # found now, not at shutdown when the streams would be lost
        raise ServeError(f"the snapshot {os.fspath(snapshot)!r} cannot be written: no folder {folder!r}")
    if os.path.exists(snapshot):
        try:
            pool.restore(snapshot)
        except (OSError, ValueError, PoolFullError) as error:  # StreamExistsError is a ValueError
            raise ServeError(f"the snapshot {os.fspath(snapshot)!r} cannot be restored: {error}") from None
    return pool


async def _serve(
    app: web.Application, pool: StreamPool, host: str, port: int, announce: Callable[[str], Any]
) -> None:
    stop = asyncio.Event()
    _on_signals(stop.set)
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        bound_host, bound_port = runner.addresses[0][:2]
        announce(
            f"statefulrnn serve: listening on http://{bound_host}:{bound_port} (frame size "
            f"{pool.frame_size}, {_streams(len(pool))} of at most {pool.max_streams}); Ctrl-C stops"
        )
        await stop.wait()
    finally:
        await runner.cleanup()  # ends the WebSockets and waits for pushes in flight


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


__all__ = ["ServeError", "open_pool", "run_server"]
