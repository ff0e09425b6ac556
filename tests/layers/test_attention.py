"""`Attention` and `AdditiveAttention` against Keras 3 (tests/fixtures/attention, made by
tools/keras_fixtures/attention.py): each case's outputs and scores, an LSTM encoder-decoder
with both trained and saved by Keras, files both ways, and the errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import layers, use_fused_kernels
from statefulrnn.io import load_keras, save_keras
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras

FIXTURES = Path(__file__).parents[1] / "fixtures" / "attention"
LAYERS = np.load(FIXTURES / "layers.npz")
CASES = json.loads(str(LAYERS["cases"]))
SEQ2SEQ = np.load(FIXTURES / "seq2seq.npz")


@pytest.mark.parametrize("name", CASES)
def test_each_case_gives_keras_outputs_and_scores(name: str) -> None:
    case = CASES[name]
    layer = getattr(layers, case["class"])(**case["arguments"])
    inputs = [torch.from_numpy(LAYERS[f"{name}_{part}"]) for part in ("query", "value", "key")
              if f"{name}_{part}" in LAYERS.files]  # fmt: skip
    call = dict(case["call"], return_attention_scores=True)
    if f"{name}_query_mask" in LAYERS.files:
        call["mask"] = [torch.from_numpy(LAYERS[f"{name}_{part}_mask"]) for part in ("query", "value")]
    layer(inputs, **call)
    layer.set_weights([LAYERS[f"{name}_w{i}"] for i in range(len(layer.get_weights()))])
    output, scores = layer(inputs, **call)
    np.testing.assert_allclose(output.detach().numpy(), LAYERS[f"{name}_y"], atol=1e-5, rtol=0)
    np.testing.assert_allclose(scores.detach().numpy(), LAYERS[f"{name}_scores"], atol=1e-6, rtol=0)


def seq2seq() -> srnn.Model:
    """The fixture's encoder-decoder, written as its Keras program is."""
    source = srnn.Input((7, 3))
    target = srnn.Input((5, 2))
    encoded, h, c = layers.LSTM(6, return_sequences=True, return_state=True)(source)
    decoded = layers.LSTM(6, return_sequences=True)(target, initial_state=[h, c])
    context = layers.Attention()([decoded, encoded])
    joined = layers.Concatenate()([decoded, context])
    additive = layers.AdditiveAttention()([decoded, encoded, encoded])
    return srnn.Model([source, target], layers.Dense(1)(layers.Concatenate()([joined, additive])))


def _weights(prefix: str) -> list[np.ndarray]:
    return [SEQ2SEQ[f"{prefix}{i}"] for i in range(sum(k.startswith(prefix) for k in SEQ2SEQ.files))]


@pytest.mark.parametrize("fused", [True, False])
def test_an_encoder_decoder_with_attention_trains_as_keras(fused: bool) -> None:
    model = seq2seq()
    model.set_weights(_weights("w"))
    model.compile(optimizer=srnn.optimizers.SGD(learning_rate=0.1), loss="mse")
    x = [SEQ2SEQ["source"], SEQ2SEQ["target"]]
    with use_fused_kernels(fused):
        losses = [float(model.train_on_batch(x, SEQ2SEQ["y"])) for _ in range(3)]
    np.testing.assert_allclose(losses, SEQ2SEQ["losses"], atol=1e-5, rtol=0)
    for ours, keras in zip(model.get_weights(), _weights("after")):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)


def test_the_keras_file_loads_and_our_files_keep_it(tmp_path: Path) -> None:
    x = [SEQ2SEQ["source"], SEQ2SEQ["target"]]
    assert_predicts_and_keeps(load_keras(FIXTURES / "seq2seq.keras"), x, SEQ2SEQ["predicted"], tmp_path)


@needs_keras
def test_keras_reads_our_file(tmp_path: Path) -> None:
    model = seq2seq()
    model.set_weights(_weights("after"))
    save_keras(model, tmp_path / "seq2seq.keras")
    error = keras_prediction_error(tmp_path / "seq2seq.keras", FIXTURES / "seq2seq.npz", ["source", "target"])
    assert error < 1e-5


def test_the_query_mask_passes_to_the_output_and_empties_its_rows() -> None:
    query, value = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
    query_mask = torch.tensor([[True, False, True], [True, True, False]])
    layer = layers.Attention()
    output = layer([query, value], mask=[query_mask, None])
    assert torch.equal(output.abs().sum(-1) > 0, query_mask)
    assert torch.equal(layer.compute_mask([query, value], [query_mask, None]), query_mask)


def test_dropout_drops_attention_weights_in_training_only() -> None:
    layer = layers.Attention(dropout=0.5, seed=1)
    query, value = torch.randn(2, 3, 4), torch.randn(2, 5, 4)
    assert torch.equal(layer([query, value]), layer([query, value]))
    assert not torch.equal(layer([query, value], training=True), layer([query, value]))


def test_bad_inputs_are_refused_naming_them() -> None:
    with pytest.raises(ValueError, match="score_mode must be 'dot' or 'concat'"):
        layers.Attention(score_mode="general")
    with pytest.raises(ValueError, match=r"a list \[query, value\] or \[query, value, key\]"):
        layers.Attention()(torch.ones(1, 2, 3))
    with pytest.raises(ValueError, match="query and key must have the same last size"):
        layers.AdditiveAttention()([torch.ones(1, 2, 3), torch.ones(1, 4, 2)])


def test_tf_keras_s_deprecated_causal_argument_masks_every_call_as_use_causal_mask() -> None:
    # tf-keras 2.21 warns and masks so (Hands-On ML 2's chapter 16 builds Attention(causal=True)).
    from statefulrnn.layers import AdditiveAttention, Attention

    query = torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 10
    for layer_class in (Attention, AdditiveAttention):
        with pytest.warns(UserWarning, match="`causal` argument is deprecated"):
            causal = layer_class(causal=True)
        plain = layer_class()
        plain.build([(None, 3, 4), (None, 3, 4)]), causal.build([(None, 3, 4), (None, 3, 4)])
        plain.set_weights(causal.get_weights())
        torch.testing.assert_close(causal([query, query]), plain([query, query], use_causal_mask=True))
        assert causal.get_config()["causal"] is True and "causal" not in plain.get_config()
        assert layer_class.from_config(causal.get_config()).causal
