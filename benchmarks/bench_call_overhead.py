"""What does one call of our recurrent layer cost on top of the raw torch module, and where does it go?

One-step calls of GRU(64) and SimpleRNN(32), batch 1 and 32, stateful and not, F = 32 input
features, under ``torch.no_grad()`` with PyTorch's kernels forced (``use_compiled_kernels(False)``),
so that both sides run the same ``torch._VF`` kernel and the difference is Python. The raw module
carries its state by hand (``out, h = gru(x, h)``) where ours is stateful, and starts from zeros
(``gru(x)``) where ours is not. Before timing, each pair is checked to give the same outputs.

Part 1 times the calls, interleaved (ours, raw, ours, raw, ...), one thread, and gives medians
and the ratio ours / raw. Part 2 splits a stateful call: a part timed alone runs warmer than
inside a call, so each part is instead removed from the call (replaced by its precomputed
result) and the call timed without it, in the same interleaved rounds. With the kernel replaced
on both sides (ours: `fused_runner` hands out a runner returning a real run's outputs and states;
raw: ``torch._VF``'s kernel returns its real results) what is left is each side's Python: for
ours, torch's module call with ``Layer.__call__``, the input checks (a cached key after the first
call), the initial states, the kernel choice with the runner wrapper and the last output, the
state commit, and the rest of ``forward``; the kernel's share then includes the state reshapes
around it. The bare ``torch._VF`` kernel timed alone is the floor both sides share (inside a
call it takes longer: fresh outputs to allocate, colder caches). Times are the thread's CPU time,
which leaves out the time other processes hold the core (``--clock wall`` on an idle machine).

Part 1 also times the layer inside a one-layer ``Sequential`` (what a one-step ``predict``
calls), and part 3 splits what the model adds to the layer's call: ``Layer.__call__`` on the
model, torch's module call (``nn.Module.__call__``), and ``Sequential.forward`` around the layer
call (the loop, the state journal, the mask bookkeeping).

Run:
    python benchmarks/bench_call_overhead.py              # about a minute
    python benchmarks/bench_call_overhead.py --quick      # a few seconds, rough
    python benchmarks/bench_call_overhead.py --ratios-only --repeats 31
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

import statefulrnn
from statefulrnn import GRU, Sequential, SimpleRNN
from statefulrnn.layers import recurrent
from statefulrnn.layers.fused import fused_runner, use_compiled_kernels

FEATURES = 32
# (cell, units, batch)
CONFIGS = (("GRU", 64, 1), ("GRU", 64, 32), ("SimpleRNN", 32, 1), ("SimpleRNN", 32, 32))
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Pair:
    """Our layer and the raw module with the same weights, and one input."""

    label: str
    layer: statefulrnn.RNN
    raw: nn.RNNBase
    x: torch.Tensor
    stateful: bool
    model: Sequential  # of the one layer


def make_pair(cell: str, units: int, batch: int, stateful: bool) -> Pair:
    kind, raw_kind = (GRU, nn.GRU) if cell == "GRU" else (SimpleRNN, nn.RNN)
    layer = kind(units, stateful=stateful, batch_input_shape=(batch, None, FEATURES))
    raw = raw_kind(FEATURES, units, batch_first=True)
    # Our cells keep PyTorch's layout: the parameters copy over as they are.
    ours = dict(layer.cell.named_parameters())
    with torch.no_grad():
        raw.weight_ih_l0.copy_(ours["weight_ih"])
        raw.weight_hh_l0.copy_(ours["weight_hh"])
        if cell == "GRU":
            raw.bias_ih_l0.copy_(ours["bias_ih"])
            raw.bias_hh_l0.copy_(ours["bias_hh"])
        else:  # one Keras bias: the kernel adds two
            raw.bias_ih_l0.copy_(ours["bias"])
            raw.bias_hh_l0.zero_()
    label = f"{cell}({units}) b={batch} {'stateful' if stateful else 'stateless'}"
    return Pair(label, layer, raw, torch.randn(batch, 1, FEATURES), stateful, Sequential([layer]))


def raw_call(pair: Pair) -> Callable[[], object]:
    raw, x = pair.raw, pair.x
    if not pair.stateful:
        return lambda: raw(x)
    h = [torch.zeros(1, x.shape[0], raw.hidden_size)]

    def call() -> object:
        out, h[0] = raw(x, h[0])
        return out

    return call


def check_same(pair: Pair) -> None:
    ours = pair.layer(pair.x)
    expected, _ = pair.raw(pair.x)
    difference = float((ours - expected[:, -1]).abs().max())
    if difference > TOLERANCE:
        raise SystemExit(f"{pair.label}: ours and raw differ by {difference:.2e}")
    if pair.stateful:
        pair.layer.reset_states()


# The calling thread's CPU time: with one torch thread it is the call's whole work.
CLOCKS = {"cpu": time.thread_time_ns, "wall": time.perf_counter_ns}
clock = CLOCKS["cpu"]


def per_call_us(function: Callable[[], object], calls: int) -> float:
    start = clock()
    for _ in range(calls):
        function()
    return (clock() - start) / calls / 1000


Variant = tuple[Callable[[], object], Sequence[tuple[Any, str, Any]]]  # (call, patches)


@contextlib.contextmanager
def patched(patches: Sequence[tuple[Any, str, Any]]) -> Iterator[None]:
    """Set ``(namespace, name, value)`` entries (a module, or an object's ``__dict__``) for a block."""
    saved = [(space, name, space.get(name, _ABSENT)) for space, name, _ in patches]
    for space, name, value in patches:
        space[name] = value
    try:
        yield
    finally:
        for space, name, value in saved:
            if value is _ABSENT:
                del space[name]
            else:
                space[name] = value


_ABSENT = object()


def interleaved(variants: dict[str, Variant], repeats: int, calls: int) -> dict[str, float]:
    """Median per-call time of each variant, in us, over ``repeats`` interleaved rounds."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for round_ in range(repeats + 1):
        for name, (function, patches) in variants.items():
            with patched(patches):
                elapsed = per_call_us(function, calls if round_ else max(10, calls // 10))
            if round_:  # round 0 warms up
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


def knockouts(pair: Pair) -> dict[str, Variant]:
    """Our call and the raw one, whole and with parts replaced by their precomputed results
    (see the module's notes on part 2)."""
    layer, raw, x = pair.layer, pair.raw, pair.x
    kernel = fused_runner(layer.cell, False)
    if kernel is None:
        raise SystemExit(f"{pair.label}: no fused kernel; the stages below assume one")
    states = layer._initial_states(x, None)
    outputs, final = kernel(x, states)
    last = outputs[:, -1]
    store = layer.state_store
    h0 = torch.zeros(1, x.shape[0], raw.hidden_size)
    raw_result = raw(x, h0)
    name = "gru" if isinstance(raw, nn.GRU) else "rnn_tanh"
    bare = getattr(torch._VF, name)
    flat = raw._flat_weights
    ours_fake = (vars(recurrent), "fused_runner", lambda cell, training: lambda x, s: (outputs, final))
    raw_fake = (vars(torch._VF), name, lambda *args: raw_result)
    mine = vars(layer)
    call, fake = raw_call(pair), [ours_fake]
    variants: dict[str, Variant] = {
        "call": (lambda: layer(x), []),
        "python": (lambda: layer(x), fake),
        "forward python": (lambda: layer.forward(x, None, False), fake),
        "less checks": (lambda: layer(x), [*fake, (mine, "_checked_input", lambda inputs: (inputs, None))]),
        "less initial states": (lambda: layer(x), [*fake, (mine, "_initial_states", lambda *a: states)]),
        "less runner": (
            lambda: layer(x),
            [*fake, (mine, "_chunk_runner", lambda *a: lambda x, s: (outputs, last, final))],
        ),
        "raw call": (call, []),
        "raw python": (call, [raw_fake]),
        "bare kernel": (lambda: bare(x, h0, flat, True, 1, 0.0, False, False, True), []),
    }
    if store is not None:
        variants["less commit"] = (lambda: layer(x), [*fake, (vars(store), "commit", lambda values: None)])
    return variants


def attribution_rows(t: dict[str, float]) -> list[tuple[str, float]]:
    """(stage, us) rows: our call's parts, which add up to it, then the raw call's."""
    removed = {
        "input checks (cached key)": t["python"] - t["less checks"],
        "initial states": t["python"] - t["less initial states"],
        "kernel choice, runner wrapper, last output": t["python"] - t["less runner"],
        "state commit": t["python"] - t.get("less commit", t["python"]),
    }
    return [
        ("module call + Layer.__call__", t["python"] - t["forward python"]),
        *removed.items(),
        ("rest of forward", t["forward python"] - sum(removed.values())),
        ("= Python of our call", t["python"]),
        ("kernel and its state reshapes", t["call"] - t["python"]),
        ("= our call", t["call"]),
        ("raw: Python of nn module call", t["raw python"]),
        ("raw: kernel", t["raw call"] - t["raw python"]),
        ("= raw call", t["raw call"]),
        ("bare _VF kernel alone", t["bare kernel"]),
    ]


def model_levels(pair: Pair) -> dict[str, Variant]:
    """The one-layer model's call, and the same call entered one level lower each time."""
    model, layer, x = pair.model, pair.layer, pair.x
    return {
        "model": (lambda: model(x), []),
        "module call": (lambda: nn.Module.__call__(model, x), []),
        "forward": (lambda: Sequential.forward(model, x), []),
        "layer": (lambda: layer(x), []),
    }


def model_rows(t: dict[str, float]) -> list[tuple[str, float]]:
    """(part, us) rows of what the model adds, which add up to the model's call."""
    return [
        ("Layer.__call__ on the model", t["model"] - t["module call"]),
        ("torch's module call (nn.Module.__call__)", t["module call"] - t["forward"]),
        ("Sequential.forward around the layer", t["forward"] - t["layer"]),
        ("= what the model adds", t["model"] - t["layer"]),
        ("the layer's call", t["layer"]),
        ("= the model's call", t["model"]),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="interleaved rounds (default 15)")
    parser.add_argument("--calls", type=int, default=400, help="calls per timing (default 400)")
    parser.add_argument("--quick", action="store_true", help="5 rounds of 100 calls")
    parser.add_argument("--ratios-only", action="store_true", help="part 1 only")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu", help="thread CPU time or wall time")
    args = parser.parse_args(argv)
    global clock
    clock = CLOCKS[args.clock]
    repeats, calls = (5, 100) if args.quick else (args.repeats, args.calls)
    torch.set_num_threads(1)
    torch.manual_seed(0)
    print(
        f"statefulrnn {statefulrnn.__version__}, torch {torch.__version__}, Python "
        f"{platform.python_version()}, {platform.machine()} {platform.processor() or ''}".rstrip()
        + f", torch threads {torch.get_num_threads()}; one-step calls, F={FEATURES}, no grad, "
        f"PyTorch's kernels forced; {args.clock} time, medians of {repeats} interleaved rounds of "
        f"{calls} calls"
    )
    pairs = [make_pair(*config, stateful) for config in CONFIGS for stateful in (True, False)]
    with torch.no_grad(), use_compiled_kernels(False):
        for pair in pairs:
            check_same(pair)
        print(
            "\n| layer | ours us | raw us | ours / raw | in a Sequential us | Sequential / raw |"
            "\n|---|---:|---:|---:|---:|---:|"
        )
        for pair in pairs:
            variants: dict[str, Variant] = {
                "ours": (lambda p=pair: p.layer(p.x), []),
                "raw": (raw_call(pair), []),
                "model": (lambda p=pair: p.model(p.x), []),
            }
            t = interleaved(variants, repeats, calls)
            print(
                f"| {pair.label} | {t['ours']:.1f} | {t['raw']:.1f} | {t['ours'] / t['raw']:.2f} "
                f"| {t['model']:.1f} | {t['model'] / t['raw']:.2f} |"
            )
        if args.ratios_only:
            return
        stateful = [pair for pair in pairs if pair.stateful]
        rows: dict[str, list[str]] = {}
        for pair in stateful:
            times = interleaved(knockouts(pair), repeats, calls)
            for name, us in attribution_rows(times):
                rows.setdefault(name, []).append(f"{us:.1f} ({100 * us / times['call']:.0f}%)")
        print("\nWhere a stateful call's time goes, us (% of our call), each part removed in turn:\n")
        print("| part | " + " | ".join(pair.label.rsplit(" ", 1)[0] for pair in stateful) + " |")
        print("|---|" + "---:|" * len(stateful))
        for name, cells in rows.items():
            print(f"| {name} | " + " | ".join(cells) + " |")
        print("\nWhat a one-layer Sequential adds to the layer's call, us, each level removed in turn:\n")
        print("| part | " + " | ".join(pair.label.rsplit(" ", 1)[0] for pair in stateful) + " |")
        print("|---|" + "---:|" * len(stateful))
        rows = {}
        for pair in stateful:
            for name, us in model_rows(interleaved(model_levels(pair), repeats, calls)):
                rows.setdefault(name, []).append(f"{us:.1f}")
        for name, cells in rows.items():
            print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
