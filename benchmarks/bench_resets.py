"""What do per-row resets cost? Chunked inference with and without sequences starting mid-chunk.

A stateful layer runs a long batch of streams in chunks; in the "resets" run, every row of every
chunk has a 1% chance of a new sequence starting at a random step (``resets=`` flags), which
makes the layer cut that chunk into segments around those steps. The ratio resets / none is the
price of honouring them (goal: at most 1.2). Same layer, same input, repeats interleaved,
medians; one process.

Run:
    python benchmarks/bench_resets.py --markdown
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence

import torch
from bench_layers import markdown_table, quartiles, si, text_table

import statefulrnn
from statefulrnn import GRU, LSTM

FEATURES = 16
BATCH = 32
RESET_PROBABILITY = 0.01  # per row and chunk
COLUMNS = (
    "cell",
    "units",
    "chunk",
    "resets per chunk",
    "none ms",
    "resets ms",
    "ratio",
    "sample-steps/s",
    "spread",
)


def passes(cell: str, units: int, chunk: int, steps: int) -> tuple[float, callable, callable]:
    torch.manual_seed(0)
    layer = (GRU if cell == "GRU" else LSTM)(
        units, stateful=True, return_sequences=True, batch_input_shape=(BATCH, None, FEATURES)
    )
    x = torch.randn(BATCH, steps, FEATURES)
    resets = torch.zeros(BATCH, steps, dtype=torch.bool)
    generator = torch.Generator().manual_seed(1)
    for start in range(0, steps, chunk):  # each row of each chunk: a 1% chance of one reset
        rows = torch.rand(BATCH, generator=generator) < RESET_PROBABILITY
        at = start + torch.randint(0, chunk, (BATCH,), generator=generator)
        resets[rows.nonzero().flatten(), at[rows]] = True
    per_chunk = float(resets.sum()) / -(-steps // chunk)  # range(0, steps, chunk) makes this many

    def run(flags: torch.Tensor | None):
        def one_pass() -> None:
            layer.reset_states()
            with torch.no_grad():
                for t in range(0, steps, chunk):
                    layer(x[:, t : t + chunk], resets=None if flags is None else flags[:, t : t + chunk])

        return one_pass

    return per_chunk, run(None), run(resets)


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    print(
        f"torch {torch.__version__}, statefulrnn {statefulrnn.__version__}, "
        f"{torch.get_num_threads()} threads, batch {BATCH}, F={FEATURES}, T={args.steps}, inference, "
        f"median of {args.repeats}"
    )
    rows = []
    for cell in ("GRU", "LSTM"):
        for units in (64, 256):
            for chunk in (10, 100):
                per_chunk, plain, with_resets = passes(cell, units, chunk, args.steps)
                plain(), with_resets()  # warm-up
                none_t, reset_t = [], []
                for _ in range(args.repeats):
                    none_t.append(timed(plain))
                    reset_t.append(timed(with_resets))
                n, r = statistics.median(none_t), statistics.median(reset_t)
                spread = max(q3 / q1 for q1, _, q3 in (quartiles(none_t), quartiles(reset_t)))
                flag = " *" if r / n > 1.2 else ""
                rows.append([
                    cell, str(units), str(chunk), f"{per_chunk:.2f}", f"{n * 1e3:.1f}", f"{r * 1e3:.1f}",
                    f"{r / n:.2f}{flag}", si(BATCH * args.steps / r), f"{spread:.2f}",
                ])  # fmt: skip
    print((markdown_table if args.markdown else text_table)(rows, COLUMNS))


if __name__ == "__main__":
    main()
