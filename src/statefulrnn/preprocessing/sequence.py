"""``keras.preprocessing.sequence``: `pad_sequences` (`statefulrnn.utils.pad_sequences`), Keras 2's
`TimeseriesGenerator` (`statefulrnn.data.timeseries_generator`) and its word2vec helpers
`skipgrams` and `make_sampling_table` (`statefulrnn.data.skipgrams`)."""

from ..data.skipgrams import make_sampling_table, skipgrams
from ..data.timeseries_generator import TimeseriesGenerator
from ..utils import pad_sequences

__all__ = ["TimeseriesGenerator", "make_sampling_table", "pad_sequences", "skipgrams"]
