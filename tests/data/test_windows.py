"""``timeseries_dataset_from_array``: Keras's windows (tests/fixtures/timeseries, made by
tools/keras_fixtures/timeseries.py with Keras 3), the dataset's interface, its errors, and
training on it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import LSTM, Dense, Sequential
from statefulrnn.data.windows import WindowDataset, timeseries_dataset_from_array

FIXTURES = Path(__file__).parents[1] / "fixtures" / "timeseries" / "windows.npz"
_TOOL = Path(__file__).parents[2] / "tools" / "keras_fixtures" / "timeseries.py"
_spec = importlib.util.spec_from_file_location("timeseries_fixture_tool", _TOOL)
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)  # the cases' data and arguments, as the fixture was made

RECORDED = np.load(FIXTURES)
CASES = json.loads(str(RECORDED["cases"]))


def _recorded(name: str) -> list[tuple[np.ndarray, np.ndarray | None]]:
    return [
        (RECORDED[f"{name}_x{i}"], RECORDED[f"{name}_y{i}"] if f"{name}_y{i}" in RECORDED else None)
        for i in range(int(RECORDED[f"{name}_batches"]))
    ]


def _ours(name: str) -> list[tuple[np.ndarray, np.ndarray | None]]:
    data, targets, options = tool.arguments(CASES[name])
    dataset = timeseries_dataset_from_array(data, targets, **options)
    return [(e.numpy(), None) if targets is None else (e[0].numpy(), e[1].numpy()) for e in dataset]


def test_the_fixture_covers_the_cases_of_its_tool() -> None:
    assert CASES == tool.CASES


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if not case.get("shuffle")])
def test_batches_equal_keras(name: str) -> None:
    expected, got = _recorded(name), _ours(name)
    assert len(got) == len(expected)
    for (x, y), (want_x, want_y) in zip(got, expected):
        assert x.dtype == want_x.dtype and np.array_equal(x, want_x)
        assert (y is None) == (want_y is None)
        if y is not None:
            assert y.dtype == want_y.dtype and np.array_equal(y, want_y)


def _pairs(batches: list[tuple[np.ndarray, np.ndarray | None]]) -> list[tuple]:
    return sorted((tuple(x.ravel()), int(y)) for xs, ys in batches for x, y in zip(xs, ys))


def test_a_shuffled_dataset_has_keras_windows_in_batches_of_its_size() -> None:
    # TensorFlow's shuffle buffer draws from its own generator: the windows and the batch
    # sizes are Keras's, the order is not
    expected, got = _recorded("shuffled"), _ours("shuffled")
    assert [len(x) for x, _ in got] == [len(x) for x, _ in expected]
    assert _pairs(got) == _pairs(expected)
    firsts = [float(window[0, 0]) for x, _ in got for window in x]
    assert firsts != sorted(firsts)  # shuffled


def test_each_pass_of_a_shuffled_dataset_has_a_new_order_and_a_seed_repeats_them() -> None:
    data = np.arange(40.0)

    def passes(seed: int | None) -> list[list[float]]:
        dataset = timeseries_dataset_from_array(data, None, 3, batch_size=4, shuffle=True, seed=seed)
        return [[float(x[0]) for batch in dataset for x in batch] for _ in range(3)]

    first = passes(5)
    assert first == passes(5) and first != passes(6)
    assert first[0] != first[1] != first[2] and sorted(first[0]) == sorted(first[1]) == list(np.arange(38.0))
    np.random.seed(1)
    unseeded = passes(None)
    np.random.seed(1)
    assert passes(None) == unseeded  # as Keras: its seed is drawn from numpy's global generator


def test_len_take_and_numpy_iterator() -> None:
    dataset = timeseries_dataset_from_array(np.arange(20), np.arange(20) * 10, 4, batch_size=5)
    assert len(dataset) == 4 and len(list(dataset)) == 4
    first = dataset.take(1)
    assert isinstance(first, WindowDataset) and len(first) == 1
    ((inputs, targets),) = list(first)
    assert inputs.numpy().shape == (5, 4) and targets.numpy().tolist() == [0, 10, 20, 30, 40]
    assert len(dataset.take(-1)) == 4 and len(dataset.take(10)) == 4 and list(dataset.take(0)) == []
    x, y = next(dataset.as_numpy_iterator())
    assert type(x) is np.ndarray and type(y) is np.ndarray and np.array_equal(x, inputs.numpy())
    alone = timeseries_dataset_from_array(np.arange(20), None, 4, batch_size=None)
    assert len(alone) == 17 and next(alone.as_numpy_iterator()).tolist() == [0, 1, 2, 3]
    with pytest.raises(ValueError, match=r"take needs a count of batches >= 0, or -1 for all. Received: -2"):
        dataset.take(-2)


def test_inputs_it_takes() -> None:
    expected = [e.tolist() for e in timeseries_dataset_from_array(np.arange(12.0), None, 3, batch_size=4)]
    others = (list(np.arange(12.0)), torch.arange(12.0, dtype=torch.float64), np.arange(12.0).astype(">f8"))
    for given in others:
        got = [e.tolist() for e in timeseries_dataset_from_array(given, None, 3, batch_size=4)]
        assert got == expected
    whole = [e.tolist() for e in timeseries_dataset_from_array(np.arange(12.0), None, 3, end_index=12)]
    assert whole == [e.tolist() for e in timeseries_dataset_from_array(np.arange(12.0), None, 3)]


_START = r"`start_index` must be 0 or greater and lower than the length of the data. Received: "
_END = r"`end_index` must be higher than `start_index` and at most the length of the data. Received: "
_POSITIVE = r"must be a positive integer. Received: "


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"start_index": -1}, _START + r"start_index=-1, for data of length 20"),
        ({"start_index": 20}, _START + r"start_index=20, for data of length 20"),
        ({"start_index": 5, "end_index": 5}, _END + r"start_index=5, end_index=5, for data of length 20"),
        ({"end_index": 21}, _END + r"start_index=None, end_index=21, for data of length 20"),
        ({"end_index": 0}, _END + r"start_index=None, end_index=0"),
        ({"sampling_rate": 0}, r"`sampling_rate` " + _POSITIVE + r"sampling_rate=0"),
        (
            {"sampling_rate": 20},
            r"`sampling_rate` must be lower than the length of the data. Received: sampling_rate=20",
        ),
        ({"sequence_stride": 25}, r"`sequence_stride` must be lower than the length of the data"),
        ({"sequence_stride": 1.5}, r"`sequence_stride` " + _POSITIVE + r"sequence_stride=1.5"),
        ({"sequence_length": 0}, r"`sequence_length` " + _POSITIVE + r"sequence_length=0"),
        ({"batch_size": 0}, r"`batch_size` " + _POSITIVE + r"batch_size=0"),
        ({"start_index": "3"}, r"`start_index` must be an integer or None. Received: start_index='3'"),
    ],
)
def test_errors(options: dict, message: str) -> None:
    settings = {"sequence_length": 4, **options}
    with pytest.raises(ValueError, match=message):
        timeseries_dataset_from_array(np.arange(20.0), None, **settings)


def test_errors_on_the_arrays() -> None:
    numbers = r"must be an array of numbers whose axis 0 is time. Received: "
    with pytest.raises(ValueError, match=r"`data` " + numbers + r"a scalar 3"):
        timeseries_dataset_from_array(3, None, 1)
    with pytest.raises(ValueError, match=r"`targets` " + numbers + r"an array of dtype <U1"):
        timeseries_dataset_from_array(np.arange(5.0), list("abcde"), 2)
    # Keras counts windows by len(targets) but reads them from start_index on, and fails when read
    short = r"`targets` holds 10 entries, but the window starting at step 14 needs targets\[14\]"
    with pytest.raises(ValueError, match=short):
        timeseries_dataset_from_array(np.arange(40.0), np.arange(10), 4, start_index=5)


def test_fit_evaluate_and_predict_read_it_as_its_batches() -> None:
    rng = np.random.default_rng(0)
    series = rng.normal(size=(60, 3))
    dataset = timeseries_dataset_from_array(series, series[:, :1] * 2, 6, sampling_rate=2, batch_size=16)
    batches = [(x.numpy(), y.numpy()) for x, y in dataset]

    def trained(data):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((6, 3)), keras.layers.LSTM(3), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        history = model.fit(data, epochs=2, verbose=0, validation_data=data)
        return model, history.history

    model, history = trained(dataset)
    same_model, same_history = trained(batches)
    assert history == same_history
    for a, b in zip(model.get_weights(), same_model.get_weights()):
        np.testing.assert_array_equal(a, b)
    outputs = model.predict(dataset, verbose=0)
    assert outputs.shape == (sum(len(x) for x, _ in batches), 1)
    whole = model.predict(np.concatenate([x for x, _ in batches]), verbose=0)
    np.testing.assert_allclose(outputs, whole, atol=1e-6)
    assert model.evaluate(dataset, verbose=0) == pytest.approx(history["val_loss"][-1], rel=1e-6)


def test_batches_take_numpy_functions_and_numpy_as_tensorflow_batches_do() -> None:
    # Deep Learning with Python's baseline: np.sum(np.abs(preds - targets)) over dataset batches.
    series = np.arange(30.0, dtype=np.float32).reshape(15, 2)
    dataset = timeseries_dataset_from_array(series, series[:, 0], 3, batch_size=4)
    total = sum(np.sum(np.abs(inputs[:, -1, 0] - targets)) for inputs, targets in dataset)
    assert total == pytest.approx(sum(abs(series[t + 2, 0] - series[t, 0]) for t in range(13)))
    inputs, _ = next(iter(dataset))
    assert type(inputs.numpy()) is np.ndarray and inputs.shape == (4, 3, 2) and inputs.dtype == np.float32
    model = Sequential([LSTM(2), Dense(1)])
    assert tuple(model(inputs).shape) == (4, 1)  # a model takes a batch as any array
