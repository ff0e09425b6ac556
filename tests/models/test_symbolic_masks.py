"""Keras's masks on a functional model's symbolic tensors (``x._keras_mask``) and tf-keras's
``get_shape()``: the programs of tools/keras_fixtures/symbolic_masks.py run with statefulrnn as
``keras``, against what they gave on Keras 3.15 (torch backend) and tf-keras 2.21."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import Input, Model, ops
from statefulrnn.layers import GRU, LSTM, Concatenate, Dense, Embedding, Layer
from statefulrnn.layers.symbolic_masks import ComputedMask
from tests.fixture_scripts import fixture_script

RECORDED = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "symbolic_masks" / "recorded.json").read_text()
)
SCRIPT = fixture_script("symbolic_masks")


def test_symbolic_masks_have_keras_shapes_and_dtypes() -> None:
    assert SCRIPT.mask_specs(keras) == RECORDED["mask_specs"]


@pytest.mark.parametrize("case", ["explicit_lstm", "custom_consumer", "masked_frames", "merged"])
def test_models_given_symbolic_masks_by_hand_match_keras(case: str) -> None:
    torch.manual_seed(0)
    ours, theirs = getattr(SCRIPT, case)(keras)["outputs"], RECORDED[case]["outputs"]
    if case == "explicit_lstm":  # one output; the others have two
        ours, theirs = [ours], [theirs]
    assert len(ours) == len(theirs)
    for mine, recorded in zip(ours, theirs):
        np.testing.assert_allclose(mine, recorded, rtol=1e-5, atol=1e-6)


def test_get_shape_reads_as_tf_keras_tensor_shape() -> None:
    assert SCRIPT.get_shape(keras) == RECORDED["get_shape"]


def test_an_input_has_none_and_an_unmasked_output_has_no_mask() -> None:
    inputs = Input(shape=(None,))
    assert inputs._keras_mask is None  # tf-keras's None on an Input
    dense = Dense(2)(Input(shape=(3,)))
    assert not hasattr(dense, "_keras_mask")  # Keras: no attribute without a mask
    with pytest.raises(AttributeError, match="has no mask"):
        dense._keras_mask  # noqa: B018 - the read is the test


def test_the_same_mask_object_passes_through_layers_and_can_be_set() -> None:
    x = Embedding(10, 4, mask_zero=True)(Input(shape=(None,), dtype="int32"))
    mask = x._keras_mask
    assert Dense(2)(x)._keras_mask is mask is x._keras_mask  # found once, as Keras's one tensor
    y = Dense(2)(Input(shape=(None, 3)))
    y._keras_mask = mask  # a program may set one, as on Keras's tensors
    assert y._keras_mask is mask


def test_a_mask_given_by_name_is_the_one_passed_on() -> None:
    inputs = Input(shape=(None,), dtype="int32")
    x = Embedding(10, 4, mask_zero=True)(inputs)
    other = ops.logical_not(x._keras_mask)
    # ops on a mask keep Keras's dtypes: bool where the op keeps bools, floats from a cast
    assert [t.dtype for t in (other, ops.expand_dims(other, -1), ops.cast(other, "float32"))] == [
        "bool",
        "bool",
        "float32",
    ]
    sequences = LSTM(2, return_sequences=True)(x, mask=other)
    assert sequences._keras_mask is other


class _HalfMask(Layer):
    """Keeps the first half of the steps' mask, written with torch (real tensors only)."""

    supports_masking = True

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        steps = torch.arange(inputs.shape[1], device=inputs.device)
        return mask & (steps < inputs.shape[1] // 2)


class _MaskedSum(Layer):
    def call(self, inputs: Any, mask: Any = None) -> Any:
        return (inputs * mask[..., None].to(inputs.dtype)).sum(1)


def test_a_compute_mask_for_real_tensors_is_computed_at_run_time() -> None:
    # A program's compute_mask in torch cannot run on symbolic tensors: its node computes it
    # when the model runs, and gives what the layer gives the next layer by itself.
    inputs = Input(shape=(None,), dtype="int32")
    x = _HalfMask()(Embedding(6, 3, mask_zero=True, embeddings_initializer="ones")(inputs))
    mask = x._keras_mask
    assert (mask.shape, mask.dtype, type(mask.node.layer)) == ((None, None), "bool", ComputedMask)
    by_hand = Model(inputs, _MaskedSum()(x, mask=mask))
    passed_on = Model(inputs, _MaskedSum()(x))
    ids = torch.tensor([[1, 2, 3, 0], [4, 0, 0, 0]])
    expected = torch.tensor([[2.0, 2.0, 2.0], [1.0, 1.0, 1.0]])  # steps real and in the first half
    torch.testing.assert_close(by_hand(ids), expected)
    torch.testing.assert_close(passed_on(ids), expected)
    assert len(by_hand.weights) == 1  # the Embedding's, once: the mask's node holds none


def test_a_nested_model_gives_no_symbolic_mask_as_keras_3() -> None:
    inner_input = Input(shape=(None,), dtype="int32")
    inner = Model(inner_input, Dense(2)(Embedding(10, 4, mask_zero=True)(inner_input)))
    assert not hasattr(inner(Input(shape=(None,), dtype="int32")), "_keras_mask")


def test_concatenated_mask_equals_the_one_the_model_passes_on() -> None:
    first, second = Input(shape=(None,), dtype="int32"), Input(shape=(None,), dtype="int32")
    joined = Concatenate()([Embedding(6, 2, mask_zero=True)(first), Embedding(6, 3, mask_zero=True)(second)])
    gru = GRU(2)
    by_hand = Model([first, second], gru(joined, mask=joined._keras_mask))
    passed_on = Model([first, second], gru(joined))
    a, b = torch.tensor([[1, 2, 0, 0], [3, 0, 0, 0]]), torch.tensor([[1, 0, 0, 0], [3, 4, 5, 0]])
    torch.testing.assert_close(by_hand([a, b]), passed_on([a, b]))


class _Decoder(keras.layers.Layer):
    """keras.io's English-to-Spanish decoder's shape: a layer of two tensors that reads the mask
    of the first."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(4, kernel_initializer=keras.initializers.GlorotUniform(seed=3))
        self.supports_masking = True

    def call(self, inputs: Any, encoder_outputs: Any, mask: Any = None) -> Any:
        scale = 1.0 if mask is None else keras.ops.expand_dims(keras.ops.cast(mask, "float32"), -1)
        return self.dense(inputs * scale + keras.ops.mean(encoder_outputs, axis=1, keepdims=True))


def _translator(nested: bool) -> Model:
    """The decoder of keras.io's translation Transformer as a model of its own called on [ids,
    encoder outputs] (nested), or its layers laid out in the translator itself; seeded alike."""

    def embedding(seed: int) -> Any:
        return keras.layers.Embedding(
            20, 4, mask_zero=True, embeddings_initializer=keras.initializers.RandomUniform(seed=seed)
        )

    encoder_ids, decoder_ids = keras.Input(shape=(None,)), keras.Input(shape=(None,))
    encoded = embedding(1)(encoder_ids)
    head = keras.layers.Dense(
        20, activation="softmax", kernel_initializer=keras.initializers.GlorotUniform(seed=4)
    )
    if not nested:
        return keras.Model([encoder_ids, decoder_ids], head(_Decoder()(embedding(2)(decoder_ids), encoded)))
    decoder_in, encoded_in = keras.Input(shape=(None,)), keras.Input(shape=(None, 4))
    decoder = keras.Model([decoder_in, encoded_in], head(_Decoder()(embedding(2)(decoder_in), encoded_in)))
    return keras.Model([encoder_ids, decoder_ids], decoder([decoder_ids, encoded]))


def test_a_model_called_in_another_s_graph_gets_each_input_s_mask() -> None:
    # The nested decoder gets its inputs' masks (the encoder outputs' here) one per input, and
    # computes what its layers laid out in one model compute (Keras 3.15 gives both the same
    # history as here, checked there with Keras's weights to 1e-7); it failed on the list of masks.
    rng = np.random.default_rng(0)
    a, b = rng.integers(1, 20, size=(8, 5)), rng.integers(1, 20, size=(8, 5))
    a[:, 3:], b[:, 4:] = 0, 0
    histories, predictions = [], []
    for nested in (True, False):
        model = _translator(nested)
        model.compile(keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
        histories.append(model.fit([a, b], b, epochs=2, batch_size=4, shuffle=False, verbose=0).history)
        predictions.append(model.predict([a, b], verbose=0))
    np.testing.assert_allclose(histories[0]["loss"], histories[1]["loss"], rtol=1e-6)
    np.testing.assert_allclose(predictions[0], predictions[1], rtol=1e-5)
    assert len(_translator(False).get_weights()) == 6  # the decoder layer's Dense built with the model


class _MaskedEncoder(keras.layers.Layer):
    """keras.io's TransformerEncoder: its attention mask exists only when a mask comes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.attention = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
        self.dense = keras.layers.Dense(4)
        self.supports_masking = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is not None:
            padding_mask = keras.ops.cast(mask[:, None, :], dtype="int32")
        attended = self.attention(query=inputs, value=inputs, key=inputs, attention_mask=padding_mask)
        return self.dense(inputs + attended)


def test_a_layer_that_reads_its_mask_is_built_by_a_call_that_gets_one() -> None:
    # Keras's symbolic call hands the layer its input's mask, so every sublayer is built with the
    # model: the 11 weights Keras 3.15 lists (a call without the mask failed, leaving them unbuilt).
    inputs = keras.Input(shape=(None,))
    model = keras.Model(inputs, _MaskedEncoder()(keras.layers.Embedding(20, 4, mask_zero=True)(inputs)))
    shapes = [tuple(w.shape) for w in model.get_weights()]
    assert shapes == [
        (20, 4), (4, 2, 4), (2, 4), (4, 2, 4), (2, 4), (4, 2, 4), (2, 4), (2, 4, 4), (4,), (4, 4), (4,)
    ]  # fmt: skip
