"""Record the configs Keras 3 and tf-keras give their weight regularizers: both keep a factor
as a float32 in some classes, so ``get_config`` hands back the float32 value (``L1(0.005)``:
``0.004999999888241291``), and a Python float in others (Keras 3's ``L2`` and ``L1L2``).

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/regularizer_configs.py``.
Writes tests/fixtures/regularizer_configs/configs.json: ``{"keras": {case: config},
"tf_keras": {case: config}}`` for each of `CASES`, made with the library's ``regularizers``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "regularizer_configs" / "configs.json"


def cases(regularizers: ModuleType) -> dict[str, Any]:
    """The regularizers, factors not exact in float32, from either library's module."""
    return {
        "L1": regularizers.L1(0.005),
        "L2": regularizers.L2(0.01),
        "L1L2": regularizers.L1L2(l1=1e-5, l2=1e-4),
        "l1_function": regularizers.l1(0.3),
        "l2_function": regularizers.l2(0.3),
        "Orthogonal": regularizers.OrthogonalRegularizer(0.01),
    }


def main() -> None:
    import keras
    import tf_keras

    record = {
        name: {case: regularizer.get_config() for case, regularizer in cases(module.regularizers).items()}
        for name, module in (("keras", keras), ("tf_keras", tf_keras))
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
