"""Keras's small names a program's own train_step or layer list uses: ``keras.utils``'s
``pack_x_y_sample_weight`` / ``unpack_x_y_sample_weight`` (as Keras 3's data adapter utils
define them) and ``keras.layers.Convolution1D`` / ``Convolution1DTranspose`` (Keras's other
names for ``Conv1D`` / ``Conv1DTranspose``)."""

from __future__ import annotations

import pytest

from statefulrnn import keras


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
