"""statefulrnn.utils against real Keras 3.15.1 (tools/keras_fixtures/keras2_api.py) and its errors.
Keras's own tests of these functions are ported in tests/keras_suite/."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import utils

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "keras2_api"


def _cases() -> tuple[list[dict[str, Any]], dict[str, np.ndarray]]:
    with np.load(FIXTURES / "utils.npz") as data:
        arrays = {key: data[key] for key in data.files}
    return json.loads(str(arrays.pop("spec"))), arrays


CASES, ARRAYS = _cases()


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c['fn']}-{i}" for i, c in enumerate(CASES)])
def test_matches_keras(index: int) -> None:
    case = CASES[index]
    result = getattr(utils, case["fn"])(*case["args"], **case["kwargs"])
    expected = ARRAYS[f"{index}/out"]
    assert isinstance(result, np.ndarray)
    assert result.dtype == expected.dtype and result.shape == expected.shape
    np.testing.assert_array_equal(result, expected)


def test_to_categorical_of_a_tensor_is_a_tensor() -> None:
    one_hot = utils.to_categorical(torch.tensor([[2], [0]]), num_classes=3)
    assert isinstance(one_hot, torch.Tensor) and one_hot.dtype == torch.float32
    assert one_hot.tolist() == [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]


def test_to_categorical_takes_keras_2_s_dtype() -> None:
    """tf-keras's (and Keras 2's np_utils') dtype argument; without it, Keras 3's float64."""
    assert utils.to_categorical([1, 0], 3, dtype="float32").dtype == np.float32
    assert utils.to_categorical([1, 0], 3).dtype == np.float64
    as_ints = utils.to_categorical(np.array([[2]]), 3, dtype="int32")
    assert as_ints.dtype == np.int32 and as_ints.tolist() == [[0, 0, 1]]
    assert utils.to_categorical(torch.tensor([1]), 2, dtype="float64").dtype == torch.float64


@pytest.mark.parametrize(
    ("x", "num_classes", "match"),
    [
        (
            [0, 3],
            3,
            r"\[-num_classes, num_classes\) for an array. Received: num_classes=3 and values from 0 to 3",
        ),
        ([0, -4], 3, "values from -4 to 0"),
        (torch.tensor([0, -1]), 3, r"\[0, num_classes\) for a tensor"),
    ],
)
def test_to_categorical_refuses_classes_out_of_range(x: Any, num_classes: int, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        utils.to_categorical(x, num_classes)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: utils.pad_sequences(5), "`sequences` must be iterable"),
        (lambda: utils.pad_sequences([[1], 2]), "must be a list of iterables. Found non-iterable: 2"),
        (lambda: utils.pad_sequences([[1]], padding="middle"), 'Padding type "middle" not understood'),
        (lambda: utils.pad_sequences([[1]], truncating="mid"), 'Truncating type "mid" not understood'),
        (
            lambda: utils.pad_sequences([[[1, 2]], [[1, 2, 3]]]),
            r"Shape of sample \(3,\) of sequence at position 1 is different from expected shape \(2,\)",
        ),
        (
            lambda: utils.pad_sequences([["a"]], value="pad"),
            "`dtype` int32 is not compatible with `value`'s type",
        ),
    ],
)
def test_pad_sequences_errors_are_keras(call: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()


def test_set_random_seed_seeds_python_numpy_and_torch() -> None:
    draws = []
    for _ in range(2):
        utils.set_random_seed(1234)
        draws.append((random.random(), np.random.rand(), torch.rand(1).item()))
    assert draws[0] == draws[1]


@pytest.mark.parametrize("seed", [1.5, "1", True])
def test_set_random_seed_needs_an_int(seed: Any) -> None:
    with pytest.raises(ValueError, match="Expected `seed` argument to be an integer"):
        utils.set_random_seed(seed)


NORMALIZE = np.load(Path(__file__).parent / "fixtures" / "normalize" / "values.npz")
NORMALIZE_CASES = json.loads(str(NORMALIZE["cases"]))


@pytest.mark.parametrize("case", NORMALIZE_CASES)
def test_normalize_matches_keras_on_arrays_and_tensors(case: str) -> None:
    x, expected = NORMALIZE[f"{case}_x"], NORMALIZE[f"{case}_y"]
    options = NORMALIZE_CASES[case]
    np.testing.assert_allclose(utils.normalize(x, **options), expected, atol=1e-6, rtol=0)
    tensor = utils.normalize(torch.from_numpy(x).double(), **options)
    assert isinstance(tensor, torch.Tensor)
    np.testing.assert_allclose(tensor.numpy(), expected, atol=1e-6, rtol=0)


def test_normalize_along_axis_0_divides_along_axis_0() -> None:
    """Keras 3.15's array road broadcasts axis 0's norms along the last axis (an error here)."""
    x = np.array([[3.0, 1.0], [4.0, 0.0], [0.0, 0.0]])
    np.testing.assert_allclose(utils.normalize(x, axis=0), [[0.6, 1.0], [0.8, 0.0], [0.0, 0.0]])
