"""Port of the Conv2DTranspose and Conv3DTranspose cases of
``keras/src/layers/convolutional/conv_transpose_test.py`` from keras-team/keras v3.15.1 (commit
250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's numpy references
(``np_conv2d_transpose``, ``np_conv3d_transpose``) and the ``backend_utils`` helpers they call
(``compute_conv_transpose_output_shape``, ``compute_conv_transpose_padding_args_for_jax``),
inputs and tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU here). Keras draws
its inputs and weights from an unseeded ``np.random``; here the generator is seeded.

Not ported:
- The Conv1DTranspose cases (``test_conv1d_transpose_basic``, ``test_conv1d_transpose``,
  ``test_conv1d_transpose_consistency``, the Conv1DTranspose row of
  ``test_output_padding_serialization`` and its two ``output_padding`` cases of
  ``test_bad_init_args``; its ``filters=0`` case is kept): this file ports the 2-D and 3-D
  layers; Conv1DTranspose is checked in tests/layers/test_conv_transpose.py, and it words its
  ``output_padding`` error otherwise (it also takes an ``output_padding`` below the dilation
  rate, which Keras refuses).
Changed:
- ``run_layer_test`` -> ``check_layer`` (see layer_checks.py); the channels_first case of
  ``test_conv2d_transpose_basic``, which Keras skips on TensorFlow, runs here.
- ``layer.kernel.assign`` / ``layer.bias.assign`` -> ``layer.set_weights``.
- ``test_shape_inference_static_unknown_shape``: ``backend.config.image_data_format()`` is
  Keras's default, "channels_last"; the parameter pairs Keras skips (``output_padding`` not
  below ``strides``) are left out of the product rather than skipped.
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import layers

from .layer_checks import assert_all_close, check_layer

# ----- Keras's keras/src/backend/common/backend_utils.py helpers ---------------------------------


def _convert_conv_transpose_padding_args_from_keras_to_jax(
    kernel_size, stride, dilation_rate, padding, output_padding
):
    kernel_size = (kernel_size - 1) * dilation_rate + 1
    if padding.lower() == "valid":
        output_padding = max(kernel_size, stride) - kernel_size if output_padding is None else output_padding
        left_pad = kernel_size - 1
        right_pad = kernel_size - 1 + output_padding
    else:
        if output_padding is None:
            pad_len = stride + kernel_size - 2
        else:
            pad_len = kernel_size + kernel_size % 2 - 2 + output_padding
        left_pad = min(pad_len // 2 + pad_len % 2, kernel_size - 1)
        right_pad = pad_len - left_pad
    return left_pad, right_pad


def compute_conv_transpose_padding_args_for_jax(
    input_shape, kernel_shape, strides, padding, output_padding, dilation_rate
):
    num_spatial_dims = len(input_shape) - 2
    kernel_spatial_shape = kernel_shape[:-2]
    jax_padding = []
    for i in range(num_spatial_dims):
        output_padding_i = (
            output_padding if output_padding is None or isinstance(output_padding, int) else output_padding[i]
        )
        strides_i = strides if isinstance(strides, int) else strides[i]
        dilation_rate_i = dilation_rate if isinstance(dilation_rate, int) else dilation_rate[i]
        pad_left, pad_right = _convert_conv_transpose_padding_args_from_keras_to_jax(
            kernel_size=kernel_spatial_shape[i],
            stride=strides_i,
            dilation_rate=dilation_rate_i,
            padding=padding,
            output_padding=output_padding_i,
        )
        jax_padding.append((pad_left, pad_right))
    return jax_padding


def _get_output_shape_given_tf_padding(
    input_size, kernel_size, strides, padding, output_padding, dilation_rate
):
    if input_size is None:
        return None
    kernel_size = (kernel_size - 1) * dilation_rate + 1
    if padding.lower() == "valid":
        output_padding = max(kernel_size, strides) - kernel_size if output_padding is None else output_padding
        return (input_size - 1) * strides + kernel_size + output_padding
    if output_padding is None:
        return input_size * strides
    return (input_size - 1) * strides + kernel_size % 2 + output_padding


def compute_conv_transpose_output_shape(
    input_shape, kernel_size, filters, strides, padding, output_padding=None, data_format="channels_last",
    dilation_rate=1,
):  # fmt: skip
    num_spatial_dims = len(input_shape) - 2
    kernel_spatial_shape = kernel_size
    if isinstance(output_padding, int):
        output_padding = (output_padding,) * len(kernel_spatial_shape)
    if isinstance(strides, int):
        strides = (strides,) * num_spatial_dims
    if isinstance(dilation_rate, int):
        dilation_rate = (dilation_rate,) * num_spatial_dims
    input_spatial_shape = input_shape[1:-1] if data_format == "channels_last" else input_shape[2:]
    output_shape = []
    for i in range(num_spatial_dims):
        current_output_padding = None if output_padding is None else output_padding[i]
        output_shape.append(
            _get_output_shape_given_tf_padding(
                input_size=input_spatial_shape[i],
                kernel_size=kernel_spatial_shape[i],
                strides=strides[i],
                padding=padding,
                output_padding=current_output_padding,
                dilation_rate=dilation_rate[i],
            )
        )
    if data_format == "channels_last":
        return [input_shape[0], *output_shape, filters]
    return [input_shape[0], filters, *output_shape]


# ----- Keras's numpy references ------------------------------------------------------------------


def np_conv2d_transpose(
    x, kernel_weights, bias_weights, strides, padding, output_padding, data_format, dilation_rate
):
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

    h_kernel, w_kernel, ch_out, ch_in = kernel_weights.shape
    n_batch, h_x, w_x, _ = x.shape
    # Get output shape and padding
    _, h_out, w_out, _ = compute_conv_transpose_output_shape(
        x.shape,
        kernel_weights.shape,
        ch_out,
        strides,
        padding,
        output_padding,
        "channels_last",
        dilation_rate,
    )
    jax_padding = compute_conv_transpose_padding_args_for_jax(
        input_shape=x.shape,
        kernel_shape=kernel_weights.shape,
        strides=strides,
        padding=padding,
        output_padding=output_padding,
        dilation_rate=dilation_rate,
    )
    h_pad_side1 = h_kernel - 1 - jax_padding[0][0]
    w_pad_side1 = w_kernel - 1 - jax_padding[1][0]

    if h_dilation > 1 or w_dilation > 1:
        # Increase kernel size
        new_h_kernel = h_kernel + (h_dilation - 1) * (h_kernel - 1)
        new_w_kernel = w_kernel + (w_dilation - 1) * (w_kernel - 1)
        new_kernel_size_tuple = (new_h_kernel, new_w_kernel)
        new_kernel_weights = np.zeros((*new_kernel_size_tuple, ch_out, ch_in), dtype=kernel_weights.dtype)
        new_kernel_weights[::h_dilation, ::w_dilation] = kernel_weights
        kernel_weights = new_kernel_weights
        h_kernel, w_kernel = kernel_weights.shape[:2]

    # Compute output
    output = np.zeros([n_batch, h_out + h_kernel, w_out + w_kernel, ch_out])
    for nb in range(n_batch):
        for h_x_idx in range(h_x):
            h_out_idx = h_x_idx * h_stride  # Index in output
            for w_x_idx in range(w_x):
                w_out_idx = w_x_idx * w_stride
                output[nb, h_out_idx : h_out_idx + h_kernel, w_out_idx : w_out_idx + w_kernel, :] += np.sum(
                    kernel_weights[:, :, :, :] * x[nb, h_x_idx, w_x_idx, :], axis=-1
                )
    output = output + bias_weights

    # Cut padding results from output
    output = output[:, h_pad_side1 : h_out + h_pad_side1, w_pad_side1 : w_out + w_pad_side1]
    if data_format == "channels_first":
        output = output.transpose((0, 3, 1, 2))
    return output


def np_conv3d_transpose(
    x, kernel_weights, bias_weights, strides, padding, output_padding, data_format, dilation_rate
):
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

    h_kernel, w_kernel, d_kernel, ch_out, ch_in = kernel_weights.shape
    n_batch, h_x, w_x, d_x, _ = x.shape
    # Get output shape and padding
    _, h_out, w_out, d_out, _ = compute_conv_transpose_output_shape(
        x.shape, kernel_weights.shape, ch_out, strides, padding, output_padding, data_format, dilation_rate
    )
    jax_padding = compute_conv_transpose_padding_args_for_jax(
        input_shape=x.shape,
        kernel_shape=kernel_weights.shape,
        strides=strides,
        padding=padding,
        output_padding=output_padding,
        dilation_rate=dilation_rate,
    )
    h_pad_side1 = h_kernel - 1 - jax_padding[0][0]
    w_pad_side1 = w_kernel - 1 - jax_padding[1][0]
    d_pad_side1 = d_kernel - 1 - jax_padding[2][0]

    if h_dilation > 1 or w_dilation > 1 or d_dilation > 1:
        # Increase kernel size
        new_h_kernel = h_kernel + (h_dilation - 1) * (h_kernel - 1)
        new_w_kernel = w_kernel + (w_dilation - 1) * (w_kernel - 1)
        new_d_kernel = d_kernel + (d_dilation - 1) * (d_kernel - 1)
        new_kernel_size_tuple = (new_h_kernel, new_w_kernel, new_d_kernel)
        new_kernel_weights = np.zeros((*new_kernel_size_tuple, ch_out, ch_in), dtype=kernel_weights.dtype)
        new_kernel_weights[::h_dilation, ::w_dilation, ::d_dilation] = kernel_weights
        kernel_weights = new_kernel_weights
        h_kernel, w_kernel, d_kernel = kernel_weights.shape[:3]

    # Compute output
    output = np.zeros([n_batch, h_out + h_kernel, w_out + w_kernel, d_out + d_kernel, ch_out])
    for nb in range(n_batch):
        for h_x_idx in range(h_x):
            h_out_idx = h_x_idx * h_stride  # Index in output
            for w_x_idx in range(w_x):
                w_out_idx = w_x_idx * w_stride
                for d_x_idx in range(d_x):
                    d_out_idx = d_x_idx * d_stride
                    output[
                        nb,
                        h_out_idx : h_out_idx + h_kernel,
                        w_out_idx : w_out_idx + w_kernel,
                        d_out_idx : d_out_idx + d_kernel,
                        :,
                    ] += np.sum(kernel_weights[:, :, :, :, :] * x[nb, h_x_idx, w_x_idx, d_x_idx, :], axis=-1)
    output = output + bias_weights

    # Cut padding results from output
    output = output[
        :,
        h_pad_side1 : h_out + h_pad_side1,
        w_pad_side1 : w_out + w_pad_side1,
        d_pad_side1 : d_out + d_pad_side1,
    ]
    if data_format == "channels_first":
        output = output.transpose((0, 4, 1, 2, 3))
    return output


# ----- ConvTransposeBasicTest --------------------------------------------------------------------

CONV2D_TRANSPOSE_BASIC_CASES = [
    dict(filters=5, kernel_size=2, strides=2, padding="valid", output_padding=None,
         data_format="channels_last", dilation_rate=1, input_shape=(2, 8, 8, 4), output_shape=(2, 16, 16, 5)),
    dict(filters=6, kernel_size=2, strides=3, padding="same", output_padding=2,
         data_format="channels_last", dilation_rate=(1, 1), input_shape=(2, 8, 8, 4),
         output_shape=(2, 23, 23, 6)),
    dict(filters=6, kernel_size=(2, 3), strides=(2, 1), padding="valid", output_padding=None,
         data_format="channels_first", dilation_rate=(1, 1), input_shape=(2, 4, 8, 8),
         output_shape=(2, 6, 16, 10)),
    dict(filters=2, kernel_size=(7, 7), strides=(16, 16), padding="valid", output_padding=None,
         data_format="channels_last", dilation_rate=(1, 1), input_shape=(1, 14, 14, 2),
         output_shape=(1, 224, 224, 2)),
]  # fmt: skip

CONV3D_TRANSPOSE_BASIC_CASES = [
    dict(filters=5, kernel_size=2, strides=2, padding="valid", output_padding=None,
         data_format="channels_last", dilation_rate=1, input_shape=(2, 8, 8, 8, 4),
         output_shape=(2, 16, 16, 16, 5)),
    dict(filters=6, kernel_size=2, strides=3, padding="same", output_padding=2,
         data_format="channels_last", dilation_rate=(1, 1, 1), input_shape=(2, 8, 8, 8, 4),
         output_shape=(2, 23, 23, 23, 6)),
    dict(filters=6, kernel_size=(2, 2, 3), strides=(2, 1, 2), padding="valid", output_padding=None,
         data_format="channels_last", dilation_rate=(1, 1, 1), input_shape=(2, 8, 8, 8, 4),
         output_shape=(2, 16, 9, 17, 6)),
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


@pytest.mark.parametrize("case", CONV2D_TRANSPOSE_BASIC_CASES)
def test_conv2d_transpose_basic(case: dict) -> None:
    _basic(layers.Conv2DTranspose, case)


@pytest.mark.parametrize("case", CONV3D_TRANSPOSE_BASIC_CASES)
def test_conv3d_transpose_basic(case: dict) -> None:
    _basic(layers.Conv3DTranspose, case)


@pytest.mark.parametrize(
    ("layer_cls", "input_shape"),
    [(layers.Conv2DTranspose, (1, 5, 5, 3)), (layers.Conv3DTranspose, (1, 5, 5, 5, 3))],
)
def test_output_padding_serialization(layer_cls, input_shape) -> None:
    # `output_padding` was previously dropped from `get_config`, so a
    # round-trip silently reset it to `None` and changed the output shape.
    layer = layer_cls(2, 3, strides=2, output_padding=1)
    config = layer.get_config()
    assert "output_padding" in config
    revived = layer_cls.from_config(config)
    assert layer.output_padding == revived.output_padding
    assert layer.compute_output_shape(input_shape) == revived.compute_output_shape(input_shape)


def test_bad_init_args() -> None:
    # `filters` is not positive.
    with pytest.raises(
        ValueError,
        match=r"Invalid value for argument `filters`. Expected a "
        r"strictly positive value. Received filters=0.",
    ):
        layers.Conv1DTranspose(filters=0, kernel_size=1)

    # `kernel_size` has 0.
    with pytest.raises(
        ValueError,
        match=r"The `kernel_size` argument must be a tuple of "
        r"\d+ integers. Received kernel_size=\(1, 0\), including values"
        r" \{0\} that do not satisfy `value > 0`",
    ):
        layers.Conv2DTranspose(filters=2, kernel_size=(1, 0))

    # `strides` has 0.
    with pytest.raises(
        ValueError,
        match=r"The `strides` argument must be a tuple of \d+ "
        r"integers. Received strides=\(1, 0\), including values \{0\} "
        r"that do not satisfy `value > 0`",
    ):
        layers.Conv2DTranspose(filters=2, kernel_size=(2, 2), strides=(1, 0))

    # `output_padding` >= `strides`.
    with pytest.raises(ValueError, match=r"`output_padding` must be strictly less than `strides`"):
        layers.Conv2DTranspose(filters=2, kernel_size=3, strides=2, output_padding=3)

    with pytest.raises(ValueError, match=r"`output_padding` must be strictly less than `strides`"):
        layers.Conv2DTranspose(filters=2, kernel_size=3, strides=(2, 3), output_padding=(1, 3))

    # `dilation_rate > 1` while `strides > 1`.
    with pytest.raises(
        ValueError,
        match=r"`strides > 1` not supported in conjunction with "
        r"`dilation_rate > 1`. Received: strides=\(2, 2\) and "
        r"dilation_rate=\(2, 1\)",
    ):
        layers.Conv2DTranspose(filters=2, kernel_size=(2, 2), strides=2, dilation_rate=(2, 1))

    with pytest.raises(ValueError, match="`output_padding` must be strictly less than `strides`"):
        layers.Conv2DTranspose(filters=16, kernel_size=3, strides=[1, 1], output_padding=1)

    with pytest.raises(ValueError, match="`output_padding` must be strictly less than `strides`"):
        layers.Conv3DTranspose(filters=8, kernel_size=3, strides=1, output_padding=1)


# ----- ConvTransposeCorrectnessTest --------------------------------------------------------------

CONV2D_TRANSPOSE_CASES = [
    dict(filters=5, kernel_size=2, strides=2, padding="valid", output_padding=None,
         data_format="channels_last", dilation_rate=1),
    dict(filters=6, kernel_size=7, strides=16, padding="same", output_padding=2,
         data_format="channels_last", dilation_rate=(1, 1)),
    dict(filters=6, kernel_size=(2, 3), strides=(2, 1), padding="valid", output_padding=None,
         data_format="channels_last", dilation_rate=(1, 1)),
    dict(filters=2, kernel_size=(7, 7), strides=(16, 16), padding="valid", output_padding=None,
         data_format="channels_last", dilation_rate=(1, 1)),
]  # fmt: skip

CONV3D_TRANSPOSE_CASES = [
    dict(filters=5, kernel_size=2, strides=2, padding="valid", output_padding=None,
         data_format="channels_last", dilation_rate=1),
    dict(filters=6, kernel_size=2, strides=3, padding="same", output_padding=2,
         data_format="channels_last", dilation_rate=(1, 1, 1)),
    dict(filters=6, kernel_size=(2, 2, 3), strides=(2, 1, 2), padding="valid", output_padding=None,
         data_format="channels_last", dilation_rate=(1, 1, 1)),
]  # fmt: skip


def _correctness(layer_cls: type, np_conv_transpose, input_size: list[int], case: dict) -> None:
    rng = np.random.default_rng(0)
    layer = layer_cls(**case)

    inputs = rng.normal(size=input_size)
    layer.build(input_shape=inputs.shape)

    kernel_shape = tuple(layer.kernel.shape)
    kernel_weights = rng.normal(size=kernel_shape)
    bias_weights = rng.normal(size=(case["filters"],))
    layer.set_weights([kernel_weights, bias_weights])

    outputs = layer(inputs)
    expected = np_conv_transpose(
        inputs,
        kernel_weights,
        bias_weights,
        case["strides"],
        case["padding"],
        case["output_padding"],
        case["data_format"],
        case["dilation_rate"],
    )
    assert_all_close(outputs, expected, atol=1e-5)


@pytest.mark.parametrize("case", CONV2D_TRANSPOSE_CASES)
def test_conv2d_transpose(case: dict) -> None:
    _correctness(layers.Conv2DTranspose, np_conv2d_transpose, [2, 14, 14, 4], case)


@pytest.mark.parametrize("case", CONV3D_TRANSPOSE_CASES)
def test_conv3d_transpose(case: dict) -> None:
    _correctness(layers.Conv3DTranspose, np_conv3d_transpose, [2, 8, 8, 8, 4], case)


# Keras's product of kernel sizes, strides, paddings and output paddings, without the pairs it
# skips (``output_padding`` not below ``strides``).
SHAPE_CASES = [
    (kernel_size, strides, padding, output_padding)
    for kernel_size in range(1, 5)
    for strides in range(1, 5)
    for padding in ["same", "valid"]
    for output_padding in [None, *range(1, 5)]
    if output_padding is None or output_padding < strides
]


@pytest.mark.parametrize(("kernel_size", "strides", "padding", "output_padding"), SHAPE_CASES)
def test_shape_inference_static_unknown_shape(kernel_size, strides, padding, output_padding) -> None:
    input_shape = (None, None, 3)
    output_tensor_shape = (None, None, None, 2)
    x = layers.Input(shape=input_shape)
    x = layers.Conv2DTranspose(
        filters=2,
        kernel_size=kernel_size,
        strides=strides,
        padding=padding,
        output_padding=output_padding,
        dilation_rate=1,
    )(x)
    assert x.shape == output_tensor_shape
