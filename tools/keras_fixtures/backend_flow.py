"""Record tf-keras 2.21's ``keras.backend`` control-flow functions (``K.in_train_phase``,
``K.in_test_phase``, ``K.map_fn``, ``K.foldl``, ``K.foldr``) and the names ``K.name_scope``
gives, on the inputs of ``backend_tensors.py``.

Run in the Keras venv (tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/backend_flow.py
Writes tests/fixtures/backend_flow/values.npz: ``out_<case>``, tf-keras's result of each case of
`cases` (the test runs the same `cases` with statefulrnn's backend), and ``scopes``, the JSON
list of the names `scope_names` gets.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
from backend_tensors import inputs

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "backend_flow"


def cases(K: Any, data: dict[str, Any]) -> dict[str, Any]:  # noqa: N803 - Keras 2's K
    """Each case's result with the backend ``K`` on the tensors ``data`` (of `inputs`)."""
    m, n, x, cls = data["m23"], data["n23"], data["x234"], data["cls"]
    return {
        # the learning phase's choice; outside a layer's call None is tf-keras's phase 0 too
        "train_true": K.in_train_phase(m, n, training=True),
        "train_false": K.in_train_phase(m, n, training=False),
        "train_one": K.in_train_phase(lambda: m * 2.0, lambda: n, training=1),
        "train_zero": K.in_train_phase(lambda: m * 2.0, lambda: n, training=0),
        "train_none": K.in_train_phase(m, n),
        "train_tensor": K.in_train_phase(m, n, training=K.constant(True, dtype="bool")),
        "test_true": K.in_test_phase(m, n, training=True),
        "test_none": K.in_test_phase(lambda: m, lambda: n),
        # loops over the first axis
        "map_sum": K.map_fn(lambda row: K.sum(K.square(row)), x),
        "map_rows": K.map_fn(lambda row: K.dot(row, data["w41"]), x),  # (3, 4) . (4, 1) per sample
        "map_pairs": K.map_fn(lambda pair: pair[0] * pair[1], (m, n), dtype="float32"),
        "map_dtype": K.map_fn(lambda row: K.cast(K.argmax(row), "int32"), x, dtype="int32"),
        "map_ints": K.map_fn(lambda row: row * 2, cls),
        "foldl_sum": K.foldl(lambda total, row: total + row, x),
        "foldl_order": K.foldl(lambda total, row: total * 0.5 + row, m),
        "foldl_init": K.foldl(lambda total, row: total + K.sum(row), x, initializer=K.constant(1.0)),
        "foldr_order": K.foldr(lambda total, row: total * 0.5 + row, m),
        "foldr_init": K.foldr(lambda total, row: K.maximum(total, row), x, initializer=K.zeros((3, 4))),
    }


def scope_names(K: Any) -> list[str]:  # noqa: N803 - Keras 2's K
    """The names ``K.name_scope`` gives: nested, a name ending in ``/``, the empty name."""
    names = []
    with K.name_scope("attention") as outer:
        names.append(outer)
        with K.name_scope("score") as inner:
            names.append(inner)
            with K.name_scope("weights/") as whole:
                names.append(whole)
            with K.name_scope("") as top:
                names.append(top)
        with K.name_scope("score") as again:
            names.append(again)
    with K.name_scope("a b") as spaced:
        names.append(spaced)
    return names


def main() -> None:
    import tensorflow as tf
    from tf_keras import backend as K

    tensors = {name: tf.constant(value) for name, value in inputs().items()}
    arrays = {f"out_{name}": np.asarray(value) for name, value in cases(K, tensors).items()}
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT / "values.npz", scopes=json.dumps(scope_names(K)), **arrays)
    print(f"{len(arrays)} cases written to {OUT / 'values.npz'}")


if __name__ == "__main__":
    main()
