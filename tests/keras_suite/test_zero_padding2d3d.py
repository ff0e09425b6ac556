"""Port of ``keras/src/layers/reshaping/zero_padding2d_test.py`` and ``zero_padding3d_test.py``
from keras-team/keras v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's
inputs, paddings and expected configs unchanged. Keras draws its inputs from an unseeded
``np.random``; here the generator is seeded.

Every test is ported.
Changed:
- test_zero_padding_2d_with_dynamic_spatial_dim and test_zero_padding_3d_with_dynamic_spatial_dim
  run once per image data format (the `image_data_format` fixture sets it), so both of Keras's
  branches run.
- test_zero_padding_2d_get_config and test_zero_padding_3d_get_config compare the keys Keras
  lists but "dtype" (``dtype_policies.serialize(layer.dtype_policy)``: statefulrnn has no dtype
  policies) and leave the config's other keys (statefulrnn's "activity_regularizer") alone.
  ``padding`` is Keras's pairs (``((1, 1), (2, 2))``, ``((1, 1), (2, 2), (3, 3))``), compared as
  JSON (statefulrnn's configs are JSON-ready: lists where Keras's Python config has tuples).
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from statefulrnn import layers

from .layer_checks import assert_all_close

_RNG = np.random.default_rng(0)
DATA_FORMATS = ["channels_first", "channels_last"]


@pytest.mark.parametrize("data_format", DATA_FORMATS)
def test_zero_padding_2d(data_format) -> None:
    inputs = _RNG.random((1, 2, 3, 4))
    outputs = layers.ZeroPadding2D(padding=((1, 2), (3, 4)), data_format=data_format)(inputs)

    if data_format == "channels_first":
        for index in [0, -1, -2]:
            assert_all_close(outputs[:, :, index, :], 0.0)
        for index in [0, 1, 2, -1, -2, -3, -4]:
            assert_all_close(outputs[:, :, :, index], 0.0)
        assert_all_close(outputs[:, :, 1:-2, 3:-4], inputs)
    else:
        for index in [0, -1, -2]:
            assert_all_close(outputs[:, index, :, :], 0.0)
        for index in [0, 1, 2, -1, -2, -3, -4]:
            assert_all_close(outputs[:, :, index, :], 0.0)
        assert_all_close(outputs[:, 1:-2, 3:-4, :], inputs)


@pytest.mark.parametrize(
    ("padding", "data_format"),
    list(
        itertools.product(
            [
                ((2, 2), (2, 2)),  # 2 tuples
                (2, 2),  # 1 tuple
                2,  # 1 int
            ],
            DATA_FORMATS,
        )
    ),
)
def test_zero_padding_2d_with_same_padding(padding, data_format) -> None:
    inputs = _RNG.random((1, 2, 3, 4))
    outputs = layers.ZeroPadding2D(padding=padding, data_format=data_format)(inputs)

    if data_format == "channels_first":
        for index in [0, 1, -1, -2]:
            assert_all_close(outputs[:, :, index, :], 0.0)
            assert_all_close(outputs[:, :, :, index], 0.0)
        assert_all_close(outputs[:, :, 2:-2, 2:-2], inputs)
    else:
        for index in [0, 1, -1, -2]:
            assert_all_close(outputs[:, index, :, :], 0.0)
            assert_all_close(outputs[:, :, index, :], 0.0)
        assert_all_close(outputs[:, 2:-2, 2:-2, :], inputs)


def test_zero_padding_2d_with_dynamic_spatial_dim(image_data_format: str) -> None:
    if image_data_format == "channels_last":
        input_layer = layers.Input(batch_shape=(1, 2, None, 4))
    else:
        input_layer = layers.Input(batch_shape=(1, 4, 2, None))
    padded = layers.ZeroPadding2D(((1, 2), (3, 4)))(input_layer)
    if image_data_format == "channels_last":
        assert padded.shape == (1, 5, None, 4)
    else:
        assert padded.shape == (1, 4, 5, None)


@pytest.mark.parametrize(
    "padding",
    [(1,), (1, 2, 3), "1", ((1, 2), (3, 4, 5)), ((1, 2), (3, -4)), ((1, 2), "3")],
)
def test_zero_padding_2d_errors_if_padding_argument_invalid(padding) -> None:
    with pytest.raises(ValueError):
        layers.ZeroPadding2D(padding)


@pytest.mark.parametrize("data_format", DATA_FORMATS)
def test_zero_padding_2d_get_config(data_format) -> None:
    layer = layers.ZeroPadding2D(padding=(1, 2), data_format=data_format)
    expected_config = {
        "data_format": data_format,
        "name": layer.name,
        "padding": ((1, 1), (2, 2)),
        "trainable": layer.trainable,
    }
    config = layer.get_config()
    assert {key: config.get(key) for key in expected_config} == json.loads(json.dumps(expected_config))


@pytest.mark.parametrize("data_format", DATA_FORMATS)
def test_zero_padding_3d(data_format) -> None:
    inputs = _RNG.random((1, 2, 3, 4, 5))
    outputs = layers.ZeroPadding3D(padding=((1, 2), (3, 4), (0, 2)), data_format=data_format)(inputs)

    if data_format == "channels_first":
        for index in [0, -1, -2]:
            assert_all_close(outputs[:, :, index, :, :], 0.0)
        for index in [0, 1, 2, -1, -2, -3, -4]:
            assert_all_close(outputs[:, :, :, index, :], 0.0)
        for index in [-1, -2]:
            assert_all_close(outputs[:, :, :, :, index], 0.0)
        assert_all_close(outputs[:, :, 1:-2, 3:-4, 0:-2], inputs)
    else:
        for index in [0, -1, -2]:
            assert_all_close(outputs[:, index, :, :, :], 0.0)
        for index in [0, 1, 2, -1, -2, -3, -4]:
            assert_all_close(outputs[:, :, index, :, :], 0.0)
        for index in [-1, -2]:
            assert_all_close(outputs[:, :, :, index, :], 0.0)
        assert_all_close(outputs[:, 1:-2, 3:-4, 0:-2, :], inputs)


@pytest.mark.parametrize(
    ("padding", "data_format"),
    list(
        itertools.product(
            [
                ((2, 2), (2, 2), (2, 2)),  # 3 tuples
                (2, 2, 2),  # 1 tuple
                2,  # 1 int
            ],
            DATA_FORMATS,
        )
    ),
)
def test_zero_padding_3d_with_same_padding(padding, data_format) -> None:
    inputs = _RNG.random((1, 2, 3, 4, 5))
    outputs = layers.ZeroPadding3D(padding=padding, data_format=data_format)(inputs)

    if data_format == "channels_first":
        for index in [0, 1, -1, -2]:
            assert_all_close(outputs[:, :, index, :, :], 0.0)
            assert_all_close(outputs[:, :, :, index, :], 0.0)
            assert_all_close(outputs[:, :, :, :, index], 0.0)
        assert_all_close(outputs[:, :, 2:-2, 2:-2, 2:-2], inputs)
    else:
        for index in [0, 1, -1, -2]:
            assert_all_close(outputs[:, index, :, :, :], 0.0)
            assert_all_close(outputs[:, :, index, :, :], 0.0)
            assert_all_close(outputs[:, :, :, index, :], 0.0)
        assert_all_close(outputs[:, 2:-2, 2:-2, 2:-2, :], inputs)


def test_zero_padding_3d_with_dynamic_spatial_dim(image_data_format: str) -> None:
    if image_data_format == "channels_last":
        input_layer = layers.Input(batch_shape=(1, 2, None, 4, 5))
    else:
        input_layer = layers.Input(batch_shape=(1, 5, 2, None, 4))
    padded = layers.ZeroPadding3D(((1, 2), (3, 4), (5, 6)))(input_layer)
    if image_data_format == "channels_last":
        assert padded.shape == (1, 5, None, 15, 5)
    else:
        assert padded.shape == (1, 5, 5, None, 15)


@pytest.mark.parametrize(
    "padding",
    [
        (1,),
        (1, 2),
        (1, 2, 3, 4),
        "1",
        ((1, 2), (3, 4), (5, 6, 7)),
        ((1, 2), (3, 4), (5, -6)),
        ((1, 2), (3, 4), "5"),
    ],
)
def test_zero_padding_3d_errors_if_padding_argument_invalid(padding) -> None:
    with pytest.raises(ValueError):
        layers.ZeroPadding3D(padding=padding)


@pytest.mark.parametrize("data_format", DATA_FORMATS)
def test_zero_padding_3d_get_config(data_format) -> None:
    layer = layers.ZeroPadding3D(padding=(1, 2, 3), data_format=data_format)
    expected_config = {
        "data_format": data_format,
        "name": layer.name,
        "padding": ((1, 1), (2, 2), (3, 3)),
        "trainable": layer.trainable,
    }
    config = layer.get_config()
    assert {key: config.get(key) for key in expected_config} == json.loads(json.dumps(expected_config))
