"""The order of ``get_weights`` and ``weights`` for layers that hold layers, under each rules
(tests/fixtures/weight_order, made by tools/keras_fixtures/weight_order.py): tf-keras's Layer
lists its subtree's trainable weights first (a tf-keras program's arrays, or a tf-keras
``.h5`` read by position, land on the right weights), Keras 3's goes sublayer by sublayer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn import config
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("weight_order")
RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "weight_order"


@pytest.fixture
def rules():
    yield
    config.set_keras_rules("keras3")


@pytest.mark.parametrize("case", SCRIPT.CASES)
@pytest.mark.parametrize("library", ["keras3", "tf_keras"])
def test_weights_come_in_keras_order(rules: None, library: str, case: str) -> None:
    config.set_keras_rules(library)
    with np.load(RECORDED / f"{library}.npz") as data:
        expected = {key: data[key] for key in data.files}
    model = SCRIPT.build(keras, case)
    described = SCRIPT.describe(model)
    assert described["names"].tolist() == expected[f"{case}/names"].tolist()
    np.testing.assert_array_equal(described["shapes"], expected[f"{case}/shapes"])
    # set_weights takes the arrays back in that order
    arrays = [np.full(w.shape, i, dtype=w.dtype) for i, w in enumerate(model.get_weights())]
    model.set_weights(arrays)
    assert [float(w.flat[0]) for w in model.get_weights()] == list(range(len(arrays)))


def test_the_two_kerases_differ_on_the_cases() -> None:
    with np.load(RECORDED / "keras3.npz") as keras3, np.load(RECORDED / "tf_keras.npz") as tf_keras:
        assert keras3["block/names"].tolist() != tf_keras["block/names"].tolist()
        assert (
            keras3["time_distributed_model/names"].tolist()
            != tf_keras["time_distributed_model/names"].tolist()
        )
