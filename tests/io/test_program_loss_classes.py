"""Model files of models compiled with objects of a program's own loss and metric classes
(handson-ml2 ch. 12's ``HuberLoss(keras.losses.Loss)``, ``HuberMetric(keras.metrics.Metric)``,
a ``keras.metrics.Mean`` subclass): written as Keras writes them (the class's name and its
``get_config()``), made again on load by the class's ``from_config`` where the loading program
hands the class over (``custom_objects``, the registry), so the model loads compiled with equal
objects. Without the class, the model loads uncompiled with a warning that names it (a file
holds no code), as before. And ``metrics=["mae"]`` keeps its name through an ``.h5`` file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn import backend as K
from statefulrnn.io.keras_config import KerasImportWarning
from tests.keras_python import needs_keras, run_in_keras

RNG = np.random.default_rng(0)
X = RNG.normal(size=(16, 3)).astype(np.float32)
Y = X[:, :1] * 2.0


class HuberLoss(keras.losses.Loss):
    def __init__(self, threshold=1.0, **kwargs):
        self.threshold = threshold
        super().__init__(**kwargs)

    def call(self, y_true, y_pred):
        error = y_true - y_pred
        small = K.abs(error) < self.threshold
        return K.switch(small, K.square(error) / 2, self.threshold * K.abs(error) - self.threshold**2 / 2)

    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}


class HuberMetric(keras.metrics.Metric):
    def __init__(self, threshold=1.0, **kwargs):
        super().__init__(**kwargs)
        self.threshold = threshold
        self.total = self.add_weight("total", initializer="zeros")
        self.count = self.add_weight("count", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        metric = HuberLoss(self.threshold).call(y_true, y_pred)
        self.total.assign_add(K.sum(metric))
        self.count.assign_add(K.cast(K.shape(y_true)[0], "float32"))

    def result(self):
        return self.total / self.count

    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}


class HuberMean(keras.metrics.Mean):
    def __init__(self, threshold=1.0, **kwargs):
        self.threshold = threshold
        super().__init__(**kwargs)

    def update_state(self, y_true, y_pred, sample_weight=None):
        super().update_state(HuberLoss(self.threshold).call(y_true, y_pred), sample_weight)

    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}


CLASSES = {"HuberLoss": HuberLoss, "HuberMetric": HuberMetric, "HuberMean": HuberMean}


def _model() -> keras.Model:
    model = keras.models.Sequential([keras.layers.Input((3,)), keras.layers.Dense(1)])
    model.compile(
        loss=HuberLoss(2.0),
        optimizer="adam",
        metrics=["mae", HuberMetric(2.0, name="huber")],
        weighted_metrics=[HuberMean(3.0, name="weighted_huber")],
    )
    return model


def _compiled_metrics(model: keras.Model) -> list:
    """compile's ``metrics`` and then ``weighted_metrics``, as the model was compiled."""
    spec = model.__dict__["_compile_spec"]
    return [*(spec["metrics"] or []), *(spec["weighted_metrics"] or [])]


def _save(model: keras.Model, path: Path) -> None:
    if path.suffix == ".safetensors":
        model.save(path, include_optimizer=True)
    else:
        model.save(path)


@pytest.mark.parametrize("suffix", [".h5", ".keras", ".safetensors"])
def test_a_model_compiled_with_the_programs_classes_loads_compiled_with_equal_objects(
    tmp_path: Path, suffix: str
) -> None:
    model = _model()
    weight = np.linspace(0.0, 1.0, len(X)).astype(np.float32)
    history = model.fit(X, Y, sample_weight=weight, epochs=1, verbose=0)
    path = tmp_path / f"model{suffix}"
    _save(model, path)
    loaded = keras.models.load_model(path, custom_objects=CLASSES)
    assert type(loaded.loss) is HuberLoss and loaded.loss.threshold == 2.0
    huber, weighted = _compiled_metrics(loaded)[-2:]
    assert (type(huber), huber.name, huber.threshold) == (HuberMetric, "huber", 2.0)
    assert (type(weighted), weighted.name, weighted.threshold) == (HuberMean, "weighted_huber", 3.0)
    np.testing.assert_allclose(
        loaded.evaluate(X, Y, sample_weight=weight, verbose=0),
        model.evaluate(X, Y, sample_weight=weight, verbose=0),
        rtol=1e-6,
    )
    again = loaded.fit(X, Y, sample_weight=weight, epochs=1, verbose=0)
    assert sorted(again.history) == sorted(history.history) == ["huber", "loss", "mae", "weighted_huber"]


def test_the_h5_file_names_the_class_and_its_config_as_tf_keras_does(tmp_path: Path) -> None:
    """tf-keras 2.21's form (`_TF_KERAS_TRAINING_CONFIG` below); the metric given by name keeps it."""
    _save(_model(), tmp_path / "model.h5")
    with h5py.File(tmp_path / "model.h5") as h5:
        training = json.loads(h5.attrs["training_config"])
    assert training["loss"] == {
        "class_name": "HuberLoss",
        "config": {"name": HuberLoss(2.0).name, "reduction": "sum_over_batch_size", "threshold": 2.0},
    }
    assert training["metrics"] == ["mae", {"class_name": "HuberMetric", "config": {
        "name": "huber", "dtype": "float32", "threshold": 2.0
    }}]  # fmt: skip
    assert training["weighted_metrics"][0]["config"]["threshold"] == 3.0


def test_the_keras_file_names_the_class_as_keras3_does(tmp_path: Path) -> None:
    _save(_model(), tmp_path / "model.keras")
    compiled = json.loads(zipfile.ZipFile(tmp_path / "model.keras").read("config.json"))["compile_config"]
    assert compiled["loss"] == {
        "module": __name__,  # Keras 3.15 writes the class's module (null for __main__'s)
        "class_name": "HuberLoss",
        "config": {"name": HuberLoss(2.0).name, "reduction": "sum_over_batch_size", "threshold": 2.0},
        "registered_name": "HuberLoss",
    }


# The training_config tf-keras 2.21 writes for such a model, copied from the file that
#     model.compile(loss=HuberLoss(2.), optimizer="adam", metrics=["mae", HuberMean(2.0)],
#                   weighted_metrics=[HuberMean(3.0, name="wh")]); model.save("m.h5")
# wrote (TF_USE_LEGACY_KERAS=1, tensorflow 2.21, with this file's classes on tf.keras).
_TF_KERAS_TRAINING_CONFIG = (
    '{"loss": {"class_name": "HuberLoss", "config": {"reduction": "auto", "name": null, "threshold": 2.0}}, '
    '"metrics": [[{"class_name": "MeanMetricWrapper", "config": {"name": "mae", "dtype": "float32", '
    '"fn": "mean_absolute_error"}}, {"class_name": "HuberMean", "config": {"name": "mean", "dtype": '
    '"float32", "threshold": 2.0}}]], "weighted_metrics": [[{"class_name": "HuberMean", "config": '
    '{"name": "wh", "dtype": "float32", "threshold": 3.0}}]], "loss_weights": null, "optimizer_config": '
    '{"class_name": "Custom>Adam", "config": {"name": "Adam", "weight_decay": null, "clipnorm": null, '
    '"global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, '
    '"ema_overwrite_frequency": null, "jit_compile": false, "is_legacy_optimizer": false, '
    '"learning_rate": 0.0010000000474974513, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, '
    '"amsgrad": false}}}'
)


def _tf_keras_file(tmp_path: Path) -> Path:
    """An .h5 file whose training_config is tf-keras's (the model and weights ours)."""
    path = tmp_path / "tf_keras.h5"
    keras.models.Sequential([keras.layers.Input((3,)), keras.layers.Dense(1)]).save(path)
    with h5py.File(path, "a") as h5:
        h5.attrs["training_config"] = _TF_KERAS_TRAINING_CONFIG
    return path


def test_a_tf_keras_file_compiled_with_the_programs_classes_loads_compiled(tmp_path: Path) -> None:
    loaded = keras.models.load_model(_tf_keras_file(tmp_path), custom_objects=CLASSES)
    assert type(loaded.loss) is HuberLoss and loaded.loss.threshold == 2.0
    [_, mean], [weighted] = _compiled_metrics(loaded)  # tf-keras lists them by output
    assert [(type(m), m.name, m.threshold) for m in (mean, weighted)] == [
        (HuberMean, "mean", 2.0), (HuberMean, "wh", 3.0)
    ]  # fmt: skip
    history = loaded.fit(X, Y, epochs=1, verbose=0, validation_data=(X, Y))
    assert sorted(history.history) == [
        "loss",
        "mae",
        "mean",
        "val_loss",
        "val_mae",
        "val_mean",
        "val_wh",
        "wh",
    ]


def test_a_class_registered_is_found_without_custom_objects(tmp_path: Path) -> None:
    registered = keras.saving.register_keras_serializable(package="test_io")(
        type("Halved", (HuberLoss,), {"__module__": __name__})
    )
    try:
        model = keras.models.Sequential([keras.layers.Input((3,)), keras.layers.Dense(1)])
        model.compile(loss=registered(0.5), optimizer="adam")
        model.save(tmp_path / "model.h5")
        with h5py.File(tmp_path / "model.h5") as h5:
            assert json.loads(h5.attrs["training_config"])["loss"]["class_name"] == "test_io>Halved"
        loaded = keras.models.load_model(tmp_path / "model.h5")
    finally:
        keras.saving.get_custom_objects().pop("test_io>Halved")
    assert type(loaded.loss) is registered and loaded.loss.threshold == 0.5


@pytest.mark.parametrize("suffix", [".h5", ".keras"])
def test_without_the_class_the_model_loads_uncompiled_and_says_to_pass_it(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"model{suffix}"
    _save(_model(), path)
    with pytest.warns(
        KerasImportWarning,
        match=r"loaded uncompiled \(compile's class 'HuberLoss' is not one statefulrnn has, nor in "
        r"custom_objects or the registry: pass it to load_model in custom_objects=\{'HuberLoss': HuberLoss\}",
    ):
        loaded = keras.models.load_model(path, custom_objects={"HuberMetric": HuberMetric})
    with pytest.raises(RuntimeError, match="must be compiled before fit"):
        loaded.fit(X, Y, epochs=1, verbose=0)


def test_a_tf_keras_file_without_the_class_loads_uncompiled_and_names_it(tmp_path: Path) -> None:
    with pytest.warns(KerasImportWarning, match=r"compile's class 'HuberLoss' .* custom_objects="):
        keras.models.load_model(_tf_keras_file(tmp_path))


def test_our_model_file_without_the_class_is_refused_naming_it(tmp_path: Path) -> None:
    _save(_model(), tmp_path / "model.safetensors")
    with pytest.raises(ValueError, match=r"compile's class 'HuberMetric' is not one statefulrnn has"):
        keras.models.load_model(tmp_path / "model.safetensors", custom_objects={"HuberLoss": HuberLoss})


def test_a_get_config_that_a_file_cannot_hold_is_refused_by_name(tmp_path: Path) -> None:
    class Opaque(HuberLoss):
        def get_config(self):
            return {**super().get_config(), "threshold": object()}

    model = keras.models.Sequential([keras.layers.Input((3,)), keras.layers.Dense(1)])
    model.compile(loss=Opaque(2.0), optimizer="adam")
    with pytest.raises(
        ValueError, match=r"compiled with the loss Opaque, whose get_config\(\) cannot be stored"
    ):
        model.save(tmp_path / "model.safetensors", include_optimizer=True)


def test_metrics_given_by_short_names_keep_them_through_an_h5_file(tmp_path: Path) -> None:
    """tf-keras 2.21 logs ``mae``/``val_mae`` after the round trip; the loss's short name is
    still written long (``mean_squared_error``), which Keras 3 reads back."""
    model = keras.models.Sequential([keras.layers.Input((3,)), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer="adam", metrics=["mae", "mse"], weighted_metrics=["mae"])
    model.save(tmp_path / "model.h5")
    with h5py.File(tmp_path / "model.h5") as h5:
        training = json.loads(h5.attrs["training_config"])
    assert (training["loss"], training["metrics"], training["weighted_metrics"]) == (
        "mean_squared_error", ["mae", "mse"], ["mae"]
    )  # fmt: skip
    history = keras.models.load_model(tmp_path / "model.h5").fit(
        X, Y, epochs=1, verbose=0, validation_data=(X, Y)
    )
    expected = model.fit(X, Y, epochs=1, verbose=0, validation_data=(X, Y))
    assert sorted(history.history) == sorted(expected.history)
    assert {"mae", "val_mae", "mse", "val_mse"} <= set(history.history)


_KERAS_LOADS = """
import os, sys
if sys.argv[2] == "tf_keras":
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    from tensorflow import keras
else:
    import keras

class HuberLoss(keras.losses.Loss):
    def __init__(self, threshold=1.0, **kwargs):
        self.threshold = threshold
        super().__init__(**kwargs)
    def call(self, y_true, y_pred):
        return (y_true - y_pred) ** 2 * self.threshold
    def get_config(self):
        return {**super().get_config(), "threshold": self.threshold}

model = keras.models.load_model(sys.argv[1], custom_objects={"HuberLoss": HuberLoss})
print("LOSS", type(model.loss).__name__, model.loss.threshold)
"""


@needs_keras  # Keras 3 (tf-keras does not read our .h5's Keras 3 layer configs: InputLayer's batch_shape)
@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_keras_loads_our_file_compiled_with_the_programs_loss(tmp_path: Path, suffix: str) -> None:
    model = keras.models.Sequential([keras.layers.Input((3,)), keras.layers.Dense(1)])
    model.compile(loss=HuberLoss(2.0), optimizer="adam", metrics=["mae"])
    model.save(tmp_path / f"model{suffix}")
    output = run_in_keras(tmp_path, _KERAS_LOADS, str(tmp_path / f"model{suffix}"), "keras3")
    assert "LOSS HuberLoss 2.0" in output
