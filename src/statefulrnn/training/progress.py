"""A Keras-style progress bar for training loops, dependency-free.

``verbose=1`` draws ``12/40 [=======>......] - ETA: 3s - loss: 0.2345`` and redraws it in
place with ``\\r`` while the output is a terminal; written to a file or a pipe it prints only
the final line of each run, so logs stay small. ``verbose=2`` prints one line at the end:
``40/40 - 1s - 25ms/step - loss: 0.2345``.

Example:
    >>> import io
    >>> out = io.StringIO()  # not a terminal: only the final line is written
    >>> bar = Progbar(3, width=6, file=out)
    >>> for step in range(1, 4):
    ...     bar.update(step, [("loss", step / 10)])
    >>> print(out.getvalue().split(" - ")[0])
    3/3 [======]
    >>> out.getvalue().rstrip().split(" - ")[-1]  # the mean of 0.1, 0.2 and 0.3
    'loss: 0.2000'
"""

from __future__ import annotations

import math
import numbers
import sys
import time
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from .._interactive import is_interactive_logging_enabled, print_msg

Values = Mapping[str, Any] | Iterable[tuple[str, Any]]


class Progbar:
    """Shows the progress of a run of ``target`` steps, with the running values of metrics.

    Args:
        target: the number of steps, or None when unknown (then the count is shown alone).
        width: characters of the bar between ``[`` and ``]``.
        verbose: 0 silent, 1 a bar per step (redrawn in place on a terminal), 2 one line at
            the end.
        interval: least seconds between two redraws of the bar on a terminal.
        stateful_metrics: names whose last value is shown as it is; other values are averaged
            over the steps so far. Public as a set, so a caller may add names later.
        unit_name: what a step is called in ``25ms/step``.
        file: where to write; the current ``sys.stdout`` when None.
    """

    def __init__(
        self,
        target: int | None,
        width: int = 30,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Iterable[str] | None = None,
        unit_name: str = "step",
        file: TextIO | None = None,
    ) -> None:
        _check_count("target", target, allow_none=True)
        _check_count("width", width, minimum=1)
        if verbose not in (0, 1, 2):
            raise ValueError(f"Progbar's verbose must be 0, 1 or 2. Received: verbose={verbose!r}")
        if not isinstance(interval, (int, float)) or isinstance(interval, bool) or interval < 0:
            raise ValueError(f"interval must be a number of seconds >= 0. Received: interval={interval!r}")
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.stateful_metrics = set(stateful_metrics or ())
        self.unit_name = unit_name
        self.file = file
        self._dynamic = _is_terminal(file or sys.stdout)
        self._start = time.monotonic()
        self._last_draw = -math.inf
        self._seen = 0
        self._drawn_width = 0
        # name -> [sum of value * steps, steps]; a stateful name keeps [last value, 1]
        self._values: dict[str, list[Any]] = {}

    def update(self, current: int, values: Values | None = None, finalize: bool | None = None) -> None:
        """Record that ``current`` steps are done, with the values of their latest step(s).

        Args:
            current: steps done so far (1 after the first step).
            values: ``(name, value)`` pairs or a mapping; a value counts for the steps since
                the previous update.
            finalize: whether this is the last update of the run; by default, when ``current``
                reaches ``target``.
        """
        _check_count("current", current)
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        self._record(current, values)
        now = time.monotonic()
        if self.verbose == 1:
            self._show_bar(current, now, finalize)
        elif self.verbose == 2 and finalize:
            self._write(self._summary_line(current, now, separator=" - ") + "\n")

    def add(self, n: int, values: Values | None = None) -> None:
        """`update` to ``n`` steps past the current count."""
        self.update(self._seen + n, values)

    # ----- values -----------------------------------------------------------------------

    def _record(self, current: int, values: Values | None) -> None:
        pairs = values.items() if isinstance(values, Mapping) else values or ()
        steps = max(current - self._seen, 1)  # an update may cover several steps at once
        for name, value in pairs:
            number = _as_number(value)
            if number is None or name in self.stateful_metrics:
                self._values[name] = [value if number is None else number, 1]
            elif name in self._values:
                self._values[name][0] += number * steps
                self._values[name][1] += steps
            else:
                self._values[name] = [number * steps, steps]
        self._seen = current

    def _metrics_text(self) -> str:
        return "".join(
            f" - {name}: {_format_value(total, count)}" for name, (total, count) in self._values.items()
        )

    # ----- lines ------------------------------------------------------------------------

    def _show_bar(self, current: int, now: float, finalize: bool) -> None:
        if not self._dynamic:
            # A file or pipe keeps every \r-redraw as text: write the final line only.
            if finalize:
                self._write(self._summary_line(current, now, separator=" ") + "\n")
            return
        if not finalize and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        line = (
            self._summary_line(current, now, separator=" ") if finalize else self._running_line(current, now)
        )
        padding = " " * max(self._drawn_width - len(line), 0)  # wipe the end of a longer line
        self._drawn_width = len(line)
        self._write("\r" + line + padding + ("\n" if finalize else ""))

    def _running_line(self, current: int, now: float) -> str:
        """``12/40 [=======>......] - ETA: 3s - loss: 0.2345`` while a run goes on."""
        if self.target is None:
            elapsed = now - self._start
            timing = (
                f" - {elapsed:.0f}s {_format_per_step(self._time_per_step(current, now), self.unit_name)}"
            )
            return f"{current}/Unknown{timing}{self._metrics_text()}"
        eta = self._time_per_step(current, now) * max(self.target - current, 0)
        return f"{self._count(current)} {self._bar(current)} - ETA: {_format_eta(eta)}{self._metrics_text()}"

    def _summary_line(self, current: int, now: float, separator: str) -> str:
        """The line that ends a run: ``40/40 [====] - 1s 25ms/step - loss: ...`` for verbose=1
        (``separator=" "``), ``40/40 - 1s - 25ms/step - loss: ...`` for verbose=2."""
        total = self.target if self.target is not None else current
        head = self._count(current, total)
        if self.verbose == 1:
            head += " " + self._bar(current, total)
        per_step = _format_per_step(self._time_per_step(current, now), self.unit_name)
        return f"{head} - {now - self._start:.0f}s{separator}{per_step}{self._metrics_text()}"

    def _count(self, current: int, total: int | None = None) -> str:
        total = self.target if total is None else total
        return f"{current:>{len(str(total))}}/{total}"

    def _bar(self, current: int, total: int | None = None) -> str:
        total = self.target if total is None else total
        filled = self.width if not total else min(self.width, self.width * current // total)
        if 0 < filled < self.width:
            return "[" + "=" * (filled - 1) + ">" + "." * (self.width - filled) + "]"
        return "[" + "=" * filled + "." * (self.width - filled) + "]"

    def _time_per_step(self, current: int, now: float) -> float:
        """The mean time of a step so far (0 before the first)."""
        return (now - self._start) / current if current else 0.0

    def _write(self, text: str) -> None:
        if self.file is None and not is_interactive_logging_enabled():
            if text.strip():  # the logger takes whole lines: the redraws' carriage returns go
                print_msg(text.strip("\r\n"))
            return
        out = self.file or sys.stdout
        out.write(text)
        out.flush()


def _check_count(name: str, value: Any, *, minimum: int = 0, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < minimum:
        expected = f"an integer >= {minimum}" + (" or None" if allow_none else "")
        raise ValueError(f"Progbar's {name} must be {expected}. Received: {name}={value!r}")


def _is_terminal(out: TextIO) -> bool:
    # Notebooks render \r as a redraw although their output stream is no terminal.
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty()) or "ipykernel" in sys.modules


def _as_number(value: Any) -> float | None:
    """``value`` as a float (numbers, numpy scalars, one-element tensors), or None."""
    if isinstance(value, str):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _format_value(total: Any, count: int) -> str:
    if not isinstance(total, float):
        return str(total)
    mean = total / count
    return f"{mean:.4f}" if abs(mean) > 1e-3 else f"{mean:.4e}"


def _format_per_step(seconds: float, unit_name: str) -> str:
    if seconds >= 1 or seconds == 0:
        return f"{seconds:.0f}s/{unit_name}"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.0f}ms/{unit_name}"
    return f"{seconds * 1e6:.0f}us/{unit_name}"


def _format_eta(seconds: float) -> str:
    """``42s``, ``3:07`` (m:ss) or ``1:02:07`` (h:mm:ss)."""
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if seconds >= 60:
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{seconds}s"
