"""Steps per second over a window of samples of the running step count."""

from __future__ import annotations

import pytest

from statefulrnn.serve.metrics import StepRate


def test_rate_before_two_samples_is_zero() -> None:
    rate = StepRate()
    assert rate.per_second() == 0.0
    rate.add(1.0, 50)
    assert rate.per_second() == 0.0


def test_rate_spans_the_window_from_the_last_sample_before_it() -> None:
    rate = StepRate(window_s=10.0)
    for time_s, steps in [(0.0, 0), (4.0, 40), (8.0, 80), (30.0, 80), (35.0, 180)]:
        rate.add(time_s, steps)
    # The window starts at 35 - 10 = 25 s; 8 s, the last sample before it, is the baseline.
    assert rate.per_second() == pytest.approx((180 - 80) / (35 - 8))


@pytest.mark.parametrize("window_s", [0, -1.0, float("nan")])
def test_window_must_be_positive(window_s: float) -> None:
    with pytest.raises(
        ValueError, match=r"window_s must be a positive number of seconds\. Received: window_s="
    ):
        StepRate(window_s)
