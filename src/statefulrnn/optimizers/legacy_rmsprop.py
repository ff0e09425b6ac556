"""tf-keras's legacy ``RMSprop`` (``tf.keras.optimizers.legacy.RMSprop``, Keras 2's): Keras 3's
rule but where momentum is 0, where epsilon is added outside the square root."""

from __future__ import annotations

from typing import Any

import torch

from .._compat import foreach
from .rmsprop import RMSprop as _KerasRMSprop
from .rmsprop import rms_roots


class RMSprop(_KerasRMSprop):
    """Keras 2's ``RMSprop``, as ``tf.keras.optimizers.legacy.RMSprop`` computes it.

    Same options and defaults as `statefulrnn.optimizers.RMSprop` (``learning_rate=0.001,
    rho=0.9, momentum=0.0, epsilon=1e-7, centered=False``, and Keras 2's ``lr``, ``decay``,
    ``epsilon=None``). With ``momentum > 0`` the update is Keras 3's (TensorFlow's
    ``ApplyRMSProp`` kernels put epsilon inside the root, as Keras 3 does). With ``momentum == 0``
    tf-keras's legacy class writes the step itself, with epsilon outside the root::

        v = rho * v + (1 - rho) * g**2                           # v starts at 0
        centered:  a = rho * a + (1 - rho) * g;  d = v - a**2
        otherwise: d = v
        w = w - lr * g / (sqrt(d) + epsilon)

    tests/test_legacy_rmsprop.py checks each case against tf-keras 2.21
    (tools/keras_fixtures/legacy_rmsprop.py).

    Example (the first step moves by lr * g / (|g| + epsilon)):
        >>> var = torch.nn.Parameter(torch.tensor(10.0))
        >>> opt = RMSprop([var], learning_rate=0.1, epsilon=1.0)
        >>> (var**2 / 2).backward()   # d(loss)/d(var) = var
        >>> opt.step()
        >>> round(var.item(), 6)   # 10 - 0.1 * 10 / (sqrt(0.1 * 100) + 1)
        9.759747
    """

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        if group["momentum"] > 0:
            super()._update(params, grads, states, group)
            return
        roots = rms_roots(params, grads, states, group, epsilon_inside=False)  # the legacy class's own step
        foreach.addcdiv_(params, grads, roots, value=-group["lr"])
