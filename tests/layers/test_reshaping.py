"""`RepeatVector`, `Flatten` and `Reshape` (``layers/reshaping.py``): Keras's numbers (fixtures
from ``tools/keras_fixtures/merging.py``), shapes, errors, and the encoder-decoder model."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import layers, use_fused_kernels
from statefulrnn.layers import LSTM, Dense, Flatten, Input, RepeatVector, Reshape
from statefulrnn.models import Model, Sequential

from .merging_fixtures import case_names, inputs_of, load_case, run_whole_and_chunked

TOLERANCE = dict(rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", [n for n in case_names("single") if not n.startswith("activation")])
def test_keras_numbers(name: str) -> None:
    case = load_case(name)
    (x,), _ = inputs_of(case)
    spec = case["spec"]
    layer = getattr(layers, spec["class"])(**spec["config"])
    np.testing.assert_allclose(layer(torch.from_numpy(x)).numpy(), case["y"], **TOLERANCE)
    symbolic = Input(shape=x.shape[1:])
    model = Model(symbolic, getattr(layers, spec["class"])(**spec["config"])(symbolic))
    np.testing.assert_allclose(model(torch.from_numpy(x)).numpy(), case["y"], **TOLERANCE)


@pytest.mark.parametrize("path", ["fused", "generic"])
def test_encoder_decoder_matches_keras_whole_and_chunked(path: str) -> None:
    with use_fused_kernels(path == "fused"):
        run_whole_and_chunked("encoder_decoder")


def test_none_of_them_passes_a_mask_on() -> None:
    mask = torch.ones(2, 3, dtype=torch.bool)
    for layer in (RepeatVector(2), Flatten(), Reshape((-1,))):
        assert not layer.supports_masking
        assert layer.compute_mask(torch.zeros(2, 3, 4), mask) is None


# ----- RepeatVector ----------------------------------------------------------------------------


def test_repeat_vector_shapes() -> None:
    assert RepeatVector(3)(Input(batch_shape=(None, 5))).shape == (None, 3, 5)
    assert RepeatVector(3)(Input(batch_shape=(2, None))).shape == (2, 3, None)
    y = RepeatVector(4)(torch.arange(6.0).reshape(2, 3))
    assert y.shape == (2, 4, 3) and y.is_contiguous()
    assert torch.equal(y[:, 2], torch.arange(6.0).reshape(2, 3))


def test_repeat_vector_refuses_other_ranks() -> None:
    layer = RepeatVector(2, name="bridge")
    with pytest.raises(
        ValueError, match=r"'bridge' expects inputs of rank 2, \(N, F\): expected ndim=2, found ndim=3"
    ):
        layer(torch.zeros(2, 3, 4))
    assert not layer.built
    with pytest.raises(ValueError, match=r"found ndim=3. Received: input shape \(None, 5, 3\)"):
        RepeatVector(2)(Input(shape=(5, 3)))


@pytest.mark.parametrize("n", ["3", 3.5, [3], True])
def test_repeat_vector_refuses_a_non_integer_n(n) -> None:
    with pytest.raises(TypeError, match=r"Expected an integer value for `n` of RepeatVector. Received: n="):
        RepeatVector(n)


def test_repeat_vector_accepts_numpy_integers_and_refuses_non_positive_n() -> None:
    assert RepeatVector(np.int64(2)).n == 2
    with pytest.raises(ValueError, match=r"should be a positive integer. Received: n=0"):
        RepeatVector(0)


# ----- Flatten --------------------------------------------------------------------------------


def test_flatten_shapes() -> None:
    assert Flatten()(Input(batch_shape=(None, 2, 3))).shape == (None, 6)
    assert Flatten()(Input(batch_shape=(5, 2, None))).shape == (5, None)
    assert Flatten()(torch.arange(3.0)).tolist() == [[0.0], [1.0], [2.0]]
    assert Flatten()(torch.zeros(0, 2, 3)).shape == (0, 6)


def test_flatten_channels_first_moves_the_channels_last() -> None:
    x = torch.arange(12.0).reshape(1, 3, 2, 2)
    expected = x.permute(0, 2, 3, 1).reshape(1, 12)
    assert torch.equal(Flatten(data_format="channels_first")(x), expected)
    assert torch.equal(Flatten(data_format="channels_first")(torch.arange(3.0)), torch.arange(3.0)[:, None])


def test_flatten_takes_any_sizes_per_call() -> None:
    model = Sequential([Flatten()])
    assert model(torch.ones(3, 5, 7)).shape == (3, 35)
    assert model(torch.ones(2, 7, 5)).shape == (2, 35)


def test_flatten_refuses_an_unknown_data_format_and_a_scalar() -> None:
    with pytest.raises(
        ValueError, match=r"must be one of 'channels_first' or 'channels_last'.*'channels_middle'"
    ):
        Flatten(data_format="channels_middle")
    with pytest.raises(ValueError, match=r"Flatten 'flat' expects inputs with a batch axis.*a scalar"):
        Flatten(name="flat")(torch.tensor(1.0))


# ----- Reshape --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target_shape", "input_shape", "expected"),
    [
        ((8, 1), (3, 2, 4), (3, 8, 1)),
        ((8,), (3, 2, 4), (3, 8)),
        ((2, 4), (3, 8), (3, 2, 4)),
        ((-1, 1), (3, 2, 4), (3, 8, 1)),
        ((1, -1), (3, 2, 4), (3, 1, 8)),
        ((-1,), (3, 2, 4), (3, 8)),
        ([2, -1], (3, 2, 4), (3, 2, 4)),
    ],
)
def test_reshape_shapes(target_shape, input_shape, expected) -> None:
    x = torch.arange(float(np.prod(input_shape))).reshape(input_shape)
    y = Reshape(target_shape)(x)
    assert y.shape == expected
    assert torch.equal(y.reshape(-1), x.reshape(-1))
    assert Reshape(target_shape)(Input(shape=input_shape[1:])).shape == (None, *expected[1:])


def test_reshape_resolves_minus_one_per_call_and_symbolically() -> None:
    layer = Reshape((-1, 8))
    assert layer(torch.ones(1, 6, 4)).shape == (1, 3, 8)
    assert layer(torch.ones(1, 10, 4)).shape == (1, 5, 8)
    assert Reshape((-1, 8))(Input(shape=(6, 4))).shape == (None, 3, 8)
    assert Reshape((-1, 3))(Input(batch_shape=(4, 6, None, 3))).shape == (4, None, 3)
    assert Reshape((3, 5))(Input(batch_shape=(2, None))).shape == (2, 3, 5)


def test_reshape_refuses_a_size_that_does_not_fit() -> None:
    layer = Reshape((3,), name="to_three")
    with pytest.raises(
        ValueError,
        match=r"'to_three' cannot reshape samples of 4 values to target_shape=\(3,\): the total size of "
        r"the tensor must be unchanged. Received: input shape \(2, 4\)",
    ):
        layer(torch.zeros(2, 4))
    with pytest.raises(ValueError, match=r"samples of 10 values to target_shape=\(-1, 3\)"):
        Reshape((-1, 3))(Input(shape=(5, 2)))


def test_reshape_refuses_a_bad_target_shape() -> None:
    with pytest.raises(ValueError, match=r"non-negative integer.*-1.*target_shape=\(-2, 5\)"):
        Reshape(target_shape=(-2, 5))
    with pytest.raises(ValueError, match=r"at most one unknown dimension.*target_shape=\(-1, -1, 5\)"):
        Reshape(target_shape=(-1, -1, 5))
    for bad in (8, "8", (2.5, 2)):
        with pytest.raises(TypeError, match=r"target_shape must be a tuple of integers"):
            Reshape(bad)


def test_config_round_trip() -> None:
    for layer in (RepeatVector(3), Flatten(data_format="channels_first"), Reshape((2, -1))):
        config = layer.get_config()
        assert type(layer)(**config).get_config() == config


def test_reshaping_layers_in_a_sequential_model() -> None:
    model = Sequential(
        [LSTM(6, return_sequences=True, input_shape=(5, 2)), Flatten(), Dense(8), Reshape((4, 2))]
    )
    assert model.output_shape == (None, 4, 2)
    assert model(torch.rand(3, 5, 2)).shape == (3, 4, 2)
