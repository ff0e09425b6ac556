"""Keras's gradient clipping (``tf.clip_by_norm`` and ``tf.clip_by_global_norm``)."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from .._joint_weights import any_joined, partners


def _clip_by_norm(grad: torch.Tensor, clipnorm: float, norm: torch.Tensor | None = None) -> torch.Tensor:
    """tf.clip_by_norm of ``grad``, by its own norm or by ``norm`` (a variable's it is part of)."""
    norm = grad.square().sum().sqrt() if norm is None else norm
    return (grad * clipnorm) / norm.clamp_min(clipnorm)


def clip_each_by_norm(
    params: Sequence[torch.Tensor], grads: list[torch.Tensor], clipnorm: float
) -> list[torch.Tensor]:
    """Keras's ``clipnorm``: each variable's gradient clipped by its own norm, where parameters
    that hold one Keras variable together (a GRU's ``bias_ih`` and ``bias_hh``, Keras's one
    ``(2, 3u)`` bias: `statefulrnn._joint_weights`) share their joint norm."""
    if not any_joined():
        return [_clip_by_norm(g, clipnorm) for g in grads]
    squares = {id(p): g.square().sum() for p, g in zip(params, grads)}
    clipped = []
    for p, g in zip(params, grads):
        joint = partners(p) or (p,)  # the parameters holding p's Keras variable
        norm = sum(squares[id(q)] for q in joint if id(q) in squares).sqrt()
        clipped.append(_clip_by_norm(g, clipnorm, norm))
    return clipped


def _clip_by_global_norm(grads: list[torch.Tensor], clipnorm: float) -> list[torch.Tensor]:
    device = grads[0].device
    dtype = torch.float64 if any(g.dtype == torch.float64 for g in grads) else torch.float32
    norm = torch.stack([g.square().sum().to(device=device, dtype=dtype) for g in grads]).sum().sqrt()
    clip = norm.new_tensor(clipnorm)
    scale = clip * torch.minimum(1.0 / norm, 1.0 / clip)
    scale = scale + (norm - norm)  # as TensorFlow: a NaN or inf norm makes every gradient NaN
    return [g * scale.to(device=g.device, dtype=g.dtype) for g in grads]
