"""Keras 3's ``keras.tree``: functions over nested structures of lists, tuples (named tuples
too) and dicts, with Keras's rules: a dict's leaves come in the order of its sorted keys (an
``OrderedDict``'s in its own order) and a rebuilt dict keeps the original's key order; ``None``
is a leaf unless ``none_is_leaf=False``; anything else (a string, an array, a tensor) is a leaf.
The numbers a Keras 3 program gets from them are recorded in ``tests/fixtures/tree``.

Example:
    >>> from statefulrnn import tree
    >>> tree.flatten({"b": [1, (2, None)], "a": 3})
    [3, 1, 2, None]
    >>> tree.map_structure(lambda a, b: a + b, [1, (2,)], [10, (20,)])
    [11, (22,)]
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any


class _MapToNone:
    """`traverse`'s answer for "this node becomes None" (None itself means "go on")."""

    def __repr__(self) -> str:
        return "MAP_TO_NONE"


MAP_TO_NONE = _MapToNone()


def is_nested(structure: Any) -> bool:
    """Whether ``structure`` is a list, a tuple or a dict (a container this module walks)."""
    return isinstance(structure, (list, tuple, dict))


def _keys(node: dict) -> list[Any]:
    """A dict's keys in the order its leaves come: sorted (an OrderedDict: its own order)."""
    return list(node) if isinstance(node, OrderedDict) else sorted(node)


def _children(node: Any) -> list[tuple[Any, Any]]:
    """``(key, child)`` pairs of a container, in leaf order."""
    if isinstance(node, dict):
        return [(key, node[key]) for key in _keys(node)]
    return list(enumerate(node))


def _rebuilt(like: Any, child: Callable[[Any], Any]) -> Any:
    """A container of ``like``'s kind whose item at each key (or index) is ``child(key)``, the
    children made in leaf order; a dict keeps ``like``'s own key order."""
    keys = [key for key, _ in _children(like)]
    made = {key: child(key) for key in keys}
    if isinstance(like, dict):
        rebuilt = like.copy()  # an OrderedDict stays one, a defaultdict keeps its factory
        rebuilt.clear()
        rebuilt.update((key, made[key]) for key in like)
        return rebuilt
    items = [made[key] for key in keys]
    if isinstance(like, tuple) and hasattr(like, "_fields"):  # a named tuple
        return type(like)(*items)
    return type(like)(items)


def _leaf(node: Any, none_is_leaf: bool) -> bool:
    return not is_nested(node) and (none_is_leaf or node is not None)


def flatten_with_path(structure: Any) -> list[tuple[tuple[Any, ...], Any]]:
    """``(path, leaf)`` for every leaf, in order; a path is the keys and indices down to it."""

    def walk(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
        if not is_nested(node):
            yield path, node
            return
        for key, child in _children(node):
            yield from walk(child, (*path, key))

    return list(walk(structure, ()))


def flatten(structure: Any) -> list[Any]:
    """The leaves of ``structure``, in order (a leaf alone: a list of it).

    Example:
        >>> flatten([1, {"y": 2, "x": (3, None)}])
        [1, 3, None, 2]
    """
    return [leaf for _, leaf in flatten_with_path(structure)]


def assert_same_structure(a: Any, b: Any, check_types: bool | None = None) -> None:
    """Raises ValueError unless ``a`` and ``b`` nest alike: the same container types (a list is
    no tuple), lengths and dict keys (``check_types`` is Keras's deprecated flag, unused)."""
    _check_same(a, b)


def _check_same(a: Any, b: Any) -> None:
    if is_nested(a) != is_nested(b):
        raise ValueError("Structures don't have the same nested structure.")
    if not is_nested(a):
        return
    if type(a) is not type(b):
        raise ValueError(f"Expected an instance of {type(a).__name__}, got {b!r}.")
    if isinstance(a, dict) and set(a) != set(b):
        raise ValueError(f"dict key mismatch; expected keys: {sorted(a)}, got keys: {sorted(b)}.")
    if len(a) != len(b):
        kind = type(a).__name__
        raise ValueError(f"{kind} arity mismatch; expected: {len(a)}, got: {len(b)}; {kind}: {b!r}.")
    for (_, child_a), (_, child_b) in zip(_children(a), _children(b)):
        _check_same(child_a, child_b)


def assert_same_paths(a: Any, b: Any) -> None:
    """Raises ValueError unless ``a`` and ``b`` have leaves at the same paths (whatever their
    container types)."""
    paths_a = {path for path, _ in flatten_with_path(a)}
    paths_b = {path for path, _ in flatten_with_path(b)}
    if paths_a != paths_b:
        raise ValueError(
            f"`a` and `b` don't have the same paths. `a` has paths {sorted(map(str, paths_a - paths_b))} "
            f"that `b` lacks; `b` has paths {sorted(map(str, paths_b - paths_a))} that `a` lacks."
        )


def map_structure(func: Callable[..., Any], *structures: Any, none_is_leaf: bool = True) -> Any:
    """``func`` of the leaves at each place of ``structures`` (which must nest alike), in a
    structure like the first; with ``none_is_leaf=False`` a None stays None, ``func`` not asked.

    Raises:
        ValueError: the structures nest differently (`assert_same_structure`).
    """
    if not structures:
        raise ValueError("Must provide at least one structure")
    for other in structures[1:]:
        _check_same(structures[0], other)

    def walk(nodes: Sequence[Any]) -> Any:
        first = nodes[0]
        if not is_nested(first):
            return func(*nodes) if _leaf(first, none_is_leaf) else None
        return _rebuilt(first, lambda key: walk([node[key] for node in nodes]))

    return walk(structures)


def map_structure_up_to(shallow_structure: Any, func: Callable[..., Any], *structures: Any) -> Any:
    """`map_structure` down to the leaves of ``shallow_structure`` only: what lies below them
    in ``structures`` is handed to ``func`` whole."""

    def walk(shallow: Any, nodes: Sequence[Any]) -> Any:
        if not is_nested(shallow):
            return func(*nodes)
        for node in nodes:
            _check_same_level(shallow, node)
        return _rebuilt(shallow, lambda key: walk(shallow[key], [node[key] for node in nodes]))

    return walk(shallow_structure, structures)


def _check_same_level(shallow: Any, node: Any) -> None:
    if (
        not is_nested(node)
        or len(node) != len(shallow)
        or isinstance(shallow, dict) != isinstance(node, dict)
    ):
        raise ValueError("Structures don't have the same nested structure.")


def pack_sequence_as(structure: Any, flat_sequence: Sequence[Any]) -> Any:
    """``flat_sequence``'s items put at the leaves of ``structure``, in `flatten`'s order.

    Raises:
        ValueError: not as many items as ``structure`` has leaves.
    """
    count = len(flatten(structure))
    if count != len(flat_sequence):
        raise ValueError(
            f"The target structure has {count} leaves, but `flat_sequence` has {len(flat_sequence)} items."
        )
    items = iter(flat_sequence)
    return map_structure(lambda _: next(items), structure)


def lists_to_tuples(structure: Any) -> Any:
    """``structure`` with every list, at any depth, made a tuple."""

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return tuple(lists_to_tuples(item) for item in node)
        return None

    return traverse(visit, structure, top_down=True)


def _is_shape(node: Any) -> bool:
    return isinstance(node, (list, tuple)) and all(isinstance(d, int) or d is None for d in node)


def map_shape_structure(func: Callable[[Any], Any], structure: Any) -> Any:
    """`map_structure` that takes a tuple or list of ints and Nones (a shape) as one leaf."""
    if _is_shape(structure) or not is_nested(structure):
        return func(structure)
    return _rebuilt(structure, lambda key: map_shape_structure(func, structure[key]))


def traverse(func: Callable[[Any], Any], structure: Any, top_down: bool = True) -> Any:
    """``func`` on every node, containers included. Top down, ``func``'s answer replaces the
    node and its children are not visited, unless it is None (go on into the children) or
    `MAP_TO_NONE` (the node becomes None); bottom up, ``func`` gets each container rebuilt from
    its visited children and its answer replaces it unless None."""

    def walk(node: Any) -> Any:
        if top_down:
            answer = func(node)
            if answer is MAP_TO_NONE:
                return None
            if answer is not None or not is_nested(node):
                return node if answer is None else answer
        rebuilt = node
        if is_nested(node):
            rebuilt = _rebuilt(node, lambda key: walk(node[key]))
        if top_down:
            return rebuilt
        answer = func(rebuilt)
        return None if answer is MAP_TO_NONE else rebuilt if answer is None else answer

    return walk(structure)


__all__ = [
    "MAP_TO_NONE",
    "assert_same_paths",
    "assert_same_structure",
    "flatten",
    "flatten_with_path",
    "is_nested",
    "lists_to_tuples",
    "map_shape_structure",
    "map_structure",
    "map_structure_up_to",
    "pack_sequence_as",
    "traverse",
]
