"""Record what Keras 3's ``keras.tree`` gives on nested lists, tuples, named tuples, dicts and
OrderedDicts with None among the leaves: each case's result (or its error's type), encoded with
its container types (`encode`).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/tree.py
Writes tests/fixtures/tree/cases.json; tests/test_tree.py runs the same `CASES` on
``statefulrnn.tree``.
"""

from __future__ import annotations

import collections
import json
import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "tree"
Point = collections.namedtuple("Point", ["y", "x"])


def structure() -> Any:
    return {
        "b": [1, (2, None)],
        "a": Point(3, 4),
        "c": collections.OrderedDict([("z", 5), ("y", 6)]),
        "d": {"k": [], "j": [7]},
    }


def _times_ten(value: Any) -> Any:
    return None if value is None else value * 10


def _visit_top_down(node: Any, tree: ModuleType) -> Any:
    if isinstance(node, tuple) and not hasattr(node, "_fields"):
        return "a tuple"  # replaced, not entered
    if node == 7:
        return tree.MAP_TO_NONE
    return None


def _visit_bottom_up(node: Any, tree: ModuleType) -> Any:
    return len(node) if isinstance(node, list) else None


CASES: dict[str, Callable[[ModuleType], Any]] = {
    "flatten": lambda tree: tree.flatten(structure()),
    "flatten_leaf": lambda tree: [
        tree.flatten(1),
        tree.flatten(None),
        tree.flatten([]),
        tree.flatten({"a": []}),
    ],
    "flatten_with_path": lambda tree: [list(pair) for pair in tree.flatten_with_path(structure())],
    "is_nested": lambda tree: [
        tree.is_nested(value) for value in (Point(1, 2), "ab", None, {}, [], (1,), 3.0)
    ],
    "map_structure": lambda tree: tree.map_structure(_times_ten, structure()),
    "map_structure_two": lambda tree: tree.map_structure(lambda a, b: a + b, [1, (2,)], [10, (20,)]),
    "map_structure_dict_order": lambda tree: tree.map_structure(lambda v: v, {"b": 1, "a": 2}),
    "map_structure_none": lambda tree: [
        tree.map_structure(lambda v: 1, [None]),
        tree.map_structure(lambda v: 1, [None], none_is_leaf=False),
    ],
    "map_structure_arity": lambda tree: tree.map_structure(lambda a, b: a, [1], [1, 2]),
    "map_structure_up_to": lambda tree: tree.map_structure_up_to(
        [1, {"a": 2}], lambda a, b: [a, b], [1, {"a": [2, 3]}], [4, {"a": (5, 6)}]
    ),
    "pack_sequence_as": lambda tree: tree.pack_sequence_as(structure(), list(range(8))),
    "pack_sequence_as_short": lambda tree: tree.pack_sequence_as([1, 2], [1]),
    "lists_to_tuples": lambda tree: tree.lists_to_tuples([1, [2, {"a": [3]}], (4, [5])]),
    "map_shape_structure": lambda tree: tree.map_shape_structure(
        lambda shape: [None if d is None else d * 2 for d in shape], {"a": (None, 3), "b": [(2,), [4, 5]]}
    ),
    "traverse_top_down": lambda tree: tree.traverse(
        lambda node: _visit_top_down(node, tree), [1, (2, 3), {"k": 7}, [7, 8]]
    ),
    "traverse_bottom_up": lambda tree: tree.traverse(
        lambda node: _visit_bottom_up(node, tree), {"a": [1, [2, 3]], "b": (4,)}, top_down=False
    ),
    "assert_same_structure": lambda tree: tree.assert_same_structure([1, (2, {"a": 3})], [4, (5, {"a": 6})]),
    "assert_same_structure_nesting": lambda tree: tree.assert_same_structure([1, 2], [1, [2]]),
    "assert_same_structure_types": lambda tree: tree.assert_same_structure([1, 2], (1, 2)),
    "assert_same_structure_keys": lambda tree: tree.assert_same_structure({"a": 1}, {"b": 1}),
    "assert_same_paths": lambda tree: tree.assert_same_paths([1, (2, 3)], (4, [5, 6])),
    "assert_same_paths_differ": lambda tree: tree.assert_same_paths([1, 2], [1, 2, 3]),
}


def encode(value: Any) -> Any:
    """``value`` as JSON that keeps its container types: a named tuple, an OrderedDict, a dict
    (its keys in order), a tuple and a list each tagged."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {"namedtuple": type(value).__name__, "items": [encode(item) for item in value]}
    if isinstance(value, dict):
        kind = "ordereddict" if isinstance(value, collections.OrderedDict) else "dict"
        return {kind: [[key, encode(item)] for key, item in value.items()]}
    if isinstance(value, tuple):
        return {"tuple": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    return value


def run(tree: ModuleType) -> dict[str, Any]:
    """Each case's encoded result, or ``{"error": <its type's name>}``."""
    results: dict[str, Any] = {}
    for name, case in CASES.items():
        try:
            results[name] = encode(case(tree))
        except Exception as error:  # the type of the refusal is what is compared
            results[name] = {"error": type(error).__name__}
    return results


def main() -> None:
    from keras import tree

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cases.json").write_text(json.dumps(run(tree), indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(CASES)} cases to {OUT / 'cases.json'}")


if __name__ == "__main__":
    main()
