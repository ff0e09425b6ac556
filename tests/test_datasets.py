"""``statefulrnn.datasets`` against Keras 3's loaders (tests/fixtures/datasets, made by
tools/keras_fixtures/datasets.py: Keras's ``load_data`` on small files in Keras's formats, which
stand in for its downloads here, each checked against its sha256 as the real ones are), then the
reader of pickled object arrays, which builds integer lists and nothing else."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

import statefulrnn
from statefulrnn.datasets import files, imdb, reuters
from statefulrnn.datasets.object_arrays import read_object_array
from tests.fixture_scripts import fixture_script

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "datasets"
EXPECTED = np.load(FIXTURES / "expected.npz")
SCRIPT = fixture_script("datasets")


@pytest.fixture
def keras_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keras's cache holding the stand-in files, each file's hash in place of the real one's, and
    no way to the network (a file the loaders do not find fails the test)."""
    shutil.copytree(FIXTURES / "sources", tmp_path / "datasets")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    for path in (tmp_path / "datasets").rglob("*"):
        if path.name in files.KERAS_FILES and files.KERAS_FILES[path.name] is not None:
            monkeypatch.setitem(files.KERAS_FILES, path.name, hashlib.sha256(path.read_bytes()).hexdigest())
    monkeypatch.setattr(files, "ORIGIN", "file:///nowhere/")
    return tmp_path


@pytest.mark.parametrize("case", list(SCRIPT.CASES))
def test_load_data_returns_what_keras_returns(case: str, keras_cache: Path) -> None:
    dataset, options = SCRIPT.CASES[case]
    module = getattr(statefulrnn.datasets, dataset)
    got = SCRIPT.flatten(case, module.load_data(**options))
    expected = {key: EXPECTED[key] for key in EXPECTED.files if key.startswith(f"{case}__")}
    assert sorted(got) == sorted(expected)
    for key, value in expected.items():
        assert got[key].dtype == value.dtype, key
        np.testing.assert_array_equal(got[key], value, err_msg=key)


def test_sequences_are_lists_of_python_integers_in_object_arrays(keras_cache: Path) -> None:
    (x_train, y_train), (x_test, _) = imdb.load_data(num_words=100)
    assert x_train.dtype == object and x_train.ndim == 1 and len(x_train) == len(y_train) == 40
    assert all(type(item) is list and all(type(w) is int for w in item) for item in x_train)
    assert x_train[0][0] == 1 and max(max(item) for item in [*x_train, *x_test]) < 100


def test_a_cached_file_under_another_name_and_folder(keras_cache: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "datasets").mkdir(parents=True)
    shutil.copy(keras_cache / "datasets" / "imdb.npz", elsewhere / "datasets" / "reviews.npz")
    (x_train, _), _ = imdb.load_data(path="reviews.npz", cache_dir=str(elsewhere))
    assert len(x_train) == 40


def test_the_word_indexes_and_label_names(keras_cache: Path) -> None:
    index = imdb.get_word_index()
    assert index == json.loads((FIXTURES / "sources" / "imdb_word_index.json").read_text())
    assert reuters.get_word_index()["word7"] == 7
    assert len(reuters.get_label_names()) == 46 and reuters.get_label_names()[3] == "earn"


def test_keras_1_nb_words_warns_and_other_keywords_are_refused(keras_cache: Path) -> None:
    with pytest.warns(UserWarning, match="renamed `num_words`"):
        (old, _), _ = imdb.load_data(nb_words=100)
    (new, _), _ = imdb.load_data(num_words=100)
    assert list(old) == list(new)
    with pytest.raises(TypeError, match="num_word"):
        reuters.load_data(num_word=100)


def test_maxlen_that_keeps_nothing_and_a_bad_split_or_version_are_refused(keras_cache: Path) -> None:
    with pytest.raises(ValueError, match="Increase maxlen"):
        imdb.load_data(maxlen=2)
    for split in (1.0, -0.1):
        with pytest.raises(ValueError, match="test_split"):
            statefulrnn.datasets.boston_housing.load_data(test_split=split)
    with pytest.raises(ValueError, match="version"):
        statefulrnn.datasets.california_housing.load_data(version="medium")


def test_a_file_that_does_not_match_keras_s_hash_is_not_read(keras_cache: Path) -> None:
    target = keras_cache / "datasets" / "mnist.npz"
    target.write_bytes(target.read_bytes() + b"tampered")
    with pytest.raises(OSError):  # fetched again, from nowhere: the file is never read
        statefulrnn.datasets.mnist.load_data()


def test_cifar_is_absent_with_the_reason() -> None:
    with pytest.raises(AttributeError, match="never unpickles"):
        statefulrnn.datasets.cifar10  # noqa: B018


# ----- the reader of object arrays -------------------------------------------------------------


def _ragged(*items: list[int]) -> np.ndarray:
    array = np.empty(len(items), dtype=object)
    for index, item in enumerate(items):
        array[index] = item
    return array


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_every_protocol_numpy_or_keras_may_have_written_reads_back(protocol: int) -> None:
    ragged = _ragged([1, 2, 300], [70_000, 5, 2**40, -3], [], [255, 256, 65_535, 65_536, -(2**31)])
    ragged = np.concatenate([ragged, _ragged(*[list(range(n)) for n in (1, 999, 1000, 1001, 2500)])])
    got = read_object_array(pickle.dumps(ragged, protocol=protocol), "test")
    assert got.dtype == object and got.shape == ragged.shape
    assert [list(item) for item in got] == [list(item) for item in ragged]


def test_a_two_dimensional_object_array_keeps_its_shape() -> None:
    ragged = np.empty((2, 3), dtype=object)
    for index in np.ndindex(ragged.shape):
        ragged[index] = [index[0], index[1]]
    got = read_object_array(pickle.dumps(np.asfortranarray(ragged)), "test")
    assert got.shape == (2, 3) and got[1, 2] == [1, 2] and got[0, 1] == [0, 1]


class _RunsCode:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))


@pytest.mark.parametrize(
    ("entry", "named"),
    [(_RunsCode(), "system"), ("text", "str"), ([1, "two"], "str"), ({"a": 1}, "opcode"), (1.5, "opcode")],
)
def test_anything_but_integer_lists_is_refused(entry: object, named: str) -> None:
    array = np.empty(1, dtype=object)
    array[0] = entry
    with pytest.raises(ValueError, match="never unpickles") as error:
        read_object_array(pickle.dumps(array), "imdb.npz:x_train.npy")
    assert "imdb.npz:x_train.npy" in str(error.value)
    assert named in str(error.value) or "integers" in str(error.value)


def test_numeric_arrays_and_cut_streams_are_refused() -> None:
    with pytest.raises(ValueError, match="not of objects"):
        read_object_array(pickle.dumps(np.arange(3)), "test")
    stream = pickle.dumps(_ragged([1, 2, 3]))
    for cut in (1, len(stream) // 2, len(stream) - 1):
        with pytest.raises(ValueError, match=r"malformed|end on one built array"):
            read_object_array(stream[:cut], "test")


def test_an_npz_member_whose_header_and_data_disagree_is_refused(tmp_path: Path) -> None:
    member = tmp_path / "x.npy"
    np.save(member, _ragged([1], [2]), allow_pickle=True)
    with pytest.raises(ValueError, match="header gives shape"):
        files._read_npy(member.read_bytes().replace(b"(2,)", b"(3,)"), "x.npy")


def test_a_corrupted_stream_is_a_value_error_or_integer_lists_never_anything_else() -> None:
    # Bytes flipped, dropped and inserted at random: the reader either refuses with ValueError
    # or still finds an object array of integer lists (a changed number), never another error.
    rng = np.random.default_rng(0)
    stream = bytearray(pickle.dumps(_ragged(*[list(range(n, 2 * n + 1)) for n in range(6)]), protocol=3))
    for _ in range(2000):
        mutated = bytearray(stream)
        for _ in range(int(rng.integers(1, 4))):
            at, kind = int(rng.integers(len(mutated))), rng.random()
            if kind < 0.6:
                mutated[at] = int(rng.integers(256))
            elif kind < 0.8:
                del mutated[at]
            else:
                mutated.insert(at, int(rng.integers(256)))
        try:
            array = read_object_array(bytes(mutated), "fuzz")
        except ValueError:
            continue
        assert array.dtype == object
        assert all(type(item) is list and all(type(w) is int for w in item) for item in array.reshape(-1))
