"""Python's arithmetic on functional tensors (``x + y``, ``2.0 - x``, ``abs(x)``, ...) as Keras 3
records it: against a model Keras built, trained and saved with every such operator
(tests/fixtures/operations, made by tools/keras_fixtures/operations.py), files both ways, the
stream pool, and the errors."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import layers, use_fused_kernels
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import Operation
from statefulrnn.streaming import StreamPool
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras

FIXTURE = Path(__file__).parents[1] / "fixtures" / "operations"
DATA = np.load(FIXTURE / "residual.npz")


def residual_model(stateful: bool = False) -> srnn.Model:
    """The fixture's graph, written with the same operators as the Keras program."""
    batch = {"batch_size": 4} if stateful else {}
    inputs = srnn.Input((5, 3), **batch)
    last = srnn.Input((1, 3), **batch)
    x = layers.Dense(3, activation="tanh")(inputs)
    h = layers.GRU(3, return_sequences=True, stateful=stateful)(x)
    joined = (h + inputs) * 0.5 - x / 4.0 + abs(-h) ** 2 + (1.0 - last) + 2.0 / (3.0 + x * x)
    return srnn.Model([inputs, last], layers.Dense(1)(joined))


def weights(prefix: str, data: Any = DATA) -> list[np.ndarray]:
    """A fixture's weights ``<prefix>0``, ``<prefix>1``, ... (``w``: before training, ``after``)."""
    return [data[f"{prefix}{i}"] for i in range(sum(key.startswith(prefix) for key in data.files))]


def assert_trains_as_keras(model: srnn.Model, data: Any, x: Any, fused: bool) -> None:
    """``model``, from the fixture's starting weights, takes Keras's losses and weights over the
    fixture's 3 ``train_on_batch`` calls (SGD(0.1), mse)."""
    model.set_weights(weights("w", data))
    model.compile(optimizer=srnn.optimizers.SGD(learning_rate=0.1), loss="mse")
    with use_fused_kernels(fused):
        losses = [float(model.train_on_batch(x, data["y"])) for _ in range(3)]
    np.testing.assert_allclose(losses, data["losses"], atol=1e-5, rtol=0)
    for ours, keras in zip(model.get_weights(), weights("after", data)):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)


def test_the_keras_file_loads_with_its_operations_and_predicts_as_keras() -> None:
    model = load_keras(FIXTURE / "residual.keras")
    kinds = [layer.operation for layer in model.layers if isinstance(layer, Operation)]
    assert sorted(set(kinds)) == [
        "absolute",
        "add",
        "multiply",
        "negative",
        "power",
        "subtract",
        "true_divide",
    ]
    predicted = model.predict([DATA["x"], DATA["last"]], verbose=0)
    np.testing.assert_allclose(predicted, DATA["predicted"], atol=1e-5, rtol=0)


@pytest.mark.parametrize("fused", [True, False])
def test_training_through_the_operators_matches_keras(fused: bool) -> None:
    assert_trains_as_keras(residual_model(), DATA, [DATA["x"], DATA["last"]], fused)


def test_a_model_file_and_a_keras_file_keep_the_operations(tmp_path: Path) -> None:
    model = residual_model()
    model.set_weights(weights("after"))
    inputs = [DATA["x"], DATA["last"]]
    model.save(tmp_path / "model.safetensors")
    save_keras(model, tmp_path / "model.keras")
    for path, load in (
        (tmp_path / "model.safetensors", srnn.load_model),
        (tmp_path / "model.keras", load_keras),
    ):
        twin = load(path)
        assert [layer.name for layer in twin.layers] == [layer.name for layer in model.layers]
        np.testing.assert_allclose(twin.predict(inputs, verbose=0), DATA["predicted"], atol=1e-5, rtol=0)


@needs_keras
def test_keras_reads_our_file_with_the_operations(tmp_path: Path) -> None:
    model = residual_model()
    model.set_weights(weights("after"))
    save_keras(model, tmp_path / "model.keras")
    assert keras_prediction_error(tmp_path / "model.keras", FIXTURE / "residual.npz", ["x", "last"]) < 1e-5


def test_a_stateful_model_with_operations_streams_chunk_by_chunk() -> None:
    """Operations act on each step alone: a pool streams the residual model exactly."""
    model = residual_model(stateful=True)
    model.set_weights(weights("after"))
    # a pool serves a model of one input: the second input becomes a constant of the graph
    inputs = srnn.Input((None, 3), batch_size=4)
    dense, gru = [layer for layer in model.layers if isinstance(layer, (layers.Dense, layers.GRU))][:2]
    h = gru(dense(inputs))
    served = srnn.Model(inputs, layers.Dense(1)(h - inputs / 2.0))
    assert_streams_as_whole(served, steps=6, cut=2, seed=5)


def assert_streams_as_whole(served: srnn.Model, steps: int, cut: int, seed: int) -> None:
    """A pool's two chunks of one stream (cut after ``cut`` steps) give the whole sequence's outputs."""
    whole = np.random.default_rng(seed).normal(size=(1, steps, 3)).astype(np.float32)
    single = served.with_batch_size(1)
    single.reset_states()
    expected = single.predict(whole, verbose=0)[0]
    pool = StreamPool(served)
    pool.open("a")
    streamed = np.concatenate([pool.push("a", whole[0, :cut]), pool.push("a", whole[0, cut:])])
    np.testing.assert_allclose(streamed, expected, atol=1e-6, rtol=0)


def test_numbers_on_either_side_and_broadcasting_follow_python() -> None:
    a, b = torch.tensor([[1.0, -2.0]]), torch.tensor([[3.0], [4.0]])
    assert torch.equal(Operation("subtract")(2.0, a), 2.0 - a)
    assert torch.equal(Operation("true_divide")(a, b), a / b)
    assert torch.equal(Operation("power")(2, a), 2**a)
    assert torch.equal(Operation("absolute")(a), a.abs())
    x = srnn.Input((5, 3))
    assert (x + srnn.Input((1, 3))).shape == (None, 5, 3)
    assert (2.0**-x).shape == (None, 5, 3)


def test_comparisons_and_the_other_operators_record_keras_s_operations() -> None:
    """Keras 3's KerasTensor operators beyond arithmetic (a padding mask ``source != 0`` in
    Deep Learning with Python's Transformer): each records the op Keras records and computes
    what it computes; ``==`` stays identity, as Keras's."""
    ids = srnn.Input(shape=(None,), dtype="int32")
    x = srnn.Input(shape=(3,))
    made = {
        "not_equal": ids != 0, "less": ids < 2, "less_equal": 2 >= ids, "greater": ids > 2,
        "greater_equal": ids >= 2, "floor_divide": x // 2.0, "mod": x % 2.0, "matmul": x @ x[0],
        "round": round(x), "floor_divide_reflected": 7.0 // x,
    }  # fmt: skip
    assert {name: t.node.layer.operation for name, t in made.items()} == {
        **{name: name for name in made},
        "less_equal": "less_equal",
        "floor_divide_reflected": "floor_divide",
    }  # 2 >= ids is ids <= 2, as Python reflects it
    assert made["not_equal"].dtype == "bool" and made["not_equal"].shape == (None, None)
    model = srnn.Model(
        [ids, x], [made["not_equal"], made["mod"], made["floor_divide_reflected"], made["round"]]
    )
    tokens, values = np.array([[0, 1, 3, 0]]), np.array([[2.5, -1.5, 3.0]], np.float32)
    mask, mod, divided, rounded = model.predict([tokens, values], verbose=0)
    np.testing.assert_array_equal(mask, tokens != 0)
    np.testing.assert_array_equal(mod, np.mod(values, 2.0))
    np.testing.assert_array_equal(divided, 7.0 // values)
    np.testing.assert_array_equal(rounded, np.round(values))  # half to even, as Keras's ops.round
    assert (ids == ids) is True and (ids == 0) is False


def test_bad_operands_are_refused_naming_them() -> None:
    x = srnn.Input((5, 3))
    with pytest.raises(ValueError, match=r"cannot broadcast shapes \(None, 5, 3\), \(None, 4\)"):
        x + srnn.Input((4,))
    # a tensor or a numeric array beside a symbolic tensor is a constant of the graph
    # (tests/models/test_symbolic_api.py), but text is no operand
    assert (x * torch.ones(3)).shape == (None, 5, 3)
    assert (np.ones(3) + x).shape == (None, 5, 3)  # numpy leaves the operator to the symbolic tensor
    with pytest.raises(TypeError, match="Received: ndarray"):
        np.array(["a", "b", "c"]) + x
    with pytest.raises(TypeError, match="Received: str"):
        x - "1"
    with pytest.raises(
        ValueError, match=r"an operator .* or a statefulrnn\.ops function of tensors.*'modulo'"
    ):
        Operation("modulo")
    with pytest.raises(ValueError, match="'scan'"):  # control flow: not an op of tensors
        Operation("scan")
    with pytest.raises(TypeError, match="an operator\\) takes no arguments"):
        Operation("add", {"x2": 1.0})
    with pytest.raises(TypeError, match=r"takes 2 operand\(s\)"):
        Operation("add")(torch.ones(2))
    with pytest.raises(TypeError, match="needs a tensor among its operands"):
        Operation("add")(1.0, 2.0)


# ----- indexing: x[:, -1], x[..., 0], ... ------------------------------------------------------

INDEXED = np.load(FIXTURE / "indexed.npz")


def indexed_model() -> srnn.Model:
    """The fixture's indexed graph, written with the same indexes as the Keras program."""
    inputs = srnn.Input((5, 3))
    h = layers.GRU(4, return_sequences=True)(inputs)
    window = h[:, 1:3, ::2]
    joined = layers.Concatenate()([h[:, -1], h[..., 0], window[:, 1], inputs[:, None][:, 0, 2]])
    return srnn.Model(inputs, layers.Dense(1)(joined))


@pytest.mark.parametrize("fused", [True, False])
def test_training_through_indexes_matches_keras(fused: bool) -> None:
    model = indexed_model()
    shapes = {layer.output_shape for layer in model.layers if isinstance(layer, layers.GetItem)}
    assert shapes == {(None, 4), (None, 5), (None, 2, 2), (None, 2), (None, 1, 5, 3), (None, 3)}
    assert_trains_as_keras(model, INDEXED, INDEXED["x"], fused)


def test_indexes_load_from_keras_and_keep_in_our_files(tmp_path: Path) -> None:
    model = load_keras(FIXTURE / "indexed.keras")
    assert sum(isinstance(layer, layers.GetItem) for layer in model.layers) == 6
    assert_predicts_and_keeps(model, INDEXED["x"], INDEXED["predicted"], tmp_path)


@needs_keras
def test_keras_reads_our_file_with_the_indexes(tmp_path: Path) -> None:
    model = indexed_model()
    model.set_weights(weights("after", INDEXED))
    save_keras(model, tmp_path / "indexed.keras")
    assert keras_prediction_error(tmp_path / "indexed.keras", FIXTURE / "indexed.npz", ["x"]) < 1e-5


def test_a_pool_serves_an_index_within_each_step_and_refuses_one_across_steps() -> None:
    inputs = srnn.Input(batch_shape=(2, None, 3))
    h = layers.GRU(4, stateful=True, return_sequences=True)(inputs)
    served = srnn.Model(inputs, layers.Dense(1)(h[..., 1:3]))
    assert_streams_as_whole(served, steps=5, cut=3, seed=6)
    with pytest.raises(ValueError, match=r"\(GetItem\) mixes time steps"):
        StreamPool(srnn.Model(inputs, h[:, -1]))


def test_bad_indexes_are_refused_naming_them() -> None:
    x = srnn.Input((5, 3))
    with pytest.raises(TypeError, match="basic indexes"):
        x[:, [0, 1]]
    with pytest.raises(ValueError, match="out of range for an axis of size 5"):
        x[:, 5]
    with pytest.raises(ValueError, match="does not fit a tensor of rank 3"):
        x[0, 0, 0, 0]


def _edited(tmp_path: Path, source: str, kind: str, edit: Callable[[dict], None]) -> Path:
    """The fixture file ``source`` with the first ``kind`` entry's first call edited."""
    with zipfile.ZipFile(FIXTURE / source) as archive:
        config, weights = json.loads(archive.read("config.json")), archive.read("model.weights.h5")
    entry = next(layer for layer in config["config"]["layers"] if layer["class_name"] == kind)
    edit(entry["inbound_nodes"][0])
    path = tmp_path / "edited.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", weights)
    return path


def _argument(index: int, value: object) -> Callable[[dict], None]:
    return lambda node: node["args"].__setitem__(index, value)


def _no_argument(index: int) -> Callable[[dict], None]:
    return lambda node: node["args"].pop(index)


TEXT_SLICE = {"class_name": "__slice__", "config": {"start": "a"}}
DAMAGE = {  # what is done to the first call of a GetItem or an Add, and the error that names it
    "a slice of text": ("indexed.keras", "GetItem", _argument(1, [TEXT_SLICE]), "a slice of ints or None"),
    "a text index": ("indexed.keras", "GetItem", _argument(1, ["x"]), "an index of ints, slices"),
    "too many axes": ("indexed.keras", "GetItem", _argument(1, [0] * 5), "does not fit a tensor of rank 3"),
    "no index": ("indexed.keras", "GetItem", _no_argument(1), "missing 1 required positional"),
    "one operand": ("residual.keras", "Add", _no_argument(1), r"takes 2 operand\(s\)"),
    "a text operand": (
        "residual.keras",
        "Add",
        _argument(1, "x"),
        "takes tensors, numeric arrays and Python numbers",
    ),
    "a keyword": (  # a plain constant reaches the operation, which refuses it by name
        "residual.keras",
        "Add",
        lambda node: node["kwargs"].update(alpha=2),
        r"takes 2 operand\(s\) and no keyword arguments\. Received: 2 operand\(s\), keywords \['alpha'\]",
    ),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_operation_in_a_keras_file_is_refused_naming_it(tmp_path: Path, damage: str) -> None:
    source, kind, edit, message = DAMAGE[damage]
    with pytest.raises(ValueError, match=message):
        load_keras(_edited(tmp_path, source, kind, edit))
