"""A sigmoid output keeps its logits, so binary crossentropy gives Keras's numbers where the
output saturates (tests/fixtures/sigmoid_logits, made by tools/keras_fixtures/sigmoid_logits.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import GRU, LSTM, Dense, Sequential, activations, losses, optimizers
from statefulrnn.layers import Activation
from statefulrnn.layers.fused import _kernel_for

FIXTURES = Path(__file__).parent / "fixtures" / "sigmoid_logits"
CASES = sorted(path.stem for path in FIXTURES.glob("*.npz"))


def _load(name: str) -> dict:
    with np.load(FIXTURES / f"{name}.npz") as data:
        case = {key: data[key] for key in data.files}
    case["spec"] = json.loads(str(case["spec"]))
    return case


@pytest.mark.parametrize("name", CASES)
def test_binary_crossentropy_of_a_saturated_sigmoid_matches_keras(name: str) -> None:
    case = _load(name)
    spec = case["spec"]
    if spec["layer"] == "dense":
        model = Sequential([Dense(1, activation="sigmoid", input_shape=(2,))])
    else:
        model = Sequential([Dense(1, input_shape=(2,)), Activation("sigmoid")])
    model.layers[0].set_weights([case["kernel"], case["bias"]])
    loss = spec["loss"]
    if isinstance(loss, dict):
        loss = getattr(losses, loss.pop("class_name"))(**loss)
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss=loss)
    tolerance = {"rtol": 1e-5, "atol": 1e-6}
    np.testing.assert_allclose(
        model.evaluate(case["x"], case["y"], verbose=0), case["eval_loss"], **tolerance
    )
    np.testing.assert_allclose(model.train_on_batch(case["x"], case["y"]), case["train_loss"], **tolerance)
    kernel, bias = model.layers[0].get_weights()
    np.testing.assert_allclose(kernel, case["kernel_after"], **tolerance)  # the gradient did not vanish
    np.testing.assert_allclose(bias, case["bias_after"], **tolerance)


def test_all_sigmoid_fixtures_are_found() -> None:
    assert len(CASES) == 3


def test_sigmoid_keeps_its_logits_and_its_name() -> None:
    logits = torch.tensor([[-30.0, 0.0, 30.0]])
    probabilities = activations.get("sigmoid")(logits)
    torch.testing.assert_close(probabilities, torch.sigmoid(logits))
    assert probabilities._keras_logits is logits
    assert activations.name_of(activations.sigmoid) == activations.name_of(torch.sigmoid) == "sigmoid"
    with pytest.warns(UserWarning, match="received `from_logits=True`, but the `output` argument"):
        losses.binary_crossentropy(torch.ones(1, 3), probabilities, from_logits=True)


@pytest.mark.parametrize("layer", [GRU, LSTM])
@pytest.mark.parametrize("gate", ["sigmoid", torch.sigmoid])
def test_recurrent_gates_keep_the_fused_kernel(layer: type, gate: object) -> None:
    assert _kernel_for(layer(3, recurrent_activation=gate).cell) is not None


# Keras 3's activation functions on a functional model's tensors (Hands-On ML's WaveNet:
# ``keras.activations.relu(keras.layers.Add()(skips))``): each records its op, and the model
# computes what the function computes on the tensor.
SYMBOLIC_CASES = {
    "relu": {},
    "relu_options": {"negative_slope": 0.1, "max_value": 1.0, "threshold": 0.2},
    "leaky_relu": {"negative_slope": 0.3},
    "gelu": {},  # Keras's default, exact: ops.gelu's default is the tanh form
    "elu": {"alpha": 0.5},
    "softmax": {"axis": 1},
    **{
        name: {}
        for name in "tanh sigmoid selu softplus softsign silu swish exponential relu6 hard_tanh "
        "tanh_shrink log_sigmoid hard_sigmoid hard_silu mish log_softmax glu sparse_plus "
        "sparse_sigmoid squareplus sparsemax linear celu soft_shrink hard_shrink".split()
    },
}


@pytest.mark.parametrize("case", sorted(SYMBOLIC_CASES))
def test_activation_functions_on_a_functional_models_tensor(case: str) -> None:
    function = getattr(activations, case.removesuffix("_options"))
    inputs = keras.layers.Input(shape=(None, 4))
    dense = keras.layers.Dense(4)
    model = keras.Model(inputs, function(dense(inputs), **SYMBOLIC_CASES[case]))
    x = torch.randn(2, 3, 4)
    torch.testing.assert_close(model(x), function(dense(x), **SYMBOLIC_CASES[case]), rtol=0, atol=0)


def test_the_layers_keep_torch_functions_given_keras_functions() -> None:
    """``Dense(activation=keras.activations.tanh)`` holds torch's own function (the fused
    kernels know it) and its config names it."""
    for name in ("tanh", "selu", "exponential", "relu", "gelu"):
        layer = keras.layers.Dense(2, activation=getattr(activations, name))
        assert layer.activation is activations.get(name)
        assert layer.get_config()["activation"] == name
    assert _kernel_for(GRU(3, activation=activations.tanh).cell) is not None


def test_keras_functions_pickle_to_themselves() -> None:
    """A program's layer holding ``keras.activations.tanh`` pickles (the functions under torch's
    own names are found as this module's attributes)."""
    import pickle

    for name in sorted(SYMBOLIC_CASES):
        function = getattr(activations, name.removesuffix("_options"))
        assert pickle.loads(pickle.dumps(function)) is function, name


@pytest.mark.parametrize("name", sorted(activations.KERAS3_NAMES))
def test_a_programs_result_may_change_in_place_while_gradients_flow(name: str) -> None:
    """TensorFlow's immutable tensors let a program write ``e = activation(e); e -= 1.0``
    (keras-self-attention does, after its ``attention_activation``): the function it gets from
    ``keras.activations`` hands out a result of its own, so ``backward`` works and gives the
    unchanged function's gradient."""
    x = torch.randn(3, 4, requires_grad=True)
    twin = x.detach().clone().requires_grad_()
    for function in {activations.get(name), getattr(activations, name, activations.get(name))}:
        x.grad = twin.grad = None
        y = function(x)
        weights = torch.arange(float(y.numel())).reshape(y.shape)  # glu halves the last axis
        y -= 1.0
        (y * weights).sum().backward()
        (activations.fast(function)(twin) * weights).sum().backward()
        torch.testing.assert_close(x.grad, twin.grad, msg=name)


def test_a_layer_holds_keras_function_and_computes_with_its_fast_twin() -> None:
    layer = keras.layers.Dense(2, activation="softmax")
    assert layer.activation is activations.softmax is keras.activations.get("softmax")  # as in Keras
    assert activations.fast(layer.activation) is not layer.activation
    x = torch.randn(3, 4)
    layer(x).sum().backward()  # the layer's own output is not copied: autograd keeps that one
    assert activations.fast(keras.activations.tanh) is torch.tanh
    assert _kernel_for(GRU(3, activation="tanh", recurrent_activation="sigmoid").cell) is not None


@pytest.mark.parametrize("name", sorted(set(activations._PUBLIC) - {"linear", "glu"}))
def test_each_function_takes_a_numpy_array_as_keras_ops_do(name: str) -> None:
    """``keras.activations.swish(np_array)`` computes in Keras 3 (its functions go through
    ``keras.ops``, which make a tensor of the array): the same numbers as on the tensor."""
    values = np.array([[-1.5, -0.25, 0.5, 2.0]], np.float32)
    function = activations.get(name)
    got = function(values)
    assert isinstance(got, torch.Tensor) and got.dtype == torch.float32
    torch.testing.assert_close(got, function(torch.from_numpy(values)), rtol=0, atol=0)
    torch.testing.assert_close(function(values.tolist()), got, rtol=0, atol=0)  # a list too


def test_linear_and_glu_on_arrays() -> None:
    """Keras's linear hands back what it was given; glu halves an even axis of an array too."""
    values = np.array([[-1.5, -0.25, 0.5, 2.0]], np.float32)
    assert activations.linear(values) is values
    torch.testing.assert_close(activations.glu(values), activations.glu(torch.from_numpy(values)))
