"""Record ``MultiHeadAttention`` where a query's every key is masked (a padded query under a
padding mask), on tf-keras and on Keras 3: the outputs, the attention scores and the gradients
of a weighted sum of the outputs with respect to every weight.

tf-keras's Softmax layer adds -1e9 to masked logits, so a fully masked row is uniform and its
logits still take gradients; Keras 3 (``torch.where`` on its fused road, zeroed scores on its
own softmax's) gives them none.

Run in the Keras venv (Keras 3.15 on TensorFlow and tf-keras 2.21, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/attention_masked_rows.py
Writes tests/fixtures/attention_masked_rows/<keras3|tf_keras>.npz: the input ``x`` (1, 3, 4),
the boolean ``mask`` (1, 3, 3) whose last row is all False, the weights ``w<i>`` (drawn here,
then set), and for each road (``fused``: scores not returned; ``scores``: returned) the output
``<road>/y``, the gradients ``<road>/g<i>`` of ``sum(y * ramp)`` (``ramp`` = 0, 1, ..., 11 in
the output's shape) and, for ``scores``, the scores ``scores/scores``.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "attention_masked_rows"
MASK = np.array([[[True, True, False], [True, False, False], [False, False, False]]])


def inputs() -> tuple[np.ndarray, np.ndarray]:
    """``x`` and the ramp the gradients weigh the outputs by."""
    x = np.random.default_rng(0).normal(size=(1, 3, 4)).astype("float32")
    return x, np.arange(12, dtype="float32").reshape(1, 3, 4)


def weights(shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    rng = np.random.default_rng(1)
    return [rng.normal(size=shape).astype("float32") for shape in shapes]


def record(keras: ModuleType) -> dict[str, np.ndarray]:
    import tensorflow as tf

    x, ramp = inputs()
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=2)
    layer(x, x, attention_mask=MASK)
    drawn = weights([tuple(w.shape) for w in layer.get_weights()])
    layer.set_weights(drawn)
    arrays = {"x": x, "mask": MASK, **{f"w{i}": w for i, w in enumerate(drawn)}}
    for road, scored in (("fused", False), ("scores", True)):
        with tf.GradientTape() as tape:
            result = layer(x, x, attention_mask=MASK, return_attention_scores=scored)
            y = result[0] if scored else result
            total = tf.reduce_sum(y * ramp)
        arrays[f"{road}/y"] = np.asarray(y)
        if scored:
            arrays["scores/scores"] = np.asarray(result[1])
        gradients = tape.gradient(total, layer.trainable_weights)
        arrays.update({f"{road}/g{i}": np.asarray(g) for i, g in enumerate(gradients)})
    return arrays


def main() -> None:
    import keras
    import tf_keras

    OUT.mkdir(parents=True, exist_ok=True)
    for name, library in (("keras3", keras), ("tf_keras", tf_keras)):
        np.savez_compressed(OUT / f"{name}.npz", **record(library))
        print(f"{name} {library.__version__}")


if __name__ == "__main__":
    main()
