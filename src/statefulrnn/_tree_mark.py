"""A mark renewed whenever one of statefulrnn's modules may have changed its children or
parameters.

`statefulrnn.training.prediction.ModuleWalk` keeps the list of a model's modules between
``predict`` calls, and must know that the list is still true. Comparing every child and
parameter slot of every module by identity cost ~3-4 us of a one-step ``predict`` (its frame
and the module dicts, cold by then: a fifth of what a model call adds over a raw torch step).
The modules that `RenewsTreeMark` (`Layer`, the state stores, `LayerModules`) change their slots
only through torch's methods that it overrides (``__setattr__``, ``__delattr__``,
``add_module``, ``register_parameter``, ``_apply``, and ``insert`` of a list) or through
statefulrnn's own code, which renews the mark too (`LayerList`, a weight's attribute rebound
to a tensor). So a walk of a tree made only
of statefulrnn's own such classes, made or checked while the mark was what it is now, still
lists the tree as it is, and its check is one comparison. A tree holding anything else (a torch
module, a program's own layer class, torch's ``ModuleList``, whose ``insert`` and ``del`` write
its dict directly) is compared slot by slot at each call.

The mark is an object, not a count, so that a walk copied with its model (``deepcopy``,
pickling) carries a copy of it, which is never the mark: a copy's walk is checked in full once.

Example:
    >>> from statefulrnn.layers import Dense
    >>> before = current[0]
    >>> layer = Dense(2)
    >>> current[0] is before  # a new layer sets attributes
    False
    >>> before = current[0]
    >>> layer.kernel_regularizer = None
    >>> current[0] is before
    False
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from torch import nn

# Read as ``current[0]``: one item read, where a function call would cost a frame.
current: list[object] = [object()]


def renew() -> None:
    """Say that some module's children or parameters may have changed."""
    current[0] = object()


class RenewsTreeMark:
    """A mixin for `nn.Module` subclasses: each of torch's methods that may change the module's
    child or parameter slots renews the mark first. ``renews_tree_mark`` tells `ModuleWalk` so.

    Example:
        >>> from statefulrnn.state import StateStore
        >>> store, before = StateStore("a layer", 2, (3,)), current[0]
        >>> store.register_parameter("scale", None)
        >>> current[0] is before
        False
    """

    renews_tree_mark = True

    def __setattr__(self, name: str, value: Any) -> None:
        renew()  # any attribute: the few set between predict calls cost one full check
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        renew()
        super().__delattr__(name)

    def add_module(self, name: str, module: nn.Module | None) -> None:
        renew()  # register_module too, which calls it
        super().add_module(name, module)  # type: ignore[misc]

    def register_parameter(self, name: str, param: nn.Parameter | None) -> None:
        renew()  # torch's __setattr__ of a Parameter too, which calls it
        super().register_parameter(name, param)  # type: ignore[misc]

    def _apply(self, fn: Callable[..., Any], recurse: bool = True) -> Any:
        renew()  # torch's overwrite mode puts new parameters into the dict directly
        return super()._apply(fn, recurse)  # type: ignore[misc]


class LayerModules(RenewsTreeMark, nn.ModuleList):
    """torch's ``ModuleList`` for statefulrnn's own models and cells (a `Sequential`'s layers, a
    functional `Model`'s, a `StackedRNNCells`'s cells): the same list, which renews the tree
    mark when it changes, and prints as a ``ModuleList``.

    Example:
        >>> from statefulrnn.layers import Dense
        >>> layers = LayerModules([Dense(2)])
        >>> before = current[0]
        >>> layers.insert(0, Dense(3))
        >>> current[0] is before, [layer.units for layer in layers]
        (False, [3, 2])
    """

    def insert(self, index: int, module: nn.Module) -> None:
        renew()  # torch's insert writes the dict directly
        super().insert(index, module)

    def _get_name(self) -> str:
        return "ModuleList"
