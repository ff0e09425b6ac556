"""``statefulrnn serve`` under abuse, as a real process: SIGTERM with a client that never reads
and a body sent in part (exits in bounded time, its snapshot written first), many connections
that never finish a body (refused past the cap, memory bounded), many large JSON pushes at once
(memory bounded)."""

from __future__ import annotations

import base64
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import numpy as np
import pytest

from statefulrnn.serve.main import open_pool
from tests.serve.servers import chunks, make_model, offline, post_head

START_S = 120.0  # a loaded machine imports torch slowly
MODEL = make_model()


@contextmanager
def server(tmp_path: Path, *options: str) -> Iterator[tuple[subprocess.Popen[str], int, queue.Queue[str]]]:
    """A ``statefulrnn serve`` process on a free port: (process, port, its stdout lines)."""
    model_path = tmp_path / "model.safetensors"
    MODEL.save(model_path)
    command = [sys.executable, "-m", "statefulrnn.cli", "serve", str(model_path), "--port", "0", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        listening = lines.get(timeout=START_S)
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", listening)
        assert found, listening
        yield process, int(found[1]), lines
    finally:
        process.kill()  # a no-op once it has exited
        process.wait()


def call(port: int, path: str, body: dict | None = None, headers: dict | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method="GET" if body is None else "POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def peak_kib(pid: int) -> int:
    """The peak resident memory (VmHWM) of process ``pid``, in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1])


def connect(port: int, timeout: float = 10.0) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return connection


def status_of(connection: socket.socket) -> int:
    """The status code of the response that comes on ``connection``."""
    head = b""
    while b"\r\n" not in head:
        part = connection.recv(4096)
        assert part, f"the server closed the connection without a response: {head!r}"
        head += part
    return int(head.split(b" ", 2)[1])


def websocket(port: int, path: str) -> socket.socket:
    """A WebSocket connection on a raw socket with a small receive buffer, so that a client
    that never reads fills it soon."""
    connection = socket.socket()
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    connection.settimeout(10.0)
    connection.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    connection.sendall(
        f"GET {path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += connection.recv(1)
    assert b" 101 " in head.split(b"\r\n")[0], head
    return connection


def text_frame(payload: bytes) -> bytes:
    """A masked WebSocket text frame (clients must mask what they send)."""
    mask = os.urandom(4)
    size = len(payload)
    if size < 126:
        head = bytes([0x81, 0x80 | size])
    elif size < 2**16:
        head = bytes([0x81, 0x80 | 126]) + size.to_bytes(2, "big")
    else:
        head = bytes([0x81, 0x80 | 127]) + size.to_bytes(8, "big")
    masked = np.frombuffer(payload, np.uint8) ^ np.resize(np.frombuffer(mask, np.uint8), size)
    return head + mask + masked.tobytes()


def test_sigterm_with_a_client_that_never_reads_exits_soon_and_keeps_the_snapshot(tmp_path: Path) -> None:
    first, second = chunks(seed=40, count=2)
    snapshot = tmp_path / "streams.snapshot"
    options = ["--snapshot", str(snapshot), "--shutdown-timeout", "2", "--read-timeout", "300"]
    with server(tmp_path, *options) as (process, port, lines):
        status, opened = call(port, "/streams", {"id": "kept"})
        assert status == 201
        token = {"X-Stream-Token": opened["token"]}
        status, pushed = call(port, "/streams/kept/push", {"frames": first.tolist()}, token)
        assert status == 200
        # A WebSocket that sends pushes with large replies and reads none: once the server's
        # replies fill both sockets' buffers, its sends wait, then ours do.
        flood = websocket(port, "/streams/flood/ws")
        flood.settimeout(3.0)
        message = text_frame(json.dumps({"frames": [[0.1234567, 0.2345678, 0.3456789]] * 2000}).encode())
        with suppress(TimeoutError):
            for _ in range(2000):
                flood.sendall(message)
        # A push whose body stops half-way.
        half = connect(port)
        half.sendall(post_head("/streams/kept/push", 100_000, token) + b'{"frames": [[1, 2, 3], ')
        process.send_signal(signal.SIGTERM)
        start = time.monotonic()
        try:
            process.wait(timeout=30)  # --shutdown-timeout 2: twice that at most, and a margin
        except subprocess.TimeoutExpired:
            pytest.fail("the server still ran 30 s after SIGTERM")
        took = time.monotonic() - start
        assert process.returncode == 0, process.stderr.read()
        assert re.match(r"statefulrnn serve: stopped; 2 open streams saved to ", lines.get(timeout=5))
        flood.close()
        half.close()
    print(f"\nexited {took:.1f} s after SIGTERM")
    pool, claims = open_pool(tmp_path / "model.safetensors", 1024, None, snapshot)
    assert sorted(pool.stream_ids()) == ["flood", "kept"] and sorted(claims) == ["flood", "kept"]
    served = np.concatenate([np.asarray(pushed["outputs"], np.float32), pool.push("kept", second)])
    np.testing.assert_allclose(served, offline(MODEL, np.concatenate([first, second])), atol=1e-5)


def test_many_half_sent_bodies_are_refused_past_the_cap_with_memory_bounded(tmp_path: Path) -> None:
    cap, fat = 40, 80
    options = ["--max-connections", str(cap), "--max-message-bytes", str(2 * 2**20)]
    options += ["--max-buffered-bytes", str(8 * 2**20), "--read-timeout", "300"]
    with server(tmp_path, *options) as (process, port, _):
        opened = call(port, "/streams", {"id": "s"})[1]
        token = {"X-Stream-Token": opened["token"]}
        assert call(port, "/streams/s/push", {"frames": [[1, 2, 3]]}, token)[0] == 200
        before = peak_kib(process.pid)
        # Bodies started and never finished hold every slot...
        slow = []
        for _ in range(cap):
            connection = connect(port)
            connection.sendall(post_head("/streams/s/push", 2 * 2**20, token) + b"{" + b" " * 1000)
            slow.append(connection)
        # ...then each further request is refused at once, its body unread.
        statuses = []
        body = b" " * (3 * 2**19)  # 1.5 MiB of a declared 2 MiB
        for _ in range(fat):
            connection = connect(port)
            with suppress(OSError):
                connection.sendall(post_head("/streams/s/push", 2 * 2**20, token) + body)
            statuses.append(status_of(connection))
            connection.close()
        growth_mib = (peak_kib(process.pid) - before) / 1024
        for connection in slow:
            connection.close()
        while call(port, "/health")[0] != 200:  # the slots free as the slow clients leave
            time.sleep(0.05)
    print(f"\npeak memory grew {growth_mib:.0f} MiB for {cap} half-sent bodies and {fat} refused ones")
    assert statuses == [503] * fat
    assert growth_mib < 64  # 80 bodies of 1.5 MiB, held, would be 120 MiB


def test_many_large_json_pushes_at_once_keep_memory_bounded(tmp_path: Path) -> None:
    pushes = 24
    # Small integers parse into the most Python objects per byte of JSON. The streams do not
    # exist, so each push costs its parse only (then 404), not a model run.
    body = b'{"frames": [' + b"[1,2,3]," * (3 * 2**17 - 1) + b"[1,2,3]]}"  # 3 MiB
    with server(tmp_path, "--read-timeout", "300") as (process, port, _):
        assert call(port, "/streams/none/push", {"frames": [[1, 2, 3]]})[0] == 404
        before = peak_kib(process.pid)
        connections = []
        for index in range(pushes):
            connection = connect(port, timeout=300)
            connection.sendall(post_head(f"/streams/none-{index}/push", len(body)) + body)
            connections.append(connection)
        statuses = [status_of(connection) for connection in connections]
        growth_mib = (peak_kib(process.pid) - before) / 1024
    print(f"\npeak memory grew {growth_mib:.0f} MiB for {pushes} JSON pushes of {len(body) / 2**20:.0f} MiB")
    assert set(statuses) <= {404, 503} and 404 in statuses  # 503: past the bytes in flight
    assert growth_mib < 250  # parsed all at once, they took about 700 MiB
