"""Every activation Keras takes by name, and its activation layers with settings, give Keras's
numbers (tests/fixtures/activations, made by tools/keras_fixtures/activations.py with Keras
3.15.1 and tf-keras 2.21), in a layer's gates too, and a file keeps the ``"hard_sigmoid"`` of the
Keras that wrote it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, SimpleRNN, activations, use_fused_kernels
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import ELU, LeakyReLU, ReLU, Softmax

FIXTURES = Path(__file__).parent / "fixtures" / "activations"
RNN_CASES = sorted(path.stem for path in FIXTURES.glob("rnn_*.npz"))
TOLERANCE = {"rtol": 1e-6, "atol": 1e-6}


def _arrays(name: str) -> dict[str, np.ndarray]:
    with np.load(FIXTURES / name) as data:
        return {key: data[key] for key in data.files}


def _apply(name: str, x: np.ndarray) -> np.ndarray:
    return activations.get(name)(torch.from_numpy(x)).numpy()


KERAS3 = _arrays("keras3.npz")
TF_KERAS = _arrays("tf_keras.npz")


def test_every_keras_3_name_is_known_and_no_other() -> None:
    assert set(KERAS3) - {"x"} == activations.KERAS3_NAMES
    assert len(activations.KERAS3_NAMES) == 31  # Keras 3.15's names but "threshold" (it needs arguments)


@pytest.mark.parametrize("name", sorted(set(KERAS3) - {"x", "sparsemax"}))
def test_keras_3_activation_matches_keras(name: str) -> None:
    np.testing.assert_allclose(_apply(name, KERAS3["x"]), KERAS3[name], **TOLERANCE, err_msg=name)


@pytest.mark.parametrize("name", sorted(set(TF_KERAS) - {"x"}))
def test_tf_keras_activation_matches_tf_keras(name: str) -> None:
    ours = "hard_sigmoid_keras2" if name == "hard_sigmoid" else name
    np.testing.assert_allclose(_apply(ours, TF_KERAS["x"]), TF_KERAS[name], **TOLERANCE, err_msg=name)


def test_the_two_hard_sigmoids_differ_as_keras_3_and_tf_keras_do() -> None:
    assert np.abs(KERAS3["hard_sigmoid"] - TF_KERAS["hard_sigmoid"]).max() > 0.05


def test_sparsemax_is_the_projection_onto_the_simplex_where_keras_is_not() -> None:
    x = KERAS3["x"].astype(np.float64)
    ours = _apply("sparsemax", x)
    # The projection max(x - tau, 0) summing to 1, tau found by bisection (no sorting)
    low, high = x.min(axis=-1, keepdims=True) - 1, x.max(axis=-1, keepdims=True)
    for _ in range(200):
        tau = (low + high) / 2
        over = np.maximum(x - tau, 0).sum(axis=-1, keepdims=True) > 1
        low, high = np.where(over, tau, low), np.where(over, high, tau)
    np.testing.assert_allclose(ours, np.maximum(x - (low + high) / 2, 0), atol=1e-9)
    np.testing.assert_allclose(ours.sum(axis=-1), 1.0, atol=1e-9)
    assert not np.allclose(KERAS3["sparsemax"].sum(axis=-1), 1.0, atol=1e-3)  # Keras 3.15's


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
@pytest.mark.parametrize("case", RNN_CASES)
def test_recurrent_layer_with_other_gates_matches_keras(case: str, fused: bool) -> None:
    data = _arrays(f"{case}.npz")
    spec = json.loads(str(data["spec"]))
    arguments = {key: value for key, value in spec.items() if key not in ("keras", "class")}
    if spec["keras"] == 2:
        arguments = {
            key: f"{value}_keras2" if value == "hard_sigmoid" else value for key, value in arguments.items()
        }
    layer_class = {"GRU": GRU, "LSTM": LSTM, "SimpleRNN": SimpleRNN}[spec["class"]]
    layer = layer_class(4, return_sequences=True, **arguments)
    x = torch.from_numpy(data["x"])
    with use_fused_kernels(fused), torch.no_grad():
        layer(x)  # builds it
        layer.set_weights([data[f"w{i}"] for i in range(len(layer.get_weights()))])
        np.testing.assert_allclose(layer(x).numpy(), data["y"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("label", ["tf_keras", "keras3"])
def test_a_keras_file_keeps_the_hard_sigmoid_of_the_keras_that_wrote_it(label: str) -> None:
    suffix = "h5" if label == "tf_keras" else "keras"
    model = load_keras(FIXTURES / f"hard_sigmoid_{label}.{suffix}")
    expected = "hard_sigmoid_keras2" if label == "tf_keras" else "hard_sigmoid"
    assert activations.name_of(model.layers[0].cell.recurrent_activation) == expected
    data = _arrays("hard_sigmoid_files.npz")
    with torch.no_grad():
        np.testing.assert_allclose(
            model(torch.from_numpy(data["x"])).numpy(), data[f"y_{label}"], **TOLERANCE
        )


def test_keras_2_hard_sigmoid_is_not_saved_as_keras_3s(tmp_path: Path) -> None:
    model = load_keras(FIXTURES / "hard_sigmoid_tf_keras.h5")
    with pytest.raises(ValueError, match=r"'hard_sigmoid_keras2' has no Keras 3 name"):
        save_keras(model, tmp_path / "m.keras")
    assert not (tmp_path / "m.keras").exists()


LAYERS = _arrays("layers.npz")
LAYER_CASES = {
    "leaky_relu": lambda: LeakyReLU(),
    "leaky_relu_slope": lambda: LeakyReLU(negative_slope=0.1),
    "leaky_relu_alpha_tf_keras": lambda: LeakyReLU(alpha=0.05),
    "relu6": lambda: ReLU(max_value=6.0),
    "relu_all": lambda: ReLU(max_value=2.0, negative_slope=0.5, threshold=1.0),
    "relu_threshold": lambda: ReLU(threshold=1.0),
    "relu_slope_cap": lambda: ReLU(negative_slope=0.2, max_value=3.0),
    "relu_slope": lambda: ReLU(negative_slope=0.2),
    "elu": lambda: ELU(alpha=0.5),
    "softmax": lambda: Softmax(),
    "softmax_axis_1": lambda: Softmax(axis=1),
    "softmax_axes": lambda: Softmax(axis=[1, 2]),
    "softmax_masked": lambda: Softmax(),
}


def test_every_recorded_layer_case_is_run() -> None:
    assert set(LAYERS) - {"x", "mask"} == set(LAYER_CASES)


@pytest.mark.parametrize("case", sorted(LAYER_CASES))
def test_activation_layer_matches_keras(case: str) -> None:
    layer = LAYER_CASES[case]()
    call = {"mask": torch.from_numpy(LAYERS["mask"])} if case.endswith("masked") else {}
    got = layer(torch.from_numpy(LAYERS["x"]), **call).numpy()
    np.testing.assert_allclose(got, LAYERS[case], **TOLERANCE, err_msg=case)


def test_a_softmax_layer_keeps_its_logits_as_keras_does() -> None:
    logits = torch.tensor([[20.0, -20.0]])
    assert Softmax()(logits)._keras_logits is logits


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: LeakyReLU(-0.1), r"negative_slope of a LeakyReLU layer cannot be None or negative"),
        (lambda: ReLU(max_value=-1.0), r"max_value of a ReLU layer cannot be negative"),
        (lambda: ReLU(threshold=-1.0), r"threshold of a ReLU layer cannot be None or negative"),
    ],
)
def test_settings_keras_refuses_are_refused(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_a_mask_that_does_not_broadcast_is_refused() -> None:
    refusal = (
        r"Softmax 's': the mask must broadcast to the inputs\. Received: inputs shape \(2, 5, 3\), mask shape"
    )
    with pytest.raises(ValueError, match=refusal):
        Softmax(name="s")(torch.ones(2, 5, 3), mask=torch.ones(2, 5, dtype=torch.bool))


def test_keras_2s_alpha_is_written_as_keras_3s_negative_slope(tmp_path: Path) -> None:
    from statefulrnn import Sequential
    from statefulrnn.layers import Input

    model = Sequential([Input(batch_shape=(1, None, 3)), LeakyReLU(alpha=0.05, name="leaky")])
    assert LeakyReLU.from_config(model.get_layer("leaky").get_config()).negative_slope == 0.05
    save_keras(model, tmp_path / "m.keras")
    config = json.loads(zipfile.ZipFile(tmp_path / "m.keras").read("config.json"))
    written = config["config"]["layers"][-1]["config"]
    assert written["negative_slope"] == 0.05 and "alpha" not in written
    assert load_keras(tmp_path / "m.keras").get_layer("leaky").negative_slope == 0.05
