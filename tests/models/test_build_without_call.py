"""Models built without a real call have every sublayer's weights, as tf-keras's: a subclassed
``Model`` given ``build(input_shape)``, and a layer of one's own that makes sublayers and gives
its output shape, added to a Sequential or called on an ``Input`` (weights' names and shapes
recorded by tools/keras_fixtures/sublayer_build.py). Building runs ``call()`` on stand-in
inputs and changes no state: carried states, BatchNormalization's statistics, training modes,
seed generators, the losses of the last call and torch's random stream stay as they were."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import layers
from statefulrnn.layers.base import MODE_SET
from tests.fixture_scripts import fixture_script

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sublayer_build" / "weights.json"
SCRIPT = fixture_script("sublayer_build")


@pytest.mark.parametrize("case", SCRIPT.CASES)
def test_weights_exist_in_tf_keras_order_before_any_call(case: str) -> None:
    expected = json.loads(FIXTURE.read_text())[case]
    keras.backend.clear_session()  # layer names count from the start, as in the fixture's run
    model = SCRIPT.built(case, keras)
    assert [w.path.split("/", 1)[1] for w in model.weights] == expected["names"]
    assert [list(w.shape) for w in model.get_weights()] == expected["shapes"]


def test_a_subclass_builds_for_unknown_sizes() -> None:
    model = SCRIPT.subclassed(keras)
    model.build((None, None, 4))
    assert model.built and model.rnn.built and model.out.built
    assert model.output_shape == (None, 1)
    assert model.predict(np.ones((3, 7, 4), np.float32), verbose=0).shape == (3, 1)


class Noisy(layers.Layer):
    """Draws from a seed generator and adds a loss at every call."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seed = keras.random.SeedGenerator(7)

    def call(self, x: Any) -> Any:
        self.add_loss(x.abs().mean())
        return x + keras.random.normal(tuple(x.shape), seed=self.seed)


class Used(keras.Model):
    """Sublayers a program made and used before building the model."""

    def __init__(self, rnn: layers.Layer, norm: layers.Layer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rnn, self.norm = rnn, norm
        self.noisy, self.drop, self.out = Noisy(), layers.Dropout(0.5), layers.Dense(1)

    def call(self, inputs: Any) -> Any:
        return self.out(self.drop(self.noisy(self.norm(self.rnn(inputs)))))


def _used_sublayers() -> tuple[layers.Layer, layers.Layer]:
    """A stateful GRU with states, and a BatchNormalization in training mode whose statistics
    moved."""
    torch.manual_seed(0)
    rnn = layers.GRU(3, stateful=True, batch_input_shape=(2, 5, 4))
    rnn(torch.randn(2, 5, 4))
    norm = layers.BatchNormalization()
    norm.train()
    norm(torch.randn(2, 3) * 4 + 2)
    return rnn, norm


def _state_of(model: Any) -> list[Any]:
    """Everything a build must leave alone."""
    return [
        [s.clone() for s in model.rnn.states],
        model.norm.moving_mean.clone(),
        model.norm.moving_variance.clone(),
        [(m.training, MODE_SET in m.__dict__) for m in model.modules()],
        model.noisy.seed.state.clone(),
        [loss.detach().clone() for loss in model.losses],
        torch.random.get_rng_state(),
    ]


def _assert_same(after: list[Any], before: list[Any]) -> None:
    for now, then in zip(after, before, strict=True):
        if isinstance(now, list) and now and isinstance(now[0], torch.Tensor):
            assert len(now) == len(then)
            for a, b in zip(now, then):
                torch.testing.assert_close(a, b, rtol=0, atol=0)
        elif isinstance(now, torch.Tensor):
            torch.testing.assert_close(now, then, rtol=0, atol=0)
        else:
            assert now == then


def test_build_changes_no_state() -> None:
    model = Used(*_used_sublayers())
    model.noisy(torch.ones(2, 3))  # built, with a loss of its last call
    model.out(torch.ones(2, 3))
    model.train()  # the mode set: a call would train (dropout, statistics) unless told not to
    before = _state_of(model)
    model.build((2, 5, 4))
    assert model.built
    _assert_same(_state_of(model), before)


def test_a_call_that_fails_leaves_the_sublayers_to_the_first_call_and_says_so() -> None:
    class Needs7(keras.Model):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.out = layers.Dense(1)

        def call(self, inputs: Any) -> Any:
            return self.out(inputs.reshape(-1, 7))

    model = Needs7(name="needs7")
    message = r"Model 'needs7' was not built for input shape \(None, 3, 4\): its call"
    with pytest.warns(UserWarning, match=message):
        model.build((None, 3, 4))
    assert not model.out.built  # as Keras 3's build leaves it
    assert model(torch.ones(2, 7)).shape == (2, 1)  # a call that works builds it


def test_a_stateful_subclass_needs_the_batch_size_to_build() -> None:
    model = Used(*_used_sublayers(), name="used")
    with pytest.warns(UserWarning, match=r"Model 'used' was not built .* stateful layer"):
        model.build((None, 5, 4))
    assert not model.noisy.built


class Holds(layers.Layer):
    """A layer of one's own that makes a Dense in build(), calls layers it was given, and says
    its output shape (so no trace is needed for the shape)."""

    def __init__(self, rnn: layers.Layer, norm: layers.Layer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rnn, self.norm = rnn, norm

    def build(self, input_shape: Any) -> None:
        self.inner = layers.Dense(2)
        super().build(input_shape)

    def call(self, x: Any) -> Any:
        return self.inner(self.norm(self.rnn(x)))

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape[0], 2


def test_adding_a_layer_of_ones_own_builds_its_sublayers_and_changes_no_state() -> None:
    rnn, norm = _used_sublayers()
    states, mean = [s.clone() for s in rnn.states], norm.moving_mean.clone()
    holds = Holds(rnn, norm)
    model = keras.Sequential([layers.Input(batch_shape=(2, 5, 4)), holds, layers.Dense(1)])
    assert holds.inner.built
    assert [w.shape for w in model.get_weights()][-4:] == [(3, 2), (2,), (2, 1), (1,)]
    for now, then in zip(rnn.states, states):
        torch.testing.assert_close(now, then, rtol=0, atol=0)
    torch.testing.assert_close(norm.moving_mean, mean, rtol=0, atol=0)
    assert norm.training and MODE_SET in norm.__dict__


def test_the_sublayers_of_a_frozen_layer_are_built_frozen() -> None:
    wrap = SCRIPT.wrap_class(keras)(trainable=False)
    keras.Sequential([layers.Input((2,)), wrap])
    assert wrap.inner.built and not any(p.requires_grad for p in wrap.inner.parameters())
    model = SCRIPT.subclassed(keras)
    model.trainable = False
    model.build((None, 3, 4))
    assert model.out.built and not model.trainable_weights


class Counted(layers.Layer):
    """Counts its calls; its sublayer is built with it."""

    calls = 0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dense = layers.Dense(2)

    def build(self, input_shape: Any) -> None:
        self.dense.build(input_shape)
        super().build(input_shape)

    def call(self, x: Any) -> Any:
        Counted.calls += 1
        return self.dense(x)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape[0], 2


def test_built_in_layers_are_not_called_and_ones_own_once_per_shape() -> None:
    """Building stays as fast as it was for a built-in layer, which gives its shape without a
    call; one's own that declares its shape is called for the shape its call gives, as
    tf-keras's symbolic call (tests/models/test_declared_shapes.py), once per input shape (two
    calls: one per stand-in size of the unknown batch size)."""
    called: list[str] = []
    dense = layers.Dense(3)
    dense.register_forward_hook(lambda module, args, output: called.append(module.name))
    Counted.calls = 0
    keras.Sequential([layers.Input((4,)), dense, Counted()])
    assert called == [] and Counted.calls == 2
    counted, inputs = Counted(), layers.Input((4,))
    keras.Model(inputs, [counted(inputs), counted(inputs)])
    assert Counted.calls == 4


def test_a_subclass_in_a_sequential_gives_its_output_shape() -> None:
    """Its shape comes from calling it (it was None, and the Sequential could not be made)."""
    model = keras.Sequential([layers.Input((3, 4)), SCRIPT.subclassed(keras), layers.Dense(2)])
    assert model.output_shape == (None, 2)
    assert [w.shape for w in model.get_weights()][-2:] == [(1, 2), (2,)]
