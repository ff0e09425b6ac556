"""Record Keras 3's ``Sequential.get_config`` layout for a stateful model, and what the model
rebuilt from an edited config computes: the idiom of char-rnn programs (yxtay's
char-rnn-text-generation) that make a batch-1, one-step sampling copy of a stateful training
model by rewriting the config's ``InputLayer`` ``batch_shape``, each layer's ``build_config``
``input_shape`` and the model's ``build_input_shape``, then ``Sequential.from_config`` and
``set_weights(model.get_weights())``.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/sequential_config_rebuild.py``.
Writes tests/fixtures/sequential_config_rebuild/: ``layout.json`` (per config entry its class
name, the InputLayer's ``batch_shape`` and each layer's ``build_config`` input shape, and the
model's ``build_input_shape``) and ``keras3.npz`` (the weights, the ids fed one at a time, the
rebuilt model's outputs for them with its state carried from call to call, and its LSTM's
state shape). The tests build and rebuild with this script's functions, statefulrnn given as
``keras``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
FOLDER = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "sequential_config_rebuild"
BATCH, STEPS, VOCABULARY = 4, 6, 12
IDS = [3, 7, 1, 9, 4]  # fed to the batch-1 copy one id per call


def build(keras: ModuleType) -> Any:
    """The training model: fixed batch and length, a stateful LSTM over an Embedding."""
    layers = keras.layers
    model = keras.Sequential(name="char_rnn")
    model.add(layers.Input(batch_shape=(BATCH, STEPS)))
    model.add(layers.Embedding(VOCABULARY, 3, name="embedding"))
    model.add(layers.LSTM(5, return_sequences=True, stateful=True, name="lstm"))
    model.add(layers.TimeDistributed(layers.Dense(VOCABULARY, activation="softmax", name="dense"), name="td"))
    return model


def rebuild(keras: ModuleType, model: Any, batch_size: int = 1, seq_len: int = 1) -> Any:
    """yxtay's ``build_inference_model``: the config rewritten for ``(batch_size, seq_len)``,
    rebuilt by ``Sequential.from_config``, given the model's weights."""
    config = model.get_config()
    for layer in config["layers"]:
        if "batch_input_shape" in layer["config"]:
            layer["config"]["batch_input_shape"] = (batch_size, seq_len)
        if "batch_shape" in layer["config"]:
            layer["config"]["batch_shape"] = (batch_size, seq_len)
        if "build_config" in layer and "input_shape" in layer["build_config"]:
            input_shape = list(layer["build_config"]["input_shape"])
            input_shape[0] = batch_size
            layer["build_config"]["input_shape"] = tuple(input_shape)
    if "build_input_shape" in config:
        config["build_input_shape"] = (batch_size, seq_len)
    copy = keras.Sequential.from_config(config)
    copy.set_weights(model.get_weights())
    return copy


def layout(config: dict[str, Any]) -> dict[str, Any]:
    """The parts of a Sequential config that the idiom reads and rewrites."""
    entries = []
    for entry in config["layers"]:
        shape = (entry.get("build_config") or {}).get("input_shape")
        entries.append(
            {
                "class_name": entry["class_name"],
                "batch_shape": entry["config"].get("batch_shape"),
                "build_input_shape": None if shape is None else list(shape),
            }
        )
    shape = config.get("build_input_shape")
    return {"layers": entries, "build_input_shape": None if shape is None else list(shape)}


def sample(copy: Any) -> np.ndarray:
    """The copy's outputs for `IDS` fed one per predict call, the state running on."""
    return np.stack([copy.predict(np.array([[index]]), verbose=0) for index in IDS])


def main() -> None:
    import keras

    model = build(keras)
    rng = np.random.default_rng(7)
    weights = [rng.normal(scale=0.5, size=tuple(w.shape)).astype("float32") for w in model.get_weights()]
    model.set_weights(weights)
    copy = rebuild(keras, model)
    outputs = sample(copy)
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "layout.json").write_text(json.dumps(layout(model.get_config()), indent=1) + "\n")
    state_shape = list(copy.get_layer("lstm").states[0].shape)
    arrays = {f"weight_{i}": w for i, w in enumerate(weights)}
    np.savez_compressed(
        FOLDER / "keras3.npz", ids=np.array(IDS), outputs=outputs, state_shape=np.array(state_shape), **arrays
    )
    print(f"keras {keras.__version__}: outputs {outputs.shape}, state {state_shape}")


if __name__ == "__main__":
    main()
