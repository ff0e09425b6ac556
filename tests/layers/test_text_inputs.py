"""Models that take text: ``Input(dtype="string")`` in front of `TextVectorization` and
`StringLookup`, trained and run on numpy arrays of strings, and their ``.keras`` files, against
Keras 3 (tests/fixtures/text_models, made by tools/keras_fixtures/text_models.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import statefulrnn as srnn
from statefulrnn.layers import LSTM, Dense, Embedding, Input, TextVectorization
from statefulrnn.models import Model, Sequential
from tests.keras_python import keras_error_of_saved, needs_keras

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text_models"
RECORD = np.load(FIXTURES / "record.npz")
TEXTS = RECORD["texts"]  # numpy's fixed-width strings; Keras was given object arrays


def keras_model() -> Model:
    return srnn.load_model(FIXTURES / "text_model.keras")


def fixture_inputs(texts: np.ndarray = TEXTS) -> dict[str, np.ndarray]:
    return {"text": texts, "doc": texts, "tag": RECORD["tags"]}


def small_text_model() -> Sequential:
    words = TextVectorization(max_tokens=30, output_sequence_length=5)
    words.adapt(TEXTS)
    model = Sequential([words, Embedding(30, 3, mask_zero=True), LSTM(2), Dense(1)])
    model.compile("sgd", "mse")
    return model


def test_a_keras_text_model_loads_with_its_vocabularies_and_predicts_as_keras() -> None:
    model = keras_model()
    assert model.get_layer("words").get_vocabulary()[:4] == ["", "[UNK]", "the", "cat"]
    np.testing.assert_allclose(model.predict(fixture_inputs(), verbose=0), RECORD["before"], atol=1e-6)


def test_fit_evaluate_and_predict_on_text_equal_keras() -> None:
    model = keras_model()
    labels = RECORD["labels"]
    history = model.fit(
        fixture_inputs(), labels, epochs=2, batch_size=3, validation_split=0.25, shuffle=False, verbose=0
    )
    for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
        np.testing.assert_allclose(history.history[key], RECORD[key], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.predict(fixture_inputs(), verbose=0), RECORD["after"], atol=1e-5)
    np.testing.assert_allclose(
        model.evaluate(fixture_inputs(), labels, verbose=0), RECORD["evaluated"], atol=1e-5
    )


def test_text_comes_as_any_array_or_list_of_strings_and_in_batches() -> None:
    model = keras_model()
    expected = RECORD["before"]
    as_bytes = np.array([text.encode() for text in TEXTS], dtype=object)
    for texts in (TEXTS, TEXTS.astype(object), TEXTS[:, None], as_bytes, list(TEXTS), tuple(TEXTS)):
        got = model.predict(fixture_inputs(np.asarray(texts)), verbose=0)
        np.testing.assert_allclose(got, expected, atol=1e-6)
    np.testing.assert_allclose(model.predict(fixture_inputs(), batch_size=5, verbose=0), expected, atol=1e-6)
    # one input's texts as a plain list (Keras 3 and tf-keras both fail on it)
    small = small_text_model()
    whole = small.predict(TEXTS, verbose=0)
    np.testing.assert_allclose(small.predict(list(TEXTS), verbose=0), whole, atol=1e-6)
    np.testing.assert_allclose(small.predict([[text] for text in TEXTS], verbose=0), whole, atol=1e-6)


def test_a_sequential_built_by_text_writes_a_string_input(tmp_path: Path) -> None:
    model = small_text_model()
    model.fit(TEXTS, RECORD["labels"], epochs=1, batch_size=4, verbose=0)
    assert model.input_dtype == "string"
    model.save(tmp_path / "model.keras")
    again = srnn.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(again.predict(TEXTS, verbose=0), model.predict(TEXTS, verbose=0), atol=1e-6)
    model.save(tmp_path / "model.safetensors")
    own = srnn.load_model(tmp_path / "model.safetensors")
    np.testing.assert_allclose(own.predict(TEXTS, verbose=0), model.predict(TEXTS, verbose=0), atol=1e-6)


@needs_keras
def test_keras_reads_our_text_models(tmp_path: Path) -> None:
    sequential = small_text_model()
    sequential.fit(TEXTS, RECORD["labels"], epochs=1, batch_size=4, verbose=0)
    assert keras_error_of_saved(sequential, TEXTS.astype(object), tmp_path) < 1e-5
    text = Input(shape=(1,), dtype="string")
    bag = TextVectorization(output_mode="count", name="bag")
    bag.adapt(TEXTS)
    functional = Model(text, Dense(2)(bag(text)))
    assert keras_error_of_saved(functional, TEXTS.astype(object), tmp_path) < 1e-5


def test_the_wrong_kind_of_data_is_refused_naming_it() -> None:
    numbers = Sequential([Input(shape=(3,)), Dense(1)])
    with pytest.raises(TypeError, match=r"Dense '.*' expects numbers .* dtype <U"):
        numbers.predict(np.array([["a", "b", "c"]]), verbose=0)
    text = Input(shape=(1,), dtype="string", name="text")
    words = TextVectorization(vocabulary=["a", "b"], output_sequence_length=2)
    model = Model(text, Dense(1)(Embedding(4, 2)(words(text))))
    with pytest.raises(
        TypeError, match=r"Layer 'text' takes strings here; received a tensor of torch.float32"
    ):
        model.predict(np.ones((2, 1)), verbose=0)


def test_tf_idf_weights_go_through_keras_files_both_ways(tmp_path: Path) -> None:
    # Keras 3 keeps them as variables named idf_weights, the vocabulary among the assets
    model = srnn.load_model(FIXTURES / "tf_idf.keras")
    np.testing.assert_allclose(model.predict(TEXTS, verbose=0), RECORD["tf_idf"], atol=1e-6)
    model.save(tmp_path / "again.keras")
    again = srnn.load_model(tmp_path / "again.keras")
    np.testing.assert_allclose(again.predict(TEXTS, verbose=0), RECORD["tf_idf"], atol=1e-6)


@needs_keras
def test_keras_reads_our_tf_idf_model(tmp_path: Path) -> None:
    weighted = TextVectorization(output_mode="tf_idf", max_tokens=12)
    weighted.adapt(TEXTS)
    text = Input(shape=(1,), dtype="string")
    model = Model(text, Dense(2)(weighted(text)))
    assert keras_error_of_saved(model, TEXTS.astype(object), tmp_path) < 1e-5


def test_a_string_input_and_text_layers_keep_their_configs() -> None:
    text = Input(shape=(1,), dtype="string", name="text")
    assert text.dtype == "string"
    words = TextVectorization(max_tokens=10, output_mode="multi_hot")
    words.adapt(TEXTS)
    model = Model(text, Dense(1)(words(text)))
    again = Model.from_config(model.get_config())
    assert again.inputs[0].dtype == "string"
    config = words.get_config()
    assert config["vocabulary_size"] == 10
    # a config's size gives the output's width until the vocabulary is read (a .keras file's)
    assert TextVectorization.from_config(config).compute_output_shape((None, 1)) == (None, 10)


def test_a_tf_keras_text_model_file_loads_and_predicts_as_tf_keras() -> None:
    # tf-keras's config names a TextVectorization's dtype "string"; its IDF weights go as Keras 3's
    model = srnn.load_model(FIXTURES / "tf_keras_text.keras")
    expected = np.load(FIXTURES / "tf_keras_text.npz")["predicted"]
    np.testing.assert_allclose(model.predict(TEXTS, verbose=0), expected, atol=1e-5)


def test_convert_to_tensor_gives_text_as_an_array_a_text_model_takes() -> None:
    # keras.io's end_to_end_model(keras.ops.convert_to_tensor([["..."]]))
    from statefulrnn import ops

    text = ops.convert_to_tensor([["the cat sat"], ["a dog"]])
    assert text.dtype == object and text.shape == (2, 1)
    model = small_text_model()
    expected = model.predict(np.array(["the cat sat", "a dog"]), verbose=0)
    np.testing.assert_allclose(model.predict(text, verbose=0), expected, atol=1e-6)
    assert ops.convert_to_tensor(["a", "b"], dtype="string").tolist() == ["a", "b"]
