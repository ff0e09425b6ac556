"""`statefulrnn._fingerprint`: every way a module's parameters change shows in its fingerprint,
read by the reader made before the change; nothing else does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch
from torch import nn

from statefulrnn import _fingerprint
from statefulrnn._fingerprint import fingerprint_reader, held


def _module() -> nn.Module:
    module = nn.Module()
    module.weight = nn.Parameter(torch.ones(3, 2))
    module.bias = nn.Parameter(torch.zeros(3))
    module.register_parameter("scale", None)
    return module


def _in_place(module: nn.Module) -> None:
    with torch.no_grad():
        module.weight.mul_(2.0)


def _optimizer_step(module: nn.Module) -> None:
    module.bias.grad = torch.ones(3)
    torch.optim.SGD([module.bias], lr=0.1).step()


def _data_assigned(module: nn.Module) -> None:
    module.weight.data = module.weight.data * 2.0


def _swapped(module: nn.Module) -> None:
    torch.utils.swap_tensors(module.bias, nn.Parameter(torch.ones(3)))


def _replaced(module: nn.Module) -> None:
    module.weight = nn.Parameter(torch.ones(3, 2))


def _removed(module: nn.Module) -> None:
    del module.bias


def _set_to_none(module: nn.Module) -> None:
    module.bias = None


def _given_a_value(module: nn.Module) -> None:
    module.scale = nn.Parameter(torch.ones(1))


def _added(module: nn.Module) -> None:
    module.extra = nn.Parameter(torch.ones(1))


CHANGES: dict[str, Callable[[nn.Module], None]] = {
    "in place": _in_place,
    "optimizer step": _optimizer_step,
    ".data assigned": _data_assigned,
    "swap_tensors": _swapped,
    "replaced": _replaced,
    "removed": _removed,
    "set to None": _set_to_none,
    "None given a value": _given_a_value,
    "added": _added,
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_to_the_reader_made_before_it(change: str) -> None:
    module = _module()
    kept = held(module)  # as a cache keeps them: no pointer is freed and reused
    read = fingerprint_reader(module)
    before = read()
    assert read() == before
    CHANGES[change](module)
    assert read() != before
    assert len(kept) == 2


def test_a_new_reader_fits_the_changed_module() -> None:
    module = _module()
    _given_a_value(module)
    read = fingerprint_reader(module)
    before = read()
    with torch.no_grad():
        module.scale.add_(1.0)  # a parameter that was None when the first reader was made
    assert read() != before


def test_reading_or_a_forward_pass_changes_nothing() -> None:
    module = nn.Linear(2, 3)
    read = fingerprint_reader(module)
    before = read()
    module(torch.ones(4, 2)).sum().backward()
    assert read() == before


def test_without_the_private_names_every_read_differs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_fingerprint, "_READABLE", False)
    read = fingerprint_reader(_module())
    assert read() != read()


@pytest.mark.parametrize("change", CHANGES)
def test_a_reader_of_several_modules_sees_a_change_in_any(change: str) -> None:
    """A cache made from several modules' parameters (a stream pool's compiled head)."""
    first, second = _module(), _module()
    kept = held(first, second)
    read = fingerprint_reader(first, second)
    before = read()
    assert read() == before and len(kept) == 4
    CHANGES[change](second)
    assert read() != before
