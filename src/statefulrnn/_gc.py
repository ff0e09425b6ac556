"""`allocating_for_good`: run a block whose objects live as long as the process (an import)
without making CPython's next full garbage collection due.

Example:
    >>> with allocating_for_good():
    ...     kept = [[index] for index in range(1000)]
    >>> len(kept)
    1000
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def allocating_for_good() -> Iterator[None]:
    """Runs its block with the cyclic garbage collector off, then files every object the block
    left among the oldest generation, as if it had always been there.

    CPython (3.10-3.13) runs a full collection once the objects promoted to the oldest
    generation since the last one reach a quarter of it; numba's import and a kernel's load
    reach that alone, statefulrnn's own modules bring it near, and the collection would free
    nothing of theirs: they live as long as the process (80-90 ms with torch loaded, a
    quarter of a first call). ``gc.freeze()`` then ``gc.unfreeze()`` moves every tracked
    object into the oldest generation without counting it as promoted, so that collection is
    not made due (it is not only put off: the user's own allocations decide when the next one
    runs, as without us).
    Objects the rest of the process left young at that moment are filed old too: cyclic
    garbage among them waits for the next full collection. Skipped where the collector is off
    or where the process has frozen objects of its own (a pre-fork server's ``gc.freeze()``,
    which ``gc.unfreeze()`` would undo)."""
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()
