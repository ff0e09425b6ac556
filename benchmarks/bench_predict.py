"""Chunked inference: ``model.predict``, ``predict_on_batch`` and ``model(x)`` against a raw torch loop.

The job: B streams fed in K consecutive chunks of T steps (F features), a stateful GRU or LSTM
with ``return_sequences`` and a Dense(1) head, state carried from chunk to chunk, every chunk's
outputs wanted as one numpy array ``(K * B, T, 1)``. Four ways, same weights, same numbers
(checked to 1e-5 before timing):

- predict: one ``model.predict(x, batch_size=B)`` over the chunks laid out as rows (row
  ``k * B + i`` is chunk k of stream i: a stateful model's batch k continues batch k - 1);
- predict_on_batch: ``model.predict_on_batch(chunk)`` per chunk, copied into the result;
- call: ``model(chunk)`` per chunk under ``torch.no_grad()``, copied into the result;
- torch: the loop people write by hand, ``out, h = rnn(chunk, h)``, ``head(out)``, copied into
  the result, with ``torch.nn.GRU``/``LSTM`` and ``torch.nn.Linear``.

The four alternate, repeat after repeat, in this process; the table gives the raw loop's
median time per chunk and each way's median over it (goal: predict at most 1.2), with the
spread (upper / lower quartile of the repeats, the worst of the four; above 1.2 the row was
disturbed by other load: rerun it). ``--clock cpu`` times this thread's CPU time instead of the
wall clock (one thread only): on a machine shared with other work, time spent waiting for a
core then does not count.

``--parts`` answers where one call's microseconds go instead: ``model.predict`` of one one-step
chunk (the thinnest road: one float array that makes one batch) against ``model(chunk)`` and the
raw modules (both with their outputs copied to numpy), ``predict_on_batch``, and each part of the
predict call taken out (replaced by what it returns, since a part timed alone runs warmer than
inside a call): the switch to inference mode and back, the model method's frames
(``prediction.predict`` called directly). Two ways go the other way round: a new walk at each
call instead of the kept one (what keeping it saves), and the kept walk compared slot by slot
at each call, the tree mark renewed before it (what the mark saves: `statefulrnn._tree_mark`).
Each figure is the median of many bursts of 20 calls; "costs" is the call's time less its time
without that part, "adds" the way's time less the call's. ``--cells`` picks the cells
(SimpleRNN, whose step is the cheapest, shows our own microseconds most).

Run:
    python benchmarks/bench_predict.py --markdown [--threads 1] [--chunks 200] [--repeats 15] [--clock cpu]
    python benchmarks/bench_predict.py --parts --cells SimpleRNN,GRU [--repeats 101] [--clock cpu]
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
from bench_layers import TORCH_WEIGHTS, keras_to_torch, markdown_table, quartiles, text_table
from torch import nn

import statefulrnn
import statefulrnn.training.prediction as prediction
from statefulrnn import GRU, LSTM, Dense, Sequential, SimpleRNN, _tree_mark

FEATURES = 16
CELLS = ("GRU", "LSTM")  # the table's default
LAYERS = {"GRU": (GRU, nn.GRU), "LSTM": (LSTM, nn.LSTM), "SimpleRNN": (SimpleRNN, nn.RNN)}
UNITS = 64
BATCHES = (1, 32)
STEPS = (1, 10)  # steps per chunk
GOAL = 1.2  # predict / raw torch loop
TOLERANCE = 1e-5
WAYS = ("torch", "call", "predict", "predict_on_batch")

Runner = Callable[[], np.ndarray]


@dataclass(frozen=True)
class Config:
    cell: str
    batch: int
    steps: int  # per chunk
    chunks: int

    def describe(self) -> str:
        return f"{self.cell}({UNITS}) batch={self.batch} chunk={self.steps} steps"


def models(config: Config) -> tuple[Sequential, nn.RNNBase, nn.Linear]:
    """Our stateful model and the raw torch modules, holding the same weights."""
    torch.manual_seed(0)
    layer_type, raw_type = LAYERS[config.cell]
    batch_shape = (config.batch, None, FEATURES)
    rnn = layer_type(UNITS, stateful=True, return_sequences=True, batch_input_shape=batch_shape)
    model = Sequential([rnn, Dense(1)])
    raw, head = raw_type(FEATURES, UNITS, batch_first=True), nn.Linear(UNITS, 1)
    kernel, bias = model.layers[1].get_weights()
    with torch.no_grad():
        for name, value in zip(TORCH_WEIGHTS, keras_to_torch(config.cell, rnn.get_weights())):
            getattr(raw, name).copy_(torch.from_numpy(np.ascontiguousarray(value)))
        head.weight.copy_(torch.from_numpy(kernel.T.copy()))
        head.bias.copy_(torch.from_numpy(bias))
    return model, raw, head


def runners(config: Config, model: Sequential, raw: nn.RNNBase, head: nn.Linear) -> dict[str, Runner]:
    """One pass over the K chunks for each way; each returns the (K * B, T, 1) outputs."""
    generator = torch.Generator().manual_seed(1)
    rows = torch.randn(config.chunks * config.batch, config.steps, FEATURES, generator=generator)
    x = rows.numpy()  # as a user hands predict its data
    chunks = list(rows.split(config.batch))
    shape = (len(rows), config.steps, 1)

    def torch_loop() -> np.ndarray:
        result, state, start = np.empty(shape, np.float32), None, 0
        with torch.no_grad():
            for chunk in chunks:
                out, state = raw(chunk, state)
                result[start : start + len(chunk)] = head(out).numpy()
                start += len(chunk)
        return result

    def call() -> np.ndarray:
        model.reset_states()
        result, start = np.empty(shape, np.float32), 0
        with torch.no_grad():
            for chunk in chunks:
                result[start : start + len(chunk)] = model(chunk).numpy()
                start += len(chunk)
        return result

    def predict() -> np.ndarray:
        model.reset_states()
        return model.predict(x, batch_size=config.batch, verbose=0)

    def predict_on_batch() -> np.ndarray:
        model.reset_states()
        result, start = np.empty(shape, np.float32), 0
        for chunk in chunks:
            result[start : start + len(chunk)] = model.predict_on_batch(chunk)
            start += len(chunk)
        return result

    return {"torch": torch_loop, "call": call, "predict": predict, "predict_on_batch": predict_on_batch}


def measure(
    config: Config, repeats: int, clock: Callable[[], float] = time.perf_counter
) -> dict[str, list[float]]:
    model, raw, head = models(config)
    ways = runners(config, model, raw, head)
    expected = ways["torch"]()
    for name, run in ways.items():  # also the warm-up
        difference = float(np.max(np.abs(run() - expected)))
        if not difference <= TOLERANCE:
            raise AssertionError(f"{config.describe()}: {name} differs from raw torch by {difference:.3g}")
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(repeats):  # interleaved, so noise hits every way alike
        for name, run in ways.items():
            start = clock()
            run()
            times[name].append(clock() - start)
    return times


COLUMNS = ("cell", "batch", "chunk steps", "torch us/chunk", "call/torch", "predict/torch",
           "predict_on_batch/torch", "spread")  # fmt: skip


def table_row(config: Config, times: dict[str, list[float]]) -> list[str]:
    medians = {name: statistics.median(values) for name, values in times.items()}
    raw = medians["torch"]
    spread = max(q3 / q1 for q1, _, q3 in map(quartiles, times.values()))
    predict = medians["predict"] / raw
    return [
        config.cell, str(config.batch), str(config.steps), f"{raw / config.chunks * 1e6:.1f}",
        f"{medians['call'] / raw:.2f}", f"{predict:.2f}{' *' if predict > GOAL else ''}",
        f"{medians['predict_on_batch'] / raw:.2f}", f"{spread:.2f}",
    ]  # fmt: skip


# ----- --parts: one call taken apart ------------------------------------------------------------

BURST = 20  # calls per timing


class _Nothing:
    """A `ModuleMode` that switches nothing: the mode switch taken out."""

    def __init__(self, *args: object) -> None:
        pass

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc_info: object) -> None:
        pass


def parts(config: Config, repeats: int, clock: Callable[[], float]) -> list[str]:
    """One row: raw, call, predict and predict_on_batch per call (us), and what each part of a
    predict call costs."""
    model, raw, head = models(config)
    chunk = torch.randn(config.batch, config.steps, FEATURES)
    x = chunk.numpy()
    state: list = [None]

    def raw_call() -> None:
        with torch.no_grad():
            out, state[0] = raw(chunk, state[0])
            head(out).numpy().copy()  # as the call's outputs are copied out

    def model_call() -> None:
        with torch.no_grad():
            model(chunk).numpy().copy()

    def predict() -> None:
        model.predict(x, batch_size=config.batch, verbose=0)

    def patched(owner: object, name: str, fake: object, run: Callable[[], None]) -> Callable[[], None]:
        def patched_run() -> None:
            real = getattr(owner, name)
            setattr(owner, name, fake)
            try:
                run()
            finally:
                setattr(owner, name, real)

        return patched_run

    def with_walk_compared() -> None:  # the tree mark renewed: the kept walk is compared slot by slot
        _tree_mark.renew()
        predict()

    def with_fresh_walk() -> None:
        model.__dict__.pop(prediction._KEPT_WALK, None)
        predict()

    taken_out = {  # each way also pays patched()'s own setattr pair: "predict" pays one alike
        "mode switch": patched(prediction, "ModuleMode", _Nothing, predict),
        "method": patched(prediction, "ModuleMode", prediction.ModuleMode,
                          lambda: prediction.predict(model, x, config.batch, 0)),
    }  # fmt: skip
    ways = {
        "raw": raw_call, "call": model_call,
        "predict": patched(prediction, "ModuleMode", prediction.ModuleMode, predict),
        "predict_on_batch": lambda: model.predict_on_batch(x),
        "fresh walk": patched(prediction, "ModuleMode", prediction.ModuleMode, with_fresh_walk),
        "compared walk": patched(prediction, "ModuleMode", prediction.ModuleMode, with_walk_compared),
        **{f"-{part}": run for part, run in taken_out.items()},
    }  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name in ways}
    for run in ways.values():  # warm-up
        for _ in range(BURST):
            run()
    for _ in range(repeats):
        for name, run in ways.items():
            start = clock()
            for _ in range(BURST):
                run()
            times[name].append((clock() - start) / BURST * 1e6)
    median = {name: statistics.median(values) for name, values in times.items()}
    whole = median["predict"]
    return [
        config.cell, str(config.batch), f"{median['raw']:.1f}", f"{median['call']:.1f}", f"{whole:.1f}",
        f"{whole / median['raw']:.2f}", f"{median['predict_on_batch']:.1f}",
        f"{median['fresh walk'] - whole:.1f}", f"{median['compared walk'] - whole:.1f}",
        *(f"{whole - median[f'-{part}']:.1f}" for part in taken_out),
    ]  # fmt: skip


PART_COLUMNS = ("cell", "batch", "raw us", "call us", "predict us", "/raw", "predict_on_batch us",
                "a fresh walk adds", "comparing the kept walk adds", "mode switch costs",
                "method costs")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=200, help="chunks per pass (default 200)")
    parser.add_argument("--repeats", type=int, default=15, help="timed passes per way (default 15)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument(
        "--clock", choices=("wall", "cpu"), default="wall", help="cpu: this thread's CPU time"
    )
    parser.add_argument("--cells", default=",".join(CELLS), help=f"of {', '.join(LAYERS)} (default GRU,LSTM)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--parts", action="store_true", help="where one call's microseconds go")
    args = parser.parse_args(argv)
    if args.clock == "cpu" and args.threads != 1:
        parser.error("--clock cpu times one thread: use it with --threads 1")
    torch.set_num_threads(args.threads)
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter
    table = markdown_table if args.markdown else text_table
    cells = args.cells.split(",")
    if not set(cells) <= set(LAYERS):
        parser.error(f"--cells takes {', '.join(LAYERS)}. Received: {args.cells}")
    if args.parts:
        repeats = max(args.repeats, 101)
        print(
            f"torch {torch.__version__}, statefulrnn {statefulrnn.__version__}, Python "
            f"{platform.python_version()}; {torch.get_num_threads()} threads, float32, RNN({UNITS}) + "
            f"Dense(1), one-step chunks, F={FEATURES}; us per call, median of {repeats} interleaved "
            f"bursts of {BURST} calls ({args.clock} clock)",
            flush=True,
        )
        configs = [Config(cell, batch, 1, 1) for cell in cells for batch in BATCHES]
        print(table([parts(config, repeats, clock) for config in configs], PART_COLUMNS))
        return
    print(
        f"torch {torch.__version__}, statefulrnn {statefulrnn.__version__}, Python "
        f"{platform.python_version()}, {platform.machine()}; {torch.get_num_threads()} threads, float32, "
        f"RNN({UNITS}, return_sequences) + Dense(1), F={FEATURES}, {args.chunks} chunks per pass, median of "
        f"{args.repeats} interleaved passes ({args.clock} clock); * marks predict over {GOAL}x the raw loop",
        flush=True,
    )
    rows = []
    configs = [Config(c, b, s, args.chunks) for c in cells for b in BATCHES for s in STEPS]
    for index, config in enumerate(configs):
        rows.append(table_row(config, measure(config, args.repeats, clock)))
        print(
            f"[{index + 1}/{len(configs)}] {config.describe()}: predict/torch {rows[-1][5]}", file=sys.stderr
        )
    print(table(rows, COLUMNS))


if __name__ == "__main__":
    main()
