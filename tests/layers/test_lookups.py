"""`TextVectorization`, `StringLookup`, `IntegerLookup`, `CategoryEncoding`, `Discretization` and
`Hashing` (FarmHash64's bins, and the lookups' OOV buckets by it) against Keras 3
(tests/fixtures/lookups, made by tools/keras_fixtures/lookups.py, whose own `run` replays each
case here): vocabularies learnt by ``adapt`` (order, ties, ``max_tokens``, special tokens), ids,
encodings and IDF weights, inverted lookups; then what Keras refuses, batches given to
``adapt``, the ids feeding an `Embedding` model, and CategoryEncoding inside a model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import (
    CategoryEncoding,
    Discretization,
    Hashing,
    IntegerLookup,
    StringLookup,
    TextVectorization,
)
from tests.fixture_scripts import fixture_script
from tests.keras_python import needs_keras, run_in_keras

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lookups" / "cases.json"
RECORDED = json.loads(FIXTURE.read_text())
PROGRAM = fixture_script("lookups")


def test_the_fixture_holds_every_case_of_the_script() -> None:
    assert sorted(RECORDED) == sorted(PROGRAM.CASES)


@pytest.mark.parametrize("case", sorted(RECORDED))
def test_vocabularies_and_outputs_equal_keras(case: str) -> None:
    recorded = RECORDED[case]
    got = PROGRAM.run(
        srnn.layers, recorded["kind"], recorded["arguments"], recorded["data"], recorded["inputs"]
    )
    assert got["vocabulary"] == recorded["vocabulary"]
    assert got["size"] == recorded["size"]
    expected = np.asarray(recorded["output"])
    if expected.dtype.kind == "f":
        np.testing.assert_allclose(np.asarray(got["output"]), expected, rtol=1e-6, atol=1e-6)
    else:
        assert got["output"] == recorded["output"]


def test_ids_come_as_int64_tensors_and_encodings_as_float32() -> None:
    vectorize = TextVectorization(vocabulary=["a", "b"])
    assert vectorize(["a b c"]).dtype == torch.int64
    assert TextVectorization(vocabulary=["a"], output_mode="count")(["a a"]).dtype == torch.float32
    assert vectorize("a c").tolist() == [2, 1]  # one string: one row, unbatched
    assert vectorize([]).shape == (0, 0)


def test_adapt_reads_batches_of_a_generator_and_stops_after_steps() -> None:
    def batches():
        yield np.array(["red fox", "red hen"])
        yield np.array(["blue fox"])
        yield np.array(["never read"])

    vectorize = TextVectorization()
    vectorize.adapt(batches(), steps=2)
    assert vectorize.get_vocabulary() == ["", "[UNK]", "red", "fox", "hen", "blue"]
    lookup = IntegerLookup()
    lookup.adapt(iter([np.array([5, 5, 7]), np.array([7, 7])]))
    assert lookup.get_vocabulary() == [-1, 7, 5]


def test_functions_standardize_and_split() -> None:
    vectorize = TextVectorization(
        standardize=lambda strings: np.char.upper(strings),
        split=lambda strings: [text.split("-") for text in strings],
    )
    vectorize.adapt(["a-b-b", "c-b"])
    assert vectorize.get_vocabulary() == ["", "[UNK]", "B", "C", "A"]
    assert vectorize(["b-x", "a"]).tolist() == [[2, 1], [4, 0]]


def test_what_keras_refuses_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="Cannot adapt layer 'fixed' after setting a static vocabulary"):
        StringLookup(vocabulary=["a"], name="fixed").adapt(["a", "b"])
    with pytest.raises(ValueError, match=r"repeated term.*\['a'\]"):
        StringLookup(vocabulary=["a", "b", "a"])
    with pytest.raises(ValueError, match=r"Found reserved mask token at unexpected location.*index 1"):
        StringLookup(vocabulary=["a", ""], mask_token="")
    with pytest.raises(
        ValueError, match=r"vocabulary larger than the maximum vocab size.*size is 4; `max_tokens` is 3"
    ):
        StringLookup(vocabulary=["a", "b", "c"], max_tokens=3)
    with pytest.raises(ValueError, match=r"found OOV values \['q'\]"):
        StringLookup(vocabulary=["a"], num_oov_indices=0)(["a", "q"])
    with pytest.raises(ValueError, match="`output_mode` must be `'int'` when `invert` is true"):
        StringLookup(invert=True, output_mode="count")
    with pytest.raises(ValueError, match="`salt` can only be used when `oov_method='farmhash'`"):
        IntegerLookup(num_oov_indices=2, salt=3)
    with pytest.raises(ValueError, match="`salt` argument can only be a tuple of size 2 integers"):
        Hashing(3, salt=[1, 2, 3])
    with pytest.raises(ValueError, match="`num_bins` for `Hashing` cannot be `None` or non-positive"):
        Hashing(0)
    with pytest.raises(ValueError, match="sparse"):
        IntegerLookup(sparse=True)
    with pytest.raises(ValueError, match="idf_weights` argument must also be provided"):
        StringLookup(vocabulary=["a"], output_mode="tf_idf")
    with pytest.raises(ValueError, match="same length as vocabulary"):
        StringLookup(vocabulary=["a", "b"], idf_weights=[1.0], output_mode="tf_idf")
    with pytest.raises(TypeError, match="takes strings here; received a tensor"):
        StringLookup(vocabulary=["a"])(torch.tensor([1]))
    with pytest.raises(TypeError, match="takes integers here; received an array of dtype <U1"):
        IntegerLookup(vocabulary=[1])(np.array(["a"]))
    with pytest.raises(ValueError, match="must not be set if `output_mode` is not 'int'"):
        TextVectorization(output_mode="count", output_sequence_length=3)
    with pytest.raises(ValueError, match="ragged"):
        TextVectorization(ragged=True)
    with pytest.raises(ValueError, match="Invalid value for argument split"):
        TextVectorization(split="comma")
    with pytest.raises(ValueError, match=r"last shape dimension must be 1.*shape=\(1, 2\)"):
        TextVectorization(vocabulary=["a"])(np.array([["a", "b"]]))
    with pytest.raises(ValueError, match="maximum supported output rank is 2"):
        StringLookup(vocabulary=["a"], output_mode="multi_hot")(np.full((2, 2, 2), "a"))


def test_a_failed_call_or_adapt_leaves_the_vocabulary_as_it_was() -> None:
    lookup = StringLookup(num_oov_indices=0)
    lookup.adapt(["a", "b", "b"])
    with pytest.raises(ValueError):
        lookup(["c"])
    with pytest.raises(TypeError):
        lookup.adapt([["a", 3]])
    assert lookup.get_vocabulary() == ["b", "a"]


def test_the_ids_feed_an_embedding_lstm_model_as_in_keras_text_programs() -> None:
    """A keras-io text program's shape: adapt the vectorizer, map it over the texts, fit a
    model of Embedding(mask_zero=True), LSTM and Dense on the ids; the padding is masked."""
    texts = ["good movie", "bad plot and bad acting", "a good plot", "awful"]
    vectorize = TextVectorization(max_tokens=20, output_sequence_length=6)
    vectorize.adapt(texts)
    ids = vectorize(texts)
    torch.manual_seed(0)
    model = srnn.Sequential(
        [
            srnn.layers.Embedding(vectorize.vocabulary_size(), 4, mask_zero=True),
            srnn.layers.LSTM(3),
            srnn.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(ids.numpy(), np.array([1, 0, 1, 0], np.float32), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    longer = vectorize(["good movie"])  # more padding after the same tokens: the same output
    shorter = torch.tensor([[t for t in longer[0].tolist() if t]])
    np.testing.assert_allclose(
        model.predict(longer.numpy(), verbose=0), model.predict(shorter.numpy(), verbose=0), atol=1e-6
    )


def test_category_encoding_weights_counts_and_refuses_categories_outside_its_range() -> None:
    layer = CategoryEncoding(4, output_mode="count", name="categories")
    weights = torch.tensor([[0.5, 1.0, 2.0]], requires_grad=True)
    counted = layer(torch.tensor([[0, 1, 1]]), count_weights=weights)
    assert counted.tolist() == [[0.5, 3.0, 0.0, 0.0]]
    counted.sum().backward()  # the weights take gradients: a model may learn them
    assert weights.grad.tolist() == [[1.0, 1.0, 1.0]]
    with pytest.raises(ValueError, match=r"'categories' takes categories in \[0, 4\). Received: \[5, -1\]"):
        layer(torch.tensor([[0, 5], [-1, 2]]))
    with pytest.raises(ValueError, match="`count_weights` is not used when `output_mode` is not `'count'`"):
        CategoryEncoding(4)(torch.tensor([1]), count_weights=[1.0])
    with pytest.raises(ValueError, match="num_tokens must be set"):
        CategoryEncoding()


def _category_model() -> srnn.Model:
    """Numbers bucketed (Discretization, its boundaries learnt), the buckets counted
    (CategoryEncoding), a Dense."""
    torch.manual_seed(0)
    inputs = srnn.Input(shape=(3,))
    bucketing = Discretization(num_bins=6)
    bucketing.adapt(np.linspace(0.0, 6.0, 61))
    buckets = bucketing(inputs)
    encoded = CategoryEncoding(6, output_mode="count")(buckets)
    return srnn.Model(inputs, srnn.layers.Dense(1)(encoded))


def test_category_encoding_trains_inside_a_model_and_goes_through_keras_files(tmp_path: Path) -> None:
    model = _category_model()
    model.compile(optimizer="sgd", loss="mse")
    x = np.array([[0, 1, 1], [5, 2, 2], [3.2, 3, 2.9]], np.float32)
    model.fit(x, np.array([[1.0], [0.0], [2.0]], np.float32), epochs=2, verbose=0)
    save_keras(model, tmp_path / "categories.keras")
    twin = load_keras(tmp_path / "categories.keras")
    np.testing.assert_allclose(twin.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)


@needs_keras
def test_keras_reads_a_model_holding_category_encoding(tmp_path: Path) -> None:
    model = _category_model()
    x = np.array([[0, 1, 1], [5, 2, 2]], np.float32)
    save_keras(model, tmp_path / "categories.keras")
    np.savez(tmp_path / "data.npz", x=x, predicted=model.predict(x, verbose=0))
    script = (
        "import sys, numpy as np, keras\n"
        "model = keras.saving.load_model(sys.argv[1])\n"
        "data = np.load(sys.argv[2])\n"
        "print('ERROR', float(np.abs(model.predict(data['x'], verbose=0) - data['predicted']).max()))\n"
    )
    output = run_in_keras(tmp_path, script, str(tmp_path / "categories.keras"), str(tmp_path / "data.npz"))
    assert float(output.split("ERROR")[-1]) < 1e-6


def test_discretization_keeps_learnt_boundaries_in_its_config_and_refuses_what_keras_refuses() -> None:
    layer = Discretization(num_bins=3)
    layer.adapt(np.arange(30.0))
    twin = Discretization.from_config(layer.get_config())
    assert twin.bin_boundaries == layer.bin_boundaries and len(layer.bin_boundaries) == 2
    torch.testing.assert_close(twin(torch.arange(30.0)), layer(torch.arange(30.0)))
    with pytest.raises(ValueError, match="Cannot adapt a Discretization layer that has been initialized"):
        Discretization(bin_boundaries=[1.0]).adapt(np.ones(3))
    with pytest.raises(ValueError, match="Both `num_bins` and `bin_boundaries` should not be set"):
        Discretization(bin_boundaries=[1.0], num_bins=2)
    with pytest.raises(ValueError, match="call `adapt"):
        Discretization(num_bins=2)(torch.ones(3))
