"""What Keras 3's module-level ``serialize`` and ``deserialize`` give (``keras.regularizers``,
``constraints``, ``initializers``, ``activations``, ``losses``, ``metrics``, ``optimizers``):
the truth for statefulrnn's, which a program's own ``get_config`` calls (a custom layer writing
``keras.constraints.serialize(self.kernel_constraint)``, None when it has none).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/module_serialize.py
Writes tests/fixtures/module_serialize/values.json: for each case of `serialize_cases`, what
``serialize`` returned (``{"error": kind}`` where Keras raised), and for each of
`deserialize_cases` the class (or function) name of what ``deserialize`` returned, with the
config of an object that has one. The test runs the same cases with statefulrnn as ``keras``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "module_serialize" / "values.json"


def program_objects(keras: Any) -> dict[str, Any]:
    """A program's own regularizer class and activation function, as a custom layer's module
    defines them."""

    class Scaled(keras.regularizers.Regularizer):
        def __init__(self, factor: float = 1.0) -> None:
            self.factor = factor

        def __call__(self, x: Any) -> Any:
            return self.factor * keras.ops.sum(x)

        def get_config(self) -> dict[str, Any]:
            return {"factor": self.factor}

    def halved(x: Any) -> Any:
        return x / 2

    Scaled.__module__ = halved.__module__ = "program"  # where a program's module defines them
    return {"Scaled": Scaled, "halved": halved}


def serialize_cases(keras: Any) -> dict[str, Any]:
    """Each case's ``serialize`` result (a zero-argument function making it)."""
    own = program_objects(keras)
    return {
        "regularizers none": lambda: keras.regularizers.serialize(None),
        "regularizers l2": lambda: keras.regularizers.serialize(keras.regularizers.L2(0.5)),
        "regularizers l1l2": lambda: keras.regularizers.serialize(keras.regularizers.L1L2(l1=0.25, l2=0.5)),
        "regularizers program class": lambda: keras.regularizers.serialize(own["Scaled"](2.0)),
        "constraints none": lambda: keras.constraints.serialize(None),
        "constraints max_norm": lambda: keras.constraints.serialize(keras.constraints.MaxNorm(2.0)),
        "constraints non_neg": lambda: keras.constraints.serialize(keras.constraints.NonNeg()),
        "initializers none": lambda: keras.initializers.serialize(None),
        "initializers constant": lambda: keras.initializers.serialize(keras.initializers.Constant(0.5)),
        "initializers zeros": lambda: keras.initializers.serialize(keras.initializers.get("zeros")),
        "activations relu": lambda: keras.activations.serialize(keras.activations.relu),
        "activations get sigmoid": lambda: keras.activations.serialize(keras.activations.get("sigmoid")),
        "activations get none": lambda: keras.activations.serialize(keras.activations.get(None)),
        "activations tanh": lambda: keras.activations.serialize(keras.activations.tanh),
        "activations program function": lambda: keras.activations.serialize(own["halved"]),
        "activations none": lambda: keras.activations.serialize(None),
        "losses class": lambda: keras.losses.serialize(keras.losses.MeanSquaredError()),
        "losses huber": lambda: keras.losses.serialize(keras.losses.Huber(delta=2.0)),
        "losses function": lambda: keras.losses.serialize(keras.losses.mean_absolute_error),
        "metrics class": lambda: keras.metrics.serialize(keras.metrics.MeanAbsoluteError()),
        "metrics function": lambda: keras.metrics.serialize(keras.metrics.mean_squared_error),
    }


def deserialize_cases(keras: Any) -> dict[str, Any]:
    """Each case's ``deserialize`` result (a zero-argument function making it)."""
    own = program_objects(keras)
    scaled = {"module": "program", "class_name": "Scaled", "config": {"factor": 2.0}}
    scaled["registered_name"] = "Scaled"
    function = {"module": "builtins", "class_name": "function", "registered_name": "function"}
    return {
        "regularizers dict": lambda: keras.regularizers.deserialize(
            {"class_name": "L2", "config": {"l2": 0.5}}
        ),
        "regularizers program class": lambda: keras.regularizers.deserialize(scaled, custom_objects=own),
        "constraints dict": lambda: keras.constraints.deserialize(
            {"class_name": "MaxNorm", "config": {"max_value": 3.0}}
        ),
        "initializers dict": lambda: keras.initializers.deserialize(
            {"class_name": "Constant", "config": {"value": 0.5}}
        ),
        "activations name": lambda: keras.activations.deserialize("relu"),
        "activations program function": lambda: keras.activations.deserialize(
            {**function, "config": "halved"}, custom_objects=own
        ),
        "losses dict": lambda: keras.losses.deserialize({"class_name": "Huber", "config": {"delta": 2.0}}),
        "losses function": lambda: keras.losses.deserialize({**function, "config": "mean_squared_error"}),
        "metrics dict": lambda: keras.metrics.deserialize(
            {"class_name": "MeanAbsoluteError", "config": {"name": "mae"}}
        ),
        "optimizers dict": lambda: keras.optimizers.deserialize(
            {"class_name": "Adam", "config": {"learning_rate": 0.01}}
        ),
    }


def serialized(make: Any) -> Any:
    try:
        return make()
    except Exception as error:  # the kind of error is what is recorded
        return {"error": type(error).__name__}


def described(make: Any) -> dict[str, Any]:
    """What a ``deserialize`` case made: its class (or function) name, and the parts of its
    config the test compares (an optimizer's learning rate, a metric's name, ...)."""
    made = make()
    if callable(made) and not hasattr(made, "get_config"):
        return {"function": made.__name__}
    config = made.get_config()
    keys = ("l2", "factor", "max_value", "value", "delta", "name", "learning_rate")
    return {"class": type(made).__name__, "config": {key: config[key] for key in keys if key in config}}


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    document = {
        "keras": keras.__version__,
        "serialize": {label: serialized(make) for label, make in serialize_cases(keras).items()},
        "deserialize": {label: described(make) for label, make in deserialize_cases(keras).items()},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
