"""tf-keras's ``tf.keras.optimizers.legacy`` (TensorFlow 2.11 to 2.15 programs, and Keras 2's
optimizers before them): the legacy classes whose update rules are Keras 3's, as statefulrnn's
own classes, with Keras 2's ``lr`` and ``decay`` (see `statefulrnn.optimizers`), legacy
``RMSprop``, whose step without momentum adds epsilon outside the square root (`legacy_rmsprop`),
legacy ``Adam``, rounded as TensorFlow's kernel rounds it (`legacy_adam`), legacy
``Adagrad``, with epsilon outside the square root (`legacy_adagrad`), and legacy ``Nadam``,
whose momentum schedule runs at ``0.96 ** (0.004 t)`` (`legacy_nadam`).
tests/fixtures/legacy_decay holds tf-keras 2.21's legacy ``SGD`` (with momentum and Nesterov),
``Adam`` (and AMSGrad), ``Adamax``, ``Adadelta`` and ``Adagrad`` with ``decay``, and ``Nadam``,
step by step, and tests/fixtures/legacy_rmsprop its ``RMSprop``; statefulrnn's agree within
1e-5.

Example:
    >>> from statefulrnn.optimizers import legacy
    >>> optimizer = legacy.Adam(learning_rate=0.01, decay=1e-4)
    >>> type(optimizer).__name__, optimizer.get_config()["decay"]
    ('Adam', 0.0001)
"""

from .adadelta import Adadelta
from .adamax import Adamax
from .legacy_adagrad import Adagrad
from .legacy_adam import Adam
from .legacy_nadam import Nadam
from .legacy_rmsprop import RMSprop
from .sgd import SGD

__all__ = ["SGD", "Adadelta", "Adagrad", "Adam", "Adamax", "Nadam", "RMSprop"]
