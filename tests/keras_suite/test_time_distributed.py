"""Port of ``keras/src/layers/rnn/time_distributed_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays and
tolerances unchanged, translated to our API (Keras's ``layers.Wrapper`` subclass in
test_masking is a `Layer` holding the Dense; ``self.layer.call`` is ``self.layer``).
test_build wraps Keras's Conv2D over (10, 128, 128, 3) images, as Keras's does (channels_last,
Keras's default here), and also a Conv1D over (10, 128, 3) sequences.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import initializers, layers
from statefulrnn.models import Sequential

from .layer_checks import assert_all_close, check_layer


def test_basics() -> None:
    check_layer(
        layers.TimeDistributed,
        init_kwargs={"layer": layers.Dense(1, use_bias=False)},
        input_shape=(3, 2, 4),
        expected_output_shape=(3, 2, 1),
        expected_num_trainable_weights=1,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )


def test_build() -> None:
    inputs = layers.Input(shape=(10, 128, 128, 3), batch_size=32)
    conv_2d_layer = layers.Conv2D(64, (3, 3))
    outputs = layers.TimeDistributed(conv_2d_layer)(inputs)
    assert outputs.shape == (32, 10, 126, 126, 64)
    inputs = layers.Input(shape=(10, 128, 3), batch_size=32)
    conv_1d_layer = layers.Conv1D(64, 3)
    outputs = layers.TimeDistributed(conv_1d_layer)(inputs)
    assert outputs.shape == (32, 10, 126, 64)


def test_correctness() -> None:
    sequence = np.arange(24).reshape((3, 2, 4)).astype("float32")
    layer = layers.Dense(
        1,
        kernel_initializer=initializers.Constant(0.01),
        use_bias=False,
    )
    layer = layers.TimeDistributed(layer=layer)
    output = layer(sequence)
    assert_all_close(
        output,
        np.array([[[0.06], [0.22]], [[0.38], [0.53999996]], [[0.7], [0.86]]]),
    )


def test_masking() -> None:
    class MaskedDense(layers.Layer):
        def __init__(self, units: int, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.layer = layers.Dense(
                units,
                kernel_initializer=initializers.Constant(0.01),
                use_bias=False,
            )

        supports_masking = True

        def _build(self, input_shape: Any) -> None:
            self.layer.build(input_shape)

        def compute_output_shape(self, input_shape: Any) -> Any:
            return self.layer.compute_output_shape(input_shape)

        def forward(self, inputs: Any, training: bool = False, mask: Any = None) -> torch.Tensor:
            unmasked = self.layer(inputs)
            if mask is None:
                return unmasked
            else:
                return (unmasked.T * mask.to(inputs.dtype)).T

    sequence = np.arange(24).reshape((3, 2, 4)).astype("float32")
    layer = layers.TimeDistributed(layer=MaskedDense(1))
    mask = np.array([[False, True], [True, False], [True, True]])
    output = layer(sequence, mask=mask)
    assert_all_close(output, np.array([[[0], [0.22]], [[0.38], [0]], [[0.7], [0.86]]]))


def test_with_mask_zero() -> None:
    model = Sequential(
        [
            layers.Input(shape=(20,)),
            layers.Embedding(input_dim=10, output_dim=5, mask_zero=True),
            layers.TimeDistributed(layers.Dense(units=5, activation="softmax")),
        ]
    )
    model.compile(
        optimizer="adam",
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    X_train = np.random.uniform(1, 10, size=(22, 20))  # noqa: N806 - Keras's name
    Y_train = np.random.randint(1, 2, size=(22, 20))  # noqa: N806 - Keras's name

    model.fit(X_train, Y_train, epochs=1, batch_size=16)


BATCH, TIMESTEPS, FEATURES = 4, 5, 3


def _td_and_inputs() -> tuple[layers.TimeDistributed, np.ndarray]:
    td = layers.TimeDistributed(layers.Dense(units=5, activation="softmax"))
    return td, np.zeros((BATCH, TIMESTEPS, FEATURES))


def test_mask_validation_with_mismatched_timesteps() -> None:
    td, inputs = _td_and_inputs()
    mask_valid = np.ones((BATCH, TIMESTEPS), dtype=bool)
    output = td(inputs, mask=mask_valid)
    assert tuple(output.shape) == (BATCH, TIMESTEPS, 5)
    mask_timemismatch = np.ones((BATCH, TIMESTEPS + 1), dtype=bool)
    with pytest.raises(ValueError, match=r"The `mask` passed to the `TimeDistributed` layer has a shape.*"):
        td(inputs, mask=mask_timemismatch)


def test_mask_validation_with_mismatched_batch_size() -> None:
    td, inputs = _td_and_inputs()
    mask_batchmismatch = np.ones((BATCH + 1, TIMESTEPS), dtype=bool)
    with pytest.raises(ValueError, match=r"The `mask` passed to the `TimeDistributed` layer has a shape.*"):
        td(inputs, mask=mask_batchmismatch)


def test_mask_validation_with_correct_shape() -> None:
    td, inputs = _td_and_inputs()
    mask_correct = np.ones((BATCH, TIMESTEPS, 1), dtype=bool)
    output = td(inputs, mask=mask_correct)
    assert tuple(output.shape) == (BATCH, TIMESTEPS, 5)


def test_mask_validation_with_3d_mask() -> None:
    td, inputs = _td_and_inputs()
    mask_3d = np.ones((BATCH, TIMESTEPS, 2), dtype=bool)
    output = td(inputs, mask=mask_3d)
    assert tuple(output.shape) == (BATCH, TIMESTEPS, 5)
    mask_3d_mismatch = np.ones((BATCH, TIMESTEPS + 1, 2), dtype=bool)
    with pytest.raises(ValueError, match=r"The `mask` passed to the `TimeDistributed` layer has a shape.*"):
        td(inputs, mask=mask_3d_mismatch)


def test_mask_validation_with_none_mask() -> None:
    td, inputs = _td_and_inputs()
    output = td(inputs, mask=None)
    assert tuple(output.shape) == (BATCH, TIMESTEPS, 5)


def test_mask_validation_with_both_batch_and_timesteps_mismatched() -> None:
    td, inputs = _td_and_inputs()
    mask_both_mismatch = np.ones((BATCH + 1, TIMESTEPS + 1), dtype=bool)
    with pytest.raises(ValueError, match=r"The `mask` passed to the `TimeDistributed` layer has a shape.*"):
        td(inputs, mask=mask_both_mismatch)
