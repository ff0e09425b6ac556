"""save_keras: statefulrnn models as Keras 3 .keras archives (issue #6, "Keras files out")."""

from __future__ import annotations

import io
import json
import os
import sys
import textwrap
import warnings
import zipfile
from pathlib import Path

import h5py
import numpy as np
import pytest
import torch

from statefulrnn import layers as L
from statefulrnn.io import load_keras, save_keras
from statefulrnn.io.keras_save import keras_layer_order
from statefulrnn.models import Model, Sequential

from ..keras_python import needs_keras, run_in_keras

pytestmark = pytest.mark.filterwarnings(
    "ignore::statefulrnn.layers.bidirectional.StatefulBidirectionalWarning"
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "keras_reference" / "keras_models"


def _x(batch: int = 2, steps: int = 5, features: int = 3) -> np.ndarray:
    return np.random.default_rng(0).normal(size=(batch, steps, features)).astype(np.float32)


def _sequential() -> Sequential:
    return Sequential(
        [
            L.SimpleRNN(
                3, return_sequences=True, stateful=True, batch_input_shape=(2, None, 3), go_backwards=True
            ),
            L.GRU(4, return_sequences=True, stateful=True),
            L.GRU(3, return_sequences=True, reset_after=False),
            L.RNN(L.GRUCell(3, reset_after=False), return_sequences=True, stateful=True),
            L.RNN(L.SimpleRNNCell(2, use_bias=False, activation="softsign"), return_sequences=True),
            L.RNN(L.LSTMCell(2), return_sequences=True),
            L.LSTM(2, unit_forget_bias=False, go_backwards=True, return_sequences=True, stateful=True),
            L.Bidirectional(L.GRU(2, stateful=True)),
            L.Dropout(0.3),
            L.Dense(2, activation="softmax"),
            L.Dense(1, name="head"),
        ],
        name="seq",
    )


def _functional() -> Model:
    inp = L.Input(batch_shape=(2, None, 3), name="x")
    seq, h, c = L.LSTM(4, return_sequences=True, return_state=True, stateful=True, name="l")(inp)
    b = L.Bidirectional(
        L.GRU(3, return_sequences=True, reset_after=False, stateful=True), merge_mode="sum", name="bi"
    )(seq)
    b2 = L.Bidirectional(L.LSTM(2, return_state=True, activation="relu"), merge_mode=None, name="bi2")(b)
    b3 = L.Bidirectional(L.SimpleRNN(2, return_sequences=True), merge_mode="mul", name="bi3")(seq)
    b4 = L.Bidirectional(L.GRU(2), merge_mode="ave", name="bi4")(b3)
    b5 = L.Bidirectional(L.GRU(2, return_state=True), name="bi5")(seq)
    r = L.RNN(L.LSTMCell(4), name="r")(inp, initial_state=[h, c])
    o = L.Dense(2, activation="relu", name="o")(L.Dropout(0.2)(r))
    o2 = L.Dense(3, name="o2", use_bias=False)(b4)
    return Model(inp, [o, b, h, *b2, o2, *b5], name="fm")


def _outputs(model, x: np.ndarray, calls: int = 2) -> list[np.ndarray]:
    """Outputs of ``calls`` consecutive calls (stateful layers carry their states)."""
    model.eval()
    results = []
    with torch.no_grad():
        for _ in range(calls):
            out = model(x)
            results += [o.numpy() for o in (out if isinstance(out, (list, tuple)) else [out])]
    return results


def _archive(path: Path) -> tuple[dict, dict, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
        return (
            json.loads(archive.read("config.json")),
            json.loads(archive.read("metadata.json")),
            archive.read("model.weights.h5"),
        )


# ----- structure -----------------------------------------------------------------------------


def test_sequential_archive_config_and_weights(tmp_path: Path) -> None:
    model = _sequential()
    path = tmp_path / "m.keras"
    save_keras(model, path)
    config, metadata, weights = _archive(path)
    assert metadata["keras_version"].startswith("3.")
    assert config["class_name"] == "Sequential" and config["config"]["build_input_shape"] == [2, None, 3]
    entries = config["config"]["layers"]
    assert entries[0]["class_name"] == "InputLayer" and entries[0]["config"]["batch_shape"] == [2, None, 3]
    kinds = [entry["class_name"] for entry in entries[1:]]
    assert kinds == [
        "SimpleRNN", "GRU", "GRU", "RNN", "RNN", "RNN", "LSTM", "Bidirectional", "Dropout", "Dense", "Dense",
    ]  # fmt: skip
    simple, gru, gru_before, rnn_gru, rnn_simple, _, lstm, bidir, dropout, dense, head = entries[1:]
    assert simple["config"]["go_backwards"] and simple["config"]["stateful"]
    assert {"units", "activation", "use_bias", "dropout", "recurrent_dropout"} <= set(simple["config"])
    assert gru["config"]["reset_after"] is True and gru_before["config"]["reset_after"] is False
    assert gru["config"]["recurrent_activation"] == "sigmoid"
    assert rnn_gru["config"]["cell"]["class_name"] == "GRUCell" and rnn_gru["config"]["stateful"]
    assert rnn_simple["config"]["cell"]["config"]["activation"] == "softsign"
    assert rnn_simple["config"]["cell"]["config"]["use_bias"] is False
    assert lstm["config"]["unit_forget_bias"] is False
    assert bidir["config"]["merge_mode"] == "concat"
    assert (
        bidir["config"]["layer"]["class_name"] == "GRU"
        and bidir["config"]["backward_layer"]["config"]["go_backwards"]
    )
    assert dropout["config"]["rate"] == pytest.approx(0.3)
    assert dense["config"]["activation"] == "softmax" and head["config"]["name"] == "head"

    with h5py.File(io.BytesIO(weights), "r") as h5:
        assert h5["vars"].attrs["name"] == "seq"
        keys = list(h5["layers"])
        expected = ["simple_rnn", "gru", "gru_1", "rnn", "rnn_1", "rnn_2", "lstm", "bidirectional"]
        expected += ["dropout", "dense", "dense_1"]
        assert sorted(keys) == sorted(expected)
        assert h5["layers/gru/cell/vars/0"].shape == (3, 12)
        assert h5["layers/gru/cell/vars/2"].shape == (2, 12)  # reset_after: two bias rows
        assert h5["layers/gru_1/cell/vars/2"].shape == (9,)
        assert len(h5["layers/rnn_1/cell/vars"]) == 2  # no bias
        assert h5["layers/bidirectional/forward_layer/cell/vars/1"].shape == (2, 6)
        assert h5["layers/bidirectional/backward_layer/cell/vars/1"].shape == (2, 6)
        assert h5["layers/dense_1/vars"].attrs["name"] == "head"
        assert h5["layers/dense_1/vars/0"].shape == (2, 1)
        assert len(h5["layers/dropout/vars"]) == 0
        stored = []
        for key in expected:
            group = h5["layers"][key]
            for sub in ("cell", "forward_layer/cell", "backward_layer/cell", ""):
                if f"{sub}/vars".lstrip("/") in group:
                    variables = group[f"{sub}/vars".lstrip("/")]
                    stored += [variables[str(i)][()] for i in range(len(variables))]
    for ours, theirs in zip(model.get_weights(), stored, strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_functional_archive_graph(tmp_path: Path) -> None:
    model = _functional()
    save_keras(model, tmp_path / "f.keras")
    config, _, weights = _archive(tmp_path / "f.keras")
    assert config["class_name"] == "Functional"
    entries = {entry["name"]: entry for entry in config["config"]["layers"]}
    assert entries["x"]["class_name"] == "InputLayer" and entries["x"]["inbound_nodes"] == []
    call = entries["r"]["inbound_nodes"][0]
    assert call["args"][0]["config"]["keras_history"] == ["x", 0, 0]
    assert [t["config"]["keras_history"] for t in call["kwargs"]["initial_state"]] == [
        ["l", 0, 1],
        ["l", 0, 2],
    ]
    assert config["config"]["input_layers"] == ["x", 0, 0]
    assert config["config"]["output_layers"][:3] == [["o", 0, 0], ["bi", 0, 0], ["l", 0, 1]]
    assert entries["bi2"]["config"]["merge_mode"] is None and entries["bi3"]["config"]["merge_mode"] == "mul"
    # Keras's Functional.layers order (by depth, then walk order), which keys the weights.
    order = [layer.name for layer in keras_layer_order(model)]
    assert [entry["name"] for entry in config["config"]["layers"]] == order
    assert order[:2] == ["x", "l"] and order.index("bi3") < order.index("bi4")
    with h5py.File(io.BytesIO(weights), "r") as h5:
        names = {key: h5["layers"][key]["vars"].attrs["name"] for key in h5["layers"]}
    assert names["input_layer"] == "x"
    assert sorted(name for key, name in names.items() if key.startswith("bidirectional")) == [
        "bi", "bi2", "bi3", "bi4", "bi5",
    ]  # fmt: skip


# ----- round trip through our own reader -----------------------------------------------------


@pytest.mark.parametrize("make", [_sequential, _functional], ids=["sequential", "functional"])
def test_round_trip_through_load_keras(tmp_path: Path, make) -> None:
    model = make()
    x = _x()
    expected = _outputs(model, x)
    save_keras(model, tmp_path / "m.keras")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        twin = load_keras(tmp_path / "m.keras")
    for ours, theirs in zip(expected, _outputs(twin, x), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert [layer.name for layer in twin.layers] == [layer.name for layer in model.layers]


@pytest.mark.parametrize(
    "name", ["k3_stateful_gru_rnn.keras", "k2_stateful_stack.h5", "k2_bidir_functional.h5"]
)
def test_fixtures_round_trip(tmp_path: Path, name: str) -> None:
    model = load_keras(FIXTURES / name)
    x = np.load(FIXTURES / (name.split(".")[0] + ".npz"))["x"].astype(np.float32)
    expected = _outputs(model, x)
    save_keras(model, tmp_path / "m.keras")
    twin = load_keras(tmp_path / "m.keras")
    for ours, theirs in zip(expected, _outputs(twin, x), strict=True):
        np.testing.assert_array_equal(ours, theirs)


# ----- refusals ------------------------------------------------------------------------------


class _Holding(L.Layer):
    """A program's layer holding a torch module with weights, which no Keras file can hold."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.inner = torch.nn.Linear(3, 2)

    def call(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner(x)


@pytest.mark.parametrize(
    "make, words",
    [
        (
            lambda: Sequential([L.Input((3,)), _Holding(name="mine")]),
            ["'mine'", "_Holding", "torch modules with weights (inner)"],
        ),
        (
            lambda: Sequential([L.GRU(2, activation=lambda t: t, batch_input_shape=(1, None, 1), name="g")]),
            ["'g'", "activation"],
        ),
        (
            lambda: Sequential([L.Dense(2, input_shape=(3,)), L.Dense(1, activation=torch.sin, name="sin")]),
            ["'sin'", "activation"],
        ),
        (
            lambda: Model(
                x := L.Input(batch_shape=(1, None, 1)),
                L.Bidirectional(L.GRU(2, stateful=True, return_state=True), name="bs")(x),
            ),
            ["'bs'", "stateful Bidirectional"],
        ),
        (lambda: Sequential([L.GRU(2)]), ["not built"]),
    ],
    ids=["torch-module", "lambda-activation", "function-activation", "stateful-bidir-state", "unbuilt"],
)
def test_refusals_write_nothing(tmp_path: Path, make, words: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = make()
    path = tmp_path / "m.keras"
    with pytest.raises(ValueError) as error:
        save_keras(model, path)
    for word in words:
        assert word in str(error.value)
    assert os.listdir(tmp_path) == []


def test_refusal_keeps_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "m.keras"
    path.write_bytes(b"old")
    model = Sequential([L.GRU(2, activation=lambda t: t, batch_input_shape=(1, None, 1))])
    with pytest.raises(ValueError):
        save_keras(model, path)
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["m.keras"]


# ----- real Keras 3 --------------------------------------------------------------------------

_KERAS_CHECK = textwrap.dedent(
    """
    import os, sys
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import numpy as np, keras
    data = np.load(sys.argv[2])
    model = keras.saving.load_model(sys.argv[1])
    got = []
    for _ in range(int(data["calls"])):
        out = model(data["x"], training=False)
        got += [np.asarray(o) for o in (out if isinstance(out, (list, tuple)) else [out])]
    expected = [data[f"y{i}"] for i in range(int(data["count"]))]
    assert len(got) == len(expected), (len(got), len(expected))
    print("MAXDIFF", max(float(np.max(np.abs(a - b))) for a, b in zip(got, expected)))
    """
)


def _noise_and_activations() -> Sequential:
    """The noise layers (identity in inference), activations that Keras 3 named anew, and the
    activation layers with settings."""
    return Sequential(
        [
            L.GaussianNoise(0.2, batch_input_shape=(2, None, 3)),
            L.SpatialDropout1D(0.3, seed=4),
            L.Dropout(0.2, noise_shape=(None, 1, 3), seed=5),
            L.LSTM(
                3,
                activation="mish",
                recurrent_activation="hard_sigmoid",
                return_sequences=True,
                stateful=True,
            ),
            L.GaussianDropout(0.4),
            L.Dense(4, activation="leaky_relu"),
            L.Activation("sparse_plus"),
            L.LeakyReLU(alpha=0.1),
            L.PReLU(alpha_initializer="random_uniform", shared_axes=[1]),
            L.Identity(),
            L.Rescaling(0.5, offset=0.1),
            L.Normalization(mean=[0.1, 0.2, -0.3, 0.0], variance=[1.0, 2.0, 0.5, 4.0]),
            L.ReLU(max_value=2.0, negative_slope=0.3, threshold=0.1),
            L.ELU(alpha=0.7),
            L.Softmax(),
        ]
    )


def _steps_layers() -> Sequential:
    """The layers that add, drop, repeat or reorder steps."""
    return Sequential(
        [
            L.ZeroPadding1D((1, 2), batch_input_shape=(2, None, 3)),
            L.Cropping1D((2, 1)),
            L.UpSampling1D(2),
            L.Permute((2, 1)),
            L.Permute((2, 1)),
            L.GRU(3, return_sequences=True),
        ]
    )


def _cases() -> list:
    return [
        pytest.param(_sequential, id="sequential"),
        pytest.param(_functional, id="functional"),
        pytest.param(_noise_and_activations, id="noise_and_activations"),
        pytest.param(_steps_layers, id="steps_layers"),
    ]


def _prepare(tmp_path: Path, make) -> tuple[Path, Path]:
    model = make()
    x = _x()
    expected = _outputs(model, x)
    archive, data = tmp_path / "m.keras", tmp_path / "data.npz"
    save_keras(model, archive)
    np.savez(data, x=x, calls=2, count=len(expected), **{f"y{i}": y for i, y in enumerate(expected)})
    return archive, data


@pytest.mark.parametrize("make", _cases())
def test_keras3_loads_it_in_process(tmp_path: Path, make) -> None:
    pytest.importorskip("keras", minversion="3")
    archive, data = _prepare(tmp_path, make)
    script = tmp_path / "check.py"
    script.write_text(_KERAS_CHECK)
    namespace = {"__name__": "check"}
    argv, sys.argv = sys.argv, ["check.py", str(archive), str(data)]
    try:
        exec(
            compile(_KERAS_CHECK, str(script), "exec"), namespace
        )  # our own script text, not data from a file
    finally:
        sys.argv = argv


@needs_keras
@pytest.mark.parametrize("make", _cases())
def test_keras3_loads_it_in_keras_interpreter(tmp_path: Path, make) -> None:
    archive, data = _prepare(tmp_path, make)
    difference = float(run_in_keras(tmp_path, _KERAS_CHECK, str(archive), str(data)).split("MAXDIFF")[-1])
    assert difference <= 1e-5
