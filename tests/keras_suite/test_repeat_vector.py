"""Port of ``keras/src/layers/reshaping/repeat_vector_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs and expected arrays
unchanged.

Changed: test_repeat_vector runs ``check_weightless_layer`` (Keras's ``run_layer_test``: config
round trip, masking support, symbolic and eager outputs, no weights, a backward pass).
Nothing left out.
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import layers

from .weightless_checks import check_weightless_layer


def test_repeat_vector() -> None:
    inputs = np.random.random((2, 5)).astype("float32")
    expected_output = np.repeat(np.reshape(inputs, (2, 1, 5)), 3, axis=1)
    check_weightless_layer(
        layers.RepeatVector,
        init_kwargs={"n": 3},
        input_data=inputs,
        expected_output=expected_output,
        supports_masking=False,
    )


def test_repeat_vector_with_dynamic_batch_size() -> None:
    input_layer = layers.Input(batch_shape=(None, 5))
    repeated = layers.RepeatVector(n=3)(input_layer)
    assert repeated.shape == (None, 3, 5)


def test_repeat_vector_with_dynamic_dimension() -> None:
    input_layer = layers.Input(batch_shape=(2, None))
    repeated = layers.RepeatVector(n=3)(input_layer)
    assert repeated.shape == (2, 3, None)


def test_repeat_vector_with_invalid_n() -> None:
    with pytest.raises(TypeError, match="Expected an integer value for `n`"):
        layers.RepeatVector(n="3")

    with pytest.raises(TypeError, match="Expected an integer value for `n`"):
        layers.RepeatVector(n=3.5)

    with pytest.raises(TypeError, match="Expected an integer value for `n`"):
        layers.RepeatVector(n=[3])


def test_repeat_vector_with_non_positive_n() -> None:
    for n in (0, -3):
        with pytest.raises(ValueError, match="should be a positive integer"):
            layers.RepeatVector(n=n)
