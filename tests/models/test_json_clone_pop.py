"""Keras's model plumbing: ``to_json`` / ``model_from_json`` (with Keras 3's and tf-keras's
own JSON, tests/fixtures/model_json from tools/keras_fixtures/model_json.py), ``clone_model``
and ``Sequential.pop``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Dense, Sequential, activations
from statefulrnn.layers import Input
from statefulrnn.models import clone_model, model_from_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "model_json"


def _model() -> Sequential:
    torch.manual_seed(0)
    return Sequential(
        [
            Input(batch_shape=(2, None, 3)),
            GRU(4, stateful=True, return_sequences=True, name="g"),
            Dense(2, name="d"),
        ]
    )


@pytest.mark.parametrize("label", ["keras3", "tf_keras"])
def test_a_keras_json_with_its_weights_gives_keras_outputs(label: str) -> None:
    model = model_from_json((FIXTURES / f"{label}.json").read_text())
    with np.load(FIXTURES / f"{label}.npz") as data:
        model.set_weights([data[f"w{i}"] for i in range(5)])
        with torch.no_grad():
            np.testing.assert_allclose(
                model(torch.from_numpy(data["x"])).numpy(), data["y"], atol=1e-5, rtol=1e-5
            )
    gate = activations.name_of(model.layers[0].cell.recurrent_activation)
    assert gate == ("hard_sigmoid" if label == "keras3" else "hard_sigmoid_keras2")  # as each Keras means it
    assert model.layers[0].stateful and model.layers[0].states[0].shape == (2, 4)


def test_to_json_round_trip_keeps_the_architecture_not_the_weights() -> None:
    model = _model()
    twin = model_from_json(model.to_json(indent=2))
    assert twin.to_json() == model.to_json()
    assert not np.array_equal(twin.get_layer("g").get_weights()[0], model.get_layer("g").get_weights()[0])
    twin.set_weights(model.get_weights())
    x = torch.randn(2, 5, 3)
    with torch.no_grad():
        torch.testing.assert_close(twin(x), model(x))


def test_model_from_json_refuses_bad_custom_objects_and_bad_text() -> None:
    with pytest.raises(TypeError, match="custom_objects must be a dict"):
        model_from_json(_model().to_json(), custom_objects=[object])
    with pytest.raises(ValueError, match="the model JSON is not valid JSON"):
        model_from_json("{not json")


def test_clone_model_has_new_weights_and_the_same_outputs_once_given_them() -> None:
    model = _model()
    clone = clone_model(model)
    assert [layer.name for layer in clone.layers] == ["g", "d"] and clone.get_layer("g").stateful
    assert clone.get_layer("g").cell.weight_ih is not model.get_layer("g").cell.weight_ih
    clone.set_weights(model.get_weights())
    x = torch.randn(2, 5, 3)
    with torch.no_grad():
        torch.testing.assert_close(clone(x), model(x))
    with pytest.raises(TypeError, match="clone_function cannot be given"):
        clone_model(model, clone_function=lambda layer: layer)


def test_pop_removes_the_last_layer_and_the_model_runs_without_it() -> None:
    model = _model()
    popped = model.pop()
    assert popped.name == "d" and [layer.name for layer in model.layers] == ["g"]
    assert model.output_shape == (2, None, 4)
    with torch.no_grad():
        assert model(torch.randn(2, 5, 3)).shape == (2, 5, 4)
    model.add(Dense(1, name="new"))
    assert model.output_shape == (2, None, 1)
    assert model.predict(np.zeros((2, 5, 3), np.float32), verbose=0).shape == (2, 5, 1)
    model.pop()
    model.pop()
    with pytest.raises(TypeError, match="There are no layers in the model"):
        model.pop()
