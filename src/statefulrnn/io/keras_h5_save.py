"""Keras's legacy HDF5 files, written as Keras 3 writes them: ``model.save("m.h5")`` and
``model.save_weights("w.h5")`` (a name ending in ``.h5`` but not ``.weights.h5``).

Layout (Keras 3's ``legacy_h5_format``; `statefulrnn.io.keras_h5` reads it, and tf-keras 2's):
a whole-model file has root attributes ``keras_version``, ``backend``, ``model_config`` (the
model's JSON config: each layer as ``{"class_name", "config"}``, the layers' own configs as
Keras 3 writes them) and, for a compiled model, ``training_config`` (compile's loss and
metrics, with ``optimizer_config``); its weights in the group ``model_weights`` and its
optimizer's in ``optimizer_weights``. The weights group lists the model's layers in the
attribute ``layer_names`` and holds a group a layer (in name order), whose attribute
``weight_names`` lists its weights by path (``sequential/gru/gru_cell/kernel``), each a dataset
at that path inside the layer's group, in Keras's layout; a weights-only file is that group at
the root. ``keras.models.load_model`` (Keras 3) and `statefulrnn.io.load_keras` rebuild the
model from it with the same outputs.

Under tf-keras's rules (a tf-keras program, `statefulrnn.config.set_keras_rules`) the file is
tf-keras 2.21's instead, its configs and optimizer weights as tf-keras writes them
(`tf_keras_config`), so that ``tf.keras.models.load_model`` loads it.

Keras calls this format legacy; a ``.keras`` name writes Keras 3's own (`save_keras`).

Example:
    >>> import os, tempfile
    >>> import numpy as np
    >>> from statefulrnn import GRU, Dense, Sequential, io
    >>> model = Sequential([GRU(3, input_shape=(None, 2)), Dense(1)])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "model.h5")
    ...     save_keras_h5(model, path)
    ...     again = io.load_keras(path)
    >>> x = np.ones((1, 4, 2), np.float32)
    >>> bool(np.allclose(again.predict(x, verbose=0), model.predict(x, verbose=0)))
    True
"""

from __future__ import annotations

import inspect
import io
import json
import os
from typing import Any

import numpy as np

from .._keras_rules import tf_keras_rules
from ._atomic import write_atomically
from .keras_assets import held_outside_weights
from .keras_config import names_keras_model
from .keras_optimizer import optimizer_variables
from .keras_save import KERAS_VERSION, keras_model_layers, model_config
from .tf_keras_config import (
    TF_KERAS_VERSION,
    program_call_arguments,
    tf_keras_model_config,
    tf_keras_optimizer_names,
    tf_keras_training_config,
)

__all__ = ["save_keras_h5", "save_keras_h5_weights"]


def save_keras_h5(model: Any, path: str | os.PathLike[str]) -> None:
    """Write ``model`` (a built `Sequential` or functional `Model`) as Keras's legacy HDF5 file,
    its optimizer's state included when it is compiled with one of ours. Atomically written.

    Raises:
        ValueError: as `save_keras` (a layer Keras cannot rebuild, an unbuilt model); a layer
            that keeps what it learnt outside its weights (an adapted ``TextVectorization``'s
            vocabulary), which the file cannot hold; no file is written.
    """
    lost = held_outside_weights(model)
    if lost:
        raise ValueError(
            f"Keras's HDF5 file holds a model's weights and config, but layer(s) {lost} keep what "
            f"they learnt outside their weights (a vocabulary from adapt(), IDF weights), which it "
            f"cannot hold: the model would load without them (tf-keras refuses to write such a "
            f"file, Keras 3 cannot read it back). Save it as a .keras file (model.save('model.keras')), "
            f"which keeps them as Keras 3 does."
        )
    # A tf-keras program's file is written as tf-keras writes it, so that tf-keras loads it.
    tf_keras = tf_keras_rules()
    config = model_config(model, keras2_names=tf_keras)
    compile_config = config.pop("compile_config", {})
    if tf_keras:
        legacy = tf_keras_model_config(config, program_call_arguments(model))
    else:
        legacy = {"class_name": config["class_name"], "config": _legacy_layers(config["config"])}
    version, backend = (TF_KERAS_VERSION, "tensorflow") if tf_keras else (KERAS_VERSION, "torch")
    variables = optimizer_variables(model) if compile_config else None
    named = list(model.named_weights())

    def write(h5: Any) -> None:
        h5.attrs["keras_version"] = version
        h5.attrs["backend"] = backend
        h5.attrs["model_config"] = json.dumps(legacy)
        if compile_config:
            training = _training_config(compile_config)
            h5.attrs["training_config"] = json.dumps(
                tf_keras_training_config(training) if tf_keras else training
            )
        weights = h5.create_group("model_weights")
        _write_weights(weights, model, named)
        weights.attrs["keras_version"], weights.attrs["backend"] = version, backend
        if variables is not None:
            _write_optimizer(
                h5.create_group("optimizer_weights"), model.optimizer, named, variables, tf_keras
            )

    write_atomically(os.fspath(path), _h5_bytes(write))


def save_keras_h5_weights(model: Any, path: str | os.PathLike[str]) -> None:
    """Write ``model``'s weights as Keras's legacy HDF5 weights file (tf-keras 2's
    ``save_weights("w.h5")``): the weights group of `save_keras_h5` at the root. Atomically
    written."""
    named = list(model.named_weights())
    write_atomically(os.fspath(path), _h5_bytes(lambda h5: _write_weights(h5, model, named)))


def _h5_bytes(write: Any) -> bytes:
    import h5py

    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        write(h5)
    return buffer.getvalue()


# The keys of a legacy layer entry (Keras 2's): no module, registered name or build config.
_LEGACY_KEYS = ("class_name", "config", "name", "inbound_nodes")


def _legacy_layers(config: dict[str, Any]) -> dict[str, Any]:
    """A model's Keras 3 config with each layer entry as the legacy ``{"class_name", "config"}``
    (a functional model's inbound nodes and a layer's own config as they are), and so for every
    model inside, as Keras 3's legacy writer serializes each model's layers at any depth: a
    model used as a layer is a legacy entry too; one a ``TimeDistributed`` wraps keeps its full
    entry (the wrapper's own config writes it), its layers legacy."""
    layers = []
    for entry in config["layers"]:
        legacy = {key: entry[key] for key in _LEGACY_KEYS if key in entry}
        if names_keras_model(entry):
            legacy["config"] = _legacy_layers(entry["config"])
        else:  # a wrapper's model (TimeDistributed's "layer") keeps its entry, its layers legacy
            legacy["config"] = {key: _with_legacy_layers(value) for key, value in entry["config"].items()}
        layers.append(legacy)
    return {**config, "layers": layers}


def _with_legacy_layers(value: Any) -> Any:
    """A config value as it is, or a model's entry with its layers legacy (`_legacy_layers`)."""
    return {**value, "config": _legacy_layers(value["config"])} if names_keras_model(value) else value


def _training_config(compile_config: dict[str, Any]) -> dict[str, Any]:
    """Keras's legacy ``training_config``: compile's arguments, the optimizer as
    ``optimizer_config`` (``{"class_name", "config"}``), a loss given by a short name
    (``"mse"``) under the function's own (``"mean_squared_error"``): Keras 3.15 writes the
    short name and then cannot read it back (``losses.deserialize("mse")`` fails), the long one
    it reads. Metrics keep the names they were given (``"mae"``: their log keys, which Keras
    reads back as they are)."""
    training = {
        key: _legacy_entries(value, long_names=key == "loss")
        for key, value in compile_config.items()
        if key != "optimizer"
    }
    optimizer = compile_config["optimizer"]
    training["optimizer_config"] = {"class_name": optimizer["class_name"], "config": optimizer["config"]}
    return training


def _legacy_entries(value: Any, long_names: bool) -> Any:
    """``value`` (a loss or metrics argument) as Keras 2 wrote it: each function of the
    program's own by its bare name (``"r2_keras"``, which a loading program's
    ``custom_objects`` holds), each object of the program's own class as tf-keras's
    ``{"class_name": its registered name, "config": its get_config()}`` (``"HuberLoss"``, or
    ``"package>HuberLoss"`` for one registered), and with ``long_names`` each short name of a
    loss function replaced by the function's name."""
    from .. import losses

    if isinstance(value, list):
        return [_legacy_entries(item, long_names) for item in value]
    if isinstance(value, dict) and value.get("class_name") == "function":
        return value["config"]
    if isinstance(value, dict) and "class_name" not in value:
        return {key: _legacy_entries(item, long_names) for key, item in value.items()}
    if isinstance(value, dict) and value.get("registered_name") is not None:
        return {"class_name": value["registered_name"], "config": value["config"]}
    if isinstance(value, str) and long_names:
        try:
            found = losses.get(value)
        except ValueError:  # not a loss: a metric's name, kept
            return value
        return found.__name__ if inspect.isfunction(found) else value
    return value


def _write_weights(group: Any, model: Any, named: list[tuple[str, Any]]) -> None:
    """The weights group: ``model``'s layers, each with its weights by path (``named``, the
    model's ``named_weights()``)."""
    layers = keras_model_layers(model)
    paths = {_key(weight): path for path, weight in named}
    _names(group, "layer_names", [layer.name for layer in layers])
    group.attrs["backend"] = "torch"
    group.attrs["keras_version"] = KERAS_VERSION
    for layer in sorted(layers, key=lambda layer: layer.name):
        layer_group = group.create_group(layer.name)
        weights = [(paths[_key(weight)], weight) for _, weight in layer.named_weights()]
        _names(layer_group, "weight_names", [path for path, _ in weights])
        for path, weight in weights:
            layer_group.create_dataset(path, data=weight.read().detach().cpu().numpy())
    _names(group.create_group("top_level_model_weights"), "weight_names", [])


def _write_optimizer(
    group: Any, optimizer: Any, named: list[tuple[str, Any]], variables: list[np.ndarray], tf_keras: bool
) -> None:
    """Keras's optimizer ``variables``, named as Keras names them (``adam/iteration``,
    ``adam/sequential_dense_kernel_momentum``, ...); Keras's loader reads them in order. With
    ``tf_keras``, as tf-keras writes them (`tf_keras_optimizer_names`: no learning rate)."""
    trainable = [(path, w) for path, w in named if w.trainable]
    weights = {_key(w): path for path, w in trainable}
    kept = [what for what, _ in optimizer.keras_variable_shapes([w for _, w in trainable])]
    names = [what for what in kept[:2] if what in ("iteration", "learning_rate")]
    names += [
        f"{weights[_key(weight)].replace('/', '_')}_{slot}"
        for weight, slot in optimizer._keras_slot_order([w for _, w in trainable])
    ]
    names += [f"extra_{index}" for index in range(len(variables) - len(names))]
    full = [f"{optimizer.name}/{name}" for name in names]
    if tf_keras:
        full, kept_indices = tf_keras_optimizer_names(optimizer.name, names)
        variables = [variables[index] for index in kept_indices]
    _names(group, "weight_names", full)
    for name, array in zip(full, variables, strict=True):
        group.create_dataset(name, data=array)


def _names(group: Any, attribute: str, names: list[str]) -> None:
    """A list of names as Keras stores it: an attribute of byte strings (an empty float array
    for none, as h5py stores an empty list)."""
    group.attrs[attribute] = [name.encode("utf8") for name in names] if names else np.array([])


def _key(weight: Any) -> tuple[int, ...]:
    """A weight's identity across walks: its parameters (each walk makes its own records)."""
    return tuple(map(id, weight.parameters))
