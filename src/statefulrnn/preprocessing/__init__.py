"""Keras's ``keras.preprocessing`` names that a sequence program reaches:
``timeseries_dataset_from_array`` and ``sequence.pad_sequences`` (the same functions as
`statefulrnn.utils`'s).

Example:
    >>> from statefulrnn import preprocessing
    >>> preprocessing.sequence.pad_sequences([[1], [2, 3]]).tolist()
    [[0, 1], [2, 3]]
"""

from ..data.windows import timeseries_dataset_from_array
from . import sequence

__all__ = ["sequence", "timeseries_dataset_from_array"]
