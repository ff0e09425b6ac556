"""PyTorch's conventions: properties that fail raise AttributeError (so ``hasattr`` and
``torch.jit.trace`` work), model methods show their real signatures and answer a Keras argument
they do not take with a hint, and the training mode starts as every ``nn.Module``'s while Keras
programs keep Keras's behaviour."""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn

from statefulrnn.layers import GRU, LSTM, BatchNormalization, Dense, Dropout, Input, Layer
from statefulrnn.models import Model, Sequential

from .public_layers import LAYERS, built

# ----- properties ---------------------------------------------------------------------------


def _properties(obj: Any) -> list[str]:
    return sorted(
        {
            name
            for klass in type(obj).__mro__
            for name, value in vars(klass).items()
            if isinstance(value, property)
        }
    )


def _models() -> dict[str, Any]:
    inputs = Input(shape=(None, 3))
    functional = Model(inputs, Dense(1)(GRU(2)(inputs)))
    compiled = Sequential([LSTM(2, input_shape=(None, 3)), Dense(1)])
    compiled.compile(optimizer="adam", loss="mse")
    return {
        "empty sequential": Sequential(),
        "unbuilt sequential": Sequential([GRU(2), Dense(1)]),
        "built sequential": Sequential([GRU(2, input_shape=(None, 3)), Dense(1)]),
        "functional": functional,
        "compiled": compiled,
    }


def _everything() -> dict[str, Any]:
    found = dict(_models())
    for name, case in LAYERS.items():
        found[f"new {name}"] = case.make()
        found[f"built {name}"] = built(case)
    return found


@pytest.mark.parametrize(("name", "obj"), sorted(_everything().items()))
def test_every_property_works_or_raises_attribute_error(name: str, obj: Any) -> None:
    assert _properties(obj)
    for attribute in _properties(obj):
        try:
            getattr(obj, attribute)
        except AttributeError as error:
            assert str(error), f"{name}.{attribute}"


@pytest.mark.parametrize("kind", ["empty sequential", "unbuilt sequential", "built sequential", "functional"])
def test_an_uncompiled_model_has_no_optimizer_attribute(kind: str) -> None:
    model = _models()[kind]
    assert not hasattr(model, "optimizer")
    with pytest.raises(AttributeError, match=r"has no optimizer: it is not compiled. Call model.compile"):
        model.optimizer  # noqa: B018 - the access is the test
    if model.built:  # compile builds the optimizer on the weights
        model.compile(optimizer="sgd", loss="mse")
        assert hasattr(model, "optimizer")


def test_a_property_keeps_its_own_message_on_a_model() -> None:
    with pytest.raises(AttributeError, match=r"has no defined input yet"):
        Sequential().input  # noqa: B018 - the access is the test
    with pytest.raises(AttributeError, match=r"'Sequential' object has no attribute 'nothing'"):
        Sequential().nothing  # noqa: B018 - the access is the test


@pytest.mark.parametrize("stateful", [False, True])
def test_jit_trace_of_an_uncompiled_model(stateful: bool) -> None:
    torch.manual_seed(0)
    inputs = Input(batch_shape=(2, None, 3))
    models = [
        Sequential([GRU(4, batch_input_shape=(2, None, 3), stateful=stateful), Dropout(0.5), Dense(1)]),
        Model(inputs, Dense(2)(LSTM(3, stateful=stateful)(inputs))),
    ]
    x = torch.randn(2, 5, 3)
    for model in models:
        expected = model(x)
        model.reset_states()
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore", torch.jit.TracerWarning)
            warnings.simplefilter("ignore", DeprecationWarning)  # torch 2.9+: "use torch.export"
            traced = torch.jit.trace(model, x, check_trace=False)
        model.reset_states()
        torch.testing.assert_close(traced(x), expected)


# ----- signatures and unknown arguments ---------------------------------------------------

METHODS = {
    "compile": "optimizer",
    "fit": "epochs",
    "evaluate": "return_dict",
    "predict": "batch_size",
    "train_on_batch": "class_weight",
    "test_on_batch": "sample_weight",
    "predict_on_batch": "x",
}


def _compiled() -> Sequential:
    model = Sequential([Dense(1, input_shape=(2,))])
    model.compile(optimizer="sgd", loss="mse")
    return model


@pytest.mark.parametrize("method", sorted(METHODS))
def test_model_methods_show_their_real_signatures(method: str) -> None:
    parameters = inspect.signature(getattr(_compiled(), method)).parameters
    assert METHODS[method] in parameters
    kinds = {parameter.kind for parameter in parameters.values()}
    assert not kinds & {inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL}


X, Y = np.zeros((4, 2), dtype="float32"), np.zeros((4, 1), dtype="float32")
UNKNOWN = {
    "fit workers of another type": (
        lambda m: m.fit(X, Y, verbose=0, workers="4"),
        r"^Sequential.fit\(\): workers must be int. Received: workers='4'",
    ),
    "fit nb_epoch and epochs": (
        lambda m: m.fit(X, Y, epochs=2, nb_epoch=3),
        r"got both epochs= and nb_epoch=",
    ),
    "fit jit_compile": (lambda m: m.fit(X, Y, jit_compile=True), r"jit_compile=True. Hint: XLA compilation"),
    "compile distribute": (
        lambda m: m.compile("sgd", "mse", distribute="mirrored"),
        r"^Sequential.compile\(\) got an unknown argument distribute='mirrored'. Hint: tf.distribute",
    ),
    "fit misspelt": (
        lambda m: m.fit(X, Y, epoch=2),
        r"got an unknown argument epoch=2. Did you mean epochs=\?$",
    ),
    "train_on_batch unknown": (
        lambda m: m.train_on_batch(X, Y, colour="red"),
        r"^Sequential.train_on_batch\(\) got an unknown argument colour='red'. It takes: x, y, "
        r"sample_weight, class_weight, return_dict, reset_metrics.$",
    ),
}


@pytest.mark.parametrize("case", sorted(UNKNOWN))
def test_an_unknown_keras_argument_gets_a_hint_and_changes_nothing(case: str) -> None:
    model = _compiled()
    before = model.get_weights()
    call, message = UNKNOWN[case]
    with pytest.raises(TypeError, match=message):
        call(model)
    assert model.optimizer.iterations == 0
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


# ----- training mode ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_every_layer_starts_in_training_mode(name: str) -> None:
    layer = LAYERS[name].make()
    assert layer.training
    assert all(module.training for module in layer.modules())


def _dropout_gru() -> GRU:
    return GRU(4, dropout=0.5, recurrent_dropout=0.5, seed=1, input_shape=(None, 3))


def _run(module: nn.Module, x: torch.Tensor) -> torch.Tensor:
    return module(x)


@pytest.mark.parametrize("mode", [None, "train", "eval"])
def test_a_plain_torch_wrapper_agrees_with_the_layer_alone(mode: str | None) -> None:
    x = torch.randn(2, 6, 3)
    torch.manual_seed(0)
    alone = _dropout_gru()
    torch.manual_seed(0)
    wrapper = nn.Sequential(_dropout_gru())
    if mode is not None:
        getattr(alone, mode)()
        getattr(wrapper, mode)()
    assert alone.training == wrapper.training == wrapper[0].training == (mode != "eval")
    first, second = _run(alone, x), _run(wrapper, x)
    torch.testing.assert_close(second, first, rtol=0, atol=0)
    # dropout (different masks at each call) exactly when the mode was set to training
    assert torch.equal(_run(alone, x), first) == (mode != "train")


def test_a_direct_call_infers_until_train_or_eval_then_follows_the_mode() -> None:
    model = Sequential([Dense(8, input_shape=(4,)), Dropout(0.5), BatchNormalization(momentum=0.0)])
    x = torch.randn(16, 4) * 3 + 1
    first = model(x)
    torch.testing.assert_close(model(x), first)  # Keras: a direct call infers
    assert float(model.layers[2].moving_mean.abs().sum()) == 0.0  # and updates no statistics
    model.train()
    assert not torch.equal(model(x), first)  # PyTorch: the mode decides
    assert float(model.layers[2].moving_mean.abs().sum()) > 0.0
    model.eval()
    torch.testing.assert_close(model(x), model(x))
    assert not torch.equal(model(x, training=True), model(x, training=True))  # an explicit flag wins


def _keras_model() -> Sequential:
    torch.manual_seed(0)
    model = Sequential([GRU(4, dropout=0.5, input_shape=(None, 3)), Dropout(0.5), Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


@pytest.mark.parametrize("mode", [None, "train", "eval"])
def test_keras_loops_set_their_mode_whatever_the_model_is_in(mode: str | None) -> None:
    model = _keras_model()
    if mode is not None:
        getattr(model, mode)()
    modes = [module.training for module in model.modules()]
    x = np.random.default_rng(0).normal(size=(8, 5, 3)).astype("float32")
    y = np.ones((8, 1), dtype="float32")
    # predict, evaluate and test_on_batch infer: no dropout, the same numbers each time
    np.testing.assert_array_equal(model.predict(x, verbose=0), model.predict(x, verbose=0))
    assert model.evaluate(x, y, verbose=0) == model.evaluate(x, y, verbose=0)
    assert model.test_on_batch(x, y) == model.test_on_batch(x, y)
    np.testing.assert_array_equal(model.predict_on_batch(x), model.predict(x, verbose=0))
    # fit trains with dropout: two identical steps from the same weights see different losses
    weights = model.get_weights()
    first = model.train_on_batch(x, y)
    model.set_weights(weights)
    assert model.train_on_batch(x, y) != first
    model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    assert [module.training for module in model.modules()] == modes  # each module's mode back
    if mode is None:  # and a Keras program's direct call still infers
        torch.testing.assert_close(model(torch.from_numpy(x)), model(torch.from_numpy(x)))


def test_a_sublayer_left_in_inference_keeps_its_mode_through_fit() -> None:
    model = _keras_model()
    model.train()
    model.layers[1].eval()
    x = np.zeros((4, 5, 3), dtype="float32")
    model.fit(x, np.zeros((4, 1), dtype="float32"), verbose=0)
    assert [layer.training for layer in model.layers] == [True, False, True]


def test_a_keras_style_layer_gets_the_inference_default_by_keyword_or_position() -> None:
    seen = []

    class Noisy(Layer):
        def call(self, inputs: torch.Tensor, training: bool | None = None) -> torch.Tensor:
            seen.append(training)
            return inputs

    layer, x = Noisy(), torch.zeros(1, 2)
    layer(x)
    layer(x, True)
    layer(x, training=True)
    layer.train()
    layer(x)  # a mode set by hand: its flag, as the layer's call reads one
    assert seen == [False, True, True, True]
