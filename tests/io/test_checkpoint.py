"""Model files: round trips of every layer and model kind, resuming fit, refusals, atomic writes."""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import safetensors.numpy
import torch
from safetensors import safe_open

import statefulrnn
from statefulrnn import (
    GRU,
    LSTM,
    RNN,
    Bidirectional,
    Dense,
    Dropout,
    GRUCell,
    Input,
    LSTMCell,
    Model,
    Sequential,
    SimpleRNN,
    SimpleRNNCell,
    load_model,
)
from statefulrnn.io._container import digest
from statefulrnn.layers.bidirectional import StatefulBidirectionalWarning

N, F = 2, 3


def _x(seed: int = 0, steps: int = 4) -> torch.Tensor:
    return torch.randn(N, steps, F, generator=torch.Generator().manual_seed(seed))


def _assert_same(a: object, b: object) -> None:
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y)
    else:
        torch.testing.assert_close(b, a, rtol=0, atol=0)


def _round_trip(model: Model | Sequential, tmp_path: Path, **options: bool) -> Model | Sequential:
    path = tmp_path / "model.safetensors"
    model.save(path, **options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatefulBidirectionalWarning)
        return load_model(path)


def _check(model: Model | Sequential, tmp_path: Path, include_states: bool) -> None:
    """Save and load, then both models give the same outputs and states on the same inputs."""
    stateful = bool(model.get_states())
    model(_x(1))  # states to carry, if any
    loaded = _round_trip(model, tmp_path, include_states=include_states)
    assert type(loaded) is type(model) and loaded.name == model.name
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)
    if stateful and not include_states:
        model.reset_states()  # the loaded model starts from zero states
    _assert_same(model.get_states(), loaded.get_states())
    _assert_same(model(_x(2)), loaded(_x(2)))
    _assert_same(model.get_states(), loaded.get_states())


def _layer_cases() -> dict[str, Callable[[bool], object]]:
    def rnn(layer_cls: type, **kw: object) -> Callable[[bool], object]:
        return lambda stateful: layer_cls(4, stateful=stateful, **kw)

    cases = {
        "simple_rnn": rnn(SimpleRNN, activation="relu"),
        "gru": rnn(GRU, recurrent_dropout=0.0),
        "gru_reset_before": rnn(GRU, reset_after=False),
        "lstm": rnn(LSTM, unit_forget_bias=False),
        "rnn_simple_cell": lambda s: RNN(SimpleRNNCell(4), stateful=s),
        "rnn_gru_cell": lambda s: RNN(GRUCell(4, reset_after=False), stateful=s, go_backwards=True),
        "rnn_lstm_cell": lambda s: RNN(LSTMCell(4), stateful=s),
        "rnn_stacked_sequences": lambda s: RNN(
            LSTMCell(4, name="my_cell"), stateful=s, return_sequences=True
        ),
    }
    for mode in ("concat", "sum", "mul", "ave"):
        cases[f"bidirectional_{mode}"] = lambda s, m=mode: Bidirectional(LSTM(3, stateful=s), merge_mode=m)
    cases["bidirectional_backward_layer"] = lambda s: Bidirectional(
        GRU(3, stateful=s), backward_layer=GRU(3, stateful=s, go_backwards=True, name="back")
    )
    return cases


@pytest.mark.parametrize("include_states", [False, True])
@pytest.mark.parametrize("stateful", [False, True])
@pytest.mark.parametrize("case", sorted(_layer_cases()))
def test_each_layer_round_trips(case: str, stateful: bool, include_states: bool, tmp_path: Path) -> None:
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StatefulBidirectionalWarning)
        layer = _layer_cases()[case](stateful)
        model = Sequential(
            [Input(batch_shape=(N, None, F)), layer, Dropout(0.25), Dense(2, activation="tanh")]
        )
    _check(model, tmp_path, include_states)


def test_none_merge_mode_and_return_state_in_a_functional_model(tmp_path: Path) -> None:
    torch.manual_seed(0)
    inputs = Input(batch_shape=(N, None, F), name="x")
    forward, backward = Bidirectional(GRU(3, return_sequences=True), merge_mode=None)(inputs)
    output, h, c = LSTM(4, return_state=True, stateful=True, name="encoder")(forward)
    decoded = LSTM(4, stateful=True, name="decoder")(backward, initial_state=[h, c])
    model = Model(inputs, [Dense(1)(decoded), output, h], name="seq2seq")
    _check(model, tmp_path, include_states=True)


def test_several_inputs_and_a_shared_layer(tmp_path: Path) -> None:
    torch.manual_seed(0)
    a, b = Input(batch_shape=(N, None, F)), Input(batch_shape=(N, None, F))
    shared = GRU(3, stateful=True, name="shared")
    dense = Dense(2)
    model = Model([a, b], [dense(shared(a)), dense(shared(b))])
    model([_x(1), _x(3)])
    loaded = _round_trip(model, tmp_path, include_states=True)
    _assert_same(model([_x(2), _x(4)]), loaded([_x(2), _x(4)]))


def test_nested_models(tmp_path: Path) -> None:
    torch.manual_seed(0)
    inner = Sequential(
        [LSTM(3, return_sequences=True, stateful=True, batch_input_shape=(N, None, F))], name="inner"
    )
    outer = Sequential([inner, Sequential([GRU(2)], name="inner2"), Dense(1)], name="outer")
    _check(outer, tmp_path, include_states=True)

    inputs = Input(batch_shape=(N, None, F))
    functional = Model(inputs, Dense(1)(Sequential([SimpleRNN(2, stateful=True)], name="block")(inputs)))
    wrapped = Sequential([functional, Dense(1, name="head")])
    _check(wrapped, tmp_path, include_states=True)


def test_a_model_built_by_its_first_call(tmp_path: Path) -> None:
    model = Sequential([GRU(3), Dense(1)])
    assert not model.built
    _check(model, tmp_path, include_states=False)


def test_trainable_flags_and_dtype_kept(tmp_path: Path) -> None:
    model = Sequential([GRU(3, batch_input_shape=(N, None, F), dtype=torch.float32), Dense(1)])
    model.layers[0].trainable = False
    loaded = _round_trip(model, tmp_path)
    assert not loaded.layers[0].trainable and loaded.layers[1].trainable
    assert [p.requires_grad for p in loaded.parameters()] == [p.requires_grad for p in model.parameters()]


def test_file_layout(tmp_path: Path) -> None:
    model = Sequential(
        [LSTM(2, stateful=True, batch_input_shape=(N, None, F), name="l"), Dense(1, name="d")], name="m"
    )
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    model.fit(_x(0).numpy(), np.zeros((N, 1)), batch_size=N, verbose=0)
    path = tmp_path / "model.safetensors"
    model.save(path, include_states=True, include_optimizer=True)
    with safe_open(str(path), framework="numpy") as file:
        metadata, keys = file.metadata(), sorted(file.keys())
    assert set(metadata) == {"format", "version", "model", "optimizer", "compile", "sha256"}
    assert (metadata["format"], metadata["version"]) == ("statefulrnn.model", "2")
    assert json.loads(metadata["model"])["class_name"] == "Sequential"
    assert json.loads(metadata["compile"]) == {
        "loss": "mse",
        "metrics": ["mae"],
        "loss_weights": None,
        "weighted_metrics": None,
    }
    assert json.loads(metadata["optimizer"])["class_name"] == "Adam"
    weights = [k for k in keys if k.startswith("weights/")]
    assert weights == [f"weights/{i:03d}:{name}" for i, (name, _) in enumerate(model.named_weights())]
    assert [k for k in keys if k.startswith("state/")] == ["state/l/0", "state/l/1"]
    assert {k.split("/")[-1] for k in keys if k.startswith("optimizer/")} == {"momentum", "velocity"}


def _stateful_model() -> Sequential:
    torch.manual_seed(0)
    return Sequential([LSTM(4, stateful=True, batch_input_shape=(N, None, F)), Dense(1)])


def test_resuming_fit_after_a_reload_matches_an_uninterrupted_run(tmp_path: Path) -> None:
    x = torch.randn(4 * N, 5, F, generator=torch.Generator().manual_seed(0)).numpy()
    y = np.linspace(-1, 1, 4 * N).reshape(-1, 1)
    whole = _stateful_model()
    whole.compile(optimizer=statefulrnn.optimizers.Adam(learning_rate=0.01), loss="mse")
    whole.fit(x, y, batch_size=N, epochs=2, verbose=0)

    halves = _stateful_model()
    halves.compile(optimizer="adam", loss="mse")
    halves.optimizer.learning_rate = 0.01
    halves.fit(x, y, batch_size=N, epochs=1, verbose=0)
    resumed = _round_trip(halves, tmp_path, include_states=True, include_optimizer=True)
    assert resumed.optimizer.iterations == halves.optimizer.iterations == 4
    resumed.fit(x, y, batch_size=N, epochs=1, verbose=0)
    for a, b in zip(whole.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)
    _assert_same(list(whole.get_states().values()), list(resumed.get_states().values()))


def _two_outputs() -> Model:
    torch.manual_seed(0)
    inputs = Input(batch_shape=(N, 4, F), name="seq")
    hidden = LSTM(3, stateful=True, name="lstm")(inputs)
    return Model(
        inputs, [Dense(1, name="value")(hidden), Dense(3, activation="softmax", name="label")(hidden)]
    )


def test_a_multi_output_compile_is_saved_and_resumes_exactly(tmp_path: Path) -> None:
    losses, metrics = statefulrnn.losses, statefulrnn.metrics
    compile_args = {
        "loss": {"value": "mse", "label": losses.sparse_categorical_crossentropy},
        "loss_weights": {"value": 2.0, "label": 0.5},
        "metrics": {"value": ["mae"], "label": [metrics.sparse_categorical_accuracy]},
        "weighted_metrics": {"label": ["accuracy"]},
    }
    x = _x(0).numpy()
    y = {"value": np.linspace(-1, 1, N)[:, None], "label": np.arange(N) % 3}
    fits = {"batch_size": N, "verbose": 0, "sample_weight": np.linspace(0.5, 1.5, N)}
    whole = _two_outputs()
    whole.compile(optimizer="adam", **compile_args)
    whole.fit(x, y, epochs=2, **fits)
    halves = _two_outputs()
    halves.compile(optimizer="adam", **compile_args)
    halves.fit(x, y, epochs=1, **fits)
    resumed = _round_trip(halves, tmp_path, include_states=True, include_optimizer=True)
    assert resumed._compile_spec == {
        "loss": {"value": "mse", "label": "sparse_categorical_crossentropy"},
        "loss_weights": {"value": 2.0, "label": 0.5},
        "metrics": {"value": ["mae"], "label": ["sparse_categorical_accuracy"]},
        "weighted_metrics": {"label": ["accuracy"]},
    }
    history = resumed.fit(x, y, epochs=1, **fits).history
    assert history == {key: values[-1:] for key, values in whole.history.history.items()}
    for a, b in zip(whole.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_file_with_the_first_compile_record_still_loads(saved: Path) -> None:
    _rewrite(saved, lambda m, t: m.update(compile=json.dumps({"loss": "mse", "metrics": ["mae"]})))
    model = load_model(saved)
    assert model._compile_spec == {
        "loss": "mse",
        "metrics": ["mae"],
        "loss_weights": None,
        "weighted_metrics": None,
    }
    assert model.evaluate(np.zeros((N, 2, F)), np.zeros((N, 1)), verbose=0, return_dict=True).keys() == {
        "loss",
        "mae",
    }


def test_without_the_optimizer_the_model_is_not_compiled(tmp_path: Path) -> None:
    model = _stateful_model()
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(RuntimeError, match="must be compiled"):
        _round_trip(model, tmp_path, include_optimizer=False).fit(
            np.zeros((N, 2, F)), np.zeros((N, 1)), verbose=0
        )


def test_a_compiled_model_saved_by_default_loads_compiled_as_keras(tmp_path: Path) -> None:
    # Keras's include_optimizer=True default (tf-keras's functional-API guide saves, loads and
    # evaluates); a model not compiled, or compiled with what no file can name, saves without.
    model = _stateful_model()
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    x, y = np.ones((N, 2, F), np.float32), np.zeros((N, 1), np.float32)
    model.fit(x, y, verbose=0)
    model.reset_states()
    loaded = _round_trip(model, tmp_path)
    assert type(loaded.optimizer).__name__ == "RMSprop"
    np.testing.assert_allclose(loaded.evaluate(x, y, verbose=0), model.evaluate(x, y, verbose=0), rtol=1e-6)
    plain = _stateful_model()
    assert _round_trip(plain, tmp_path).__dict__.get("_trainer") is None
    plain.compile(optimizer="sgd", loss=lambda y_true, y_pred: (y_true - y_pred).abs().mean())
    assert _round_trip(plain, tmp_path).__dict__.get("_trainer") is None  # a lambda has no name


def test_save_weights_and_load_weights_methods(tmp_path: Path) -> None:
    model, twin = (
        _stateful_model(),
        Sequential([LSTM(4, stateful=True, batch_input_shape=(N, None, F)), Dense(1)]),
    )
    model.save_weights(tmp_path / "w.safetensors")
    twin.load_weights(tmp_path / "w.safetensors")
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(a, b)


# ----- refusals when saving -----------------------------------------------------------------


class Holding(Dense):
    """A program's layer whose constructor keeps a Python function: its config cannot be a file's."""

    def __init__(self, units: int, transform: Callable, **kwargs: object) -> None:
        super().__init__(units, **kwargs)
        self.transform = transform


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (
            lambda: Sequential([GRU(2, activation=lambda t: t * 2, input_shape=(None, F))]),
            "'gru.*activation=",
        ),
        (
            lambda: Sequential([Holding(2, lambda t: t, input_shape=(F,), name="mine")]),
            "'mine'.*transform=.*Python function",
        ),
        (lambda: Sequential([Input((F,)), torch.nn.Linear(F, 2)]), "torch module"),
    ],
)
def test_what_a_file_cannot_hold_is_refused_before_writing(
    make: Callable, match: str, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match=match):
        make().save(tmp_path / "m.safetensors")
    assert os.listdir(tmp_path) == []


def test_a_builtin_activation_function_is_saved_by_name(tmp_path: Path) -> None:
    model = Sequential([Dense(2, activation=torch.tanh, input_shape=(F,))])
    _assert_same(model(torch.ones(N, F)), _round_trip(model, tmp_path)(torch.ones(N, F)))


@pytest.mark.parametrize("what", ["loss", "metric", "uncompiled", "torch_optimizer"])
def test_compile_info_that_cannot_be_saved(what: str, tmp_path: Path) -> None:
    model = _stateful_model()
    if what == "loss":
        model.compile(optimizer="adam", loss=lambda y, p: ((y - p) ** 2).mean(-1))
    elif what == "metric":
        model.compile(optimizer="adam", loss="mse", metrics=[lambda y, p: (y - p).abs().mean(-1)])
    elif what == "torch_optimizer":
        model.compile(optimizer=torch.optim.SGD(model.parameters(), lr=0.1), loss="mse")
    match = {"loss": "the loss <function", "metric": "the metric <function", "uncompiled": "not compiled"}
    with pytest.raises(ValueError, match=match.get(what, "SGD")):
        model.save(tmp_path / "m.safetensors", include_optimizer=True)
    model.save(tmp_path / "m.safetensors")  # without the optimizer it saves
    assert os.listdir(tmp_path) == ["m.safetensors"]


# ----- refusals when loading ----------------------------------------------------------------


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "model.safetensors"
    model = _stateful_model()
    model.compile(optimizer="adam", loss="mse")
    model.save(path, include_states=True, include_optimizer=True)
    return path


def _rewrite(path: Path, edit: Callable[[dict, dict], None]) -> None:
    with safe_open(str(path), framework="numpy") as file:
        metadata = dict(file.metadata())
        tensors = {key: file.get_tensor(key) for key in file.keys()}
    edit(metadata, tensors)
    if "sha256" in metadata:  # a consistent file with the wrong content, not a damaged one
        metadata["sha256"] = digest(tensors, metadata)
    path.write_bytes(safetensors.numpy.save(tensors, metadata=metadata))


def _flip_last_data_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x10  # inside the last tensor's bytes: the header stays valid
    path.write_bytes(bytes(data))


def _model_json(edit: Callable[[dict], None]) -> Callable[[dict, dict], None]:
    def apply(metadata: dict, tensors: dict) -> None:
        model = json.loads(metadata["model"])
        edit(model)
        metadata["model"] = json.dumps(model)

    return apply


def _set(path: tuple, value: object) -> Callable[[dict], None]:
    def apply(entry: dict) -> None:
        for key in path[:-1]:
            entry = entry[key]
        entry[path[-1]] = value

    return apply


@pytest.mark.parametrize(
    ("damage", "match"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "not a complete safetensors"),
        (lambda p: p.write_bytes(p.read_bytes()[:8] + b"\xff\x00{" + p.read_bytes()[11:]), "safetensors"),
        (lambda p: p.write_bytes(np.random.default_rng(0).bytes(500)), "safetensors"),
        (lambda p: p.write_bytes(b""), "safetensors"),
        (_flip_last_data_byte, "is damaged: it does not match the checksum"),
        (lambda p: _rewrite(p, lambda m, t: m.update(version="3")), "version '3'"),
        (lambda p: _rewrite(p, lambda m, t: m.pop("format")), "format tag is None"),
        (lambda p: _rewrite(p, lambda m, t: m.update(model="{not json")), "cannot be loaded"),
        (
            lambda p: _rewrite(p, _model_json(_set(("config", "layers", 1, "class_name"), "os.system"))),
            "'os.system'",
        ),
        (lambda p: _rewrite(p, _model_json(_set(("class_name",), "Evil"))), "unknown layer class 'Evil'"),
        (
            lambda p: _rewrite(p, _model_json(_set(("config", "layers", 1, "config", "colour"), 1))),
            "LSTM.*colour",
        ),
        (
            lambda p: _rewrite(p, _model_json(_set(("config", "layers", 2, "config", "units"), 7))),
            "Weight 3 .*dense",
        ),
        (lambda p: _rewrite(p, lambda m, t: t.pop(max(k for k in t if k.startswith("state/")))), "state"),
        (lambda p: _rewrite(p, lambda m, t: t.update({"other": np.zeros(1)})), "unexpected tensor 'other'"),
        (lambda p: _rewrite(p, lambda m, t: m.pop("compile")), "no 'compile'"),
    ],
)
def test_damaged_or_foreign_files_are_refused(saved: Path, damage: Callable, match: str) -> None:
    damage(saved)
    with pytest.raises(ValueError, match=match) as error:
        load_model(saved)
    assert str(saved) in str(error.value)


def test_a_weights_file_is_not_a_model_file(tmp_path: Path) -> None:
    path = tmp_path / "w.safetensors"
    _stateful_model().save_weights(path)
    with pytest.raises(ValueError, match=r"'statefulrnn\.weights'.*load_weights"):
        load_model(path)
    safetensors.numpy.save_file({"a": np.zeros(2, np.float32)}, str(path), metadata={"format": "pt"})
    with pytest.raises(ValueError, match="format tag is 'pt'"):
        load_model(path)
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "missing.safetensors")


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_save_leaves_the_old_file_and_no_temporary(
    saved: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    before = saved.read_bytes()

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="disk full"):
        Sequential([Dense(1, input_shape=(F,))]).save(saved)
    monkeypatch.undo()
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == [saved.name]
    assert isinstance(load_model(saved), Sequential)


def test_a_file_whose_weights_are_listed_in_another_order_loads_each_into_its_place(tmp_path: Path) -> None:
    """Weights go by their paths where the file names each of the model's once: a file saved
    when statefulrnn listed a functional model's layers in call order (before Keras's depth
    order) loads each branch's weights into that branch, even where two have one shape."""
    from statefulrnn.layers import Concatenate

    first, second = Input((3,), name="first"), Input((3,), name="second")
    joined = Concatenate()([Dense(2, name="left")(first), Dense(2, name="right")(second)])
    model = Model([first, second], Dense(1, name="head")(joined))
    path = tmp_path / "model.safetensors"
    model.save(path)

    def swap_branches(metadata: dict, tensors: dict) -> None:
        entries = sorted(key for key in tensors if key.startswith("weights/"))
        arrays = {key.split(":", 1)[1]: tensors.pop(key) for key in entries}
        # left's and right's entries trade places in the list
        swapped = {name: name.replace("/left/", "/right/") for name in arrays if "/left/" in name}
        swapped.update({right: left for left, right in swapped.items()})
        names = [swapped.get(name, name) for name in arrays]
        tensors.update({f"weights/{index:03d}:{name}": arrays[name] for index, name in enumerate(names)})

    _rewrite(path, swap_branches)
    loaded = load_model(path)
    for ours, theirs in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(ours, theirs)
