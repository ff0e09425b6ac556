"""`Hashing`: Keras's hashing of strings and integers into a fixed number of bins, with
TensorFlow's FarmHash64 (`statefulrnn.farmhash`) or, with a salt, its keyed SipHash
(`statefulrnn.siphash`), so each value lands in Keras's bin."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from .. import siphash
from .._text import strings
from .base import Layer
from .category_encoding import encode_categorical
from .index_lookup import hashed_buckets

_MODES = ("int", "one_hot", "multi_hot", "count")


class Hashing(Layer):
    r"""Strings or integers to bins, Keras's ``Hashing``: with \(h\) FarmHash64 (SipHash with a
    ``salt``) of the value's
    text (an integer's decimal digits, as ``tf.strings.as_string`` writes it; a float is
    truncated to an integer first) and \(B\) = ``num_bins``,

    \[
    i(x) = h(x) \bmod B, \qquad \text{or with a mask value } m:\;
    i(x) = \begin{cases} 0 & x = m \\ 1 + h(x) \bmod (B - 1) & \text{otherwise} \end{cases}
    \]

    then encoded as ``output_mode`` says over \(B\) columns (see `CategoryEncoding`).

    Args:
        num_bins: the number of bins \(B\), mask bin included.
        mask_value: a value that goes to bin 0 (default None: none).
        salt: a key (an integer, or a pair): TensorFlow's keyed SipHash then hashes, as Keras's
            (default None: FarmHash64).
        output_mode: ``"int"`` (default: int64, or int32 with ``dtype="int32"``), ``"one_hot"``,
            ``"multi_hot"`` or ``"count"``.
        sparse: Keras's TensorFlow-only sparse output; only False.

    Shapes:
        any ``S`` -> ``S`` (int); encodings as `CategoryEncoding`'s (``"one_hot"`` replaces a
        last axis of 1).

    Example:
        >>> Hashing(num_bins=3)([["A"], ["B"], ["C"], ["D"], ["E"]]).flatten().tolist()
        [1, 0, 1, 1, 2]
        >>> Hashing(num_bins=3, mask_value="")(["A", "", "C"]).tolist()
        [1, 0, 2]
    """

    supports_masking = False

    def __init__(
        self, num_bins: int, mask_value: Any = None, salt: Any = None, output_mode: str = "int",
        sparse: bool = False, **kwargs: Any,
    ) -> None:  # fmt: skip
        int_dtype = torch.int64
        if output_mode == "int" and kwargs.get("dtype") is not None:
            name = str(kwargs.pop("dtype")).removeprefix("torch.")
            if name not in ("int32", "int64"):
                raise ValueError(
                    "When `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or 'int64'. "
                    f"Received: dtype={name}"
                )
            int_dtype = getattr(torch, name)
        super().__init__(**kwargs)
        if num_bins is None or isinstance(num_bins, bool) or not isinstance(num_bins, int) or num_bins <= 0:
            raise ValueError(
                "The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                f"Received: num_bins={num_bins}."
            )
        if output_mode not in _MODES:
            raise ValueError(
                f"Invalid value for argument `output_mode`. Expected one of {_MODES}. "
                f"Received: output_mode={output_mode}"
            )
        self._salt_key = None if salt is None else siphash.salt_key(salt)
        if sparse:
            raise ValueError(
                "Hashing(sparse=True) gives TensorFlow's sparse tensors, which only Keras's TensorFlow "
                "backend has; leave sparse=False."
            )
        self.num_bins, self.mask_value, self.salt = num_bins, mask_value, salt
        self.output_mode, self.sparse, self._int_dtype = output_mode, sparse, int_dtype
        self.built = True

    def forward(self, inputs: Any) -> torch.Tensor:
        values = self._values(inputs)
        if self.output_mode == "one_hot" and values.ndim and values.shape[-1] == 1:
            values = values[..., 0]
        bins = self.num_bins
        masked = None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            masked = values == (self.mask_value if values.dtype == object else np.int64(self.mask_value))
        flat = values.ravel().tolist()
        texts = flat if values.dtype == object else [str(value) for value in flat]
        hashed = hashed_buckets(texts, bins, self._salt_key).reshape(values.shape)
        if masked is not None:
            hashed = np.where(masked, 0, hashed + 1)
        indices = torch.from_numpy(hashed)
        if self.output_mode == "int":
            return indices.to(self._int_dtype)
        return encode_categorical(indices, self.output_mode, self.num_bins, dtype=self.torch_dtype)

    def _values(self, inputs: Any) -> np.ndarray:
        """Strings as an object array; numbers as int64 (floats truncated, as Keras casts them)."""
        if isinstance(inputs, torch.Tensor):
            return inputs.detach().cpu().numpy().astype(np.int64)
        array = np.asarray(inputs)
        if array.dtype.kind in "iufb":
            return array.astype(np.int64)
        return strings(inputs, "utf-8", self.name)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = tuple(input_shape)
        if self.output_mode == "int":
            return shape
        if not shape:
            return (self.num_bins,)
        return (*shape[:-1], self.num_bins)
