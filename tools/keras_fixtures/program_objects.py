"""Record what Keras writes and loads for a program's own objects in and around its layers, for
tests/io/test_program_objects.py, which runs the same functions with statefulrnn as ``keras``:

- keras.io's "Serialization and saving" ``CustomLayer`` (registered; ``get_config`` returns
  ``{"factor": ...}`` alone, its constructor takes no ``dtype``) before a ``Dense`` whose
  activation is a registered function of the program's (``my_package>custom_fn``), saved by
  Keras 3 as ``.keras``;
- a ``Wrap`` layer whose ``get_config`` holds its inner layer, and a ``MyDense`` whose holds an
  ``L1L2`` regularizer object: what Keras 3's ``get_config`` and ``keras.layers.serialize``
  write for them;
- a program's ``Attention`` layer (a name Keras has too) with a ``units`` option, saved by
  tf-keras 2 as ``.h5``: loaded with ``custom_objects``, it is the program's, not Keras's.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/program_objects.py``.
Writes tests/fixtures/program_objects/: ``keras_made.keras``, ``tf_keras_attention.h5`` and
``recorded.json`` (the configs Keras wrote, and Keras's outputs of both files for `x`).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

FOLDER = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "program_objects"
FEATURES = 4


@functools.cache
def classes(keras: ModuleType) -> dict[str, Any]:
    """The program's objects written against ``keras`` (made once: a registered name is taken)."""
    layers = keras.layers

    @keras.saving.register_keras_serializable(package="my_package", name="custom_fn")
    def custom_fn(x: Any) -> Any:
        return x**2

    @keras.saving.register_keras_serializable(package="MyLayers")
    class CustomLayer(layers.Layer):
        def __init__(self, factor: float) -> None:
            super().__init__()
            self.factor = factor

        def call(self, x: Any) -> Any:
            return x * self.factor

        def get_config(self) -> dict[str, Any]:
            return {"factor": self.factor}

    class Wrap(layers.Layer):
        def __init__(self, inner: Any, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.inner = inner

        def get_config(self) -> dict[str, Any]:
            return {**super().get_config(), "inner": self.inner}

        @classmethod
        def from_config(cls, config: dict[str, Any]) -> Any:
            config["inner"] = keras.layers.deserialize(config["inner"])
            return cls(**config)

        def call(self, x: Any) -> Any:
            return self.inner(x)

    class MyDense(layers.Layer):
        def __init__(self, units: int, kernel_regularizer: Any = None, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.units, self.kernel_regularizer = units, kernel_regularizer

        def get_config(self) -> dict[str, Any]:
            return {
                **super().get_config(),
                "units": self.units,
                "kernel_regularizer": self.kernel_regularizer,
            }

    class Attention(layers.Layer):
        def __init__(self, units: int = 4, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.units = units

        def call(self, x: Any) -> Any:
            return x * 2.0

        def get_config(self) -> dict[str, Any]:
            return {**super().get_config(), "units": self.units}

    made = {"CustomLayer": CustomLayer, "Wrap": Wrap, "MyDense": MyDense, "Attention": Attention}
    return {**made, "custom_fn": custom_fn}


def model(keras: ModuleType) -> Any:
    """keras.io's CustomLayer, then a Dense with the registered activation."""
    made = classes(keras)
    inputs = keras.Input((FEATURES,))
    x = made["CustomLayer"](0.5)(inputs)
    return keras.Model(inputs, keras.layers.Dense(2, activation=made["custom_fn"])(x))


def attention_model(keras: ModuleType) -> Any:
    """The program's Attention (units=32), then a Dense."""
    inputs = keras.Input((FEATURES,))
    return keras.Model(inputs, keras.layers.Dense(1)(classes(keras)["Attention"](units=32)(inputs)))


def wrap_config(keras: ModuleType) -> dict[str, Any]:
    """A functional model's config with a Wrap of a Dense."""
    inputs = keras.Input((FEATURES,))
    return keras.Model(inputs, classes(keras)["Wrap"](keras.layers.Dense(2))(inputs)).get_config()


def my_dense_entry(keras: ModuleType) -> dict[str, Any]:
    """``keras.layers.serialize`` of a MyDense holding an L1L2 regularizer."""
    regularizer = keras.regularizers.L1L2(l1=1e-5, l2=1e-4)
    return keras.layers.serialize(classes(keras)["MyDense"](16, kernel_regularizer=regularizer))


def x() -> np.ndarray:
    return np.random.default_rng(3).normal(size=(2, FEATURES)).astype("float32")


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    keras.utils.set_random_seed(1)
    FOLDER.mkdir(parents=True, exist_ok=True)
    made = model(keras)
    made.save(FOLDER / "keras_made.keras")
    wrap = wrap_config(keras)
    recorded = {
        "keras": keras.__version__,
        "outputs": made.predict(x(), verbose=0).tolist(),
        "custom_layer_config": made.layers[1].get_config(),
        "activation": keras.layers.serialize(made.layers[2])["config"]["activation"],
        "wrap_inner": {key: wrap["layers"][1]["config"]["inner"][key] for key in ("module", "class_name")},
        "kernel_regularizer": my_dense_entry(keras)["config"]["kernel_regularizer"],
    }
    import tf_keras

    tf_keras.utils.set_random_seed(2)
    legacy = attention_model(tf_keras)
    legacy.save(FOLDER / "tf_keras_attention.h5")
    recorded["attention_outputs"] = legacy.predict(x(), verbose=0).tolist()
    (FOLDER / "recorded.json").write_text(json.dumps(recorded, indent=1) + "\n")
    print(json.dumps({"keras": keras.__version__, "first": recorded["outputs"][0][0]}))


if __name__ == "__main__":
    main()
