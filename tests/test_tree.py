"""``statefulrnn.tree`` (Keras 3's ``keras.tree``) gives what Keras 3.15's gives on every case of
tools/keras_fixtures/tree.py: flattening order (sorted dict keys, an OrderedDict's own order,
None a leaf), rebuilt containers (named tuples, key order), paths, traversal and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import statefulrnn as keras
from statefulrnn import tree
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("tree")
RECORDED = json.loads((Path(__file__).parent / "fixtures" / "tree" / "cases.json").read_text())


def test_every_recorded_case_is_replayed() -> None:
    assert set(RECORDED) == set(SCRIPT.CASES)


@pytest.mark.parametrize("name", sorted(SCRIPT.CASES))
def test_matches_keras(name: str) -> None:
    ours = json.loads(json.dumps(SCRIPT.run(tree)[name]))  # tuples of paths as JSON lists, as recorded
    assert ours == RECORDED[name]


def test_keras_tree_is_the_module_and_rebuilt_named_tuples_keep_their_class() -> None:
    assert keras.tree is tree and "tree" in keras.__all__
    point = SCRIPT.Point(1, 2)
    assert type(tree.map_structure(lambda v: v * 2, point)) is SCRIPT.Point
