"""The forecast CLI against hostile folders, crashes and files: ``fit --replace`` deletes only a
model's own files and survives a SIGKILL mid-swap; every input check is linear; ``fit`` and
``stream`` hold times to one rule and answer bad files with one line, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from statefulrnn.cli import main
from statefulrnn.forecast import folder as model_folder
from statefulrnn.forecast.errors import ForecastInputError
from statefulrnn.forecast.replace import recover

QUICK = ["--epochs", "1", "--chunk", "24", "--quiet", "--no-plots"]
START = dt.datetime(2024, 1, 1)
ROWS = 24 * 31
NEXT = (START + dt.timedelta(hours=ROWS)).isoformat()  # the hour after the data's last


def series_text(rows: int = ROWS, start: dt.datetime = START, offset: str = "") -> str:
    lines = ["time,load"]
    for row in range(rows):
        stamp = (start + dt.timedelta(hours=row)).isoformat() + offset
        lines.append(f"{stamp},{10 + 5 * math.sin(row * 2 * math.pi / 24):.3f}")
    return "\n".join(lines) + "\n"


def run(*arguments: str) -> int:
    return main(["forecast", *arguments])


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error, error
    return error


def files_under(top: Path) -> dict[str, object]:
    """Every path under ``top``: a folder, a link's target or a file's bytes."""
    return {
        os.path.relpath(path, top): (
            ("link", os.readlink(path)) if path.is_symlink() else None if path.is_dir() else path.read_bytes()
        )
        for folder, folders, names in os.walk(top)
        for path in (Path(folder, name) for name in [*folders, *names])
    }


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def fake_model(folder: Path, marker: str) -> Path:
    """A folder holding a model folder's own files (not a loadable model: refusals come first)."""
    folder.mkdir()
    (folder / "forecast.json").write_text(json.dumps({"marker": marker}))
    for name in ("model.safetensors", "state.safetensors", "forecasts.csv"):
        (folder / name).write_text(marker)
    return folder


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    top = tmp_path_factory.mktemp("trained")
    (top / "data.csv").write_text(series_text())
    assert run("fit", str(top / "data.csv"), "--target", "load", "--out", str(top / "model"), *QUICK) == 0
    return top / "model"


@pytest.fixture
def model(trained: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(trained, tmp_path / "model"))


# --- 7. fit --replace: only a model's own files, no litter, a recoverable swap ---------------


def test_replace_refuses_a_folder_holding_files_fit_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = fake_model(tmp_path / "model", "old")
    (target / "data.csv").write_text(series_text())
    (target / "notes.txt").write_text("keep me")
    (tmp_path / "data.csv").write_text(series_text())
    before = files_under(tmp_path)
    assert (
        run("fit", str(target / "data.csv"), "--target", "load", "--out", str(target), "--replace", *QUICK)
        == 2
    )
    assert "holds 'data.csv', 'notes.txt', which forecast fit did not write" in one_line_error(capsys)
    assert files_under(tmp_path) == before


@pytest.mark.parametrize("inside", ["folder", "link"])
def test_replace_refuses_a_folder_holding_a_subfolder_or_a_link(tmp_path: Path, capsys, inside: str) -> None:
    target = fake_model(tmp_path / "model", "old")
    if inside == "folder":
        (target / "runs").mkdir()
    else:
        (target / "state.safetensors").unlink()
        (target / "state.safetensors").symlink_to(tmp_path / "elsewhere")  # an own name, but a link
    (tmp_path / "data.csv").write_text(series_text())
    before = files_under(tmp_path)
    assert (
        run("fit", str(tmp_path / "data.csv"), "--target", "load", "--out", str(target), "--replace", *QUICK)
        == 2
    )
    assert "which forecast fit did not write" in one_line_error(capsys)
    assert files_under(tmp_path) == before


@pytest.mark.parametrize("points_to", ["model folder", "nothing"])
def test_out_on_a_symbolic_link_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], points_to: str
) -> None:
    real = fake_model(tmp_path / "real", "old") if points_to == "model folder" else tmp_path / "missing"
    (tmp_path / "link").symlink_to(real)
    (tmp_path / "data.csv").write_text(series_text())
    before = files_under(tmp_path)
    out = ["--out", str(tmp_path / "link"), "--replace"]
    assert run("fit", str(tmp_path / "data.csv"), "--target", "load", *out, *QUICK) == 2
    assert "is a symbolic link" in one_line_error(capsys)
    assert files_under(tmp_path) == before and os.readlink(tmp_path / "link") == str(real)


def test_replace_deletes_the_temporary_files_killed_runs_left_in_the_folder(model: Path) -> None:
    litter = [".forecast.json.0123456789ab.tmp", ".state.safetensors.new-1"]
    for name in litter:
        (model / name).write_text("half written")
    data = model.parent / "data.csv"
    data.write_text(series_text())
    assert run("fit", str(data), "--target", "load", "--out", str(model), "--replace", *QUICK) == 0
    assert not any(name.startswith(".") for name in os.listdir(model))
    assert sorted(os.listdir(model.parent)) == ["data.csv", "model"]


def test_a_killed_swap_is_recovered_old_folder_back_new_one_removed(tmp_path: Path) -> None:
    pid = dead_pid()
    fake_model(tmp_path / f".model.old-{pid}", "old")  # killed between the two renames
    fake_model(tmp_path / f".model.new-{pid}", "new")
    recover(tmp_path / "model")
    assert sorted(os.listdir(tmp_path)) == ["model"]
    assert json.loads((tmp_path / "model" / "forecast.json").read_text()) == {"marker": "old"}


def test_a_swap_killed_after_its_renames_leaves_the_new_folder(tmp_path: Path) -> None:
    pid = dead_pid()
    fake_model(tmp_path / "model", "new")
    fake_model(tmp_path / f".model.old-{pid}", "old")  # killed while deleting the old files
    recover(tmp_path / "model")
    assert sorted(os.listdir(tmp_path)) == ["model"]
    assert json.loads((tmp_path / "model" / "forecast.json").read_text()) == {"marker": "new"}


def test_leftovers_of_a_running_fit_and_foreign_files_are_left_alone(tmp_path: Path) -> None:
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        fake_model(tmp_path / "model", "current")
        fake_model(tmp_path / f".model.new-{running.pid}", "being built")
        old = fake_model(tmp_path / f".model.old-{dead_pid()}", "old")
        (old / "notes.txt").write_text("not a model's")
        with pytest.raises(ForecastInputError, match=r"left in place: it holds 'notes.txt'"):
            recover(tmp_path / "model")
        assert sorted(os.listdir(old)) == ["notes.txt"]  # the model's own files went, not the note
        assert (tmp_path / f".model.new-{running.pid}" / "forecast.json").exists()
    finally:
        running.kill()
        running.wait()


_KILLED_MID_SWAP = """
import os, signal, sys
from pathlib import Path
from statefulrnn.forecast.replace import building

rename = os.rename

def rename_then_die(source, destination):
    rename(source, destination)
    if ".old-" in os.fspath(destination):  # the first of the swap's two renames is done
        os.kill(os.getpid(), signal.SIGKILL)

os.rename = rename_then_die
with building(Path(sys.argv[1]), replace=True) as folder:
    (folder / "forecast.json").write_text('{"marker": "new"}')
"""


def test_a_real_sigkill_between_the_renames_loses_nothing(tmp_path: Path, capsys) -> None:
    fake_model(tmp_path / "model", "old")
    process = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_SWAP, str(tmp_path / "model")], capture_output=True, timeout=300
    )
    assert process.returncode == -9, process.stderr.decode()[-2000:]
    assert sorted(name.split("-")[0] for name in os.listdir(tmp_path)) == [".model.new", ".model.old"]
    (tmp_path / "data.csv").write_text(series_text())
    # The next run puts the old folder back, then replaces it as asked.
    assert (
        run("fit", str(tmp_path / "data.csv"), "--target", "load", "--out", str(tmp_path / "model"), *QUICK)
        == 2
    )
    assert "exists; pass --replace" in one_line_error(capsys)
    assert sorted(os.listdir(tmp_path)) == ["data.csv", "model"]
    assert json.loads((tmp_path / "model" / "forecast.json").read_text()) == {"marker": "old"}


# --- 8. every input check is linear -------------------------------------------------------


def test_two_hundred_thousand_irregular_rows_are_refused_at_once(tmp_path: Path) -> None:
    lines, time = ["time,load"], START
    for row in range(200_000):
        time += dt.timedelta(seconds=60 + row)  # every step different
        lines.append(f"{time.isoformat()},{row % 24}")
    (tmp_path / "data.csv").write_text("\n".join(lines) + "\n")
    command = [sys.executable, "-m", "statefulrnn.cli", "forecast", "fit", str(tmp_path / "data.csv")]
    # Linear checks take about a second; the quadratic count took hours. The bound is for a hang.
    done = subprocess.run(
        [*command, "--target", "load", "--out", str(tmp_path / "model")],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr[-2000:]
    assert (
        "line 4: 2024-01-01T00:03:03 comes 0:01:02 after the row before (2024-01-01T00:02:01), but the "
        in (done.stderr)
    )


# --- 9. one time rule for fit and stream, one-line errors ---------------------------------


def fit_text(tmp_path: Path, text: str | bytes, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "data.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    assert run("fit", str(path), "--target", "load", "--out", str(tmp_path / "model"), *QUICK) == 2
    assert sorted(os.listdir(tmp_path)) == ["data.csv"]
    return one_line_error(capsys)


def test_fit_refuses_a_descending_time_column(tmp_path: Path, capsys) -> None:
    lines = series_text().splitlines()
    text = "\n".join([lines[0], *reversed(lines[1:])]) + "\n"
    assert (
        "line 3: 2024-01-31T22:00:00 comes before the row before (2024-01-31T23:00:00); times must increase"
        in fit_text(tmp_path, text, capsys)
    )


def test_fit_refuses_mixed_times_with_and_without_a_utc_offset(tmp_path: Path, capsys) -> None:
    lines = series_text().splitlines()
    lines[40] = lines[40].replace(",", "+00:00,", 1)
    assert "line 41: 2024-01-02T15:00:00+00:00 has a UTC offset, but the row before" in fit_text(
        tmp_path, "\n".join(lines) + "\n", capsys
    )


def test_fit_refuses_a_file_that_is_not_utf8(tmp_path: Path, capsys) -> None:
    text = series_text().replace("time,load", "time,load,note", 1).encode()
    lines = text.split(b"\n")
    lines[7] += b",caf\xe9"
    error = fit_text(tmp_path, b"\n".join(lines), capsys)
    column = lines[7].index(b"\xe9") + 1
    assert (
        f"data.csv' line 8: byte 0xe9 at column {column} is not UTF-8; save the file as UTF-8 text" in error
    )


def test_fit_refuses_a_row_that_is_not_csv(tmp_path: Path, capsys) -> None:
    lines = series_text().splitlines()
    lines[9] += ',"' + "x" * 200_000 + '"'  # past the csv module's field size limit
    assert "line 10: not a CSV row (field larger than field limit" in fit_text(
        tmp_path, "\n".join(lines) + "\n", capsys
    )


def stream(model: Path, text: str | bytes, *arguments: str) -> int:
    path = model.parent / "rows.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return run("stream", str(model), "--input", str(path), *arguments)


def rows(start: str, count: int = 3, offset: str = "") -> str:
    return series_text(count, dt.datetime.fromisoformat(start), offset).replace("\n", "\r\n")


@pytest.fixture
def unchanged(model: Path) -> Iterator[Path]:
    """The model folder; after the test, asserted unchanged (no state saved, no file left)."""
    before = files_under(model)
    yield model
    assert files_under(model) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            rows("2024-01-31T20:00:00"),
            "line 2: 2024-01-31T20:00:00 comes before the last time the model's state",
        ),
        (
            rows("2024-01-31T23:00:00"),
            "line 2: 2024-01-31T23:00:00 repeats the last time the model's state has ",
        ),
        (
            rows("2024-02-01T05:00:00"),
            "line 2: 2024-02-01T05:00:00 comes 6:00:00 after the last time the model's state has seen "
            "(2024-01-31T23:00:00), but the series steps by 1:00:00: a gap or a jump",
        ),
        (
            rows(NEXT) + "2024-02-01T02:00:00,3\r\n",
            "line 5: 2024-02-01T02:00:00 repeats the row before (2024-02-01T02:00:00); times must increase",
        ),
        (
            rows(NEXT) + "2024-02-01T04:00:00,3\r\n",
            "line 5: 2024-02-01T04:00:00 comes 2:00:00 after the row before (2024-02-01T02:00:00), but",
        ),
        (
            rows(NEXT, offset="+01:00"),
            "line 2: 2024-02-01T00:00:00+01:00 has a UTC offset, but the last time",
        ),
        (
            b"time,load\n" + NEXT.encode() + b",\xff\n",
            "rows.csv' line 2: byte 0xff at column 21 is not UTF-8",
        ),
        ("load\n3\n", "the first line must be a header naming the columns ['load', 'time']; column 'time'"),
    ],
    ids=["past", "repeat of the last", "jump", "repeat", "gap", "offset", "not utf-8", "no time column"],
)
def test_stream_holds_rows_to_the_time_rule_of_fit(unchanged: Path, capsys, text: str, message: str) -> None:
    assert stream(unchanged, text, "--save-state") == 2
    assert message in one_line_error(capsys)


def test_stream_reads_a_bom_and_continues_from_the_saved_time(model: Path, capsys) -> None:
    assert stream(model, "\ufeff" + rows(NEXT, 5), "--save-state") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "for_time,forecast" and out[1].startswith("2024-02-01T01:00:00,") and len(out) == 6
    assert stream(model, rows(NEXT)) == 2  # the state has moved on: these rows are from its past
    assert "comes before the last time the model's state has seen (2024-02-01T04:00:00)" in one_line_error(
        capsys
    )
    assert stream(model, rows("2024-02-01T05:00:00")) == 0
    assert not [name for name in os.listdir(model) if name.startswith(".")]


def test_stream_from_test_starts_at_the_test_parts_time(model: Path, capsys) -> None:
    validation = json.loads((model / "forecast.json").read_text())["split"]["validation"]
    first, before = (START + dt.timedelta(hours=validation - back) for back in (0, 1))
    assert stream(model, rows(first.isoformat()), "--from", "test") == 0
    assert stream(model, rows(NEXT), "--from", "test") == 2
    assert f"the last time the model's state has seen ({before.isoformat()})" in one_line_error(capsys)


def test_a_state_file_replaced_by_another_program_is_refused(model: Path, capsys) -> None:
    (model / "state.safetensors").write_bytes((model / "test_start.safetensors").read_bytes())
    assert stream(model, rows(NEXT)) == 2
    assert "is not a state forecast.json records a time for" in one_line_error(capsys)


def test_a_folder_from_before_state_times_were_recorded_streams_from_its_last_time(
    model: Path, capsys
) -> None:
    info = json.loads((model / "forecast.json").read_text())
    del info["state_times"]
    info["time_column"] = None  # as the first version wrote it without --time-column
    (model / "forecast.json").write_text(json.dumps(info))
    assert stream(model, rows(NEXT)) == 0
    assert stream(model, rows("2024-02-01T01:00:00")) == 2
    assert "comes 2:00:00 after the last time the model's state has seen (2024-01-31T23:00:00)" in (
        one_line_error(capsys)
    )


def test_a_save_state_killed_before_its_rename_keeps_the_old_states_time(
    model: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    write_info = model_folder.write_info

    def then_killed(*arguments: object) -> None:
        write_info(*arguments)
        (model / f".state.safetensors.new-{dead_pid()}").write_text("what SIGKILL leaves")
        raise KeyboardInterrupt  # stopped after the time record, before the new state's rename

    monkeypatch.setattr(model_folder, "write_info", then_killed)
    with pytest.raises(KeyboardInterrupt):
        stream(model, rows(NEXT), "--save-state")
    monkeypatch.undo()
    assert len(json.loads((model / "forecast.json").read_text())["state_times"]) == 2
    capsys.readouterr()
    assert stream(model, rows(NEXT)) == 0  # the old state, at the old time
    assert not [name for name in os.listdir(model) if name.startswith(".")]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("columns", None, "is damaged: 'columns' is None, not a list"),
        ("step_seconds", "hourly", "is damaged: 'step_seconds' is 'hourly', not a number or null"),
        ("last_time", "noon", "is damaged: 'noon' is not an ISO 8601 time"),
        ("state_times", [], "is damaged: 'state_times' is not an object"),
        ("step_seconds", 0, "is damaged: 'step_seconds' is 0 and 'last_time' is '2024-01-31T23:00:00'"),
        ("split", {"rows": "744"}, "is damaged: 'split' is {'rows': '744'}"),
        ("inputs", {}, "does not load: 'inputs' is {}, not a record of the model's inputs"),
    ],
)
def test_a_damaged_description_is_one_line(
    model: Path, capsys, key: str, value: object, message: str
) -> None:
    info = json.loads((model / "forecast.json").read_text())
    (model / "forecast.json").write_text(json.dumps({**info, key: value}))
    assert stream(model, rows(NEXT)) == 2
    assert message in one_line_error(capsys)


def test_a_damaged_model_file_is_one_line(model: Path, capsys) -> None:
    (model / "model.safetensors").write_bytes(b"\x00" * 64)
    assert stream(model, rows(NEXT)) == 2
    assert "model' does not load: " in one_line_error(capsys)
