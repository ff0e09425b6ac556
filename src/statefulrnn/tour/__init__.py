"""The walkthrough behind ``statefulrnn tour``: the Keras "Stateful RNNs" notebook, cell by cell.

The cells are in ``statefulrnn/tour/__main__.py``, shipped in the wheel, so the tour runs from any
installation (``statefulrnn tour`` or ``python -m statefulrnn.tour``).
"""

from __future__ import annotations

import runpy


def run() -> None:
    """Run the notebook's cells in order, printing what the notebook printed (about a minute).

    The cells run as ``__main__`` in a fresh namespace, as ``python -m statefulrnn.tour`` runs them.
    """
    runpy.run_module(__name__, run_name="__main__", alter_sys=True)


__all__ = ["run"]
