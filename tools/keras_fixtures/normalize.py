"""Record Keras 3's ``keras.utils.normalize`` on numpy arrays: each case's input and output.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/normalize.py
Writes tests/fixtures/normalize/values.npz: a JSON ``cases`` (each case's ``axis`` and
``order``) and, per case, ``<case>_x`` and ``<case>_y``. (``axis=0`` is not recorded: Keras's
array road raises or broadcasts wrongly there.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "normalize"
CASES = {
    "l2": {"axis": -1, "order": 2},
    "l1": {"axis": -1, "order": 1},
    "max_norm_axis_1": {"axis": 1, "order": float("inf")},
    "sequences": {"axis": -1, "order": 2},
    "integers": {"axis": -1, "order": 2},
}


def main() -> None:
    import keras

    rng = np.random.default_rng(0)
    OUT.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, object] = {"cases": json.dumps(CASES)}
    for name, case in CASES.items():
        shape = (4, 5, 3) if name == "sequences" else (4, 3)
        x = rng.normal(size=shape).astype(np.float32)
        if name == "integers":
            x = rng.integers(-3, 4, size=shape)
        x[0] = 0  # a zero norm
        arrays.update({f"{name}_x": x, f"{name}_y": keras.utils.normalize(x, **case)})
    np.savez_compressed(OUT / "values.npz", **arrays)
    print(f"keras {keras.__version__}: {len(CASES)} cases")


if __name__ == "__main__":
    main()
