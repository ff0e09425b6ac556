"""`TextVectorization`: Keras's text-to-ids layer (standardize, split, n-grams, then a
`StringLookup`), as Keras 3 computes it, without TensorFlow.

Each string is standardized (``"lower_and_strip_punctuation"`` by default: ASCII letters
lowered, as ``tf.strings.lower`` lowers them, and Keras's punctuation removed), split (on runs
of ASCII whitespace, into characters, or by a function), joined into n-grams (all 1-grams,
then all 2-grams, ... of the widths asked, ``" "``-separated, as ``tf.strings.ngrams``), and
looked up in a vocabulary whose index 0 is padding (the mask token ``""``) and 1 the OOV token
``"[UNK]"``. Output ``"int"`` pads each row with 0 to the longest row of the call or to
``output_sequence_length`` (cutting longer rows), ready for an `Embedding` with
``mask_zero=True``; the other modes encode each row over the vocabulary (see `StringLookup`).

Like `StringLookup`, it prepares data outside a model (Keras programs that ``adapt`` it and
``map`` it over their text run it the same way here, on lists or numpy arrays of strings), or
inside one, behind ``Input(shape=(1,), dtype="string")``: ``fit`` and ``predict`` then take
numpy arrays of strings (see `statefulrnn._text`), and a ``.keras`` file keeps its
vocabulary as Keras 3 keeps it (``vocabulary.txt`` among the file's assets).

Example:
    >>> vectorize = TextVectorization(output_sequence_length=4)
    >>> vectorize.adapt(["The cat sat.", "The dog sat, the cat ran!"])
    >>> vectorize.get_vocabulary()
    ['', '[UNK]', 'the', 'sat', 'cat', 'ran', 'dog']
    >>> vectorize(["the cat ran", "a dog"])
    tensor([[2, 4, 5, 0],
            [1, 6, 0, 0]])
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .._text import object_array
from .base import Layer
from .index_lookup import StringLookup, checked_output_mode, declare_adapted_rank, ready_made_batches

# Keras's DEFAULT_STRIP_REGEX, and the whitespace tf.strings.split splits on (ASCII's).
_PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
_WHITESPACE = re.compile(r"[ \t\n\v\f\r]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> Any:
    if value is None or callable(value) or value in allowed:
        return value
    raise ValueError(
        f"Invalid value for argument {name} of TextVectorization: expected one of {list(allowed)}, None "
        f"or a callable. Received: {name}={value!r}"
    )


class TextVectorization(Layer):
    r"""Strings to token ids (or encodings), Keras's ``TextVectorization`` (see the module
    docstring for the steps): for string \(x_n\) with tokens
    \(w_1 \dots w_L = \text{ngrams}(\text{split}(\text{standardize}(x_n)))\), in ``"int"`` output

    \[
    y_n = \big(i(w_1), \dots, i(w_{\min(L, T)}), 0, \dots, 0\big) \in \mathbb{Z}^{T}
    \]

    with \(i\) the lookup of `StringLookup` (index 0 the padding token ``""``, 1 the OOV
    token ``"[UNK]"``) and \(T\) the output sequence length.

    Args:
        max_tokens: the vocabulary's largest size, padding and OOV included (default None).
        standardize: ``"lower_and_strip_punctuation"`` (default), ``"lower"``,
            ``"strip_punctuation"``, None, or a function of a numpy array of strings returning
            one (Keras's non-TensorFlow backends hand it the same).
        split: ``"whitespace"`` (default), ``"character"``, None (each string one token), or
            a function of a 1-D numpy array of strings returning one list of tokens per string.
        ngrams: None (default), an integer n (widths 1 to n) or a tuple (or list) of widths.
        output_mode: ``"int"`` (default), ``"multi_hot"``, ``"count"``, ``"tf_idf"``, or
            ``"one_hot"`` (with ``split=None``: one token a row).
        output_sequence_length: the rows' length in ``"int"`` output (default None: the
            longest row of the call).
        pad_to_max_tokens: encodings have ``max_tokens`` columns (default False).
        vocabulary: the tokens, as `StringLookup` takes them (default None: `adapt`).
        idf_weights: for ``"tf_idf"`` with a vocabulary given.
        sparse, ragged: Keras's TensorFlow-only outputs; only False.
        encoding: the encoding of byte strings (default ``"utf-8"``).
        vocabulary_size: as `StringLookup`'s (what a Keras config records).

    Shapes:
        strings ``(N,)`` or ``(N, 1)`` (a list, or a numpy array) -> int64 ``(N, T)``, ``T``
        the output sequence length; encodings ``(N, depth)``. One string: ``(T,)``.

    Raises:
        ValueError: settings Keras refuses (``output_sequence_length`` outside ``"int"``, ...);
            at a call, inputs of rank 2 whose last axis is not 1.

    Example:
        >>> vectorize = TextVectorization(vocabulary=["the", "cat", "sat"], ngrams=2)
        >>> vectorize(["The cat sat!", "a cat"])
        tensor([[2, 3, 4, 1, 1],
                [1, 3, 1, 0, 0]])
    """

    supports_masking = False

    def __init__(
        self,
        max_tokens: int | None = None,
        standardize: str | Callable | None = "lower_and_strip_punctuation",
        split: str | Callable | None = "whitespace",
        ngrams: int | tuple[int, ...] | None = None,
        output_mode: str = "int",
        output_sequence_length: int | None = None,
        pad_to_max_tokens: bool = False,
        vocabulary: Any = None,
        idf_weights: Any = None,
        sparse: bool = False,
        ragged: bool = False,
        encoding: str = "utf-8",
        vocabulary_size: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.standardize = _choice("standardize", standardize, _STANDARDIZE)
        self.split = _choice("split", split, _SPLIT)
        mode = checked_output_mode(output_mode, "TextVectorization")
        ngrams = tuple(ngrams) if isinstance(ngrams, list) else ngrams  # a config read from JSON
        if not (
            ngrams is None
            or (isinstance(ngrams, int) and not isinstance(ngrams, bool))
            or (isinstance(ngrams, tuple) and all(isinstance(item, int) for item in ngrams))
        ):
            raise ValueError(
                f"`ngrams` must be None, an integer, or a tuple of integers. Received: ngrams={ngrams}"
            )
        if mode == "int" and not (output_sequence_length is None or isinstance(output_sequence_length, int)):
            raise ValueError(
                "`output_sequence_length` must be either None or an integer when `output_mode` is 'int'. "
                f"Received: output_sequence_length={output_sequence_length}"
            )
        if mode != "int" and output_sequence_length is not None:
            raise ValueError(
                "`output_sequence_length` must not be set if `output_mode` is not 'int'. "
                f"Received output_sequence_length={output_sequence_length}."
            )
        if ragged:
            raise ValueError(
                "TextVectorization(ragged=True) gives TensorFlow's ragged tensors, which statefulrnn does "
                "not have: leave ragged=False (rows are padded with 0, index 0 being the padding token)."
            )
        if mode == "one_hot" and split is not None:
            raise ValueError(
                "TextVectorization's output_mode='one_hot' encodes one token a row: give split=None "
                "(or use 'multi_hot' or 'count' for a row of many tokens)."
            )
        self.max_tokens, self.output_mode, self.output_sequence_length = (
            max_tokens,
            mode,
            output_sequence_length,
        )
        self.ngrams, self.pad_to_max_tokens, self.encoding = ngrams, pad_to_max_tokens, encoding
        self.vocabulary, self.idf_weights, self.sparse, self.ragged = vocabulary, idf_weights, sparse, ragged
        self._widths = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self.built = True
        self._lookup = StringLookup(
            max_tokens=max_tokens, num_oov_indices=1, mask_token="", oov_token="[UNK]", vocabulary=vocabulary,
            idf_weights=idf_weights, output_mode=mode, pad_to_max_tokens=pad_to_max_tokens, sparse=sparse,
            encoding=encoding, vocabulary_size=vocabulary_size,
        )  # fmt: skip

    def get_vocabulary(self, include_special_tokens: bool = True) -> list[str]:
        """The token of each index (``""`` for padding and ``"[UNK]"`` first, unless
        ``include_special_tokens`` is False)."""
        return self._lookup.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        return self._lookup.vocabulary_size()

    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None) -> None:
        """`StringLookup.set_vocabulary` of the layer's lookup."""
        self._lookup.set_vocabulary(vocabulary, idf_weights)

    def get_config(self) -> dict[str, Any]:
        """Keras's: the arguments (a function of the program's own for ``standardize`` or
        ``split`` as it is: a Keras file names it), and the vocabulary's size."""
        return {**super().get_config(), "vocabulary_size": self._lookup.recorded_vocabulary_size()}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> TextVectorization:
        """The layer of a config; a ``standardize`` or ``split`` function a Keras file names is
        found among the program's own (``custom_objects``, the registry), as Keras finds it."""
        from ..saving import deserialize_keras_object

        config = dict(config)
        for key in ("standardize", "split"):
            if isinstance(config.get(key), dict):
                config[key] = deserialize_keras_object(config[key])
        return super().from_config(config)

    def learnt_config(self) -> dict[str, Any]:
        """`StringLookup.learnt_config` of the layer's lookup."""
        return self._lookup.learnt_config()

    def save_assets(self, folder: str) -> None:
        """Keras 3's asset hook (`StringLookup.save_assets`). Keras 3 also writes the same file
        for the lookup it holds, under ``_lookup_layer/``, and reads that one back: so both."""
        self._lookup.save_assets(folder)
        inner = os.path.join(folder, "_lookup_layer")
        os.makedirs(inner, exist_ok=True)
        self._lookup.save_assets(inner)

    def save_own_variables(self, store: dict[str, np.ndarray]) -> None:
        """`StringLookup.save_own_variables` of the layer's lookup."""
        self._lookup.save_own_variables(store)

    def load_own_variables(self, store: dict[str, np.ndarray]) -> None:
        """`StringLookup.load_own_variables` of the layer's lookup."""
        self._lookup.load_own_variables(store)

    def load_assets(self, folder: str | None) -> None:
        """Keras 3's asset hook: the vocabulary `save_assets` wrote (Keras's files hold it in
        both places)."""
        self._lookup.load_assets(folder)

    def adapt(self, data: Any, batch_size: int | None = None, steps: int | None = None) -> None:
        """Learn the vocabulary from ``data``: a list or array of strings (each a document), or
        an iterable of such batches (at most ``steps``), each string standardized and split
        first. ``batch_size`` is accepted and unused, as in Keras 3."""
        self._lookup.check_adaptable(self.name)
        declare_adapted_rank(self, data)
        batches = itertools.islice(data if ready_made_batches(data) else [data], steps)
        self._lookup.learn(self._token_rows(batch) for batch in batches)

    def forward(self, inputs: Any) -> torch.Tensor:
        scalar = isinstance(inputs, (str, bytes))
        rows = self._token_rows([inputs] if scalar else inputs)
        indices = [self._lookup._lookup(object_array(row)) for row in rows]
        if self.output_mode != "int":
            encoded = self._lookup.encode(indices)
            return encoded[0] if scalar else encoded
        length = self.output_sequence_length
        if length is None:
            length = max((len(row) for row in indices), default=0)
        out = np.zeros((len(indices), length), np.int64)
        for row, ids in enumerate(indices):
            ids = ids[:length]
            out[row, : len(ids)] = ids
        return torch.from_numpy(out[0] if scalar else out)

    def _token_rows(self, inputs: Any) -> list[list[str]]:
        """Each string of ``inputs`` standardized, split and made into n-grams: one token list
        per string.

        Raises:
            ValueError: inputs of rank 2 whose last axis is not 1, or of a higher rank.
        """
        strings = self._lookup._tokens_of(inputs)
        if strings.ndim == 2 and strings.shape[1] == 1:
            strings = strings[:, 0]
        if strings.ndim != 1:
            raise ValueError(
                "When using `TextVectorization` to tokenize strings, the input rank must be 1 or the last "
                f"shape dimension must be 1. Received: inputs.shape={strings.shape} with rank={strings.ndim}"
            )
        strings = self._standardized(strings)
        if self.split is None:
            rows = [[text] for text in strings.tolist()]
        elif self.split == "whitespace":
            rows = [[token for token in _WHITESPACE.split(text) if token] for text in strings.tolist()]
        elif self.split == "character":
            rows = [list(text) for text in strings.tolist()]
        else:
            rows = [[str(token) for token in row] for row in self.split(strings)]
        return rows if self._widths is None else [_ngrams(row, self._widths) for row in rows]

    def _standardized(self, strings: np.ndarray) -> np.ndarray:
        if self.standardize is None:
            return strings
        if callable(self.standardize):
            return np.asarray(self.standardize(strings.astype(str)), dtype=object)
        texts = strings.tolist()
        if self.standardize in ("lower", "lower_and_strip_punctuation"):
            texts = [text.translate(_ASCII_LOWER) for text in texts]
        if self.standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            texts = [_PUNCTUATION.sub("", text) for text in texts]
        return object_array(texts)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        if self.output_mode == "int":
            return (input_shape[0], self.output_sequence_length)
        return (input_shape[0], self._lookup.output_depth())


def _ngrams(tokens: list[str], widths: tuple[int, ...]) -> list[str]:
    """``tf.strings.ngrams``: for each width in turn, every run of that many tokens, joined by
    spaces."""
    return [" ".join(tokens[i : i + width]) for width in widths for i in range(len(tokens) - width + 1)]
