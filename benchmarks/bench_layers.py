"""Is a call of our stateful layer as fast as raw PyTorch carrying its state by hand?

One row per cell (GRU, LSTM, SimpleRNN) x units x batch x chunk length x torch threads, inference
(``torch.no_grad()``), F = 32 input features, a pass of ``--steps`` steps fed in chunks, the
state carried from chunk to chunk. The contenders, on the same weights, in one process:

- ``raw``: ``torch.nn.GRU``/``LSTM``/``RNN`` called per chunk, its state passed on by hand;
- ``ours``: our layer (``stateful=True``) called per chunk, with its automatic kernel choice
  (the ``kernel`` column: what `statefulrnn.layers.fused.kernel_choice` picks for the chunk);
- ``ort``: ONNX Runtime on our export of the layer (`statefulrnn.io.export_onnx`), one
  ``session.run`` per chunk with the states fed back (CPU only);
- ``predict``: ``model.predict(chunk)`` of a one-layer stateful `Sequential`, per chunk.

Before timing, every contender's outputs over the pass are checked against ``raw``'s (1e-4).
Repeats are rounds with every contender once, in a shuffled order (a large layer's weights fill
the caches, and a fixed order would always hand the misses to the same contender); the table
gives medians and ratios to ``raw``. Goals (marked ``*`` when missed): ours / raw at most 1.10,
at most 1.0 at batch 1 where the rule picks the compiled kernel (where it should win; a batch-1
row it leaves to PyTorch's kernel, a close call, runs raw's own kernel and keeps 1.10),
predict / raw at most 1.2.
``spread`` is the worst upper / lower quartile of the repeats: above 1.2 a row was disturbed.

Run:
    python benchmarks/bench_layers.py --markdown                  # the full grid, 10-20 min
    python benchmarks/bench_layers.py --quick                     # smoke test
    python benchmarks/bench_layers.py --cells GRU --units 128 --threads 1 --repeats 9
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

import statefulrnn
from statefulrnn import GRU, LSTM, GRUCell, LSTMCell, Sequential, SimpleRNN, SimpleRNNCell
from statefulrnn.io import export_onnx
from statefulrnn.layers import kernel_rule
from statefulrnn.layers.fused import kernel_choice

FEATURES = 32
CELLS = {
    "GRU": (GRU, nn.GRU, GRUCell),
    "LSTM": (LSTM, nn.LSTM, LSTMCell),
    "SimpleRNN": (SimpleRNN, nn.RNN, SimpleRNNCell),
}
UNITS = (32, 128, 512)
BATCHES = (1, 32, 256)
CHUNKS = (1, 10, 100)
THREADS = (1, 2)
GOAL, GOAL_BATCH_1, GOAL_PREDICT = 1.10, 1.0, 1.2
TOLERANCE = 1e-4  # ONNX Runtime's and the compiled kernels' float32 sums round differently
NOISY = 1.2  # spread (upper / lower quartile of the repeats) above which a row is suspect
TORCH_WEIGHTS = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")

Runner = Callable[[], list]  # one pass over the sequence -> outputs per chunk
State = torch.Tensor | tuple[torch.Tensor, ...]


@dataclass(frozen=True)
class Config:
    cell: str
    units: int
    batch: int
    chunk: int
    threads: int

    def describe(self) -> str:
        return f"{self.cell}({self.units}) batch={self.batch} chunk={self.chunk} threads={self.threads}"

    @property
    def kernel(self) -> str:
        """The kernel our layer's automatic choice runs a chunk on."""
        size = (self.units, self.batch, self.chunk, FEATURES, self.threads)
        return kernel_choice(CELLS[self.cell][2], torch.float32, *size)


@dataclass(frozen=True)
class Result:
    config: Config
    times: dict[str, tuple[float, ...]]  # contender -> seconds per pass, per repeat

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])

    def ratio(self, name: str, to: str = "raw") -> float:
        return self.median(name) / self.median(to)

    @property
    def spread(self) -> float:
        return max(q3 / q1 for q1, _, q3 in map(quartiles, self.times.values()))

    @property
    def ours_goal(self) -> float:
        # The issue's two asks meet at batch 1: "at most 1.0 where the compiled kernel should
        # win" and "where the two are close, prefer PyTorch's kernel". Where the rule keeps
        # PyTorch's kernel, ours runs raw's own kernel plus a call's Python: 1.0 is then a coin
        # toss, so such a row is held to the general goal.
        batch_1_compiled = self.config.batch == 1 and self.config.kernel == "compiled"
        return GOAL_BATCH_1 if batch_1_compiled else GOAL

    def misses(self) -> list[str]:
        missed = []
        if self.ratio("ours") > self.ours_goal:
            missed.append(f"ours/raw {self.ratio('ours'):.2f} > {self.ours_goal}")
        if self.ratio("predict") > GOAL_PREDICT:
            missed.append(f"predict/raw {self.ratio('predict'):.2f} > {GOAL_PREDICT}")
        return missed


def quartiles(times: Sequence[float]) -> list[float]:
    return statistics.quantiles(times, n=4, method="inclusive")


# ----- the contenders, on the same weights -----------------------------------------------------


def keras_to_torch(cell: str, weights: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Keras ``[kernel, recurrent_kernel, bias]`` -> torch ``[w_ih, w_hh, b_ih, b_hh]``, written
    out independently of statefulrnn, so that the equivalence check also checks our Keras layout."""
    kernel, recurrent, bias = weights
    if cell != "GRU":  # LSTM gate order i f c o == i f g o; Keras has one bias, torch adds two
        return [kernel.T, recurrent.T, bias, np.zeros_like(bias)]
    units = recurrent.shape[0]

    def to_torch_gates(w: np.ndarray) -> np.ndarray:  # last axis z r h -> r z n
        return np.concatenate([w[..., units : 2 * units], w[..., :units], w[..., 2 * units :]], axis=-1)

    bias = to_torch_gates(bias)  # (2, 3u): input row, recurrent row
    return [to_torch_gates(kernel).T, to_torch_gates(recurrent).T, bias[0], bias[1]]


def make_pair(cell: str, batch: int, units: int, device: str = "cpu") -> tuple[statefulrnn.RNN, nn.RNNBase]:
    """Our stateful layer and a raw torch module holding the same weights, on ``device``."""
    torch.manual_seed(0)
    layer_type, raw_type, _ = CELLS[cell]
    ours = layer_type(units, stateful=True, return_sequences=True, batch_input_shape=(batch, None, FEATURES))
    raw = raw_type(FEATURES, units, batch_first=True)
    with torch.no_grad():
        for name, value in zip(TORCH_WEIGHTS, keras_to_torch(cell, ours.get_weights())):
            getattr(raw, name).copy_(torch.from_numpy(np.ascontiguousarray(value)))
    return ours.to(device), raw.to(device)


def ours_runner(layer: statefulrnn.RNN, chunks: Sequence[torch.Tensor], training: bool = False) -> Runner:
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


def raw_runner(module: nn.RNNBase, chunks: Sequence[torch.Tensor], training: bool = False) -> Runner:
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


def predict_runner(model: Sequential, chunks: Sequence[torch.Tensor]) -> Runner:
    arrays = [x.cpu().numpy() for x in chunks]
    batch = arrays[0].shape[0]

    def run() -> list[np.ndarray]:
        model.reset_states()
        return [model.predict(x, batch_size=batch, verbose=0) for x in arrays]

    return run


def onnx_runner(model: Sequential, chunks: Sequence[torch.Tensor], threads: int) -> Runner:
    import onnxruntime

    path = os.path.join(tempfile.mkdtemp(), "layer.onnx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on tracing
        names = export_onnx(model, path)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = threads
    session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    arrays = [x.numpy() for x in chunks]
    state_names = names["inputs"][1:]
    zeros = [np.zeros((arrays[0].shape[0], model.layers[0].cell.units), np.float32) for _ in state_names]

    def run() -> list[np.ndarray]:
        states = zeros
        outputs = []
        for x in arrays:
            y, *states = session.run(None, {"x": x, **dict(zip(state_names, states))})
            outputs.append(y)
        return outputs

    return run


# ----- checking and timing --------------------------------------------------------------------


def require_close(what: str, ours: torch.Tensor | np.ndarray, raw: torch.Tensor | np.ndarray) -> None:
    diff = float(np.max(np.abs(_numpy(ours) - _numpy(raw))))
    if not diff <= TOLERANCE:
        raise AssertionError(f"{what}: ours and raw torch differ by {diff:.3g} (> {TOLERANCE})")


def _numpy(values: torch.Tensor | np.ndarray) -> np.ndarray:
    return values.detach().cpu().numpy() if isinstance(values, torch.Tensor) else np.asarray(values)


def seconds(run: Runner, device: str = "cpu") -> float:
    start = time.perf_counter()
    run()
    if device.startswith("cuda"):  # kernels run asynchronously: wait for them before reading the clock
        torch.cuda.synchronize()
    return time.perf_counter() - start


def contenders(config: Config, steps: int, device: str) -> dict[str, Runner]:
    ours, raw = make_pair(config.cell, config.batch, config.units, device)
    x = torch.randn(config.batch, steps, FEATURES, device=device)
    chunks = x.split(config.chunk, dim=1)
    model = Sequential([ours])
    runners = {"raw": raw_runner(raw, chunks), "ours": ours_runner(ours, chunks)}
    if device == "cpu":
        runners["ort"] = onnx_runner(model, chunks, config.threads)
    runners["predict"] = predict_runner(model, chunks)
    return runners


def measure(config: Config, steps: int, repeats: int, device: str) -> Result:
    torch.set_num_threads(config.threads)
    runners = contenders(config, steps, device)
    with torch.no_grad():
        expected = np.concatenate([_numpy(y) for y in runners["raw"]()], axis=1)
        for name, run in runners.items():  # also warms up (and compiles the numba kernels)
            got = np.concatenate([_numpy(y) for y in run()], axis=1)
            require_close(f"{config.describe()}: {name}", got, expected)
        names, order = list(runners), random.Random(0)
        times: dict[str, list[float]] = {name: [] for name in names}
        for _ in range(repeats):
            order.shuffle(names)
            for name in names:
                times[name].append(seconds(runners[name], device))
    return Result(config, {name: tuple(t) for name, t in times.items()})


# ----- reporting ------------------------------------------------------------------------------

COLUMNS = (
    "cell",
    "units",
    "batch",
    "chunk",
    "threads",
    "kernel",
    "raw ms",
    "ours ms",
    "ours/raw",
    "ort ms",
    "ours/ort",
    "predict/raw",
    "spread",
)


def si(value: float) -> str:
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def row(result: Result) -> list[str]:
    c = result.config
    ours, predict = result.ratio("ours"), result.ratio("predict")
    has_ort = "ort" in result.times
    return [
        c.cell,
        str(c.units),
        str(c.batch),
        str(c.chunk),
        str(c.threads),
        c.kernel,
        f"{result.median('raw') * 1e3:.2f}",
        f"{result.median('ours') * 1e3:.2f}",
        f"{ours:.2f}" + (" *" if ours > result.ours_goal else ""),
        f"{result.median('ort') * 1e3:.2f}" if has_ort else "-",
        f"{result.ratio('ours', 'ort'):.2f}" if has_ort else "-",
        f"{predict:.2f}" + (" *" if predict > GOAL_PREDICT else ""),
        f"{result.spread:.2f}",
    ]


def markdown_table(rows: list[list[str]], columns: Sequence[str] = COLUMNS) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---:" for _ in columns) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def text_table(rows: list[list[str]], columns: Sequence[str] = COLUMNS) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(columns, *rows)]
    return "\n".join("  ".join(cell.rjust(w) for cell, w in zip(r, widths)) for r in [list(columns), *rows])


def header(steps: int, repeats: int) -> str:
    import numba
    import onnxruntime

    return (
        f"torch {torch.__version__}, onnxruntime {onnxruntime.__version__}, numba {numba.__version__}, "
        f"statefulrnn {statefulrnn.__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start, float32, no grad, "
        f"F={FEATURES} features, T={steps} steps per pass, median of {repeats} shuffled rounds, "
        f"kernel rule: {kernel_rule.current().source}"
    )


def goal_summary(results: list[Result]) -> str:
    missed = [r for r in results if r.misses()]
    lines = [
        f"Goals (ours/raw <= {GOAL}, <= {GOAL_BATCH_1} at batch 1 on the compiled kernel; "
        f"predict/raw <= {GOAL_PREDICT}): "
        f"{len(results) - len(missed)}/{len(results)} rows meet both"
    ]
    worst = sorted(
        missed, key=lambda r: -max(r.ratio("ours") / r.ours_goal, r.ratio("predict") / GOAL_PREDICT)
    )
    lines += [f"  {r.config.describe()} [{r.config.kernel}]: {'; '.join(r.misses())}" for r in worst]
    noisy = [r for r in results if r.spread > NOISY]
    if noisy:
        lines.append(f"Noisy (spread > {NOISY}), rerun before trusting: {len(noisy)} row(s)")
    return "\n".join(lines)


# ----- command line ---------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])

    def ints(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split(","))

    parser.add_argument("--cells", type=lambda s: tuple(s.split(",")), default=tuple(CELLS))
    parser.add_argument("--units", type=ints, default=UNITS)
    parser.add_argument("--batches", type=ints, default=BATCHES)
    parser.add_argument("--chunks", type=ints, default=CHUNKS, help="steps per call")
    parser.add_argument("--threads", type=ints, default=THREADS, help="torch (and ONNX Runtime) threads")
    parser.add_argument("--repeats", type=int, help="timed rounds (default 5; quick 3)")
    parser.add_argument("--steps", type=int, default=100, help="time steps per pass (default 100)")
    parser.add_argument("--device", default="cpu", help="where ours and raw run (cpu, cuda, mps)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--quick", action="store_true", help="smoke test: a corner of the grid")
    args = parser.parse_args(argv)
    unknown = set(args.cells) - set(CELLS)
    if unknown:
        parser.error(f"--cells takes {', '.join(CELLS)}. Received: {','.join(sorted(unknown))}")
    if args.quick:
        args.units, args.batches, args.chunks, args.threads = (32,), (1, 32), (1, 10), (1,)
    args.repeats = args.repeats or (3 if args.quick else 5)
    if args.repeats < 2:
        parser.error(f"--repeats must be at least 2 (the spread needs quartiles). Received: {args.repeats}")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    print(header(args.steps, args.repeats), flush=True)
    todo = [
        Config(cell, units, batch, chunk, threads)
        for threads in args.threads
        for cell in args.cells
        for units in args.units
        for batch in args.batches
        for chunk in args.chunks
    ]
    results = []
    for index, config in enumerate(todo, 1):
        results.append(measure(config, args.steps, args.repeats, args.device))
        print(f"[{index}/{len(todo)}] " + " ".join(row(results[-1])), file=sys.stderr, flush=True)
    rows = [row(r) for r in results]
    print(markdown_table(rows) if args.markdown else text_table(rows))
    print(goal_summary(results))


if __name__ == "__main__":
    main()
