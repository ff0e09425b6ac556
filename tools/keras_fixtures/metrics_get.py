"""What Keras 3's ``keras.metrics.get`` gives for every name it knows, and for a config dict:
the truth for ``statefulrnn.metrics.get``.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/metrics_get.py
Writes tests/fixtures/metrics_get.json: by identifier, the kind of answer (``instance``,
``function`` or ``error``), its class (or function) name, and an instance's ``name``.
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "metrics_get.json"

CONFIGS = {
    "config dict": {"class_name": "CategoricalCrossentropy", "config": {"from_logits": True, "name": "cce"}},
    "config dict, default name": {"class_name": "Precision", "config": {"thresholds": 0.3}},
}


def answer(get: Any, identifier: Any) -> dict[str, Any]:
    try:
        found = get(identifier)
    except Exception as error:  # Keras raises TypeError or ValueError; the kind is what counts
        return {"kind": "error", "error": type(error).__name__}
    if inspect.isfunction(found):
        return {"kind": "function", "name": found.__name__}
    return {"kind": "instance", "class": type(found).__name__, "name": found.name}


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras
    from keras.src.metrics import ALL_OBJECTS_DICT

    answers = {name: answer(keras.metrics.get, name) for name in sorted(ALL_OBJECTS_DICT)}
    answers.update({label: answer(keras.metrics.get, config) for label, config in CONFIGS.items()})
    answers["not a metric"] = answer(keras.metrics.get, "not_a_metric")
    document = {"keras": keras.__version__, "configs": CONFIGS, "answers": answers}
    OUT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(answers)} identifiers)")


if __name__ == "__main__":
    main()
