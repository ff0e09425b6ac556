"""Keras 2's ``K.rnn``, ``K.conv1d``, ``K.conv2d``, ``K.pool2d``, ``K.temporal_padding``,
``K.resize_images``, ``K.in_top_k``, the variable updates and ``K.print_tensor`` against tf-keras
2.21 (``tests/fixtures/backend_more``, from ``tools/keras_fixtures/backend_more.py``, whose
`cases` both run); ``K.rnn`` in a hand-written layer's ``call``, trained; the functions on a
functional model's symbolic tensors; the updates on layer weights; the refusals."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import backend as K
from statefulrnn.layers import Dense, Dropout, Input, Layer
from statefulrnn.models import Model, Sequential

from .fixture_scripts import fixture_script

SCRIPT = fixture_script("backend_more")
FIXTURE = np.load(Path(__file__).parent / "fixtures" / "backend_more" / "values.npz")
GOT = SCRIPT.cases(K, {name: torch.from_numpy(value) for name, value in SCRIPT.inputs().items()})


def test_every_recorded_case_is_replayed() -> None:
    assert sorted(f"out_{name}" for name in GOT) == sorted(k for k in FIXTURE.files if k.startswith("out_"))


@pytest.mark.parametrize("name", sorted(GOT))
def test_matches_tf_keras(name: str) -> None:
    got, expected = np.asarray(K.get_value(GOT[name])), FIXTURE[f"out_{name}"]
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("k", range(len(json.loads(str(FIXTURE["printed"])))))
def test_print_tensor_prints_as_tf_keras(k: int, capsys: pytest.CaptureFixture[str]) -> None:
    tensor, message, summarize = SCRIPT.printed_cases(K)[k]
    assert K.print_tensor(tensor, message=message, summarize=summarize) is tensor
    assert capsys.readouterr().out == json.loads(str(FIXTURE["printed"]))[k]


class _Recurrent(Layer):
    """A hand-written recurrent layer, as Keras 2 attention decoders write theirs: weights in
    ``build``, the initial state made from the input with K, the loop by ``K.rnn``."""

    def __init__(self, units: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape: Any) -> None:
        self.kernel = self.add_weight(
            name="kernel", shape=(input_shape[-1], self.units), initializer="normal"
        )
        self.recurrent = self.add_weight(
            name="recurrent", shape=(self.units, self.units), initializer="normal"
        )
        super().build(input_shape)

    def step(self, x: Any, states: Any) -> Any:
        h = K.tanh(K.dot(x, self.kernel) + K.dot(states[0], self.recurrent))
        return h, [h]

    def call(self, inputs: Any) -> Any:
        initial = K.tile(K.expand_dims(K.sum(K.zeros_like(inputs), axis=(1, 2))), [1, self.units])
        _, outputs, _ = K.rnn(self.step, inputs, [initial])
        return outputs


def _by_hand(layer: _Recurrent, x: torch.Tensor) -> torch.Tensor:
    h, outputs = torch.zeros(x.shape[0], layer.units), []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ layer.kernel + h @ layer.recurrent)
        outputs.append(h)
    return torch.stack(outputs, 1)


def test_rnn_in_a_layer_call_computes_and_differentiates_as_the_loop_by_hand() -> None:
    torch.manual_seed(0)
    inputs = Input((5, 3))
    recurrent = _Recurrent(4)
    sequences = recurrent(inputs)
    assert sequences.shape == (None, 5, 4)
    model = Model(inputs, Dense(1)(sequences))
    x = torch.randn(2, 5, 3)
    torch.testing.assert_close(recurrent(x), _by_hand(recurrent, x))
    got = torch.autograd.grad(recurrent(x).square().sum(), [recurrent.kernel, recurrent.recurrent])
    expected = torch.autograd.grad(
        _by_hand(recurrent, x).square().sum(), [recurrent.kernel, recurrent.recurrent]
    )
    for gradient, wanted in zip(got, expected):
        torch.testing.assert_close(gradient, wanted)
        assert float(gradient.abs().sum()) > 0
    model.compile(optimizer="sgd", loss="mse")
    before = recurrent.kernel.detach().clone()
    model.train_on_batch(x.numpy(), np.ones((2, 5, 1), np.float32))
    assert not torch.equal(recurrent.kernel.detach(), before)  # the step's gradient reached the kernel


def test_the_functions_record_nodes_on_symbolic_tensors() -> None:
    inputs, states = Input((5, 3)), Input((4,))
    kernel, recurrent = torch.randn(3, 4), torch.randn(4, 4)

    def step(x: Any, state: Any) -> Any:
        h = K.tanh(K.dot(x, kernel) + K.dot(state[0], recurrent))
        return h, [h]

    last, outputs, new_states = K.rnn(step, inputs, [states], go_backwards=True)
    assert (last.shape, outputs.shape, [s.shape for s in new_states]) == (
        (None, 4),
        (None, 5, 4),
        [(None, 4)],
    )
    convolved = K.conv1d(K.temporal_padding(inputs, (2, 0)), torch.ones(3, 3, 2))
    images = K.expand_dims(inputs)  # (N, 5, 3, 1)
    pooled = K.pool2d(K.resize_images(images, 2, 1, "channels_last"), (2, 2), pool_mode="avg")
    filtered = K.conv2d(images, torch.ones(2, 2, 1, 1), padding="same")
    printed = K.print_tensor(states, message="state:")
    model = Model([inputs, states], [last, outputs, new_states[0], convolved, pooled, filtered, printed])
    assert model.outputs[3].shape == (None, 5, 2) and model.outputs[4].shape == (None, 9, 2, 1)
    x, h0 = torch.randn(2, 5, 3), torch.randn(2, 4)
    got = model([x, h0])
    expected = K.rnn(step, x, [h0], go_backwards=True)
    for value, wanted in zip(got[:3], [expected[0], expected[1], expected[2][0]]):
        torch.testing.assert_close(value, wanted)
    torch.testing.assert_close(got[3], K.conv1d(K.temporal_padding(x, (2, 0)), torch.ones(3, 3, 2)))
    x4 = x.unsqueeze(-1)
    torch.testing.assert_close(
        got[4], K.pool2d(K.resize_images(x4, 2, 1, "channels_last"), (2, 2), pool_mode="avg")
    )
    torch.testing.assert_close(got[5], K.conv2d(x4, torch.ones(2, 2, 1, 1), padding="same"))
    torch.testing.assert_close(got[6], h0)


def test_in_top_k_on_a_model_output() -> None:
    scores, labels = Input((4,)), Input((1,))
    hit = K.in_top_k(scores, K.cast(K.squeeze(labels, -1), "int32"), 2)
    model = Model([scores, labels], hit)
    got = model([torch.tensor([[0.1, 0.9, 0.5, 0.2], [0.4, 0.3, 0.2, 0.1]]), torch.tensor([[1.0], [3.0]])])
    assert got.tolist() == [True, False]


def test_updates_change_layer_weights_in_place() -> None:
    layer = Dense(2, input_shape=(3,), kernel_initializer="ones", bias_initializer="zeros")
    assert K.update_add(layer.bias, torch.tensor([1.0, 2.0])) is layer.bias
    assert K.update_sub(layer.kernel, np.full((3, 2), 0.5)) is layer.kernel
    assert layer(torch.ones(1, 3)).tolist() == [[2.5, 3.5]]
    bias = Sequential([layer]).weights[1]  # a Keras-layout view of the weight
    K.update(bias, [0.0, 0.0])
    K.batch_set_value([(layer.kernel, np.zeros((3, 2)))])
    assert layer(torch.ones(1, 3)).tolist() == [[0.0, 0.0]]
    assert [a.tolist() for a in K.batch_get_value(layer.weights)] == [[[0.0, 0.0]] * 3, [0.0, 0.0]]
    moving = K.variable(np.zeros(2))  # a running statistic updated from a tensor that has a gradient
    x = torch.ones(4, 2, requires_grad=True)
    K.update(moving, moving * 0.9 + K.mean(x, axis=0) * 0.1)
    assert moving.tolist() == pytest.approx([0.1, 0.1]) and moving.grad_fn is None  # no graph kept


def test_refusals_name_what_was_expected_and_what_came() -> None:
    x, kernel = torch.ones(1, 5, 3), torch.ones(2, 3, 4)
    with pytest.raises(ValueError, match=r"`padding` argument must be one of .*Received: 'full'"):
        K.conv1d(x, kernel, padding="full")
    with pytest.raises(
        ValueError, match=r"one of \{'channels_first', 'channels_last'\}. Received: data_format=nhwc"
    ):
        K.conv2d(torch.ones(1, 4, 4, 3), torch.ones(2, 2, 3, 1), data_format="nhwc")
    with pytest.raises(ValueError, match=r"conv1d: x needs rank 3, \(N, T, C\), and kernel rank 3.*\(1, 5\)"):
        K.conv1d(torch.ones(1, 5), kernel)
    with pytest.raises(ValueError, match=r"x has 3 channels, which the kernel's 2 input channels"):
        K.conv1d(x, torch.ones(2, 2, 4))
    with pytest.raises(ValueError, match=r"pool_mode must be 'max' or 'avg'. Received: pool_mode='min'"):
        K.pool2d(torch.ones(1, 4, 4, 1), (2, 2), pool_mode="min")
    with pytest.raises(ValueError, match=r"`pool_size` argument must be a tuple of 2 integers"):
        K.pool2d(torch.ones(1, 4, 4, 1), (2, 2, 2))
    with pytest.raises(
        ValueError,
        match=r"data_format must be 'channels_first' or 'channels_last'. Received: data_format=None",
    ):
        K.resize_images(torch.ones(1, 2, 2, 1), 2, 2, None)
    with pytest.raises(ValueError, match=r"interpolation='bicubic' is TensorFlow's own kernel"):
        K.resize_images(torch.ones(1, 2, 2, 1), 2, 2, "channels_last", interpolation="bicubic")
    with pytest.raises(ValueError, match=r"interpolation must be one of .*Received: 'cubic'"):
        K.resize_images(torch.ones(1, 2, 2, 1), 2, 2, "channels_last", interpolation="cubic")
    with pytest.raises(
        ValueError, match=r"padding must be 2 ints \(before, after\). Received: padding=\(1,\)"
    ):
        K.temporal_padding(x, (1,))
    with pytest.raises(
        ValueError, match=r"rnn: inputs need rank 3 or more, \(batch, time, \.\.\.\); got shape \(2, 3\)"
    ):
        K.rnn(lambda x, s: (x, s), torch.ones(2, 3), [torch.zeros(2, 3)])
    with pytest.raises(ValueError, match=r"variable's shape \(2,\). Received: shape \(3,\)"):
        K.update(torch.zeros(2), [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="set_value needs a variable"):
        K.update_add(1.0, 1.0)


def test_the_functions_pickle_to_themselves() -> None:
    for function in (K.rnn, K.conv1d, K.pool2d, K.print_tensor, K.update_add, K.in_top_k):
        assert pickle.loads(pickle.dumps(function)) is function


def test_tf_keras_s_session_settings_are_taken_where_they_mean_what_statefulrnn_does() -> None:
    # Keras 2 programs call K.set_learning_phase(0) before predicting or exporting.
    with pytest.warns(UserWarning, match="set_learning_phase` is deprecated"):
        K.set_learning_phase(0)
    assert K.learning_phase() == 0
    with pytest.warns(UserWarning), pytest.raises(ValueError, match="0 or 1"):
        K.set_learning_phase(2)
    K.clear_session()
    assert K.manual_variable_initialization(True) is None


def test_learning_phase_1_trains_direct_calls_and_k_functions_as_tf_keras() -> None:
    """tf-keras 2.21, the same lines: a Dropout(0.5) drops about half of 200 ones in a direct
    call and a K.function, none in predict, evaluate or a call given training=False."""
    model = Sequential([Input((200,)), Dropout(0.5)])
    model.compile(loss="mse")
    x = np.ones((1, 200), np.float32)

    def dropped(outputs) -> float:
        return float(np.mean(np.asarray(outputs) == 0))

    try:
        with pytest.warns(UserWarning):
            K.set_learning_phase(1)
        assert K.learning_phase() == 1
        assert 0.3 < dropped(model(x)) < 0.7
        assert 0.3 < dropped(K.function([model.input], [model.output])([x])[0]) < 0.7
        assert dropped(model.predict(x, verbose=0)) == dropped(model(x, training=False)) == 0
        assert model.evaluate(x, x, verbose=0) == 0.0
        model.eval()  # a mode set by hand wins, as training= does
        assert dropped(model(x)) == 0
        with pytest.warns(UserWarning):
            K.set_learning_phase(0)
        assert dropped(Sequential([Input((200,)), Dropout(0.5)])(x)) == 0
    finally:
        K.clear_session()  # forgets the phase, as tf-keras's
    assert K.learning_phase() == 0


def test_tf_keras_s_argument_names_are_taken_by_keyword() -> None:
    # K.reshape(x, shape=...) (tf-keras's name; Keras 3's op names it newshape)
    assert tuple(K.reshape(K.constant(np.arange(6.0)), shape=(-1, 2)).shape) == (3, 2)


def test_a_size_given_as_a_tensor_of_one_integer_is_taken_as_tf_keras_s_int_does() -> None:
    # the TF autoencoder tutorial: Dense(tf.math.reduce_prod(shape))
    layer = Dense(K.prod(K.constant([4, 7], dtype="int32")))
    assert layer.units == 28 and type(layer.units) is int
    with pytest.raises(ValueError, match="units must be a positive integer"):
        Dense(torch.tensor(2.0))
    with pytest.raises(ValueError, match="units must be a positive integer"):
        Dense(torch.tensor([3]))


def test_repeat_elements_takes_tf_keras_s_argument_names() -> None:
    # TPA-LSTM's attention calls K.repeat_elements(x, rep=..., axis=...) (Keras 3's op names it repeats)
    np.testing.assert_array_equal(K.repeat_elements(torch.tensor([[1, 2]]), rep=2, axis=1), [[1, 1, 2, 2]])
    assert K.repeat_elements(Input((2, 3)), rep=2, axis=1).shape == (None, 4, 3)
