"""Keras 3's ``keras.saving`` names: a program's decorated classes register (and run), and
files still never hold a user's class."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras


def test_a_decorated_custom_layer_registers_and_trains(tmp_path: Path) -> None:
    @keras.saving.register_keras_serializable(package="tests", name="Scale")
    class Scale(keras.layers.Layer):
        def __init__(self, factor: float = 2.0, **kwargs) -> None:
            super().__init__(**kwargs)
            self.factor = factor

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x * self.factor

    assert keras.saving.get_registered_name(Scale) == "tests>Scale"
    assert keras.utils.get_registered_object("tests>Scale") is Scale  # Keras 2's place
    assert keras.saving.get_registered_object("nothing") is None
    assert keras.saving.get_registered_object("x", custom_objects={"x": Scale}) is Scale
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), Scale(3.0)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((4, 3)), np.ones((4, 2)), verbose=0)
    twin = Scale.from_config(model.layers[-1].get_config())
    assert twin.factor == 3.0
    keras.saving.save_model(model, tmp_path / "model.safetensors")  # found again by its registered name
    loaded = keras.saving.load_model(tmp_path / "model.safetensors")
    assert type(loaded.layers[-1]) is Scale and loaded.layers[-1].factor == 3.0

    # Registered again, the name goes to the newer class, as in Keras 3 and tf-keras 2 (two
    # programs in one process that each define a TCN); a class without get_config is refused.
    @keras.saving.register_keras_serializable(package="tests", name="Scale")
    class Scale2(Scale):
        pass

    assert keras.saving.get_registered_object("tests>Scale") is Scale2
    assert keras.saving.get_registered_name(Scale2) == "tests>Scale"
    with pytest.raises(ValueError, match=r"Cannot register a class that does not have a get_config"):
        keras.saving.register_keras_serializable(package="tests", name="Int")(int)
    with pytest.raises(ValueError, match=r"cannot contain '>'"):
        keras.saving.register_keras_serializable(package="a>b")


def test_save_and_load_model(tmp_path: Path) -> None:
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    keras.saving.save_model(model, tmp_path / "model.safetensors")
    loaded = keras.saving.load_model(tmp_path / "model.safetensors")
    x = np.ones((1, 3), np.float32)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
