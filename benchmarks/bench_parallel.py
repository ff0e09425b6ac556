"""Training throughput of the linear recurrences (their scans) against our GRU and LSTM.

One question: how many sample-steps per second does a training step (forward and backward over
a chunk ``(N, T, F)``, loss = mean of the outputs) process, for `MinGRU` and `LRU` run as a scan
over time, against our `GRU` and `LSTM` layers (fused PyTorch kernels) of the same width? At
chunk lengths 128, 1024 and 8192, batch 1 and 32. Then the other side: the cost of one
streaming step (a stateful layer called on one step, no gradient), MinGRU, MinLSTM and LRU
against GRU.

The layers are timed as a user trains them: `RNN` runs a chunk of several steps of a linear
recurrence as its cell's scan (``run_chunk``: on a CPU the compiled loop over time, or
PyTorch's blocked parallel scan with ``--blocked-scan``) and a single streamed step as one plain
step. Repeats of every contender alternate in this process; the table gives medians and the
ratio to the GRU (goals: >= 5x at T = 1024, a streaming step no slower than the GRU's). Times
are this thread's CPU time with one thread (wall time with more).

Run:
    python benchmarks/bench_parallel.py [--units 64] [--repeats 5] [--threads 1] [--markdown]
        [--streaming-only] [--blocked-scan]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import platform
import statistics
import time
from collections.abc import Callable

import torch
from torch import nn

import statefulrnn
from statefulrnn.layers import GRU, LRU, LSTM, MinGRU, MinLSTM, use_compiled_kernels

FEATURES = 16
LENGTHS = (128, 1024, 8192)
BATCHES = (1, 32)
GOAL = 5.0  # MinGRU's training throughput over the GRU's at T = 1024


def contenders(units: int) -> dict[str, nn.Module]:
    torch.manual_seed(0)
    made = {
        "MinGRU": MinGRU(units, return_sequences=True),
        "LRU": LRU(units, return_sequences=True),
        "GRU": GRU(units, return_sequences=True),
        "LSTM": LSTM(units, return_sequences=True),
    }
    for module in made.values():
        module(torch.zeros(1, 2, FEATURES))  # builds
        module.train()
    return made


def train_step_seconds(module: nn.Module, x: torch.Tensor, clock: Callable[[], float]) -> float:
    module.zero_grad(set_to_none=True)
    start = clock()
    module(x).mean().backward()
    return clock() - start


def training_table(
    units: int, repeats: int, clock: Callable[[], float]
) -> list[tuple[str, int, int, dict[str, float]]]:
    rows = []
    modules = contenders(units)
    for steps in LENGTHS:
        for batch in BATCHES:
            x = torch.randn(batch, steps, FEATURES)
            times: dict[str, list[float]] = {name: [] for name in modules}
            for module in modules.values():
                train_step_seconds(module, x, clock)  # warm-up
            for _ in range(repeats):
                for name, module in modules.items():
                    times[name].append(train_step_seconds(module, x, clock))
            rate = {name: batch * steps / statistics.median(t) for name, t in times.items()}
            rows.append((f"T={steps} N={batch}", steps, batch, rate))
    return rows


def step_seconds(call: Callable[[], object], calls: int) -> float:
    # This thread's CPU time: on a machine shared with other work, wall time counts theirs too.
    start = time.thread_time()
    for _ in range(calls):
        call()
    return (time.thread_time() - start) / calls


def streaming_table(units: int, repeats: int) -> dict[str, float]:
    """Seconds per streamed step: each layer on its default path (the linear recurrences on
    their compiled step where numba is installed) and on PyTorch's operations
    (``use_compiled_kernels(False)``)."""
    torch.manual_seed(0)
    layers = {
        "MinGRU": MinGRU(units, stateful=True, batch_input_shape=(1, None, FEATURES)),
        "MinLSTM": MinLSTM(units, stateful=True, batch_input_shape=(1, None, FEATURES)),
        "LRU": LRU(units, stateful=True, batch_input_shape=(1, None, FEATURES)),
        "GRU": GRU(units, stateful=True, batch_input_shape=(1, None, FEATURES)),
    }
    x = torch.randn(1, 1, FEATURES)

    def torch_ops(layer: nn.Module) -> object:
        with use_compiled_kernels(False):
            return layer(x)

    calls: dict[str, Callable[[], object]] = {
        name: functools.partial(layer, x) for name, layer in layers.items()
    }
    for name in ("MinGRU", "MinLSTM", "LRU"):
        calls[f"{name} (torch ops)"] = functools.partial(torch_ops, layers[name])
    times: dict[str, list[float]] = {name: [] for name in calls}
    with torch.no_grad():
        for layer in layers.values():
            layer.eval()
        for call in calls.values():
            step_seconds(call, 200)  # warm-up (and the compiled steps' first call)
        for _ in range(repeats):
            for name, call in calls.items():
                times[name].append(step_seconds(call, 500))
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--streaming-only", action="store_true", help="skip the training table")
    parser.add_argument(
        "--blocked-scan",
        action="store_true",
        help="train the linear recurrences on PyTorch's blocked scan, not the compiled loop (an A/B)",
    )
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(
        f"statefulrnn {statefulrnn.__version__}, torch {torch.__version__}, Python "
        f"{platform.python_version()}, {torch.get_num_threads()} thread(s), float32, "
        f"F={FEATURES}, units={args.units}, median of {args.repeats} interleaved repeats, scans on "
        f"{'PyTorch blocked scan' if args.blocked_scan else 'the compiled loop where it applies'}"
    )
    print()
    if not args.streaming_only:
        # One thread: its CPU time, which other work on a shared machine does not inflate; more
        # threads: wall time (a thread's CPU time would miss the others' work).
        clock = time.thread_time if torch.get_num_threads() == 1 else time.perf_counter
        # use_compiled_kernels(False) changes only the scans here: GRU and LSTM train on PyTorch.
        with use_compiled_kernels(False) if args.blocked_scan else contextlib.nullcontext():
            rows = training_table(args.units, args.repeats, clock)
        names = list(rows[0][3])
        bar = "|" if args.markdown else " "
        header = ["chunk", *[f"{name} steps/s" for name in names], "MinGRU/GRU", "LRU/GRU"]
        print(bar.join(f"{h:>18}" for h in header))
        if args.markdown:
            print("|".join(["---:"] * len(header)))
        for label, steps, _, rate in rows:
            ratios = [rate["MinGRU"] / rate["GRU"], rate["LRU"] / rate["GRU"]]
            mark = "*" if steps == 1024 and ratios[0] < GOAL else ""
            cells = [
                label,
                *[f"{rate[n]:,.0f}" for n in names],
                f"{ratios[0]:.1f}x{mark}",
                f"{ratios[1]:.1f}x",
            ]
            print(bar.join(f"{c:>18}" for c in cells))
        clock_name = "thread CPU time" if clock is time.thread_time else "wall time"
        print(
            f"\n(training: forward + backward, sample-steps per second of {clock_name}; "
            f"* = below the {GOAL:.0f}x goal)\n"
        )
    step = streaming_table(args.units, args.repeats)
    print("streaming step, batch 1, stateful layer called on 1 step, no grad (thread CPU time):")
    for name, seconds in step.items():
        print(f"  {name:>19}: {seconds * 1e6:8.1f} us   ({seconds / step['GRU']:.2f}x the GRU's time)")


if __name__ == "__main__":
    main()
