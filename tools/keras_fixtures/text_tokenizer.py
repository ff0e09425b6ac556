"""What Keras 2's text ``Tokenizer`` (tf-keras 2.21, ``keras.preprocessing.text``) makes of a
few texts, for `statefulrnn.preprocessing.text`: every setting a program changes, and every
output (indices, sequences, texts back, the four matrix modes, the JSON, md5 hashing).

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/text_tokenizer.py
Writes tests/fixtures/text_tokenizer/cases.json: for each case of `CASES` (Tokenizer
arguments), the ``word_index``, ``word_counts``, ``sequences``, ``texts`` (the sequences back),
``matrix_<mode>`` (lists of rows) and ``json``; and ``hashing``, `hashing_trick` with md5.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "text_tokenizer"
TEXTS = [
    "The cat sat on the mat.",
    "The dog sat -- on the log!",
    "Cats, dogs: and a (very) old mat?",
    "A cat's tale\tof the\nnight",
]
QUERIES = ["the cat and the dog", "a zebra on the mat", "", "MAT, mat. Mat!"]
CASES = {
    "default": {},
    "num_words_oov": {"num_words": 6, "oov_token": "<oov>"},
    "num_words": {"num_words": 5},
    "keep_case_filters": {"lower": False, "filters": ".!?"},
    "char_level": {"char_level": True, "num_words": 10},
    "split_comma": {"split": ",", "filters": ""},
}
MODES = ("binary", "count", "tfidf", "freq")


def main() -> None:
    from tf_keras.preprocessing.text import Tokenizer, hashing_trick

    recorded: dict = {"texts": TEXTS, "queries": QUERIES, "cases": CASES}
    for name, arguments in CASES.items():
        tokenizer = Tokenizer(**arguments)
        tokenizer.fit_on_texts(TEXTS)
        sequences = tokenizer.texts_to_sequences(QUERIES)
        recorded[name] = {
            "word_index": tokenizer.word_index,
            "word_counts": dict(tokenizer.word_counts),
            "document_count": tokenizer.document_count,
            "sequences": sequences,
            "texts": tokenizer.sequences_to_texts(sequences),
            **{f"matrix_{mode}": tokenizer.texts_to_matrix(QUERIES, mode=mode).tolist() for mode in MODES},
            "json": tokenizer.to_json(),
        }
    recorded["hashing"] = [hashing_trick(text, 50, hash_function="md5") for text in TEXTS]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cases.json").write_text(json.dumps(recorded, indent=1))
    print("wrote", len(CASES), "cases")


if __name__ == "__main__":
    main()
