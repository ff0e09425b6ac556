"""tf-keras's legacy ``Adam`` (``tf.keras.optimizers.legacy.Adam``, Keras 2's): Keras 3's rule as
TensorFlow's ``ResourceApplyAdam`` kernel rounds it."""

from __future__ import annotations

from typing import Any

import torch

from .._compat import foreach
from .adam import Adam as _KerasAdam
from .adam import denominators, moments
from .base import _scalar_type


class Adam(_KerasAdam):
    """Keras 2's ``Adam``, as ``tf.keras.optimizers.legacy.Adam`` computes it.

    Same options and defaults as `statefulrnn.optimizers.Adam`. tf-keras's legacy class runs
    TensorFlow's ``ResourceApplyAdam`` kernel (``ResourceApplyAdamWithAmsgrad`` with ``amsgrad``,
    which divides by ``sqrt(max(v_hat, v))``), which forms the moments' coefficients from the
    betas in the variables' float type (``1 - 0.999`` is ``0.0009999871`` in float32, where
    Keras 3 and tf-keras's new class multiply by Python's ``0.001``) and divides the scaled
    moment last::

        m = m + (g - m) * (1 - beta_1);  v = v + (g**2 - v) * (1 - beta_2)   # float32 betas
        w = w - (m * alpha) / (sqrt(v) + epsilon)

    About 1e-5 relative a step from Keras 3's, which adds up past 1e-5 over tens of steps
    (textgenrnn trained with legacy Adam); tests/test_legacy_decay.py: equal to tf-keras 2.21's
    steps, to the last bit, with and without ``amsgrad``.

    Example (one step of gradient 1 at learning rate 0.1: tf-keras's legacy -0.099999681):
        >>> var = torch.nn.Parameter(torch.zeros(()))
        >>> opt = Adam([var], learning_rate=0.1)
        >>> var.backward(torch.tensor(1.0))
        >>> opt.step()
        >>> f"{var.item():.9f}"
        '-0.099999681'
    """

    def _update(
        self,
        params: list[torch.Tensor],
        grads: list[torch.Tensor],
        states: list[dict[str, Any]],
        group: dict[str, Any],
    ) -> None:
        real = _scalar_type(params[0])
        beta_1, beta_2 = real(group["beta_1"]), real(group["beta_2"])
        ms, vs = moments(params, states)
        # The kernel's own expressions: m + (g - m) * (1 - beta_1), v + (g^2 - v) * (1 - beta_2)
        foreach.lerp_(ms, grads, float(real(1) - beta_1))
        foreach.lerp_(vs, foreach.mul(grads, grads), float(real(1) - beta_2))
        steps = foreach.mul(ms, self._step_size(params, group))
        foreach.div_(steps, denominators(params, states, vs, group))
        foreach.sub_(params, steps)
