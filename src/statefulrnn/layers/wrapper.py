"""`Wrapper`: the base of layers that wrap another layer, Keras's ``keras.layers.Wrapper``."""

from __future__ import annotations

from typing import Any

from torch import nn

from . import _config
from .base import Layer


class Wrapper(Layer):
    """A layer that holds another layer, ``self.layer``, and adds to what it does: Keras's
    ``keras.layers.Wrapper`` (Keras 3 and tf-keras 2), the base of `TimeDistributed` and
    `Bidirectional`, and of a program's own wrappers.

    Like Keras's, it is a base, not a layer to use alone: a subclass writes ``call`` (or
    ``forward``). What the base gives:

    - ``self.layer``, the wrapped layer, whose weights are this layer's (after its own);
    - ``build(input_shape)`` builds ``self.layer`` for ``input_shape`` unless it is built, also
      when a subclass's own ``build`` ends with ``super().build(input_shape)``;
    - ``get_config()`` holds ``"layer"``, the wrapped layer's serialized config, and
      ``from_config`` rebuilds that layer and hands it to the constructor first, as Keras's.

    As in tf-keras, a subclass may set ``self.layer`` (or anything else) before calling
    ``super().__init__(layer, **kwargs)``.

    Args:
        layer: the layer to wrap: a Keras-style layer, or any ``torch.nn.Module`` (statefulrnn
            takes plain torch modules too, as `TimeDistributed` does).
        **kwargs: `Layer`'s arguments (``name``, ``input_shape``, ``trainable``, ...).

    Raises:
        ValueError: ``layer`` is not a layer (Keras's error).

    Shapes:
        whatever the subclass computes; ``build`` hands ``self.layer`` the wrapper's input
        shape ``(N, ...)``.

    Example:
        >>> import torch
        >>> from statefulrnn.layers import Dense, Wrapper
        >>> class Doubled(Wrapper):
        ...     def call(self, x):
        ...         return 2 * self.layer(x)
        >>> layer = Doubled(Dense(3, kernel_initializer="ones", name="dense"), name="doubled")
        >>> layer(torch.ones(2, 4))
        tensor([[8., 8., 8.],
                [8., 8., 8.]], grad_fn=<MulBackward0>)
        >>> [w.path for w in layer.weights]
        ['doubled/dense/kernel', 'doubled/dense/bias']
        >>> config = layer.get_config()
        >>> config["layer"]["class_name"], config["layer"]["config"]["units"]
        ('Dense', 3)
        >>> Doubled.from_config(config).layer.units
        3
    """

    # Whether ``self.layer`` is a sublayer whose weights this layer holds. `Bidirectional`'s
    # ``layer`` is only the template of its two halves, as in tf-keras, which tracks it not.
    _holds_layer = True

    def __init__(self, layer: nn.Module, **kwargs: Any) -> None:
        if not isinstance(layer, nn.Module):
            raise ValueError(
                f"Layer {layer!r} supplied to Wrapper isn't a supported layer type. Please ensure "
                f"wrapped layer is a valid Keras layer (or a torch.nn.Module)."
            )
        super().__init__(**kwargs)
        if self._holds_layer:
            self.layer = layer
        else:
            self._modules.pop("layer", None)  # one a subclass set before super().__init__()
            object.__setattr__(self, "layer", layer)

    def build(self, input_shape: Any = None) -> None:
        """Build this layer for inputs of ``input_shape``: ``self.layer`` first, unless built."""
        if "_building" in self.__dict__:
            # A subclass's own build() (which the base runs as its _build) ending with
            # super().build(input_shape), as Keras's wrappers are written: the wrapped layer.
            self._build_wrapped(input_shape)
            return
        Layer.build(self, input_shape)

    def _build(self, input_shape: Any) -> None:
        self._build_wrapped(input_shape)

    def _build_wrapped(self, input_shape: Any) -> None:
        build = getattr(self.layer, "build", None)  # a plain torch module has nothing to build
        if build is not None and not getattr(self.layer, "built", False):
            build(input_shape)

    def get_config(self) -> dict[str, Any]:
        """`Layer`'s config with ``"layer"``, the wrapped layer as Keras nests a layer
        (``{"module", "class_name", "config", "registered_name"}``)."""
        return {**super().get_config(), "layer": _config.to_config_value("layer", self.layer)}

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: dict[str, Any] | None = None) -> Layer:
        """A new wrapper from `get_config`'s dict: the wrapped layer rebuilt from ``"layer"``
        (a class of the program's own found in ``custom_objects`` too) and given first, the
        rest as keywords, as Keras's ``cls(layer, **config)``."""
        from .serialization import deserialize

        config = dict(config)  # the caller's dict stays as it was
        layer = config.pop("layer")
        if isinstance(layer, dict):
            # A class this process defines (statefulrnn's, or the program's by module and name)
            # is made by its own from_config; else custom_objects and the registry name it.
            found = _config.layer_class(layer)
            if found is not None and not custom_objects:
                layer = found.from_config(layer["config"])
            else:
                layer = deserialize(layer, custom_objects=custom_objects)
        return _config.from_config(cls, config, layer)


__all__ = ["Wrapper"]
