"""`statefulrnn.initializers`: Keras's distributions and fan rules (checked statistically, as
Keras's random draws differ from torch's), seeds, lookup, configs, pickling, and layers taking
initializers wherever they take a name."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
import torch

from statefulrnn import initializers as I
from statefulrnn.layers import GRU, LSTM, Dense

SHAPE = (200, 300)  # fan_in 200, fan_out 300: 60k draws, std within about 1%
FAN_IN, FAN_OUT = SHAPE


def _std(initializer: I.Initializer, shape: tuple[int, ...] = SHAPE) -> float:
    return float(initializer(shape, torch.float64).std())


@pytest.mark.parametrize(
    ("initializer", "limit"),
    [
        (I.GlorotUniform(seed=1), math.sqrt(6 / (FAN_IN + FAN_OUT))),
        (I.HeUniform(seed=1), math.sqrt(6 / FAN_IN)),
        (I.LecunUniform(seed=1), math.sqrt(3 / FAN_IN)),
        (I.VarianceScaling(3.0, "fan_out", "uniform", seed=1), math.sqrt(9 / FAN_OUT)),
    ],
)
def test_uniform_variance_scaling_limits(initializer: I.Initializer, limit: float) -> None:
    values = initializer(SHAPE)
    assert float(values.abs().max()) <= limit
    assert float(values.abs().max()) > 0.99 * limit  # the whole range is used
    assert _std(initializer) == pytest.approx(limit / math.sqrt(3), rel=0.02)


@pytest.mark.parametrize(
    ("initializer", "std"),
    [
        (I.GlorotNormal(seed=2), math.sqrt(2 / (FAN_IN + FAN_OUT))),
        (I.HeNormal(seed=2), math.sqrt(2 / FAN_IN)),
        (I.LecunNormal(seed=2), math.sqrt(1 / FAN_IN)),
        (I.VarianceScaling(2.0, "fan_avg", "normal", seed=2), math.sqrt(2 / ((FAN_IN + FAN_OUT) / 2))),
    ],
)
def test_truncated_variance_scaling_is_corrected_to_the_intended_std(
    initializer: I.Initializer, std: float
) -> None:
    # Keras divides the std by 0.87962566103423978 (a unit normal cut at +-2 has that std) so
    # that the truncated draws have the intended variance; they are cut at 2 / 0.8796 std.
    values = initializer(SHAPE, torch.float64)
    assert float(values.std()) == pytest.approx(std, rel=0.02)
    assert float(values.abs().max()) <= 2 * std / 0.87962566103423978 + 1e-12


def test_untruncated_normal_and_truncated_normal() -> None:
    untruncated = I.VarianceScaling(1.0, "fan_in", "untruncated_normal", seed=3)(SHAPE, torch.float64)
    assert float(untruncated.std()) == pytest.approx(math.sqrt(1 / FAN_IN), rel=0.02)
    assert float(untruncated.abs().max()) > 2.5 * math.sqrt(1 / FAN_IN)  # no cut
    truncated = I.TruncatedNormal(mean=1.0, stddev=0.5, seed=3)(SHAPE, torch.float64)
    assert float(truncated.min()) >= 0.0 and float(truncated.max()) <= 2.0
    assert float(truncated.mean()) == pytest.approx(1.0, abs=0.01)
    assert float(truncated.std()) == pytest.approx(0.5 * 0.87962566103423978, rel=0.02)  # no correction
    normal = I.RandomNormal(mean=-1.0, stddev=2.0, seed=3)(SHAPE, torch.float64)
    assert float(normal.mean()) == pytest.approx(-1.0, abs=0.03) and float(normal.std()) == pytest.approx(
        2.0, rel=0.02
    )


def test_fans_follow_keras_for_every_rank() -> None:
    assert I.compute_fans(()) == (1, 1)
    assert I.compute_fans((7,)) == (7, 7)
    assert I.compute_fans((3, 4, 5)) == (12, 15)  # a Conv1D kernel: receptive field 3
    conv = I.VarianceScaling(1.0, "fan_in", "uniform", seed=0)((3, 40, 50))
    assert float(conv.abs().max()) <= math.sqrt(3 / 120)
    # A GRU kernel (F, 3u) is one draw over the whole matrix, as Keras draws it.
    kernel = GRU(100, kernel_initializer=I.GlorotUniform(seed=0), input_shape=(None, 50)).get_weights()[0]
    assert np.abs(kernel).max() <= math.sqrt(6 / (50 + 300))


@pytest.mark.parametrize("shape", [(5, 5), (6, 3), (3, 6), (2, 3, 4)])
def test_orthogonal_flattens_as_keras_and_is_orthogonal(shape: tuple[int, ...]) -> None:
    values = I.Orthogonal(gain=1.5, seed=4)(shape, torch.float64)
    assert tuple(values.shape) == shape
    flat = values.reshape(-1, shape[-1])  # Keras's (prod(shape[:-1]), shape[-1])
    small = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
    torch.testing.assert_close(small, 1.5**2 * torch.eye(small.shape[0], dtype=torch.float64))


def test_orthogonal_and_identity_refuse_shapes_they_cannot_fill() -> None:
    with pytest.raises(ValueError, match=r"at least two-dimensional. Received: shape=\(4,\) of rank 1"):
        I.Orthogonal()((4,))
    with pytest.raises(ValueError, match=r"only be used for 2D matrices. Received: shape=\(2, 2, 2\)"):
        I.Identity()((2, 2, 2))
    torch.testing.assert_close(I.Identity(gain=3.0)((2, 3)), 3.0 * torch.eye(2, 3))


def test_seeds_and_the_global_generator() -> None:
    for cls in (I.GlorotUniform, I.HeNormal, I.Orthogonal, I.RandomUniform, I.TruncatedNormal):
        seeded = cls(seed=5)
        assert torch.equal(seeded((4, 6)), seeded((4, 6)))  # every call the same, as Keras
        assert torch.equal(seeded((4, 6)), cls.from_config(seeded.get_config())((4, 6)))
        assert not torch.equal(seeded((4, 6)), cls(seed=6)((4, 6)))
        unseeded = cls()
        torch.manual_seed(0)
        first = unseeded((4, 6))
        assert not torch.equal(first, unseeded((4, 6)))  # each call draws anew
        torch.manual_seed(0)
        assert torch.equal(first, unseeded((4, 6)))  # and torch.manual_seed repeats it


def test_seed_must_be_an_integer() -> None:
    with pytest.raises(TypeError, match=r"seed must be an integer or None .*Received: seed='1'"):
        I.GlorotUniform(seed="1")
    with pytest.raises(TypeError, match=r"Received: seed=True"):
        I.RandomNormal(seed=True)


@pytest.mark.parametrize("dtype", [torch.float64, "float64", torch.float16])
def test_dtypes(dtype: torch.dtype | str) -> None:
    expected = torch.float64 if dtype == "float64" else dtype
    for initializer in (I.GlorotNormal(seed=0), I.Orthogonal(seed=0), I.Ones(), I.Identity(), I.Constant(2)):
        assert initializer((3, 3), dtype).dtype == expected
    assert I.Zeros()((2,)).dtype == torch.float32  # default: torch's default dtype, as Keras's floatx


@pytest.mark.parametrize(
    ("identifier", "cls"),
    [
        ("glorot_uniform", I.GlorotUniform),
        ("GlorotUniform", I.GlorotUniform),
        ("he_normal", I.HeNormal),
        ("lecun_uniform", I.LecunUniform),
        ("orthogonal", I.Orthogonal),
        ("OrthogonalInitializer", I.Orthogonal),
        ("IdentityInitializer", I.Identity),
        ("truncated_normal", I.TruncatedNormal),
        ("variance_scaling", I.VarianceScaling),
        ("normal", I.RandomNormal),
        ("uniform", I.RandomUniform),
        ("zero", I.Zeros),
        ("one", I.Ones),
        ("constant", I.Constant),
        (I.HeUniform, I.HeUniform),
        ({"class_name": "RandomUniform", "config": {"minval": 0.0, "maxval": 2.0}}, I.RandomUniform),
        (
            {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": None},
            I.Zeros,
        ),
    ],
)
def test_get_takes_every_keras_spelling(identifier: object, cls: type) -> None:
    assert type(I.get(identifier)) is cls


def test_get_passes_instances_and_callables_through_and_refuses_the_rest() -> None:
    instance = I.Constant(3.0)
    assert I.get(instance) is instance

    def fn(shape: tuple[int, ...], dtype: torch.dtype | None = None) -> torch.Tensor:
        return torch.full(shape, 7.0, dtype=dtype)

    assert I.get(fn) is fn
    with pytest.raises(ValueError, match=r"Unknown initializer 'glorot'. Known names: .*glorot_uniform"):
        I.get("glorot")
    with pytest.raises(TypeError, match=r"An initializer must be a name .*Received: 3"):
        I.get(3)
    with pytest.raises(TypeError, match=r"must be a dict with 'class_name' and 'config'"):
        I.get({"config": {}})
    assert I.serialize(fn)["config"] == "fn"  # a function by its name, as Keras 3
    with pytest.raises(TypeError, match=r"An array given as the initializer has no Keras config"):
        I.serialize(I.get(np.ones((2, 2))))


ALL = [
    I.Constant(0.5),
    I.Zeros(),
    I.Ones(),
    I.Identity(gain=2.0),
    I.RandomNormal(0.1, 0.2, seed=1),
    I.TruncatedNormal(stddev=0.3),
    I.RandomUniform(-1.0, 1.0, seed=2),
    I.VarianceScaling(2.0, "fan_out", "untruncated_normal", seed=3, input_axes=[0], output_axes=[1]),
    I.GlorotUniform(seed=4),
    I.GlorotNormal(),
    I.HeUniform(),
    I.HeNormal(seed=5),
    I.LecunUniform(),
    I.LecunNormal(),
    I.Orthogonal(gain=0.5, seed=6),
]


@pytest.mark.parametrize("initializer", ALL, ids=lambda i: type(i).__name__)
def test_config_serialize_and_pickle_round_trips(initializer: I.Initializer) -> None:
    config = initializer.get_config()
    serialized = I.serialize(initializer)
    assert serialized == {
        "module": "keras.initializers",
        "class_name": type(initializer).__name__,
        "config": config,
        "registered_name": None,
    }
    for twin in (I.get(serialized), pickle.loads(pickle.dumps(initializer)), initializer.clone()):
        assert type(twin) is type(initializer) and twin.get_config() == config
        if getattr(initializer, "seed", 0) is not None:  # deterministic: the same numbers
            torch.testing.assert_close(twin((4, 4)), initializer((4, 4)), rtol=0, atol=0)
    assert repr(initializer).startswith(f"{type(initializer).__name__}(")


def test_keras_config_keys() -> None:
    # What Keras 3.15.1's get_config returns for each (checked against keras.initializers),
    # except an array Constant (Keras: {"class_name": "__numpy__", ...}; read too) and Identity
    # (Keras's config drops gain).
    assert I.GlorotUniform().get_config() == {"seed": None, "input_axes": None, "output_axes": None}
    assert I.Orthogonal().get_config() == {"seed": None, "gain": 1.0}
    assert I.Zeros().get_config() == {}
    assert I.Constant().get_config() == {"value": 0.0}
    assert I.RandomUniform().get_config() == {"seed": None, "minval": -0.05, "maxval": 0.05}
    assert I.TruncatedNormal().get_config() == {"seed": None, "mean": 0.0, "stddev": 0.05}
    assert I.VarianceScaling().get_config() == {
        "seed": None,
        "scale": 1.0,
        "mode": "fan_in",
        "distribution": "truncated_normal",
        "input_axes": None,
        "output_axes": None,
    }
    assert I.Constant(np.array([1.0, 2.0])).get_config() == {"value": [1.0, 2.0]}
    keras_array = {"class_name": "__numpy__", "config": {"value": [1.0, 2.0], "dtype": "float64"}}
    torch.testing.assert_close(I.Constant.from_config({"value": keras_array})((2,)), torch.tensor([1.0, 2.0]))
    assert I.Identity(gain=2.0).get_config() == {"gain": 2.0}


def test_layers_take_initializers_in_every_form() -> None:
    gru = GRU(2, kernel_initializer=I.Constant(0.5), bias_initializer=I.Ones, input_shape=(None, 3))
    kernel, recurrent, bias = gru.get_weights()
    assert np.all(kernel == 0.5) and np.all(bias == 1.0)
    np.testing.assert_allclose(recurrent @ recurrent.T, np.eye(2), atol=1e-6)  # (2, 6): rows orthonormal
    dense = Dense(2, kernel_initializer={"class_name": "Identity", "config": {"gain": 2.0}}, input_shape=(2,))
    np.testing.assert_array_equal(dense.get_weights()[0], 2 * np.eye(2))
    seeded = [
        LSTM(3, kernel_initializer=I.HeNormal(seed=9), input_shape=(None, 2)).get_weights()[0] for _ in "ab"
    ]
    np.testing.assert_array_equal(*seeded)
    assert (
        LSTM(3, kernel_initializer="he_normal").get_config()["kernel_initializer"]["class_name"] == "HeNormal"
    )
