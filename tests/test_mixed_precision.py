"""``keras.mixed_precision`` for the policies statefulrnn computes in, and a clear refusal of
the mixed ones; behaviour as Keras 3.15.1's (checked there: a global policy sets the dtype of
later layers and leaves ``floatx()`` alone; ``None`` is refused)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import mixed_precision


@pytest.fixture(autouse=True)
def _no_global_policy() -> Iterator[None]:
    yield
    mixed_precision.GLOBAL[0] = None  # Keras has no way back to "no policy set"
    keras.config.set_floatx("float32")


def test_a_global_policy_sets_the_dtype_of_later_layers_not_floatx() -> None:
    assert repr(mixed_precision.global_policy()) == '<DTypePolicy "float32">'
    mixed_precision.set_global_policy("float64")
    assert keras.layers.Dense(2).dtype == "float64" and keras.config.floatx() == "float32"
    keras.config.set_floatx("float16")  # a policy set wins over floatx, as in Keras 3
    assert keras.layers.Dense(2).dtype == "float64"
    assert keras.config.dtype_policy() == mixed_precision.Policy("float64")
    mixed_precision.set_global_policy(mixed_precision.DTypePolicy("float32"))
    assert keras.layers.Dense(2).dtype == "float32"


def test_a_policy_reads_and_round_trips_as_keras_writes_it() -> None:
    policy = mixed_precision.Policy("float64")
    assert (policy.name, policy.compute_dtype, policy.variable_dtype) == ("float64",) * 3
    assert mixed_precision.DTypePolicy.from_config(policy.get_config()) == policy


@pytest.mark.parametrize("name", ["mixed_float16", "mixed_bfloat16"])
def test_mixed_policies_are_refused_saying_why(name: str) -> None:
    with pytest.raises(ValueError, match=f"mixed precision policy '{name}' .* is not supported"):
        mixed_precision.set_global_policy(name)
    assert keras.layers.Dense(2).dtype == "float32"


def test_what_is_no_policy_is_named() -> None:
    with pytest.raises(ValueError, match="Cannot convert 'float33' to a dtype policy"):
        mixed_precision.Policy("float33")
    with pytest.raises(ValueError, match=r"Received: policy=None"):
        mixed_precision.set_global_policy(None)


def test_a_layer_names_its_dtype_as_keras_does_and_keeps_the_torch_dtype_beside_it() -> None:
    layer = keras.layers.Dense(2, dtype="float64")
    assert (layer.dtype, layer.compute_dtype, layer.variable_dtype) == ("float64",) * 3
    assert layer.dtype_policy == mixed_precision.DTypePolicy("float64")
    assert layer.torch_dtype is torch.float64
    assert np.zeros(2).astype(layer.dtype).dtype == np.float64  # what programs' own layers do
    assert keras.ops.cast(np.ones(2), layer.compute_dtype).dtype == torch.float64
    layer.build((None, 3))
    assert layer.kernel.dtype == torch.float64
    assert layer.float().dtype == "float32" and layer.kernel.dtype == torch.float32  # follows .to()
