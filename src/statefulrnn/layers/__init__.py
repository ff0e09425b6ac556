"""Layers with Keras's arguments and numbers, as ``torch.nn.Module``s."""

from typing import Any

from .._lazy import load_name, load_submodule
from .abstract_cell import AbstractRNNCell
from .activation import Activation
from .adaptive_pooling import (
    AdaptiveAveragePooling1D,
    AdaptiveAveragePooling2D,
    AdaptiveAveragePooling3D,
    AdaptiveMaxPooling1D,
    AdaptiveMaxPooling2D,
    AdaptiveMaxPooling3D,
)
from .advanced_activation import ELU, LeakyReLU, PReLU, ReLU, Softmax, ThresholdedReLU
from .attention import AdditiveAttention, Attention, MultiHeadAttention
from .base import Layer
from .bidirectional import Bidirectional, StatefulBidirectionalWarning
from .builtin_rnns import GRU, LSTM, SimpleRNN
from .category_encoding import CategoryEncoding
from .cells import GRUCell, LSTMCell, RecurrentCell, SimpleRNNCell
from .concatenate import Concatenate, concatenate
from .conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from .conv_transpose import (
    Conv1DTranspose,
    Conv2DTranspose,
    Conv3DTranspose,
    Convolution1DTranspose,
    Convolution2DTranspose,
    Convolution3DTranspose,
    Deconvolution2D,
    Deconvolution3D,
)
from .convolutional import Conv1D, Conv2D, Conv3D, Convolution1D, Convolution2D, Convolution3D
from .core import ActivityRegularization, Dense, Dropout, Identity, Input, InputLayer
from .depthwise_conv import (
    DepthwiseConv1D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
    SeparableConvolution1D,
    SeparableConvolution2D,
)
from .discretization import Discretization
from .dot import Dot, dot
from .einsum_dense import EinsumDense
from .embedding import Embedding
from .feature_scaling import Normalization, Rescaling
from .fused import use_compiled_kernels, use_fused_kernels
from .grouped_query_attention import GroupQueryAttention
from .hashing import Hashing
from .image_augmentation import (
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomHeight,
    RandomWidth,
)
from .image_preprocessing import CenterCrop, Resizing
from .image_transforms import RandomRotation, RandomTranslation, RandomZoom
from .index_lookup import IntegerLookup, StringLookup
from .input_spec import InputSpec
from .lambda_layer import Lambda
from .linear_recurrence import LinearRecurrenceCell
from .lru import LRU, LRUCell
from .masking import Masking
from .mel_spectrogram import MelSpectrogram
from .merging import (
    Add,
    Average,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    maximum,
    minimum,
    multiply,
    subtract,
)
from .min_rnn import MinGRU, MinGRUCell, MinLSTM, MinLSTMCell
from .noise import (
    AlphaDropout,
    GaussianDropout,
    GaussianNoise,
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)
from .normalization import (
    BatchNormalization,
    GroupNormalization,
    LayerNormalization,
    RMSNormalization,
    UnitNormalization,
)
from .operations import GetItem, Operation
from .pooling import (
    AveragePooling1D,
    AveragePooling2D,
    AveragePooling3D,
    AvgPool1D,
    AvgPool2D,
    AvgPool3D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalAveragePooling3D,
    GlobalAvgPool1D,
    GlobalAvgPool2D,
    GlobalAvgPool3D,
    GlobalMaxPool1D,
    GlobalMaxPool2D,
    GlobalMaxPool3D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    GlobalMaxPooling3D,
    MaxPool1D,
    MaxPool2D,
    MaxPool3D,
    MaxPooling1D,
    MaxPooling2D,
    MaxPooling3D,
)
from .recurrent import RNN
from .reshaping import Flatten, Permute, RepeatVector, Reshape
from .spectrogram import STFTSpectrogram
from .stacked_cells import StackedRNNCells
from .text_vectorization import TextVectorization
from .time_distributed import TimeDistributed
from .time_steps import (
    Cropping1D,
    Cropping2D,
    Cropping3D,
    UpSampling1D,
    UpSampling2D,
    UpSampling3D,
    ZeroPadding1D,
    ZeroPadding2D,
    ZeroPadding3D,
)
from .torch_module_wrapper import TorchModuleWrapper
from .wrapper import Wrapper

# Loaded on first use: a module more at `import statefulrnn.layers` moves when CPython's next
# full collection comes (see numba_loader's notes), and only a wrapper layer's config needs these
# (and only Keras 2 programs Keras 2's CuDNN layers and tf-keras's locally connected ones).
_LAZY = {
    "deserialize": ".serialization",
    "serialize": ".serialization",
    "CuDNNGRU": ".cudnn_recurrent",
    "CuDNNLSTM": ".cudnn_recurrent",
    "LocallyConnected1D": ".locally_connected",
    "LocallyConnected2D": ".locally_connected",
    "Pipeline": ".pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return load_name(globals(), _LAZY, name)
    return load_submodule(globals(), name)  # Keras 2's keras.layers.wrappers and the like


__all__ = [
    "ELU",
    "GRU",
    "LRU",
    "LSTM",
    "RNN",
    "AbstractRNNCell",
    "Activation",
    "ActivityRegularization",
    "AdaptiveAveragePooling1D",
    "AdaptiveAveragePooling2D",
    "AdaptiveAveragePooling3D",
    "AdaptiveMaxPooling1D",
    "AdaptiveMaxPooling2D",
    "AdaptiveMaxPooling3D",
    "Add",
    "AdditiveAttention",
    "AlphaDropout",
    "Attention",
    "Average",
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "AvgPool1D",
    "AvgPool2D",
    "AvgPool3D",
    "BatchNormalization",
    "Bidirectional",
    "CategoryEncoding",
    "CenterCrop",
    "Concatenate",
    "Conv1D",
    "Conv1DTranspose",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "Convolution1D",
    "Convolution1DTranspose",
    "Convolution2D",
    "Convolution2DTranspose",
    "Convolution3D",
    "Convolution3DTranspose",
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "CuDNNGRU",
    "CuDNNLSTM",
    "Deconvolution2D",
    "Deconvolution3D",
    "Dense",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "Discretization",
    "Dot",
    "Dropout",
    "EinsumDense",
    "Embedding",
    "Flatten",
    "GRUCell",
    "GaussianDropout",
    "GaussianNoise",
    "GetItem",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalAveragePooling3D",
    "GlobalAvgPool1D",
    "GlobalAvgPool2D",
    "GlobalAvgPool3D",
    "GlobalMaxPool1D",
    "GlobalMaxPool2D",
    "GlobalMaxPool3D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
    "GlobalMaxPooling3D",
    "GroupNormalization",
    "GroupQueryAttention",
    "Hashing",
    "Identity",
    "Input",
    "InputLayer",
    "InputSpec",
    "IntegerLookup",
    "LRUCell",
    "LSTMCell",
    "Lambda",
    "Layer",
    "LayerNormalization",
    "LeakyReLU",
    "LinearRecurrenceCell",
    "LocallyConnected1D",
    "LocallyConnected2D",
    "Masking",
    "MaxPool1D",
    "MaxPool2D",
    "MaxPool3D",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "Maximum",
    "MelSpectrogram",
    "MinGRU",
    "MinGRUCell",
    "MinLSTM",
    "MinLSTMCell",
    "Minimum",
    "MultiHeadAttention",
    "Multiply",
    "Normalization",
    "Operation",
    "PReLU",
    "Permute",
    "Pipeline",
    "RMSNormalization",
    "RandomBrightness",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomHeight",
    "RandomRotation",
    "RandomTranslation",
    "RandomWidth",
    "RandomZoom",
    "ReLU",
    "RecurrentCell",
    "RepeatVector",
    "Rescaling",
    "Reshape",
    "Resizing",
    "STFTSpectrogram",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution1D",
    "SeparableConvolution2D",
    "SimpleRNN",
    "SimpleRNNCell",
    "Softmax",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
    "StackedRNNCells",
    "StatefulBidirectionalWarning",
    "StringLookup",
    "Subtract",
    "TextVectorization",
    "ThresholdedReLU",
    "TimeDistributed",
    "TorchModuleWrapper",
    "UnitNormalization",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "Wrapper",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
    "add",
    "average",
    "concatenate",
    "deserialize",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "serialize",
    "subtract",
    "use_compiled_kernels",
    "use_fused_kernels",
]
