"""Steps per second over a recent window, from samples of the pool's running step count."""

from __future__ import annotations

from collections import deque


class StepRate:
    """The rate of a running total (the pool's ``steps``) over the last ``window_s`` seconds.

    Samples older than the window are dropped, but the newest of them is kept as the baseline,
    so the rate spans the whole window whenever samples reach back that far.

    Example:
        >>> rate = StepRate(window_s=10.0)
        >>> for time_s, steps in [(0.0, 0), (5.0, 100), (20.0, 400), (25.0, 600)]:
        ...     rate.add(time_s, steps)
        >>> rate.per_second()  # (600 - 100) / (25 - 5): 5 s is the last sample before the window
        25.0
    """

    def __init__(self, window_s: float = 10.0) -> None:
        if not window_s > 0:
            raise ValueError(
                f"window_s must be a positive number of seconds. Received: window_s={window_s!r}"
            )
        self.window_s = float(window_s)
        self._samples: deque[tuple[float, int]] = deque()

    def add(self, time_s: float, total: int) -> None:
        """Record the running total ``total`` at ``time_s`` (a monotonic clock, in seconds)."""
        self._samples.append((time_s, total))
        start = time_s - self.window_s
        while len(self._samples) > 1 and self._samples[1][0] <= start:
            self._samples.popleft()

    def per_second(self) -> float:
        """The total's growth per second between the oldest and newest sample; 0.0 before
        two samples at different times."""
        if not self._samples:
            return 0.0
        (first_time, first), (last_time, last) = self._samples[0], self._samples[-1]
        if last_time <= first_time:
            return 0.0
        return (last - first) / (last_time - first_time)
