"""Layers and models survive ``pickle``, ``torch.save``/``torch.load(weights_only=False)``,
``copy.deepcopy`` and a trip to a spawned process: same weights, same carried states, same
outputs, and a compiled model trains on exactly as the original does."""

from __future__ import annotations

import copy
import io
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import layers, optimizers
from statefulrnn.layers import GRU, LSTM, Dense, Dropout, Input, LayerNormalization
from statefulrnn.models import Model, Sequential
from statefulrnn.state import get_states

from .public_layers import LAYERS, N, built, public_layer_classes


def _pickled(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj))


def _torch_saved(obj: Any) -> Any:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    buffer.seek(0)
    return torch.load(buffer, weights_only=False)


COPIES: dict[str, Callable[[Any], Any]] = {
    "pickle": _pickled,
    "torch.save": _torch_saved,
    "deepcopy": copy.deepcopy,
}


def _assert_same_tensors(a: Any, b: Any) -> None:
    if isinstance(a, torch.Tensor):
        torch.testing.assert_close(b, a, rtol=0, atol=0)
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            _assert_same_tensors(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same_tensors(x, y)
    else:
        assert a == b


def _comparable(config: dict[str, Any]) -> dict[str, Any]:
    """A config with each torch module it holds (a TorchModuleWrapper's) as its description: a
    copy holds a copy of the module, equal in all but identity."""
    return {
        key: repr(value) if isinstance(value, torch.nn.Module) else value for key, value in config.items()
    }


def test_the_table_holds_every_public_layer() -> None:
    assert set(LAYERS) == public_layer_classes()


@pytest.mark.parametrize("how", sorted(COPIES))
@pytest.mark.parametrize("name", sorted(LAYERS))
def test_an_unbuilt_layer_round_trips(name: str, how: str) -> None:
    layer = LAYERS[name].make()
    twin = COPIES[how](layer)
    assert type(twin) is type(layer) and twin.name == layer.name and twin.built == layer.built
    assert _comparable(twin.get_config()) == _comparable(layer.get_config())


@pytest.mark.parametrize("how", sorted(COPIES))
@pytest.mark.parametrize("name", sorted(LAYERS))
def test_a_built_layer_round_trips_with_its_weights_states_and_outputs(name: str, how: str) -> None:
    torch.manual_seed(0)
    case = LAYERS[name]
    layer = built(case)  # called once: stateful layers carry a state, regularizers a penalty
    twin = COPIES[how](layer)
    assert _comparable(twin.get_config()) == _comparable(layer.get_config())
    _assert_same_tensors(layer.state_dict(), twin.state_dict())
    _assert_same_tensors(get_states(layer), get_states(twin))
    _assert_same_tensors([float(p.detach()) for p in layer.losses], [float(p.detach()) for p in twin.losses])
    if case.inputs is not None:
        args = case.inputs()
        _assert_same_tensors(layer(*args), twin(*args))
        _assert_same_tensors(get_states(layer), get_states(twin))


def _stateful_model() -> Sequential:
    torch.manual_seed(0)
    return Sequential(
        [
            GRU(4, batch_input_shape=(N, None, 3), stateful=True, dropout=0.2, seed=3, return_sequences=True),
            LayerNormalization(),
            LSTM(3, stateful=True, kernel_regularizer="l2", activity_regularizer="l1"),
            Dropout(0.3),
            Dense(1, kernel_constraint="non_neg"),
        ]
    )


def _functional_model() -> Model:
    torch.manual_seed(0)
    inputs = Input(batch_shape=(N, None, 3), name="series")
    sequence, state = GRU(4, stateful=True, return_sequences=True, return_state=True)(inputs)
    pooled = layers.GlobalAveragePooling1D()(sequence)
    outputs = Dense(1)(layers.Concatenate()([pooled, state]))
    return Model(inputs, outputs)


MODELS: dict[str, Callable[[], Any]] = {"sequential": _stateful_model, "functional": _functional_model}
OPTIMIZERS: dict[str, Callable[[], Any]] = {
    "sgd": lambda: optimizers.SGD(learning_rate=0.05, momentum=0.9),
    "rmsprop": lambda: "rmsprop",
    "adam": lambda: optimizers.Adam(learning_rate=0.01, clipnorm=1.0),
    "adamw": lambda: optimizers.AdamW(learning_rate=0.01),
}


def _data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(2 * N, 6, 3)).astype("float32"), rng.normal(size=(2 * N, 1)).astype("float32")


@pytest.mark.parametrize("how", sorted(COPIES))
@pytest.mark.parametrize("kind", sorted(MODELS))
def test_a_model_round_trips_with_its_carried_states(kind: str, how: str) -> None:
    model = MODELS[kind]()
    x, _ = _data(0)
    unbuilt_twin = COPIES[how](model)
    model(torch.from_numpy(x[:N]))  # states to carry
    assert any(float(s.abs().sum()) > 0 for states in get_states(model).values() for s in states)
    twin = COPIES[how](model)
    _assert_same_tensors(model.get_states(), twin.get_states())
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(a, b)
    _assert_same_tensors(model(torch.from_numpy(x[N:])), twin(torch.from_numpy(x[N:])))
    _assert_same_tensors(model.get_states(), twin.get_states())
    assert [layer.name for layer in unbuilt_twin.layers] == [layer.name for layer in model.layers]


@pytest.mark.parametrize("how", sorted(COPIES))
@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_a_compiled_model_after_a_fit_step_trains_on_as_the_original(optimizer: str, how: str) -> None:
    model = _stateful_model()
    model.compile(optimizer=OPTIMIZERS[optimizer](), loss="mse", metrics=["mae"])
    x, y = _data(1)
    model.fit(x, y, batch_size=N, epochs=1, verbose=0)
    twin = COPIES[how](model)
    assert type(twin.optimizer) is type(model.optimizer)
    assert twin.optimizer.iterations == model.optimizer.iterations == 2
    _assert_same_tensors(model.get_states(), twin.get_states())
    # The same dropout masks follow in both: the seeded GRU's generator is copied, and torch's
    # global one is reseeded for each.
    torch.manual_seed(7)
    expected = model.fit(x, y, batch_size=N, epochs=2, verbose=0).history
    torch.manual_seed(7)
    assert twin.fit(x, y, batch_size=N, epochs=2, verbose=0).history == expected
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(a, b)
    _assert_same_tensors(model.get_states(), twin.get_states())
    _assert_same_tensors(model.optimizer.state_dict(), twin.optimizer.state_dict())


def _predict_in_child(model: Any, x: np.ndarray) -> np.ndarray:
    return model.predict(x, batch_size=N, verbose=0)


def test_a_spawned_process_receives_a_model_and_predicts_as_the_parent() -> None:
    model = _stateful_model()
    model.compile(optimizer="adam", loss="mse")
    x, y = _data(2)
    model.fit(x, y, batch_size=N, verbose=0)
    expected = copy.deepcopy(model).predict(x, batch_size=N, verbose=0)  # from the same states
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        received = pool.submit(_predict_in_child, model, x).result(timeout=300)
    np.testing.assert_array_equal(received, expected)


def test_a_model_copies_after_predict_and_fit_without_its_kept_walk() -> None:
    # the module walk predict keeps on a model holds each module's __dict__ itself: copied,
    # it carried a layer's last activity penalty (with its graph) past that layer's __getstate__
    model = _stateful_model()
    model.compile(optimizer=OPTIMIZERS["sgd"](), loss="mse")
    x, y = _data(1)
    model.predict(x, batch_size=N, verbose=0)
    model.fit(x, y, batch_size=N, epochs=1, verbose=0)
    twins = [copy.deepcopy(model), pickle.loads(pickle.dumps(model))]  # both at the model's state
    expected = model.predict(x, batch_size=N, verbose=0)
    for twin in twins:
        np.testing.assert_allclose(twin.predict(x, batch_size=N, verbose=0), expected)
