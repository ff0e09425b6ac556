"""Names a package loads on first use (PEP 562), so that importing it costs nothing up front.

Example:
    >>> namespace = {"__name__": "statefulrnn.io"}
    >>> load_name(namespace, {"save_weights": ".weights"}, "save_weights").__name__
    'save_weights'
    >>> "save_weights" in namespace  # kept: the next access is a plain global
    True
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from ._gc import allocating_for_good


def load_name(namespace: dict[str, Any], names: Mapping[str, str], name: str) -> Any:
    """``name`` from the module ``names[name]`` (relative to the package whose globals are
    ``namespace``), kept in ``namespace``.

    Raises:
        AttributeError: ``name`` is not one of ``names``.
    """
    if name not in names:
        raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
    with allocating_for_good():  # modules live as long as the process (see `_gc`)
        value = getattr(importlib.import_module(names[name], namespace["__name__"]), name)
    namespace[name] = value
    return value
