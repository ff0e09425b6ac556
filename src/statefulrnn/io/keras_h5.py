"""Keras 2 HDF5 files (``model.save("m.h5")`` and ``model.save_weights("w.h5")``), read with h5py.

Layout (tf-keras 2.x): a whole-model file has root attributes ``model_config`` (the model's
JSON config), ``keras_version`` and ``backend``, and its weights in ``model_weights``; a
weights-only file has the weights group at the root. The weights group lists its layers in
the attribute ``layer_names``; each layer group lists its weights, in Keras order, in the
attribute ``weight_names`` (``"lstm/lstm_cell/kernel:0"``, paths inside the layer group).

Only arrays and JSON text are read: no pickled or marshalled object is ever loaded. The
weights come back as datasets, not arrays: a caller reads each (`_hdf5_safety.read_array`)
only once its shape is known to fit.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .keras_config import parse_config, use_keras2_activations

__all__ = [
    "attribute", "is_keras2_weights", "read_compile_config", "read_layer_weights", "read_model_config",
    "read_optimizer_weights",
]  # fmt: skip


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def attribute(item: Any, name: str, path: str, default: Any = None) -> Any:
    """The value of HDF5 attribute ``name`` of ``item`` (a group or dataset of the file read
    from ``path``), ``default`` when it has none.

    Raises:
        ValueError: the attribute is damaged: h5py raises TypeError for a string of an unknown
            encoding, OSError or RuntimeError for an unreadable type or value (found by the
            fuzz tests); the loaders document ValueError for a bad file.
    """
    try:
        return item.attrs.get(name, default)
    except (OSError, RuntimeError, TypeError) as error:
        raise ValueError(
            f"{path}: the attribute {name!r} of {item.name!r} is damaged (truncated or corrupted?): {error}"
        ) from None


def _names(group: Any, attribute_name: str, path: str) -> list[str]:
    """A list-of-names attribute (``layer_names``, ``weight_names``); ``[]`` when absent."""
    value = np.asarray(attribute(group, attribute_name, path, []))
    if value.size == 0:
        return []
    if value.ndim != 1 or not all(isinstance(v, (bytes, str)) for v in value):
        raise ValueError(
            f"{path}: the attribute {attribute_name!r} of {group.name!r} is not a list of names. "
            f"Received: {value.dtype} of shape {value.shape}"
        )
    return [_text(name) for name in value]


def read_model_config(h5: Any, path: str) -> dict[str, Any]:
    """The JSON ``model_config`` of a Keras 2 whole-model file.

    A file that Keras 3 did not write (its ``keras_version`` is not 3.x: tf-keras, Keras 2)
    means Keras 2's ``"hard_sigmoid"``, which is renamed ``"hard_sigmoid_keras2"`` here (Keras 3,
    loading such a file, takes its own, with another slope).
    """
    text = attribute(h5, "model_config", path)
    if text is None:
        raise ValueError(
            f"{path} is a Keras HDF5 file without a model config (a weights-only file?); "
            f"use load_keras_weights(model, path) with a model built to match."
        )
    if not isinstance(text, (bytes, str)):
        raise ValueError(f"{path}: the Keras model_config is not text. Received: {type(text).__name__}")
    config = parse_config(text, f"{path}: the Keras model_config")
    if not _text(attribute(h5, "keras_version", path, b"")).startswith("3."):
        use_keras2_activations(config)
    return config


def read_compile_config(h5: Any, path: str) -> dict[str, Any] | None:
    """The ``training_config`` of a whole-model file as a Keras 3 ``compile_config`` (compile's
    arguments, the optimizer as ``{"class_name", "config"}``); None where the model was saved
    uncompiled."""
    text = attribute(h5, "training_config", path)
    if text is None:
        return None
    if not isinstance(text, (bytes, str)):
        raise ValueError(f"{path}: the Keras training_config is not text. Received: {type(text).__name__}")
    training = parse_config(text, f"{path}: the Keras training_config")
    if not isinstance(training, dict):
        raise ValueError(f"{path}: the Keras training_config is not a JSON object.")
    optimizer = training.pop("optimizer_config", None)
    for key, module in _MODULE_OF_ENTRIES.items():
        training[key] = _with_module(training.get(key), module)
    return {**training, "optimizer": _keras3_optimizer(optimizer)}


# The module Keras 3 names in a serialized loss or metric, by compile argument: tf-keras's
# training_config writes classes without one (``{"class_name": "MeanMetricWrapper", ...}``).
_MODULE_OF_ENTRIES = {"loss": "keras.losses", "metrics": "keras.metrics", "weighted_metrics": "keras.metrics"}


def _with_module(value: Any, module: str) -> Any:
    """A compile argument of a tf-keras ``training_config`` (names, classes, in lists and dicts by
    output) with each class given Keras 3's ``module``."""
    if isinstance(value, list):
        return [_with_module(item, module) for item in value]
    if isinstance(value, dict) and "class_name" not in value:
        return {key: _with_module(item, module) for key, item in value.items()}
    if isinstance(value, dict) and "module" not in value:
        return {"module": module, **value}
    return value


# Keys of tf-keras 2's optimizer configs that Keras 3 has no argument for.
_TF_KERAS_ONLY = frozenset({"jit_compile", "is_legacy_optimizer"})


def _keras3_optimizer(optimizer: Any) -> Any:
    """A tf-keras 2 file's serialized optimizer in Keras 3's terms: tf-keras 2.11+ names its own
    optimizers ``"Custom>RMSprop"`` in files, and keeps keys Keras 3 has no argument for, or
    that mean nothing as set: a ``decay`` of 0, an ``ema_overwrite_frequency`` (its default
    was 100) without ``use_ema``. Anything else stays, and an optimizer Keras 3 cannot make is
    refused by name."""
    if not isinstance(optimizer, dict) or not isinstance(optimizer.get("config"), dict):
        return optimizer
    name, config = optimizer.get("class_name"), optimizer["config"]
    idle = {"decay"} if config.get("decay") == 0 else set()
    if not config.get("use_ema"):
        idle.add("ema_overwrite_frequency")
    config = {key: value for key, value in config.items() if key not in _TF_KERAS_ONLY | idle}
    if isinstance(name, str):
        name = name.removeprefix("Custom>")
    return {**optimizer, "class_name": name, "config": config}


def read_optimizer_weights(h5: Any, path: str, compile_config: dict[str, Any] | None) -> list[Any]:
    """The entries of a file's ``optimizer_weights`` in the order of Keras 3's
    ``optimizer.variables``: a Keras 3 file's datasets as listed; a tf-keras (2.11+) file's,
    whose optimizers list Keras 3's variables but the learning rate (``iteration:0``, then
    ``Adam/m/<weight>``, ``Adam/v/<weight>``, ...), with the rate of its ``training_config``
    (``compile_config``, as `read_compile_config` gives it) put back (a 0-d array; a schedule
    has no variable, in Keras 3 either). None in a file without them, or written by Keras 2's
    optimizers (``Adam/iter:0``, slots grouped by kind), whose layout is another."""
    group = h5.get("optimizer_weights")
    if not hasattr(group, "keys"):
        return []
    names = _names(group, "weight_names", path)
    entries = []
    for name in names:
        dataset = group.get(name)
        if not hasattr(dataset, "shape"):
            raise ValueError(f"{path}: optimizer weight {name!r} is listed but missing.")
        entries.append(dataset)
    if _text(attribute(h5, "keras_version", path, b"")).startswith("3."):
        return entries
    if not names or names[0] != "iteration:0":
        return []
    rate = (((compile_config or {}).get("optimizer") or {}).get("config") or {}).get("learning_rate")
    if isinstance(rate, (int, float)) and not isinstance(rate, bool):
        return [entries[0], np.asarray(rate, dtype=np.float32), *entries[1:]]
    return entries


def is_keras2_weights(group: Any) -> bool:
    """True for a group laid out as Keras 2 weights (it has ``layer_names``)."""
    return "layer_names" in group.attrs


def read_layer_weights(group: Any, path: str) -> list[tuple[str, list[tuple[str, Any]]]]:
    """``[(layer_name, [(weight_name, dataset), ...]), ...]`` in the file's layer order."""
    result = []
    for layer_name in _names(group, "layer_names", path):
        layer_group = group.get(layer_name)
        if not hasattr(layer_group, "keys"):  # absent, or a dataset where a group belongs
            raise ValueError(f"{path}: the weights of layer {layer_name!r} are listed but missing.")
        weights = []
        for weight_name in _names(layer_group, "weight_names", path):
            dataset = layer_group.get(weight_name)
            if not hasattr(dataset, "shape"):
                raise ValueError(
                    f"{path}: weight {weight_name!r} of layer {layer_name!r} is listed but missing."
                )
            weights.append((weight_name, dataset))
        result.append((layer_name, weights))
    return result
