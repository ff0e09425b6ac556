"""The error the forecast commands report as one line and exit status 2."""

from __future__ import annotations


class ForecastInputError(ValueError):
    """Input the forecast commands cannot use: a missing column, a non-number, a gap, too few
    rows, a model folder of another version. Its message says what was expected and what came."""


__all__ = ["ForecastInputError"]
