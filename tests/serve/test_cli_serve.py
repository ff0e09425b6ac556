"""``statefulrnn serve``: the real command serves, stops on SIGINT and saves its streams; a
file it cannot serve is one line on stderr and exit status 2."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np
import pytest

from statefulrnn import GRU, Sequential
from statefulrnn.cli import main
from statefulrnn.streaming import StreamPool

from .servers import TIMEOUT_S, chunks, make_model, offline


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """The lines of a pipe as they come, read on a thread so that a wait can time out."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    return lines


def _call(url: str, method: str = "GET", body: dict | None = None, headers: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
        return json.load(response)


def test_serve_runs_until_sigint_and_saves_its_streams(tmp_path: Path) -> None:
    model = make_model()
    model.save(tmp_path / "model.safetensors")
    first, second = chunks(seed=20, count=2)
    snapshot = tmp_path / "streams.snapshot"
    command = [sys.executable, "-m", "statefulrnn.cli", "serve", str(tmp_path / "model.safetensors")]
    process = subprocess.Popen(
        [*command, "--port", "0", "--snapshot", str(snapshot)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = _lines(process.stdout)
        listening = lines.get(timeout=TIMEOUT_S)
        url = re.search(r"listening on (http://127\.0\.0\.1:\d+) \(frame size 3, 0 open streams", listening)
        assert url, listening
        assert _call(f"{url[1]}/health") == {
            "status": "ok",
            "frame_size": 3,
            "open_streams": 0,
            "max_streams": 1024,
        }
        token = {"X-Stream-Token": _call(f"{url[1]}/streams", "POST", {"id": "kept"})["token"]}
        outputs = _call(f"{url[1]}/streams/kept/push", "POST", {"frames": first.tolist()}, token)["outputs"]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=TIMEOUT_S) == 0, process.stderr.read()
        assert (
            lines.get(timeout=TIMEOUT_S).strip()
            == f"statefulrnn serve: stopped; 1 open stream saved to {snapshot}"
        )
    finally:
        process.kill()  # a no-op once it has exited
        process.wait()
    pool = StreamPool(model)  # the saved stream goes on exactly where it stopped
    assert pool.restore(snapshot) == ["kept"]
    served = np.concatenate([np.asarray(outputs, np.float32), pool.push("kept", second)])
    np.testing.assert_allclose(served, offline(model, np.concatenate([first, second])), atol=1e-5)


def test_the_bearer_token_may_come_from_the_environment(tmp_path: Path) -> None:
    make_model().save(tmp_path / "model.safetensors")
    command = [sys.executable, "-m", "statefulrnn.cli", "serve", str(tmp_path / "model.safetensors")]
    environment = {**os.environ, "STATEFULRNN_SERVE_TOKEN": "from-the-environment"}
    process = subprocess.Popen(
        [*command, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
    )
    try:
        url = re.search(
            r"listening on (http://127\.0\.0\.1:\d+)", _lines(process.stdout).get(timeout=TIMEOUT_S)
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            _call(f"{url[1]}/streams", "POST", {})
        assert refused.value.code == 401
        opened = _call(f"{url[1]}/streams", "POST", {}, {"Authorization": "Bearer from-the-environment"})
        assert set(opened) == {"id", "token"}
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=TIMEOUT_S) == 0, process.stderr.read()
    finally:
        process.kill()
        process.wait()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: None, r"^statefulrnn serve: No statefulrnn model file at '.*model\.safetensors'\.$"),
        (
            lambda path: path.write_text("hello"),
            r"^statefulrnn serve: '.*model\.safetensors' is not a statefulrnn model file: it is not",
        ),
        (
            lambda path: _not_stateful().save(path),
            r"^statefulrnn serve: the model in '.*model\.safetensors' cannot serve streams: Layer 'gru.*' is "
            r"not stateful",
        ),
    ],
    ids=["missing", "not-a-model", "not-stateful"],
)
def test_a_file_that_cannot_be_served_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], object], message: str
) -> None:
    path = tmp_path / "model.safetensors"
    make(path)
    assert main(["serve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert re.match(message, err), err


def test_a_taken_port_and_a_missing_snapshot_folder_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "model.safetensors"
    make_model().save(path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", str(path), "--port", str(port)]) == 2
    assert re.match(rf"^statefulrnn serve: cannot listen on 127\.0\.0\.1:{port}: ", capsys.readouterr().err)
    assert main(["serve", str(path), "--snapshot", str(tmp_path / "no" / "snap")]) == 2
    assert re.match(
        r"^statefulrnn serve: the snapshot .* cannot be written: no folder", capsys.readouterr().err
    )


def test_without_aiohttp_serve_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)  # makes `import aiohttp` fail
    for name in [name for name in sys.modules if name.startswith("statefulrnn.serve")]:
        monkeypatch.delitem(sys.modules, name)
    assert main(["serve", str(tmp_path / "model.safetensors")]) == 2
    assert capsys.readouterr().err == (
        'statefulrnn serve needs aiohttp, which is not installed: pip install "statefulrnn[serve]"\n'
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--port", "70000", r"argument --port: expected a port number 0\.\.65535"),
        ("--max-streams", "0", r"argument --max-streams: expected a positive int, received '0'"),
        ("--idle-timeout", "nan", r"argument --idle-timeout: expected a positive float, received 'nan'"),
        ("--read-timeout", "0", r"argument --read-timeout: expected a positive float, received '0'"),
        ("--max-connections", "-1", r"argument --max-connections: expected a positive int, received '-1'"),
        ("--shutdown-timeout", "x", r"argument --shutdown-timeout: expected a positive float, received 'x'"),
    ],
)
def test_bad_options_are_refused(
    capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "model.safetensors", option, value])
    assert exit_.value.code == 2
    assert re.search(message, capsys.readouterr().err)


def _not_stateful() -> Sequential:
    model = Sequential([GRU(2, batch_input_shape=(1, None, 3))])
    model(np.zeros((1, 1, 3)))
    return model
