"""`LayerNormalization` and `BatchNormalization` with Keras's arguments, defaults (epsilon
``1e-3``, not torch's ``1e-5``), weight order and numbers."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from numbers import Integral
from typing import Any

import torch

from .. import constraints, initializers, regularizers
from .._epsilon import epsilon
from .._keras_rules import tf_keras_rules
from .base import KerasWeight, Layer, format_shape, initial_value, keras_layout_weight


def _broadcast_shape(ndim: int, axes: Sequence[int], sizes: Sequence[int]) -> list[int]:
    """``[1, ..., size, ..., 1]``: the shape that lines per-feature weights up with the input."""
    shape = [1] * ndim
    for axis, size in zip(axes, sizes):
        shape[axis] = size
    return shape


def _moments(x: torch.Tensor, dims: Sequence[int], keepdim: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and biased variance over ``dims``, as ``tf.nn.moments`` (torch's ``var_mean``
    warns on an empty batch, which Keras takes)."""
    mean = x.mean(dim=dims, keepdim=True)
    variance = (x - mean).square().mean(dim=dims, keepdim=keepdim)
    return (mean if keepdim else mean.squeeze(tuple(dims))), variance


def _normalize(
    x: torch.Tensor,
    mean: torch.Tensor,
    variance: torch.Tensor,
    epsilon: float,
    gamma: torch.Tensor | None,
    beta: torch.Tensor | None,
) -> torch.Tensor:
    """``(x - mean) / sqrt(variance + epsilon) * gamma + beta`` as TensorFlow computes it (and
    so Keras): one multiply-add with the factors folded. All broadcast against ``x``."""
    inv = torch.rsqrt(variance + epsilon)
    if gamma is not None:
        inv = inv * gamma
    offset = -mean * inv
    if beta is not None:
        offset = offset + beta
    return x * inv + offset


def _add_affine(layer: Layer, shape: tuple[int, ...]) -> None:
    """``layer``'s gamma then beta, each of ``shape``, as its ``scale``/``center`` ask."""
    if layer.scale:
        layer.add_weight("gamma", shape, initializer=layer.gamma_initializer)
    if layer.center:
        layer.add_weight("beta", shape, initializer=layer.beta_initializer)


def _affine(layer: Layer, shape: Sequence[int]) -> tuple[torch.Tensor | None, torch.Tensor | None]:
    """``layer``'s gamma and beta reshaped to broadcast as ``shape``; None for one it has not."""
    gamma = layer.gamma.reshape(shape) if layer.scale else None
    return gamma, layer.beta.reshape(shape) if layer.center else None


def _check_axes(layer: Layer, axes: Sequence[int], input_shape: Sequence[int | None]) -> None:
    for axis in axes:
        if not -len(input_shape) <= axis < len(input_shape):
            raise ValueError(
                f"Axis {axis} is out of bounds for input shape {format_shape(input_shape)}. "
                f"Received: axis={layer.axis}"
            )
        if not isinstance(input_shape[axis], int):
            raise ValueError(
                f"{type(layer).__name__} '{layer.name}' normalises over axis {axis}, whose size "
                f"must be known. Received: input shape {format_shape(input_shape)}"
            )


def _set_affine(
    layer: Layer,
    center: bool,
    scale: bool,
    beta_initializer: Any,
    gamma_initializer: Any,
    beta_regularizer: Any,
    gamma_regularizer: Any,
    beta_constraint: Any,
    gamma_constraint: Any,
) -> None:
    """The ``center``/``scale`` settings both normalisation layers take (beta, then gamma)."""
    layer.center, layer.scale = bool(center), bool(scale)
    layer.beta_initializer = initializers.get(beta_initializer)
    layer.gamma_initializer = initializers.get(gamma_initializer)
    layer.beta_regularizer = regularizers.get(beta_regularizer)
    layer.gamma_regularizer = regularizers.get(gamma_regularizer)
    layer.beta_constraint = constraints.get(beta_constraint)
    layer.gamma_constraint = constraints.get(gamma_constraint)


class LayerNormalization(Layer):
    r"""Normalise each sample over ``axis`` (the features by default), Keras's
    ``LayerNormalization``.

    For each sample and each position outside ``axis``, over the \(K\) entries \(x_j\) that
    ``axis`` spans:

    \[
    \mu = \frac{1}{K} \sum_j x_j, \qquad
    \sigma^2 = \frac{1}{K} \sum_j (x_j - \mu)^2, \qquad
    y_j = \gamma_j \, \frac{x_j - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta_j
    \]

    (the biased variance, as Keras's). \(\gamma\) (``gamma``, ``scale``) and \(\beta\)
    (``beta``, ``center``) are learnt, one per entry of the normalised axes; without them
    \(\gamma = 1\), \(\beta = 0\). The statistics are the sample's own, in training and
    inference alike.

    Args:
        axis: the axis or list of axes to normalise over (default -1).
        epsilon: \(\epsilon\), added to the variance (default ``1e-3``, Keras's; torch's is
            ``1e-5``).
        center: learn the offset \(\beta\) (default True).
        scale: learn the factor \(\gamma\) (default True).
        beta_initializer, gamma_initializer: as in Keras (default ``"zeros"``, ``"ones"``).
        beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint: default None;
            see `statefulrnn.regularizers` and `statefulrnn.constraints`.
        rms_scaling: deprecated in Keras and kept for its programs (default False):
            \(y = \gamma \, x / \sqrt{\sigma^2 + \epsilon}\), no centring and no \(\beta\).

    Shapes:
        any ``(N, ...)`` -> the same. Weights: gamma then beta, each shaped like the
        normalised axes (``(F,)`` for the default). A mask passes through.

    Example:
        >>> layer = LayerNormalization(beta_initializer="ones")
        >>> layer(torch.arange(5.0)[None]).detach()
        tensor([[-0.4139,  0.2931,  1.0000,  1.7069,  2.4139]])
    """

    # Under a mixed policy: float32 inside, outputs in the compute dtype, as Keras's (autocast.py)
    _autocast_weights = False
    _autocast_inputs = False  # Keras's autocast is off: inputs as they come

    supports_masking = True

    def __init__(
        self,
        axis: int | Sequence[int] = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: str | initializers.Initializer = "zeros",
        gamma_initializer: str | initializers.Initializer = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        rms_scaling: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.axis = _axis_argument(axis)
        if rms_scaling:
            warnings.warn(
                "You passed `rms_scaling=True`, which is deprecated in Keras. This argument scales "
                "the input by the variance, not the root mean square.",
                stacklevel=3,
            )
        self.epsilon = float(epsilon)
        self.rms_scaling = bool(rms_scaling)
        _set_affine(self, center, scale, beta_initializer, gamma_initializer, beta_regularizer,
                    gamma_regularizer, beta_constraint, gamma_constraint)  # fmt: skip
        self._axes = _sorted_axes(self.axis)

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        self._weight_shape = _weight_shape(self, input_shape)
        if self.scale or self.rms_scaling:
            self.add_weight("gamma", self._weight_shape, initializer=self.gamma_initializer)
        if self.center and not self.rms_scaling:
            self.add_weight("beta", self._weight_shape, initializer=self.beta_initializer)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return input_shape

    def forward(self, inputs: Any) -> torch.Tensor:
        x = _built_input(self, inputs)
        shape = _broadcast_shape(x.ndim, self._axes, self._weight_shape)
        mean, variance = _moments(x, self._axes, keepdim=True)
        if self.rms_scaling:  # gamma always, no beta
            return x * torch.rsqrt(variance + self.epsilon) * self.gamma.reshape(shape)
        return _normalize(x, mean, variance, self.epsilon, *_affine(self, shape))


class GroupNormalization(Layer):
    r"""Normalise each sample over groups of the channels of ``axis``, Keras's
    ``GroupNormalization``: the ``C`` channels are cut into ``groups`` groups of ``C / groups``
    consecutive ones, and each group is normalised by its mean and biased variance over its
    channels and every other axis but the batch's (for a sequence ``(N, T, C)``, over the
    group's channels at every step: the statistics mix the steps, so a stream cannot be served
    with it), then scaled and shifted per channel:

    \[
    y = \gamma_c \, \frac{x - \mu_g}{\sqrt{\sigma_g^2 + \epsilon}} + \beta_c
    \]

    Args:
        groups: the number of groups (default 32), a divisor of the channels; ``-1``: one
            group per channel (instance normalisation).
        axis: the channels' axis (default -1).
        epsilon: \(\epsilon\) (default ``1e-3``, Keras's).
        center: learn the offset \(\beta\) (default True).
        scale: learn the factor \(\gamma\) (default True).
        beta_initializer, gamma_initializer: as in Keras (default ``"zeros"``, ``"ones"``).
        beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint: default None;
            see `statefulrnn.regularizers` and `statefulrnn.constraints`.

    Shapes:
        any ``(N, ..., C, ...)`` -> the same. Weights: gamma then beta, each ``(C,)``. A mask
        passes through (the padded steps enter the statistics, as in Keras).

    Raises:
        ValueError: ``groups`` not a positive int or -1; at build, more groups than channels
            or a number that does not divide them.

    Example:
        >>> layer = GroupNormalization(groups=2)
        >>> layer(torch.tensor([[0.0, 2.0, 5.0, 5.0]])).detach()  # groups (0, 2) and (5, 5)
        tensor([[-0.9995,  0.9995,  0.0000,  0.0000]])
    """

    # Under a mixed policy: float32 inside, outputs in the compute dtype, as Keras's (autocast.py)
    _autocast_weights = False
    _autocast_inputs = False  # Keras's autocast is off: inputs as they come

    supports_masking = True

    def __init__(
        self,
        groups: int = 32,
        axis: int = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: str | initializers.Initializer = "zeros",
        gamma_initializer: str | initializers.Initializer = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(groups, bool) or not isinstance(groups, Integral) or (groups <= 0 and groups != -1):
            raise ValueError(
                "Received an invalid value for argument `groups`, expected a positive integer (or -1 "
                f"for instance normalization). Received: groups={groups!r}"
            )
        super().__init__(**kwargs)
        axis = _axis_argument(axis)
        if isinstance(axis, list):
            raise TypeError(f"GroupNormalization's axis is one int (the channels'). Received: {axis!r}")
        self.groups, self.axis, self.epsilon = int(groups), axis, float(epsilon)
        self._axes = [axis]
        _set_affine(self, center, scale, beta_initializer, gamma_initializer, beta_regularizer,
                    gamma_regularizer, beta_constraint, gamma_constraint)  # fmt: skip

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        self._weight_shape = _weight_shape(self, input_shape)
        channels = self._weight_shape[0]
        groups = channels if self.groups == -1 else self.groups
        if channels < groups or channels % groups:
            raise ValueError(
                f"GroupNormalization '{self.name}': {groups} groups cannot split the {channels} channels "
                f"of axis {self.axis} evenly (input shape {format_shape(input_shape)})."
            )
        self._groups = groups
        _add_affine(self, self._weight_shape)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return input_shape

    def forward(self, inputs: Any) -> torch.Tensor:
        x = _built_input(self, inputs)
        axis, channels, groups = self.axis % x.ndim, self._weight_shape[0], self._groups
        grouped = x.reshape(*x.shape[:axis], groups, channels // groups, *x.shape[axis + 1 :])
        dims = [d for d in range(1, grouped.ndim) if d != axis]  # all but the batch and the group
        mean, variance = _moments(grouped, dims, keepdim=True)
        shape = _broadcast_shape(grouped.ndim, [axis, axis + 1], [groups, channels // groups])
        return _normalize(grouped, mean, variance, self.epsilon, *_affine(self, shape)).reshape(x.shape)


class RMSNormalization(Layer):
    r"""Scale each sample by its root mean square over ``axis`` (the features by default),
    Keras's ``RMSNormalization``: over the \(K\) entries \(x_j\) that ``axis`` spans,

    \[
    y_j = \gamma_j \, \frac{x_j}{\sqrt{\frac{1}{K} \sum_j x_j^2 + \epsilon}}
    \]

    with \(\gamma\) (``scale``) learnt, one per entry of the normalised axes. Keras multiplies
    by ``scale`` as laid out, which lines up with the input only when the axes are the last
    ones; here it lines up with the axes normalised, whichever they are (the same numbers where
    Keras's are right).

    Args:
        axis: the axis or list of axes to normalise over (default -1).
        epsilon: \(\epsilon\), added to the mean square (default ``1e-6``, Keras's).

    Shapes:
        any ``(N, ...)`` -> the same. Weight: ``scale``, shaped like the normalised axes
        (``(F,)`` for the default). A mask passes through.

    Example:
        >>> layer = RMSNormalization()
        >>> layer(torch.tensor([[3.0, 4.0]])).detach()  # rms sqrt((9 + 16) / 2)
        tensor([[0.8485, 1.1314]])
    """

    supports_masking = True

    def __init__(self, axis: int | Sequence[int] = -1, epsilon: float = 1e-6, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = _axis_argument(axis)
        self.epsilon = float(epsilon)
        self._axes = _sorted_axes(self.axis)

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        self._weight_shape = _weight_shape(self, input_shape)
        self.add_weight("scale", self._weight_shape, initializer="ones")

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return input_shape

    def forward(self, inputs: Any) -> torch.Tensor:
        x = _built_input(self, inputs)
        scale = self.scale.reshape(_broadcast_shape(x.ndim, self._axes, self._weight_shape))
        return x * torch.rsqrt(x.square().mean(dim=self._axes, keepdim=True) + self.epsilon) * scale


def _axis_argument(axis: Any) -> int | list[int]:
    """A normalisation layer's ``axis``: an int, or a list of ints (from a list or tuple)."""
    if isinstance(axis, (list, tuple)) and all(isinstance(a, Integral) for a in axis):
        return [int(a) for a in axis]
    if isinstance(axis, Integral) and not isinstance(axis, bool):
        return int(axis)
    raise TypeError(
        f"Expected an int or a list/tuple of ints for the argument 'axis', but received: {axis!r}"
    )


def _sorted_axes(axis: int | list[int]) -> list[int]:
    """Keras sorts the axes as given (negative ones too) and shapes the weights in that order."""
    return sorted(axis) if isinstance(axis, list) else [axis]


def _weight_shape(layer: Any, input_shape: Sequence[int | None]) -> tuple[int, ...]:
    """The sizes of ``layer``'s normalised axes in ``input_shape``, checked."""
    _check_axes(layer, layer._axes, input_shape)
    return tuple(input_shape[axis] for axis in layer._axes)


def _built_input(layer: Any, inputs: Any) -> torch.Tensor:
    """``inputs`` as a tensor for ``layer`` (built at the first call), the normalised axes'
    sizes those it was built with.

    Raises:
        ValueError: other sizes on the normalised axes.
    """
    x = layer._as_input(inputs)
    if not layer.built:
        layer.build((None, *x.shape[1:]))
    if _weight_shape(layer, tuple(x.shape)) != layer._weight_shape:
        raise ValueError(
            f"{type(layer).__name__} '{layer.name}' was built to normalise sizes {layer._weight_shape} "
            f"over axis={layer.axis}, but received inputs of shape {tuple(x.shape)}."
        )
    return x


class BatchNormalization(Layer):
    r"""Normalise each feature with batch statistics in training and moving averages in
    inference, Keras's ``BatchNormalization``.

    For each feature \(f\) (an index of ``axis``):

    \[
    y = \gamma_f \, \frac{x - \mu_f}{\sqrt{\sigma_f^2 + \epsilon}} + \beta_f
    \]

    In training (``fit``, ``training=True``, or ``train()`` called on the layer or a module
    holding it; see `Layer`), \(\mu_f\) and \(\sigma^2_f\) are the batch's mean and biased
    variance over every axis but ``axis`` (with a mask, over the real steps only), and each
    call moves the inference statistics, with \(m\) the ``momentum``:

    \[
    \hat\mu_f \leftarrow m \, \hat\mu_f + (1 - m) \, \mu_f, \qquad
    \hat\sigma^2_f \leftarrow m \, \hat\sigma^2_f + (1 - m) \, \sigma^2_f
    \]

    In inference (a direct call, ``predict``, ``evaluate``) \(\mu_f = \hat\mu_f\) (``moving_mean``)
    and \(\sigma^2_f = \hat\sigma^2_f\) (``moving_variance``), and nothing changes. As in Keras
    3, a layer with ``trainable=False`` always infers. Two differences from
    ``torch.nn.BatchNorm1d``: \(m\) weighs the old value (torch's ``momentum`` is \(1 - m\)),
    and the moving variance averages the biased batch variance (torch's the unbiased), but
    under tf-keras's rules for inputs of rank 4 or 5 with the features first or last, where
    tf-keras's fused batch norm averages the unbiased one too.

    Args:
        axis: the feature axis (default -1).
        momentum: \(m\), of the moving averages (default 0.99).
        epsilon: \(\epsilon\), added to the variance (default ``1e-3``, Keras's; torch's is
            ``1e-5``).
        center: learn the offset \(\beta\) (default True; else \(\beta = 0\)).
        scale: learn the factor \(\gamma\) (default True; else \(\gamma = 1\)).
        beta_initializer, gamma_initializer: as in Keras (default ``"zeros"``, ``"ones"``).
        moving_mean_initializer, moving_variance_initializer: as in Keras (default
            ``"zeros"``, ``"ones"``).
        beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint: default None;
            see `statefulrnn.regularizers` and `statefulrnn.constraints`.
        renorm, renorm_clipping, renorm_momentum: accepted at Keras's defaults only (batch
            renormalisation is not implemented).
        synchronized: accepted as False only: under ``statefulrnn.distributed`` each process
            normalises with its own batch, as Keras does without ``synchronized``.
        fused: tf-keras's choice of TensorFlow's fused kernel (None: at rank 4 and 5); under its
            rules ``False`` keeps the moving variance biased there too (see above).
        virtual_batch_size, adjustment: tf-keras's, accepted as None only.

    Shapes:
        any ``(N, ..., F)`` -> the same; mask ``x.shape[:-1]`` (``(N, T)`` for sequences),
        True for real steps: in training only the real steps enter the batch statistics, as
        in Keras 3. Weights, Keras's order: gamma, beta, moving_mean, moving_variance, each
        ``(F,)``; the moving statistics are non-trainable (buffers; ``get_weights`` and
        ``set_weights`` see all four, and ``count_params`` counts them, as Keras does).

    Example:
        >>> bn = BatchNormalization(momentum=0.5, input_shape=(2,))
        >>> bn.count_params()
        8
        >>> y = bn(torch.tensor([[0.0, 1.0], [2.0, 3.0]]), training=True)  # mean (1, 2), var (1, 1)
        >>> bn.moving_mean, bn.moving_variance  # 0.5 * (0, 0) + 0.5 * (1, 2); 0.5 * 1 + 0.5 * 1
        (tensor([0.5000, 1.0000]), tensor([1., 1.]))
        >>> y.detach()  # (x - mean) / sqrt(1 + 0.001)
        tensor([[-0.9995, -0.9995],
                [ 0.9995,  0.9995]])
    """

    # Under a mixed policy: float32 inside, outputs in the compute dtype, as Keras's (autocast.py)
    _autocast_weights = False

    supports_masking = True
    # tf-keras's options, which neither Keras writes into a config (Keras 3 would refuse them)
    not_in_config = ("fused", "virtual_batch_size", "adjustment")

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: str | initializers.Initializer = "zeros",
        gamma_initializer: str | initializers.Initializer = "ones",
        moving_mean_initializer: str | initializers.Initializer = "zeros",
        moving_variance_initializer: str | initializers.Initializer = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        renorm: bool = False,
        renorm_clipping: dict[str, float] | None = None,
        renorm_momentum: float = 0.99,
        synchronized: bool = False,
        fused: bool | None = None,
        virtual_batch_size: int | None = None,
        adjustment: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if virtual_batch_size is not None or adjustment is not None:
            raise ValueError(
                "Ghost batch normalisation (virtual_batch_size) and adjusted statistics (adjustment) "
                "are tf-keras's and are not implemented in statefulrnn: leave them None. Received: "
                f"virtual_batch_size={virtual_batch_size!r}, adjustment={adjustment!r}"
            )
        if isinstance(axis, bool) or not isinstance(axis, Integral):
            raise TypeError(f"BatchNormalization axis must be an int. Received: axis={axis!r}")
        if renorm or renorm_clipping is not None or renorm_momentum != 0.99:
            raise ValueError(
                "Batch renormalisation is not implemented in statefulrnn: leave renorm, "
                f"renorm_clipping and renorm_momentum at their defaults. Received: renorm={renorm}, "
                f"renorm_clipping={renorm_clipping}, renorm_momentum={renorm_momentum}"
            )
        if synchronized:
            raise ValueError(
                "synchronized=True is not supported: each process normalises with its own batch "
                "statistics (Keras supports it only on TensorFlow). Received: synchronized=True"
            )
        self.axis = int(axis)
        self.fused = fused  # tf-keras's: False keeps the biased variance at rank 4 and 5 too
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        _set_affine(self, center, scale, beta_initializer, gamma_initializer, beta_regularizer,
                    gamma_regularizer, beta_constraint, gamma_constraint)  # fmt: skip
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self._features: int | None = None

    def _build(self, input_shape: tuple[int | None, ...]) -> None:
        _check_axes(self, [self.axis], input_shape)
        self._ndim = len(input_shape)
        self._features = input_shape[self.axis]
        shape = (self._features,)
        _add_affine(self, shape)
        # Buffers, not Parameters: no gradient, no optimizer, and `trainable = True` on a
        # model (which sets requires_grad on every Parameter) cannot make them trainable.
        self.register_buffer(
            "moving_mean", initial_value(self.moving_mean_initializer, shape, self.torch_dtype)
        )
        self.register_buffer(
            "moving_variance", initial_value(self.moving_variance_initializer, shape, self.torch_dtype)
        )

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return input_shape

    def keras_weights(self) -> list[KerasWeight]:
        """gamma, beta, then the non-trainable moving_mean and moving_variance, as Keras."""
        names = ("moving_mean", "moving_variance")
        return super().keras_weights() + [keras_layout_weight(name, getattr(self, name)) for name in names]

    def forward(self, inputs: Any, training: bool | None = None, mask: Any = None) -> torch.Tensor:
        x = self._as_input(inputs)
        if not self.built:
            self.build((None, *x.shape[1:]))
        self._check_input(x)
        real = None if mask is None else self._checked_mask(mask, x)
        training = self.training if training is None else training
        update = bool(training) and self.trainable
        if update:
            mean, variance = self._batch_moments(x, real)
        else:
            mean, variance = self.moving_mean, self.moving_variance
        shape = _broadcast_shape(x.ndim, [self.axis], [self._features])
        outputs = _normalize(
            x, mean.reshape(shape), variance.reshape(shape), self.epsilon, *_affine(self, shape)
        )
        if update:
            if real is None and self._fused_under_tf_keras(x):
                count = x.numel() // self._features
                variance = variance * (count / max(count - 1, 1))
            with torch.no_grad():
                momentum = self.momentum
                self.moving_mean.copy_(self.moving_mean * momentum + mean * (1.0 - momentum))
                self.moving_variance.copy_(self.moving_variance * momentum + variance * (1.0 - momentum))
        return outputs

    def _fused_under_tf_keras(self, x: torch.Tensor) -> bool:
        """Whether tf-keras would run this call through TensorFlow's fused batch norm (an input of
        rank 4 or 5, features first or last, float32 or narrower), whose batch variance, which
        the moving variance averages, carries Bessel's correction ``n / (n - 1)``; Keras 3, and
        tf-keras at other ranks, average the biased one (`tools/keras_fixtures/batch_norm_variance.py`)."""
        return (
            self.fused is not False
            and x.ndim in (4, 5)
            and self.axis % x.ndim in (1, x.ndim - 1)
            and x.dtype in (torch.float32, torch.float16, torch.bfloat16)
            and tf_keras_rules()
        )

    def _check_input(self, x: torch.Tensor) -> None:
        if x.ndim != self._ndim or x.shape[self.axis] != self._features:
            raise ValueError(
                f"BatchNormalization '{self.name}' was built for inputs of shape "
                f"{format_shape(self.input_shape)} ({self._features} features on axis {self.axis}), "
                f"but received inputs of shape {tuple(x.shape)}."
            )

    def _checked_mask(self, mask: Any, x: torch.Tensor) -> torch.Tensor:
        """The mask as bool, broadcast to ``x`` along a new last axis, as Keras does."""
        real = torch.as_tensor(mask, device=x.device)
        if real.ndim != x.ndim - 1:
            raise ValueError(
                "The mask provided should be one dimension less than the inputs. Received: "
                f"mask.shape={tuple(real.shape)}, inputs.shape={tuple(x.shape)}"
            )
        try:
            return torch.broadcast_to(real.to(torch.bool).unsqueeze(-1), x.shape)
        except RuntimeError:
            raise ValueError(
                f"BatchNormalization '{self.name}' got a mask of shape {tuple(real.shape)} that does "
                f"not broadcast to inputs of shape {tuple(x.shape)}."
            ) from None

    def _batch_moments(self, x: torch.Tensor, real: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor]:
        """Batch mean and biased variance per feature, over the real entries only if masked."""
        axes = [axis for axis in range(x.ndim) if axis != self.axis % x.ndim]
        if real is None:
            return _moments(x, axes, keepdim=False)
        # Keras's masked moments, its 1e-7 included: a fully masked batch gives zeros.
        count = real.to(x.dtype).sum(dim=axes, keepdim=True) + epsilon()
        mean = torch.where(real, x, 0.0).sum(dim=axes, keepdim=True) / count
        variance = torch.where(real, x - mean, 0.0).square().sum(dim=axes, keepdim=True) / count
        return mean.reshape(-1), variance.reshape(-1)


class UnitNormalization(Layer):
    r"""Keras's ``UnitNormalization``: each vector along ``axis`` scaled to length 1,
    \(x / \max(\lVert x \rVert_2, 10^{-12})\) (a mask passes through).

    Args:
        axis: an int or a list of ints (the vector spans those axes together).
        **kwargs: `Layer`'s.

    Shapes:
        any -> the same.

    Example:
        >>> UnitNormalization()(torch.tensor([[3.0, 4.0]]))
        tensor([[0.6000, 0.8000]])
    """

    supports_masking = True

    def __init__(self, axis: int | Sequence[int] = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)) and all(isinstance(a, Integral) for a in axis):
            axis = list(axis)
        elif not isinstance(axis, Integral) or isinstance(axis, bool):
            raise TypeError(f"UnitNormalization: axis must be an int or a list of ints. Received: {axis!r}")
        self.axis = axis

    def compute_output_shape(self, input_shape: Any) -> Any:
        for axis in self.axis if isinstance(self.axis, list) else [self.axis]:
            if not -len(input_shape) <= axis < len(input_shape):
                raise ValueError(
                    f"UnitNormalization: axis {axis} is out of bounds for input shape {input_shape}."
                )
        return input_shape

    def forward(self, inputs: Any) -> torch.Tensor:
        x = self._as_input(inputs)
        if not self.built:
            self.build((None, *x.shape[1:]))
        axis = tuple(self.axis) if isinstance(self.axis, list) else self.axis
        return x * torch.clamp(torch.rsqrt(x.square().sum(dim=axis, keepdim=True)), max=1e12)
