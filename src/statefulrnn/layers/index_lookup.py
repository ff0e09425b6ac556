"""`StringLookup` and `IntegerLookup`: Keras's vocabulary layers, tokens to indices (and back),
as Keras 3 numbers them, without TensorFlow.

A vocabulary is given (``vocabulary=``, `set_vocabulary`) or learnt by ``adapt`` from data:
every token counted, the most frequent first, ties broken by the token, the greater first
(Keras's ``np.lexsort`` order, which makes vocabularies reproducible), cut to ``max_tokens``.
Indices start after the special ones: the mask token's 0 (with a ``mask_token``, in ``"int"``
output), then ``num_oov_indices`` indices for tokens outside the vocabulary. Outputs: indices
(``"int"``, an int64 tensor), or float32 encodings over the vocabulary (``"one_hot"`` per token,
``"multi_hot"`` and ``"count"`` per sample, ``"tf_idf"``: counts times the inverse document
frequencies ``log(1 + documents / (1 + documents holding the token))`` that ``adapt`` learns).

These layers take tokens, not tensors of numbers: they prepare data for a model (ids for an
`Embedding`) and run outside it, as they run in Keras programs (``dataset.map(lookup)``).

Example:
    >>> lookup = StringLookup()
    >>> lookup.adapt(["b", "a", "b", "c", "b", "a"])
    >>> lookup.get_vocabulary()
    ['[UNK]', 'b', 'a', 'c']
    >>> lookup([["a", "zz"], ["b", "c"]])
    tensor([[2, 0],
            [1, 3]])
"""

from __future__ import annotations

import collections
import itertools
import os
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import torch

from .. import farmhash, siphash
from .._keras_rules import tf_keras_rules
from .._text import strings
from .base import Layer
from .category_encoding import encode_categorical

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_OLD_MODE_NAMES = {"binary": "multi_hot", "tf-idf": "tf_idf"}  # Keras 2's spellings
_DROPPED = -2  # the index of a mask token outside "int" output: counted nowhere


def checked_output_mode(value: str, layer: str) -> str:
    """Keras's output mode name (its Keras 2 spellings read too), checked."""
    value = _OLD_MODE_NAMES.get(value, value)
    if value not in _MODES:
        raise ValueError(
            f"Invalid value for argument output_mode of {layer}: expected one of {list(_MODES)}. "
            f"Received: output_mode={value!r}"
        )
    return value


class _IndexLookup(Layer):
    """What `StringLookup` and `IntegerLookup` share: the vocabulary, its special indices,
    ``adapt``, the lookup and the encodings. Subclasses say how tokens are read
    (`_tokens_of`) and what an inverted lookup returns (`_inverted`)."""

    supports_masking = False
    integer_tokens = False  # IntegerLookup's: its OOV tokens go by floormod unless "farmhash"

    def __init__(
        self, max_tokens: int | None, num_oov_indices: int, mask_token: Any, oov_token: Any,
        vocabulary: Any, idf_weights: Any, invert: bool, output_mode: str, pad_to_max_tokens: bool,
        sparse: bool, oov_method: str, salt: Any, vocabulary_size: int | None, **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(**kwargs)
        # Keras's config records the vocabulary's size: the width of an encoding output while a
        # file's vocabulary is still to be read (its assets come after the model is built).
        self._declared_size = vocabulary_size
        name = type(self).__name__
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(
                f"{name}'s oov_method must be 'floormod' or 'farmhash'. Received: oov_method={oov_method!r}"
            )
        if salt is not None and oov_method != "farmhash" and self.integer_tokens:
            raise ValueError(
                f"`salt` can only be used when `oov_method='farmhash'`. Received: oov_method={oov_method}"
            )
        self.oov_method, self.salt = oov_method, salt
        self._salt_key = None if salt is None else siphash.salt_key(salt)
        self.output_mode = checked_output_mode(output_mode, name)
        if max_tokens is not None and (isinstance(max_tokens, bool) or not isinstance(max_tokens, int)):
            raise TypeError(f"max_tokens must be an integer or None. Received: max_tokens={max_tokens!r}")
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}"
            )
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError("If pad_to_max_tokens is True, must set `max_tokens`. Received: max_tokens=None")
        if isinstance(num_oov_indices, bool) or not isinstance(num_oov_indices, int) or num_oov_indices < 0:
            raise ValueError(
                "`num_oov_indices` must be greater than or equal to 0. "
                f"Received: num_oov_indices={num_oov_indices!r}"
            )
        if invert and self.output_mode != "int":
            raise ValueError(
                "`output_mode` must be `'int'` when `invert` is true. "
                f"Received: output_mode={self.output_mode}"
            )
        if sparse:
            raise ValueError(
                f"{name}(sparse=True) gives TensorFlow's sparse tensors, which only Keras's TensorFlow "
                f"backend has; statefulrnn's outputs are dense torch tensors. Leave sparse=False."
            )
        if idf_weights is not None and self.output_mode != "tf_idf":
            raise ValueError(
                "`idf_weights` should only be set if `output_mode` is `'tf_idf'`. "
                f"Received: idf_weights={idf_weights} and output_mode={self.output_mode}"
            )
        if self.output_mode == "tf_idf" and vocabulary is not None and idf_weights is None:
            raise ValueError(
                "When specifying the `vocabulary` argument, in TF-IDF output mode, the `idf_weights` "
                "argument must also be provided."
            )
        self.max_tokens, self.num_oov_indices, self.invert = max_tokens, num_oov_indices, invert
        self.mask_token, self.oov_token = mask_token, oov_token
        self.pad_to_max_tokens, self.sparse = pad_to_max_tokens, sparse
        self.vocabulary, self.idf_weights = vocabulary, idf_weights  # as given, for the config
        self._tokens: list[Any] = []  # the vocabulary after the special tokens
        self._index: dict[Any, int] = {}
        self._idf: np.ndarray | None = None  # one weight per output column (tf_idf)
        self._fixed_vocabulary = vocabulary is not None
        self.built = True
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    # ----- the special indices ------------------------------------------------------------

    def _oov_start(self) -> int:
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start(self) -> int:
        return self._oov_start() + self.num_oov_indices

    def vocabulary_size(self) -> int:
        """Keras's ``vocabulary_size()``: the tokens and the special indices before them."""
        return self._token_start() + len(self._tokens)

    def output_depth(self) -> int:
        """The width of an encoding output: ``max_tokens`` with ``pad_to_max_tokens``, else the
        vocabulary's size (the config's, while a file's vocabulary is not yet read)."""
        if self.pad_to_max_tokens:
            return self.max_tokens
        if not self._tokens and self._declared_size is not None:
            return self._declared_size
        return self.vocabulary_size()

    def recorded_vocabulary_size(self) -> int | None:
        """The vocabulary's size as Keras's config records it: None before one is set (or the
        size a config declared)."""
        return self.vocabulary_size() if self._tokens else self._declared_size

    def get_config(self) -> dict[str, Any]:
        """Keras's: the arguments, and the vocabulary's size (`recorded_vocabulary_size`)."""
        return {**super().get_config(), "vocabulary_size": self.recorded_vocabulary_size()}

    def learnt_config(self) -> dict[str, Any]:
        """A vocabulary learnt by ``adapt`` (or set later) as config arguments, special tokens
        first (with its IDF weights for ``"tf_idf"``), for statefulrnn's own model files, which
        have no assets; empty for a vocabulary the config holds already, or none."""
        if self.vocabulary is not None or not self._tokens:
            return {}
        learnt: dict[str, Any] = {"vocabulary": self.get_vocabulary()}
        if self._idf is not None:
            learnt["idf_weights"] = self._idf[: len(learnt["vocabulary"])].tolist()
        return learnt

    # ----- the vocabulary in a .keras file ---------------------------------------------------

    def save_assets(self, folder: str) -> None:
        """Keras 3's asset hook: a vocabulary not given in the config (learnt by ``adapt``, or
        set later) goes to ``folder/vocabulary.txt``, one token a line, special tokens first."""
        if self.vocabulary is None:
            write_vocabulary(folder, self.get_vocabulary())

    def save_own_variables(self, store: dict[str, np.ndarray]) -> None:
        """Keras 3's hook: a ``"tf_idf"`` layer's IDF weights, one per index (the OOV index's
        their mean), as ``store["idf_weights"]``; nothing for the other modes."""
        if self.output_mode == "tf_idf" and self._idf is not None:
            store["idf_weights"] = self._idf[: self.vocabulary_size()].astype(np.float32)

    def load_own_variables(self, store: dict[str, np.ndarray]) -> None:
        """Keras 3's hook: the IDF weights `save_own_variables` wrote, kept for the vocabulary
        `load_assets` reads next (Keras's order: a file's variables, then its assets)."""
        if self.output_mode == "tf_idf" and "idf_weights" in store:
            self._stored_idf = np.asarray(store["idf_weights"], dtype=np.float64)

    def load_assets(self, folder: str | None) -> None:
        """Keras 3's asset hook: the vocabulary `save_assets` wrote, read back (nothing to read
        for a vocabulary given in the config, or where the file holds none for the layer),
        with the IDF weights `load_own_variables` read for a ``"tf_idf"`` layer."""
        stored_idf = self.__dict__.pop("_stored_idf", None)
        if self.vocabulary is not None or folder is None:
            return
        path = os.path.join(folder, VOCABULARY_FILE)
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as file:
            lines = file.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        self.set_vocabulary(self._vocabulary_of_lines(lines), idf_weights=stored_idf)

    def _vocabulary_of_lines(self, lines: list[str]) -> list[Any]:
        return lines

    def get_vocabulary(self, include_special_tokens: bool = True) -> list[Any]:
        """The token of each index, in order (Keras's ``get_vocabulary``); without the mask and
        OOV tokens when ``include_special_tokens`` is False."""
        if not include_special_tokens:
            return list(self._tokens)
        special = [self.mask_token] * self._oov_start() + [self.oov_token] * self.num_oov_indices
        return special + list(self._tokens)

    # ----- the vocabulary ---------------------------------------------------------------

    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None) -> None:
        """Keras's ``set_vocabulary``: the tokens, optionally led by the special tokens in
        their order (mask, then the OOV tokens), and for ``"tf_idf"`` one IDF weight each.

        Raises:
            ValueError: an empty or repeated vocabulary, a special token elsewhere than at its
                start, more tokens than ``max_tokens``, IDF weights missing, unwanted or of
                another length.
        """
        if self.output_mode == "tf_idf" and idf_weights is None:
            raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        if self.output_mode != "tf_idf" and idf_weights is not None:
            raise ValueError(
                "`idf_weights` should only be set if output_mode is `'tf_idf'`. "
                f"Received: output_mode={self.output_mode} and idf_weights={idf_weights}"
            )
        if isinstance(vocabulary, str):
            raise ValueError(
                f"{type(self).__name__} takes its vocabulary as a list or array of tokens; a vocabulary "
                f"file ({vocabulary!r}) is not read (read its lines into a list)."
            )
        given = self._tokens_of(vocabulary).ravel().tolist()
        if not given:
            raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
        special = [self.mask_token] * self._oov_start() + [self.oov_token] * self.num_oov_indices
        found_special = given[: len(special)] == special
        tokens = given[len(special) :] if found_special else given
        repeated = [token for token, count in collections.Counter(tokens).items() if count > 1]
        if repeated:
            raise ValueError(
                "The passed vocabulary has at least one repeated term. Please uniquify your dataset. "
                f"The repeated terms are: {repeated}"
            )
        for token, what, checked in (
            (self.mask_token, "mask", self.mask_token is not None),
            (self.oov_token, "OOV", self.oov_token is not None and self.invert),
        ):
            if checked and token in tokens:
                argument = "mask_token" if what == "mask" else "oov_token"
                raise ValueError(
                    f"Found reserved {what} token at unexpected location in `vocabulary`. Note that passed "
                    f"`vocabulary` does not need to include the OOV and mask tokens. Either remove all "
                    f"mask and OOV tokens, or include them only at the start "
                    f"of the vocabulary in precisely this order: {special}. Received: {argument}={token} at "
                    f"vocabulary index {len(given) - 1 - given[::-1].index(token)}"
                )
        size = self._token_start() + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                f"Attempted to set a vocabulary larger than the maximum vocab size. Received vocabulary "
                f"size is {size}; `max_tokens` is {self.max_tokens}."
            )
        idf = None
        if idf_weights is not None:
            weights = np.asarray(idf_weights, dtype=np.float64)
            if weights.ndim != 1 or len(weights) != len(given):
                raise ValueError(
                    "`idf_weights` must be the same length as vocabulary. "
                    f"len(idf_weights) is {weights.size}; len(vocabulary) is {len(given)}"
                )
            front = 0 if found_special else self._token_start()  # the special tokens: the mean
            idf = np.concatenate([np.full(front, weights.mean()), weights])
        self._set(tokens, idf)

    def _set(self, tokens: list[Any], idf: np.ndarray | None) -> None:
        self._tokens = tokens
        start = self._token_start()
        self._index = {token: start + i for i, token in enumerate(tokens)}
        if idf is not None and self.pad_to_max_tokens:
            idf = np.concatenate([idf, np.zeros(self.max_tokens - len(idf))])
        self._idf = None if idf is None else idf.astype(np.float32)

    def adapt(self, data: Any, batch_size: int | None = None, steps: int | None = None) -> None:
        """Learn the vocabulary from ``data`` (Keras's ``adapt``): an array or list of tokens
        (each row a document, for the IDF weights; a 1-D array one token a document), or an
        iterable of such batches (at most ``steps`` of them; a 1-D batch is one document, as
        Keras reads it). ``batch_size`` is accepted and unused, as in Keras 3.

        Raises:
            ValueError: the layer was given its vocabulary.
        """
        self.check_adaptable(self.name)
        declare_adapted_rank(self, data)
        if ready_made_batches(data):
            batches = itertools.islice(data, steps)
            self.learn(_rows(self._tokens_of(batch), single_document=True) for batch in batches)
        else:
            self.learn([_rows(self._tokens_of(data), single_document=False)])

    def check_adaptable(self, name: str) -> None:
        """Refuse to adapt (layer ``name``) a layer given its vocabulary, as Keras does."""
        if self._fixed_vocabulary:
            raise ValueError(
                f"Cannot adapt layer '{name}' after setting a static vocabulary via `vocabulary` "
                f"argument or `set_vocabulary()` method."
            )

    def learn(self, batches: Iterable[list[list[Any]]]) -> None:
        """The vocabulary (and IDF weights) from documents, each a list of tokens, given in
        batches: as Keras's ``update_state`` on each batch, then ``finalize_state``."""
        counts: collections.Counter[Any] = collections.Counter()
        documents: collections.Counter[Any] = collections.Counter()
        total = 0
        for rows in batches:
            for row in rows:
                counts.update(row)
                documents.update(set(row))
                total += 1
        self._learn(counts, documents, total)

    def _learn(self, counts: collections.Counter, documents: collections.Counter, total: int) -> None:
        """The vocabulary from token ``counts`` (the IDF weights from the ``documents`` holding
        each token, of ``total``), as Keras's ``finalize_state`` makes it."""
        if not counts:
            return
        for special in (self.mask_token, self.oov_token):
            counts.pop(special, None)
        # Keras sorts with np.lexsort((tokens, counts))[::-1]: most counted first, ties by the
        # greater token first.
        ordered = sorted(counts.items(), key=lambda item: (item[1], item[0]), reverse=True)
        if self.max_tokens:
            ordered = ordered[: self.max_tokens - self._token_start()]
        tokens = [token for token, _ in ordered]
        idf = None
        if self.output_mode == "tf_idf":
            learnt = np.log(1 + total / (1 + np.array([documents[t] for t in tokens], np.float64)))
            learnt = learnt.astype(np.float32)
            idf = np.concatenate([np.full(self._token_start(), learnt.mean(dtype=np.float32)), learnt])
        self._set(tokens, idf)

    # ----- the call ------------------------------------------------------------------------

    def forward(self, inputs: Any) -> Any:
        if self.invert:
            indices = _indices(inputs, self.name)
            return self._inverted(self._invert(indices), indices.shape)
        indices = self._lookup(self._tokens_of(inputs))
        if self.output_mode == "int":
            return torch.from_numpy(indices)
        return self.encode(indices)

    def _lookup(self, tokens: np.ndarray) -> np.ndarray:
        """The index of each token (int64, ``tokens``' shape); a mask token's 0 in ``"int"``
        output, `_DROPPED` otherwise.

        Raises:
            ValueError: a token outside the vocabulary where ``num_oov_indices`` is 0.
        """
        oov = self._oov_start() if self.num_oov_indices == 1 else -1
        index, mask = self._index, self.mask_token
        masked = 0 if self.output_mode == "int" else _DROPPED
        flat = [
            masked if mask is not None and t == mask else index.get(t, oov) for t in tokens.ravel().tolist()
        ]
        indices = np.array(flat, dtype=np.int64).reshape(tokens.shape)
        missing = indices == -1
        if missing.any():
            if self.num_oov_indices == 0:
                raise ValueError(
                    "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV values "
                    f"{tokens[missing].tolist()}, consider setting `num_oov_indices=1`."
                )
            indices[missing] = self._oov_buckets(tokens[missing]) + self._oov_start()
        return indices

    def _oov_buckets(self, tokens: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _invert(self, indices: np.ndarray) -> list[Any]:
        """The token of each index (a flat list, in ``indices``' order)."""
        tokens, start, mask = self._tokens, self._token_start(), self.mask_token
        return [
            mask
            if i == 0 and mask is not None
            else tokens[i - start]
            if start <= i < start + len(tokens)
            else self.oov_token
            for i in indices.ravel().tolist()
        ]

    def _inverted(self, tokens: list[Any], shape: tuple[int, ...]) -> Any:
        """The tokens of an inverted lookup (a flat list) as the layer returns them."""
        raise NotImplementedError

    def _tokens_of(self, data: Any) -> np.ndarray:
        raise NotImplementedError

    def encode(self, indices: np.ndarray | Sequence[np.ndarray]) -> torch.Tensor:
        """Indices (an array, or one 1-D array per sample for samples of different lengths)
        encoded as the output mode says (`encode_categorical`; ``"tf_idf"``: the counts times
        the IDF weights), float32, over ``max_tokens`` columns with ``pad_to_max_tokens``, else
        the vocabulary's.

        Raises:
            ValueError: samples of rank above 2 outside ``"one_hot"`` (Keras's limit).
        """
        depth = self.output_depth()
        if not isinstance(indices, np.ndarray):  # rows of different lengths: padded with -1
            rows = [np.asarray(row).reshape(-1) for row in indices]
            padded = np.full((len(rows), max((len(row) for row in rows), default=0)), -1, np.int64)
            for row, sample in enumerate(rows):
                padded[row, : len(sample)] = sample
            indices = padded
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        encoded = encode_categorical(torch.from_numpy(indices), mode, depth)
        if self.output_mode == "tf_idf":
            if self._idf is None:
                raise ValueError("When `output_mode` is `'tf_idf'`, `idf_weights` must be provided.")
            encoded = encoded * torch.from_numpy(self._idf[:depth])
        return encoded

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = self.output_depth()
        if self.output_mode == "one_hot":
            shape = tuple(input_shape)
            return (*shape[:-1], depth) if len(shape) > 1 and shape[-1] == 1 else (*shape, depth)
        return (*tuple(input_shape)[:-1], depth)


def declare_adapted_rank(layer: Layer, data: Any) -> None:
    """Under tf-keras's rules, a preprocessing layer adapted before it declares an input shape
    declares one of ``data``'s rank, all sizes open (tf-keras's ``_adapt_maybe_build``), so that a
    ``Sequential`` it starts is built as it is made, with the weights a program then sets or
    reads (the TensorFlow RNN text tutorial: ``Sequential([encoder, Embedding, ...])``). Keras 3
    leaves such a model unbuilt. Data in ready-made batches is left as it is."""
    if tf_keras_rules() and layer.batch_input_shape is None and not ready_made_batches(data):
        array = data if isinstance(data, (np.ndarray, torch.Tensor)) else np.asarray(data, dtype=object)
        layer.batch_input_shape = (None,) * array.ndim


def ready_made_batches(data: Any) -> bool:
    """Whether ``adapt``'s data is ready-made batches (a generator, a dataset) rather than one
    array-like (a list, tuple, array, tensor or one string) of tokens or numbers."""
    return hasattr(data, "__iter__") and not isinstance(
        data, (list, tuple, np.ndarray, str, bytes, torch.Tensor)
    )


def _rows(tokens: np.ndarray, single_document: bool) -> list[list[Any]]:
    """``tokens`` as documents: a scalar is one; a 1-D array is one (``single_document``) or
    one per token; a 2-D or higher array one per row."""
    if tokens.ndim == 0:
        return [[tokens.item()]]
    if tokens.ndim == 1:
        return [tokens.tolist()] if single_document else [[t] for t in tokens.tolist()]
    return [row.ravel().tolist() for row in tokens]


class StringLookup(_IndexLookup):
    r"""Strings to indices, Keras's ``StringLookup`` (see the module docstring for the
    vocabulary's order and the output modes). With \(s\) special indices before the vocabulary
    (1 for a mask token in ``"int"`` output, plus ``num_oov_indices``), token \(t\) maps to

    \[
    i(t) = \begin{cases} 0 & t = \text{mask token} \\ s + r(t) & t \text{ the } r(t)\text{-th
    vocabulary token (from 0)} \\ s - 1 & \text{otherwise (the OOV index)} \end{cases}
    \]

    Args:
        max_tokens: the vocabulary's largest size, special indices included (default None:
            any).
        num_oov_indices: indices for tokens outside the vocabulary (default 1; with 0 such a
            token is an error), more than one spread by FarmHash64 as Keras spreads them.
        mask_token: a token meaning padding, index 0 in ``"int"`` output and counted nowhere
            in the others (default None: none).
        oov_token: the token an inverted lookup gives for an OOV index (default ``"[UNK]"``).
        vocabulary: the tokens (a list or array), optionally led by the special tokens;
            default None: learn them by `adapt`.
        idf_weights: one IDF weight per vocabulary entry, for ``"tf_idf"`` only.
        invert: map indices back to tokens (``"int"`` only; default False).
        output_mode: ``"int"`` (default), ``"one_hot"``, ``"multi_hot"``, ``"count"`` or
            ``"tf_idf"`` (Keras 2's ``"binary"`` and ``"tf-idf"`` too).
        pad_to_max_tokens: encodings have ``max_tokens`` columns (default False: the
            vocabulary's size).
        sparse: Keras's TensorFlow-only sparse outputs; only False.
        encoding: the text encoding of byte strings (default ``"utf-8"``).
        salt: a key (an integer, or a pair) for the OOV buckets: TensorFlow's keyed SipHash
            spreads them instead of FarmHash64, as Keras's (default None).
        oov_method: Keras's ``"floormod"`` or ``"farmhash"``; strings are hashed either way,
            as in Keras (the choice matters to `IntegerLookup`).
        vocabulary_size: the size a Keras config records: the width of an encoding output
            until the vocabulary is set (a ``.keras`` file's is read after the model is built).

    Shapes:
        tokens of any shape ``S`` (strings, bytes, lists or numpy arrays of them) -> int64
        indices ``S``; ``"one_hot"``: ``S + (depth,)`` (a last axis of 1 replaced); the other
        modes ``S[:-1] + (depth,)``; inverted: a numpy array of strings of the indices' shape.

    Example:
        >>> lookup = StringLookup(vocabulary=["a", "b", "c"], mask_token="")
        >>> lookup([["a", "c", ""], ["b", "x", ""]])
        tensor([[2, 4, 0],
                [3, 1, 0]])
        >>> StringLookup(vocabulary=["a", "b", "c"], invert=True)(torch.tensor([1, 3, 0]))
        array(['a', 'c', '[UNK]'], dtype='<U5')
    """

    def __init__(
        self,
        max_tokens: int | None = None,
        num_oov_indices: int = 1,
        mask_token: str | None = None,
        oov_token: str = "[UNK]",
        vocabulary: Any = None,
        idf_weights: Any = None,
        invert: bool = False,
        output_mode: str = "int",
        pad_to_max_tokens: bool = False,
        sparse: bool = False,
        encoding: str = "utf-8",
        salt: int | Sequence[int] | None = None,
        oov_method: str = "floormod",
        vocabulary_size: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.encoding = encoding
        super().__init__(
            max_tokens, num_oov_indices, mask_token, oov_token, vocabulary, idf_weights, invert,
            output_mode, pad_to_max_tokens, sparse, oov_method, salt, vocabulary_size,
            **kwargs,
        )  # fmt: skip

    def _tokens_of(self, data: Any) -> np.ndarray:
        return strings(data, self.encoding, self.name)

    def _oov_buckets(self, tokens: np.ndarray) -> np.ndarray:
        return hashed_buckets(tokens.tolist(), self.num_oov_indices, self._salt_key)

    def _inverted(self, tokens: list[Any], shape: tuple[int, ...]) -> np.ndarray:
        return np.array(tokens, dtype=str).reshape(shape)


class IntegerLookup(_IndexLookup):
    r"""Integers to indices, Keras's ``IntegerLookup``: `StringLookup` for integer tokens (ids
    of users, products, categories), \(i(t)\) as there, with \(k\) OOV indices an OOV token
    \(t\) going to index \(s - k + (t \bmod k)\).

    Args:
        max_tokens, num_oov_indices, vocabulary, idf_weights, invert, output_mode: as
            `StringLookup`'s.
        mask_token: an integer meaning padding (default None: none).
        oov_token: what an inverted lookup gives for an OOV index (default -1).
        vocabulary_dtype: ``"int64"`` (default) or ``"int32"``.
        pad_to_max_tokens, sparse, vocabulary_size: as `StringLookup`'s.
        oov_method: how more than one OOV index is chosen: ``"floormod"`` (default: ``token mod
            num_oov_indices``) or ``"farmhash"`` (FarmHash64 of its decimal text), as Keras's.
        salt: a key (an integer, or a pair) for ``"farmhash"``: TensorFlow's keyed SipHash then
            spreads the OOV integers instead, as Keras's (default None).

    Shapes:
        integers of any shape ``S`` (ints, lists, numpy arrays, integer tensors) -> int64
        indices ``S``; encodings as `StringLookup`'s; inverted: int64 tokens ``S``.

    Example:
        >>> lookup = IntegerLookup(vocabulary=[12, 36, 1138, 42])
        >>> lookup(torch.tensor([[12, 1138, 42], [42, 1000, 36]]))
        tensor([[1, 3, 4],
                [4, 0, 2]])
    """

    integer_tokens = True

    def __init__(
        self,
        max_tokens: int | None = None,
        num_oov_indices: int = 1,
        mask_token: int | None = None,
        oov_token: int = -1,
        vocabulary: Any = None,
        vocabulary_dtype: str = "int64",
        idf_weights: Any = None,
        invert: bool = False,
        output_mode: str = "int",
        sparse: bool = False,
        pad_to_max_tokens: bool = False,
        oov_method: str = "floormod",
        salt: Any = None,
        vocabulary_size: int | None = None,
        **kwargs: Any,
    ) -> None:
        if vocabulary_dtype not in ("int64", "int32"):
            raise ValueError(
                "IntegerLookup's vocabulary_dtype must be 'int64' or 'int32'. "
                f"Received: vocabulary_dtype={vocabulary_dtype!r}"
            )
        for what, value in (("mask_token", mask_token), ("oov_token", oov_token)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer))):
                raise ValueError(
                    f"IntegerLookup's {what} must be an integer or None. Received: {what}={value!r}"
                )
        self.vocabulary_dtype = vocabulary_dtype
        super().__init__(
            max_tokens, num_oov_indices, mask_token, oov_token, vocabulary, idf_weights, invert,
            output_mode, pad_to_max_tokens, sparse, oov_method, salt, vocabulary_size,
            **kwargs,
        )  # fmt: skip

    def _tokens_of(self, data: Any) -> np.ndarray:
        return _indices(data, self.name)

    def _vocabulary_of_lines(self, lines: list[str]) -> list[Any]:
        return [int(line) for line in lines]

    def _oov_buckets(self, tokens: np.ndarray) -> np.ndarray:
        if self.oov_method == "farmhash":  # of the integer's decimal text, as tf.strings.as_string
            texts = [str(token) for token in tokens.tolist()]
            return hashed_buckets(texts, self.num_oov_indices, self._salt_key)
        return np.mod(tokens, self.num_oov_indices)

    def _inverted(self, tokens: list[Any], shape: tuple[int, ...]) -> torch.Tensor:
        return torch.tensor(tokens, dtype=torch.int64).reshape(shape)


VOCABULARY_FILE = "vocabulary.txt"  # Keras 3's name for a lookup's vocabulary among its assets


def write_vocabulary(folder: str, tokens: list[Any]) -> None:
    """``tokens`` to ``folder/vocabulary.txt`` as Keras 3 writes them: one a line, joined by
    newlines (no newline after the last)."""
    with open(os.path.join(folder, VOCABULARY_FILE), "w", encoding="utf-8") as file:
        file.write("\n".join(str(token) for token in tokens))


def hashed_buckets(texts: list[str], buckets: int, key: tuple[int, int] | None) -> np.ndarray:
    """The bucket of each text among ``buckets``, as TensorFlow hashes it: FarmHash64, or
    SipHash under ``key`` (Keras's salt)."""
    if key is None:
        return np.array([farmhash.bucket(text, buckets) for text in texts], np.int64)
    return np.array([siphash.bucket(text, buckets, key) for text in texts], np.int64)


def _indices(data: Any, layer: str) -> np.ndarray:
    """Integer tokens or indices as an int64 array (floats that are whole numbers accepted).

    Raises:
        TypeError: strings, or numbers that are not whole.
    """
    array = data.detach().cpu().numpy() if isinstance(data, torch.Tensor) else np.asarray(data)
    if array.dtype.kind in "iub":
        return array.astype(np.int64)
    if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.floor(array)):
        return array.astype(np.int64)
    raise TypeError(
        f"Layer '{layer}' takes integers here; received an array of dtype {array.dtype}"
        + (f" ({array.ravel()[:3].tolist()}...)" if array.size else "")
    )
