"""Public Keras programs, reduced to small runs, on statefulrnn with only their imports changed.

Each program in ``programs/`` was run on real Keras by ``tools/keras_programs.py``; its losses,
metrics, predictions and final weights are in ``reference/``. Here the same source runs with
``keras`` replaced by ``statefulrnn`` in its import lines, and everything it computed must agree
to 1e-5 relative.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from statefulrnn.models import BaseModel

from . import harness

NAMES = harness.program_names()


def test_every_program_has_a_reference_and_a_source() -> None:
    assert len(NAMES) >= 10
    assert sorted(p.stem for p in harness.REFERENCES.glob("*.npz")) == NAMES
    for name in NAMES:
        fields = harness.header(name)
        assert {"source", "commit", "keras", "exercises"} <= set(fields), name


@pytest.mark.parametrize(
    ("line", "rewritten"),
    [
        ("import tensorflow as tf  # 2.x", "import statefulrnn as tf  # 2.x"),  # keras.io's imdb LSTM
        ("import tensorflow", "import statefulrnn as tensorflow"),  # for tensorflow.__version__
        ("import tensorflow_hub as hub", "import tensorflow_hub as hub"),  # another package: kept
        ("import keras  # Keras 3", "import statefulrnn as keras"),
        ("from tensorflow import keras  # tf.keras", "import statefulrnn as keras"),
        ("import keras.callbacks", "import statefulrnn as keras"),  # binds keras (Keras 2's image_ocr)
        ("    from keras.layers import LSTM  # x", "    from statefulrnn.layers import LSTM  # x"),
    ],
)
def test_an_import_line_ending_in_a_comment_is_rewritten(line: str, rewritten: str) -> None:
    assert harness.rewrite_imports(line, "statefulrnn") == rewritten


@pytest.mark.parametrize("name", NAMES)
def test_only_imports_change(name: str) -> None:
    source = (harness.PROGRAMS / f"{name}.py").read_text()
    changed = harness.changed_lines(source, harness.rewrite_imports(source, "statefulrnn"))
    assert changed, f"{name} imports nothing from keras"
    assert all(line.lstrip().startswith(("import ", "from ")) for line in changed)


@pytest.mark.parametrize("name", NAMES)
def test_program_matches_keras(name: str) -> None:
    reference = np.load(harness.REFERENCES / f"{name}.npz")
    torch.manual_seed(0)
    recorder = harness.Recorder(harness.initial_weights_of(reference))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a program's own deprecated spellings warn, as in Keras
        harness.run(name, "statefulrnn", BaseModel, recorder)
    harness.compare(name, recorder, reference)
