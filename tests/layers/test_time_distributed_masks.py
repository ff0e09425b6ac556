"""`TimeDistributed`'s output mask, by tf-keras 2's rule: its layer's own mask of the steps taken
as one batch (an `Embedding(mask_zero=True)` over each word's characters masks the characters, an
LSTM after it each word that has any), so that a character-level tagger's inner LSTM skips the
padded characters and its loss counts the real words only. The functions of
tools/keras_fixtures/time_distributed_masks.py run with statefulrnn as ``keras``, against what
they gave on tf-keras 2.21."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn.layers import LSTM, Dense, Embedding, Input, TimeDistributed
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "time_distributed_masks"
RECORDED = json.loads((FIXTURES / "recorded.json").read_text())
SCRIPT = fixture_script("time_distributed_masks")


@pytest.mark.parametrize("case", ["characters", "frames", "tagger"])
def test_time_distributed_masks_and_what_they_train_are_tf_keras(case: str) -> None:
    ours, theirs = getattr(SCRIPT, case)(keras), RECORDED[case]
    assert set(ours) == set(theirs)
    for key, value in theirs.items():
        if "mask" in key:
            assert ours[key] == value, key
        else:
            np.testing.assert_allclose(ours[key], value, rtol=1e-5, atol=1e-6, err_msg=key)


def test_a_layer_that_starts_no_mask_passes_the_incoming_one_on() -> None:
    # TimeDistributed(Dense) after a masked Embedding: the mask goes on as it came, in a model
    # and in the symbolic graph.
    ids = Input(shape=(3,), name="ids")
    embedded = Embedding(5, 2, mask_zero=True, name="emb")(ids)
    dense = TimeDistributed(Dense(2, name="dense"), name="td_dense")
    projected = dense(embedded)
    assert projected._keras_mask is embedded._keras_mask
    values = torch.tensor([[1, 0, 2], [0, 0, 3]])
    mask = values != 0
    assert torch.equal(dense.compute_mask(torch.zeros(2, 3, 2), mask), mask)
    model = keras.Model(ids, LSTM(2, name="lstm")(projected))
    assert model(values).shape == (2, 2)


def test_no_mask_in_and_none_made_gives_none() -> None:
    layer = TimeDistributed(LSTM(2, name="lstm_plain"), name="td_plain")
    assert layer.compute_mask(torch.zeros(2, 3, 4, 1)) is None
    assert not layer.may_start_masks
    masked = TimeDistributed(Embedding(4, 2, mask_zero=True, name="emb_masked"), name="td_masked")
    assert masked.may_start_masks
