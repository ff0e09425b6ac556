"""The server's bounds on time and memory, and the refusal a client gets past them.

Every bound is there for a client that misbehaves or a load the server cannot carry: a body sent
half and never finished, a WebSocket that sends and never reads, thousands of connections, many
large JSON pushes at once. Past a bound the client is refused (503, 408) and the server carries
on; the memory it holds stays below about ``max_buffered_bytes`` plus a small amount per
connection (WebSocket messages are the exception: aiohttp buffers a message of up to
``max_message_bytes`` per connection before the server sees it).

Example:
    >>> budget = ByteBudget(100)
    >>> budget.take(60), budget.take(60), budget.used
    (True, False, 60)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._checks import positive_int


class UnavailableError(RuntimeError):
    """The server refuses a request for now (503): too many connections, too many bytes being
    received or parsed, or shutting down. The client may retry later."""


@dataclass(frozen=True)
class Limits:
    """Bounds of one server, each checked positive.

    Args:
        read_timeout: seconds an HTTP request's body may take to arrive, a reply may wait for a
            WebSocket client that does not read, and a connection may stay idle between
            requests; past it the request gets 408 or the connection is closed.
        max_connections: requests in progress at once (an open WebSocket counts as one); past
            it a request gets 503.
        max_buffered_bytes: message bytes held at once while they are received or parsed
            (JSON parses into objects several times its size); a message that would go past it
            gets 503. At least the largest message (``max_message_bytes``).
        piece_frames: the most frames of one push in one model call; a longer push runs in
            pieces, in turn with the other streams' pushes, so that it cannot hold them up.
        shutdown_timeout: seconds, at shutdown, for pushes in flight to finish and then for
            connections to close, before they are cut.

    Example:
        >>> Limits(read_timeout=10).read_timeout
        10.0
    """

    read_timeout: float = 30.0
    max_connections: int = 1024
    max_buffered_bytes: int = 64 * 2**20
    piece_frames: int = 256
    shutdown_timeout: float = 5.0

    def __post_init__(self) -> None:
        for name in ("read_timeout", "shutdown_timeout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"{name} must be a positive number of seconds. Received: {name}={value!r}")
            object.__setattr__(self, name, float(value))
        for name in ("max_connections", "max_buffered_bytes", "piece_frames"):
            object.__setattr__(self, name, positive_int(name, getattr(self, name)))

    def runner_options(self) -> dict[str, Any]:
        """Keyword arguments for the `aiohttp.web.AppRunner` (or ``TestServer``) of the app:
        idle connections close after ``read_timeout``, the unread rest of a refused body is
        read and dropped for at most a second, and shutdown waits ``shutdown_timeout``."""
        return {
            "keepalive_timeout": self.read_timeout,
            "lingering_time": min(1.0, self.read_timeout),
            "shutdown_timeout": self.shutdown_timeout,
        }


class ByteBudget:
    """A count of bytes held, never past ``total``: `take` says whether it could.

    Used from the event loop only, so it needs no lock.
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self.used = 0

    def take(self, count: int) -> bool:
        """Add ``count`` bytes if they fit; True if they did."""
        if self.used + count > self.total:
            return False
        self.used += count
        return True

    def give(self, count: int) -> None:
        """Return ``count`` bytes taken earlier."""
        self.used -= count

    def refusal(self, count: int) -> UnavailableError:
        """The error for a message of ``count`` bytes that did not fit."""
        return UnavailableError(
            f"The server is busy: {self.used} of its {self.total} bytes for messages being received "
            f"or parsed are in use, and this message needs {count} more; retry shortly."
        )


__all__ = ["ByteBudget", "Limits", "UnavailableError"]
