"""Whether a layer may be handed a model's per-step flags that its forward does not take.

A model hands ``mask`` (False on padded steps) and ``resets`` (True where a new sequence starts)
to every layer whose forward takes them. A layer that does not take them is exact anyway when
it computes each step from that step alone (`Dense`, `Activation`, `Dropout`, `Embedding`,
`TimeDistributed`, ...): a reset is then no event for it, and a padded step's output is
discarded downstream. Any other layer (`Conv1D`, pooling, `Flatten`, `Dot`, tf-keras's
`LocallyConnected1D` with its weights for each step, an ``nn.Module`` of unknown kind) would mix
one sequence into the next, or padding into real steps, so a call that needs it to honour a flag
fails rather than return something else. Flags that ask nothing pass, whatever the layer: a mask
of all True, resets of all False; and, for the built-in layers that mix steps but keep nothing
between calls, resets at step 0 (nothing came before in the call) and, for a causal `Conv1D`,
padding after a row's last real step (no real step reads it).

Example:
    >>> from statefulrnn.layers import Conv1D, Dense
    >>> mixes_steps(Dense(2)), mixes_steps(Conv1D(2, 3)), mixes_steps(nn.Linear(3, 2))
    (False, True, False)
    >>> check_honoured(Conv1D(2, 3, name="conv"), "resets", torch.tensor([[True, False, True]]))
    Traceback (most recent call last):
    ...
    ValueError: Layer 'conv' (Conv1D) cannot honour resets=: a new sequence starts at step 2 of row 0, ...
"""

from __future__ import annotations

import math
from typing import Any

import torch
from torch import nn

from .._checks import as_mask
from ..layers import (
    ELU,
    Activation,
    AdaptiveAveragePooling1D,
    AdaptiveAveragePooling2D,
    AdaptiveAveragePooling3D,
    AdaptiveMaxPooling1D,
    AdaptiveMaxPooling2D,
    AdaptiveMaxPooling3D,
    Add,
    Attention,
    Average,
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    BatchNormalization,
    CenterCrop,
    Concatenate,
    Conv1D,
    Conv1DTranspose,
    Conv2D,
    Conv2DTranspose,
    Conv3D,
    Conv3DTranspose,
    Cropping1D,
    Cropping2D,
    Cropping3D,
    Dense,
    Dot,
    Dropout,
    EinsumDense,
    Embedding,
    Flatten,
    GaussianDropout,
    GaussianNoise,
    GetItem,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
    GroupNormalization,
    Identity,
    InputLayer,
    LayerNormalization,
    LeakyReLU,
    Masking,
    Maximum,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
    MelSpectrogram,
    Minimum,
    MultiHeadAttention,
    Multiply,
    Normalization,
    Operation,
    Permute,
    PReLU,
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomHeight,
    RandomRotation,
    RandomTranslation,
    RandomWidth,
    RandomZoom,
    ReLU,
    RepeatVector,
    Rescaling,
    Reshape,
    Resizing,
    RMSNormalization,
    Softmax,
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
    STFTSpectrogram,
    Subtract,
    ThresholdedReLU,
    TimeDistributed,
    UnitNormalization,
    UpSampling1D,
    UpSampling2D,
    UpSampling3D,
    ZeroPadding1D,
    ZeroPadding2D,
    ZeroPadding3D,
)

# Each step's output from that step's values alone, whatever their settings.
_PER_STEP = (
    Activation, Add, Average, Dense, Dropout, ELU, Embedding, GaussianDropout, GaussianNoise, Identity,
    InputLayer, LeakyReLU, Masking, Maximum, Minimum, Multiply, Normalization, PReLU, ReLU,
    Rescaling, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, Subtract, ThresholdedReLU,
    TimeDistributed,
    nn.Identity, nn.Linear, nn.Dropout, nn.ReLU, nn.LeakyReLU, nn.ELU, nn.SELU, nn.GELU, nn.SiLU,
    nn.Mish, nn.Tanh, nn.Sigmoid, nn.Softplus, nn.Hardtanh,
)  # fmt: skip

# Per step when the axis they act on is not time (axis 1): the features' axis, -1 or beyond 1.
_PER_STEP_ON_FEATURES = (
    BatchNormalization, Concatenate, LayerNormalization, RMSNormalization, Softmax, UnitNormalization,
)  # fmt: skip

# Mix steps within a call but keep nothing from one call to the next.
_STATELESS = (
    Attention, AveragePooling1D, Conv1D, Conv1DTranspose, Cropping1D, Dot, Flatten, GlobalAveragePooling1D,
    GlobalMaxPooling1D, GroupNormalization,
    MaxPooling1D, MultiHeadAttention, Permute, RepeatVector, Reshape, UpSampling1D, ZeroPadding1D,
    # On a model's own input (N, T, ...) they mix axis 1, the time axis, with the others (Conv2D
    # covers its subclasses DepthwiseConv2D and SeparableConv2D).
    Conv2D, Conv3D, Conv2DTranspose, Conv3DTranspose, MaxPooling2D, MaxPooling3D, AveragePooling2D,
    AveragePooling3D,
    GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling2D, GlobalMaxPooling3D,
    Cropping2D, Cropping3D, UpSampling2D, UpSampling3D, ZeroPadding2D, ZeroPadding3D,
    # Image layers: an image's rows (axis 1 of a model's own input) mixed with one another
    # (RandomContrast and RandomBrightness too: a mean over the image, a clip or a draw per image).
    CenterCrop, RandomBrightness, RandomContrast, RandomCrop, RandomFlip, RandomHeight, RandomRotation,
    RandomTranslation, RandomWidth, RandomZoom, Resizing,
    # Their bins span the time axis (channels_last), and their output's length is not the input's.
    AdaptiveAveragePooling1D, AdaptiveMaxPooling1D, AdaptiveAveragePooling2D, AdaptiveMaxPooling2D,
    AdaptiveAveragePooling3D, AdaptiveMaxPooling3D,
    # Frames of many samples (and MelSpectrogram's decibels relative to the call's loudest value)
    MelSpectrogram, STFTSpectrogram,
)  # fmt: skip


def _keeps_nothing(layer: nn.Module) -> bool:
    """Whether ``layer`` mixes steps within a call and keeps nothing between calls: one of
    ``_STATELESS``, or tf-keras's `LocallyConnected1D`/`2D` (weights for each position, so a
    chunk cannot equal the whole; known by a class flag, their module loading only when used)."""
    return isinstance(layer, _STATELESS) or getattr(type(layer), "per_position_weights", False)


_WHAT = {
    "resets": ("a new sequence starts at", "would carry the sequence before into it"),
    "mask": ("padding (mask False) is at", "would mix the padding into the real steps"),
}


# PyTorch's modules that mix steps (of a batch-first (N, T, F) input, or of any layout).
_TORCH_MIXING = (
    nn.Conv1d, nn.ConvTranspose1d, nn.MaxPool1d, nn.AvgPool1d, nn.LPPool1d, nn.AdaptiveMaxPool1d,
    nn.AdaptiveAvgPool1d, nn.Flatten, nn.RNNBase, nn.MultiheadAttention, nn.TransformerEncoderLayer,
    nn.TransformerDecoderLayer, nn.TransformerEncoder, nn.TransformerDecoder, nn.Transformer,
)  # fmt: skip


def mixes_steps(layer: nn.Module, unknown: bool = True) -> bool:
    """Whether ``layer``'s output at a step may depend on other steps; ``unknown`` is the answer
    for a module of a kind not known here (True: not known not to)."""
    if isinstance(layer, _PER_STEP):
        return False
    if isinstance(layer, _PER_STEP_ON_FEATURES):
        axes = layer.axis if isinstance(layer.axis, list) else [layer.axis]
        return any(axis == 1 or axis < -1 for axis in axes)
    if isinstance(layer, (GetItem, Operation)):  # by the index, by the op
        return not layer.per_step
    if isinstance(layer, EinsumDense):  # by its equation
        return not layer.per_step()
    if isinstance(layer, (Conv1D, Conv1DTranspose)):  # a window of one step, one step at a time: a Dense
        return (layer.kernel_size[0], layer.strides[0]) != (1, 1)
    if isinstance(layer, Reshape):
        return not _reshapes_each_step(layer)
    if isinstance(layer, Permute):  # time stays axis 1: each step's values reordered alone
        return layer.dims[0] != 1
    if _keeps_nothing(layer) or isinstance(layer, _TORCH_MIXING):
        return True
    if type(layer) is nn.Sequential:
        return any(mixes_steps(child, unknown) for child in layer)
    return unknown


def _reshapes_each_step(layer: Reshape) -> bool:
    """Whether a built ``Reshape`` keeps the time axis and reshapes each step's values alone:
    ``target_shape`` ``(-1, ...)`` whose other sizes hold one step's values."""
    target, shape = layer.target_shape, layer.input_shape
    if not target or target[0] != -1 or not isinstance(shape, tuple) or None in shape[2:]:
        return False
    return math.prod(target[1:]) == math.prod(shape[2:])


def check_honoured(layer: nn.Module, name: str, flags: Any) -> None:
    """Refuse ``flags`` (``"mask"`` or ``"resets"``, bool ``(N, T)``) that ``layer``, whose
    forward does not take them, would ignore: a mixing layer given a flag that asks something.

    Raises:
        ValueError: naming the layer, the flag and the first row and step it concerns.
        TypeError: flags that are not booleans (or 0/1).
    """
    if not mixes_steps(layer):
        return
    flags = as_mask(flags)
    asking = _asking(layer, name, flags.reshape(len(flags), -1) if flags.ndim else flags.reshape(1, 1))
    if not bool(asking.any()):
        return
    row, step = (int(i) for i in torch.nonzero(asking)[0])
    where, harm = _WHAT[name]
    described = (
        f"Layer '{layer.name}' ({type(layer).__name__})"
        if isinstance(getattr(layer, "name", None), str)
        else f"Module {type(layer).__name__}"
    )
    raise ValueError(
        f"{described} cannot honour {name}=: {where} step {step} of row {row}, and this layer mixes "
        f"time steps (its forward takes no {name} argument), so it {harm}. Only layers that take "
        f"{name} (RNN layers, models) or compute each step alone (Dense, Activation, "
        f"TimeDistributed, ...) can run on such chunks; give a custom module's forward a {name} "
        f"argument that it honours."
    )


def _asking(layer: nn.Module, name: str, flags: torch.Tensor) -> torch.Tensor:
    """The steps of ``flags`` (bool ``(N, T)``) that ask ``layer`` for something."""
    if name == "resets":
        asking = flags.clone()
        if _keeps_nothing(layer) or isinstance(layer, _PER_STEP_ON_FEATURES):
            asking[:, :1] = False  # nothing came before it in this call, nor is kept from the last
        return asking
    padding = ~flags
    if isinstance(layer, Conv1D) and layer.padding == "causal":
        # Output step t reads inputs up to t: only padding with a real step after it does harm.
        real_after = flags.flip(1).cumsum(1).flip(1) > flags.long()
        padding &= real_after
    return padding
