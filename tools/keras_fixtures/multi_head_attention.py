"""Record Keras 3's ``MultiHeadAttention``: outputs (and scores) for each case, and a small
Transformer encoder (keras.io's "Timeseries classification with a Transformer model", reduced)
trained and saved.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/multi_head_attention.py
Writes tests/fixtures/multi_head_attention/:
- ``layers.npz``: a JSON ``cases`` (each case's arguments, call options and input shapes) and,
  per case, the inputs ``<case>_query``, ``<case>_value`` (and ``_key``, ``_attention_mask``,
  ``_value_mask``, ``_key_mask`` where given), the weights ``<case>_w<i>`` (drawn, then set),
  the output ``<case>_y`` and, with ``return_attention_scores``, the scores ``<case>_scores``;
- ``encoder.npz``: the encoder's starting weights ``w<i>``, the data ``x``, ``y``, the losses of
  3 ``train_on_batch`` calls ``losses``, the weights after them ``after<i>`` and the saved
  model's predictions ``predicted``;
- ``encoder.keras``: that trained model saved by Keras;
- ``masked.npz``: ``Embedding(7, 4, mask_zero=True)`` tokens through self-attention and
  ``Dense(2)``: the weights ``w<i>`` (drawn, then set), tokens ``x`` with zeros, outputs ``y``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "multi_head_attention"

# shapes: query (N, T, F_q), value (N, S, F_v), and key (N, S, F_k) where given
CASES = {
    "self": {"arguments": {"num_heads": 2, "key_dim": 3}, "call": {}, "query": [2, 5, 4]},
    "cross_with_key": {
        "arguments": {"num_heads": 3, "key_dim": 2, "value_dim": 5, "output_shape": 7},
        "call": {}, "query": [2, 4, 6], "value": [2, 5, 3], "key": [2, 5, 2],
    },
    "scores_masked": {
        "arguments": {"num_heads": 2, "key_dim": 4},
        "call": {"return_attention_scores": True}, "query": [2, 4, 3], "value": [2, 6, 3],
        "attention_mask": True,
    },
    "fused_masked": {"arguments": {"num_heads": 2, "key_dim": 4}, "call": {}, "query": [2, 4, 3],
                     "value": [2, 6, 3], "attention_mask": True},
    "causal": {"arguments": {"num_heads": 2, "key_dim": 3}, "call": {"use_causal_mask": True},
               "query": [2, 5, 4]},
    "causal_scores": {
        "arguments": {"num_heads": 1, "key_dim": 3},
        "call": {"use_causal_mask": True, "return_attention_scores": True}, "query": [2, 5, 4],
    },
    "value_and_key_masks": {
        "arguments": {"num_heads": 2, "key_dim": 3}, "call": {}, "query": [2, 4, 3], "value": [2, 5, 3],
        "key": [2, 5, 3], "value_mask": True, "key_mask": True,
    },
    "gate_no_bias": {"arguments": {"num_heads": 2, "key_dim": 3, "use_bias": False, "use_gate": True},
                     "call": {}, "query": [2, 5, 4]},
    "sliding_window": {
        "arguments": {"num_heads": 2, "key_dim": 3, "sliding_window": 2},
        "call": {"use_causal_mask": True, "return_attention_scores": True}, "query": [2, 6, 4],
    },
}  # fmt: skip


def layers_fixture(
    keras: object,
    rng: np.random.Generator,
    cases: dict = CASES,
    out: Path = OUT,
    kind: str = "MultiHeadAttention",
) -> None:
    """Each of ``cases`` through a ``keras.layers.<kind>`` (also `grouped_query_attention.py`'s)."""
    arrays: dict[str, object] = {"cases": json.dumps(cases)}
    for name, case in cases.items():
        query = rng.normal(size=case["query"]).astype(np.float32)
        value = rng.normal(size=case["value"]).astype(np.float32) if "value" in case else query
        key = rng.normal(size=case["key"]).astype(np.float32) if "key" in case else None
        layer = getattr(keras.layers, kind)(**case["arguments"])
        call = dict(case["call"])
        steps, sources = query.shape[1], value.shape[1]
        if case.get("attention_mask"):
            mask = rng.random((query.shape[0], steps, sources)) > 0.4
            mask[0, 1] = False  # a query step that may attend to nothing
            call["attention_mask"] = mask
            arrays[f"{name}_attention_mask"] = mask
        for which in ("value_mask", "key_mask"):
            if case.get(which):
                mask = rng.random((query.shape[0], sources)) > 0.3
                mask[:, 0] = True
                call[which] = mask
                arrays[f"{name}_{which}"] = mask
        result = layer(query, value, key, **call) if key is not None else layer(query, value, **call)
        weights = [rng.normal(size=w.shape).astype(np.float32) * 0.5 for w in layer.get_weights()]
        layer.set_weights(weights)
        result = layer(query, value, key, **call) if key is not None else layer(query, value, **call)
        output, scores = result if call.get("return_attention_scores") else (result, None)
        arrays.update({f"{name}_query": query, f"{name}_value": value, f"{name}_y": np.asarray(output)})
        arrays.update({f"{name}_w{i}": w for i, w in enumerate(weights)})
        if key is not None:
            arrays[f"{name}_key"] = key
        if scores is not None:
            arrays[f"{name}_scores"] = np.asarray(scores)
    np.savez_compressed(out / "layers.npz", **arrays)


def masked_fixture(keras: object, rng: np.random.Generator) -> None:
    """Self-attention over embedded tokens with ``mask_zero``: Keras hands the layer the
    embedding's mask as its query and value masks."""
    tokens = keras.Input((6,), dtype="int32")
    embedded = keras.layers.Embedding(7, 4, mask_zero=True)(tokens)
    attended = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3)(embedded, embedded)
    model = keras.Model(tokens, keras.layers.Dense(2)(attended))
    weights = [rng.normal(size=w.shape).astype(np.float32) for w in model.get_weights()]
    model.set_weights(weights)
    x = rng.integers(1, 7, size=(3, 6)).astype(np.int32)
    x[0, 4:] = 0  # padding at the end
    x[1, 1] = 0  # and in the middle
    np.savez_compressed(
        OUT / "masked.npz", x=x, y=np.asarray(model.predict(x, verbose=0)),
        **{f"w{i}": w for i, w in enumerate(weights)},
    )  # fmt: skip


def encoder(keras: object, input_shape: tuple[int, int], classes: int, attention: Any = None) -> object:
    """keras.io's Transformer block, twice as small: attention (``attention()``'s layer, else
    ``MultiHeadAttention(key_dim=4, num_heads=2)``) and a feed-forward pair of kernel-size-1
    convolutions, each with a residual connection and layer normalization."""
    layers = keras.layers
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for _ in range(2):
        made = attention() if attention else layers.MultiHeadAttention(key_dim=4, num_heads=2, dropout=0.0)
        attended = made(x, x)
        attended = layers.Dropout(0.0)(attended)
        attended = layers.LayerNormalization(epsilon=1e-6)(attended)
        res = attended + x
        y = layers.Conv1D(filters=8, kernel_size=1, activation="relu")(res)
        y = layers.Conv1D(filters=input_shape[-1], kernel_size=1)(y)
        y = layers.LayerNormalization(epsilon=1e-6)(y)
        x = y + res
    x = layers.GlobalAveragePooling1D(data_format="channels_last")(x)
    x = layers.Dense(8, activation="relu")(x)
    outputs = layers.Dense(classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def encoder_fixture(keras: object, rng: np.random.Generator, out: Path = OUT, attention: Any = None) -> None:
    keras.utils.set_random_seed(1)
    model = encoder(keras, (6, 3), 2, attention)
    model.compile(
        loss="sparse_categorical_crossentropy",
        optimizer=keras.optimizers.Adam(learning_rate=1e-2),
        metrics=["sparse_categorical_accuracy"],
    )
    start = model.get_weights()
    x = rng.normal(size=(8, 6, 3)).astype(np.float32)
    y = rng.integers(0, 2, size=(8,))
    losses = [float(model.train_on_batch(x, y)[0]) for _ in range(3)]
    after = model.get_weights()
    model.save(out / "encoder.keras")
    np.savez_compressed(
        out / "encoder.npz", x=x, y=y, losses=np.array(losses),
        predicted=np.asarray(model.predict(x, verbose=0)),
        **{f"w{i}": w for i, w in enumerate(start)}, **{f"after{i}": w for i, w in enumerate(after)},
    )  # fmt: skip
    print(f"encoder: {len(start)} weights, losses {losses}")


def main() -> None:
    import keras

    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    layers_fixture(keras, rng)
    encoder_fixture(keras, rng)
    masked_fixture(keras, rng)
    print(f"keras {keras.__version__}: {len(CASES)} cases")


if __name__ == "__main__":
    main()
