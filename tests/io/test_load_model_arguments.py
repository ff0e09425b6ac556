"""``load_model(path, custom_objects=None, compile=True, safe_mode=True)``, Keras's arguments:
a Keras file compiled with a program's own loss and metric (``tests/fixtures/custom_compile``,
made by ``tools/keras_fixtures/custom_compile.py``) compiles with the caller's functions and
evaluates as Keras does; ``compile=False`` loads it for inference only."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import statefulrnn
from statefulrnn import ops
from statefulrnn.io.keras_config import KerasImportWarning
from statefulrnn.saving import _NAMES, _REGISTERED, register_keras_serializable
from tests.fixture_scripts import fixture_script

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "custom_compile"
SCALED_MSE, MEAN_GAP = fixture_script("custom_compile").functions(ops)


@pytest.fixture
def registered_metric():
    metric = register_keras_serializable(package="demo")(MEAN_GAP)
    yield metric
    _REGISTERED.pop("demo>mean_gap", None)
    _NAMES.pop(metric, None)


def test_own_loss_from_custom_objects_and_a_registered_metric_evaluate_as_keras(registered_metric) -> None:
    stored = np.load(FIXTURE / "custom.npz")
    model = statefulrnn.models.load_model(FIXTURE / "custom.keras", custom_objects={"scaled_mse": SCALED_MSE})
    assert model.optimizer.iterations == 1  # the file's optimizer state came with it
    evaluated = model.evaluate(stored["x"], stored["y"], verbose=0)
    np.testing.assert_allclose(evaluated, stored["evaluated"], rtol=1e-5, atol=1e-6)


def test_without_the_functions_the_model_loads_uncompiled_and_says_why() -> None:
    with pytest.warns(KerasImportWarning, match="loaded uncompiled"):
        model = statefulrnn.models.load_model(FIXTURE / "custom.keras")
    assert not hasattr(model, "optimizer")
    assert model.predict(np.load(FIXTURE / "custom.npz")["x"], verbose=0).shape == (6, 1)


def test_compile_false_loads_for_inference_only(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing to compile, so nothing to warn about
        model = statefulrnn.models.load_model(FIXTURE / "custom.keras", compile=False)
    assert not hasattr(model, "optimizer")
    ours = statefulrnn.Sequential([statefulrnn.layers.Input((3,)), statefulrnn.layers.Dense(2)])
    ours.compile(optimizer="adam", loss="mse")
    ours.train_on_batch(np.ones((2, 3), np.float32), np.zeros((2, 2), np.float32))
    ours.save(tmp_path / "m.safetensors", include_optimizer=True)
    assert statefulrnn.load_model(tmp_path / "m.safetensors").optimizer.iterations == 1
    assert not hasattr(statefulrnn.load_model(tmp_path / "m.safetensors", compile=False), "optimizer")


def test_safe_mode_is_accepted_and_arguments_are_checked() -> None:
    path = FIXTURE / "custom.keras"
    objects = {"scaled_mse": SCALED_MSE, "mean_gap": MEAN_GAP}
    assert statefulrnn.saving.load_model(path, custom_objects=objects, safe_mode=False).optimizer
    with pytest.raises(TypeError, match="custom_objects must be a dict"):
        statefulrnn.models.load_model(path, custom_objects=[SCALED_MSE])
    with pytest.raises(TypeError, match="compile must be True or False"):
        statefulrnn.models.load_model(path, compile="no")


def test_the_global_custom_objects_and_a_scope_are_found_by_name() -> None:
    """Keras's other two places for a program's functions: get_custom_objects() and a scope."""
    stored = np.load(FIXTURE / "custom.npz")
    with statefulrnn.utils.custom_object_scope({"scaled_mse": SCALED_MSE, "mean_gap": MEAN_GAP}):
        model = statefulrnn.models.load_model(FIXTURE / "custom.keras")
    np.testing.assert_allclose(
        model.evaluate(stored["x"], stored["y"], verbose=0), stored["evaluated"], rtol=1e-5
    )
    objects = statefulrnn.saving.get_custom_objects()
    objects.update({"scaled_mse": SCALED_MSE, "demo>mean_gap": MEAN_GAP})
    try:
        assert statefulrnn.models.load_model(FIXTURE / "custom.keras").optimizer
    finally:
        objects.pop("scaled_mse")
        objects.pop("demo>mean_gap")
