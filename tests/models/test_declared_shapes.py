"""A layer of one's own whose ``compute_output_shape`` declares a wrong shape gives the shapes
its call computes, as tf-keras's symbolic call does (recorded by
tools/keras_fixtures/declared_shapes.py), and the layer after it is built for them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from tests.fixture_scripts import fixture_script

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "declared_shapes" / "shapes.json"
SCRIPT = fixture_script("declared_shapes")


@pytest.mark.parametrize("case", SCRIPT.CASES)
def test_the_call_gives_the_shapes_as_in_tf_keras(case: str) -> None:
    model = SCRIPT.CASES[case](keras)
    assert SCRIPT.shapes(model) == json.loads(FIXTURE.read_text())[case]


def test_the_model_runs_on_the_shapes_found() -> None:
    """The Dense after the layer, built for the call's last size (4, not the declared 5), runs."""
    model = SCRIPT.CASES["functional_unknown"](keras)
    encoder, decoder = np.ones((2, 7, 4), "float32"), np.ones((2, 3, 5), "float32")
    after, context, scores = model.predict([encoder, decoder], verbose=0)
    assert after.shape == (2, 3, 2) and context.shape == (2, 3, 4) and scores.shape == (2, 3, 7)
    np.testing.assert_allclose(scores.sum(-1), 1.0, rtol=1e-6)


def test_a_declaration_that_cannot_run_takes_the_shape_of_the_graph_s_run() -> None:
    """LSTNet's skip-RNN regrouping: the Dense after ``ungroup`` is built for 24 inputs (tf-keras's
    shape, in the case above) and the model computes the regrouping, checked here with numpy."""
    model = SCRIPT.CASES["skip_rows"](keras)
    x = np.arange(2 * 6 * 4, dtype="float32").reshape(2, 6, 4) / 10
    kernel, bias = model.get_layer("after").get_weights()
    rows = x.reshape(2, 2, 3, 4).transpose(0, 2, 1, 3).reshape(2, 24)
    np.testing.assert_allclose(model.predict(x, verbose=0), rows @ kernel + bias, rtol=1e-5, atol=1e-6)


def test_the_declaration_s_error_stands_where_no_call_gives_a_shape() -> None:
    class Broken(keras.layers.Layer):
        def call(self, x):
            raise RuntimeError("the call fails too")

        def compute_output_shape(self, input_shape):
            return keras.TransformShape(input_shape)

    with pytest.raises(AttributeError, match="TransformShape"):
        Broken(name="broken")(keras.layers.Input((3,), name="broken_in"))


def test_a_declaration_that_cannot_run_is_not_asked_by_an_eager_call() -> None:
    """tf-keras's eager call builds the layer and calls it, never asking compute_output_shape."""

    class Halve(keras.layers.Layer):
        def call(self, x):
            return x[:, ::2]

        def compute_output_shape(self, input_shape):
            return keras.TransformShape(input_shape)

    layer = Halve(name="halve_eagerly")
    assert tuple(layer(np.ones((2, 6, 3), "float32")).shape) == (2, 3, 3)
