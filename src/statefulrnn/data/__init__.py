"""Data layout for stateful models: one long sequence or many ragged ones, cut into chunks where
row i of chunk k continues row i of chunk k-1, with per-row reset flags and a padding mask.

Example:
    >>> from statefulrnn.data import SequenceBatcher
    >>> batcher = SequenceBatcher(np.arange(12.0), batch_size=2, chunk_length=3)   # one long sequence
    >>> [chunk.x[..., 0].tolist() for chunk in batcher]                             # two streams of 6
    [[[0.0, 1.0, 2.0], [6.0, 7.0, 8.0]], [[3.0, 4.0, 5.0], [9.0, 10.0, 11.0]]]
"""

from typing import Any

from .._lazy import load_submodule
from .batcher import SequenceBatcher
from .chunk import Chunk

__all__ = ["Chunk", "SequenceBatcher"]

# tf.data's names, which a tf.keras program reaches here once `import tensorflow as tf` became
# `import statefulrnn as tf`.
_TF_DATA = frozenset({"Dataset", "AUTOTUNE", "Options", "TextLineDataset", "TFRecordDataset", "experimental"})


def __getattr__(name: str) -> Any:
    absent = (
        f": statefulrnn stands in for Keras (tf.keras), not for TensorFlow's tf.data.{name}; give fit "
        "numpy arrays, a keras.utils.PyDataset, a generator of batches or a torch DataLoader "
        "(keras.utils.timeseries_dataset_from_array makes windows)."
        if name in _TF_DATA
        else ""
    )
    return load_submodule(globals(), name, absent)
