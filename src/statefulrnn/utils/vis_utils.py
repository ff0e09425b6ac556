"""Keras 2's ``keras.utils.vis_utils``: `plot_model`, the function of `statefulrnn.utils`
(drawn with matplotlib; Keras 2's ``model_to_dot`` builds a pydot graph and has no counterpart).

Example:
    >>> from statefulrnn import utils
    >>> from statefulrnn.utils import vis_utils
    >>> vis_utils.plot_model is utils.plot_model
    True
"""

from . import plot_model

__all__ = ["plot_model"]
