"""Keras 3's adaptive pooling layers against Keras's numbers (``tests/fixtures/adaptive_pooling``,
made by ``tools/keras_fixtures/adaptive_pooling.py``): the bins of each rank and layout, a Keras
file holding them (with SpatialDropout2D/3D) both ways, and what they refuse."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import layers
from statefulrnn.models.step_flags import check_honoured, mixes_steps
from tests.fixture_scripts import fixture_script
from tests.keras_python import keras_error_of_saved, needs_keras

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adaptive_pooling"
STORED = np.load(FIXTURE / "values.npz")
SCRIPT = fixture_script("adaptive_pooling")
RECORDED = [
    (case, mode) for case in SCRIPT.CASES for mode in ("Average", "Max") if f"{case}_{mode.lower()}" in STORED
]


@pytest.mark.parametrize(("case", "mode"), RECORDED)
def test_the_bins_equal_keras(case: str, mode: str) -> None:
    layer = SCRIPT.pooled(statefulrnn, case, mode)
    y = layer(torch.from_numpy(STORED[f"{case}_x"]))
    np.testing.assert_allclose(y.numpy(), STORED[f"{case}_{mode.lower()}"], rtol=1e-6, atol=1e-6)
    assert tuple(y.shape) == layer.compute_output_shape(tuple(STORED[f"{case}_x"].shape))
    again = type(layer).from_config(layer.get_config())
    assert again.get_config() == layer.get_config() and again.output_size == layer.output_size


def test_one_bin_of_the_whole_axis_is_its_maximum_where_keras_s_tensorflow_backend_crashes() -> None:
    x = torch.from_numpy(STORED["1d_one_x"])
    np.testing.assert_array_equal(layers.AdaptiveMaxPooling1D(1)(x).numpy(), x.amax(1, keepdim=True).numpy())
    assert layers.AdaptiveAveragePooling1D(1)(torch.ones(2, 1, 3)).tolist() == torch.ones(2, 1, 3).tolist()


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: layers.AdaptiveAveragePooling1D((2, 3)), ValueError, r"tuple must have length 1"),
        (lambda: layers.AdaptiveMaxPooling1D("2"), TypeError, r"an integer or tuple of 1 integer"),
        (lambda: layers.AdaptiveMaxPooling2D((2, 2, 2)), TypeError, r"an integer or \(height, width\) tuple"),
        (lambda: layers.AdaptiveAveragePooling3D((2, 2)), TypeError, r"\(depth, height, width\) tuple"),
        (lambda: layers.AdaptiveMaxPooling2D((2, 0)), ValueError, r"Received: output_size=\(2, 0\)"),
        (lambda: layers.AdaptiveMaxPooling2D(2, data_format="nhwc"), ValueError, r"data_format"),
    ],
)  # fmt: skip
def test_arguments_keras_refuses_are_refused(make, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_inputs_of_another_rank_are_refused() -> None:
    with pytest.raises(
        ValueError, match=r"AdaptiveMaxPooling2D 'p' expects inputs of rank 4, \(N, H, W, C\)"
    ):
        layers.AdaptiveMaxPooling2D(2, name="p")(torch.ones(2, 3, 4))


def test_they_mix_steps_so_chunks_with_flags_and_stream_pools_are_refused() -> None:
    layer = layers.AdaptiveAveragePooling1D(2, name="bins")
    assert mixes_steps(layer)
    check_honoured(layer, "resets", torch.tensor([[True, False, False]]))  # nothing came before
    with pytest.raises(ValueError, match=r"Layer 'bins' \(AdaptiveAveragePooling1D\) cannot honour resets="):
        check_honoured(layer, "resets", torch.tensor([[False, True, False]]))
    model = statefulrnn.Sequential(
        [layers.Input((None, 3), batch_size=1), layers.GRU(4, return_sequences=True, stateful=True), layer]
    )
    with pytest.raises(ValueError, match="mixes time steps"):
        statefulrnn.streaming.StreamPool(model)


def test_a_keras_file_with_them_loads_predicts_as_keras_and_saves_again(tmp_path: Path) -> None:
    model = statefulrnn.load_model(FIXTURE / "model.keras")
    expected = STORED["model_y"]
    np.testing.assert_allclose(model.predict(STORED["model_x"], verbose=0), expected, rtol=1e-5, atol=1e-6)
    (dropout,) = [layer for layer in model.layers if isinstance(layer, layers.SpatialDropout2D)]
    assert dropout.data_format == "channels_first" and dropout.rate == 0.2
    model.save(tmp_path / "again.keras")
    again = statefulrnn.load_model(tmp_path / "again.keras")
    np.testing.assert_allclose(again.predict(STORED["model_x"], verbose=0), expected, rtol=1e-5, atol=1e-6)


@needs_keras
def test_keras_loads_our_file_with_them(tmp_path: Path) -> None:
    torch.manual_seed(3)
    model = SCRIPT.build(statefulrnn)
    assert keras_error_of_saved(model, STORED["model_x"], tmp_path) < 1e-5
