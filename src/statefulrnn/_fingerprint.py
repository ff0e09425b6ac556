"""`fingerprint_reader`: what tells a cache made from a module's parameters that it is stale.

The compiled kernels' packed weights (`layers.compiled`), a stream pool's kernel choice and its
heads' numpy views (`streaming.runner`) and the LRU's step weights are made from parameters and
kept until one changes. A parameter changes in place (optimizer steps, ``set_weights``,
``load_state_dict``: its version counter moves), by ``.data =`` or ``torch.utils.swap_tensors``
(its data pointer moves), or is replaced, removed or added in the module (the pointer, or the
count, moves). A fingerprint holds all of these. Equal fingerprints mean the same weights only
while something holds the tensors it was taken from (else a freed pointer may come back): a
cache keeps ``[p.detach() for p in ...]`` beside it.

Not seen: a change made in place through ``.data`` (``p.data.add_(...)``, the idiom of PyTorch
before 0.4): ``.data`` hands out a tensor with a version counter of its own, so nothing on the
parameter records it. Such code should change parameters under ``torch.no_grad()`` (as
optimizers do) or assign ``.data``.

It is read on every call of those (a one-frame `StreamPool.push` reads it once), so the reader
is made for the module's parameter names, unrolled (from source, as `collections.namedtuple`
makes its classes): a GRU cell's four parameters in 0.55-0.65 us, where a loop building a tuple
per parameter took 0.9-0.95 (2-core Xeon VM, thread CPU time). A reader fits the names it was
made for: where the fingerprint differs, make a new one (`fingerprint_reader` is cheap: its
code is compiled once per set of names).

Example:
    >>> import torch
    >>> from statefulrnn import GRU
    >>> layer = GRU(2)
    >>> layer.build((1, 1, 3))
    >>> read = fingerprint_reader(layer.cell)
    >>> before = read()
    >>> read() == before
    True
    >>> with torch.no_grad():
    ...     _ = layer.cell.weight_hh.add_(1.0)
    >>> read() == before
    False
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import torch
from torch import nn

from ._compat import missing, own_parameters


def fingerprint_reader(*modules: nn.Module) -> Callable[[], tuple]:
    """A function of no arguments returning the fingerprint of ``modules``' own parameters now
    (see the module notes; several modules for a cache made from all of them, such as a stream
    pool's compiled head); without the private PyTorch names it reads (`_compat`), one whose
    answer never equals another's, so caches are made afresh at every call, as before."""
    if not _READABLE:
        return _never_equal
    tables = [own_parameters(module) for module in modules]
    names = tuple(tuple([(name, value is None) for name, value in table.items()]) for table in tables)
    return _reader_maker(names)(*tables)


@functools.cache
def _reader_maker(names: tuple[tuple[tuple[str, bool], ...], ...]) -> Callable[..., Callable[[], tuple]]:
    reads = "".join(
        f"len(p{index}), "
        + "".join(
            f"p{index}[{name!r}] is None, "
            if empty
            else f"p{index}[{name!r}].data_ptr(), p{index}[{name!r}]._version, "
            for name, empty in table
        )
        for index, table in enumerate(names)
    )
    tables = ", ".join(f"p{index}" for index in range(len(names)))
    # A parameter removed (KeyError) or set to None (AttributeError): never equal.
    source = (
        f"def make({tables}):\n"
        "    def read():\n"
        "        try:\n"
        f"            return ({reads})\n"
        "        except (KeyError, AttributeError):\n"
        "            return (object(),)\n"
        "    return read\n"
    )
    namespace: dict = {}
    exec(compile(source, "<statefulrnn fingerprint reader>", "exec"), namespace)
    return namespace["make"]


def watch(*modules: nn.Module) -> tuple[Callable[[], tuple], tuple, list[torch.Tensor]]:
    """What a cache made from ``modules``' parameters keeps beside it: the fingerprint reader,
    the fingerprint now (taken before the cache is made from the parameters) and `held`'s views.
    The cache is still good while ``read() == fingerprint``."""
    read = fingerprint_reader(*modules)
    return read, read(), held(*modules)


def held(*modules: nn.Module) -> list[torch.Tensor]:
    """Views of ``modules``' own parameters (sharing their data and version counters), to keep
    beside a fingerprint taken of them, so that no pointer in it is freed and reused."""
    return [
        param.detach() for module in modules for param in own_parameters(module).values() if param is not None
    ]


_READABLE = not {"Tensor._version", "Module._parameters"} & set(missing())


def _never_equal() -> tuple:
    return (object(),)


__all__ = ["fingerprint_reader", "held", "watch"]
