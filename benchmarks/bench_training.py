"""Truncated-BPTT training speed: statefulrnn ``fit`` against a hand-written PyTorch loop and Keras.

The job: one long series per batch row (T steps, F features, a target per step), a stateful
LSTM with a Dense head, Adam, MSE, trained in chunks of ``k`` steps with the state carried
between chunks and gradients stopping at chunk boundaries. Three ways, same shapes:

- ours: ``model.fit(x, y, chunk_length=k, epochs=1, verbose=0)``;
- torch: the loop people write by hand (``out, h = lstm(chunk, h)``, backward, step,
  ``h = h.detach()``) with ``torch.nn.LSTM``, ``torch.nn.Linear`` and ``torch.optim.Adam``;
- keras: Keras 3 on TensorFlow, ``stateful=True``, ``reset_states()`` then ``train_on_batch`` per
  chunk, run by ``keras_training_worker.py`` in its own virtual environment (the one the
  README's "Reference numbers" makes), found through ``STATEFULRNN_KERAS_PYTHON`` or
  ``--keras-python``; skipped, and said so, when neither names one.

ours and torch repeats alternate in this process; Keras runs in a subprocess of the same run.
The table gives median seconds per pass over the series, sample-steps per second, and the
speed ratios ours / torch (goal >= 0.95) and ours / keras (goal > 1).

Run:
    python benchmarks/bench_training.py --markdown [--keras-python PATH]  (default: $STATEFULRNN_KERAS_PYTHON)
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
from bench_layers import markdown_table, quartiles, si, text_table
from torch import nn

import statefulrnn
from statefulrnn import LSTM, Dense, Sequential, optimizers

FEATURES = 16
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

    def describe(self) -> str:
        return f"batch={self.batch} units={self.units} chunk={self.chunk}"


def series(config: Config) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(config.batch, config.steps, FEATURES, generator=generator)
    return x, torch.randn(config.batch, config.steps, 1, generator=generator)


def ours_model(config: Config) -> Sequential:
    torch.manual_seed(0)
    model = Sequential(
        [
            LSTM(
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
    """The hand-written loop, on a copy of ``model``'s starting weights: the same arithmetic."""
    lstm = nn.LSTM(FEATURES, config.units, batch_first=True)
    head = nn.Linear(config.units, 1)
    cell, dense = model.layers[0].cell, model.layers[1]
    with torch.no_grad():  # our cells keep torch's layout; Keras's one bias is torch's b_ih
        lstm.weight_ih_l0.copy_(cell.weight_ih)
        lstm.weight_hh_l0.copy_(cell.weight_hh)
        lstm.bias_ih_l0.copy_(cell.bias)
        lstm.bias_hh_l0.zero_()
        head.weight.copy_(dense.kernel.t())
        head.bias.copy_(dense.bias)
    optimizer = torch.optim.Adam([*lstm.parameters(), *head.parameters()])

    def run() -> None:
        state = None
        for t in range(0, config.steps, config.chunk):
            optimizer.zero_grad()
            out, state = lstm(x[:, t : t + config.chunk], state)
            loss = nn.functional.mse_loss(head(out), y[:, t : t + config.chunk])
            loss.backward()
            optimizer.step()
            state = tuple(s.detach() for s in state)  # truncated BPTT

    return run


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(config: Config, repeats: int) -> tuple[list[float], list[float]]:
    x, y = series(config)
    model = ours_model(config)
    raw = torch_pass(model, config, x, y)  # copies the weights before ours trains
    ours = ours_pass(model, config, x, y)
    ours(), raw()  # warm-up
    ours_times, torch_times = [], []
    for _ in range(repeats):  # interleaved, so noise hits both alike
        ours_times.append(timed(ours))
        torch_times.append(timed(raw))
    return ours_times, torch_times


def keras_seconds(
    configs: list[Config], repeats: int, python: Path | None
) -> tuple[str, list[list[float]] | None]:
    if python is None:
        return "Keras: skipped, STATEFULRNN_KERAS_PYTHON is unset and no --keras-python given", None
    request = [dict(batch=c.batch, units=c.units, chunk=c.chunk, steps=c.steps, features=FEATURES,
                    repeats=repeats) for c in configs]  # fmt: skip
    worker = Path(__file__).with_name("keras_training_worker.py")
    done = subprocess.run(
        [str(python), str(worker)], input=json.dumps(request), capture_output=True, text=True, check=True
    )
    reply = json.loads(done.stdout.strip().splitlines()[-1])
    return f"Keras {reply['keras']} on TensorFlow {reply['tensorflow']}", reply["seconds"]


COLUMNS = ("batch", "units", "chunk", "ours s", "torch s", "keras s", "ours sample-steps/s",
           "ours/torch speed", "ours/keras speed", "spread")  # fmt: skip


def table_row(config: Config, ours: list[float], raw: list[float], keras: list[float] | None) -> list[str]:
    o, t = statistics.median(ours), statistics.median(raw)
    k = statistics.median(keras) if keras else None
    spread = max(q3 / q1 for q1, _, q3 in (quartiles(ours), quartiles(raw)))
    flag = " *" if t / o < TORCH_GOAL else ""
    return [
        str(config.batch), str(config.units), str(config.chunk), f"{o:.3f}", f"{t:.3f}",
        "-" if k is None else f"{k:.3f}", si(config.batch * config.steps / o), f"{t / o:.2f}{flag}",
        "-" if k is None else f"{k / o:.1f}", f"{spread:.2f}",
    ]  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000, help="length of the series (default 1000)")
    parser.add_argument("--repeats", type=int, default=7, help="timed passes per way (default 7)")
    parser.add_argument(
        "--keras-python", type=Path, default=os.environ.get("STATEFULRNN_KERAS_PYTHON") or None
    )
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    configs = [Config(b, u, c, args.steps) for b in BATCHES for u in UNITS for c in CHUNKS]
    keras_label, keras = keras_seconds(configs, args.repeats, args.keras_python)
    print(
        f"torch {torch.__version__}, statefulrnn {statefulrnn.__version__}, {keras_label}; "
        f"{torch.get_num_threads()} threads, LSTM + Dense(1), Adam, MSE, F={FEATURES}, T={args.steps}, "
        f"median of {args.repeats} passes",
        flush=True,
    )
    rows = []
    for index, config in enumerate(configs):
        ours, raw = measure(config, args.repeats)
        rows.append(table_row(config, ours, raw, keras[index] if keras else None))
        print(f"[{index + 1}/{len(configs)}] {config.describe()}: ours/torch {rows[-1][7]}", file=sys.stderr)
    print((markdown_table if args.markdown else text_table)(rows, COLUMNS))


if __name__ == "__main__":
    main()
