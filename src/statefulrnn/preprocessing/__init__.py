"""Keras's ``keras.preprocessing`` names that a sequence program reaches:
``timeseries_dataset_from_array``, ``sequence.pad_sequences`` (the same functions as
`statefulrnn.utils`'s), ``text.Tokenizer`` with its functions (`statefulrnn.preprocessing.text`)
and ``image``'s helpers (``img_to_array``, ``load_img``, ...: `statefulrnn.preprocessing.image`).

Example:
    >>> from statefulrnn import preprocessing
    >>> preprocessing.sequence.pad_sequences([[1], [2, 3]]).tolist()
    [[0, 1], [2, 3]]
"""

from ..data.windows import timeseries_dataset_from_array
from . import image, sequence, text

__all__ = ["image", "sequence", "text", "timeseries_dataset_from_array"]
