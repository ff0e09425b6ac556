"""Does ``torch.compile`` pay off for a stateful recurrent model called chunk by chunk?

One model per row, ``Sequential([layer(units, stateful=True), Dense(1)])``, is called on chunks of
``--steps`` steps (inference, ``torch.no_grad()``, states carried), two ways on the same weights:

- eager: the model as it is (for small sizes its recurrent layer runs on the numba kernel when
  the ``fast`` extra is installed, else on PyTorch's);
- compiled: ``torch.compile(model, fullgraph=True, backend=--backend)``: one graph per model,
  PyTorch's fused kernel inside (a graph cannot call numba).

Before timing, the outputs and carried states of both are checked equal to 1e-5 over two calls.
The two alternate repeat by repeat so that machine noise hits them alike; the table gives the
median time per call and ``compiled / eager`` (below 1: compiling pays off), with the compile
time. Small calls are dominated by fixed per-call costs (checks, state bookkeeping, dispatch),
which a compiled graph trades for its own (guards, the graph's wrapper).

Run (one thread, as the numbers are per-call overheads; inductor compiles take tens of seconds):
    python benchmarks/bench_compile.py                  # GRU, LSTM, SimpleRNN; batch 1 and 32
    python benchmarks/bench_compile.py --quick          # one row, a few repeats
    python benchmarks/bench_compile.py --backend aot_eager --markdown
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch
from bench_layers import markdown_table, text_table

import statefulrnn
from statefulrnn import GRU, LSTM, Dense, Sequential, SimpleRNN
from statefulrnn.state import get_states

FEATURES, UNITS = 8, 64
COLUMNS = ("layer", "batch", "steps", "eager us/call", "compiled us/call", "compiled / eager", "compile s")


def make_model(layer_type: type, batch: int) -> Sequential:
    torch.manual_seed(0)
    return Sequential([layer_type(UNITS, stateful=True, batch_input_shape=(batch, None, FEATURES)), Dense(1)])


def check_same(eager_model: Sequential, compiled: Callable, model: Sequential, x: torch.Tensor) -> None:
    """Two calls of each give the same outputs and leave the same states."""
    for _ in range(2):
        torch.testing.assert_close(compiled(x), eager_model(x), rtol=1e-5, atol=1e-5)
    for ours, theirs in zip(get_states(model).values(), get_states(eager_model).values()):
        for a, b in zip(ours, theirs):
            torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-5)


def per_call(run: Callable, x: torch.Tensor, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        run(x)
    return (time.perf_counter() - start) / calls


def measure(layer_type: type, batch: int, steps: int, backend: str, repeats: int, calls: int) -> list[str]:
    torch.compiler.reset()
    x = torch.randn(batch, steps, FEATURES)
    eager_model, model = make_model(layer_type, batch), make_model(layer_type, batch)
    start = time.perf_counter()
    compiled = torch.compile(model, fullgraph=True, backend=backend)
    compiled(x)  # the compile
    compile_seconds = time.perf_counter() - start
    eager_model(x)
    check_same(eager_model, compiled, model, x)
    times: dict[str, list[float]] = {"eager": [], "compiled": []}
    for _ in range(repeats):
        times["eager"].append(per_call(eager_model, x, calls))
        times["compiled"].append(per_call(compiled, x, calls))
    eager, ours = (statistics.median(times[k]) for k in ("eager", "compiled"))
    return [
        layer_type.__name__,
        str(batch),
        str(steps),
        f"{eager * 1e6:.1f}",
        f"{ours * 1e6:.1f}",
        f"{ours / eager:.2f}",
        f"{compile_seconds:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="inductor", help="torch.compile backend (default inductor)")
    parser.add_argument("--steps", type=int, default=10, help="steps per chunk (default 10)")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--calls", type=int, default=100, help="calls per repeat")
    parser.add_argument("--quick", action="store_true", help="one row, 3 repeats of 20 calls")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    layers, batches = ((GRU,), (1,)) if args.quick else ((GRU, LSTM, SimpleRNN), (1, 32))
    repeats, calls = (3, 20) if args.quick else (args.repeats, args.calls)
    print(
        f"statefulrnn {statefulrnn.__version__}, torch {torch.__version__}, 1 thread, "
        f"backend {args.backend}, units {UNITS}, features {FEATURES}, "
        f"{repeats} repeats of {calls} calls (medians), no_grad"
    )
    rows = []
    with torch.no_grad():
        for layer_type in layers:
            for batch in batches:
                rows.append(measure(layer_type, batch, args.steps, args.backend, repeats, calls))
                print(text_table(rows[-1:], COLUMNS).splitlines()[-1], flush=True)
    print(markdown_table(rows, COLUMNS) if args.markdown else text_table(rows, COLUMNS))


if __name__ == "__main__":
    main()
