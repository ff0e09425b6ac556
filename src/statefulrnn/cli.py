"""The ``statefulrnn`` command.

``statefulrnn tour`` runs the Keras "Stateful RNNs" notebook, cell by cell, on statefulrnn
(`statefulrnn.tour`).

``statefulrnn forecast fit|stream`` trains on one long series and forecasts as values arrive
(see `statefulrnn.forecast`).

``statefulrnn compile-kernels`` compiles the compiled (numba) kernels into numba's cache, so
that no program started later waits seconds for a first call (see
`statefulrnn.layers.kernel_cache`).

``statefulrnn calibrate-kernels`` times the three no-grad CPU kernels on this machine and keeps
the kernel rule fitted to the times, which every later process on it runs (see
`statefulrnn.layers.calibration`).

``statefulrnn serve MODEL_FILE`` serves the model's streams over WebSocket and HTTP until
Ctrl-C (see `statefulrnn.serve`).

Building the parser imports neither torch nor the model code (``statefulrnn --help`` answers at
once): each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__
from .forecast.cli import add_forecast


def _tour(_: argparse.Namespace) -> int:
    from .tour import run

    run()
    return 0


def _compile_kernels(_: argparse.Namespace) -> int:
    from .layers.kernel_cache import compile_kernels

    def report(load: Any) -> None:
        done = f"compiled in {load.seconds:.2f} s" if load.compiled else "read from numba's cache"
        print(f"{load.name}: {done}", flush=True)

    start = time.perf_counter()
    try:
        loads = compile_kernels(report)
    except RuntimeError as error:
        print(f"statefulrnn compile-kernels: {error}", file=sys.stderr)
        return 1
    places = ", ".join(sorted({load.cache_path for load in loads}))
    print(f"{len(loads)} kernels in numba's cache at {places} ({time.perf_counter() - start:.1f} s)")
    return 0


def _calibrate_kernels(arguments: argparse.Namespace) -> int:
    from .layers import calibration, kernel_rule

    start = time.perf_counter()
    quick = {"units": (32, 128, 512), "batches": (1, 16, 256), "repeats": 3}
    options = quick if arguments.quick else {}
    try:
        rule, points, path = calibration.calibrate(threads=arguments.threads, report=print, **options)
    except RuntimeError as error:
        print(f"statefulrnn calibrate-kernels: {error}", file=sys.stderr)
        return 1
    built_in = kernel_rule.built_in()
    print(f"{built_in.source} rule on these times: {kernel_rule.summary(built_in, points)}")
    print(f"calibrated rule on these times: {kernel_rule.summary(rule, points)}")
    print(f"saved to {path} ({time.perf_counter() - start:.0f} s); programs started from now on run it")
    return 0


_SERVE_LIMITS = ("read_timeout", "max_connections", "max_buffered_bytes", "piece_frames", "shutdown_timeout")


def _serve(arguments: argparse.Namespace) -> int:
    try:
        from .serve.app import MAX_MESSAGE_BYTES
        from .serve.limits import Limits
        from .serve.main import ServeError, run_server
    except ModuleNotFoundError as error:
        if error.name != "aiohttp":
            raise
        print(error, file=sys.stderr)
        return 2
    # Options not given keep the defaults of Limits and run_server, stated once there.
    given = {name: value for name, value in vars(arguments).items() if value is not None}
    try:
        run_server(
            arguments.model_file,
            arguments.host,
            arguments.port,
            max_streams=arguments.max_streams,
            snapshot=arguments.snapshot,
            max_message_bytes=arguments.max_message_bytes or MAX_MESSAGE_BYTES,
            limits=Limits(**{name: given[name] for name in _SERVE_LIMITS if name in given}),
            token=arguments.token,
            announce=lambda line: print(line, flush=True),
            **({"idle_timeout": given["idle_timeout"]} if "idle_timeout" in given else {}),
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
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s, this machine only)"
    )
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
        help="close streams without a push for this long (default: 300)",
    )
    serve.add_argument(
        "--snapshot",
        metavar="PATH",
        help="reopen the streams saved in PATH at start if it exists; save the streams pushed to there "
        "(their tokens' digests in PATH.tokens) at Ctrl-C or SIGTERM",
    )
    serve.add_argument(
        "--max-message-bytes",
        type=_positive(int),
        metavar="BYTES",
        help="largest HTTP body or WebSocket message (default: 4 MiB)",
    )
    serve.add_argument(
        "--token",
        help="bearer token every request but GET /health must carry, as 'Authorization: Bearer TOKEN' "
        "(default: the environment variable STATEFULRNN_SERVE_TOKEN; unset: none needed)",
    )
    for option, kind, metavar, text in (
        ("--read-timeout", float, "SECONDS", "for a body, a read reply, an idle connection (default: 30)"),
        ("--max-connections", int, "N", "requests in progress, WebSockets too; 503 past it (default: 1024)"),
        ("--max-buffered-bytes", int, "BYTES", "message bytes held at once; 503 past it (default: 64 MiB)"),
        ("--piece-frames", int, "N", "frames of one push per model call, for fairness (default: 256)"),
        ("--shutdown-timeout", float, "SECONDS", "for pushes, then connections, at shutdown (default: 5)"),
    ):
        serve.add_argument(option, type=_positive(kind), metavar=metavar, help=text)
    serve.set_defaults(run=_serve)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``statefulrnn`` command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="statefulrnn", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("tour", help="run the Keras stateful-RNN notebook on statefulrnn").set_defaults(
        run=_tour
    )
    commands.add_parser(
        "compile-kernels",
        help="compile the compiled kernels into numba's cache, for fast first calls",
        description="Compile every compiled (numba) kernel of statefulrnn into numba's cache, so that "
        "programs started later load each in a few hundredths of a second instead of compiling it "
        "(seconds) at their first call. Run it once per machine, e.g. in a container image's build "
        "step, on the CPU that will run the kernels (numba keys its cache by CPU). The cache is "
        "__pycache__ beside statefulrnn's kernels where writable, else numba's per-user cache "
        "directory, or NUMBA_CACHE_DIR. Exits 1 where numba cannot be used or cannot cache.",
    ).set_defaults(run=_compile_kernels)
    calibrate = commands.add_parser(
        "calibrate-kernels",
        help="time the kernels on this machine and keep the kernel rule fitted to them",
        description="Time the compiled kernel, compiled gates and PyTorch's kernel on GRU, LSTM and "
        "SimpleRNN calls of 32-512 units, 1-1024 rows and chunks of 1, 10 and 100 steps, fit the rule "
        "that picks among them (the built-in one was fitted on another CPU), and save it for this "
        "machine (CPU, CPU count, torch, numba and statefulrnn versions) in STATEFULRNN_CACHE_DIR, "
        "else ~/.cache/statefulrnn. Programs started afterwards run it. A few minutes per thread "
        "count on a 2-core machine; run it once per machine, on a quiet one, e.g. beside "
        "compile-kernels in a deploy step. Exits 1 without numba.",
    )
    calibrate.add_argument(
        "--threads",
        type=lambda text: [_positive(int)(part) for part in text.split(",")],
        metavar="N[,N...]",
        help="torch thread counts to time (default: 1, and torch's default where it is more)",
    )
    calibrate.add_argument("--quick", action="store_true", help="a smaller grid, for a smoke test")
    calibrate.set_defaults(run=_calibrate_kernels)
    _add_serve(commands)
    add_forecast(commands)
    arguments = parser.parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.exit(main())
