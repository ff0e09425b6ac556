"""Record tf-keras's ``TimeseriesGenerator`` (Keras 2's ``keras.preprocessing.sequence``; Keras 3
dropped it): every batch of each case.

Run in the Keras venv (tf-keras 2.21):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/timeseries_generator.py
Writes tests/fixtures/timeseries_generator/values.npz: the series ``data`` ``(40, 2)`` and
``targets`` ``(40,)``, a JSON ``cases`` (each case's arguments, and its ``batches`` count) and
per case ``<case>_<i>_x`` and ``<case>_<i>_y`` for batch ``i``; the shuffled case draws with
``np.random.seed(0)`` set just before.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "timeseries_generator"
CASES = {
    "plain": {"length": 5, "batch_size": 8},
    "sampled_strided": {"length": 6, "sampling_rate": 2, "stride": 3, "batch_size": 4},
    "bounded": {"length": 4, "start_index": 3, "end_index": 30, "batch_size": 5},
    "reversed": {"length": 3, "reverse": True, "batch_size": 16},
    "one_per_batch": {"length": 10, "batch_size": 1, "stride": 7},
    "shuffled": {"length": 5, "shuffle": True, "batch_size": 6},
}


def main() -> None:
    from tf_keras.preprocessing.sequence import TimeseriesGenerator

    rng = np.random.default_rng(0)
    data = rng.normal(size=(40, 2)).astype(np.float32)
    targets = rng.normal(size=40).astype(np.float32)
    arrays: dict[str, object] = {"data": data, "targets": targets}
    recorded = {}
    for name, arguments in CASES.items():
        np.random.seed(0)
        batches = TimeseriesGenerator(data, targets, **arguments)
        recorded[name] = {"arguments": arguments, "batches": len(batches)}
        for index in range(len(batches)):
            x, y = batches[index]
            arrays.update({f"{name}_{index}_x": x, f"{name}_{index}_y": y})
    arrays["cases"] = json.dumps(recorded)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "values.npz", **arrays)
    print({name: case["batches"] for name, case in recorded.items()})


if __name__ == "__main__":
    main()
