"""predict is a loop of model calls whose outputs are copied into arrays made once
(`statefulrnn.training.prediction`): the same numbers as calling the model batch by batch,
the model's dtype and Keras's return shapes kept, inputs not copied, results owned."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Dense, Input, Model, Sequential, callbacks
from statefulrnn.training.prediction import Gathered

RNG = np.random.default_rng(0)


def _stateful(return_sequences: bool, batch: int = 2, dtype: str = "float32") -> Sequential:
    torch.manual_seed(0)
    rnn = GRU(
        4, stateful=True, return_sequences=return_sequences, batch_input_shape=(batch, None, 3), dtype=dtype
    )
    return Sequential([rnn, Dense(2, dtype=dtype)])


def _calls(model: torch.nn.Module, x: np.ndarray, batch: int) -> np.ndarray:
    """The model called batch after batch by hand, from reset states."""
    model.reset_states()
    with torch.no_grad():
        return np.concatenate(
            [model(torch.from_numpy(x[i : i + batch])).numpy() for i in range(0, len(x), batch)]
        )


@pytest.mark.parametrize("return_sequences", [True, False])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_predict_equals_calling_the_model_batch_by_batch(return_sequences: bool, dtype: str) -> None:
    model = _stateful(return_sequences, dtype=dtype)
    x = RNG.normal(size=(6, 5, 3)).astype(dtype)  # three batches of two streams
    expected = _calls(model, x, 2)
    model.reset_states()
    predicted = model.predict(x, batch_size=2, verbose=0)
    assert predicted.dtype == np.dtype(dtype)
    assert predicted.shape == ((6, 5, 2) if return_sequences else (6, 2))
    np.testing.assert_array_equal(predicted, expected)
    model.reset_states()
    np.testing.assert_array_equal(model.predict_on_batch(x[:2]), expected[:2])


def test_a_batch_size_that_does_not_divide_the_rows_gives_every_row() -> None:
    torch.manual_seed(0)
    model = Sequential([LSTM(3, input_shape=(4, 2)), Dense(1)])
    x = RNG.normal(size=(7, 4, 2)).astype(np.float32)
    with torch.no_grad():
        expected = model(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(model.predict(x, batch_size=3, verbose=0), expected, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(
        model.predict(x, batch_size=3, steps=2, verbose=0), expected[:6], rtol=1e-6, atol=1e-7
    )


def test_several_outputs_come_back_as_a_list_of_arrays_of_their_own_shapes() -> None:
    torch.manual_seed(0)
    inputs = Input(shape=(5, 3))
    sequence, state = GRU(4, return_sequences=True, return_state=True)(inputs)
    model = Model(inputs, [Dense(1)(sequence), state])
    x = RNG.normal(size=(5, 5, 3)).astype(np.float32)
    with torch.no_grad():
        expected = [part.numpy() for part in model(torch.from_numpy(x))]
    predicted = model.predict(x, batch_size=2, verbose=0)
    assert [p.shape for p in predicted] == [(5, 5, 1), (5, 4)]
    for ours, theirs in zip(predicted, expected):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)
    # One batch (predict's one-call road) and predict_on_batch: arrays of their own, not views
    # of what the model keeps.
    for single in (model.predict(x, verbose=0), model.predict_on_batch(x)):
        assert isinstance(single, list) and [p.shape for p in single] == [(5, 5, 1), (5, 4)]
        for ours, theirs in zip(single, expected):
            np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)
            assert ours.flags.owndata and ours.flags.writeable


def test_predict_reads_a_float32_array_in_place() -> None:
    model = _stateful(True)
    x = RNG.normal(size=(2, 50, 3)).astype(np.float32)
    seen = []
    model.layers[0].register_forward_pre_hook(lambda module, args: seen.append(args[0].data_ptr()))
    model.predict(x, verbose=0)
    assert seen == [x.ctypes.data]  # the user's array itself: no copy of a long input


def test_results_are_copies_that_later_calls_leave_alone() -> None:
    model = _stateful(False)  # the output is the last state: the layer keeps that tensor
    x = RNG.normal(size=(2, 5, 3)).astype(np.float32)
    for method in (model.predict, model.predict_on_batch):
        model.reset_states()
        first = method(x)
        first[:] = 100.0  # writing into the result must not touch the model's state
        assert float(model.layers[0].states[0].abs().max()) < 100.0
        method(x)
        np.testing.assert_array_equal(first, 100.0)


def test_batch_hooks_still_see_every_batch_s_outputs() -> None:
    class Recorder(callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[int] = []

        def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None:
            self.rows.append(len(logs["outputs"]))

    recorder = Recorder()
    model = _stateful(True)
    model.predict(RNG.normal(size=(6, 5, 3)), batch_size=2, verbose=0, callbacks=[recorder])
    assert recorder.rows == [2, 2, 2]


def test_no_rows_is_a_clear_error() -> None:
    model = Sequential([Dense(1, input_shape=(3,))])
    with pytest.raises(ValueError, match=r"predict got no data"):
        model.predict(np.zeros((0, 3)), verbose=0)


def test_outputs_that_do_not_stack_are_refused_by_name() -> None:
    gathered = Gathered(4)
    gathered.add(torch.zeros(2, 3))
    with pytest.raises(
        ValueError, match=r"4 rows of shape \(3,\) for output 0 .*Received: an output 0 of shape \(2, 5\)"
    ):
        gathered.add(torch.zeros(2, 5))
    with pytest.raises(ValueError, match=r"shape \(3, 3\) after 2 rows"):
        gathered.add(torch.zeros(3, 3))  # more rows than the input had
