"""Record the moving statistics a ``BatchNormalization`` keeps after one training step, in tf-keras
2.21 and Keras 3.15: tf-keras runs inputs of rank 4 and 5 through TensorFlow's fused batch norm,
whose batch variance carries Bessel's correction (``n / (n - 1)``), into ``moving_variance``;
its other ranks, and Keras 3 at every rank, average the biased variance.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/batch_norm_variance.py
Writes tests/fixtures/batch_norm_variance/values.npz: the input ``x`` ``(6, 8, 2)`` and per
rules (``tf_keras``, ``keras3``; tf-keras's own ``fused=False`` only there) and case
``<rules>_<case>_moving_mean``, ``_moving_variance`` and the inference output ``_y`` after one
``train_on_batch`` (SGD, MSE against zeros).
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "batch_norm_variance"
# case -> (the input's shape after the batch axis, the layer's arguments)
CASES = {
    "rank2": ((16,), {}),
    "rank3": ((8, 2), {}),
    "rank4": ((4, 2, 2), {}),
    "rank4_channels_first": ((2, 4, 2), {"axis": 1}),
    "rank4_middle_axis": ((4, 2, 2), {"axis": 2}),
    "rank5": ((2, 2, 2, 2), {}),
    "rank4_not_fused": ((4, 2, 2), {"fused": False}),  # tf-keras's argument: recorded there only
}
TF_KERAS_ONLY = ("rank4_not_fused",)


def data() -> np.ndarray:
    return (np.random.RandomState(0).randn(6, 8, 2) * 3 + 1).astype("float32")


def trained(keras: ModuleType, case: str) -> dict[str, np.ndarray]:
    """One training step of a model of one BatchNormalization on ``data()`` shaped for ``case``:
    its moving statistics and its inference output then."""
    shape, arguments = CASES[case]
    x = data().reshape(6, *shape)
    inputs = keras.Input(shape)
    model = keras.Model(inputs, keras.layers.BatchNormalization(**arguments)(inputs))
    model.compile(optimizer="sgd", loss="mse")
    model.train_on_batch(x, np.zeros_like(x))
    weights = model.get_weights()
    outputs = np.asarray(model.predict(x, verbose=0))
    return {"moving_mean": weights[2], "moving_variance": weights[3], "y": outputs}


def main() -> None:
    import keras as keras3
    import tf_keras

    arrays = {"x": data()}
    for rules, keras in (("tf_keras", tf_keras), ("keras3", keras3)):
        for case in (case for case in CASES if rules == "tf_keras" or case not in TF_KERAS_ONLY):
            arrays.update({f"{rules}_{case}_{key}": value for key, value in trained(keras, case).items()})
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "values.npz", **arrays)
    for case in CASES:
        print(case, arrays[f"tf_keras_{case}_moving_variance"], arrays.get(f"keras3_{case}_moving_variance"))


if __name__ == "__main__":
    main()
