"""The errors a `StreamPool` raises for requests about streams (bad frames are ValueErrors)."""

from __future__ import annotations


class UnknownStreamError(KeyError):
    """No open stream has this id (never opened, closed, or evicted)."""

    def __str__(self) -> str:  # KeyError would print the message quoted
        return str(self.args[0]) if self.args else ""


class StreamExistsError(ValueError):
    """A stream with this id is already open."""


class PoolFullError(RuntimeError):
    """The pool already holds its maximum number of open streams."""


__all__ = ["PoolFullError", "StreamExistsError", "UnknownStreamError"]
