"""Record how Keras 3 reads a ``PyDataset`` (``keras.utils.Sequence``): which batches it asks
for and when it calls the dataset's hooks, and what training on it gives.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/py_dataset.py
Writes tests/fixtures/py_dataset/run.npz: the data ``x``, ``y``, the initial ``w<i>`` of a
GRU(3) + Dense(1) model (Adam(0.01), mse), and per case of ``CASES`` (fit's arguments; Python's
``random`` seeded with 0 before each fit) ``<case>_events`` (JSON: ``"begin"``, ``"end"`` and the
batch indices read, in order, from the first ``on_epoch_begin`` on: Keras reads batch 0 once
before, to learn the batches' shapes), ``<case>_loss`` (the history) and ``<case>_after<i>``.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "py_dataset"
CASES = {"shuffled": {}, "in_order": {"shuffle": False}}
BATCH = 4


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(22, 5, 2)).astype(np.float32)
    return x, x.sum(axis=(1, 2))[:, None] * 0.1


def main() -> None:
    import keras

    x, y = data()

    class Batches(keras.utils.PyDataset):
        def __init__(self, events: list, **kwargs):
            super().__init__(**kwargs)
            self.events = events

        def __len__(self):
            return int(np.ceil(len(x) / BATCH))

        def __getitem__(self, index):
            self.events.append(int(index))
            return x[index * BATCH : (index + 1) * BATCH], y[index * BATCH : (index + 1) * BATCH]

        def on_epoch_begin(self):
            self.events.append("begin")

        def on_epoch_end(self):
            self.events.append("end")

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((5, 2)), keras.layers.GRU(3), keras.layers.Dense(1)])
    start = model.get_weights()
    arrays = {"x": x, "y": y, **{f"w{i}": w for i, w in enumerate(start)}}
    for name, arguments in CASES.items():
        model.set_weights(start)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
        events: list = []
        random.seed(0)
        history = model.fit(Batches(events), epochs=3, verbose=0, **arguments)
        first = events.index("begin")
        arrays[f"{name}_events"] = json.dumps(events[first:])
        arrays[f"{name}_loss"] = np.array(history.history["loss"])
        arrays.update({f"{name}_after{i}": w for i, w in enumerate(model.get_weights())})
        print(name, events)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "run.npz", cases=json.dumps(CASES), **arrays)


if __name__ == "__main__":
    main()
