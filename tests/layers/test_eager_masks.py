"""Keras's masks between layers called one by one (a subclassed model's ``call()``, a chain by
hand): a mask an `Embedding(mask_zero=True)` or a `Masking` makes rides on its output
(``_keras_mask``) into the next layer, as Keras 3's ``Layer.__call__`` passes it; the programs
of tools/keras_fixtures/eager_masks.py run with statefulrnn as ``keras``, against what they gave
on Keras 3.15.1."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import GRU, Sequential
from statefulrnn.layers import Embedding
from tests.fixture_scripts import fixture_script

RECORDED = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "eager_masks" / "recorded.json").read_text()
)
SCRIPT = fixture_script("eager_masks")


@pytest.mark.parametrize("case", ["subclassed", "chained", "masked_features", "merged", "with_states"])
def test_masks_pass_between_layers_called_by_hand_as_in_keras(case: str) -> None:
    ours, theirs = getattr(SCRIPT, case)(keras), RECORDED[case]
    for key, value in theirs.items():
        if isinstance(value, bool) or "mask" in key:
            assert ours[key] == value, key
        else:
            np.testing.assert_allclose(ours[key], value, rtol=1e-5, atol=1e-6, err_msg=key)


def test_a_model_given_a_masked_tensor_and_a_plain_one_agree_with_their_masks() -> None:
    # A model's own mask bookkeeping and a tensor's Keras mask give one answer: the Embedding's
    # output, masked, into a model of a GRU equals the whole chain as one model.
    ids = torch.tensor([[1, 2, 0, 0], [3, 1, 2, 4]])
    embedding = Embedding(6, 3, mask_zero=True)
    gru = GRU(2)
    whole = Sequential([embedding, gru])
    np.testing.assert_allclose(gru(embedding(ids)).detach(), whole(ids).detach(), rtol=1e-6)
    plain = embedding(ids).detach().clone()  # a new tensor: no mask rides on it
    assert "_keras_mask" not in plain.__dict__
    assert not torch.allclose(gru(plain), whole(ids))
