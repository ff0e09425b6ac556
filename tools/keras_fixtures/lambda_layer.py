"""Save Keras models holding a ``Lambda`` layer, for the test that statefulrnn refuses to load
them (their function is Python bytecode, which statefulrnn never runs).

Run in the Keras venv (Keras 3.15.1 and tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/lambda_layer.py
Writes tests/fixtures/lambda_layer/lambda.keras (Keras 3) and lambda_tf_keras.h5 (tf-keras):
``Input((4, 3))``, ``LSTM(2, return_sequences=True)``, ``Lambda(lambda x: x * 100.0)``; and
outputs.npz: an input ``x`` and each file's model's outputs for it, ``lambda.keras`` and
``lambda_tf_keras.h5`` (what its weights give in a model built in code).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "lambda_layer"


def main() -> None:
    import keras
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    x = np.random.default_rng(0).normal(size=(2, 4, 3)).astype(np.float32)
    outputs = {"x": x}
    for module, name in ((keras, "lambda.keras"), (tf_keras, "lambda_tf_keras.h5")):
        model = module.Sequential(
            [
                module.Input((4, 3)),
                module.layers.LSTM(2, return_sequences=True),
                module.layers.Lambda(lambda x: x * 100.0),
            ]
        )
        model.save(OUT / name)
        outputs[name] = np.asarray(model.predict(x, verbose=0))
        print(f"{name}: {module.__version__}")
    np.savez_compressed(OUT / "outputs.npz", **outputs)


if __name__ == "__main__":
    main()
