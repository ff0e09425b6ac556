"""Port of the Conv2D and Conv3D cases of ``keras/src/layers/convolutional/conv_test.py`` from
keras-team/keras v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's numpy
references (``np_conv2d``, ``np_conv3d``), inputs and tolerances unchanged (``tpu_atol``/
``tpu_rtol`` dropped: no TPU here). Keras draws its inputs and weights from an unseeded
``np.random``; here the generator is seeded. The Conv1D cases are in test_conv1d.py.

Not ported:
- test_enable_lora's Conv2D and Conv3D cases, test_lora_weight_name, test_enable_lora_with_alpha,
  test_lora_rank_argument: LoRA fine-tuning is not part of statefulrnn.
Changed:
- test_bad_init_args: its first case (``Conv1D(filters=0)``) is already in test_conv1d.py; the
  Conv2D cases are here, Keras's messages unchanged.
- test_conv_constraints: ``layer.kernel.constraint`` -> ``layer.kernel_constraint`` (and the
  bias's): the weights are PyTorch Parameters, the layer keeps their constraints.
- ``layer.kernel.assign`` / ``layer.bias.assign`` -> ``layer.set_weights``.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

from statefulrnn import constraints, layers

from .layer_checks import assert_all_close, check_layer


def _same_padding(input_size, kernel_size, stride):
    if input_size % stride == 0:
        padding = max(kernel_size - stride, 0)
    else:
        padding = max(kernel_size - (input_size % stride), 0)
    return padding // 2, padding - padding // 2


def np_conv2d(x, kernel_weights, bias_weights, strides, padding, data_format, dilation_rate, groups):
    if data_format == "channels_first":
        x = x.transpose((0, 2, 3, 1))
    if isinstance(strides, (tuple, list)):
        h_stride, w_stride = strides
    else:
        h_stride = strides
        w_stride = strides
    if isinstance(dilation_rate, (tuple, list)):
        h_dilation, w_dilation = dilation_rate
    else:
        h_dilation = dilation_rate
        w_dilation = dilation_rate
    h_kernel, w_kernel, ch_in, ch_out = kernel_weights.shape

    if h_dilation > 1 or w_dilation > 1:
        new_h_kernel = h_kernel + (h_dilation - 1) * (h_kernel - 1)
        new_w_kernel = w_kernel + (w_dilation - 1) * (w_kernel - 1)
        new_kenel_size_tuple = (new_h_kernel, new_w_kernel)
        new_kernel_weights = np.zeros((*new_kenel_size_tuple, ch_in, ch_out), dtype=kernel_weights.dtype)
        new_kernel_weights[::h_dilation, ::w_dilation] = kernel_weights
        kernel_weights = new_kernel_weights
        h_kernel, w_kernel = kernel_weights.shape[:2]

    if padding == "same":
        n_batch, h_x, w_x, _ = x.shape
        h_pad = _same_padding(h_x, h_kernel, h_stride)
        w_pad = _same_padding(w_x, w_kernel, w_stride)
        npad = [(0, 0)] * x.ndim
        npad[1] = h_pad
        npad[2] = w_pad
        x = np.pad(x, pad_width=npad, mode="constant", constant_values=0)

    n_batch, h_x, w_x, _ = x.shape
    h_out = int((h_x - h_kernel) / h_stride) + 1
    w_out = int((w_x - w_kernel) / w_stride) + 1

    out_grps = []
    for grp in range(1, groups + 1):
        x_in = x[..., (grp - 1) * ch_in : grp * ch_in]
        stride_shape = (n_batch, h_out, w_out, h_kernel, w_kernel, ch_in)
        strides = (
            x_in.strides[0],
            h_stride * x_in.strides[1],
            w_stride * x_in.strides[2],
            x_in.strides[1],
            x_in.strides[2],
            x_in.strides[3],
        )
        inner_dim = h_kernel * w_kernel * ch_in
        x_strided = as_strided(x_in, shape=stride_shape, strides=strides).reshape(-1, inner_dim)
        ch_out_groups = ch_out // groups
        kernel_weights_grp = kernel_weights[..., (grp - 1) * ch_out_groups : grp * ch_out_groups].reshape(
            -1, ch_out_groups
        )
        bias_weights_grp = bias_weights[..., (grp - 1) * ch_out_groups : grp * ch_out_groups]
        out_grps.append(x_strided @ kernel_weights_grp + bias_weights_grp)
    out = np.concatenate(out_grps, axis=-1).reshape(n_batch, h_out, w_out, ch_out)
    if data_format == "channels_first":
        out = out.transpose((0, 3, 1, 2))
    return out


def np_conv3d(x, kernel_weights, bias_weights, strides, padding, data_format, dilation_rate, groups):
    if data_format == "channels_first":
        x = x.transpose((0, 2, 3, 4, 1))
    if isinstance(strides, (tuple, list)):
        h_stride, w_stride, d_stride = strides
    else:
        h_stride = strides
        w_stride = strides
        d_stride = strides
    if isinstance(dilation_rate, (tuple, list)):
        h_dilation, w_dilation, d_dilation = dilation_rate
    else:
        h_dilation = dilation_rate
        w_dilation = dilation_rate
        d_dilation = dilation_rate

    h_kernel, w_kernel, d_kernel, ch_in, ch_out = kernel_weights.shape

    if h_dilation > 1 or w_dilation > 1 or d_dilation > 1:
        new_h_kernel = h_kernel + (h_dilation - 1) * (h_kernel - 1)
        new_w_kernel = w_kernel + (w_dilation - 1) * (w_kernel - 1)
        new_d_kernel = d_kernel + (d_dilation - 1) * (d_kernel - 1)
        new_kenel_size_tuple = (new_h_kernel, new_w_kernel, new_d_kernel)
        new_kernel_weights = np.zeros((*new_kenel_size_tuple, ch_in, ch_out), dtype=kernel_weights.dtype)
        new_kernel_weights[::h_dilation, ::w_dilation, ::d_dilation] = kernel_weights
        kernel_weights = new_kernel_weights
        h_kernel, w_kernel, d_kernel = kernel_weights.shape[:3]

    if padding == "same":
        n_batch, h_x, w_x, d_x, _ = x.shape
        h_pad = _same_padding(h_x, h_kernel, h_stride)
        w_pad = _same_padding(w_x, w_kernel, w_stride)
        d_pad = _same_padding(d_x, d_kernel, d_stride)
        npad = [(0, 0)] * x.ndim
        npad[1] = h_pad
        npad[2] = w_pad
        npad[3] = d_pad
        x = np.pad(x, pad_width=npad, mode="constant", constant_values=0)

    n_batch, h_x, w_x, d_x, _ = x.shape
    h_out = int((h_x - h_kernel) / h_stride) + 1
    w_out = int((w_x - w_kernel) / w_stride) + 1
    d_out = int((d_x - d_kernel) / d_stride) + 1

    out_grps = []
    for grp in range(1, groups + 1):
        x_in = x[..., (grp - 1) * ch_in : grp * ch_in]
        stride_shape = (n_batch, h_out, w_out, d_out, h_kernel, w_kernel, d_kernel, ch_in)
        strides = (
            x_in.strides[0],
            h_stride * x_in.strides[1],
            w_stride * x_in.strides[2],
            d_stride * x_in.strides[3],
            x_in.strides[1],
            x_in.strides[2],
            x_in.strides[3],
            x_in.strides[4],
        )
        inner_dim = h_kernel * w_kernel * d_kernel * ch_in
        x_strided = as_strided(x_in, shape=stride_shape, strides=strides).reshape(-1, inner_dim)
        ch_out_groups = ch_out // groups
        kernel_weights_grp = kernel_weights[..., (grp - 1) * ch_out_groups : grp * ch_out_groups].reshape(
            -1, ch_out_groups
        )
        bias_weights_grp = bias_weights[..., (grp - 1) * ch_out_groups : grp * ch_out_groups]
        out_grps.append(x_strided @ kernel_weights_grp + bias_weights_grp)
    out = np.concatenate(out_grps, axis=-1).reshape(n_batch, h_out, w_out, d_out, ch_out)
    if data_format == "channels_first":
        out = out.transpose((0, 4, 1, 2, 3))
    return out


CONV2D_BASIC_CASES = [
    dict(filters=5, kernel_size=2, strides=1, padding="valid", data_format="channels_last",
         dilation_rate=1, groups=1, input_shape=(3, 5, 5, 4), output_shape=(3, 4, 4, 5)),
    dict(filters=6, kernel_size=2, strides=1, padding="same", data_format="channels_last",
         dilation_rate=(2, 2), groups=2, input_shape=(3, 4, 4, 4), output_shape=(3, 4, 4, 6)),
    dict(filters=6, kernel_size=(2, 2), strides=(2, 1), padding="valid", data_format="channels_last",
         dilation_rate=(1, 1), groups=2, input_shape=(3, 5, 5, 4), output_shape=(3, 2, 4, 6)),
]  # fmt: skip

CONV3D_BASIC_CASES = [
    dict(filters=5, kernel_size=2, strides=1, padding="valid", data_format="channels_last",
         dilation_rate=1, groups=1, input_shape=(3, 5, 5, 5, 4), output_shape=(3, 4, 4, 4, 5)),
    dict(filters=6, kernel_size=2, strides=1, padding="same", data_format="channels_last",
         dilation_rate=(2, 2, 2), groups=2, input_shape=(3, 4, 4, 4, 4), output_shape=(3, 4, 4, 4, 6)),
    dict(filters=6, kernel_size=(2, 2, 3), strides=(2, 1, 2), padding="valid", data_format="channels_last",
         dilation_rate=(1, 1, 1), groups=2, input_shape=(3, 5, 5, 5, 4), output_shape=(3, 2, 4, 2, 6)),
]  # fmt: skip


def _basic(layer_cls: type, case: dict) -> None:
    init_kwargs = {key: case[key] for key in case if key not in ("input_shape", "output_shape")}
    check_layer(
        layer_cls,
        init_kwargs=init_kwargs,
        input_shape=case["input_shape"],
        expected_output_shape=case["output_shape"],
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=0,
        expected_num_losses=0,
        supports_masking=False,
    )


@pytest.mark.parametrize("case", CONV2D_BASIC_CASES)
def test_conv2d_basic(case: dict) -> None:
    _basic(layers.Conv2D, case)


@pytest.mark.parametrize("case", CONV3D_BASIC_CASES)
def test_conv3d_basic(case: dict) -> None:
    _basic(layers.Conv3D, case)


def test_bad_init_args() -> None:
    # `kernel_size` has 0.
    with pytest.raises(
        ValueError,
        match=r"The `kernel_size` argument must be a tuple of \d+ "
        r"integers. Received kernel_size=\(1, 0\), including values \{0\} "
        r"that do not satisfy `value > 0`",
    ):
        layers.Conv2D(filters=2, kernel_size=(1, 0))

    # `strides` has 0.
    with pytest.raises(
        ValueError,
        match=r"The `strides` argument must be a tuple of \d+ "
        r"integers. Received strides=\(1, 0\), including values \{0\} that "
        r"do not satisfy `value > 0`",
    ):
        layers.Conv2D(filters=2, kernel_size=(2, 2), strides=(1, 0))

    # `dilation_rate > 1` while `strides > 1`.
    with pytest.raises(
        ValueError,
        match=r"`strides > 1` not supported in conjunction with "
        r"`dilation_rate > 1`. Received: strides=\(2, 2\) and "
        r"dilation_rate=\(2, 1\)",
    ):
        layers.Conv2D(filters=2, kernel_size=(2, 2), strides=2, dilation_rate=(2, 1))

    # `groups` is not strictly positive.
    with pytest.raises(
        ValueError, match=r"The number of groups must be a positive integer. Received: groups=0."
    ):
        layers.Conv2D(filters=5, kernel_size=(2, 2), groups=0)

    # `filters` cannot be divided by `groups`.
    with pytest.raises(
        ValueError,
        match=r"The number of filters must be evenly divisible by the number of groups. "
        r"Received: groups=2, filters=5.",
    ):
        layers.Conv2D(filters=5, kernel_size=(2, 2), groups=2)


@pytest.mark.parametrize(
    ("layer_cls", "input_shape", "kernel_size", "dilation_rate"),
    [
        (layers.Conv2D, (10, 10, 3), (2, 2), (10, 10)),
        (layers.Conv3D, (10, 10, 10, 3), (2, 2, 2), (10, 10, 10)),
    ],
)
def test_conv_symbolic_invalid_configuration(layer_cls, input_shape, kernel_size, dilation_rate) -> None:
    inputs = layers.Input(shape=input_shape)
    layer = layer_cls(filters=1, kernel_size=kernel_size, dilation_rate=dilation_rate)
    with pytest.raises(ValueError):
        layer(inputs)


CONV2D_CASES = [
    dict(filters=5, kernel_size=2, strides=1, padding="valid", data_format="channels_last",
         dilation_rate=1, groups=1),
    dict(filters=4, kernel_size=3, strides=2, padding="same", data_format="channels_last",
         dilation_rate=1, groups=1),
    dict(filters=6, kernel_size=2, strides=1, padding="same", data_format="channels_last",
         dilation_rate=(2, 2), groups=2),
    dict(filters=6, kernel_size=2, strides=1, padding="same", data_format="channels_last",
         dilation_rate=(2, 3), groups=2),
    dict(filters=6, kernel_size=(4, 3), strides=(2, 1), padding="valid", data_format="channels_last",
         dilation_rate=(1, 1), groups=2),
    dict(filters=6, kernel_size=(4, 3), strides=(2, 1), padding="valid", data_format="channels_first",
         dilation_rate=(1, 1), groups=2),
]  # fmt: skip

CONV3D_CASES = [
    dict(filters=5, kernel_size=2, strides=1, padding="valid", data_format="channels_last",
         dilation_rate=1, groups=1),
    dict(filters=6, kernel_size=2, strides=1, padding="same", data_format="channels_last",
         dilation_rate=(2, 2, 2), groups=2),
    dict(filters=6, kernel_size=2, strides=1, padding="same", data_format="channels_last",
         dilation_rate=(2, 3, 4), groups=2),
    dict(filters=6, kernel_size=(2, 2, 3), strides=(2, 1, 2), padding="valid", data_format="channels_last",
         dilation_rate=(1, 1, 1), groups=2),
    dict(filters=6, kernel_size=(2, 2, 3), strides=(2, 1, 2), padding="valid", data_format="channels_first",
         dilation_rate=(1, 1, 1), groups=2),
]  # fmt: skip


def _correctness(layer_cls: type, np_conv, input_size: list[int], case: dict, rtol: float) -> None:
    rng = np.random.default_rng(0)
    layer = layer_cls(**case)

    inputs = rng.normal(size=input_size)
    layer.build(input_shape=inputs.shape)

    kernel_shape = tuple(layer.kernel.shape)
    kernel_weights = rng.normal(size=kernel_shape)
    bias_weights = rng.normal(size=(case["filters"],))
    layer.set_weights([kernel_weights, bias_weights])

    outputs = layer(inputs)
    expected = np_conv(
        inputs,
        kernel_weights,
        bias_weights,
        strides=case["strides"],
        padding=case["padding"],
        data_format=case["data_format"],
        dilation_rate=case["dilation_rate"],
        groups=case["groups"],
    )
    assert_all_close(outputs, expected, rtol=rtol)


@pytest.mark.parametrize("case", CONV2D_CASES)
def test_conv2d(case: dict) -> None:
    _correctness(layers.Conv2D, np_conv2d, [2, 8, 8, 4], case, rtol=5e-4)


@pytest.mark.parametrize("case", CONV3D_CASES)
def test_conv3d(case: dict) -> None:
    _correctness(layers.Conv3D, np_conv3d, [2, 8, 8, 8, 4], case, rtol=1e-3)


def test_conv_constraints() -> None:
    layer = layers.Conv2D(filters=4, kernel_size=3, kernel_constraint="non_neg")
    layer.build((None, 5, 5, 3))
    assert isinstance(layer.kernel_constraint, constraints.NonNeg)
    layer = layers.Conv2D(filters=4, kernel_size=3, bias_constraint="non_neg")
    layer.build((None, 5, 5, 3))
    assert isinstance(layer.bias_constraint, constraints.NonNeg)


def test_conv_raises_exception_on_zero_dims() -> None:
    x = np.random.default_rng(0).random((3, 4, 4, 4))
    layer = layers.Conv2D(6, [5, 5], 1, "valid")
    # The exception type can vary across backends (e.g., ValueError,
    # tf.errors.InvalidArgumentError, RuntimeError).
    with pytest.raises(Exception):  # noqa: B017 (Keras's own assertRaises(Exception))
        layer(x)
