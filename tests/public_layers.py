"""Every public layer class of `statefulrnn.layers`, made with small valid arguments, and an
input to call it on: the table that the pickling and module-convention tests go through.

`test_the_table_holds_every_public_layer` (in test_pickling.py) keeps it complete: a layer added
to ``statefulrnn.layers.__all__`` without a row here fails it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import torch

from statefulrnn import layers
from statefulrnn.layers import Layer
from statefulrnn.layers.operations import encode_index

N, T, F = 2, 5, 3


class Case(NamedTuple):
    """``make()`` a new layer; ``inputs()`` the positional arguments of one call, or None for a
    layer that is only built (``Layer`` itself computes nothing)."""

    make: Callable[[], Layer]
    inputs: Callable[[], tuple[Any, ...]] | None


def _adapted(layer: Any, data: Any) -> Any:
    """A vocabulary layer that has learnt its vocabulary from ``data``."""
    layer.adapt(data)
    return layer


def _sequence() -> tuple[torch.Tensor]:
    return (torch.randn(N, T, F),)


def _pair() -> tuple[list[torch.Tensor]]:
    return ([torch.randn(N, F), torch.randn(N, F)],)


def _pair_of_sequences() -> tuple[list[torch.Tensor]]:
    return ([torch.randn(N, T, F), torch.randn(N, T + 1, F)],)


def _frames(rank: int) -> Callable[[], tuple[torch.Tensor]]:
    """Sequences of ``rank``-D steps, channels last: ``(N, T, 4, ..., F)``."""
    return lambda: (torch.randn(N, T, *(4,) * rank, F),)


def _cell_step(*sizes: int) -> Callable[[], tuple[Any, ...]]:
    return lambda: (torch.randn(N, F), [torch.randn(N, size) for size in sizes])


LAYERS: dict[str, Case] = {
    "AdaptiveAveragePooling1D": Case(lambda: layers.AdaptiveAveragePooling1D(2), _sequence),
    "AdaptiveAveragePooling2D": Case(lambda: layers.AdaptiveAveragePooling2D((2, 3)), _frames(1)),
    "AdaptiveAveragePooling3D": Case(
        lambda: layers.AdaptiveAveragePooling3D(2, data_format="channels_first"), _frames(2)
    ),
    "AdaptiveMaxPooling1D": Case(
        lambda: layers.AdaptiveMaxPooling1D(3, data_format="channels_first"), _sequence
    ),
    "AdaptiveMaxPooling2D": Case(lambda: layers.AdaptiveMaxPooling2D(1), _frames(1)),
    "AdaptiveMaxPooling3D": Case(lambda: layers.AdaptiveMaxPooling3D((1, 2, 3)), _frames(2)),
    "LocallyConnected1D": Case(
        lambda: layers.LocallyConnected1D(2, 3, implementation=2, padding="same"), _sequence
    ),
    "LocallyConnected2D": Case(
        lambda: layers.LocallyConnected2D(2, 2, implementation=3, kernel_regularizer="l2"), _frames(1)
    ),
    "SpatialDropout2D": Case(lambda: layers.SpatialDropout2D(0.2, seed=3), _frames(1)),
    "SpatialDropout3D": Case(lambda: layers.SpatialDropout3D(0.2, data_format="channels_first"), _frames(2)),
    "ThresholdedReLU": Case(lambda: layers.ThresholdedReLU(theta=0.5), _sequence),
    "Activation": Case(lambda: layers.Activation("tanh"), _sequence),
    "Add": Case(layers.Add, _pair),
    "AlphaDropout": Case(lambda: layers.AlphaDropout(0.1, noise_shape=(None, 1, None), seed=3), _sequence),
    "Average": Case(layers.Average, _pair),
    "ActivityRegularization": Case(lambda: layers.ActivityRegularization(l1=0.01, l2=0.1), _sequence),
    "AveragePooling1D": Case(lambda: layers.AveragePooling1D(2), _sequence),
    "AvgPool1D": Case(lambda: layers.AvgPool1D(2), _sequence),  # Keras's short spellings: the same classes
    "GlobalAvgPool1D": Case(layers.GlobalAvgPool1D, _sequence),
    "GlobalMaxPool1D": Case(layers.GlobalMaxPool1D, _sequence),
    "MaxPool1D": Case(lambda: layers.MaxPool1D(2), _sequence),
    "BatchNormalization": Case(lambda: layers.BatchNormalization(gamma_regularizer="l2"), _sequence),
    "Bidirectional": Case(lambda: layers.Bidirectional(layers.GRU(4, return_sequences=True)), _sequence),
    "CategoryEncoding": Case(
        lambda: layers.CategoryEncoding(7, output_mode="count"), lambda: (torch.randint(0, 7, (N, T)),)
    ),
    "CenterCrop": Case(lambda: layers.CenterCrop(3, 2), _frames(1)),
    "Concatenate": Case(layers.Concatenate, _pair),
    "Conv1D": Case(lambda: layers.Conv1D(4, 2, kernel_initializer="he_normal"), _sequence),
    "Conv1DTranspose": Case(lambda: layers.Conv1DTranspose(4, 3, strides=2, padding="same"), _sequence),
    "ConvLSTM1D": Case(lambda: layers.ConvLSTM1D(2, 3, padding="same", stateful=True), _frames(1)),
    "ConvLSTM2D": Case(lambda: layers.ConvLSTM2D(2, (1, 2), recurrent_regularizer="l2"), _frames(2)),
    # 2-D layers on _frames(1): images (N, T, 4, F); 3-D layers on _frames(2): volumes.
    "Conv2D": Case(lambda: layers.Conv2D(4, 2, padding="same", bias_regularizer="l2"), _frames(1)),
    "Conv3D": Case(lambda: layers.Conv3D(2, (1, 2, 2), strides=(1, 2, 1)), _frames(2)),
    "Convolution2D": Case(lambda: layers.Convolution2D(2, 1), _frames(1)),
    "Convolution3D": Case(lambda: layers.Convolution3D(2, 1, data_format="channels_first"), _frames(2)),
    "Conv2DTranspose": Case(lambda: layers.Conv2DTranspose(2, 3, strides=2, padding="same"), _frames(1)),
    "Conv3DTranspose": Case(lambda: layers.Conv3DTranspose(2, (1, 2, 2), output_padding=0), _frames(2)),
    "Convolution2DTranspose": Case(lambda: layers.Convolution2DTranspose(2, 1), _frames(1)),
    "Convolution3DTranspose": Case(
        lambda: layers.Convolution3DTranspose(2, 2, data_format="channels_first"), _frames(2)
    ),
    # Keras 2's names for the two above
    "Deconvolution2D": Case(lambda: layers.Deconvolution2D(2, (2, 1), activation="relu"), _frames(1)),
    "Deconvolution3D": Case(lambda: layers.Deconvolution3D(1, 1, strides=(1, 2, 1)), _frames(2)),
    "MaxPooling2D": Case(lambda: layers.MaxPooling2D(padding="same"), _frames(1)),
    "MaxPooling3D": Case(lambda: layers.MaxPooling3D((1, 2, 2)), _frames(2)),
    "MaxPool2D": Case(layers.MaxPool2D, _frames(1)),
    "MaxPool3D": Case(layers.MaxPool3D, _frames(2)),
    "AveragePooling2D": Case(lambda: layers.AveragePooling2D(2, padding="same"), _frames(1)),
    "AveragePooling3D": Case(lambda: layers.AveragePooling3D(2), _frames(2)),
    "AvgPool2D": Case(lambda: layers.AvgPool2D(2), _frames(1)),
    "AvgPool3D": Case(lambda: layers.AvgPool3D(2, strides=1), _frames(2)),
    "GlobalAveragePooling2D": Case(layers.GlobalAveragePooling2D, _frames(1)),
    "GlobalAveragePooling3D": Case(lambda: layers.GlobalAveragePooling3D(keepdims=True), _frames(2)),
    "GlobalMaxPooling2D": Case(lambda: layers.GlobalMaxPooling2D(data_format="channels_first"), _frames(1)),
    "GlobalMaxPooling3D": Case(layers.GlobalMaxPooling3D, _frames(2)),
    "GlobalAvgPool2D": Case(layers.GlobalAvgPool2D, _frames(1)),
    "GlobalAvgPool3D": Case(layers.GlobalAvgPool3D, _frames(2)),
    "GlobalMaxPool2D": Case(layers.GlobalMaxPool2D, _frames(1)),
    "GlobalMaxPool3D": Case(layers.GlobalMaxPool3D, _frames(2)),
    "ConvLSTM3D": Case(lambda: layers.ConvLSTM3D(2, 2, return_state=True), _frames(3)),
    # Keras's other names for the two above
    "Convolution1D": Case(lambda: layers.Convolution1D(3, 1), _sequence),
    "Convolution1DTranspose": Case(lambda: layers.Convolution1DTranspose(2, 2), _sequence),
    "Cropping1D": Case(lambda: layers.Cropping1D((1, 2)), _sequence),
    "Cropping2D": Case(lambda: layers.Cropping2D(((0, 1), 1)), _frames(1)),
    "Cropping3D": Case(lambda: layers.Cropping3D((1, 0, (1, 2))), _frames(2)),
    "CuDNNGRU": Case(lambda: layers.CuDNNGRU(4, stateful=True, go_backwards=True), _sequence),
    "CuDNNLSTM": Case(lambda: layers.CuDNNLSTM(4, return_sequences=True, unit_forget_bias=False), _sequence),
    "DepthwiseConv1D": Case(lambda: layers.DepthwiseConv1D(3, depth_multiplier=2, padding="same"), _sequence),
    "DepthwiseConv2D": Case(
        lambda: layers.DepthwiseConv2D((1, 2), depth_multiplier=2, strides=(1, 2)), _frames(1)
    ),
    "Dense": Case(
        lambda: layers.Dense(
            4,
            activation="relu",
            kernel_regularizer="l1_l2",
            bias_constraint="non_neg",
            activity_regularizer="l2",
        ),
        _sequence,
    ),
    "IntegerLookup": Case(
        lambda: _adapted(layers.IntegerLookup(num_oov_indices=2), np.array([3, 1, 3, 5])),
        lambda: (torch.randint(0, 7, (N, T)),),
    ),
    "Discretization": Case(
        lambda: _adapted(layers.Discretization(num_bins=4), np.arange(40.0)),
        _sequence,
    ),
    "Dot": Case(lambda: layers.Dot(axes=1), _pair),
    "Dropout": Case(lambda: layers.Dropout(0.5), _sequence),
    "ELU": Case(lambda: layers.ELU(alpha=0.5), _sequence),
    "EinsumDense": Case(lambda: layers.EinsumDense("abc,cd->abd", (None, 4), bias_axes="d"), _sequence),
    "Embedding": Case(
        lambda: layers.Embedding(10, 4, mask_zero=True), lambda: (torch.randint(0, 10, (N, T)),)
    ),
    "Flatten": Case(layers.Flatten, _sequence),
    "GaussianDropout": Case(lambda: layers.GaussianDropout(0.3, seed=2), _sequence),
    "GaussianNoise": Case(lambda: layers.GaussianNoise(0.1), _sequence),
    "GRU": Case(
        lambda: layers.GRU(
            4, stateful=True, dropout=0.2, recurrent_dropout=0.2, seed=1, return_sequences=True
        ),
        _sequence,
    ),
    "GRUCell": Case(lambda: layers.GRUCell(4, reset_after=False), _cell_step(4)),
    "GlobalAveragePooling1D": Case(layers.GlobalAveragePooling1D, _sequence),
    "GlobalMaxPooling1D": Case(layers.GlobalMaxPooling1D, _sequence),
    "Hashing": Case(
        lambda: layers.Hashing(5, mask_value=""), lambda: (np.array([["a", "", "b"], ["c", "d", ""]]),)
    ),
    "Identity": Case(layers.Identity, _sequence),
    "InputLayer": Case(lambda: layers.InputLayer(batch_shape=(N, T, F)), _sequence),
    "LSTM": Case(
        lambda: layers.LSTM(4, stateful=True, recurrent_regularizer="l2", unit_forget_bias=False), _sequence
    ),
    "LRU": Case(lambda: layers.LRU(4, state_size=3, stateful=True, return_sequences=True), _sequence),
    "LRUCell": Case(lambda: layers.LRUCell(4, state_size=3, r_min=0.5), _cell_step(3, 3)),
    "LSTMCell": Case(lambda: layers.LSTMCell(4, kernel_initializer="orthogonal"), _cell_step(4, 4)),
    "Lambda": Case(lambda: layers.Lambda(torch.tanh), _sequence),  # a module-level function: it pickles
    "Layer": Case(lambda: Layer(input_shape=(T, F)), None),
    "AbstractRNNCell": Case(layers.AbstractRNNCell, None),
    "LayerNormalization": Case(lambda: layers.LayerNormalization(beta_constraint="max_norm"), _sequence),
    "GroupNormalization": Case(lambda: layers.GroupNormalization(-1, gamma_regularizer="l2"), _sequence),
    "RMSNormalization": Case(lambda: layers.RMSNormalization(axis=[1, 2]), _sequence),
    "LeakyReLU": Case(lambda: layers.LeakyReLU(alpha=0.1), _sequence),
    "LinearRecurrenceCell": Case(lambda: layers.LinearRecurrenceCell(4), None),  # the base: no coefficients
    "Masking": Case(lambda: layers.Masking(0.0), _sequence),
    "MaxPooling1D": Case(lambda: layers.MaxPooling1D(2, padding="same"), _sequence),
    "UnitNormalization": Case(lambda: layers.UnitNormalization(axis=[1, 2]), _sequence),
    "Maximum": Case(layers.Maximum, _pair),
    "MinGRU": Case(lambda: layers.MinGRU(4, stateful=True, return_sequences=True), _sequence),
    "MinGRUCell": Case(lambda: layers.MinGRUCell(4, use_bias=False), _cell_step(4)),
    "MinLSTM": Case(lambda: layers.MinLSTM(4, go_backwards=True, bias_initializer="ones"), _sequence),
    "MinLSTMCell": Case(lambda: layers.MinLSTMCell(4), _cell_step(4)),
    "MelSpectrogram": Case(
        lambda: layers.MelSpectrogram(fft_length=8, sequence_stride=4, num_mel_bins=3, sampling_rate=100),
        lambda: (torch.randn(N, 20),),
    ),
    "Minimum": Case(layers.Minimum, _pair),
    "Multiply": Case(layers.Multiply, _pair),
    "Normalization": Case(
        lambda: layers.Normalization(mean=[0.5, 1.0, 2.0], variance=[1.0, 4.0, 0.5]), _sequence
    ),
    "Attention": Case(lambda: layers.Attention(use_scale=True, score_mode="concat"), _pair_of_sequences),
    "AdditiveAttention": Case(lambda: layers.AdditiveAttention(), _pair_of_sequences),
    "GroupQueryAttention": Case(
        lambda: layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2),
        lambda: (torch.randn(N, T, F), torch.randn(N, T + 1, F)),
    ),
    "MultiHeadAttention": Case(
        lambda: layers.MultiHeadAttention(num_heads=2, key_dim=3, use_gate=True),
        lambda: (torch.randn(N, T, F), torch.randn(N, T + 1, F)),
    ),
    "GetItem": Case(
        lambda: layers.GetItem(), lambda: (torch.randn(N, T, F), encode_index((slice(None), -1, slice(0, 2))))
    ),
    "Operation": Case(lambda: layers.Operation("add"), lambda: (torch.randn(N, T, F), torch.randn(N, 1, F))),
    "PReLU": Case(
        lambda: layers.PReLU(alpha_initializer="ones", alpha_regularizer="l2", shared_axes=[1]), _sequence
    ),
    "RandomBrightness": Case(lambda: layers.RandomBrightness(0.2, value_range=(-3, 3), seed=1), _frames(1)),
    "RandomContrast": Case(
        lambda: layers.RandomContrast((0.1, 0.3), value_range=(-3, 3), seed=1), _frames(1)
    ),
    "RandomCrop": Case(lambda: layers.RandomCrop(3, 3, seed=1), _frames(1)),
    "RandomFlip": Case(lambda: layers.RandomFlip("horizontal", seed=1), _frames(1)),
    "RandomHeight": Case(lambda: layers.RandomHeight((0.2, 0.5), seed=1), _frames(1)),
    "RandomRotation": Case(lambda: layers.RandomRotation(0.2, fill_mode="wrap", seed=1), _frames(1)),
    "RandomTranslation": Case(lambda: layers.RandomTranslation(0.2, (0.1, 0.3), seed=1), _frames(1)),
    "RandomWidth": Case(lambda: layers.RandomWidth((0.2, 0.5), seed=1), _frames(1)),
    "RandomZoom": Case(lambda: layers.RandomZoom(0.2, interpolation="nearest", seed=1), _frames(1)),
    "ReLU": Case(lambda: layers.ReLU(max_value=2.0, threshold=0.5), _sequence),
    "Permute": Case(lambda: layers.Permute((2, 1)), _sequence),
    "Pipeline": Case(lambda: layers.Pipeline([layers.Dense(2), layers.LayerNormalization()]), _sequence),
    "RNN": Case(lambda: layers.RNN([layers.SimpleRNNCell(3), layers.GRUCell(2)], stateful=True), _sequence),
    "RecurrentCell": Case(lambda: layers.RecurrentCell(4), None),  # the cells' base: no forward
    "Rescaling": Case(lambda: layers.Rescaling(0.5, offset=1.0), _sequence),
    "Resizing": Case(
        lambda: layers.Resizing(3, 5, interpolation="bicubic", crop_to_aspect_ratio=True), _frames(1)
    ),
    "RepeatVector": Case(lambda: layers.RepeatVector(3), lambda: (torch.randn(N, F),)),
    "Reshape": Case(lambda: layers.Reshape((T * F,)), _sequence),
    "STFTSpectrogram": Case(
        lambda: layers.STFTSpectrogram(frame_length=4, frame_step=2, padding="same"), _sequence
    ),
    "SeparableConv1D": Case(
        lambda: layers.SeparableConv1D(4, 3, strides=2, pointwise_regularizer="l2"), _sequence
    ),
    "SeparableConv2D": Case(
        lambda: layers.SeparableConv2D(3, 2, padding="same", data_format="channels_first"), _frames(1)
    ),
    # Keras's other names for the separable convolutions
    "SeparableConvolution1D": Case(lambda: layers.SeparableConvolution1D(2, 1), _sequence),
    "SeparableConvolution2D": Case(
        lambda: layers.SeparableConvolution2D(2, 1, activation="relu"), _frames(1)
    ),
    "StringLookup": Case(
        lambda: _adapted(layers.StringLookup(output_mode="tf_idf"), [["a", "b"], ["b", "c"]]),
        lambda: (np.array([["a", "x"], ["c", "b"]]),),
    ),
    "TextVectorization": Case(
        lambda: _adapted(layers.TextVectorization(max_tokens=6), ["The cat sat.", "the dog"]),
        lambda: (["the cat", "a dog sat"],),
    ),
    "SimpleRNN": Case(lambda: layers.SimpleRNN(4, activation="relu", go_backwards=True), _sequence),
    "SimpleRNNCell": Case(lambda: layers.SimpleRNNCell(4, dropout=0.5), _cell_step(4)),
    "Softmax": Case(lambda: layers.Softmax(axis=1), _sequence),
    "SpatialDropout1D": Case(lambda: layers.SpatialDropout1D(0.2, seed=3), _sequence),
    "StackedRNNCells": Case(
        lambda: layers.StackedRNNCells([layers.GRUCell(4), layers.LSTMCell(2)]), _cell_step(4, 2, 2)
    ),
    "Subtract": Case(layers.Subtract, _pair),
    "TorchModuleWrapper": Case(lambda: layers.TorchModuleWrapper(torch.nn.Linear(F, 2)), _sequence),
    "TimeDistributed": Case(lambda: layers.TimeDistributed(layers.Dense(2)), _sequence),
    # a base only, as in Keras (it has no call): built, which builds the layer it wraps
    "Wrapper": Case(lambda: layers.Wrapper(layers.Dense(2), input_shape=(T, F)), None),
    "UpSampling1D": Case(lambda: layers.UpSampling1D(3), _sequence),
    "UpSampling2D": Case(lambda: layers.UpSampling2D((1, 2), interpolation="bilinear"), _frames(1)),
    "UpSampling3D": Case(lambda: layers.UpSampling3D(data_format="channels_first"), _frames(2)),
    "ZeroPadding1D": Case(lambda: layers.ZeroPadding1D((2, 1)), _sequence),
    "ZeroPadding2D": Case(lambda: layers.ZeroPadding2D(((1, 0), 2)), _frames(1)),
    "ZeroPadding3D": Case(layers.ZeroPadding3D, _frames(2)),
}


def public_layer_classes() -> set[str]:
    """The names in ``statefulrnn.layers.__all__`` that are `Layer` classes."""
    return {
        name
        for name in layers.__all__
        if isinstance(getattr(layers, name), type) and issubclass(getattr(layers, name), Layer)
    }


def built(case: Case) -> Layer:
    """A layer of ``case``, built and called once (a cell is built for ``F`` features first, as
    the RNN driving it would)."""
    layer = case.make()
    if isinstance(layer, (layers.RecurrentCell, layers.StackedRNNCells)):
        layer.build((None, F))
    if case.inputs is not None:
        layer(*case.inputs())
    return layer
