"""`TorchModuleWrapper`: Keras 3's wrapper of a ``torch.nn.Module`` as a layer (its parameters
then train with the model), which Keras programs on the torch backend use."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from .base import Layer


class TorchModuleWrapper(Layer):
    r"""A ``torch.nn.Module`` as a Keras layer, Keras 3's ``TorchModuleWrapper``: calling the
    layer calls the module, \(y = \text{module}(x)\), and its parameters are the layer's
    weights (trained by ``fit``, in ``get_weights``, saved in statefulrnn's own files). Our
    layers are modules already; the wrapper is for programs written for Keras's torch backend,
    which wrap them.

    Args:
        module: the ``torch.nn.Module``.
        output_shape: what ``compute_output_shape`` answers (default None: the shape is
            found by calling the module on torch's meta device, as for any layer of a program).

    Shapes:
        the module's.

    Raises:
        TypeError: ``module`` is not a ``torch.nn.Module``.

    A Keras file cannot hold the module (Keras pickles it into the config; loading never
    unpickles here), so saving one to a Keras file is refused; statefulrnn's own files keep
    its weights for the model rebuilt in code.

    Example:
        >>> layer = TorchModuleWrapper(torch.nn.Linear(3, 2))
        >>> layer(torch.ones(4, 3)).shape, [w.shape for w in layer.get_weights()]
        (torch.Size([4, 2]), [(2, 3), (2,)])
    """

    def __init__(self, module: nn.Module, output_shape: Any = None, **kwargs: Any) -> None:
        if not isinstance(module, nn.Module):
            raise TypeError(
                "TorchModuleWrapper takes a torch.nn.Module. "
                f"Received: module of type {type(module).__name__}"
            )
        super().__init__(**kwargs)
        self.module = module
        # not `output_shape`, which `build` sets to what compute_output_shape answers
        self._given_output_shape = output_shape

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        if not self.built and args and isinstance(args[0], torch.Tensor):  # a first direct call
            self.build((None, *args[0].shape[1:]))
        return self.module(*args, **kwargs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        if self._given_output_shape is not None:
            return self._given_output_shape
        from .shape_trace import traced_output_shape

        return traced_output_shape(self, input_shape)
