"""Keras's ``keras.datasets.imdb``: 50,000 movie reviews as word indexes, labelled by sentiment.

The same file (Keras's, from its cache or fetched into it), arguments and arrays as Keras 3.15's
``load_data``, with tf-keras's ``cache_dir`` and Keras 1's ``nb_words`` (with tf-keras's
warning); another keyword is refused, where Keras 3 ignores it. The reviews are read without
unpickling (`statefulrnn.datasets.object_arrays`).

Example:
    >>> from statefulrnn.datasets import imdb
    >>> (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=20000)  # doctest: +SKIP
    >>> x_train.shape, x_train[0][:3]  # doctest: +SKIP
    ((25000,), [1, 14, 22])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .files import fetch, in_vocabulary, indexed, load_npz, remove_long_seq, word_arguments, word_index

__all__ = ["get_word_index", "load_data"]


def load_data(
    path: str = "imdb.npz", num_words: int | None = None, skip_top: int = 0, maxlen: int | None = None,
    seed: int = 113, start_char: int | None = 1, oov_char: int | None = 2, index_from: int = 3,
    cache_dir: str | None = None, **kwargs: Any,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:  # fmt: skip
    """``(x_train, y_train), (x_test, y_test)``: 25,000 reviews each, shuffled by ``seed``.

    Each review is a list of word indexes (``index_from`` plus its rank by frequency, after
    ``start_char``); words ranked outside ``[skip_top, num_words)`` become ``oov_char`` (or
    are dropped when it is None); with ``maxlen``, only reviews shorter than it are kept.

    Shapes:
        ``x_*`` ``(N,)`` object arrays of lists, ``y_*`` ``(N,)`` labels (1 positive, 0 negative).

    Raises:
        ValueError: ``maxlen`` keeps no review of one of the two sets.
        TypeError: a keyword argument Keras's ``load_data`` does not take.
    """
    num_words = word_arguments(num_words, kwargs, "imdb")
    data = load_npz(fetch("imdb.npz", path, cache_dir))
    rng = np.random.RandomState(seed)
    sets = []
    for name in ("train", "test"):  # the same generator shuffles one set, then the other
        x, labels = data[f"x_{name}"], data[f"y_{name}"]
        indices = np.arange(len(x))
        rng.shuffle(indices)
        sets.append((indexed(x[indices], start_char, index_from), labels[indices]))
    (x_train, labels_train), (x_test, labels_test) = sets
    if maxlen:
        x_train, labels_train = remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = remove_long_seq(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(
                f"After filtering for sequences shorter than maxlen={maxlen}, no sequence was kept. "
                "Increase maxlen."
            )
    xs = in_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    cut = len(x_train)
    train, test = np.array(xs[:cut], dtype="object"), np.array(xs[cut:], dtype="object")
    return (train, labels[:cut]), (test, labels[cut:])


def get_word_index(path: str = "imdb_word_index.json") -> dict[str, int]:
    """Each word's rank by frequency (1 for the most frequent): a review's index ``i`` is word
    ``i - index_from``."""
    return word_index("imdb_word_index.json", path)
