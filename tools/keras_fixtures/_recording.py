"""What the fixture scripts share: saving a case, random weights for a layer's variables and
fixed-pattern weights for a model's (`deterministic_weights`), the ``main`` that runs the layer
scripts' recorders on one TensorFlow thread, the tf-keras half of a script that records
tf-keras and Keras 3 in two processes (`tf_keras_half`), and an optimizer's steps (`stepped`).

The scripts run as files in the Keras venv (this folder is then first on ``sys.path``), and the
tests import them with ``tests/fixture_scripts.py``, which puts this folder on the path too.
"""

from __future__ import annotations

import json
import subprocess
import sys
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


def deterministic_weights(model: Any) -> list[np.ndarray]:
    """``model``'s weights in Keras's order, each a fixed pattern in its shape (nothing random)."""
    weights = []
    for index, weight in enumerate(model.get_weights()):
        size = int(np.prod(weight.shape))
        values = np.sin(np.arange(size, dtype="float64") * 0.7 + index + 1.0) * 0.6
        weights.append(values.reshape(weight.shape).astype("float32"))
    return weights


def tf_keras_half(script: str) -> Any:
    """What ``script`` (a fixture script's ``__file__``) prints as JSON on its last line when run
    with the argument ``tf_keras``, in a process of its own: tf-keras and Keras 3 apart."""
    run = subprocess.run([sys.executable, script, "tf_keras"], capture_output=True, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def record_legacy_steps(
    out: Path, cases: dict[str, tuple[str, dict[str, Any]]], steps: int, seed: int, spec: Any
) -> None:
    """tf-keras's legacy optimizers (``cases``: name -> (class of ``tf_keras.optimizers.legacy``,
    arguments)) stepped ``steps`` times on gradients drawn with ``seed``; writes
    ``out/steps.npz``: ``spec`` (as JSON), the starting values ``w0_start``, ``w1_start``, the
    gradients ``g0``, ``g1`` and per case the variables after every step, ``<case>_w0``,
    ``<case>_w1``."""
    import tensorflow as tf
    import tf_keras

    rng = np.random.default_rng(seed)
    starts = [rng.normal(size=(3,)).astype(np.float32), rng.normal(size=(2, 2)).astype(np.float32)]
    grads = [rng.normal(size=(steps, *w.shape)).astype(np.float32) for w in starts]
    arrays = {"w0_start": starts[0], "w1_start": starts[1], "g0": grads[0], "g1": grads[1]}
    for name, (class_name, arguments) in cases.items():
        variables = [tf.Variable(w) for w in starts]
        optimizer = getattr(tf_keras.optimizers.legacy, class_name)(**arguments)
        tensors = [tf.constant(g) for g in grads]
        arrays[f"{name}_w0"], arrays[f"{name}_w1"] = stepped(optimizer, variables, tensors)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "steps.npz", spec=json.dumps(spec), **arrays)
    print(f"tf-keras {tf_keras.__version__}: {len(cases)} cases, {steps} steps")


def stepped(optimizer: Any, variables: list[Any], grads: list[Any]) -> list[np.ndarray]:
    """Each of ``variables`` after every update of ``optimizer`` by ``grads`` (each variable's
    gradients of every step, ``(steps, *shape)``): ``(steps, *shape)`` arrays."""
    history: list[list[np.ndarray]] = [[] for _ in variables]
    for step in range(len(grads[0])):
        optimizer.apply_gradients([(g[step], v) for g, v in zip(grads, variables)])
        for kept, variable in zip(history, variables):
            kept.append(np.asarray(variable))
    return [np.stack(kept) for kept in history]
