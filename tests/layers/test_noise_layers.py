"""Dropout's ``noise_shape`` and ``seed``, and Keras's noise layers: `GaussianNoise`,
`GaussianDropout`, `SpatialDropout1D/2D/3D`, `AlphaDropout`. Each acts in training only; a seed repeats
its draws."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Dense, Sequential
from statefulrnn.layers import (
    AlphaDropout,
    Dropout,
    GaussianDropout,
    GaussianNoise,
    Input,
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from statefulrnn.streaming import StreamPool

NOISY = {
    "dropout": lambda seed=None: Dropout(0.4, seed=seed),
    "dropout_per_sequence": lambda seed=None: Dropout(0.4, noise_shape=(None, 1, None), seed=seed),
    "gaussian_noise": lambda seed=None: GaussianNoise(0.3, seed=seed),
    "gaussian_dropout": lambda seed=None: GaussianDropout(0.4, seed=seed),
    "spatial_dropout": lambda seed=None: SpatialDropout1D(0.4, seed=seed),
    "alpha_dropout": lambda seed=None: AlphaDropout(0.4, seed=seed),
}


@pytest.mark.parametrize("kind", sorted(NOISY))
def test_identity_in_inference_and_noise_in_training(kind: str) -> None:
    x = torch.randn(4, 6, 5)
    layer = NOISY[kind]()
    assert layer(x).equal(x)  # a new layer's call infers, as in Keras
    assert not layer(x, training=True).equal(x)
    layer.train()
    assert not layer(x).equal(x)
    layer.eval()
    assert layer(x).equal(x)


@pytest.mark.parametrize("kind", sorted(NOISY))
def test_a_seed_repeats_the_draws_whatever_torchs_generator_does(kind: str) -> None:
    x = torch.randn(4, 6, 5)
    torch.manual_seed(0)
    first = NOISY[kind](seed=11)(x, training=True)
    torch.manual_seed(1)
    second = NOISY[kind](seed=11)(x, training=True)
    assert first.equal(second)
    assert not NOISY[kind](seed=12)(x, training=True).equal(first)
    layer = NOISY[kind](seed=11)
    assert not layer(x, training=True).equal(layer(x, training=True))  # the stream goes on


def test_a_noise_shape_with_ones_shares_the_mask_along_those_axes() -> None:
    x = torch.ones(3, 50, 8)
    for layer in (Dropout(0.5, noise_shape=(None, 1, None)), SpatialDropout1D(0.5)):
        y = layer(x, training=True)
        assert y.eq(y[:, :1]).all()  # every step of a sequence drops the same features
        assert 0 < int(y[:, 0].eq(0).sum()) < 24  # some features dropped, not all
    y = Dropout(0.5, noise_shape=(3, 50, 1))(x, training=True)
    assert y.eq(y[..., :1]).all()


@pytest.mark.parametrize("noise_shape", [(None, 2, None), (None, 1), (3, 50, 8, 1)])
def test_a_noise_shape_that_does_not_broadcast_is_refused(noise_shape: tuple) -> None:
    layer = Dropout(0.5, noise_shape=noise_shape, name="d")
    with pytest.raises(
        ValueError, match=r"Dropout 'd': noise_shape .* does not broadcast to the input's shape \(3, 50, 8\)"
    ):
        layer(torch.ones(3, 50, 8), training=True)


@pytest.mark.parametrize(
    ("make", "shape", "shared_axes"),
    [
        (lambda seed: SpatialDropout2D(0.5, seed=seed), (40, 3, 4, 6), (1, 2)),
        (lambda seed: SpatialDropout2D(0.5, "channels_first", seed), (40, 6, 3, 4), (2, 3)),
        (lambda seed: SpatialDropout3D(0.5, seed=seed), (40, 2, 3, 4, 6), (1, 2, 3)),
        (
            lambda seed: SpatialDropout3D(0.5, data_format="channels_first", seed=seed),
            (40, 6, 2, 3, 4),
            (2, 3, 4),
        ),
    ],
)
def test_spatial_dropout_of_images_and_volumes_drops_whole_channels(make, shape, shared_axes) -> None:
    """Keras 3's noise shapes: one draw per sample and channel, in either layout; inference is
    the identity; a seed repeats the draws."""
    x = torch.ones(shape)
    layer = make(3)
    assert layer(x).equal(x)
    y = layer(x, training=True)
    first = y[(slice(None),) * shared_axes[0] + (slice(0, 1),) * len(shared_axes)]
    assert y.eq(first).all()  # each channel kept or dropped everywhere
    assert abs(float(first.eq(0).float().mean()) - 0.5) < 0.15
    assert sorted(torch.unique(y).tolist()) == [0.0, 2.0]
    assert make(3)(x, training=True).equal(y)


def test_spatial_dropout_of_images_refuses_other_ranks_and_keeps_keras_s_config() -> None:
    with pytest.raises(ValueError, match=r"SpatialDropout2D 's' expects inputs of rank 4, \(N, C, H, W\)"):
        SpatialDropout2D(0.1, data_format="channels_first", name="s")(torch.ones(2, 3, 4))
    with pytest.raises(ValueError, match=r"Dropout rate must be in \[0, 1\)"):
        SpatialDropout3D(1.0)
    config = SpatialDropout3D(0.1, seed=2).get_config()
    assert config["data_format"] == "channels_last" and "noise_shape" not in config
    assert SpatialDropout3D.from_config(config).get_config() == config


def test_the_gaussian_layers_draw_what_keras_draws() -> None:
    """Keras's distributions (its random stream is its own): x + N(0, s^2), and x * N(1, p/(1-p))."""
    x = torch.full((200_000,), 2.0)
    added = GaussianNoise(0.3, seed=0)(x, training=True) - x
    assert abs(float(added.mean())) < 0.005 and abs(float(added.std()) - 0.3) < 0.005
    factor = GaussianDropout(0.2, seed=0)(x, training=True) / x
    assert abs(float(factor.mean()) - 1.0) < 0.005 and abs(float(factor.std()) - 0.5) < 0.005
    kept = SpatialDropout1D(0.25, seed=0)(torch.ones(400, 2, 500), training=True)
    assert abs(float(kept.eq(0).float().mean()) - 0.25) < 0.01
    assert torch.unique(kept).tolist() == pytest.approx([0.0, 1 / 0.75])


def test_alpha_dropout_is_keras_affine_map_of_the_kept_entries() -> None:
    """Keras's formula: kept entries a x + b, dropped ones a alpha' + b (alpha' = -1.7581), which
    keeps a standard normal input's mean and variance; a noise_shape shares the mask."""
    rate, saturation = 0.3, -1.6732632423543772 * 1.0507009873554805
    a = ((1 - rate) * (1 + rate * saturation**2)) ** -0.5
    b = -a * saturation * rate
    x = torch.randn(400, 500, generator=torch.Generator().manual_seed(0))
    y = AlphaDropout(rate, seed=1)(x, training=True)
    dropped = torch.isclose(y, torch.tensor(a * saturation + b), atol=1e-6, rtol=0)
    assert abs(float(dropped.float().mean()) - rate) < 0.01
    np.testing.assert_allclose(y[~dropped].numpy(), (a * x[~dropped] + b).numpy(), atol=1e-6)
    assert abs(float(y.mean())) < 0.01 and abs(float(y.std()) - 1.0) < 0.01
    shared = AlphaDropout(0.5, noise_shape=(None, 1, None), seed=2)(torch.zeros(3, 7, 4), training=True)
    assert shared.eq(shared[:, :1]).all() and shared.unique().numel() == 2


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: GaussianNoise(1.5), r"stddev must be in \[0, 1\]\. Received: stddev=1\.5"),
        (lambda: GaussianDropout(1.0), r"rate must be in \[0, 1\)\. Received: rate=1\.0"),
        (lambda: AlphaDropout(1.0), r"Dropout rate must be in \[0, 1\)\. Received: rate=1\.0"),
        (lambda: SpatialDropout1D(-0.1), r"Dropout rate must be in \[0, 1\)"),
        (lambda: GaussianNoise(0.1, seed=1.5), r"seed must be an integer or None"),
    ],
)
def test_arguments_out_of_range_are_refused(make, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_spatial_dropout_takes_sequences_only() -> None:
    with pytest.raises(
        ValueError,
        match=r"SpatialDropout1D 's' expects inputs of rank 3, \(N, T, C\)\. Received: shape \(2, 3\)",
    ):
        SpatialDropout1D(0.1, name="s")(torch.ones(2, 3))


def test_a_model_with_noise_layers_trains_with_noise_and_serves_without_it() -> None:
    torch.manual_seed(0)
    model = Sequential(
        [
            Input(batch_shape=(2, None, 3)),
            GaussianNoise(0.5, seed=1),
            SpatialDropout1D(0.3, seed=2),
            GRU(4, stateful=True, return_sequences=True),
            GaussianDropout(0.3, seed=3),
            AlphaDropout(0.2, seed=4),
            Dense(1),
        ]
    )
    x = np.random.default_rng(0).normal(size=(2, 8, 3)).astype(np.float32)
    model.compile(optimizer="sgd", loss="mse")
    model.reset_states()
    trained_loss = model.train_on_batch(x, np.zeros((2, 8, 1), np.float32))
    model.reset_states()
    assert trained_loss != pytest.approx(model.test_on_batch(x, np.zeros((2, 8, 1), np.float32)))
    model.reset_states()
    whole = model.predict(x, verbose=0)
    model.reset_states()
    assert np.array_equal(whole, model.predict(x, verbose=0))  # no noise in inference
    pool = StreamPool(model)
    pool.open("a")
    streamed = np.concatenate([pool.push("a", x[0, :5]), pool.push("a", x[0, 5:])])
    np.testing.assert_allclose(streamed, whole[0], atol=1e-6)
