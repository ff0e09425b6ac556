"""tf-keras's legacy ``Adagrad`` (``tf.keras.optimizers.legacy.Adagrad``, Keras 2's): epsilon
outside the square root, as TensorFlow's ``ResourceApplyAdagradV2`` kernel adds it."""

from __future__ import annotations

import torch

from .adagrad import Adagrad as _KerasAdagrad


class Adagrad(_KerasAdagrad):
    """Keras 2's ``Adagrad``, as ``tf.keras.optimizers.legacy.Adagrad`` computes it: same
    options and defaults as `statefulrnn.optimizers.Adagrad` (Keras 2's ``decay`` too)::

        a = a + g**2                                   # a starts at initial_accumulator_value
        w = w - lr * g / (sqrt(a) + epsilon)

    (Keras 3's adds epsilon inside the square root: the two part where the sums are tiny.)
    Checked against tf-keras 2.21 step by step (tests/test_legacy_decay.py).

    Example:
        >>> var = torch.nn.Parameter(torch.tensor(1.0))
        >>> opt = Adagrad([var], learning_rate=0.1, initial_accumulator_value=0.0, epsilon=0.1)
        >>> var.grad = torch.tensor(0.3)
        >>> opt.step()
        >>> round(var.item(), 6)  # 1 - 0.1 * 0.3 / (sqrt(0.09) + 0.1)
        0.925
    """

    def _denominator(self, accumulator: torch.Tensor, epsilon: float) -> torch.Tensor:
        return torch.sqrt(accumulator) + epsilon
