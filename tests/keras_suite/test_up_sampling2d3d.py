"""Port of ``keras/src/layers/reshaping/up_sampling2d_test.py`` and ``up_sampling3d_test.py``
from keras-team/keras v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's
inputs, sizes and expected arrays unchanged. Keras draws its inputs from an unseeded
``np.random``; here the generator is seeded.

Not ported:
- test_upsampling_2d_bilinear's ``use_set_image_data_format=True`` cases: the four repeat the
  ``False`` ones, whose layers name their data format (``set_image_data_format`` itself is
  tested in test_zero_padding2d3d.py, test_cropping2d3d.py and the backend's tests).
- test_upsampling_2d_lanczos_interpolation_methods: Keras skips it on torch; statefulrnn does
  no "lanczos3"/"lanczos5" interpolation.
Changed:
- test_upsampling_2d_various_interpolation_methods: "nearest" and "bilinear" only; statefulrnn
  does no "bicubic" interpolation (refused with a ValueError).
- The basic checks run ``check_weightless_layer`` (Keras's ``run_layer_test``: config round
  trip, symbolic and eager output shapes, no weights, a backward pass); it also asserts
  ``supports_masking`` False, which Keras's layers have. UpSampling3D's
  ``expected_output_dtype="float32"`` is asserted on a float32 call.
- ``backend.Variable(inputs)`` -> ``torch.tensor(inputs)``.
- test_upsampling_2d_correctness and test_upsampling_3d_correctness: Keras's default
  "channels_last" image data format, as Keras's run.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

from statefulrnn import layers

from .layer_checks import assert_all_close
from .weightless_checks import check_weightless_layer

_RNG = np.random.default_rng(0)
DATA_FORMATS = ["channels_first", "channels_last"]


@pytest.mark.parametrize(
    ("data_format", "length_row", "length_col"), list(itertools.product(DATA_FORMATS, [2], [2, 3]))
)
def test_upsampling_2d(data_format, length_row, length_col) -> None:
    num_samples = 2
    stack_size = 2
    input_num_row = 11
    input_num_col = 12

    if data_format == "channels_first":
        inputs = _RNG.random((num_samples, stack_size, input_num_row, input_num_col))
    else:
        inputs = _RNG.random((num_samples, input_num_row, input_num_col, stack_size))

    # basic test
    check_weightless_layer(
        layers.UpSampling2D,
        init_kwargs={"size": (2, 2), "data_format": data_format},
        input_shape=inputs.shape,
        supports_masking=False,
    )

    layer = layers.UpSampling2D(size=(length_row, length_col), data_format=data_format)
    layer.build(inputs.shape)
    np_output = layer(inputs=torch.tensor(inputs))
    if data_format == "channels_first":
        assert np_output.shape[2] == length_row * input_num_row
        assert np_output.shape[3] == length_col * input_num_col
    else:
        assert np_output.shape[1] == length_row * input_num_row
        assert np_output.shape[2] == length_col * input_num_col

    # compare with numpy
    if data_format == "channels_first":
        expected_out = np.repeat(inputs, length_row, axis=2)
        expected_out = np.repeat(expected_out, length_col, axis=3)
    else:
        expected_out = np.repeat(inputs, length_row, axis=1)
        expected_out = np.repeat(expected_out, length_col, axis=2)

    assert_all_close(np_output, expected_out)


@pytest.mark.parametrize(
    ("data_format", "length_row", "length_col"), list(itertools.product(DATA_FORMATS, [2], [2, 3]))
)
def test_upsampling_2d_bilinear(data_format, length_row, length_col) -> None:
    num_samples = 2
    stack_size = 2
    input_num_row = 11
    input_num_col = 12

    if data_format == "channels_first":
        inputs = _RNG.random((num_samples, stack_size, input_num_row, input_num_col))
    else:
        inputs = _RNG.random((num_samples, input_num_row, input_num_col, stack_size))

    check_weightless_layer(
        layers.UpSampling2D,
        init_kwargs={"size": (2, 2), "data_format": data_format, "interpolation": "bilinear"},
        input_shape=inputs.shape,
        supports_masking=False,
    )

    layer = layers.UpSampling2D(
        size=(length_row, length_col), data_format=data_format, interpolation="bilinear"
    )
    layer.build(inputs.shape)
    np_output = layer(inputs=torch.tensor(inputs))
    if data_format == "channels_first":
        assert np_output.shape[2] == length_row * input_num_row
        assert np_output.shape[3] == length_col * input_num_col
    else:
        assert np_output.shape[1] == length_row * input_num_row
        assert np_output.shape[2] == length_col * input_num_col


def test_upsampling_2d_correctness() -> None:
    input_shape = (2, 2, 1, 3)
    x = np.arange(np.prod(input_shape)).reshape(input_shape)
    # fmt: off
    expected_output = np.array(
        [[[[ 0.,  1.,  2.],
           [ 0.,  1.,  2.]],
          [[ 3.,  4.,  5.],
           [ 3.,  4.,  5.]]],
         [[[ 6.,  7.,  8.],
           [ 6.,  7.,  8.]],
          [[ 9., 10., 11.],
           [ 9., 10., 11.]]]]
    )
    # fmt: on
    assert_all_close(layers.UpSampling2D(size=(1, 2))(x), expected_output)


def test_upsampling_2d_various_interpolation_methods() -> None:
    input_shape = (2, 2, 1, 3)
    x = np.arange(np.prod(input_shape)).reshape(input_shape)
    for interpolation in ["nearest", "bilinear"]:
        layers.UpSampling2D(size=(1, 2), interpolation=interpolation)(x)


@pytest.mark.parametrize(
    ("data_format", "length_dim1", "length_dim2", "length_dim3"),
    list(itertools.product(DATA_FORMATS, [2, 3], [2], [3])),
)
def test_upsampling_3d(data_format, length_dim1, length_dim2, length_dim3) -> None:
    num_samples = 2
    stack_size = 2
    input_len_dim1 = 10
    input_len_dim2 = 11
    input_len_dim3 = 12

    if data_format == "channels_first":
        inputs = _RNG.random((num_samples, stack_size, input_len_dim1, input_len_dim2, input_len_dim3))
    else:
        inputs = _RNG.random((num_samples, input_len_dim1, input_len_dim2, input_len_dim3, stack_size))

    # basic test
    if data_format == "channels_first":
        expected_output_shape = (2, 2, 20, 22, 24)
    else:
        expected_output_shape = (2, 20, 22, 24, 2)

    check_weightless_layer(
        layers.UpSampling3D,
        init_kwargs={"size": (2, 2, 2), "data_format": data_format},
        input_shape=inputs.shape,
        expected_output_shape=expected_output_shape,
        supports_masking=False,
    )
    float32_output = layers.UpSampling3D(size=(2, 2, 2), data_format=data_format)(
        torch.zeros(inputs.shape, dtype=torch.float32)
    )
    assert float32_output.dtype == torch.float32

    layer = layers.UpSampling3D(size=(length_dim1, length_dim2, length_dim3), data_format=data_format)
    layer.build(inputs.shape)
    np_output = layer(inputs=torch.tensor(inputs))
    if data_format == "channels_first":
        assert np_output.shape[2] == length_dim1 * input_len_dim1
        assert np_output.shape[3] == length_dim2 * input_len_dim2
        assert np_output.shape[4] == length_dim3 * input_len_dim3
    else:  # tf
        assert np_output.shape[1] == length_dim1 * input_len_dim1
        assert np_output.shape[2] == length_dim2 * input_len_dim2
        assert np_output.shape[3] == length_dim3 * input_len_dim3

    # compare with numpy
    if data_format == "channels_first":
        expected_out = np.repeat(inputs, length_dim1, axis=2)
        expected_out = np.repeat(expected_out, length_dim2, axis=3)
        expected_out = np.repeat(expected_out, length_dim3, axis=4)
    else:  # tf
        expected_out = np.repeat(inputs, length_dim1, axis=1)
        expected_out = np.repeat(expected_out, length_dim2, axis=2)
        expected_out = np.repeat(expected_out, length_dim3, axis=3)

    assert_all_close(np_output, expected_out)


def test_upsampling_3d_correctness() -> None:
    input_shape = (2, 1, 2, 1, 3)
    x = np.arange(np.prod(input_shape)).reshape(input_shape)
    expected_output = np.array(
        [
            [
                [
                    [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]],
                    [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]],
                    [[3.0, 4.0, 5.0], [3.0, 4.0, 5.0]],
                    [[3.0, 4.0, 5.0], [3.0, 4.0, 5.0]],
                ],
                [
                    [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]],
                    [[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]],
                    [[3.0, 4.0, 5.0], [3.0, 4.0, 5.0]],
                    [[3.0, 4.0, 5.0], [3.0, 4.0, 5.0]],
                ],
            ],
            [
                [
                    [[6.0, 7.0, 8.0], [6.0, 7.0, 8.0]],
                    [[6.0, 7.0, 8.0], [6.0, 7.0, 8.0]],
                    [[9.0, 10.0, 11.0], [9.0, 10.0, 11.0]],
                    [[9.0, 10.0, 11.0], [9.0, 10.0, 11.0]],
                ],
                [
                    [[6.0, 7.0, 8.0], [6.0, 7.0, 8.0]],
                    [[6.0, 7.0, 8.0], [6.0, 7.0, 8.0]],
                    [[9.0, 10.0, 11.0], [9.0, 10.0, 11.0]],
                    [[9.0, 10.0, 11.0], [9.0, 10.0, 11.0]],
                ],
            ],
        ]
    )
    assert_all_close(layers.UpSampling3D(size=(2, 2, 2))(x), expected_output)
