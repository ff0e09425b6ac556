"""`clone_model`: Keras's ``keras.models.clone_model``, a new model of the same architecture."""

from __future__ import annotations

from typing import Any

from .. import saving
from ..io.config import program_classes
from .base import BaseModel


def clone_model(
    model: BaseModel, input_tensors: Any = None, clone_function: Any = None, **kwargs: Any
) -> BaseModel:
    """A new model with ``model``'s layers and settings and new weights, drawn by the layers'
    initializers (Keras's ``clone_model``; copy the weights with ``set_weights`` if wanted).
    Stateful layers start from zero states; the clone is not compiled. Layers of the program's
    own classes are cloned by their ``get_config`` and ``from_config``, as Keras clones them.

    Raises:
        TypeError: ``input_tensors``, ``clone_function`` or other Keras options: not taken
            (rebuild the model in code to change its layers).

    Example:
        >>> from statefulrnn import GRU, Sequential
        >>> model = Sequential([GRU(3, stateful=True, batch_input_shape=(2, None, 1), name="g")])
        >>> clone, layer = clone_model(model), model.get_layer("g")
        >>> clone.get_layer("g").units, clone.get_layer("g").cell.weight_ih is layer.cell.weight_ih
        (3, False)
    """
    given = {"input_tensors": input_tensors, "clone_function": clone_function, **kwargs}
    taken = {key: value for key, value in given.items() if value is not None}
    if taken:
        raise TypeError(
            f"clone_model takes the model only; {', '.join(sorted(taken))} cannot be given (rebuild the "
            f"model in code to change its layers)."
        )
    if not isinstance(model, BaseModel):
        raise TypeError(
            f"clone_model takes a statefulrnn Sequential or Model. Received: {type(model).__name__}"
        )
    with saving.custom_object_scope(program_classes(model)):
        return type(model).from_config(model.get_config())
