"""Record what real Keras 3 computes for padded batches whose mask comes from the model itself.

An ``Embedding(mask_zero=True)`` or a ``Masking()`` layer makes the mask; the recurrent layer
after it (GRU or LSTM, stateful or not, ``return_sequences`` True or False, or a
``Bidirectional`` returning sequences) receives it from Keras's own propagation: no ``mask=``
is passed by hand anywhere.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/masks.py
Writes tests/fixtures/masks/NAME.npz, each with a JSON ``spec`` (see CASES) and float32/int
arrays: ``w0, w1, ...`` (the model's weights, Keras's order), ``x_0, x_1, ...`` (the inputs of
consecutive calls; one call unless stateful), ``y_0, ...`` (the outputs of each call) and
``s_0_0, s_0_1, ...`` (the final states after call 0, 1, ...: the stateful layer's ``states``,
or the ``return_state`` outputs of a non-stateful layer). ``initial_state`` cases also hold
``h0`` (the initial state fed as a second model input).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "masks"
BATCH, STEPS, VOCAB, EMBED, FEATURES, UNITS = 3, 6, 7, 2, 2, 3


def _cases() -> dict[str, dict[str, Any]]:
    cases = {}
    for source in ("embedding", "masking"):
        for rnn in ("GRU", "LSTM"):
            for stateful in (False, True):
                for return_sequences in (True, False):
                    name = f"{source}_{rnn.lower()}_{'stateful' if stateful else 'plain'}_" + (
                        "seq" if return_sequences else "last"
                    )
                    cases[name] = {
                        "source": source,
                        "rnn": rnn,
                        "stateful": stateful,
                        "return_sequences": return_sequences,
                        "bidirectional": False,
                    }
            cases[f"{source}_bidirectional_{rnn.lower()}"] = {
                "source": source,
                "rnn": rnn,
                "stateful": False,
                "return_sequences": True,
                "bidirectional": True,
            }
    cases["embedding_bidirectional_gru_stateful"] = {
        "source": "embedding",
        "rnn": "GRU",
        "stateful": True,
        "return_sequences": True,
        "bidirectional": True,
    }
    # Keras passes a propagated mask only to a layer called on that one tensor: an RNN given
    # initial_state= as well does not receive it (its outputs still carry it on).
    cases["embedding_gru_initial_state"] = {
        "source": "embedding",
        "rnn": "GRU",
        "stateful": False,
        "return_sequences": True,
        "bidirectional": False,
        "initial_state": True,
    }
    return cases


def _inputs(source: str, rng: np.random.Generator, call: int) -> np.ndarray:
    """A padded batch: row 0 post-padded, row 1 pre-padded, row 2 with a hole (or, in the second
    call, all padding); Masking's rows also hold a step with only some features zero."""
    lengths = {0: (0, 4), 1: (2, STEPS), 2: (0, STEPS)}
    if source == "embedding":
        x = rng.integers(1, VOCAB, size=(BATCH, STEPS))
    else:
        x = rng.uniform(-1.0, 1.0, size=(BATCH, STEPS, FEATURES)).astype("float32")
        x[0, 1, 0] = 0.0  # one feature zero: not a padded step
    for row, (start, end) in lengths.items():
        x[row, :start] = 0
        x[row, end:] = 0
    x[2, 3] = 0
    if call == 1:
        x[2] = 0
    return x


def _rnn(spec: dict[str, Any], **kwargs: Any) -> keras.layers.Layer:
    layer = getattr(keras.layers, spec["rnn"])(
        UNITS, return_sequences=spec["return_sequences"], stateful=spec["stateful"], **kwargs
    )
    return keras.layers.Bidirectional(layer) if spec["bidirectional"] else layer


def _model(spec: dict[str, Any]) -> tuple[keras.Model, keras.layers.Layer]:
    shape = (STEPS,) if spec["source"] == "embedding" else (STEPS, FEATURES)
    inputs = keras.Input(
        batch_shape=(BATCH, *shape), dtype="int32" if spec["source"] == "embedding" else None
    )
    first = (
        keras.layers.Embedding(VOCAB, EMBED, mask_zero=True)
        if spec["source"] == "embedding"
        else keras.layers.Masking()
    )
    x = first(inputs)
    if spec.get("initial_state"):
        h0 = keras.Input(batch_shape=(BATCH, UNITS))
        rnn = _rnn(spec, return_state=True)
        output, state = rnn(x, initial_state=h0)
        return keras.Model([inputs, h0], [output, state]), rnn
    if spec["stateful"]:
        rnn = _rnn(spec)
        return keras.Model(inputs, rnn(x)), rnn
    rnn = _rnn(spec, return_state=True)
    return keras.Model(inputs, rnn(x)), rnn


def record(name: str, spec: dict[str, Any], seed: int) -> None:
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    model, rnn = _model(spec)
    arrays: dict[str, np.ndarray] = {f"w{i}": w for i, w in enumerate(model.get_weights())}
    if spec.get("initial_state"):
        arrays["h0"] = rng.uniform(-1.0, 1.0, size=(BATCH, UNITS)).astype("float32")
    for call in range(2 if spec["stateful"] else 1):
        x = _inputs(spec["source"], rng, call)
        arrays[f"x_{call}"] = x
        result = model([x, arrays["h0"]] if spec.get("initial_state") else x)
        if spec["stateful"]:
            output, states = result, [s.numpy() for s in rnn.states]
        else:
            output, states = result[0], [np.asarray(s) for s in result[1:]]
        arrays[f"y_{call}"] = np.asarray(output)
        for index, state in enumerate(states):
            arrays[f"s_{call}_{index}"] = state
    spec = {**spec, "batch": BATCH, "steps": STEPS, "vocab": VOCAB, "embed": EMBED, "features": FEATURES,
            "units": UNITS, "keras": keras.__version__}  # fmt: skip
    np.savez_compressed(OUT / f"{name}.npz", spec=json.dumps(spec), **arrays)


def record_loss(name: str, source: str, seed: int) -> None:
    """Keras weighs the loss by the mask the output carries: Embedding(mask_zero) or Masking,
    LSTM(return_sequences), Dense(softmax); evaluate, then one SGD train_on_batch.
    Writes ``x``, ``y``, ``w*`` (before), ``loss_eval``, ``loss_train`` and ``after*``, and
    ``loss_eval_rows`` and ``loss_fit_rows``: evaluate (before the step) and one epoch of fit
    (after it) a row per batch, rows of 4, 4 and 5 real steps, whose epoch means show how
    Keras weighs each batch's mean (by its rows, not its real steps)."""
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    first = (
        keras.layers.Embedding(VOCAB, EMBED, mask_zero=True)
        if source == "embedding"
        else keras.layers.Masking()
    )
    model = keras.Sequential(
        [first, keras.layers.LSTM(UNITS, return_sequences=True), keras.layers.Dense(4, activation="softmax")]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    x = _inputs(source, rng, 0)
    y = rng.integers(0, 4, size=(BATCH, STEPS))
    model(x)
    arrays = {f"w{i}": w for i, w in enumerate(model.get_weights())}
    arrays["loss_eval"] = np.float32(model.evaluate(x, y, batch_size=BATCH, verbose=0))
    arrays["loss_eval_rows"] = np.float32(model.evaluate(x, y, batch_size=1, verbose=0))
    arrays["loss_train"] = np.float32(model.train_on_batch(x, y))
    arrays.update({f"after{i}": w for i, w in enumerate(model.get_weights())})
    history = model.fit(x, y, batch_size=1, epochs=1, shuffle=False, verbose=0)
    arrays["loss_fit_rows"] = np.float32(history.history["loss"][0])
    spec = {"source": source, "batch": BATCH, "steps": STEPS, "vocab": VOCAB, "embed": EMBED,
            "features": FEATURES, "units": UNITS, "keras": keras.__version__}  # fmt: skip
    np.savez_compressed(OUT / f"{name}.npz", spec=json.dumps(spec), x=x, y=y, **arrays)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for seed, (name, spec) in enumerate(sorted(_cases().items())):
        record(name, spec, seed)
        print("wrote", name)
    for seed, source in enumerate(("embedding", "masking")):
        record_loss(f"loss_{source}", source, 100 + seed)
        print("wrote", f"loss_{source}")


if __name__ == "__main__":
    main()
