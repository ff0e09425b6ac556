"""``saving.serialize_keras_object`` / ``deserialize_keras_object`` against Keras 3
(tests/fixtures/serialization, made by tools/keras_fixtures/serialization.py from the script's
own `objects`), and the round trip a program's layer makes through them in its ``get_config``
and ``from_config`` (a sublayer of ours, a registered sublayer of its own, a function); the
modules' own ``serialize`` and ``deserialize`` (``keras.regularizers.serialize(None)``, ...)
against Keras 3 (tests/fixtures/module_serialize, from tools/keras_fixtures/module_serialize.py,
whose cases both run)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn.layers import Layer
from statefulrnn.saving import (
    _NAMES,
    _REGISTERED,
    deserialize_keras_object,
    register_keras_serializable,
    serialize_keras_object,
)
from tests.fixture_scripts import fixture_script

RECORDED = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "serialization" / "serialized.json").read_text()
)
PROGRAM = fixture_script("serialization")
OBJECTS = PROGRAM.objects(srnn)
MODULES = fixture_script("module_serialize")
MODULES_RECORDED = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "module_serialize" / "values.json").read_text()
)


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_objects_serialize_as_keras_and_come_back(name: str) -> None:
    serialized = json.loads(json.dumps(serialize_keras_object(OBJECTS[name])))
    if name == "huber":  # Keras 3.15's Huber config leaves its delta out (and so loses it); ours keeps it
        assert serialized["config"].pop("delta") == 1.0
    assert serialized == RECORDED[name]
    back = deserialize_keras_object(serialized)
    if hasattr(back, "get_config"):
        assert type(back).__name__ == type(OBJECTS[name]).__name__
        assert serialize_keras_object(back) == serialize_keras_object(OBJECTS[name])
    elif isinstance(back, np.ndarray):
        np.testing.assert_array_equal(back, OBJECTS[name])
    elif name in ("sizes", "nested"):
        assert back == json.loads(json.dumps(OBJECTS[name]))  # tuples come back as lists, as in Keras
    else:
        assert back == OBJECTS[name]


@pytest.fixture
def registered_layers():
    @register_keras_serializable(package="demo")
    class Scaled(Layer):
        def __init__(self, factor: float = 2.0, **kwargs) -> None:
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return self.factor * x

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    @register_keras_serializable(package="demo")
    class Stack(Layer):
        """A program's layer holding sublayers and a function, as Keras 3's guide writes it."""

        def __init__(self, first, second, activation, **kwargs) -> None:
            super().__init__(**kwargs)
            self.first, self.second, self.activation = first, second, activation

        def call(self, x):
            return self.activation(self.second(self.first(x)))

        def get_config(self):
            config = super().get_config()
            config.update(
                first=serialize_keras_object(self.first),
                second=serialize_keras_object(self.second),
                activation=serialize_keras_object(self.activation),
            )
            return config

        @classmethod
        def from_config(cls, config):
            config = dict(config)
            for key in ("first", "second", "activation"):
                config[key] = deserialize_keras_object(config[key])
            return cls(**config)

    yield Scaled, Stack
    for name in ("demo>Scaled", "demo>Stack"):
        _NAMES.pop(_REGISTERED.pop(name, None), None)


def test_a_programs_layer_round_trips_its_sublayers_and_function(registered_layers) -> None:
    scaled, stack = registered_layers
    torch.manual_seed(0)
    layer = stack(srnn.layers.GRU(3, return_sequences=True), scaled(0.5), srnn.activations.tanh)
    x = torch.randn(2, 4, 2)
    expected = layer(x)
    config = json.loads(json.dumps(layer.get_config()))  # JSON-ready, as Keras needs it
    assert config["second"]["registered_name"] == "demo>Scaled"
    assert config["activation"] == {
        "module": "builtins",
        "class_name": "function",
        "config": "tanh",
        "registered_name": "function",
    }
    twin = stack.from_config(config)
    assert (
        type(twin.second) is scaled and twin.second.factor == 0.5 and twin.activation is srnn.activations.tanh
    )
    twin(x)  # builds the GRU
    twin.first.set_weights(layer.first.get_weights())
    torch.testing.assert_close(twin(x), expected)


def test_what_cannot_be_described_or_found_is_refused() -> None:
    with pytest.raises(TypeError, match="a callable without a name"):
        serialize_keras_object(type("Anonymous", (), {"__call__": lambda self: 0})())
    with pytest.raises(ValueError, match="Could not deserialize 'Mystery'"):
        deserialize_keras_object({"module": "my_package", "class_name": "Mystery", "config": {}})
    with pytest.raises(ValueError, match="Could not find the function 'nowhere'"):
        deserialize_keras_object({"module": "builtins", "class_name": "function", "config": "nowhere"})
    mingru = deserialize_keras_object(serialize_keras_object(srnn.layers.MinGRU(3)))  # ours alone
    assert type(mingru) is srnn.layers.MinGRU and mingru.get_config()["units"] == 3


@pytest.mark.parametrize("case", sorted(MODULES_RECORDED["serialize"]))
def test_module_serialize_gives_what_keras_gives(case: str) -> None:
    ours = json.loads(json.dumps(MODULES.serialized(MODULES.serialize_cases(srnn)[case])))
    if case == "losses huber":  # Keras 3.15's Huber config leaves its delta out (and loses it); ours keeps it
        assert ours["config"].pop("delta") == 2.0
    assert ours == MODULES_RECORDED["serialize"][case]


@pytest.mark.parametrize("case", sorted(MODULES_RECORDED["deserialize"]))
def test_module_deserialize_makes_what_keras_makes(case: str) -> None:
    ours = MODULES.described(MODULES.deserialize_cases(srnn)[case])
    expected = MODULES_RECORDED["deserialize"][case]
    if "config" in expected:  # the config keys Keras has (Keras 3.15's Huber has no delta)
        ours["config"] = {key: ours["config"].get(key) for key in expected["config"]}
        expected = {**expected, "config": {**expected["config"]}}
        # Keras keeps a learning rate in a float32 variable; ours is the Python float given
        if "learning_rate" in expected["config"]:
            learning_rate = expected["config"].pop("learning_rate")
            assert ours["config"].pop("learning_rate") == pytest.approx(learning_rate)
    assert ours == expected


def test_module_serialize_round_trips_through_deserialize() -> None:
    own = MODULES.program_objects(srnn)
    for module, made in (
        (srnn.regularizers, srnn.regularizers.L1L2(l1=0.25, l2=0.5)),
        (srnn.constraints, srnn.constraints.MinMaxNorm(0.5, 2.0)),
        (srnn.initializers, srnn.initializers.RandomNormal(stddev=0.5, seed=3)),
        (srnn.losses, srnn.losses.Huber(delta=3.0)),
        (srnn.metrics, srnn.metrics.Precision(thresholds=0.25)),
        (srnn.regularizers, own["Scaled"](4.0)),
    ):
        back = module.deserialize(json.loads(json.dumps(module.serialize(made))), custom_objects=own)
        assert type(back) is type(made) and back.get_config() == made.get_config()
    halved = srnn.activations.serialize(own["halved"])
    assert srnn.activations.deserialize(halved, custom_objects=own) is own["halved"]
    with pytest.raises(ValueError, match="Scaled"):  # a program's class not handed over: named
        srnn.regularizers.deserialize(srnn.regularizers.serialize(own["Scaled"](4.0)))
