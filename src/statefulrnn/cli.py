"""The ``statefulrnn`` command.

``statefulrnn tour`` runs the Keras "Stateful RNNs" notebook, cell by cell, on statefulrnn
(``examples/stateful_rnns_notebook.py`` of a source checkout).
"""

from __future__ import annotations

import argparse
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path

import statefulrnn

TOUR = Path(statefulrnn.__file__).resolve().parents[2] / "examples" / "stateful_rnns_notebook.py"


def _tour(_: argparse.Namespace) -> int:
    if not TOUR.is_file():
        print(
            f"statefulrnn tour runs {TOUR.name} from a source checkout, and none is beside this "
            f"installation ({TOUR.parent} does not hold it). Clone the repository and run "
            f"'pip install -e .' there.",
            file=sys.stderr,
        )
        return 2
    runpy.run_path(str(TOUR), run_name="__main__")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``statefulrnn`` command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="statefulrnn", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=statefulrnn.__version__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("tour", help="run the Keras stateful-RNN notebook on statefulrnn").set_defaults(
        run=_tour
    )
    arguments = parser.parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.exit(main())
