"""Python's ``random`` moves as Keras 3 moves it while layers and models are made, loaded and
trained (tools/keras_fixtures/python_random.py recorded Keras 3.15's), under Keras 3's rules;
tf-keras's rules take nothing from it."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import statefulrnn as keras
from statefulrnn import config
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("python_random")
RECORDED = json.loads(
    (Path(__file__).resolve().parent / "fixtures" / "python_random" / "after.json").read_text()
)


@pytest.mark.parametrize("name", list(SCRIPT.CASES))
def test_making_it_moves_python_s_random_as_keras_3_does(name: str) -> None:
    assert SCRIPT.after(keras, name) == RECORDED[name]


def test_under_tf_keras_rules_nothing_is_taken_from_it() -> None:
    config.set_keras_rules("tf_keras")
    try:
        random.seed(0)
        expected = random.random()
        assert SCRIPT.after(keras, "compiled Sequential") == expected
    finally:
        config.set_keras_rules("keras3")
