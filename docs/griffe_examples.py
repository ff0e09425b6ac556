"""A griffe extension for the API pages: our docstrings' ``Example:`` sections are doctests.

Griffe's Google parser reads ``Examples:`` as an examples section (``>>>`` lines shown as Python
sessions) but a singular ``Example:`` as a note, whose ``>>>`` lines Markdown turns into nested
quotes. The package writes ``Example:`` (a single doctest each), so the docs read it as the plural.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)


class ExampleSections(griffe.Extension):
    """Rename each docstring's ``Example:`` heading to ``Examples:`` before it is parsed."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _EXAMPLE.sub(r"\1Examples:", obj.docstring.value)
