"""``keras.utils.PyDataset`` / ``Sequence``: read by fit, evaluate and predict as Keras 3 reads it
(the batch order, drawn from Python's ``random``, and the hooks: tests/fixtures/py_dataset, made by
tools/keras_fixtures/py_dataset.py), with the same training."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn.utils import PyDataset, Sequence

RECORDED = np.load(Path(__file__).parents[1] / "fixtures" / "py_dataset" / "run.npz")
CASES = json.loads(str(RECORDED["cases"]))
X, Y = RECORDED["x"], RECORDED["y"]
BATCH = 4


class Batches(Sequence):
    def __init__(self, events: list, **kwargs) -> None:
        super().__init__(**kwargs)
        self.events = events

    def __len__(self) -> int:
        return int(np.ceil(len(X) / BATCH))

    def __getitem__(self, index: int):
        self.events.append(index)
        return [
            X[index * BATCH : (index + 1) * BATCH],
            Y[index * BATCH : (index + 1) * BATCH],
        ]  # a list: Keras takes it

    def on_epoch_begin(self) -> None:
        self.events.append("begin")

    def on_epoch_end(self) -> None:
        self.events.append("end")


def _model() -> keras.Sequential:
    model = keras.Sequential([keras.Input((5, 2)), keras.layers.GRU(3), keras.layers.Dense(1)])
    model.set_weights([RECORDED[f"w{i}"] for i in range(5)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    return model


@pytest.mark.parametrize("name", sorted(CASES))
def test_fit_reads_it_as_keras_does(name: str) -> None:
    model, events = _model(), []
    random.seed(0)
    history = model.fit(Batches(events), epochs=3, verbose=0, **CASES[name])
    assert events == json.loads(str(RECORDED[f"{name}_events"]))
    np.testing.assert_allclose(history.history["loss"], RECORDED[f"{name}_loss"], rtol=1e-5)
    for i, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, RECORDED[f"{name}_after{i}"], rtol=1e-5, atol=1e-6)


def test_evaluate_and_predict_read_it_in_order() -> None:
    model, events = _model(), []
    loss = model.evaluate(Batches(events), verbose=0)
    assert events == ["begin", 0, 1, 2, 3, 4, 5, "end"]
    assert loss == pytest.approx(model.evaluate(X, Y, batch_size=BATCH, verbose=0), rel=1e-6)
    events.clear()
    outputs = model.predict(Batches(events), verbose=0)
    assert events == ["begin", 0, 1, 2, 3, 4, 5, "end"]
    np.testing.assert_allclose(outputs, model.predict(X, verbose=0), rtol=1e-6, atol=1e-7)


def test_a_stateful_model_keeps_the_order() -> None:
    model = keras.Sequential(
        [keras.Input(batch_shape=(2, 5, 2)), keras.layers.GRU(3, stateful=True), keras.layers.Dense(1)]
    )
    model.compile(optimizer="sgd", loss="mse")

    class Pairs(PyDataset):
        def __init__(self, events: list) -> None:
            super().__init__()
            self.events = events

        def __len__(self) -> int:
            return 5

        def __getitem__(self, index: int):
            self.events.append(index)
            return X[2 * index : 2 * index + 2], Y[2 * index : 2 * index + 2]

    events: list = []
    model.fit(Pairs(events), epochs=2, verbose=0)
    assert events == [0, 1, 2, 3, 4] * 2
    with pytest.raises(ValueError, match=r"fit\(shuffle=True\) would break a stateful model's sequences"):
        model.fit(Pairs(events), epochs=1, verbose=0, shuffle=True)


def test_an_endless_dataset_and_the_errors() -> None:
    class Endless(PyDataset):
        num_batches = None

        def __getitem__(self, index: int):
            return X[:BATCH], Y[:BATCH]

    history = _model().fit(Endless(), epochs=2, steps_per_epoch=3, verbose=0)
    assert len(history.history["loss"]) == 2

    class Nothing(PyDataset):
        pass

    with pytest.raises(NotImplementedError, match=r"Nothing must define __len__ or the num_batches property"):
        _model().fit(Nothing(), verbose=0)

    class Inputs(PyDataset):
        def __len__(self) -> int:
            return 1

        def __getitem__(self, index: int):
            return X[:BATCH]

    with pytest.raises(ValueError, match=r"y has no target for output '.*', which has a loss"):
        _model().fit(Inputs(), verbose=0)  # inputs alone, as Keras reads them: no target for "mse"
    assert _model().predict(Inputs(), verbose=0).shape == (BATCH, 1)  # inputs alone: fine to predict


def test_keras_names_and_settings() -> None:
    assert keras.utils.Sequence is keras.utils.PyDataset
    batches = Batches([], workers=4, use_multiprocessing=True, max_queue_size=3)
    assert (batches.workers, batches.use_multiprocessing, batches.max_queue_size) == (4, True, 3)
