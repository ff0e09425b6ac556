"""Keras's ``keras.datasets.reuters``: 11,228 newswires as word indexes, labelled by 46 topics.

The same file, arguments and arrays as Keras 3.15's ``load_data`` (see
`statefulrnn.datasets.imdb` for what differs: ``cache_dir``, ``nb_words``, other keywords
refused), read without unpickling.

Example:
    >>> from statefulrnn.datasets import reuters
    >>> reuters.get_label_names()[:3]
    ('cocoa', 'grain', 'veg-oil')
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .files import fetch, in_vocabulary, indexed, load_npz, remove_long_seq, word_arguments, word_index

__all__ = ["get_label_names", "get_word_index", "load_data"]


def load_data(
    path: str = "reuters.npz", num_words: int | None = None, skip_top: int = 0, maxlen: int | None = None,
    test_split: float = 0.2, seed: int = 113, start_char: int | None = 1, oov_char: int | None = 2,
    index_from: int = 3, cache_dir: str | None = None, **kwargs: Any,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:  # fmt: skip
    """``(x_train, y_train), (x_test, y_test)``: the newswires shuffled by ``seed``, the last
    ``test_split`` of them for testing; word indexes as `statefulrnn.datasets.imdb.load_data`'s.

    Shapes:
        ``x_*`` ``(N,)`` object arrays of lists, ``y_*`` ``(N,)`` topics (0-45, see
        `get_label_names`).

    Raises:
        TypeError: a keyword argument Keras's ``load_data`` does not take.
    """
    num_words = word_arguments(num_words, kwargs, "reuters")
    data = load_npz(fetch("reuters.npz", path, cache_dir))
    indices = np.arange(len(data["x"]))
    np.random.RandomState(seed).shuffle(indices)
    xs, labels = indexed(data["x"][indices], start_char, index_from), data["y"][indices]
    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
    xs = in_vocabulary(xs, num_words, skip_top, oov_char)
    cut = int(len(xs) * (1 - test_split))
    return (
        (np.array(xs[:cut], dtype="object"), np.array(labels[:cut])),
        (np.array(xs[cut:], dtype="object"), np.array(labels[cut:])),
    )


def get_word_index(path: str = "reuters_word_index.json") -> dict[str, int]:
    """Each word's rank by frequency (1 for the most frequent): a newswire's index ``i`` is word
    ``i - index_from``."""
    return word_index("reuters_word_index.json", path)


def get_label_names() -> tuple[str, ...]:
    """The 46 topics, by label."""
    return _LABELS


_LABELS = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee",
    "sugar", "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx",
    "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock",
    "retail", "ipi", "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem",
    "dlr", "gas", "silver", "wpi", "hog", "lead",
)  # fmt: skip
