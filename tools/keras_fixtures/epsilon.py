"""Record what Keras computes after ``set_epsilon``: every loss, metric, constraint, regularizer,
layer and backend function that fuzzes with ``backend.epsilon()``, on inputs that reach it
(probabilities of exactly 0 and 1, zero norms, a zero variance, an empty mask row).

Run in the Keras venv (Keras 3.15.1 and tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/epsilon.py
Writes tests/fixtures/epsilon/values.npz: the inputs (``probabilities``, ``onehot``, ``labels``,
``targets``, ``vectors``, ``sequences``, ``mask``) and each case's output ``<case>``, all with
the fuzz factor set to `EPSILON`. Keras 3 gives every case but ``K_binary_crossentropy`` and
``K_ctc_batch_cost``, which are tf-keras's Keras 2 backend functions (``K.set_epsilon``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "epsilon"
EPSILON = 0.01  # large enough that every case moves far beyond float32 rounding from 1e-7's


def inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    probabilities = rng.dirichlet(np.ones(4), size=6).astype(np.float32)
    probabilities[0] = [0.0, 1.0, 0.0, 0.0]  # exact 0 and 1: clipped
    probabilities[1] = [0.5, 0.5, 0.0, 0.0]
    labels = np.array([0, 1, 2, 3, 2, 0], dtype=np.int64)
    vectors = rng.normal(size=(6, 4)).astype(np.float32) * 0.002  # norms below eps: clipped
    vectors[0] = 0.0
    return {
        "probabilities": probabilities,
        "onehot": np.eye(4, dtype=np.float32)[labels],
        "labels": labels,
        "targets": np.abs(rng.normal(size=(6, 4))).astype(np.float32)
        * np.array([0, 1, 0.001, 2], np.float32),
        "vectors": vectors,
        "sequences": rng.normal(size=(3, 5, 4)).astype(np.float32),
        "mask": np.array([[1, 1, 1, 0, 0], [0, 0, 0, 0, 0], [1, 0, 1, 0, 1]], dtype=bool),
    }


def keras3_cases(x: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    import keras

    keras.config.set_epsilon(EPSILON)
    p, onehot, targets, vectors = x["probabilities"], x["onehot"], x["targets"], x["vectors"]
    losses = keras.losses
    out = {
        "categorical_crossentropy": losses.categorical_crossentropy(onehot, p),
        "sparse_categorical_crossentropy": losses.sparse_categorical_crossentropy(x["labels"], p),
        "binary_crossentropy": losses.binary_crossentropy(onehot, p),
        "kl_divergence": losses.kl_divergence(onehot, p),
        "poisson": losses.poisson(targets, p),
        "mean_absolute_percentage_error": losses.mean_absolute_percentage_error(targets, p),
        "mean_squared_logarithmic_error": losses.mean_squared_logarithmic_error(targets - 0.5, p - 0.5),
        "cosine_similarity": losses.cosine_similarity(vectors, p),
        "dice": losses.dice(onehot * 0.01, onehot * 0.01 + p * 0.001),  # sums of the order of eps
        "tversky": losses.tversky(onehot * 0.01, onehot * 0.01 + p * 0.001),
        "normalize": keras.ops.normalize(vectors),
        "dot_normalize": keras.layers.Dot(axes=1, normalize=True)([vectors, vectors[::-1]]),
        "max_norm": keras.constraints.MaxNorm(1.0)(vectors),
        "unit_norm": keras.constraints.UnitNorm()(vectors),
        "min_max_norm": keras.constraints.MinMaxNorm(0.5, 1.0)(vectors),
        # A tensor, as a weight is: Keras's normalize takes numpy arrays by another road, with no fuzz.
        "orthogonal_regularizer": keras.regularizers.OrthogonalRegularizer(1.0)(
            keras.ops.convert_to_tensor(vectors)
        ),
        "normalization_layer": keras.layers.Normalization(mean=0.5, variance=0.0)(p),
        "concordance_correlation": keras.metrics.concordance_correlation(targets, p),
    }
    f1 = keras.metrics.F1Score(average="weighted", threshold=0.3)
    f1.update_state(onehot, p)
    out["f1_score"] = f1.result()
    out["auc_thresholds"] = keras.metrics.AUC(num_thresholds=3).thresholds  # [0 - eps, 0.5, 1 + eps]
    iou = keras.metrics.MeanIoU(num_classes=4)
    iou.update_state(x["labels"], x["labels"][::-1])
    out["mean_iou"] = iou.result()
    layer = keras.layers.BatchNormalization()
    out["batch_norm_masked"] = layer(x["sequences"], mask=x["mask"], training=True)  # a row with no steps
    return {name: np.asarray(value) for name, value in out.items()}


def tf_keras_cases(x: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    import tf_keras

    backend = tf_keras.backend
    backend.set_epsilon(EPSILON)
    probabilities = np.stack([x["probabilities"]] * 3, axis=1)  # (N, T=3, C=4): the blank is class 3
    return {
        "K_binary_crossentropy": np.asarray(backend.binary_crossentropy(x["onehot"], x["probabilities"])),
        "K_ctc_batch_cost": np.asarray(
            backend.ctc_batch_cost(
                x["labels"][:, None] % 3, probabilities, np.full((6, 1), 3), np.ones((6, 1), dtype=np.int64)
            )
        ),
    }


def main() -> None:
    import keras

    x = inputs()
    arrays = {**x, **keras3_cases(x), **tf_keras_cases(x)}
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "values.npz", **arrays)
    print(f"keras {keras.__version__}: {len(arrays) - len(x)} cases at epsilon {EPSILON}")


if __name__ == "__main__":
    main()
