"""Port of ``keras/src/layers/reshaping/flatten_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs and expected arrays
unchanged.

Not ported:
- test_flatten's "sparse" case: sparse tensors (TensorFlow's and JAX's), which statefulrnn has
  none of.
Changed:
- test_flatten and test_flatten_with_scalar_channels run ``check_weightless_layer`` (Keras's
  ``run_layer_test``: config round trip, masking support, symbolic and eager outputs, no
  weights, a backward pass). The image data format is "channels_last", Keras's default
  configuration, as Keras's run.
- test_flatten_with_dynamic_batch_size_and_dynamic_dimenstions predicts each batch of Keras's
  generator in turn: ``predict`` does not take a generator of ``(x,)`` tuples here.
"""

from __future__ import annotations

import numpy as np

from statefulrnn import layers
from statefulrnn.models import Sequential

from .weightless_checks import check_weightless_layer


def test_flatten() -> None:
    inputs = np.random.random((10, 3, 5, 5)).astype("float32")
    # Make the ndarray relatively sparse
    inputs = np.multiply(inputs, inputs >= 0.8)
    expected_output_channels_last = np.reshape(inputs, (-1, 5 * 5 * 3))
    expected_output_channels_first = np.reshape(np.transpose(inputs, (0, 2, 3, 1)), (-1, 5 * 5 * 3))

    # Test default data_format and channels_last
    check_weightless_layer(
        layers.Flatten,
        init_kwargs={},
        input_data=inputs,
        expected_output=expected_output_channels_last,
        supports_masking=False,
    )
    check_weightless_layer(
        layers.Flatten,
        init_kwargs={"data_format": "channels_last"},
        input_data=inputs,
        expected_output=expected_output_channels_last,
        supports_masking=False,
    )

    # Test channels_first
    check_weightless_layer(
        layers.Flatten,
        init_kwargs={"data_format": "channels_first"},
        input_data=inputs,
        expected_output=expected_output_channels_first,
        supports_masking=False,
    )


def test_flatten_with_scalar_channels() -> None:
    inputs = np.random.random((10,)).astype("float32")
    expected_output = np.expand_dims(inputs, -1)

    # Test default data_format and channels_last
    check_weightless_layer(
        layers.Flatten,
        init_kwargs={},
        input_data=inputs,
        expected_output=expected_output,
        supports_masking=False,
    )
    check_weightless_layer(
        layers.Flatten,
        init_kwargs={"data_format": "channels_last"},
        input_data=inputs,
        expected_output=expected_output,
        supports_masking=False,
    )

    # Test channels_first
    check_weightless_layer(
        layers.Flatten,
        init_kwargs={"data_format": "channels_first"},
        input_data=inputs,
        expected_output=expected_output,
        supports_masking=False,
    )


def test_flatten_symbolic_with_dynamic_batch_size() -> None:
    input_layer = layers.Input(batch_shape=(None, 2, 3))
    flattened = layers.Flatten()(input_layer)
    assert flattened.shape == (None, 2 * 3)


def test_flatten_symbolic_with_dynamic_dimension() -> None:
    input_layer = layers.Input(batch_shape=(5, 2, None))
    flattened = layers.Flatten()(input_layer)
    assert flattened.shape == (5, None)


def test_flatten_with_dynamic_batch_size_and_dynamic_dimenstions() -> None:
    def generator():
        yield (np.ones((3, 5, 7), dtype="float32"),)
        yield (np.ones((2, 7, 5), dtype="float32"),)

    model = Sequential([layers.Flatten()])
    for (x,) in generator():
        assert model.predict(x).shape == (len(x), 35)
