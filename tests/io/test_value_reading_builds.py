"""Keras files of models whose layers read weight values as they build (keras-multi-head's
``MultiHead`` copies its layer's weights with ``get_weights()``): the meta device, on which a
loader first builds an architecture to check its size, has no values, so the model is built for
real instead, every allocation counted against what the file may ask for before it is made
(`statefulrnn.io._cost.within_budget`). Such a file loads with its weights; one whose config
asks for more than its size allows is refused before anything that large exists."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
import torch

from statefulrnn import keras
from statefulrnn.io._cost import within_budget
from statefulrnn.models import load_model

from ..adversarial.memory import peak_growth
from ..adversarial.test_own_files import edit_json, rewrite


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


def _saved(folder: Path, suffix: str = "h5") -> tuple[Any, Path]:
    torch.manual_seed(0)
    model = keras.Sequential([keras.layers.Input((4,)), Doubled(3)])
    model.layers[0].twice.assign(np.full((4, 3), 0.5, np.float32))  # the file's, not build()'s
    path = folder / f"doubled.{suffix}"
    model.save(path)
    return model, path


@pytest.mark.parametrize("suffix", ["h5", "keras", "statefulrnn"])
def test_a_model_whose_layer_reads_values_in_build_loads_with_its_weights(
    tmp_path: Path, suffix: str
) -> None:
    model, path = _saved(tmp_path, suffix)
    loaded = load_model(path, custom_objects={"Doubled": Doubled})
    for saved, read in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(read, saved)
    x = np.random.default_rng(0).normal(size=(2, 4)).astype(np.float32)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def _asking_for(features: int, units: int) -> Callable[[dict[str, Any]], None]:
    """An edit of a saved Sequential's config: its Input of ``features``, its Doubled of ``units``."""

    def edit(config: dict[str, Any]) -> dict[str, Any]:
        layers = config["config"]["layers"]
        layers[0]["config"]["batch_shape"] = [None, features]  # the InputLayer
        layers[-1]["config"]["units"] = units
        for entry in (layers[-1], config):  # where a file also says what the model was built for
            if "build_config" in entry:
                entry["build_config"]["input_shape"] = [None, features]
        if "build_input_shape" in config["config"]:
            config["config"]["build_input_shape"] = [None, features]
        return config

    return edit


def _edited_h5(path: Path, edit: Callable[[dict[str, Any]], Any]) -> None:
    with h5py.File(path, "r+") as h5:
        h5.attrs["model_config"] = json.dumps(edit(json.loads(h5.attrs["model_config"])))


def _edited_own(path: Path, edit: Callable[[dict[str, Any]], Any]) -> None:
    rewrite(path, edit_json("model", edit))


@pytest.mark.parametrize(("suffix", "edited"), [("h5", _edited_h5), ("statefulrnn", _edited_own)])
def test_a_file_asking_for_more_than_its_size_allows_is_refused_before_allocating(
    tmp_path: Path, suffix: str, edited: Callable[[Path, Any], None]
) -> None:
    _, path = _saved(tmp_path, suffix)
    edited(path, _asking_for(10**4, 10**4))  # two weights of 400 MB, in a file of a few kB
    growth, error = peak_growth(f"""
        from statefulrnn.models import load_model
        from tests.io.test_value_reading_builds import Doubled
        load_model({str(path)!r}, custom_objects={{"Doubled": Doubled}})
    """)
    assert error is not None and error["type"] == "ValueError"
    refused = r"would allocate more than \d+ bytes: a float32 tensor of shape \(10000, 10000\)"
    assert re.search(refused, error["message"]), error["message"]
    assert growth < 200  # MiB, this module's imports (pytest, h5py) included: no 400 MB weight was made


def test_weights_that_do_not_fit_the_real_build_are_named(tmp_path: Path) -> None:
    _, path = _saved(tmp_path)
    _edited_h5(path, _asking_for(4, 5))  # within the budget, but the file holds (4, 3) weights
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


class PositionalEmbedding(keras.layers.Layer):
    """Deep Learning with Python's (2nd edition, chapter 11): token and position embeddings, the
    positions ``arange(K.shape(inputs)[-1])`` sized by the input as it is called."""

    def __init__(self, sequence_length: int, input_dim: int, output_dim: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.token_embeddings = keras.layers.Embedding(input_dim=input_dim, output_dim=output_dim)
        self.position_embeddings = keras.layers.Embedding(input_dim=sequence_length, output_dim=output_dim)
        self.sequence_length, self.input_dim, self.output_dim = sequence_length, input_dim, output_dim

    def call(self, inputs: Any) -> Any:
        positions = keras.backend.arange(start=0, stop=keras.backend.shape(inputs)[-1], step=1)
        return self.token_embeddings(inputs) + self.position_embeddings(positions)

    def get_config(self) -> dict[str, Any]:
        sizes = {"sequence_length": self.sequence_length, "input_dim": self.input_dim}
        return {**super().get_config(), **sizes, "output_dim": self.output_dim}


def test_a_layer_sized_by_its_input_s_shape_reloads(tmp_path: Path) -> None:
    """The loader's dry build on the meta device runs the layer's K.arange(K.shape(x)[-1]):
    a shape has values there too (it stopped at "Tensor.item() cannot be called on meta
    tensors", then at the Dense after it)."""
    inputs = keras.Input(shape=(None,), dtype="int64")
    pooled = keras.layers.GlobalMaxPooling1D()(PositionalEmbedding(20, 100, 8)(inputs))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(pooled))
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras", custom_objects={"PositionalEmbedding": PositionalEmbedding})
    x = np.array([[3, 4, 5, 0]])
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
