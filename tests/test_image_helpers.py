"""``keras.preprocessing.image``'s helpers (`statefulrnn.data.images`) against tf-keras 2.21 and
Keras 3.15 (which agree) on the same arrays: tests/fixtures/image_helpers/values.npz, written by
tools/keras_fixtures/image_helpers.py, whose cases run here with statefulrnn's helpers. PIL comes
with matplotlib, a test dependency."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from statefulrnn import preprocessing, utils
from statefulrnn.data import images
from tests.fixture_scripts import fixture_script

FIXTURE = np.load(Path(__file__).parent / "fixtures" / "image_helpers" / "values.npz")
CASES = fixture_script("image_helpers").cases(images)


@pytest.mark.parametrize("keras", ["tf_keras", "keras3"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_helper_gives_what_keras_gives(case: str, keras: str) -> None:
    result = CASES[case]()
    key = f"{keras}__{case}"
    if f"{key}__mode" in FIXTURE.files:  # a PIL image
        assert result.mode == str(FIXTURE[f"{key}__mode"])
        result = np.asarray(result)
    expected = FIXTURE[key]
    assert result.dtype == expected.dtype and result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-6, atol=1e-5)


def test_the_inputs_are_the_fixtures() -> None:
    for name, value in fixture_script("image_helpers").inputs().items():
        np.testing.assert_array_equal(value, FIXTURE[f"input__{name}"])


def test_keras_paths_reach_the_same_functions() -> None:
    assert preprocessing.image.img_to_array is utils.img_to_array is images.img_to_array
    assert preprocessing.image.smart_resize is images.smart_resize


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: images.img_to_array(np.zeros((2, 2)), data_format="rows"),
            ValueError,
            "Unknown data_format: rows",
        ),
        (lambda: images.img_to_array(np.zeros(3)), ValueError, r"Unsupported image shape: \(3,\)"),
        (lambda: images.array_to_img(np.zeros((2, 2))), ValueError, "rank 3 .single image"),
        (lambda: images.array_to_img(np.zeros((2, 2, 2))), ValueError, "Unsupported channel number: 2"),
        (lambda: images.load_img(3.5), TypeError, "path should be path-like or io.BytesIO"),
        (lambda: images.smart_resize(np.zeros((2, 2)), (1, 1)), ValueError, "incorrect rank"),
        (lambda: images.smart_resize(np.zeros((2, 2, 1)), (1,)), ValueError, "tuple of 2 integers"),
    ],
)
def test_bad_arguments_get_keras_errors(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


def test_load_img_refuses_an_unknown_mode_or_filter_and_reads_files(tmp_path: Path) -> None:
    path = tmp_path / "frame.png"
    images.save_img(path, np.full((3, 4, 3), 7.0), scale=False)
    assert np.asarray(images.load_img(path)).tolist() == np.full((3, 4, 3), 7).tolist()
    with pytest.warns(UserWarning, match="grayscale is deprecated"):
        assert images.load_img(str(path), grayscale=True).mode == "L"
    with pytest.raises(ValueError, match='color_mode must be "grayscale", "rgb", or "rgba"'):
        images.load_img(path, color_mode="cmyk")
    with pytest.raises(ValueError, match="Invalid interpolation method spline"):
        images.load_img(path, target_size=(2, 2), interpolation="spline")
    buffer = io.BytesIO()
    with pytest.warns(UserWarning, match="JPG format does not support RGBA"):
        images.save_img(buffer, np.zeros((2, 2, 4)), file_format="jpeg")
