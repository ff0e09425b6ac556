"""``model.save("m.h5")`` and ``model.save_weights("w.h5")``: Keras's legacy HDF5 files, as
Keras 3 writes them (`statefulrnn.io.keras_h5_save`), read back here and by Keras 3."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

import statefulrnn
from statefulrnn import GRU, LSTM, Dense, Dropout, Sequential, optimizers
from statefulrnn.io import keras_h5
from tests.keras_python import keras_prediction_error, needs_keras, run_in_keras

X = np.random.default_rng(3).normal(size=(4, 6, 2)).astype(np.float32)
Y = np.random.default_rng(4).normal(size=(4, 1)).astype(np.float32)


def trained() -> Sequential:
    statefulrnn.utils.set_random_seed(3)
    model = Sequential(
        [GRU(4, return_sequences=True, input_shape=(None, 2)), Dropout(0.1), LSTM(3), Dense(1)], name="net"
    )
    model.compile(optimizers.Adam(0.01), "mse", metrics=["mae"])
    model.fit(X, Y, epochs=2, verbose=0)
    return model


def test_a_whole_model_file_is_keras_hdf5_and_loads_back_compiled(tmp_path: Path) -> None:
    model = trained()
    model.save(tmp_path / "model.h5")
    with h5py.File(tmp_path / "model.h5") as h5:
        assert {"model_config", "training_config", "keras_version", "backend"} <= set(h5.attrs)
        assert set(h5) == {"model_weights", "optimizer_weights"}
        assert _names(h5["model_weights"], "layer_names") == [layer.name for layer in model.layers]
        gru = h5["model_weights"][model.layers[0].name]
        assert _names(gru, "weight_names") == [weight.path for weight in model.weights[:3]]  # net/gru/...
        # Keras 3.15 cannot read back the short names it writes ("mse"): the long ones are stored
        assert '"loss": "mean_squared_error"' in h5.attrs["training_config"]
    loaded = statefulrnn.load_model(tmp_path / "model.h5")
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0), atol=1e-6, rtol=0)
    assert loaded.optimizer.iterations == model.optimizer.iterations == 2


def _names(group: h5py.Group, attribute: str) -> list[str]:
    return [name.decode() if isinstance(name, bytes) else str(name) for name in group.attrs[attribute]]


def test_save_format_h5_writes_hdf5_under_any_name_and_states_are_refused(tmp_path: Path) -> None:
    model = trained()
    model.save(tmp_path / "model.bin", save_format="h5")
    model.save(tmp_path / "model.hdf5")  # Keras 3 reads .hdf5 names as .h5
    model.save_weights(tmp_path / "w.hdf5")
    assert all(h5py.is_hdf5(tmp_path / name) for name in ("model.bin", "model.hdf5", "w.hdf5"))
    with pytest.raises(ValueError, match=r"a Keras file \(\.h5\) holds no states"):
        model.save(tmp_path / "states.h5", include_states=True)
    assert not (tmp_path / "states.h5").exists()


def test_a_weights_file_is_tf_keras_layout_and_loads_into_a_twin(tmp_path: Path) -> None:
    model = trained()
    model.save_weights(tmp_path / "w.h5")
    with h5py.File(tmp_path / "w.h5") as h5:
        assert keras_h5.is_keras2_weights(h5) and "model_config" not in h5.attrs
    twin = trained()
    twin.set_weights([w * 0 for w in twin.get_weights()])
    twin.load_weights(tmp_path / "w.h5")
    np.testing.assert_allclose(twin.predict(X, verbose=0), model.predict(X, verbose=0), atol=1e-6, rtol=0)


@needs_keras
def test_keras_3_loads_our_files_with_the_same_outputs_and_optimizer_step(tmp_path: Path) -> None:
    model = trained()
    model.save(tmp_path / "model.h5")
    model.save_weights(tmp_path / "w.h5")
    np.savez(tmp_path / "data.npz", x=X, predicted=model.predict(X, verbose=0))
    assert keras_prediction_error(tmp_path / "model.h5", tmp_path / "data.npz", ["x"]) < 1e-5
    script = """
import sys, numpy as np, keras
model = keras.models.load_model(sys.argv[1])
print("STEP", int(model.optimizer.iterations.numpy()), model.optimizer.__class__.__name__)
twin = keras.models.load_model(sys.argv[1], compile=False)
for weight in twin.weights:
    weight.assign(np.zeros(weight.shape))
twin.load_weights(sys.argv[2])
data = np.load(sys.argv[3])
print("ERROR", float(np.abs(twin.predict(data["x"], verbose=0) - data["predicted"]).max()))
"""
    output = run_in_keras(
        tmp_path, script, str(tmp_path / "model.h5"), str(tmp_path / "w.h5"), str(tmp_path / "data.npz")
    )
    assert "STEP 2 Adam" in output
    assert float(output.split("ERROR")[-1]) < 1e-5


def functional(tmp_path: Path) -> np.ndarray:
    """A functional GRU model saved to ``tmp_path / "model.h5"``; its predictions for X."""
    inputs = statefulrnn.Input((None, 2))
    model = statefulrnn.Model(inputs, Dense(1)(GRU(3, return_sequences=True)(inputs)))
    model.save(tmp_path / "model.h5")
    return model.predict(X, verbose=0)


def test_a_functional_model_s_file_loads_back(tmp_path: Path) -> None:
    predicted = functional(tmp_path)
    loaded = statefulrnn.load_model(tmp_path / "model.h5")
    np.testing.assert_allclose(loaded.predict(X, verbose=0), predicted, atol=1e-6, rtol=0)


@needs_keras
def test_keras_3_loads_a_functional_model_s_file(tmp_path: Path) -> None:
    np.savez(tmp_path / "data.npz", x=X, predicted=functional(tmp_path))
    assert keras_prediction_error(tmp_path / "model.h5", tmp_path / "data.npz", ["x"]) < 1e-5


def test_model_checkpoint_writes_keras_files_for_h5_names(tmp_path: Path) -> None:
    """``ModelCheckpoint("best.h5")``, as Keras programs name it: the legacy whole-model file;
    with ``save_weights_only``, the file ``model.save_weights`` writes for the name."""
    model = trained()
    checkpoints = [
        statefulrnn.callbacks.ModelCheckpoint(str(tmp_path / "best.h5")),
        statefulrnn.callbacks.ModelCheckpoint(str(tmp_path / "w.h5"), save_weights_only=True),
        statefulrnn.callbacks.ModelCheckpoint(str(tmp_path / "w.weights.h5"), save_weights_only=True),
    ]
    model.fit(X, Y, epochs=1, verbose=0, callbacks=checkpoints)
    with h5py.File(tmp_path / "best.h5") as h5, h5py.File(tmp_path / "w.h5") as weights:
        assert "model_config" in h5.attrs and keras_h5.is_keras2_weights(weights)
    with h5py.File(tmp_path / "w.weights.h5") as keras3:
        assert "layers" in keras3  # Keras 3's weights file
    loaded = statefulrnn.load_model(tmp_path / "best.h5")
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0), atol=1e-6, rtol=0)


def _architecture(name: str) -> tuple[statefulrnn.Sequential, np.ndarray]:
    """A trained model of one kind of layer mix the legacy file must hold, and its input."""
    keras, rng = statefulrnn.keras, np.random.default_rng(5)
    layers = keras.layers
    stacks = {
        "bidirectional": [
            layers.Bidirectional(layers.LSTM(4, return_sequences=True)),
            layers.TimeDistributed(Dense(2)),
        ],
        "embedding": [layers.Embedding(10, 4, mask_zero=True), GRU(3), Dense(1, activation="sigmoid")],
        "stacked cells": [
            layers.RNN([layers.GRUCell(3), layers.LSTMCell(2)], return_sequences=True),
            Dense(1),
        ],
        "non-trainable weights": [
            layers.Conv1D(4, 3),
            layers.BatchNormalization(),
            layers.SimpleRNN(3),
            Dense(1),
        ],
    }
    tokens = name == "embedding"
    x = (
        rng.integers(0, 10, size=(2, 6)).astype(np.float32)
        if tokens
        else rng.normal(size=(2, 6, 3)).astype(np.float32)
    )
    model = Sequential([statefulrnn.Input((6,) if tokens else (6, 3)), *stacks[name]])
    model.compile("rmsprop", "mse")
    model.fit(x, np.zeros(model.predict(x, verbose=0).shape, np.float32), epochs=1, verbose=0)
    return model, x


ARCHITECTURES = ["bidirectional", "embedding", "stacked cells", "non-trainable weights"]


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_each_kind_of_layer_mix_loads_back(name: str, tmp_path: Path) -> None:
    model, x = _architecture(name)
    model.save(tmp_path / "model.h5")
    loaded = statefulrnn.load_model(tmp_path / "model.h5")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6, rtol=0)
    assert loaded.optimizer.iterations == model.optimizer.iterations == 1


@needs_keras
@pytest.mark.parametrize("name", ARCHITECTURES)
def test_keras_3_loads_each_kind_of_layer_mix(name: str, tmp_path: Path) -> None:
    model, x = _architecture(name)
    model.save(tmp_path / "model.h5")
    np.savez(tmp_path / "data.npz", x=x, predicted=model.predict(x, verbose=0))
    assert keras_prediction_error(tmp_path / "model.h5", tmp_path / "data.npz", ["x"]) < 1e-5


@pytest.mark.parametrize("name", ["model.h5", "model.keras"])
def test_a_call_s_constant_arguments_are_written_and_read_back(tmp_path, name: str) -> None:
    # Attention(...)([q, v], return_attention_scores=True): Keras keeps a node's plain constant
    # keyword arguments in its config (Keras 3.15 loads our .keras of it to 6e-8; it cannot load
    # its own .h5 of an Attention, a Keras bug in its legacy config reader).
    q, v = statefulrnn.Input(shape=(3, 4)), statefulrnn.Input(shape=(5, 4))
    out, scores = statefulrnn.layers.Attention(name="attn")([q, v], return_attention_scores=True)
    model = statefulrnn.Model([q, v], [out, scores])
    rng = np.random.RandomState(0)
    x = [rng.rand(2, 3, 4).astype("float32"), rng.rand(2, 5, 4).astype("float32")]
    model.save(tmp_path / name)
    loaded = statefulrnn.models.load_model(tmp_path / name)
    for ours, theirs in zip(loaded.predict(x, verbose=0), model.predict(x, verbose=0)):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6)


def test_a_keras_h5_file_refuses_a_vocabulary_it_cannot_hold(tmp_path: Path) -> None:
    """An adapted TextVectorization keeps its vocabulary outside its weights: Keras's HDF5 file
    would load without it (tf-keras refuses to write one, Keras 3 cannot read its own back), so
    it is refused before anything is written; a vocabulary given in the config is kept."""
    encoder = statefulrnn.layers.TextVectorization(max_tokens=10)
    encoder.adapt(np.array(["the film was good", "the film was bad"]))
    model = statefulrnn.Sequential([statefulrnn.Input(shape=(), dtype="string"), encoder])
    with pytest.raises(ValueError, match=r"\['text_vectorization.*'\] keep what they learnt outside"):
        model.save(tmp_path / "model.h5")
    assert not (tmp_path / "model.h5").exists()
    given = statefulrnn.layers.TextVectorization(vocabulary=["film", "good"])
    kept = statefulrnn.Sequential([statefulrnn.Input(shape=(), dtype="string"), given])
    kept.save(tmp_path / "given.h5")
    loaded = statefulrnn.models.load_model(tmp_path / "given.h5")
    assert loaded.layers[0].get_vocabulary() == given.get_vocabulary()


class Scale(statefulrnn.layers.Layer):
    """A program's layer that does not pass ``name`` on to ``Layer.__init__`` (JanSchm's
    Time2Vector and TransformerEncoder): its config's name is lost at ``from_config``."""

    def __init__(self, **kwargs):
        super().__init__()

    def build(self, input_shape):
        self.scale = self.add_weight(name="scale", shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.scale


def test_load_model_pairs_renamed_layers_in_order_as_keras_2(tmp_path: Path) -> None:
    """Keras 2's load_model of an HDF5 file pairs its layers with the model's in order, so a
    layer named afresh by its config still gets its weights (tf-keras 2.21 loads this file)."""
    inputs = statefulrnn.layers.Input(shape=(2,))
    model = statefulrnn.Model(inputs, Dense(1)(Scale()(inputs)))
    model.layers[1].set_weights([np.array([2.0, 3.0], np.float32)])
    model.save(tmp_path / "m.h5")
    loaded = statefulrnn.models.load_model(tmp_path / "m.h5", custom_objects={"Scale": Scale})
    assert loaded.layers[1].name != model.layers[1].name  # named afresh
    np.testing.assert_array_equal(loaded.layers[1].get_weights()[0], [2.0, 3.0])
    np.testing.assert_allclose(
        loaded.predict(np.ones((1, 2)), verbose=0), model.predict(np.ones((1, 2)), verbose=0)
    )


@pytest.mark.parametrize("suffix", [".h5", ".keras"])
def test_a_sequential_starting_with_an_embedding_of_any_length_saves(tmp_path: Path, suffix: str) -> None:
    """A fitted Sequential whose first layer is an Embedding given no input length (ukairia777's
    BiLSTM tagger) saves with tf-keras's (None, None) input, which Keras 3.15 and we read back
    for ids of any length."""
    ids = np.random.default_rng(0).integers(1, 10, size=(4, 5))
    model = Sequential([statefulrnn.layers.Embedding(10, 3, mask_zero=True), Dense(2)])
    model.compile("adam", "mse")
    model.fit(ids, np.ones((4, 5, 2), np.float32), verbose=0)
    model.save(tmp_path / f"m{suffix}")
    loaded = statefulrnn.models.load_model(tmp_path / f"m{suffix}")
    longer = np.concatenate([ids, ids], axis=1)
    np.testing.assert_allclose(loaded.predict(longer, verbose=0), model.predict(longer, verbose=0), rtol=1e-6)
