"""Keras's ``keras.preprocessing.text``: the `Tokenizer` that Keras 2 text programs fit on their
texts before an ``Embedding`` and an RNN, with `text_to_word_sequence`, `one_hot`,
`hashing_trick` and `tokenizer_from_json`.

The same rules as Keras's (tf-keras 2.21 and Keras 3.15's legacy module, which agree): text is
lowercased, each character of ``filters`` becomes the ``split`` character, and the words are
the non-empty pieces; word indices start at 1 (0 is left for padding), the most frequent word
first (ties in order of first appearance), after the ``oov_token`` when there is one; with
``num_words``, only indices below it are kept (the others become the ``oov_token``'s index, or
are dropped). Plain Python: no TensorFlow.

Example:
    >>> tokenizer = Tokenizer(num_words=4, oov_token="<?>")
    >>> tokenizer.fit_on_texts(["The cat sat.", "The cat ran!", "A dog ran"])
    >>> tokenizer.word_index["<?>"], tokenizer.word_index["the"], tokenizer.word_index["dog"]
    (1, 2, 7)
    >>> tokenizer.texts_to_sequences(["the dog sat"])  # dog and sat are past num_words
    [[2, 1, 1]]
"""

from __future__ import annotations

import collections
import hashlib
import json
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

__all__ = ["Tokenizer", "hashing_trick", "one_hot", "text_to_word_sequence", "tokenizer_from_json"]

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
MODES = ("binary", "count", "tfidf", "freq")


def text_to_word_sequence(
    input_text: str, filters: str = FILTERS, lower: bool = True, split: str = " "
) -> list[str]:
    """The words of ``input_text``: lowercased (``lower``), each of ``filters`` made a
    ``split``, then split on ``split`` with the empty pieces left out.

    Example:
        >>> text_to_word_sequence("Hello, world!  Hello?")
        ['hello', 'world', 'hello']
    """
    if lower:
        input_text = input_text.lower()
    words = input_text.translate(str.maketrans(dict.fromkeys(filters, split))).split(split)
    return [word for word in words if word]


def hashing_trick(
    text: str,
    n: int,
    hash_function: Callable[[str], int] | str | None = None,
    filters: str = FILTERS,
    lower: bool = True,
    split: str = " ",
    analyzer: Callable[[str], list[str]] | None = None,
) -> list[int]:
    """Each word of ``text`` as ``hash(word) % (n - 1) + 1`` (indices 1 to n - 1).

    ``hash_function``: Python's ``hash`` by default, as Keras's, which differs from process to
    process (``PYTHONHASHSEED``); ``"md5"`` is stable.

    Example:
        >>> hashing_trick("the cat the", 100, hash_function="md5")
        [51, 3, 51]
    """
    if hash_function is None:
        hash_function = hash
    elif hash_function == "md5":
        hash_function = _md5
    elif not callable(hash_function):
        raise ValueError(f"hash_function must be None, 'md5' or a function. Received: {hash_function!r}")
    words = text_to_word_sequence(text, filters, lower, split) if analyzer is None else analyzer(text)
    return [hash_function(word) % (n - 1) + 1 for word in words]


def one_hot(
    input_text: str,
    n: int,
    filters: str = FILTERS,
    lower: bool = True,
    split: str = " ",
    analyzer: Callable[[str], list[str]] | None = None,
) -> list[int]:
    """Keras's ``one_hot``: `hashing_trick` with Python's ``hash`` (word indices, not one-hot
    vectors, despite the name)."""
    return hashing_trick(input_text, n, hash, filters, lower, split, analyzer)


def _md5(word: str) -> int:
    return int(hashlib.md5(word.encode()).hexdigest(), 16)


class Tokenizer:
    """Keras's text ``Tokenizer``: fit on texts (`fit_on_texts`), it numbers their words (see
    the module notes) and turns texts into index sequences or ``(texts, num_words)`` matrices.

    Args:
        num_words: keep the words of indices below it (the ``num_words - 1`` most frequent,
            less one for the ``oov_token``) when turning texts into sequences or matrices; all
            are still numbered.
        filters, lower, split: as `text_to_word_sequence`.
        char_level: every character is a token.
        oov_token: a token (index 1) standing for words not kept.
        analyzer: a function splitting a text into tokens, in place of the rules above.

    Attributes:
        word_index, index_word: token to index and back; word_counts (in order of first
        appearance), word_docs and index_docs (documents holding a token), document_count.
    """

    def __init__(
        self,
        num_words: int | None = None,
        filters: str = FILTERS,
        lower: bool = True,
        split: str = " ",
        char_level: bool = False,
        oov_token: str | None = None,
        analyzer: Callable[[str], list[str]] | None = None,
        **kwargs: Any,
    ) -> None:
        if "nb_words" in kwargs:
            warnings.warn(
                "The `nb_words` argument in `Tokenizer` has been renamed `num_words`.", stacklevel=2
            )
            num_words = kwargs.pop("nb_words")
        document_count = kwargs.pop("document_count", 0)
        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments: {kwargs}")
        self.num_words, self.filters, self.lower, self.split = num_words, filters, lower, split
        self.char_level, self.oov_token, self.analyzer = char_level, oov_token, analyzer
        self.document_count = document_count
        self.word_counts: dict[str, int] = collections.OrderedDict()
        self.word_docs: dict[str, int] = collections.defaultdict(int)
        self.index_docs: dict[int, int] = collections.defaultdict(int)
        self.word_index: dict[str, int] = {}
        self.index_word: dict[int, str] = {}

    def _tokens(self, text: str | Sequence[str]) -> Sequence[str]:
        """A text's tokens: its characters (``char_level``) or a list's items (lowercased),
        else its words."""
        if self.char_level or isinstance(text, list):
            if self.lower:
                text = [item.lower() for item in text] if isinstance(text, list) else text.lower()
            return text
        if self.analyzer is not None:
            return self.analyzer(text)
        return text_to_word_sequence(text, self.filters, self.lower, self.split)

    def fit_on_texts(self, texts: Iterable[str | Sequence[str]]) -> None:
        """Count the tokens of ``texts`` (strings, or lists of tokens) and number them again."""
        for text in texts:
            self.document_count += 1
            tokens = self._tokens(text)
            for token in tokens:
                self.word_counts[token] = self.word_counts.get(token, 0) + 1
            for token in set(tokens):
                self.word_docs[token] += 1
        by_count = sorted(
            self.word_counts.items(), key=lambda item: item[1], reverse=True
        )  # stable: ties keep order
        vocabulary = ([] if self.oov_token is None else [self.oov_token]) + [token for token, _ in by_count]
        self.word_index = {token: index for index, token in enumerate(vocabulary, start=1)}
        self.index_word = {index: token for token, index in self.word_index.items()}
        for token, count in list(self.word_docs.items()):
            self.index_docs[self.word_index[token]] = count

    def fit_on_sequences(self, sequences: Sequence[Sequence[int]]) -> None:
        """Count the documents holding each index (for ``"tfidf"`` matrices of sequences)."""
        self.document_count += len(sequences)
        for sequence in sequences:
            for index in set(sequence):
                self.index_docs[index] += 1

    def texts_to_sequences(self, texts: Iterable[str | Sequence[str]]) -> list[list[int]]:
        """Each text as its tokens' indices (see ``num_words`` and ``oov_token``)."""
        return list(self.texts_to_sequences_generator(texts))

    def texts_to_sequences_generator(self, texts: Iterable[str | Sequence[str]]) -> Iterator[list[int]]:
        oov = self.word_index.get(self.oov_token) if self.oov_token is not None else None
        for text in texts:
            indices = []
            for token in self._tokens(text):
                index = self.word_index.get(token)
                if index is not None and not (self.num_words and index >= self.num_words):
                    indices.append(index)
                elif oov is not None:
                    indices.append(oov)
            yield indices

    def sequences_to_texts(self, sequences: Iterable[Sequence[int]]) -> list[str]:
        """Each sequence of indices as its tokens joined by spaces."""
        return list(self.sequences_to_texts_generator(sequences))

    def sequences_to_texts_generator(self, sequences: Iterable[Sequence[int]]) -> Iterator[str]:
        oov = self.word_index.get(self.oov_token) if self.oov_token is not None else None
        for sequence in sequences:
            words = []
            for index in sequence:
                word = self.index_word.get(index)
                if word is not None and not (self.num_words and index >= self.num_words):
                    words.append(word)
                elif oov is not None:
                    words.append(self.index_word[oov])
            yield " ".join(words)

    def texts_to_matrix(self, texts: Iterable[str | Sequence[str]], mode: str = "binary") -> np.ndarray:
        """`sequences_to_matrix` of the texts' sequences."""
        return self.sequences_to_matrix(self.texts_to_sequences(texts), mode=mode)

    def sequences_to_matrix(self, sequences: Sequence[Sequence[int]], mode: str = "binary") -> np.ndarray:
        """``(sequences, num_words)`` float64: per index, 1 (``"binary"``), its count
        (``"count"``), its share of the sequence (``"freq"``) or ``(1 + log count) * log(1 +
        documents / (1 + documents holding it))`` (``"tfidf"``); indices past the width are
        left out.

        Raises:
            ValueError: an unknown ``mode``; no ``num_words`` and nothing fitted; ``"tfidf"``
                before any fitting.
        """
        if mode not in MODES:
            raise ValueError(f"Unknown vectorization mode: {mode!r}. Expected one of {list(MODES)}.")
        width = self.num_words
        if not width:
            if not self.word_index:
                raise ValueError(
                    "Specify a dimension (`num_words` argument), or fit on some text data first."
                )
            width = len(self.word_index) + 1
        if mode == "tfidf" and not self.document_count:
            raise ValueError("Fit the Tokenizer on some data before using tfidf mode.")
        matrix = np.zeros((len(sequences), width))
        for row, sequence in enumerate(sequences):
            counts = collections.Counter(index for index in sequence if index < width)
            for index, count in counts.items():
                if mode == "count":
                    matrix[row, index] = count
                elif mode == "freq":
                    matrix[row, index] = count / len(sequence)
                elif mode == "binary":
                    matrix[row, index] = 1
                else:
                    documents = 1 + self.index_docs.get(index, 0)
                    matrix[row, index] = (1 + np.log(count)) * np.log(1 + self.document_count / documents)
        return matrix

    def get_config(self) -> dict[str, Any]:
        """Keras's config: the settings, and the counts and indices as JSON strings."""
        return {
            "num_words": self.num_words,
            "filters": self.filters,
            "lower": self.lower,
            "split": self.split,
            "char_level": self.char_level,
            "oov_token": self.oov_token,
            "document_count": self.document_count,
            **{
                name: json.dumps(getattr(self, name))
                for name in ("word_counts", "word_docs", "index_docs", "index_word", "word_index")
            },
        }

    def to_json(self, **kwargs: Any) -> str:
        """The config as Keras's JSON (``{"class_name": "Tokenizer", "config": ...}``), which
        `tokenizer_from_json` (ours or Keras's) reads back."""
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()}, **kwargs)


def tokenizer_from_json(json_string: str) -> Tokenizer:
    """The `Tokenizer` of `Tokenizer.to_json`'s string (ours or Keras's): data, never code.

    Raises:
        ValueError: not a Tokenizer's JSON (the message says what is missing).
    """
    try:
        config = dict(json.loads(json_string)["config"])
        counts = {name: json.loads(config.pop(name)) for name in ("word_counts", "word_docs", "index_docs")}
        index_word = {int(index): word for index, word in json.loads(config.pop("index_word")).items()}
        word_index = json.loads(config.pop("word_index"))
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"Not a Tokenizer's JSON ({type(error).__name__}: {error}).") from None
    tokenizer = Tokenizer(**config)
    tokenizer.word_counts, tokenizer.word_docs = counts["word_counts"], counts["word_docs"]
    tokenizer.index_docs = {int(index): count for index, count in counts["index_docs"].items()}
    tokenizer.word_index, tokenizer.index_word = word_index, index_word
    return tokenizer
