"""CTC against Keras (tests/fixtures/ctc, made by tools/keras_fixtures/ctc.py): Keras 3's
``ops.ctc_loss``, ``ops.ctc_decode`` (greedy, and beam search with its pruning: the paths and
their log-probabilities), ``losses.CTC`` and a GRU model trained by ``fit`` with it (the fixture
script's own model); tf-keras 2's ``backend.ctc_batch_cost`` (rows ended by a "null label", as
TensorFlow reads them) and ``ctc_decode``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import backend, ctc, losses, ops
from tests.fixture_scripts import fixture_script
from tests.layers.test_operations import weights

DATA = np.load(Path(__file__).resolve().parent / "fixtures" / "ctc" / "values.npz")
PROGRAM = fixture_script("ctc")


def test_the_loss_equals_keras_where_an_alignment_exists() -> None:
    """The last sample's labels (2 2 2 2) need 7 steps and have 5: -log(0) = inf here, where
    TensorFlow's dense computation gives a large finite number (713.5)."""
    loss = ops.ctc_loss(DATA["labels"], DATA["logits"], DATA["label_length"], DATA["logit_length"])
    np.testing.assert_allclose(loss[:3].numpy(), DATA["loss"][:3], rtol=1e-5)
    assert torch.isinf(loss[3]) and DATA["loss"][3] > 700
    shifted = ops.ctc_loss(
        DATA["labels"] - 1, DATA["logits"], DATA["label_length"], DATA["logit_length"], mask_index=4
    )
    np.testing.assert_allclose(shifted[:3].numpy(), DATA["loss_blank_last"][:3], rtol=1e-5)


@pytest.mark.parametrize("case", sorted(PROGRAM.DECODE_CASES))
def test_decoders_equal_keras(case: str) -> None:
    decoded, scores = ops.ctc_decode(DATA["logits"], DATA["logit_length"], **PROGRAM.DECODE_CASES[case])
    assert decoded.dtype == torch.int32
    np.testing.assert_array_equal(decoded.numpy(), DATA[f"decode_{case}"])
    np.testing.assert_allclose(scores.numpy(), DATA[f"scores_{case}"], rtol=1e-5, atol=1e-5)


def test_the_loss_class_equals_keras_and_names_a_sample_without_alignment() -> None:
    got = losses.CTC()(torch.from_numpy(DATA["labels"]), torch.from_numpy(DATA["logits"]))
    np.testing.assert_allclose(float(got), float(DATA["ctc_class"]), rtol=1e-5)
    assert losses.get("ctc") is losses.ctc and losses.CTC().get_config() == {
        "name": "ctc",
        "reduction": "sum_over_batch_size",
    }
    with pytest.raises(
        ValueError, match=r"labels of sample 1 \(\[2, 2, 2\]\) need at least 5 steps .* has 4"
    ):
        losses.ctc(torch.tensor([[1, 0, 0], [2, 2, 2]]), torch.zeros(2, 4, 3))
    with pytest.raises(ValueError, match=r"y_true \(batch_size, max_length\)"):
        losses.ctc(torch.tensor([1, 2]), torch.zeros(2, 4, 3))


def test_a_gru_trains_with_the_ctc_loss_as_in_keras() -> None:
    model = PROGRAM.model(srnn)  # the fixture script's own code, statefulrnn as keras
    model.set_weights(weights("w", DATA))
    model.compile(optimizer=srnn.optimizers.Adam(0.01), loss=losses.CTC())
    history = model.fit(DATA["x"], DATA["y"], epochs=2, batch_size=4, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], DATA["history"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", DATA)):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)


def test_tf_keras_batch_cost_and_decoders_equal_tf_keras() -> None:
    probabilities = DATA["k2_probabilities"]
    cost = backend.ctc_batch_cost(
        DATA["k2_labels"], probabilities, DATA["k2_input_length"], DATA["k2_label_length"]
    )
    assert cost.shape == (4, 1)
    np.testing.assert_allclose(cost[:3].numpy(), DATA["k2_cost"][:3], rtol=1e-5)
    (greedy,), log_prob = backend.ctc_decode(probabilities, DATA["k2_input_length"][:, 0])
    np.testing.assert_array_equal(greedy.numpy(), DATA["k2_greedy"])
    np.testing.assert_allclose(log_prob.numpy(), DATA["k2_greedy_log_prob"], rtol=1e-5)
    beams, log_prob = backend.ctc_decode(
        probabilities, DATA["k2_input_length"][:, 0], greedy=False, beam_width=5, top_paths=2
    )
    for rank, beam in enumerate(beams):
        np.testing.assert_array_equal(beam.numpy(), DATA[f"k2_beam_{rank}"])
    np.testing.assert_allclose(log_prob.numpy(), DATA["k2_beam_log_prob"], rtol=1e-5)


def test_bad_requests_are_refused() -> None:
    with pytest.raises(ValueError, match="Invalid strategy"):
        ops.ctc_decode(DATA["logits"], DATA["logit_length"], strategy="best")
    with pytest.raises(ValueError, match="top_paths must be in"):
        ops.ctc_decode(
            DATA["logits"], DATA["logit_length"], strategy="beam_search", beam_width=2, top_paths=3
        )
    with pytest.raises(ValueError, match="one length per sample"):
        ops.ctc_loss(DATA["labels"], DATA["logits"], [1, 2], DATA["logit_length"])


def test_tf_keras_batch_cost_ends_each_row_at_its_first_null_label_as_tensorflow() -> None:
    """Rows padded with 99 or with the blank's index (4), their full width given as the length
    (keras.io's handwriting recognizer): TensorFlow reads the labels before the first of those;
    one below the blank's index after it is refused, on both sides."""
    padded, probabilities = DATA["k2_padded_labels"], DATA["k2_probabilities"]
    full = np.full((4, 1), 4)
    cost = backend.ctc_batch_cost(padded, probabilities, DATA["k2_input_length"], full)
    np.testing.assert_allclose(cost.numpy(), DATA["k2_padded_cost"], rtol=1e-5)
    assert ctc.tf_label_lengths(padded, full[:, 0], 5).tolist() == [2, 1, 4, 1]
    assert bool(DATA["k2_label_after_null_refused"])
    with pytest.raises(ValueError, match=r"sample 0 has a label below 4 after a null label"):
        backend.ctc_batch_cost(
            padded[:1, [0, 2, 1, 3]], probabilities[:1], DATA["k2_input_length"][:1], full[:1]
        )
