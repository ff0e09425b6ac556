"""Every public layer class goes through ``from_config(get_config())``: same config, same numbers.

The classes are enumerated from ``statefulrnn.layers.__all__``, so a layer added there is
covered at once, and one missing from the table of constructor arguments below fails
`test_every_public_layer_class_is_in_the_table` by name. Each case builds the layer on a small
input, checks that its config is JSON-ready and lists every constructor argument, rebuilds it
from the config (same config again), copies the weights and compares the outputs exactly.
"""

from __future__ import annotations

import inspect
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn
import statefulrnn.layers as L
from statefulrnn import constraints, initializers, regularizers
from statefulrnn.layers._config import INPUT_DECLARATIONS, NOT_IN_CONFIG, layer_classes
from statefulrnn.layers.base import Layer
from statefulrnn.layers.operations import encode_index
from statefulrnn.models import Model, Sequential

# Not layers one uses: base classes that only subclasses make concrete.
ABSTRACT = {
    "Layer": "the base class",
    "RecurrentCell": "the base of the built-in cells",
    "AbstractRNNCell": "the base of a program's cells (tests/layers/test_program_cells.py)",
    "LinearRecurrenceCell": "the base of the linear-recurrence cells: no coefficients of its own",
    "Wrapper": "the base of the wrappers, with no call (its config: tests/layers/test_wrapper.py)",
}

N, T, F = 2, 5, 3
SEQ, PAIR, VEC, TOKENS, STRINGS = "seq", "pair", "vec", "tokens", "strings"
QV = "query_value"  # two positional inputs (attention's query and value)
INDEXED = "indexed"  # a sequence and an index (x[:, -1])
CELL = "cell"  # a cell: run inside RNN(cell) on a sequence

# Layers whose config holds Python code, not JSON: tested below on their own.
HOLDS_CODE = {
    "Lambda": "its function: the config holds the function itself, and files refuse it",
    "TorchModuleWrapper": "its module: the config holds the torch module itself, and files refuse it",
}

# class name -> (factory, input kind)
CASES: dict[str, tuple[Callable[[], Any], str]] = {
    "Activation": (lambda: L.Activation("relu"), SEQ),
    "CenterCrop": (lambda: L.CenterCrop(3, 2), "frames1"),
    "RandomBrightness": (lambda: L.RandomBrightness(0.2, value_range=(-3, 3), seed=1), "frames1"),
    "RandomContrast": (lambda: L.RandomContrast((0.1, 0.3), seed=2), "frames1"),
    "RandomCrop": (lambda: L.RandomCrop(3, 2, seed=3), "frames1"),
    "RandomFlip": (lambda: L.RandomFlip("vertical", seed=4), "frames1"),
    "RandomHeight": (lambda: L.RandomHeight(0.3, interpolation="nearest", seed=5), "frames1"),
    "RandomRotation": (lambda: L.RandomRotation(0.2, fill_mode="wrap", seed=6), "frames1"),
    "RandomTranslation": (
        lambda: L.RandomTranslation(0.2, (-0.1, 0.3), fill_mode="nearest", seed=7),
        "frames1",
    ),
    "RandomWidth": (lambda: L.RandomWidth((-0.2, 0.1), seed=8), "frames1"),
    "RandomZoom": (lambda: L.RandomZoom(0.2, 0.1, fill_mode="constant", fill_value=1.0, seed=9), "frames1"),
    "Resizing": (lambda: L.Resizing(3, 6, interpolation="bicubic", crop_to_aspect_ratio=True), "frames1"),
    "AdaptiveAveragePooling1D": (lambda: L.AdaptiveAveragePooling1D(3), SEQ),
    "AdaptiveAveragePooling2D": (
        lambda: L.AdaptiveAveragePooling2D((2, 3), data_format="channels_first"),
        "frames1",
    ),
    "AdaptiveAveragePooling3D": (lambda: L.AdaptiveAveragePooling3D(2), "frames2"),
    "AdaptiveMaxPooling1D": (lambda: L.AdaptiveMaxPooling1D([2]), SEQ),
    "AdaptiveMaxPooling2D": (lambda: L.AdaptiveMaxPooling2D(3), "frames1"),
    "AdaptiveMaxPooling3D": (lambda: L.AdaptiveMaxPooling3D((1, 2, 3)), "frames2"),
    "LocallyConnected1D": (lambda: L.LocallyConnected1D(2, 2, implementation=3, activation="tanh"), SEQ),
    "LocallyConnected2D": (
        lambda: L.LocallyConnected2D(
            2, (2, 1), strides=(1, 2), implementation=2, data_format="channels_first"
        ),
        "frames1",
    ),
    "SpatialDropout2D": (lambda: L.SpatialDropout2D(0.2, seed=4), "frames1"),
    "SpatialDropout3D": (lambda: L.SpatialDropout3D(0.2, data_format="channels_first", seed=4), "frames2"),
    "ThresholdedReLU": (lambda: L.ThresholdedReLU(0.3), SEQ),
    "Add": (lambda: L.Add(), PAIR),
    "AlphaDropout": (lambda: L.AlphaDropout(rate=0.2, seed=1), SEQ),
    "Average": (lambda: L.Average(), PAIR),
    "ActivityRegularization": (lambda: L.ActivityRegularization(l1=0.01, l2=0.1), SEQ),
    "AveragePooling1D": (lambda: L.AveragePooling1D(pool_size=2), SEQ),
    "BatchNormalization": (lambda: L.BatchNormalization(), SEQ),
    "Bidirectional": (lambda: L.Bidirectional(L.LSTM(2, return_sequences=True), merge_mode="sum"), SEQ),
    "CategoryEncoding": (lambda: L.CategoryEncoding(num_tokens=7, output_mode="one_hot"), TOKENS),
    "Concatenate": (lambda: L.Concatenate(), PAIR),
    "Conv1D": (lambda: L.Conv1D(filters=2, kernel_size=2), SEQ),
    "Conv1DTranspose": (
        lambda: L.Conv1DTranspose(filters=2, kernel_size=3, strides=2, padding="same", output_padding=1),
        SEQ,
    ),
    # 2-D layers on (N, 5, 4, 3) images ("frames1"), 3-D layers on (N, 5, 4, 4, 3) volumes ("frames2").
    "Conv2D": (
        lambda: L.Conv2D(4, (3, 2), strides=(2, 1), padding="same", kernel_regularizer="l2"),
        "frames1",
    ),
    "Conv3D": (lambda: L.Conv3D(2, 2, dilation_rate=(1, 2, 1), activation="sigmoid"), "frames2"),
    "Conv2DTranspose": (
        lambda: L.Conv2DTranspose(3, (3, 2), strides=(2, 3), padding="same", output_padding=(1, 2)),
        "frames1",
    ),
    "Conv3DTranspose": (
        lambda: L.Conv3DTranspose(2, 2, dilation_rate=(1, 2, 1), data_format="channels_first"),
        "frames2",
    ),
    "MaxPooling2D": (lambda: L.MaxPooling2D((2, 3), padding="same"), "frames1"),
    "MaxPooling3D": (lambda: L.MaxPooling3D(strides=1), "frames2"),
    "AveragePooling2D": (lambda: L.AveragePooling2D(3, strides=2, padding="same"), "frames1"),
    "AveragePooling3D": (lambda: L.AveragePooling3D(2, data_format="channels_first"), "frames2"),
    "GlobalAveragePooling2D": (lambda: L.GlobalAveragePooling2D(keepdims=True), "frames1"),
    "GlobalAveragePooling3D": (lambda: L.GlobalAveragePooling3D(data_format="channels_first"), "frames2"),
    "GlobalMaxPooling2D": (lambda: L.GlobalMaxPooling2D(), "frames1"),
    "GlobalMaxPooling3D": (lambda: L.GlobalMaxPooling3D(keepdims=True), "frames2"),
    "ConvLSTM1D": (lambda: L.ConvLSTM1D(2, kernel_size=3, padding="same", go_backwards=True), "frames1"),
    "ConvLSTM2D": (lambda: L.ConvLSTM2D(filters=2, kernel_size=(1, 2), return_sequences=True), "frames2"),
    "ConvLSTM3D": (lambda: L.ConvLSTM3D(filters=2, kernel_size=2, data_format="channels_first"), "frames3"),
    "Cropping1D": (lambda: L.Cropping1D(cropping=(1, 2)), SEQ),
    "Cropping2D": (lambda: L.Cropping2D(cropping=((0, 1), 1), data_format="channels_first"), "frames1"),
    "Cropping3D": (lambda: L.Cropping3D(cropping=(1, 0, (1, 2))), "frames2"),
    "CuDNNGRU": (lambda: L.CuDNNGRU(3, return_sequences=True, bias_initializer="ones"), SEQ),
    "CuDNNLSTM": (lambda: L.CuDNNLSTM(3, go_backwards=True, unit_forget_bias=False), SEQ),
    "DepthwiseConv1D": (lambda: L.DepthwiseConv1D(kernel_size=2, depth_multiplier=2), SEQ),
    "DepthwiseConv2D": (
        lambda: L.DepthwiseConv2D(
            (2, 1), depth_multiplier=3, dilation_rate=(2, 1), depthwise_constraint="non_neg"
        ),
        "frames1",
    ),
    "Dense": (lambda: L.Dense(2), SEQ),
    "Discretization": (lambda: L.Discretization(bin_boundaries=[-0.5, 0.0, 0.5], output_mode="one_hot"), SEQ),
    "Dot": (lambda: L.Dot(axes=1), "vec_pair"),
    "Dropout": (lambda: L.Dropout(0.5, noise_shape=(None, 1, F), seed=3), SEQ),
    "ELU": (lambda: L.ELU(alpha=0.5), SEQ),
    "EinsumDense": (lambda: L.EinsumDense(equation="...b,bc->...c", output_shape=4, bias_axes="c"), SEQ),
    "Embedding": (lambda: L.Embedding(input_dim=7, output_dim=2), TOKENS),
    "Flatten": (lambda: L.Flatten(), SEQ),
    "GaussianDropout": (lambda: L.GaussianDropout(0.3, seed=1), SEQ),
    "GaussianNoise": (lambda: L.GaussianNoise(0.2), SEQ),
    "GRU": (lambda: L.GRU(3, return_sequences=True), SEQ),
    "GRUCell": (lambda: L.GRUCell(3), CELL),
    "GlobalAveragePooling1D": (lambda: L.GlobalAveragePooling1D(), SEQ),
    "GlobalMaxPooling1D": (lambda: L.GlobalMaxPooling1D(), SEQ),
    "Hashing": (lambda: L.Hashing(num_bins=5, mask_value=0, output_mode="count"), TOKENS),
    "Identity": (lambda: L.Identity(), SEQ),
    "IntegerLookup": (lambda: L.IntegerLookup(vocabulary=[0, 2, 4], output_mode="count"), TOKENS),
    "InputLayer": (lambda: L.InputLayer(batch_shape=(N, T, F)), SEQ),
    "Normalization": (lambda: L.Normalization(axis=-1), SEQ),
    "Rescaling": (lambda: L.Rescaling(scale=2.0, offset=-1.0), SEQ),
    "LSTM": (lambda: L.LSTM(3), SEQ),
    "LRU": (lambda: L.LRU(3, state_size=4, r_min=0.5), SEQ),
    "LRUCell": (lambda: L.LRUCell(3, state_size=2), CELL),
    "LSTMCell": (lambda: L.LSTMCell(3), CELL),
    "LayerNormalization": (lambda: L.LayerNormalization(), SEQ),
    "GroupNormalization": (lambda: L.GroupNormalization(groups=-1, epsilon=0.01), SEQ),
    "RMSNormalization": (lambda: L.RMSNormalization(axis=[1, 2], epsilon=1e-4), SEQ),
    "Masking": (lambda: L.Masking(), SEQ),
    "Permute": (lambda: L.Permute((2, 1)), SEQ),
    "UpSampling1D": (lambda: L.UpSampling1D(size=3), SEQ),
    "UpSampling2D": (lambda: L.UpSampling2D(size=(1, 2), interpolation="bilinear"), "frames1"),
    "UpSampling3D": (lambda: L.UpSampling3D(size=2, data_format="channels_first"), "frames2"),
    "ZeroPadding1D": (lambda: L.ZeroPadding1D(padding=(2, 1), data_format="channels_first"), SEQ),
    "ZeroPadding2D": (lambda: L.ZeroPadding2D(padding=(1, (0, 2))), "frames1"),
    "ZeroPadding3D": (lambda: L.ZeroPadding3D(padding=1, data_format="channels_first"), "frames2"),
    "LeakyReLU": (lambda: L.LeakyReLU(alpha=0.1), SEQ),
    "Attention": (lambda: L.Attention(use_scale=True, score_mode="concat", dropout=0.1, seed=2), PAIR),
    "AdditiveAttention": (lambda: L.AdditiveAttention(use_scale=False), PAIR),
    "MultiHeadAttention": (
        lambda: L.MultiHeadAttention(2, 3, value_dim=4, output_shape=5, use_gate=True, seed=1),
        QV,
    ),
    "GroupQueryAttention": (
        lambda: L.GroupQueryAttention(3, 4, 2, use_gate=True, sliding_window=2, seed=1),
        QV,
    ),
    "Operation": (lambda: L.Operation("negative"), SEQ),
    "GetItem": (L.GetItem, INDEXED),
    "PReLU": (lambda: L.PReLU(alpha_constraint="non_neg", shared_axes=[1]), SEQ),
    "ReLU": (lambda: L.ReLU(max_value=2.0, negative_slope=0.1, threshold=0.5), SEQ),
    "Softmax": (lambda: L.Softmax(axis=[1, 2]), SEQ),
    "SpatialDropout1D": (lambda: L.SpatialDropout1D(0.2, seed=4), SEQ),
    "MaxPooling1D": (lambda: L.MaxPooling1D(), SEQ),
    "UnitNormalization": (lambda: L.UnitNormalization(axis=[1, 2]), SEQ),
    "Maximum": (lambda: L.Maximum(), PAIR),
    "MinGRU": (lambda: L.MinGRU(3, return_sequences=True), SEQ),
    "MinGRUCell": (lambda: L.MinGRUCell(3), CELL),
    "MinLSTM": (lambda: L.MinLSTM(3, use_bias=False), SEQ),
    "MinLSTMCell": (lambda: L.MinLSTMCell(3), CELL),
    # the last axis, of 3 samples, as the signal
    "MelSpectrogram": (
        lambda: L.MelSpectrogram(fft_length=4, sequence_stride=1, num_mel_bins=2, sampling_rate=100),
        SEQ,
    ),
    "Minimum": (lambda: L.Minimum(), PAIR),
    "Multiply": (lambda: L.Multiply(), PAIR),
    "RNN": (lambda: L.RNN(L.GRUCell(2, reset_after=False), go_backwards=True), SEQ),
    "RepeatVector": (lambda: L.RepeatVector(2), VEC),
    "Reshape": (lambda: L.Reshape((T * F,)), SEQ),
    "STFTSpectrogram": (lambda: L.STFTSpectrogram(frame_length=4, frame_step=2, padding="same"), SEQ),
    "SeparableConv1D": (lambda: L.SeparableConv1D(filters=2, kernel_size=3, padding="same"), SEQ),
    "SeparableConv2D": (
        lambda: L.SeparableConv2D(2, 3, strides=(1, 2), padding="same", pointwise_regularizer="l2"),
        "frames1",
    ),
    "SimpleRNN": (lambda: L.SimpleRNN(3, activation="relu"), SEQ),
    "SimpleRNNCell": (lambda: L.SimpleRNNCell(3), CELL),
    "StackedRNNCells": (lambda: L.StackedRNNCells([L.GRUCell(3), L.LSTMCell(2)]), CELL),
    "StringLookup": (
        lambda: L.StringLookup(vocabulary=["the", "a", "cat"], mask_token="", max_tokens=9),
        STRINGS,
    ),
    "Subtract": (lambda: L.Subtract(), PAIR),
    "Pipeline": (lambda: L.Pipeline([L.Dense(2), L.LayerNormalization()]), SEQ),
    "TextVectorization": (
        lambda: L.TextVectorization(vocabulary=["the", "cat"], ngrams=(1, 2), output_sequence_length=4),
        STRINGS,
    ),
    "TimeDistributed": (lambda: L.TimeDistributed(L.Dense(2)), SEQ),
}

# Layers made with arguments other than the defaults: objects, functions, shapes, flags.
RICH_CASES: dict[str, tuple[Callable[[], Any], str]] = {
    "gru_objects": (
        lambda: L.GRU(
            3,
            kernel_initializer=initializers.HeNormal(seed=1),
            recurrent_initializer=initializers.Orthogonal(gain=0.5, seed=2),
            bias_initializer=initializers.Constant(0.1),
            kernel_regularizer=regularizers.L2(0.01),
            recurrent_constraint=constraints.MaxNorm(2.0),
            activation=torch.tanh,
            reset_after=False,
            stateful=True,
            batch_input_shape=(N, None, F),
        ),
        SEQ,
    ),
    "lstm_names": (
        lambda: L.LSTM(2, kernel_initializer="he_uniform", unit_forget_bias=False, return_state=True),
        SEQ,
    ),
    "dense_frozen_float64": (
        lambda: L.Dense(2, activation="tanh", dtype="float64", trainable=False, input_shape=(F,)),
        VEC,
    ),
    "bidirectional_backward_layer": (
        lambda: L.Bidirectional(L.GRU(2), backward_layer=L.GRU(2, go_backwards=True, name="back")),
        SEQ,
    ),
    "rnn_of_a_stack": (
        lambda: L.RNN(L.StackedRNNCells([L.SimpleRNNCell(2), L.GRUCell(2)]), return_sequences=True),
        SEQ,
    ),
    "embedding_keras2_weights": (
        lambda: L.Embedding(7, 2, weights=[np.ones((7, 2), np.float32)], mask_zero=True, input_length=T),
        TOKENS,
    ),
    "time_distributed_rnn_input": (lambda: L.TimeDistributed(L.Dense(2, use_bias=False)), SEQ),
}


def _public_layer_classes() -> dict[str, type]:
    """By their own names: Keras's short spellings (``MaxPool1D``) are the classes listed."""
    return {
        name: cls
        for name in L.__all__
        if isinstance(cls := getattr(L, name), type)
        and issubclass(cls, Layer)
        and name == cls.__name__
        and name not in ABSTRACT
        and name not in HOLDS_CODE
    }


def _inputs(kind: str, dtype: torch.dtype = torch.float32) -> Any:
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(N, T, F, generator=generator, dtype=dtype)
    if kind in (SEQ, CELL):
        return x
    if kind == PAIR:
        return [x, torch.randn(N, T, F, generator=generator, dtype=dtype)]
    if kind == QV:
        return (x, torch.randn(N, T + 1, F, generator=generator, dtype=dtype))
    if kind == INDEXED:
        return (x, encode_index((slice(None), -1)))
    if kind == VEC:
        return x[:, 0]
    if kind == "vec_pair":
        return [x[:, 0], x[:, 1]]
    if kind == TOKENS:
        return torch.randint(0, 7, (N, T), generator=generator)
    if kind.startswith("frames"):  # sequences of 1-, 2- or 3-D steps
        return torch.randn(N, T, *(4,) * int(kind[-1]), F, generator=generator, dtype=dtype)
    if kind == STRINGS:
        return np.array(["the cat sat", "a dog"][:N])
    raise AssertionError(kind)


def _run(layer: Any, kind: str) -> tuple[Any, Any]:
    """``(runner, outputs)``: the layer (a cell inside an RNN) called on its input kind."""
    runner = L.RNN(layer, return_sequences=True) if kind == CELL else layer
    return runner, _call(runner, _inputs(kind, layer.torch_dtype))


def _call(runner: Any, inputs: Any) -> Any:
    """``runner`` on ``inputs``: a tuple as positional arguments (query and value)."""
    return runner(*inputs) if isinstance(inputs, tuple) else runner(inputs)


def _assert_same(a: Any, b: Any) -> None:
    if isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple)) and len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y)
    else:
        torch.testing.assert_close(b, a, rtol=0, atol=0)


def _signature_arguments(cls: type) -> set[str]:
    parameters = inspect.signature(cls).parameters.values()
    named = {p.name for p in parameters if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
    return named - FOLDED.get(cls, set())


# Arguments a config holds in another form, as Keras's does: an InputLayer's batch_shape holds
# its shape (and batch_size), and an input tensor is never stored (it is refused).
FOLDED = {L.InputLayer: {"shape", "input_tensor"}}


def _round_trip(make: Callable[[], Any], kind: str) -> None:
    torch.manual_seed(0)
    layer = make()
    runner, _ = _run(layer, kind)
    expected = _call(_fresh(runner), _inputs(kind, layer.torch_dtype))
    config = layer.get_config()
    assert json.loads(json.dumps(config)) == config  # JSON-ready, tuples already lists
    omitted = {*INPUT_DECLARATIONS, *NOT_IN_CONFIG, *getattr(type(layer), "not_in_config", ())}
    missing = _signature_arguments(type(layer)) - set(config) - omitted
    assert not missing, f"{type(layer).__name__}.get_config() lacks {sorted(missing)}"
    twin = type(layer).from_config(config)
    assert type(twin) is type(layer)
    assert twin.get_config() == config
    twin_runner, _ = _run(twin, kind)
    twin_runner.set_weights(runner.get_weights())
    _assert_same(expected, _call(_fresh(twin_runner), _inputs(kind, twin.torch_dtype)))


def _fresh(runner: Any) -> Any:
    """``runner`` with the states its earlier calls left zeroed."""
    for module in runner.modules():
        if getattr(module, "stateful", False) and module.states[0] is not None:
            module.reset_states()
    return runner


def test_every_public_layer_class_is_in_the_table() -> None:
    missing = sorted(set(_public_layer_classes()) - set(CASES))
    assert not missing, (
        f"statefulrnn.layers exports {missing}, which tests/test_config_roundtrip.py's CASES does not "
        f"construct: add each with its required arguments (or to ABSTRACT, saying why)."
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_layer_round_trips_through_its_config(name: str) -> None:
    assert name in _public_layer_classes(), f"CASES names {name}, which statefulrnn.layers does not export"
    make, kind = CASES[name]
    assert type(make()).__name__ == name
    _round_trip(make, kind)


@pytest.mark.parametrize("name", sorted(RICH_CASES))
def test_layer_with_given_arguments_round_trips(name: str) -> None:
    _round_trip(*RICH_CASES[name])


def test_config_values_are_written_as_keras_writes_them() -> None:
    layer = L.LSTM(
        2,
        kernel_initializer=initializers.GlorotNormal(seed=4),
        kernel_regularizer=regularizers.L1L2(l1=0.1, l2=0.2),
        dtype=torch.float64,
        input_shape=(None, F),
    )
    config = layer.get_config()
    assert config["kernel_initializer"] == {
        "module": "keras.initializers",
        "class_name": "GlorotNormal",
        "config": {"seed": 4, "input_axes": None, "output_axes": None},
        "registered_name": None,
    }
    assert config["recurrent_initializer"]["class_name"] == "Orthogonal"
    assert config["kernel_regularizer"]["class_name"] == "L1L2"
    assert config["kernel_regularizer"]["module"] == "keras.regularizers"
    assert config["dtype"] == "float64" and config["batch_input_shape"] == [None, None, F]
    assert "input_shape" not in config and "cell" not in config
    cell = L.RNN(L.GRUCell(2)).get_config()["cell"]
    assert cell["module"] == "keras.layers" and cell["class_name"] == "GRUCell"
    assert cell["config"]["units"] == 2 and cell["config"]["reset_after"] is True


def test_a_user_function_stays_in_the_config_and_a_file_refuses_it_but_a_lambdas() -> None:
    def double(t: torch.Tensor) -> torch.Tensor:
        return 2 * t

    dense = L.Dense(2, activation=double)
    assert dense.get_config()["activation"] is double
    with pytest.raises(ValueError, match=r"activation=.*a Python function that is not registered"):
        Sequential([L.Input((T, F)), dense]).save(Path(tempfile.mkdtemp()) / "model.safetensors")
    # A Lambda's function is written as Keras 3 writes it, and read back as the program's own.
    layer = L.Lambda(double, output_shape=(T, F), arguments={}, name="twice")
    config = layer.get_config()
    assert config["function"] == {
        "module": "builtins",
        "class_name": "function",
        "config": "double",
        "registered_name": "function",
    }
    assert config["output_shape"] == [T, F]
    twin = L.Lambda.from_config(config)
    x = torch.randn(N, T, F)
    assert twin.function is double and torch.equal(twin(x), layer(x)) and twin.name == "twice"
    path = Path(tempfile.mkdtemp()) / "model.safetensors"
    Sequential([L.Input((T, F)), layer]).save(path)
    assert statefulrnn.load_model(path).layers[0].function is double


def test_from_config_refuses_what_is_not_a_config() -> None:
    with pytest.raises(TypeError, match=r"GRU.from_config needs a dict of arguments. Received: \[3\]"):
        L.GRU.from_config([3])
    with pytest.raises(TypeError, match=r"GRU got an unknown argument unit=3. Did you mean units=\?"):
        L.GRU.from_config({"units": 3, "unit": 3})


def _models() -> dict[str, Callable[[], Any]]:
    def functional() -> Model:
        a, b = L.Input(shape=(None, F), name="a"), L.Input(shape=(None, F), name="b")
        shared = L.GRU(3, return_sequences=True, name="shared")
        _, h, c = L.LSTM(2, return_state=True, name="enc")(shared(a))
        y = L.LSTM(2, return_sequences=True, name="dec")(shared(b), initial_state=[h, c])
        return Model([a, b], [L.Dense(1, name="head")(y), h], name="two")

    return {
        "sequential": lambda: Sequential(
            [L.Input(batch_shape=(N, None, F)), L.GRU(3, stateful=True), L.Dense(2)], name="seq"
        ),
        "functional": functional,
    }


@pytest.mark.parametrize("name", sorted(_models()))
def test_models_round_trip_through_their_config(name: str) -> None:
    model = _models()[name]()
    config = model.get_config()
    assert json.loads(json.dumps(config)) == config
    twin = type(model).from_config(config)
    assert twin.get_config() == config
    twin.set_weights(model.get_weights())
    x = _inputs(SEQ)
    inputs = [x, x.flip(1)] if name == "functional" else x
    _assert_same(model(inputs), twin(inputs))


def test_layer_classes_lists_every_public_layer() -> None:
    assert set(_public_layer_classes()) <= set(layer_classes())
    assert {"Sequential", "Model"} <= set(layer_classes())
    assert np.all([issubclass(cls, Layer) for cls in layer_classes().values()])


class _UserCell(L.SimpleRNNCell):
    """A cell class of the user's own (outside statefulrnn.layers)."""

    def __init__(self, units: int, scale: float = 2.0, **kwargs: Any) -> None:
        super().__init__(units, **kwargs)
        self.scale = scale


def test_a_user_sublayer_class_round_trips_in_memory() -> None:
    layer = L.RNN(_UserCell(3, scale=0.5))
    cell = layer.get_config()["cell"]
    assert cell["module"] == __name__ and cell["class_name"] == "_UserCell"
    assert cell["config"]["scale"] == 0.5 and cell["config"]["units"] == 3
    twin = L.RNN.from_config(layer.get_config())
    assert type(twin.cell) is _UserCell and twin.cell.scale == 0.5 and twin.cell is not layer.cell


KERAS_CONFIGS = Path(__file__).resolve().parent / "fixtures" / "configs" / "keras_configs.json"


def _keras_cases() -> dict[str, Any]:
    return json.loads(KERAS_CONFIGS.read_text())["cases"]


def _without_dtype_policies(config: Any) -> Any:
    """Keras's ``{"class_name": "DTypePolicy", ...}`` as the dtype name statefulrnn writes."""
    if isinstance(config, dict):
        if config.get("class_name") == "DTypePolicy":
            return config["config"]["name"]
        return {key: _without_dtype_policies(value) for key, value in config.items()}
    return config


# Keys on one side only: Keras's quantization (not here; Keras writes None); ours that Keras's
# LSTM/GRU/SimpleRNN lack, and activity_regularizer, which Keras's base Layer writes only when set.
KERAS_ONLY = {"quantization_config"}
OURS_ONLY = {"implementation", "use_cudnn", "seed", "activity_regularizer"}


def _assert_keras_values(keras_config: Any, ours: Any, path: str) -> None:
    if not (isinstance(keras_config, dict) and isinstance(ours, dict)):
        assert ours == keras_config, path
        return
    assert set(keras_config) - set(ours) <= KERAS_ONLY, path
    assert set(ours) - set(keras_config) <= OURS_ONLY, path
    for key in set(keras_config) - KERAS_ONLY:
        _assert_keras_values(keras_config[key], ours[key], f"{path}.{key}")


@pytest.mark.parametrize("case", sorted(_keras_cases()))
def test_keras_configs_are_read_and_written_back(case: str) -> None:
    """A config real Keras wrote (tools/keras_fixtures/configs.py) makes a layer whose own
    config holds Keras's keys with Keras's values, nested layers' too."""
    entry = _keras_cases()[case]
    layer = layer_classes()[entry["class_name"]].from_config(entry["config"])
    _assert_keras_values(_without_dtype_policies(entry["config"]), layer.get_config(), case)
