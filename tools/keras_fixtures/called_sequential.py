"""Record the ``.keras`` file Keras 3 writes for a Sequential that declares no input shape and is
built by its first call (keras.io's "Customizing Saving and Serialization" guide saves one):
Keras takes the call's whole shape, batch size included, as the model's input shape.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/called_sequential.py``.
Writes tests/fixtures/called_sequential/: ``model.keras`` (Keras's file) and ``record.npz``
with ``x`` (the (10, 6) first call's inputs), ``x_other`` (4 rows, another batch size), the
model's weights ``w_0, w_1``, ``y_other`` (its outputs for ``x_other``) and a JSON ``shapes``:
the saved config's InputLayer ``batch_shape``, ``build_input_shape`` and ``build_config``.
The tests build the same model with ``build`` below, statefulrnn given as ``keras``.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "called_sequential"


def build(keras: ModuleType) -> Any:
    """A Sequential with no Input and no input_shape=, as the guide writes it."""
    return keras.Sequential([keras.layers.Dense(3, activation="tanh", name="called_dense")])


def saved_shapes(path: Path) -> dict[str, Any]:
    """The input shapes a ``.keras`` file's config.json holds for its Sequential."""
    config = json.loads(zipfile.ZipFile(path).read("config.json"))
    return {
        "batch_shape": config["config"]["layers"][0]["config"]["batch_shape"],
        "build_input_shape": config["config"]["build_input_shape"],
        "build_config": config["build_config"],
    }


def main() -> None:
    import keras
    import numpy as np

    rng = np.random.default_rng(7)
    x = rng.random((10, 6)).astype("float32")
    x_other = rng.random((4, 6)).astype("float32")
    model = build(keras)
    model(x)
    OUT.mkdir(parents=True, exist_ok=True)
    model.save(OUT / "model.keras")
    weights = {f"w_{i}": w for i, w in enumerate(model.get_weights())}
    np.savez(
        OUT / "record.npz",
        x=x,
        x_other=x_other,
        y_other=model.predict(x_other, verbose=0),
        shapes=json.dumps(saved_shapes(OUT / "model.keras")),
        **weights,
    )


if __name__ == "__main__":
    main()
