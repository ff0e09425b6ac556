"""The two PNGs of ``forecast fit``: learning curves, and forecasts against the truth on the
test part (whole, and its first week of rows for detail)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .errors import ForecastInputError


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display needed
        import matplotlib.pyplot as plt
    except ModuleNotFoundError:
        raise ForecastInputError(
            "forecast fit draws its plots with matplotlib, which is not installed: "
            "pip install 'statefulrnn[plot]', or pass --no-plots."
        ) from None
    return plt


def check_available() -> None:
    """Fail before training, not after, when matplotlib is missing."""
    _pyplot()


def learning_curves(history: dict[str, list[float]], path: Path) -> None:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 4))
    epochs = np.arange(1, len(history["loss"]) + 1)
    axes.plot(epochs, history["loss"], marker="o", label="training loss")
    axes.plot(epochs, history["val_loss"], marker="o", label="validation loss")
    axes.set(xlabel="epoch", ylabel="mean squared error (scaled)", yscale="log", title="Learning curves")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def test_forecast(
    labels: list[str],
    truth: np.ndarray,
    forecast: np.ndarray,
    last: np.ndarray,
    target: str,
    path: Path,
    detail: int,
) -> None:
    plt = _pyplot()
    figure, (whole, zoom) = plt.subplots(2, 1, figsize=(10, 7))
    x = np.arange(len(truth))
    for axes, rows in ((whole, slice(None)), (zoom, slice(0, detail))):
        axes.plot(x[rows], truth[rows], color="black", linewidth=1, label="truth")
        axes.plot(x[rows], forecast[rows], color="tab:blue", linewidth=1, label="model")
        axes.plot(x[rows], last[rows], color="tab:orange", linewidth=0.8, alpha=0.7, label="last value")
        axes.set(ylabel=target)
    whole.set_title(f"Test part: {labels[0]} to {labels[-1]}")
    zoom.set_title(f"First {detail} test rows")
    zoom.set_xlabel("row of the test part")
    whole.legend(loc="upper right")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


__all__ = ["check_available", "learning_curves", "test_forecast"]
