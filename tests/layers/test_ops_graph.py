"""``keras.ops`` called on a functional model's symbolic tensors (``ops.mean(h, axis=1)``), as
Keras 3 records them: against a model Keras built, trained and saved with sixteen such ops
(tests/fixtures/operations/ops_graph.*, made by tools/keras_fixtures/operations.py, whose
`ops_graph_model` builds the same model here, given statefulrnn as ``keras``), files both ways,
the stream pool, and the errors."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import layers, ops
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import Operation
from statefulrnn.models import model_from_json
from statefulrnn.streaming import StreamPool
from tests.fixture_scripts import fixture_script
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras
from tests.layers.test_operations import assert_streams_as_whole, assert_trains_as_keras, weights

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "operations"
DATA = np.load(FIXTURE / "ops_graph.npz")
RECORDED = ["abs", "clip", "concatenate", "expand_dims", "log1p", "max", "mean", "normalize", "softmax",
            "squeeze", "subtract", "sum", "take"]  # fmt: skip


PROGRAM = fixture_script("operations")


def _ops_in(model: srnn.Model) -> list[str]:
    return sorted({layer.operation for layer in model.layers if isinstance(layer, Operation)} - {"multiply"})


@pytest.mark.parametrize("fused", [True, False])
def test_training_through_ops_matches_keras(fused: bool) -> None:
    model = PROGRAM.ops_graph_model(srnn)  # the Keras program's own code, statefulrnn as keras
    assert _ops_in(model) == RECORDED
    assert_trains_as_keras(model, DATA, DATA["x"], fused)


def test_the_keras_file_loads_with_its_ops_and_our_files_keep_them(tmp_path: Path) -> None:
    model = load_keras(FIXTURE / "ops_graph.keras")
    # Keras's Absolute is also abs(x)'s class: it loads as that operator, as the others do
    assert _ops_in(model) == sorted({*RECORDED, "absolute"} - {"abs"})
    take = next(layer for layer in model.layers if getattr(layer, "operation", None) == "take")
    assert take.arguments == {"axis": 1, "indices": [4]}  # Keras's call argument, Keras's config
    assert_predicts_and_keeps(model, DATA["x"], DATA["predicted"], tmp_path)
    twin = model_from_json(model.to_json())
    twin.set_weights(model.get_weights())
    np.testing.assert_allclose(twin.predict(DATA["x"], verbose=0), DATA["predicted"], atol=1e-5, rtol=0)


@needs_keras
def test_keras_reads_our_file_with_the_ops(tmp_path: Path) -> None:
    model = PROGRAM.ops_graph_model(srnn)
    model.set_weights(weights("after", DATA))
    save_keras(model, tmp_path / "ops_graph.keras")
    assert keras_prediction_error(tmp_path / "ops_graph.keras", FIXTURE / "ops_graph.npz", ["x"]) < 1e-5


def test_a_pool_serves_elementwise_ops_and_refuses_ops_across_steps() -> None:
    inputs = srnn.Input(batch_shape=(2, None, 3))
    h = layers.GRU(4, stateful=True, return_sequences=True)(inputs)
    served = srnn.Model(inputs, layers.Dense(1)(ops.tanh(ops.multiply(h, 2.0)) + ops.softplus(h)))
    assert_streams_as_whole(served, steps=5, cut=3, seed=7)
    with pytest.raises(ValueError, match=r"\(Operation\) mixes time steps"):
        StreamPool(srnn.Model(inputs, ops.cumsum(h, axis=1)))


def test_ops_that_a_graph_cannot_record_are_refused_clearly(tmp_path: Path) -> None:
    x = srnn.Input((4, 3))
    with pytest.raises(TypeError, match="variable number of operands"):
        ops.einsum("btf->bt", x)
    with pytest.raises(TypeError, match="needs a layer"):
        ops.nonzero(x)  # a shape that depends on the values
    with pytest.raises(TypeError, match="indices= is a Tensor"):
        ops.take(x, torch.tensor([0, 1]), axis=1)
    with pytest.raises(
        ValueError, match=r"ops.matmul cannot take inputs of shapes \[\(None, 4, 3\), \(None, 4\)\]"
    ):
        ops.matmul(x, srnn.Input((4,)))
    model = srnn.Model(x, ops.sparsemax(x))  # ours is the true projection; Keras 3.15's is not
    with pytest.raises(ValueError, match=r"Keras 3 has no operation class for ops\.sparsemax"):
        save_keras(model, tmp_path / "model.keras")
    assert not (tmp_path / "model.keras").exists()


def test_a_model_with_ops_pickles_and_copies_by_the_ops_names() -> None:
    x = srnn.Input((4, 3))
    model = srnn.Model(x, ops.erf(ops.mean(x, axis=1)) + 1.0)  # erf: made in another module
    data = torch.randn(2, 4, 3)
    for twin in (pickle.loads(pickle.dumps(model)), copy.deepcopy(model)):
        torch.testing.assert_close(twin(data), model(data))


def _image_ops_model() -> srnn.Model:
    inputs = srnn.Input((6, 8, 3))
    small = ops.image.resize(inputs, (3, 4), interpolation="bicubic")
    return srnn.Model(inputs, ops.image.extract_patches(ops.image.rgb_to_grayscale(small), 2))


IMAGES = np.random.default_rng(0).random((2, 6, 8, 3)).astype(np.float32)


def _image_ops_eagerly(images: np.ndarray) -> torch.Tensor:
    small = ops.image.resize(images, (3, 4), interpolation="bicubic")
    return ops.image.extract_patches(ops.image.rgb_to_grayscale(small), 2)


def test_image_ops_record_nodes_that_our_files_keep(tmp_path: Path) -> None:
    # ops.image's functions record as "image.<name>", named as Keras names its operations
    model = _image_ops_model()
    resize = model.layers[1]
    assert (resize.name, resize.operation) == ("resize", "image.resize")
    assert resize.arguments == {"size": [3, 4], "interpolation": "bicubic"}
    assert resize.output.shape == (None, 3, 4, 3) and model.output.shape == (None, 1, 2, 4)
    expected = _image_ops_eagerly(IMAGES)
    torch.testing.assert_close(model(torch.from_numpy(IMAGES)), expected)
    torch.testing.assert_close(pickle.loads(pickle.dumps(model))(torch.from_numpy(IMAGES)), expected)
    save_keras(model, tmp_path / "image_ops.keras")
    loaded = load_keras(tmp_path / "image_ops.keras")  # Keras's Resize, RGBToGrayscale, ExtractPatches
    assert [layer.operation for layer in loaded.layers[1:]] == [
        "image.resize", "image.rgb_to_grayscale", "image.extract_patches",
    ]  # fmt: skip
    torch.testing.assert_close(loaded(torch.from_numpy(IMAGES)), expected)


@needs_keras
def test_keras_reads_our_file_with_image_ops(tmp_path: Path) -> None:
    save_keras(_image_ops_model(), tmp_path / "image_ops.keras")
    np.savez(tmp_path / "data.npz", x=IMAGES, predicted=_image_ops_eagerly(IMAGES).numpy())
    assert keras_prediction_error(tmp_path / "image_ops.keras", tmp_path / "data.npz", ["x"]) < 1e-5


def test_extract_patches_3d_records_keras_s_one_extract_patches() -> None:
    volumes = srnn.Input((4, 4, 4, 2))
    patches = ops.image.extract_patches_3d(volumes, 2, strides=1, padding="same")
    assert patches.node.layer.operation == "image.extract_patches"  # Keras's ExtractPatches for both
    assert patches.node.layer.arguments == {
        "size": [2, 2, 2], "strides": 1, "dilation_rate": 1, "padding": "same", "data_format": None,
    }  # fmt: skip
    data = torch.rand(1, 4, 4, 4, 2)
    torch.testing.assert_close(
        srnn.Model(volumes, patches)(data), ops.image.extract_patches_3d(data, 2, strides=1, padding="same")
    )
