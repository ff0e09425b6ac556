"""`KerasParameter`: a layer's torch Parameter with a Keras 3 variable's face (``value``,
``numpy()``, ``assign``, ``assign_add``, ``assign_sub``; tf-keras's ``get_shape()``), so that
code written for Keras's torch backend runs as it is: ``[v.value.grad for v in
model.trainable_weights]`` in a custom ``train_step``, ``model.trainable_weights[0].numpy()``,
``v.assign(...)``.

Keras's variable lists hand the weights out as such: ``trainable_weights``, ``trainable_variables``,
``non_trainable_*`` and ``variables`` turn each Parameter they list into a KerasParameter, in
place (`as_keras_variable`: the same object, its class changed), so it keeps its identity, its
gradient, its optimizer state and its place in the model; and so does a program's own read of a
weight by its attribute (``layer.kernel.assign(...)``: `statefulrnn.layers.Layer.__getattr__`),
while statefulrnn's and torch's own reads leave it as it is. Until then a weight is a plain
``nn.Parameter``, which torch's calls take on their fastest road: a subclass costs every call
that takes it torch's check for ``__torch_function__`` (measured: a one-frame `StreamPool.push`
of GRU(64) 0.7-0.9 us slower, a one-step layer call or ``predict`` 1-2 us, on the 2-core Xeon),
which serving and the built-in loops, which never read those lists, do not pay.

It is a Parameter in every other way: torch's optimizers, ``torch.compile``, ``state_dict``
(plain tensors), ``deepcopy`` and pickling (which keep the class) see nothing new. A layer of
the recurrent family keeps PyTorch's gate order in its Parameters; its Keras-layout weights are
`statefulrnn.layers.weight_view.WeightView` s (``layer.cell.kernel``, ``model.weights``).

Example:
    >>> from statefulrnn.layers import Dense
    >>> layer = Dense(2, input_shape=(3,), kernel_initializer="ones")
    >>> kernel, bias = layer.trainable_weights
    >>> kernel is layer.kernel, kernel.value is kernel, float(kernel.numpy().sum())
    (True, True, 6.0)
    >>> float(bias.assign([1.0, 2.0]).detach().sum())
    3.0
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from ..graph import StaticShape


class KerasParameter(nn.Parameter):
    """A layer's Parameter with Keras's variable methods, as `as_keras_variable` makes it; see
    the module notes."""

    @property
    def name(self) -> str | None:
        """Keras's ``variable.name``: the weight's own name (``"kernel"``, or what
        ``add_weight`` was given), known once a variable list has handed the weight out."""
        path = self.__dict__.get(_PATH)
        return None if path is None else path.rsplit("/", 1)[-1]

    @property
    def path(self) -> str | None:
        """Keras's ``variable.path``: the weight's path in the layer or model that listed it
        (``"dense/kernel"``)."""
        return self.__dict__.get(_PATH)

    @property
    def trainable(self) -> bool:
        """Keras's ``variable.trainable``: whether training changes it (its ``requires_grad``)."""
        return self.requires_grad

    @property
    def value(self) -> KerasParameter:
        """The Parameter itself, as Keras's torch backend's ``variable.value`` (so ``.grad``
        reads its gradient)."""
        return self

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The weight's value now, a numpy array of its own (Keras's ``variable.numpy()``;
        ``force`` is accepted as torch's and changes nothing: the value is always a copy)."""
        return self.detach().cpu().numpy().copy()

    def get_shape(self) -> StaticShape:
        """tf-keras's ``variable.get_shape()`` (a ``tf.Variable``'s): the shape as TensorFlow's
        ``TensorShape`` gives it (`statefulrnn.graph.StaticShape`: a tuple with ``as_list()``),
        so ``np.zeros(layer.kernel.get_shape())`` works as there."""
        return StaticShape(self.shape)

    def assign(self, value: Any) -> KerasParameter:
        """Set the weight to ``value`` (an array or a tensor of its shape), in place.

        Raises:
            ValueError: ``value`` of another shape (nothing changes).
        """
        tensor = torch.as_tensor(np.asarray(value) if not isinstance(value, torch.Tensor) else value)
        if tuple(tensor.shape) != tuple(self.shape):
            raise ValueError(
                f"assign needs a value of the weight's shape {tuple(self.shape)}. Received: shape "
                f"{tuple(tensor.shape)}"
            )
        with torch.no_grad():
            self.copy_(tensor)
        return self

    def assign_add(self, delta: Any) -> KerasParameter:
        """Add ``delta`` to the weight, in place (Keras's ``variable.assign_add``)."""
        return self.assign(self.detach() + torch.as_tensor(np.asarray(delta), dtype=self.dtype))

    def assign_sub(self, delta: Any) -> KerasParameter:
        """Subtract ``delta`` from the weight, in place (Keras's ``variable.assign_sub``)."""
        return self.assign(self.detach() - torch.as_tensor(np.asarray(delta), dtype=self.dtype))

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        # nn.Parameter's own reduce rebuilds a plain Parameter: keep the class through pickling.
        return _rebuild, (self.data, self.requires_grad)


def _rebuild(data: torch.Tensor, requires_grad: bool) -> KerasParameter:
    return KerasParameter(data, requires_grad)


class _VariableClass(type):
    """`Variable`'s type: calling it makes a `KerasParameter`; Keras's variables of every kind
    here (weights, their Keras-layout views, metrics' variables) are its instances."""

    def __call__(  # type: ignore[override] - a factory: Keras's signature, a Parameter made
        cls,
        initializer: Any,
        shape: Any = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        aggregation: str = "none",
        synchronization: str = "auto",
        name: str | None = None,
        **kwargs: Any,
    ) -> KerasParameter:
        return _new_variable(initializer, shape, dtype, trainable, name)

    def __instancecheck__(cls, value: Any) -> bool:
        return isinstance(value, _variable_classes())

    def __subclasscheck__(cls, subclass: type) -> bool:
        return issubclass(subclass, _variable_classes())


class Variable(metaclass=_VariableClass):
    """Keras 3's ``keras.Variable(initializer, shape=None, dtype=None, trainable=True, ...,
    name=None)``: a `KerasParameter` holding ``initializer`` (an array, a tensor or a number, in
    its own dtype, a Python float in floatx) or what the initializer (a name, an
    ``Initializer``, a callable of shape and dtype) makes for ``shape``. Set as a layer's
    attribute, it is one of the layer's weights (trained, saved), as in Keras. Keras's
    ``autocast``, ``aggregation`` and ``synchronization`` change nothing here.
    ``isinstance(w, keras.Variable)`` holds for every weight and metric variable.

    Raises:
        ValueError: an initializer without ``shape``, or a value of another ``shape``.

    Example:
        >>> import statefulrnn as keras
        >>> v = keras.Variable("ones", shape=(2,), name="scale", trainable=False)
        >>> v.numpy().tolist(), v.name, v.requires_grad, isinstance(v, keras.Variable)
        ([1.0, 1.0], 'scale', False, True)
    """


def _new_variable(
    initializer: Any, shape: Any, dtype: Any, trainable: bool, name: str | None
) -> KerasParameter:
    from ..backend import floatx
    from ..ops.core import standardize_dtype
    from .base import initial_value, unique_name

    wanted = None if dtype is None else standardize_dtype(dtype)
    if isinstance(initializer, str) or (callable(initializer) and not isinstance(initializer, torch.Tensor)):
        if shape is None:
            raise ValueError(
                "When creating a Variable from an initializer, the `shape` argument should be specified. "
                f"Received: initializer={initializer!r} and shape=None"
            )
        value = initial_value(initializer, tuple(shape), wanted or standardize_dtype(floatx()))
    else:
        value = initializer.detach().clone() if isinstance(initializer, torch.Tensor) else None
        if value is None:
            given = np.asarray(initializer)
            value = torch.as_tensor(
                given.astype(floatx()) if isinstance(initializer, float) else given.copy()
            )
        value = value if wanted is None else value.to(wanted)
        if shape is not None and tuple(value.shape) != tuple(shape):
            raise ValueError(
                f"Initial value has shape {tuple(value.shape)}, but the variable's shape is {tuple(shape)}."
            )
    variable = KerasParameter(value, requires_grad=bool(trainable) and value.is_floating_point())
    variable.__dict__[_PATH] = name or unique_name("variable")
    return variable


def _variable_classes() -> tuple[type, ...]:
    from ..metric_base import Variable as MetricVariable
    from .weight_view import WeightView

    return KerasParameter, WeightView, MetricVariable


def as_keras_variable(tensor: torch.Tensor, path: str | None = None) -> torch.Tensor:
    """``tensor`` itself, a plain ``nn.Parameter`` made a `KerasParameter` in place (its class
    changed: the layout is the same, so nothing else about it changes), which knows its
    ``path`` (its ``name`` is the path's last part) where given; a buffer (a
    `BatchNormalization`'s moving statistics) as it is, marked ``trainable = False`` (Keras's
    non-trainable variable; its class stays torch's, which torch's calls take fastest)."""
    if type(tensor) is nn.Parameter:
        tensor.__class__ = KerasParameter
    elif type(tensor) is torch.Tensor:
        tensor.__dict__["trainable"] = False
    if path is not None and type(tensor) is KerasParameter:
        tensor.__dict__[_PATH] = path
    return tensor


_PATH = "_keras_path"  # a KerasParameter's Keras path, in its __dict__ (kept by copies and pickles)


__all__ = ["KerasParameter", "Variable", "as_keras_variable"]
