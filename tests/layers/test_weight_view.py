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
from statefulrnn.layers import GRUCell, Layer
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


class Holder(Layer):
    """A program's own layer (defined outside statefulrnn) keeping its cell's kernel."""

    def build(self, input_shape):
        self.cell = GRUCell(4)
        self.cell.build(input_shape[1:])
        self.held = self.cell.kernel

    def call(self, x):
        return x[:, -1] @ self.held


@pytest.mark.parametrize("kind", ["SimpleRNN", "GRU", "LSTM"])
@pytest.mark.parametrize("compiled", [True, False])
def test_a_tensor_assigned_to_a_cells_kernel_computes_until_the_weight_is_assigned_back(
    kind: str, compiled: bool
) -> None:
    """Quantisation-aware training (BitNeural32's TernaryLSTM) swaps a quantised tensor in for
    ``cell.kernel`` and ``cell.recurrent_kernel`` around its calls, then assigns the cell's own
    back: Keras's cells compute from whatever the attributes hold. The calls in between equal
    a layer whose weights are that tensor (the fused kernels step aside), the gradient reaches
    what the tensor was made from, and assigning the weight back computes as before."""
    import statefulrnn
    from statefulrnn.layers import fused

    torch.manual_seed(0)
    layer = getattr(statefulrnn.layers, kind)(4, return_sequences=True)
    twin = getattr(statefulrnn.layers, kind)(4, return_sequences=True)
    x = torch.randn(3, 5, 2)
    with statefulrnn.use_compiled_kernels(compiled), torch.no_grad():
        before = layer(x)
    twin(x)
    cell = layer.cell
    kernel, recurrent = cell.kernel, cell.recurrent_kernel
    source = torch.randn(tuple(kernel.shape), requires_grad=True)
    cell.kernel = source * 2
    cell.recurrent_kernel = recurrent.detach() * 0.5
    twin.set_weights([2 * source.detach().numpy(), 0.5 * recurrent.numpy(), *layer.get_weights()[2:]])
    assert fused.fused_runner(cell, training=False) is None
    with statefulrnn.use_compiled_kernels(compiled):
        swapped = layer(x)
        with torch.no_grad():
            np.testing.assert_allclose(swapped.detach().numpy(), twin(x).numpy(), rtol=1e-5, atol=1e-6)
    swapped.sum().backward()
    assert source.grad is not None and float(source.grad.abs().sum()) > 0
    np.testing.assert_array_equal(cell.kernel.numpy(), kernel.numpy())  # the weights are untouched
    cell.kernel, cell.recurrent_kernel = kernel, recurrent
    assert fused.fused_runner(cell, training=False) is not None
    with statefulrnn.use_compiled_kernels(compiled), torch.no_grad():
        np.testing.assert_allclose(layer(x).numpy(), before.numpy(), rtol=1e-6, atol=1e-7)


def test_a_tensor_of_another_shape_assigned_to_a_cells_kernel_is_refused() -> None:
    cell = model().layers[0].cell
    with pytest.raises(ValueError, match=r"kernel has shape \(2, 9\).*assigned has shape \(9, 2\)"):
        cell.kernel = torch.zeros(9, 2)
    assert "_assigned_matrices" not in cell.__dict__


def test_a_programs_layer_holding_a_cells_kernel_reads_the_weight_as_it_is_now() -> None:
    """``self.kernel = self.cell.kernel`` in a program's build: in Keras the attribute is the
    variable itself. A GRU's Keras-layout kernel is a rearranged copy of its parameter, so the
    attribute is read afresh at each use (after ``assign`` or an optimizer step it holds the new
    values, and its gradient reaches the parameter); a deep copy follows the copy's weight, and
    a pickle keeps the value."""
    import statefulrnn as keras

    net = keras.Sequential([keras.Input((3, 5)), Holder()])
    holder = net.layers[0]
    holder.cell.kernel.assign(np.full((5, 12), 0.5))
    np.testing.assert_array_equal(holder.held.numpy(), np.full((5, 12), 0.5))
    net.compile("sgd", "mse")
    net.fit(np.ones((4, 3, 5), "float32"), np.zeros((4, 12), "float32"), epochs=1, verbose=0)
    trained = holder.cell.kernel.numpy()
    assert not np.allclose(trained, 0.5)  # the gradient reached the GRU's parameter
    np.testing.assert_array_equal(holder.held.detach().numpy(), trained)
    twin = copy.deepcopy(net)
    twin.layers[0].cell.kernel.assign(np.zeros((5, 12)))
    assert float(twin.layers[0].held.abs().sum()) == 0.0
    np.testing.assert_array_equal(holder.held.detach().numpy(), trained)
    unpickled = pickle.loads(pickle.dumps(net)).layers[0]
    assert type(unpickled.held) is torch.Tensor
    np.testing.assert_array_equal(unpickled.held.numpy(), trained)
