"""Record Keras 3 running a program's own layer whose ``add_weight`` takes ``dtype``,
``regularizer`` and ``constraint`` (an int32 counter beside a regularized, constrained kernel),
and a GRU masked by a bool ``Input``, for tests/layers/test_add_weight_options.py, which runs
the same functions with statefulrnn as ``keras``.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/add_weight_options.py``.
Writes tests/fixtures/add_weight_options/recorded.json: ``model.losses``, the fit's losses, the
trained kernel, the counter and the weights' names; the masked GRU's weights, inputs and outputs,
and the model itself in masked.keras (its GRU's node holds mask= as the bool Input's tensor).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "add_weight_options" / "recorded.json"


def scaled(keras: ModuleType) -> dict[str, Any]:
    """A kernel with an L2 penalty kept non-negative, and a call counter, trained by SGD."""
    layers, regularizers, constraints, ops = keras.layers, keras.regularizers, keras.constraints, keras.ops

    class Scale(layers.Layer):
        def build(self, input_shape: tuple) -> None:
            self.w = self.add_weight(
                shape=(input_shape[-1], 2), initializer="ones", dtype="float32",
                regularizer=regularizers.L2(0.1), constraint=constraints.NonNeg(), name="w",
            )  # fmt: skip
            self.count = self.add_weight(
                shape=(), initializer="zeros", dtype="int32", trainable=False, name="count"
            )

        def call(self, x: Any) -> Any:
            self.count.assign_add(1)
            return ops.matmul(x, self.w)

    rng = np.random.default_rng(3)
    x = rng.normal(size=(8, 3)).astype("float32")
    y = -np.ones((8, 2), "float32")
    inputs = keras.Input((3,))
    layer = Scale()
    model = keras.Model(inputs, layer(inputs))
    losses = [float(loss.detach()) for loss in model.losses]
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
    history = model.fit(x, y, epochs=3, batch_size=4, verbose=0, shuffle=False)
    return {
        "losses": losses, "fit": history.history["loss"], "kernel": layer.w.numpy().tolist(),
        "count": int(layer.count.numpy()), "count_dtype": str(layer.count.dtype).removeprefix("torch."),
        "trainable": [w.name for w in layer.trainable_weights],
        "non_trainable": [w.name for w in layer.non_trainable_weights],
    }  # fmt: skip


def masked(keras: ModuleType, weights: list[Any] | None = None) -> dict[str, Any]:
    """A GRU masked by a bool Input (``weights``: the recorded ones, else its own)."""
    rng = np.random.default_rng(4)
    features = keras.Input((4, 3))
    mask = keras.Input((4,), dtype="bool")
    model = keras.Model([features, mask], keras.layers.GRU(2)(features, mask=mask))
    if weights is not None:
        model.set_weights([np.array(w, np.float32) for w in weights])
    x = rng.normal(size=(2, 4, 3)).astype("float32")
    m = np.array([[1, 1, 0, 0], [1, 1, 1, 1]], bool)
    return {
        "weights": [w.tolist() for w in model.get_weights()], "x": x.tolist(), "mask": m.tolist(),
        "outputs": model.predict([x, m], verbose=0).tolist(), "model": model,
    }  # fmt: skip


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras

    cases = {"scaled": scaled(keras), "masked": masked(keras)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    cases["masked"].pop("model").save(OUT.parent / "masked.keras")
    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(json.dumps(cases["scaled"]))


if __name__ == "__main__":
    main()
