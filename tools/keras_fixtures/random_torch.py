"""Record Keras 3's ``keras.random`` on its torch backend: what each function draws for an int
seed, for successive draws from a ``SeedGenerator``, and for ``seed=None`` after
``keras.utils.set_random_seed`` (Keras's global ``SeedGenerator``, or torch's own generator
where Keras's unseeded ``dropout`` uses it).

Run in the Keras venv (Keras 3.15.1, torch 2.13 on CPU):
    KERAS_BACKEND=torch TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/random_torch.py
Writes tests/fixtures/random_torch/GROUP.npz, one file per group of `CASES`: a JSON ``spec``
(the group's cases) and, per case, ``<case>__<i>`` (what call ``i`` returned) and
``<case>__state`` (the state of the case's ``SeedGenerator``, or of Keras's global one, after
its calls; none for an int seed).

A case is ``{"seed": SEED, "calls": [[function, kwargs], ...]}``. ``SEED`` is ``{"int": n}``
(every call takes ``seed=n``), ``{"generator": n}`` (every call takes one
``SeedGenerator(n)``), ``{"global": n}`` (``set_random_seed(n)``, then ``seed=None``) or
``{"unseeded": n}`` (``set_random_seed(n)``, then every call takes one ``SeedGenerator()``). The
kwargs ``inputs``, ``x`` and ``logits`` are nested lists, given as float32 tensors.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["KERAS_BACKEND"] = "torch"  # the numbers recorded are Keras-on-torch's

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "random_torch"
TENSOR_ARGUMENTS = ("inputs", "x", "logits")
_X = [[float(4 * row + column) for column in range(4)] for row in range(5)]  # (5, 4): 0 ... 19
_X3 = [[[float(6 * a + 2 * b + c) for c in range(2)] for b in range(3)] for a in range(2)]  # (2, 3, 2)
_LOGITS = [[0.0, math.log(3.0), -1.0], [2.0, 0.5, 1.0]]


def _each_seed(function: str, kwargs: dict[str, Any], draws: int = 3) -> dict[str, dict[str, Any]]:
    """One call with an int seed; ``draws`` calls from a ``SeedGenerator``, from Keras's global
    generator (after ``set_random_seed``) and from an unseeded ``SeedGenerator``."""
    calls = [[function, kwargs]] * draws
    return {
        f"{function}_int": {"seed": {"int": 5}, "calls": [[function, kwargs]]},
        f"{function}_generator": {"seed": {"generator": 1337}, "calls": calls},
        f"{function}_global": {"seed": {"global": 5}, "calls": calls},
        f"{function}_unseeded": {"seed": {"unseeded": 7}, "calls": calls},
    }


def _int(function: str, name: str, kwargs: dict[str, Any], seed: int = 5) -> dict[str, dict[str, Any]]:
    return {f"{function}_{name}": {"seed": {"int": seed}, "calls": [[function, kwargs]]}}


CASES: dict[str, dict[str, dict[str, Any]]] = {
    "normal": {
        **_each_seed("normal", {"shape": [2, 3]}),
        **_int("normal", "scalar", {"shape": []}),
        **_int("normal", "mean_stddev", {"shape": [3, 4], "mean": 2.0, "stddev": 0.5}),
        **_int("normal", "float64", {"shape": [4], "dtype": "float64"}),
        **_int("normal", "float16", {"shape": [4], "dtype": "float16"}),
        **_int("normal", "seed_0", {"shape": [4]}, seed=0),
        **_int("normal", "negative_seed", {"shape": [4]}, seed=-3),
        **_int("normal", "seed_over_32_bits", {"shape": [4]}, seed=2**32 + 5),
    },
    "uniform": {
        **_each_seed("uniform", {"shape": [2, 3]}),
        **_int("uniform", "scalar", {"shape": []}),
        **_int("uniform", "range", {"shape": [3, 4], "minval": -1.0, "maxval": 3.0}),
        **_int("uniform", "float64", {"shape": [4], "dtype": "float64"}),
    },
    "randint": {
        **_each_seed("randint", {"shape": [3, 4], "minval": 0, "maxval": 10}),
        **_int("randint", "scalar", {"shape": [], "minval": 0, "maxval": 10}),
        **_int("randint", "negative", {"shape": [6], "minval": -5, "maxval": 3}),
        **_int("randint", "int64", {"shape": [6], "minval": 2, "maxval": 1000, "dtype": "int64"}),
    },
    "truncated_normal": {
        **_each_seed("truncated_normal", {"shape": [3, 4]}),
        **_int("truncated_normal", "many", {"shape": [200], "mean": 1.0, "stddev": 2.0}),
        **_int("truncated_normal", "scalar", {"shape": []}),
        **_int("truncated_normal", "float64", {"shape": [2, 3, 2], "dtype": "float64"}),
    },
    "categorical": {
        **_each_seed("categorical", {"logits": _LOGITS, "num_samples": 6}),
        **_int("categorical", "int64", {"logits": _LOGITS, "num_samples": 9, "dtype": "int64"}),
    },
    "dropout": {
        **_each_seed("dropout", {"inputs": _X, "rate": 0.3}),
        **_int("dropout", "noise_shape", {"inputs": _X, "rate": 0.5, "noise_shape": [None, 1]}),
        **_int("dropout", "noise_shape_3d", {"inputs": _X3, "rate": 0.4, "noise_shape": [1, None, 2]}),
        **_int("dropout", "rate_0", {"inputs": _X, "rate": 0.0}),
        **_int("dropout", "rate_1", {"inputs": _X, "rate": 1.0}),
        "dropout_global_noise_shape": {
            "seed": {"global": 5},
            "calls": [["dropout", {"inputs": _X, "rate": 0.5, "noise_shape": [1, None]}]] * 2,
        },
        "dropout_unseeded_noise_shape": {
            "seed": {"unseeded": 7},
            "calls": [["dropout", {"inputs": _X, "rate": 0.5, "noise_shape": [None, 1]}]] * 2,
        },
    },
    "shuffle": {
        **_each_seed("shuffle", {"x": _X}),
        **_int("shuffle", "axis_1", {"x": _X, "axis": 1}),
        **_int("shuffle", "3d_axis_1", {"x": _X3, "axis": 1}),
        **_int("shuffle", "3d_axis_2", {"x": _X3, "axis": 2}),
        **_int("shuffle", "vector", {"x": _X[0] + _X[1]}),
    },
    "gamma": {
        **_each_seed("gamma", {"shape": [5], "alpha": 2.0}),
        **_int("gamma", "small_alpha", {"shape": [2, 3], "alpha": 0.5}),
        **_int("gamma", "float64", {"shape": [4], "alpha": 3.0, "dtype": "float64"}),
        **_int("gamma", "scalar", {"shape": [], "alpha": 1.5}),
    },
    "beta": {
        **_each_seed("beta", {"shape": [5], "alpha": 2.0, "beta": 3.0}),
        **_int("beta", "float64", {"shape": [2, 2], "alpha": 0.5, "beta": 0.5, "dtype": "float64"}),
    },
    "binomial": {
        **_each_seed("binomial", {"shape": [5], "counts": 10, "probabilities": 0.3}),
        **_int("binomial", "float_counts", {"shape": [2, 3], "counts": 7.0, "probabilities": 0.6}),
        **_int("binomial", "int32", {"shape": [4], "counts": 20, "probabilities": 0.5, "dtype": "int32"}),
    },
    # keras.io's GAN guide (custom_train_step_in_torch.py): one SeedGenerator(1337) draws the
    # latent vectors, then the label noise, step after step
    "sequences": {
        "gan_steps": {
            "seed": {"generator": 1337},
            "calls": [["normal", {"shape": [4, 3]}], ["uniform", {"shape": [8, 1]}]] * 2,
        },
        "mixed_global": {
            "seed": {"global": 11},
            "calls": [
                ["normal", {"shape": [3]}],
                ["gamma", {"shape": [3], "alpha": 2.0}],
                ["dropout", {"inputs": _X, "rate": 0.5}],  # torch's dropout, on torch's generator
                ["uniform", {"shape": [3]}],
            ],
        },
    },
}


def _seed(keras: Any, spec: dict[str, int]) -> Any:
    """What each of the case's calls takes as ``seed`` (and the global seeding it starts with)."""
    ((kind, value),) = spec.items()
    if kind == "int":
        return value
    if kind == "generator":
        return keras.random.SeedGenerator(value)
    keras.utils.set_random_seed(value)
    return None if kind == "global" else keras.random.SeedGenerator()


def _record_case(keras: Any, name: str, case: dict[str, Any]) -> dict[str, np.ndarray]:
    import torch
    from keras.src.random.seed_generator import global_seed_generator

    seed = _seed(keras, case["seed"])
    arrays = {}
    for index, (function, kwargs) in enumerate(case["calls"]):
        kwargs = {
            key: torch.tensor(value, dtype=torch.float32) if key in TENSOR_ARGUMENTS else value
            for key, value in kwargs.items()
        }
        if "shape" in kwargs:
            kwargs["shape"] = tuple(kwargs["shape"])
        arrays[f"{name}__{index}"] = getattr(keras.random, function)(**kwargs, seed=seed).numpy()
    generator = global_seed_generator() if seed is None else seed
    if not isinstance(generator, int):
        arrays[f"{name}__state"] = generator.state.numpy()
    return arrays


def main() -> None:
    import keras

    assert keras.backend.backend() == "torch", "run with KERAS_BACKEND=torch"
    OUT.mkdir(parents=True, exist_ok=True)
    for group, cases in CASES.items():
        arrays = {}
        for name, case in cases.items():
            arrays.update(_record_case(keras, name, case))
        np.savez_compressed(OUT / f"{group}.npz", spec=np.array(json.dumps(cases)), **arrays)
    print(f"keras {keras.__version__}: {sum(map(len, CASES.values()))} cases in {len(CASES)} files")


if __name__ == "__main__":
    main()
