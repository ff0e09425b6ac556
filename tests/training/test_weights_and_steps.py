"""sample_weight, class_weight, (N,) targets, steps_per_epoch, validation_freq and steps,
against Keras 3 (tests/fixtures/fit_api, made by tools/keras_fixtures/fit_api.py)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Dense, Model, Sequential, callbacks, optimizers, use_fused_kernels
from statefulrnn.training.outputs import class_weights

from . import fit_api_harness as harness
from .test_multi_io import API

CASES = [
    "two_io_sample_weight",
    "two_io_sample_weight_per_output",
    "per_step_weights",
    "class_weight_sparse",
    "class_weight_onehot",
    "flat_target",
    "flat_target_binary",
    "steps",
]


@pytest.mark.filterwarnings("ignore:The data ran out")
@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
@pytest.mark.parametrize("name", CASES)
def test_matches_keras(name: str, fused: bool) -> None:
    with use_fused_kernels(fused):
        harness.check(name, API)


def _regressor(loss: str = "mse", metrics: list[str] | None = None) -> Model:
    torch.manual_seed(0)
    model = Sequential([GRU(3, input_shape=(5, 2), return_sequences=True), Dense(1)])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss=loss, metrics=metrics)
    return model


def _sequences(rows: int = 8) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    return rng.normal(size=(rows, 5, 2)).astype(np.float32), rng.normal(size=(rows, 5, 1)).astype(np.float32)


def test_weighted_loss_is_sum_over_batch_size() -> None:
    model = _regressor(metrics=["mae"])
    x, y = _sequences()
    per_step = ((model.predict(x, verbose=0) - y) ** 2)[..., 0]  # (N, T)
    weights = np.zeros(8, dtype=np.float32)
    weights[:2] = 3.0
    loss, mae = model.evaluate(x, y, sample_weight=weights, batch_size=8, verbose=0)
    # Keras divides by the number of values, not by the sum of the weights.
    assert loss == pytest.approx(float((per_step * weights[:, None]).sum() / per_step.size), rel=1e-5)
    assert mae == pytest.approx(model.evaluate(x, y, batch_size=8, verbose=0)[1], rel=1e-6)  # unweighted
    step_weights = np.ones((8, 5), dtype=np.float32)
    step_weights[:, 3:] = 0.0
    loss = model.evaluate(x, y[..., 0], sample_weight=step_weights, batch_size=8, verbose=0)[0]
    assert loss == pytest.approx(float((per_step * step_weights).sum() / per_step.size), rel=1e-5)


def test_per_step_weights_are_cut_with_the_chunks() -> None:
    x, y = _sequences()
    weights = np.random.default_rng(4).uniform(size=(8, 5)).astype(np.float32)
    whole, chunked = _regressor(), _regressor()
    whole.fit(x, y, sample_weight=weights, batch_size=4, shuffle=False, verbose=0)
    chunked.fit(x, y, sample_weight=weights, batch_size=4, chunk_length=5, shuffle=False, verbose=0)
    for a, b in zip(whole.get_weights(), chunked.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    zero = _regressor()
    before = zero.get_weights()
    history = zero.fit(
        x, y, sample_weight=np.zeros((8, 5), np.float32), chunk_length=2, batch_size=4, verbose=0
    )
    assert history.history["loss"] == [0.0]
    for a, b in zip(before, zero.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_ready_made_triples_carry_their_weights() -> None:
    x, y = _sequences()
    weights = np.linspace(0.0, 2.0, 8).astype(np.float32)
    by_arrays, by_batches = _regressor(), _regressor()
    by_arrays.fit(x, y, sample_weight=weights, batch_size=4, shuffle=False, verbose=0)
    by_batches.fit([(x[:4], y[:4], weights[:4]), (x[4:], y[4:], weights[4:])], verbose=0)
    for a, b in zip(by_arrays.get_weights(), by_batches.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    with pytest.raises(ValueError, match=r"batches given ready-made carry their own weights"):
        by_batches.fit([(x, y)], sample_weight=weights, verbose=0)


def test_sample_weight_by_output_name_equals_the_list() -> None:
    spec, arrays = harness.load("two_io_sample_weight_per_output")
    x, y = [arrays["xa"], arrays["xb"]], [arrays["y_value"], arrays["y_label"]]
    results = []
    for weights in ([arrays["sw"], arrays["sw_label"]], {"label": arrays["sw_label"], "value": arrays["sw"]}):
        model = harness.build("two_io", API)
        harness.set_initial_weights(model, arrays)
        model.compile(optimizer=optimizers.SGD(learning_rate=0.1), **spec["compile"])
        results.append(model.evaluate(x, y, sample_weight=weights, batch_size=4, verbose=0))
    assert results[0] == results[1]
    model = harness.build("two_io", API)
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(
        ValueError, match=r"one fit's sample_weight array weighs every output, so it needs one"
    ):
        model.fit(x, y, sample_weight=np.ones((8, 5)), verbose=0)


def test_class_weight_rules() -> None:
    labels = torch.tensor([[0, 2], [1, 1]])  # per-step labels for a (N, T, C) output: per-step weights
    assert class_weights(labels, torch.zeros(2, 2, 3), {1: 2.0, 2: 0.5}).tolist() == [[1.0, 0.5], [2.0, 2.0]]
    onehot = torch.tensor([[0.0, 1.0], [1.0, 0.0]])
    assert class_weights(onehot, torch.zeros(2, 2), {1: 4.0}).tolist() == [4.0, 1.0]
    model = _regressor()
    x, y = _sequences()
    with pytest.raises(ValueError, match=r"Give class_weight or sample_weight, not both"):
        model.fit(x, y, class_weight={0: 1.0}, sample_weight=np.ones(8), verbose=0)
    with pytest.raises(TypeError, match=r"class_weight must be a dict from class index to weight"):
        model.fit(x, y, class_weight=[1.0, 2.0], verbose=0)
    two_io = harness.build("two_io", API)
    two_io.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=r"class_weight is only supported for models with a single output"):
        two_io.fit(
            [np.zeros((4, 5, 2)), np.zeros((4, 3))],
            [np.zeros((4, 1)), np.zeros((4, 3))],
            class_weight={0: 2.0},
        )


def test_steps_per_epoch_goes_on_across_epochs() -> None:
    x, y = _sequences(12)
    seen: list[int] = []
    record = callbacks.LambdaCallback(on_train_batch_begin=lambda batch, logs=None: seen.append(batch))
    model = _regressor()
    with pytest.warns(UserWarning, match=r"The data ran out after 1 of the 2 steps asked for this epoch"):
        history = model.fit(x, y, batch_size=4, epochs=3, steps_per_epoch=2, callbacks=[record], verbose=0)
    assert seen == [0, 1, 0, 0, 1]  # batches 1-2 | 3, then out of data | a new pass: 1-2
    assert len(history.history["loss"]) == 3
    with pytest.raises(
        ValueError, match=r"steps_per_epoch must be a positive integer or None \(.*\)\. Received: .*=0"
    ):
        model.fit(x, y, steps_per_epoch=0, verbose=0)


def _counted_batches(count: list[int]) -> Any:
    """An endless generator of (x, y) batches of 2 sequences, counting the batches it gives."""
    x, y = _sequences(2)
    while True:
        count[0] += 1
        yield x, y


@pytest.mark.parametrize("steps, batches", [(1.5, 2), (2.2, 3), (0.5, 1), (np.float64(1.25), 2), (2.0, 2)])
def test_float_steps_run_their_ceiling_of_batches(steps: float, batches: int) -> None:
    # tf-keras runs batches while its count is below the float (``len(data) / BATCH_SIZE``):
    # predict(steps=1.5) on batches of 2 gives 4 rows there, steps=2.2 gives 6.
    model, count = _regressor(), [0]
    model.fit(_counted_batches(count), steps_per_epoch=steps, epochs=2, verbose=0)
    assert count[0] == 2 * batches
    count[0] = 0
    with pytest.warns(UserWarning, match="fit_generator` is deprecated"):
        model.fit_generator(_counted_batches(count), steps_per_epoch=steps, verbose=0)
    assert count[0] == batches
    count[0] = 0
    model.evaluate(_counted_batches(count), steps=steps, verbose=0)
    assert count[0] == batches
    count[0] = 0
    assert model.predict(_counted_batches(count), steps=steps, verbose=0).shape[0] == 2 * batches
    assert count[0] == batches
    x, _ = _sequences(8)
    assert model.predict(x, batch_size=2, steps=steps, verbose=0).shape[0] == 2 * batches
    validated = [0]
    model.fit(
        _counted_batches(count), steps_per_epoch=1, validation_data=_counted_batches(validated),
        validation_steps=steps, verbose=0,
    )  # fmt: skip
    assert validated[0] == batches


@pytest.mark.parametrize("bad", [0, -1, 0.0, -0.5, float("nan"), float("inf"), True, "2", np.bool_(True)])
def test_steps_that_are_no_positive_finite_number_are_refused(bad: Any) -> None:
    model, count = _regressor(), [0]
    message = r"must be a positive integer or None \(a positive float is rounded up, as tf-keras does\)"
    with pytest.raises(ValueError, match=rf"steps_per_epoch {message}\. Received: steps_per_epoch={bad!r}"):
        model.fit(_counted_batches(count), steps_per_epoch=bad, verbose=0)
    with pytest.raises(ValueError, match=rf"validation_steps {message}"):
        model.fit(*_sequences(4), validation_data=_sequences(4), validation_steps=bad, verbose=0)
    with pytest.raises(ValueError, match=rf"steps {message}"):
        model.evaluate(_counted_batches(count), steps=bad, verbose=0)
    with pytest.raises(ValueError, match=rf"steps {message}"):
        model.predict(_sequences(4)[0], steps=bad, verbose=0)
    assert count[0] == 0  # refused before a batch is drawn


def test_validation_freq_and_batch_size() -> None:
    x, y = _sequences(12)
    tested: list[int] = []
    record = callbacks.LambdaCallback(on_test_batch_begin=lambda batch, logs=None: tested.append(batch))
    model = _regressor()
    history = model.fit(
        x, y, epochs=4, validation_data=(x[:6], y[:6]), validation_freq=[1, 4], validation_batch_size=4,
        callbacks=[record], verbose=0,
    )  # fmt: skip
    assert len(history.history["loss"]) == 4 and len(history.history["val_loss"]) == 2
    assert tested == [0, 1, 0, 1]  # 6 rows in batches of 4, twice
    with pytest.raises(
        ValueError, match=r"validation_freq must be a positive integer .* Received: validation_freq=0"
    ):
        model.fit(x, y, validation_data=(x, y), validation_freq=0, verbose=0)


def test_evaluate_steps_stops_early() -> None:
    x, y = _sequences(12)
    model = _regressor()
    first_two = model.evaluate(x[:8], y[:8], batch_size=4, verbose=0)
    assert model.evaluate(x, y, batch_size=4, steps=2, verbose=0) == pytest.approx(first_two, rel=1e-6)


def test_validation_steps_take_the_first_batches_each_time() -> None:
    x, y = _sequences(12)
    tested: list[int] = []
    record = callbacks.LambdaCallback(on_test_batch_begin=lambda batch, logs=None: tested.append(batch))
    model = _regressor()
    history = model.fit(
        x,
        y,
        epochs=2,
        validation_data=(x, y),
        validation_steps=2,
        batch_size=4,
        callbacks=[record],
        verbose=0,
    )
    assert tested == [0, 1, 0, 1]
    assert history.history["val_loss"][1] == pytest.approx(
        model.evaluate(x[:8], y[:8], batch_size=4, verbose=0)
    )
