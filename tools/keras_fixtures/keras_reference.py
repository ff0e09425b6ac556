"""Check, or regenerate, the reference fixtures in tests/fixtures/keras_reference with real Keras.

The original generator (and its random seeds) is gone, so this script does not draw anything: it
takes every input a fixture stores (data, weights, settings, model file) and recomputes with real
Keras every number Keras computed from them (tests/fixtures/keras_reference/README.md describes
the keys):

- ``keras/*.npz`` (tf-keras 2.21, the notebook's API): the model is rebuilt from ``spec``
  (``Input(batch_shape=...)``, then each layer in order, ``Bidirectional`` with its inner layers),
  ``set_weights([w0, ...])``; after a reset ``x`` runs whole (``y_full_j``, and for a stateful
  model the states ``s_full_k``, in layer order, a ``Bidirectional``'s forward layer first), then,
  stateful models only, after another reset in consecutive chunks of the lengths in ``spec["chunks"]``
  (``y_chunk_i_j``, and the states after the last chunk ``s_chunk_k``).
- ``keras_train/*.npz`` (tf-keras 2.21): ``Sequential([LSTM or GRU(units, stateful=True,
  batch_input_shape=...), Dense(dense_units)])`` with ``w_init_i``, compiled with the ``spec``'s
  loss, optimizer (``optimizer_config``) and metrics, trained by ``spec["procedure"]`` (one
  ``fit(epochs=1, shuffle=False, validation_data=...)`` per epoch, then ``reset_states()``; then
  ``evaluate`` and ``predict``, with no reset between them): ``loss``, ``val_loss``, ``eval_loss``,
  ``eval_acc``, ``pred`` and ``w_final_i``. The ``spec`` does not name the Dense activation: as
  the README says (and tests/test_training_fixtures.py does), it is softmax for a cross-entropy
  loss and linear otherwise.
- ``keras_models/NAME.npz``: ``NAME.h5`` is loaded by tf-keras 2.21 and ``NAME.keras`` by
  Keras 3 (``compile=False``); ``y`` is the output on ``x`` after a reset and, where the npz has
  ``chunks``, ``y_chunk_i`` the outputs for consecutive chunks of ``x`` after another reset.

What cannot be regenerated from what is stored, and is therefore kept as it is: every random draw
of the original generator (the inputs ``x``/``x_train``/..., the weights ``w*``/``w_init_*``, the
``spec``), and the model files ``keras_models/*.h5``/``*.keras`` themselves (their weights exist
nowhere else, and saving again would change the files' bytes: they are inputs here, never
rewritten). Everything Keras computed from those inputs is recomputed.

Run in the Keras venv (tensorflow-cpu 2.21, tf-keras 2.21, Keras 3.15.1; one thread):
    export TF_CPP_MIN_LOG_LEVEL=3
    $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/keras_reference.py [--check] [NAME ...]
    $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/keras_reference.py --write [--out DIR] [NAME ...]
``--check`` (the default) writes nothing: per file, it prints the largest absolute difference
between the recomputed and the stored outputs, and exits non-zero if any exceeds ``--tolerance``
(1e-5) or a key is missing on either side. ``--write`` rewrites the npz files (into ``DIR``, laid
out as keras/, keras_train/, keras_models/ with the model files copied beside, or in place when
``--out`` is not given): the stored inputs keep their exact arrays and the key order stays, only
the outputs are replaced (cast to their stored dtype), so a file whose numbers Keras reproduces
exactly comes out byte-identical. NAMEs (file stems, e.g. ``seed_gru_stateful``) limit the run to those files.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("OMP_NUM_THREADS", "1")

try:
    import keras
    import tensorflow as tf
    import tf_keras
except ImportError as error:  # not the Keras venv
    sys.exit(f"{error}: run this with the Keras venv's Python, $STATEFULRNN_KERAS_PYTHON (README)")

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "keras_reference"
PROCEDURE = (
    "for each epoch: fit(x_train, y_train, batch_size, epochs=1, validation_data=(x_val, y_val), "
    "shuffle=False); reset_states(). then evaluate(x_val, y_val) and predict(x_val)"
)
# The keys each folder's files hold as inputs (kept as they are); every other key is an output.
INPUTS = {
    "keras": re.compile(r"spec|x|w\d+"),
    "keras_train": re.compile(r"spec|x_train|y_train|x_val|y_val|w_init_\d+"),
    "keras_models": re.compile(r"x|chunks"),
}
MODEL_SUFFIXES = (".h5", ".keras")

Arrays = dict[str, np.ndarray]


# keras/*.npz: forward passes, whole and chunked


def _layer(entry: dict[str, Any]) -> Any:
    config = dict(entry["config"])
    if entry["class"] == "Bidirectional":
        config["layer"] = _layer(config["layer"])
        if "backward_layer" in config:
            config["backward_layer"] = _layer(config["backward_layer"])
    return getattr(tf_keras.layers, entry["class"])(**config)


def _outputs(model: Any, x: np.ndarray) -> list[np.ndarray]:
    result = model(x)
    return [np.asarray(y) for y in (result if isinstance(result, (list, tuple)) else [result])]


def _states(model: Any) -> list[np.ndarray]:
    """The stateful layers' states in layer order (a Bidirectional's forward layer first)."""
    states = []
    for layer in model.layers:
        parts = (
            [layer.forward_layer, layer.backward_layer]
            if isinstance(layer, tf_keras.layers.Bidirectional)
            else [layer]
        )
        for part in parts:
            if getattr(part, "stateful", False):
                states += [np.asarray(tf_keras.backend.get_value(state)) for state in part.states]
    return states


def forward(stored: Arrays, path: Path) -> Arrays:
    spec = json.loads(str(stored["spec"]))
    inputs = tf_keras.Input(batch_shape=tuple(spec["batch_shape"]))
    x = inputs
    for entry in spec["layers"]:
        x = _layer(entry)(x)
    model = tf_keras.Model(inputs, x)
    count = sum(1 for key in stored if re.fullmatch(r"w\d+", key))
    model.set_weights([stored[f"w{i}"] for i in range(count)])
    data = stored["x"]
    out: Arrays = {}
    model.reset_states()
    out.update({f"y_full_{j}": y for j, y in enumerate(_outputs(model, data))})
    if not any(getattr(layer, "stateful", False) for layer in model.layers):
        return out
    out.update({f"s_full_{k}": s for k, s in enumerate(_states(model))})
    model.reset_states()
    start = 0
    for i, length in enumerate(spec["chunks"]):
        chunk = _outputs(model, data[:, start : start + length])
        out.update({f"y_chunk_{i}_{j}": y for j, y in enumerate(chunk)})
        start += length
    if start != data.shape[1]:
        raise ValueError(f"{path.name}: chunks {spec['chunks']} do not add up to T={data.shape[1]}")
    out.update({f"s_chunk_{k}": s for k, s in enumerate(_states(model))})
    return out


# keras_train/*.npz: the notebook's training procedure


def train(stored: Arrays, path: Path) -> Arrays:
    spec = json.loads(str(stored["spec"]))
    if spec["procedure"] != PROCEDURE:
        raise ValueError(f"{path.name}: a procedure this script does not replay: {spec['procedure']!r}")
    tf_keras.utils.set_random_seed(0)  # nothing random is left, but no initializer draws vary either
    activation = "softmax" if "crossentropy" in spec["loss"] else None
    model = tf_keras.Sequential(
        [
            getattr(tf_keras.layers, spec["cell"])(
                spec["units"], stateful=True, batch_input_shape=tuple(spec["batch_input_shape"])
            ),
            tf_keras.layers.Dense(spec["dense_units"], activation=activation),
        ]
    )
    count = sum(1 for key in stored if re.fullmatch(r"w_init_\d+", key))
    model.set_weights([stored[f"w_init_{i}"] for i in range(count)])
    optimizer = getattr(tf_keras.optimizers, spec["optimizer"])(**spec["optimizer_config"])
    model.compile(loss=spec["loss"], optimizer=optimizer, metrics=spec["metrics"])
    batch = spec["batch_size"]
    validation = (stored["x_val"], stored["y_val"])
    losses: list[float] = []
    val_losses: list[float] = []
    for _ in range(spec["epochs"]):
        history = model.fit(
            stored["x_train"], stored["y_train"], batch_size=batch, epochs=1,
            validation_data=validation, shuffle=False, verbose=0,
        )  # fmt: skip
        model.reset_states()
        losses += history.history["loss"]
        val_losses += history.history["val_loss"]
    eval_loss, eval_acc = model.evaluate(*validation, batch_size=batch, verbose=0)
    out: Arrays = {
        "loss": np.asarray(losses, dtype=np.float64),
        "val_loss": np.asarray(val_losses, dtype=np.float64),
        "eval_loss": np.asarray(eval_loss, dtype=np.float64),
        "eval_acc": np.asarray(eval_acc, dtype=np.float64),
        "pred": model.predict(stored["x_val"], batch_size=batch, verbose=0),
    }
    out.update({f"w_final_{i}": w for i, w in enumerate(model.get_weights())})
    return out


# keras_models/: the saved model files, reloaded


def _model_file(path: Path) -> Path:
    found = [path.with_suffix(suffix) for suffix in MODEL_SUFFIXES if path.with_suffix(suffix).exists()]
    if len(found) != 1:
        raise ValueError(f"{path.name}: expected one model file beside it ({' or '.join(MODEL_SUFFIXES)})")
    return found[0]


def _reset_keras3(model: Any) -> None:
    for layer in model.layers:
        if getattr(layer, "stateful", False) and layer.states is not None:
            # Keras 3.15's reset_state fails on a stack of cells (its states nest in lists).
            for variable in keras.tree.flatten(layer.states):
                variable.assign(np.zeros(variable.shape, dtype=variable.dtype))


def saved_model(stored: Arrays, path: Path) -> Arrays:
    file = _model_file(path)
    if file.suffix == ".h5":
        model = tf_keras.models.load_model(file, compile=False)
        reset: Callable[[], None] = model.reset_states
    else:
        model = keras.saving.load_model(file, compile=False)
        reset = functools.partial(_reset_keras3, model)
    data = stored["x"]
    reset()
    out: Arrays = {"y": np.asarray(model(data))}
    if "chunks" in stored:
        reset()
        start = 0
        for i, length in enumerate(json.loads(str(stored["chunks"]))):
            out[f"y_chunk_{i}"] = np.asarray(model(data[:, start : start + length]))
            start += length
        if start != data.shape[1]:
            raise ValueError(f"{path.name}: chunks do not add up to T={data.shape[1]}")
    return out


RECOMPUTE: dict[str, Callable[[Arrays, Path], Arrays]] = {
    "keras": forward,
    "keras_train": train,
    "keras_models": saved_model,
}


# Comparing and writing


def _compare(folder: str, stored: Arrays, new: Arrays) -> tuple[float, str, list[str]]:
    """The largest absolute difference over the outputs, its key, and what does not match up."""
    outputs = [key for key in stored if not INPUTS[folder].fullmatch(key)]
    problems = [f"{key}: stored, not recomputed" for key in outputs if key not in new]
    problems += [f"{key}: recomputed, not stored" for key in new if key not in stored]
    worst, where = 0.0, "-"
    for key in outputs:
        if key not in new:
            continue
        if np.shape(new[key]) != stored[key].shape:
            problems.append(f"{key}: shape {np.shape(new[key])}, stored {stored[key].shape}")
            continue
        diff = np.abs(np.asarray(new[key], np.float64) - stored[key].astype(np.float64))
        largest = float(np.nanmax(diff)) if diff.size else 0.0
        if np.isnan(diff).any():
            largest = float("inf")
        if largest > worst or where == "-":
            worst, where = largest, key
    return worst, where, problems


def _write(folder: str, path: Path, stored: Arrays, new: Arrays, out: Path) -> Path:
    """Rewrite the npz: the inputs as they were, the outputs recomputed, the same key order."""
    target = out / folder / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    arrays = {
        key: value if INPUTS[folder].fullmatch(key) else np.asarray(new[key]).astype(value.dtype)
        for key, value in stored.items()
    }
    np.savez(target, **arrays)
    if folder == "keras_models":
        model_file = _model_file(path)
        if model_file.parent.resolve() != target.parent.resolve():
            shutil.copy2(model_file, target.parent / model_file.name)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="file stems to process (default: every file)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare only, write nothing (the default)")
    mode.add_argument("--write", action="store_true", help="rewrite the npz files with Keras's outputs")
    parser.add_argument("--out", type=Path, help="with --write: write into this folder, not in place")
    parser.add_argument("--tolerance", type=float, default=1e-5, help="largest absolute difference allowed")
    args = parser.parse_args(argv)
    if args.out is not None and not args.write:
        parser.error("--out goes with --write")

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    out = args.out if args.out is not None else FIXTURES
    failures = []
    seen = set()
    for folder, recompute in RECOMPUTE.items():
        for path in sorted((FIXTURES / folder).glob("*.npz")):
            if args.names and path.stem not in args.names:
                continue
            seen.add(path.stem)
            with np.load(path, allow_pickle=False) as data:
                stored = {key: data[key] for key in data.files}
            tf_keras.backend.clear_session()
            keras.backend.clear_session()
            new = recompute(stored, path)
            worst, where, problems = _compare(folder, stored, new)
            line = f"{folder + '/' + path.name:<45} max |diff| {worst:.3g} ({where})"
            if worst > args.tolerance or problems:
                failures.append(path.stem)
                line += "  EXCEEDS" if worst > args.tolerance else ""
            if args.write and not problems:
                before = path.read_bytes()
                target = _write(folder, path, stored, new, out)
                same = target.read_bytes() == before
                line += f"  -> {target} ({'byte-identical' if same else 'rewritten'})"
            print(line + "".join(f"\n    {problem}" for problem in problems), flush=True)
    missing = sorted(set(args.names) - seen)
    if missing:
        print(f"no such fixture: {', '.join(missing)}")
        return 2
    versions = f"tf-keras {tf_keras.__version__}, keras {keras.__version__}, tensorflow {tf.__version__}"
    print(f"{len(seen)} files; {versions}")
    if failures:
        verb = "written anyway" if args.write else "failed"
        print(f"{len(failures)} {verb} (tolerance {args.tolerance:g}): {', '.join(failures)}")
        return 0 if args.write else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
