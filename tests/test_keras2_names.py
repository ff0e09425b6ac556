"""Keras 2 names still in wide use, with Keras's meaning: loss and metric functions (numbers from
real Keras 3.15.1, tools/keras_fixtures/keras2_api.py), on_batch_* hooks, ModelCheckpoint(period=),
optimizers' lr=, and the errors for TensorFlow-only features."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import Dense, Sequential, _tf_only, activations, losses, metrics, optimizers
from statefulrnn.callbacks import Callback, LambdaCallback, ModelCheckpoint

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "keras2_api"


def _functions() -> tuple[list[dict[str, Any]], dict[str, np.ndarray]]:
    with np.load(FIXTURES / "functions.npz") as data:
        arrays = {key: data[key] for key in data.files}
    return json.loads(str(arrays.pop("spec"))), arrays


CASES, ARRAYS = _functions()


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c['fn']}-{i}" for i, c in enumerate(CASES)])
def test_function_matches_keras(index: int) -> None:
    case = CASES[index]
    function = getattr({"losses": losses, "metrics": metrics}[case["module"]], case["fn"])
    y_true = torch.from_numpy(ARRAYS[f"data/{case['y_true']}"])
    y_pred = torch.from_numpy(ARRAYS[f"data/{case['y_pred']}"])
    if case["softmax"]:  # a model's softmax output, which remembers its logits as Keras's does
        y_pred = activations.softmax(y_pred)
    result = function(y_true, y_pred, **case["kwargs"])
    expected = ARRAYS[f"{index}/out"]
    assert tuple(result.shape) == expected.shape
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-5, atol=1e-5)


def test_functions_take_numpy_arrays_and_give_gradients() -> None:
    y_pred = torch.tensor([[0.2, 0.8], [0.6, 0.4]], requires_grad=True)
    loss = losses.categorical_crossentropy(np.array([[0.0, 1.0], [1.0, 0.0]]), y_pred).mean()
    (grad,) = torch.autograd.grad(loss, y_pred)
    assert grad.shape == (2, 2) and bool(torch.isfinite(grad).all())
    np.testing.assert_allclose(losses.mse(np.zeros((2, 3)), np.ones((2, 3))).numpy(), [1.0, 1.0])


def test_keras_2_short_names_are_the_functions() -> None:
    assert losses.mse is losses.MSE is losses.mean_squared_error
    assert losses.kld is losses.kullback_leibler_divergence is losses.kl_divergence
    assert metrics.mean_absolute_error is losses.mae
    assert losses.get("MAPE") is losses.mean_absolute_percentage_error
    assert losses.get("logcosh") is losses.log_cosh


def test_a_loss_function_is_its_class_with_the_defaults() -> None:
    loss = losses.get(losses.sparse_categorical_crossentropy)
    assert isinstance(loss, losses.SparseCategoricalCrossentropy)
    assert not loss.from_logits
    assert losses.get(losses.mean_squared_error) is losses.mean_squared_error


def _classifier(seed: int) -> Sequential:
    torch.manual_seed(seed)
    return Sequential([Dense(3, activation="softmax", input_shape=(4,))])


def test_compile_takes_the_sparse_loss_function_with_integer_targets() -> None:
    x = np.random.default_rng(0).normal(size=(8, 4)).astype(np.float32)
    y = np.array([0, 1, 2, 1, 0, 2, 2, 1])
    histories = []
    for loss in (losses.sparse_categorical_crossentropy, "sparse_categorical_crossentropy"):
        model = _classifier(seed=1)
        model.compile(optimizer="sgd", loss=loss, metrics=[metrics.sparse_categorical_accuracy])
        histories.append(model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False).history)
    assert histories[0] == histories[1]
    assert set(histories[0]) == {"loss", "sparse_categorical_accuracy"}


def test_sparse_crossentropy_checks_shapes() -> None:
    with pytest.raises(ValueError, match=r"same shape up until the last dimension.*\(3,\).*\(2, 3\)"):
        losses.sparse_categorical_crossentropy(torch.tensor([0, 1, 2]), torch.ones(2, 3))
    with pytest.raises(ValueError, match="Only axis=-1"):
        losses.sparse_categorical_crossentropy(torch.tensor([0, 1]), torch.ones(2, 3), axis=0)
    with pytest.raises(ValueError, match="`axis` must be of type `int`"):
        losses.categorical_crossentropy(torch.ones(2, 3), torch.ones(2, 3), axis=True)


# ----- callbacks ------------------------------------------------------------------------------


class _Keras2Hooks(Callback):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, int]] = []

    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self.calls.append(("begin", batch))

    def on_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self.calls.append(("end", batch))
        assert logs is not None and "loss" in logs


class _BothHooks(_Keras2Hooks):
    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self.calls.append(("train_end", batch))  # replaces the default, which calls on_batch_end


def _fit(callback: Callback, epochs: int = 1) -> None:
    model = _classifier(seed=0)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x, y = np.zeros((6, 4), np.float32), np.zeros(6)
    model.fit(x, y, batch_size=2, epochs=epochs, verbose=0, callbacks=[callback])


def test_on_batch_hooks_are_called_around_each_training_batch() -> None:
    hooks = _Keras2Hooks()
    _fit(hooks)
    assert hooks.calls == [("begin", 0), ("end", 0), ("begin", 1), ("end", 1), ("begin", 2), ("end", 2)]


def test_overriding_the_train_batch_hook_replaces_the_keras_2_one() -> None:
    hooks = _BothHooks()
    _fit(hooks)
    assert [c for c in hooks.calls if c[0] != "begin"] == [
        ("train_end", 0),
        ("train_end", 1),
        ("train_end", 2),
    ]


def test_lambda_callback_takes_keras_2_batch_hooks() -> None:
    seen: list[int] = []
    _fit(LambdaCallback(on_batch_end=lambda batch, logs: seen.append(batch)))
    assert seen == [0, 1, 2]


def test_model_checkpoint_period_saves_every_period_epochs(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="`period` argument is deprecated"):
        checkpoint = ModelCheckpoint(str(tmp_path / "w{epoch}.weights.safetensors"), period=2)
    _fit(checkpoint, epochs=5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w2.weights.safetensors", "w4.weights.safetensors"]


def test_model_checkpoint_period_must_be_positive() -> None:
    with pytest.raises(ValueError, match=r"period must be an integer >= 1. Received: period=0"):
        ModelCheckpoint("w.weights.safetensors", period=0)


def test_model_checkpoint_takes_tf_keras_s_options_none_only(tmp_path: Path) -> None:
    # Kaggle ventilator kernels write ModelCheckpoint(..., options=None), tf-keras's default
    checkpoint = ModelCheckpoint(str(tmp_path / "w{epoch}.weights.safetensors"), options=None)
    _fit(checkpoint, epochs=1)
    assert [p.name for p in tmp_path.iterdir()] == ["w1.weights.safetensors"]
    with pytest.raises(ValueError, match=r"options= takes TensorFlow's .*Received: options='io'"):
        ModelCheckpoint("w.weights.safetensors", options="io")


# ----- optimizers -----------------------------------------------------------------------------


@pytest.mark.parametrize("optimizer", [optimizers.SGD, optimizers.RMSprop, optimizers.Adam, optimizers.AdamW])
def test_lr_is_the_learning_rate_with_a_warning(optimizer: type) -> None:
    with pytest.warns(UserWarning, match="The `lr` argument is deprecated, use `learning_rate` instead"):
        made = optimizer(lr=0.25)
    assert made.learning_rate == 0.25 and made.get_config()["learning_rate"] == 0.25
    with pytest.warns(UserWarning, match="`lr`"):
        bound = optimizer(torch.nn.Linear(2, 1).parameters(), lr=0.5)
    assert bound.param_groups[0]["lr"] == 0.5


def test_lr_in_a_keras_2_config() -> None:
    with pytest.warns(UserWarning, match="`lr`"):
        made = optimizers.get({"class_name": "SGD", "config": {"lr": 0.3, "momentum": 0.5}})
    assert made.learning_rate == 0.3


# ----- TensorFlow-only features ---------------------------------------------------------------


def test_tensorflow_only_compile_options_name_the_pytorch_way() -> None:
    _tf_only.check_compile_options(
        run_eagerly=True, jit_compile="auto", steps_per_execution=1, distribute=None
    )
    _tf_only.check_compile_options(jit_compile=True)  # Keras 3 takes it on every backend
    with pytest.raises(ValueError, match=r"compile\(steps_per_execution=4\): running several batches"):
        _tf_only.check_compile_options(steps_per_execution=4)
    with pytest.raises(ValueError, match=r"compile\(steps_per_execution=8\): .*one PyTorch step"):
        _tf_only.check_compile_options(steps_per_execution=8)
    with pytest.raises(ValueError, match=r"compile\(distribute=.*statefulrnn.distributed"):
        _tf_only.check_compile_options(distribute=object())
    with pytest.raises(ValueError, match="steps_per_execution=True"):
        _tf_only.check_compile_options(steps_per_execution=True)  # a bool is not the count 1


def test_tensorflow_inputs_name_the_pytorch_way() -> None:
    dataset = type(
        "_TensorSliceDataset", (), {"__module__": "tensorflow.python.data.ops.from_tensor_slices_op"}
    )
    graph_tensor = type("SymbolicTensor", (), {"__module__": "tensorflow.python.framework.ops"})
    eager_tensor = type("EagerTensor", (), {"__module__": "tensorflow.python.framework.ops", "numpy": None})
    with pytest.raises(TypeError, match=r"fit's x received a _TensorSliceDataset: .*as_numpy_iterator"):
        _tf_only.check_not_tensorflow(dataset(), "fit's x")
    with pytest.raises(TypeError, match=r"graph tensor \(SymbolicTensor\): .*Remove the @tf.function"):
        _tf_only.check_not_tensorflow(graph_tensor(), "model")
    _tf_only.check_not_tensorflow(eager_tensor(), "fit's x")  # converts like an array
    _tf_only.check_not_tensorflow(np.zeros(2), "fit's x")


def test_losses_reduction_holds_tf_keras_names() -> None:
    """tf-keras 2.21's ``keras.losses.Reduction.all()`` is ('auto', 'none', 'sum',
    'sum_over_batch_size') (measured this session); keras.io's NER example builds its masked
    loss from ``SparseCategoricalCrossentropy(reduction=keras.losses.Reduction.NONE)``."""
    reduction = losses.Reduction
    assert reduction.all() == ("auto", "none", "sum", "sum_over_batch_size")
    y_true, y_pred = torch.tensor([[1, 0]]), torch.tensor([[[0.2, 0.8], [0.6, 0.4]]])
    per_token = losses.SparseCategoricalCrossentropy(reduction=reduction.NONE)(y_true, y_pred)
    assert tuple(per_token.shape) == (1, 2)
    assert float(losses.SparseCategoricalCrossentropy(reduction=reduction.AUTO)(y_true, y_pred)) == (
        pytest.approx(float(per_token.mean()))
    )
    reduction.validate(reduction.SUM)
    with pytest.raises(ValueError, match="Invalid Reduction Key: mean"):
        reduction.validate("mean")
