"""The package stands on its own: one version, a license, type hints, the tour and data in the wheel,
and a command line that answers ``--help`` without importing torch."""

from __future__ import annotations

import email.parser
import importlib.metadata
import importlib.util
import json
import shutil
import subprocess
import sys
import urllib.parse
import zipfile
from pathlib import Path

import pytest

import statefulrnn

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(statefulrnn.__file__).resolve().parent

# Runs the command's parser in a fresh interpreter and reports its exit status and whether
# anything imported torch on the way.
_PARSE_ONLY = """
import json, sys
from statefulrnn.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exit:
    status = exit.code
print(json.dumps({"status": status, "torch": "torch" in sys.modules}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel built from this checkout, in a copy of what the build reads (the checkout stays clean)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", "dist", "."],
        cwd=source, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (built,) = (source / "dist").glob("statefulrnn-*.whl")
    return zipfile.ZipFile(built)


def _metadata(wheel: zipfile.ZipFile) -> email.message.Message:
    (name,) = (n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    return email.parser.Parser().parsestr(wheel.read(name).decode())


def test_the_version_has_one_source() -> None:
    assert 'dynamic = ["version"]' in (ROOT / "pyproject.toml").read_text()
    assert importlib.metadata.version("statefulrnn") == statefulrnn.__version__


def test_the_wheel_carries_the_version_license_and_urls(wheel: zipfile.ZipFile) -> None:
    metadata = _metadata(wheel)
    assert metadata["Version"] == statefulrnn.__version__
    assert metadata["License-Expression"] == "Apache-2.0"
    assert "Typing :: Typed" in metadata.get_all("Classifier")
    assert any(url.startswith("Source, https://github.com/") for url in metadata.get_all("Project-URL"))


def test_the_license_file_is_the_apache_2_license_and_ships(wheel: zipfile.ZipFile) -> None:
    text = (ROOT / "LICENSE").read_text()
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "END OF TERMS AND CONDITIONS" in text
    (shipped,) = (n for n in wheel.namelist() if n.endswith(".dist-info/licenses/LICENSE"))
    assert wheel.read(shipped).decode() == text


def test_the_wheel_ships_type_hints_the_tour_and_the_forecast_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert {
        "statefulrnn/py.typed",
        "statefulrnn/tour/__init__.py",
        "statefulrnn/tour/__main__.py",
        "statefulrnn/forecast/data/seattle_hourly_temperature_2010.csv",
        "statefulrnn/forecast/data/README.md",
    } <= names
    (entry_points,) = (n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "statefulrnn = statefulrnn.cli:main" in wheel.read(entry_points).decode()


def test_the_tests_import_the_installed_package() -> None:
    # pip's installation (the first one on sys.path: a build's src/*.egg-info is no install): an
    # editable one runs the checkout's src/, any other its copy in site-packages, not the src/
    # of a clone beside the tests (.ci/run installs a clone non-editable and runs the tests).
    (installed, *_) = (
        d for d in importlib.metadata.distributions(name="statefulrnn") if d.read_text("INSTALLER")
    )
    direct_url = json.loads(installed.read_text("direct_url.json") or "{}")
    if direct_url.get("dir_info", {}).get("editable"):
        home = Path(urllib.parse.unquote(urllib.parse.urlparse(direct_url["url"]).path)) / "src"
    else:
        home = Path(installed.locate_file(""))
    assert PACKAGE.parent == home.resolve(), direct_url


def test_the_tour_lives_in_the_package_and_the_example_only_runs_it() -> None:
    # The notebook's cells run (and their output is checked) in tests/test_notebook.py.
    origin = Path(importlib.util.find_spec("statefulrnn.tour.__main__").origin).resolve()
    assert origin.parent.parent == PACKAGE
    runner = (ROOT / "examples" / "stateful_rnns_notebook.py").read_text()
    assert "from statefulrnn.tour import run" in runner and "# In [" not in runner


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["--version"], ["tour", "--help"], ["forecast", "--help"], ["forecast", "fit", "--help"],
     ["forecast", "stream", "--help"], ["serve", "--help"]],
    ids=" ".join,
)  # fmt: skip
def test_the_command_answers_help_without_importing_torch(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PARSE_ONLY, *argv], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report == {"status": 0, "torch": False}, result.stdout


def test_names_load_on_first_use_as_if_imported() -> None:
    code = (
        "import sys, statefulrnn; before = 'torch' in sys.modules; "
        "from statefulrnn import LSTM; import statefulrnn.layers as layers; "
        "assert LSTM is layers.LSTM and statefulrnn.io.load_keras and statefulrnn.load_model; "
        "assert set(statefulrnn.__all__) <= set(dir(statefulrnn)); "
        "assert not hasattr(statefulrnn, 'no_such_name'); print(before)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_tensorflow_names_say_statefulrnn_stands_in_for_keras() -> None:
    # `import tensorflow as tf` becomes `import statefulrnn as tf` for a program's tf.keras.
    import statefulrnn

    for name in ("stack", "newaxis", "tile", "transpose", "signal"):
        with pytest.raises(AttributeError, match=rf"not for TensorFlow's own tf.{name}; write it with"):
            getattr(statefulrnn, name)
    with pytest.raises(AttributeError, match=r"has no attribute 'data_structures'$"):  # no TensorFlow name
        statefulrnn.data_structures  # noqa: B018
    with pytest.raises(AttributeError, match=r"not for TensorFlow's tf.data.Dataset; give fit numpy arrays"):
        statefulrnn.data.Dataset  # noqa: B018  (statefulrnn.data is ours: tf.data lands there)


@pytest.mark.parametrize(
    "module",
    ["statefulrnn.training.trainer", "statefulrnn.callbacks", "statefulrnn.io.weights", "statefulrnn.models"],
)
def test_every_module_imports_first_in_a_fresh_process(module: str) -> None:
    # The training -> callbacks -> io -> models -> training cycle made some first imports fail.
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
