"""Record what Keras 2's CuDNNLSTM and CuDNNGRU compute, through tf-keras's own LSTM and GRU.

Run in the Keras venv (tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/cudnn_recurrent.py
Writes tests/fixtures/cudnn_recurrent/, read by tests/layers/test_cudnn_recurrent.py.

The CuDNN layers run only on a GPU (cuDNN's kernel has no CPU implementation), so their numbers
come from the layers that compute the same formulas on weights mapped from theirs: an LSTM's
``bias`` is the CuDNN ``bias (8u,)``'s input half plus its recurrent half (cuDNN adds both); a
``GRU(reset_after=True)``'s ``bias (2, 3u)`` rows are the CuDNN ``bias (6u,)``'s input and
recurrent thirds (cuDNN's GRU is that formula, recurrent bias inside the reset gate's
product); kernels as they are.

- ``forward.npz``: ``x (2, 6, 3)``; CuDNN weights ``lstm_<i>`` (kernel, recurrent_kernel, bias)
  and ``gru_<i>``; a CuDNNLSTM(4, return_sequences=True, return_state=True)'s outputs
  ``lstm_y``, ``lstm_h``, ``lstm_c``; a CuDNNGRU(3, go_backwards=True, return_sequences=True)
  on ``lstm_y``: ``gru_y``.
- ``cudnn_model.h5``: a tf-keras model ``Input (None, 3) -> CuDNNLSTM(4, return_sequences=True)
  -> CuDNNGRU(3)`` holding those weights, saved by ``model.save`` (tf-keras builds and saves it
  on the CPU; only running it needs a GPU); ``forward.npz``'s ``model_y`` is its output on ``x``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tf_keras
from tf_keras import layers
from tf_keras.src.layers.rnn.cudnn_gru import CuDNNGRU
from tf_keras.src.layers.rnn.cudnn_lstm import CuDNNLSTM

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "cudnn_recurrent"
FEATURES, LSTM_UNITS, GRU_UNITS = 3, 4, 3


def _cudnn_weights(rng: np.random.Generator, features: int, units: int, gates: int) -> list[np.ndarray]:
    shapes = [(features, gates * units), (units, gates * units), (2 * gates * units,)]
    return [rng.normal(scale=0.5, size=shape).astype(np.float32) for shape in shapes]


def _lstm_weights(cudnn: list[np.ndarray]) -> list[np.ndarray]:
    kernel, recurrent_kernel, bias = cudnn
    half = bias.shape[0] // 2
    return [kernel, recurrent_kernel, bias[:half] + bias[half:]]


def _gru_weights(cudnn: list[np.ndarray]) -> list[np.ndarray]:
    kernel, recurrent_kernel, bias = cudnn
    return [kernel, recurrent_kernel, bias.reshape(2, -1)]


def _run(layer: layers.Layer, weights: list[np.ndarray], x: np.ndarray) -> list[np.ndarray]:
    inputs = tf_keras.Input(shape=x.shape[1:])
    model = tf_keras.Model(inputs, layer(inputs))
    model.set_weights(weights)
    outputs = model(x)
    return [np.asarray(o) for o in (outputs if isinstance(outputs, list) else [outputs])]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, 6, FEATURES)).astype(np.float32)
    lstm = _cudnn_weights(rng, FEATURES, LSTM_UNITS, 4)
    gru = _cudnn_weights(rng, LSTM_UNITS, GRU_UNITS, 3)

    lstm_layer = layers.LSTM(LSTM_UNITS, return_sequences=True, return_state=True)
    lstm_y, lstm_h, lstm_c = _run(lstm_layer, _lstm_weights(lstm), x)
    gru_layer = layers.GRU(GRU_UNITS, reset_after=True, go_backwards=True, return_sequences=True)
    (gru_y,) = _run(gru_layer, _gru_weights(gru), lstm_y)

    # The saved model: its output is the mapped layers' on x (the GRU's last output).
    inputs = tf_keras.Input(shape=(None, FEATURES))
    outputs = CuDNNGRU(GRU_UNITS)(CuDNNLSTM(LSTM_UNITS, return_sequences=True)(inputs))
    model = tf_keras.Model(inputs, outputs)
    model.set_weights([*lstm, *gru])
    model.save(OUT / "cudnn_model.h5")
    (model_y,) = _run(layers.GRU(GRU_UNITS, reset_after=True), _gru_weights(gru), lstm_y)

    arrays = {
        "x": x,
        "lstm_y": lstm_y,
        "lstm_h": lstm_h,
        "lstm_c": lstm_c,
        "gru_y": gru_y,
        "model_y": model_y,
    }
    arrays.update({f"lstm_{i}": w for i, w in enumerate(lstm)})
    arrays.update({f"gru_{i}": w for i, w in enumerate(gru)})
    np.savez(OUT / "forward.npz", **arrays)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
