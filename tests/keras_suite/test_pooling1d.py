"""Port of the 1-D cases of ``keras/src/layers/pooling/max_pooling_test.py`` and
``keras/src/layers/pooling/global_average_pooling_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's numpy references
(``np_maxpool1d``, ``np_gap1d``), inputs and tolerances unchanged.

Not ported:
- Every 2-D and 3-D case (``test_max_pooling2d``, ``test_max_pooling3d``,
  ``test_global_average_pooling2d``, ``test_global_average_pooling3d`` and their numpy
  references): they are ported in test_pooling2d3d.py.
- ``assert_built_after_instantiation`` and ``run_mixed_precision_check``: Keras's harness.
  statefulrnn layers are built at their first call or from ``input_shape``, weightless ones
  included, and there is no mixed-precision policy.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

from statefulrnn import layers

from .layer_checks import assert_all_close, check_layer


def _same_padding(input_size, pool_size, stride):
    if input_size % stride == 0:
        return max(pool_size - stride, 0)
    else:
        return max(pool_size - (input_size % stride), 0)


def np_maxpool1d(x, pool_size, strides, padding, data_format):
    if data_format == "channels_first":
        x = x.swapaxes(1, 2)
    if isinstance(pool_size, (tuple, list)):
        pool_size = pool_size[0]
    if isinstance(strides, (tuple, list)):
        h_stride = strides[0]
    else:
        h_stride = strides

    if padding == "same":
        n_batch, h_x, ch_x = x.shape
        pad_value = _same_padding(h_x, pool_size, h_stride)
        npad = [(0, 0)] * x.ndim
        npad[1] = (0, pad_value)
        x = np.pad(x, pad_width=npad, mode="constant", constant_values=-np.inf)

    n_batch, h_x, ch_x = x.shape
    out_h = int((h_x - pool_size) / h_stride) + 1

    stride_shape = (n_batch, out_h, ch_x, pool_size)
    strides = (x.strides[0], h_stride * x.strides[1], x.strides[2], x.strides[1])
    windows = as_strided(x, shape=stride_shape, strides=strides)
    out = np.max(windows, axis=(3,))
    if data_format == "channels_first":
        out = out.swapaxes(1, 2)
    return out


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format", "input_shape", "output_shape"),
    [
        (2, 1, "valid", "channels_last", (3, 5, 4), (3, 4, 4)),
        (2, 1, "same", "channels_first", (3, 5, 4), (3, 5, 4)),
        ((2,), (2,), "valid", "channels_last", (3, 5, 4), (3, 2, 4)),
    ],
)
def test_max_pooling1d_basic(pool_size, strides, padding, data_format, input_shape, output_shape) -> None:
    check_layer(
        layers.MaxPooling1D,
        init_kwargs={
            "pool_size": pool_size,
            "strides": strides,
            "padding": padding,
            "data_format": data_format,
        },
        input_shape=input_shape,
        expected_output_shape=output_shape,
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        expected_num_losses=0,
        supports_masking=False,
    )


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        (2, 1, "valid", "channels_last"),
        (2, 1, "valid", "channels_first"),
        (2, 1, "same", "channels_last"),
        (2, 1, "same", "channels_first"),
        ((2,), (2,), "valid", "channels_last"),
        ((2,), (2,), "valid", "channels_first"),
    ],
)
def test_max_pooling1d(pool_size, strides, padding, data_format) -> None:
    inputs = np.arange(24, dtype="float32").reshape((2, 3, 4))

    layer = layers.MaxPooling1D(
        pool_size=pool_size, strides=strides, padding=padding, data_format=data_format
    )
    outputs = layer(inputs)
    expected = np_maxpool1d(inputs, pool_size, strides, padding, data_format)
    assert_all_close(outputs, expected)


@pytest.mark.parametrize(
    ("data_format", "keepdims", "input_shape", "output_shape"),
    [
        ("channels_last", False, (3, 5, 4), (3, 4)),
        ("channels_last", True, (3, 5, 4), (3, 1, 4)),
        ("channels_first", False, (3, 5, 4), (3, 5)),
    ],
)
def test_global_average_pooling1d_basic(data_format, keepdims, input_shape, output_shape) -> None:
    check_layer(
        layers.GlobalAveragePooling1D,
        init_kwargs={"data_format": data_format, "keepdims": keepdims},
        input_shape=input_shape,
        expected_output_shape=output_shape,
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        expected_num_losses=0,
        supports_masking=True,
    )


@pytest.mark.parametrize(
    ("data_format", "keepdims"),
    [("channels_last", False), ("channels_last", True), ("channels_first", False), ("channels_first", True)],
)
def test_global_average_pooling1d(data_format, keepdims) -> None:
    def np_gap1d(x, data_format, keepdims, mask=None):
        steps_axis = 1 if data_format == "channels_last" else 2
        if mask is not None:
            mask = np.expand_dims(mask, 2 if data_format == "channels_last" else 1)
            x *= mask
            res = np.sum(x, axis=steps_axis) / np.sum(mask, axis=steps_axis)
        else:
            res = np.mean(x, axis=steps_axis)
        if keepdims:
            res = np.expand_dims(res, axis=steps_axis)
        return res

    inputs = np.arange(24, dtype="float32").reshape((2, 3, 4))
    layer = layers.GlobalAveragePooling1D(data_format=data_format, keepdims=keepdims)
    outputs = layer(inputs)
    expected = np_gap1d(inputs, data_format, keepdims)
    assert_all_close(outputs, expected)

    if data_format == "channels_last":
        mask = np.array([[1, 1, 0], [0, 1, 0]], dtype="int32")
    else:
        mask = np.array([[1, 1, 0, 0], [0, 1, 0, 1]], dtype="int32")
    outputs = layer(inputs, mask)
    expected = np_gap1d(inputs, data_format, keepdims, mask)
    assert_all_close(outputs, expected)
