"""Truncated-BPTT training speed: statefulrnn ``fit`` against a hand-written PyTorch loop and Keras.

The job: one long series per batch row (T steps, F features, a target per step), a stateful
LSTM or GRU with a Dense head, Adam, MSE, trained in chunks of ``k`` steps with the state
carried between chunks and gradients stopping at chunk boundaries. Three ways, same shapes:

- ours: ``model.fit(x, y, chunk_length=k, epochs=1, verbose=0)``;
- torch: the loop people write by hand (``out, h = rnn(chunk, h)``, backward, step,
  ``h = h.detach()``) with ``torch.nn.LSTM``/``GRU``, ``torch.nn.Linear`` and
  ``torch.optim.Adam``, on a copy of ours' starting weights. Its Adam is set as ours is:
  Keras's ``epsilon=1e-7`` and the multi-tensor (``foreach=True``) kernels that ours uses
  (torch's CPU default is a loop over the parameters, slower; ``fused=True`` is a single
  kernel with torch's own placement of epsilon, which is not Keras's rule);
- keras: Keras 3 on TensorFlow (LSTM rows only), ``stateful=True``, ``reset_states()`` then
  ``train_on_batch`` per chunk, run by ``keras_training_worker.py`` in its own virtual
  environment (the one the README's "Reference numbers" makes), found through
  ``STATEFULRNN_KERAS_PYTHON`` or ``--keras-python``; skipped, and said so, when neither
  names one. It runs with TensorFlow's own thread pools, whatever ``--threads`` says.

ours and torch repeats alternate in this process, at each thread count of ``--threads`` (oneDNN
and the recurrent kernels behave differently with one thread and with two); Keras runs in a
subprocess of the same run. The table gives median seconds per pass over the series,
sample-steps per second, and the speed ratios ours / torch (the loop's time over fit's: goal
>= 0.95, ``*`` where missed) and ours / keras (goal > 1). ``--clock cpu`` (with ``--threads 1``)
times this thread's CPU time instead of the wall clock: on a machine shared with other work,
time spent waiting for a core then does not count.

``--gru-kernels`` answers the question behind the GRU rows instead: on the CPU, PyTorch's GRU
kernel (``torch._VF.gru``, hence ``nn.GRU``) differentiates a graph of small operations per
step, so a GRU trains at batch 1 some 10-20x slower than an LSTM of the same size, and our
layers train on ``layers/gru_training.py``'s hand-written backward where it is the faster. It
times forward and backward of one chunk (a batch-first ``(N, T, 16)`` input, all weights
requiring grad) on each, interleaved, over units x batch x chunk length, with the speed ratio
torch / ours and the choice of the rule (`prefers_hand_bptt`), to refit ``_HAND_BPTT_LIMITS``.

Run:
    python benchmarks/bench_training.py --markdown [--threads 1 2] [--cells LSTM GRU] [--clock cpu]
        [--keras-python PATH]  (default: $STATEFULRNN_KERAS_PYTHON)
    python benchmarks/bench_training.py --gru-kernels --markdown [--threads 1 2] [--clock cpu]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from bench_layers import TORCH_WEIGHTS, keras_to_torch, markdown_table, quartiles, si, text_table
from torch import nn

import statefulrnn
from statefulrnn import GRU, LSTM, Dense, Sequential, optimizers
from statefulrnn._compat import GRU as VF_GRU
from statefulrnn.layers.gru_training import GRUSequence, prefers_hand_bptt

FEATURES = 16
CELLS = ("LSTM", "GRU")
THREADS = (1, 2)
BATCHES = (1, 32)
UNITS = (64, 256)
CHUNKS = (10, 100)
TORCH_GOAL = 0.95  # ours at least this fraction of the hand-written loop's speed


@dataclass(frozen=True)
class Config:
    batch: int
    units: int
    chunk: int
    steps: int
    cell: str = "LSTM"
    threads: int = 1

    def describe(self) -> str:
        return f"{self.threads} threads {self.cell} batch={self.batch} units={self.units} chunk={self.chunk}"


def series(config: Config) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(config.batch, config.steps, FEATURES, generator=generator)
    return x, torch.randn(config.batch, config.steps, 1, generator=generator)


def ours_model(config: Config) -> Sequential:
    torch.manual_seed(0)
    layer_type = LSTM if config.cell == "LSTM" else GRU
    model = Sequential(
        [
            layer_type(
                config.units,
                stateful=True,
                return_sequences=True,
                batch_input_shape=(config.batch, None, FEATURES),
            ),
            Dense(1),
        ]
    )
    model.compile(optimizer=optimizers.Adam(), loss="mse")
    return model


def ours_pass(model: Sequential, config: Config, x: torch.Tensor, y: torch.Tensor):
    def run() -> None:
        model.fit(x, y, chunk_length=config.chunk, epochs=1, verbose=0)

    return run


def torch_pass(model: Sequential, config: Config, x: torch.Tensor, y: torch.Tensor):
    """The hand-written loop, on a copy of ``model``'s starting weights: the same arithmetic,
    and Adam set as ours is (Keras's epsilon, the multi-tensor kernels)."""
    rnn = (nn.LSTM if config.cell == "LSTM" else nn.GRU)(FEATURES, config.units, batch_first=True)
    head = nn.Linear(config.units, 1)
    kernel, bias = model.layers[1].get_weights()
    with torch.no_grad():
        for name, value in zip(TORCH_WEIGHTS, keras_to_torch(config.cell, model.layers[0].get_weights())):
            getattr(rnn, name).copy_(torch.from_numpy(value.copy()))
        head.weight.copy_(torch.from_numpy(kernel.T.copy()))
        head.bias.copy_(torch.from_numpy(bias))
    optimizer = torch.optim.Adam([*rnn.parameters(), *head.parameters()], eps=1e-7, foreach=True)

    def run() -> None:
        state = None
        for t in range(0, config.steps, config.chunk):
            optimizer.zero_grad()
            out, state = rnn(x[:, t : t + config.chunk], state)
            loss = nn.functional.mse_loss(head(out), y[:, t : t + config.chunk])
            loss.backward()
            optimizer.step()
            state = state.detach() if isinstance(state, torch.Tensor) else tuple(s.detach() for s in state)

    return run


def timed(run, clock=time.perf_counter) -> float:
    start = clock()
    run()
    return clock() - start


def measure(config: Config, repeats: int, clock=time.perf_counter) -> tuple[list[float], list[float]]:
    torch.set_num_threads(config.threads)
    x, y = series(config)
    model = ours_model(config)
    raw = torch_pass(model, config, x, y)  # copies the weights before ours trains
    ours = ours_pass(model, config, x, y)
    ours(), raw()  # warm-up
    ours_times, torch_times = [], []
    for _ in range(repeats):  # interleaved, so noise hits both alike
        ours_times.append(timed(ours, clock))
        torch_times.append(timed(raw, clock))
    return ours_times, torch_times


def keras_seconds(
    configs: list[Config], repeats: int, python: Path | None
) -> tuple[str, dict[tuple[int, int, int], list[float]]]:
    """Keras's pass times by (batch, units, chunk), for the LSTM rows (the worker trains an LSTM)."""
    if python is None:
        return "Keras: skipped, STATEFULRNN_KERAS_PYTHON is unset and no --keras-python given", {}
    keys = sorted({(c.batch, c.units, c.chunk) for c in configs if c.cell == "LSTM"})
    steps = configs[0].steps
    request = [dict(batch=b, units=u, chunk=c, steps=steps, features=FEATURES, repeats=repeats)
               for b, u, c in keys]  # fmt: skip
    worker = Path(__file__).with_name("keras_training_worker.py")
    done = subprocess.run(
        [str(python), str(worker)], input=json.dumps(request), capture_output=True, text=True, check=True
    )
    reply = json.loads(done.stdout.strip().splitlines()[-1])
    return f"Keras {reply['keras']} on TensorFlow {reply['tensorflow']}", dict(zip(keys, reply["seconds"]))


COLUMNS = ("threads", "cell", "batch", "units", "chunk", "ours s", "torch s", "keras s",
           "ours sample-steps/s", "ours/torch speed", "ours/keras speed", "spread")  # fmt: skip


def table_row(config: Config, ours: list[float], raw: list[float], keras: list[float] | None) -> list[str]:
    o, t = statistics.median(ours), statistics.median(raw)
    k = statistics.median(keras) if keras else None
    spread = max(q3 / q1 for q1, _, q3 in (quartiles(ours), quartiles(raw)))
    flag = " *" if t / o < TORCH_GOAL else ""
    return [
        str(config.threads), config.cell, str(config.batch), str(config.units), str(config.chunk),
        f"{o:.3f}", f"{t:.3f}",
        "-" if k is None else f"{k:.3f}", si(config.batch * config.steps / o), f"{t / o:.2f}{flag}",
        "-" if k is None else f"{k / o:.1f}", f"{spread:.2f}",
    ]  # fmt: skip


KERNEL_UNITS = (32, 64, 128, 256, 512)
KERNEL_BATCHES = (1, 8, 32, 64, 128)
KERNEL_COLUMNS = ("threads", "chunk", "units", "batch", "torch us/step", "ours us/step", "torch/ours speed",
                  "rule picks")  # fmt: skip


def gru_kernel_row(threads: int, chunk: int, units: int, batch: int, repeats: int, clock) -> list[str]:
    """Forward and backward of one GRU chunk, PyTorch's kernel against `GRUSequence`."""
    torch.set_num_threads(threads)
    generator = torch.Generator().manual_seed(0)
    x, h0 = torch.randn(batch, chunk, FEATURES, generator=generator), torch.zeros(1, batch, units)
    shapes = (((3 * units, FEATURES), 0.2), ((3 * units, units), units**-0.5), ((3 * units,), 0.1))
    weights = [
        (torch.randn(*shape, generator=generator) * scale).requires_grad_()
        for shape, scale in (*shapes, shapes[-1])  # w_ih, w_hh, b_ih, b_hh
    ]

    calls = max(1, 2000 // (chunk * max(1, batch * units // 2048)))  # ~ the same time per repeat

    def pytorch() -> None:
        for _ in range(calls):
            outputs, final = VF_GRU(x, h0, weights, True, 1, 0.0, True, False, True)
            (outputs.sum() + final.sum()).backward()

    def ours() -> None:
        for _ in range(calls):
            outputs, final = GRUSequence.apply(x, h0[0], *weights)
            (outputs.sum() + final.sum()).backward()

    pytorch(), ours()  # warm-up
    torch_times, ours_times = [], []
    for _ in range(repeats):  # interleaved
        torch_times.append(timed(pytorch, clock) / calls / chunk)
        ours_times.append(timed(ours, clock) / calls / chunk)
    t, o = statistics.median(torch_times), statistics.median(ours_times)
    picks = "ours" if prefers_hand_bptt(batch, units, threads) else "torch"
    return [str(threads), str(chunk), str(units), str(batch), f"{t * 1e6:.1f}", f"{o * 1e6:.1f}",
            f"{t / o:.2f}", picks]  # fmt: skip


def gru_kernels(args: argparse.Namespace, clock) -> None:
    print(
        f"torch {torch.__version__}, statefulrnn {statefulrnn.__version__}; GRU forward + backward of one "
        f"chunk, F={FEATURES}, torch._VF.gru against layers/gru_training.GRUSequence, median of "
        f"{args.repeats} interleaved repeats ({args.clock} clock)",
        flush=True,
    )
    rows = [
        gru_kernel_row(threads, chunk, units, batch, args.repeats, clock)
        for threads in args.threads for chunk in CHUNKS for units in KERNEL_UNITS for batch in KERNEL_BATCHES
    ]  # fmt: skip
    print((markdown_table if args.markdown else text_table)(rows, KERNEL_COLUMNS))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000, help="length of the series (default 1000)")
    parser.add_argument("--repeats", type=int, default=7, help="timed passes per way (default 7)")
    parser.add_argument(
        "--keras-python", type=Path, default=os.environ.get("STATEFULRNN_KERAS_PYTHON") or None
    )
    parser.add_argument("--threads", type=int, nargs="+", default=list(THREADS), help="torch thread counts")
    parser.add_argument("--cells", nargs="+", default=list(CELLS), choices=CELLS)
    parser.add_argument(
        "--clock", choices=("wall", "cpu"), default="wall", help="cpu: this thread's CPU time"
    )
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument(
        "--gru-kernels", action="store_true", help="PyTorch's GRU kernel against our backward, by size"
    )
    args = parser.parse_args(argv)
    if args.clock == "cpu" and args.threads != [1]:
        parser.error("--clock cpu times one thread: use it with --threads 1")
    clock = time.thread_time if args.clock == "cpu" else time.perf_counter
    if args.gru_kernels:
        gru_kernels(args, clock)
        return
    configs = [
        Config(b, u, c, args.steps, cell, threads)
        for threads in args.threads for cell in args.cells for b in BATCHES for u in UNITS for c in CHUNKS
    ]  # fmt: skip
    keras_label, keras = keras_seconds(configs, args.repeats, args.keras_python)
    print(
        f"torch {torch.__version__}, statefulrnn {statefulrnn.__version__}, {keras_label}; "
        f"{' and '.join(map(str, args.threads))} torch threads, RNN + Dense(1), Adam (torch's: eps=1e-7, "
        f"foreach=True), MSE, F={FEATURES}, T={args.steps}, median of {args.repeats} interleaved passes "
        f"({args.clock} clock)",
        flush=True,
    )
    rows = []
    for index, config in enumerate(configs):
        ours, raw = measure(config, args.repeats, clock)
        keras_times = keras.get((config.batch, config.units, config.chunk)) if config.cell == "LSTM" else None
        rows.append(table_row(config, ours, raw, keras_times))
        print(f"[{index + 1}/{len(configs)}] {config.describe()}: ours/torch {rows[-1][9]}", file=sys.stderr)
    print((markdown_table if args.markdown else text_table)(rows, COLUMNS))


if __name__ == "__main__":
    main()
