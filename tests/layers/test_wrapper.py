"""`Wrapper`, Keras's base of wrapper layers, and `Bidirectional` over a layer that is not an RNN:
a program's own Wrapper subclass and a Bidirectional over a program's own sequence layer give
the numbers Keras 3 and tf-keras recorded (tools/keras_fixtures/wrappers.py), before and after a
training step and through a config round trip."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import layers
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wrappers"
SCRIPT = fixture_script("wrappers")
FLAVOURS = ("keras3", "tf_keras")


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("case", sorted(SCRIPT.CASES))
def test_the_program_gives_what_keras_recorded(flavour: str, case: str) -> None:
    recorded = np.load(FIXTURES / f"{flavour}_{case}.npz")
    spec, arrays = SCRIPT.run(keras, flavour, case)
    expected = json.loads(str(recorded["spec"]))
    del expected["version"]
    assert spec == expected
    assert sorted(arrays) == sorted(name for name in recorded.files if name != "spec")
    for name, value in arrays.items():
        np.testing.assert_allclose(value, recorded[name], rtol=1e-5, atol=1e-5, err_msg=name)


def test_the_keras2_path_has_it() -> None:
    from statefulrnn.layers.wrappers import Wrapper

    assert Wrapper is layers.Wrapper and issubclass(layers.Bidirectional, Wrapper)
    assert issubclass(layers.TimeDistributed, Wrapper)


def test_a_wrapper_refuses_what_is_not_a_layer() -> None:
    with pytest.raises(ValueError, match=r"supplied to Wrapper isn't a supported layer type"):
        layers.Wrapper("dense")


def test_the_layer_may_be_set_before_super_init_as_tf_keras_wrappers_do() -> None:
    class Twice(layers.Wrapper):
        def __init__(self, layer: layers.Layer, **kwargs: object) -> None:
            self.layer = layer  # tf-keras programs (keras-multi-head's MultiHead) do this first
            self.supports_masking = True
            super().__init__(self.layer, **kwargs)

        def call(self, x: torch.Tensor) -> torch.Tensor:
            return self.layer(self.layer(x))

    layer = Twice(layers.Dense(2, kernel_initializer="ones", name="dense"), name="twice")
    assert layer(torch.ones(1, 2)).tolist() == [[4.0, 4.0]]
    assert layer.supports_masking
    assert [w.path for w in layer.weights] == ["twice/dense/kernel", "twice/dense/bias"]


def test_from_config_finds_the_layer_in_custom_objects() -> None:
    class Own(layers.Dense):
        pass

    config = layers.Wrapper(Own(2, name="own")).get_config()
    assert config["layer"]["class_name"] == "Own"
    rebuilt = layers.Wrapper.from_config(config, custom_objects={"Own": Own})
    assert type(rebuilt.layer) is Own and rebuilt.layer.name == "own" and "layer" in config


def test_bidirectional_refuses_a_layer_that_cannot_read_backwards() -> None:
    # Keras 3 fails too: its Dense config takes no go_backwards
    with pytest.raises(TypeError, match=r"Received: layer=Dense, which has no go_backwards, return_seq"):
        layers.Bidirectional(layers.Dense(3))
    with pytest.raises(ValueError, match=r"with a `keras.layers.Layer` instance"):
        layers.Bidirectional("lstm")


def test_bidirectional_hands_initial_state_only_to_a_layer_that_takes_it() -> None:
    class Reader(layers.Layer):
        def __init__(self, go_backwards: bool = False, **kwargs: object) -> None:
            super().__init__(**kwargs)
            self.go_backwards, self.return_sequences = go_backwards, True
            self.return_state = self.stateful = False

        def call(self, x: torch.Tensor) -> torch.Tensor:
            return x.flip(1) if self.go_backwards else x

    both = layers.Bidirectional(Reader(), merge_mode=None)
    x = torch.arange(6.0).reshape(1, 3, 2)
    forward, backward = both(x)
    torch.testing.assert_close(forward, x)
    torch.testing.assert_close(backward, x)  # read backwards, put back in time order
    with pytest.raises(TypeError, match=r"takes no initial_state"):
        both(x, initial_state=[torch.zeros(1, 2), torch.zeros(1, 2)])
