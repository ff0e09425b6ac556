"""The options every Keras optimizer takes: ``use_ema`` (moving averages, their overwrite, the
end of `fit`, `SwapEMAWeights`), ``gradient_accumulation_steps`` and ``loss_scale_factor``,
against Keras 3.15.1: step by step (tests/fixtures/optimizers, whose cases
``tools/keras_fixtures/optimizers.py`` also replays in test_more_optimizers) and through `fit`
(tests/fixtures/optimizer_options, made by ``tools/keras_fixtures/optimizer_options_fit.py``)."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import optimizers
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).parent / "fixtures"
with np.load(FIXTURES / "optimizers" / "steps.npz") as _data:
    STEPS = {key: _data[key] for key in _data.files}
STEP_CASES = json.loads(str(STEPS["spec"]))
FIT = fixture_script("optimizer_options_fit")
with np.load(FIXTURES / "optimizer_options" / "fit.npz") as _data:
    FITTED = {key: _data[key] for key in _data.files}


def _stepped(name: str, steps: int) -> tuple[list[torch.nn.Parameter], optimizers.KerasOptimizer]:
    class_name, arguments = STEP_CASES[name]
    count = sum(key.endswith("_start") for key in STEPS)  # ranks 0 to 3: global_clipnorm takes all
    weights = [torch.nn.Parameter(torch.tensor(STEPS[f"w{i}_start"])) for i in range(count)]
    optimizer = getattr(optimizers, class_name)(weights, **arguments)
    for step in range(steps):
        for i, weight in enumerate(weights):
            weight.grad = torch.tensor(STEPS[f"g{i}"][step])
        optimizer.step()
    return weights, optimizer


@pytest.mark.parametrize("name", [name for name, (_, args) in STEP_CASES.items() if args.get("use_ema")])
def test_the_moving_averages_are_keras_s(name: str) -> None:
    weights, optimizer = _stepped(name, 40)
    for i, weight in enumerate(weights):
        average = optimizer.state[weight]["average"].numpy()
        np.testing.assert_allclose(average, STEPS[f"{name}_average{i}"], rtol=2e-6, atol=2e-7)
        # the test could fail: the averages are not the weights themselves
        assert np.abs(average - weight.detach().numpy()).max() > 1e-4


def test_accumulation_counts_updates_and_sums_between_them() -> None:
    weights, optimizer = _stepped("adam_accumulate", 4)  # updates at calls 3 (and 6)
    assert (optimizer.iterations, optimizer._iterations) == (1, 4)
    summed = optimizer.state[weights[0]]["gradient_accumulator"]
    np.testing.assert_allclose(summed.numpy(), STEPS["g0"][3], rtol=1e-6)  # the 4th call's, kept
    np.testing.assert_allclose(weights[0].detach().numpy(), STEPS["adam_accumulate_w0"][3], rtol=2e-6)
    np.testing.assert_array_equal(STEPS["adam_accumulate_w0"][3], STEPS["adam_accumulate_w0"][2])


def test_the_options_survive_a_state_dict_and_a_pickle() -> None:
    first, optimizer = _stepped("nadam_accumulate_ema", 21)
    weights = [torch.nn.Parameter(w.detach().clone()) for w in first]
    class_name, arguments = STEP_CASES["nadam_accumulate_ema"]
    resumed = getattr(optimizers, class_name)(weights, **arguments)
    resumed.load_state_dict(copy.deepcopy(optimizer.state_dict()))
    for step in range(21, 40):
        for i, weight in enumerate(weights):
            weight.grad = torch.tensor(STEPS[f"g{i}"][step])
        resumed.step()
    np.testing.assert_allclose(weights[1].detach().numpy(), STEPS["nadam_accumulate_ema_w1"][-1], rtol=2e-6)
    copied = pickle.loads(pickle.dumps(optimizer))
    assert copied.get_config() == optimizer.get_config()
    assert copied.get_config()["gradient_accumulation_steps"] == 2 and copied.use_ema


def test_config_round_trip_and_keras_s_zero_counts() -> None:
    optimizer = optimizers.Adam(0.01, use_ema=True, ema_momentum=0.9, ema_overwrite_frequency=4,
                                loss_scale_factor=2.0, gradient_accumulation_steps=3)  # fmt: skip
    config = optimizer.get_config()
    assert optimizers.Adam.from_config(config).get_config() == config
    assert {key: config[key] for key in ("use_ema", "ema_momentum", "ema_overwrite_frequency")} == {
        "use_ema": True, "ema_momentum": 0.9, "ema_overwrite_frequency": 4,
    }  # fmt: skip
    # Keras reads these counts with ``if value:``: 0 is off, as None
    zero = optimizers.SGD(ema_overwrite_frequency=0, gradient_accumulation_steps=0)
    assert zero.ema_overwrite_frequency is None and zero.gradient_accumulation_steps is None


@pytest.mark.parametrize("name", sorted(FIT.CASES))
def test_fit_matches_keras(name: str) -> None:
    model, callbacks = FIT.build(statefulrnn, name)
    history = FIT.fit(model, callbacks).history
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(history[key], FITTED[f"{name}_{key}"], rtol=1e-5, err_msg=key)
    for i, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, FITTED[f"{name}_weight_{i}"], rtol=1e-5, atol=1e-6, err_msg=str(i))


def test_fit_ends_on_the_averages_and_the_callback_evaluates_on_them() -> None:
    model, _ = FIT.build(statefulrnn, "ema_swap")
    x, y = FIT.data()
    history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, validation_data=(x, y), verbose=0)
    optimizer = model.optimizer
    for p in model.trainable_weights:
        np.testing.assert_array_equal(p.detach().numpy(), optimizer.state[p]["average"].numpy())
    # without the callback, val_loss is the raw weights': it differs from the fixture's
    assert abs(history.history["val_loss"][0] - FITTED["ema_swap_val_loss"][0]) > 1e-4


def test_swapping_is_exact_and_needs_averages() -> None:
    model, _ = FIT.build(statefulrnn, "ema_swap")
    swap = statefulrnn.callbacks.SwapEMAWeights()
    x, y = FIT.data()
    with pytest.raises(
        ValueError, match=r"no moving averages of the weights to swap in \(it has made no update"
    ):
        model.predict(x, verbose=0, callbacks=[swap])
    model.train_on_batch(x, y)
    model.train_on_batch(x, y)
    before = [w.copy() for w in model.get_weights()]
    predicted = model.predict(x, verbose=0, callbacks=[swap])
    for a, b in zip(before, model.get_weights(), strict=True):  # Keras on TF leaves the averages in
        np.testing.assert_array_equal(a, b)
    assert not np.allclose(predicted, model.predict(x, verbose=0))
    plain = statefulrnn.Sequential([statefulrnn.layers.Dense(1, input_shape=(3,))])
    plain.compile("adam", "mse")
    plain.train_on_batch(np.ones((2, 3)), np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"\(use_ema=False\)"):
        plain.evaluate(np.ones((2, 3)), np.ones((2, 1)), verbose=0, callbacks=[swap])


def test_the_loss_is_scaled_for_the_gradients_only() -> None:
    """With a factor, the logged loss is the loss; the step's gradients are the unscaled ones."""
    x, y = FIT.data()
    results = []
    for factor in (None, 1024.0):
        model, _ = FIT.build(statefulrnn, "ema_swap")
        model.compile(optimizers.SGD(0.1, loss_scale_factor=factor), "mse")
        results.append((model.train_on_batch(x, y), model.get_weights()))
    assert results[0][0] == results[1][0]
    for a, b in zip(results[0][1], results[1][1], strict=True):  # a power of two: exactly
        np.testing.assert_array_equal(a, b)


def test_each_optimizer_answers_its_own_options_as_attributes_and_takes_them_set() -> None:
    # Keras's optimizer.beta_1 (the Coursera NMT notebook asserts opt.beta_1 == 0.9)
    adam = optimizers.Adam(learning_rate=0.005, beta_2=0.99)
    assert (adam.beta_1, adam.beta_2, adam.epsilon, adam.amsgrad) == (0.9, 0.99, 1e-7, False)
    sgd = optimizers.SGD(momentum=0.5, nesterov=True)
    assert (sgd.momentum, sgd.nesterov) == (0.5, True)
    assert optimizers.RMSprop(rho=0.8).rho == 0.8
    weight = torch.nn.Parameter(torch.ones(2))
    sgd.build([weight])
    sgd.momentum = 0.25
    assert sgd.param_groups[0]["momentum"] == 0.25 and sgd.momentum == 0.25
    with pytest.raises(ValueError, match="momentum"):
        sgd.momentum = 2.0
    assert sgd.momentum == 0.25
    with pytest.raises(AttributeError):
        adam.momentum  # noqa: B018 - Adam has no momentum
