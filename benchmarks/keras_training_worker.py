"""Keras 3 (TensorFlow backend) side of ``bench_training.py``; runs in the Keras virtual env.

Reads a JSON list of configurations on stdin, trains a stateful LSTM on each the way a Keras
user does truncated BPTT (``reset_state()``, then ``train_on_batch`` on consecutive chunks),
and prints ``{"keras": version, "tensorflow": version, "seconds": [[pass times], ...]}``.
Not part of the library: it is started by ``bench_training.py`` with the Keras env's python.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import tensorflow as tf


def pass_seconds(config: dict, x: np.ndarray, y: np.ndarray) -> list[float]:
    batch, units, chunk = config["batch"], config["units"], config["chunk"]
    keras.utils.set_random_seed(0)
    inputs = keras.Input(batch_shape=(batch, None, x.shape[2]))
    lstm = keras.layers.LSTM(units, stateful=True, return_sequences=True)
    hidden = lstm(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    model.compile(optimizer="adam", loss="mse")

    def one_pass() -> float:
        start = time.perf_counter()
        lstm.reset_state()  # Keras 3 models have no reset_states(); the layer has reset_state()
        for t in range(0, x.shape[1], chunk):
            model.train_on_batch(x[:, t : t + chunk], y[:, t : t + chunk])
        return time.perf_counter() - start

    one_pass()  # warm-up: traces the train function
    return [one_pass() for _ in range(config["repeats"])]


def main() -> None:
    configs = json.load(sys.stdin)
    seconds = []
    for config in configs:
        rng = np.random.default_rng(0)
        x = rng.normal(size=(config["batch"], config["steps"], config["features"])).astype(np.float32)
        y = rng.normal(size=(config["batch"], config["steps"], 1)).astype(np.float32)
        seconds.append(pass_seconds(config, x, y))
    print(json.dumps({"keras": keras.__version__, "tensorflow": tf.__version__, "seconds": seconds}))


if __name__ == "__main__":
    main()
