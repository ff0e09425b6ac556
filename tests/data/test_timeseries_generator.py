"""Keras 2's ``TimeseriesGenerator`` against tf-keras 2.21's, batch for batch
(tests/fixtures/timeseries_generator, made by tools/keras_fixtures/timeseries_generator.py), and
the LSTM forecasting loop tutorials write with it: fit on the generator, predict on it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn.preprocessing.sequence import TimeseriesGenerator

DATA = np.load(Path(__file__).parents[1] / "fixtures" / "timeseries_generator" / "values.npz")
CASES = json.loads(str(DATA["cases"]))


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_batch_equals_tf_keras(case: str) -> None:
    np.random.seed(0)  # the shuffled case draws from numpy's global generator, as tf-keras
    batches = TimeseriesGenerator(DATA["data"], DATA["targets"], **CASES[case]["arguments"])
    assert len(batches) == CASES[case]["batches"]
    for index in range(len(batches)):
        x, y = batches[index]
        np.testing.assert_array_equal(x, DATA[f"{case}_{index}_x"])
        np.testing.assert_array_equal(y, DATA[f"{case}_{index}_y"])


def test_a_tutorials_forecasting_loop_runs_on_it() -> None:
    series = np.sin(np.linspace(0, 12, 120)).astype(np.float32)[:, None]
    batches = TimeseriesGenerator(series, series, length=8, batch_size=16)
    model = keras.Sequential([keras.Input((8, 1)), keras.layers.LSTM(6), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(batches, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    predicted = model.predict(batches, verbose=0)
    assert predicted.shape == (120 - 8, 1)
    np.testing.assert_allclose(predicted[:16], model.predict(batches[0][0], verbose=0), rtol=1e-6)


def test_what_no_window_fits_is_refused() -> None:
    with pytest.raises(ValueError, match="Data and targets have to be of same length"):
        TimeseriesGenerator(np.zeros(5), np.zeros(4), length=2)
    with pytest.raises(ValueError, match=r"`start_index\+length=6 > end_index=4` is disallowed"):
        TimeseriesGenerator(np.zeros(5), np.zeros(5), length=6)
