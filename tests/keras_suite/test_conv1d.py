"""Port of the Conv1D cases of ``keras/src/layers/convolutional/conv_test.py`` from
keras-team/keras v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's numpy
reference (``np_conv1d``), inputs and tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped:
no TPU here). Keras draws its inputs and weights from an unseeded ``np.random``; here the
generator is seeded.

Not ported:
- Every Conv2D and Conv3D case (``test_conv2d*``, ``test_conv3d*``, ``np_conv2d``,
  ``np_conv3d``, ``test_conv_raises_exception_on_zero_dims``, ``test_conv_constraints``, the
  Conv2D/Conv3D cases of ``test_bad_init_args`` and ``test_conv_symbolic_invalid_configuration``):
  they are ported in test_conv2d3d.py.
- test_enable_lora, test_lora_weight_name, test_enable_lora_with_alpha,
  test_lora_rank_argument: LoRA fine-tuning is not part of statefulrnn.
Changed: test_bad_init_args's Conv2D cases are asked of Conv1D, with the 1-tuples Keras's own
messages print for a 1-D layer.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

from statefulrnn import layers

from .layer_checks import assert_all_close, check_layer


def _same_padding(input_size, kernel_size, stride):
    if input_size % stride == 0:
        padding = max(kernel_size - stride, 0)
    else:
        padding = max(kernel_size - (input_size % stride), 0)
    return padding // 2, padding - padding // 2


def np_conv1d(x, kernel_weights, bias_weights, strides, padding, data_format, dilation_rate, groups):
    if data_format == "channels_first":
        x = x.swapaxes(1, 2)
    if isinstance(strides, (tuple, list)):
        h_stride = strides[0]
    else:
        h_stride = strides
    if isinstance(dilation_rate, (tuple, list)):
        dilation_rate = dilation_rate[0]
    kernel_size, ch_in, ch_out = kernel_weights.shape

    if dilation_rate > 1:
        new_kernel_size = kernel_size + (dilation_rate - 1) * (kernel_size - 1)
        new_kernel_weights = np.zeros((new_kernel_size, ch_in, ch_out), dtype=kernel_weights.dtype)
        new_kernel_weights[::dilation_rate] = kernel_weights
        kernel_weights = new_kernel_weights
        kernel_size = kernel_weights.shape[0]

    if padding != "valid":
        n_batch, h_x, _ = x.shape
        h_pad = _same_padding(h_x, kernel_size, h_stride)
        npad = [(0, 0)] * x.ndim
        if padding == "causal":
            npad[1] = (h_pad[0] + h_pad[1], 0)
        else:
            npad[1] = h_pad
        x = np.pad(x, pad_width=npad, mode="constant", constant_values=0)

    n_batch, h_x, _ = x.shape
    h_out = int((h_x - kernel_size) / h_stride) + 1

    kernel_weights = kernel_weights.reshape(-1, ch_out)
    bias_weights = bias_weights.reshape(1, ch_out)

    out_grps = []
    for grp in range(1, groups + 1):
        x_in = x[..., (grp - 1) * ch_in : grp * ch_in]
        stride_shape = (n_batch, h_out, kernel_size, ch_in)
        strides = (x_in.strides[0], h_stride * x_in.strides[1], x_in.strides[1], x_in.strides[2])
        inner_dim = kernel_size * ch_in
        x_strided = as_strided(x_in, shape=stride_shape, strides=strides).reshape(n_batch, h_out, inner_dim)
        ch_out_groups = ch_out // groups
        kernel_weights_grp = kernel_weights[..., (grp - 1) * ch_out_groups : grp * ch_out_groups]
        bias_weights_grp = bias_weights[..., (grp - 1) * ch_out_groups : grp * ch_out_groups]
        out_grps.append(x_strided @ kernel_weights_grp + bias_weights_grp)
    out = np.concatenate(out_grps, axis=-1)
    if data_format == "channels_first":
        out = out.swapaxes(1, 2)
    return out


BASIC_CASES = [
    dict(filters=5, kernel_size=2, strides=1, padding="valid", data_format="channels_last",
         dilation_rate=1, groups=1, input_shape=(3, 5, 4), output_shape=(3, 4, 5)),
    dict(filters=6, kernel_size=2, strides=1, padding="same", data_format="channels_last",
         dilation_rate=(2,), groups=2, input_shape=(3, 4, 4), output_shape=(3, 4, 6)),
    dict(filters=6, kernel_size=2, strides=1, padding="causal", data_format="channels_last",
         dilation_rate=(2,), groups=2, input_shape=(3, 4, 4), output_shape=(3, 4, 6)),
    dict(filters=6, kernel_size=2, strides=(2,), padding="valid", data_format="channels_last",
         dilation_rate=1, groups=2, input_shape=(3, 5, 4), output_shape=(3, 2, 6)),
]  # fmt: skip


@pytest.mark.parametrize("case", BASIC_CASES)
def test_conv1d_basic(case: dict) -> None:
    init_kwargs = {key: case[key] for key in case if key not in ("input_shape", "output_shape")}
    check_layer(
        layers.Conv1D,
        init_kwargs=init_kwargs,
        input_shape=case["input_shape"],
        expected_output_shape=case["output_shape"],
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=0,
        expected_num_losses=0,
        supports_masking=False,
    )


def test_bad_init_args() -> None:
    with pytest.raises(
        ValueError,
        match=r"Invalid value for argument `filters`. Expected a strictly positive value. "
        r"Received filters=0.",
    ):
        layers.Conv1D(filters=0, kernel_size=1)
    with pytest.raises(
        ValueError,
        match=r"The `kernel_size` argument must be a tuple of \d+ integers. Received kernel_size=\(0,\), "
        r"including values \{0\} that do not satisfy `value > 0`",
    ):
        layers.Conv1D(filters=2, kernel_size=(0,))
    with pytest.raises(
        ValueError,
        match=r"The `strides` argument must be a tuple of \d+ integers. Received strides=\(0,\), including "
        r"values \{0\} that do not satisfy `value > 0`",
    ):
        layers.Conv1D(filters=2, kernel_size=(2,), strides=(0,))
    with pytest.raises(
        ValueError,
        match=r"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
        r"strides=\(2,\) and dilation_rate=\(2,\)",
    ):
        layers.Conv1D(filters=2, kernel_size=(2,), strides=2, dilation_rate=(2,))
    with pytest.raises(
        ValueError, match=r"The number of groups must be a positive integer. Received: groups=0."
    ):
        layers.Conv1D(filters=5, kernel_size=(2,), groups=0)
    with pytest.raises(
        ValueError,
        match=r"The number of filters must be evenly divisible by the number of groups. "
        r"Received: groups=2, filters=5.",
    ):
        layers.Conv1D(filters=5, kernel_size=(2,), groups=2)


def test_conv_symbolic_invalid_configuration() -> None:
    inputs = layers.Input(shape=(10, 3))
    layer = layers.Conv1D(filters=1, kernel_size=2, dilation_rate=10)
    with pytest.raises(ValueError):
        layer(inputs)


CORRECTNESS_CASES = [
    dict(filters=5, kernel_size=2, strides=1, padding="valid", data_format="channels_last",
         dilation_rate=1, groups=1),
    dict(filters=6, kernel_size=2, strides=1, padding="same", data_format="channels_last",
         dilation_rate=(2,), groups=2),
    dict(filters=6, kernel_size=2, strides=1, padding="causal", data_format="channels_last",
         dilation_rate=(2,), groups=2),
    dict(filters=6, kernel_size=(2,), strides=(2,), padding="valid", data_format="channels_last",
         dilation_rate=1, groups=2),
    dict(filters=6, kernel_size=(2,), strides=(2,), padding="valid", data_format="channels_first",
         dilation_rate=1, groups=2),
]  # fmt: skip


@pytest.mark.parametrize("case", CORRECTNESS_CASES)
def test_conv1d(case: dict) -> None:
    rng = np.random.default_rng(0)
    layer = layers.Conv1D(**case)

    inputs = rng.normal(size=[2, 8, 4])
    layer.build(input_shape=inputs.shape)

    kernel_shape = tuple(layer.kernel.shape)
    kernel_weights = rng.normal(size=kernel_shape)
    bias_weights = rng.normal(size=(case["filters"],))
    layer.set_weights([kernel_weights, bias_weights])

    outputs = layer(inputs)
    expected = np_conv1d(
        inputs,
        kernel_weights,
        bias_weights,
        strides=case["strides"],
        padding=case["padding"],
        data_format=case["data_format"],
        dilation_rate=case["dilation_rate"],
        groups=case["groups"],
    )
    assert_all_close(outputs, expected)
