"""A ``tf.data.Dataset`` given to ``fit``, ``evaluate`` or ``predict`` (or as ``validation_data``),
read as Keras 3 reads one on its PyTorch backend (its ``TFDatasetAdapter``).

Keras 3 programs keep TensorFlow's input pipeline on every backend (keras.io: "tf.data is
backend-agnostic"), so a program run here with ``import statefulrnn as keras`` may hand its
``tf.data`` pipeline to ``fit``. Each element of the dataset is one batch, in any form Keras's
``unpack_x_y_sample_weight`` reads (``(x, y)``, ``(x, y, sample_weight)``, ``(x,)``, or inputs
alone: an array or a dict by input name), taken as numpy arrays (``as_numpy_iterator``); each
epoch is a fresh pass (one iterator), so a ``shuffle`` in the pipeline reshuffles per epoch. The
dataset's own order is kept: ``fit``'s ``shuffle`` does not apply to it, as in Keras. A dataset
of unknown or infinite size (``repeat()``) has no length, and ``steps_per_epoch`` cuts its
epochs, as Keras does.

Where Keras differs: it makes an iterator it never reads at the end of each epoch (and, on its
PyTorch backend, one more before the first, to build the metrics), and each iterator of a
dataset that reshuffles (``shuffle``'s default ``reshuffle_each_iteration=True``) draws the next
order, so Keras's epochs see other orders than these, not other batches; a pipeline that does
not reshuffle gives Keras's numbers (tests/data/test_tf_datasets.py).

TensorFlow is never imported here: a dataset is recognized by its class's module, and only a
program that made one has TensorFlow loaded.

Example (with TensorFlow installed)::

    dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000, seed=1).batch(32)
    model.fit(dataset, epochs=3, validation_data=validation_dataset)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .._tf_only import is_tensorflow_object


def is_tf_dataset(value: Any) -> bool:
    """Whether ``value`` is a ``tf.data.Dataset`` (of any of TensorFlow's dataset classes)."""
    if not is_tensorflow_object(value):
        return False
    return hasattr(value, "as_numpy_iterator") and hasattr(value, "cardinality")


class DatasetBatches:
    """A ``tf.data.Dataset``'s elements as numpy batches, one pass per iteration, for a dataset
    whose size TensorFlow does not know or which repeats forever: no ``len``."""

    __slots__ = ("dataset",)

    def __init__(self, dataset: Any) -> None:
        self.dataset = dataset

    def __iter__(self) -> Iterator[Any]:
        return iter(self.dataset.as_numpy_iterator())


class SizedDatasetBatches(DatasetBatches):
    """`DatasetBatches` of a dataset of known size: ``len`` is its number of batches, which the
    progress bar and ``steps_per_epoch``'s rule read."""

    __slots__ = ("batches",)

    def __init__(self, dataset: Any, batches: int) -> None:
        super().__init__(dataset)
        self.batches = batches

    def __len__(self) -> int:
        return self.batches


def batches_of(value: Any) -> Any:
    """``value``'s batches as `DatasetBatches` if it is a ``tf.data.Dataset``, else ``value``."""
    if not is_tf_dataset(value):
        return value
    size = int(value.cardinality())  # -1: infinite, -2: unknown
    return SizedDatasetBatches(value, size) if size >= 0 else DatasetBatches(value)


__all__ = ["DatasetBatches", "SizedDatasetBatches", "batches_of", "is_tf_dataset"]
