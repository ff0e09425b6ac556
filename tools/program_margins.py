"""How close each public-program replay comes to failing: its worst error as a fraction of the
test's tolerance (tests/keras_programs/test_programs.py: 1e-5 relative plus 1e-6 absolute).

A program that passes by a hair on this CPU may fail on another, whose PyTorch and oneDNN round
differently; see README, "Public Keras programs, run unchanged". Run it as it is and with
PyTorch held to other vector instructions, e.g.:
    python tools/program_margins.py
    ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 python tools/program_margins.py NAME ...
Prints one line per program: the fraction (1.0 fails), and the recorded result where it is worst.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "keras_programs"))

import harness
from harness import ATOL, RTOL, SLACK


def worst(name: str) -> tuple[float, str]:
    """Program ``name``'s largest ``|ours - Keras's| / (ATOL + RTOL |Keras's|)`` and where, as
    a fraction of its own tolerance (the harness's, times its ``SLACK`` where it has one)."""
    from statefulrnn.models import BaseModel

    reference = np.load(harness.REFERENCES / f"{name}.npz")
    expected = json.loads(str(reference["events"]))
    torch.manual_seed(0)
    recorder = harness.Recorder(harness.initial_weights_of(reference))
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        harness.run(name, "statefulrnn", BaseModel, recorder)
    found = (0.0, "-")
    for number, event in enumerate(expected):
        for j in range(event["count"]):
            ours, keras = recorder.arrays[f"e{number}_{j}"], reference[f"e{number}_{j}"]
            if ours.size:
                tolerance = SLACK.get(name, 1.0) * (ATOL + RTOL * np.abs(keras))
                fraction = float(np.max(np.abs(ours - keras) / tolerance))
                if fraction > found[0]:
                    found = (fraction, f"{event['kind']} #{number}, array {j}")
    return found


def main(names: list[str]) -> None:
    for name in names or harness.program_names():
        fraction, where = worst(name)
        print(f"{name:40s} {fraction:6.3f}  {where}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
