"""Record tf-keras 2.21's ``keras.backend`` loop, window and variable functions: ``K.rnn`` (with
masks, constants, going backwards, unrolled, time-major, ``input_length``), ``K.conv1d``,
``K.conv2d``, ``K.pool2d``, ``K.temporal_padding``, ``K.spatial_2d_padding``, ``K.resize_images``,
``K.batch_normalization``, ``K.moving_average_update``, ``K.in_top_k``, the
variable updates (``K.update``, ``K.update_add``, ``K.update_sub``, ``K.batch_get_value``,
``K.batch_set_value``) and what ``K.print_tensor`` prints.

Run in the Keras venv (tf-keras 2.21 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/backend_more.py
Writes tests/fixtures/backend_more/values.npz: ``out_<case>``, tf-keras's result of each case of
`cases` (the test runs the same `cases` with statefulrnn's backend), and ``printed``, the JSON
list of the texts `printed_cases` prints.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "backend_more"


def inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)

    def normal(*shape: int) -> np.ndarray:
        return rng.normal(size=shape).astype(np.float32)

    return {
        "seq": normal(2, 5, 3), "w34": normal(3, 4) * 0.5, "u44": normal(4, 4) * 0.5,
        "h0": normal(2, 4), "c0": normal(2, 4), "const": normal(2, 4),
        "mask": np.array([[True, True, False, True, False], [False, True, True, True, True]]),
        "lengths": np.array([3, 5], np.int32), "seq2": normal(2, 5, 2), "w24": normal(2, 4) * 0.5,
        "x173": normal(2, 7, 3), "k334": normal(3, 3, 4), "x2653": normal(2, 6, 5, 3),
        "k3234": normal(3, 2, 3, 4), "img": normal(2, 5, 7, 3), "small": normal(2, 2, 3, 2),
        "scores": np.array([[0.1, 0.5, 0.5, 0.2], [0.3, 0.2, 0.1, 0.4], [0.0, 0.0, 0.0, 0.0]], np.float32),
        "targets": np.array([2, 1, 3], np.int32), "outside": np.array([4, -1, 0], np.int32),
        "m23": normal(2, 3), "n23": normal(2, 3),
    }  # fmt: skip


def _simple_step(K: Any, w: Any, u: Any) -> Callable[[Any, Any], Any]:  # noqa: N803 - Keras 2's K
    """A SimpleRNN step written with K, as custom layers write it: ``(output, [new state])``."""

    def step(x: Any, states: Any) -> Any:
        h = K.tanh(K.dot(x, w) + K.dot(states[0], u))
        return h, [h]

    return step


def _rnn(name: str, result: Any) -> dict[str, Any]:
    """``K.rnn``'s ``(last_output, outputs, new_states)`` as cases ``<name>_last``, ..."""
    last, outputs, states = result
    cases = {f"{name}_last": last, f"{name}_outputs": outputs}
    cases.update({f"{name}_state{k}": state for k, state in enumerate(states)})
    return cases


def cases(K: Any, data: dict[str, Any]) -> dict[str, Any]:  # noqa: N803 - Keras 2's K
    """Each case's result with the backend ``K`` on the tensors ``data`` (of `inputs`)."""
    seq, w, u, h0, mask = data["seq"], data["w34"], data["u44"], data["h0"], data["mask"]
    step = _simple_step(K, w, u)
    out: dict[str, Any] = {}
    out.update(_rnn("rnn", K.rnn(step, seq, [h0])))
    out.update(_rnn("rnn_back", K.rnn(step, seq, [h0], go_backwards=True)))
    out.update(_rnn("rnn_mask", K.rnn(step, seq, [h0], mask=mask)))
    out.update(_rnn("rnn_mask_zero", K.rnn(step, seq, [h0], mask=mask, zero_output_for_mask=True)))
    out.update(_rnn("rnn_mask_back", K.rnn(step, seq, [h0], mask=mask, go_backwards=True)))
    out.update(_rnn("rnn_mask_float", K.rnn(step, seq, [h0], mask=K.cast(mask, "float32"))))
    out.update(_rnn("rnn_unroll", K.rnn(step, seq, [h0], unroll=True)))
    out.update(_rnn("rnn_unroll_mask", K.rnn(step, seq, [h0], mask=mask, unroll=True)))
    out.update(_rnn("rnn_unroll_back", K.rnn(step, seq, [h0], mask=mask, unroll=True, go_backwards=True)))
    # unrolled backwards with zeros for masked steps: tf-keras lines the mask up with the
    # reversed outputs in its original order (the loop does not), recorded as it is
    out.update(
        _rnn("rnn_unroll_back_zero", K.rnn(
            step, seq, [h0], mask=mask, unroll=True, go_backwards=True, zero_output_for_mask=True
        ))
    )  # fmt: skip
    out.update(_rnn("rnn_last_only", K.rnn(step, seq, [h0], return_all_outputs=False)))
    out.update(_rnn("rnn_last_only_mask", K.rnn(step, seq, [h0], mask=mask, return_all_outputs=False)))
    out.update(
        _rnn("rnn_time_major", K.rnn(step, K.permute_dimensions(seq, (1, 0, 2)), [h0], time_major=True))
    )
    out.update(_rnn("rnn_length", K.rnn(step, seq, [h0], input_length=data["lengths"])))
    out.update(
        _rnn("rnn_length_back", K.rnn(step, seq, [h0], input_length=data["lengths"], go_backwards=True))
    )
    out.update(
        _rnn(
            "rnn_length_zero",
            K.rnn(step, seq, [h0], input_length=data["lengths"], zero_output_for_mask=True),
        )
    )

    def lstm_step(x: Any, states: Any) -> Any:  # two states and a constant (the attention context)
        h, c, context = states
        gate = K.sigmoid(K.dot(x, w) + K.dot(h, u) + context)
        c_new = gate * c + (1.0 - gate) * K.tanh(K.dot(x, w))
        h_new = gate * K.tanh(c_new)
        return h_new, [h_new, c_new]

    out.update(_rnn("rnn_constants", K.rnn(lstm_step, seq, [h0, data["c0"]], constants=[data["const"]])))
    out.update(_rnn("rnn_constants_mask", K.rnn(
        lstm_step, seq, [h0, data["c0"]], constants=[data["const"]], mask=mask, go_backwards=True
    )))  # fmt: skip

    def pair_step(x: Any, states: Any) -> Any:  # two inputs per step, a pair of outputs
        h = K.tanh(K.dot(x[0], w) + K.dot(x[1], data["w24"]) + K.dot(states[0], u))
        return h, [h]

    out.update(_rnn("rnn_nested", K.rnn(pair_step, [seq, data["seq2"]], [h0], mask=mask)))

    x173, k334, x2653, k3234, img = data["x173"], data["k334"], data["x2653"], data["k3234"], data["img"]
    out.update({
        "conv1d": K.conv1d(x173, k334),
        "conv1d_same": K.conv1d(x173, k334, padding="same"),
        "conv1d_causal": K.conv1d(x173, k334, padding="causal", dilation_rate=2),
        "conv1d_strides": K.conv1d(x173, k334, strides=2, padding="same"),
        "conv1d_dilated": K.conv1d(x173, k334, dilation_rate=2),
        "conv1d_first": K.conv1d(K.permute_dimensions(x173, (0, 2, 1)), k334, data_format="channels_first"),
        "conv2d": K.conv2d(x2653, k3234),
        "conv2d_same": K.conv2d(x2653, k3234, padding="same"),
        "conv2d_strides": K.conv2d(x2653, k3234, strides=(2, 2), padding="same"),
        "conv2d_dilated": K.conv2d(x2653, k3234, dilation_rate=(2, 1)),
        "conv2d_first": K.conv2d(
            K.permute_dimensions(x2653, (0, 3, 1, 2)), k3234, strides=(1, 2), data_format="channels_first"
        ),
        "pool_max": K.pool2d(img, (2, 2)),
        "pool_max_strided": K.pool2d(img, (2, 2), strides=(2, 2)),
        "pool_max_same": K.pool2d(img, (3, 3), strides=(2, 2), padding="same"),
        "pool_avg": K.pool2d(img, (2, 3), pool_mode="avg"),
        "pool_avg_same": K.pool2d(img, (3, 3), strides=(2, 2), padding="same", pool_mode="avg"),
        "pool_first": K.pool2d(
            K.permute_dimensions(img, (0, 3, 1, 2)), (2, 2), strides=(2, 1), padding="same",
            data_format="channels_first", pool_mode="avg",
        ),
        "temporal_padding": K.temporal_padding(x173),
        "temporal_padding_2_0": K.temporal_padding(x173, (2, 0)),
        "spatial_2d_padding": K.spatial_2d_padding(img),
        "spatial_2d_padding_first": K.spatial_2d_padding(
            K.permute_dimensions(img, (0, 3, 1, 2)), ((0, 2), (1, 0)), data_format="channels_first"
        ),
        "batch_normalization": K.batch_normalization(
            data["seq"], data["m23"][0], K.abs(data["n23"][0]), data["m23"][1], data["n23"][1]
        ),
        "batch_normalization_4d": K.batch_normalization(
            img, data["m23"][0], K.abs(data["n23"][0]), None, data["n23"][1], axis=-1, epsilon=0.01
        ),
        "resize_nearest": K.resize_images(data["small"], 2, 3, "channels_last"),
        "resize_bilinear": K.resize_images(data["small"], 3, 2, "channels_last", interpolation="bilinear"),
        "resize_first": K.resize_images(
            K.permute_dimensions(data["small"], (0, 3, 1, 2)), 2, 2, "channels_first", "bilinear"
        ),
        "in_top_1": K.in_top_k(data["scores"], data["targets"], 1),  # a tie at the top counts as in
        "in_top_2": K.in_top_k(data["scores"], data["targets"], 2),
        "in_top_outside": K.in_top_k(data["scores"], data["outside"], 3),  # a class outside: False
    })  # fmt: skip

    m, n = data["m23"], data["n23"]
    variables = [K.variable(m) for _ in range(6)]
    out["update"] = K.update(variables[0], n)
    out["update_add"] = K.update_add(variables[1], n)
    out["update_sub"] = K.update_sub(variables[2], n)
    averaged = K.variable(m)
    out["moving_average_update"] = K.moving_average_update(averaged, n, 0.9)
    out["moving_average_variable"] = averaged
    out["updated_variables"] = K.stack(variables[:3])  # the variables changed in place
    out.update({f"batch_get_{k}": value for k, value in enumerate(K.batch_get_value(variables[:2]))})
    K.batch_set_value([(variables[3], np.ones((2, 3))), (variables[4], [[1, 2, 3], [4, 5, 6]])])
    out["batch_set"] = K.stack(variables[3:5])  # float64 ones and ints, as float32
    out["print_tensor"] = K.print_tensor(variables[5] * 2.0, message="doubled:")
    return out


def printed_cases(K: Any) -> list[tuple[Any, str, int | None]]:  # noqa: N803 - Keras 2's K
    """``(tensor, message, summarize)`` for ``K.print_tensor``: ranks 0 to 3, float32, float64,
    ints, bools, special values and the summarized ends."""
    return [
        (K.constant([[1.0, 2.5], [3.0, 4.0]]), "x =", 3),
        (K.constant(np.arange(10) / 3), "", 3),  # float32: as few digits as read back the same
        (K.constant(np.arange(24).reshape(2, 3, 4) / 7, dtype="float64"), "f64", 3),
        (K.constant(np.arange(72).reshape(8, 9) - 20.5), "big", 3),
        (K.constant(np.arange(72).reshape(8, 9)), "all", -1),
        (K.constant(np.arange(125).reshape(5, 5, 5), dtype="int32"), "cube", 1),
        (K.constant([np.nan, np.inf, -np.inf, 1e-8, 1e20, -0.0, 123456789.0]), "special", 3),
        (K.constant(3.5), "scalar", 3),
        (K.constant([True, False, True], dtype="bool"), "bools", None),
        (K.constant(np.arange(8) * 1.5), "none", None),
    ]


def _captured(function: Callable[[], Any]) -> str:
    """What ``function`` writes to the process's standard output (tf.print writes there, past
    Python's ``sys.stdout``)."""
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile(mode="w+b") as file:
        os.dup2(file.fileno(), 1)
        try:
            function()
            sys.stdout.flush()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        file.seek(0)
        return file.read().decode()


def main() -> None:
    import tensorflow as tf
    from tf_keras import backend as K

    tensors = {name: tf.constant(value) for name, value in inputs().items()}
    arrays = {f"out_{name}": np.asarray(value) for name, value in cases(K, tensors).items()}
    printed = [
        _captured(lambda t=tensor, m=message, s=summarize: K.print_tensor(t, message=m, summarize=s))
        for tensor, message, summarize in printed_cases(K)
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT / "values.npz", printed=json.dumps(printed), **arrays)
    print(f"{len(arrays)} cases and {len(printed)} printed tensors written to {OUT / 'values.npz'}")


if __name__ == "__main__":
    main()
