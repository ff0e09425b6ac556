"""``model.layers`` and ``get_weights`` of branched functional models in Keras 3's order
(deepest first), recorded by tools/keras_fixtures/layer_order.py; and symbolic tensors' dtype."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import statefulrnn as keras
from statefulrnn import layers

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "layer_order" / "layer_order.json"
NAMED = ("h", "g", "y", "out", "priority", "department", "a", "unused", "title", "body", "tags")


def two_branches() -> keras.Model:
    title = keras.Input(shape=(None,), name="title")
    body = keras.Input(shape=(None,), name="body")
    tags = keras.Input(shape=(3,), name="tags")
    t = layers.LSTM(5)(layers.Embedding(10, 4)(title))
    b = layers.LSTM(3)(layers.Embedding(10, 2)(body))
    x = layers.concatenate([t, b, tags])
    priority = layers.Dense(1, name="priority")(x)
    department = layers.Dense(2, name="department")(x)
    return keras.Model([title, body, tags], {"priority": priority, "department": department})


def residual() -> keras.Model:
    a = keras.Input(shape=(4,), name="a")
    unused = keras.Input(shape=(2,), name="unused")
    h = layers.Dense(4, name="h")(a)
    y = layers.Dense(4, name="y")(layers.Dense(4, name="g")(h))
    return keras.Model([a, unused], layers.Dense(1, name="out")(layers.add([h, y])))


@pytest.mark.parametrize("build", [two_branches, residual])
def test_layers_and_weights_in_keras_order(build) -> None:
    expected = json.loads(FIXTURE.read_text())[build.__name__]
    model = build()
    assert [type(layer).__name__ for layer in model.layers] == expected["layers"]
    assert [layer.name for layer in model.layers if layer.name in NAMED] == expected["names"]
    assert [list(w.shape) for w in model.get_weights()] == expected["weights"]


def test_symbolic_dtype_as_keras_names_it() -> None:
    assert keras.Input(shape=(3,)).dtype == "float32"
    ids = keras.Input(shape=(None,), dtype="int32")
    assert ids.dtype == "int32"
    assert layers.Embedding(10, 2)(ids).dtype == "float32"
