"""Record what real Keras 3 computes for fit/evaluate/predict beyond one input and one output.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/fit_api.py
Writes tests/fixtures/fit_api/<case>.npz: the data, the initial weights of each layer
(``init/<layer>/<i>``), a JSON ``spec`` (model, compile arguments, calls; see
tests/training/fit_api_harness.py, which runs the same calls on both sides) and every result:
``call<k>/history/<log>`` per epoch, ``call<k>/result`` (evaluate's list, train_on_batch's...),
``call<k>/result/<log>`` (return_dict=True), ``call<k>/output/<j>`` (predict) and the final
weights ``final/<layer>/<i>``. Plain SGD (learning rate 0.1), ``shuffle=False``: deterministic.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "training"))

import fit_api_harness as harness  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "fit_api"
N, T, F = 8, harness.STEPS, harness.FEATURES


def _two_io_data(rng: np.random.Generator) -> dict[str, np.ndarray]:
    data = {}
    for suffix, rows in (("", N), ("_v", harness.BATCH)):
        data[f"xa{suffix}"] = rng.normal(size=(rows, T, F)).astype(np.float32)
        data[f"xb{suffix}"] = rng.normal(size=(rows, 3)).astype(np.float32)
        data[f"y_value{suffix}"] = rng.normal(size=(rows, 1)).astype(np.float32)
        data[f"y_label{suffix}"] = rng.integers(0, 3, size=(rows,)).astype(np.int64)
        data[f"y_onehot{suffix}"] = np.eye(3, dtype=np.float32)[data[f"y_label{suffix}"]]
        data[f"sw{suffix}"] = rng.uniform(0.2, 2.0, size=(rows,)).astype(np.float32)
        data[f"sw_label{suffix}"] = rng.uniform(0.0, 3.0, size=(rows,)).astype(np.float32)
    return data


X2 = ["@xa", "@xb"]
Y2 = ["@y_value", "@y_label"]
X2_V = ["@xa_v", "@xb_v"]
Y2_V = ["@y_value_v", "@y_label_v"]
X2_DICT = {"seq_in": "@xa", "aux_in": "@xb"}
Y2_DICT = {"value": "@y_value", "label": "@y_label"}
X2_V_DICT = {"aux_in": "@xb_v", "seq_in": "@xa_v"}  # any key order
Y2_V_DICT = {"label": "@y_label_v", "value": "@y_value_v"}
FIT = {"batch_size": harness.BATCH, "shuffle": False, "verbose": 0}
QUIET = {"batch_size": harness.BATCH, "verbose": 0}
RESET = {"method": "reset_states"}


def _case(model: str, compile_args: dict[str, Any], calls: list[dict[str, Any]]) -> dict[str, Any]:
    return {"model": model, "compile": compile_args, "calls": calls}


def two_io_cases() -> dict[str, dict[str, Any]]:
    scce = "sparse_categorical_crossentropy"
    return {
        "two_io_lists": _case(
            "two_io",
            {"loss": ["mse", scce], "loss_weights": [1.0, 0.5], "metrics": [["mae"], ["accuracy"]]},
            [
                {
                    "method": "fit",
                    "args": [X2, Y2],
                    "kwargs": {**FIT, "epochs": 3, "validation_data": [X2_V, Y2_V]},
                    "reset_each_epoch": True,
                },
                RESET,
                {"method": "evaluate", "args": [X2_V, Y2_V], "kwargs": QUIET},
                RESET,
                {"method": "evaluate", "args": [X2_V, Y2_V], "kwargs": {**QUIET, "return_dict": True}},
                RESET,
                {"method": "predict", "args": [X2_V], "kwargs": QUIET},
            ],
        ),
        "two_io_dicts": _case(
            "two_io",
            {
                "loss": {"label": scce, "value": "mse"},
                "loss_weights": {"value": 2.0, "label": 0.3},
                "metrics": {"value": ["mse", "mae"], "label": "accuracy"},
            },
            [
                {
                    "method": "fit",
                    "args": [X2_DICT, Y2_DICT],
                    "kwargs": {**FIT, "epochs": 2, "validation_data": [X2_V_DICT, Y2_V_DICT]},
                    "reset_each_epoch": True,
                },
                RESET,
                {"method": "evaluate", "args": [X2_V_DICT, Y2_V_DICT], "kwargs": QUIET},
                RESET,
                {"method": "predict", "args": [X2_V_DICT], "kwargs": QUIET},
            ],
        ),
        "two_io_one_loss": _case(  # one loss for every output
            "two_io",
            {"loss": "mse", "metrics": {"label": ["accuracy"]}},
            [
                {
                    "method": "fit",
                    "args": [X2, ["@y_value", "@y_onehot"]],
                    "kwargs": {**FIT, "epochs": 2},
                    "reset_each_epoch": True,
                },
                RESET,
                {"method": "evaluate", "args": [X2_V, ["@y_value_v", "@y_onehot_v"]], "kwargs": QUIET},
            ],
        ),
        "two_io_sample_weight": _case(
            "two_io",
            {"loss": ["mse", scce], "loss_weights": [1.0, 0.5], "metrics": [["mae"], ["accuracy"]]},
            [
                {
                    "method": "fit",
                    "args": [X2, Y2],  # one array: every output
                    "kwargs": {
                        **FIT,
                        "epochs": 2,
                        "sample_weight": "@sw",
                        "validation_data": [X2_V, Y2_V, "@sw_v"],
                    },
                    "reset_each_epoch": True,
                },
                RESET,
                {"method": "evaluate", "args": [X2_V, Y2_V], "kwargs": {**QUIET, "sample_weight": "@sw_v"}},
                RESET,
                {"method": "train_on_batch", "args": [X2_V, Y2_V], "kwargs": {"sample_weight": "@sw_v"}},
                {"method": "train_on_batch", "args": [X2_V, Y2_V], "kwargs": {"return_dict": True}},
                RESET,
                {"method": "test_on_batch", "args": [X2_V, Y2_V], "kwargs": {"sample_weight": "@sw_label_v"}},
            ],
        ),
        # One array per output. (Keras 3.15.1 fails on a dict of them: KeyError 0 in CompileLoss.)
        "two_io_sample_weight_per_output": _case(
            "two_io",
            {"loss": {"value": "mse", "label": scce}, "metrics": {"value": "mae"}},
            [
                {
                    "method": "fit",
                    "args": [X2, Y2],
                    "kwargs": {**FIT, "epochs": 2, "sample_weight": ["@sw", "@sw_label"]},
                    "reset_each_epoch": True,
                },
                RESET,
                {
                    "method": "evaluate",
                    "args": [X2_V, Y2_V],
                    "kwargs": {**QUIET, "sample_weight": ["@sw_v", "@sw_label_v"]},
                },
            ],
        ),
    }


def sequence_case(rng: np.random.Generator) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    data = {
        "x": rng.normal(size=(N, T, F)).astype(np.float32),
        "y": rng.normal(size=(N, T, 1)).astype(np.float32),
        "sw_steps": rng.uniform(0.0, 2.0, size=(N, T)).astype(np.float32),
    }
    data["sw_steps"][:, -1] = 0.0  # a padded last step, weighted out
    data["y_flat"] = data["y"][..., 0]
    case = _case(
        "sequence",
        {"loss": "mse", "metrics": ["mae"]},
        [
            {
                "method": "fit",
                "args": ["@x", "@y"],
                "kwargs": {**FIT, "epochs": 2, "sample_weight": "@sw_steps"},
                "reset_each_epoch": True,
            },
            RESET,
            {"method": "evaluate", "args": ["@x", "@y"], "kwargs": {**QUIET, "sample_weight": "@sw_steps"}},
            RESET,
            {
                "method": "fit",
                "args": ["@x", "@y_flat"],
                "kwargs": {**FIT, "epochs": 1},
            },  # (N, T) for (N, T, 1)
            RESET,
            {"method": "evaluate", "args": ["@x", "@y_flat"], "kwargs": QUIET},
        ],
    )
    return case, data


def classifier_cases(rng: np.random.Generator) -> dict[str, tuple[dict[str, Any], dict[str, np.ndarray]]]:
    rows = 10  # a short last batch of 2
    data = {
        "x": rng.normal(size=(rows, T, F)).astype(np.float32),
        "labels": rng.integers(0, 3, size=(rows,)).astype(np.int64),
        "x_v": rng.normal(size=(6, T, F)).astype(np.float32),
        "labels_v": rng.integers(0, 3, size=(6,)).astype(np.int64),
    }
    data["onehot"] = np.eye(3, dtype=np.float32)[data["labels"]]
    data["onehot_v"] = np.eye(3, dtype=np.float32)[data["labels_v"]]
    weights = {"0": 1.0, "1": 3.0, "2": 0.5}
    sparse = _case(
        "classifier",
        {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
        [
            {
                "method": "fit",
                "args": ["@x", "@labels"],
                "kwargs": {
                    **FIT,
                    "epochs": 2,
                    "class_weight": weights,
                    "validation_data": ["@x_v", "@labels_v"],
                },
            },
            {"method": "evaluate", "args": ["@x_v", "@labels_v"], "kwargs": QUIET},
        ],
    )
    onehot = _case(
        "classifier",
        {"loss": "categorical_crossentropy", "metrics": ["accuracy"]},
        [
            {
                "method": "fit",
                "args": ["@x", "@onehot"],
                "kwargs": {**FIT, "epochs": 2, "class_weight": weights},
            },
            {"method": "evaluate", "args": ["@x_v", "@onehot_v"], "kwargs": QUIET},
        ],
    )
    return {"class_weight_sparse": (sparse, data), "class_weight_onehot": (onehot, data)}


def flat_target_cases(rng: np.random.Generator) -> dict[str, tuple[dict[str, Any], dict[str, np.ndarray]]]:
    rows = 14  # batches of 4: 4, 4, 4, 2
    data = {
        "x": rng.normal(size=(rows, T, F)).astype(np.float32),
        "y": rng.normal(size=(rows,)).astype(np.float32),
        "x_v": rng.normal(size=(7, T, F)).astype(np.float32),
        "y_v": rng.normal(size=(7,)).astype(np.float32),
    }
    data["y_binary"] = (data["y"] > 0).astype(np.float32)
    data["y_binary_v"] = (data["y_v"] > 0).astype(np.float32)
    regression = _case(
        "regressor",
        {"loss": "mse", "metrics": ["mae"]},
        [
            {
                "method": "fit",
                "args": ["@x", "@y"],
                "kwargs": {**FIT, "epochs": 2, "validation_data": ["@x_v", "@y_v"]},
            },
            {"method": "evaluate", "args": ["@x_v", "@y_v"], "kwargs": QUIET},
        ],
    )
    binary = _case(
        "binary",
        {"loss": "binary_crossentropy", "metrics": ["accuracy"]},
        [
            {"method": "fit", "args": ["@x", "@y_binary"], "kwargs": {**FIT, "epochs": 2}},
            {"method": "evaluate", "args": ["@x_v", "@y_binary_v"], "kwargs": QUIET},
        ],
    )
    steps = _case(
        "regressor",
        {"loss": "mse", "metrics": ["mae"]},
        [
            # 4 batches a pass; 3 steps an epoch: epoch 2 takes batch 4 and stops there (the data
            # ran out), epoch 3 starts a new pass.
            {"method": "fit", "args": ["@x", "@y"], "kwargs": {**FIT, "epochs": 4, "steps_per_epoch": 3}},
            {"method": "fit", "args": ["@x", "@y"], "kwargs": {**FIT, "epochs": 2, "steps_per_epoch": 6}},
            {
                "method": "fit",
                "args": ["@x", "@y"],
                "kwargs": {
                    **FIT,
                    "epochs": 4,
                    "validation_data": ["@x_v", "@y_v"],
                    "validation_freq": 2,
                    "validation_batch_size": 3,
                },
            },
            {"method": "evaluate", "args": ["@x_v", "@y_v"], "kwargs": {**QUIET, "steps": 1}},
            {"method": "evaluate", "args": ["@x", "@y"], "kwargs": {**QUIET, "steps": 2, "batch_size": 5}},
            {"method": "predict", "args": ["@x"], "kwargs": {**QUIET, "steps": 2}},
        ],
    )
    return {"flat_target": (regression, data), "flat_target_binary": (binary, data), "steps": (steps, data)}


def compile_cases(
    rng: np.random.Generator, two_io_data: dict[str, np.ndarray]
) -> dict[str, tuple[dict[str, Any], dict[str, np.ndarray]]]:
    """Validation on a stateful model left in place; ``weighted_metrics``."""
    data = {
        "x": rng.normal(size=(N, T, F)).astype(np.float32),
        "y": rng.normal(size=(N, T, 1)).astype(np.float32),
        "x_v": rng.normal(size=(N, T, F)).astype(np.float32),
        "y_v": rng.normal(size=(N, T, 1)).astype(np.float32),
        "sw_steps": rng.uniform(0.0, 2.0, size=(N, T)).astype(np.float32),
    }
    data.update(
        x_b=data["x"][: harness.BATCH], y_b=data["y"][: harness.BATCH], sw_b=data["sw_steps"][: harness.BATCH]
    )
    # No reset anywhere: epoch 2 starts from the state validation left, and so do evaluate and
    # predict (Keras's fit leaves the validation's state in place).
    stateful_validation = _case(
        "sequence",
        {"loss": "mse", "metrics": ["mae"]},
        [
            {
                "method": "fit",
                "args": ["@x", "@y"],
                "kwargs": {**FIT, "epochs": 2, "validation_data": ["@x_v", "@y_v"]},
            },
            {"method": "evaluate", "args": ["@x_v", "@y_v"], "kwargs": QUIET},
            {"method": "predict", "args": ["@x"], "kwargs": QUIET},
        ],
    )
    # One output: "mae" in both lists is logged as weighted_mae (and listed twice by evaluate).
    weighted_steps = _case(
        "sequence",
        {"loss": "mse", "metrics": ["mae"], "weighted_metrics": ["mae", "mse"]},
        [
            {
                "method": "fit",
                "args": ["@x", "@y"],
                "kwargs": {
                    **FIT,
                    "epochs": 2,
                    "sample_weight": "@sw_steps",
                    "validation_data": ["@x_v", "@y_v", "@sw_steps"],
                },
                "reset_each_epoch": True,
            },
            RESET,
            {
                "method": "evaluate",
                "args": ["@x_v", "@y_v"],
                "kwargs": {**QUIET, "sample_weight": "@sw_steps"},
            },
            RESET,
            {"method": "evaluate", "args": ["@x_v", "@y_v"], "kwargs": {**QUIET, "return_dict": True}},
            RESET,
            {"method": "train_on_batch", "args": ["@x_b", "@y_b"], "kwargs": {"sample_weight": "@sw_b"}},
        ],
    )
    weighted_two_io = _case(
        "two_io",
        {
            "loss": ["mse", "sparse_categorical_crossentropy"],
            "metrics": [["mae"], ["accuracy"]],
            "weighted_metrics": {"value": ["mae", "mse"], "label": "accuracy"},
        },
        [
            {
                "method": "fit",
                "args": [X2, Y2],
                "kwargs": {
                    **FIT,
                    "epochs": 2,
                    "sample_weight": "@sw",
                    "validation_data": [X2_V, Y2_V, "@sw_v"],
                },
                "reset_each_epoch": True,
            },
            RESET,
            {"method": "evaluate", "args": [X2_V, Y2_V], "kwargs": {**QUIET, "sample_weight": "@sw_v"}},
            RESET,
            {
                "method": "test_on_batch",
                "args": [X2_V, Y2_V],
                "kwargs": {"sample_weight": "@sw_label_v", "return_dict": True},
            },
        ],
    )
    classes = {
        "x": rng.normal(size=(10, T, F)).astype(np.float32),
        "labels": rng.integers(0, 3, size=(10,)).astype(np.int64),
    }
    weighted_class_weight = _case(  # class_weight weighs weighted_metrics too (Keras: as sample weights)
        "classifier",
        {"loss": "sparse_categorical_crossentropy", "weighted_metrics": ["accuracy"]},
        [
            {
                "method": "fit",
                "args": ["@x", "@labels"],
                "kwargs": {**FIT, "epochs": 2, "class_weight": {"0": 1.0, "1": 3.0, "2": 0.5}},
            },
            {"method": "evaluate", "args": ["@x", "@labels"], "kwargs": QUIET},
        ],
    )
    return {
        "stateful_validation": (stateful_validation, data),
        "weighted_metrics_steps": (weighted_steps, data),
        "weighted_metrics_two_io": (weighted_two_io, two_io_data),
        "weighted_metrics_class_weight": (weighted_class_weight, classes),
    }


def keras_api() -> harness.Api:
    import keras

    return harness.Api(
        Input=keras.Input,
        Model=keras.Model,
        LSTM=keras.layers.LSTM,
        GRU=keras.layers.GRU,
        Dense=keras.layers.Dense,
        LambdaCallback=keras.callbacks.LambdaCallback,
        optimizer=lambda: keras.optimizers.SGD(learning_rate=0.1),
    )


def all_cases() -> dict[str, tuple[dict[str, Any], dict[str, np.ndarray]]]:
    rng = np.random.default_rng(12)
    two_io_data = _two_io_data(rng)
    cases = {name: (case, two_io_data) for name, case in two_io_cases().items()}
    cases["per_step_weights"] = sequence_case(rng)
    cases.update(classifier_cases(rng))
    cases.update(flat_target_cases(rng))
    cases.update(compile_cases(rng, two_io_data))
    return cases


def main(names: list[str]) -> None:
    import keras
    import tensorflow as tf

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    api = keras_api()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (spec, data) in all_cases().items():
        if names and name not in names:
            continue
        keras.utils.set_random_seed(0)
        model = harness.build(spec["model"], api)
        initial = harness.weights_of(model, "init")
        used = {k: v for k, v in data.items() if f'"@{k}"' in json.dumps(spec)}
        results = harness.run(spec, used, model, api)
        np.savez_compressed(OUT / f"{name}.npz", spec=json.dumps(spec), **used, **initial, **results)
        print(f"{name}: {sorted(k for k in results if not k.startswith('final'))}")
    print(f"keras {keras.__version__}")


if __name__ == "__main__":
    main(sys.argv[1:])
