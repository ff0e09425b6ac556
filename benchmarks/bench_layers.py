"""How much slower are statefulrnn's GRU and LSTM layers than raw torch.nn.GRU / torch.nn.LSTM?

Both run the same weights on the same input: the whole sequence in one call, or consecutive
chunks of 100 or 10 steps with the state carried between calls (raw PyTorch passes ``h`` (and
``c``) on by hand, as a hand-written loop would). Before timing, each configuration checks that
the two give the same outputs (and, in training, the same weight gradients) to 1e-5.

Modes: ``inference`` runs under ``torch.no_grad()``; ``training`` adds a backward pass of a sum
loss after every chunk, with truncated BPTT (raw PyTorch detaches the state between chunks;
statefulrnn does so by itself). Repeats alternate ours, raw, ours, raw, ... so machine noise
hits both alike; the table gives medians, the ratio ours / raw (goal: at most 1.1 for the
whole sequence and chunks of 100), our throughput and achieved gate-matmul GFLOP/s, and the
spread (upper / lower quartile of the repeats): a row with a large spread was disturbed, so rerun it (e.g.
``--mode inference``) on a quieter machine before reading its ratio.

Run:
    python benchmarks/bench_layers.py --markdown
    python benchmarks/bench_layers.py --quick  # smoke test: short sequence, few repeats
    python benchmarks/bench_layers.py --help   # --mode, --repeats, --steps, --threads
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

import statefulrnn
from statefulrnn import GRU, LSTM

FEATURES = 16
CELLS = ("GRU", "LSTM")
BATCHES = (1, 32)
UNITS = (64, 256)
CHUNKS = (None, 100, 10)  # None: the whole sequence in one call
MODES = ("inference", "training")
GOAL = 1.1  # ours / raw, for the whole sequence and chunks of 100
TOLERANCE = 1e-5
NOISY = 1.2  # spread (upper / lower quartile of the repeats) above which a row is suspect
TORCH_WEIGHTS = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")

Runner = Callable[[], list[torch.Tensor]]  # one pass over the sequence -> outputs per chunk
State = torch.Tensor | tuple[torch.Tensor, ...]


@dataclass(frozen=True)
class Config:
    mode: str
    cell: str
    batch: int
    units: int
    chunk: int | None
    steps: int

    @property
    def chunk_label(self) -> str:
        return "whole" if self.chunk is None else str(self.chunk)

    @property
    def training(self) -> bool:
        return self.mode == "training"

    def flops(self) -> float:
        """Gate matmul flops over the sequence: 2*B*(F+u)*k*u per step; backward counts 2x forward."""
        gates = 3 if self.cell == "GRU" else 4
        forward = 2 * self.batch * (FEATURES + self.units) * gates * self.units * self.steps
        return forward * (3 if self.training else 1)

    def describe(self) -> str:
        return f"{self.mode} {self.cell} batch={self.batch} units={self.units} chunk={self.chunk_label}"


@dataclass(frozen=True)
class Result:
    config: Config
    ours_times: tuple[float, ...]  # seconds for one pass over the sequence, per repeat
    raw_times: tuple[float, ...]

    @property
    def ours_s(self) -> float:
        return statistics.median(self.ours_times)

    @property
    def raw_s(self) -> float:
        return statistics.median(self.raw_times)

    @property
    def spread(self) -> float:
        """Upper / lower quartile of the repeats, the worse of the two modules: a noise gauge."""
        return max(q3 / q1 for q1, _, q3 in (quartiles(self.ours_times), quartiles(self.raw_times)))

    @property
    def ratio(self) -> float:
        return self.ours_s / self.raw_s

    @property
    def sample_steps_per_s(self) -> float:
        return self.config.batch * self.config.steps / self.ours_s

    @property
    def gflops(self) -> float:
        return self.config.flops() / self.ours_s / 1e9

    @property
    def goal_applies(self) -> bool:
        return self.config.chunk is None or self.config.chunk >= 100


def quartiles(times: Sequence[float]) -> list[float]:
    return statistics.quantiles(times, n=4, method="inclusive")


# ----- the two modules, on the same weights ---------------------------------------------------


def keras_to_torch(cell: str, weights: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Keras ``[kernel, recurrent_kernel, bias]`` -> torch ``[w_ih, w_hh, b_ih, b_hh]``, written
    out independently of statefulrnn, so that the equivalence check also checks our Keras layout."""
    kernel, recurrent, bias = weights
    if cell == "LSTM":  # gate order i f c o == i f g o; Keras has one bias, torch adds two
        return [kernel.T, recurrent.T, bias, np.zeros_like(bias)]
    units = recurrent.shape[0]

    def to_torch_gates(w: np.ndarray) -> np.ndarray:  # last axis z r h -> r z n
        return np.concatenate([w[..., units : 2 * units], w[..., :units], w[..., 2 * units :]], axis=-1)

    bias = to_torch_gates(bias)  # (2, 3u): input row, recurrent row
    return [to_torch_gates(kernel).T, to_torch_gates(recurrent).T, bias[0], bias[1]]


def make_pair(cell: str, batch: int, units: int, device: str = "cpu") -> tuple[statefulrnn.RNN, nn.RNNBase]:
    """Our stateful layer and a raw torch module holding the same weights, on ``device``."""
    torch.manual_seed(0)
    layer_type, raw_type = (GRU, nn.GRU) if cell == "GRU" else (LSTM, nn.LSTM)
    ours = layer_type(units, stateful=True, return_sequences=True, batch_input_shape=(batch, None, FEATURES))
    raw = raw_type(FEATURES, units, batch_first=True)
    with torch.no_grad():
        for name, value in zip(TORCH_WEIGHTS, keras_to_torch(cell, ours.get_weights())):
            getattr(raw, name).copy_(torch.from_numpy(np.ascontiguousarray(value)))
    return ours.to(device), raw.to(device)


def ours_runner(layer: statefulrnn.RNN, chunks: Sequence[torch.Tensor], training: bool) -> Runner:
    def run() -> list[torch.Tensor]:
        layer.reset_states()
        outputs = []
        for x in chunks:
            y = layer(x)  # carries (and detaches) its state itself
            if training:
                y.sum().backward()
            outputs.append(y)
        return outputs

    return run


def raw_runner(module: nn.RNNBase, chunks: Sequence[torch.Tensor], training: bool) -> Runner:
    def run() -> list[torch.Tensor]:
        state: State | None = None
        outputs = []
        for x in chunks:
            y, state = module(x, state)
            if training:
                y.sum().backward()
                state = detach(state)  # truncated BPTT
            outputs.append(y)
        return outputs

    return run


def detach(state: State) -> State:
    return state.detach() if isinstance(state, torch.Tensor) else tuple(s.detach() for s in state)


# ----- checking and timing --------------------------------------------------------------------


def require_close(what: str, ours: torch.Tensor | np.ndarray, raw: torch.Tensor | np.ndarray) -> None:
    diff = float(np.max(np.abs(_numpy(ours) - _numpy(raw))))
    if not diff <= TOLERANCE:
        raise AssertionError(f"{what}: ours and raw torch differ by {diff:.3g} (> {TOLERANCE})")


def check_same(
    config: Config, ours: statefulrnn.RNN, raw: nn.RNNBase, run_ours: Runner, run_raw: Runner
) -> None:
    """One pass of each (which also warms up): same outputs, and in training the same gradients."""
    for module in (ours, raw):
        module.zero_grad(set_to_none=True)
    ours_out = torch.cat(run_ours(), dim=1).detach()
    raw_out = torch.cat(run_raw(), dim=1).detach()
    require_close(f"{config.describe()}: outputs", ours_out, raw_out)
    if config.training:
        # Our parameters are in torch's layout (weight_ih, weight_hh, then bias or bias_ih):
        # compare w_ih, w_hh and b_ih; the LSTM's torch-only b_hh has no counterpart in ours.
        for name, parameter in list(zip(TORCH_WEIGHTS, ours.parameters()))[:3]:
            require_close(f"{config.describe()}: gradient of {name}", parameter.grad, getattr(raw, name).grad)


def _numpy(values: torch.Tensor | np.ndarray) -> np.ndarray:
    return values.detach().cpu().numpy() if isinstance(values, torch.Tensor) else np.asarray(values)


def seconds(run: Runner, device: str = "cpu") -> float:
    start = time.perf_counter()
    run()
    if device.startswith("cuda"):  # kernels run asynchronously: wait for them before reading the clock
        torch.cuda.synchronize()
    return time.perf_counter() - start


def measure(config: Config, repeats: int, device: str = "cpu") -> Result:
    ours, raw = make_pair(config.cell, config.batch, config.units, device)
    x = torch.randn(config.batch, config.steps, FEATURES, device=device)
    chunks = x.split(config.chunk or config.steps, dim=1)
    run_ours = ours_runner(ours, chunks, config.training)
    run_raw = raw_runner(raw, chunks, config.training)
    with torch.set_grad_enabled(config.training):
        check_same(config, ours, raw, run_ours, run_raw)
        ours_times, raw_times = [], []
        for _ in range(repeats):  # interleaved, so noise hits both alike
            ours_times.append(seconds(run_ours, device))
            raw_times.append(seconds(run_raw, device))
    return Result(config, tuple(ours_times), tuple(raw_times))


# ----- reporting ------------------------------------------------------------------------------

COLUMNS = (
    "mode",
    "cell",
    "batch",
    "units",
    "chunk",
    "ours ms",
    "torch ms",
    "ratio",
    "ours sample-steps/s",
    "ours GFLOP/s",
    "spread",
)


def si(value: float) -> str:
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def row(result: Result) -> list[str]:
    c = result.config
    flag = " *" if result.goal_applies and result.ratio > GOAL else ""
    return [
        c.mode,
        c.cell,
        str(c.batch),
        str(c.units),
        c.chunk_label,
        f"{result.ours_s * 1e3:.1f}",
        f"{result.raw_s * 1e3:.1f}",
        f"{result.ratio:.2f}{flag}",
        si(result.sample_steps_per_s),
        f"{result.gflops:.1f}",
        f"{result.spread:.2f}",
    ]


def markdown_table(rows: list[list[str]], columns: Sequence[str] = COLUMNS) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---:" for _ in columns) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def text_table(rows: list[list[str]], columns: Sequence[str] = COLUMNS) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(columns, *rows)]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(r, widths)) for r in [list(columns), *rows])


def header(steps: int, repeats: int) -> str:
    return (
        f"torch {torch.__version__}, statefulrnn {statefulrnn.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{torch.get_num_threads()} threads, float32, F={FEATURES} features, "
        f"T={steps} steps per pass, median of {repeats} interleaved repeats"
    )


def goal_summary(results: list[Result]) -> str:
    judged = [r for r in results if r.goal_applies]
    over = [r for r in judged if r.ratio > GOAL]
    met = len(judged) - len(over)
    lines = [f"Goal ratio <= {GOAL} (whole sequence and chunks of 100): {met}/{len(judged)} met"]
    lines += [f"  over (*): {r.config.describe()}: {r.ratio:.2f}" for r in over]
    noisy = [r for r in results if r.spread > NOISY]
    if noisy:
        lines.append(f"Noisy (spread > {NOISY}), rerun before trusting: {len(noisy)} row(s)")
        lines += [f"  {r.config.describe()}: spread {r.spread:.2f}" for r in noisy]
    return "\n".join(lines)


# ----- command line ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=(*MODES, "both"), default="both")
    parser.add_argument("--repeats", type=int, help="timed passes of each module (default 15; quick 3)")
    parser.add_argument("--steps", type=int, help="time steps per pass (default 1000; quick 100)")
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's choice)")
    parser.add_argument("--device", default="cpu", help="where both modules run (cpu, cuda, mps)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--quick", action="store_true", help="smoke test: short sequence, few repeats")
    args = parser.parse_args(argv)
    args.steps = args.steps or (100 if args.quick else 1000)
    args.repeats = args.repeats or (3 if args.quick else 15)
    if args.repeats < 2:
        parser.error("--repeats must be at least 2 (the spread needs quartiles)")
    return args


def configs(modes: Sequence[str], steps: int) -> list[Config]:
    return [
        Config(mode, cell, batch, units, chunk, steps)
        for mode in modes
        for cell in CELLS
        for batch in BATCHES
        for units in UNITS
        for chunk in CHUNKS
    ]


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    modes = MODES if args.mode == "both" else (args.mode,)
    if args.threads:
        torch.set_num_threads(args.threads)
    print(header(args.steps, args.repeats), flush=True)
    todo = configs(modes, args.steps)
    results = []
    for index, config in enumerate(todo, 1):
        results.append(measure(config, args.repeats, args.device))
        print(
            f"[{index}/{len(todo)}] {config.describe()}: {results[-1].ratio:.2f}", file=sys.stderr, flush=True
        )
    rows = [row(r) for r in results]
    print(markdown_table(rows) if args.markdown else text_table(rows))
    print(goal_summary(results))


if __name__ == "__main__":
    main()
