"""The examples run as scripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ragged_stocks_example_runs_end_to_end() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "ragged_stocks.py")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "EPOCHS": "2"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "10 series, 3315 months" in result.stdout
    assert result.stdout.count("model MSE") == 10 and "held-out MSE: model" in result.stdout
