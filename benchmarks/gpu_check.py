"""Check statefulrnn on an accelerator: Keras parity there, then the layer benchmark there.

1. Every Keras reference fixture (``tests/fixtures/keras_reference``) is built, moved to the
   device and run whole and in chunks (states carried), on the fused and the generic path; its
   outputs and states must match Keras's numbers to 1e-5 (TF32 is off by default for these
   kernels; a failure names the case, the path and the largest difference).
2. The device tests (``tests/training/test_devices.py``) run under pytest.
3. ``bench_layers.py --device DEVICE`` times ours against raw ``torch.nn.GRU``/``LSTM`` on the
   device (interleaved repeats, medians, ratios).

Run (from the repository root, on a machine with a GPU):
    python benchmarks/gpu_check.py                 # cuda (or mps) if present, else refuses
    python benchmarks/gpu_check.py --device cpu --quick   # the same checks on the CPU
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the fixtures' reader lives with the tests

from tests.fixtures import KERAS_CASES, build_model, load_case, outputs_of  # noqa: E402

from statefulrnn import use_fused_kernels  # noqa: E402
from statefulrnn.layers import StatefulBidirectionalWarning  # noqa: E402

TOLERANCE = 1e-5


def default_device() -> str | None:
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return None


def _numpy(values: object) -> list[np.ndarray]:
    items = values if isinstance(values, (list, tuple)) else [values]
    return [item.detach().cpu().numpy() for item in items]


def _states(model: torch.nn.Module) -> list[np.ndarray]:
    return [s.detach().cpu().numpy() for states in model.get_states().values() for s in states]


def _worst(got: list[np.ndarray], expected: list[np.ndarray]) -> float:
    if len(got) != len(expected):
        return float("inf")
    return max((float(np.max(np.abs(g - e))) for g, e in zip(got, expected)), default=0.0)


def parity(device: str) -> list[str]:
    """Each fixture on ``device``, whole and chunked, fused and generic: its failures, named."""
    failures = []
    for name in KERAS_CASES:
        case = load_case(name)
        for fused in (True, False):
            with use_fused_kernels(fused), warnings.catch_warnings(), torch.no_grad():
                warnings.simplefilter("ignore", StatefulBidirectionalWarning)
                model = build_model(case).to(device)
                x = torch.from_numpy(case["x"]).to(device)
                checks = [("whole", _numpy(model(x)), outputs_of(case, "y_full_"))]
                expected_states = outputs_of(case, "s_full_")
                if expected_states:
                    checks.append(("whole states", _states(model), expected_states))
                if "s_chunk_0" in case:
                    model.reset_states()
                    start = 0
                    for index, length in enumerate(case["spec"]["chunks"]):
                        got = _numpy(model(x[:, start : start + length]))
                        start += length
                        expected = [case[f"y_chunk_{index}_{j}"] for j in range(len(got))]
                        checks.append((f"chunk {index}", got, expected))
                    checks.append(("chunked states", _states(model), outputs_of(case, "s_chunk_")))
            for what, got, expected in checks:
                worst = _worst(got, expected)
                if not worst <= TOLERANCE:
                    path = "fused" if fused else "generic"
                    failures.append(f"{name} ({path}, {what}): differs from Keras by {worst:.3g}")
    return failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default=default_device(), help="cuda, mps or cpu (default: the GPU)")
    parser.add_argument("--quick", action="store_true", help="a short benchmark (bench_layers --quick)")
    args = parser.parse_args(argv)
    if args.device is None:
        print("No CUDA or MPS device here; give --device cpu to run the checks on the CPU.", file=sys.stderr)
        return 2
    print(f"torch {torch.__version__} on {args.device}", flush=True)
    failures = parity(args.device)
    print(f"Keras parity: {len(KERAS_CASES)} fixtures x (fused, generic): {len(failures)} failure(s)")
    for failure in failures:
        print("  " + failure)
    device_tests = str(ROOT / "tests" / "training" / "test_devices.py")
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", device_tests], check=False)
    bench = [sys.executable, str(ROOT / "benchmarks" / "bench_layers.py"), "--markdown"]
    bench += ["--device", args.device]
    subprocess.run(bench + (["--quick"] if args.quick else []), check=True)
    return 1 if failures or tests.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
