"""Record tf-keras 2.21's ``keras.backend`` tensor functions (``K.dot``, ``K.batch_dot``,
``K.softmax``, ...) on fixed inputs, as Keras 2 layers call them.

Run in the Keras venv (tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/backend_tensors.py
Writes tests/fixtures/backend_tensors/values.npz: the inputs ``in_<name>``, a JSON ``cases``
(each case's ``function``, ``args`` and ``kwargs``: ``"@name"`` stands for input ``name``, a
list of them for a list of inputs, lists of numbers are passed as tuples) and per case
``out_<k>``, tf-keras's result.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "backend_tensors"


def inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)

    def normal(*shape: int) -> np.ndarray:
        return rng.normal(size=shape).astype(np.float32)

    return {
        "m23": normal(2, 3), "n23": normal(2, 3), "x234": normal(2, 3, 4), "y234": normal(2, 3, 4),
        "w41": normal(4, 1), "y542": normal(5, 4, 2), "m24": normal(2, 4), "y254": normal(2, 5, 4),
        "x243": normal(2, 4, 3), "y245": normal(2, 4, 5), "x3224": normal(2, 3, 2, 4),
        "y2543": normal(2, 5, 4, 3), "s231": normal(2, 3, 1), "pos": np.abs(normal(2, 3)) + 0.1,
    }  # fmt: skip


CASES: list[tuple[str, list[Any], dict[str, Any]]] = [
    ("dot", ["@x234", "@w41"], {}),  # the attention score: (batch, steps, features) . (features, 1)
    ("dot", ["@x234", "@y542"], {}),  # an N-D y: its second-to-last axis is summed
    ("batch_dot", ["@m23", "@n23"], {}),  # two (batch, n): (batch, 1)
    ("batch_dot", ["@x234", "@m24"], {"axes": [2, 1]}),
    ("batch_dot", ["@x234", "@y254"], {"axes": [2, 2]}),
    ("batch_dot", ["@x243", "@y254"], {"axes": [1, 2]}),
    ("batch_dot", ["@x234", "@y234"], {"axes": 1}),
    ("batch_dot", ["@x243", "@y234"], {}),  # the last axis of x against y's second-to-last
    ("batch_dot", ["@x3224", "@y245"], {}),  # x of rank 4: its middle axes stay
    ("batch_dot", ["@x234", "@y2543"], {}),  # y of rank 4: its trailing axes stay
    ("batch_dot", ["@m24", "@y254"], {"axes": [1, 2]}),  # a 2-D x: its added axis goes again
    ("permute_dimensions", ["@x234", [0, 2, 1]], {}),
    ("transpose", ["@m23"], {}),
    ("transpose", ["@x234"], {}),  # every axis reversed
    ("expand_dims", ["@m23"], {}),  # the last axis by default
    ("expand_dims", ["@m23", 1], {}),
    ("squeeze", ["@s231", -1], {}),
    ("concatenate", [["@x234", "@y234"]], {}),  # the last axis by default
    ("concatenate", [["@x234", "@y234"], 1], {}),
    ("reshape", ["@x234", [2, 12]], {}),
    ("softmax", ["@x234"], {}),
    ("softmax", ["@s231", 1], {}),  # the Keras 2 attention's softmax over steps, as (batch, steps, 1)
    ("sum", ["@x234"], {"axis": 1}),
    ("sum", ["@x234"], {}),
    ("mean", ["@x234"], {"axis": -1, "keepdims": True}),
    ("max", ["@x234"], {"axis": 1}),
    ("min", ["@x234"], {"axis": [1, 2]}),
    ("tanh", ["@x234"], {}),
    ("sigmoid", ["@x234"], {}),
    ("exp", ["@m23"], {}),
    ("log", ["@pos"], {}),
    ("abs", ["@m23"], {}),
    ("square", ["@m23"], {}),
    ("sqrt", ["@m23"], {}),  # negative inputs clipped to 0 first
]


def _resolve(value: Any, data: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return data[value[1:]]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [_resolve(v, data) for v in value]
    return tuple(value) if isinstance(value, list) else value


def main() -> None:
    import tensorflow as tf
    from tf_keras import backend as K

    data = inputs()
    arrays = {f"in_{name}": value for name, value in data.items()}
    tensors = {name: tf.constant(value) for name, value in data.items()}  # as a layer's call gets them
    cases = []
    for k, (function, args, kwargs) in enumerate(CASES):
        resolved = [_resolve(a, tensors) for a in args]
        kw = {key: _resolve(v, tensors) for key, v in kwargs.items()}
        arrays[f"out_{k}"] = np.asarray(getattr(K, function)(*resolved, **kw))
        cases.append({"function": function, "args": args, "kwargs": kwargs})
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT / "values.npz", cases=json.dumps(cases), **arrays)
    print(f"{len(cases)} cases written to {OUT / 'values.npz'}")


if __name__ == "__main__":
    main()
