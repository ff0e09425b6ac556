"""A program's layer that lists its weights itself (its own ``trainable_weights`` and
``non_trainable_weights``, as keras-multi-head's ``MultiHead`` does): its weights are those lists',
in their order, for ``get_weights``, training and files, as tf-keras recorded
(tools/keras_fixtures/declared_weights.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "declared_weights"
SCRIPT = fixture_script("declared_weights")


@pytest.mark.parametrize("case", sorted(SCRIPT.CASES))
def test_the_program_gives_what_tf_keras_recorded(case: str) -> None:
    recorded = np.load(FIXTURES / f"{case}.npz")
    spec, arrays = SCRIPT.run(keras, case)
    expected = json.loads(str(recorded["spec"]))
    del expected["version"]
    assert spec == expected
    assert sorted(arrays) == sorted(name for name in recorded.files if name != "spec")
    for name, value in arrays.items():
        np.testing.assert_allclose(value, recorded[name], rtol=1e-5, atol=1e-6, err_msg=name)


def test_a_template_left_out_is_neither_trained_nor_saved(tmp_path: Path) -> None:
    model = SCRIPT.copies_model(keras)
    template = model.get_layer("copies").layer
    held = [p.detach().clone() for p in template.parameters()]
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    model.fit(np.ones((4, SCRIPT.F), "float32"), np.zeros((4, 1), "float32"), epochs=1, verbose=0)
    assert all(torch.equal(a, b) for a, b in zip(held, template.parameters(), strict=True))
    assert not {id(p) for p in template.parameters()} & {id(v) for v in model.variables}
    model.save_weights(tmp_path / "copies.weights.h5")
    twin = SCRIPT.copies_model(keras)
    twin.load_weights(tmp_path / "copies.weights.h5")
    for mine, theirs in zip(model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_array_equal(mine, theirs)
