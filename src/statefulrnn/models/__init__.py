"""Models: `Sequential` stacks and functional `Model(inputs, outputs)` graphs."""

# keras.models.load_model's place; the files are statefulrnn's own (see io.checkpoint).
from ..io.checkpoint import load_model
from .base import BaseModel
from .functional import Model
from .sequential import Sequential

__all__ = ["BaseModel", "Model", "Sequential", "load_model"]
