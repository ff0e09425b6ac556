"""WebSocket streams: outputs equal the offline run; a malformed message gets an error and the
connection goes on; a refused open, an eviction or a DELETE is told, then the socket closes."""

from __future__ import annotations

import asyncio
import re

import numpy as np
import pytest
from aiohttp import ClientWebSocketResponse, WSMsgType

from statefulrnn.streaming import StreamPool

from .servers import chunks, make_model, offline, push_all, reply, run, serving

MODEL = make_model()

MALFORMED = [
    ("bad-json", '{"frames": [[1, 2, 3]', r"not valid JSON"),
    ("no-frames", '{"outputs": [[1, 2, 3]]}', r'a JSON object \{"frames"'),
    ("wrong-width", '{"frames": [[1, 2, 3, 4]]}', r"frame_size=3 numbers, but frame 0 holds 4"),
    ("ragged", '{"frames": [[1, 2, 3], [4]]}', r"but frame 1 holds 1"),
    ("non-number", '{"frames": [[1, 2, null]]}', r"Frame 0 holds null"),
    ("nan", '{"frames": [[NaN, 2, 3]]}', r"frame 0 feature 0 is nan"),
    ("empty", '{"frames": []}', r"non-empty list of frames"),
    ("binary-length", bytes(13), r"multiple of 12 bytes\. Received: 13 bytes"),
    ("binary-inf", np.array([1, 2, 3, 4, 5, np.inf], "<f4").tobytes(), r"frame 1 feature 2 is inf"),
]


async def refusal(socket: ClientWebSocketResponse) -> tuple[str, int]:
    """The error a server sends before it closes ``socket``, and the close code."""
    message = await socket.receive()
    assert message.type is WSMsgType.TEXT, message
    closing = await socket.receive()
    assert closing.type is WSMsgType.CLOSE, closing
    return message.json()["error"], closing.data


@pytest.mark.parametrize(
    ("message", "error"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED]
)
def test_malformed_message_gets_an_error_and_the_connection_goes_on(message: str | bytes, error: str) -> None:
    first, second = chunks(seed=6, count=2)
    witness = chunks(seed=7, count=12)

    async def scenario() -> tuple[np.ndarray, np.ndarray]:
        async with serving(StreamPool(MODEL)) as client:
            socket = await client.ws_connect("/streams/a/ws")
            other = await client.ws_connect("/streams/w/ws")
            witnessed = asyncio.create_task(push_all(other, witness))
            before = await push_all(socket, [first])
            await (socket.send_bytes(message) if isinstance(message, bytes) else socket.send_str(message))
            answer = await socket.receive()
            assert answer.type is WSMsgType.TEXT and re.search(error, answer.json()["error"])
            after = await push_all(socket, [second])
            return np.concatenate([before, after]), await witnessed

    stream_a, stream_w = run(scenario())
    np.testing.assert_allclose(stream_a, offline(MODEL, np.concatenate([first, second])), atol=1e-5)
    np.testing.assert_allclose(stream_w, offline(MODEL, np.concatenate(witness)), atol=1e-5)


def test_binary_and_json_messages_equal_the_offline_run() -> None:
    stream = chunks(seed=8, count=8)

    async def scenario() -> np.ndarray:
        async with serving(StreamPool(MODEL)) as client:
            socket = await client.ws_connect("/streams/b/ws")
            outputs = []
            for index, chunk in enumerate(stream):
                if index % 2:
                    await socket.send_bytes(chunk.astype("<f4").tobytes())
                    message = await socket.receive()
                    assert message.type is WSMsgType.BINARY
                    outputs.append(np.frombuffer(message.data, "<f4").reshape(len(chunk), -1))
                else:
                    outputs.append(await push_all(socket, [chunk]))
            await socket.send_json({"frames": [1.0, 2.0, 3.0]})  # one frame: outputs (out,)
            outputs.append((await reply(socket))[None])
            return np.concatenate(outputs)

    whole = np.concatenate([*stream, np.array([[1, 2, 3]], np.float32)])
    np.testing.assert_allclose(run(scenario()), offline(MODEL, whole), atol=1e-5)


def test_refused_opens_are_told_and_closed() -> None:
    async def scenario() -> list[tuple[str, int]]:
        async with serving(StreamPool(MODEL, max_streams=2)) as client:
            await client.post("/streams", json={"id": "h"})
            held = await client.ws_connect("/streams/s/ws")
            await push_all(held, chunks(seed=9, count=1))
            refusals = [
                await refusal(await client.ws_connect(path))
                for path in ("/streams/h/ws", "/streams/s/ws", "/streams/s/ws?resume=1", "/streams/a b/ws")
            ]
            refusals.append(await refusal(await client.ws_connect("/streams/new/ws")))  # 2 of 2 open
            assert not held.closed  # the refusals did not touch it
            return refusals

    (exists, connected, resumed, bad_id, full) = run(scenario())
    assert exists == ("Stream 'h' is already open.", 1008)
    assert connected == ("Stream 's' is already connected by another WebSocket.", 1008)
    assert resumed == connected
    assert (
        re.match(r"A stream id is 1 to 128 characters.*Received: id='a b'", bad_id[0]) and bad_id[1] == 1008
    )
    assert re.match(r"The pool holds its maximum of 2 open streams", full[0]) and full[1] == 1013


def test_disconnecting_closes_the_stream() -> None:
    async def scenario() -> None:
        pool = StreamPool(MODEL)
        async with serving(pool) as client:
            socket = await client.ws_connect("/streams/gone/ws")
            await push_all(socket, chunks(seed=10, count=1))
            assert "gone" in pool
            await socket.close()
            while "gone" in pool:  # the server's handler ends after the close handshake
                await asyncio.sleep(0.01)
            metrics = await (await client.get("/metrics")).json()
            assert metrics["open_streams"] == 0 and metrics["websockets"] == 0

    run(scenario())


def test_delete_ends_the_socket_of_its_stream() -> None:
    async def scenario() -> tuple[str, int]:
        async with serving(StreamPool(MODEL)) as client:
            # DELETE needs the stream's token: opened by POST, it is in the reply; the WebSocket
            # resumes the stream with it.
            token = {
                "X-Stream-Token": (await (await client.post("/streams", json={"id": "d"})).json())["token"]
            }
            socket = await client.ws_connect("/streams/d/ws?resume=1", headers=token)
            await push_all(socket, chunks(seed=11, count=1))
            assert (await client.delete("/streams/d", headers=token)).status == 200
            return await refusal(socket)

    assert run(scenario()) == ("Stream 'd' was closed by DELETE /streams/d.", 1000)


def test_eviction_ends_the_socket_of_its_stream() -> None:
    async def scenario() -> tuple[tuple[str, int], dict]:
        pool = StreamPool(MODEL, idle_timeout=0.2)
        async with serving(pool, evict_every=0.05) as client:
            socket = await client.ws_connect("/streams/i/ws")
            told = await refusal(socket)  # waits for the eviction
            return told, await (await client.get("/metrics")).json()

    (message, code), metrics = run(scenario())
    assert re.match(r"Stream 'i' was idle longer than the server's idle timeout and was closed", message)
    assert code == 1000 and metrics["open_streams"] == 0 and metrics["websockets"] == 0


def test_resume_after_shutdown_and_snapshot_goes_on_exactly(tmp_path) -> None:
    first, second = chunks(seed=12, count=2)
    path = tmp_path / "streams.snapshot"

    async def before_shutdown() -> np.ndarray:
        pool = StreamPool(MODEL)
        async with serving(pool) as client:
            socket = await client.ws_connect("/streams/r/ws")
            outputs = await push_all(socket, [first])
            await client.server.close()  # the server shuts down under the connected socket
            closing = await socket.receive()
            assert closing.type is WSMsgType.CLOSE and closing.data == 1001
        assert "r" in pool  # kept for the snapshot
        pool.snapshot(path)
        return outputs

    async def after_restart() -> tuple[tuple[str, int], np.ndarray]:
        pool = StreamPool(MODEL)
        pool.restore(path)
        async with serving(pool) as client:
            refused = await refusal(await client.ws_connect("/streams/r/ws"))  # no resume: it exists
            socket = await client.ws_connect("/streams/r/ws?resume=1")
            return refused, await push_all(socket, [second])

    outputs = run(before_shutdown())
    refused, resumed = run(after_restart())
    assert refused == ("Stream 'r' is already open.", 1008)
    np.testing.assert_allclose(
        np.concatenate([outputs, resumed]), offline(MODEL, np.concatenate([first, second])), atol=1e-5
    )


def test_a_message_over_the_limit_ends_the_connection_with_1009() -> None:
    async def scenario() -> int:
        async with serving(StreamPool(MODEL), max_message_bytes=1024) as client:
            socket = await client.ws_connect("/streams/big/ws")
            await socket.send_bytes(bytes(12 * 100))
            message = await socket.receive()
            assert message.type is WSMsgType.CLOSE
            return message.data

    assert run(scenario()) == 1009
