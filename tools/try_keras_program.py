"""Try a candidate public Keras program, in the corpus's format, before it joins the corpus: run
it on real Keras and on statefulrnn, and compare as tests/keras_programs/test_programs.py does.

    STATEFULRNN_KERAS_PYTHON=/path/to/keras-venv/bin/python python tools/try_keras_program.py DIR NAME

``DIR/NAME.py`` holds the program with the corpus's header lines (``# source:``, ``# commit:``,
``# keras: tf_keras|keras``, ``# exercises:``, ``# reduced:``; see the programs in
tests/keras_programs/programs/). The Keras side runs `tools/keras_programs.py` with the folder in
place of the corpus's and writes ``DIR/NAME.npz``; the statefulrnn side replays it. Prints OK,
or the first difference (events, or an array beyond the corpus's tolerances); exit status 0 only
for OK. A program written for Keras's torch backend (``# backend: torch``) is run with
``KERAS_BACKEND=torch`` set in the environment. Copy a program that passes into the corpus and
record its reference there with `tools/keras_programs.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "keras_programs"))

import harness  # noqa: E402 - found through the path set above


def keras_side(folder: Path, name: str) -> None:
    sys.path.insert(0, str(REPO / "tools"))
    import keras_programs

    harness.PROGRAMS, harness.REFERENCES = folder, folder
    keras_programs.main([name])


def statefulrnn_side(folder: Path, name: str) -> int:
    import numpy as np
    import torch

    from statefulrnn.models import BaseModel

    harness.PROGRAMS, harness.REFERENCES = folder, folder
    reference = np.load(folder / f"{name}.npz")
    torch.manual_seed(0)
    recorder = harness.Recorder(harness.initial_weights_of(reference))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        harness.run(name, "statefulrnn", BaseModel, recorder)
    try:
        harness.compare(name, recorder, reference)
    except AssertionError as error:
        print(f"DIFFERS: {error}")
        return 1
    print(f"OK: {name} matches Keras ({len(recorder.events)} events)")
    return 0


def main(arguments: list[str]) -> int:
    folder, name = Path(arguments[0]).resolve(), arguments[1]
    if arguments[2:] == ["--keras-side"]:
        keras_side(folder, name)
        return 0
    keras_python = os.environ.get("STATEFULRNN_KERAS_PYTHON")
    if not keras_python:
        print("Set STATEFULRNN_KERAS_PYTHON to the Python of the Keras venv (README, 'Reference numbers').")
        return 2
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    # The program's backend set here: keras_programs.py runs a program for another backend in a
    # process of its own, which looks for it in the corpus's folder, not in ``folder``.
    harness.PROGRAMS = folder
    environment["KERAS_BACKEND"] = harness.header(name).get("backend", "tensorflow")
    if subprocess.run(
        [keras_python, __file__, str(folder), name, "--keras-side"], env=environment
    ).returncode:
        print("KERAS SIDE FAILED: the program does not run on Keras as reduced")
        return 2
    return statefulrnn_side(folder, name)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
