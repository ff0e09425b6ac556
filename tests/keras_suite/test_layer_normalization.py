"""Port of ``keras/src/layers/normalization/layer_normalization_test.py`` from keras-team/keras
v3.15.1 (commit 250b42181ce9f37df68319d8f4753ec89a349a43), with Keras's inputs, expected arrays
and tolerances unchanged. Keras draws some inputs from an unseeded ``np.random``; here the
generator is seeded.

Not ported:
- test_large_value_within_autocast_scope: Keras's float16 ``AutocastScope``; statefulrnn has
  no autocast policy (a layer's weights keep the dtype they were made with).
Changed: ``layer.gamma.assign`` / ``layer.beta`` reads are ``set_weights`` / the Parameters;
``rms_scaling=True`` warns as Keras does, and the tests expect the warning.
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import layers, regularizers

from .layer_checks import assert_all_close, check_layer

RMS_WARNING = pytest.mark.filterwarnings("ignore:You passed `rms_scaling=True`")


@pytest.mark.parametrize(
    ("init_kwargs", "input_shape", "trainable", "losses"),
    [
        (
            {"gamma_regularizer": regularizers.L2(0.01), "beta_regularizer": regularizers.L2(0.01)},
            (3, 4, 2),
            2,
            2,
        ),
        ({"gamma_initializer": "ones", "beta_initializer": "ones"}, (3, 4, 2), 2, 0),
        ({"scale": False, "center": False}, (3, 3), 0, 0),
        ({"rms_scaling": True}, (3, 3), 1, 0),
        ({"axis": (-3, -2, -1)}, (2, 8, 8, 3), 2, 0),
        ({}, (1, 0, 10), 2, 0),
    ],
)
@RMS_WARNING
def test_ln_basics(init_kwargs, input_shape, trainable, losses) -> None:
    check_layer(
        layers.LayerNormalization,
        init_kwargs=init_kwargs,
        input_shape=input_shape,
        expected_output_shape=input_shape,
        expected_num_trainable_weights=trainable,
        expected_num_non_trainable_weights=0,
        expected_num_losses=losses,
        supports_masking=True,
    )


def test_invalid_axis() -> None:
    with pytest.raises(TypeError, match="Expected an int or a list/tuple of ints for the argument 'axis'"):
        layers.LayerNormalization(axis={"axis": -1})


def test_correctness() -> None:
    layer = layers.LayerNormalization(dtype="float32")
    layer.build(input_shape=(2, 2, 2))
    inputs = np.random.default_rng(0).normal(loc=5.0, scale=10.0, size=(1000, 2, 2, 2)).astype("float32")

    out = layer(inputs)
    out = out - layer.beta
    out = out / layer.gamma

    assert_all_close(out.mean(), 0.0, atol=1e-1)
    assert_all_close(out.std(unbiased=False), 1.0, atol=1e-1)


def test_output() -> None:
    layer = layers.LayerNormalization(dtype="float32", beta_initializer="ones", gamma_initializer="ones")
    inputs = np.arange(5).astype("float32")[None, :]
    out = layer(inputs)
    assert_all_close(out, [[-0.41386, 0.29307, 1.0, 1.70693, 2.41386]])


@RMS_WARNING
def test_output_with_rms_scaling() -> None:
    layer = layers.LayerNormalization(dtype="float32", rms_scaling=True, gamma_initializer="ones")
    inputs = np.arange(5).astype("float32")[None, :]
    out = layer(inputs)
    assert_all_close(out, [[0.0, 0.70693, 1.41386, 2.12079, 2.82772]])


def test_rms_scaling_warns() -> None:
    with pytest.warns(UserWarning, match="rms_scaling=True`, which is deprecated"):
        layers.LayerNormalization(rms_scaling=True)


def test_unsorted_axis() -> None:
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype("float32")
    layer_sorted = layers.LayerNormalization(axis=[-2, -1])
    layer_unsorted = layers.LayerNormalization(axis=[-1, -2])
    out_sorted = layer_sorted(x)
    out_unsorted = layer_unsorted(x)
    assert tuple(out_sorted.shape) == (2, 3, 4)
    assert tuple(out_unsorted.shape) == (2, 3, 4)
    assert_all_close(out_sorted, out_unsorted)
