"""Models: `Sequential` stacks and functional `Model(inputs, outputs)` graphs."""

from .base import BaseModel
from .functional import Model
from .sequential import Sequential

__all__ = ["BaseModel", "Model", "Sequential"]
