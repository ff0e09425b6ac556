"""Keras 2's text ``Tokenizer`` and its functions (`statefulrnn.preprocessing.text`) against what
tf-keras 2.21 made of the same texts (``tests/fixtures/text_tokenizer``, recorded by
``tools/keras_fixtures/text_tokenizer.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn.preprocessing.text import Tokenizer, hashing_trick, tokenizer_from_json

RECORDED = json.loads((Path(__file__).parent / "fixtures" / "text_tokenizer" / "cases.json").read_text())
TEXTS, QUERIES = RECORDED["texts"], RECORDED["queries"]


@pytest.mark.parametrize("case", sorted(RECORDED["cases"]))
def test_the_tokenizer_numbers_and_encodes_as_keras(case: str) -> None:
    expected = RECORDED[case]
    tokenizer = keras.preprocessing.text.Tokenizer(**RECORDED["cases"][case])
    tokenizer.fit_on_texts(TEXTS)
    assert tokenizer.word_index == expected["word_index"]
    assert list(tokenizer.word_counts.items()) == list(expected["word_counts"].items())
    assert tokenizer.document_count == expected["document_count"]
    sequences = tokenizer.texts_to_sequences(QUERIES)
    assert sequences == expected["sequences"]
    assert tokenizer.sequences_to_texts(sequences) == expected["texts"]
    for mode in ("binary", "count", "tfidf", "freq"):
        np.testing.assert_allclose(tokenizer.texts_to_matrix(QUERIES, mode=mode), expected[f"matrix_{mode}"])
    assert _config(tokenizer.to_json()) == _config(expected["json"])


def _config(text: str) -> dict:
    """A Tokenizer JSON's config with its JSON-string entries read: word_docs and index_docs
    come in the order Python iterates a set of strings, which differs between processes."""
    config = json.loads(text)["config"]
    return {
        key: json.loads(value) if key.startswith(("word_", "index_")) else value
        for key, value in config.items()
    }


@pytest.mark.parametrize("case", sorted(RECORDED["cases"]))
def test_a_keras_tokenizer_s_json_loads_and_encodes_the_same(case: str) -> None:
    tokenizer = tokenizer_from_json(RECORDED[case]["json"])
    assert tokenizer.texts_to_sequences(QUERIES) == RECORDED[case]["sequences"]
    assert tokenizer.to_json() == RECORDED[case]["json"]


def test_md5_hashing_is_keras_s() -> None:
    assert [hashing_trick(text, 50, hash_function="md5") for text in TEXTS] == RECORDED["hashing"]


def test_bad_input_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="Unknown vectorization mode"):
        Tokenizer(num_words=3).texts_to_matrix(["a"], mode="bag")
    with pytest.raises(ValueError, match="num_words"):
        Tokenizer().texts_to_matrix(["a"])
    with pytest.raises(ValueError, match="tfidf"):
        Tokenizer(num_words=3).sequences_to_matrix([[1]], mode="tfidf")
    with pytest.raises(TypeError, match="Unrecognized keyword arguments"):
        Tokenizer(num_word=3)
    with pytest.raises(ValueError, match="Not a Tokenizer's JSON"):
        tokenizer_from_json('{"class_name": "Tokenizer"}')
    with pytest.warns(UserWarning, match="nb_words"):
        assert Tokenizer(nb_words=7).num_words == 7
