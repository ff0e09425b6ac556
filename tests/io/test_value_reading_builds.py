"""Keras files of models whose layers read weight values as they build (keras-multi-head's
``MultiHead`` copies its layer's weights with ``get_weights()``): the meta device, on which a
loader first builds an architecture to check its size, has no values, so the model is built for
real instead, every allocation counted against what the file may ask for before it is made
(`statefulrnn.io._cost.within_budget`). Such a file loads with its weights; one whose config
asks for more than its size allows is refused before anything that large exists."""

from __future__ import annotations

import json
import resource
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
import torch

from statefulrnn import keras
from statefulrnn.io._cost import within_budget
from statefulrnn.models import load_model


class Doubled(keras.layers.Layer):
    """``x W + x (2 W)``, its second weight set in build() from the first one's values."""

    def __init__(self, units: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape: Any) -> None:
        shape = (input_shape[-1], self.units)
        self.kernel = self.add_weight(name="kernel", shape=shape, initializer="glorot_uniform")
        self.twice = self.add_weight(name="twice", shape=shape, initializer="zeros")
        self.twice.assign(keras.backend.get_value(self.kernel) * 2)  # a value: none on the meta device
        super().build(input_shape)

    def call(self, x: torch.Tensor) -> torch.Tensor:
        return keras.backend.dot(x, self.kernel) + keras.backend.dot(x, self.twice)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "units": self.units}


def _saved(folder: Path) -> tuple[Any, Path]:
    torch.manual_seed(0)
    model = keras.Sequential([keras.layers.Input((4,)), Doubled(3)])
    path = folder / "doubled.h5"
    model.save(path)
    return model, path


def test_a_model_whose_layer_reads_values_in_build_loads_with_its_weights(tmp_path: Path) -> None:
    model, path = _saved(tmp_path)
    model.layers[0].twice.assign(np.full((4, 3), 0.5, np.float32))  # the file's, not build()'s
    model.save(path)
    loaded = load_model(path, custom_objects={"Doubled": Doubled})
    for saved, read in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(read, saved)
    x = np.random.default_rng(0).normal(size=(2, 4)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def _asking_for(path: Path, features: int, units: int) -> None:
    with h5py.File(path, "r+") as h5:
        config = json.loads(h5.attrs["model_config"])
        layers = config["config"]["layers"]
        layers[0]["config"]["batch_shape"] = [None, features]  # the InputLayer
        layers[-1]["config"]["units"] = units
        h5.attrs["model_config"] = json.dumps(config)


def test_a_file_asking_for_more_than_its_size_allows_is_refused_before_allocating(tmp_path: Path) -> None:
    _, path = _saved(tmp_path)
    _asking_for(path, 10**4, 10**4)  # two weights of 400 MB, in a file of a few kB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ValueError, match=r"reads weight values, so its architecture was built for real, and "
                       r"building it for real would allocate more than \d+ bytes: a float32 tensor of shape "
                       r"\(10000, 10000\)"):  # fmt: skip
        load_model(path, custom_objects={"Doubled": Doubled})
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 2**10  # KiB: not 400 MB


def test_weights_that_do_not_fit_the_real_build_are_named(tmp_path: Path) -> None:
    _, path = _saved(tmp_path)
    _asking_for(path, 4, 5)  # within the budget, but the file holds (4, 3) weights
    with pytest.raises(ValueError, match=r"has shape \(4, 3\), but the model's .* expects \(4, 5\)"):
        load_model(path, custom_objects={"Doubled": Doubled})


@pytest.mark.parametrize(
    "build",
    [
        lambda: torch.ones(1).expand(10**10).contiguous(),  # sizes from an operation, not a factory
        lambda: torch.zeros(3)[None].repeat(10**9, 1),
        lambda: torch.randn(10**5, 10**5),
    ],
    ids=["expand-contiguous", "repeat", "randn"],
)
def test_the_budget_refuses_an_allocation_before_it_is_made(build: Any) -> None:
    with pytest.raises(ValueError, match="building it for real would allocate more than 1000000 bytes"):
        within_budget(build, 10**6)


def test_the_budget_counts_what_depends_on_values_once_made() -> None:
    with pytest.raises(ValueError, match=r"a int64 tensor of shape \(1000, 1\)"):
        within_budget(lambda: torch.ones(1000).nonzero(), 4000)
    assert within_budget(lambda: torch.ones(10).nonzero(), 4000).shape == (10, 1)
