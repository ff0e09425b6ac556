"""`statefulrnn.random` (Keras 3's ``keras.random``): every function's values against Keras 3's
on its torch backend (tests/fixtures/random_torch, recorded by
tools/keras_fixtures/random_torch.py) for int seeds, successive `SeedGenerator` draws and the
global generator after ``set_random_seed``; Keras's seed semantics; the `SeedGenerator`'s own
API; each distribution's moments and bounds on large draws; the errors; and a layer of one's
own that draws noise in ``fit``."""

from __future__ import annotations

import copy
import json
import math
import pickle
import random as python_random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import random
from statefulrnn.layers import Layer
from statefulrnn.seed_generator import global_seed_generator

N = 200_000
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "random_torch"
TENSOR_ARGUMENTS = ("inputs", "x", "logits")  # given to Keras as float32 tensors


def _keras_cases() -> list[tuple[str, str]]:
    return [
        (path.stem, name)
        for path in sorted(FIXTURES.glob("*.npz"))
        for name in json.loads(str(np.load(path)["spec"]))
    ]


def _seed(spec: dict[str, int]) -> Any:
    """What each call of a case takes as ``seed``, as the fixture script gave Keras."""
    ((kind, value),) = spec.items()
    if kind == "int":
        return value
    if kind == "generator":
        return random.SeedGenerator(value)
    srnn.utils.set_random_seed(value)
    return None if kind == "global" else random.SeedGenerator()


@pytest.mark.parametrize(("group", "name"), _keras_cases())
def test_the_values_are_keras_torch_backends(group: str, name: str) -> None:
    with np.load(FIXTURES / f"{group}.npz") as data:
        expected = {key: data[key] for key in data.files}
    case = json.loads(str(expected["spec"]))[name]
    seed = _seed(case["seed"])
    for index, (function, kwargs) in enumerate(case["calls"]):
        kwargs = {
            key: torch.tensor(value, dtype=torch.float32) if key in TENSOR_ARGUMENTS else value
            for key, value in kwargs.items()
        }
        drawn = getattr(random, function)(**kwargs, seed=seed)
        wanted = expected[f"{name}__{index}"]
        assert srnn.ops.dtype(drawn) == str(wanted.dtype) and tuple(drawn.shape) == wanted.shape
        np.testing.assert_array_equal(drawn.numpy(), wanted, err_msg=f"{name}, call {index}")
    if f"{name}__state" in expected:  # where the generator stands after the draws
        generator = global_seed_generator() if seed is None else seed
        np.testing.assert_array_equal(generator.state.numpy(), expected[f"{name}__state"])


def test_the_fixtures_are_all_there() -> None:
    assert len(_keras_cases()) == 75  # a fresh clone reads them from the repository


def test_seeds_mean_what_keras_says() -> None:
    assert random.normal((3,), seed=5).equal(random.normal((3,), seed=5))  # an int: the same draw
    generator = random.SeedGenerator(11)
    first, second = random.uniform((3,), seed=generator), random.uniform((3,), seed=generator)
    assert not first.equal(second)  # a generator draws on
    again = random.SeedGenerator(11)
    assert random.uniform((3,), seed=again).equal(first) and random.uniform((3,), seed=again).equal(second)
    assert random.uniform((3,), seed=12).equal(second)  # its second draw is seeded with 11 + 1
    srnn.utils.set_random_seed(3)
    drawn = random.normal((3,))
    srnn.utils.set_random_seed(3)
    assert random.normal((3,)).equal(drawn)  # None: the global generator, started again
    random.set_seed(3)  # TensorFlow's set_seed starts it where set_random_seed(3) does
    assert random.normal((3,)).equal(drawn)
    srnn.backend.clear_session()  # Keras's clear_session drops it: made again from Python's random
    python_random.seed(3)
    assert random.normal((3,)).equal(drawn)


def test_the_seed_generator_keeps_kerass_state_and_config() -> None:
    generator = random.SeedGenerator(1337, name="noise")
    assert generator.state.dtype == torch.int32 and generator.state.tolist() == [1337, 0]
    assert generator.next().tolist() == [1337, 0] and generator.state.tolist() == [1337, 1]
    assert generator.next(ordered=False).tolist() == [1337, 1]
    assert generator.state.tolist() == [1338 * 5387 % 933199, 2 * 5387]  # Keras's unordered step
    assert generator.get_config() == {"seed": 1337, "name": "noise"}
    assert random.SeedGenerator.from_config(generator.get_config()).state.tolist() == [1337, 0]
    kept, restored = copy.deepcopy(generator), pickle.loads(pickle.dumps(generator))
    drawn = random.normal((2,), seed=generator)
    assert random.normal((2,), seed=kept).equal(drawn) and random.normal((2,), seed=restored).equal(drawn)
    python_random.seed(4)
    unseeded = random.SeedGenerator()  # a seed from Python's random, as Keras's
    python_random.seed(4)
    assert unseeded.state.tolist() == [python_random.randint(1, 10**9), 0]
    assert unseeded.get_config()["seed"] is None


def test_random_leaves_torchs_global_generator_alone_where_keras_does() -> None:
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    random.normal((2,))
    random.gamma((2,), 2.0, seed=1)  # seeds torch's generator for its draw, then puts it back
    random.dropout(torch.ones(4), 0.5, seed=2)
    assert torch.rand(3).equal(expected)
    torch.manual_seed(0)
    mask = torch.nn.functional.dropout(torch.ones(50), 0.5)
    torch.manual_seed(0)  # unseeded dropout is torch's own, on torch's generator, as in Keras
    assert random.dropout(torch.ones(50), 0.5).equal(mask)


def test_the_distributions_have_their_moments_and_bounds() -> None:
    values = random.normal((N,), mean=2.0, stddev=3.0, seed=1)
    assert values.dtype == torch.float32
    assert abs(float(values.mean()) - 2.0) < 0.03 and abs(float(values.std()) - 3.0) < 0.03
    truncated = random.truncated_normal((N,), mean=1.0, stddev=2.0, seed=2)
    # Keras keeps a value's first of four draws within bounds: about 1 in 230,000 falls outside
    assert float(truncated.min()) >= -3.0 and float(truncated.max()) <= 5.0
    assert abs(float(truncated.std()) - 2.0 * 0.87962566) < 0.02  # a standard normal cut at +-2
    flat = random.uniform((N,), minval=-1.0, maxval=3.0, dtype="float64", seed=3)
    assert flat.dtype == torch.float64 and float(flat.min()) >= -1.0 and float(flat.max()) < 3.0
    assert abs(float(flat.mean()) - 1.0) < 0.02
    ints = random.randint((N,), 2, 7, seed=4)
    assert ints.dtype == torch.int32 and sorted(ints.unique().tolist()) == [2, 3, 4, 5, 6]
    logits = torch.tensor([[0.0, math.log(3.0)]])
    drawn = random.categorical(logits, N, seed=5)
    assert drawn.shape == (1, N) and abs(float(drawn.float().mean()) - 0.75) < 0.01
    assert abs(float(random.gamma((N,), 3.0, seed=6).mean()) - 3.0) < 0.03
    assert abs(float(random.beta((N,), 2.0, 6.0, seed=7).mean()) - 0.25) < 0.01
    assert abs(float(random.binomial((N,), 10, 0.3, seed=8).mean()) - 3.0) < 0.03


def test_dropout_and_shuffle() -> None:
    x = torch.ones(400, 500)
    dropped = random.dropout(x, 0.25, seed=1)
    kept = dropped != 0
    assert abs(float(kept.float().mean()) - 0.75) < 0.01
    torch.testing.assert_close(dropped[kept], torch.full_like(dropped[kept], 1 / 0.75))
    shared = random.dropout(x, 0.5, noise_shape=(None, 1), seed=2)  # one draw per row
    assert bool(((shared == 0).all(dim=1) | (shared != 0).all(dim=1)).all())
    assert random.dropout(x, 1.0).equal(torch.zeros_like(x)) and random.dropout(x, 0.0) is x
    order = random.shuffle(torch.arange(10.0).reshape(5, 2), seed=3)
    assert sorted(order[:, 0].tolist()) == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert order[:, 1].equal(order[:, 0] + 1)  # rows move whole
    grid = torch.arange(60.0).reshape(3, 20)
    within = random.shuffle(grid, axis=-1, seed=4)  # each row in an order of its own, as Keras's
    assert within.sort(dim=1).values.equal(grid) and not within[1].sub(20).equal(within[0])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: random.normal((2,), seed="a"), TypeError, "seed must be None, an integer"),
        (lambda: random.SeedGenerator(1.5), TypeError, "seed must be an integer or None"),
        (lambda: random.SeedGenerator(2**31), ValueError, "must fit in int32"),
        (lambda: random.randint((2,), 3, 3), ValueError, "maxval > minval"),
        (lambda: random.randint((2,), 0, 3, dtype="float32"), ValueError, "integer dtype"),
        (lambda: random.dropout(torch.ones(2), 1.5), ValueError, r"rate must be in \[0, 1\]"),
        (lambda: random.dropout(torch.ones(2, 3), 0.5, (1,), seed=1), ValueError, "one entry per axis"),
        (lambda: random.shuffle(torch.ones(2, 3), axis=2), ValueError, "within the input's 2 axes"),
        (lambda: random.uniform((2,), dtype="int32"), ValueError, "floating dtype"),
        (lambda: random.categorical([0.0, 1.0], 2), ValueError, r"\(batch, classes\)"),
        (lambda: random.set_seed(1.0), TypeError, "integer seed"),
    ],
)
def test_bad_calls_are_refused_clearly(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


class Jitter(Layer):
    """Keras-style noise: Gaussian in training, none in inference, from its own generator."""

    def __init__(self, stddev: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.stddev = stddev
        self.seed_generator = random.SeedGenerator(1337)

    def call(self, inputs, training=None):
        if training:
            return inputs + random.normal(tuple(inputs.shape), stddev=self.stddev, seed=self.seed_generator)
        return inputs


def test_a_layer_of_ones_own_draws_its_noise_in_training_only() -> None:
    torch.manual_seed(0)
    model = srnn.Sequential([srnn.Input((4, 2)), Jitter(0.5), srnn.layers.GRU(3), srnn.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    x, y = np.ones((8, 4, 2), np.float32), np.zeros((8, 1), np.float32)
    np.testing.assert_array_equal(model.predict(x, verbose=0), model.predict(x, verbose=0))  # no noise
    twin = copy.deepcopy(model)  # the generator is copied where it stands
    losses = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history["loss"]
    assert losses == twin.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history["loss"]
