"""Read the Keras reference fixtures in ``tests/fixtures/keras_reference`` and build models from them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from statefulrnn import layers
from statefulrnn.models import Model

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "keras_reference"
KERAS_CASES = sorted(p.stem for p in (FIXTURES / "keras").glob("*.npz"))


def load_case(name: str, folder: Path = FIXTURES / "keras") -> dict[str, Any]:
    """The arrays of ``folder/<name>.npz`` (a fixture script's case), its JSON ``spec`` decoded."""
    with np.load(folder / f"{name}.npz") as data:
        case = {key: data[key] for key in data.files}
    case["spec"] = json.loads(str(case["spec"]))
    return case


def numbered_weights(case: dict[str, Any]) -> list[np.ndarray]:
    """A case's weights, stored as ``w0``, ``w1``, ... in the order of ``get_weights``."""
    count = sum(1 for key in case if key[0] == "w" and key[1:].isdigit())
    return [case[f"w{i}"] for i in range(count)]


def recorded_layer(name: str, folder: Path) -> tuple[layers.Layer, dict[str, Any]]:
    """Case ``folder/<name>.npz`` of a layer fixture script (its ``spec``: ``class`` and
    ``config``; its arrays: ``x``, ``w0``, ``w1``...): the layer, built for ``x`` and holding
    Keras's weights, and the case."""
    case = load_case(name, folder)
    layer = getattr(layers, case["spec"]["class"])(**case["spec"]["config"])
    layer.build(case["x"].shape)
    layer.set_weights(numbered_weights(case))
    return layer, case


def assert_config_round_trip(layer: layers.Layer, x: np.ndarray) -> None:
    """``layer``'s config survives JSON and makes a twin that, given the same weights, computes
    the same outputs for ``x``."""
    import torch

    twin = type(layer).from_config(json.loads(json.dumps(layer.get_config())))
    assert twin.get_config() == layer.get_config()
    if layer.built:  # a layer without weights needs no build
        twin.build(x.shape)
        twin.set_weights(layer.get_weights())
    with torch.no_grad():
        np.testing.assert_array_equal(twin(x).numpy(), layer(x).numpy())


def _layer(entry: dict[str, Any]) -> layers.Layer:
    config = dict(entry["config"])
    if entry["class"] == "Bidirectional":
        config["layer"] = _layer(config["layer"])
        if "backward_layer" in config:
            config["backward_layer"] = _layer(config["backward_layer"])
    return getattr(layers, entry["class"])(**config)


def build_model(case: dict[str, Any]) -> Model:
    """The fixture's model, built as its spec says, with the fixture's weights."""
    spec = case["spec"]
    inputs = layers.Input(batch_shape=tuple(spec["batch_shape"]))
    x = inputs
    for entry in spec["layers"]:
        x = _layer(entry)(x)
    model = Model(inputs, x)
    count = sum(1 for key in case if key.startswith("w") and key[1:].isdigit())
    model.set_weights([case[f"w{i}"] for i in range(count)])
    return model


def outputs_of(case: dict[str, Any], prefix: str) -> list[np.ndarray]:
    """``y_full_0, y_full_1, ...`` (prefix ``y_full_``) or ``s_chunk_0, ...`` in order."""
    keys = sorted(
        (k for k in case if k.startswith(prefix) and k[len(prefix) :].isdigit()),
        key=lambda k: int(k[len(prefix) :]),
    )
    return [case[k] for k in keys]


def assert_whole_and_chunked(build: Any, case: dict[str, Any], **tolerance: float) -> None:
    """A recorded model (``build(stateful)`` makes it, ``numbered_weights`` set) gives Keras's
    outputs on the whole input and, stateful, chunk by chunk (``spec["chunk"]`` steps); Keras's
    chunks agree with its whole run too."""
    import torch

    x, chunk = case["x"], case["spec"]["chunk"]
    whole, chunked = build(stateful=False), build(stateful=True)
    for model in (whole, chunked):
        model.set_weights(numbered_weights(case))
    with torch.no_grad():
        np.testing.assert_allclose(whole(x).numpy(), case["y_full"], **tolerance)
        for i, start in enumerate(range(0, x.shape[1], chunk)):
            got = chunked(x[:, start : start + chunk]).numpy()
            np.testing.assert_allclose(got, case[f"y_chunk_{i}"], **tolerance)
    np.testing.assert_allclose(case[f"y_chunk_{i}"], case["y_full"], **tolerance)
