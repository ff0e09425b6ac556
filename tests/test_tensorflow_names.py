"""TensorFlow's dtype names and device listing, as a tf.keras program reaches them once its
``import tensorflow as tf`` became ``import statefulrnn as tf`` (expected values are TensorFlow
2.21's answers to the same calls)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

import statefulrnn as tf
from statefulrnn import backend as K
from statefulrnn.tensorflow_dtypes import DTYPES


@pytest.mark.parametrize("name", ["float16", "float32", "float64", "int8", "int32", "int64", "uint8", "bool"])
def test_a_dtype_equals_each_spelling_of_itself_and_no_other(name: str) -> None:
    dtype = getattr(tf, name)
    assert dtype == name and dtype == getattr(torch, name) and dtype == np.dtype(name)
    assert dtype == np.dtype(name).type and not dtype != getattr(torch, name)
    assert getattr(torch, name) == dtype  # torch's dtype leaves the comparison to ours
    other = "int16" if name != "int16" else "float32"
    assert dtype != other and dtype != getattr(torch, other) and dtype != np.dtype(other)
    assert dtype != 32 and dtype != None  # noqa: E711 - compared with None on purpose


def test_the_dtypes_cast_build_inputs_weights_and_numpy_arrays_by_name() -> None:
    x = torch.tensor([1.7, -2.5])
    assert K.cast(x, tf.int32).tolist() == [1, -2] and K.cast(x, tf.int32).dtype == torch.int32
    assert tf.keras.Input(shape=(2,), dtype=tf.float64).dtype == "float64"
    dense = tf.layers.Dense(2, dtype=tf.float64)
    dense.build((None, 3))
    assert dense.kernel.dtype == torch.float64
    assert dense.add_weight(shape=(2,), dtype=tf.int64).dtype == torch.int64
    assert np.zeros(2, dtype=tf.float32).dtype == np.float32
    # a custom layer's "if x.dtype != tf.float32: x = K.cast(x, tf.float32)"
    assert torch.zeros(1).dtype == tf.float32 and torch.zeros(1, dtype=torch.int64).dtype != tf.float32


def test_dtypes_serialize_as_their_names_and_hash_as_them() -> None:
    layer = tf.layers.Dense(2, dtype=tf.float64)
    assert json.loads(json.dumps(layer.get_config()))["dtype"] == "float64"
    assert {"float32": 1}[tf.float32] == 1 and hash(tf.float32) == hash("float32")


def test_dtype_attributes_are_tensorflow_s() -> None:
    assert (tf.float32.name, tf.float32.is_floating, tf.float32.is_integer) == ("float32", True, False)
    assert tf.int32.is_integer and tf.bool.is_bool and tf.float32.as_numpy_dtype is np.float32
    assert tf.float32.max == pytest.approx(3.4028235e38) and tf.float32.min == -tf.float32.max
    assert (tf.int8.min, tf.int8.max, tf.uint8.max, tf.float16.size, tf.int64.size) == (-128, 127, 255, 2, 8)
    assert tf.double == "float64" and tf.half == "float16" and repr(tf.float32) == "tf.float32"
    with pytest.raises(TypeError, match=r"tf\.string has no min or max"):
        tf.string.max  # noqa: B018
    assert set(DTYPES) >= {"float32", "int32", "string", "bool", "complex64", "bfloat16"}


def test_tensorflow_s_functions_are_still_refused_with_a_message() -> None:
    with pytest.raises(tf.TensorFlowNameError, match=r"not for TensorFlow's own tf\.cast"):
        tf.cast  # noqa: B018


def test_device_listing_is_torch_s_devices_under_tensorflow_s_names() -> None:
    assert tf.config.list_physical_devices("CPU") == [("/physical_device:CPU:0", "CPU")]
    assert tf.config.list_logical_devices("CPU")[0].name == "/device:CPU:0"
    gpus = tf.config.experimental.list_physical_devices("GPU")
    assert len(gpus) == (torch.cuda.device_count() if torch.cuda.is_available() else 0)
    assert tf.config.list_physical_devices("cpu") == []  # TensorFlow matches the type exactly
    assert len(tf.config.list_physical_devices()) == 1 + len(gpus)
    # the boilerplate at the top of many tf.keras programs
    for gpu in gpus:
        tf.config.experimental.set_memory_growth(gpu, True)
        assert tf.config.experimental.get_memory_growth(gpu)


def test_memory_growth_refuses_the_cpu_and_turning_it_off() -> None:
    cpu = tf.config.list_physical_devices("CPU")[0]
    with pytest.raises(ValueError, match="takes a GPU of list_physical_devices"):
        tf.config.experimental.set_memory_growth(cpu, True)
    with pytest.raises(ValueError, match="takes a GPU"):
        tf.config.experimental.get_memory_growth(cpu)
