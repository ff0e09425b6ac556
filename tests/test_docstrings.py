"""Every public layer's docstring documents it as PyTorch's ``nn.GRU`` page does: what it computes
(an equation), its arguments (``Args:``, naming each constructor argument), its shapes (``Shapes:``)
and a runnable ``Example:`` (run by the doctests). A layer added to ``statefulrnn.layers`` without
them fails here.

The section names are the recurrent layers' (Google style, which the docs site renders): one
``Shapes:`` section rather than Keras's "Input shape" / "Output shape" pair.
"""

from __future__ import annotations

import inspect
import re

import pytest

from statefulrnn import layers
from statefulrnn.layers import Layer
from tests.public_layers import public_layer_classes

SECTIONS = ("Args", "Shapes", "Example")
# What a layer may leave out, and why. Nothing else may.
EXEMPT = {
    ("Layer", "equation"): "the base class computes nothing",
    ("AbstractRNNCell", "equation"): "the base of a program's cells computes nothing: a subclass's does",
    ("Wrapper", "equation"): "the base of the wrappers computes nothing: a subclass's call does",
}
# Characters a LaTeX escape turns into in a docstring that is not raw (\t in \tanh, \b in \beta,
# \f in \frac, \a in \alpha, \v in \vec, \r in \rho).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\t]")
_LAYER_ARGUMENTS = set(inspect.signature(Layer.__init__).parameters)


def _docstring(name: str) -> str:
    return inspect.getdoc(getattr(layers, name)) or ""


def _section(docstring: str, title: str) -> str | None:
    """The body of a Google-style section ``title:`` (its indented lines), or None."""
    found = re.search(rf"^([ ]*){title}:[ ]*\n((?:\1    .*\n|[ ]*\n)*)", docstring + "\n", re.MULTILINE)
    return None if found is None else found.group(2)


def _own_arguments(cls: type) -> list[str]:
    """The named constructor arguments of ``cls`` that its docstring must explain: `Layer`'s
    own (``name``, ``input_shape``, ...) are documented once, on `Layer`."""
    parameters = inspect.signature(cls).parameters.values()
    named = [p.name for p in parameters if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    return named if cls is Layer else [name for name in named if name not in _LAYER_ARGUMENTS]


def _documented_arguments(args: str) -> set[str]:
    """The names an ``Args:`` section explains; an entry may name several (``a, b: ...``)."""
    entries = re.findall(r"^    (\*{0,2}\w+(?:, \*{0,2}\w+)*):", args, re.MULTILINE)
    return {name.strip().lstrip("*") for entry in entries for name in entry.split(",")}


LAYER_NAMES = sorted(public_layer_classes())


def test_the_layers_are_found() -> None:
    assert {"GRU", "Conv1D", "BatchNormalization", "Bidirectional", "Layer"} <= set(LAYER_NAMES)


@pytest.mark.parametrize("name", LAYER_NAMES)
@pytest.mark.parametrize("title", SECTIONS)
def test_every_layer_has_the_section(name: str, title: str) -> None:
    body = _section(_docstring(name), title)
    if (name, title) in EXEMPT:
        assert body is None, f"{name} now has {title}: remove its exemption"
        return
    assert body is not None and body.strip(), f"{name}'s docstring has no {title}: section"


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_every_example_runs_code(name: str) -> None:
    assert ">>> " in (_section(_docstring(name), "Example") or ""), f"{name}'s Example has no doctest"


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_every_constructor_argument_is_explained(name: str) -> None:
    documented = _documented_arguments(_section(_docstring(name), "Args") or "")
    missing = [arg for arg in _own_arguments(getattr(layers, name)) if arg not in documented]
    assert not missing, f"{name}'s Args: does not explain {missing}"


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_every_layer_states_what_it_computes(name: str) -> None:
    has_equation = "\\[" in _docstring(name) or "\\(" in _docstring(name)
    if (name, "equation") in EXEMPT:
        assert not has_equation, f"{name} now has an equation: remove its exemption"
        return
    assert has_equation, f"{name}'s docstring has no equation (LaTeX between \\( \\) or \\[ \\])"


@pytest.mark.parametrize("name", LAYER_NAMES)
def test_equations_survive_as_written(name: str) -> None:
    # A docstring with LaTeX must be raw (r"""..."""): in a plain one, "\tanh" starts with a tab.
    control = _CONTROL.search(_docstring(name))
    assert control is None, f"{name}'s docstring holds {control.group()!r}: make it a raw string"


def test_the_checks_catch_what_they_look_for() -> None:
    class Bare(Layer):
        """Does something.

        Args:
            size: how big.
        """

        def __init__(self, size: int, depth: int = 1) -> None:
            super().__init__()

    docstring = inspect.getdoc(Bare) or ""
    assert _section(docstring, "Args") is not None
    assert _section(docstring, "Shapes") is None and _section(docstring, "Example") is None
    assert _documented_arguments(_section(docstring, "Args") or "") == {"size"}
    assert _own_arguments(Bare) == ["size", "depth"]
    assert _CONTROL.search("y = \tanh(x)") is not None
