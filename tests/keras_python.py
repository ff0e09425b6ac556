"""The real-Keras interpreter that round-trip tests run files through, and the checks of Keras
files that the layer tests share.

Set ``STATEFULRNN_KERAS_PYTHON`` to the Python of a Keras venv (README, "Reference numbers");
the tests that need it skip, saying so, only when the variable is unset. Set to a path that does
not run, they fail.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

VARIABLE = "STATEFULRNN_KERAS_PYTHON"
KERAS_PYTHON = Path(os.environ[VARIABLE]) if os.environ.get(VARIABLE) else None

needs_keras = pytest.mark.skipif(
    KERAS_PYTHON is None, reason=f"{VARIABLE} is unset: no real-Keras interpreter to check against"
)


def run_in_keras(folder: Path, script: str, *arguments: str, timeout: int = 300) -> str:
    """``script`` (Python source) run by the Keras interpreter with ``arguments``, written into
    ``folder`` first; its standard output. A failing script fails the test with its errors."""
    path = folder / "keras_script.py"
    path.write_text(script)
    result = subprocess.run(
        [str(KERAS_PYTHON), str(path), *arguments], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "CUDA_VISIBLE_DEVICES": "", "TF_CPP_MIN_LOG_LEVEL": "3"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


_PREDICTION_ERROR = """
import sys, numpy as np, keras
{prelude}
model = keras.saving.load_model(sys.argv[1]{load_options})
data = np.load(sys.argv[2])
# Keras 3's fit and predict take text as object arrays (the file keeps it as numpy's strings)
inputs = [data[name] for name in sys.argv[3].split(",")]
inputs = [array.astype(object) if array.dtype.kind == "U" else array for array in inputs]
predicted = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
print("ERROR", float(np.abs(predicted - data["predicted"]).max()))
"""


def keras_prediction_error(
    keras_file: Path, data: Path, inputs: list[str], prelude: str = "", load_options: str = ""
) -> float:
    """How far Keras 3's predictions with the model in ``keras_file``, on the arrays ``inputs``
    of the ``.npz`` file ``data``, are from that file's ``predicted`` (its largest difference).
    ``prelude`` is code run first (the program's own classes and functions, Keras-side), and
    ``load_options`` more arguments of ``load_model`` (``"safe_mode=False, custom_objects=..."``)."""
    options = f", {load_options}" if load_options else ""
    script = _PREDICTION_ERROR.format(prelude=prelude, load_options=options)
    output = run_in_keras(keras_file.parent, script, str(keras_file), str(data), ",".join(inputs))
    return float(output.split("ERROR")[-1])


def keras_error_of_saved(
    model: Any, x: np.ndarray, folder: Path, prelude: str = "", load_options: str = ""
) -> float:
    """`keras_prediction_error` of ``model`` saved as a ``.keras`` file in ``folder``, on ``x``,
    against its own predictions."""
    model.save(folder / "model.keras")
    stored = x.astype(str) if x.dtype == object else x  # text: an .npz of object arrays pickles
    np.savez(folder / "data.npz", x=stored, predicted=model.predict(x, verbose=0))
    return keras_prediction_error(folder / "model.keras", folder / "data.npz", ["x"], prelude, load_options)


def assert_predicts_and_keeps(model: Any, x: Any, predicted: np.ndarray, folder: Path) -> None:
    """``model`` (loaded from a Keras file) predicts ``predicted`` for ``x``, and so does the
    model our own file of it gives back."""
    import statefulrnn

    np.testing.assert_allclose(model.predict(x, verbose=0), predicted, atol=1e-5, rtol=0)
    model.save(folder / "model.safetensors")
    twin = statefulrnn.load_model(folder / "model.safetensors")
    np.testing.assert_allclose(twin.predict(x, verbose=0), predicted, atol=1e-5, rtol=0)
