"""Regularizer configs give their factors back as Keras 3 and tf-keras do: the float32 a class
keeps, where it keeps one (recorded by tools/keras_fixtures/regularizer_configs.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import statefulrnn as keras
from statefulrnn import config
from tests.fixture_scripts import fixture_script

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "regularizer_configs" / "configs.json"
SCRIPT = fixture_script("regularizer_configs")
RECORD = json.loads(FIXTURE.read_text())


@pytest.mark.parametrize(("library", "rules"), [("keras", "keras3"), ("tf_keras", "tf_keras")])
def test_configs_equal_keras(library: str, rules: str) -> None:
    config.set_keras_rules(rules)
    try:
        got = {
            case: regularizer.get_config() for case, regularizer in SCRIPT.cases(keras.regularizers).items()
        }
    finally:
        config.set_keras_rules("keras3")
    assert got == RECORD[library]


def test_a_config_rebuilds_a_regularizer_of_the_same_penalty() -> None:
    import torch

    weights = torch.linspace(-1, 1, 7)
    for regularizer in SCRIPT.cases(keras.regularizers).values():
        if isinstance(regularizer, keras.regularizers.OrthogonalRegularizer):
            continue  # a 2-D weight's; its factor is covered above
        twin = type(regularizer).from_config(regularizer.get_config())
        assert torch.equal(twin(weights), regularizer(weights))
