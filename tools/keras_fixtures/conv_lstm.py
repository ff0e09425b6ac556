"""Record Keras 3's ``ConvLSTM1D``, ``ConvLSTM2D`` and ``ConvLSTM3D``: outputs (and final states)
for each padding, stride, dilation, data format and the recurrent options, a stateful layer over
two calls and a reset, masked steps, given initial states, and a small forecasting model (the
shape of Brownlee's ConvLSTM2D one) trained and saved.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/conv_lstm.py
Writes tests/fixtures/conv_lstm/:
- ``layers.npz``: a JSON ``cases`` (each case's class, layer arguments and input shape) and per
  case ``<case>_x``, ``<case>_w<i>`` (the layer's weights, set from a seeded normal draw so that
  every bias and gate matters) and ``<case>_y<i>`` (its outputs: the output, then the states
  with ``return_state``);
- ``scenarios.npz``: ``stateful_*`` (a stateful ConvLSTM2D called on ``x1`` then ``x2``, its
  states, then reset and called on ``x1`` again), ``masked_*`` (a ConvLSTM1D called with
  ``mask=``, steps masked at the end of one row and the start of another),
  ``initial_*`` (a ConvLSTM1D given ``initial_state=[h, c]``);
- ``model.keras`` and ``model.npz``: `model` trained 2 epochs by ``fit(x, y, batch_size=8,
  shuffle=False)`` with Adam and mse: its starting weights ``w<i>``, the data ``x`` and ``y``,
  the ``loss`` per epoch, the weights after ``after<i>`` and the saved model's outputs
  ``predicted``. The test builds the same model with `model` given statefulrnn for ``keras``;
- ``model_tf_keras.h5``: that trained model rebuilt by tf-keras 2 and saved as its HDF5 file;
  its outputs are ``predicted_tf_keras`` in ``model.npz``, not ``predicted``: tf-keras's
  ConvLSTM2D defaults to ``recurrent_activation="hard_sigmoid"`` (Keras 2's, 0.2 x + 0.5),
  Keras 3's to ``"sigmoid"``, and the file records the default its Keras had.
The channels_first cases run on TensorFlow's CPU kernels too: Keras transposes them itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "conv_lstm"
CASES = {
    "1d_valid": ("ConvLSTM1D", {"filters": 3, "kernel_size": 3}, (2, 4, 7, 2)),
    "1d_strided_same_sequences": (
        "ConvLSTM1D",
        {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same", "return_sequences": True},
        (2, 3, 9, 2),
    ),
    "1d_dilated_backwards": (
        "ConvLSTM1D",
        {"filters": 2, "kernel_size": 2, "dilation_rate": 2, "go_backwards": True, "return_sequences": True},
        (2, 4, 8, 3),
    ),
    "1d_channels_first_states": (
        "ConvLSTM1D",
        {
            "filters": 2,
            "kernel_size": 3,
            "padding": "same",
            "data_format": "channels_first",
            "return_state": True,
        },
        (2, 3, 2, 6),
    ),
    "2d_brownlee_relu": (
        "ConvLSTM2D",
        {"filters": 4, "kernel_size": (1, 2), "activation": "relu"},
        (3, 2, 1, 3, 1),
    ),
    "2d_same_sequences_states": (
        "ConvLSTM2D",
        {"filters": 3, "kernel_size": 3, "padding": "same", "return_sequences": True, "return_state": True},
        (2, 3, 5, 4, 2),
    ),
    "2d_strided_same": (
        "ConvLSTM2D",
        {"filters": 2, "kernel_size": (3, 2), "strides": (2, 1), "padding": "same"},
        (2, 3, 7, 5, 2),
    ),
    "2d_dilated_channels_first_backwards": (
        "ConvLSTM2D",
        {
            "filters": 2,
            "kernel_size": 2,
            "dilation_rate": (1, 2),
            "data_format": "channels_first",
            "go_backwards": True,
            "return_sequences": True,
        },
        (2, 3, 2, 5, 6),
    ),
    "2d_no_bias_hard_sigmoid": (
        "ConvLSTM2D",
        {"filters": 2, "kernel_size": 2, "use_bias": False, "recurrent_activation": "hard_sigmoid"},
        (2, 3, 4, 4, 1),
    ),
    "3d_same": ("ConvLSTM3D", {"filters": 2, "kernel_size": 2, "padding": "same"}, (1, 2, 3, 3, 4, 1)),
}
STATEFUL = {"filters": 3, "kernel_size": 2, "stateful": True, "return_sequences": True}
STATEFUL_SHAPE = (2, 3, 4, 4, 1)
MASKED = {"filters": 2, "kernel_size": 2, "return_sequences": True}
MASKED_SHAPE = (3, 5, 6, 2)
MASK = np.array([[1, 1, 1, 0, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 1]], dtype=bool)
INITIAL = {"filters": 2, "kernel_size": 3, "padding": "same"}
INITIAL_SHAPE = (2, 3, 5, 2)


def random_weights(layer: Any, rng: np.random.Generator) -> list[np.ndarray]:
    """Seeded normal weights for the built ``layer``, small enough to keep the gates unsaturated."""
    return [(0.3 * rng.normal(size=w.shape)).astype(np.float32) for w in layer.get_weights()]


def model(keras: Any, n_seq: int = 3, n_steps: int = 4, n_features: int = 2) -> Any:
    """Brownlee's ConvLSTM2D forecaster, smaller (``keras``: Keras 3, or statefulrnn imported as
    keras): ConvLSTM2D over ``(n_seq, 1, n_steps, n_features)`` windows, Flatten, Dense."""
    layers = keras.layers
    return keras.Sequential(
        [
            layers.Input(shape=(n_seq, 1, n_steps, n_features)),
            layers.ConvLSTM2D(filters=8, kernel_size=(1, 2), activation="relu"),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )


def _layer(keras: Any, kind: str, arguments: dict[str, Any], shape: tuple[int, ...], rng: Any) -> Any:
    layer = getattr(keras.layers, kind)(**arguments)
    layer.build(shape)
    layer.set_weights(random_weights(layer, rng))
    return layer


def main() -> None:
    import keras

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {"cases": json.dumps(CASES)}
    for name, (kind, arguments, shape) in CASES.items():
        layer = _layer(keras, kind, arguments, shape, rng)
        x = rng.normal(size=shape).astype(np.float32)
        outputs = layer(x)
        outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        arrays.update({f"{name}_x": x, **{f"{name}_y{i}": np.asarray(y) for i, y in enumerate(outputs)}})
        arrays.update({f"{name}_w{i}": w for i, w in enumerate(layer.get_weights())})
    np.savez_compressed(OUT / "layers.npz", **arrays)

    scenarios: dict[str, Any] = {}
    stateful = _layer(keras, "ConvLSTM2D", STATEFUL, STATEFUL_SHAPE, rng)
    x1, x2 = (rng.normal(size=STATEFUL_SHAPE).astype(np.float32) for _ in range(2))
    first, second = np.asarray(stateful(x1)), np.asarray(stateful(x2))
    states = [np.asarray(s) for s in stateful.states]
    stateful.reset_states()
    again = np.asarray(stateful(x1))
    scenarios.update(
        stateful_x1=x1, stateful_x2=x2, stateful_first=first, stateful_second=second,
        stateful_h=states[0], stateful_c=states[1], stateful_again=again,
        **{f"stateful_w{i}": w for i, w in enumerate(stateful.get_weights())},
    )  # fmt: skip
    masked = _layer(keras, "ConvLSTM1D", MASKED, MASKED_SHAPE, rng)
    x = rng.normal(size=MASKED_SHAPE).astype(np.float32)
    scenarios.update(
        masked_x=x, masked_mask=MASK, masked_y=np.asarray(masked(x, mask=MASK)),
        **{f"masked_w{i}": w for i, w in enumerate(masked.get_weights())},
    )  # fmt: skip
    initial = _layer(keras, "ConvLSTM1D", INITIAL, INITIAL_SHAPE, rng)
    x = rng.normal(size=INITIAL_SHAPE).astype(np.float32)
    h, c = (rng.normal(size=(2, 5, 2)).astype(np.float32) for _ in range(2))
    scenarios.update(
        initial_x=x, initial_h=h, initial_c=c, initial_y=np.asarray(initial(x, initial_state=[h, c])),
        **{f"initial_w{i}": w for i, w in enumerate(initial.get_weights())},
    )  # fmt: skip
    np.savez_compressed(OUT / "scenarios.npz", **scenarios)

    network = model(keras)
    network.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    start = network.get_weights()
    x = rng.normal(size=(32, 3, 1, 4, 2)).astype(np.float32)
    y = x[:, -1, 0, -2:, 0].mean(axis=1, keepdims=True) - x[:, 0, 0, :2, 1].mean(axis=1, keepdims=True)
    history = network.fit(x, y.astype(np.float32), epochs=2, batch_size=8, shuffle=False, verbose=0)
    network.save(OUT / "model.keras")
    import tf_keras  # Keras 2's HDF5 file of the same trained model

    legacy = model(tf_keras)
    legacy.set_weights(network.get_weights())
    legacy.save(OUT / "model_tf_keras.h5")
    np.savez_compressed(
        OUT / "model.npz", x=x, y=y.astype(np.float32), loss=np.array(history.history["loss"]),
        predicted=np.asarray(network.predict(x, verbose=0)),
        predicted_tf_keras=legacy.predict(x, verbose=0),
        **{f"w{i}": w for i, w in enumerate(start)},
        **{f"after{i}": w for i, w in enumerate(network.get_weights())},
    )  # fmt: skip
    print(f"keras {keras.__version__}: {len(CASES)} layer cases, model losses {history.history}")


if __name__ == "__main__":
    main()
