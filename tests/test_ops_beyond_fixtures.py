"""What the ops fixture (tests/test_ops.py) cannot record of Keras 3.15's later ops: functions
that take functions (``custom_gradient``, ``vectorize``), the semantics where Keras on
TensorFlow is wrong or narrower (``argpartition`` on more axes or negative values,
``histogram`` of more axes), and the new ops on a functional model's symbolic tensors."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import Input, Model, ops

# ----- custom_gradient -------------------------------------------------------------------


def test_custom_gradient_takes_tensorflows_form_of_grad_fn() -> None:
    @ops.custom_gradient
    def log1pexp(x):
        e = ops.exp(x)

        def grad(upstream):
            return ops.multiply(upstream, 1.0 - 1.0 / ops.add(1, e))

        return ops.log(1 + e), grad

    x = torch.tensor([0.0, 2.0, 100.0], requires_grad=True)
    y = log1pexp(x)
    torch.testing.assert_close(y[:2], torch.log1p(torch.exp(x[:2].detach())))
    y.sum().backward()
    torch.testing.assert_close(x.grad, torch.sigmoid(x.detach()))  # finite at 100, where autograd's is NaN


def test_custom_gradient_takes_the_keras_docs_form_with_inputs_and_upstream() -> None:
    seen = {}

    @ops.custom_gradient
    def scaled(x, w, factor):
        def grad(*args, upstream=None):
            seen["args"] = args
            return upstream * w * 2, upstream * x  # d/dx doubled on purpose: this one is used

        return x * w * factor, grad

    x, w = torch.tensor([1.0, 2.0], requires_grad=True), torch.tensor([3.0, 4.0], requires_grad=True)
    scaled(x, w, 10.0).sum().backward()
    assert [a.tolist() for a in seen["args"]] == [[1.0, 2.0], [3.0, 4.0]]  # the tensors, not the factor
    assert x.grad.tolist() == [6.0, 8.0] and w.grad.tolist() == [1.0, 2.0]


def test_custom_gradient_with_several_outputs_and_wrong_returns() -> None:
    @ops.custom_gradient
    def both(x):
        def grad(up_a, up_b):
            return up_a + 3 * up_b

        return (x * 1.0, x * 2.0), grad

    x = torch.tensor([1.0], requires_grad=True)
    a, b = both(x)
    (a + b).sum().backward()
    assert x.grad.tolist() == [4.0]

    with pytest.raises(TypeError, match=r"returns \(output, grad_fn\)"):
        ops.custom_gradient(lambda x: x * 2)(torch.ones(2))
    two_grads = ops.custom_gradient(lambda x: (x * 2, lambda up: (up, up)))
    with pytest.raises(ValueError, match="2 gradient\\(s\\) for 1 tensor"):
        two_grads(torch.ones(2, requires_grad=True)).sum().backward()


# ----- vectorize -------------------------------------------------------------------------


def test_vectorize_maps_a_scalar_function_as_numpy_does() -> None:
    def clipped_ratio(a, b):
        return a / b if b != 0 else torch.tensor(0.0)

    a, b = np.array([[1.0, 2.0, 3.0]]), np.array([[2.0], [0.0]])
    expected = np.vectorize(lambda p, q: p / q if q != 0 else 0.0)(a, b)
    np.testing.assert_allclose(ops.vectorize(clipped_ratio)(a, b), expected)


def test_vectorize_with_a_signature_and_excluded_arguments() -> None:
    matvec = ops.vectorize(lambda m, v: m @ v, signature="(m,n),(n)->(m)")
    ms, vs = torch.randn(4, 2, 3), torch.randn(5, 1, 3)
    out = matvec(ms, vs)  # leading axes (4,) and (5, 1) broadcast to (5, 4)
    assert out.shape == (5, 4, 2)
    torch.testing.assert_close(out, torch.einsum("kmn,jn->jkm", ms, vs[:, 0]))

    def shifted(x, offset):
        assert isinstance(offset, list)  # passed as it is, not mapped
        return x + len(offset)

    np.testing.assert_allclose(ops.vectorize(shifted, excluded={1})(torch.zeros(3), [1, 2]), [2.0, 2.0, 2.0])
    sum_and_max = ops.vectorize(lambda v: (v.sum(), v.max()), signature="(n)->(),()")
    pair = sum_and_max(torch.tensor([[1.0, 5.0], [2.0, 3.0]]))
    assert [p.tolist() for p in pair] == [[6.0, 5.0], [5.0, 3.0]]
    with pytest.raises(ValueError, match="core axis 'n' has lengths 3 and 2"):
        ops.vectorize(lambda a, b: a @ b, signature="(n),(n)->()")(torch.ones(3), torch.ones(2))
    with pytest.raises(ValueError, match="Not a valid gufunc signature"):
        ops.vectorize(lambda a: a, signature="(n)->")
    with pytest.raises(ValueError, match="no elements"):
        ops.vectorize(lambda a: a)(torch.ones(0))


# ----- where Keras on TensorFlow is narrower or wrong --------------------------------------


@pytest.mark.parametrize("axis", [0, 1, -1, None])
def test_argpartition_partitions_every_axis_as_numpy(axis) -> None:
    x = np.random.default_rng(0).normal(size=(5, 7)).astype(np.float32)
    kth = 2
    indices = ops.convert_to_numpy(ops.argpartition(x, kth, axis=axis))
    flat = x.reshape(-1) if axis is None else x
    along = -1 if axis is None else axis
    partitioned = np.take_along_axis(flat, indices.astype(np.int64), axis=along)
    every_index = np.sort(np.argsort(flat, axis=along), axis=along)
    np.testing.assert_array_equal(np.sort(indices, axis=along), every_index)
    np.testing.assert_array_equal(
        np.take(partitioned, kth, axis=along), np.take(np.sort(flat, axis=along), kth, axis=along)
    )


def test_argpartition_gives_every_index_once_with_negative_values() -> None:
    # Keras 3.15 on TensorFlow: [3, 1, 0, 2, 5, 1] (index 1 twice, 4 missing)
    x = np.array([5, -3, 2, -8, 0, 1], np.int32)
    assert ops.argpartition(x, 1).tolist() == [3, 1, 0, 2, 5, 4]
    # and the values compared as they are, not truncated to integers
    assert ops.argpartition(np.array([1.7, 1.2, 0.5], np.float32), 1).tolist()[:2] == [2, 1]


def test_histogram_and_unique_take_more_axes_as_numpy() -> None:
    x = np.random.default_rng(1).normal(size=(3, 4)).astype(np.float32)
    counts, edges = ops.histogram(x, bins=5)  # Keras refuses more than one axis
    expected_counts, expected_edges = np.histogram(x, bins=5)
    np.testing.assert_array_equal(counts, expected_counts)
    np.testing.assert_allclose(edges, expected_edges, rtol=1e-6, atol=1e-7)
    rows = np.array([[2, 1, 2], [0, 1, 0]], np.int32)
    values, index, inverse, counts = ops.unique(
        rows, axis=-1, return_index=True, return_inverse=True, return_counts=True
    )
    expected = np.unique(rows, axis=-1, return_index=True, return_inverse=True, return_counts=True)
    for got, want in zip((values, index, inverse, counts), expected):
        np.testing.assert_array_equal(got, want.reshape(-1) if want.ndim > 1 and got.ndim == 1 else want)


# ----- on a functional model's symbolic tensors ---------------------------------------------


def test_the_new_ops_record_graph_nodes_and_a_model_replays_them(tmp_path) -> None:
    inputs = Input((4, 6))
    split = ops.rearrange(inputs, "b t (c k) -> b (t k) c", k=2)  # axis lengths by keyword
    pooled = ops.adaptive_max_pool(split, 3)
    model = Model(inputs, pooled)
    assert split.shape == (None, 8, 3) and pooled.shape == (None, 3, 3)
    batch = np.random.default_rng(2).normal(size=(2, 4, 6)).astype(np.float32)
    eager = ops.adaptive_max_pool(ops.rearrange(batch, "b t (c k) -> b (t k) c", k=2), 3)
    np.testing.assert_array_equal(model.predict(batch, verbose=0), eager)
    model.save(tmp_path / "model.safetensors")
    from statefulrnn import load_model

    np.testing.assert_array_equal(load_model(tmp_path / "model.safetensors").predict(batch, verbose=0), eager)
    with pytest.raises(ValueError, match=r"Rearrange does not keep ops\.rearrange's argument k="):
        model.save(tmp_path / "model.keras")  # Keras keeps them as the call's keywords: not written yet


def test_get_item_of_a_symbolic_tensor_indexes_the_graph() -> None:
    inputs = Input((4, 6))
    model = Model(inputs, ops.get_item(inputs, (slice(None), 1, slice(2, 4))))
    batch = np.arange(48.0, dtype=np.float32).reshape(2, 4, 6)
    np.testing.assert_array_equal(model.predict(batch, verbose=0), batch[:, 1, 2:4])


def test_ops_whose_shape_depends_on_values_ask_for_a_layer() -> None:
    with pytest.raises(TypeError, match="needs a layer"):
        ops.unique(Input((3,)))
