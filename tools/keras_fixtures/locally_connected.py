"""tf-keras's ``LocallyConnected1D``, ``LocallyConnected2D`` and ``ThresholdedReLU``: outputs and
gradients of the locally connected layers for each ``implementation``, layout and padding, and
a tf-keras ``.h5`` model holding all three.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/locally_connected.py
Writes tests/fixtures/locally_connected/values.npz: for each of CASES, ``<case>_x`` the input,
``<case>_weight_<i>`` the (random) weights, ``<case>_y`` the output and, for the loss
``sum(y * <case>_probe)``, ``<case>_grad_x`` and ``<case>_grad_<i>`` its gradients; for
ThresholdedReLU, ``relu_x`` and ``relu_<theta>`` the outputs for each of THETAS; and
``model_x``, ``model_y`` the predictions of model.h5 (`build`'s model, tf-keras's
``model.save``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "locally_connected"
# name: (rank, input shape without the batch, arguments)
FIRST = {"data_format": "channels_first"}
CASES: dict[str, tuple[int, tuple[int, ...], dict[str, Any]]] = {
    "1d_impl1": (1, (7, 3), dict(filters=4, kernel_size=3, strides=2)),
    "1d_impl1_first": (1, (3, 7), dict(filters=2, kernel_size=2, **FIRST)),
    "1d_impl2_same": (1, (7, 3), dict(filters=4, kernel_size=2, padding="same", implementation=2)),
    "1d_impl2_first": (1, (3, 6), dict(filters=2, kernel_size=3, strides=2, implementation=2, **FIRST)),
    "1d_impl3_same": (1, (6, 2), dict(filters=3, kernel_size=3, strides=2, padding="same", implementation=3)),
    "1d_impl3_first": (1, (2, 5), dict(filters=3, kernel_size=2, padding="same", implementation=3, **FIRST)),
    "2d_impl1": (2, (5, 6, 2), dict(filters=3, kernel_size=(2, 3), strides=(1, 2), activation="tanh")),
    "2d_impl1_first": (2, (2, 4, 5), dict(filters=3, kernel_size=2, **FIRST)),
    "2d_impl2_same": (2, (4, 5, 2), dict(filters=3, kernel_size=(2, 3), padding="same", implementation=2)),
    "2d_impl2_first": (2, (2, 5, 4), dict(filters=2, kernel_size=3, strides=2, implementation=2, **FIRST)),
    "2d_impl3": (2, (5, 4, 2), dict(filters=2, kernel_size=(3, 2), strides=(2, 1), implementation=3)),
    "2d_impl3_first_same": (
        2,
        (2, 4, 5),
        dict(filters=3, kernel_size=2, padding="same", implementation=3, **FIRST),
    ),
}
THETAS = (0.0, 0.5, 1.0)


def layer(api: Any, case: str) -> Any:
    """The layer of ``case``, from tf-keras or statefulrnn."""
    rank, _, arguments = CASES[case]
    return getattr(api.layers, f"LocallyConnected{rank}D")(**arguments)


def build(api: Any) -> Any:
    """LocallyConnected1D (implementation 2) -> ThresholdedReLU -> reshape to an image ->
    LocallyConnected2D (implementation 3) -> Flatten -> LocallyConnected1D over the flattened
    values as one channel (implementation 1), from tf-keras or statefulrnn."""
    layers = api.layers
    return api.Sequential(
        [
            layers.InputLayer(input_shape=(6, 3)),
            layers.LocallyConnected1D(4, 3, padding="same", implementation=2, activation="relu"),
            layers.ThresholdedReLU(theta=0.2),
            layers.Reshape((6, 4, 1)),
            layers.LocallyConnected2D(2, (2, 2), strides=(2, 1), implementation=3),
            layers.Reshape((-1, 1)),
            layers.LocallyConnected1D(1, 4, strides=2),
        ]
    )


def main() -> None:
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow as tf
    import tf_keras

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf_keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    arrays: dict[str, np.ndarray] = {}
    for case, (_, shape, _) in CASES.items():
        x = rng.normal(size=(2, *shape)).astype(np.float32)
        made = layer(tf_keras, case)
        made.build((None, *shape))
        weights = [rng.normal(size=tuple(w.shape)).astype(np.float32) for w in made.weights]
        made.set_weights(weights)
        inputs = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(inputs)
            y = made(inputs)
            probe = rng.normal(size=tuple(y.shape)).astype(np.float32)
            loss = tf.reduce_sum(y * probe)
        gradients = tape.gradient(loss, [inputs, *made.weights])
        arrays.update({f"{case}_x": x, f"{case}_y": y.numpy(), f"{case}_probe": probe})
        arrays[f"{case}_grad_x"] = gradients[0].numpy()
        for i, (weight, gradient) in enumerate(zip(weights, gradients[1:])):
            arrays[f"{case}_weight_{i}"], arrays[f"{case}_grad_{i}"] = weight, gradient.numpy()
    arrays["relu_x"] = relu_x = np.array([[-1.0, -0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, np.nan]], np.float32)
    for theta in THETAS:
        arrays[f"relu_{theta}"] = tf_keras.layers.ThresholdedReLU(theta=theta)(relu_x).numpy()
    model = build(tf_keras)
    model.set_weights([rng.normal(size=w.shape).astype(np.float32) * 0.5 for w in model.get_weights()])
    arrays["model_x"] = model_x = rng.normal(size=(3, 6, 3)).astype(np.float32)
    arrays["model_y"] = model.predict(model_x, verbose=0)
    OUT.mkdir(parents=True, exist_ok=True)
    model.save(OUT / "model.h5")
    np.savez(OUT / "values.npz", **arrays)
    print(f"wrote {len(arrays)} arrays and model.h5 to {OUT} with tf-keras {tf_keras.__version__}")


if __name__ == "__main__":
    main()
