"""compile's Keras 3 arguments beyond loss and metrics, user-written losses, and validation on a
stateful model, against Keras 3 where numbers are involved (tests/fixtures/fit_api, made by
tools/keras_fixtures/fit_api.py; the same calls run here through fit_api_harness)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Dense, Input, Model, Sequential, losses, ops, optimizers, use_fused_kernels
from statefulrnn.layers import Embedding, Layer

from . import fit_api_harness as harness
from .test_multi_io import API

CASES = [
    "stateful_validation",  # validation leaves its state: epoch 2, evaluate and predict go on from it
    "weighted_metrics_steps",
    "weighted_metrics_two_io",
    "weighted_metrics_class_weight",
]


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
@pytest.mark.parametrize("name", CASES)
def test_matches_keras(name: str, fused: bool) -> None:
    with use_fused_kernels(fused):
        harness.check(name, API)


# ----- a loss function the user wrote ---------------------------------------------------------

VOCAB, T, N = 9, 6, 4


def _text_model(loss: object) -> Sequential:
    """The TensorFlow text-generation tutorial's model, small: integer targets (N, T) for
    logits (N, T, vocab)."""
    torch.manual_seed(0)
    model = Sequential(
        [
            Embedding(VOCAB, 5, batch_input_shape=[N, None]),
            GRU(7, return_sequences=True, stateful=True),
            Dense(VOCAB),
        ]
    )
    model.compile(optimizer=optimizers.SGD(learning_rate=0.5), loss=loss)
    return model


def _text(rows: int = 8) -> tuple[np.ndarray, np.ndarray]:
    codes = np.random.default_rng(0).integers(0, VOCAB, size=(rows, T + 1))
    return codes[:, :-1], codes[:, 1:]


def per_step_loss(labels: torch.Tensor, logits: torch.Tensor) -> torch.Tensor:
    return losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
def test_a_user_loss_gets_the_targets_as_they_are_and_its_values_are_averaged(fused: bool) -> None:
    x, y = _text()
    with use_fused_kernels(fused):
        mine = _text_model(per_step_loss).fit(x, y, batch_size=N, epochs=2, shuffle=False, verbose=0)
        builtin = _text_model(losses.SparseCategoricalCrossentropy(from_logits=True))
        theirs = builtin.fit(x, y, batch_size=N, epochs=2, shuffle=False, verbose=0)
        as_mean = _text_model(lambda labels, logits: per_step_loss(labels, logits).mean())
        mean_history = as_mean.fit(x, y, batch_size=N, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(mine.history["loss"], theirs.history["loss"], rtol=1e-6)
    np.testing.assert_allclose(mean_history.history["loss"], theirs.history["loss"], rtol=1e-6)


def test_a_user_loss_per_step_is_weighted_as_keras_sum_over_batch_size() -> None:
    x, y = _text(N)
    weight = np.array([1.0, 0.0, 2.0, 0.5], np.float32)
    model = _text_model(per_step_loss)
    logits = model(torch.as_tensor(x))
    model.reset_states()
    values = per_step_loss(torch.as_tensor(y), logits).detach().numpy()
    expected = (values * weight[:, None]).sum() / values.size
    assert model.evaluate(x, y, batch_size=N, sample_weight=weight, verbose=0) == pytest.approx(
        float(expected)
    )


def _unchanged(model: Sequential, call: object) -> None:
    before = [w.copy() for w in model.get_weights()]
    call()
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_wrong_target_fails_inside_the_user_loss_as_in_keras() -> None:
    x, y = _text(N)
    model = _text_model(per_step_loss)
    with pytest.raises(
        ValueError, match=r"Arguments `target` and `output` must have the same shape up until"
    ):
        _unchanged(model, lambda: model.fit(x, y[:, :3], batch_size=N, verbose=0))


@pytest.mark.parametrize(
    ("returned", "error", "match"),
    [
        (lambda v: v.tolist(), TypeError, r"per_sample must return a float tensor: .* Received: \[\["),
        (lambda v: v.argmax(-1), TypeError, r"Received: a tensor of dtype torch.int64"),
        (
            lambda v: v[:3],
            ValueError,
            r"one loss per sample: a tensor of shape \(4, \.\.\.\)\. Received: .*\(3, 6\)",
        ),
    ],
)
def test_what_a_user_loss_returns_is_checked(returned: object, error: type, match: str) -> None:
    def per_sample(labels: torch.Tensor, logits: torch.Tensor) -> object:
        return returned(per_step_loss(labels, logits))

    x, y = _text(N)
    model = _text_model(per_sample)
    with pytest.raises(error, match=match):
        _unchanged(model, lambda: model.fit(x, y, batch_size=N, verbose=0))


def test_a_torch_loss_gets_integer_targets_for_its_logits() -> None:
    torch.manual_seed(0)
    model = Sequential([Dense(3, input_shape=(2,))])
    model.compile(optimizer="sgd", loss=torch.nn.CrossEntropyLoss())
    x, classes = torch.randn(6, 2), torch.tensor([0, 1, 2, 2, 1, 0])
    with torch.no_grad():
        expected = torch.nn.functional.cross_entropy(model(x), classes)
    assert model.evaluate(x, classes, verbose=0) == pytest.approx(float(expected))


# ----- compile's other arguments -------------------------------------------------------------


def test_tensorflow_options_with_their_pytorch_meaning_are_accepted() -> None:
    model = Sequential([Dense(1, input_shape=(2,))])
    model.compile(
        "sgd", "mse", run_eagerly=True, steps_per_execution=1, jit_compile=False, auto_scale_loss=True
    )
    model.compile("sgd", "mse", jit_compile=True)  # Keras 3 takes it (torch.compile on PyTorch): eager here
    assert model.fit(np.ones((2, 2)), np.ones((2, 1)), verbose=0).history["loss"]
    with pytest.raises(ValueError, match=r"compile\(steps_per_execution=4\)"):
        model.compile("sgd", "mse", steps_per_execution=4)


def test_weighted_metrics_structure_is_checked_as_metrics() -> None:
    from statefulrnn import Input, Model

    inputs = Input(shape=(2,))
    model = Model(inputs, [Dense(1, name="a")(inputs), Dense(1, name="b")(inputs)])
    with pytest.raises(
        ValueError, match=r"compile's weighted_metrics must be a list with one entry per output"
    ):
        model.compile("sgd", "mse", weighted_metrics=["mae"])
    with pytest.raises(ValueError, match=r"compile's weighted_metrics is a dict by output name, so its keys"):
        model.compile("sgd", "mse", weighted_metrics={"c": "mae"})


def test_a_tf_data_dataset_where_arrays_belong_gets_the_hint_before_anything_else() -> None:
    # A stand-in of TensorFlow's class (TensorFlow is not installed with the tests); fit,
    # evaluate and predict read a real dataset given as x: tests/data/test_tf_datasets.py.
    dataset = type("_BatchDataset", (), {"__module__": "tensorflow.python.data.ops.batch_op"})()
    model = Sequential([Dense(1, input_shape=(2,))])  # not compiled: the hint still comes first
    for call, what in (
        (lambda: model.fit(np.zeros((2, 2)), dataset), "fit's y"),
        (lambda: model.evaluate(np.zeros((2, 2)), dataset), "evaluate's y"),
        (lambda: model.fit(dataset), "fit's x"),  # no batches to read (as_numpy_iterator)
    ):
        with pytest.raises(TypeError, match=rf"{what} received a _BatchDataset: .*as_numpy_iterator"):
            call()


def test_a_new_compile_starts_without_the_last_fits_gradients() -> None:
    """Keras's new optimizer steps on the new fit's gradient alone: the ``.grad`` a fit under an
    earlier compile left on the weights is not added into the first step (a recompiled model
    trains as a fresh copy of its weights does)."""
    x = torch.rand(8, 3)
    y = torch.rand(8, 2)

    def trained(model: Sequential) -> list[float]:
        model.compile(optimizer=optimizers.SGD(0.1), loss="mse")
        return model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0).history["loss"]

    torch.manual_seed(0)
    model = Sequential([Dense(2, input_shape=(3,))])
    start = model.get_weights()
    trained(model)  # leaves its last step's gradients on the weights
    model.set_weights(start)
    fresh = Sequential([Dense(2, input_shape=(3,))])
    fresh.set_weights(start)
    assert trained(model) == trained(fresh)


class _AddedLoss(Layer):
    """keras.io's ActivityRegularizationLayer: the input unchanged, ``rate * mean(x)`` added."""

    def call(self, inputs):
        self.add_loss(0.01 * ops.mean(inputs))
        return inputs


def test_a_compile_without_loss_keeps_the_last_ones_loss_as_keras() -> None:
    """Keras 3.15.1 keeps its CompileLoss when compile is given none (keras.io's subclassing
    guide: its second fit minimises "mse" still; tests/keras_programs keras_io_layer_subclassing
    has Keras's numbers); a fresh model compiled without one minimises its added losses alone."""
    x, y = np.random.default_rng(0).random((2, 3)), np.random.default_rng(1).random((2, 3))
    inputs = Input(shape=(3,))
    model = Model(inputs, _AddedLoss()(inputs))
    model.compile(optimizer="adam", loss="mse")
    with_mse = model.fit(x, y, verbose=0).history["loss"]
    model.compile(optimizer="adam")
    assert model.fit(x, y, verbose=0).history["loss"] == with_mse  # no weights: nothing moved
    fresh = Model(inputs, _AddedLoss()(inputs))
    fresh.compile(optimizer="adam")
    added = fresh.fit(x, y, verbose=0).history["loss"][0]
    assert added == pytest.approx(0.01 * float(torch.tensor(x, dtype=torch.float32).mean()), rel=1e-6)


def test_a_model_without_loss_or_added_loss_is_refused_before_any_update() -> None:
    model = Sequential([Dense(2, input_shape=(3,))])
    model.compile(optimizer="adam")
    before = model.get_weights()
    with pytest.raises(ValueError, match="No loss to compute"):
        model.fit(np.ones((2, 3)), np.ones((2, 2)), verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_a_program_layers_add_weight_is_a_keras_variable() -> None:
    """keras.io's ComputeSum: ``self.total.assign_add(ops.sum(inputs, axis=0))`` on the weight
    add_weight gave, read back with ``numpy()``."""

    class ComputeSum(Layer):
        def __init__(self, input_dim):
            super().__init__()
            self.total = self.add_weight(initializer="zeros", shape=(input_dim,), trainable=False)

        def call(self, inputs):
            self.total.assign_add(ops.sum(inputs, axis=0))
            return self.total

    my_sum = ComputeSum(2)
    my_sum(ops.ones((2, 2)))
    assert my_sum(ops.ones((2, 2))).numpy().tolist() == [4.0, 4.0]
    assert len(my_sum.non_trainable_weights) == 1 and not my_sum.trainable_weights


def test_model_loss_is_what_compile_was_given_and_a_program_may_set_it() -> None:
    # Keras's model.loss (the Coursera NMT notebook asserts model.loss == "categorical_crossentropy")
    model = Sequential([Input(shape=(3,)), Dense(2)])
    assert model.loss is None
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    assert model.loss == "categorical_crossentropy"
    model.compile(optimizer="adam")  # a compile without a loss keeps the earlier one, as Keras
    assert model.loss == "categorical_crossentropy"
    model.loss = "mine"
    assert model.loss == "mine"
