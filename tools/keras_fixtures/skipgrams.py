"""Record tf-keras's word2vec helpers of ``keras.preprocessing.sequence`` (Keras 3 dropped them):
``skipgrams``' pairs and labels for each case, Python's ``random`` seeded just before, and
``make_sampling_table`` for a few sizes and factors.

Run in the Keras venv (tf-keras 2.21):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/skipgrams.py
Writes tests/fixtures/skipgrams/values.json: ``sequence``, ``skipgrams`` (per case its
``arguments``, ``couples`` and ``labels``, and the next ``random.random()`` after the call, so
that the number of draws counts too) and ``sampling_tables`` (per case its arguments and values).
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "skipgrams"
SEQUENCE = [3, 1, 4, 1, 5, 0, 9, 2, 6, 5, 3, 5, 8, 9, 7, 0, 9, 3, 2, 3]
VOCABULARY = 10
CASES = {
    "default": {},
    "window_1_no_shuffle": {"window_size": 1, "shuffle": False},
    "half_negatives_categorical": {"window_size": 2, "negative_samples": 0.5, "categorical": True},
    "no_negatives_seeded": {"window_size": 3, "negative_samples": 0.0, "seed": 7},
    "sampling_table": {"window_size": 2, "sampling_table": "table"},
}
TABLES = {"small": {"size": 10, "sampling_factor": 0.05}, "default": {"size": 50}}


def main() -> None:
    from tf_keras.preprocessing.sequence import make_sampling_table, skipgrams

    table = [float(p) for p in make_sampling_table(VOCABULARY, sampling_factor=0.05)]
    recorded = {}
    for name, arguments in CASES.items():
        random.seed(0)
        given = {**arguments, "sampling_table": table} if "sampling_table" in arguments else arguments
        couples, labels = skipgrams(SEQUENCE, VOCABULARY, **given)
        recorded[name] = {
            "arguments": arguments,
            "couples": [[int(a), int(b)] for a, b in couples],
            "labels": labels,
            "next_draw": random.random(),
        }
    tables = {
        name: {"arguments": arguments, "values": make_sampling_table(**arguments).tolist()}
        for name, arguments in TABLES.items()
    }
    OUT.mkdir(parents=True, exist_ok=True)
    document = {"sequence": SEQUENCE, "vocabulary_size": VOCABULARY, "table": table}
    document.update(skipgrams=recorded, sampling_tables=tables)
    (OUT / "values.json").write_text(json.dumps(document, indent=1))
    print({name: len(case["couples"]) for name, case in recorded.items()})


if __name__ == "__main__":
    main()
