"""`MultiHeadAttention` against Keras 3 (tests/fixtures/multi_head_attention, made by
tools/keras_fixtures/multi_head_attention.py): every case's outputs and scores, a Transformer
encoder trained and saved by Keras, files both ways, and the errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import layers, use_fused_kernels
from statefulrnn._masks import output_mask
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import MultiHeadAttention
from statefulrnn.regularizers import L2
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras
from tests.layers.attention_cases import replay_case

FIXTURES = Path(__file__).parents[1] / "fixtures" / "multi_head_attention"
LAYERS = np.load(FIXTURES / "layers.npz")
CASES = json.loads(str(LAYERS["cases"]))
ENCODER = np.load(FIXTURES / "encoder.npz")


@pytest.mark.parametrize("name", CASES)
def test_each_case_gives_keras_outputs_and_scores(name: str) -> None:
    replay_case(MultiHeadAttention(**CASES[name]["arguments"]), LAYERS, name, CASES[name]["call"])


def encoder(input_shape: tuple[int, int] = (6, 3), classes: int = 2) -> srnn.Model:
    """The fixture's Transformer encoder, written as the keras.io program writes it."""
    inputs = srnn.Input(shape=input_shape)
    x = inputs
    for _ in range(2):
        attended = layers.MultiHeadAttention(key_dim=4, num_heads=2, dropout=0.0)(x, x)
        attended = layers.Dropout(0.0)(attended)
        attended = layers.LayerNormalization(epsilon=1e-6)(attended)
        res = attended + x
        y = layers.Conv1D(filters=8, kernel_size=1, activation="relu")(res)
        y = layers.Conv1D(filters=input_shape[-1], kernel_size=1)(y)
        y = layers.LayerNormalization(epsilon=1e-6)(y)
        x = y + res
    x = layers.GlobalAveragePooling1D(data_format="channels_last")(x)
    x = layers.Dense(8, activation="relu")(x)
    return srnn.Model(inputs, layers.Dense(classes, activation="softmax")(x))


def _weights(prefix: str) -> list[np.ndarray]:
    return [ENCODER[f"{prefix}{i}"] for i in range(sum(k.startswith(prefix) for k in ENCODER.files))]


@pytest.mark.parametrize("fused", [True, False])
def test_the_encoder_trains_as_keras(fused: bool) -> None:
    model = encoder()
    model.set_weights(_weights("w"))
    model.compile(
        loss="sparse_categorical_crossentropy",
        optimizer=srnn.optimizers.Adam(learning_rate=1e-2),
        metrics=["sparse_categorical_accuracy"],
    )
    with use_fused_kernels(fused):
        losses = [float(model.train_on_batch(ENCODER["x"], ENCODER["y"])[0]) for _ in range(3)]
    np.testing.assert_allclose(losses, ENCODER["losses"], atol=1e-5, rtol=0)
    names = [name for name, _ in model.named_weights()]
    for name, ours, keras, start in zip(names, model.get_weights(), _weights("after"), _weights("w")):
        if name.endswith("/key/bias"):
            # It adds q . b_k to a whole row of logits, which the softmax ignores: its gradient
            # is rounding noise (~1e-9), which Adam scales up to steps of ~lr in both libraries.
            assert np.abs(ours - start).max() <= 3 * 1e-2 + 1e-6
            continue
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0, err_msg=name)


def test_the_keras_file_loads_and_predicts_as_keras(tmp_path: Path) -> None:
    model = load_keras(FIXTURES / "encoder.keras")
    assert_predicts_and_keeps(model, ENCODER["x"], ENCODER["predicted"], tmp_path)


@needs_keras
def test_keras_reads_our_file(tmp_path: Path) -> None:
    model = encoder()
    model.set_weights(_weights("after"))
    save_keras(model, tmp_path / "encoder.keras")
    assert keras_prediction_error(tmp_path / "encoder.keras", FIXTURES / "encoder.npz", ["x"]) < 1e-5


def test_the_embeddings_mask_reaches_the_attention_as_in_keras() -> None:
    masked = np.load(FIXTURES / "masked.npz")
    tokens = srnn.Input((6,), dtype="int32")
    embedded = layers.Embedding(7, 4, mask_zero=True)(tokens)
    attended = layers.MultiHeadAttention(num_heads=2, key_dim=3)(embedded, embedded)
    model = srnn.Model(tokens, layers.Dense(2)(attended))
    model.set_weights([masked[f"w{i}"] for i in range(sum(k.startswith("w") for k in masked.files))])
    np.testing.assert_allclose(model.predict(masked["x"], verbose=0), masked["y"], atol=1e-5, rtol=0)
    assert torch.equal(output_mask(model), torch.from_numpy(masked["x"] != 0))  # the query's


def test_a_query_mask_empties_its_rows_and_the_output_keeps_it() -> None:
    """Keras 3.15 overwrites a ``query_mask`` given by hand with the query's own Keras mask
    (None for a plain tensor), so the argument does nothing there; here it masks its rows."""
    torch.manual_seed(0)
    layer = MultiHeadAttention(num_heads=2, key_dim=3)
    x = torch.randn(2, 4, 3)
    mask = torch.tensor([[True, True, False, True], [True, False, True, True]])
    _, scores = layer(x, x, query_mask=mask, return_attention_scores=True)
    assert torch.equal(scores.sum(-1) > 0.5, mask[:, None, :].expand(2, 2, 4))
    assert torch.equal(layer.compute_mask(x, mask), mask)


def test_a_two_dimensional_attention_mask_applies_to_every_sample() -> None:
    torch.manual_seed(1)
    layer = MultiHeadAttention(num_heads=1, key_dim=2)
    x = torch.randn(3, 4, 2)
    causal = torch.tril(torch.ones(4, 4, dtype=torch.bool))
    torch.testing.assert_close(layer(x, x, attention_mask=causal), layer(x, x, use_causal_mask=True))


def test_regularizers_reach_every_projection_and_the_config_round_trips() -> None:
    layer = MultiHeadAttention(num_heads=2, key_dim=3, kernel_regularizer=L2(0.1), use_gate=True, seed=3)
    layer.build((None, 5, 4))
    names = [weight.name for weight in layer.keras_weights()]
    projections = ("query", "key", "gate", "value", "attention_output")
    assert names == [f"{p}/{w}" for p in projections for w in ("kernel", "bias")]
    assert len(layer.losses) == 5  # one penalty per kernel
    twin = MultiHeadAttention.from_config(layer.get_config())
    twin.build([(None, 5, 4)] * 3)
    assert [w.shape for w in twin.get_weights()] == [w.shape for w in layer.get_weights()]


def test_dropout_drops_attention_weights_in_training_only() -> None:
    torch.manual_seed(2)
    layer = MultiHeadAttention(num_heads=2, key_dim=3, dropout=0.5, seed=4)
    x = torch.randn(2, 5, 4)
    _, inference = layer(x, x, return_attention_scores=True)
    assert torch.equal(layer(x, x), layer(x, x))
    assert not torch.equal(layer(x, x, training=True), layer(x, x))
    torch.testing.assert_close(inference.sum(-1), torch.ones(2, 2, 5))


def test_bad_arguments_are_refused_naming_them() -> None:
    with pytest.raises(ValueError, match="attention_axes must be None, 1 or -2"):
        MultiHeadAttention(2, 3, attention_axes=(1, 2))
    with pytest.raises(ValueError, match="output_shape must be one positive size"):
        MultiHeadAttention(2, 3, output_shape=(4, 5))
    with pytest.raises(ValueError, match="Dropout is not supported when flash attention"):
        MultiHeadAttention(2, 3, dropout=0.1, flash_attention=True)
    layer = MultiHeadAttention(2, 3)
    with pytest.raises(TypeError, match="needs a value"):
        layer(torch.ones(1, 2, 3))
    with pytest.raises(ValueError, match="the same number of steps"):
        layer(torch.ones(1, 2, 3), torch.ones(1, 4, 3), torch.ones(1, 5, 3))
    with pytest.raises(ValueError, match=r"must broadcast to \(N, 2, 4\)"):
        MultiHeadAttention(2, 3)(torch.ones(1, 2, 3), torch.ones(1, 4, 3), attention_mask=torch.ones(1, 3, 4))


def test_a_stream_pool_refuses_attention_over_the_steps() -> None:
    """Attention reads every step of its input: chunked, a stream's outputs would change."""
    from statefulrnn.streaming import StreamPool

    inputs = srnn.Input(batch_shape=(2, None, 3))
    h = layers.GRU(4, stateful=True, return_sequences=True)(inputs)
    model = srnn.Model(inputs, layers.MultiHeadAttention(num_heads=1, key_dim=2)(h, h))
    with pytest.raises(ValueError, match=r"\(MultiHeadAttention\) mixes time steps"):
        StreamPool(model)


class _Encoder(srnn.layers.Layer):
    """keras.io's Transformer blocks: a MultiHeadAttention inside a layer of the program's own."""

    def __init__(self, by_keyword: bool, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.attention = srnn.layers.MultiHeadAttention(num_heads=2, key_dim=4)
        self.supports_masking = True
        self.by_keyword = by_keyword

    def call(self, inputs: torch.Tensor) -> torch.Tensor:
        if self.by_keyword:
            return self.attention(query=inputs, value=inputs, key=inputs)
        return self.attention(inputs, inputs)


@pytest.mark.parametrize("by_keyword", [False, True])
def test_attention_inside_a_program_s_layer_reads_the_masks_its_inputs_carry(by_keyword: bool) -> None:
    # Keras (3.15 and tf-keras 2.21) masks the padded keys and queries there as in the graph
    # itself (checked there with these weights: the same numbers both ways); it went unmasked.
    data = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 0]])
    predictions = []
    for inside in (True, False):
        ids = srnn.Input(shape=(None,))
        x = srnn.layers.Embedding(20, 4, mask_zero=True)(ids)
        attended = _Encoder(by_keyword)(x) if inside else srnn.layers.MultiHeadAttention(2, 4)(x, x)
        model = srnn.Model(ids, srnn.layers.Dense(1)(attended))
        model(data)
        rng = np.random.default_rng(0)
        model.set_weights([rng.normal(size=w.shape).astype("float32") * 0.5 for w in model.get_weights()])
        predictions.append(model.predict(data, verbose=0))
    np.testing.assert_allclose(predictions[0], predictions[1], rtol=1e-6, atol=1e-7)
