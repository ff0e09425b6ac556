"""Keras's ``keras.preprocessing`` names that a sequence program reaches:
``timeseries_dataset_from_array``, ``sequence.pad_sequences`` (the same functions as
`statefulrnn.utils`'s) and ``text.Tokenizer`` with its functions (`statefulrnn.preprocessing.text`).

Example:
    >>> from statefulrnn import preprocessing
    >>> preprocessing.sequence.pad_sequences([[1], [2, 3]]).tolist()
    [[0, 1], [2, 3]]
"""

from ..data.windows import timeseries_dataset_from_array
from . import sequence, text

__all__ = ["sequence", "text", "timeseries_dataset_from_array"]
