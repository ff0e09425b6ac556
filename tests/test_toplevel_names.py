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


def test_keras_3_s_top_level_classes_are_their_modules_own() -> None:
    # Deep Learning with Python's 3rd edition subclasses keras.Layer throughout.
    assert keras.Layer is keras.layers.Layer and keras.InputSpec is keras.layers.InputSpec
    assert keras.Loss is keras.losses.Loss and keras.Metric is keras.metrics.Metric
    assert keras.Initializer is keras.initializers.Initializer
    assert keras.Regularizer is keras.regularizers.Regularizer
    assert keras.DTypePolicy is keras.mixed_precision.DTypePolicy
    assert keras.name_scope is keras.backend.name_scope
    assert keras.Optimizer is keras.optimizers.Optimizer
    assert isinstance(keras.optimizers.Adam(), keras.Optimizer)

    class OneHot(keras.Layer):
        def call(self, ids):
            return keras.ops.one_hot(keras.ops.cast(ids, "int"), 3)

    assert OneHot()(keras.ops.convert_to_tensor([[0, 2]])).sum().item() == 2.0


def test_tensorflows_own_names_say_statefulrnn_stands_in_for_keras() -> None:
    # `import tensorflow as tf` made `import statefulrnn as tf` for a program's tf.keras
    with pytest.raises(AttributeError, match=r"'constant': statefulrnn stands in for Keras \(tf.keras\)"):
        keras.constant  # noqa: B018
    with pytest.raises(AttributeError, match=r"no attribute 'no_such_name'$"):
        keras.no_such_name  # noqa: B018


@pytest.mark.parametrize("name", MODULES)
def test_statefulrnn_keras_submodules_are_the_package_s_own_modules(name: str) -> None:
    # a program's `from tensorflow.keras.layers import LSTM` as `from statefulrnn.keras.layers ...`
    import importlib

    assert importlib.import_module(f"statefulrnn.keras.{name}") is getattr(keras, name)


def test_layers_imported_through_statefulrnn_keras_build_models() -> None:
    from statefulrnn.keras.layers import LSTM, Input
    from statefulrnn.keras.layers.experimental.preprocessing import Normalization

    assert LSTM is keras.layers.LSTM and Normalization is keras.layers.Normalization
    assert LSTM(4)(Input(shape=(3, 2))).shape == (None, 4)
    with pytest.raises(ModuleNotFoundError, match=r"statefulrnn\.no_such_module"):
        import statefulrnn.keras.no_such_module  # noqa: F401


def test_tensorflow_dtype_names_give_keras_s_names() -> None:
    # a program's Input(shape=(1,), dtype=tf.string) after `import statefulrnn as tf`
    assert keras.Input(shape=(1,), dtype=keras.string).dtype == "string"
    assert keras.Input(shape=(1,), dtype=keras.int32).dtype == "int32"
