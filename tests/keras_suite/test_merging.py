"""Port of ``keras/src/layers/merging/merging_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged (``tpu_atol``/``tpu_rtol`` dropped: no TPU here).

Not ported:
- test_sparse: sparse tensors (TensorFlow's and JAX's), which statefulrnn has none of.
Changed:
- test_basic runs ``check_weightless_layer`` (Keras's ``run_layer_test``: config round trip,
  masking support, symbolic and eager output shapes, no weights, a backward pass); Keras's
  seed-generator and loss counts have no counterpart.
- Keras attaches a mask to a tensor (``Masking()(x)``, ``backend.get_keras_mask``); here a mask
  is given to the call (``mask=[m1, m2]``) and read with ``compute_mask``, the masks made by
  ``Masking().compute_mask``. test_concatenate_with_mask_symbolic reads the model's output
  mask with ``statefulrnn.models.base.output_mask`` instead of making the mask a model output.
- test_correctness_dynamic's masks are Keras Variables of random floats, which Keras's
  ``logical_or`` reads as True where nonzero; statefulrnn takes boolean masks, so they are
  given as ``x != 0``.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import layers
from statefulrnn.models import Model
from statefulrnn.models.base import output_mask

from .layer_checks import assert_all_close
from .weightless_checks import check_weightless_layer


def np_dot(a, b, axes):
    if isinstance(axes, int):
        axes = (axes, axes)
    axes = [axis if axis < 0 else axis - 1 for axis in axes]
    res = np.stack([np.tensordot(a[i], b[i], axes) for i in range(a.shape[0])])
    if len(res.shape) == 1:
        res = np.expand_dims(res, axis=1)
    return res


TEST_PARAMETERS = [
    {"testcase_name": "add", "layer_class": layers.Add, "np_op": np.add},
    {"testcase_name": "subtract", "layer_class": layers.Subtract, "np_op": np.subtract},
    {"testcase_name": "minimum", "layer_class": layers.Minimum, "np_op": np.minimum},
    {"testcase_name": "maximum", "layer_class": layers.Maximum, "np_op": np.maximum},
    {"testcase_name": "multiply", "layer_class": layers.Multiply, "np_op": np.multiply},
    {
        "testcase_name": "average",
        "layer_class": layers.Average,
        "np_op": lambda a, b: np.multiply(np.add(a, b), 0.5),
    },
    {
        "testcase_name": "concat",
        "layer_class": layers.Concatenate,
        "np_op": lambda a, b, **kwargs: np.concatenate((a, b), **kwargs),
        "init_kwargs": {"axis": -1},
        "expected_output_shape": (2, 4, 10),
    },
    {
        "testcase_name": "dot_2d",
        "layer_class": layers.Dot,
        "np_op": np_dot,
        "init_kwargs": {"axes": -1},
        "input_shape": (2, 4),
        "expected_output_shape": (2, 1),
        "skip_mask_test": True,
    },
    {
        "testcase_name": "dot_3d",
        "layer_class": layers.Dot,
        "np_op": np_dot,
        "init_kwargs": {"axes": -1},
        "expected_output_shape": (2, 4, 4),
        "skip_mask_test": True,
    },
]


def _cases(with_masks_only: bool = False):
    # Keras skips the mask-error cases of layers without masks (Dot) at run time; here they are
    # simply not generated, so no test skips itself.
    cases = [c for c in TEST_PARAMETERS if not (with_masks_only and c.get("skip_mask_test", False))]
    return pytest.mark.parametrize("case", cases, ids=[c["testcase_name"] for c in cases])


def _unpack(case):
    return (
        case["layer_class"],
        case.get("np_op"),
        case.get("init_kwargs", {}),
        case.get("input_shape", (2, 4, 5)),
        case.get("expected_output_shape", (2, 4, 5)),
        case.get("skip_mask_test", False),
    )


@_cases()
def test_basic(case) -> None:
    layer_class, _, init_kwargs, input_shape, expected_output_shape, _ = _unpack(case)
    check_weightless_layer(
        layer_class,
        init_kwargs,
        input_shape=[input_shape, input_shape],
        expected_output_shape=expected_output_shape,
        supports_masking=True,
    )


@_cases()
def test_correctness_static(case) -> None:
    layer_class, np_op, init_kwargs, input_shape, expected_output_shape, skip_mask_test = _unpack(case)
    batch_size = input_shape[0]
    shape = input_shape[1:]
    x1 = np.random.rand(*input_shape)
    x2 = np.random.rand(*input_shape)
    x3 = np_op(x1, x2, **init_kwargs)

    input_1 = layers.Input(shape=shape, batch_size=batch_size)
    input_2 = layers.Input(shape=shape, batch_size=batch_size)
    layer = layer_class(**init_kwargs)
    out = layer([input_1, input_2])
    model = Model([input_1, input_2], out)
    res = model([x1, x2])

    assert tuple(res.shape) == expected_output_shape
    assert_all_close(res, x3, atol=1e-4)
    assert layer.compute_mask([input_1, input_2], [None, None]) is None
    assert layer.compute_mask([x1, x2], [None, None]) is None
    if not skip_mask_test:
        mask1 = np.ones(input_shape[:-1], dtype=np.bool_)
        mask2 = np.ones(input_shape[:-1], dtype=np.bool_)
        assert np.all(layer.compute_mask([x1, x2], [mask1, mask2]).numpy())


@_cases()
def test_correctness_dynamic(case) -> None:
    layer_class, np_op, init_kwargs, input_shape, expected_output_shape, skip_mask_test = _unpack(case)
    shape = input_shape[1:]
    x1 = np.random.rand(*input_shape)
    x2 = np.random.rand(*input_shape)
    x3 = np_op(x1, x2, **init_kwargs)

    input_1 = layers.Input(shape=shape)
    input_2 = layers.Input(shape=shape)
    layer = layer_class(**init_kwargs)
    out = layer([input_1, input_2])
    model = Model([input_1, input_2], out)
    res = model([x1, x2])

    assert tuple(res.shape) == expected_output_shape
    assert_all_close(res, x3, atol=1e-4)
    assert layer.compute_mask([input_1, input_2], [None, None]) is None
    if not skip_mask_test:
        masks = [torch.from_numpy(x1) != 0, torch.from_numpy(x2) != 0]
        assert np.all(layer.compute_mask([input_1, input_2], masks).numpy())


@_cases(with_masks_only=True)
def test_errors(case) -> None:
    layer_class, _, init_kwargs, input_shape, _, _ = _unpack(case)

    batch_size = input_shape[0]
    shape = input_shape[1:]
    x1 = np.random.rand(batch_size, *shape)

    input_1 = layers.Input(shape=shape, batch_size=batch_size)
    input_2 = layers.Input(shape=shape, batch_size=batch_size)
    layer = layer_class(**init_kwargs)

    with pytest.raises(ValueError, match=r"`mask` should be a list."):
        layer.compute_mask([input_1, input_2], x1)

    with pytest.raises(ValueError, match=r"`inputs` should be a list."):
        layer.compute_mask(input_1, [None, None])

    with pytest.raises(ValueError, match=r" should have the same length."):
        layer.compute_mask([input_1, input_2], [None])


def test_subtract_layer_inputs_length_errors() -> None:
    shape = (4, 5)
    input_1 = layers.Input(shape=shape)
    input_2 = layers.Input(shape=shape)
    input_3 = layers.Input(shape=shape)

    with pytest.raises(ValueError, match="layer should be called on exactly 2 inputs"):
        layers.Subtract()([input_1, input_2, input_3])
    with pytest.raises(ValueError, match="layer should be called on exactly 2 inputs"):
        layers.Subtract()([input_1])


def test_dot_higher_dim() -> None:
    a_shape = (1, 3, 2)
    b_shape = (1, 1, 2, 3)
    # Test symbolic call
    a = layers.Input(batch_shape=a_shape)
    b = layers.Input(batch_shape=b_shape)
    c = layers.Dot(axes=(-2, -1))([a, b])
    assert c.shape == (1, 2, 1, 2)
    a = np.random.random(a_shape)
    b = np.random.random(b_shape)
    c = layers.Dot(axes=(-2, -1))([a, b])
    assert tuple(c.shape) == (1, 2, 1, 2)


def _masked(values):
    """Keras's ``Masking()(x)``: the masked input and its mask."""
    masking = layers.Masking()
    x = torch.tensor(values, dtype=torch.float32)
    return masking(x), masking.compute_mask(x)


def _merge_with_masks(layer, x1, m1, x2, m2):
    """The output and output mask of ``layer([x1, x2])`` with the inputs' masks attached."""
    return layer([x1, x2], mask=[m1, m2]), layer.compute_mask([x1, x2], [m1, m2])


def _check_masked_merge(layer_class, first, second, expected_one_mask, expected_both_masks) -> None:
    x1, m1 = _masked(first)
    x2 = torch.tensor(second, dtype=torch.float32)

    output, mask = _merge_with_masks(layer_class(), x1, m1, x2, None)
    assert_all_close(output, expected_one_mask)
    assert mask is None

    x2, m2 = _masked(second)
    output, mask = _merge_with_masks(layer_class(), x1, m1, x2, m2)
    assert_all_close(output, expected_both_masks)
    assert_all_close(mask, [[0, 1, 1, 1]])


def test_add_with_mask() -> None:
    _check_masked_merge(
        layers.Add,
        [[[0, 0], [1, 2], [0, 0], [3, 4]]],
        [[[0, 0], [0, 0], [1, 2], [3, 4]]],
        [[[0, 0], [1, 2], [1, 2], [6, 8]]],
        [[[0, 0], [1, 2], [1, 2], [6, 8]]],
    )


def test_subtract_with_mask() -> None:
    _check_masked_merge(
        layers.Subtract,
        [[[0, 0], [1, 2], [0, 0], [3, 4]]],
        [[[0, 0], [0, 0], [1, 2], [3, 4]]],
        [[[0, 0], [1, 2], [-1, -2], [0, 0]]],
        [[[0, 0], [1, 2], [-1, -2], [0, 0]]],
    )


def test_average_with_mask() -> None:
    _check_masked_merge(
        layers.Average,
        [[[0, 0], [1, 2], [0, 0], [3, 4]]],
        [[[0, 0], [0, 0], [1, 2], [3, 4]]],
        [[[0, 0], [0.5, 1], [0.5, 1], [3, 4]]],
        [[[0, 0], [0.5, 1], [0.5, 1], [3, 4]]],
    )


def test_multiply_with_mask() -> None:
    _check_masked_merge(
        layers.Multiply,
        [[[0, 0], [1, 2], [0, 0], [3, 4]]],
        [[[0, 0], [0, 0], [1, 2], [3, 4]]],
        [[[0, 0], [0, 0], [1, 2], [9, 16]]],
        [[[0, 0], [1, 2], [1, 2], [9, 16]]],
    )


def test_maximum_with_mask() -> None:
    _check_masked_merge(
        layers.Maximum,
        [[[0, 0], [-1, -2], [0, 0], [-3, -4]]],
        [[[0, 0], [0, 0], [-1, -2], [-3, -4]]],
        [[[0, 0], [0, 0], [-1, -2], [-3, -4]]],
        [[[0, 0], [-1, -2], [-1, -2], [-3, -4]]],
    )


def test_minimum_with_mask() -> None:
    _check_masked_merge(
        layers.Minimum,
        [[[0, 0], [1, 2], [0, 0], [3, 4]]],
        [[[0, 0], [0, 0], [1, 2], [3, 4]]],
        [[[0, 0], [0, 0], [1, 2], [3, 4]]],
        [[[0, 0], [1, 2], [1, 2], [3, 4]]],
    )


def test_concatenate_with_mask() -> None:
    x1, m1 = _masked([[[0, 0], [1, 2], [0, 0], [3, 4]]])
    x2 = torch.tensor([[[0, 0], [0, 0], [1, 2], [3, 4]]], dtype=torch.float32)

    output, mask = _merge_with_masks(layers.Concatenate(axis=1), x1, m1, x2, None)
    assert_all_close(
        output,
        [[[0, 0], [1, 2], [0, 0], [3, 4], [0, 0], [0, 0], [1, 2], [3, 4]]],
    )
    assert_all_close(mask, [[0, 1, 0, 1, 1, 1, 1, 1]])

    output, mask = _merge_with_masks(layers.Concatenate(axis=2), x1, m1, x2, None)
    assert_all_close(
        output,
        [[[0, 0, 0, 0], [1, 2, 0, 0], [0, 0, 1, 2], [3, 4, 3, 4]]],
    )
    assert_all_close(mask, [[1, 1, 1, 1]])


def test_concatenate_with_mask_symbolic() -> None:
    input1 = layers.Input((4, 2))
    input2 = layers.Input((4, 2))
    mask = layers.Masking()
    output = layers.Concatenate(axis=1)([mask(input1), input2])
    model = Model(inputs=[input1, input2], outputs=output)
    x1 = torch.tensor([[[0, 0], [1, 2], [0, 0], [3, 4]]], dtype=torch.float32)
    x2 = torch.tensor([[[0, 0], [0, 0], [1, 2], [3, 4]]], dtype=torch.float32)
    model([x1, x2])
    assert_all_close(output_mask(model), [[0, 1, 0, 1, 1, 1, 1, 1]])


def test_concatenate_errors() -> None:
    # This should work
    x1 = np.ones((1, 1, 1, 1, 5))
    x2 = np.ones((1, 1, 1, 1, 4))
    out = layers.Concatenate(axis=-1)([x1, x2])
    assert tuple(out.shape) == (1, 1, 1, 1, 9)

    # This won't
    x1 = np.ones((1, 2, 1, 1, 5))
    x2 = np.ones((1, 1, 1, 1, 4))
    with pytest.raises(
        ValueError, match="requires inputs with matching shapes except for the concatenation axis"
    ):
        out = layers.Concatenate(axis=-1)([x1, x2])
    x1 = np.ones((1, 2, 1, 2, 1))
    x2 = np.ones((1, 1, 1, 3, 1))
    with pytest.raises(
        ValueError, match="requires inputs with matching shapes except for the concatenation axis"
    ):
        out = layers.Concatenate(axis=1)([x1, x2])
