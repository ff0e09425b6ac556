"""`statefulrnn.data.skipgrams` against tf-keras's functions (``tests/fixtures/skipgrams``,
written by ``tools/keras_fixtures/skipgrams.py``): the same pairs, labels and number of draws
from Python's ``random`` for each case, and the same sampling tables."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from statefulrnn.preprocessing.sequence import make_sampling_table, skipgrams

RECORDED = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "skipgrams" / "values.json").read_text()
)


@pytest.mark.parametrize("case", sorted(RECORDED["skipgrams"]))
def test_skipgrams_draw_tf_keras_s_pairs_from_python_s_random(case: str) -> None:
    expected = RECORDED["skipgrams"][case]
    arguments = dict(expected["arguments"])
    if "sampling_table" in arguments:
        arguments["sampling_table"] = RECORDED["table"]
    random.seed(0)
    couples, labels = skipgrams(RECORDED["sequence"], RECORDED["vocabulary_size"], **arguments)
    assert couples == expected["couples"]
    assert labels == expected["labels"]
    assert random.random() == expected["next_draw"]


@pytest.mark.parametrize("case", sorted(RECORDED["sampling_tables"]))
def test_make_sampling_table_gives_tf_keras_s_table(case: str) -> None:
    expected = RECORDED["sampling_tables"][case]
    np.testing.assert_allclose(make_sampling_table(**expected["arguments"]), expected["values"], rtol=1e-12)


def test_the_keras_namespace_has_them() -> None:
    from statefulrnn.keras.preprocessing import sequence

    assert sequence.skipgrams is skipgrams and sequence.make_sampling_table is make_sampling_table
