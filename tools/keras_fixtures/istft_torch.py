"""Keras 3's ``keras.ops.istft`` on its torch backend, for the istft cases of `audio` where it
runs ``torch.istft`` (`runs_torch_istft`: frames as long as the FFT, centred, windowed): what
statefulrnn, whose ``backend()`` is ``"torch"``, computes there. ``torch.istft`` divides by the
squared windows that actually overlap each sample, exact at the signal's ends, where
TensorFlow's formula (`audio`'s fixture, which the other cases keep) divides by their
steady-state sum.

Run in the Keras venv:
    KERAS_BACKEND=torch $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/istft_torch.py
Writes tests/fixtures/istft_torch/values.npz: ``out_<id>`` for each such case of
`audio.OP_CASES` (numbered as there), on `audio.inputs`.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from audio import OP_CASES, inputs
from ops import call, numbered

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "istft_torch"


def runs_torch_istft(item: dict) -> bool:
    """Whether Keras's torch backend runs ``torch.istft`` for an `audio` case (its ``istft``:
    ``sequence_length == fft_length``, ``center`` and a window)."""
    args, kwargs = item["args"], item["kwargs"]
    return (
        item["op"] == "istft"
        and args[1] == args[3]
        and kwargs.get("center", True)
        and kwargs.get("window", "hann") is not None
    )


def main() -> None:
    if os.environ.get("KERAS_BACKEND") != "torch":
        raise SystemExit("Run with KERAS_BACKEND=torch: this fixture is Keras's torch backend's istft.")
    import keras

    arrays = inputs()
    cases = [item for item in numbered([dict(item) for item in OP_CASES]) if runs_torch_istft(item)]
    saved = {f"out_{item['id']}": keras.ops.convert_to_numpy(call(keras.ops, item, arrays)) for item in cases}
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "values.npz", **saved)
    print(f"keras {keras.__version__} ({keras.backend.backend()}): {len(cases)} istft cases")


if __name__ == "__main__":
    main()
