"""Regularizers and constraints (`statefulrnn.regularizers`, `statefulrnn.constraints`), the
recurrent layers' arguments that use them, and their place in training, against Keras 3's
numbers (tests/fixtures/rnn_args, made by tools/keras_fixtures/rnn_args.py)."""

from __future__ import annotations

import contextlib
import copy
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import constraints, layers, optimizers, regularizers, use_fused_kernels
from statefulrnn.io.config import deserialize_layer, serialize_layer
from statefulrnn.models import Sequential

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rnn_args"
PATHS = {"fused": contextlib.nullcontext, "generic": lambda: use_fused_kernels(False)}


def _case(name: str) -> dict:
    with np.load(FIXTURES / f"{name}.npz") as data:
        case = {key: data[key] for key in data.files}
    case["spec"] = json.loads(str(case["spec"]))
    return case


def _regularized_model(batch_shape: list[int]) -> Sequential:
    """The fixture's model, written as the Keras program writes it."""
    return Sequential(
        [
            layers.Input(batch_shape=tuple(batch_shape)),
            layers.LSTM(
                4,
                stateful=True,
                kernel_regularizer=regularizers.L2(0.01),
                recurrent_regularizer=regularizers.L2(0.02),
                bias_regularizer=regularizers.L1(0.01),
                activity_regularizer=regularizers.L2(0.05),
                kernel_constraint=constraints.MaxNorm(0.8),
                recurrent_constraint=constraints.NonNeg(),
            ),
            layers.Dense(
                1,
                kernel_regularizer=regularizers.L1L2(l1=0.01, l2=0.01),
                kernel_constraint=constraints.UnitNorm(),
            ),
        ]
    )


# ----- against Keras: fit with every kind of penalty and constraint -------------------------


@pytest.mark.parametrize("path", sorted(PATHS))
def test_fit_matches_keras(path: str) -> None:
    case = _case("fit_regularized")
    spec = case["spec"]
    model = _regularized_model(spec["batch_shape"])
    model.set_weights([case[f"w{i}"] for i in range(5)])
    model.compile(optimizer=optimizers.SGD(learning_rate=spec["learning_rate"]), loss="mse")
    batch = spec["batch_shape"][0]
    with PATHS[path]():
        history = model.fit(
            case["x"], case["y"], batch_size=batch, epochs=spec["epochs"], shuffle=False, verbose=0
        )
        final = model.get_weights()
        model.reset_states()
        eval_loss = model.evaluate(case["x"], case["y"], batch_size=batch, verbose=0)
        model.reset_states()
        model(case["x"][:batch])
        penalty = regularizers.penalty(model).item()
    # The reported loss includes the penalties, as Keras's does, in fit and in evaluate.
    np.testing.assert_allclose(history.history["loss"], case["loss"], rtol=1e-5)
    np.testing.assert_allclose(eval_loss, case["eval_loss"], rtol=1e-5)
    np.testing.assert_allclose(penalty, case["penalty"], rtol=1e-5)
    for i, weight in enumerate(final):
        np.testing.assert_allclose(weight, case[f"final_{i}"], rtol=1e-5, atol=1e-6)
    assert (final[1] >= 0).all()  # NonNeg held
    assert (np.linalg.norm(final[0], axis=0) <= 0.8 + 1e-6).all()  # MaxNorm held


def test_penalties_change_the_gradient_and_constraints_follow_each_step() -> None:
    case = _case("fit_regularized")
    plain = Sequential([layers.Input(batch_shape=(4, 5, 3)), layers.LSTM(4, stateful=True), layers.Dense(1)])
    regularized = _regularized_model([4, 5, 3])
    for model in (plain, regularized):
        model.set_weights([case[f"w{i}"] for i in range(5)])
        model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss="mse")
    loss_plain = plain.train_on_batch(case["x"][:4], case["y"][:4])
    loss_regularized = regularized.train_on_batch(case["x"][:4], case["y"][:4])
    assert loss_regularized > loss_plain
    kernel = regularized.get_weights()[0]
    np.testing.assert_allclose(np.linalg.norm(kernel, axis=0).max(), 0.8, rtol=1e-5)


def test_settings_given_after_construction_or_carried_by_a_copy_count() -> None:
    # A training step walks the modules only while some layer holds a setting: every way a
    # layer comes to hold one (constructor, later attribute, copy) must count.
    model = Sequential([layers.Dense(2, input_shape=(3,), kernel_initializer="ones")])
    assert regularizers.weight_settings(model).losses() == []
    model.layers[0].kernel_regularizer = regularizers.L1(0.5)
    assert [loss.detach().item() for loss in regularizers.weight_settings(model).losses()] == [3.0]
    copied = copy.deepcopy(model.layers[0])  # deepcopy (and unpickling) bypass __setattr__
    assert copied in regularizers._HOLDERS
    assert [loss.detach().item() for loss in copied.losses] == [3.0]
    model.layers[0].kernel_constraint = constraints.NonNeg()
    with torch.no_grad():
        model.layers[0].kernel.fill_(-1.0)
    regularizers.weight_settings(model).apply_constraints()
    assert model.layers[0].kernel.detach().sum().item() == 0.0


# ----- weights in Keras's layout ------------------------------------------------------------


def _built_gru(**kwargs) -> layers.GRU:
    layer = layers.GRU(3, input_shape=(None, 2), **kwargs)
    rng = np.random.default_rng(0)
    layer.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in layer.get_weights()])
    return layer


def test_constraints_see_keras_layout() -> None:
    """The GRU keeps PyTorch's gate order inside; MaxNorm(axis=0) must still act on Keras's
    columns, and the (2, 3u) bias of reset_after=True as Keras's one weight."""
    layer = _built_gru(
        kernel_constraint=constraints.MaxNorm(0.5),
        recurrent_constraint=constraints.UnitNorm(axis=1),
        bias_constraint=constraints.MaxNorm(0.3),
    )
    before = layer.get_weights()
    constraints.apply_constraints(layer)
    after = layer.get_weights()
    for index, constraint in ((0, constraints.MaxNorm(0.5)), (1, constraints.UnitNorm(axis=1))):
        np.testing.assert_allclose(
            after[index], constraint(torch.from_numpy(before[index])).numpy(), rtol=1e-6
        )
    norms = np.sqrt((before[2] ** 2).sum(axis=0, keepdims=True))
    np.testing.assert_allclose(after[2], before[2] * np.clip(norms, 0, 0.3) / (1e-7 + norms), rtol=1e-6)


def test_weight_penalties_are_keras_sums() -> None:
    layer = _built_gru(
        kernel_regularizer="l2", recurrent_regularizer="l1", bias_regularizer=regularizers.L1L2(0.1, 0.2)
    )
    kernel, recurrent, bias = layer.get_weights()
    found = [loss.item() for loss in layer.losses]
    expected = [
        0.01 * (kernel**2).sum(),
        0.01 * np.abs(recurrent).sum(),
        0.1 * np.abs(bias).sum() + 0.2 * (bias**2).sum(),
    ]
    np.testing.assert_allclose(found, expected, rtol=1e-6)
    regularizers.penalty(layer).backward()  # the penalty reaches the parameters behind the views
    assert all(p.grad is not None for p in layer.parameters())


def test_frozen_weights_are_neither_penalised_nor_projected() -> None:
    layer = layers.Dense(
        2, kernel_regularizer="l2", kernel_constraint="non_neg", input_shape=(3,), trainable=False
    )
    before = layer.get_weights()
    assert regularizers.penalty(layer) is None
    constraints.apply_constraints(layer)
    np.testing.assert_array_equal(layer.get_weights()[0], before[0])


def test_activity_penalty_is_divided_by_the_batch_and_replaced_by_each_call() -> None:
    layer = layers.Dense(
        2, kernel_initializer="ones", use_bias=False, activity_regularizer="l1", input_shape=(3,)
    )
    layer(torch.ones(4, 3))
    np.testing.assert_allclose(regularizers.penalty(layer).item(), 0.01 * 4 * 2 * 3 / 4, rtol=1e-6)
    layer(torch.ones(2, 3) * 2)
    np.testing.assert_allclose(regularizers.penalty(layer).item(), 0.01 * 2 * 2 * 6 / 2, rtol=1e-6)


def test_activity_penalty_counts_every_returned_tensor() -> None:
    layer = layers.GRU(2, return_state=True, activity_regularizer=regularizers.L1(1.0))
    output, state = layer(torch.ones(3, 4, 2))
    expected = (output.abs().sum() + state.abs().sum()).item() / 3
    np.testing.assert_allclose(regularizers.penalty(layer).item(), expected, rtol=1e-6)


# ----- seed, use_cudnn, implementation ------------------------------------------------------


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.GRU, layers.LSTM])
def test_seed_makes_dropout_reproducible(cls: type) -> None:
    def run(seed: int, global_seed: int) -> torch.Tensor:
        torch.manual_seed(0)
        layer = cls(
            3, dropout=0.5, recurrent_dropout=0.3, seed=seed, return_sequences=True, input_shape=(None, 2)
        )
        torch.manual_seed(global_seed)  # the seeded masks must not depend on the global generator
        layer.train()
        x = torch.ones(4, 5, 2)
        return torch.cat([layer(x), layer(x)])  # two calls: two different draws

    first, again, other = run(7, 1), run(7, 2), run(8, 1)
    torch.testing.assert_close(first, again)
    assert not torch.equal(first, other)
    assert not torch.equal(first[:4], first[4:])


def test_seeded_layer_copies_its_generator() -> None:
    layer = layers.GRU(3, dropout=0.5, seed=3)
    layer.train()
    layer(torch.ones(2, 4, 2))
    twin = copy.deepcopy(layer)
    torch.testing.assert_close(twin(torch.ones(2, 4, 2)), layer(torch.ones(2, 4, 2)))


def test_seed_must_be_an_integer() -> None:
    with pytest.raises(TypeError, match=r"seed must be an integer or None. Received: seed=1.5"):
        layers.LSTM(2, seed=1.5)


def test_use_cudnn_and_implementation_are_accepted() -> None:
    for use_cudnn in ("auto", True, False):
        assert layers.GRU(2, use_cudnn=use_cudnn, implementation=1).use_cudnn == use_cudnn
    layers.SimpleRNN(2, implementation=1, unroll=True)
    layers.LSTMCell(2, implementation=1)
    with pytest.raises(
        ValueError, match=r"use_cudnn must be 'auto', True or False. Received: use_cudnn='yes'"
    ):
        layers.LSTM(2, use_cudnn="yes")


def test_regularizers_in_keras_positional_order() -> None:
    """Keras's SimpleRNNCell order: ..., bias_initializer, kernel_regularizer, ..."""
    cell = layers.SimpleRNNCell(2, "tanh", True, "glorot_uniform", "orthogonal", "zeros", "l2")
    assert isinstance(cell.kernel_regularizer, regularizers.L2)


# ----- identifiers, configs, model files ----------------------------------------------------


def test_get_resolves_keras_identifiers() -> None:
    assert regularizers.get(None) is None
    assert repr(regularizers.get("l1_l2")) == "L1L2(l1=0.01, l2=0.01)"
    assert repr(regularizers.get("l1l2")) == "L1L2(l1=0.0, l2=0.0)"
    assert isinstance(regularizers.get(regularizers.L2), regularizers.L2)
    assert (
        repr(constraints.get("min_max_norm")) == "MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)"
    )

    def custom(w: torch.Tensor) -> torch.Tensor:
        return w.sum()

    assert regularizers.get(custom) is custom
    with pytest.raises(
        ValueError, match=r"Could not interpret regularizer identifier: 'l3'. Known names: l1, "
    ):
        regularizers.get("l3")
    with pytest.raises(TypeError, match=r"A constraint must be a name such as"):
        constraints.get(3)
    with pytest.raises(TypeError, match=r"expected a non-negative float. Received: l2='0.1'"):
        regularizers.L2("0.1")


@pytest.mark.parametrize(
    "obj",
    [regularizers.L1(0.3), regularizers.L1L2(0.1, 0.2), regularizers.OrthogonalRegularizer(0.1, "columns"),
     constraints.MaxNorm(3, axis=1), constraints.NonNeg(), constraints.MinMaxNorm(0.1, 2.0, 0.5)],
)  # fmt: skip
def test_serialize_get_and_pickle_round_trip(obj: object) -> None:
    module = regularizers if isinstance(obj, regularizers.Regularizer) else constraints
    x = torch.from_numpy(np.random.default_rng(1).normal(size=(4, 3)).astype(np.float32))
    for twin in (module.get(module.serialize(obj)), pickle.loads(pickle.dumps(obj))):
        assert type(twin) is type(obj) and twin.get_config() == obj.get_config()
        torch.testing.assert_close(twin(x), obj(x))


def test_serialize_names_a_function_and_refuses_a_lambda() -> None:
    def total(w):
        return w.sum()

    assert regularizers.serialize(total)["config"] == "total"  # found again by name, as in Keras
    with pytest.raises(TypeError, match="a callable without a name"):  # Keras pickles its code: not here
        regularizers.serialize(lambda w: w.sum())


def test_model_file_config_keeps_regularizers_and_constraints() -> None:
    model = Sequential(
        [
            layers.LSTM(
                2,
                kernel_regularizer="l2",
                recurrent_regularizer=regularizers.L1L2(0.1, 0.2),
                activity_regularizer=regularizers.L1(0.3),
                kernel_constraint="non_neg",
                bias_constraint=constraints.MaxNorm(3, axis=0),
                seed=4,
                batch_input_shape=(2, None, 1),
            ),
            layers.Dense(1, bias_regularizer="l1"),
        ]
    )
    twin = deserialize_layer(serialize_layer(model))
    cell = twin.layers[0].cell
    assert repr(cell.kernel_regularizer) == "L2(l2=0.01)"
    assert repr(cell.recurrent_regularizer) == "L1L2(l1=0.1, l2=0.2)"
    # Keras's L1 config holds the float32 of its factor (tests/test_regularizer_configs.py)
    assert repr(twin.layers[0].activity_regularizer) == "L1(l1=0.30000001192092896)"
    assert repr(cell.kernel_constraint) == "NonNeg()"
    assert repr(cell.bias_constraint) == "MaxNorm(max_value=3, axis=0)"
    assert repr(twin.layers[1].bias_regularizer) == "L1(l1=0.01)"
    assert cell.seed == 4


def test_model_file_refuses_a_function_regularizer() -> None:
    model = Sequential([layers.Dense(1, kernel_regularizer=lambda w: w.sum(), input_shape=(2,), name="d")])
    with pytest.raises(ValueError, match=r"Layer 'd': argument kernel_regularizer=.* is a Python function"):
        serialize_layer(model)
