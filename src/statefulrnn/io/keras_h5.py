"""Keras 2 HDF5 files (``model.save("m.h5")`` and ``model.save_weights("w.h5")``), read with h5py.

Layout (tf-keras 2.x): a whole-model file has root attributes ``model_config`` (the model's
JSON config), ``keras_version`` and ``backend``, and its weights in ``model_weights``; a
weights-only file has the weights group at the root. The weights group lists its layers in
the attribute ``layer_names``; each layer group lists its weights, in Keras order, in the
attribute ``weight_names`` (``"lstm/lstm_cell/kernel:0"``, paths inside the layer group).

Only arrays and JSON text are read: no pickled or marshalled object is ever loaded.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

__all__ = ["is_keras2_weights", "read_layer_weights", "read_model_config"]


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def read_model_config(h5: Any, path: str) -> dict[str, Any]:
    """The JSON ``model_config`` of a Keras 2 whole-model file."""
    if "model_config" not in h5.attrs:
        raise ValueError(
            f"{path} is a Keras HDF5 file without a model config (a weights-only file?); "
            f"use load_keras_weights(model, path) with a model built to match."
        )
    try:
        config = json.loads(_text(h5.attrs["model_config"]))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: the Keras model_config is not valid JSON ({error}).") from None
    if not isinstance(config, dict):
        raise ValueError(f"{path}: the Keras model_config is not a JSON object.")
    return config


def is_keras2_weights(group: Any) -> bool:
    """True for a group laid out as Keras 2 weights (it has ``layer_names``)."""
    return "layer_names" in group.attrs


def read_layer_weights(group: Any, path: str) -> list[tuple[str, list[tuple[str, np.ndarray]]]]:
    """``[(layer_name, [(weight_name, array), ...]), ...]`` in the file's layer order."""
    result = []
    for layer_name in (_text(name) for name in group.attrs["layer_names"]):
        if layer_name not in group:
            raise ValueError(f"{path}: the weights of layer {layer_name!r} are listed but missing.")
        layer_group = group[layer_name]
        weights = []
        for weight_name in (_text(name) for name in layer_group.attrs.get("weight_names", [])):
            if weight_name not in layer_group:
                raise ValueError(
                    f"{path}: weight {weight_name!r} of layer {layer_name!r} is listed but missing."
                )
            weights.append((weight_name, np.asarray(layer_group[weight_name][()], dtype=np.float32)))
        result.append((layer_name, weights))
    return result
