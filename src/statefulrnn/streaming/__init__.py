"""Serving live streams: per-stream state, many streams stepped together.

`StreamPool` keeps one state row per open stream and runs the chunks queued for many streams
in one batched model call; see `statefulrnn.serve` for its network front end.
"""

from .errors import PoolFullError, StreamExistsError, UnknownStreamError
from .pool import PendingChunk, StreamPool
from .runner import check_streamable
from .snapshot import NonFiniteStateError

__all__ = [
    "NonFiniteStateError",
    "PendingChunk",
    "PoolFullError",
    "StreamExistsError",
    "StreamPool",
    "UnknownStreamError",
    "check_streamable",
]
