"""`statefulrnn.ops` against Keras 3's ``keras.ops`` (on TensorFlow), case by case: the values
and dtypes recorded by ``tools/keras_fixtures/ops.py`` in tests/fixtures/ops, replayed on torch
tensors and on numpy arrays; then what the fixtures cannot record (control flow, gradients,
errors, a Keras-style layer written with ops). Ops on a functional model's symbolic tensors:
tests/layers/test_ops_graph.py."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import Sequential, ops
from statefulrnn.layers import Dense, Layer
from tests.fixture_scripts import fixture_script

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = np.load(ROOT / "tests" / "fixtures" / "ops" / "values.npz")
CASES = json.loads(str(FIXTURE["cases"]))
DTYPES = json.loads(str(FIXTURE["dtypes"]))
INPUTS = {name[3:]: FIXTURE[name] for name in FIXTURE.files if name.startswith("in_")}


RECORDER = fixture_script("ops")


@pytest.mark.parametrize("given", ["tensors", "arrays"])
@pytest.mark.parametrize("item", CASES, ids=[item["id"] for item in CASES])
def test_op_matches_keras(item: dict, given: str) -> None:
    arrays = (
        {name: torch.from_numpy(value) for name, value in INPUTS.items()} if given == "tensors" else INPUTS
    )
    result = RECORDER.call(ops, item, arrays)
    parts = list(result) if isinstance(result, (list, tuple)) and item["op"] != "shape" else [result]
    assert len(parts) == len(DTYPES[item["id"]])
    for k, (part, dtype) in enumerate(zip(parts, DTYPES[item["id"]])):
        if dtype:
            assert ops.dtype(part) == dtype, f"output {k}"
    got = [np.asarray(ops.convert_to_numpy(p) if isinstance(p, torch.Tensor) else p) for p in parts]
    expected = [FIXTURE[f"out_{item['id']}_{k}"] for k in range(len(parts))]
    if len(parts) > 1 and item["op"] in DETERMINED:
        got, expected = DETERMINED[item["op"]](*got), DETERMINED[item["op"]](*expected)
    for k, (ours, keras) in enumerate(zip(got, expected)):
        np.testing.assert_allclose(ours, keras, rtol=2e-5, atol=1e-6, err_msg=f"output {k}")


def _svd_determined(u: np.ndarray, s: np.ndarray, v: np.ndarray) -> list[np.ndarray]:
    k = s.shape[-1]  # the rows of u and v past min(M, N) in full matrices are any basis
    return [s, (u[..., :k] * s[..., None, :]) @ v[..., :k, :], np.abs(u[..., :k]), np.abs(v[..., :k, :])]


def _eig_determined(values: np.ndarray, vectors: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(values.real, axis=-1, kind="stable")  # LAPACK and Eigen order them otherwise
    values, vectors = values[order], vectors[:, order]
    # each vector up to a complex phase: turned so that its largest entry is real and positive
    largest = vectors[np.argmax(np.abs(vectors), axis=0), np.arange(vectors.shape[1])]
    return [values, vectors * (np.abs(largest) / largest)]


# Factorisations unique only up to the signs (or phases) of their vectors, which TensorFlow's and
# LAPACK's routines choose differently: compared by what they determine.
DETERMINED = {
    "svd": _svd_determined,
    "qr": lambda q, r: [q @ r, np.abs(q[..., : r.shape[-2]]), np.abs(r)],
    "eigh": lambda values, vectors: [values, np.abs(vectors)],
    "eig": _eig_determined,
}


# ----- where statefulrnn follows NumPy and Keras 3.15 on TensorFlow does not (not recorded) ----


def test_numpy_semantics_where_keras_on_tensorflow_differs() -> None:
    v, w = np.arange(3.0), np.arange(3.0, 6.0)
    assert ops.vstack([v, w]).shape == (2, 3)  # rows, as np.vstack (TensorFlow's: 6 values)
    ids = torch.tensor([0, 0, 3])  # segments 1 and 2 empty: max id + 1 segments
    np.testing.assert_array_equal(ops.segment_sum(torch.ones(3, 2), ids), [[2, 2], [0, 0], [0, 0], [1, 1]])
    x = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_allclose(ops.pad(torch.from_numpy(x), 1), np.pad(x, 1))
    np.testing.assert_allclose(ops.norm(x), np.linalg.norm(x))
    # TensorFlow's rot90 reshapes a half turn of a plane that is not square as if it were
    np.testing.assert_array_equal(ops.rot90(x, k=2, axes=(1, 2)), np.rot90(x, k=2, axes=(1, 2)))
    # and unravels indices that are not 1-D from the first axis of the shape
    flat = np.array([[0, 5], [11, 7]], dtype=np.int32)
    for got, expected in zip(ops.unravel_index(flat, (3, 4)), np.unravel_index(flat, (3, 4))):
        np.testing.assert_array_equal(got, expected)
    # a list of quantiles over a row all NaN fails there
    rows = np.array([[1.0, np.nan, 3.0], [np.nan] * 3])
    np.testing.assert_allclose(ops.nanquantile(rows, [0.25, 0.5], axis=1), [[1.5, np.nan], [2.0, np.nan]])


# ----- control flow, run eagerly ---------------------------------------------------------


def test_scan_carries_and_stacks_as_a_loop_does() -> None:
    xs = torch.tensor([1.0, 2.0, 3.0, 4.0])
    carry, ys = ops.scan(lambda c, x: (c + x, c), torch.tensor(0.0), xs)
    assert carry == 10.0
    np.testing.assert_array_equal(ys, [0.0, 1.0, 3.0, 6.0])
    carry, ys = ops.scan(lambda c, x: (c + x, c), torch.tensor(0.0), xs, reverse=True)
    np.testing.assert_array_equal(ys, [9.0, 7.0, 4.0, 0.0])  # ys in xs's order, filled from the end
    carry, (a, b) = ops.scan(lambda c, x: (c * 2, (c, c + 1)), torch.tensor(1.0), length=3)
    assert carry == 8.0 and a.tolist() == [1.0, 2.0, 4.0] and b.tolist() == [2.0, 3.0, 5.0]
    with pytest.raises(ValueError, match="xs, or length"):
        ops.scan(lambda c, x: (c, c), 0.0)


def test_loops_conditions_and_map() -> None:
    assert ops.fori_loop(0, 5, lambda i, total: total + i, 0) == 10
    assert ops.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s * 2), (0, 1)) == (4, 16)
    assert ops.while_loop(lambda i: True, lambda i: i + 1, 0, maximum_iterations=3) == 3
    assert ops.cond(torch.tensor(True), lambda: "yes", lambda: "no") == "yes"
    assert ops.switch(7, [lambda x: x + 1, lambda x: x * 10], 3) == 30  # an index past the end: the last
    np.testing.assert_array_equal(ops.map(lambda row: row.sum(), torch.ones(3, 2)), [2.0, 2.0, 2.0])


# ----- gradients, and Keras programs written with ops ------------------------------------


def test_gradients_flow_through_ops() -> None:
    w = torch.randn(4, 3, requires_grad=True)
    x = torch.randn(5, 4)
    ops.mean(ops.square(ops.tanh(ops.matmul(x, w)))).backward()
    reference = w.detach().clone().requires_grad_()
    torch.tanh(x @ reference).square().mean().backward()
    torch.testing.assert_close(w.grad, reference.grad)


class Scale(Layer):
    """A Keras-style layer written with ops: ``x * w + b`` per feature, then a softsign."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")
        self.b = self.add_weight(shape=(input_shape[-1],), initializer="zeros", name="b")

    def call(self, inputs):
        return ops.softsign(ops.add(ops.multiply(inputs, self.w), self.b))


def test_a_layer_and_a_loss_written_with_ops_train_as_the_built_in_ones() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype(np.float32)
    y = rng.normal(size=(32, 2)).astype(np.float32)

    def mse_with_ops(y_true, y_pred):
        return ops.mean(ops.square(ops.subtract(y_true, y_pred)), axis=-1)

    trained = []
    for loss in ("mse", mse_with_ops):
        torch.manual_seed(0)
        model = Sequential([Scale(input_shape=(3,)), Dense(2)])
        model.compile(optimizer="adam", loss=loss)
        history = model.fit(x, y, epochs=3, batch_size=8, verbose=0)
        trained.append((history.history["loss"], model.get_weights()))
    (losses_builtin, weights_builtin), (losses_ops, weights_ops) = trained
    np.testing.assert_allclose(losses_ops, losses_builtin, rtol=1e-6)
    assert not np.allclose(weights_ops[0], 1.0)  # the layer's own weight trained
    for got, expected in zip(weights_ops, weights_builtin):
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


# ----- errors that say what was expected and what came -----------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: ops.squeeze(torch.zeros(2, 3), axis=1), ValueError, "axis 1 of shape \\(2, 3\\) has size 3"),
        (lambda: ops.split(torch.zeros(5), 2), ValueError, "2 equal parts of axis 0 \\(size 5\\)"),
        (lambda: ops.where(torch.tensor([True]), 1.0), ValueError, "both x1 and x2, or neither"),
        (lambda: ops.pad(torch.zeros(3), 1, mode="wrap"), ValueError, "mode must be"),
        (lambda: ops.slice(torch.zeros(3, 3), (2, 0), (2, 3)), ValueError, "leaves the input of shape"),
        (lambda: ops.unstack(torch.zeros(3, 2), num=3, axis=1), ValueError, "num=3"),
        (lambda: ops.normalize(torch.ones(3), order=0), ValueError, "order` must be an int >= 1"),
        (lambda: ops.convert_to_tensor({"a": 1}), TypeError, "Expected numbers"),
        (lambda: ops.cast(torch.ones(2), "float33"), ValueError, "Invalid dtype: 'float33'"),
        (lambda: ops.max(torch.zeros(0)), ValueError, "needs initial="),
        (lambda: ops.svd(torch.zeros(3)), ValueError, "rank >= 2. Received input with shape \\(3,\\)"),
        (lambda: ops.det(torch.zeros(2, 3)), ValueError, "Received non-square input with shape"),
        (lambda: ops.cholesky(-torch.eye(2)), ValueError, "Cholesky decomposition failed"),
        (lambda: ops.qr(torch.eye(2), mode="r"), ValueError, "Received: mode=r"),
        (lambda: ops.solve(torch.eye(3), torch.ones(2)), ValueError, "a.shape=\\(3, 3\\), b.shape=\\(2,\\)"),
        (lambda: ops.lstsq(torch.eye(3), torch.ones(2)), ValueError, "equal to a.shape\\[0\\]"),
        (lambda: ops.lstsq(torch.ones(2, 2, 2), torch.ones(2)), ValueError, "a to have rank 2"),
        (lambda: ops.cdist(torch.ones(2, 3), torch.ones(2, 4)), ValueError, "must match. Received shapes"),
        (lambda: ops.view(torch.ones(1, 3, dtype=torch.int16), "float32"), ValueError, "not divisible by"),
        (lambda: ops.unique(torch.ones(3), size=-1), ValueError, "size must be a non-negative integer"),
        (lambda: ops.unique(torch.ones(3, 2), axis=2), ValueError, "axis 2 is out of bounds"),
        (lambda: ops.histogram(torch.ones(3), bins=0), ValueError, "bins must be a positive integer"),
        (lambda: ops.rearrange(torch.ones(2, 3), "a b"), ValueError, "one '->'"),
        (lambda: ops.rearrange(torch.ones(2, 3), "a b -> a"), ValueError, "'b' is on one side"),
        (lambda: ops.rearrange(torch.ones(2, 3), "a a -> a"), ValueError, "'a' appears twice"),
        (lambda: ops.rearrange(torch.ones(2, 3), "a -> a"), ValueError, "1 input axes; the tensor has 2"),
        (lambda: ops.rearrange(torch.ones(6), "(a b) -> b a"), ValueError, "a, b have none"),
        (lambda: ops.rearrange(torch.ones(6), "(a b) -> b a", a=4), ValueError, "cannot split an axis of"),
        (lambda: ops.rearrange(torch.ones(6), "a... -> a"), ValueError, "'...' is neither"),
        (lambda: ops.conv_transpose(torch.ones(1, 4, 3), torch.ones(2, 1, 2)), ValueError, "3 channels"),
        (lambda: ops.unfold(torch.ones(4, 4), 2), ValueError, "4-D tensor \\(N, C, H, W\\)"),
        (lambda: ops.adaptive_max_pool(torch.ones(1, 4, 2), 0), ValueError, "integers of at least 1"),
    ],
)
def test_bad_calls_are_refused_clearly(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("length", [1, 2, 5, 8, 13])
@pytest.mark.parametrize("reverse", [False, True])
def test_associative_scan_equals_the_fold_it_parallelises(length: int, reverse: bool) -> None:
    """A linear recurrence h_t = a_t h_{t-1} + b_t as pairs composed by an associative f, on a
    (batch, time) layout scanned along axis 1: each step equals the loop's."""
    torch.manual_seed(0)
    a, b = torch.rand(3, length) * 0.9, torch.randn(3, length)

    def compose(first, second):  # apply first, then second: (a2 a1, a2 b1 + b2)
        return {"a": second["a"] * first["a"], "b": second["a"] * first["b"] + second["b"]}

    scanned = ops.associative_scan(compose, {"a": a, "b": b}, reverse=reverse, axis=1)["b"]
    h, expected = torch.zeros(3), []
    for t in reversed(range(length)) if reverse else range(length):
        h = a[:, t] * h + b[:, t]
        expected.append(h)
    if reverse:
        expected.reverse()
    torch.testing.assert_close(scanned, torch.stack(expected, dim=1))
    summed = ops.associative_scan(lambda x, y: [x[0] + y[0], x[1] + y[1]], [b, a], axis=1)
    torch.testing.assert_close(summed[0], b.cumsum(1))
    torch.testing.assert_close(summed[1], a.cumsum(1))


def test_vectorized_map_batches_or_loops_to_the_same_values() -> None:
    x = torch.randn(4, 3)
    torch.testing.assert_close(
        ops.vectorized_map(lambda row: row * 2 + row.sum(), x), x * 2 + x.sum(1, keepdim=True)
    )

    def data_dependent(row):  # int() of a value: vmap cannot batch it, so the rows are looped
        return row[: 1 + int(row[0] > 0)].sum()

    looped = ops.vectorized_map(data_dependent, x)
    torch.testing.assert_close(looped, torch.stack([data_dependent(row) for row in x]))
    pairs = ops.vectorized_map(lambda pair: pair[0] - pair[1], (x, x * 3))
    torch.testing.assert_close(pairs, -2 * x)
    with pytest.raises(TypeError, match="callable"):
        ops.associative_scan("add", x)
    with pytest.raises(ValueError, match="one length"):
        ops.associative_scan(lambda p, q: p, [torch.ones(3), torch.ones(4)])


# ----- linear algebra the fixture cannot hold -------------------------------------------


def test_lu_factor_gives_lapack_pivots_counted_from_zero() -> None:
    # Keras on TensorFlow returns a permutation here, on JAX and PyTorch the pivots (SciPy's
    # convention, what its docstring promises): the pivots, checked by rebuilding the matrix.
    # Of the second matrix (singular: its third row is twice its first), as SciPy's does.
    for a in (
        torch.tensor([[1.0, 2.0, 0.5], [4.0, 1.0, 2.0], [2.0, 5.0, 3.0]]),
        torch.tensor([[1.0, 2.0, 0.5], [4.0, 1.0, 2.0], [2.0, 4.0, 1.0]]),
    ):
        lu, pivots = ops.lu_factor(a)
        assert pivots.dtype == torch.int32 and pivots.tolist()[0] == 1
        rebuilt = (torch.tril(lu, -1) + torch.eye(3)) @ torch.triu(lu)
        for row, pivot in reversed(list(enumerate(pivots.tolist()))):  # undo the swaps, last first
            rebuilt[[row, pivot]] = rebuilt[[pivot, row]]
        torch.testing.assert_close(rebuilt, a)


def test_linalg_namespace_records_in_a_graph_and_differentiates() -> None:
    assert ops.linalg.svd is ops.svd and ops.linalg.solve is ops.solve
    x = torch.tensor([[2.0, 1.0], [1.0, 3.0]], requires_grad=True)
    ops.logdet(x).backward()
    torch.testing.assert_close(x.grad, torch.linalg.inv(x.detach()).T)  # d log det / dX = X^-T
    from statefulrnn import Input, Model

    inputs = Input((3, 3))
    model = Model(inputs, ops.linalg.svd(inputs, compute_uv=False))
    batch = np.random.default_rng(0).normal(size=(2, 3, 3)).astype(np.float32)
    expected = np.linalg.svd(batch, compute_uv=False)
    np.testing.assert_allclose(model.predict(batch, verbose=0), expected, rtol=1e-5)


def test_jvp_is_the_forward_derivative() -> None:
    primal = torch.tensor([1.0, 2.0])
    out, tangent = ops.jvp(lambda v: ops.sum(v**3), (primal,), (torch.tensor([1.0, 0.5]),))
    assert float(out) == 9.0 and float(tangent) == 3.0 * 1.0 + 12.0 * 0.5
    out, tangent, aux = ops.jvp(lambda v: (v * 2, v.sum()), (primal,), (torch.ones(2),), has_aux=True)
    assert float(aux) == 3.0 and tangent.tolist() == [2.0, 2.0]


def test_segment_min_and_prod_fill_empty_segments_as_tensorflow() -> None:
    data, ids = torch.tensor([3.0, 1.0, 5.0]), torch.tensor([0, 0, 2])
    assert ops.segment_min(data, ids).tolist() == [1.0, torch.finfo(torch.float32).max, 5.0]
    assert ops.segment_prod(data, ids, num_segments=4).tolist() == [3.0, 1.0, 5.0, 1.0]


def test_saturate_cast_compares_its_limits_exactly() -> None:
    # float32 rounds int32's largest value up to 2**31; Keras 3.15 compares in float32, misses
    # that, and its cast of 3e9 wraps to -2**31 (recorded in the fixture script's notes)
    wide = torch.tensor([3e9, float("inf"), -3e9, 12.7])
    assert ops.saturate_cast(wide, "int32").tolist() == [2147483520, 2147483520, -2147483648, 12]
    assert ops.saturate_cast(torch.tensor([70000, -5], dtype=torch.int32), "int16").tolist() == [32767, -5]


# ----- ops.image: what the fixtures cannot record -----------------------------------------


def test_elastic_transform_s_properties() -> None:
    # its field comes from torch's generator (Keras's from TensorFlow's): the properties, not the numbers
    images = torch.rand(2, 9, 10, 3)
    same = ops.image.elastic_transform(images, alpha=0.0, seed=3)
    assert torch.equal(same, images)  # no displacement: the images back
    warped = ops.image.elastic_transform(images, alpha=30.0, sigma=2.0, seed=3)
    assert warped.shape == images.shape and not torch.allclose(warped, images)
    torch.testing.assert_close(ops.image.elastic_transform(images, alpha=30.0, sigma=2.0, seed=3), warped)
    assert not torch.allclose(ops.image.elastic_transform(images, alpha=30.0, sigma=2.0, seed=4), warped)
    # one field per image whatever the layout, and for a single image as for a batch of one
    first = ops.image.elastic_transform(
        images.permute(0, 3, 1, 2), alpha=30.0, sigma=2.0, seed=3, data_format="channels_first"
    )
    torch.testing.assert_close(first.permute(0, 2, 3, 1), warped)
    single = ops.image.elastic_transform(images[0], alpha=30.0, sigma=2.0, seed=3, interpolation="nearest")
    assert single.shape == (9, 10, 3)
    assert set(single.flatten().tolist()) <= set(images[0].flatten().tolist())  # nearest: pixels moved
    # a constant image stays constant under any warp that reads inside it
    flat = ops.image.elastic_transform(torch.full((1, 8, 8, 1), 0.25), alpha=50.0, seed=0)
    torch.testing.assert_close(flat, torch.full((1, 8, 8, 1), 0.25))


def test_image_ops_refuse_what_keras_refuses() -> None:
    images = torch.rand(2, 4, 4, 3)
    with pytest.raises(ValueError, match=r"expected rank 3 \(single image\) or rank 4.*shape=\(4, 3\)"):
        ops.image.resize(torch.rand(4, 3), (2, 2))
    with pytest.raises(ValueError, match=r"Expected one of .*'bilinear'.*Received: interpolation=cubic"):
        ops.image.resize(images, (2, 2), interpolation="cubic")
    with pytest.raises(ValueError, match="Received: fill_mode=mirror"):
        ops.image.affine_transform(images, torch.zeros(8), fill_mode="mirror")
    with pytest.raises(ValueError, match="data_format"):
        ops.image.rgb_to_grayscale(images, data_format="channels_middle")
    with pytest.raises(ValueError, match="Invalid channel size: expected 3 \\(RGB\\) or 1"):
        ops.image.rgb_to_grayscale(torch.rand(2, 4, 4, 2))
    with pytest.raises(ValueError, match="expected float dtype"):
        ops.image.rgb_to_hsv(torch.ones(4, 4, 3, dtype=torch.int32))
    with pytest.raises(ValueError, match=r"Invalid transform rank.*shape=\(1, 2, 8\)"):
        ops.image.affine_transform(images, torch.zeros(1, 2, 8))
    with pytest.raises(ValueError, match=r"start_points shape: expected \(4,2\)"):
        ops.image.perspective_transform(images, torch.zeros(3, 2), torch.zeros(3, 2))
    with pytest.raises(ValueError, match="exactly two of top_padding, bottom_padding, target_height"):
        ops.image.pad_images(images, 1, 1, 1, 1, target_height=9)
    with pytest.raises(ValueError, match=r"top_cropping must be >= 0\. Received: top_cropping=-1"):
        ops.image.crop_images(images, left_cropping=0, bottom_cropping=2, target_height=3, target_width=4)
    with pytest.raises(ValueError, match="Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio`"):
        ops.image.resize(images, (2, 3), pad_to_aspect_ratio=True, crop_to_aspect_ratio=True)
    with pytest.raises(NotImplementedError, match="order<=1"):
        ops.image.map_coordinates(torch.rand(3, 3), torch.zeros(2, 4), order=3)
    with pytest.raises(ValueError, match="leading dim of 3"):
        ops.image.map_coordinates(torch.rand(3, 3), torch.zeros(3, 4), order=1)
    with pytest.raises(ValueError, match="expected rank 4 \\(batch of images\\)"):
        ops.image.sobel_edges(images[0])
    with pytest.raises(TypeError, match="Expected an int or a tuple"):
        ops.image.extract_patches(images, "2")


def test_image_ops_are_differentiable_and_keep_integer_images_integer() -> None:
    images = torch.rand(1, 5, 6, 3, requires_grad=True)
    smaller = ops.image.resize(images, (3, 3), interpolation="bicubic")
    loss = smaller.sum() + ops.image.ssim(images, images * 0.5, filter_size=3)
    loss.backward()
    assert images.grad is not None and bool(images.grad.abs().sum() > 0)
    pixels = torch.tensor([[[[0], [255]], [[255], [0]]]], dtype=torch.uint8)
    bigger = ops.image.resize(pixels, (4, 4), interpolation="bicubic")  # overshoots, clipped
    assert bigger.dtype == torch.uint8 and int(bigger.min()) == 0 and int(bigger.max()) == 255
