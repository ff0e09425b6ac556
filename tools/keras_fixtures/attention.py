"""Record Keras 3's ``Attention`` (Luong, dot or concat scores) and ``AdditiveAttention``
(Bahdanau): outputs and scores for each case, and an LSTM encoder-decoder with attention
trained and saved.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/attention.py
Writes tests/fixtures/attention/:
- ``layers.npz``: a JSON ``cases`` (each case's class, arguments, call options and input
  shapes) and, per case, the inputs ``<case>_query``, ``<case>_value`` (``_key``,
  ``_query_mask``, ``_value_mask`` where given), the weights ``<case>_w<i>`` (drawn, then set),
  the output ``<case>_y`` and the scores ``<case>_scores``;
- ``seq2seq.npz``: the model's starting weights ``w<i>``, the data ``x``, ``y``, the losses of 3
  ``train_on_batch`` calls ``losses``, the weights after them ``after<i>`` and the saved
  model's predictions ``predicted``; ``seq2seq.keras``: that model saved by Keras.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "attention"

CASES = {
    "dot": {"class": "Attention", "arguments": {}, "call": {}, "query": [2, 4, 3], "value": [2, 5, 3]},
    "dot_scaled_key": {"class": "Attention", "arguments": {"use_scale": True}, "call": {},
                       "query": [2, 4, 3], "value": [2, 5, 2], "key": [2, 5, 3]},
    "concat": {"class": "Attention", "arguments": {"score_mode": "concat", "use_scale": True}, "call": {},
               "query": [2, 4, 3], "value": [2, 5, 3]},
    "concat_unscaled": {"class": "Attention", "arguments": {"score_mode": "concat"}, "call": {},
                        "query": [2, 3, 3], "value": [2, 4, 3]},
    "masked": {"class": "Attention", "arguments": {}, "call": {}, "query": [2, 4, 3], "value": [2, 5, 3],
               "masks": True},
    "causal": {"class": "Attention", "arguments": {}, "call": {"use_causal_mask": True},
               "query": [2, 5, 3], "value": [2, 5, 3], "masks": True},
    "additive": {"class": "AdditiveAttention", "arguments": {}, "call": {}, "query": [2, 4, 3],
                 "value": [2, 5, 3]},
    "additive_unscaled_masked": {"class": "AdditiveAttention", "arguments": {"use_scale": False}, "call": {},
                                 "query": [2, 4, 3], "value": [2, 5, 3], "key": [2, 5, 3], "masks": True},
}  # fmt: skip


def layers_fixture(keras: object, rng: np.random.Generator) -> None:
    arrays: dict[str, object] = {"cases": json.dumps(CASES)}
    for name, case in CASES.items():
        query = rng.normal(size=case["query"]).astype(np.float32)
        value = rng.normal(size=case["value"]).astype(np.float32)
        inputs = [query, value]
        if "key" in case:
            inputs.append(rng.normal(size=case["key"]).astype(np.float32))
            arrays[f"{name}_key"] = inputs[2]
        call = dict(case["call"], return_attention_scores=True)
        if case.get("masks"):
            query_mask = rng.random(query.shape[:2]) > 0.3
            value_mask = rng.random(value.shape[:2]) > 0.3
            value_mask[:, 0] = True
            call["mask"] = [query_mask, value_mask]
            arrays.update({f"{name}_query_mask": query_mask, f"{name}_value_mask": value_mask})
        layer = getattr(keras.layers, case["class"])(**case["arguments"])
        layer(inputs, **call)
        weights = [rng.normal(size=w.shape).astype(np.float32) for w in layer.get_weights()]
        layer.set_weights(weights)
        output, scores = layer(inputs, **call)
        arrays.update({f"{name}_query": query, f"{name}_value": value, f"{name}_y": np.asarray(output)})
        arrays.update(
            {f"{name}_scores": np.asarray(scores), **{f"{name}_w{i}": w for i, w in enumerate(weights)}}
        )
    np.savez_compressed(OUT / "layers.npz", **arrays)


def seq2seq(keras: object) -> object:
    """An LSTM encoder and decoder with Luong attention over the encoder's outputs."""
    layers = keras.layers
    source = keras.Input((7, 3))
    target = keras.Input((5, 2))
    encoded, h, c = layers.LSTM(6, return_sequences=True, return_state=True)(source)
    decoded = layers.LSTM(6, return_sequences=True)(target, initial_state=[h, c])
    context = layers.Attention()([decoded, encoded])
    joined = layers.Concatenate()([decoded, context])
    additive = layers.AdditiveAttention()([decoded, encoded, encoded])
    return keras.Model([source, target], layers.Dense(1)(layers.Concatenate()([joined, additive])))


def seq2seq_fixture(keras: object, rng: np.random.Generator) -> None:
    keras.utils.set_random_seed(2)
    model = seq2seq(keras)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    start = model.get_weights()
    x = [rng.normal(size=(4, 7, 3)).astype(np.float32), rng.normal(size=(4, 5, 2)).astype(np.float32)]
    y = rng.normal(size=(4, 5, 1)).astype(np.float32)
    losses = [float(model.train_on_batch(x, y)) for _ in range(3)]
    after = model.get_weights()
    model.save(OUT / "seq2seq.keras")
    np.savez_compressed(
        OUT / "seq2seq.npz", source=x[0], target=x[1], y=y, losses=np.array(losses),
        predicted=np.asarray(model.predict(x, verbose=0)),
        **{f"w{i}": w for i, w in enumerate(start)}, **{f"after{i}": w for i, w in enumerate(after)},
    )  # fmt: skip
    print(f"seq2seq: {len(start)} weights, losses {losses}")


def main() -> None:
    import keras

    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    layers_fixture(keras, rng)
    seq2seq_fixture(keras, rng)
    print(f"keras {keras.__version__}: {len(CASES)} cases")


if __name__ == "__main__":
    main()
