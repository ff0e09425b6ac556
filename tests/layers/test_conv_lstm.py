"""`ConvLSTM1D`, `ConvLSTM2D` and `ConvLSTM3D` against Keras 3 (tests/fixtures/conv_lstm, made by
tools/keras_fixtures/conv_lstm.py): outputs and final states for each padding, stride, dilation,
data format and recurrent option; a stateful layer over two calls and a reset; masked steps;
given initial states; Brownlee's forecasting model trained by ``fit`` from the fixture
script's own builder; Keras 3's and tf-keras 2's files, and ours read by Keras 3. Then what
Keras's fixtures do not reach: the spatial states in the state functions, per-row resets,
dropout, and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import ConvLSTM1D, ConvLSTM2D
from statefulrnn.state import get_states, set_states
from tests.fixture_scripts import fixture_script
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras
from tests.layers.test_operations import weights

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "conv_lstm"
LAYERS = np.load(FIXTURE / "layers.npz")
CASES = json.loads(str(LAYERS["cases"]))
SCENARIOS = np.load(FIXTURE / "scenarios.npz")
TRAINED = np.load(FIXTURE / "model.npz")
PROGRAM = fixture_script("conv_lstm")


def _close(got: torch.Tensor, expected: np.ndarray) -> None:
    np.testing.assert_allclose(got.detach().numpy(), expected, atol=1e-5, rtol=0)


def _made(kind: str, arguments: dict, shape: tuple, prefix: str, data) -> srnn.layers.Layer:
    layer = getattr(srnn.layers, kind)(**arguments)
    layer.build(tuple(shape))
    layer.set_weights(weights(prefix, data))
    return layer


@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_match_keras(case: str) -> None:
    kind, arguments, shape = CASES[case]
    layer = _made(kind, arguments, shape, f"{case}_w", LAYERS)
    expected = weights(f"{case}_y", LAYERS)
    got = layer(torch.from_numpy(LAYERS[f"{case}_x"]))
    got = got if isinstance(got, list) else [got]
    shapes = layer.compute_output_shape(tuple(shape))
    assert [tuple(s) for s in (shapes if isinstance(shapes, list) else [shapes])] == [
        y.shape for y in expected
    ]
    assert len(got) == len(expected)
    for ours, keras in zip(got, expected):
        _close(ours, keras)


def test_weights_have_keras_layout() -> None:
    layer = ConvLSTM2D(filters=64, kernel_size=(1, 2), activation="relu", input_shape=(2, 1, 3, 1))
    assert [w.shape for w in layer.get_weights()] == [(1, 2, 1, 256), (1, 2, 64, 256), (256,)]
    bias = layer.get_weights()[2]
    assert (bias[64:128] == 1).all() and (np.delete(bias, np.s_[64:128]) == 0).all()  # unit_forget_bias
    assert [w.path for w in layer.weights] == [
        f"{layer.name}/conv_lstm_cell/{n}" for n in ("kernel", "recurrent_kernel", "bias")
    ]


def test_stateful_calls_carry_and_reset_as_keras() -> None:
    data = SCENARIOS
    layer = _made("ConvLSTM2D", PROGRAM.STATEFUL, PROGRAM.STATEFUL_SHAPE, "stateful_w", data)
    _close(layer(torch.from_numpy(data["stateful_x1"])), data["stateful_first"])
    _close(layer(torch.from_numpy(data["stateful_x2"])), data["stateful_second"])
    h, c = layer.states
    _close(h, data["stateful_h"])
    _close(c, data["stateful_c"])
    layer.reset_states()
    assert all(not s.any() for s in layer.states)
    _close(layer(torch.from_numpy(data["stateful_x1"])), data["stateful_again"])


def test_masked_steps_match_keras() -> None:
    data = SCENARIOS
    layer = _made("ConvLSTM1D", PROGRAM.MASKED, PROGRAM.MASKED_SHAPE, "masked_w", data)
    mask = torch.from_numpy(data["masked_mask"])
    _close(layer(torch.from_numpy(data["masked_x"]), mask=mask), data["masked_y"])


def test_initial_states_match_keras() -> None:
    data = SCENARIOS
    layer = _made("ConvLSTM1D", PROGRAM.INITIAL, PROGRAM.INITIAL_SHAPE, "initial_w", data)
    initial = [torch.from_numpy(data["initial_h"]), torch.from_numpy(data["initial_c"])]
    _close(layer(torch.from_numpy(data["initial_x"]), initial_state=initial), data["initial_y"])
    with pytest.raises(ValueError, match=r"initial_state\[0\] must have shape \(2, 5, 2\)"):
        layer(torch.from_numpy(data["initial_x"]), initial_state=[torch.zeros(2, 2), torch.zeros(2, 2)])


def test_a_model_trains_as_keras() -> None:
    model = PROGRAM.model(srnn)  # the fixture script's own code, statefulrnn as keras
    model.set_weights(weights("w", TRAINED))
    model.compile(optimizer=srnn.optimizers.Adam(learning_rate=0.01), loss="mse")
    history = model.fit(TRAINED["x"], TRAINED["y"], epochs=2, batch_size=8, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], TRAINED["loss"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", TRAINED)):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)


def test_the_keras_file_loads_and_our_files_keep_it(tmp_path: Path) -> None:
    model = load_keras(FIXTURE / "model.keras")
    layer = model.layers[0]
    assert type(layer) is ConvLSTM2D and layer.kernel_size == (1, 2) and layer.filters == 8
    assert_predicts_and_keeps(model, TRAINED["x"], TRAINED["predicted"], tmp_path)


def test_the_tf_keras_hdf5_file_loads_with_its_keras_2_defaults() -> None:
    model = load_keras(FIXTURE / "model_tf_keras.h5")
    assert model.layers[0].recurrent_activation.__name__ == "hard_sigmoid_keras2"  # tf-keras's default
    got = model.predict(TRAINED["x"], verbose=0)
    np.testing.assert_allclose(got, TRAINED["predicted_tf_keras"], atol=1e-5, rtol=0)


@needs_keras
@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_keras_reads_our_files(tmp_path: Path, suffix: str) -> None:
    model = PROGRAM.model(srnn)
    model.set_weights(weights("after", TRAINED))
    path = tmp_path / f"model{suffix}"
    save_keras(model, path) if suffix == ".keras" else model.save(path)
    assert keras_prediction_error(path, FIXTURE / "model.npz", ["x"]) < 1e-5


def test_spatial_states_reset_by_row_and_move_between_models() -> None:
    torch.manual_seed(0)
    layer = ConvLSTM1D(2, 3, padding="same", stateful=True, batch_input_shape=(3, None, 5, 2), name="conv")
    model = srnn.Sequential([layer])
    model(torch.randn(3, 4, 5, 2))
    h, c = (s.clone() for s in layer.states)
    assert h.shape == c.shape == (3, 5, 2)
    model.reset_states(mask=[1])
    assert not layer.states[0][1].any() and torch.equal(layer.states[0][[0, 2]], h[[0, 2]])
    snapshot = get_states(model, rows=[2])
    assert [tuple(s.shape) for s in snapshot["conv"]] == [(1, 5, 2), (1, 5, 2)]
    set_states(model, snapshot, rows=[0])
    assert torch.equal(layer.states[1][0], c[2])
    with pytest.raises(ValueError, match=r"state 0 has shape \(3, 5, 2\)"):
        layer.reset_states([np.zeros((3, 2)), np.zeros((3, 2))])


def test_resets_inside_a_call_start_rows_over() -> None:
    torch.manual_seed(0)
    layer = ConvLSTM1D(2, 2, return_sequences=True)
    x = torch.randn(2, 5, 4, 1)
    resets = torch.zeros(2, 5, dtype=torch.bool)
    resets[1, 3] = True
    got = layer(x, resets=resets)
    torch.testing.assert_close(got[1, 3:], layer(x[1:, 3:])[0])
    torch.testing.assert_close(got[0], layer(x[:1])[0])


def test_dropout_draws_one_mask_per_gate_and_leaves_inference_alone() -> None:
    layer = ConvLSTM2D(2, 2, dropout=0.5, recurrent_dropout=0.25, seed=1, return_sequences=True)
    x = torch.randn(3, 4, 5, 5, 1)
    inference = layer(x)
    masks = layer.cell.dropout_masks(3, training=True)
    assert masks.inputs.shape == (4, 3, 5, 5, 1) and masks.recurrent.shape == (4, 3, 4, 4, 2)
    assert set(masks.inputs.unique().tolist()) == {0.0, 2.0}
    assert not torch.equal(masks.inputs[0], masks.inputs[1])
    assert not torch.allclose(layer(x, training=True), inference)
    torch.testing.assert_close(layer(x), inference)


def test_bad_settings_and_inputs_are_refused_and_the_config_round_trips() -> None:
    with pytest.raises(ValueError, match="filters"):
        ConvLSTM2D(0, 3)
    with pytest.raises(ValueError, match="must be a tuple of 2 integers"):
        ConvLSTM2D(2, (1, 2, 3))
    with pytest.raises(ValueError, match="not compatible with `dilation_rate > 1`"):
        ConvLSTM1D(2, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="padding"):
        ConvLSTM1D(2, 3, padding="causal")
    with pytest.raises(ValueError, match="static input shapes"):
        ConvLSTM2D(2, 2).build((None, 3, None, 4, 1))
    with pytest.raises(ValueError, match=r"needs a fixed batch size.*batch_input_shape=\(N, 3, 4, 1\)"):
        ConvLSTM1D(2, 2, stateful=True).build((None, 3, 4, 1))
    layer = ConvLSTM1D(2, 2, strides=2, recurrent_activation="hard_sigmoid", unit_forget_bias=False)
    with pytest.raises(ValueError, match="expects inputs of rank 4"):
        layer(torch.zeros(1, 3, 4))
    layer(torch.zeros(1, 3, 4, 1))
    with pytest.raises(ValueError, match=r"built for steps of shape \(4, 1\)"):
        layer(torch.zeros(1, 3, 5, 1))
    with pytest.raises(ValueError, match="Computed output size would be negative"):
        ConvLSTM1D(2, 5)(torch.zeros(1, 3, 4, 1))
    config = layer.get_config()
    assert (
        config["filters"] == 2 and config["recurrent_activation"] == "hard_sigmoid" and "rank" not in config
    )
    assert ConvLSTM1D.from_config(config).get_config() == config
    assert layer.strides == (2,) and layer.data_format == "channels_last" and not layer.unit_forget_bias


def test_a_masking_layer_is_refused_as_keras_cannot_run_it() -> None:
    # Masking on 5-D frames masks (batch, time, H, W) entries; Keras 3 fails inside its loop
    # on that mask too, while a (batch, time) mask= works (test_masked_steps_match_keras).
    model = srnn.Sequential([srnn.layers.Masking(0.0), ConvLSTM2D(2, (1, 2))])
    with pytest.raises(ValueError, match=r"mask must have shape \(batch, time\)"):
        model(torch.ones(2, 3, 1, 4, 2))
