"""``import statefulrnn as keras`` gives the names a Keras 3 program reaches from the top."""

from __future__ import annotations

import types

import pytest

import statefulrnn as keras

MODULES = [
    "activations",
    "backend",
    "callbacks",
    "config",
    "constraints",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "mixed_precision",
    "models",
    "optimizers",
    "preprocessing",
    "regularizers",
    "saving",
    "utils",
]


@pytest.mark.parametrize("name", MODULES)
def test_keras_modules_are_exported(name: str) -> None:
    assert isinstance(getattr(keras, name), types.ModuleType)
    assert name in keras.__all__


def test_keras_model_names() -> None:
    assert keras.Input is keras.layers.Input
    assert keras.Model is keras.models.Model and keras.Sequential is keras.models.Sequential
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
    assert model.output.shape == (None, 2)


def test_tensorflows_own_names_say_statefulrnn_stands_in_for_keras() -> None:
    # `import tensorflow as tf` made `import statefulrnn as tf` for a program's tf.keras
    with pytest.raises(AttributeError, match=r"'constant': statefulrnn stands in for Keras \(tf.keras\)"):
        keras.constant  # noqa: B018
    with pytest.raises(AttributeError, match=r"no attribute 'no_such_name'$"):
        keras.no_such_name  # noqa: B018
