"""`check_layer`: the behaviour that Keras's ``run_layer_test`` checks, asserted directly;
`assert_all_close`: Keras's ``assertAllClose``.

Keras's harness (``keras/src/testing/test_case.py``) also counts seed generators and
non-trainable variables (its random-number state), runs a mixed-precision pass and compares
``dir()`` of a revived layer; those are Keras internals with no counterpart here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch


def assert_all_close(actual: Any, desired: Any, atol: float = 1e-6, rtol: float = 1e-6) -> None:
    """Keras's ``assertAllClose``, with its default tolerances."""
    np.testing.assert_allclose(_numpy(actual), _numpy(desired), atol=atol, rtol=rtol)


def _numpy(x: Any) -> np.ndarray:
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def check_layer(
    layer_cls: type,
    init_kwargs: dict[str, Any],
    input_shape: tuple[int, ...],
    *,
    expected_output_shape: Any,
    expected_num_trainable_weights: int,
    expected_num_non_trainable_weights: int,
    supports_masking: bool,
    call_kwargs: dict[str, Any] | None = None,
    expected_num_losses: int | None = None,
) -> None:
    """Build ``layer_cls(**init_kwargs)``, call it on random inputs of ``input_shape`` and check
    what ``run_layer_test`` checks: the config round trip, ``supports_masking``, the output
    shapes, the weight counts, the losses the call adds, and that a training step reaches
    every trainable weight."""
    layer = layer_cls(**init_kwargs)
    config = layer.get_config()
    assert layer_cls.from_config(config).get_config() == config
    assert layer.supports_masking == supports_masking

    x = torch.from_numpy(np.random.default_rng(0).uniform(size=input_shape).astype("float32"))
    output = layer(x, **(call_kwargs or {}))
    assert layer.built
    _check_shapes(output, expected_output_shape)
    # Counted as Keras counts them: weights in Keras's layout (``layer.trainable_weights`` lists
    # the Parameters behind them, and a GRU keeps its one Keras bias as two).
    weights = [weight for _, weight in layer.named_weights()]
    assert sum(weight.trainable for weight in weights) == expected_num_trainable_weights
    assert sum(not weight.trainable for weight in weights) == expected_num_non_trainable_weights
    if expected_num_losses is not None:
        assert len(layer.losses) == expected_num_losses

    # Keras's training check fits one step on the loss sum(outputs); a layer without trainable
    # weights has nothing to check there.
    trainable = layer.trainable_weights
    if trainable:
        sum(o.sum() for o in _flatten(output)).backward()
        assert all(p.grad is not None for p in trainable)


def _flatten(output: Any) -> list[torch.Tensor]:
    return [output] if isinstance(output, torch.Tensor) else [t for o in output for t in _flatten(o)]


def _check_shapes(output: Any, expected: Any) -> None:
    """Keras's rule: same rank, and equal sizes wherever the expected size is not None."""
    if isinstance(output, torch.Tensor):
        assert _shape_matches(tuple(output.shape), expected), (tuple(output.shape), expected)
        return
    assert len(output) == len(expected)
    for out, shape in zip(output, expected):
        _check_shapes(out, shape)


def _shape_matches(shape: tuple[int, ...], expected: Sequence[int | None]) -> bool:
    return len(shape) == len(expected) and all(e is None or e == s for e, s in zip(expected, shape))
