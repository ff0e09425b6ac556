"""Keras files of models whose layers carry a regularizer or constraint of the program's own
class (RNNoise's ``WeightClip``, a ``Constraint`` subclass with ``get_config``): written as Keras
writes them, ``{"class_name", "config", "registered_name", ...}``, and rebuilt on load from the
class the loading program hands over, here and in Keras 3."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import GRU, Dense, Input, Model
from statefulrnn.constraints import Constraint
from statefulrnn.regularizers import Regularizer
from tests.keras_python import keras_error_of_saved, needs_keras


class WeightClip(Constraint):
    def __init__(self, c=2):
        self.c = c

    def __call__(self, p):
        return p.clamp(-self.c, self.c)

    def get_config(self):
        return {"c": self.c}


class Quartic(Regularizer):
    def __init__(self, weight=0.01):
        self.weight = weight

    def __call__(self, p):
        return self.weight * (p**4).sum()

    def get_config(self):
        return {"weight": self.weight}


CUSTOM = {"WeightClip": WeightClip, "Quartic": Quartic}


def program_model() -> Model:
    torch.manual_seed(0)
    inputs = Input((None, 4))
    clip = WeightClip(0.3)
    hidden = GRU(3, return_sequences=True, kernel_constraint=clip, recurrent_constraint=clip,
                 kernel_regularizer=Quartic(0.5))(inputs)  # fmt: skip
    model = Model(inputs, Dense(1, kernel_constraint=WeightClip(0.3))(hidden))
    model.compile(loss="mse", optimizer=statefulrnn.optimizers.SGD(0.5))
    return model


@pytest.mark.parametrize("name", ["model.h5", "model.keras"])
def test_program_penalties_are_written_and_rebuilt_from_the_handed_over_classes(
    tmp_path: Path, name: str
) -> None:
    model = program_model()
    x = np.random.default_rng(0).normal(size=(2, 5, 4)).astype(np.float32)
    model.save(tmp_path / name)
    with pytest.raises(ValueError, match=r"kernel_regularizer is a 'Quartic' .*none was handed over"):
        statefulrnn.load_model(tmp_path / name)  # not handed over: refused by name
    loaded = statefulrnn.load_model(tmp_path / name, custom_objects=CUSTOM)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)
    gru, dense = loaded.layers[1], loaded.layers[2]
    assert isinstance(gru.cell.kernel_constraint, WeightClip) and gru.cell.kernel_constraint.c == 0.3
    assert isinstance(gru.cell.kernel_regularizer, Quartic) and gru.cell.kernel_regularizer.weight == 0.5
    assert isinstance(dense.kernel_constraint, WeightClip)
    loaded.fit(x, np.full((2, 5, 1), 10.0, np.float32), epochs=3, verbose=0)  # large steps, then clipped
    assert float(np.abs(dense.get_weights()[0]).max()) <= 0.3 + 1e-6


@needs_keras
def test_keras_3_loads_them_with_the_class_handed_over(tmp_path: Path) -> None:
    model = program_model()
    x = np.random.default_rng(1).normal(size=(2, 5, 4)).astype(np.float32)
    prelude = """
class WeightClip(keras.constraints.Constraint):
    def __init__(self, c=2):
        self.c = c
    def __call__(self, p):
        return keras.ops.clip(p, -self.c, self.c)
    def get_config(self):
        return {"c": self.c}
class Quartic(keras.regularizers.Regularizer):
    def __init__(self, weight=0.01):
        self.weight = weight
    def __call__(self, p):
        return self.weight * keras.ops.sum(p ** 4)
    def get_config(self):
        return {"weight": self.weight}
"""
    options = 'custom_objects={"WeightClip": WeightClip, "Quartic": Quartic}'
    assert keras_error_of_saved(model, x, tmp_path, prelude, options) < 1e-5
