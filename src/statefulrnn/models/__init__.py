"""Models: `Sequential` stacks and functional `Model(inputs, outputs)` graphs."""

# keras.models.load_model's place; the files are statefulrnn's own (see io.checkpoint).
from ..io.checkpoint import load_model
from ..io.keras_load import model_from_json
from .base import BaseModel
from .cloning import clone_model
from .functional import Model
from .sequential import Sequential

__all__ = ["BaseModel", "Model", "Sequential", "clone_model", "load_model", "model_from_json"]
