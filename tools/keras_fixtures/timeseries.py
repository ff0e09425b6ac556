"""Record Keras 3's ``timeseries_dataset_from_array``: every batch of a set of argument cases.

Run in the Keras venv (Keras 3 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/timeseries.py
Writes tests/fixtures/timeseries/windows.npz: a JSON ``cases`` (each case's arguments; the data
is ``np.arange(steps * 2).reshape(steps, 2)`` in float64 and the targets ``np.arange(steps) * 10``,
or None) and, per case, ``<case>_x<batch>`` and ``<case>_y<batch>`` for each batch in order, and
``<case>_batches``. Shuffled cases are read for their windows, not their order (TensorFlow's
shuffle buffer draws from TensorFlow's own generator).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "timeseries"

CASES = {
    "plain": {"steps": 20, "sequence_length": 4, "batch_size": 5},
    "keras_example_1": {"steps": 99, "sequence_length": 10, "sampling_rate": 2, "sequence_stride": 3},
    "strided_rated_indexed": {
        "steps": 60,
        "sequence_length": 5,
        "sequence_stride": 4,
        "sampling_rate": 3,
        "batch_size": 3,
        "start_index": 7,
        "end_index": 50,
    },
    "no_targets": {"steps": 30, "sequence_length": 6, "batch_size": 4, "targets": False},
    "unbatched": {"steps": 12, "sequence_length": 3, "batch_size": None, "sequence_stride": 2},
    "short_targets": {"steps": 40, "sequence_length": 5, "batch_size": 8, "target_steps": 20},
    "shuffled": {"steps": 50, "sequence_length": 4, "batch_size": 6, "shuffle": True, "seed": 3},
    "weather_like": {"steps": 300, "sequence_length": 20, "sampling_rate": 6, "batch_size": 32},
}


def arguments(case: dict) -> tuple[np.ndarray, np.ndarray | None, dict]:
    """The data, targets and keyword arguments of a case (shared with the test)."""
    steps = case["steps"]
    data = np.arange(steps * 2, dtype=np.float64).reshape(steps, 2)
    targets = None if case.get("targets") is False else np.arange(case.get("target_steps", steps)) * 10
    options = {key: value for key, value in case.items() if key not in ("steps", "targets", "target_steps")}
    return data, targets, options


def main() -> None:
    import keras

    OUT.mkdir(parents=True, exist_ok=True)
    arrays = {"cases": json.dumps(CASES)}
    for name, case in CASES.items():
        data, targets, options = arguments(case)
        dataset = keras.utils.timeseries_dataset_from_array(data, targets, **options)
        count = 0
        for element in dataset:
            x, y = (element, None) if targets is None else element
            arrays[f"{name}_x{count}"] = np.asarray(x)
            if y is not None:
                arrays[f"{name}_y{count}"] = np.asarray(y)
            count += 1
        arrays[f"{name}_batches"] = np.int64(count)
        print(f"{name}: {count} batches")
    np.savez_compressed(OUT / "windows.npz", **arrays)


if __name__ == "__main__":
    main()
