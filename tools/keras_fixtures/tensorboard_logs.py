"""Record what Keras 3's ``TensorBoard`` callback logs for a small run: every summary's run
folder, tag, step and value (histograms: their total count).

Run in the Keras venv (Keras 3 on TensorFlow, CPU), with ``tensorboard`` installed there
(``pip install tensorboard==2.21.0``: TensorFlow's summaries need it to write; reading back does
not). The file is not named ``tensorboard.py``: Python puts the script's folder first on its
path, and that name would hide the package.
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/tensorboard_logs.py
Writes tests/fixtures/tensorboard/run.npz: the data ``x``, ``y``, ``x_val``, ``y_val``, the
model's initial ``weights_<i>`` (a GRU(3) into a Dense(1), SGD(0.05), mse and mae), and for
each case of ``CASES`` (TensorBoard's arguments), ``summaries_<case>``: JSON ``[run, tag, step,
value]`` rows in the order written, for ``fit(epochs=3, batch_size=4, validation_data,
callbacks=[TensorBoard(**case)])`` followed by ``evaluate(x_val, y_val, callbacks=[the same
callback])``, each case from the same initial weights.

Not recorded: an ``update_freq`` of more than one batch. Keras then drops the epoch summaries
(and histograms) of every epoch whose last batch count is not a multiple of it (its batch
writer's ``record_if`` condition stays in force at the epoch's end), which statefulrnn does not.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "tensorboard"


def data() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(10, 5, 2)).astype(np.float32)
    x_val = rng.normal(size=(6, 5, 2)).astype(np.float32)
    return {
        "x": x,
        "y": x.sum(axis=(1, 2))[:, None] * 0.1,
        "x_val": x_val,
        "y_val": x_val.sum(axis=(1, 2))[:, None] * 0.1,
    }


CASES = {"epoch": {"histogram_freq": 2}, "batch": {"update_freq": "batch", "histogram_freq": 1}}


def main() -> None:
    import keras

    arrays = data()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((5, 2)), keras.layers.GRU(3), keras.layers.Dense(1)])
    weights = model.get_weights()
    recorded = {}
    for name, case in CASES.items():
        model.set_weights(weights)
        model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
        recorded[f"summaries_{name}"] = json.dumps(summaries(keras, model, arrays, case))
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT / "run.npz", **recorded, **arrays, **{f"weights_{i}": w for i, w in enumerate(weights)}
    )
    for name, rows in recorded.items():
        print(name, rows)


def summaries(keras, model, arrays: dict[str, np.ndarray], case: dict) -> list[list]:
    import tensorflow as tf

    with tempfile.TemporaryDirectory() as logs:
        board = keras.callbacks.TensorBoard(logs, **case)
        model.fit(arrays["x"], arrays["y"], epochs=3, batch_size=4, verbose=0, shuffle=False,
                  validation_data=(arrays["x_val"], arrays["y_val"]), callbacks=[board])  # fmt: skip
        model.evaluate(arrays["x_val"], arrays["y_val"], batch_size=4, verbose=0, callbacks=[board])
        rows = []
        for run in ("train", "validation"):
            for path in sorted(glob.glob(os.path.join(logs, run, "events.out.tfevents.*"))):
                for event in tf.compat.v1.train.summary_iterator(path):
                    for value in event.summary.value:
                        tensor = tf.make_ndarray(value.tensor)
                        if tensor.dtype == object:  # the model's config (write_graph): its class
                            rows.append(
                                [run, value.tag, int(event.step), json.loads(tensor.item())["class_name"]]
                            )
                        elif value.metadata.plugin_data.plugin_name == "histograms":
                            rows.append([run, value.tag, int(event.step), float(tensor[:, 2].sum())])
                        else:
                            rows.append([run, value.tag, int(event.step), float(tensor)])
    return rows


if __name__ == "__main__":
    main()
