"""The models and the call sequence behind tests/fixtures/fit_api, shared by the Keras side
(tools/keras_fixtures/fit_api.py, run in the Keras venv) and ours (test_multi_io.py,
test_weights_and_steps.py), so that both run exactly the same program.

It imports neither Keras nor statefulrnn: each side passes its own names in `Api`.

A case's ``spec`` (stored in its npz) names the model, the ``compile`` arguments and a list of
calls. Arguments are JSON; a string ``"@name"`` stands for the array ``name`` of the npz, and
``validation_data`` (a list in JSON) is passed as a tuple, ``class_weight`` with integer keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

BATCH = 4  # the stateful models' batch size
STEPS = 5
FEATURES = 2


@dataclass(frozen=True)
class Api:
    """What a side provides: Keras's names, or ours."""

    Input: Any
    Model: Any
    LSTM: Any
    GRU: Any
    Dense: Any
    LambdaCallback: Any
    optimizer: Any  # () -> a fresh SGD(learning_rate=0.1)


def build(name: str, api: Api) -> Any:
    """The case's model, by name."""
    if name == "two_io":
        # Two inputs, two outputs: a stateful LSTM reads the sequence input for a regression
        # output; a small dense branch reads the side input for a 3-class output.
        sequence = api.Input(batch_shape=(BATCH, STEPS, FEATURES), name="seq_in")
        side = api.Input(batch_shape=(BATCH, 3), name="aux_in")
        value = api.Dense(1, name="value")(api.LSTM(6, stateful=True, name="lstm")(sequence))
        hidden = api.Dense(4, activation="tanh", name="hidden")(side)
        label = api.Dense(3, activation="softmax", name="label")(hidden)
        return api.Model([sequence, side], [value, label])
    if name == "sequence":  # one value per step, (N, T, 1)
        sequence = api.Input(batch_shape=(BATCH, STEPS, FEATURES), name="seq_in")
        states = api.GRU(4, stateful=True, return_sequences=True, name="gru")(sequence)
        return api.Model(sequence, api.Dense(1, name="step_value")(states))
    if name == "classifier":
        sequence = api.Input(shape=(STEPS, FEATURES), name="seq_in")
        hidden = api.LSTM(5, name="lstm")(sequence)
        return api.Model(sequence, api.Dense(3, activation="softmax", name="probs")(hidden))
    if name in ("regressor", "binary"):
        sequence = api.Input(shape=(STEPS, FEATURES), name="seq_in")
        hidden = api.GRU(4, name="gru")(sequence)
        activation = "sigmoid" if name == "binary" else None
        return api.Model(sequence, api.Dense(1, activation=activation, name="out")(hidden))
    raise ValueError(f"unknown model {name!r}")


def layer_names(model: Any) -> list[str]:
    """The model's layers that hold weights."""
    return [layer.name for layer in model.layers if layer.get_weights()]


def set_initial_weights(model: Any, arrays: dict[str, np.ndarray]) -> None:
    for name in layer_names(model):
        layer = model.get_layer(name)
        count = len(layer.get_weights())
        layer.set_weights([arrays[f"init/{name}/{i}"] for i in range(count)])


def weights_of(model: Any, prefix: str) -> dict[str, np.ndarray]:
    return {
        f"{prefix}/{name}/{i}": np.asarray(w)
        for name in layer_names(model)
        for i, w in enumerate(model.get_layer(name).get_weights())
    }


def reset_states(model: Any) -> None:
    """Zero every stateful layer's states (Keras 3's models have no ``reset_states``)."""
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            (layer.reset_state if hasattr(layer, "reset_state") else layer.reset_states)()


def resolve(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    """``"@name"`` strings replaced by the arrays they name, at any depth."""
    if isinstance(value, str) and value.startswith("@"):
        return arrays[value[1:]]
    if isinstance(value, list):
        return [resolve(item, arrays) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item, arrays) for key, item in value.items()}
    return value


def run(spec: dict[str, Any], arrays: dict[str, np.ndarray], model: Any, api: Api) -> dict[str, np.ndarray]:
    """Compile ``model`` and make the spec's calls; every result as named arrays."""
    model.compile(optimizer=api.optimizer(), **spec["compile"])
    results: dict[str, np.ndarray] = {}
    for index, call in enumerate(spec["calls"]):
        method, args, kwargs = (
            call["method"],
            resolve(call.get("args", []), arrays),
            dict(call.get("kwargs", {})),
        )
        kwargs = resolve(kwargs, arrays)
        if "validation_data" in kwargs:
            kwargs["validation_data"] = tuple(kwargs["validation_data"])
        if "class_weight" in kwargs:
            kwargs["class_weight"] = {int(key): weight for key, weight in kwargs["class_weight"].items()}
        if call.get("reset_each_epoch"):  # Keras carries states across epochs; both sides reset here
            kwargs["callbacks"] = [api.LambdaCallback(on_epoch_begin=lambda epoch, logs: reset_states(model))]
        if method == "reset_states":
            reset_states(model)
            continue
        result = getattr(model, method)(*args, **kwargs)
        key = f"call{index}"
        if method == "fit":
            for name, values in result.history.items():
                results[f"{key}/history/{name}"] = np.asarray(values, dtype=np.float64)
        elif method == "predict":
            outputs = result if isinstance(result, list) else [result]
            for position, output in enumerate(outputs):
                results[f"{key}/output/{position}"] = np.asarray(output)
        elif isinstance(result, dict):
            for name, value in result.items():
                results[f"{key}/result/{name}"] = np.asarray(float(value))
        elif result is not None:
            results[f"{key}/result"] = np.atleast_1d(np.asarray(result, dtype=np.float64))
    results.update(weights_of(model, "final"))
    return results


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fit_api"
TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


def load(name: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """A case's spec and arrays."""
    with np.load(FIXTURES / f"{name}.npz") as data:
        arrays = {key: data[key] for key in data.files}
    return json.loads(str(arrays.pop("spec"))), arrays


def check(name: str, api: Api) -> None:
    """Run case ``name`` with ``api`` and compare every result with Keras's."""
    spec, arrays = load(name)
    model = build(spec["model"], api)
    set_initial_weights(model, arrays)
    results = run(spec, arrays, model, api)
    expected = {key: value for key, value in arrays.items() if key.startswith(("call", "final/"))}
    assert sorted(results) == sorted(expected), f"logs differ: {sorted(results)} != {sorted(expected)}"
    for key, value in expected.items():
        np.testing.assert_allclose(results[key], value, err_msg=key, **TOLERANCE)
