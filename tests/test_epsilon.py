"""``set_epsilon``: every loss, metric, constraint, regularizer, layer and backend function that
Keras fuzzes with ``backend.epsilon()`` reads the value set, as Keras's do; Keras's own outputs at
epsilon 0.01 are in tests/fixtures/epsilon/values.npz (made by tools/keras_fixtures/epsilon.py),
on inputs that reach the fuzz (exact 0 and 1 probabilities, zero norms and variances, a row of a
batch with every step masked)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import backend as K

RECORDED = np.load(Path(__file__).parent / "fixtures" / "epsilon" / "values.npz")
EPSILON = 0.01  # the fixture script's
x = {
    name: RECORDED[name]
    for name in ("probabilities", "onehot", "labels", "targets", "vectors", "sequences", "mask")
}
p, onehot, targets, vectors = (
    torch.from_numpy(x[n]) for n in ("probabilities", "onehot", "targets", "vectors")
)
losses = keras.losses


def _metric(metric: Any, *batches: tuple[Any, Any]) -> torch.Tensor:
    for y_true, y_pred in batches:
        metric.update_state(y_true, y_pred)
    return metric.result()


def _masked_batch_norm() -> torch.Tensor:
    sequences, mask = torch.from_numpy(x["sequences"]), torch.from_numpy(x["mask"])
    return keras.layers.BatchNormalization()(sequences, mask=mask, training=True)


CASES: dict[str, Callable[[], Any]] = {
    "categorical_crossentropy": lambda: losses.categorical_crossentropy(onehot, p),
    "sparse_categorical_crossentropy": lambda: losses.sparse_categorical_crossentropy(x["labels"], p),
    "binary_crossentropy": lambda: losses.binary_crossentropy(onehot, p),
    "kl_divergence": lambda: losses.kl_divergence(onehot, p),
    "poisson": lambda: losses.poisson(targets, p),
    "mean_absolute_percentage_error": lambda: losses.mean_absolute_percentage_error(targets, p),
    "mean_squared_logarithmic_error": lambda: losses.mean_squared_logarithmic_error(targets - 0.5, p - 0.5),
    "cosine_similarity": lambda: losses.cosine_similarity(vectors, p),
    "dice": lambda: losses.dice(onehot * 0.01, onehot * 0.01 + p * 0.001),
    "tversky": lambda: losses.tversky(onehot * 0.01, onehot * 0.01 + p * 0.001),
    "normalize": lambda: keras.ops.normalize(vectors),
    "dot_normalize": lambda: keras.layers.Dot(axes=1, normalize=True)([vectors, vectors.flip(0)]),
    "max_norm": lambda: keras.constraints.MaxNorm(1.0)(vectors),
    "unit_norm": lambda: keras.constraints.UnitNorm()(vectors),
    "min_max_norm": lambda: keras.constraints.MinMaxNorm(0.5, 1.0)(vectors),
    "orthogonal_regularizer": lambda: keras.regularizers.OrthogonalRegularizer(1.0)(vectors),
    "normalization_layer": lambda: keras.layers.Normalization(mean=0.5, variance=0.0)(p),
    "concordance_correlation": lambda: keras.metrics.concordance_correlation(targets, p),
    "f1_score": lambda: _metric(keras.metrics.F1Score(average="weighted", threshold=0.3), (onehot, p)),
    "auc_thresholds": lambda: keras.metrics.AUC(num_thresholds=3).thresholds,
    "mean_iou": lambda: _metric(
        keras.metrics.MeanIoU(num_classes=4), (x["labels"], x["labels"][::-1].copy())
    ),
    "batch_norm_masked": _masked_batch_norm,
    "K_binary_crossentropy": lambda: K.binary_crossentropy(onehot, p),
    "K_ctc_batch_cost": lambda: K.ctc_batch_cost(
        x["labels"][:, None] % 3,
        torch.stack([p] * 3, dim=1),
        np.full((6, 1), 3),
        np.ones((6, 1), dtype=np.int64),
    ),
}


@pytest.fixture
def fuzz() -> Iterator[None]:
    """Epsilon set to the fixture's for the test, and back to Keras's default after it."""
    K.set_epsilon(EPSILON)
    try:
        yield
    finally:
        K.set_epsilon(1e-7)


def _numpy(value: Any) -> np.ndarray:
    return value.detach().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)


def test_the_fixture_holds_every_case() -> None:
    assert sorted(CASES) == sorted(set(RECORDED.files) - set(x))


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_fuzz_follows_set_epsilon_as_in_keras(case: str) -> None:
    default = _numpy(CASES[case]())
    K.set_epsilon(EPSILON)
    try:
        moved = _numpy(CASES[case]())
    finally:
        K.set_epsilon(1e-7)
    np.testing.assert_allclose(moved, RECORDED[case], rtol=1e-5, atol=1e-6, err_msg=case)
    # The inputs reach the fuzz: with Keras's default it computes something else.
    assert not np.allclose(default, moved, rtol=1e-4, atol=1e-5), case
    np.testing.assert_allclose(_numpy(CASES[case]()), default, rtol=1e-6, atol=0)  # and back


def test_epsilon_is_one_setting_under_every_name(fuzz: None) -> None:
    assert K.epsilon() == keras.config.epsilon() == keras.keras.backend.epsilon() == EPSILON
    # Keras 2's Adam(epsilon=None) takes the fuzz factor when made
    assert keras.optimizers.legacy.Adam(epsilon=None).get_config()["epsilon"] == EPSILON


@pytest.mark.parametrize("value", [0, -1e-7, math.inf, math.nan])
def test_set_epsilon_refuses_values_that_undo_the_fuzz(value: float) -> None:
    with pytest.raises(ValueError, match=r"set_epsilon expects a finite float above 0; received"):
        keras.config.set_epsilon(value)
    assert K.epsilon() == 1e-7


@pytest.mark.parametrize("value", ["1e-3", None, True, torch.tensor(1e-3)])
def test_set_epsilon_refuses_what_is_no_number(value: Any) -> None:
    with pytest.raises(TypeError, match=r"set_epsilon expects a positive float; received"):
        K.set_epsilon(value)
    assert K.epsilon() == 1e-7


def test_set_epsilon_takes_numpy_numbers(fuzz: None) -> None:
    K.set_epsilon(np.float32(0.5))
    assert K.epsilon() == 0.5 and type(K.epsilon()) is float
