"""`History`: the logs of every epoch, which ``fit`` returns; it can plot them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .base import Callback, Logs


class History(Callback):
    """Records the logs of every epoch; ``fit`` returns it.

    Attributes:
        history: ``{name: [value per epoch]}``, e.g. ``{"loss": [...], "val_loss": [...]}``.
        epoch: the epoch number (from 0) of each recorded epoch.

    One History given to several ``fit`` calls keeps growing: it records them all, in order.
    """

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self._rows: dict[str, list[int]] = {}  # name -> which recorded epochs have a value

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None:
        row = len(self.epoch)
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)
            self._rows.setdefault(name, []).append(row)

    def plot(self, keys: Iterable[str] | None = None, ax: Any = None) -> Any:
        """Plot each metric and its ``val_`` counterpart against the epoch; return the Figure.

        Args:
            keys: metric names to plot (default: ``loss``, then every other metric); each gets
                one subplot with its training and ``val_`` curves.
            ax: a matplotlib Axes to draw every curve on, instead of a new Figure.

        Uses no pyplot and no display: save the Figure with ``figure.savefig("history.png")``.
        Needs matplotlib (``pip install matplotlib``).
        """
        try:
            from matplotlib.figure import Figure
            from matplotlib.ticker import MaxNLocator
        except ImportError as error:
            raise ImportError("History.plot needs matplotlib: pip install matplotlib") from error
        names = self._plot_names(keys)
        if ax is None:
            figure = Figure(figsize=(6.4, 2.6 * len(names)), layout="constrained")
            axes = list(figure.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0])
        else:
            figure, axes = ax.figure, [ax] * len(names)
        epochs = self._plot_epochs()
        for name, axis in zip(names, axes):
            for key in (name, f"val_{name}"):
                if key in self.history:
                    axis.plot(
                        [epochs[row] for row in self._rows[key]], self.history[key], marker=".", label=key
                    )
            axis.set_ylabel(name)
            axis.legend()
            axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes[-1].set_xlabel("epoch")
        return figure

    def _plot_names(self, keys: Iterable[str] | None) -> list[str]:
        if not self.history:
            raise ValueError("This History is empty: it fills in as fit runs epochs, then it can plot.")
        if keys is None:
            own = [name for name in self.history if not name.startswith("val_")]
            lone = [name[4:] for name in self.history if name.startswith("val_") and name[4:] not in own]
            return sorted(own, key=lambda name: name != "loss") + lone
        names = [keys] if isinstance(keys, str) else list(keys)
        unknown = [name for name in names if name not in self.history and f"val_{name}" not in self.history]
        if unknown or not names:
            raise ValueError(
                f"History.plot keys must be among {list(self.history)}. Received: keys={names!r}"
            )
        return names

    def _plot_epochs(self) -> list[int]:
        """The x of each recorded epoch: its number from 1, or its position when the epochs
        repeat (one History over several ``fit(epochs=1)`` calls)."""
        increasing = all(a < b for a, b in zip(self.epoch, self.epoch[1:]))
        return [e + 1 for e in self.epoch] if increasing else list(range(1, len(self.epoch) + 1))
