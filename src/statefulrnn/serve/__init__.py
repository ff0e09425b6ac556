"""The network front end of `statefulrnn.streaming.StreamPool`: ``statefulrnn serve``.

One command serves a model file's streams to many clients at once::

    statefulrnn serve model.safetensors --port 8765 --idle-timeout 300 --snapshot streams.snap

It listens on 127.0.0.1 unless ``--host`` says otherwise; who may use it and each stream is
`statefulrnn.serve.access`, its bounds on time and memory `statefulrnn.serve.limits`, its
shutdown `statefulrnn.serve.shutdown`.

- WebSocket ``GET /streams/{id}/ws``: one connection per stream, frames in, outputs out
  (`statefulrnn.serve.websocket`);
- HTTP JSON: open, push, reset and close streams, ``/health`` and ``/metrics``
  (`statefulrnn.serve.http_api`);
- the messages' format and its checks: `statefulrnn.serve.protocol`.

Pushes run on a thread pool, where the `StreamPool` batches the chunks of concurrent streams
into one model call; the event loop only moves bytes. Needs aiohttp (``pip install
"statefulrnn[serve]"``).
"""

try:
    import aiohttp  # noqa: F401
except ModuleNotFoundError as error:  # the optional extra is not installed
    raise ModuleNotFoundError(
        'statefulrnn serve needs aiohttp, which is not installed: pip install "statefulrnn[serve]"',
        name="aiohttp",
    ) from error

from .app import make_app
from .limits import Limits
from .main import ServeError, run_server
from .protocol import ProtocolError

__all__ = ["Limits", "ProtocolError", "ServeError", "make_app", "run_server"]
