"""Keras's custom-layer idioms: `InputSpec` (a layer's declaration of what it takes, checked at
each call and when a functional model is built, with Keras's messages) and `TorchModuleWrapper`
(a ``torch.nn.Module`` as a layer that trains, summarises and saves its weights)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn.layers import InputSpec, Layer, TorchModuleWrapper


class Pooled(Layer):
    """A program's layer that declares its input: sequences of 2 features."""

    def __init__(self, spec: InputSpec | list[InputSpec | None], **kwargs) -> None:
        super().__init__(**kwargs)
        self.input_spec = spec

    def call(self, x):
        return x[0].sum(dim=1) if isinstance(x, list) else x.sum(dim=1)


@pytest.mark.parametrize(
    ("spec", "x", "message"),
    [
        (InputSpec(ndim=3), torch.ones(4, 2), "expected ndim=3, found ndim=2. Full shape received: (4, 2)"),
        (InputSpec(min_ndim=3), torch.ones(4, 2), "expected min_ndim=3, found ndim=2"),
        (InputSpec(max_ndim=2), torch.ones(4, 5, 2), "expected max_ndim=2, found ndim=3"),
        (InputSpec(axes={-1: 2}), torch.ones(4, 5, 3), "expected axis -1 of input shape to have value 2"),
        (
            InputSpec(shape=(None, 5, 2)),
            torch.ones(4, 6, 2),
            "expected shape=(None, 5, 2), found shape=(4, 6, 2)",
        ),
        (InputSpec(dtype="float64"), torch.ones(4, 5, 2), "expected dtype=float64, found dtype=float32"),
    ],
)
def test_a_call_that_breaks_the_spec_is_refused_with_keras_message(
    spec: InputSpec, x: torch.Tensor, message: str
) -> None:
    layer = Pooled(spec, name="pooled")
    with pytest.raises(
        ValueError,
        match="^"
        + re.escape(f"Input 0 with name 'None' of layer 'pooled' is incompatible with the layer: {message}"),
    ):
        layer(x)


def test_inputs_that_meet_the_spec_run_and_a_functional_model_checks_at_build() -> None:
    layer = Pooled(InputSpec(shape=(None, None, 2), allow_last_axis_squeeze=True))
    assert layer(torch.ones(4, 5, 2)).shape == (4, 2)
    with pytest.raises(
        ValueError, match=re.escape("expected ndim=3, found ndim=2. Full shape received: (None, 5)")
    ):
        Pooled(InputSpec(ndim=3))(srnn.Input((5,)))
    inputs = srnn.Input((5, 2))
    model = srnn.Model(inputs, Pooled(InputSpec(ndim=3, axes={2: 2}))(inputs))
    assert model.predict(np.ones((3, 5, 2), np.float32), verbose=0).tolist() == [[5.0, 5.0]] * 3


def test_several_inputs_by_position_or_name() -> None:
    pair = Pooled([InputSpec(ndim=3), None])
    assert pair([torch.ones(1, 2, 2), torch.ones(7)]).shape == (1, 2)
    with pytest.raises(
        ValueError, match=re.escape('Layer "pair" expects 2 input(s), but it received 1 input tensors')
    ):
        Pooled([InputSpec(ndim=3), None], name="pair")([torch.ones(1, 2, 2)])
    named = [InputSpec(ndim=3, name="series"), InputSpec(ndim=1, name="ids", optional=True)]
    with pytest.raises(ValueError, match='Missing data for input "ids"'):
        Pooled(named)({"series": torch.ones(1, 2, 2)})


def test_the_spec_describes_itself_as_keras() -> None:
    spec = InputSpec(shape=(None, 4), axes={1: 4}, dtype=torch.float32)
    assert repr(spec) == "InputSpec(dtype=float32, shape=(None, 4), ndim=2, axes={1: 4})"
    assert InputSpec.from_config(spec.get_config()).get_config() == spec.get_config()
    with pytest.raises(TypeError, match="`axes` must be a dict with integer keys"):
        InputSpec(axes={"last": 2})
    with pytest.raises(ValueError, match="Axis 3 is greater than the maximum allowed value: 1"):
        InputSpec(ndim=2, axes={3: 1})


def test_a_wrapped_torch_module_trains_summarises_and_saves_its_weights(tmp_path: Path, capsys) -> None:
    def model() -> srnn.Sequential:
        torch.manual_seed(0)
        return srnn.Sequential(
            [
                srnn.layers.Input((5, 3)),
                srnn.layers.GRU(4, return_sequences=True),
                TorchModuleWrapper(torch.nn.Linear(4, 2), name="head"),
            ]
        )

    trained = model()
    head = trained.layers[-1].module
    before = head.weight.detach().clone()
    trained.compile(optimizer="adam", loss="mse")
    trained.fit(np.ones((4, 5, 3), np.float32), np.zeros((4, 5, 2), np.float32), epochs=2, verbose=0)
    assert not torch.equal(head.weight, before)  # the module's parameters trained with the model
    assert [w.shape for w in trained.layers[-1].get_weights()] == [(2, 4), (2,)]
    trained.summary()
    printed = capsys.readouterr().out
    assert "head (TorchModuleWrapper)" in printed and "(None, 5, 2)" in printed
    with pytest.raises(
        ValueError, match=r"argument module=.* is a torch module \(Linear\), which a model file cannot hold"
    ):
        trained.save(tmp_path / "model.safetensors")
    assert not (tmp_path / "model.safetensors").exists()
    trained.save_weights(tmp_path / "model.weights.safetensors")
    twin = model()
    twin.load_weights(tmp_path / "model.weights.safetensors")
    x = np.random.default_rng(0).normal(size=(2, 5, 3)).astype(np.float32)
    np.testing.assert_allclose(twin.predict(x, verbose=0), trained.predict(x, verbose=0), atol=1e-6)
    with pytest.raises(
        TypeError,
        match=re.escape("TorchModuleWrapper takes a torch.nn.Module. Received: module of type function"),
    ):
        TorchModuleWrapper(lambda x: x)
