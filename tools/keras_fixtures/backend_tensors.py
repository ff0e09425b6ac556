"""Record tf-keras 2.21's ``keras.backend`` tensor functions (``K.dot``, ``K.batch_dot``,
``K.softmax``, ``K.round``, ``K.clip``, ``K.switch``, ...) on fixed inputs, as Keras 2 layers,
metrics and losses call them.

Run in the Keras venv (tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/backend_tensors.py
Writes tests/fixtures/backend_tensors/values.npz: the inputs ``in_<name>``, a JSON ``cases``
(each case's ``function``, ``args`` and ``kwargs``: ``"@name"`` stands for input ``name``, a
list of them for a list of inputs, lists of numbers are passed as tuples) and per case
``out_<k>``, tf-keras's result (a number or a dtype's name as a 0-d array).
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
        "halves": np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49999997, 3.5], np.float32),
        "ties": np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], np.float32),  # argmax: the first of a tie
        "row3": np.array([0.5, -0.5, 0.0], np.float32), "big": normal(2, 3) * 5,
        "mask": np.array([[True, False, True], [False, False, False]]),
        "cond3": np.array([True, False, True]), "cls": np.array([[0, 2, 1], [3, -1, 1]], np.int32),
        "idx": np.array([[1, 0], [1, 1]], np.int32), "cls2": np.array([2, 0], np.int32),
        "cls21": np.array([[2], [0]], np.int32),
        "cls231": np.array([[[0], [3], [1]], [[2], [2], [0]]], np.int32),
        "t01": np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]], np.float32),
        "onehot": np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]], np.float32),
        "p23": np.array([[0.2, 0.5, 0.3], [1.0, 0.0, 0.0]], np.float32),  # 1 and 0: the clipping
        "b4": normal(4), "b34": normal(3, 4), "b3": normal(3),
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
    # The hand-written metrics' functions: round (halves to even), clip, cast, comparisons.
    ("round", ["@halves"], {}),
    ("clip", ["@m23", 0, 1], {}),
    ("clip", ["@m23", 0.5, -0.5], {}),  # max below min: raised to min
    ("clip", ["@m23", None, 0.2], {}),
    ("cast", ["@m23", "int32"], {}),  # towards 0
    ("cast", ["@mask", "float32"], {}),
    ("cast_to_floatx", ["@cls"], {}),
    ("cast_to_floatx", [[1, 2]], {}),
    ("pow", ["@pos", 1.5], {}),
    ("pow", ["@m23", 2], {}),
    ("maximum", ["@m23", "@n23"], {}),
    ("minimum", ["@m23", "@row3"], {}),  # broadcast
    ("equal", ["@ties", 3.0], {}),
    ("not_equal", ["@m23", "@row3"], {}),
    ("greater", ["@m23", "@row3"], {}),
    ("greater_equal", ["@ties", 2.0], {}),
    ("less", ["@m23", 0.0], {}),
    ("less_equal", ["@ties", 2.0], {}),
    ("argmax", ["@ties"], {}),  # the last axis by default, int64
    ("argmax", ["@x234", 1], {}),
    ("argmin", ["@ties"], {}),
    ("argmin", ["@m23", 0], {}),
    ("switch", ["@mask", "@m23", "@n23"], {}),
    ("switch", ["@cond3", "@m23", "@n23"], {}),  # rank 1: against the last axis
    ("switch", ["@mask", "@x234", "@y234"], {}),  # rank 2: against the leading axes
    # Reductions.
    ("std", ["@x234"], {}),
    ("std", ["@x234"], {"axis": 1, "keepdims": True}),
    ("var", ["@x234"], {"axis": -1}),
    ("any", ["@mask"], {"axis": 1}),
    ("any", ["@m23"], {}),
    ("all", ["@mask"], {"axis": 0, "keepdims": True}),
    ("prod", ["@m23"], {"axis": 1}),
    ("prod", ["@m23"], {}),
    ("cumsum", ["@m23"], {}),  # axis 0 by default
    ("cumsum", ["@x234"], {"axis": 2}),
    ("l2_normalize", ["@x234"], {"axis": -1}),
    ("l2_normalize", ["@m23"], {}),  # every axis
    # Shapes and makers.
    ("stack", [["@m23", "@n23"]], {}),
    ("stack", [["@m23", "@n23"]], {"axis": -1}),
    ("stack", [[]], {}),  # an empty list: an empty float32 vector (tf.stack converts the list)
    ("gather", ["@x234", "@idx"], {}),
    ("one_hot", ["@cls", 3], {}),  # 3 and -1 are outside: zeros
    ("tile", ["@m23", [2, 1]], {}),
    ("tile", ["@b4", 3], {}),
    ("repeat_elements", ["@m23", 2, 1], {}),
    ("flatten", ["@x234"], {}),
    ("batch_flatten", ["@x234"], {}),
    ("eye", [3], {}),
    ("eye", [2, "int32"], {}),
    ("arange", [5], {}),  # int32
    ("arange", [2, 9, 3], {}),
    ("arange", [0, 3, 0.5], {}),  # a float bound: float32, not cast to the default int32
    ("arange", [-3], {}),  # one negative bound: empty
    ("arange", [1, 4], {"dtype": "float64"}),
    ("arange", [4, 0, -1], {}),
    ("reverse", ["@x234", 1], {}),
    ("reverse", ["@x234", [0, 2]], {}),
    ("repeat", ["@m23", 4], {}),  # (2, 3): (2, 4, 3)
    ("cumprod", ["@m23"], {}),  # axis 0 by default
    ("cumprod", ["@x234"], {"axis": -1}),
    ("zeros", [[2, 3]], {}),
    ("ones", [[2, 3], "int32"], {}),
    ("zeros_like", ["@cls"], {}),
    ("ones_like", ["@m23"], {}),
    ("constant", [2.5], {"shape": [2, 3]}),
    ("constant", [[1, 2, 3, 4]], {"shape": [2, 2]}),
    ("variable", ["@m23"], {}),
    ("eval", ["@m23"], {}),
    ("stop_gradient", ["@m23"], {}),
    ("shape", ["@x234"], {}),
    ("ndim", ["@x234"], {}),
    ("dtype", ["@cls"], {}),
    ("count_params", ["@x234"], {}),
    ("is_keras_tensor", ["@m23"], {}),  # a tensor with values is not
    ("bias_add", ["@x234", "@b4"], {}),
    ("bias_add", ["@x234", "@b34"], {}),
    ("bias_add", ["@x234", "@b3"], {"data_format": "channels_first"}),
    # Activations.
    ("relu", ["@big"], {}),
    ("relu", ["@big"], {"alpha": 0.1}),
    ("relu", ["@big"], {"max_value": 6}),
    ("relu", ["@big"], {"alpha": 0.2, "max_value": 2.5, "threshold": 0.5}),
    ("relu", ["@big"], {"threshold": -1.0}),
    ("elu", ["@big"], {}),
    ("elu", ["@big", 0.5], {}),
    ("softplus", ["@big"], {}),
    ("softsign", ["@big"], {}),
    ("hard_sigmoid", ["@big"], {}),  # 0.2 x + 0.5, clipped
    ("sign", ["@ties"], {}),
    ("sign", ["@m23"], {}),
    ("cos", ["@m23"], {}),
    ("sin", ["@m23"], {}),
    # Crossentropies, K's order: target, output.
    ("binary_crossentropy", ["@t01", "@p23"], {}),
    ("binary_crossentropy", ["@t01", "@m23"], {"from_logits": True}),
    ("categorical_crossentropy", ["@onehot", "@p23"], {}),
    ("categorical_crossentropy", ["@onehot", "@m23"], {"from_logits": True}),
    ("sparse_categorical_crossentropy", ["@cls2", "@p23"], {}),
    ("sparse_categorical_crossentropy", ["@cls21", "@m23"], {"from_logits": True}),
    ("sparse_categorical_crossentropy", ["@cls231", "@x234"], {"from_logits": True}),  # (N, T, 1): (N, T)
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
