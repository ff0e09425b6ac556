"""A ``tf.data.Dataset`` given to ``fit``, ``evaluate`` and ``predict`` gives Keras 3's numbers.

TensorFlow lives in the Keras venv only, so this runs there: one script builds the same model on
Keras 3 (TensorFlow backend) and on statefulrnn (this checkout's, found through PYTHONPATH),
feeds each its own copy of the same seeded ``tf.data`` pipeline (a shuffle, batches of 4 from 10
rows, a ``repeat()`` cut by ``steps_per_epoch``, a dataset of
inputs alone for ``predict``, a dict of named inputs with sample weights) and prints the largest
difference of every history, evaluation, prediction and weight.

The shuffle does not reshuffle each pass: Keras 3 makes an iterator it never reads at the end of
each epoch (and, on its PyTorch backend, one more before the first), each drawing the next
order of a reshuffling dataset, so there its epochs see other orders than here
(`statefulrnn.data.tf_datasets`).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from tests.keras_python import needs_keras, run_in_keras

SCRIPT = r"""
import numpy as np
import tensorflow as tf
import keras
import statefulrnn

rng = np.random.default_rng(0)
x = rng.normal(size=(10, 5, 3)).astype("float32")
side = rng.normal(size=(10, 2)).astype("float32")
y = rng.normal(size=(10, 1)).astype("float32")
weight = rng.uniform(0.5, 1.5, size=(10,)).astype("float32")


def model(k):
    series = k.Input((5, 3), name="series")
    extra = k.Input((2,), name="extra")
    level = k.layers.GRU(4, name="gru")(series)
    joined = k.layers.concatenate([level, extra], name="joined")
    built = k.Model([series, extra], k.layers.Dense(1, name="out")(joined))
    built.compile(optimizer=k.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    return built


def pipeline():
    inputs = {"series": x, "extra": side}
    rows = tf.data.Dataset.from_tensor_slices((inputs, y, weight))
    return rows.shuffle(10, seed=3, reshuffle_each_iteration=False).batch(4)


def run(k):
    tf.random.set_seed(7)  # each run meets the same shuffles
    built = model(k)
    built.set_weights(starting)
    first = built.fit(pipeline(), epochs=2, validation_data=pipeline(), verbose=0).history
    second = built.fit(pipeline().repeat(), epochs=2, steps_per_epoch=3, verbose=0).history
    evaluated = built.evaluate(pipeline(), verbose=0)
    inputs_only = tf.data.Dataset.from_tensor_slices({"series": x, "extra": side}).batch(3)
    predicted = built.predict(inputs_only, verbose=0)
    histories = [np.array(history[key]) for history in (first, second) for key in sorted(history)]
    return [*histories, np.array(evaluated), predicted, *built.get_weights()]


starting = [w.astype("float32") for w in model(keras).get_weights()]
ours, theirs = run(statefulrnn), run(keras)
assert len(ours) == len(theirs), (len(ours), len(theirs))
print("DIFF", max(float(np.max(np.abs(a - b))) for a, b in zip(ours, theirs)))
print("SIZE", min(float(np.max(np.abs(b))) for b in theirs))
"""


@needs_keras
def test_fit_evaluate_and_predict_on_a_tf_data_pipeline_give_keras_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Path(statefulrnn.__file__).resolve().parents[1]  # the statefulrnn this test imports
    paths = [str(source), os.environ.get("PYTHONPATH")]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, paths)))
    output = run_in_keras(tmp_path, SCRIPT)
    assert float(output.split("SIZE")[-1].split()[0]) > 0  # every compared number is a real one
    assert float(output.split("DIFF")[-1].split()[0]) < 1e-5, output


class _DatasetStandIn:
    """What `statefulrnn.data.tf_datasets` reads of a ``tf.data.Dataset`` (``as_numpy_iterator``,
    ``cardinality``), on a class of TensorFlow's module: TensorFlow is not installed with the
    tests (the Keras venv's real datasets: the test above). ``repeat`` cycles the batches
    forever, with TensorFlow's cardinality for that, -1."""

    __module__ = "tensorflow.python.data.ops.batch_op"

    def __init__(self, batches: list[tuple[np.ndarray, np.ndarray]], repeat: bool = False) -> None:
        self.batches, self.repeat, self.passes = batches, repeat, 0

    def as_numpy_iterator(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        self.passes += 1
        return itertools.cycle(self.batches) if self.repeat else iter(self.batches)

    def cardinality(self) -> np.int64:
        return np.int64(-1 if self.repeat else len(self.batches))


def _batches() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(1)
    return [
        (rng.normal(size=(4, 3)).astype("float32"), rng.normal(size=(4, 1)).astype("float32"))
        for _ in range(3)
    ]


def _model() -> statefulrnn.Sequential:
    torch.manual_seed(0)
    model = statefulrnn.Sequential([statefulrnn.layers.Dense(1, input_shape=(3,), name="tfds_dense")])
    model.compile(optimizer=statefulrnn.optimizers.SGD(0.1), loss="mse")
    return model


def test_a_dataset_trains_as_its_batches_do_one_pass_an_epoch_in_its_own_order() -> None:
    dataset, by_list = _DatasetStandIn(_batches()), _model()
    model = _model()
    history = model.fit(
        dataset, epochs=2, shuffle=True, validation_data=_DatasetStandIn(_batches()), verbose=0
    )
    expected = by_list.fit(_batches(), epochs=2, validation_data=_batches(), verbose=0)
    assert dataset.passes == 2 and history.history == pytest.approx(expected.history)
    for ours, theirs in zip(model.get_weights(), by_list.get_weights(), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert model.evaluate(_DatasetStandIn(_batches()), verbose=0) == pytest.approx(
        by_list.evaluate(_batches(), verbose=0)
    )
    inputs_only = _DatasetStandIn([x for x, _ in _batches()])
    np.testing.assert_array_equal(
        model.predict(inputs_only, verbose=0),
        by_list.predict(np.concatenate([x for x, _ in _batches()]), verbose=0),
    )


def test_a_repeated_dataset_runs_on_across_epochs_of_steps_per_epoch() -> None:
    dataset, by_list = _DatasetStandIn(_batches(), repeat=True), _model()
    model = _model()
    model.fit(dataset, epochs=2, steps_per_epoch=2, verbose=0)  # batches 0, 1 | 2, 0
    by_list.fit(_batches() + _batches()[:1], epochs=1, verbose=0)
    assert dataset.passes == 1
    for ours, theirs in zip(model.get_weights(), by_list.get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6)
