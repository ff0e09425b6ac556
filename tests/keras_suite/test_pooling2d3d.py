"""Port of the 2-D and 3-D cases of ``keras/src/layers/pooling/max_pooling_test.py``,
``average_pooling_test.py``, ``global_average_pooling_test.py`` and
``global_max_pooling_test.py`` from keras-team/keras v3.15.1 (commit
250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's numpy references (``np_maxpool2d``,
``np_maxpool3d``, ``np_avgpool2d``, ``np_avgpool3d`` and the global ones), inputs and
tolerances unchanged. The 1-D max and global average cases are in test_pooling1d.py.

Not ported:
- ``assert_built_after_instantiation`` and ``run_mixed_precision_check``: Keras's harness.
  statefulrnn layers are built at their first call or from ``input_shape``, weightless ones
  included, and there is no mixed-precision policy.
- The 1-D cases of average_pooling_test.py and global_max_pooling_test.py (not asked of this
  port).
Changed:
- test_average_pooling2d_same_padding and test_average_pooling3d_same_padding run: Keras skips
  them on its torch backend only ("Same padding in Torch backend produces different results");
  statefulrnn gives Keras's TensorFlow-backend numbers, and Keras 3.15.1 on TensorFlow gives
  these references' numbers on all eight cases (checked).
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


def np_maxpool2d(x, pool_size, strides, padding, data_format):
    if data_format == "channels_first":
        x = x.transpose((0, 2, 3, 1))
    if isinstance(pool_size, int):
        pool_size = (pool_size, pool_size)
    if isinstance(strides, int):
        strides = (strides, strides)

    h_pool_size, w_pool_size = pool_size
    h_stride, w_stride = strides
    if padding == "same":
        n_batch, h_x, w_x, ch_x = x.shape
        h_padding = _same_padding(h_x, h_pool_size, h_stride)
        w_padding = _same_padding(w_x, w_pool_size, w_stride)
        npad = [(0, 0)] * x.ndim
        npad[1] = (0, h_padding)
        npad[2] = (0, w_padding)
        x = np.pad(x, pad_width=npad, mode="constant", constant_values=-np.inf)

    n_batch, h_x, w_x, ch_x = x.shape
    out_h = int((h_x - h_pool_size) / h_stride) + 1
    out_w = int((w_x - w_pool_size) / w_stride) + 1

    stride_shape = (n_batch, out_h, out_w, ch_x, *pool_size)
    strides = (
        x.strides[0],
        h_stride * x.strides[1],
        w_stride * x.strides[2],
        x.strides[3],
        x.strides[1],
        x.strides[2],
    )
    windows = as_strided(x, shape=stride_shape, strides=strides)
    out = np.max(windows, axis=(4, 5))
    if data_format == "channels_first":
        out = out.transpose((0, 3, 1, 2))
    return out


def np_maxpool3d(x, pool_size, strides, padding, data_format):
    if data_format == "channels_first":
        x = x.transpose((0, 2, 3, 4, 1))

    if isinstance(pool_size, int):
        pool_size = (pool_size, pool_size, pool_size)
    if isinstance(strides, int):
        strides = (strides, strides, strides)

    h_pool_size, w_pool_size, d_pool_size = pool_size
    h_stride, w_stride, d_stride = strides

    if padding == "same":
        n_batch, h_x, w_x, d_x, ch_x = x.shape
        h_padding = _same_padding(h_x, h_pool_size, h_stride)
        w_padding = _same_padding(w_x, w_pool_size, w_stride)
        d_padding = _same_padding(d_x, d_pool_size, d_stride)
        npad = [(0, 0)] * x.ndim
        npad[1] = (0, h_padding)
        npad[2] = (0, w_padding)
        npad[3] = (0, d_padding)
        x = np.pad(x, pad_width=npad, mode="constant", constant_values=-np.inf)

    n_batch, h_x, w_x, d_x, ch_x = x.shape
    out_h = int((h_x - h_pool_size) / h_stride) + 1
    out_w = int((w_x - w_pool_size) / w_stride) + 1
    out_d = int((d_x - d_pool_size) / d_stride) + 1

    stride_shape = (n_batch, out_h, out_w, out_d, ch_x, *pool_size)
    strides = (
        x.strides[0],
        h_stride * x.strides[1],
        w_stride * x.strides[2],
        d_stride * x.strides[3],
        x.strides[4],
        x.strides[1],
        x.strides[2],
        x.strides[3],
    )
    windows = as_strided(x, shape=stride_shape, strides=strides)
    out = np.max(windows, axis=(5, 6, 7))
    if data_format == "channels_first":
        out = out.transpose((0, 4, 1, 2, 3))
    return out


def np_avgpool2d(x, pool_size, strides, padding, data_format):
    if data_format == "channels_first":
        x = x.transpose((0, 2, 3, 1))
    if isinstance(pool_size, int):
        pool_size = (pool_size, pool_size)
    if isinstance(strides, int):
        strides = (strides, strides)

    h_pool_size, w_pool_size = pool_size
    h_stride, w_stride = strides
    if padding == "same":
        n_batch, h_x, w_x, ch_x = x.shape
        h_padding = _same_padding(h_x, h_pool_size, h_stride)
        w_padding = _same_padding(w_x, w_pool_size, w_stride)
        npad = [(0, 0)] * x.ndim
        npad[1] = (0, h_padding)
        npad[2] = (0, w_padding)
        x = np.pad(x, pad_width=npad, mode="edge")

    n_batch, h_x, w_x, ch_x = x.shape
    out_h = int((h_x - h_pool_size) / h_stride) + 1
    out_w = int((w_x - w_pool_size) / w_stride) + 1

    stride_shape = (n_batch, out_h, out_w, ch_x, *pool_size)
    strides = (
        x.strides[0],
        h_stride * x.strides[1],
        w_stride * x.strides[2],
        x.strides[3],
        x.strides[1],
        x.strides[2],
    )
    windows = as_strided(x, shape=stride_shape, strides=strides)
    out = np.mean(windows, axis=(4, 5))
    if data_format == "channels_first":
        out = out.transpose((0, 3, 1, 2))
    return out


def np_avgpool3d(x, pool_size, strides, padding, data_format):
    if data_format == "channels_first":
        x = x.transpose((0, 2, 3, 4, 1))

    if isinstance(pool_size, int):
        pool_size = (pool_size, pool_size, pool_size)
    if isinstance(strides, int):
        strides = (strides, strides, strides)

    h_pool_size, w_pool_size, d_pool_size = pool_size
    h_stride, w_stride, d_stride = strides

    if padding == "same":
        n_batch, h_x, w_x, d_x, ch_x = x.shape
        h_padding = _same_padding(h_x, h_pool_size, h_stride)
        w_padding = _same_padding(w_x, w_pool_size, w_stride)
        d_padding = _same_padding(d_x, d_pool_size, d_stride)
        npad = [(0, 0)] * x.ndim
        npad[1] = (0, h_padding)
        npad[2] = (0, w_padding)
        npad[3] = (0, d_padding)
        x = np.pad(x, pad_width=npad, mode="symmetric")

    n_batch, h_x, w_x, d_x, ch_x = x.shape
    out_h = int((h_x - h_pool_size) / h_stride) + 1
    out_w = int((w_x - w_pool_size) / w_stride) + 1
    out_d = int((d_x - d_pool_size) / d_stride) + 1

    stride_shape = (n_batch, out_h, out_w, out_d, ch_x, *pool_size)
    strides = (
        x.strides[0],
        h_stride * x.strides[1],
        w_stride * x.strides[2],
        d_stride * x.strides[3],
        x.strides[4],
        x.strides[1],
        x.strides[2],
        x.strides[3],
    )
    windows = as_strided(x, shape=stride_shape, strides=strides)
    out = np.mean(windows, axis=(5, 6, 7))
    if data_format == "channels_first":
        out = out.transpose((0, 4, 1, 2, 3))
    return out


def _check_pooling(layer_cls, pool_size, strides, padding, data_format, input_shape, output_shape):
    check_layer(
        layer_cls,
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


# MaxPoolingBasicTest


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format", "input_shape", "output_shape"),
    [
        (2, 1, "valid", "channels_last", (3, 5, 5, 4), (3, 4, 4, 4)),
        (2, 1, "same", "channels_first", (3, 5, 5, 4), (3, 5, 5, 4)),
        ((2, 3), (2, 2), "valid", "channels_last", (3, 5, 5, 4), (3, 2, 2, 4)),
    ],
)
def test_max_pooling2d_basic(pool_size, strides, padding, data_format, input_shape, output_shape) -> None:
    _check_pooling(layers.MaxPooling2D, pool_size, strides, padding, data_format, input_shape, output_shape)


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format", "input_shape", "output_shape"),
    [
        (2, 1, "valid", "channels_last", (3, 5, 5, 5, 4), (3, 4, 4, 4, 4)),
        (2, 1, "same", "channels_first", (3, 5, 5, 5, 4), (3, 5, 5, 5, 4)),
        ((2, 3, 2), (2, 2, 1), "valid", "channels_last", (3, 5, 5, 5, 4), (3, 2, 2, 4, 4)),
    ],
)
def test_max_pooling3d_basic(pool_size, strides, padding, data_format, input_shape, output_shape) -> None:
    _check_pooling(layers.MaxPooling3D, pool_size, strides, padding, data_format, input_shape, output_shape)


# MaxPoolingCorrectnessTest


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        (2, 1, "valid", "channels_last"),
        (2, 1, "valid", "channels_first"),
        ((2, 2), (2, 2), "same", "channels_last"),
        ((2, 2), (2, 2), "same", "channels_first"),
        ((2, 3), (3, 3), "same", "channels_last"),
    ],
)
def test_max_pooling2d(pool_size, strides, padding, data_format) -> None:
    inputs = np.arange(100, dtype="float32").reshape((1, 5, 5, 4))

    layer = layers.MaxPooling2D(
        pool_size=pool_size, strides=strides, padding=padding, data_format=data_format
    )
    outputs = layer(inputs)
    expected = np_maxpool2d(inputs, pool_size, strides, padding, data_format)
    assert_all_close(outputs, expected)


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        (2, 1, "valid", "channels_last"),
        (2, 1, "same", "channels_first"),
        ((2, 3, 2), (2, 2, 1), "valid", "channels_last"),
        ((2, 3, 2), (2, 2, 1), "valid", "channels_first"),
    ],
)
def test_max_pooling3d(pool_size, strides, padding, data_format) -> None:
    inputs = np.arange(240, dtype="float32").reshape((2, 3, 4, 5, 2))

    layer = layers.MaxPooling3D(
        pool_size=pool_size, strides=strides, padding=padding, data_format=data_format
    )
    outputs = layer(inputs)
    expected = np_maxpool3d(inputs, pool_size, strides, padding, data_format)
    assert_all_close(outputs, expected)


# AveragePoolingBasicTest


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format", "input_shape", "output_shape"),
    [
        (2, 1, "valid", "channels_last", (3, 5, 5, 4), (3, 4, 4, 4)),
        (2, 1, "same", "channels_last", (3, 5, 5, 4), (3, 5, 5, 4)),
        (2, 1, "valid", "channels_first", (3, 5, 5, 4), (3, 5, 4, 3)),
        (2, 1, "same", "channels_first", (3, 5, 5, 4), (3, 5, 5, 4)),
        ((2, 3), (2, 2), "valid", "channels_last", (3, 5, 5, 4), (3, 2, 2, 4)),
        ((2, 3), (2, 2), "same", "channels_last", (3, 5, 5, 4), (3, 3, 3, 4)),
        ((2, 3), (3, 3), "same", "channels_first", (3, 5, 5, 4), (3, 5, 2, 2)),
    ],
)
def test_average_pooling2d_basic(pool_size, strides, padding, data_format, input_shape, output_shape) -> None:
    _check_pooling(
        layers.AveragePooling2D, pool_size, strides, padding, data_format, input_shape, output_shape
    )


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format", "input_shape", "output_shape"),
    [
        (2, 1, "valid", "channels_last", (3, 5, 5, 5, 4), (3, 4, 4, 4, 4)),
        (2, 1, "same", "channels_first", (3, 5, 5, 5, 4), (3, 5, 5, 5, 4)),
        ((2, 3, 2), (2, 2, 1), "valid", "channels_last", (3, 5, 5, 5, 4), (3, 2, 2, 4, 4)),
    ],
)
def test_average_pooling3d_basic(pool_size, strides, padding, data_format, input_shape, output_shape) -> None:
    _check_pooling(
        layers.AveragePooling3D, pool_size, strides, padding, data_format, input_shape, output_shape
    )


# AveragePoolingCorrectnessTest


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        (2, 1, "valid", "channels_last"),
        ((2, 3), (2, 2), "valid", "channels_last"),
    ],
)
def test_average_pooling2d(pool_size, strides, padding, data_format) -> None:
    inputs = np.arange(16, dtype="float32").reshape((1, 4, 4, 1))
    layer = layers.AveragePooling2D(
        pool_size=pool_size, strides=strides, padding=padding, data_format=data_format
    )
    outputs = layer(inputs)
    expected = np_avgpool2d(inputs, pool_size, strides, padding, data_format)
    assert_all_close(outputs, expected)


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        (2, (2, 1), "same", "channels_last"),
        (2, (2, 1), "same", "channels_first"),
        ((2, 2), (2, 2), "same", "channels_last"),
        ((2, 2), (2, 2), "same", "channels_first"),
    ],
)
def test_average_pooling2d_same_padding(pool_size, strides, padding, data_format) -> None:
    inputs = np.arange(16, dtype="float32").reshape((1, 4, 4, 1))
    layer = layers.AveragePooling2D(
        pool_size=pool_size, strides=strides, padding=padding, data_format=data_format
    )
    outputs = layer(inputs)
    expected = np_avgpool2d(inputs, pool_size, strides, padding, data_format)
    assert_all_close(outputs, expected)


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        (2, 1, "valid", "channels_last"),
        (2, 1, "valid", "channels_first"),
        ((2, 3, 2), (2, 2, 1), "valid", "channels_last"),
        ((2, 3, 2), (2, 2, 1), "valid", "channels_first"),
    ],
)
def test_average_pooling3d(pool_size, strides, padding, data_format) -> None:
    inputs = np.arange(240, dtype="float32").reshape((2, 3, 4, 5, 2))

    layer = layers.AveragePooling3D(
        pool_size=pool_size, strides=strides, padding=padding, data_format=data_format
    )
    outputs = layer(inputs)
    expected = np_avgpool3d(inputs, pool_size, strides, padding, data_format)
    assert_all_close(outputs, expected)


@pytest.mark.parametrize(
    ("pool_size", "strides", "padding", "data_format"),
    [
        (2, 1, "same", "channels_last"),
        (2, 1, "same", "channels_first"),
        ((2, 2, 2), (2, 2, 1), "same", "channels_last"),
        ((2, 2, 2), (2, 2, 1), "same", "channels_first"),
    ],
)
def test_average_pooling3d_same_padding(pool_size, strides, padding, data_format) -> None:
    inputs = np.arange(240, dtype="float32").reshape((2, 3, 4, 5, 2))

    layer = layers.AveragePooling3D(
        pool_size=pool_size, strides=strides, padding=padding, data_format=data_format
    )
    outputs = layer(inputs)
    expected = np_avgpool3d(inputs, pool_size, strides, padding, data_format)
    assert_all_close(outputs, expected)


# GlobalAveragePoolingBasicTest and GlobalMaxPoolingBasicTest


def _check_global(layer_cls, data_format, keepdims, input_shape, output_shape) -> None:
    check_layer(
        layer_cls,
        init_kwargs={"data_format": data_format, "keepdims": keepdims},
        input_shape=input_shape,
        expected_output_shape=output_shape,
        expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        expected_num_losses=0,
        supports_masking=False,
    )


GLOBAL_2D_BASIC = [
    ("channels_last", False, (3, 5, 6, 4), (3, 4)),
    ("channels_last", True, (3, 5, 6, 4), (3, 1, 1, 4)),
    ("channels_first", False, (3, 5, 6, 4), (3, 5)),
]
GLOBAL_3D_BASIC = [
    ("channels_last", False, (3, 5, 6, 5, 4), (3, 4)),
    ("channels_last", True, (3, 5, 6, 5, 4), (3, 1, 1, 1, 4)),
    ("channels_first", False, (3, 5, 6, 5, 4), (3, 5)),
]
_GLOBAL_BASIC_ARGS = ("data_format", "keepdims", "input_shape", "output_shape")


@pytest.mark.parametrize(_GLOBAL_BASIC_ARGS, GLOBAL_2D_BASIC)
def test_global_average_pooling2d_basic(data_format, keepdims, input_shape, output_shape) -> None:
    _check_global(layers.GlobalAveragePooling2D, data_format, keepdims, input_shape, output_shape)


@pytest.mark.parametrize(_GLOBAL_BASIC_ARGS, GLOBAL_3D_BASIC)
def test_global_average_pooling3d_basic(data_format, keepdims, input_shape, output_shape) -> None:
    _check_global(layers.GlobalAveragePooling3D, data_format, keepdims, input_shape, output_shape)


@pytest.mark.parametrize(_GLOBAL_BASIC_ARGS, GLOBAL_2D_BASIC)
def test_global_max_pooling2d_basic(data_format, keepdims, input_shape, output_shape) -> None:
    _check_global(layers.GlobalMaxPooling2D, data_format, keepdims, input_shape, output_shape)


@pytest.mark.parametrize(_GLOBAL_BASIC_ARGS, GLOBAL_3D_BASIC)
def test_global_max_pooling3d_basic(data_format, keepdims, input_shape, output_shape) -> None:
    _check_global(layers.GlobalMaxPooling3D, data_format, keepdims, input_shape, output_shape)


# GlobalAveragePoolingCorrectnessTest and GlobalMaxPoolingCorrectnessTest

_FORMATS_KEEPDIMS = [
    ("channels_last", False),
    ("channels_last", True),
    ("channels_first", False),
    ("channels_first", True),
]


@pytest.mark.parametrize(("data_format", "keepdims"), _FORMATS_KEEPDIMS)
def test_global_average_pooling2d(data_format, keepdims) -> None:
    def np_gap2d(x, data_format, keepdims):
        steps_axis = [1, 2] if data_format == "channels_last" else [2, 3]
        res = np.apply_over_axes(np.mean, x, steps_axis)
        if not keepdims:
            res = res.squeeze()
        return res

    inputs = np.arange(96, dtype="float32").reshape((2, 3, 4, 4))
    layer = layers.GlobalAveragePooling2D(data_format=data_format, keepdims=keepdims)
    outputs = layer(inputs)
    expected = np_gap2d(inputs, data_format, keepdims)
    assert_all_close(outputs, expected)


@pytest.mark.parametrize(("data_format", "keepdims"), _FORMATS_KEEPDIMS)
def test_global_average_pooling3d(data_format, keepdims) -> None:
    def np_gap3d(x, data_format, keepdims):
        steps_axis = [1, 2, 3] if data_format == "channels_last" else [2, 3, 4]
        res = np.apply_over_axes(np.mean, x, steps_axis)
        if not keepdims:
            res = res.squeeze()
        return res

    inputs = np.arange(360, dtype="float32").reshape((2, 3, 3, 5, 4))
    layer = layers.GlobalAveragePooling3D(data_format=data_format, keepdims=keepdims)
    outputs = layer(inputs)
    expected = np_gap3d(inputs, data_format, keepdims)
    assert_all_close(outputs, expected)


@pytest.mark.parametrize(("data_format", "keepdims"), _FORMATS_KEEPDIMS)
def test_global_max_pooling2d(data_format, keepdims) -> None:
    def np_global_max_pool2d(x, data_format, keepdims):
        steps_axis = [1, 2] if data_format == "channels_last" else [2, 3]
        res = np.apply_over_axes(np.max, x, steps_axis)
        if not keepdims:
            res = res.squeeze()
        return res

    inputs = np.arange(96, dtype="float32").reshape((2, 3, 4, 4))
    layer = layers.GlobalMaxPooling2D(data_format=data_format, keepdims=keepdims)
    outputs = layer(inputs)
    expected = np_global_max_pool2d(inputs, data_format, keepdims)
    assert_all_close(outputs, expected)


@pytest.mark.parametrize(("data_format", "keepdims"), _FORMATS_KEEPDIMS)
def test_global_max_pooling3d(data_format, keepdims) -> None:
    def np_global_max_pool3d(x, data_format, keepdims):
        steps_axis = [1, 2, 3] if data_format == "channels_last" else [2, 3, 4]
        res = np.apply_over_axes(np.max, x, steps_axis)
        if not keepdims:
            res = res.squeeze()
        return res

    inputs = np.arange(360, dtype="float32").reshape((2, 3, 3, 5, 4))
    layer = layers.GlobalMaxPooling3D(data_format=data_format, keepdims=keepdims)
    outputs = layer(inputs)
    expected = np_global_max_pool3d(inputs, data_format, keepdims)
    assert_all_close(outputs, expected)
