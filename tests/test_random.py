"""`statefulrnn.random` (Keras 3's ``keras.random``): Keras's seed semantics (None, an int, a
`SeedGenerator`), each distribution's moments and bounds on large draws, the errors, and a
layer of one's own that draws noise in ``fit``. The values are torch's: no two frameworks draw
the same numbers from a seed, so the checks are on what Keras documents."""

from __future__ import annotations

import copy
import math
import pickle

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import random
from statefulrnn.layers import Layer

N = 200_000


def test_seeds_mean_what_keras_says() -> None:
    assert random.normal((3,), seed=5).equal(random.normal((3,), seed=5))  # an int: the same draw
    generator = random.SeedGenerator(11)
    first, second = random.uniform((3,), seed=generator), random.uniform((3,), seed=generator)
    assert not first.equal(second)  # a generator draws on
    again = random.SeedGenerator(11)
    assert random.uniform((3,), seed=again).equal(first) and random.uniform((3,), seed=again).equal(second)
    srnn.utils.set_random_seed(3)
    drawn = random.normal((3,))
    srnn.utils.set_random_seed(3)
    assert random.normal((3,)).equal(drawn)  # None: the global generator, as set_random_seed sets it
    kept, restored = copy.deepcopy(generator), pickle.loads(pickle.dumps(generator))
    assert random.normal((2,), seed=kept).equal(random.normal((2,), seed=restored))  # where it stood


def test_the_distributions_have_their_moments_and_bounds() -> None:
    values = random.normal((N,), mean=2.0, stddev=3.0, seed=1)
    assert values.dtype == torch.float32
    assert abs(float(values.mean()) - 2.0) < 0.03 and abs(float(values.std()) - 3.0) < 0.03
    truncated = random.truncated_normal((N,), mean=1.0, stddev=2.0, seed=2)
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
    order = random.shuffle(torch.arange(10.0).reshape(5, 2), seed=3)
    assert sorted(order[:, 0].tolist()) == [0.0, 2.0, 4.0, 6.0, 8.0]
    assert order[:, 1].equal(order[:, 0] + 1)  # rows move whole


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: random.normal((2,), seed="a"), TypeError, "seed must be None, an integer"),
        (lambda: random.SeedGenerator(1.5), TypeError, "seed must be an integer or None"),
        (lambda: random.randint((2,), 3, 3), ValueError, "maxval > minval"),
        (lambda: random.dropout(torch.ones(2), 1.0), ValueError, r"rate must be in \[0, 1\)"),
        (lambda: random.uniform((2,), dtype="int32"), ValueError, "floating dtype"),
        (lambda: random.categorical([0.0, 1.0], 2), ValueError, r"\(batch, classes\)"),
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
