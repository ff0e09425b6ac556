"""Keras's ``keras.preprocessing.image`` helpers (`statefulrnn.data.images`; ``img_to_array``,
``array_to_img``, ``load_img`` and ``save_img`` are in `statefulrnn.utils` too, as in Keras).

Example:
    >>> from statefulrnn.preprocessing.image import img_to_array
    >>> img_to_array([[0, 255]]).tolist()
    [[[0.0], [255.0]]]
"""

from ..data.images import array_to_img, img_to_array, load_img, save_img, smart_resize

__all__ = ["array_to_img", "img_to_array", "load_img", "save_img", "smart_resize"]
