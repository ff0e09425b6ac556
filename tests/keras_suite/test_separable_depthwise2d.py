"""Port of the DepthwiseConv2D and SeparableConv2D cases of
``keras/src/layers/convolutional/depthwise_conv_test.py`` and ``separable_conv_test.py`` from
keras-team/keras v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's numpy
reference ``np_depthwise_conv2d`` (and ``np_conv2d``, already ported in test_conv2d3d.py, for
the pointwise step), inputs and tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU
here). Keras draws its inputs and weights from an unseeded ``np.random``; here the generator is
seeded.

Not ported:
- The DepthwiseConv1D and SeparableConv1D cases (``test_depthwise_conv1d_basic``,
  ``test_depthwise_conv1d``, ``test_separable_conv1d_basic``, ``test_separable_conv1d`` and the
  1-D halves of ``test_invalid_output_shape_raises``): this file ports the 2-D layers; the 1-D
  ones are checked against Keras in tests/layers/test_depthwise_conv.py. ``test_bad_init_args``'s
  1-D ``depth_multiplier=0`` and ``filters=0`` cases are asked of the 2-D layers instead.
Changed:
- ``run_layer_test`` -> ``check_layer`` (see layer_checks.py).
- ``layer.kernel.assign`` / ``layer.depthwise_kernel.assign`` / ... -> ``layer.set_weights``.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

from statefulrnn import layers

from .layer_checks import assert_all_close, check_layer
from .test_conv2d3d import _same_padding, np_conv2d

# ----- Keras's depthwise_conv_test.py reference --------------------------------------------------


def np_depthwise_conv2d(x, kernel_weights, bias_weights, strides, padding, data_format, dilation_rate):
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
    bias_weights = bias_weights.reshape(ch_in, ch_out)
    for ch_in_idx in range(ch_in):
        for ch_out_idx in range(ch_out):
            x_in = np.ascontiguousarray(x[..., ch_in_idx])
            stride_shape = (n_batch, h_out, w_out, h_kernel, w_kernel)
            strides = (
                x_in.strides[0],
                h_stride * x_in.strides[1],
                w_stride * x_in.strides[2],
                x_in.strides[1],
                x_in.strides[2],
            )
            inner_dim = h_kernel * w_kernel
            x_strided = as_strided(x_in, shape=stride_shape, strides=strides).reshape(-1, inner_dim)
            kernel_weights_grp = kernel_weights[..., ch_in_idx, ch_out_idx].reshape(-1, 1)
            bias_weights_grp = bias_weights[..., ch_in_idx, ch_out_idx]
            out_grps.append(
                (x_strided @ kernel_weights_grp + bias_weights_grp).reshape(n_batch, h_out, w_out, 1)
            )
    out = np.concatenate(out_grps, axis=-1)
    if data_format == "channels_first":
        out = out.transpose((0, 3, 1, 2))
    return out


# ----- basic: shapes, weights, config ------------------------------------------------------------

# Keras's parameters for test_depthwise_conv2d_basic and test_separable_conv2d_basic: the
# separable cases are the depthwise ones with filters = depth_multiplier and their own outputs.
BASIC_CASES = [
    dict(depth_multiplier=5, kernel_size=2, strides=1, padding="valid", data_format="channels_last",
         dilation_rate=1, input_shape=(3, 5, 5, 4)),
    dict(depth_multiplier=6, kernel_size=2, strides=1, padding="same", data_format="channels_last",
         dilation_rate=(2, 2), input_shape=(3, 4, 4, 4)),
    dict(depth_multiplier=6, kernel_size=(2, 2), strides=(2, 2), padding="valid",
         data_format="channels_last", dilation_rate=(1, 1), input_shape=(3, 5, 5, 4)),
]  # fmt: skip
DEPTHWISE_OUTPUT_SHAPES = [(3, 4, 4, 20), (3, 4, 4, 24), (3, 2, 2, 24)]
SEPARABLE_OUTPUT_SHAPES = [(3, 4, 4, 5), (3, 4, 4, 6), (3, 2, 2, 6)]


def _kwargs(case: dict) -> dict:
    return {key: value for key, value in case.items() if key != "input_shape"}


@pytest.mark.parametrize(("case", "output_shape"), zip(BASIC_CASES, DEPTHWISE_OUTPUT_SHAPES))
def test_depthwise_conv2d_basic(case: dict, output_shape: tuple) -> None:
    check_layer(
        layers.DepthwiseConv2D,
        init_kwargs=_kwargs(case),
        input_shape=case["input_shape"],
        expected_output_shape=output_shape,
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=0,
        expected_num_losses=0,
        supports_masking=False,
    )


@pytest.mark.parametrize(("case", "output_shape"), zip(BASIC_CASES, SEPARABLE_OUTPUT_SHAPES))
def test_separable_conv2d_basic(case: dict, output_shape: tuple) -> None:
    check_layer(
        layers.SeparableConv2D,
        init_kwargs={"filters": case["depth_multiplier"], **_kwargs(case)},
        input_shape=case["input_shape"],
        expected_output_shape=output_shape,
        expected_num_trainable_weights=3,
        expected_num_non_trainable_weights=0,
        expected_num_losses=0,
        supports_masking=False,
    )


def test_bad_init_args() -> None:
    # `depth_multiplier` is not positive.
    for make in (
        lambda: layers.DepthwiseConv2D(depth_multiplier=0, kernel_size=1),
        lambda: layers.SeparableConv2D(depth_multiplier=0, filters=1, kernel_size=1),
    ):
        with pytest.raises(
            ValueError,
            match=r"Invalid value for argument `depth_multiplier`. Expected a strictly positive value. "
            r"Received depth_multiplier=0.",
        ):
            make()
    # `filters` is not positive.
    with pytest.raises(
        ValueError,
        match=r"Invalid value for argument `filters`. Expected a strictly positive value. "
        r"Received filters=0.",
    ):
        layers.SeparableConv2D(depth_multiplier=1, filters=0, kernel_size=1)
    # `kernel_size` has 0.
    for make in (
        lambda: layers.DepthwiseConv2D(depth_multiplier=2, kernel_size=(1, 0)),
        lambda: layers.SeparableConv2D(depth_multiplier=2, filters=2, kernel_size=(1, 0)),
    ):
        with pytest.raises(
            ValueError,
            match=r"The `kernel_size` argument must be a tuple of 2 integers. Received kernel_size=\(1, 0\), "
            r"including values \{0\} that do not satisfy `value > 0`",
        ):
            make()
    # `strides` has 0.
    for make in (
        lambda: layers.DepthwiseConv2D(depth_multiplier=2, kernel_size=(2, 2), strides=(1, 0)),
        lambda: layers.SeparableConv2D(depth_multiplier=2, filters=2, kernel_size=(2, 2), strides=(1, 0)),
    ):
        with pytest.raises(
            ValueError,
            match=r"The `strides` argument must be a tuple of \d+ integers. Received strides=\(1, 0\), "
            r"including values \{0\} that do not satisfy `value > 0`",
        ):
            make()


def test_invalid_output_shape_raises() -> None:
    x2 = np.random.default_rng(0).random((2, 4, 4, 3)).astype("float32")
    for layer in (
        layers.DepthwiseConv2D(5, strides=2, padding="valid", data_format="channels_last"),
        layers.SeparableConv2D(8, 5, strides=2, padding="valid", data_format="channels_last"),
    ):
        with pytest.raises(ValueError, match=r"Computed output size would be zero or negative."):
            layer(x2)


# ----- correctness against the numpy references ---------------------------------------------------

CORRECTNESS_CASES = [
    {key: value for key, value in case.items() if key != "input_shape"} for case in BASIC_CASES
]


@pytest.mark.parametrize("case", CORRECTNESS_CASES)
def test_depthwise_conv2d(case: dict) -> None:
    rng = np.random.default_rng(0)
    layer = layers.DepthwiseConv2D(**case)
    inputs = rng.normal(size=[2, 8, 8, 4])
    layer.build(input_shape=inputs.shape)
    kernel_weights = rng.normal(size=tuple(layer.kernel.shape))
    bias_weights = rng.normal(size=(case["depth_multiplier"] * 4,))
    layer.set_weights([kernel_weights, bias_weights])

    outputs = layer(inputs.astype("float32"))
    expected = np_depthwise_conv2d(inputs, kernel_weights, bias_weights, **_reference_args(case))
    assert_all_close(outputs, expected, atol=1e-5)


@pytest.mark.parametrize("case", CORRECTNESS_CASES)
def test_separable_conv2d(case: dict) -> None:
    rng = np.random.default_rng(0)
    filters = case["depth_multiplier"]
    layer = layers.SeparableConv2D(filters=filters, **case)
    inputs = rng.normal(size=[2, 8, 8, 4])
    layer.build(input_shape=inputs.shape)
    depthwise_kernel_weights = rng.normal(size=tuple(layer.depthwise_kernel.shape))
    pointwise_kernel_weights = rng.normal(size=tuple(layer.pointwise_kernel.shape))
    bias_weights = rng.normal(size=(filters,))
    layer.set_weights([depthwise_kernel_weights, pointwise_kernel_weights, bias_weights])

    outputs = layer(inputs.astype("float32"))
    arguments = _reference_args(case)
    expected_depthwise = np_depthwise_conv2d(
        inputs, depthwise_kernel_weights, np.zeros(4 * case["depth_multiplier"]), **arguments
    )
    expected = np_conv2d(
        expected_depthwise, pointwise_kernel_weights, bias_weights, strides=1, padding=case["padding"],
        data_format=case["data_format"], dilation_rate=1, groups=1,
    )  # fmt: skip
    assert tuple(outputs.shape) == expected.shape
    assert_all_close(outputs, expected, rtol=1e-5, atol=1e-5)


def _reference_args(case: dict) -> dict:
    names = ("strides", "padding", "data_format", "dilation_rate")
    return {name: case[name] for name in names}
