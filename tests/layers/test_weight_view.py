"""``layer.weights`` as Keras variables (`statefulrnn.layers.weight_view`): names, paths,
trainable flags, ``numpy()``, ``assign``, ``assign_add`` and ``assign_sub`` against what Keras
3.15 gave for the same program (tests/fixtures/weight_views.json, written by
tools/keras_fixtures/weight_views.py, whose own ``play`` runs here with statefulrnn as keras)."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Dense, Sequential
from statefulrnn import keras as statefulrnn_keras
from statefulrnn.layers.weight_view import WeightView
from tests.fixture_scripts import fixture_script

FIXTURE = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "weight_views.json").read_text())


def test_the_same_program_sees_and_leaves_what_keras_does() -> None:
    ours = fixture_script("weight_views").play(statefulrnn_keras)
    assert ours["weights"] == FIXTURE["weights"]
    for key in ("values", "assigned", "get_weights after", "predict after"):
        for mine, theirs in zip(ours[key], FIXTURE[key], strict=True):
            np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6, err_msg=key)


def model() -> Sequential:
    torch.manual_seed(0)
    return Sequential([GRU(3, input_shape=(None, 2), name="gru"), Dense(1, name="dense")], name="model")


def test_an_assigned_recurrent_weight_reads_back_in_the_view_and_the_layer() -> None:
    """A recurrent cell's Keras-layout kernel is a copy of its PyTorch-layout parameters: the
    view written shows the new value too, as does every later read."""
    net = model()
    kernel = net.weights[0]
    value = np.arange(18, dtype=np.float32).reshape(2, 9)
    assert kernel.assign(value) is kernel
    for read in (kernel.detach().numpy(), kernel.numpy(), net.weights[0].numpy(), net.get_weights()[0]):
        np.testing.assert_array_equal(read, value)
    kernel.assign_sub(np.ones((2, 9)))
    kernel.assign_add(0.5)
    np.testing.assert_array_equal(net.get_weights()[0], value - 0.5)


def test_a_wrong_shape_is_refused_and_changes_nothing() -> None:
    net = model()
    before = net.get_weights()
    with pytest.raises(ValueError, match=r"Weight model/gru/gru_cell/kernel expects shape \(2, 9\), but"):
        net.weights[0].assign(np.ones((9, 2)))
    for kept, now in zip(before, net.get_weights(), strict=True):
        np.testing.assert_array_equal(kept, now)


def test_views_compute_and_differentiate_as_plain_tensors() -> None:
    """A Keras program's penalty over model.weights trains the parameters behind them."""
    net = model()
    penalty = sum((w**2).sum() for w in net.weights)
    assert type(penalty) is torch.Tensor
    penalty.backward()
    for parameter in net.parameters():
        torch.testing.assert_close(parameter.grad, 2 * parameter.detach())
    assert np.asarray(net.weights[-1]).shape == (1,)


def test_a_view_pickles_and_copies_as_a_plain_tensor_of_its_value() -> None:
    kernel = model().weights[2]
    for twin in (pickle.loads(pickle.dumps(kernel)), copy.deepcopy(kernel)):
        assert type(twin) is torch.Tensor and not twin.requires_grad
        torch.testing.assert_close(twin, kernel.detach().as_subclass(torch.Tensor))


def test_a_view_prints_as_keras_prints_a_variable() -> None:
    bias = model().weights[-1]
    assert isinstance(bias, WeightView)
    assert repr(bias) == "<Variable path=model/dense/bias, shape=(1,), dtype=float32, value=[0.]>"


def test_a_cells_kernel_attributes_are_keras_layout_views() -> None:
    """``cell.kernel`` and ``cell.recurrent_kernel`` as a Keras program reads them (Keras's cells
    have them; ours store PyTorch's layout as weight_ih and weight_hh), assign included."""
    net = model()
    cell = net.layers[0].cell
    np.testing.assert_array_equal(cell.kernel.numpy(), net.get_weights()[0])
    np.testing.assert_array_equal(cell.recurrent_kernel.numpy(), net.get_weights()[1])
    cell.kernel.assign(np.ones((2, 9)))
    np.testing.assert_array_equal(net.get_weights()[0], np.ones((2, 9)))
    assert not hasattr(GRU(3).cell, "kernel")  # until it is built


def test_weights_give_tf_keras_s_get_shape() -> None:
    # Generative Deep Learning 2nd ed.'s PixelCNN masks a kernel made as
    # np.zeros(shape=self.conv.kernel.get_shape()) (a tf.Variable's TensorShape there)
    net = model()
    views = [net.layers[0].cell.kernel, net.layers[0].cell.recurrent_kernel]
    dense_kernel = net.layers[1].kernel  # a KerasParameter
    for weight in [*views, dense_kernel]:
        shape = weight.get_shape()
        assert shape.as_list() == list(weight.numpy().shape)
        assert np.zeros(shape=shape).shape == weight.numpy().shape
    assert views[0].get_shape() == (2, 9) and dense_kernel.get_shape().rank == 2
