"""Record every activation Keras takes by name, on Keras 3 and on tf-keras (Keras 2), and
recurrent layers whose gates use the ones that are not sigmoid.

Keras 3 and tf-keras disagree on one name: ``"hard_sigmoid"`` is ``relu6(x + 3) / 6`` in Keras
3 and ``clip(0.2 x + 0.5, 0, 1)`` in tf-keras (and in the Keras 2 of old LSTM files, whose
default ``recurrent_activation`` it was until Keras 2.3).

Run in the Keras venv (Keras 3.15.1 and tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/activations.py
Writes tests/fixtures/activations/:
- ``keras3.npz`` and ``tf_keras.npz``: ``x (3, 4, 8)`` (the points where the functions bend,
  and random values) and one array per activation name that version's ``activations.get``
  takes (``threshold``, which needs arguments, is left out);
- ``rnn_<case>.npz``: a recurrent layer's JSON ``spec`` (class, version, arguments), its
  weights ``w0``... (Keras order), input ``x`` and outputs ``y`` (every step);
- ``layers.npz``: ``x`` and, per case of `LAYER_CASES`, the activation layer's output
  ``<case>`` (``mask`` is the mask given to the masked Softmax);
- ``hard_sigmoid_tf_keras.h5`` and ``hard_sigmoid_keras3.keras``: LSTM(4) with
  ``recurrent_activation="hard_sigmoid"`` and Dense(2, activation="hard_sigmoid"), saved by
  each version, and ``hard_sigmoid_files.npz``: the input ``x`` and each file's outputs
  (``y_tf_keras``, ``y_keras3``) in the Keras that saved it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "activations"

# Layers with activations other than tanh/sigmoid: they run the per-step path in statefulrnn.
RNN_CASES = {
    "gru_hard_sigmoid": {"keras": 3, "class": "GRU", "recurrent_activation": "hard_sigmoid"},
    "lstm_hard_sigmoid": {"keras": 3, "class": "LSTM", "recurrent_activation": "hard_sigmoid"},
    "lstm_hard_sigmoid_tf_keras": {"keras": 2, "class": "LSTM", "recurrent_activation": "hard_sigmoid"},
    "simple_rnn_relu6": {"keras": 3, "class": "SimpleRNN", "activation": "relu6"},
    "lstm_mish_hard_silu": {
        "keras": 3,
        "class": "LSTM",
        "activation": "mish",
        "recurrent_activation": "hard_silu",
    },
}

# case: (version, class, arguments, masked); the layers that take settings.
LAYER_CASES = {
    "leaky_relu": (3, "LeakyReLU", {}, False),
    "leaky_relu_slope": (3, "LeakyReLU", {"negative_slope": 0.1}, False),
    "leaky_relu_alpha_tf_keras": (2, "LeakyReLU", {"alpha": 0.05}, False),
    "relu6": (3, "ReLU", {"max_value": 6.0}, False),
    "relu_all": (3, "ReLU", {"max_value": 2.0, "negative_slope": 0.5, "threshold": 1.0}, False),
    "relu_threshold": (3, "ReLU", {"threshold": 1.0}, False),
    "relu_slope_cap": (3, "ReLU", {"negative_slope": 0.2, "max_value": 3.0}, False),
    "relu_slope": (3, "ReLU", {"negative_slope": 0.2}, False),
    "elu": (3, "ELU", {"alpha": 0.5}, False),
    "softmax": (3, "Softmax", {}, False),
    "softmax_axis_1": (3, "Softmax", {"axis": 1}, False),
    "softmax_axes": (3, "Softmax", {"axis": [1, 2]}, False),
    "softmax_masked": (3, "Softmax", {}, True),
}


def _grid() -> np.ndarray:
    bends = [-7, -3, -2.5, -1, -0.5, 0, 0.5, 1, 2.5, 3, 6, 7, -1e-3, 1e-3, -20, 20]
    rng = np.random.default_rng(0)
    values = np.concatenate([np.array(bends, np.float64), rng.normal(scale=3.0, size=96 - len(bends))])
    return values.astype(np.float32).reshape(3, 4, 8)


def _outputs(module, x: np.ndarray, names: list[str]) -> dict[str, np.ndarray]:
    import tensorflow as tf

    tensor = tf.constant(x)  # tf-keras's functions take tensors, not arrays
    return {name: np.asarray(module.activations.get(name)(tensor)) for name in names}


def main() -> None:
    import keras
    import tf_keras
    from keras.src import activations as keras3_activations

    OUT.mkdir(parents=True, exist_ok=True)
    x = _grid()
    names3 = sorted(name for name in keras3_activations.ALL_OBJECTS_DICT if name != "threshold")
    np.savez_compressed(OUT / "keras3.npz", x=x, **_outputs(keras, x, names3))
    names2 = []
    for name in names3:
        try:
            tf_keras.activations.get(name)
        except ValueError:
            continue
        names2.append(name)
    np.savez_compressed(OUT / "tf_keras.npz", x=x, **_outputs(tf_keras, x, names2))
    print(f"keras {keras.__version__}: {len(names3)} names; tf-keras {tf_keras.__version__}: {names2}")

    rng = np.random.default_rng(1)
    inputs = rng.normal(size=(2, 6, 3)).astype(np.float32)
    for case, spec in RNN_CASES.items():
        module = keras if spec["keras"] == 3 else tf_keras
        arguments = {key: value for key, value in spec.items() if key not in ("keras", "class")}
        layer = getattr(module.layers, spec["class"])(4, return_sequences=True, **arguments)
        layer(inputs)  # builds it
        weights = [rng.uniform(-0.8, 0.8, size=w.shape).astype(np.float32) for w in layer.get_weights()]
        layer.set_weights(weights)
        y = np.asarray(layer(inputs))
        arrays = {f"w{i}": w for i, w in enumerate(weights)}
        np.savez_compressed(OUT / f"rnn_{case}.npz", spec=json.dumps(spec), x=inputs, y=y, **arrays)
        print(f"{case}: outputs {y.shape}, |y| max {np.abs(y).max():.3f}")

    import tensorflow as tf

    results = {"x": x}
    mask = np.random.default_rng(2).random(x.shape) > 0.3
    for case, (version, name, arguments, masked) in LAYER_CASES.items():
        layer = getattr((keras if version == 3 else tf_keras).layers, name)(**arguments)
        call = {"mask": tf.constant(mask)} if masked else {}
        results[case] = np.asarray(layer(tf.constant(x), **call))
    np.savez_compressed(OUT / "layers.npz", mask=mask, **results)

    outputs = {"x": inputs}
    for label, module, suffix in (("tf_keras", tf_keras, "h5"), ("keras3", keras, "keras")):
        model = module.Sequential(
            [
                module.Input(shape=(None, 3)),
                module.layers.LSTM(4, recurrent_activation="hard_sigmoid", return_sequences=True),
                module.layers.Dense(2, activation="hard_sigmoid"),
            ]
        )
        model.set_weights(
            [rng.uniform(-1.5, 1.5, size=w.shape).astype(np.float32) for w in model.get_weights()]
        )
        model.save(OUT / f"hard_sigmoid_{label}.{suffix}")
        outputs[f"y_{label}"] = np.asarray(model(inputs))
    np.savez_compressed(OUT / "hard_sigmoid_files.npz", **outputs)


if __name__ == "__main__":
    main()
