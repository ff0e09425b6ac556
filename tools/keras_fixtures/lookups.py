"""Record Keras 3's vocabulary layers, ``TextVectorization``, ``StringLookup`` and
``IntegerLookup``, ``CategoryEncoding``, ``Discretization`` and ``Hashing``: the vocabulary (for
Discretization, the bin boundaries) each learns by ``adapt`` (or is given), and its outputs.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/lookups.py
Writes tests/fixtures/lookups/cases.json: for each of CASES its class, arguments, the data it
adapts to (or none), the inputs it is called on, and what Keras gave: ``vocabulary``
(``get_vocabulary()``) and ``size`` (``vocabulary_size()``), None for CategoryEncoding, and
``output`` (nested lists: ids, encodings, or the tokens of an inverted lookup).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "lookups"

TEXTS = [
    "The cat sat on the mat.",
    "A dog, a CAT; and the bird!",
    "Café au lait — ÉTÉ? The (cat) said: 'meow'.",
    "  spaces\tand\nnew-lines  between   words ",
    "the the the cat",
]
QUERIES = ["the cat and a fish", "Café, the DOG!", "", "mat mat mat on"]
WORDS = ["b", "a", "b", "c", "b", "a", "d", "e", "e", "zz"]
IDS = [[12, 36, 1138, 42], [42, 1000, 36, 12]]
# Discretization's data: numbers as float32 gives them (a JSON list keeps them exactly).
_VALUES = np.random.default_rng(7).normal(size=(3, 150)).astype(np.float32).tolist()
NUMBERS = [[-2.5, -0.3, 0.0, 0.21, 1.7], [3.0, -0.01, 0.5, 0.99, -1.2]]

# (class, arguments, adapt data or None, call inputs)
CASES: dict[str, tuple[str, dict[str, Any], Any, Any]] = {
    "text_int": ("TextVectorization", {}, TEXTS, QUERIES),
    "text_int_length": ("TextVectorization", {"output_sequence_length": 5, "max_tokens": 8}, TEXTS, QUERIES),
    "text_lower": (
        "TextVectorization",
        {"standardize": "lower", "output_sequence_length": 6},
        TEXTS,
        QUERIES,
    ),
    "text_strip": ("TextVectorization", {"standardize": "strip_punctuation"}, TEXTS, QUERIES),
    "text_no_standardize": ("TextVectorization", {"standardize": None}, TEXTS, QUERIES),
    "text_characters": (
        "TextVectorization",
        {"split": "character", "output_sequence_length": 12, "max_tokens": 20},
        TEXTS,
        QUERIES,
    ),
    "text_bigrams": ("TextVectorization", {"ngrams": 2}, TEXTS, QUERIES),
    "text_ngram_widths": ("TextVectorization", {"ngrams": (1, 3), "max_tokens": 15}, TEXTS, QUERIES),
    "text_multi_hot": ("TextVectorization", {"output_mode": "multi_hot", "max_tokens": 10}, TEXTS, QUERIES),
    "text_count": ("TextVectorization", {"output_mode": "count"}, TEXTS, QUERIES),
    "text_tf_idf": ("TextVectorization", {"output_mode": "tf_idf", "ngrams": 2}, TEXTS, QUERIES),
    "text_count_padded": (
        "TextVectorization",
        {"output_mode": "count", "max_tokens": 30, "pad_to_max_tokens": True},
        TEXTS,
        QUERIES,
    ),
    "text_vocabulary": (
        "TextVectorization",
        {"vocabulary": ["the", "cat", "dog", "mat"], "output_sequence_length": 4},
        None,
        QUERIES,
    ),
    "text_rows_of_one": ("TextVectorization", {}, [[t] for t in TEXTS], [[q] for q in QUERIES]),
    "string_int": ("StringLookup", {}, WORDS, [["a", "zz", "q"], ["e", "b", "c"]]),
    "string_mask": (
        "StringLookup",
        {"mask_token": "", "max_tokens": 5},
        WORDS,
        [["a", "", "q"], ["", "b", "e"]],
    ),
    "string_no_oov": ("StringLookup", {"num_oov_indices": 0}, WORDS, [["a", "zz"], ["e", "b"]]),
    "string_one_hot": ("StringLookup", {"output_mode": "one_hot"}, WORDS, ["a", "q", "e"]),
    "string_multi_hot": (
        "StringLookup",
        {"output_mode": "multi_hot"},
        WORDS,
        [["a", "a", "q"], ["e", "b", "zz"]],
    ),
    "string_count_mask": (
        "StringLookup",
        {"output_mode": "count", "mask_token": ""},
        WORDS,
        [["a", "a", "", "q"], ["e", "", "b", "b"]],
    ),
    "string_tf_idf": (
        "StringLookup",
        {"output_mode": "tf_idf"},
        [WORDS[:4], WORDS[4:8], WORDS[6:]],
        [["a", "d", "d"]],
    ),
    "string_vocabulary": (
        "StringLookup",
        {"vocabulary": ["a", "b", "c"], "mask_token": "[MASK]"},
        None,
        [["c", "[MASK]", "x", "a"]],
    ),
    "string_vocabulary_specials": (
        "StringLookup",
        {"vocabulary": ["[MASK]", "[UNK]", "a", "b"], "mask_token": "[MASK]"},
        None,
        [["b", "zz", "[MASK]"]],
    ),
    "string_tf_idf_given": (
        "StringLookup",
        {"vocabulary": ["a", "b", "c"], "idf_weights": [0.5, 1.5, 2.5], "output_mode": "tf_idf"},
        None,
        [["a", "c", "c", "q"]],
    ),
    "string_invert": (
        "StringLookup",
        {"vocabulary": ["a", "b", "c"], "invert": True, "mask_token": ""},
        None,
        [[2, 0, 4, 1, 3, 9]],
    ),
    "integer_int": ("IntegerLookup", {}, [12, 36, 12, 1138, 42, 42, 42, 7], IDS),
    "integer_oov_buckets": (
        "IntegerLookup",
        {"num_oov_indices": 3, "mask_token": 0},
        [12, 36, 12, 0, 42],
        IDS,
    ),
    "integer_vocabulary_invert": (
        "IntegerLookup",
        {"vocabulary": [12, 36, 1138, 42], "invert": True},
        None,
        [[1, 2, 0, 4, 3, 7]],
    ),
    "category_multi_hot": ("CategoryEncoding", {"num_tokens": 4}, None, [[0, 1, 1], [3, 2, 0]]),
    "category_count_one_sample": (
        "CategoryEncoding",
        {"num_tokens": 4, "output_mode": "count"},
        None,
        [1, 3, 3],
    ),
    "category_count_column": (
        "CategoryEncoding",
        {"num_tokens": 5, "output_mode": "count"},
        None,
        [[1], [4]],
    ),
    "category_one_hot": (
        "CategoryEncoding",
        {"num_tokens": 4, "output_mode": "one_hot"},
        None,
        [[0, 3], [2, 2]],
    ),
    "category_one_hot_column": (
        "CategoryEncoding",
        {"num_tokens": 3, "output_mode": "one_hot"},
        None,
        [[2], [0]],
    ),
    "discretization_given": (
        "Discretization",
        {"bin_boundaries": [0.0, 1.0, 2.0]},
        None,
        [[-1.5, 1.0, 3.0, 0.5], [2.0, 1.999, 0.0, -0.0]],
    ),
    "discretization_one_hot": (
        "Discretization",
        {"bin_boundaries": [0.0, 1.0], "output_mode": "one_hot"},
        None,
        [[-1.0], [0.5], [7.0]],
    ),
    "discretization_count": (
        "Discretization",
        {"bin_boundaries": [0.0, 1.0], "output_mode": "count"},
        None,
        [[-1.0, 0.5, 0.7], [2.0, 2.0, 1.0]],
    ),
    "discretization_adapt": ("Discretization", {"num_bins": 4}, _VALUES, NUMBERS),
    "discretization_adapt_coarse": (
        "Discretization",
        {"num_bins": 5, "epsilon": 0.05, "output_mode": "multi_hot"},
        _VALUES[0],
        NUMBERS,
    ),
    "discretization_adapt_batches": ("Discretization", {"num_bins": 3}, {"batches": _VALUES}, NUMBERS),
    "string_oov_buckets": (
        "StringLookup",
        {"num_oov_indices": 3},
        WORDS,
        [["a", "zz", "q", "r"], ["s", "t", "u", "v"]],
    ),
    "integer_farmhash_buckets": (
        "IntegerLookup",
        {"num_oov_indices": 3, "oov_method": "farmhash"},
        [12, 36, 12, 42],
        [[12, 7, -3, 1000], [36, 5, 99, 123456789]],
    ),
    "string_oov_salted": (
        "StringLookup",
        {"vocabulary": ["a", "b"], "num_oov_indices": 3, "salt": 5},
        None,
        [["a", "zz", "q", "r", "s"]],
    ),
    "integer_farmhash_salted": (
        "IntegerLookup",
        {"vocabulary": [1, 2], "num_oov_indices": 3, "oov_method": "farmhash", "salt": [1, 2]},
        None,
        [[1, 7, 8, 9, 10]],
    ),
    "hashing_salt": ("Hashing", {"num_bins": 5, "salt": 3}, None, [["a"], ["b"], ["c"], ["Café"]]),
    "hashing_salt_pair_mask": (
        "Hashing",
        {"num_bins": 9, "salt": [2**40 + 7, 11], "mask_value": 0},
        None,
        [[0, 5, -3, 123456789]],
    ),
    "hashing_strings": ("Hashing", {"num_bins": 3}, None, [["A"], ["B"], ["C"], ["D"], ["E"]]),
    "hashing_mask": ("Hashing", {"num_bins": 5, "mask_value": ""}, None, [["A", ""], ["", "Café au lait"]]),
    "hashing_integers": ("Hashing", {"num_bins": 7}, None, [[0, 1, -5, 1138], [42, 123456789012, 7, 7]]),
    "hashing_integer_mask": ("Hashing", {"num_bins": 4, "mask_value": 0}, None, [[0, 3, 0, 11]]),
    "hashing_multi_hot": (
        "Hashing",
        {"num_bins": 6, "output_mode": "multi_hot"},
        None,
        [["a", "b", "a"], ["c", "d", "e"]],
    ),
    "hashing_long_strings": (  # FarmHash's code paths: up to 16, 32, 64 bytes, and its loop beyond
        "Hashing",
        {"num_bins": 2**31 - 1},
        None,
        [["abcdefghijklmnopq" * n for n in (0, 1, 2, 3, 4, 8, 31, 60)]],
    ),
    "hashing_one_hot": ("Hashing", {"num_bins": 4, "output_mode": "one_hot"}, None, [["x"], ["y"], ["zz"]]),
    "integer_multi_hot": (
        "IntegerLookup",
        {"vocabulary": [12, 36, 1138, 42], "output_mode": "multi_hot"},
        None,
        IDS,
    ),
}


def run(module: Any, kind: str, arguments: dict[str, Any], data: Any, inputs: Any) -> dict[str, Any]:
    """One case with ``module``'s layers (``keras.layers``, or statefulrnn's): the vocabulary
    and the output, as JSON-ready lists."""
    layer = getattr(module, kind)(**arguments)
    if isinstance(data, dict):  # ready-made batches, as a generator gives them
        layer.adapt(np.array(batch, np.float32) for batch in data["batches"])
    elif data is not None:
        layer.adapt(np.array(data) if kind in ("IntegerLookup", "Discretization") else data)
    numeric = kind in ("IntegerLookup", "CategoryEncoding", "Discretization")
    given = np.array(inputs) if numeric or isinstance(inputs[0], int) else inputs
    if kind != "IntegerLookup" and arguments.get("invert"):
        given = np.array(inputs)
    output = np.asarray(layer(given))
    if output.dtype.kind in "SO":
        output = np.char.decode(output.astype(bytes), "utf-8") if output.dtype.kind == "S" else output
    listed = output.tolist()
    if kind in ("CategoryEncoding", "Hashing"):
        return {"vocabulary": None, "size": None, "output": listed}
    if kind == "Discretization":
        return {"vocabulary": [float(b) for b in layer.bin_boundaries], "size": None, "output": listed}
    vocabulary = [t.decode("utf-8") if isinstance(t, bytes) else t for t in layer.get_vocabulary()]
    return {
        "vocabulary": [int(t) if isinstance(t, (np.integer, int)) else t for t in vocabulary],
        "size": int(layer.vocabulary_size()),
        "output": [[v.decode("utf-8") if isinstance(v, bytes) else v for v in row] for row in listed]
        if output.ndim == 2 and output.dtype.kind in "USO"
        else listed,
    }


def main() -> None:
    import keras

    OUT.mkdir(parents=True, exist_ok=True)
    recorded = {}
    for name, (kind, arguments, data, inputs) in CASES.items():
        recorded[name] = {
            "kind": kind,
            "arguments": arguments,
            "data": data,
            "inputs": inputs,
            **run(keras.layers, kind, arguments, data, inputs),
        }
    (OUT / "cases.json").write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n")
    print(f"keras {keras.__version__}: {len(recorded)} cases")


if __name__ == "__main__":
    main()
