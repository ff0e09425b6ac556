"""What the layer fixture scripts (conv_norm, conv_nd, conv_transpose_nd, padding_nd,
separable_conv_nd) share:
saving a case, random weights for a layer's variables, and the ``main`` that runs their
recorders on one TensorFlow thread.

The scripts run as files in the Keras venv (this folder is then first on ``sys.path``), and the
tests import them with ``tests/fixture_scripts.py``, which puts this folder on the path too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np


def save_case(folder: Path, name: str, spec: Any, arrays: dict[str, np.ndarray]) -> None:
    """``folder/<name>.npz``: ``arrays`` and ``spec`` as JSON (read by tests.fixtures.load_case)."""
    np.savez_compressed(folder / f"{name}.npz", spec=np.array(json.dumps(spec)), **arrays)


def random_weights(variables: Iterable[Any], rng: np.random.Generator) -> list[np.ndarray]:
    """Normal draws in each Keras variable's shape; a variance is made positive."""
    weights = []
    for variable in variables:
        value = rng.normal(size=tuple(variable.shape)).astype("float32")
        if "variance" in variable.path:
            value = np.abs(value) + 0.5  # a variance must be positive
        weights.append(value)
    return weights


def record(folder: Path, *recorders: Callable[[Any], None]) -> None:
    """Run each recorder on Keras (one TensorFlow thread, so runs repeat), writing into ``folder``."""
    import keras
    import tensorflow as tf

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    folder.mkdir(parents=True, exist_ok=True)
    for recorder in recorders:
        recorder(keras)
    print(f"wrote {len(list(folder.glob('*.npz')))} fixture files to {folder} with Keras {keras.__version__}")
