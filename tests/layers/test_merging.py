"""The merge layers (``layers/merging.py``, ``concatenate.py``, ``dot.py``): Keras's numbers and
masks (fixtures from ``tools/keras_fixtures/merging.py``), shapes, errors, and use inside
functional models with stateful recurrent layers."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import layers, use_fused_kernels
from statefulrnn.layers import (
    GRU,
    LSTM,
    Add,
    Average,
    Concatenate,
    Dense,
    Dot,
    Input,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
)
from statefulrnn.models import Model

from .merging_fixtures import TOLERANCE, case_names, inputs_of, load_case, run_whole_and_chunked

ELEMENTWISE = [Add, Subtract, Multiply, Average, Maximum, Minimum]


def _layer(spec: dict) -> layers.Layer:
    return getattr(layers, spec["class"])(**spec["config"])


def _tensors(arrays: list[np.ndarray | None]) -> list[torch.Tensor | None]:
    return [None if a is None else torch.from_numpy(a) for a in arrays]


# ----- Keras's numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("name", case_names("merge"))
def test_keras_numbers_and_masks(name: str) -> None:
    case = load_case(name)
    xs, masks = inputs_of(case)
    layer = _layer(case["spec"])
    y = layer(_tensors(xs), mask=_tensors(masks))
    np.testing.assert_allclose(y.numpy(), case["y"], **TOLERANCE)
    mask = layer.compute_mask(_tensors(xs), _tensors(masks))
    if "y_mask" in case:
        np.testing.assert_array_equal(mask.numpy(), case["y_mask"])
    else:
        assert mask is None


@pytest.mark.parametrize("name", [n for n in case_names("merge") if "mask" not in n])
def test_keras_numbers_in_a_functional_model(name: str) -> None:
    case = load_case(name)
    xs, _ = inputs_of(case)
    inputs = [Input(shape=x.shape[1:]) for x in xs]
    layer = _layer(case["spec"])
    outputs = layer(inputs)
    assert outputs.shape == (None, *case["y"].shape[1:])
    y = Model(inputs, outputs)([torch.from_numpy(x) for x in xs])
    np.testing.assert_allclose(y.detach().numpy(), case["y"], **TOLERANCE)


@pytest.fixture(params=["fused", "generic"])
def compute_path(request: pytest.FixtureRequest):
    with use_fused_kernels(request.param == "fused"):
        yield request.param


def test_two_branch_model_matches_keras_whole_and_chunked(compute_path: str) -> None:
    run_whole_and_chunked("two_branch")


def test_masks_flow_through_merges_into_a_recurrent_layer_as_in_keras(compute_path: str) -> None:
    run_whole_and_chunked("masked_merge")


# ----- shapes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("layer_class", ELEMENTWISE)
def test_elementwise_shapes_broadcast_as_keras(layer_class: type) -> None:
    a, b = Input(shape=(4, 5)), Input(shape=(1, 5))
    assert layer_class()([a, b]).shape == (None, 4, 5)
    assert layer_class()([Input(shape=(4, 5)), Input(shape=(5,))]).shape == (None, 4, 5)
    assert layer_class()([Input(batch_shape=(2, None, 5)), Input(shape=(7, 5))]).shape == (2, None, 5)


def test_several_inputs_and_one_input() -> None:
    xs = [torch.full((2, 3), float(i)) for i in range(1, 5)]
    assert torch.equal(Add()(xs), torch.full((2, 3), 10.0))
    assert torch.equal(Average()(xs), torch.full((2, 3), 2.5))
    assert torch.equal(Maximum()(xs), torch.full((2, 3), 4.0))
    assert torch.equal(Add()(xs[:1]), xs[0])


def test_numpy_inputs_are_accepted_and_cast() -> None:
    y = Add()([np.ones((2, 3)), np.arange(6).reshape(2, 3)])
    assert y.dtype == torch.float32
    np.testing.assert_array_equal(y.numpy(), np.arange(6).reshape(2, 3) + 1)


def test_concatenate_shapes() -> None:
    a, b = Input(shape=(None, 3)), Input(shape=(None, 4))
    assert Concatenate()([a, b]).shape == (None, None, 7)
    assert Concatenate(axis=1)([Input(shape=(2, 3)), Input(shape=(None, 3))]).shape == (None, None, 3)
    assert Concatenate(axis=1)([Input(shape=(2, 3)), Input(shape=(5, 3))]).shape == (None, 7, 3)
    assert Concatenate(axis=0)([torch.zeros(2, 3), torch.zeros(1, 3)]).shape == (3, 3)


def test_dot_shapes() -> None:
    a, b = Input(batch_shape=(1, 3, 2)), Input(batch_shape=(1, 1, 2, 3))
    assert Dot(axes=(-2, -1))([a, b]).shape == (1, 2, 1, 2)
    assert Dot(axes=1)([Input(shape=(4,)), Input(shape=(4,))]).shape == (None, 1)
    assert Dot(axes=(1, 2))([Input(shape=(4,)), Input(shape=(3, 4))]).shape == (None, 3)


def test_gradients_reach_every_input() -> None:
    a = torch.rand(2, 3, requires_grad=True)
    b = torch.rand(2, 3, requires_grad=True)
    for layer in [*(cls() for cls in ELEMENTWISE), Concatenate(), Dot(axes=1, normalize=True)]:
        a.grad = b.grad = None
        layer([a, b]).sum().backward()
        assert a.grad is not None and b.grad is not None


# ----- masks ------------------------------------------------------------------------------------


def test_merge_mask_is_or_of_masks_and_none_when_any_is_missing() -> None:
    x = torch.zeros(1, 3, 2)
    m1, m2 = torch.tensor([[True, False, False]]), torch.tensor([[False, True, False]])
    for layer in [cls() for cls in ELEMENTWISE]:
        assert layer.supports_masking
        assert layer.compute_mask([x, x], None) is None
        assert layer.compute_mask([x, x], [m1, None]) is None
        assert layer.compute_mask([x, x], [m1, m2]).tolist() == [[True, True, False]]


def test_concatenate_mask_follows_the_joined_axis() -> None:
    x1, x2 = torch.zeros(1, 2, 3), torch.zeros(1, 3, 3)
    mask = torch.tensor([[False, True]])
    joined = Concatenate(axis=1).compute_mask([x1, x2], [mask, None])
    assert joined.tolist() == [[False, True, True, True, True]]
    assert Concatenate().compute_mask([x1, torch.zeros(1, 2, 4)], [mask, None]).tolist() == [[True, True]]
    assert Concatenate().compute_mask([x1, x1], [None, None]) is None


def test_dot_has_no_output_mask() -> None:
    x, mask = torch.zeros(1, 2, 3), torch.tensor([[True, False]])
    assert Dot(axes=-1).supports_masking
    assert Dot(axes=-1).compute_mask([x, x], [mask, mask]) is None


def test_masks_given_to_a_call_must_be_a_list_of_one_per_input() -> None:
    x, mask = torch.zeros(1, 2, 3), torch.tensor([[True, False]])
    with pytest.raises(
        ValueError, match=r"`mask` should be a list, one mask \(or None\) per input. Received: Tensor"
    ):
        Maximum()([x, x], mask=mask)
    with pytest.raises(ValueError, match=r"should have the same length. Received: 2 inputs and 1 masks"):
        Maximum(name="peak")([x, x], mask=[mask])


def test_a_mask_that_does_not_fit_is_refused() -> None:
    x = torch.zeros(1, 2, 3)
    with pytest.raises(
        ValueError, match=r"mask of shape \(1, 3\) does not fit an input of shape \(1, 2, 3\)"
    ):
        Multiply()([x, x], mask=[torch.ones(1, 3, dtype=torch.bool), None])


def test_float_masks_are_refused() -> None:
    x = torch.zeros(1, 2, 3)
    with pytest.raises(TypeError, match=r"A mask must be booleans.*float32"):
        Add().compute_mask([x, x], [torch.ones(1, 2), torch.ones(1, 2)])


@pytest.mark.parametrize(
    ("mask", "inputs", "message"),
    [
        (torch.ones(1, 2, dtype=torch.bool), "list", r"`mask` should be a list"),
        ([None, None], "one", r"`inputs` should be a list"),
        ([None], "list", r"should have the same length. Received: 2 inputs and 1 masks"),
    ],
)
def test_compute_mask_errors(mask, inputs: str, message: str) -> None:
    x = torch.zeros(1, 2, 3)
    for layer in (Add(), Concatenate()):
        with pytest.raises(ValueError, match=message):
            layer.compute_mask([x, x] if inputs == "list" else x, mask)


# ----- errors -----------------------------------------------------------------------------------


def test_one_tensor_instead_of_a_list_is_refused_eager_and_symbolic() -> None:
    with pytest.raises(
        ValueError,
        match=r"should be called on a list of inputs.*'total' received one input: Tensor of shape \(2, 3\)",
    ):
        Add(name="total")(torch.zeros(2, 3))
    with pytest.raises(ValueError, match=r"received one input of shape \(None, 3\)"):
        Add()(Input(shape=(3,)))


def test_an_empty_list_is_refused() -> None:
    with pytest.raises(ValueError, match=r"at least 1 input. Add 'nothing' received an empty list"):
        Add(name="nothing")([])


@pytest.mark.parametrize("count", [1, 3])
def test_subtract_takes_exactly_two_inputs(count: int) -> None:
    inputs = [Input(shape=(4, 5)) for _ in range(count)]
    with pytest.raises(
        ValueError, match=rf"A `Subtract` layer should be called on exactly 2 inputs. 'diff' received {count}"
    ):
        Subtract(name="diff")(inputs)


def test_incompatible_shapes_are_refused_with_both_shapes() -> None:
    layer = Add(name="sum")
    with pytest.raises(
        ValueError,
        match=r"Add 'sum' needs inputs of one shape.*Received: input shapes \[\(2, 4, 5\), \(2, 4, 6\)\]",
    ):
        layer([torch.zeros(2, 4, 5), torch.zeros(2, 4, 6)])
    assert not layer.built  # a refused call builds nothing
    with pytest.raises(ValueError, match=r"\[\(None, 4, 5\), \(None, 3, 5\)\]"):
        Multiply()([Input(shape=(4, 5)), Input(shape=(3, 5))])


def test_a_built_layer_still_refuses_other_shapes() -> None:
    layer = Add()
    layer([torch.zeros(2, 3), torch.zeros(2, 3)])
    with pytest.raises(ValueError, match=r"\[\(2, 3\), \(2, 4\)\]"):
        layer([torch.zeros(2, 3), torch.zeros(2, 4)])


def test_different_batch_sizes_are_refused() -> None:
    with pytest.raises(
        ValueError, match=r"cannot merge tensors with different batch sizes. Received: input shapes"
    ):
        Add()([torch.zeros(2, 3), torch.zeros(3, 3)])
    with pytest.raises(ValueError, match=r"different batch sizes.*\[\(2, 3\), \(4, 3\)\]"):
        Average()([Input(batch_shape=(2, 3)), Input(batch_shape=(4, 3))])


def test_concatenate_refuses_mismatched_shapes() -> None:
    # Keras's test_concatenate_errors cases.
    assert Concatenate()([np.ones((1, 1, 1, 1, 5)), np.ones((1, 1, 1, 1, 4))]).shape == (1, 1, 1, 1, 9)
    message = r"requires inputs with matching shapes except for the concatenation axis \(axis=1\)"
    with pytest.raises(ValueError, match=message):
        Concatenate(axis=1)([np.ones((1, 2, 1, 2, 1)), np.ones((1, 1, 1, 3, 1))])
    with pytest.raises(ValueError, match=r"'cat' received: input shapes \[\(None, 3\), \(None, 2, 3\)\]"):
        Concatenate(name="cat")([Input(shape=(3,)), Input(shape=(2, 3))])


def test_concatenate_axis_out_of_range_and_of_the_wrong_type() -> None:
    with pytest.raises(ValueError, match=r"joins along axis=3, which inputs of rank 3 do not have"):
        Concatenate(axis=3)([torch.zeros(1, 2, 3), torch.zeros(1, 2, 3)])
    with pytest.raises(TypeError, match=r"axis must be an integer. Received: axis='1'"):
        Concatenate(axis="1")


def test_dot_argument_and_shape_errors() -> None:
    with pytest.raises(TypeError, match=r"axes must be an integer or a pair of integers. Received: axes='1'"):
        Dot(axes="1")
    with pytest.raises(
        ValueError, match=r"one integer or a pair of integers, one per input. Received: axes=\(1, 2, 3\)"
    ):
        Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match=r"axes other than the batch axis 0. Received: axes=0"):
        Dot(axes=0)([torch.zeros(2, 3), torch.zeros(2, 3)])
    with pytest.raises(
        ValueError, match=r"axis 1 of the first input and axis 1 of the second, which must have one size"
    ):
        Dot(axes=1)([torch.zeros(2, 3), torch.zeros(2, 4)])
    with pytest.raises(ValueError, match=r"A `Dot` layer should be called on exactly 2 inputs"):
        Dot(axes=1)([torch.zeros(2, 3)] * 3)


def test_unknown_arguments_are_refused() -> None:
    with pytest.raises(TypeError, match=r"Concatenate got an unknown argument axes=1. Did you mean axis=\?"):
        Concatenate(axes=1)


# ----- config, functional spellings, models -----------------------------------------------------


@pytest.mark.parametrize(
    "layer",
    [Add(name="a"), Subtract(), Concatenate(axis=1), Dot(axes=(1, 2), normalize=True)],
    ids=["add", "subtract", "concatenate", "dot"],
)
def test_config_round_trip(layer: layers.Layer) -> None:
    config = layer.get_config()
    assert type(layer)(**config).get_config() == config


@pytest.mark.parametrize(
    ("function", "layer_class"),
    [
        (layers.add, Add),
        (layers.subtract, Subtract),
        (layers.multiply, Multiply),
        (layers.average, Average),
        (layers.maximum, Maximum),
        (layers.minimum, Minimum),
        (layers.concatenate, Concatenate),
        (layers.dot, Dot),
    ],
)
def test_functional_spellings_match_the_layers(function, layer_class: type) -> None:
    a, b = torch.rand(2, 3, 4), torch.rand(2, 3, 4)
    expected = layer_class(**({"axes": -1} if layer_class is Dot else {}))([a, b])
    assert torch.equal(function([a, b]), expected)
    inputs = [Input(shape=(3, 4)), Input(shape=(3, 4))]
    symbolic = function(inputs, name=f"{layer_class.__name__.lower()}_node")
    model = Model(inputs, symbolic)
    assert model.get_layer(f"{layer_class.__name__.lower()}_node").built
    assert torch.equal(model([a, b]), expected)


def test_functional_concatenate_takes_axis() -> None:
    y = layers.concatenate([torch.zeros(2, 3, 4), torch.ones(2, 1, 4)], axis=1)
    assert y.shape == (2, 4, 4) and y[:, 3].eq(1).all()


def test_two_recurrent_branches_merged_and_read_out() -> None:
    in_a, in_b = Input(batch_shape=(2, None, 3)), Input(batch_shape=(2, None, 2))
    a = LSTM(4, stateful=True)(in_a)
    b = GRU(5, stateful=True)(in_b)
    merged = layers.concatenate([a, b])
    model = Model([in_a, in_b], Dense(1)(layers.add([Dense(3)(merged), Dense(3)(merged)])))
    assert merged.shape == (2, 9)
    assert model([torch.rand(2, 6, 3), torch.rand(2, 6, 2)]).shape == (2, 1)
