"""Record Keras 3's ``PReLU``: outputs for each case, and training through it.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/prelu.py
Writes tests/fixtures/prelu/:
- ``layers.npz``: a JSON ``cases`` (each case's arguments and input shape) and, per case, the
  input ``<case>_x``, the slopes ``<case>_alpha`` (drawn, then set) and the output ``<case>_y``;
- ``training.npz``: ``Sequential([Input((5, 3)), Dense(4), PReLU(shared_axes=[1],
  alpha_regularizer=L2(0.1), alpha_constraint=NonNeg()), GRU(2), Dense(1)])`` with SGD(0.5) and
  mse: the starting weights ``w<i>``, the data ``x``, ``y``, the loss of each of 3
  ``train_on_batch`` calls ``losses``, and the weights after them ``after<i>``;
- ``prelu.keras``: that trained model saved by Keras, and ``prelu_keras.npz``: its outputs
  ``y`` for ``x``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "prelu"

CASES = {
    "features": {"shape": [4, 6], "arguments": {}},
    "sequence_shared_time": {"shape": [2, 5, 3], "arguments": {"shared_axes": [1]}},
    "sequence_per_step": {"shape": [2, 5, 3], "arguments": {}},
    "shared_int_axis": {"shape": [2, 4, 3], "arguments": {"shared_axes": 2}},
    "all_shared": {"shape": [3, 4, 2], "arguments": {"shared_axes": [1, 2]}},
}


def main() -> None:
    import keras

    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    arrays = {"cases": json.dumps(CASES)}
    for name, case in CASES.items():
        x = rng.normal(size=case["shape"]).astype(np.float32)
        layer = keras.layers.PReLU(**case["arguments"])
        layer.build(x.shape)
        alpha = rng.normal(size=tuple(layer.alpha.shape)).astype(np.float32)
        layer.set_weights([alpha])
        arrays.update({f"{name}_x": x, f"{name}_alpha": alpha, f"{name}_y": np.asarray(layer(x))})
    np.savez_compressed(OUT / "layers.npz", **arrays)

    model = keras.Sequential([
        keras.Input((5, 3)),
        keras.layers.Dense(4),
        keras.layers.PReLU(
            shared_axes=[1], alpha_regularizer=keras.regularizers.L2(0.1),
            alpha_constraint=keras.constraints.NonNeg(), alpha_initializer=keras.initializers.Constant(0.3),
        ),
        keras.layers.GRU(2),
        keras.layers.Dense(1),
    ])  # fmt: skip
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="mse")
    start = model.get_weights()
    x = rng.normal(size=(6, 5, 3)).astype(np.float32)
    y = rng.normal(size=(6, 1)).astype(np.float32)
    losses = [float(model.train_on_batch(x, y)) for _ in range(3)]
    after = model.get_weights()
    np.savez_compressed(
        OUT / "training.npz", x=x, y=y, losses=np.array(losses),
        **{f"w{i}": w for i, w in enumerate(start)}, **{f"after{i}": w for i, w in enumerate(after)},
    )  # fmt: skip
    model.save(OUT / "prelu.keras")
    np.savez_compressed(OUT / "prelu_keras.npz", y=np.asarray(model.predict(x, verbose=0)))
    print(f"keras {keras.__version__}: {len(CASES)} cases, losses {losses}")


if __name__ == "__main__":
    main()
