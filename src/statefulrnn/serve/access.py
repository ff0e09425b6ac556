"""Who may use the server and each stream.

- The server's bearer token (``--token``, or the environment variable ``STATEFULRNN_SERVE_TOKEN``):
  when set, every request but ``GET /health`` must carry ``Authorization: Bearer <token>``,
  else 401.
- Each stream's resume token: opening a stream gives a random token (``"token"`` in the reply of
  ``POST /streams``, the ``X-Stream-Token`` header of a WebSocket's handshake). The WebSocket
  that opened a stream uses it freely; any other request on it (a push, a reset, a ``DELETE``, a
  WebSocket's ``?resume=1``) must carry the token in the ``X-Stream-Token`` header (or, for a
  WebSocket, ``?token=``), else 403. Only the token's SHA-256 is kept.

Streams open in the pool before the server started (restored from a snapshot of an older version,
or opened by the caller) have no known token: they are *unclaimed*, usable without one, until a
WebSocket resumes one and gets a token for it.

Example:
    >>> tokens = StreamTokens()
    >>> token = tokens.issue("a")
    >>> tokens.check("a", token) == tokens.digest_of("a")
    True
    >>> tokens.check("a", "guess")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    statefulrnn.serve.access.AccessError: Stream 'a' belongs to the connection that opened it; ...
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Awaitable, Callable, Iterable, Mapping

from aiohttp import web

from ..io._atomic import write_atomically

TOKEN_HEADER = "X-Stream-Token"
TOKEN_VARIABLE = "STATEFULRNN_SERVE_TOKEN"
_CLAIMS_FORMAT, _CLAIMS_VERSION = "statefulrnn.stream-tokens", 1
_OPEN_PATHS = frozenset({"/health"})  # load balancers probe it without credentials


class AccessError(PermissionError):
    """A request on a stream without that stream's resume token (403)."""


class StreamTokens:
    """Stream id -> the SHA-256 of its resume token (None: unclaimed). Used from the event loop
    only, so it needs no lock."""

    def __init__(self) -> None:
        self._digests: dict[str, bytes | None] = {}

    def issue(self, stream_id: str) -> str:
        """A new random token for ``stream_id``, replacing any it had."""
        token = secrets.token_urlsafe(24)
        self._digests[stream_id] = _digest(token)
        return token

    def unclaimed(self, stream_ids: Iterable[str]) -> None:
        """Mark ``stream_ids`` usable without a token until one is issued."""
        self._digests.update(dict.fromkeys(stream_ids))

    def restore(self, digests: Mapping[str, bytes]) -> None:
        """Take the digests saved by `save_claims` for restored streams."""
        self._digests.update(digests)

    def check(self, stream_id: str, token: str | None) -> bytes | None:
        """The digest ``stream_id`` is held under if ``token`` is its token (or it is
        unclaimed: None); `AccessError` otherwise, also for a stream with no entry."""
        digest = self._digests.get(stream_id, b"")
        if digest is None:
            return None
        # Compared as digests, in constant time: the comparison tells nothing about the token.
        if digest and token is not None and hmac.compare_digest(_digest(token), digest):
            return digest
        raise AccessError(
            f"Stream {stream_id!r} belongs to the connection that opened it; send its resume token "
            f'(the "token" its opening got) in the {TOKEN_HEADER} header.'
        )

    def digest_of(self, stream_id: str) -> bytes | None:
        return self._digests.get(stream_id)

    def __contains__(self, stream_id: object) -> bool:
        return stream_id in self._digests

    def forget(self, stream_id: str, digest: bytes | None) -> None:
        """Drop ``stream_id``'s entry if it is still ``digest``: a stream closed and opened
        anew in between holds a new token, which stays."""
        if stream_id in self._digests and self._digests[stream_id] == digest:
            del self._digests[stream_id]

    def claims(self, stream_ids: Iterable[str]) -> dict[str, bytes | None]:
        """The entries of those of ``stream_ids`` that have one, for `save_claims`."""
        return {stream_id: self._digests[stream_id] for stream_id in stream_ids if stream_id in self._digests}


def claims_path(snapshot: str | os.PathLike[str]) -> str:
    """Where the tokens of a snapshot's streams are kept: beside it, ``<snapshot>.tokens``."""
    return f"{os.fspath(snapshot)}.tokens"


def save_claims(path: str, claims: Mapping[str, bytes | None]) -> None:
    """Write the token digests of a snapshot's streams to ``path``, atomically."""
    streams = {stream_id: None if digest is None else digest.hex() for stream_id, digest in claims.items()}
    body = {"format": _CLAIMS_FORMAT, "version": _CLAIMS_VERSION, "streams": streams}
    write_atomically(path, json.dumps(body).encode())


def load_claims(path: str) -> dict[str, bytes | None] | None:
    """The digests `save_claims` wrote to ``path``; None if there is no such file.

    Raises:
        ValueError: a file that is not one `save_claims` wrote.
    """
    try:
        with open(path, "rb") as file:
            text = file.read(16 * 2**20 + 1)
    except FileNotFoundError:
        return None
    try:
        body = json.loads(text)
        if body["format"] != _CLAIMS_FORMAT or body["version"] != _CLAIMS_VERSION:
            raise ValueError
        return {
            stream_id: None if digest is None else bytes.fromhex(digest)
            for stream_id, digest in body["streams"].items()
        }
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        raise ValueError(
            f"{path!r} is not a stream token file of statefulrnn serve (format {_CLAIMS_FORMAT!r}, "
            f"version {_CLAIMS_VERSION})."
        ) from None


def bearer_guard(token: str) -> Callable[..., Awaitable[web.StreamResponse]]:
    """A middleware refusing with 401 every request but ``GET /health`` without
    ``Authorization: Bearer <token>``."""
    expected = _digest(token)

    @web.middleware
    async def guard(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if request.path not in _OPEN_PATHS:
            scheme, _, given = request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(_digest(given.strip()), expected):
                return web.json_response(
                    {"error": "This server needs 'Authorization: Bearer <token>' with its token."},
                    status=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        return await handler(request)

    return guard


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()


__all__ = [
    "TOKEN_HEADER",
    "TOKEN_VARIABLE",
    "AccessError",
    "StreamTokens",
    "bearer_guard",
    "claims_path",
    "load_claims",
    "save_claims",
]
