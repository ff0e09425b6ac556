"""Record Keras's CTC: Keras 3's ``ops.ctc_loss``, ``ops.ctc_decode`` (greedy and beam search),
``losses.CTC`` and a GRU model trained with it; tf-keras 2's ``backend.ctc_batch_cost`` and
``backend.ctc_decode``.

Run in the Keras venv (Keras 3.15.1 and tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/ctc.py
Writes tests/fixtures/ctc/values.npz:
- ``logits (4, 9, 5)``, ``labels (4, 4)`` (0-padded), ``label_length``, ``logit_length`` (one
  sample's labels too long for its steps) and ``loss``: ``ops.ctc_loss`` with blank 0;
  ``loss_blank_last`` with the labels shifted down and blank 4;
- ``decode_<case>`` and ``scores_<case>`` for each of DECODE_CASES (``ops.ctc_decode``);
- ``ctc_class``: ``losses.CTC()(labels, logits)``;
- ``x``, ``y``, ``w<i>``, ``after<i>`` and ``history``: `model` trained 2 epochs by ``fit`` with
  ``losses.CTC()`` (Adam 0.01, batch 4, no shuffling);
- ``k2_probabilities``, ``k2_labels``, ``k2_input_length``, ``k2_label_length``, ``k2_cost``
  (tf-keras's ``ctc_batch_cost``, blank last), ``k2_greedy``, ``k2_greedy_log_prob``,
  ``k2_beam``, ``k2_beam_log_prob`` (tf-keras's ``ctc_decode``, beam width 5, 2 paths);
  ``k2_padded_labels`` (rows ended by 99 or by the blank's index 4, the full width as their
  length), ``k2_padded_cost`` (their ``ctc_batch_cost``) and ``k2_label_after_null_refused``
  (TensorFlow refuses a label after a null label).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ctc"
DECODE_CASES = {
    "greedy": {"strategy": "greedy"},
    "greedy_no_merge": {"strategy": "greedy", "merge_repeated": False},
    "greedy_blank_last": {"strategy": "greedy", "mask_index": 4},
    "beam_100": {"strategy": "beam_search"},
    "beam_3_paths": {"strategy": "beam_search", "beam_width": 3, "top_paths": 3},
    "beam_2": {"strategy": "beam_search", "beam_width": 2},
    "beam_8_blank_2": {"strategy": "beam_search", "beam_width": 8, "top_paths": 2, "mask_index": 2},
}


def model(keras: Any) -> Any:
    """Sequences of 10 steps of 3 features -> a GRU -> logits of 5 classes (0 the blank)."""
    return keras.Sequential(
        [
            keras.layers.Input((10, 3)),
            keras.layers.GRU(6, return_sequences=True),
            keras.layers.Dense(5),
        ]
    )


def main() -> None:
    import keras
    import tf_keras
    from keras import ops

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 9, 5)).astype(np.float32) * 2
    labels = np.array([[1, 2, 2, 0], [3, 0, 0, 0], [4, 1, 3, 2], [2, 2, 2, 2]], np.int32)
    label_length = np.array([3, 1, 4, 4], np.int32)
    logit_length = np.array([9, 5, 7, 5], np.int32)  # the last: 2 2 2 2 needs 7 steps
    arrays: dict[str, Any] = {
        "logits": logits,
        "labels": labels,
        "label_length": label_length,
        "logit_length": logit_length,
        "loss": np.asarray(ops.ctc_loss(labels, logits, label_length, logit_length)),
        "loss_blank_last": np.asarray(
            ops.ctc_loss(labels - 1, logits, label_length, logit_length, mask_index=4)
        ),
        "ctc_class": np.asarray(keras.losses.CTC()(labels, logits)),
    }
    for name, arguments in DECODE_CASES.items():
        decoded, scores = ops.ctc_decode(logits, logit_length, **arguments)
        arrays[f"decode_{name}"], arrays[f"scores_{name}"] = np.asarray(decoded), np.asarray(scores)

    network = model(keras)
    network.compile(optimizer=keras.optimizers.Adam(0.01), loss=keras.losses.CTC())
    x = rng.normal(size=(12, 10, 3)).astype(np.float32)
    y = np.zeros((12, 4), np.int32)
    for row in range(12):
        count = 1 + row % 4
        y[row, :count] = rng.integers(1, 5, size=count)
    arrays.update({"x": x, "y": y, **{f"w{i}": w for i, w in enumerate(network.get_weights())}})
    history = network.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    arrays["history"] = np.array(history.history["loss"])
    arrays.update({f"after{i}": w for i, w in enumerate(network.get_weights())})

    probabilities = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    k2_labels = (labels - 1).clip(min=0)  # tf-keras: the blank is the last class, labels from 0
    k2_input, k2_label = logit_length[:, None], label_length[:, None]
    greedy, greedy_log_prob = tf_keras.backend.ctc_decode(probabilities, logit_length, greedy=True)
    beam, beam_log_prob = tf_keras.backend.ctc_decode(
        probabilities, logit_length, greedy=False, beam_width=5, top_paths=2
    )
    arrays.update(
        {
            "k2_probabilities": probabilities,
            "k2_labels": k2_labels,
            "k2_input_length": k2_input,
            "k2_label_length": k2_label,
            "k2_cost": np.asarray(
                tf_keras.backend.ctc_batch_cost(k2_labels, probabilities, k2_input, k2_label)
            ),
            "k2_greedy": np.asarray(greedy[0]),
            "k2_greedy_log_prob": np.asarray(greedy_log_prob),
            "k2_beam_0": np.asarray(beam[0]),
            "k2_beam_1": np.asarray(beam[1]),
            "k2_beam_log_prob": np.asarray(beam_log_prob),
        }
    )
    # TensorFlow's CTCLoss ends a row at its first "null label" (the blank's index, 4, or more):
    # keras.io's handwriting recognizer pads its labels with 99 and passes the full width.
    padded = np.array([[0, 2, 99, 99], [1, 4, 4, 4], [3, 1, 2, 0], [2, 99, 99, 99]], np.float32)
    full = np.full((4, 1), 4)
    arrays["k2_padded_labels"] = padded
    arrays["k2_padded_cost"] = np.asarray(
        tf_keras.backend.ctc_batch_cost(padded, probabilities, k2_input, full)
    )
    try:
        tf_keras.backend.ctc_batch_cost(padded[:1, [0, 2, 1, 3]], probabilities[:1], k2_input[:1], full[:1])
    except Exception as error:  # a label after a null label: TensorFlow's InvalidArgumentError
        arrays["k2_label_after_null_refused"] = np.asarray("following a null label" in str(error))
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "values.npz", **arrays)
    print(f"keras {keras.__version__}: loss {arrays['loss']}, history {arrays['history']}")


if __name__ == "__main__":
    main()
