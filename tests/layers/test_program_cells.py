"""Cells written as ncps's Keras cells are (CfC, LTC, their mixed-memory wrapper), against
Keras 3.15 (recorded by tools/keras_fixtures/program_cells.py, whose builders make the same
models here with statefulrnn as ``keras``)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import activations, config, load_model
from statefulrnn.layers.cells import returned_states
from statefulrnn.src.activations import ALL_OBJECTS_DICT
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("program_cells")
RECORDED = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "program_cells" / "recorded.json").read_text()
)
TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


def test_a_cell_holding_a_sequential_backbone_runs_and_saves_it_where_keras_does(tmp_path: Path) -> None:
    """CfCCell's backbone, a Sequential made in build(): its weights go to the .keras file under
    ``backbone_fn/layers/dense``, as Keras 3 keeps a model inside a layer, and come back."""
    model = SCRIPT.backbone(keras)
    np.testing.assert_allclose(SCRIPT.predicted(model), RECORDED["backbone"], **TOLERANCE)
    assert SCRIPT.weight_paths(model, tmp_path / "m.keras") == RECORDED["backbone_paths"]
    twin = load_model(tmp_path / "m.keras", custom_objects={"BackboneCell": type(model.layers[1].cell)})
    np.testing.assert_allclose(twin.predict(SCRIPT.X, verbose=0), RECORDED["backbone"], **TOLERANCE)


def test_a_cell_returning_nested_states_is_flattened_as_keras_does() -> None:
    """MixedMemoryRNN returns ``[memory, [hidden]]`` for a ``state_size`` of ``[4, 4]``."""
    model = SCRIPT.nested_states(keras)
    np.testing.assert_allclose(SCRIPT.predicted(model), RECORDED["nested_states"], **TOLERANCE)
    h, c = torch.zeros(1, 2), torch.ones(1, 2)
    flat = returned_states([h, [c]])
    assert [tuple(s.shape) for s in flat] == [(1, 2), (1, 2)] and bool(flat[1].eq(1).all())


def test_an_initializer_returning_an_array_and_keras_tensor_in_build() -> None:
    """ncps's ``erev_initializer`` returns an int32 numpy array; its build tests
    ``isinstance(input_shape[0], keras.KerasTensor)``, Keras 3's name for a symbolic tensor."""
    model = SCRIPT.array_initializer(keras)
    assert model.layers[1].mask.dtype == torch.float32  # the layer's dtype, as Keras casts it
    np.testing.assert_allclose(model.predict(SCRIPT.X, verbose=0), RECORDED["array_initializer"], **TOLERANCE)
    assert isinstance(keras.Input((3,)), keras.KerasTensor)
    assert not isinstance((None, 3), keras.KerasTensor)


def test_a_function_written_into_all_objects_dict_is_found_by_name() -> None:
    """ncps: ``ALL_OBJECTS_DICT["lecun_tanh"] = lecun_tanh``, then ``activation="lecun_tanh"``."""
    try:
        model = SCRIPT.named_activation(keras, ALL_OBJECTS_DICT)
        assert activations.get("twice_tanh") is ALL_OBJECTS_DICT["twice_tanh"]
        ours = SCRIPT.predicted(model, SCRIPT.X[:, 0])
    finally:
        del ALL_OBJECTS_DICT["twice_tanh"]
    np.testing.assert_allclose(ours, RECORDED["named_activation"], **TOLERANCE)


class _Conditioned(keras.layers.Wrapper):
    """philipperemy/cond_rnn's ConditionalRecurrent, cut down: a Wrapper forwarding its RNN's
    sequence attributes, called on (inputs, conditions), the conditions its initial states."""

    def build(self, input_shape: object = None) -> None:
        self.dense = keras.layers.Dense(self.layer.units)

    @property
    def go_backwards(self) -> bool:
        return self.layer.go_backwards

    @property
    def return_sequences(self) -> bool:
        return self.layer.return_sequences

    @property
    def return_state(self) -> bool:
        return self.layer.return_state

    def call(self, inputs: object, **kwargs: object) -> object:
        x, conditions = inputs[0], inputs[1]
        state = self.dense(conditions)
        return self.layer(x, initial_state=[state, state])


def test_bidirectional_takes_a_program_s_sequence_layer_of_several_inputs() -> None:
    # tf-keras 2.21 runs cond_rnn's bidirect_functional: every Keras layer has stateful (False),
    # a layer takes its input by keyword (inputs=...), and each half gets the (x, conditions)
    # tuple whole: (5, 4, 3 + 2).
    assert keras.layers.Layer().stateful is False
    inputs = (keras.Input(shape=(4, 2)), keras.Input(shape=(3,)))
    outputs = keras.layers.Bidirectional(
        layer=_Conditioned(keras.layers.LSTM(3, return_sequences=True)),
        backward_layer=_Conditioned(keras.layers.LSTM(2, return_sequences=True, go_backwards=True)),
    )(inputs=inputs)
    model = keras.Model(inputs=inputs, outputs=outputs)
    conditions = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    predicted = model.predict([np.ones((5, 4, 2), "float32"), conditions], verbose=0)
    assert predicted.shape == (5, 4, 5)
    forward = model.layers[-1].forward_layer
    expected = forward.layer(
        torch.ones(5, 4, 2), initial_state=[forward.dense(torch.from_numpy(conditions))] * 2
    )
    np.testing.assert_allclose(predicted[..., :3], expected.detach().numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("rules", ["keras3", "tf_keras"])
def test_a_cell_s_own_initial_state_starts_each_call_and_a_stateful_layer_as_in_keras(rules: str) -> None:
    """Both Kerases ask the cell's ``get_initial_state`` (tf-keras: an ``AbstractRNNCell``'s,
    with ``inputs=None, batch_size, dtype``): a call without ``initial_state`` starts there, a
    stateful layer's first call too; ``reset_states`` gives zeros."""
    expected = RECORDED[f"own_initial_state_{rules}"]
    base = keras.layers.Layer if rules == "keras3" else keras.layers.AbstractRNNCell
    config.set_keras_rules(rules)
    try:
        model, stateful = SCRIPT.own_initial_state(keras, base, keras.ops)
        np.testing.assert_allclose(SCRIPT.predicted(model), expected["predicted"], **TOLERANCE)
        calls = [SCRIPT.predicted(stateful), stateful.predict(SCRIPT.X, verbose=0)]
        stateful.layers[1].reset_states()
        calls.append(stateful.predict(SCRIPT.X, verbose=0))
        np.testing.assert_allclose(np.asarray(calls), expected["stateful"], **TOLERANCE)
        layer = model.layers[1]
        halves = layer.get_initial_state(torch.zeros(3, 5, 3))
        assert [s.tolist() for s in halves] == [[[0.5] * 4] * 3]
    finally:
        config.set_keras_rules("keras3")


def test_a_cell_s_own_initial_states_give_its_states_shapes_as_keras_takes_them() -> None:
    """Keras never checks a cell's own initial states against its ``state_size`` (Keras-MatMulLess's
    LRU cell keeps ``(N, 2, s)`` states for ``state_size`` s): they give the shapes. A step that
    returns states of other shapes than those is refused, naming both."""

    class OwnStart(keras.layers.AbstractRNNCell):
        state_size = 4

        def call(self, inputs: torch.Tensor, states: list) -> tuple:
            return states[0] + inputs, states

        def get_initial_state(self, inputs: object = None, batch_size: int = 0, dtype: object = None) -> list:
            return [torch.zeros(batch_size, 3)]

    layer = keras.layers.RNN(OwnStart())
    assert tuple(layer(torch.ones(2, 5, 3)).shape) == (2, 3) and layer.state_shapes == ((3,),)

    class Drifting(OwnStart):
        def call(self, inputs: torch.Tensor, states: list) -> tuple:
            return inputs, [torch.cat([states[0], inputs], 1)]

    with (
        keras.use_fused_kernels(False),
        pytest.raises(
            ValueError, match=r"row shapes \[\(3,\)\]\) but returned new states of shapes \[\(2, 6\)\]"
        ),
    ):
        keras.layers.RNN(Drifting())(torch.ones(2, 5, 3))


def test_abstract_rnn_cell_gives_zero_states_as_tf_keras() -> None:
    class Minimal(keras.layers.AbstractRNNCell):
        state_size = (2, 3)

    assert [tuple(s.shape) for s in Minimal().get_initial_state(batch_size=4)] == [(4, 2), (4, 3)]


def test_a_cell_s_own_initial_state_written_with_tensorflow_gives_zeros_and_says_so() -> None:
    """Hands-On Machine Learning's LNSimpleRNNCell writes Keras's zeros with ``tf.zeros``, where
    ``import tensorflow as tf`` became ``import statefulrnn as tf``: statefulrnn does not run
    TensorFlow's functions, so the states start as zeros (what that method gives), with a warning."""
    import statefulrnn as tf

    class TensorFlowStart(keras.layers.AbstractRNNCell):
        state_size = 2

        def call(self, inputs: torch.Tensor, states: list) -> tuple:
            return states[0] + inputs[:, :2], [states[0] + inputs[:, :2]]

        def get_initial_state(self, inputs: object = None, batch_size: int = 0, dtype: object = None) -> list:
            return [tf.zeros([batch_size, self.state_size], dtype=dtype)]

    layer = keras.layers.RNN(TensorFlowStart())
    with pytest.warns(
        UserWarning, match=r"TensorFlowStart.get_initial_state could not run .*tf.zeros.*starts"
    ):
        first = layer(torch.ones(2, 3, 2))
    torch.testing.assert_close(first, torch.full((2, 2), 3.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # asked once: the next call neither asks nor warns
        layer(torch.ones(2, 3, 2))
