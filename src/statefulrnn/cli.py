"""The ``statefulrnn`` command.

``statefulrnn tour`` runs the Keras "Stateful RNNs" notebook, cell by cell, on statefulrnn
(``examples/stateful_rnns_notebook.py`` of a source checkout).

``statefulrnn forecast fit|stream`` trains on one long series and forecasts as values arrive
(see `statefulrnn.forecast`).

``statefulrnn serve MODEL_FILE`` serves the model's streams over WebSocket and HTTP until
Ctrl-C (see `statefulrnn.serve`).
"""

from __future__ import annotations

import argparse
import runpy
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import statefulrnn

from .forecast.cli import add_forecast

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


def _serve(arguments: argparse.Namespace) -> int:
    try:
        from .serve.app import MAX_MESSAGE_BYTES
        from .serve.main import ServeError, run_server
    except ModuleNotFoundError as error:
        if error.name != "aiohttp":
            raise
        print(error, file=sys.stderr)
        return 2
    try:
        run_server(
            arguments.model_file,
            arguments.host,
            arguments.port,
            max_streams=arguments.max_streams,
            idle_timeout=arguments.idle_timeout,
            snapshot=arguments.snapshot,
            max_message_bytes=arguments.max_message_bytes or MAX_MESSAGE_BYTES,
            announce=lambda line: print(line, flush=True),
        )
    except ServeError as error:
        print(f"statefulrnn serve: {error}", file=sys.stderr)
        return 2
    return 0


def _positive(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    """An argparse type: a positive ``kind``."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not value > 0:  # "nan" is no positive number either
            raise argparse.ArgumentTypeError(f"expected a positive {kind.__name__}, received {text!r}")
        return value

    return parse


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(
            f"expected a port number 0..65535 (0: any free port), received {text!r}"
        )
    return int(text)


def _add_serve(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve a model's streams over WebSocket and HTTP")
    serve.add_argument("model_file", metavar="MODEL_FILE", help="a model file written by model.save")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument(
        "--port", type=_port, default=8765, help="port, 0 for any free one (default: %(default)s)"
    )
    serve.add_argument(
        "--max-streams", type=_positive(int), default=1024, help="open streams at most (default: %(default)s)"
    )
    serve.add_argument(
        "--idle-timeout",
        type=_positive(float),
        metavar="SECONDS",
        help="close streams without a push for this long (default: never)",
    )
    serve.add_argument(
        "--snapshot",
        metavar="PATH",
        help="reopen the streams saved in PATH at start if it exists; save them there at Ctrl-C or SIGTERM",
    )
    serve.add_argument(
        "--max-message-bytes",
        type=_positive(int),
        metavar="BYTES",
        help="largest HTTP body or WebSocket message (default: 4 MiB)",
    )
    serve.set_defaults(run=_serve)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``statefulrnn`` command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="statefulrnn", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=statefulrnn.__version__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("tour", help="run the Keras stateful-RNN notebook on statefulrnn").set_defaults(
        run=_tour
    )
    _add_serve(commands)
    add_forecast(commands)
    arguments = parser.parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.exit(main())
