"""Keras 3 ``.keras`` files saved mid-training, with their optimizer's state, and the weights
Keras reaches when it trains on from them: the truth for reading an optimizer from a Keras file.

For each optimizer of `OPTIMIZERS` (every Keras 3 optimizer statefulrnn has, with the options
that change what it keeps: momentum, ``centered``, ``amsgrad``, a schedule, ``use_ema``,
``gradient_accumulation_steps``; and ``loss_scale_factor``, which ``train_on_batch`` applies),
the model of
`build` (stacked LSTM and GRU, whose gate order Keras and PyTorch lay out differently,
BatchNormalization, whose moving statistics are weights the optimizer does not train, and a
Dense head; for Lamb and Adafactor, `PER_VARIABLE`'s Conv1D model) trains `STEPS_BEFORE` steps on
`data`, is saved, then trains `STEPS_AFTER` more.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/optimizer_files.py
Writes tests/fixtures/optimizer_files/NAME.keras and NAME.npz: ``x``, ``y``, the saved model's
optimizer variables ``saved_0, ...`` (as ``model.optimizer.variables``) and the weights after
the further steps ``after_0, ...`` (``model.get_weights()`` order).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "optimizer_files"
STEPS_BEFORE, STEPS_AFTER = 3, 2


def _schedule(api: Any) -> Any:
    return api.optimizers.schedules.ExponentialDecay(0.01, decay_steps=2, decay_rate=0.5)


# name -> the optimizer, from keras or statefulrnn (``api``)
OPTIMIZERS = {
    "sgd": lambda api: api.optimizers.SGD(learning_rate=0.05),
    "sgd_momentum": lambda api: api.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
    "rmsprop": lambda api: api.optimizers.RMSprop(learning_rate=0.01),
    "rmsprop_centered": lambda api: api.optimizers.RMSprop(learning_rate=0.01, momentum=0.5, centered=True),
    "adam": lambda api: api.optimizers.Adam(learning_rate=0.01),
    "adam_amsgrad": lambda api: api.optimizers.Adam(learning_rate=0.01, amsgrad=True),
    "adam_schedule": lambda api: api.optimizers.Adam(learning_rate=_schedule(api)),
    "adamw": lambda api: api.optimizers.AdamW(learning_rate=0.01, weight_decay=0.1),
    "adamax": lambda api: api.optimizers.Adamax(learning_rate=0.01),
    "nadam": lambda api: api.optimizers.Nadam(learning_rate=0.01),
    "adagrad": lambda api: api.optimizers.Adagrad(learning_rate=0.05),
    "adadelta": lambda api: api.optimizers.Adadelta(learning_rate=1.0),
    "ftrl": lambda api: api.optimizers.Ftrl(learning_rate=0.05, l1_regularization_strength=0.01),
    "lion": lambda api: api.optimizers.Lion(learning_rate=0.01),
    # the base class's own variables: moving averages, then gradient sums (saved mid-sum)
    "adam_ema_accumulate": lambda api: api.optimizers.Adam(
        learning_rate=0.01,
        use_ema=True,
        ema_momentum=0.9,
        ema_overwrite_frequency=2,
        gradient_accumulation_steps=2,
    ),
    "sgd_loss_scale": lambda api: api.optimizers.SGD(learning_rate=0.05, momentum=0.9, loss_scale_factor=3.0),
    "lamb": lambda api: api.optimizers.Lamb(learning_rate=0.01, weight_decay=0.01),
    "adafactor": lambda api: api.optimizers.Adafactor(learning_rate=0.05),
}
# Lamb's trust ratio and Adafactor's factored second moments are per Keras variable: these train
# a model whose weights statefulrnn keeps in Keras's layout, one parameter each (a Conv1D kernel
# of rank 3, for Adafactor's factors), where the recurrent model's GRU bias is two parameters here.
PER_VARIABLE = {"lamb", "adafactor"}


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return rng.normal(size=(8, 5, 3)).astype(np.float32), rng.normal(size=(8, 1)).astype(np.float32)


def build(api: Any, name: str) -> Any:
    """The model, compiled with optimizer ``name``, its weights drawn from a fixed seed."""
    if name in PER_VARIABLE:
        # tanh: a bias straight before BatchNormalization gets a gradient of rounding noise only,
        # which Lamb's and Adafactor's normalized steps would blow up
        conv = api.layers.Conv1D(4, 2, activation="tanh")
        body = [api.layers.Input((5, 3)), conv, api.layers.BatchNormalization()]
        body.append(api.layers.Flatten())
    else:
        body = [api.layers.Input((None, 3)), api.layers.LSTM(4, return_sequences=True), api.layers.GRU(3)]
        body.append(api.layers.BatchNormalization())
    model = api.Sequential([*body, api.layers.Dense(1)])
    rng = np.random.default_rng(11)
    model.set_weights(
        [
            rng.uniform(0.5, 1.5, w.shape).astype(np.float32)
            if w.path.endswith("moving_variance")  # BatchNormalization's stays positive
            else rng.normal(0.0, 0.5, w.shape).astype(np.float32)
            for w in model.weights
        ]
    )
    model.compile(optimizer=OPTIMIZERS[name](api), loss="mse")
    return model


def train(model: Any, steps: int) -> None:
    x, y = data()
    for _ in range(steps):
        model.train_on_batch(x, y)


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    OUT.mkdir(parents=True, exist_ok=True)
    x, y = data()
    for name in OPTIMIZERS:
        keras.utils.set_random_seed(0)
        model = build(keras, name)
        train(model, STEPS_BEFORE)
        model.save(OUT / f"{name}.keras")
        saved = {f"saved_{i}": np.asarray(v) for i, v in enumerate(model.optimizer.variables)}
        train(model, STEPS_AFTER)
        after = {f"after_{i}": w for i, w in enumerate(model.get_weights())}
        np.savez_compressed(OUT / f"{name}.npz", x=x, y=y, **saved, **after)
        print("wrote", name, len(saved), "optimizer variables")


if __name__ == "__main__":
    main()
