"""The HTTP API: pushes equal the offline run; each bad request gets its status and
``{"error": ...}``, and changes nothing for its stream nor for a stream running alongside.
Requests on a stream carry its resume token (`tests/serve/test_access.py` tests refusals)."""

from __future__ import annotations

import asyncio
import logging
import re

import numpy as np
import pytest
from aiohttp.test_utils import TestClient

from statefulrnn.serve.access import TOKEN_HEADER
from statefulrnn.streaming import StreamPool

from .servers import F, chunks, make_model, offline, push_all, run, serving

MODEL = make_model()
BINARY = {"Content-Type": "application/octet-stream"}
JSON = {"Content-Type": "application/json"}  # aiohttp's client labels bytes octet-stream
PUSH_A = "/streams/a/push"
GOOD = b'{"frames": [[1, 2, 3]]}'

# (id, method, path, body, headers, status, error message)
BAD_REQUESTS = [
    ("bad-json", "POST", PUSH_A, b'{"frames": [[1, 2, 3]]', JSON, 400, r"not valid JSON"),
    ("no-frames", "POST", PUSH_A, b'{"frame": [[1, 2, 3]]}', JSON, 400, r'a JSON object \{"frames"'),
    ("wrong-width", "POST", PUSH_A, b'{"frames": [[1, 2]]}', JSON, 400, r"frame_size=3 numbers, but frame 0"),
    ("ragged", "POST", PUSH_A, b'{"frames": [[1, 2, 3], [4, 5]]}', JSON, 400, r"but frame 1 holds 2"),
    ("non-number", "POST", PUSH_A, b'{"frames": [[1, "x", 3]]}', JSON, 400, r'holds a string, "x"'),
    ("nan", "POST", PUSH_A, b'{"frames": [[1, NaN, 3]]}', JSON, 400, r"frame 0 feature 1 is nan"),
    ("inf", "POST", PUSH_A, b'{"frames": [[1, 2, Infinity]]}', JSON, 400, r"frame 0 feature 2 is inf"),
    ("empty", "POST", PUSH_A, b'{"frames": []}', JSON, 400, r"non-empty list of frames"),
    ("empty-body", "POST", PUSH_A, b"", JSON, 400, r"not valid JSON"),
    ("binary-length", "POST", PUSH_A, bytes(20), BINARY, 400, r"multiple of 12 bytes\. Received: 20 bytes"),
    ("binary-nan", "POST", PUSH_A, np.full(3, np.nan, "<f4").tobytes(), BINARY, 400, r"feature 0 is nan"),
    ("too-large", "POST", PUSH_A, b" " * 5000, JSON, 413, r"Maximum request body size 4096 exceeded"),
    ("bad-id", "POST", "/streams/a%20b/push", GOOD, JSON, 400, r"Received: id='a b'"),
    ("unknown-push", "POST", "/streams/zz/push", GOOD, JSON, 404, r"^No open stream 'zz'"),
    ("unknown-reset", "POST", "/streams/zz/reset", b"", JSON, 404, r"^No open stream 'zz'"),
    ("unknown-delete", "DELETE", "/streams/zz", b"", JSON, 404, r"^No open stream 'zz'"),
    ("duplicate-open", "POST", "/streams", b'{"id": "a"}', JSON, 409, r"^Stream 'a' is already open\.$"),
    ("open-bad-body", "POST", "/streams", b'["a"]', JSON, 400, r'empty or a JSON object \{"id"'),
    ("open-bad-id", "POST", "/streams", b'{"id": "a/b"}', JSON, 400, r"Received: id='a/b'"),
    ("no-route", "GET", "/streams", b"", JSON, 405, r"Method Not Allowed \(GET /streams\)"),
    ("no-such-path", "GET", "/nope", b"", JSON, 404, r"Not Found \(GET /nope\)"),
]


async def open_http(client: TestClient, stream_id: str | None = None) -> tuple[str, dict[str, str]]:
    """Open a stream; its id and the header that carries its token."""
    response = await client.post("/streams", json=None if stream_id is None else {"id": stream_id})
    assert response.status == 201, await response.text()
    opened = await response.json()
    return opened["id"], {TOKEN_HEADER: opened["token"]}


async def push_http(
    client: TestClient, stream_id: str, frames: np.ndarray, token: dict[str, str]
) -> np.ndarray:
    response = await client.post(
        f"/streams/{stream_id}/push", json={"frames": frames.tolist()}, headers=token
    )
    assert response.status == 200, await response.text()
    return np.asarray((await response.json())["outputs"], dtype=np.float32)


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status", "message"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[case[0] for case in BAD_REQUESTS],
)
def test_bad_request_gets_its_error_and_disturbs_nothing(
    method: str, path: str, body: bytes, headers: dict[str, str], status: int, message: str
) -> None:
    first, second = chunks(seed=1, count=2)
    witness = chunks(seed=2, count=12)

    async def scenario() -> tuple[np.ndarray, np.ndarray]:
        async with serving(StreamPool(MODEL, max_streams=4), max_message_bytes=4096) as client:
            _, token = await open_http(client, "a")
            before = await push_http(client, "a", first, token)
            socket = await client.ws_connect("/streams/w/ws")
            witnessed = asyncio.create_task(push_all(socket, witness))  # runs during the bad request
            response = await client.request(method, path, data=body, headers={**headers, **token})
            assert response.status == status
            assert re.search(message, (await response.json())["error"])
            after = await push_http(client, "a", second, token)
            return np.concatenate([before, after]), await witnessed

    stream_a, stream_w = run(scenario())
    np.testing.assert_allclose(stream_a, offline(MODEL, np.concatenate([first, second])), atol=1e-5)
    np.testing.assert_allclose(stream_w, offline(MODEL, np.concatenate(witness)), atol=1e-5)


def test_full_pool_refuses_an_open_with_503() -> None:
    async def scenario() -> None:
        async with serving(StreamPool(MODEL, max_streams=1)) as client:
            assert (await client.post("/streams", json={"id": "a"})).status == 201
            response = await client.post("/streams", json={"id": "b"})
            assert response.status == 503
            assert re.match(r"The pool holds its maximum of 1 open streams", (await response.json())["error"])

    run(scenario())


def test_json_and_binary_pushes_equal_the_offline_run() -> None:
    stream = chunks(seed=3, count=6)

    async def scenario() -> list[np.ndarray]:
        async with serving(StreamPool(MODEL)) as client:
            stream_id, token = await open_http(client)  # no body: the server picks the id
            assert re.fullmatch(r"[0-9a-f]{32}", stream_id)
            outputs = []
            for index, chunk in enumerate(stream):
                if index % 2:
                    reply = await client.post(
                        f"/streams/{stream_id}/push", data=chunk.tobytes(), headers={**BINARY, **token}
                    )
                    assert reply.status == 200 and reply.content_type == BINARY["Content-Type"]
                    outputs.append(np.frombuffer(await reply.read(), "<f4").reshape(len(chunk), -1))
                else:
                    outputs.append(await push_http(client, stream_id, chunk, token))
            one = await client.post(
                f"/streams/{stream_id}/push", json={"frames": [0.5, -1.0, 2.0]}, headers=token
            )
            outputs.append(np.asarray((await one.json())["outputs"], np.float32)[None])  # one frame -> (out,)
            assert (await client.delete(f"/streams/{stream_id}", headers=token)).status == 200
            gone = await client.post(f"/streams/{stream_id}/push", data=GOOD, headers={**JSON, **token})
            assert gone.status == 404
            return outputs

    outputs = run(scenario())
    whole = np.concatenate([*stream, np.array([[0.5, -1.0, 2.0]], np.float32)])
    np.testing.assert_allclose(np.concatenate(outputs), offline(MODEL, whole), atol=1e-5)


def test_reset_starts_the_stream_anew() -> None:
    first, second = chunks(seed=4, count=2)

    async def scenario() -> np.ndarray:
        async with serving(StreamPool(MODEL)) as client:
            _, token = await open_http(client, "r")
            await push_http(client, "r", first, token)
            response = await client.post("/streams/r/reset", headers=token)
            assert response.status == 200 and await response.json() == {"id": "r"}
            return await push_http(client, "r", second, token)

    np.testing.assert_allclose(run(scenario()), offline(MODEL, second), atol=1e-5)


def test_health_and_metrics_report_the_pool() -> None:
    stream = chunks(seed=5, count=3)

    async def scenario() -> tuple[dict, dict, dict]:
        async with serving(StreamPool(MODEL, max_streams=7)) as client:
            _, token = await open_http(client, "m")
            before = await (await client.get("/metrics")).json()
            for chunk in stream:
                await push_http(client, "m", chunk, token)
            health = await (await client.get("/health")).json()
            return health, before, await (await client.get("/metrics")).json()

    health, before, after = run(scenario())
    assert health == {"status": "ok", "frame_size": F, "open_streams": 1, "max_streams": 7}
    assert before["steps"] == 0 and before["chunks"] == 0
    steps = sum(len(chunk) for chunk in stream)
    assert {
        key: after[key] for key in ("open_streams", "max_streams", "chunks", "steps", "batches", "websockets")
    } == {
        "open_streams": 1,
        "max_streams": 7,
        "chunks": 3,
        "steps": steps,
        "batches": 3,
        "websockets": 0,
    }
    assert after["steps_per_second"] > 0 and after["uptime_s"] > 0


def test_a_fault_of_the_server_is_a_500_without_traceback(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(StreamPool):
        def stats(self) -> dict[str, float]:
            raise RuntimeError("counter store is gone")

    async def scenario() -> tuple[int, dict]:
        async with serving(Broken(MODEL)) as client:
            response = await client.get("/metrics")
            return response.status, await response.json()

    with caplog.at_level(logging.ERROR, logger="statefulrnn.serve"):
        status, body = run(scenario())
    assert status == 500
    assert body == {"error": "Internal server error; the server's log has the details."}
    assert "counter store is gone" in caplog.text
