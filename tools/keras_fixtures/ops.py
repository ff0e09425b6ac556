"""Record Keras 3's ``keras.ops`` (on TensorFlow) on fixed inputs: each case's values and dtypes.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/ops.py
Writes tests/fixtures/ops/values.npz: ``in_<name>`` (the inputs), a JSON ``cases`` (each case's
``id``, ``op``, ``args`` and ``kwargs``: ``"@name"`` stands for input ``name``, a list of them for
a list of inputs, anything else is passed as it is, lists of numbers as tuples where
``tuple_args`` says so), and per case ``out_<id>_<k>`` for each of its outputs (one, or each of a
tuple or list) with a JSON ``dtypes`` (Keras's dtype names of the outputs).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ops"


def inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)

    def normal(*shape: int) -> np.ndarray:
        return rng.normal(size=shape).astype(np.float32)

    def uniform(low: float, high: float, *shape: int) -> np.ndarray:
        return rng.uniform(low, high, size=shape).astype(np.float32)

    nan, inf = np.nan, np.inf
    a = normal(3, 3)
    logits = normal(4, 5)
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = rng.integers(0, 5, size=4).astype(np.int32)
    with_zeros = normal(2, 3, 4)
    with_zeros[0, 0] = 0.0
    return {
        "x": normal(2, 3, 4), "y": normal(2, 3, 4), "yz": with_zeros,
        "p": uniform(0.1, 2.0, 2, 3, 4), "u": uniform(-0.9, 0.9, 2, 3, 4), "g": uniform(1.1, 3.0, 2, 3, 4),
        "v": normal(4), "w": normal(4), "w3": normal(3), "vs": np.sort(normal(6)),
        "m": normal(3, 4), "n": normal(4, 5), "mm": normal(3, 2), "upd": normal(2, 2),
        "sq": (a @ a.T + 3 * np.eye(3)).astype(np.float32),
        "chol": np.linalg.cholesky(a @ a.T + 3 * np.eye(3)).astype(np.float32),
        "mm4": np.array([[2.0, -1.0, 0.0, 1.0], [1.0, 3.0, -2.0, 0.5], [0.0, 1.0, 4.0, -1.0],
                         [1.5, 0.0, 1.0, 2.0]], np.float32),
        "rank1": np.outer([1.0, 2.0, -1.0], [2.0, 0.5, 1.0, -3.0]).astype(np.float32),
        "i": rng.integers(0, 4, size=(2, 3)).astype(np.int32),
        "j": rng.integers(1, 5, size=(2, 3)).astype(np.int32),
        "oob": np.array([0, 2, 3, -1], dtype=np.int32),
        "b": rng.random((2, 3, 4)) > 0.5, "c": rng.random((2, 3, 4)) > 0.5,
        "s1": normal(2, 1, 4, 1), "c3a": normal(2, 3), "c3b": normal(2, 3),
        "idx": rng.integers(0, 4, size=(3, 2)).astype(np.int32),
        "logits": logits, "prob": probabilities.astype(np.float32), "lab": labels,
        "onehot": np.eye(5, dtype=np.float32)[labels],
        "bt": (rng.random((2, 3, 4)) > 0.5).astype(np.float32), "bp": uniform(0.05, 0.95, 2, 3, 4),
        "seg": normal(5, 3), "sid": np.array([0, 0, 1, 3, 3], dtype=np.int32),
        "sid2": np.array([0, 0, 1, 2, 2], dtype=np.int32),
        "sig": normal(2, 10), "nan": np.array([1.0, np.nan, np.inf, -np.inf, -2.0], dtype=np.float32),
        "mean4": normal(4), "var4": uniform(0.5, 2.0, 4), "off4": normal(4), "sc4": normal(4),
        "q": normal(2, 4, 2, 3), "k": normal(2, 5, 2, 3), "val": normal(2, 5, 2, 3),
        "k4": normal(2, 4, 2, 3), "v4": normal(2, 4, 2, 3),
        # fixed values: NaNs (an all-NaN row), signed zeros and infinities, integers for the
        # bitwise, gcd and counting ops
        "xn": np.array([[1, nan, 3, -2], [nan, nan, nan, nan], [0.5, 2, nan, -1]], np.float32),
        "fa": np.array([1, nan, nan, -2, 3], np.float32), "fb": np.array([nan, 2, nan, -3, 3], np.float32),
        "sz": np.array([-0.0, 0.0, -1.5, inf, -inf, 2.0], np.float32),
        "neg": np.array([-6, 4, 0, 9, -15, 12], np.int32), "pos": np.array([4, 6, 5, 3, 10, -8], np.int32),
        "bits": np.array([[5, -3, 12], [0, 7, 255]], np.int32),
        "bits2": np.array([[3, 6, 10], [1, 2, 4]], np.int32),
        "sh": np.array([[1, 2, 3], [0, 4, 1]], np.int32),
        "cnt": np.array([0, 1, 1, 3, 5, 3], np.int32),
        "cnt2": np.array([[0, 1, 1, 3], [2, 2, 0, 0]], np.int32),
        "wts": np.array([0.5, 1.0, 2.0, -1.0, 3.0, 0.25], np.float32),
        "lin": np.array([0.0, 0.5, 1.5, 3.0], np.float32), "ex": np.array([3, -1, 0, 5], np.int32),
        "flat": np.array([0, 5, 11, 7], np.int32),
        # convolutions and pooling, channels_last: sequences, images, volumes and Keras's kernels
        "seq": normal(2, 7, 3), "img": normal(2, 5, 6, 3), "vol": normal(1, 4, 5, 4, 2),
        "k1": normal(3, 3, 2), "k2": normal(3, 2, 3, 4), "kg": normal(2, 2, 1, 6),
        "k3": normal(2, 2, 2, 2, 3), "dk1": normal(3, 3, 2), "dk2": normal(3, 3, 3, 2),
        "pk": normal(1, 1, 6, 4), "d2s": normal(2, 2, 3, 8),
        "d2f": normal(1, 8, 2, 4), "s2d": normal(2, 4, 6, 2),
        # complex numbers; values past the range of narrower dtypes (drawn last: the draws
        # before keep their values)
        "cpx": (normal(2, 3) + 1j * normal(2, 3)).astype(np.complex64), "pair": normal(2, 3, 2),
        "wide": np.array([-1e10, -300.5, -1.5, 0.0, 2.7, 300.5, 7e4, 3e9, inf, -inf], np.float32),
        "wint": np.array([-70000, -129, 128, 255, 256, 70000], np.int32),
        "wide32": np.array([-1e10, -300.5, -1.5, 2.7, 7e4, 2e9, -inf], np.float32),
        # transposed kernels (*k, filters, C), unfold's columns, values with repeats
        "kt1": normal(3, 2, 3), "kt2": normal(3, 2, 4, 3), "cols": normal(2, 8, 6),
        "ap": np.array([[5, 3, 2, 8, 0, 1], [4, 4, 9, 0, 7, 2]], np.int32),
        "fu": np.array([3.0, 1.0, 2.0, 1.0, -0.5, 2.0], np.float32),
        "rows": np.array([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]], np.int32),
        # images (ops.image; drawn last): RGB batches both ways, single images, integers, fixed
        # colours (greys, black, pure hues), transforms and corner points, volumes, SSIM pairs
        "im": uniform(0, 1, 2, 6, 8, 3), "imf": uniform(0, 1, 2, 3, 6, 8), "im3": uniform(0, 1, 6, 8, 3),
        "im3b": uniform(0, 1, 6, 8, 3), "imi": rng.integers(0, 256, size=(1, 5, 6, 3)).astype(np.int32),
        "hues": np.array([[[[0.5, 0.5, 0.5], [0, 0, 0], [1, 0, 0], [0, 1, 0]],
                           [[0, 0, 1], [1, 1, 0], [0.2, 0.7, 0.7], [0.9, 0.1, 0.6]]]], np.float32),
        "tr": np.array([[1, 0, -1.5, 0, 1, 0.5, 0, 0],
                        [0.9, 0.2, 0.3, -0.1, 1.1, -0.4, 0.01, -0.02]], np.float32),
        "tr1": np.array([0.8, -0.3, 1.2, 0.35, 0.9, -0.7, 0, 0], np.float32),
        "sp": np.array([[[0, 0], [8, 0], [0, 6], [8, 6]], [[0, 0], [8, 0], [0, 6], [8, 6]]], np.float32),
        "ep": np.array([[[0.3, 0.2], [7.4, 0.6], [0.5, 5.7], [8.2, 6.3]],
                        [[1.1, 0.4], [7.2, -0.3], [-0.4, 5.2], [7.7, 6.6]]], np.float32),
        "mci": normal(4, 5), "mcc": uniform(-2.3, 6.3, 2, 3, 4),
        "mcu": np.array([[0, 1, 3], [2, 4, 0]], np.int32),
        "vol3": normal(2, 4, 4, 4, 2), "v3u": normal(4, 5, 4, 2),
        "sat": np.arange(9, dtype=np.float32).reshape(3, 3), "sc2": np.array([2.0, 2.0], np.float32),
        "tl2": np.array([-0.5, -0.5], np.float32), "sc3": np.array([0.5, 0.7], np.float32),
        "tl3": np.array([0.3, -0.2], np.float32), "sc5": np.array([1.6, 1.3], np.float32),
        "ss1": (ss1 := uniform(0, 1, 2, 12, 12, 3)),
        "ss2": np.clip(ss1 + 0.2 * normal(2, 12, 12, 3), 0, 1).astype(np.float32),
    }  # fmt: skip


def case(op: str, *args: object, tag: str = "", **kwargs: object) -> dict[str, object]:
    return {"op": op, "args": list(args), "kwargs": kwargs, "tag": tag}


UNARY = {
    "x": "abs negative square cbrt exp exp2 expm1 sin cos arctan sinh cosh tanh arcsinh sign floor "
    "ceil trunc erf relu sigmoid softplus softsign silu log_sigmoid selu hard_sigmoid hard_silu "
    "hard_tanh tanh_shrink sparse_plus sparse_sigmoid squareplus celu soft_shrink hard_shrink "
    "leaky_relu gelu deg2rad rad2deg ravel absolute erfc swish hard_swish".split(),
    "p": "sqrt reciprocal log log1p log2 log10 rsqrt".split(),
    "u": "tan arcsin arccos arctanh erfinv".split(),
    "g": ["arccosh"],
    "i": "sqrt exp abs square negative sign".split(),
    "nan": "isnan isinf isfinite nan_to_num".split(),
    "b": ["logical_not"],
}
BINARY = {
    ("x", "y"): "add subtract multiply divide true_divide floor_divide mod power maximum minimum "
    "arctan2 hypot logaddexp equal not_equal greater greater_equal less less_equal".split(),
    ("i", "j"): "add divide floor_divide mod maximum equal greater".split(),
    ("b", "c"): "logical_and logical_or logical_xor".split(),
    ("x", "yz"): ["divide_no_nan"],
    ("p", "y"): ["power"],
}
CASES = [
    *(case(op, f"@{name}", tag=name) for name, ops in UNARY.items() for op in ops),
    *(case(op, f"@{a}", f"@{b}", tag=a + b) for (a, b), ops in BINARY.items() for op in ops),
    case("add", "@x", 1.5),
    case("layer_normalization", "@x", gamma="@sc4", beta="@off4"),
    case("layer_normalization", "@x", axis=[1, 2], epsilon=1e-3, tag="axes"),
    case("rms_normalization", "@x", scale="@sc4"),
    case("rms_normalization", "@x", axis=[1, 2], epsilon=1e-3, tag="axes"),
    case("add", "@i", 2),
    case("multiply", "@i", 0.5),
    case("power", "@i", 2),
    case("maximum", "@x", 0.0),
    case("round", "@x", decimals=1),
    case("clip", "@x", -0.5, 0.5),
    case("where", "@b", "@x", "@y"),
    case("where", "@b", "@x", 0.0),
    case("select", ["@b", "@c"], ["@x", "@y"]),
    # reductions
    case("sum", "@x"),
    case("sum", "@x", axis=1),
    case("sum", "@x", axis=[0, 2], keepdims=True),
    case("sum", "@i"),
    case("sum", "@b", axis=1),
    case("prod", "@p", axis=-1),
    case("prod", "@i"),
    case("mean", "@x"),
    case("mean", "@x", axis=[1, 2]),
    case("mean", "@i", axis=1),
    case("var", "@x", axis=1),
    case("std", "@x"),
    case("max", "@x"),
    case("max", "@x", axis=1, keepdims=True),
    case("min", "@x", axis=-1),
    case("max", "@x", axis=0, initial=0.5),
    case("amax", "@x", axis=[0, 1]),
    case("amin", "@x", axis=1),
    case("isclose", "@x", "@y", rtol=0.5, atol=0.5),
    case("all", "@b"),
    case("all", "@b", axis=1),
    case("any", "@b", axis=-1, keepdims=True),
    case("count_nonzero", "@i"),
    case("count_nonzero", "@i", axis=1),
    case("argmax", "@x"),
    case("argmax", "@x", axis=1),
    case("argmin", "@x", axis=-1, keepdims=True),
    case("cumsum", "@x", axis=1),
    case("cumsum", "@x"),
    case("cumprod", "@p", axis=-1),
    case("cumsum", "@i", axis=1),
    case("average", "@x", axis=1, weights="@w3"),
    case("average", "@x", axis=[0, 2]),
    case("median", "@x", axis=-1),
    case("median", "@x"),
    case("quantile", "@x", 0.3, axis=1),
    case("quantile", "@x", [0.1, 0.9]),
    case("logsumexp", "@x", axis=-1),
    case("logsumexp", "@x"),
    # shapes
    case("reshape", "@x", [4, -1]),
    case("transpose", "@x"),
    case("transpose", "@x", [0, 2, 1]),
    case("swapaxes", "@x", 0, 2),
    case("moveaxis", "@x", 0, -1),
    case("expand_dims", "@x", 1),
    case("expand_dims", "@x", [0, -1]),
    case("squeeze", "@s1"),
    case("squeeze", "@s1", axis=1),
    case("broadcast_to", "@v", [3, 4]),
    case("flip", "@x", axis=1),
    case("flip", "@x"),
    case("roll", "@x", 2, axis=-1),
    case("roll", "@x", 3),
    case("tile", "@m", [2, 1]),
    case("repeat", "@m", 2, axis=0),
    case("repeat", "@m", 2),
    case("repeat", "@v", [1, 2, 0, 3], axis=0),
    case("concatenate", ["@x", "@y"], axis=1),
    case("concatenate", ["@x", "@y"], axis=-1),
    case("append", "@v", "@w"),
    case("stack", ["@v", "@w"], axis=1),
    case("hstack", ["@m", "@m"]),
    case("vstack", ["@m", "@m"]),
    case("split", "@x", 2, axis=-1),
    case("split", "@x", [1, 2], axis=1),
    case("array_split", "@vs", 4),
    case("pad", "@m", [[1, 2], [0, 1]]),
    case("pad", "@m", [[1, 1], [1, 1]], constant_values=2.0),
    case("pad", "@m", [[1, 2], [2, 1]], mode="reflect"),
    case("pad", "@m", [[1, 2], [2, 1]], mode="symmetric"),
    case("ndim", "@x"),
    case("size", "@x"),
    # making tensors
    case("zeros", [2, 3]),
    case("ones", [2, 3], dtype="int32"),
    case("full", [2, 2], 3.5),
    case("full", [2], 7),
    case("zeros_like", "@x"),
    case("ones_like", "@i"),
    case("full_like", "@x", 2.0),
    case("eye", 3, 4, k=1),
    case("identity", 3),
    case("tri", 3, 4, k=-1),
    case("tril", "@m", k=1),
    case("triu", "@m"),
    case("diag", "@v"),
    case("diag", "@sq", k=1),
    case("diagonal", "@x", offset=1, axis1=1, axis2=2),
    case("trace", "@sq"),
    case("arange", 5),
    case("arange", 1, 7, 2),
    case("arange", 0.5, 3),
    case("arange", 2, 5, 0.5),
    case("linspace", 0, 1, 5),
    case("linspace", 0, 1, 4, endpoint=False),
    case("linspace", "@v", "@w", 3),
    case("logspace", 0, 2, 3),
    case("meshgrid", "@v", "@w3", indexing="ij"),
    case("meshgrid", "@v", "@w3"),
    # products
    case("matmul", "@m", "@n"),
    case("matmul", "@x", "@n"),
    case("dot", "@v", "@w"),
    case("dot", "@m", "@v"),
    case("dot", "@x", "@n"),
    case("tensordot", "@m", "@n", axes=1),
    case("tensordot", "@x", "@y", axes=[[1, 2], [1, 2]]),
    case("einsum", "ij,jk->ik", "@m", "@n"),
    case("einsum", "btf,bsf->bts", "@x", "@y"),
    case("outer", "@v", "@w"),
    case("inner", "@x", "@y"),
    case("vdot", "@v", "@w"),
    case("cross", "@c3a", "@c3b"),
    # sorting and indexing
    case("sort", "@x", axis=1),
    case("argsort", "@x"),
    case("argsort", "@x", axis=0),
    case("nonzero", "@i"),
    case("take", "@m", [0, 2], axis=0),
    case("take", "@m", [[1, -1]], axis=1),
    case("take", "@x", [3, 5]),
    case("take_along_axis", "@m", "@idx", axis=1),
    case("searchsorted", "@vs", "@w"),
    case("searchsorted", "@vs", "@w", side="right"),
    case("diff", "@x", axis=1),
    case("diff", "@v", n=2),
    # nn
    case("elu", "@x", alpha=0.5),
    case("threshold", "@x", 0.1, -1.0),
    case("glu", "@x", axis=-1),
    case("leaky_relu", "@x", negative_slope=0.1),
    case("gelu", "@x", approximate=False),
    case("relu6", "@p"),
    case("softmax", "@x"),
    case("softmax", "@x", axis=1),
    case("log_softmax", "@x", axis=0),
    case("one_hot", "@i", 4),
    case("one_hot", "@oob", 3),
    case("one_hot", "@i", 4, axis=0),
    case("multi_hot", "@i", 5),
    case("moments", "@x", axes=[0, 1]),
    case("moments", "@x", axes=-1, keepdims=True),
    case("batch_normalization", "@x", "@mean4", "@var4", axis=-1, offset="@off4", scale="@sc4"),
    case("normalize", "@x"),
    case("normalize", "@x", axis=1, order=1),
    case("binary_crossentropy", "@bt", "@bp"),
    case("binary_crossentropy", "@bt", "@x", from_logits=True),
    case("categorical_crossentropy", "@onehot", "@prob"),
    case("categorical_crossentropy", "@onehot", "@logits", from_logits=True),
    case("sparse_categorical_crossentropy", "@lab", "@prob"),
    case("sparse_categorical_crossentropy", "@lab", "@logits", from_logits=True),
    case("dot_product_attention", "@q", "@k", "@val"),
    case("dot_product_attention", "@q", "@k4", "@v4", is_causal=True),
    # math and linear algebra
    case("top_k", "@x", 2),
    case("in_top_k", "@lab", "@prob", 2),
    case("segment_sum", "@seg", "@sid2"),
    case("segment_sum", "@seg", "@sid", num_segments=5),
    case("segment_max", "@seg", "@sid", num_segments=4),
    case("extract_sequences", "@sig", 4, 3),
    case("norm", "@m"),
    case("norm", "@v", ord=1),
    case("norm", "@m", ord="fro"),
    case("norm", "@x", axis=-1),
    case("norm", "@m", ord=2),
    case("inv", "@sq"),
    case("det", "@sq"),
    case("solve", "@sq", "@mm"),
    case("cholesky", "@sq"),
    case("cholesky", "@sq", upper=True),
    case("cholesky_inverse", "@chol"),
    case("cholesky_inverse", "@chol", upper=True, tag="of_lower_read_as_upper"),
    case("slogdet", "@sq"),
    case("slogdet", "@mm4"),
    case("logdet", "@sq"),
    case("pinv", "@m"),
    case("pinv", "@rank1"),
    case("matrix_rank", "@m"),
    case("matrix_rank", "@rank1"),
    case("matrix_rank", "@m", tol=2.0),
    case("solve", "@sq", "@w3"),
    case("solve_triangular", "@sq", "@mm"),
    case("solve_triangular", "@sq", "@mm", lower=True),
    case("solve_triangular", "@sq", "@w3", lower=True),
    case("lstsq", "@n", "@v"),
    case("lstsq", "@m", "@w3"),
    case("lstsq", "@mm4", "@mm4", rcond=0.5),
    # factors determined up to signs (or phases): the test compares what they determine
    case("svd", "@m"),
    case("svd", "@n", full_matrices=False),
    case("svd", "@m", compute_uv=False),
    case("qr", "@n"),
    case("qr", "@n", mode="complete"),
    case("eigh", "@sq"),
    case("eig", "@sq"),
    case("segment_min", "@seg", "@sid", num_segments=4),
    case("segment_prod", "@seg", "@sid", num_segments=4),
    case("segment_prod", "@seg", "@sid2"),
    case("saturate_cast", "@wide", "uint8"),
    case("saturate_cast", "@wide32", "int32"),  # Keras wraps values past 2**31 (tests/test_ops.py)
    case("saturate_cast", "@wide", "float16"),
    case("saturate_cast", "@wint", "int8"),
    case("saturate_cast", "@wint", "uint16"),
    case("view_as_complex", "@pair"),
    case("view_as_real", "@cpx"),
    case("view_as_real", "@m"),
    case("polar", "@p", "@x"),
    case("psnr", "@p", "@g", 3.0),
    case("cdist", "@m", "@mm4"),
    case("cdist", "@x", "@y"),
    # core
    case("convert_to_tensor", [1, 2]),
    case("convert_to_tensor", [1.5, 2.0]),
    case("cast", "@x", "int32"),
    case("cast", "@i", "float16"),
    case("shape", "@x"),
    case("slice", "@x", [0, 1, 1], [2, 2, 2]),
    case("slice_update", "@m", [1, 1], "@upd"),
    case("scatter", [[0, 1], [0, 1], [2, 0]], [1.0, 2.0, 5.0], [3, 2]),
    case("scatter_update", "@m", [[0, 0], [2, 3]], [9.0, 8.0]),
    case("unstack", "@m", axis=1),
    case("stop_gradient", "@x"),
    # Keras 3's later NumPy ops: making, copying, flipping, joining and splitting
    case("array", "@m"),
    case("array", "@i", "float32"),
    case("copy", "@x"),
    case("empty", [2, 3]),
    case("empty", [2], dtype="int32"),
    case("empty_like", "@i"),
    case("empty_like", "@x", dtype="int32"),
    case("fliplr", "@m"),
    case("flipud", "@x"),
    case("rot90", "@m"),
    case("rot90", "@m", k=-1),
    case("rot90", "@sq", k=2),  # an even k on a plane that is not square: Keras on TF scrambles it
    case("rot90", "@x", 3, axes=[0, -1]),
    case("dstack", ["@m", "@m"]),
    case("dstack", ["@v", "@w"]),
    case("hsplit", "@x", 3),
    case("hsplit", "@v", [1, 3]),
    case("vsplit", "@m", [2]),
    case("dsplit", "@x", 2),
    case("dsplit", "@x", [1, 3]),
    case("diagflat", "@mm"),
    case("diagflat", "@v", k=-1),
    case("vander", "@v"),
    case("vander", "@cnt", 3, increasing=True),
    case("geomspace", 1, 1000, 4),
    case("geomspace", 2.0, 32.0, 5, endpoint=False),
    case("geomspace", -1, -100, 3),
    case("bartlett", 5),
    case("bartlett", 1),
    case("blackman", 6),
    case("blackman", 1),
    case("hamming", 7),
    case("hanning", 4),
    case("kaiser", 6, 8.6),
    case("kaiser", 5, 0.0),
    # elementwise
    case("fmod", "@x", "@y"),
    case("fmod", "@neg", "@pos"),
    case("fmod", "@x", 0.7),
    case("fmax", "@fa", "@fb"),
    case("fmin", "@fa", "@fb"),
    case("fmax", "@i", "@j"),
    case("fmin", "@x", 0.0),
    case("signbit", "@sz"),
    case("signbit", "@neg"),
    case("isneginf", "@sz"),
    case("isposinf", "@sz"),
    case("isposinf", "@i"),
    case("logaddexp2", "@x", "@y"),
    case("logaddexp2", "@i", "@j"),
    case("heaviside", "@sz", 0.5),
    case("heaviside", "@i", "@j"),
    case("sinc", "@x"),
    case("sinc", "@i"),
    case("i0", "@x"),
    case("fabs", "@x"),
    case("fabs", "@neg"),
    case("nextafter", "@x", "@y"),
    case("real", "@x"),
    case("imag", "@x"),
    case("conj", "@x"),
    case("conjugate", "@i"),
    case("isreal", "@x"),
    case("angle", "@sz"),
    case("angle", "@neg"),
    case("ldexp", "@m", "@ex"),
    case("ldexp", "@x", 2),
    case("gcd", "@neg", "@pos"),
    case("gcd", "@i", "@j"),
    case("lcm", "@neg", "@pos"),
    case("bitwise_and", "@bits", "@bits2"),
    case("bitwise_or", "@bits", "@bits2"),
    case("bitwise_xor", "@bits", "@bits2"),
    case("bitwise_invert", "@bits"),
    case("bitwise_not", "@bits"),
    case("bitwise_left_shift", "@bits", "@sh"),
    case("left_shift", "@bits", 2),
    case("bitwise_right_shift", "@bits", "@sh"),
    case("right_shift", "@bits", 1),
    case("kron", "@m", "@mm"),
    case("kron", "@v", "@i"),
    case("kron", "@i", "@j"),
    case("isin", "@i", "@oob"),
    case("isin", "@i", "@oob", invert=True),
    case("isin", "@neg", "@pos"),
    case("digitize", "@x", [-1.0, 0.0, 0.5, 1.0]),
    case("digitize", "@neg", [0, 5, 10]),
    case("unravel_index", "@flat", [3, 4]),
    case("unravel_index", "@flat", [2, 2, 3]),
    case("bincount", "@cnt"),
    case("bincount", "@cnt", weights="@wts"),
    case("bincount", "@cnt", minlength=8),
    case("bincount", "@cnt2"),
    case("trapezoid", "@x"),
    case("trapezoid", "@x", axis=1),
    case("trapezoid", "@m", "@lin"),
    case("trapezoid", "@m", dx=0.5, axis=0),
    case("trapezoid", "@i"),
    case("correlate", "@v", "@w3"),
    case("correlate", "@v", "@w3", mode="same"),
    case("correlate", "@v", "@w3", mode="full"),
    case("correlate", "@neg", "@w3", mode="same"),
    case("corrcoef", "@m"),
    # reductions: ptp, percentiles, and the NaN-ignoring ones (an all-NaN row among them)
    case("ptp", "@x"),
    case("ptp", "@x", axis=1),
    case("ptp", "@i", axis=0, keepdims=True),
    case("percentile", "@x", 30, axis=1),
    case("percentile", "@x", [10, 90]),
    case("percentile", "@i", 50, axis=-1, keepdims=True),
    case("percentile", "@x", 75, axis=[0, 2], method="nearest"),
    case("nansum", "@xn"),
    case("nansum", "@xn", axis=1),
    case("nansum", "@i", axis=0, keepdims=True),
    case("nanprod", "@xn", axis=1),
    case("nanprod", "@i"),
    case("nanmean", "@xn"),
    case("nanmean", "@xn", axis=1),
    case("nanmean", "@i", axis=1, keepdims=True),
    case("nanvar", "@xn", axis=1),
    case("nanvar", "@xn"),
    case("nanstd", "@xn", axis=0, keepdims=True),
    case("nanstd", "@x", axis=[1, 2]),
    case("nanmax", "@xn", axis=1),
    case("nanmax", "@xn"),
    case("nanmin", "@xn", axis=0),
    case("nanmin", "@i", axis=1, keepdims=True),
    case("nanargmax", "@xn", axis=1),
    case("nanargmin", "@xn", axis=0),
    case("nanargmax", "@xn"),
    case("nanargmin", "@i", axis=1),
    case("nancumsum", "@xn", axis=1),
    case("nancumsum", "@nan"),
    case("nancumprod", "@xn", axis=0),
    case("nancumsum", "@i", axis=1),
    case("nanmedian", "@xn", axis=1),
    case("nanmedian", "@xn"),
    case("nanquantile", "@xn", [0.25, 0.75]),
    case("nanquantile", "@x", [0.25, 0.75], axis=-1),  # Keras on TF: a list of q and an all-NaN row fail
    case("nanquantile", "@xn", 0.4, axis=1, keepdims=True),
    case("nanquantile", "@x", 0.3, axis=[0, 1], method="lower"),
    case("nanpercentile", "@xn", 50, axis=1),
    case("nanpercentile", "@xn", [20, 80]),
    # nn: pooling and convolutions (Keras's channels_last and kernel layouts, TF's "same" pads)
    case("max_pool", "@seq", 2),
    case("max_pool", "@img", [2, 3], strides=[1, 2], padding="same"),
    case("max_pool", "@vol", 2, padding="same"),
    case("max_pool", "@img", 2, data_format="channels_first"),
    case("average_pool", "@seq", 3, strides=2, padding="same"),
    case("average_pool", "@img", 2),
    case("average_pool", "@img", [3, 2], strides=2, padding="same"),
    case("conv", "@seq", "@k1"),
    case("conv", "@seq", "@k1", strides=2, padding="same"),
    case("conv", "@seq", "@k1", padding="same", dilation_rate=2),
    case("conv", "@img", "@k2", padding="same"),
    case("conv", "@img", "@k2", strides=[2, 1]),
    case("conv", "@img", "@kg", padding="same"),
    case("conv", "@vol", "@k3", padding="same", strides=2),
    case("depthwise_conv", "@seq", "@dk1", padding="same"),
    case("depthwise_conv", "@img", "@dk2"),
    case("depthwise_conv", "@img", "@dk2", strides=2, padding="same"),
    case("depthwise_conv", "@img", "@dk2", padding="same", dilation_rate=2),
    case("separable_conv", "@img", "@dk2", "@pk", padding="same"),
    case("separable_conv", "@img", "@dk2", "@pk", strides=2),
    case("depth_to_space", "@d2s", 2),
    case("depth_to_space", "@d2f", 2, data_format="channels_first"),
    case("space_to_depth", "@s2d", 2),
    case("space_to_depth", "@d2f", 2, data_format="channels_first"),
    # adaptive pooling (TensorFlow's two pools fit: the larger no longer than the axis)
    case("adaptive_average_pool", "@seq", 3),
    case("adaptive_max_pool", "@seq", 3),
    case("adaptive_average_pool", "@img", [2, 4]),
    case("adaptive_max_pool", "@img", [2, 4]),
    case("adaptive_average_pool", "@vol", [2, 3, 2]),
    case("adaptive_max_pool", "@img", 2, data_format="channels_first"),
    case("conv_transpose", "@seq", "@kt1"),
    case("conv_transpose", "@seq", "@kt1", strides=2, padding="same"),
    case("conv_transpose", "@seq", "@kt1", strides=2, output_padding=1),
    case("conv_transpose", "@seq", "@kt1", strides=3, padding="same", output_padding=2),
    case("conv_transpose", "@img", "@kt2", strides=[2, 1], padding="same"),
    case("conv_transpose", "@img", "@kt2", strides=2),
    case("unfold", "@img", 2),
    case("unfold", "@img", [2, 1], dilation=[1, 2], padding=1, stride=[2, 1]),
    case("fold", "@cols", [3, 4], 2),
    case("fold", "@cols", [5, 3], [2, 2], stride=[2, 1], padding=[1, 0]),
    # values compared with each other
    case("argpartition", "@cnt", 1),  # 1-D: Keras 3.15 on TensorFlow fails on more axes
    case("argpartition", "@ap", 3, axis=None),
    case("argpartition", "@cnt", 4),
    case("histogram", "@vs"),  # 1-D: Keras refuses more axes (here they are flattened)
    case("histogram", "@wts", bins=4, range=[0.0, 2.0]),  # values on the edges
    case("histogram", "@fu", bins=3),
    case("histogram", "@cnt", bins=3),
    case("unique", "@cnt"),
    case("unique", "@cnt2", return_index=True, return_inverse=True, return_counts=True),
    case("unique", "@fu", sorted=False, return_inverse=True, return_index=True),
    case("unique", "@rows", axis=0, return_index=True, return_inverse=True, return_counts=True),
    case("unique", "@rows", axis=1, return_counts=True),
    case("unique", "@fu", size=6, fill_value=-1.0, return_index=True, return_counts=True),
    case("unique", "@cnt", size=2, return_counts=True),
    # bytes, indexing and axes
    case("view", "@x", "int32"),
    case("view", "@m", "int16"),
    case("view", "@bits", "float32"),
    case("view", "@wint", "uint8"),
    case("get_item", "@x", 1),
    case("get_item", "@n", "@idx"),
    case("rearrange", "@img", "b h w c -> b c h w"),
    case("rearrange", "@img", "b h w c -> h (b w) c"),
    case("rearrange", "@s2d", "b (h h1) (w w1) c -> b h w (c h1 w1)", h1=2, w1=2),
    case("rearrange", "@s2d", "b (h1 h) w c -> (b h1) h (w c)", h1=2),
]
# ops.image: interpolations, fill modes, both layouts, single images
IMAGE_CASES = [
    case("image.rgb_to_grayscale", "@im"),
    case("image.rgb_to_grayscale", "@imf", data_format="channels_first"),
    case("image.rgb_to_grayscale", "@imi"),
    case("image.rgb_to_hsv", "@im"),
    case("image.rgb_to_hsv", "@hues"),
    case("image.rgb_to_hsv", "@imf", data_format="channels_first"),
    case("image.hsv_to_rgb", "@im"),
    case("image.hsv_to_rgb", "@hues"),
    case("image.hsv_to_rgb", "@imf", data_format="channels_first"),
    case("image.resize", "@im", [3, 5], antialias=True),
    case("image.resize", "@im3", [10, 12], interpolation="bicubic", crop_to_aspect_ratio=True),
    case(
        "image.resize",
        "@imf",
        [4, 4],
        interpolation="nearest",
        pad_to_aspect_ratio=True,
        fill_value=0.5,
        data_format="channels_first",
    ),
    case("image.resize", "@imi", [3, 4], interpolation="area"),
    case("image.resize", "@im", [4, 11], interpolation="lanczos3"),
    case("image.affine_transform", "@im", "@tr", fill_value=0.3),
    case("image.affine_transform", "@im", "@tr", interpolation="nearest", fill_mode="reflect"),
    case("image.affine_transform", "@imf", "@tr", fill_mode="wrap", data_format="channels_first"),
    case("image.affine_transform", "@im3", "@tr1", fill_mode="nearest"),
    case("image.perspective_transform", "@im", "@sp", "@ep"),
    case("image.perspective_transform", "@im", "@sp", "@ep", interpolation="nearest", fill_value=0.5),
    case("image.map_coordinates", "@mci", "@mcc", 1, fill_value=0.5),
    case("image.map_coordinates", "@mci", "@mcc", 0, fill_mode="nearest"),
    case("image.map_coordinates", "@mci", "@mcc", 1, fill_mode="reflect"),
    case("image.map_coordinates", "@mci", "@mcu", 0, fill_mode="wrap"),
    case("image.gaussian_blur", "@im"),
    case("image.gaussian_blur", "@im", [5, 3], [1.5, 0.8]),
    case("image.gaussian_blur", "@imf", [3, 3], [0.7, 1.2], data_format="channels_first"),
    case("image.gaussian_blur", "@im3", [4, 4], [2.0, 2.0]),
    case("image.elastic_transform", "@im", alpha=0.0, seed=1),  # the field times 0: the images back
    case("image.extract_patches", "@im", [2, 2]),
    case("image.extract_patches", "@im", [3, 3], strides=[1, 2], padding="same"),
    # (no channels_first: TensorFlow convolves channels_first on GPUs only)
    case("image.extract_patches", "@im", [2, 3], padding="same"),
    case("image.extract_patches", "@im3", 2, strides=1, dilation_rate=2),
    case("image.extract_patches_3d", "@vol3", [2, 2, 2]),
    case("image.extract_patches_3d", "@vol3", 2, strides=1, padding="same"),
    case("image.extract_patches_3d", "@v3u", [2, 3, 2], strides=[1, 2, 1]),
    case("image.extract_patches", "@vol3", [2, 2, 2]),
    case("image.pad_images", "@im", 1, 2, target_height=9, target_width=11),
    case("image.pad_images", "@imf", 0, 1, 2, 3, data_format="channels_first"),
    case("image.pad_images", "@im3", bottom_padding=2, right_padding=1, target_height=10, target_width=9),
    case("image.crop_images", "@im", 1, 2, target_height=3, target_width=4),
    case("image.crop_images", "@imf", 1, 0, 2, 3, data_format="channels_first"),
    case("image.crop_images", "@im3", bottom_cropping=2, right_cropping=1, target_height=3, target_width=5),
    case("image.scale_and_translate", "@sat", [5, 5], "@sc2", "@tl2", [0, 1], "linear"),
    case("image.scale_and_translate", "@im", [2, 3, 5, 3], "@sc3", "@tl3", [1, 2], "cubic"),
    case(
        "image.scale_and_translate", "@im", [2, 9, 11, 3], "@sc5", "@tl3", [1, 2], "lanczos3", antialias=False
    ),
    case("image.scale_and_translate", "@im", [2, 3, 4, 3], "@sc3", "@tl2", [1, 2], "lanczos5"),
    case("image.sobel_edges", "@im"),
    case("image.sobel_edges", "@imf", data_format="channels_first"),
    case("image.ssim", "@ss1", "@ss2"),
    case("image.ssim", "@ss1", "@ss2", max_val=2.0, filter_size=5, filter_sigma=1.0, k1=0.02),
    case("image.ssim", "@im3", "@im3b", filter_size=3),
]
CASES += IMAGE_CASES
# Arguments that Keras reads as shapes or axes (tuples): the JSON lists become tuples for these.
TUPLE_ARGS = {
    "reshape": [1], "transpose": [1], "expand_dims": [1], "broadcast_to": [1], "tile": [1], "zeros": [0],
    "ones": [0], "full": [0], "slice": [1, 2], "scatter": [2], "empty": [0], "unravel_index": [1],
    "max_pool": [1], "average_pool": [1], "adaptive_average_pool": [1], "adaptive_max_pool": [1],
    "unfold": [1], "fold": [1, 2],
}  # fmt: skip
# Ops that Keras 3.15 on TensorFlow takes tensors only for (numpy arrays fail inside it).
TENSOR_INPUTS = {"adaptive_average_pool", "adaptive_max_pool"}
TUPLE_KWARGS = {"axis", "axes", "strides", "dilation_rate", "dilation", "padding", "stride", "range"}


def numbered(cases: list[dict[str, object]]) -> list[dict[str, object]]:
    seen: dict[str, int] = {}
    for item in cases:
        base = f"{item['op']}_{item.pop('tag')}".rstrip("_")
        seen[base] = seen.get(base, 0) + 1
        item["id"] = f"{base}_{seen[base]}"
    return cases


def resolve(value: object, arrays: dict[str, object]) -> object:
    """``"@name"`` as ``arrays[name]``, in lists too; other values as they are."""
    if isinstance(value, str) and value.startswith("@"):
        return arrays[value[1:]]
    if isinstance(value, list) and any(isinstance(v, str) and v.startswith("@") for v in value):
        return [resolve(v, arrays) for v in value]
    return value


def call(ops: object, item: dict[str, object], arrays: dict[str, object]) -> object:
    """One case's call of ``ops`` (Keras's or ours) on ``arrays``."""
    args = [resolve(a, arrays) for a in item["args"]]
    for index in TUPLE_ARGS.get(item["op"], []):
        if index < len(args) and isinstance(args[index], list):
            args[index] = tuple(args[index])
    kwargs = {
        key: tuple(value) if key in TUPLE_KWARGS and isinstance(value, list) else resolve(value, arrays)
        for key, value in item["kwargs"].items()
    }
    # "image.resize" is ops.image.resize: an op's path under ops
    return functools.reduce(getattr, item["op"].split("."), ops)(*args, **kwargs)


def main() -> None:
    import keras

    arrays = inputs()
    cases = numbered(CASES)
    saved: dict[str, object] = {f"in_{name}": value for name, value in arrays.items()}
    dtypes: dict[str, list[str]] = {}
    tensors = {name: keras.ops.convert_to_tensor(value) for name, value in arrays.items()}
    for item in cases:
        result = call(keras.ops, item, tensors if item["op"] in TENSOR_INPUTS else arrays)
        parts = list(result) if isinstance(result, (list, tuple)) and item["op"] != "shape" else [result]
        dtypes[item["id"]] = []
        for k, part in enumerate(parts):
            array = np.asarray(keras.ops.convert_to_numpy(part))
            saved[f"out_{item['id']}_{k}"] = array
            dtypes[item["id"]].append(
                keras.backend.standardize_dtype(part.dtype) if hasattr(part, "dtype") else ""
            )
    saved["cases"] = json.dumps(cases)
    saved["dtypes"] = json.dumps(dtypes)
    saved["tuple_args"] = json.dumps({"args": TUPLE_ARGS, "kwargs": sorted(TUPLE_KWARGS)})
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "values.npz", **saved)
    print(f"keras {keras.__version__}: {len(cases)} cases")


if __name__ == "__main__":
    main()
