"""Port of ``keras/src/utils/sequence_utils_test.py`` from keras-team/keras v3.15.1 (commit
250b42181ce9f37df68319d8f4753ec89a349a43), every test, with Keras's inputs and expected arrays
unchanged (``assertAllClose`` as ``np.testing.assert_allclose`` with Keras's default
tolerance 1e-6 where the values are floats, ``assertAllEqual`` as
``np.testing.assert_array_equal``). Nothing skipped.
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn.utils import pad_sequences


def test_pad_sequences() -> None:
    a = [[1], [1, 2], [1, 2, 3]]

    # test padding
    b = pad_sequences(a, maxlen=3, padding="pre")
    np.testing.assert_allclose(b, [[0, 0, 1], [0, 1, 2], [1, 2, 3]])
    b = pad_sequences(a, maxlen=3, padding="post")
    np.testing.assert_allclose(b, [[1, 0, 0], [1, 2, 0], [1, 2, 3]])

    # test truncating
    b = pad_sequences(a, maxlen=2, truncating="pre")
    np.testing.assert_allclose(b, [[0, 1], [1, 2], [2, 3]])
    b = pad_sequences(a, maxlen=2, truncating="post")
    np.testing.assert_allclose(b, [[0, 1], [1, 2], [1, 2]])

    # test value
    b = pad_sequences(a, maxlen=3, value=1)
    np.testing.assert_allclose(b, [[1, 1, 1], [1, 1, 2], [1, 2, 3]])


def test_pad_sequences_float() -> None:
    a = [[1.2], [1.2, 2.3], [1.2, 2.3, 3.4]]

    # test padding
    b = pad_sequences(a, maxlen=3, padding="pre", dtype="float32")
    np.testing.assert_allclose(b, [[0, 0, 1.2], [0, 1.2, 2.3], [1.2, 2.3, 3.4]], rtol=1e-6)
    b = pad_sequences(a, maxlen=3, padding="post", dtype="float32")
    np.testing.assert_allclose(b, [[1.2, 0, 0], [1.2, 2.3, 0], [1.2, 2.3, 3.4]], rtol=1e-6)

    # test truncating
    b = pad_sequences(a, maxlen=2, truncating="pre", dtype="float32")
    np.testing.assert_allclose(b, [[0, 1.2], [1.2, 2.3], [2.3, 3.4]], rtol=1e-6)
    b = pad_sequences(a, maxlen=2, truncating="post", dtype="float32")
    np.testing.assert_allclose(b, [[0, 1.2], [1.2, 2.3], [1.2, 2.3]], rtol=1e-6)

    # test value
    b = pad_sequences(a, maxlen=3, value=1, dtype="float32")
    np.testing.assert_allclose(b, [[1, 1, 1.2], [1, 1.2, 2.3], [1.2, 2.3, 3.4]], rtol=1e-6)


def test_pad_sequences_str() -> None:
    a = [["1"], ["1", "2"], ["1", "2", "3"]]

    # test padding
    b = pad_sequences(a, maxlen=3, padding="pre", value="pad", dtype=object)
    np.testing.assert_array_equal(b, [["pad", "pad", "1"], ["pad", "1", "2"], ["1", "2", "3"]])
    b = pad_sequences(a, maxlen=3, padding="post", value="pad", dtype="<U3")
    np.testing.assert_array_equal(b, [["1", "pad", "pad"], ["1", "2", "pad"], ["1", "2", "3"]])

    # test truncating
    b = pad_sequences(a, maxlen=2, truncating="pre", value="pad", dtype=object)
    np.testing.assert_array_equal(b, [["pad", "1"], ["1", "2"], ["2", "3"]])
    b = pad_sequences(a, maxlen=2, truncating="post", value="pad", dtype="<U3")
    np.testing.assert_array_equal(b, [["pad", "1"], ["1", "2"], ["1", "2"]])

    with pytest.raises(ValueError, match="`dtype` int32 is not compatible with "):
        pad_sequences(a, maxlen=2, truncating="post", value="pad")


def test_pad_sequences_vector() -> None:
    a = [[[1, 1]], [[2, 1], [2, 2]], [[3, 1], [3, 2], [3, 3]]]

    # test padding
    b = pad_sequences(a, maxlen=3, padding="pre")
    np.testing.assert_allclose(
        b,
        [
            [[0, 0], [0, 0], [1, 1]],
            [[0, 0], [2, 1], [2, 2]],
            [[3, 1], [3, 2], [3, 3]],
        ],
    )
    b = pad_sequences(a, maxlen=3, padding="post")
    np.testing.assert_allclose(
        b,
        [
            [[1, 1], [0, 0], [0, 0]],
            [[2, 1], [2, 2], [0, 0]],
            [[3, 1], [3, 2], [3, 3]],
        ],
    )

    # test truncating
    b = pad_sequences(a, maxlen=2, truncating="pre")
    np.testing.assert_allclose(b, [[[0, 0], [1, 1]], [[2, 1], [2, 2]], [[3, 2], [3, 3]]])

    b = pad_sequences(a, maxlen=2, truncating="post")
    np.testing.assert_allclose(b, [[[0, 0], [1, 1]], [[2, 1], [2, 2]], [[3, 1], [3, 2]]])

    # test value
    b = pad_sequences(a, maxlen=3, value=1)
    np.testing.assert_allclose(
        b,
        [
            [[1, 1], [1, 1], [1, 1]],
            [[1, 1], [2, 1], [2, 2]],
            [[3, 1], [3, 2], [3, 3]],
        ],
    )
