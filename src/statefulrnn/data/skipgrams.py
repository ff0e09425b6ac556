"""tf-keras's word2vec helpers of ``keras.preprocessing.sequence``: `skipgrams` (word pairs with
labels, for skip-gram training with negative sampling) and `make_sampling_table` (word2vec's
subsampling probabilities by frequency rank). Keras 3 dropped both; tf-keras programs (the
word2vec tutorials) import them.

`skipgrams` draws from Python's global `random`, in tf-keras's order (a draw per word where a
sampling table is given, a shuffle of the positive pairs' first words, one draw per negative
pair, the seed of the final shuffle), so a program that seeds `random` gets tf-keras's pairs.

Example:
    >>> import random
    >>> random.seed(0)
    >>> couples, labels = skipgrams([1, 2, 3, 0, 4], vocabulary_size=5, window_size=2)
    >>> couples[:4], labels[:4]
    ([[1, 3], [1, 3], [3, 2], [4, 3]], [0, 1, 0, 0])
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

# The Euler-Mascheroni constant to three places, as tf-keras writes it.
_GAMMA = 0.577


def make_sampling_table(size: int, sampling_factor: float = 1e-5) -> np.ndarray:
    r"""The probability of keeping a word of each frequency rank, ``(size,)``: word2vec's
    \(\min(1, \sqrt{f / s} \,/\, (f / s))\) for frequency \(f\) and ``sampling_factor`` \(s\),
    the frequencies following Zipf's law, \(1 / f(r) \approx r (\ln r + \gamma) + 1/2 - 1/(12 r)\)
    (rank 0, the non-word, counted as rank 1).

    Example:
        >>> make_sampling_table(3).round(6).tolist()
        [0.003152, 0.003152, 0.005476]
    """
    rank = np.arange(size)
    rank[0] = 1
    inverse_frequency = rank * (np.log(rank) + _GAMMA) + 0.5 - 1.0 / (12.0 * rank)
    scaled = sampling_factor * inverse_frequency
    return np.minimum(1.0, scaled / np.sqrt(scaled))


def skipgrams(
    sequence: Sequence[int],
    vocabulary_size: int,
    window_size: int = 4,
    negative_samples: float = 1.0,
    shuffle: bool = True,
    categorical: bool = False,
    sampling_table: Sequence[float] | np.ndarray | None = None,
    seed: int | None = None,
) -> tuple[list[list[int]], list]:
    """Skip-gram pairs of a sequence of word indices: ``[word, neighbour]`` within
    ``window_size`` on either side, labelled 1, and ``int(negative_samples * positives)`` pairs
    ``[word, random word from 1 to vocabulary_size - 1]`` labelled 0 (``[1, 0]`` / ``[0, 1]``
    with ``categorical``). Index 0 is a non-word and is skipped; with a ``sampling_table`` a
    word at index ``w`` is kept with probability ``sampling_table[w]``. ``shuffle`` shuffles
    pairs and labels alike, from ``seed`` (drawn from `random` when None).

    Returns:
        ``(couples, labels)``, two lists of the same length.
    """
    couples: list[list[int]] = []
    labels: list = []
    for i, word in enumerate(sequence):
        if not word:
            continue
        if sampling_table is not None and sampling_table[word] < random.random():
            continue
        for j in range(max(0, i - window_size), min(len(sequence), i + window_size + 1)):
            if j != i and sequence[j]:
                couples.append([word, sequence[j]])
                labels.append([0, 1] if categorical else 1)
    if negative_samples > 0:
        negatives = int(len(labels) * negative_samples)
        words = [pair[0] for pair in couples]
        random.shuffle(words)
        couples += [
            [words[i % len(words)], random.randint(1, int(vocabulary_size - 1))] for i in range(negatives)
        ]
        labels += [[1, 0] if categorical else 0 for _ in range(negatives)]
    if shuffle:
        if seed is None:
            seed = random.randint(0, int(10e6))
        random.seed(seed)  # the same permutation for both lists
        random.shuffle(couples)
        random.seed(seed)
        random.shuffle(labels)
    return couples, labels


__all__ = ["make_sampling_table", "skipgrams"]
