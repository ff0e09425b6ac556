"""The two PNGs of ``forecast fit``: learning curves, and forecasts against the truth on the
test part (whole, and its first week of rows for detail, with multi-step fans)."""

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
    forecasts: dict[str, np.ndarray],
    chosen: str,
    base: str,
    target: str,
    path: Path,
    detail: int,
) -> None:
    """The truth against the ``chosen`` forecast (and the naive ``base`` the model corrects) on
    the test part: above, one step ahead over the whole part; below, its first ``detail`` rows,
    with H > 1 the forecasts of every step 1 ... H drawn as fans from every H-th row (``truth``
    and each of ``forecasts`` are ``(n, H)``, row t holding the values for t + 1 ... t + H)."""
    plt = _pyplot()
    figure, (whole, zoom) = plt.subplots(2, 1, figsize=(10, 7))
    horizon = truth.shape[1]
    x = np.arange(len(truth))
    whole.plot(x, truth[:, 0], color="black", linewidth=1, label="truth")
    whole.plot(x, forecasts[chosen][:, 0], color="tab:blue", linewidth=1, label=f"{chosen}, 1 step ahead")
    zoom.plot(x[:detail], truth[:detail, 0], color="black", linewidth=1, label="truth")
    shown = [(chosen, "tab:blue", 1.2), *([(base, "tab:orange", 0.8)] if base != chosen else [])]
    for name, color, width in shown:
        if horizon == 1:
            zoom.plot(x[:detail], forecasts[name][:detail, 0], color=color, linewidth=width, label=name)
            continue
        for row in range(0, detail, horizon):
            steps = np.arange(row, min(row + horizon, detail))
            label = f"{name}, steps 1-{horizon} ahead" if row == 0 else None
            zoom.plot(steps, forecasts[name][row, : len(steps)], color=color, linewidth=width, label=label)
            zoom.plot(steps[:1], forecasts[name][row, :1], "o", color=color, markersize=2.5)
    for axes in (whole, zoom):
        axes.set(ylabel=target)
        axes.legend(loc="upper right")
    whole.set_title(f"Test part: {labels[0]} to {labels[-1]}")
    zoom.set_title(
        f"First {detail} test rows"
        + (f", a fan of {horizon} steps from every {horizon}th" if horizon > 1 else "")
    )
    zoom.set_xlabel("row of the test part (the forecast's time)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


__all__ = ["check_available", "learning_curves", "test_forecast"]
