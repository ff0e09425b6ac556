"""Keras's checkpoint flow as Keras programs write it: ``ModelCheckpoint("best_model.keras",
save_best_only=True)`` (the whole model, Keras's default), then ``keras.models.load_model`` and
``evaluate``. The ``.keras`` file is a Keras 3 file with its compile config, which real Keras
loads compiled too; other names keep statefulrnn's own model file; ``load_weights`` reads the
weights of either."""

from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn.io import save_keras
from statefulrnn.io.keras_config import KerasImportWarning
from tests.keras_python import needs_keras, run_in_keras

RNG = np.random.default_rng(0)
X = RNG.normal(size=(48, 20, 1)).astype(np.float32)
Y = (X[:, :, 0].mean(axis=1) > 0).astype(np.int64)


def classifier() -> keras.Model:
    """A program's model: convolution, normalization, pooling, softmax."""
    inputs = keras.layers.Input(X.shape[1:])
    h = keras.layers.ReLU()(
        keras.layers.BatchNormalization()(keras.layers.Conv1D(4, 3, padding="same")(inputs))
    )
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.GlobalAveragePooling1D()(h))
    model = keras.models.Model(inputs=inputs, outputs=outputs)
    model.compile(
        optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"]
    )
    return model


def _train(path: Path, **options) -> keras.Model:
    model = classifier()
    checkpoint = keras.callbacks.ModelCheckpoint(
        str(path), save_best_only=True, monitor="val_loss", **options
    )
    model.fit(X, Y, batch_size=16, epochs=3, callbacks=[checkpoint], validation_split=0.25, verbose=0)
    return model


def test_the_best_model_keras_file_loads_compiled_and_evaluates(tmp_path: Path) -> None:
    path = tmp_path / "best_model.keras"
    model = classifier()
    checkpoints = [
        keras.callbacks.ModelCheckpoint(str(path), save_best_only=True, monitor="val_loss"),
        keras.callbacks.ModelCheckpoint(str(tmp_path / "best.weights.safetensors"), save_best_only=True,
                                        save_weights_only=True),
    ]  # fmt: skip
    model.fit(X, Y, batch_size=16, epochs=3, callbacks=checkpoints, validation_split=0.25, verbose=0)
    assert zipfile.is_zipfile(path)  # a Keras 3 file, whatever statefulrnn's own format is
    config = json.loads(zipfile.ZipFile(path).read("config.json"))["compile_config"]
    assert config["loss"] == "sparse_categorical_crossentropy" and config["optimizer"]["class_name"] == "Adam"
    loaded = keras.models.load_model(path)
    best = classifier()
    best.load_weights(tmp_path / "best.weights.safetensors")  # saved at the same epochs
    for got, expected in zip(loaded.get_weights(), best.get_weights()):
        np.testing.assert_array_equal(got, expected)
    best.load_weights(path)  # Keras's load_weights reads a .keras file, and so does ours
    np.testing.assert_allclose(loaded.evaluate(X, Y, verbose=0), best.evaluate(X, Y, verbose=0), rtol=1e-6)


@needs_keras
def test_keras_loads_the_checkpoint_compiled_and_evaluates_as_we_do(tmp_path: Path) -> None:
    path = tmp_path / "best_model.keras"
    _train(path)
    ours = keras.models.load_model(path).evaluate(X, Y, verbose=0)
    np.savez(tmp_path / "data.npz", x=X, y=Y)
    script = (
        "import sys, numpy as np, keras\n"
        "model = keras.models.load_model(sys.argv[1])\n"
        "data = np.load(sys.argv[2])\n"
        "print('RESULT', *model.evaluate(data['x'], data['y'], verbose=0))\n"
    )
    printed = run_in_keras(tmp_path, script, str(path), str(tmp_path / "data.npz"))
    theirs = [float(value) for value in printed.split("RESULT")[-1].split()]
    np.testing.assert_allclose(theirs, ours, rtol=1e-5, atol=1e-6)


def test_another_name_keeps_our_model_file_and_load_weights_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "best_model.safetensors"
    _train(path)
    loaded = keras.models.load_model(path)  # statefulrnn's file: compiled, with its optimizer state
    assert loaded.optimizer.iterations > 0
    fresh = classifier()
    fresh.load_weights(path)
    for got, expected in zip(fresh.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(got, expected)


def test_a_model_keras_cannot_describe_is_refused_before_training(tmp_path: Path) -> None:
    inputs = keras.layers.Input((4, 2))
    model = keras.models.Model(inputs, keras.layers.Dense(1)(keras.layers.MinGRU(3)(inputs)))
    model.compile(optimizer="adam", loss="mse")
    before = model.get_weights()
    checkpoint = keras.callbacks.ModelCheckpoint(str(tmp_path / "m.keras"))
    with pytest.raises(ValueError, match=r"in a Keras file \(a \.keras name\), which cannot describe"):
        model.fit(np.ones((4, 4, 2)), np.ones((4, 1)), epochs=1, verbose=0, callbacks=[checkpoint])
    assert not (tmp_path / "m.keras").exists()
    for got, kept in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, kept)


def _with_compile_config(path: Path, **entries: object) -> None:
    """Rewrite the ``compile_config`` entries of the ``.keras`` file at ``path``."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    config["compile_config"].update(entries)
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_keras_file_compiled_with_keras_loss_and_metric_objects_loads_compiled(tmp_path: Path) -> None:
    """As Keras 3.15 writes ``compile(loss=losses.Huber(), metrics=[metrics.MeanAbsoluteError(),
    "mse", metrics.Precision(thresholds=0.3)])`` (its Huber config holds no delta)."""
    path = tmp_path / "objects.keras"
    save_keras(classifier(), path)
    _with_compile_config(
        path,
        loss={
            "module": "keras.losses",
            "class_name": "Huber",
            "config": {"name": "huber_loss", "reduction": "sum_over_batch_size"},
            "registered_name": None,
        },
        metrics=[
            {
                "module": "keras.metrics",
                "class_name": "MeanAbsoluteError",
                "config": {"name": "mean_absolute_error", "dtype": "float32"},
                "registered_name": None,
            },
            "mse",
            {
                "module": "keras.metrics",
                "class_name": "Precision",
                "config": {
                    "name": "precision",
                    "dtype": "float32",
                    "thresholds": 0.3,
                    "top_k": None,
                    "class_id": None,
                },
                "registered_name": None,
            },
        ],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", KerasImportWarning)
        model = keras.models.load_model(path)
    twin = classifier()
    twin.set_weights(model.get_weights())
    twin.compile(
        optimizer="adam",
        loss=keras.losses.Huber(),
        # named as the file names it: an unnamed Precision takes the next free name, which
        # depends on how many earlier tests of the process made one
        metrics=[
            keras.metrics.MeanAbsoluteError(),
            "mse",
            keras.metrics.Precision(thresholds=0.3, name="precision"),
        ],
    )
    y = np.eye(2, dtype=np.float32)[Y]
    assert model.evaluate(X, y, verbose=0, return_dict=True) == twin.evaluate(
        X, y, verbose=0, return_dict=True
    )


def test_a_keras_file_compiled_with_objects_loads_uncompiled_saying_why(tmp_path: Path) -> None:
    path = tmp_path / "custom.keras"
    save_keras(classifier(), path)
    _with_compile_config(path, loss={"module": "my_losses", "class_name": "Focal", "config": {}})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.models.load_model(path)
    assert any(
        issubclass(w.category, KerasImportWarning) and "loaded uncompiled" in str(w.message) for w in caught
    )
    with pytest.raises(RuntimeError, match="must be compiled before evaluate"):
        model.evaluate(X, Y, verbose=0)


def _compiled_with_objects() -> keras.Model:
    """keras.io's intro compiles with objects, not names: a loss and a named metric."""
    model = classifier()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")],
    )
    model.fit(X, Y, batch_size=16, epochs=1, verbose=0)
    return model


@pytest.mark.parametrize("name", ["model.keras", "model.safetensors"])
def test_a_model_compiled_with_loss_and_metric_objects_saves_and_loads_compiled(
    tmp_path: Path, name: str
) -> None:
    model = _compiled_with_objects()
    path = tmp_path / name
    model.save(path, **({"include_optimizer": True} if name.endswith(".safetensors") else {}))
    loaded = keras.models.load_model(path)
    assert loaded.evaluate(X, Y, verbose=0, return_dict=True) == model.evaluate(
        X, Y, verbose=0, return_dict=True
    )
    for trained in (model, loaded):  # the optimizer goes on where it stood
        trained.fit(X, Y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    for a, b in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_a_loss_class_of_the_programs_own_is_saved_by_name_and_found_in_custom_objects(
    tmp_path: Path,
) -> None:
    """As Keras records it: the class's name and get_config (tests/io/test_program_loss_classes.py)."""

    class Halved(keras.losses.Loss):
        def call(self, y_true, y_pred):
            return keras.losses.sparse_categorical_crossentropy(y_true, y_pred) / 2

    model = classifier()
    model.compile(optimizer="adam", loss=Halved())
    model.save(tmp_path / "model.safetensors", include_optimizer=True)
    with pytest.raises(ValueError, match=r"compile's class 'Halved' is not one statefulrnn has"):
        keras.models.load_model(tmp_path / "model.safetensors")
    loaded = keras.models.load_model(tmp_path / "model.safetensors", custom_objects={"Halved": Halved})
    assert type(loaded.loss) is Halved
    assert loaded.evaluate(X, Y, verbose=0) == model.evaluate(X, Y, verbose=0)[0]  # model keeps its metric


@needs_keras
def test_keras_loads_a_model_compiled_with_objects_compiled(tmp_path: Path) -> None:
    path = tmp_path / "model.keras"
    model = _compiled_with_objects()
    model.save(path)
    np.savez(tmp_path / "data.npz", x=X, y=Y)
    script = (
        "import sys, numpy as np, keras\n"
        "model = keras.models.load_model(sys.argv[1])\n"
        "data = np.load(sys.argv[2])\n"
        "print('RESULT', *model.evaluate(data['x'], data['y'], verbose=0))\n"
    )
    printed = run_in_keras(tmp_path, script, str(path), str(tmp_path / "data.npz"))
    theirs = [float(value) for value in printed.split("RESULT")[-1].split()]
    np.testing.assert_allclose(theirs, model.evaluate(X, Y, verbose=0), rtol=1e-5, atol=1e-6)


def test_a_file_names_only_our_own_loss_and_metric_classes(tmp_path: Path) -> None:
    # What a class name in a file may make: statefulrnn's classes, not what their modules import.
    from statefulrnn.saving import keras_loss_or_metric

    assert keras_loss_or_metric({"module": "keras.losses", "class_name": "Huber", "config": {}}) is not None
    for name in ("Any", "Callable", "_Private", "Tensor"):
        assert keras_loss_or_metric({"module": "keras.losses", "class_name": name, "config": {}}) is None
