"""``keras.preprocessing.sequence``: `pad_sequences` (`statefulrnn.utils.pad_sequences`) and
Keras 2's `TimeseriesGenerator` (`statefulrnn.data.timeseries_generator`)."""

from ..data.timeseries_generator import TimeseriesGenerator
from ..utils import pad_sequences

__all__ = ["TimeseriesGenerator", "pad_sequences"]
