"""The image layers (`statefulrnn.layers.image_preprocessing`, `image_augmentation`,
`image_transforms`) against Keras's numbers (``tests/fixtures/image_layers``, made by
``tools/keras_fixtures/image_layers.py``): every resize method, crops and pads, the affine
layers on fixed draws with each fill mode, inference; then what the random layers promise
(ranges, seeds, training and inference as Keras), their errors, and Keras files both ways."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import config, layers
from statefulrnn.layers.experimental import preprocessing
from tests.fixture_scripts import fixture_script
from tests.keras_python import keras_error_of_saved, needs_keras

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "image_layers"
STORED = np.load(FIXTURE / "values.npz")
SCRIPT = fixture_script("image_layers")
X = STORED["x"]


@pytest.mark.parametrize("name", list(SCRIPT.CASES))
def test_equals_keras_3(name: str) -> None:
    np.testing.assert_allclose(
        SCRIPT.call(statefulrnn, SCRIPT.CASES[name], X), STORED[name], atol=3e-6, rtol=0
    )


@pytest.mark.parametrize("name", list(SCRIPT.TF_KERAS_CASES))
def test_equals_tf_keras_under_its_rules(name: str) -> None:
    config.set_keras_rules("tf_keras")
    try:
        got = SCRIPT.call(statefulrnn, SCRIPT.TF_KERAS_CASES[name], X)
    finally:
        config.set_keras_rules("keras3")
    np.testing.assert_allclose(got, STORED[name], atol=3e-6, rtol=0)


def test_one_image_and_a_batch_give_the_same() -> None:
    x = torch.from_numpy(X)
    for layer in (layers.Resizing(4, 5), layers.CenterCrop(3, 3), layers.RandomRotation((0.1, 0.1))):
        torch.testing.assert_close(layer(x[1]), layer(x)[1])


def test_a_keras_file_loads_and_predicts_as_keras(tmp_path: Path) -> None:
    model = statefulrnn.load_model(FIXTURE / "model.keras")
    np.testing.assert_allclose(model.predict(X, verbose=0), STORED["predicted"], atol=1e-5, rtol=0)
    model.save(tmp_path / "again.keras")
    again = statefulrnn.load_model(tmp_path / "again.keras")
    np.testing.assert_allclose(again.predict(X, verbose=0), STORED["predicted"], atol=1e-5, rtol=0)
    assert [type(layer).__name__ for layer in again.layers] == [
        type(layer).__name__ for layer in model.layers
    ]


@needs_keras
def test_keras_loads_our_file(tmp_path: Path) -> None:
    model = SCRIPT.build(statefulrnn)
    assert keras_error_of_saved(model, X, tmp_path) < 1e-5


# ----- the random layers' promises -------------------------------------------------------


RANDOM = {
    "RandomFlip": lambda seed: layers.RandomFlip(seed=seed),
    "RandomCrop": lambda seed: layers.RandomCrop(4, 5, seed=seed),
    "RandomContrast": lambda seed: layers.RandomContrast(0.5, value_range=(0, 1), seed=seed),
    "RandomBrightness": lambda seed: layers.RandomBrightness(0.3, value_range=(0, 1), seed=seed),
    "RandomRotation": lambda seed: layers.RandomRotation(0.2, seed=seed),
    "RandomZoom": lambda seed: layers.RandomZoom(0.3, seed=seed),
    "RandomTranslation": lambda seed: layers.RandomTranslation(0.2, 0.2, seed=seed),
    "RandomHeight": lambda seed: layers.RandomHeight(0.4, seed=seed),
    "RandomWidth": lambda seed: layers.RandomWidth(0.4, seed=seed),
}


@pytest.mark.parametrize("name", list(RANDOM))
def test_seeded_layers_repeat_and_a_direct_call_augments_as_keras(name: str) -> None:
    x = torch.from_numpy(X)
    first, second = RANDOM[name](3), RANDOM[name](3)
    draws = [first(x) for _ in range(3)]
    for drawn in draws:
        torch.testing.assert_close(second(x), drawn)  # the same seed, the same draws
    assert any(not torch.equal(a, b) for a, b in itertools.pairwise(draws)) or name == "RandomFlip"
    assert torch.equal(first(x, training=False), x)  # inference: the images as they came
    assert torch.equal(first.eval()(x), x)


def test_predict_infers_and_fit_trains() -> None:
    model = statefulrnn.Sequential([layers.Input((7, 9, 3)), layers.RandomBrightness(0.5, seed=0)])
    assert np.array_equal(model.predict(X, verbose=0), X)
    assert not np.array_equal(model(torch.from_numpy(X)).numpy(), X)  # a direct call trains (Keras)


def test_flip_turns_each_image_whole_or_keeps_it() -> None:
    x = torch.from_numpy(X).repeat(20, 1, 1, 1)
    y = layers.RandomFlip(seed=0)(x)
    turned = x.flip(1).flip(2)
    kept = [bool(torch.equal(a, b)) for a, b in zip(y, x)]
    assert all(k or torch.equal(a, t) for k, a, t in zip(kept, y, turned)) and 0 < sum(kept) < len(kept)
    config.set_keras_rules("tf_keras")  # each axis its own draw
    try:
        y = layers.RandomFlip(seed=0)(x)
    finally:
        config.set_keras_rules("keras3")
    assert any(torch.equal(a, b.flip(1)) and not torch.equal(a, b) for a, b in zip(y, x))


def test_contrast_keeps_the_mean_and_draws_keras_3_s_range() -> None:
    x = torch.from_numpy(X).repeat(50, 1, 1, 1) * 0.5 + 0.25  # no clipping
    y = layers.RandomContrast(0.5, value_range=(0, 1), seed=0)(x)
    torch.testing.assert_close(y.mean(dim=(1, 2)), x.mean(dim=(1, 2)))
    centred = lambda t: t - t.mean(dim=(1, 2), keepdim=True)  # noqa: E731
    factors = (centred(y) * centred(x)).sum(dim=(1, 2, 3)) / centred(x).square().sum(dim=(1, 2, 3))
    torch.testing.assert_close(centred(y), factors[:, None, None, None] * centred(x))  # one per image
    assert 1.0 <= float(factors.min()) and float(factors.max()) <= 1.5  # Keras 3: [1, 1 + f] for f
    config.set_keras_rules("tf_keras")
    try:
        layer = layers.RandomContrast(0.5, seed=0)
    finally:
        config.set_keras_rules("keras3")
    assert (layer.lower, layer.upper) == (0.5, 0.5)  # tf-keras: [1 - f, 1 + f]


def test_brightness_stays_in_range_and_moves_each_image_by_one_amount() -> None:
    x = torch.from_numpy(X).repeat(30, 1, 1, 1)
    y = layers.RandomBrightness((-0.2, 0.4), value_range=(0, 1), seed=0)(x)
    assert float(y.min()) >= 0 and float(y.max()) <= 1
    inside = (y > 0) & (y < 1)
    shift = torch.where(inside, y - x, torch.nan).flatten(1)
    low, high = np.nanmin(shift.numpy(), axis=1), np.nanmax(shift.numpy(), axis=1)
    assert np.allclose(low, high, atol=1e-6) and low.min() >= -0.2 and high.max() <= 0.4


def test_crop_takes_a_window_and_rotation_zoom_translation_keep_the_shape() -> None:
    x = torch.arange(2 * 7 * 9 * 1, dtype=torch.float32).reshape(2, 7, 9, 1)
    y = layers.RandomCrop(4, 5, seed=1)(x)
    top, left = divmod(int(y[0, 0, 0, 0]), 9)
    torch.testing.assert_close(y, x[:, top : top + 4, left : left + 5])
    for layer in (
        layers.RandomRotation(0.5),
        layers.RandomZoom(0.5, 0.3),
        layers.RandomTranslation(0.5, 0.5),
    ):
        assert layer(x).shape == x.shape
    assert layers.RandomHeight(0.4, seed=0)(x).shape[2:] == (9, 1)
    assert layers.RandomWidth(0.4, seed=0)(x).shape[1::2] == (7, 1)


def test_symbolic_shapes() -> None:
    inputs = layers.Input((7, 9, 3))
    assert layers.Resizing(4, 5)(inputs).shape == (None, 4, 5, 3)
    assert layers.CenterCrop(4, 5, data_format="channels_first")(inputs).shape == (None, 7, 4, 5)
    assert layers.RandomHeight(0.2)(inputs).shape == (None, None, 9, 3)
    assert layers.RandomRotation(0.2)(inputs).shape == (None, 7, 9, 3)


def test_tf_keras_s_experimental_names() -> None:
    for name in ("Resizing", "CenterCrop", "RandomCrop", "RandomFlip", "RandomRotation", "RandomZoom",
                 "RandomTranslation", "RandomContrast", "RandomHeight", "RandomWidth"):  # fmt: skip
        assert getattr(preprocessing, name) is getattr(layers, name)


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda: layers.Resizing(0, 4),
            ValueError,
            r"`height` must be a positive integer. Received: height=0",
        ),
        (lambda: layers.Resizing(2, 4, interpolation="cubic"), ValueError, "interpolation=cubic"),
        (lambda: layers.Resizing(2, 4, fill_mode="reflect"), ValueError, "Only `'constant'`"),
        (
            lambda: layers.Resizing(2, 4, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True),
            ValueError,
            "Only one of",
        ),
        (lambda: layers.RandomFlip("diagonal"), ValueError, "unknown mode argument diagonal"),
        (lambda: layers.RandomRotation(1.5), ValueError, r"in the range \[-1, 1\]. Received: factor=1.5"),
        (lambda: layers.RandomRotation(0.2, fill_mode="mirror"), ValueError, "Unknown `fill_mode` mirror"),
        (lambda: layers.RandomZoom(0.2, interpolation="bicubic"), ValueError, "Unknown `interpolation`"),
        (lambda: layers.RandomZoom((-1, 0)), ValueError, r"\(-1.0, 1.0\]. Received: height_factor"),
        (lambda: layers.RandomContrast(-0.2), ValueError, r"in the range \[0, 1\]"),
        (lambda: layers.RandomBrightness(0.2, value_range=3), ValueError, "value_range=3"),
        (lambda: layers.RandomHeight((0.3, 0.1)), ValueError, "upper bound lesser than the lower"),
        (lambda: layers.RandomWidth((-1.5, 0)), ValueError, "larger than -1"),
        (lambda: layers.RandomCrop(2, 2, seed=1.5), TypeError, "seed must be an integer"),
    ],
)
def test_refuses_what_keras_refuses(make: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_an_input_of_another_rank_is_refused() -> None:
    with pytest.raises(
        ValueError, match=r"rank 3 or a batch of rank 4, \(N, H, W, C\). Received: shape \(2, 3\)"
    ):
        layers.Resizing(2, 2)(torch.ones(2, 3))
