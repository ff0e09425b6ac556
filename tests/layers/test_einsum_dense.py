"""`EinsumDense` against Keras 3 (tests/fixtures/einsum_dense, made by
tools/keras_fixtures/einsum_dense.py): each equation form's outputs, kernel and bias shapes, a
model holding it trained by ``fit`` from the fixture script's own builder, its Keras file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import EinsumDense
from statefulrnn.streaming import StreamPool
from tests.fixture_scripts import fixture_script
from tests.keras_python import keras_prediction_error, needs_keras
from tests.layers.test_operations import weights

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "einsum_dense"
DATA = np.load(FIXTURE / "values.npz")
CASES = json.loads(str(DATA["cases"]))
PROGRAM = fixture_script("einsum_dense")


@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_and_weight_shapes_match_keras(case: str) -> None:
    arguments, shape = CASES[case]
    layer = EinsumDense(**arguments)
    layer.build((None, *shape[1:]))
    keras_weights = weights(f"{case}_w", DATA)
    assert [w.shape for w in layer.get_weights()] == [w.shape for w in keras_weights]
    layer.set_weights(keras_weights)
    expected = DATA[f"{case}_y"]
    assert layer.compute_output_shape(tuple(shape)) == expected.shape
    np.testing.assert_allclose(
        layer(torch.from_numpy(DATA[f"{case}_x"])).detach().numpy(), expected, atol=1e-5
    )


def test_a_model_trains_as_keras_and_its_keras_file_loads(tmp_path: Path) -> None:
    model = PROGRAM.model(srnn)
    model.set_weights(weights("w", DATA))
    model.compile(optimizer=srnn.optimizers.SGD(0.1), loss="mse")
    history = model.fit(DATA["x"], DATA["y"], epochs=2, batch_size=4, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], DATA["history"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", DATA)):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)
    loaded = load_keras(FIXTURE / "model.keras")
    np.testing.assert_allclose(loaded.predict(DATA["x"], verbose=0), DATA["predicted"], atol=1e-5)


@needs_keras
def test_keras_reads_our_file(tmp_path: Path) -> None:
    model = PROGRAM.model(srnn)
    model.set_weights(weights("after", DATA))
    save_keras(model, tmp_path / "model.keras")
    assert keras_prediction_error(tmp_path / "model.keras", FIXTURE / "values.npz", ["x"]) < 1e-5


def test_bad_equations_and_unprovided_options_are_refused() -> None:
    with pytest.raises(ValueError, match="Invalid einsum equation 'ab->b'"):
        EinsumDense("ab->b", 3)
    with pytest.raises(ValueError, match="Bias dimension 'z' was requested"):
        EinsumDense("ab,bc->ac", 3, bias_axes="z")
    with pytest.raises(ValueError, match="Input shape and output shape do not match at shared dimension 'b'"):
        EinsumDense("abc,cd->abd", (7, 2)).build((None, 5, 3))
    with pytest.raises(ValueError, match="low-rank adaptation or quantization"):
        EinsumDense("ab,bc->ac", 3, lora_rank=4)


def test_a_pool_serves_it_only_when_each_step_stays_apart() -> None:
    inputs = srnn.Input(batch_shape=(2, None, 3))
    h = srnn.layers.GRU(4, stateful=True, return_sequences=True)(inputs)
    for equation, shape in (
        ("abc,cd->abd", (None, 2)),
        ("...c,cd->...d", 2),
        ("abc,cde->abde", (None, 2, 3)),
    ):
        model = srnn.Model(inputs, EinsumDense(equation, shape, bias_axes="d")(h))
        x = np.random.default_rng(0).normal(size=(2, 7, 3)).astype(np.float32)
        model.reset_states()
        whole = model.predict(x, verbose=0)
        pool = StreamPool(model)
        pool.open("a")
        streamed = np.concatenate([pool.push("a", x[0, :3]), pool.push("a", x[0, 3:])])
        np.testing.assert_allclose(streamed, whole[0], atol=1e-6)  # chunked equals whole
    with pytest.raises(ValueError, match=r"\(EinsumDense\) mixes time steps"):
        StreamPool(srnn.Model(inputs, EinsumDense("abc,cd->ad", 2)(h)))
