"""Keras's small names a program's own train_step or layer list uses: ``keras.utils``'s
``pack_x_y_sample_weight`` / ``unpack_x_y_sample_weight`` (as Keras 3's data adapter utils
define them) and ``keras.layers.Convolution1D`` / ``Convolution1DTranspose`` (Keras's other
names for ``Conv1D`` / ``Conv1DTranspose``)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import backend, keras


@pytest.mark.parametrize(
    ("data", "unpacked"),
    [("x", ("x", None, None)), (("x",), ("x", None, None)), (["x", "y"], ("x", "y", None)),
     (("x", "y", "w"), ("x", "y", "w"))],
)  # fmt: skip
def test_unpack_reads_each_form_keras_reads(data: object, unpacked: tuple) -> None:
    assert keras.utils.unpack_x_y_sample_weight(data) == unpacked


def test_unpack_refuses_other_lengths_and_pack_undoes_it() -> None:
    with pytest.raises(ValueError, match=r"x, \(x,\), \(x, y\) or \(x, y, sample_weight\).*a tuple of 4"):
        keras.utils.unpack_x_y_sample_weight((1, 2, 3, 4))
    pack, unpack = keras.utils.pack_x_y_sample_weight, keras.utils.unpack_x_y_sample_weight
    assert pack("x") == "x" and pack(["a", "b"]) == (["a", "b"],)  # a list x stays one x
    for parts in (("x", None, None), ("x", "y", None), ("x", "y", "w"), (["a", "b"], None, None)):
        assert unpack(pack(*parts)) == parts


def test_convolution1d_names_are_the_same_classes() -> None:
    assert keras.layers.Convolution1D is keras.layers.Conv1D
    assert keras.layers.Convolution1DTranspose is keras.layers.Conv1DTranspose
    layer = keras.layers.Convolution1D(4, 3)
    assert layer.get_config()["filters"] == 4 and type(layer).__name__ == "Conv1D"


def test_keras_3_s_dtype_and_graph_helpers_answer_as_keras() -> None:
    # Keras 3.15's answers to the same calls (its Python int is int32 on its torch backend, which
    # statefulrnn follows; int64 on TensorFlow).
    given = [None, "float32", float, bool, np.float64, np.dtype("int8"), "bfloat16", torch.int16]
    assert [srnn.utils.standardize_dtype(d) for d in given] == [
        "float32", "float32", "float32", "bool", "float64", "int8", "bfloat16", "int16"
    ]  # fmt: skip
    assert srnn.utils.standardize_dtype(int) == "int32"
    with pytest.raises(ValueError, match="Invalid dtype: 'floaty'"):
        srnn.utils.standardize_dtype("floaty")
    assert backend.is_float_dtype("float16") and backend.is_float_dtype(float)
    assert not backend.is_float_dtype("int32") and backend.is_int_dtype("uint8")
    assert not backend.is_int_dtype("bool")
    first = backend.get_uid("uid_test_prefix")
    assert backend.get_uid("uid_test_prefix") == first + 1
    a, b = srnn.Input((3,)), srnn.Input((2,))
    joined = srnn.layers.Concatenate()([srnn.layers.Dense(2)(a), b])
    sources = srnn.utils.get_source_inputs(joined)
    assert len(sources) == 2 and sources[0] is a and sources[1] is b
    assert srnn.utils.is_keras_tensor(joined) and not srnn.utils.is_keras_tensor(np.ones(1))
    assert srnn.version() == srnn.__version__
    with srnn.device("cpu:0"):
        assert torch.zeros(1).device.type == "cpu"
    assert srnn.device("gpu:0") == torch.device("cuda:0")
