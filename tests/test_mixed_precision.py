"""``keras.mixed_precision``: dtype policies, the mixed ones ("mixed_float16", "mixed_bfloat16")
computing in 16 bits with float32 weights, and `LossScaleOptimizer`; numbers against Keras
3.15.1 on its torch backend (tools/keras_fixtures/mixed_precision.py, which records two models'
predictions, fits, final weights, loss scale and dtypes under each mixed policy).

Tolerances: predictions are compared at rtol 1e-2 (a float16 ulp is ~1e-3 relative, bfloat16's
~8e-3; they agree bit for bit today, both computing with PyTorch's kernels); the losses of a fit
at rtol 1e-2 and the final float32 weights at atol 5e-3, 1e-2 for bfloat16 (each update is
float32 but its gradient went through 16-bit activations, whose roundings may differ in the last
bit and add up over the steps: measured up to 2e-3 for bfloat16 on the Intel VMs, 8e-3 for the
bfloat16 convolution on an AMD EPYC, where oneDNN's bfloat16 kernels round otherwise, at the
commit before this tolerance too: one bfloat16 ulp at 0.45 is 2e-3); the loss scale, a power of
two, exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import mixed_precision
from statefulrnn.optimizers import SGD, Adam, LossScaleOptimizer
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("mixed_precision")
FIXTURE = np.load(Path(__file__).resolve().parent / "fixtures" / "mixed_precision" / "values.npz")


@pytest.fixture(autouse=True)
def _no_global_policy() -> Iterator[None]:
    yield
    mixed_precision.GLOBAL[0] = None  # Keras has no way back to "no policy set"
    keras.config.set_floatx("float32")


# ----- policies --------------------------------------------------------------------------------


def test_a_global_policy_sets_the_dtype_of_later_layers_not_floatx() -> None:
    assert repr(mixed_precision.global_policy()) == '<DTypePolicy "float32">'
    mixed_precision.set_global_policy("float64")
    assert keras.layers.Dense(2).dtype == "float64" and keras.config.floatx() == "float32"
    keras.config.set_floatx("float16")  # a policy set wins over floatx, as in Keras 3
    assert keras.layers.Dense(2).dtype == "float64"
    assert keras.config.dtype_policy() == mixed_precision.Policy("float64")
    mixed_precision.set_global_policy(mixed_precision.DTypePolicy("float32"))
    assert keras.layers.Dense(2).dtype == "float32"


@pytest.mark.parametrize(("name", "compute"), [("mixed_float16", "float16"), ("mixed_bfloat16", "bfloat16")])
def test_a_mixed_policy_computes_in_16_bits_with_float32_variables(name: str, compute: str) -> None:
    policy = mixed_precision.Policy(name)
    assert (policy.name, policy.compute_dtype, policy.variable_dtype) == (name, compute, "float32")
    assert mixed_precision.DTypePolicy.from_config(policy.get_config()) == policy
    keras.config.set_dtype_policy(name)
    layer = keras.layers.Dense(2)
    assert (layer.dtype, layer.variable_dtype, layer.compute_dtype) == ("float32", "float32", compute)
    assert layer.dtype_policy == policy and keras.config.floatx() == "float32"
    assert keras.layers.Dense(2, dtype="float32").compute_dtype == "float32"  # its own dtype wins


def test_what_is_no_policy_is_named() -> None:
    with pytest.raises(ValueError, match=r"Cannot convert 'float33' to a dtype policy. Expected one of"):
        mixed_precision.Policy("float33")
    with pytest.raises(ValueError, match=r"Received: policy=None"):
        mixed_precision.set_global_policy(None)
    with pytest.raises(
        TypeError, match=r"dtype must be a floating dtype such as 'float32'. Received: 'mixed_int8'"
    ):
        keras.layers.Dense(2, dtype="mixed_int8")


def test_a_layer_names_its_dtype_as_keras_does_and_keeps_the_torch_dtype_beside_it() -> None:
    layer = keras.layers.Dense(2, dtype="float64")
    assert (layer.dtype, layer.compute_dtype, layer.variable_dtype) == ("float64",) * 3
    assert layer.dtype_policy == mixed_precision.DTypePolicy("float64")
    assert layer.torch_dtype is torch.float64
    assert np.zeros(2).astype(layer.dtype).dtype == np.float64  # what programs' own layers do
    assert keras.ops.cast(np.ones(2), layer.compute_dtype).dtype == torch.float64
    layer.build((None, 3))
    assert layer.kernel.dtype == torch.float64
    assert layer.float().dtype == "float32" and layer.kernel.dtype == torch.float32  # follows .to()


# ----- a mixed layer's call --------------------------------------------------------------------


@pytest.mark.parametrize("compute", [torch.float16, torch.bfloat16])
def test_a_mixed_dense_computes_in_16_bits_and_trains_its_float32_weights(compute: torch.dtype) -> None:
    torch.manual_seed(0)
    layer = keras.layers.Dense(3, dtype=f"mixed_{str(compute)[6:]}")
    x = torch.randn(4, 5, dtype=torch.float64)  # any float: cast to the compute dtype
    y = layer(x)  # built by this call: its weights are made in float32 all the same
    kernel, bias = layer.kernel, layer.bias
    assert y.dtype == compute and kernel.dtype == bias.dtype == torch.float32
    assert layer.torch_dtype is torch.float32  # put back after the call
    by_hand = torch.addmm(bias.to(compute), x.to(compute), kernel.to(compute))
    assert torch.equal(y, by_hand)  # the 16-bit computation itself
    in_float32 = (x.float() @ kernel + bias).detach()
    assert not torch.equal(y.float(), in_float32)  # not float32's numbers rounded at the end
    torch.testing.assert_close(y.float(), in_float32, rtol=2e-2, atol=2e-2)
    y.float().sum().backward()
    assert kernel.grad.dtype == torch.float32
    torch.testing.assert_close(
        kernel.grad, x.to(compute).float().sum(0)[:, None].expand(5, 3), rtol=1e-2, atol=1e-2
    )


def test_integer_inputs_are_not_cast_and_a_float32_last_layer_computes_in_float32() -> None:
    keras.config.set_dtype_policy("mixed_float16")
    embedding = keras.layers.Embedding(10, 4)
    out = embedding(torch.tensor([[1, 2, 3]]))
    assert out.dtype == torch.float16 and embedding.embeddings.dtype == torch.float32
    softmax = keras.layers.Activation("softmax", dtype="float32")
    assert softmax(out).dtype == torch.float32
    inputs = keras.Input((3,))
    hidden = keras.layers.Dense(2)(inputs)  # Keras's symbolic tensors carry the compute dtype
    assert (hidden.dtype, softmax(hidden).dtype) == ("float16", "float32")


@pytest.mark.parametrize("layer_class", ["BatchNormalization", "LayerNormalization"])
def test_normalizations_keep_float32_inside_and_give_the_compute_dtype(layer_class: str) -> None:
    layer = getattr(keras.layers, layer_class)(dtype="mixed_float16")
    x = torch.randn(4, 3) * 100 + 1000  # float16's squares overflow: Keras normalizes in float32
    y = layer(x, training=True)
    assert y.dtype == torch.float16 and bool(torch.isfinite(y).all())
    assert all(w.dtype == torch.float32 for w in layer.parameters())
    expected = (
        (x - x.mean(0)) / torch.sqrt(x.var(0, unbiased=False) + 1e-3) if layer_class[0] == "B" else None
    )
    if expected is not None:
        torch.testing.assert_close(y.float(), expected.to(torch.float16).float(), rtol=1e-2, atol=1e-2)


@pytest.mark.parametrize("layer_class", ["LSTM", "GRU", "SimpleRNN"])
def test_a_stateful_mixed_rnn_keeps_float32_states_and_chunks_as_a_whole(layer_class: str) -> None:
    torch.manual_seed(0)
    make = getattr(keras.layers, layer_class)
    layer = make(6, stateful=True, return_sequences=True, dtype="mixed_float16")
    x = torch.randn(2, 8, 3)
    whole = layer(x)
    layer.reset_states()
    chunked = torch.cat([layer(x[:, :3]), layer(x[:, 3:])], dim=1)
    assert whole.dtype == chunked.dtype == torch.float16
    assert all(s.dtype == torch.float32 for s in layer.state_store.values)  # Keras: variable dtype
    assert all(w.dtype == torch.float32 for w in layer.parameters())
    torch.testing.assert_close(chunked, whole, rtol=2e-3, atol=2e-3)
    as_float32 = make(6, stateful=True, return_sequences=True)
    as_float32.build((2, None, 3))
    as_float32.set_weights(layer.get_weights())
    reference = as_float32(x)
    assert not torch.equal(whole.float(), reference)  # computed in float16
    torch.testing.assert_close(whole.float(), reference, rtol=1e-2, atol=1e-2)


def test_the_policy_round_trips_through_configs_and_keras_files(tmp_path: Path) -> None:
    keras.config.set_dtype_policy("mixed_bfloat16")
    model = keras.Sequential(
        [keras.Input((4, 2)), keras.layers.LSTM(3), keras.layers.Dense(2, dtype="float32")]
    )
    keras.config.set_dtype_policy("float32")
    config = model.layers[0].get_config()
    assert config["dtype"] == "mixed_bfloat16"
    assert keras.layers.LSTM.from_config(config).compute_dtype == "bfloat16"
    keras_file = {"class_name": "DTypePolicy", "config": {"name": "mixed_float16"}, "module": "keras"}
    assert keras.layers.Dense.from_config({"units": 2, "dtype": keras_file}).compute_dtype == "float16"
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert [layer.dtype_policy.name for layer in loaded.layers] == ["mixed_bfloat16", "float32"]
    x = np.random.default_rng(0).normal(size=(2, 4, 2)).astype("float32")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


# ----- LossScaleOptimizer ----------------------------------------------------------------------


def test_loss_scaling_skips_a_non_finite_step_halves_then_grows_the_scale() -> None:
    w = torch.nn.Parameter(torch.ones(2))
    opt = LossScaleOptimizer(SGD(0.1), initial_scale=8.0, dynamic_growth_steps=2).build([w])
    assert (opt.dynamic, float(opt.loss_scale), opt.inner_optimizer.loss_scale_factor) == (True, 8.0, None)
    w.grad = torch.tensor([float("nan"), 1.0])
    opt.step()
    assert torch.equal(w.detach(), torch.ones(2)) and float(opt.dynamic_scale) == 4.0 and opt.iterations == 0
    for expected_scale in (4.0, 8.0, 8.0):  # doubles on the 2nd finite step in a row
        opt.zero_grad()
        opt.scale_loss(w.sum()).backward()  # gradient 1 per element, scaled
        opt.step()
        assert float(opt.dynamic_scale) == expected_scale
    torch.testing.assert_close(w.detach(), torch.full((2,), 0.7))  # three updates of 0.1 * 1
    assert opt.iterations == 3 and int(opt.step_counter) == 1


def test_loss_scale_optimizer_by_hand_apply_config_and_refusals() -> None:
    w = torch.nn.Parameter(torch.zeros(3))
    opt = LossScaleOptimizer(Adam(learning_rate=0.5), initial_scale=2.0**10)
    opt.apply([torch.full((3,), 2.0**10)], [w])  # built here; the gradient unscaled to 1
    torch.testing.assert_close(w.detach(), torch.full((3,), -0.5))
    assert opt.learning_rate == 0.5 and opt.beta_1 == 0.9  # the inner optimizer's
    config = opt.get_config()
    assert config["inner_optimizer"]["class_name"] == "Adam"
    assert (config["initial_scale"], config["dynamic_growth_steps"]) == (1024.0, 2000)
    again = keras.optimizers.get({"class_name": "LossScaleOptimizer", "config": config})
    assert isinstance(again.inner_optimizer, Adam) and float(again.dynamic_scale) == 1024.0
    with pytest.raises(ValueError, match=r"no longer supports `dynamic=False`"):
        LossScaleOptimizer(SGD(), dynamic=False)
    with pytest.raises(ValueError, match=r"does not support `clipnorm`. Instead, set `clipnorm` on the"):
        LossScaleOptimizer(SGD(), clipnorm=1.0)
    with pytest.raises(TypeError, match=r"Received: inner_optimizer='adam' \(of type str\)"):
        LossScaleOptimizer("adam")
    with pytest.raises(
        ValueError, match=r"initial_scale must be a positive float. Received: initial_scale=0"
    ):
        LossScaleOptimizer(SGD(), initial_scale=0)


@pytest.mark.parametrize(("policy", "wrapped"), [("mixed_float16", True), ("mixed_bfloat16", False)])
def test_compile_wraps_the_optimizer_for_mixed_float16_only(policy: str, wrapped: bool) -> None:
    keras.config.set_dtype_policy(policy)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    assert isinstance(model.optimizer, LossScaleOptimizer) is wrapped
    x = np.ones((4, 3), "float32")
    model.fit(x, np.ones((4, 1)), verbose=0)
    assert model.layers[0].kernel.dtype == torch.float32
    model.compile(optimizer="sgd", loss="mse", auto_scale_loss=False)  # as Keras: no wrapping
    assert not isinstance(model.optimizer, LossScaleOptimizer)


# ----- against Keras ---------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "kind", "policy", "which"), SCRIPT.CASES, ids=[c[0] for c in SCRIPT.CASES])
def test_a_mixed_model_predicts_fits_and_scales_as_keras(
    case: str, kind: str, policy: str, which: str
) -> None:
    x, y = FIXTURE[f"x_{which}"], FIXTURE[f"y_{which}"]
    model = SCRIPT.build(keras, kind, policy)
    model.set_weights([FIXTURE[f"init_{case}_{i}"] for i in range(len(model.get_weights()))])
    np.testing.assert_allclose(model.predict(x, verbose=0), FIXTURE[f"predict_{case}"], rtol=1e-2, atol=1e-3)
    assert SCRIPT.facts(keras, model, x) == json.loads(str(FIXTURE[f"facts_{case}"]))
    history = model.fit(x, y, batch_size=SCRIPT.BATCH, epochs=SCRIPT.EPOCHS, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], FIXTURE[f"losses_{case}"], rtol=1e-2)
    tolerance = 1e-2 if "bfloat16" in policy else 5e-3
    for i, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, FIXTURE[f"final_{case}_{i}"], rtol=0, atol=tolerance)
    scale = getattr(model.optimizer, "dynamic_scale", None)
    assert (-1.0 if scale is None else float(scale)) == float(FIXTURE[f"loss_scale_{case}"])


def test_the_mixed_predictions_are_not_float32s() -> None:
    """The fixture's float16 predictions differ from the same model's in float32: they test
    16-bit computing, not only dtypes."""
    x = FIXTURE["x_wave"]
    model = SCRIPT.build(keras, "conv", "float32")
    model.set_weights([FIXTURE[f"init_conv_f16_{i}"] for i in range(len(model.get_weights()))])
    in_float32 = model.predict(x, verbose=0)
    assert not np.array_equal(in_float32, FIXTURE["predict_conv_f16"])
    np.testing.assert_allclose(in_float32, FIXTURE["predict_conv_f16"], rtol=5e-2, atol=5e-3)
