"""Record Keras models as ``model.to_json()`` writes them (Keras 3 and tf-keras), with weights
and outputs, for ``statefulrnn.models.model_from_json``.

Run in the Keras venv (Keras 3.15.1 and tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/model_json.py
Writes tests/fixtures/model_json/<version>.json (the JSON), <version>.npz (the weights ``w0``...
in Keras order, an input ``x`` and the model's output ``y``), for ``keras3`` and ``tf_keras``:
a stateful LSTM with hard_sigmoid gates (whose meaning differs between the two), a Dense head.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "model_json"


def main() -> None:
    import keras
    import tf_keras

    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 6, 3)).astype(np.float32)
    OUT.mkdir(parents=True, exist_ok=True)
    for label, module in (("keras3", keras), ("tf_keras", tf_keras)):
        first = (
            module.Input(batch_shape=(2, None, 3))
            if label == "keras3"
            else module.layers.InputLayer(batch_input_shape=(2, None, 3))
        )
        model = module.Sequential(
            [
                first,
                module.layers.LSTM(
                    4, stateful=True, return_sequences=True, recurrent_activation="hard_sigmoid"
                ),
                module.layers.Dense(2, activation="tanh"),
            ]
        )
        weights = [rng.uniform(-1.0, 1.0, size=w.shape).astype(np.float32) for w in model.get_weights()]
        model.set_weights(weights)
        (OUT / f"{label}.json").write_text(model.to_json())
        y = np.asarray(model(x))
        np.savez_compressed(OUT / f"{label}.npz", x=x, y=y, **{f"w{i}": w for i, w in enumerate(weights)})
        print(label, y.shape)


if __name__ == "__main__":
    main()
