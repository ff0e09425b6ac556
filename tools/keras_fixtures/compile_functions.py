"""Record Keras's model files compiled with a program's own loss and metric functions (the
hand-written ``r2_keras`` metric and loss of Kaggle-style programs), which ``load_model`` compiles
again when the program hands them over in ``custom_objects``.

- tf-keras 2.21, ``.h5``: its ``training_config`` names the loss by its name (``"my_loss"``) and
  each metric as a ``MeanMetricWrapper`` of its function's name (``"mae"`` ->
  ``mean_absolute_error``, ``"accuracy"`` -> ``binary_accuracy``, ``r2_keras``);
- Keras 3.15, ``.keras``: its ``compile_config`` names each function as
  ``{"class_name": "function", "config": "my_loss", ...}``.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/compile_functions.py``.
Writes tests/fixtures/compile_functions/: ``tf_keras.h5``, ``keras3.keras`` and
``recorded.json`` (each file's ``evaluate`` on `data`, as Keras computes it after loading).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

FOLDER = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "compile_functions"


def functions(backend: Any) -> dict[str, Any]:
    """The program's loss and metric, written with ``backend``'s sum, square and mean (Keras 2's
    ``keras.backend`` or Keras 3's ``keras.ops``)."""

    def my_loss(y_true: Any, y_pred: Any) -> Any:
        return backend.mean(backend.square(y_true - y_pred), axis=-1)

    def r2_keras(y_true: Any, y_pred: Any) -> Any:
        residual = backend.sum(backend.square(y_true - y_pred))
        total = backend.sum(backend.square(y_true - backend.mean(y_true)))
        return 1 - residual / (total + 1e-7)

    return {"my_loss": my_loss, "r2_keras": r2_keras}


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.normal(size=(8, 3)).astype("float32"), rng.uniform(size=(8, 1)).astype("float32")


def trained(keras: ModuleType, backend: Any) -> Any:
    """A Dense model compiled with the program's loss and metrics beside Keras's, fit once."""
    custom = functions(backend)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(
        loss=custom["my_loss"], optimizer="rmsprop", metrics=["mae", "accuracy", custom["r2_keras"]]
    )
    model.fit(*data(), epochs=2, batch_size=8, verbose=0)
    return model


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tf_keras

    keras.utils.set_random_seed(0)
    FOLDER.mkdir(parents=True, exist_ok=True)
    recorded = {}
    for name, module, backend, file in (
        ("tf_keras", tf_keras, tf_keras.backend, "tf_keras.h5"),
        ("keras3", keras, keras.ops, "keras3.keras"),
    ):
        trained(module, backend).save(FOLDER / file)
        loaded = module.models.load_model(FOLDER / file, custom_objects=functions(backend))
        recorded[name] = [float(value) for value in loaded.evaluate(*data(), verbose=0)]
    (FOLDER / "recorded.json").write_text(json.dumps(recorded, indent=1) + "\n")
    print(recorded)


if __name__ == "__main__":
    main()
