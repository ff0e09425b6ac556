"""Keras 3's ``fit`` with the options every optimizer takes: ``use_ema`` (with the
`SwapEMAWeights` callback, per evaluation and per epoch), ``gradient_accumulation_steps`` and
``loss_scale_factor``: the truth for how `fit` runs them, end to end; and Lamb's and
Adafactor's rules on a whole model (Adafactor factoring the kernels, Lamb's trust ratio per weight).

Each case of `CASES` builds the model of `build` (an LSTM and a Dense head, weights from a fixed
seed), compiles it with the case's optimizer, and fits `data` in order (``shuffle=False``) with
validation on the same rows.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/optimizer_options_fit.py
Writes tests/fixtures/optimizer_options/fit.npz: per case ``<case>_loss``, ``<case>_val_loss``
(the history) and ``<case>_weight_0, ...`` (``model.get_weights()`` after fit).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "optimizer_options"
EPOCHS, BATCH_SIZE = 3, 4


# name -> (the optimizer, the callbacks), from keras or statefulrnn (``api``)
CASES = {
    # val_loss on the averages, training on the weights; fit ends on the averages
    "ema_swap": lambda api: (
        api.optimizers.Adam(learning_rate=0.02, use_ema=True, ema_momentum=0.9),
        [api.callbacks.SwapEMAWeights()],
    ),
    # the averages in the model from each epoch's end to the next one's start; the weights set to
    # them every 5 updates too
    "ema_swap_on_epoch": lambda api: (
        api.optimizers.SGD(
            learning_rate=0.1, momentum=0.5, use_ema=True, ema_momentum=0.8, ema_overwrite_frequency=5
        ),
        [api.callbacks.SwapEMAWeights(swap_on_epoch=True)],
    ),
    # 4 batches an epoch, updates every 3: sums carried across epochs; the loss scaled by 8
    "accumulate_scaled": lambda api: (
        api.optimizers.RMSprop(learning_rate=0.01, gradient_accumulation_steps=3, loss_scale_factor=8.0),
        [],
    ),
    "lamb": lambda api: (api.optimizers.Lamb(learning_rate=0.01, weight_decay=0.01), []),
    "adafactor": lambda api: (api.optimizers.Adafactor(learning_rate=0.05, clipnorm=1.0), []),
}


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    return rng.normal(size=(16, 5, 3)).astype(np.float32), rng.normal(size=(16, 1)).astype(np.float32)


def build(api: Any, name: str) -> tuple[Any, list[Any]]:
    """The model, compiled with case ``name``'s optimizer, and the case's callbacks."""
    model = api.Sequential([api.layers.Input((5, 3)), api.layers.LSTM(4), api.layers.Dense(1)])
    rng = np.random.default_rng(13)
    model.set_weights([rng.normal(0.0, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])
    optimizer, callbacks = CASES[name](api)
    model.compile(optimizer=optimizer, loss="mse")
    return model, callbacks


def fit(model: Any, callbacks: list[Any]) -> Any:
    x, y = data()
    return model.fit(
        x, y, batch_size=BATCH_SIZE, epochs=EPOCHS, shuffle=False, validation_data=(x, y),
        callbacks=callbacks, verbose=0,
    )  # fmt: skip


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    OUT.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    for name in CASES:
        keras.utils.set_random_seed(0)
        model, callbacks = build(keras, name)
        history = fit(model, callbacks).history
        arrays[f"{name}_loss"], arrays[f"{name}_val_loss"] = (
            np.asarray(history["loss"]),
            np.asarray(history["val_loss"]),
        )
        for i, weight in enumerate(model.get_weights()):
            arrays[f"{name}_weight_{i}"] = weight
    np.savez_compressed(OUT / "fit.npz", **arrays)
    print(f"keras {keras.__version__}: {len(CASES)} cases")


if __name__ == "__main__":
    main()
