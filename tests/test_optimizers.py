"""Keras's optimizers: their rules against a float64 numpy transcription of Keras's formulas,
where they differ from torch.optim, building, resolution, state dicts and errors."""

from __future__ import annotations

import copy
import io
import pickle
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import optimizers
from statefulrnn.optimizers import SGD, Adam, AdamW, KerasOptimizer, RMSprop

SHAPES = [(3, 4), (4,), ()]
STEPS = 5

KERAS_DEFAULTS: dict[str, dict[str, Any]] = {
    "SGD": {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False, "weight_decay": None},
    "RMSprop": {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False},
    "Adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False},
    "AdamW": {
        "learning_rate": 0.001, "weight_decay": 0.004, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7,
        "amsgrad": False,
    },
}  # fmt: skip


# ----- a float64 transcription of Keras's optimizer.apply -------------------------------------


def keras_reference(
    name: str, config: dict[str, Any], weights: list[np.ndarray], grad_steps: list[list[np.ndarray | None]]
) -> list[np.ndarray]:
    """Keras 3's ``BaseOptimizer.apply`` and ``update_step`` (sgd.py, rmsprop.py, adam.py, adamw.py),
    in float64 and in the plainest form, independent of the code under test."""
    c = {"weight_decay": None, "clipnorm": None, "clipvalue": None, "global_clipnorm": None}
    c.update(KERAS_DEFAULTS[name])
    c.update(config)
    w = [x.astype(np.float64) for x in weights]
    slots: list[dict[str, np.ndarray]] = [{} for _ in w]

    def slot(i: int, key: str) -> np.ndarray:
        return slots[i].setdefault(key, np.zeros_like(w[i]))

    iterations = 0
    for grads in grad_steps:
        live = [i for i, g in enumerate(grads) if g is not None]  # Keras filters missing gradients
        g = {i: grads[i].astype(np.float64) for i in live}
        if c["clipnorm"]:
            for i in live:
                norm = np.sqrt(np.sum(g[i] ** 2))
                g[i] = g[i] * min(1.0, c["clipnorm"] / norm) if norm > 0 else g[i]
        elif c["global_clipnorm"]:
            norm = np.sqrt(sum(np.sum(g[i] ** 2) for i in live))
            for i in live:
                g[i] = g[i] * min(1.0, c["global_clipnorm"] / norm)
        elif c["clipvalue"]:
            for i in live:
                g[i] = np.clip(g[i], -c["clipvalue"], c["clipvalue"])
        lr = c["learning_rate"](iterations) if callable(c["learning_rate"]) else c["learning_rate"]
        for i in live:
            if c["weight_decay"] is not None:
                w[i] = w[i] - w[i] * c["weight_decay"] * lr
            if name == "SGD":
                if c["momentum"] == 0:
                    w[i] = w[i] - lr * g[i]
                else:
                    m = slots[i]["momentum"] = c["momentum"] * slot(i, "momentum") - lr * g[i]
                    w[i] = w[i] + (c["momentum"] * m - lr * g[i] if c["nesterov"] else m)
            elif name == "RMSprop":
                rho = c["rho"]
                v = slots[i]["velocity"] = rho * slot(i, "velocity") + (1 - rho) * g[i] ** 2
                if c["centered"]:
                    a = slots[i]["average"] = rho * slot(i, "average") + (1 - rho) * g[i]
                    increment = lr * g[i] / np.sqrt(v - a**2 + c["epsilon"])
                else:
                    increment = lr * g[i] / np.sqrt(v + c["epsilon"])
                if c["momentum"] > 0:
                    increment = slots[i]["momentum"] = c["momentum"] * slot(i, "momentum") + increment
                w[i] = w[i] - increment
            else:  # Adam, AdamW (AdamW's decay is the weight decay above)
                b1, b2, t = c["beta_1"], c["beta_2"], iterations + 1
                m = slots[i]["m"] = b1 * slot(i, "m") + (1 - b1) * g[i]
                v = slots[i]["v"] = b2 * slot(i, "v") + (1 - b2) * g[i] ** 2
                if c["amsgrad"]:
                    v = slots[i]["v_hat"] = np.maximum(slot(i, "v_hat"), v)
                w[i] = w[i] - lr * np.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + c["epsilon"])
        iterations += 1
    return w


def random_problem(seed: int, grad_scale: float, missing: bool = True) -> tuple[list[np.ndarray], list[list]]:
    """Weights and STEPS gradient lists; gradients vary in size from step to step (so AMSGrad's
    max and the clips act), and the last parameter has no gradient at step 2 when ``missing``."""
    rng = np.random.default_rng(seed)
    weights = [np.asarray(rng.normal(size=shape), dtype=np.float32) for shape in SHAPES]
    steps = []
    for step in range(STEPS):
        factor = grad_scale * float(np.exp(rng.normal()))
        grads = [np.asarray(factor * rng.normal(size=shape), dtype=np.float32) for shape in SHAPES]
        if missing and step == 2:
            grads[-1] = None
        steps.append(grads)
    return weights, steps


def run_ours(optimizer_class: type, config: dict[str, Any], weights, grad_steps) -> list[np.ndarray]:
    params = [torch.nn.Parameter(torch.from_numpy(w.copy())) for w in weights]
    optimizer = optimizer_class(params, **config)
    for grads in grad_steps:
        for p, g in zip(params, grads):
            p.grad = None if g is None else torch.from_numpy(g)
        optimizer.step()
    return [p.detach().numpy() for p in params]


CASES: list[tuple[type, dict[str, Any]]] = [
    (SGD, {}),
    (SGD, {"learning_rate": 0.1, "momentum": 0.9}),
    (SGD, {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    (SGD, {"learning_rate": 0.1, "clipnorm": 0.5}),
    (SGD, {"learning_rate": 0.1, "clipvalue": 0.3}),
    (SGD, {"learning_rate": 0.1, "momentum": 0.5, "global_clipnorm": 1.0}),
    (SGD, {"learning_rate": 0.1, "momentum": 0.9, "weight_decay": 0.1}),
    (RMSprop, {}),
    (RMSprop, {"centered": True}),
    (RMSprop, {"momentum": 0.9}),
    (RMSprop, {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5, "centered": True}),
    (RMSprop, {"learning_rate": 0.01, "weight_decay": 0.05}),
    (RMSprop, {"clipnorm": 0.3}),
    (RMSprop, {"epsilon": 1e-3}),
    (Adam, {}),
    (Adam, {"amsgrad": True}),
    (Adam, {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-3}),
    (Adam, {"clipvalue": 0.05}),
    (Adam, {"global_clipnorm": 0.5, "amsgrad": True}),
    (Adam, {"learning_rate": 0.01, "weight_decay": 0.1}),
    (AdamW, {}),
    (AdamW, {"learning_rate": 0.01, "weight_decay": 0.1, "amsgrad": True}),
]


def _case_id(case: tuple[type, dict[str, Any]]) -> str:
    cls, config = case
    return cls.__name__ + "".join(f"-{k}={v}" for k, v in config.items())


@pytest.mark.parametrize("grad_scale", [1.0, 1e-3], ids=["g~1", "g~1e-3"])
@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_matches_keras_formula(case: tuple[type, dict[str, Any]], grad_scale: float) -> None:
    cls, config = case
    weights, grad_steps = random_problem(seed=len(CASES) + CASES.index(case), grad_scale=grad_scale)
    ours = run_ours(cls, config, weights, grad_steps)
    expected = keras_reference(cls.__name__, config, weights, grad_steps)
    for index, (got, want) in enumerate(zip(ours, expected)):
        assert got.dtype == np.float32
        # weights are O(1): atol is a few float32 ulps of 1, the round-off of 5 steps
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=5e-7, err_msg=f"parameter {index}")
    # the weights moved by much more than the tolerance, so the comparison tests the updates
    assert max(np.max(np.abs(want - start)) for want, start in zip(expected, weights)) > 2e-5


def test_learning_rate_schedule_is_called_with_the_iteration_count() -> None:
    weights, grad_steps = random_problem(seed=3, grad_scale=1.0)
    calls: list[int] = []

    def schedule(step: int) -> float:
        calls.append(step)
        return 0.1 * 0.5**step

    config = {"learning_rate": schedule, "momentum": 0.9}
    ours = run_ours(SGD, config, weights, grad_steps)
    expected = keras_reference(
        "SGD", {"learning_rate": lambda s: 0.1 * 0.5**s, "momentum": 0.9}, weights, grad_steps
    )
    for got, want in zip(ours, expected):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    assert calls == [0, 0, 1, 2, 3, 4]  # once at construction (a check), then before each step


# ----- where torch.optim differs, and where it does not ---------------------------------------


def _weight_change_ratio(ours_class, ours_config, torch_class, torch_config, grad_scale: float) -> float:
    """max |our change - torch's change| / max |our change|, after 5 steps from the same start."""
    torch.manual_seed(0)
    start = torch.randn(20)
    grads = [grad_scale * torch.randn(20) for _ in range(STEPS)]
    p, q = torch.nn.Parameter(start.clone()), torch.nn.Parameter(start.clone())
    ours, theirs = ours_class([p], **ours_config), torch_class([q], **torch_config)
    for g in grads:
        p.grad, q.grad = g.clone(), g.clone()
        ours.step()
        theirs.step()
    ours_change, torch_change = (p.detach() - start).double(), (q.detach() - start).double()
    return float((ours_change - torch_change).abs().max() / ours_change.abs().max())


def test_rmsprop_puts_epsilon_inside_the_square_root_unlike_torch() -> None:
    ours, theirs = {"learning_rate": 0.01}, {"lr": 0.01, "alpha": 0.9, "eps": 1e-7}
    # Large gradients: epsilon is negligible either way, so torch agrees to round-off...
    assert _weight_change_ratio(RMSprop, ours, torch.optim.RMSprop, theirs, grad_scale=1.0) < 1e-4
    # ...small ones (v ~ epsilon): sqrt(v + eps) and sqrt(v) + eps are far apart.
    assert _weight_change_ratio(RMSprop, ours, torch.optim.RMSprop, theirs, grad_scale=1e-4) > 0.5


def test_adam_adds_epsilon_before_the_bias_correction_unlike_torch() -> None:
    ours, theirs = {"learning_rate": 0.01}, {"lr": 0.01, "eps": 1e-7}
    assert _weight_change_ratio(Adam, ours, torch.optim.Adam, theirs, grad_scale=1.0) < 1e-4
    assert _weight_change_ratio(Adam, ours, torch.optim.Adam, theirs, grad_scale=1e-6) > 0.1
    ours_w, theirs_w = (
        {"learning_rate": 0.01, "weight_decay": 0.5},
        {"lr": 0.01, "eps": 1e-7, "weight_decay": 0.5},
    )
    assert _weight_change_ratio(AdamW, ours_w, torch.optim.AdamW, theirs_w, grad_scale=1.0) < 1e-4
    assert _weight_change_ratio(AdamW, ours_w, torch.optim.AdamW, theirs_w, grad_scale=1e-6) > 0.01


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_momentum_is_torchs_until_the_learning_rate_changes(nesterov: bool) -> None:
    torch.manual_seed(1)
    start, grads = torch.randn(10), [torch.randn(10) for _ in range(6)]
    p, q = torch.nn.Parameter(start.clone()), torch.nn.Parameter(start.clone())
    ours = SGD([p], learning_rate=0.1, momentum=0.9, nesterov=nesterov)
    theirs = torch.optim.SGD([q], lr=0.1, momentum=0.9, nesterov=nesterov)
    for step, g in enumerate(grads):
        if step == 3:  # Keras's velocity holds lr * g, torch's holds g: a new rate reaches them differently
            ours.learning_rate = 0.01
            theirs.param_groups[0]["lr"] = 0.01
        p.grad, q.grad = g.clone(), g.clone()
        ours.step()
        theirs.step()
        if step < 3:
            torch.testing.assert_close(p.detach(), q.detach(), rtol=1e-6, atol=1e-6)
    assert float((p - q).detach().abs().max()) > 1e-2


# ----- building -------------------------------------------------------------------------------


def _params(seed: int = 0) -> list[torch.nn.Parameter]:
    generator = torch.Generator().manual_seed(seed)
    return [torch.nn.Parameter(torch.randn(shape, generator=generator)) for shape in SHAPES]


def _set_grads(params: list[torch.nn.Parameter], step: int) -> None:
    generator = torch.Generator().manual_seed(100 + step)
    for p in params:
        p.grad = torch.randn(p.shape, generator=generator)


def test_unbound_then_built_equals_bound_at_once() -> None:
    unbound = Adam(learning_rate=0.01, amsgrad=True)
    assert not unbound.built and unbound.param_groups == [] and unbound.iterations == 0
    assert "not built" in repr(unbound)
    unbound.zero_grad()  # nothing to do, no error
    with pytest.raises(RuntimeError, match=r"not built yet.*build\(model.parameters\(\)\)"):
        unbound.step()
    a, b = _params(), _params()
    assert unbound.build(a) is unbound and unbound.built
    bound = Adam(b, learning_rate=0.01, amsgrad=True)
    for step in range(4):
        _set_grads(a, step)
        _set_grads(b, step)
        unbound.step()
        bound.step()
    for p, q in zip(a, b):
        assert torch.equal(p, q)
    assert unbound.build(a) is unbound  # the same tensors again: nothing to do
    with pytest.raises(RuntimeError, match="already built on 3 other tensors"):
        unbound.build(_params())


def test_step_updates_in_place_and_leaves_grads_alone() -> None:
    params = _params()
    identities = [(id(p), p.data_ptr()) for p in params]
    optimizer = SGD(params, learning_rate=0.1, clipnorm=1e-3)
    _set_grads(params, 0)
    grads = [p.grad.clone() for p in params]
    before = [p.detach().clone() for p in params]
    optimizer.step()
    assert [(id(p), p.data_ptr()) for p in params] == identities
    for p, g, b in zip(params, grads, before):
        assert torch.equal(p.grad, g)  # clipping works on copies
        assert not torch.equal(p.detach(), b)
        assert not p.requires_grad or p.grad_fn is None


def test_missing_gradients_are_skipped_and_a_step_without_any_is_not_counted() -> None:
    params = _params()
    optimizer = Adam(params)
    before = [p.detach().clone() for p in params]
    optimizer.step()
    assert optimizer.iterations == 0
    params[0].grad = torch.ones_like(params[0])
    optimizer.step()
    assert optimizer.iterations == 1
    assert not torch.equal(params[0].detach(), before[0])
    assert torch.equal(params[1].detach(), before[1]) and torch.equal(params[2].detach(), before[2])
    assert set(optimizer.state) == {params[0]}


def test_closure_and_float64_parameters() -> None:
    w = torch.nn.Parameter(torch.tensor([1.0, 2.0], dtype=torch.float64))
    optimizer = RMSprop([w], learning_rate=0.1)

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = (w**2).sum()
        loss.backward()
        return loss

    assert float(optimizer.step(closure).detach()) == 5.0
    assert w.dtype == torch.float64 and optimizer.state[w]["velocity"].dtype == torch.float64
    # float64 all the way: sqrt(0.1 g^2 + 1e-7) in double, no float32 round-off
    g = np.array([2.0, 4.0])
    np.testing.assert_allclose(
        w.detach().numpy(), [1.0, 2.0] - 0.1 * g / np.sqrt(0.1 * g**2 + 1e-7), rtol=1e-15
    )


def test_parameter_groups_override_options_and_keep_decay_off_some() -> None:
    kernel, bias = torch.nn.Parameter(torch.ones(3)), torch.nn.Parameter(torch.ones(3))
    optimizer = AdamW(
        [{"params": [kernel]}, {"params": [bias], "weight_decay": None, "learning_rate": 0.5}],
        learning_rate=0.1,
        weight_decay=0.5,
    )
    assert optimizer.param_groups[1]["lr"] == 0.5 and optimizer.param_groups[0]["lr"] == 0.1
    kernel.grad, bias.grad = torch.zeros(3), torch.zeros(3)
    optimizer.step()
    torch.testing.assert_close(kernel.detach(), torch.full((3,), 1 - 0.5 * 0.1))
    torch.testing.assert_close(bias.detach(), torch.ones(3))
    with pytest.raises(ValueError, match=r"unknown option\(s\) \['beta1'\]"):
        Adam([{"params": [kernel], "beta1": 0.5}])
    with pytest.raises(ValueError, match=r"beta_2 must be in \[0, 1\)"):
        Adam([{"params": [kernel], "beta_2": 1.0}])


def test_named_parameters_and_torch_lr_scheduler() -> None:
    model = torch.nn.Linear(2, 1)
    optimizer = SGD(model.named_parameters(), learning_rate=1.0)
    assert optimizer.param_groups[0]["param_names"] == ["weight", "bias"]
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    model(torch.ones(1, 2)).sum().backward()
    optimizer.step()
    scheduler.step()
    assert optimizer.learning_rate == 0.5 and optimizer.get_config()["learning_rate"] == 0.5


def test_learning_rate_property() -> None:
    optimizer = SGD(_params(), learning_rate=0.1)
    optimizer.learning_rate = 0.2
    assert optimizer.learning_rate == 0.2 and optimizer.param_groups[0]["lr"] == 0.2
    with pytest.raises(ValueError, match=r"learning_rate must be in \[0, inf\). Received: learning_rate=-1"):
        optimizer.learning_rate = -1
    optimizer.learning_rate = lambda step: 0.3 / (step + 1)
    assert optimizer.learning_rate == 0.3
    with pytest.raises(TypeError, match="cannot be set to a number"):
        optimizer.learning_rate = 0.1
    with pytest.raises(TypeError, match="must return a float"):
        SGD(learning_rate=lambda step: "fast")


# ----- resolution -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cls"), [("sgd", SGD), ("RMSprop", RMSprop), ("ADAM", Adam), ("adamw", AdamW), ("AdamW", AdamW)]
)
def test_get_by_name(name: str, cls: type) -> None:
    optimizer = optimizers.get(name)
    assert type(optimizer) is cls and not optimizer.built
    assert optimizer.get_config() == cls().get_config()


def test_get_returns_instances_as_they_are() -> None:
    ours = Adam(learning_rate=0.1)
    theirs = torch.optim.Adam(_params())
    assert optimizers.get(ours) is ours and optimizers.get(theirs) is theirs


def test_get_serialized_forms() -> None:
    keras3 = {
        "module": "keras.optimizers",
        "class_name": "Adam",
        "config": {
            "name": "adam", "learning_rate": 0.0020000000949949026, "weight_decay": None, "clipnorm": None,
            "global_clipnorm": None, "clipvalue": None, "use_ema": False, "ema_momentum": 0.99,
            "ema_overwrite_frequency": None, "loss_scale_factor": None, "gradient_accumulation_steps": None,
            "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": False,
        },
        "registered_name": None,
    }  # fmt: skip
    optimizer = optimizers.get(keras3)
    assert isinstance(optimizer, Adam) and optimizer.learning_rate == pytest.approx(0.002)
    tf_keras = {
        "class_name": "RMSprop",
        "config": {
            "name": "RMSprop", "weight_decay": None, "clipnorm": None, "global_clipnorm": None,
            "clipvalue": None, "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
            "jit_compile": False, "is_legacy_optimizer": False, "learning_rate": np.float32(0.001),
            "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07, "centered": False,
        },
    }  # fmt: skip
    optimizer = optimizers.get(tf_keras)
    assert isinstance(optimizer, RMSprop) and optimizer.name == "RMSprop"
    assert optimizers.get({"class_name": "sgd"}).get_config() == SGD().get_config()


def test_config_round_trip() -> None:
    optimizer = RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5, centered=True, clipnorm=1.0, name="mine")
    config = optimizer.get_config()
    assert config["learning_rate"] == 0.01 and config["name"] == "mine" and config["clipnorm"] == 1.0
    assert RMSprop.from_config(config).get_config() == config
    assert optimizers.get(optimizers.serialize(optimizer)).get_config() == config
    keras3_keys = (
        "name learning_rate weight_decay clipnorm global_clipnorm clipvalue use_ema ema_momentum "
        "ema_overwrite_frequency loss_scale_factor gradient_accumulation_steps beta_1 beta_2 epsilon amsgrad"
    )
    assert set(Adam().get_config()) == set(keras3_keys.split())


@pytest.mark.parametrize(
    ("identifier", "error", "match"),
    [
        (
            "muon",
            ValueError,
            r"Keras's optimizer 'muon' is not implemented.*'sgd', 'rmsprop', 'adam', 'adamw', 'adagrad'",
        ),
        ("fast", ValueError, r"Unknown optimizer 'fast'. Known names: 'sgd', 'rmsprop', 'adam', 'adamw'"),
        ({"config": {}}, ValueError, "class_name"),
        ({"class_name": "Adam", "config": {}, "extra": 1}, ValueError, r"Received keys: \['class_name'"),
        ({"class_name": "Adam", "config": {"eps": 0.1}}, TypeError, "write epsilon="),
        ({"class_name": "SGD", "config": {"is_legacy_optimizer": True}}, ValueError, "legacy"),
        (
            {"class_name": "SGD", "config": {"learning_rate": {"class_name": "ExponentialDecay"}}},
            ValueError,
            r"A serialized learning-rate schedule is \{'class_name'",
        ),
        (Adam, TypeError, r"not the class Adam: e.g. Adam\(learning_rate=...\) or 'adam'"),
        (None, TypeError, "Received: None"),
        (0.01, TypeError, r"Received: 0.01 \(float\)"),
    ],
)
def test_get_errors(identifier: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        optimizers.get(identifier)


def test_bind() -> None:
    model = torch.nn.Linear(3, 2)
    optimizer = optimizers.bind("adam", model.parameters())  # a generator, as compile passes it
    assert isinstance(optimizer, Adam) and optimizer.built
    assert [p for p in optimizer.param_groups[0]["params"]] == list(model.parameters())
    assert optimizers.bind(optimizer, model.parameters()) is optimizer
    unbuilt = SGD(learning_rate=0.1)
    assert optimizers.bind(unbuilt, model.parameters()) is unbuilt and unbuilt.built
    subset = torch.optim.SGD([model.weight], lr=0.1)  # a torch optimizer on part of the model: fine
    assert optimizers.bind(subset, model.parameters()) is subset
    with pytest.raises(ValueError, match="already holds 1 tensors, none of them among the 2 given"):
        optimizers.bind(subset, torch.nn.Linear(3, 2).parameters())
    with pytest.raises(ValueError, match="empty parameter list"):
        optimizers.bind("sgd", [])


def test_bind_takes_on_another_models_tensors_as_keras_2() -> None:
    """A GAN's one optimizer compiled into its discriminator and its combined model: the
    generator's tensors join as a new group, the held ones are not added twice, and one
    ``iterations`` counts every update (tf-keras's legacy Adam: tests/keras_programs'
    packt_tf2_vanilla_gan)."""
    discriminator, generator = torch.nn.Linear(2, 1), torch.nn.Linear(2, 2)
    optimizer = optimizers.bind(Adam(learning_rate=0.1), discriminator.parameters())
    combined = [*generator.parameters(), *discriminator.parameters()]
    assert optimizers.bind(optimizer, combined) is optimizer
    assert [len(group["params"]) for group in optimizer.param_groups] == [2, 2]
    assert optimizer.param_groups[1]["params"] == list(generator.parameters())
    assert optimizers.bind(optimizer, combined) is optimizer and len(optimizer.param_groups) == 2
    for model in (discriminator, generator):
        optimizer.zero_grad()
        model(torch.ones(1, 2)).sum().backward()
        before = [p.detach().clone() for p in model.parameters()]
        optimizer.step()
        assert all(not torch.equal(b, p) for b, p in zip(before, model.parameters()))
    assert optimizer.iterations == 2


def test_a_second_model_on_a_shared_optimizer_leaves_the_first_one_alone() -> None:
    """One optimizer compiled into two models in turn (tf-keras's legacy Adam, anasashb's
    stateful LSTM wrapper): fitting the second model does not move the first, whose last
    gradients the optimizer still holds when the second model's first step binds it."""
    import statefulrnn
    from statefulrnn import Sequential
    from statefulrnn.layers import Dense

    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((8, 3)).astype("float32"), rng.standard_normal((8, 1)).astype("float32")
    shared = Adam(learning_rate=1e-2)

    def model() -> statefulrnn.Sequential:
        made = Sequential([Dense(1, input_shape=(3,))])
        made.compile(loss="mse", optimizer=shared)
        made.set_weights([np.full((3, 1), 0.1, "float32"), np.zeros(1, "float32")])
        return made

    first = model()
    first.fit(x, y, epochs=2, batch_size=8, verbose=0, shuffle=False)
    trained = [w.copy() for w in first.get_weights()]
    second = model()
    second.fit(x, y, epochs=3, batch_size=8, verbose=0, shuffle=False)
    for kept, now in zip(trained, first.get_weights()):
        np.testing.assert_array_equal(now, kept)
    assert not np.allclose(second.get_weights()[0], 0.1)
    assert shared.iterations == 5


# ----- state --------------------------------------------------------------------------------


STATE_CASES = [
    (SGD, {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    (RMSprop, {"momentum": 0.5, "centered": True}),
    (Adam, {"amsgrad": True}),
    (AdamW, {"global_clipnorm": 1.0}),
]


@pytest.mark.parametrize("case", STATE_CASES, ids=[c[0].__name__ for c in STATE_CASES])
def test_state_dict_round_trip(case: tuple[type, dict[str, Any]]) -> None:
    cls, config = case
    straight = _params()
    optimizer = cls(straight, **config)
    for step in range(5):
        _set_grads(straight, step)
        optimizer.step()

    resumed = _params()
    first = cls(resumed, **config)
    for step in range(3):
        _set_grads(resumed, step)
        first.step()
    buffer = io.BytesIO()
    torch.save(first.state_dict(), buffer)
    buffer.seek(0)
    saved = torch.load(buffer, weights_only=True)
    assert saved["iterations"] == 3
    second = cls(**{**config, "learning_rate": 123.0})  # group options come back from the state dict
    second.build(resumed)
    second.load_state_dict(saved)
    assert second.iterations == 3 and second.learning_rate == first.learning_rate
    for step in range(3, 5):
        _set_grads(resumed, step)
        second.step()
    for p, q in zip(straight, resumed):
        assert torch.equal(p, q)
    assert second.state_dict()["iterations"] == 5


def test_load_state_dict_errors() -> None:
    params = _params()
    adam = Adam(params)
    _set_grads(params, 0)
    adam.step()
    saved = adam.state_dict()
    with pytest.raises(ValueError, match="no 'iterations' entry"):
        Adam(params).load_state_dict(torch.optim.Adam(params).state_dict())
    with pytest.raises(ValueError, match=r"lacks \['momentum', 'nesterov'\]"):
        SGD(params).load_state_dict(saved)
    with pytest.raises(RuntimeError, match="build the optimizer"):
        Adam().load_state_dict(saved)


def test_pickle_and_deepcopy_keep_keras_attributes() -> None:
    unbuilt = Adam(learning_rate=0.01, clipvalue=0.5, name="x")
    clone = pickle.loads(pickle.dumps(unbuilt))
    assert clone.get_config() == unbuilt.get_config() and not clone.built
    params = _params()
    built = SGD(params, learning_rate=0.1, momentum=0.9, global_clipnorm=2.0)
    _set_grads(params, 0)
    built.step()
    copied = copy.deepcopy(built)
    assert copied.iterations == 1 and copied.global_clipnorm == 2.0
    assert copied.get_config() == built.get_config()


# ----- argument errors ----------------------------------------------------------------------


def _bad(make: Callable[[], Any], error: type, match: str) -> tuple[Callable[[], Any], type, str]:
    return make, error, match


BAD_ARGUMENTS = {
    "eps": _bad(lambda: Adam(eps=0.1), TypeError, "unexpected keyword argument 'eps': write epsilon="),
    "alpha": _bad(lambda: RMSprop(alpha=0.9), TypeError, "rho="),
    "adaptive_epsilon": _bad(lambda: Adam(adaptive_epsilon=True), TypeError, "tf-keras's Adam"),
    "unknown": _bad(
        lambda: SGD(momentun=0.9), TypeError, r"\['momentun'\]. Accepted: params, learning_rate, momentum"
    ),
    "decay < 0": _bad(lambda: SGD(decay=-0.1), ValueError, "decay must be in"),
    "lr twice": _bad(
        lambda: Adam(0.01, learning_rate=0.02), TypeError, r"Adam\(0.01, ...\) got the learning rate twice"
    ),
    "negative lr": _bad(lambda: SGD(learning_rate=-0.1), ValueError, r"learning_rate must be in \[0, inf\)"),
    "string lr": _bad(
        lambda: SGD(learning_rate="0.1"), TypeError, r"learning_rate must be a float. Received: .*str"
    ),
    "bool lr": _bad(lambda: SGD(learning_rate=True), TypeError, "learning_rate must be a float"),
    "nan lr": _bad(lambda: SGD(learning_rate=float("nan")), ValueError, "finite"),
    "momentum > 1": _bad(lambda: SGD(momentum=1.5), ValueError, r"momentum must be in \[0, 1\]"),
    "rho = 1": _bad(lambda: RMSprop(rho=1.0), ValueError, r"rho must be in \[0, 1\). Received: rho=1.0"),
    "beta_1 < 0": _bad(lambda: Adam(beta_1=-0.1), ValueError, r"beta_1 must be in \[0, 1\)"),
    "epsilon < 0": _bad(lambda: Adam(epsilon=-1e-7), ValueError, "epsilon must be in"),
    "nesterov": _bad(lambda: SGD(nesterov="yes"), TypeError, "nesterov must be True or False"),
    "centered": _bad(lambda: RMSprop(centered=1), TypeError, "centered must be True or False"),
    "two clips": _bad(lambda: SGD(clipnorm=1.0, clipvalue=1.0), ValueError, "at most one of clipnorm"),
    "clipnorm 0": _bad(lambda: SGD(clipnorm=0.0), ValueError, "clipnorm must be a positive float or None"),
    "weight decay < 0": _bad(lambda: SGD(weight_decay=-1.0), ValueError, "weight_decay must be in"),
    "AdamW decay None": _bad(lambda: AdamW(weight_decay=None), ValueError, "weight_decay must be a float"),
    "use_ema": _bad(lambda: Adam(use_ema="yes"), TypeError, "use_ema must be True or False"),
    "ema_momentum": _bad(
        lambda: Adam(use_ema=True, ema_momentum=1.5), ValueError, r"ema_momentum must be in \[0, 1\]"
    ),
    "ema frequency": _bad(
        lambda: Adam(ema_overwrite_frequency=2.5),
        ValueError,
        "ema_overwrite_frequency must be an integer >= 1",
    ),
    "loss scale": _bad(
        lambda: Adam(loss_scale_factor=-1.0), ValueError, "loss_scale_factor must be a positive float or None"
    ),
    "accumulation": _bad(
        lambda: Adam(gradient_accumulation_steps=1),
        ValueError,
        "gradient_accumulation_steps must be an integer >= 2 or None. Received: "
        "gradient_accumulation_steps=1",
    ),
    "name": _bad(lambda: Adam(name=3), TypeError, "name must be a string"),
    "one tensor": _bad(lambda: SGD(torch.zeros(2)), TypeError, "iterable of tensors"),
    "no params": _bad(lambda: SGD([]), ValueError, "empty parameter list"),
    "int params": _bad(
        lambda: SGD([torch.zeros(2, dtype=torch.long)]), TypeError, "floating-point tensors only"
    ),
    "both spellings": _bad(
        lambda: SGD([{"params": _params(), "lr": 0.1, "learning_rate": 0.1}]), ValueError, "not both"
    ),
    "exclude": _bad(
        lambda: AdamW().exclude_from_weight_decay(var_names=["bias"]), NotImplementedError, "own group"
    ),
    "sparse": _bad(lambda: _sparse_step(), TypeError, "does not support sparse gradients"),
}


def _sparse_step() -> None:
    embedding = torch.nn.Embedding(4, 2, sparse=True)
    optimizer = SGD(embedding.parameters())
    embedding(torch.tensor([1])).sum().backward()
    optimizer.step()


@pytest.mark.parametrize("bad", BAD_ARGUMENTS.values(), ids=list(BAD_ARGUMENTS))
def test_bad_arguments(bad: tuple[Callable[[], Any], type, str]) -> None:
    make, error, match = bad
    with pytest.raises(error, match=match):
        make()


def test_a_failed_build_leaves_the_optimizer_unbuilt() -> None:
    optimizer = SGD()
    with pytest.raises(TypeError):
        optimizer.build([{"params": _params()}, {"params": [torch.zeros(2, dtype=torch.long)]}])
    assert not optimizer.built
    assert optimizer.build(_params()).built


def test_is_a_torch_optimizer() -> None:
    assert all(issubclass(cls, torch.optim.Optimizer) for cls in (SGD, RMSprop, Adam, AdamW))
    assert issubclass(AdamW, Adam) and issubclass(Adam, KerasOptimizer)


def test_a_learning_rate_given_first_as_keras_programs_write_it() -> None:
    assert Adam(1e-3).get_config() == Adam(learning_rate=1e-3).get_config()
    assert SGD(0.05).learning_rate == pytest.approx(0.05) and not SGD(0.05).built
    schedule = optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert (
        RMSprop(schedule).get_config()["learning_rate"]
        == RMSprop(learning_rate=schedule).get_config()["learning_rate"]
    )
    weight = torch.nn.Parameter(torch.ones(2))
    assert Adam([weight], learning_rate=0.1).built  # parameters first, as torch writes them


@pytest.mark.parametrize("reset_after", [True, False])
def test_clipnorm_clips_a_gru_s_bias_as_keras_s_one_variable(reset_after: bool) -> None:
    # Keras holds a reset_after GRU's bias as one (2, 3u) variable, clipped by its norm; here its
    # rows are two parameters (udacity/AIND-VUI-Capstone trains a GRU with SGD(clipnorm=5); one
    # such step gave tf-keras 2.21's bias to 1e-5 when checked; here, against tf.clip_by_norm's formula)
    from statefulrnn import GRU

    torch.manual_seed(0)
    layer = GRU(4, reset_after=reset_after)
    x = torch.randn(3, 5, 2)
    layer(x)
    bias = next(w for w in layer.cell.keras_weights() if w.name == "bias")
    before = bias.read().detach().clone()
    loss = (layer(x) * 10).square().sum()
    loss.backward()
    keras_grad = bias.to_keras([p.grad for p in bias.parameters])
    assert torch.linalg.vector_norm(keras_grad) > 0.05  # the clip bites
    expected = before - 0.5 * keras_grad * 0.05 / torch.linalg.vector_norm(keras_grad)
    optimizer = optimizers.SGD(learning_rate=0.5, clipnorm=0.05)
    optimizers.bind(optimizer, layer.parameters()).step()
    torch.testing.assert_close(bias.read().detach(), expected, rtol=1e-5, atol=1e-6)


def test_tf_keras_takes_a_value_clip_beside_a_norm_clip_and_ignores_it() -> None:
    # tf-keras's optimizers refuse only clipnorm with global_clipnorm, and clip by one of them
    # (PavelOstyakov/toxic compiles RMSprop(clipvalue=1, clipnorm=1)); Keras 3 refuses any two.
    from statefulrnn import config

    def stepped(**clips: float) -> torch.Tensor:
        weight = torch.nn.Parameter(torch.zeros(3))
        weight.grad = torch.tensor([3.0, 4.0, 0.0])
        optimizers.bind(optimizers.SGD(learning_rate=1.0, **clips), [weight]).step()
        return weight.detach()

    config.set_keras_rules("tf_keras")
    try:
        torch.testing.assert_close(stepped(clipnorm=1.0, clipvalue=0.1), stepped(clipnorm=1.0))
        torch.testing.assert_close(stepped(clipnorm=1.0), torch.tensor([-0.6, -0.8, 0.0]))
        with pytest.raises(ValueError, match="at most one of clipnorm and global_clipnorm"):
            SGD(clipnorm=1.0, global_clipnorm=1.0)
    finally:
        config.set_keras_rules("keras3")
    with pytest.raises(ValueError, match="at most one of clipnorm, clipvalue and global_clipnorm"):
        SGD(clipnorm=1.0, clipvalue=0.1)


def test_keras_positional_options_follow_the_learning_rate() -> None:
    """Keras's optimizers take their options by position after the rate (Keras-GAN writes
    Adam(0.0002, 0.5)), in Keras 3's and tf-keras's order; more than the class's own options,
    or one given twice, is refused by name."""
    adam = Adam(0.0002, 0.5)
    assert (adam.learning_rate, adam.beta_1, adam.beta_2) == (0.0002, 0.5, 0.999)
    sgd = SGD(0.1, 0.9, True)
    assert (sgd.momentum, sgd.nesterov) == (0.9, True)
    assert AdamW(0.01, 0.2).get_config()["weight_decay"] == 0.2
    assert RMSprop(0.01, 0.8).rho == 0.8
    with pytest.raises(TypeError, match="got beta_1 twice"):
        Adam(0.1, 0.5, beta_1=0.3)
    with pytest.raises(TypeError, match=r"at most 5 positional arguments, Keras's \(learning_rate, rho"):
        RMSprop(0.1, 0.9, 0.0, 1e-7, False, 0.5)
