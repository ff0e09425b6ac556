"""What does one streamed step cost at batch 1? PyTorch, ONNX Runtime and our compiled kernels.

A stream arrives a frame at a time: each call computes one step of GRU(64) or LSTM(256) at
batch 1 and carries the state to the next call. The contenders, on the same weights, in one
process:

- ``torch.nn`` module: ``torch.nn.GRU``/``LSTM`` called on ``(1, 1, F)``, state passed by hand;
- cell loop: the functional ``torch.gru_cell``/``torch.lstm_cell`` on ``(1, F)``;
- ONNX Runtime: the same module exported (``torch.onnx.export(dynamo=False)``), one
  ``session.run`` per step;
- compiled kernel: ``statefulrnn.layers.compiled.gru``/``lstm`` on numpy arrays through
  ``compiled.call`` (which makes the output arrays the kernel fills), its lowest entry;
- StreamPool.push: one stream of a `statefulrnn.streaming.StreamPool` serving that layer,
  ``pool.push(id, frames)``: checks, the state stepped in its slot, outputs as numpy;
- statefulrnn layer: ``GRU(64, stateful=True, return_sequences=True, batch_input_shape=(1, None,
  F))`` called under ``torch.no_grad()``, which picks the compiled kernel where it measures
  faster (see `statefulrnn.layers.fused`); and the same layer with ``use_compiled_kernels(False)``
  (PyTorch's kernel).

After the table, a line per cell splits one frame's `StreamPool.push` into its parts (the
one-frame kernel, which checks the frame and steps the state in its slot; the kernel choice,
nearly all of it the weights' fingerprint; the step lock), each timed alone in thread CPU time,
in units of the compiled kernel's own call through ``compiled.call``.

The "chunk of 100" columns run 100 steps per call instead (time / 100): what the per-step cost
of a framework's call amounts to. Each contender first shows the same outputs as ``torch.nn``
(to 1e-5). Repeats are interleaved (every contender once a round, in shuffled order); the table gives medians
in microseconds, the ratio to ``torch.nn``, and the spread (upper / lower quartile).

Where the compiled kernel stops being the faster one, by cell, units, batch, steps and threads
(what `statefulrnn.layers.fused` decides with), is ``benchmarks/bench_crossover.py``'s question.

Run:
    python benchmarks/bench_step.py --markdown
    python benchmarks/bench_step.py --quick  # smoke test
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence

import numpy as np
import onnxruntime
import torch
from bench_layers import (
    FEATURES,
    Runner,
    make_pair,
    markdown_table,
    ours_runner,
    quartiles,
    raw_runner,
    require_close,
    seconds,
    text_table,
)
from torch import nn

import statefulrnn
from statefulrnn import use_compiled_kernels
from statefulrnn.layers import compiled
from statefulrnn.layers.fused import switch_settings
from statefulrnn.streaming import StreamPool

CELLS = (("GRU", 64), ("LSTM", 256))
CHUNK = 100
STEPS = 200  # per timed pass, in both columns
REFERENCE = "torch.nn module"
COLUMNS = ("cell", "contender", "step us", "ratio", "chunk of 100: us/step", "ratio ", "spread")


def weights_of(raw: nn.RNNBase) -> list[torch.Tensor]:
    return [p.detach() for p in raw.parameters()]  # w_ih, w_hh, b_ih, b_hh


def cell_loop_runner(cell: str, raw: nn.RNNBase, chunks: Sequence[torch.Tensor]) -> Runner:
    weights = weights_of(raw)
    units = raw.hidden_size

    def run() -> list[torch.Tensor]:
        h = c = torch.zeros(1, units)
        outputs = []
        for x in chunks:
            for t in range(x.shape[1]):
                if cell == "GRU":
                    h = torch.gru_cell(x[:, t], h, *weights)
                else:
                    h, c = torch.lstm_cell(x[:, t], (h, c), *weights)
                outputs.append(h)
        return outputs

    return run


class ExplicitState(nn.Module):
    """``raw`` with its state (``h``, or ``h`` and ``c``) as inputs and outputs, as ONNX has it."""

    def __init__(self, raw: nn.RNNBase) -> None:
        super().__init__()
        self.raw = raw

    def forward(self, x: torch.Tensor, *state: torch.Tensor) -> tuple[torch.Tensor, ...]:
        y, final = self.raw(x, state[0] if len(state) == 1 else state)
        return (y, final) if len(state) == 1 else (y, *final)


def onnx_runner(cell: str, raw: nn.RNNBase, chunks: Sequence[torch.Tensor], threads: int) -> Runner:
    states = ["h0"] if cell == "GRU" else ["h0", "c0"]
    zeros = [np.zeros((1, 1, raw.hidden_size), np.float32) for _ in states]
    path = os.path.join(tempfile.mkdtemp(), f"{cell}.onnx")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on tracing
        torch.onnx.export(
            ExplicitState(raw),
            (chunks[0], *map(torch.from_numpy, zeros)),
            path,
            input_names=["x", *states],
            output_names=["y", *[s.replace("0", "n") for s in states]],
            dynamic_axes={"x": {1: "time"}, "y": {1: "time"}},
            dynamo=False,
        )
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = threads
    session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    arrays = [x.numpy() for x in chunks]

    def run() -> list[np.ndarray]:
        state = zeros
        outputs = []
        for x in arrays:
            y, *state = session.run(None, {"x": x, **dict(zip(states, state))})
            outputs.append(y)
        return outputs

    return run


def compiled_runner(cell: str, raw: nn.RNNBase, chunks: Sequence[torch.Tensor]) -> Runner:
    kernel = compiled.gru if cell == "GRU" else compiled.lstm
    weights = compiled.pack_weights(weights_of(raw))
    start = [np.zeros((1, raw.hidden_size), np.float32) for _ in range(1 if cell == "GRU" else 2)]
    arrays = [x.numpy() for x in chunks]

    def run() -> list[np.ndarray]:
        state = start
        outputs = []
        for x in arrays:
            y, state = compiled.call(kernel, x, state, weights)
            outputs.append(y)
        return outputs

    return run


def pool_runner(layer: nn.Module, chunks: Sequence[torch.Tensor]) -> Runner:
    """One stream of a `StreamPool` serving ``layer``: what a server's push costs."""
    pool = StreamPool(layer)
    pool.open("stream")
    frames = [x[0].numpy() for x in chunks]

    def run() -> list[np.ndarray]:
        pool.reset("stream")
        return [pool.push("stream", x) for x in frames]

    return run


def without_compiled(run: Runner) -> Runner:
    def pytorch_run() -> list[torch.Tensor]:
        with use_compiled_kernels(False):
            return run()

    return pytorch_run


def contenders(cell: str, units: int, chunks: Sequence[torch.Tensor], threads: int) -> dict[str, Runner]:
    ours, raw = make_pair(cell, 1, units)
    layer = ours_runner(ours, chunks, training=False)
    return {
        REFERENCE: raw_runner(raw, chunks, training=False),
        "cell loop": cell_loop_runner(cell, raw, chunks),
        "ONNX Runtime": onnx_runner(cell, raw, chunks, threads),
        "compiled kernel": compiled_runner(cell, raw, chunks),
        "statefulrnn layer": layer,
        "statefulrnn layer, compiled off": without_compiled(layer),
        "StreamPool.push": pool_runner(ours, chunks),
    }


# ----- timing ---------------------------------------------------------------------------------


def as_steps(outputs: list) -> np.ndarray:
    """Any contender's outputs as one ``(T, u)`` array (batch 1)."""
    return np.concatenate([np.asarray(o).reshape(-1, np.asarray(o).shape[-1]) for o in outputs])


def time_all(runners: dict[str, Runner], repeats: int, what: str) -> dict[str, list[float]]:
    """Check each against the reference, then time ``repeats`` rounds in shuffled orders: LSTM(256)'s
    weights fill the L2 cache, so whoever runs after a contender with other weights finds them
    evicted, and a fixed order would always give that cost to the same contender."""
    expected = as_steps(runners[REFERENCE]())
    for name, run in runners.items():
        require_close(f"{what}: {name}", as_steps(run()), expected)  # also warms up
    names, order = list(runners), random.Random(0)
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeats):
        order.shuffle(names)
        for name in names:
            times[name].append(seconds(runners[name]) / STEPS)
    return times


def bound(cell: str, units: int, seconds_per_step: float) -> str:
    """The compiled kernel's chunked step against its arithmetic and its weight traffic."""
    weights = (FEATURES + units) * (3 if cell == "GRU" else 4) * units  # W_ih and W_hh, read each step
    return (
        f"{cell}({units}): {2 * weights / 1e3:.0f} kflop and {4 * weights / 1e3:.0f} kB of weights per "
        f"step; the compiled kernel within a chunk does {2 * weights / seconds_per_step / 1e9:.0f} "
        f"GFLOP/s and reads weights at {4 * weights / seconds_per_step / 1e9:.0f} GB/s"
    )


def measure(cell: str, units: int, repeats: int, threads: int) -> tuple[list[list[str]], str]:
    """The table rows of one cell, and its `bound` line."""
    torch.manual_seed(1)
    x = torch.randn(1, STEPS, FEATURES)
    with torch.no_grad():
        per_step = time_all(contenders(cell, units, x.split(1, dim=1), threads), repeats, f"{cell} step")
        chunked = time_all(contenders(cell, units, x.split(CHUNK, dim=1), threads), repeats, f"{cell} chunk")
    reference = statistics.median(per_step[REFERENCE]), statistics.median(chunked[REFERENCE])
    rows = []
    for name in per_step:
        step, chunk = statistics.median(per_step[name]), statistics.median(chunked[name])
        spread = max(q3 / q1 for q1, _, q3 in (quartiles(per_step[name]), quartiles(chunked[name])))
        rows.append(
            [
                f"{cell}({units})",
                name,
                f"{step * 1e6:.1f}",
                f"{step / reference[0]:.2f}",
                f"{chunk * 1e6:.2f}",
                f"{chunk / reference[1]:.2f}",
                f"{spread:.2f}",
            ]
        )
    return rows, bound(cell, units, statistics.median(chunked["compiled kernel"]))


def push_parts(cell: str, units: int, repeats: int) -> str:
    """Where one frame's `StreamPool.push` goes: its parts timed alone, interleaved, in thread CPU
    time, in units of the compiled kernel's own call. Parts run faster alone than after the
    kernel inside a push (caches, branch history), so "the rest" also holds that difference."""
    ours, _ = make_pair(cell, 1, units)
    pool = StreamPool(ours)
    pool.open("stream")
    frame = np.random.default_rng(2).normal(size=FEATURES).astype(np.float32)
    step = pool._runner._plan[0][0]  # the `_RecurrentStep` of the one layer
    pool.push("stream", frame)  # the frame road's kernel choice is made and kept
    kernel, weights = step._compiled(1, 1)
    road = step._frame_road
    if kernel is None or road[3] is None:
        return f"{cell}({units}): StreamPool.push runs on PyTorch's kernel here; no parts to show"
    # A served model usually ends in a head: the same layer and a Dense(1), pushed as a whole.
    headed = StreamPool(statefulrnn.Sequential([make_pair(cell, 1, units)[0], statefulrnn.Dense(1)]))
    headed.open("stream")
    table, slot = pool._slots, pool._streams["stream"].slot
    gathered = table.rows(slice(slot, slot + 1))
    x = frame[None, None].copy()
    lock = pool._step_lock
    frame_kernel, output = road[3], np.empty(units, np.float32)
    parts: dict[str, Runner] = {
        "push": lambda: pool.push("stream", frame),
        "push with a Dense(1) head": lambda: headed.push("stream", frame),
        # the state stepped in place in its slot, as a model of one layer is (no write-back)
        "kernel": lambda: compiled.call(kernel, x, gathered[0], weights, into=gathered[0]),
        "one-frame kernel": lambda: frame_kernel(frame, *table.views[0], slot, weights, output),
        # what the frame road compares before its kernel runs: the settings and the weights
        "kernel choice": lambda: (
            road[0] == (switch_settings(), torch.get_num_threads()) and road[1]() == road[2]
        ),
        "step lock": lambda: lock.acquire(blocking=False) and lock.release(),
        "nothing": lambda: None,
    }
    calls, times = 2000, {name: [] for name in parts}
    names, order = list(parts), random.Random(1)
    for _ in range(repeats):
        order.shuffle(names)
        for name in names:
            run, start = parts[name], time.thread_time()
            for _ in range(calls):
                run()
            times[name].append((time.thread_time() - start) / calls)
    empty = statistics.median(times.pop("nothing"))
    us = {name: (statistics.median(values) - empty) * 1e6 for name, values in times.items()}
    unit = us.pop("kernel")
    whole = us.pop("push")
    headed_push = us.pop("push with a Dense(1) head")
    rest = whole - sum(us.values())
    shares = ", ".join(f"{name} {value / unit:.2f}" for name, value in us.items())
    return (
        f"{cell}({units}) StreamPool.push of one frame, in compiled-kernel calls ({unit:.1f} us each, "
        f"thread CPU time, parts timed alone): {whole / unit:.2f} in all = {shares}, "
        f"the rest {rest / unit:.2f} (the frame's type checks, the stream's lookup, clock, counters, "
        f"output row, and the parts running slower inside a push than alone); with a Dense(1) head "
        f"after the layer {headed_push / unit:.2f} ({headed_push:.1f} us)"
    )


# ----- command line ---------------------------------------------------------------------------


def header(repeats: int, threads: int) -> str:
    import numba

    return (
        f"torch {torch.__version__}, onnxruntime {onnxruntime.__version__}, numba {numba.__version__}, "
        f"statefulrnn {statefulrnn.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {threads} thread(s) (torch, ONNX Runtime; numba: 1), float32, "
        f"batch 1, F={FEATURES} features, median of {repeats} interleaved repeats of {STEPS} steps"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, help="timed rounds (default 25; quick 3)")
    parser.add_argument("--threads", type=int, default=1, help="torch and ONNX Runtime threads (default 1)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--quick", action="store_true", help="smoke test: few repeats")
    args = parser.parse_args(argv)
    args.repeats = args.repeats or (3 if args.quick else 25)
    if args.repeats < 2:
        parser.error("--repeats must be at least 2 (the spread needs quartiles)")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if not compiled.AVAILABLE:
        sys.exit("numba is not installed: pip install 'statefulrnn[fast]'")
    torch.set_num_threads(args.threads)
    print(header(args.repeats, args.threads), flush=True)
    results = [measure(cell, units, args.repeats, args.threads) for cell, units in CELLS]
    rows = [row for cell_rows, _ in results for row in cell_rows]
    print(markdown_table(rows, COLUMNS) if args.markdown else text_table(rows, COLUMNS))
    for _, line in results:
        print(line)
    for cell, units in CELLS:
        print(push_parts(cell, units, args.repeats))


if __name__ == "__main__":
    main()
