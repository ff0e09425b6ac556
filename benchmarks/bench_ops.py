"""What does a ``statefulrnn.ops`` call cost over the torch function it runs?

A custom layer or loss written with ``keras.ops`` runs each op through `statefulrnn.ops`, which
converts its arguments, follows Keras's conventions and checks for a model's symbolic tensors
before it calls torch. Each row times one op and its torch spelling on the same (8, 16) float32
tensors (small, so the Python shows), one torch thread, interleaved rounds; medians in us, the
difference and the ratio.

Run:
    python benchmarks/bench_ops.py              # 9 rounds of 20000 calls each
    python benchmarks/bench_ops.py --markdown
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import torch

from statefulrnn import ops

X, Y = torch.randn(8, 16), torch.randn(8, 16)
ROWS: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
    "add(x, y)": (lambda: ops.add(X, Y), lambda: torch.add(X, Y)),
    "multiply(x, 0.5)": (lambda: ops.multiply(X, 0.5), lambda: torch.mul(X, 0.5)),
    "relu(x)": (lambda: ops.relu(X), lambda: torch.relu(X)),
    "mean(x, axis=1)": (lambda: ops.mean(X, axis=1), lambda: torch.mean(X, dim=1)),
    "sum(x)": (lambda: ops.sum(X), lambda: torch.sum(X)),
    "softmax(x, axis=-1)": (lambda: ops.softmax(X, axis=-1), lambda: torch.softmax(X, dim=-1)),
    "matmul(x, y.T)": (lambda: ops.matmul(X, Y.T), lambda: torch.matmul(X, Y.T)),
    "concatenate([x, y], axis=1)": (
        lambda: ops.concatenate([X, Y], axis=1),
        lambda: torch.cat([X, Y], dim=1),
    ),
    "argmax(x, axis=-1)": (lambda: ops.argmax(X, axis=-1), lambda: torch.argmax(X, dim=-1).int()),
}


def per_call_us(function: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--markdown", action="store_true")
    options = parser.parse_args()
    torch.set_num_threads(1)
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in ROWS}
    for ours, theirs in ROWS.values():  # warm up
        per_call_us(ours, 1000), per_call_us(theirs, 1000)
    for _ in range(options.rounds):
        for name, (ours, theirs) in ROWS.items():
            times[name][0].append(per_call_us(ours, options.calls))
            times[name][1].append(per_call_us(theirs, options.calls))
    print(
        f"# torch {torch.__version__}, Python {platform.python_version()}, 1 thread, (8, 16) float32, "
        f"median of {options.rounds} interleaved rounds of {options.calls} calls"
    )
    header = ["op", "ops us", "torch us", "ops - torch us", "ops / torch"]
    if options.markdown:
        print("| " + " | ".join(header) + " |\n|" + "---:|" * len(header))
    else:
        print("  ".join(f"{h:>28}" if i == 0 else f"{h:>14}" for i, h in enumerate(header)))
    for name, (ours, theirs) in times.items():
        a, b = statistics.median(ours), statistics.median(theirs)
        cells = [name, f"{a:.2f}", f"{b:.2f}", f"{a - b:+.2f}", f"{a / b:.2f}"]
        if options.markdown:
            print("| " + " | ".join(cells) + " |")
        else:
            print("  ".join(f"{c:>28}" if i == 0 else f"{c:>14}" for i, c in enumerate(cells)))


if __name__ == "__main__":
    main()
