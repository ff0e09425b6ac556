"""Record the order of ``model.layers`` (and so of ``get_weights``) of branched functional
models in Keras 3, for tests/models/test_layer_order.py, which builds the same models with
statefulrnn as ``keras``.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/layer_order.py``.
Writes tests/fixtures/layer_order/layer_order.json: per graph, each layer's class name and the
shapes of the model's weights, in Keras's order; ``keyword_inputs`` also as tf-keras orders it
(``keyword_inputs_tf_keras``: tf-keras splits a first input given by name out first).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

NAMED = (
    "h", "g", "y", "out", "priority", "department", "a", "unused", "title", "body", "tags",
    "b", "dense_a", "dense_source", "dense_target", "join",
)  # fmt: skip
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "layer_order" / "layer_order.json"


def two_branches(keras: ModuleType) -> Any:
    """keras.io's functional API guide's ticket model, small: two Embedding/LSTM branches and a
    third input concatenated, two heads in a dict."""
    layers = keras.layers
    title = keras.Input(shape=(None,), name="title")
    body = keras.Input(shape=(None,), name="body")
    tags = keras.Input(shape=(3,), name="tags")
    t = layers.LSTM(5)(layers.Embedding(10, 4)(title))
    b = layers.LSTM(3)(layers.Embedding(10, 2)(body))
    x = layers.concatenate([t, b, tags])
    priority = layers.Dense(1, name="priority")(x)
    department = layers.Dense(2, name="department")(x)
    return keras.Model([title, body, tags], {"priority": priority, "department": department})


def residual(keras: ModuleType) -> Any:
    """A skip connection over two Dense layers, and an Input no output reads."""
    layers = keras.layers
    a = keras.Input(shape=(4,), name="a")
    unused = keras.Input(shape=(2,), name="unused")
    h = layers.Dense(4, name="h")(a)
    y = layers.Dense(4, name="y")(layers.Dense(4, name="g")(h))
    return keras.Model([a, unused], layers.Dense(1, name="out")(layers.add([h, y])))


def keyword_inputs(keras: ModuleType) -> Any:
    """A layer called with its tensors by keyword (``join(target=t, source=s)``, as Deep
    Learning with Python's Transformer decoder is), from branches of different depths: Keras
    flattens a call's keyword arguments by name."""
    layers = keras.layers

    class Join(layers.Layer):
        def call(self, target: Any, source: Any) -> Any:
            return layers.concatenate([target, source])

    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(4,), name="b")
    source = layers.Dense(3, name="dense_source")(layers.Dense(4, name="dense_a")(a))
    target = layers.Dense(5, name="dense_target")(b)
    return keras.Model([a, b], Join(name="join")(target=target, source=source))


def record(model: Any) -> dict[str, Any]:
    return {
        "layers": [type(layer).__name__ for layer in model.layers],
        "names": [layer.name for layer in model.layers if layer.name in NAMED],
        "weights": [list(w.shape) for w in model.get_weights()],
    }


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    cases = {build.__name__: record(build(keras)) for build in (two_branches, residual, keyword_inputs)}
    import tf_keras

    cases["keyword_inputs_tf_keras"] = record(keyword_inputs(tf_keras))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(json.dumps(cases))


if __name__ == "__main__":
    main()
