"""Functional models whose outputs are a dict (Keras 3's ``Model(x, {"price": ..., "side": ...})``)
call, predict, compile, train, evaluate and save as in Keras 3.15.1 (tests/fixtures/dict_outputs,
made by tools/keras_fixtures/dict_outputs.py, whose `program` runs here on statefulrnn), and
refuse what does not fit their keys before anything trains."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import Dense, Input, Model
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("dict_outputs")
FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "dict_outputs"
RECORDED = np.load(FOLDER / "run.npz")
KERAS = json.loads(str(RECORDED["results"]))


@pytest.fixture(scope="module")
def ran() -> tuple[Model, dict]:
    return SCRIPT.program(statefulrnn)


def _close(ours: object, keras: object, what: str) -> None:
    np.testing.assert_allclose(np.asarray(ours), np.asarray(keras), rtol=1e-5, atol=1e-6, err_msg=what)


def test_calls_and_predict_give_a_dict_in_the_model_s_order(ran: tuple[Model, dict]) -> None:
    _, ours = ran
    for key in ("output_names", "call_keys", "predict_keys"):
        assert ours[key] == KERAS[key], key
    for what in ("call", "predict"):
        for key, values in KERAS[what].items():
            _close(ours[what][key], values, f"{what}[{key}]")


def test_fit_evaluate_and_train_on_batch_follow_keras(ran: tuple[Model, dict]) -> None:
    _, ours = ran
    assert set(ours["history"]) == set(KERAS["history"])
    for key, values in KERAS["history"].items():
        _close(ours["history"][key], values, key)
    # evaluate's list: loss, the outputs' losses (the loss dict's order, else the outputs dict's:
    # "evaluate_loss_list"), then the metrics by name; train_on_batch's y a list by sorted keys
    for key in ("evaluate", "train_on_batch", "evaluate_loss_list"):
        _close(ours[key], KERAS[key], key)
    assert ours["evaluate_dict"].keys() == KERAS["evaluate_dict"].keys()
    for key, value in KERAS["evaluate_dict"].items():
        _close(ours["evaluate_dict"][key], value, key)
    for name, weights in KERAS["weights"].items():
        for index, (got, want) in enumerate(zip(ours["weights"][name], weights)):
            _close(got, want, f"{name} weight {index}")
    for key, values in KERAS["predict_trained"].items():
        _close(ours["predict_trained"][key], values, f"trained predict[{key}]")


def test_a_keras_file_of_dict_outputs_loads_and_predicts_alike() -> None:
    model = statefulrnn.load_model(FOLDER / "dict_outputs.keras")
    assert model.output_keys == ["side", "price"] and model.output_names == ["p", "s"]
    predicted = model.predict(SCRIPT.data()["x"], verbose=0)
    assert list(predicted) == ["side", "price"]
    for key, values in predicted.items():
        _close(values, RECORDED[f"predicted_{key}"], key)


def test_a_keras_file_of_dict_inputs_and_outputs_loads_and_predicts_alike() -> None:
    model = statefulrnn.load_model(FOLDER / "dict_inputs.keras")
    predicted = model.predict(SCRIPT.dict_inputs_x(), verbose=0)
    assert list(predicted) == ["sum", "each"]
    for key, values in predicted.items():
        _close(values, RECORDED[f"dict_inputs_{key}"], key)


def test_configs_and_files_keep_the_dict(tmp_path: Path) -> None:
    model = SCRIPT.build(statefulrnn)
    x = SCRIPT.data()["x"]
    expected = model.predict(x, verbose=0)
    rebuilt = Model.from_config(model.get_config())
    rebuilt.set_weights(model.get_weights())
    loaded = {"config": rebuilt, "json": statefulrnn.models.model_from_json(model.to_json())}
    loaded["json"].set_weights(model.get_weights())
    for name in ("model.keras", "model.safetensors"):
        model.save(tmp_path / name)
        loaded[name] = statefulrnn.load_model(tmp_path / name)
    for how, other in loaded.items():
        assert other.output_keys == ["side", "price"], how
        got = other.predict(x, verbose=0)
        assert list(got) == ["side", "price"], how
        for key in got:
            np.testing.assert_array_equal(got[key], expected[key], err_msg=f"{how}: {key}")


def test_every_predict_road_gives_the_dict() -> None:
    model = SCRIPT.build(statefulrnn)
    x = SCRIPT.data()["x"]
    whole = model.predict(x, verbose=0)
    called = model(torch.from_numpy(x))
    roads = {
        "batches of 3": model.predict(x, batch_size=3, verbose=0),
        "a generator": model.predict((x[i : i + 4] for i in (0, 4)), verbose=0),
        "predict_on_batch": model.predict_on_batch(x),
        "a dict by input name": model.predict({"x": x}, verbose=0),
    }
    for how, got in roads.items():
        assert list(got) == ["side", "price"], how
        for key in whole:
            np.testing.assert_allclose(got[key], whole[key], rtol=1e-6, err_msg=f"{how}: {key}")
            np.testing.assert_allclose(called[key].detach().numpy(), whole[key], rtol=1e-6)


def test_a_dict_model_inside_a_model_keeps_each_key_s_values() -> None:
    inner = SCRIPT.build(statefulrnn)
    inputs = Input((4, 3), name="outer_x")
    made = inner(inputs)
    assert list(made) == ["side", "price"] and made["price"].shape == (None, 1)
    outer = Model(inputs, {"both": statefulrnn.layers.Concatenate()([made["price"], made["side"]])})
    x = SCRIPT.data()["x"]
    expected = inner.predict(x, verbose=0)
    got = outer.predict(x, verbose=0)["both"]
    np.testing.assert_allclose(got, np.concatenate([expected["price"], expected["side"]], axis=1), rtol=1e-6)
    rebuilt = Model.from_config(outer.get_config())
    rebuilt.set_weights(outer.get_weights())
    np.testing.assert_array_equal(rebuilt.predict(x, verbose=0)["both"], got)


def test_one_key_is_one_output_and_a_loss_dict_may_leave_keys_out() -> None:
    inputs = Input((3,), name="x")
    model = Model(inputs, {"price": Dense(1, name="p", kernel_initializer="ones")(inputs)})
    x, y = np.ones((4, 3), np.float32), np.zeros((4, 1), np.float32)
    assert list(model.predict(x, verbose=0)) == ["price"] and model.output_shape == (None, 1)
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    assert model.evaluate(x, {"price": y}, verbose=0, return_dict=True) == {"loss": 9.0, "mae": 3.0}
    assert model.evaluate(x, y, verbose=0, return_dict=True) == {"loss": 9.0, "mae": 3.0}
    two = Model(inputs, {"price": model.layers[1](inputs), "side": Dense(2)(inputs)})
    two.compile(optimizer="sgd", loss={"price": "mse"})  # Keras: the side has no loss
    assert two.evaluate(x, {"price": y}, verbose=0, return_dict=True) == {"loss": 9.0}


def _compiled() -> tuple[Model, np.ndarray, dict[str, np.ndarray]]:
    model = SCRIPT.build(statefulrnn)
    model.compile(optimizer="adam", loss={"price": "mse", "side": "sparse_categorical_crossentropy"})
    d = SCRIPT.data()
    return model, d["x"], {"price": d["price"], "side": d["side"]}


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["p", "s"], r"keys must be among \['price', 'side'\]. Received: keys=\['p', 's'\]"),
        (["price", "side", "extra"], r"Received: keys=\['price', 'side', 'extra'\]"),
        (["price"], r"no target for output 'side', which has a loss"),
        (None, r"2 outputs \['price', 'side'\], so fit's y must be a list of 2 arrays"),
    ],
)
def test_fit_refuses_targets_that_do_not_fit_the_keys_and_trains_nothing(
    keys: list[str] | None, message: str
) -> None:
    model, x, targets = _compiled()
    # the keys' targets in turn (None: a list of three)
    y = (
        [targets["price"]] * 3
        if keys is None
        else {key: targets[["price", "side"][i % 2]] for i, key in enumerate(keys)}
    )
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(ValueError, match=message):
        model.fit(x, y, verbose=0)
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"loss": {"p": "mse", "s": "mse"}},
            r"outputs \['price', 'side'\].*Received: loss keys \['p', 's'\]",
        ),
        ({"loss": "mse", "metrics": {"s": "accuracy"}}, r"Received: metrics keys \['s'\]"),
        ({"loss": "mse", "loss_weights": {"sidex": 1.0}}, r"Received: loss_weights keys \['sidex'\]"),
        ({"loss": "mse", "metrics": ["mae"]}, r"a list with one entry per output"),
        ({"loss": ["mse"] * 3}, r"one entry per output: 2 for \['price', 'side'\]"),
    ],
)
def test_compile_refuses_keys_the_outputs_do_not_have(arguments: dict, message: str) -> None:
    model = SCRIPT.build(statefulrnn)
    with pytest.raises(ValueError, match=message):
        model.compile(optimizer="adam", **arguments)


def test_outputs_nested_deeper_or_keyed_by_other_than_str_are_refused() -> None:
    inputs = Input((3,))
    with pytest.raises(NotImplementedError, match="an output list inside the outputs dict"):
        Model(inputs, {"a": [Dense(1)(inputs), Dense(1)(inputs)], "b": Dense(1)(inputs)})
    with pytest.raises(NotImplementedError, match="an output dict inside the outputs list"):
        Model(inputs, [{"a": Dense(1)(inputs)}, Dense(1)(inputs)])
    with pytest.raises(TypeError, match=r"keys must be str\. Received: key 1 of type int"):
        Model(inputs, {1: Dense(1)(inputs)})
    with pytest.raises(TypeError, match="Received: str"):
        Model(inputs, {"a": "x"})
