"""keras-bert's and keras-pos-embd's mask-handling layers, and merges of masked inputs, against
tf-keras 2.21 and Keras 3.15 (recorded by tools/keras_fixtures/program_layer_masks.py, whose
builders make the same models here with statefulrnn as ``keras``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn import config, load_model
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("program_layer_masks")
RECORDED = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "program_layer_masks" / "recorded.json").read_text()
)
TOLERANCE = {"rtol": 1e-5, "atol": 1e-6}


@pytest.fixture
def tf_keras_rules() -> Iterator[None]:
    config.set_keras_rules("tf_keras")
    try:
        yield
    finally:
        config.set_keras_rules("keras3")


def test_a_layer_that_writes_compute_mask_passes_masks_on_as_in_keras() -> None:
    """``supports_masking = False`` before ``super().__init__()`` does not hold: Keras's
    ``Layer.__init__`` sets it for a class that writes ``compute_mask``, so the LSTM after it
    skips the padded steps (both Keras agree)."""
    assert (
        SCRIPT.pass_mask_layer(keras)().supports_masking is RECORDED["tf_keras"]["pass_mask_supports_masking"]
    )
    assert RECORDED["keras3"]["pass_mask"] == RECORDED["tf_keras"]["pass_mask"]
    np.testing.assert_allclose(
        SCRIPT.predicted(SCRIPT.pass_mask(keras), SCRIPT.IDS), RECORDED["tf_keras"]["pass_mask"], **TOLERANCE
    )


def test_keras_bert_token_embedding_and_similarity_run_and_reload_as_in_tf_keras(tmp_path: Path) -> None:
    """The Embedding subclass's call gives two outputs where Embedding declares one (the call
    wins, as tf-keras's symbolic call); the similarity's shape is found by calling it, where its
    compute_mask takes ``mask[0]`` of masks the stand-in inputs lack; the model reloads from
    ``.h5`` (whose shapes-only rebuild calls the Embedding on meta tensors)."""
    model = SCRIPT.token_similarity(keras)
    assert [list(t.shape) for t in model.layers[1].output] == RECORDED["tf_keras"]["token_similarity_shapes"]
    expected = RECORDED["tf_keras"]["token_similarity"]
    np.testing.assert_allclose(SCRIPT.predicted(model, SCRIPT.IDS), expected, **TOLERANCE)
    model.save(tmp_path / "m.h5")
    twin = load_model(tmp_path / "m.h5", custom_objects=model.custom_objects)
    np.testing.assert_allclose(twin.predict(SCRIPT.IDS, verbose=0), expected, **TOLERANCE)


@pytest.mark.parametrize("case", ["half_masked_add", "two_masks_multiply"])
def test_merged_masks_follow_keras_3_by_default(case: str) -> None:
    inputs = [SCRIPT.IDS, SCRIPT.SEGMENTS if case == "half_masked_add" else SCRIPT.OTHER_IDS]
    assert RECORDED["keras3"][case] != RECORDED["tf_keras"][case]  # the two Keras differ here
    ours = SCRIPT.predicted(getattr(SCRIPT, case)(keras), inputs)
    np.testing.assert_allclose(ours, RECORDED["keras3"][case], **TOLERANCE)


@pytest.mark.parametrize("case", ["half_masked_add", "two_masks_multiply"])
def test_merged_masks_follow_tf_keras_under_its_rules(case: str, tf_keras_rules: None) -> None:
    inputs = [SCRIPT.IDS, SCRIPT.SEGMENTS if case == "half_masked_add" else SCRIPT.OTHER_IDS]
    ours = SCRIPT.predicted(getattr(SCRIPT, case)(keras), inputs)
    np.testing.assert_allclose(ours, RECORDED["tf_keras"][case], **TOLERANCE)


def test_the_rules_are_named() -> None:
    assert config.keras_rules() == "keras3"
    with pytest.raises(ValueError, match=r"'keras3' or 'tf_keras'.*'keras2'"):
        config.set_keras_rules("keras2")
    assert config.keras_rules() == "keras3"


@pytest.mark.parametrize("name", ["m.h5", "m.keras"])
def test_an_unregistered_activation_function_is_written_as_keras_3_writes_it(
    tmp_path: Path, name: str
) -> None:
    """keras-bert's ``Dense(activation=gelu)`` of its own gelu: written by its name, found again
    in ``custom_objects``; without them the load says which function is missing."""
    model = SCRIPT.dense_with_activation(keras)
    assert (
        keras.layers.serialize(model.layers[1])["config"]["activation"]
        == RECORDED["keras3"]["activation_entry"]
    )
    x = np.arange(6, dtype="float32").reshape(2, 3)
    model.save(tmp_path / name)
    twin = load_model(tmp_path / name, custom_objects={"mygelu": SCRIPT.mygelu})
    assert twin.layers[1].activation is SCRIPT.mygelu
    np.testing.assert_array_equal(twin.predict(x, verbose=0), model.predict(x, verbose=0))
    with pytest.raises((ValueError, TypeError), match="mygelu"):
        load_model(tmp_path / name)
