"""Keras's gradient clipping (``tf.clip_by_norm`` and ``tf.clip_by_global_norm``)."""

from __future__ import annotations

import torch


def _clip_by_norm(grad: torch.Tensor, clipnorm: float) -> torch.Tensor:
    norm = grad.square().sum().sqrt()
    return (grad * clipnorm) / norm.clamp_min(clipnorm)


def _clip_by_global_norm(grads: list[torch.Tensor], clipnorm: float) -> list[torch.Tensor]:
    device = grads[0].device
    dtype = torch.float64 if any(g.dtype == torch.float64 for g in grads) else torch.float32
    norm = torch.stack([g.square().sum().to(device=device, dtype=dtype) for g in grads]).sum().sqrt()
    clip = norm.new_tensor(clipnorm)
    scale = clip * torch.minimum(1.0 / norm, 1.0 / clip)
    scale = scale + (norm - norm)  # as TensorFlow: a NaN or inf norm makes every gradient NaN
    return [g * scale.to(device=g.device, dtype=g.dtype) for g in grads]
