"""``model.layers`` and ``get_weights`` of branched functional models in Keras 3's order
(deepest first), recorded by tools/keras_fixtures/layer_order.py; and symbolic tensors' dtype."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import statefulrnn as keras
from statefulrnn import layers
from tests.fixture_scripts import fixture_script

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "layer_order" / "layer_order.json"
SCRIPT = fixture_script("layer_order")


@pytest.mark.parametrize("case", ["two_branches", "residual", "keyword_inputs", "keyword_inputs_tf_keras"])
def test_layers_and_weights_in_keras_order(case: str) -> None:
    expected = json.loads(FIXTURE.read_text())[case]
    rules = "tf_keras" if case.endswith("_tf_keras") else "keras3"
    keras.config.set_keras_rules(rules)
    try:
        model = getattr(SCRIPT, case.removesuffix("_tf_keras"))(keras)
    finally:
        keras.config.set_keras_rules("keras3")
    assert [type(layer).__name__ for layer in model.layers] == expected["layers"]
    assert [layer.name for layer in model.layers if layer.name in SCRIPT.NAMED] == expected["names"]
    assert [list(w.shape) for w in model.get_weights()] == expected["weights"]


def test_symbolic_dtype_as_keras_names_it() -> None:
    assert keras.Input(shape=(3,)).dtype == "float32"
    ids = keras.Input(shape=(None,), dtype="int32")
    assert ids.dtype == "int32"
    assert layers.Embedding(10, 2)(ids).dtype == "float32"
