"""Keras's ``Lambda``: a function of the input, as a layer."""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from typing import Any

import torch

from . import _config, lambda_code
from .base import Layer

_PROBE_SIZES = (2, 3)  # sizes given to the unknown axes when the output shape is found by a call


class Lambda(Layer):
    r"""Keras's ``Lambda``: \(y = f(x)\), any function of the input(s) as a layer, such as
    ``Lambda(lambda x: x * 100.0)`` or ``Lambda(lambda x: x[:, -1])``.

    The function gets PyTorch tensors (a list of them for several inputs) and computes with
    PyTorch: a Keras program's ``Lambda`` of plain arithmetic and indexing runs unchanged; one
    that calls TensorFlow (``tf.expand_dims``) needs the torch spelling (``x.unsqueeze(-1)``).

    Args:
        function: ``f(inputs, **arguments)``; it also gets ``mask=`` and ``training=`` when it
            names them, as in Keras.
        output_shape: the output's shape without the batch axis (or a list of them), or a
            function of the input shape giving the output shape with it; default: found by
            calling ``function`` on tensors without data (torch's meta device), giving the
            axes whose size follows an unknown input size as None.
        mask: the outputs' mask: None (no mask), a tensor, or a function ``(inputs, mask) ->
            mask``; given one, the layer takes masks, as Keras's.
        arguments: keyword arguments for ``function``.

    Shapes:
        whatever ``function`` makes of its inputs.

    Its config (``get_config``) writes the functions as Keras 3 writes them: a ``lambda`` as
    its bytecode, a named function by its name. Reading one back (``from_config``, a model file)
    never runs that code: the function is found among the program's own, those it gave to its
    Lambda layers (see `statefulrnn.layers.lambda_code`), so a model saved with Lambda layers
    loads again in the program that made it.

    Raises:
        TypeError: ``function`` is not callable.
        NotImplementedError: the output shape cannot be found by a call (give ``output_shape``).

    Example:
        >>> from statefulrnn import Input, Model
        >>> inputs = Input((4, 3))
        >>> last = Lambda(lambda x: x[:, -1] * 10.0)(inputs)
        >>> last.shape
        (None, 3)
        >>> Model(inputs, last)(torch.ones(2, 4, 3)).tolist()
        [[10.0, 10.0, 10.0], [10.0, 10.0, 10.0]]
    """

    def __init__(
        self,
        function: Callable[..., Any],
        output_shape: Any = None,
        mask: Any = None,
        arguments: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(
                f"Lambda needs a callable function. Received: {type(function).__name__} "
                f"{str(function)[:80]!r}"
            )
        for given in (function, output_shape, mask):
            lambda_code.note(given)
        self.function, self.arguments, self.mask = function, dict(arguments or {}), mask
        self._given_output_shape = output_shape
        self.supports_masking = self.may_start_masks = mask is not None  # see Layer.__call__
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):  # a builtin without a signature: it takes neither
            parameters = {}
        self._takes = {name for name in ("mask", "training") if name in parameters}

    def get_config(self) -> dict[str, Any]:
        """The layer's arguments, each function as Keras 3 writes it (`lambda_code.function_entry`)."""
        config = super().get_config()
        for argument in lambda_code.FUNCTION_ARGUMENTS:
            if callable(config.get(argument)):
                config[argument] = lambda_code.function_entry(config[argument])
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Lambda:
        """The layer of a config (``get_config``'s, Keras 3's or tf-keras's), each function found
        among the program's own (`lambda_code.resolved_config`), never run from the config."""
        if isinstance(config, dict):  # anything else is refused by _config.from_config, named
            config = lambda_code.resolved_config(config, f"Lambda '{config.get('name')}'")
        return _config.from_config(cls, config)

    def forward(self, inputs: Any, mask: Any = None, training: Any = None) -> Any:
        extra = {"mask": mask, "training": training}
        return self.function(inputs, **self.arguments, **{name: extra[name] for name in self._takes})

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return self.mask(inputs, mask) if callable(self.mask) else self.mask

    def compute_output_shape(self, input_shape: Any) -> Any:
        given = self._given_output_shape
        if callable(given):
            return given(input_shape)
        if given is not None:
            batch = (input_shape[0] if isinstance(input_shape, list) else input_shape)[0]
            if all(size is None or isinstance(size, int) for size in given):  # one shape (a list, from JSON)
                return (batch, *given)
            return [(batch, *shape) for shape in given]
        return self._probed_output_shape(input_shape)

    def _probed_output_shape(self, input_shape: Any) -> Any:
        try:
            return probed_output_shape(lambda size: self.forward(_probe(input_shape, size, self.torch_dtype)))
        except Exception as error:  # the user's function: anything may go wrong in it
            if _on_meta_device(error):
                # A function closing over a real tensor (a causal mask made with numpy) cannot
                # meet data-less inputs: small real ones then, where their size stays small.
                try:
                    return probed_output_shape(
                        lambda size: self.forward(_probe(input_shape, size, self.torch_dtype, device="cpu"))
                    )
                except Exception as second:
                    error = second
            raise NotImplementedError(
                f"Lambda '{self.name}': its output shape could not be found by calling the function on "
                f"inputs of shape {input_shape} ({type(error).__name__}: {error}). Give output_shape=."
            ) from None


def probed_output_shape(run: Callable[[int], Any]) -> Any:
    """The output shape(s) of ``run(size)``, a call on data-less inputs whose unknown axes have
    ``size``, made twice with two sizes: an output axis whose size differs between the two is
    unknown (None). Lambda's and Operation's shapes, whatever the function."""
    first, second = (_shapes(run(size)) for size in _PROBE_SIZES)
    if isinstance(first, list):
        return [_merged(a, b) for a, b in zip(first, second)]
    return _merged(first, second)


def _shapes(outputs: Any) -> Any:
    if isinstance(outputs, (list, tuple)):
        return [tuple(output.shape) for output in outputs]
    return tuple(outputs.shape)


def probe_tensor(
    shape: Sequence[int | None], size: int, dtype: torch.dtype, device: str = "meta"
) -> torch.Tensor:
    """A tensor on the meta device (shape only) of ``shape``, unknown sizes set to ``size``; or
    zeros on another ``device``, where at most `_REAL_PROBE_LIMIT` values.

    Raises:
        ValueError: real zeros asked of a larger shape.
    """
    sizes = [size if dim is None else dim for dim in shape]
    if device == "meta":
        return torch.empty(sizes, dtype=dtype, device="meta")
    if math.prod(sizes) > _REAL_PROBE_LIMIT:
        raise ValueError(f"a real probe of shape {tuple(sizes)} would be too large")
    return torch.zeros(sizes, dtype=dtype, device=device)


_REAL_PROBE_LIMIT = 2**20  # values of a real probe tensor (4 MiB of float32)


def _probe(shape: Any, size: int, dtype: torch.dtype, device: str = "meta") -> Any:
    """`probe_tensor` of ``shape``, or a list of them for a list of shapes."""
    if isinstance(shape, list):
        return [_probe(item, size, dtype, device) for item in shape]
    return probe_tensor(shape, size, dtype, device)


def _on_meta_device(error: Exception) -> bool:
    """Whether ``error`` is torch's refusal to mix a data-less (meta) tensor with a real one."""
    return isinstance(error, (RuntimeError, NotImplementedError)) and "meta" in str(error)


def _merged(first: tuple[int, ...], second: tuple[int, ...]) -> tuple[int | None, ...]:
    return tuple(a if a == b else None for a, b in zip(first, second))
