"""The walk `predict` keeps on a model between calls (`ModuleWalk.of`) and its thinnest road
(one float array that makes one batch): a kept walk is renewed whenever the module tree or a
parameter slot changes, even where torch calls no registration hook, and what may change
between calls without touching the tree (modes, dtypes, stateful batch sizes) is read at each
call. A tree of statefulrnn's own modules is vouched for by the tree mark (`_tree_mark`), which
every change of their slots renews. Each test here fails on a walk kept without those checks."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Dense, Dropout, Sequential, _tree_mark
from statefulrnn.layers import Bidirectional, Embedding, TimeDistributed
from statefulrnn.training.prediction import ModuleWalk, predict

RNG = np.random.default_rng(0)


def _linear() -> torch.nn.Sequential:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(3, 2))


def _stateful(batch: int = 2) -> Sequential:
    torch.manual_seed(0)
    return Sequential(
        [GRU(4, stateful=True, return_sequences=True, batch_input_shape=(batch, None, 3)), Dense(2)]
    )


def test_the_walk_is_kept_until_the_tree_changes() -> None:
    model = Sequential([Dense(2, input_shape=(3,))])
    x = np.ones((4, 3), dtype=np.float32)
    model.predict(x, verbose=0)
    kept = ModuleWalk.of(model)
    model.predict(x, verbose=0)
    assert ModuleWalk.of(model) is kept
    model.add(Dense(5))
    assert model.predict(x, verbose=0).shape == (4, 5)
    assert ModuleWalk.of(model) is not kept
    assert ModuleWalk.of(model).modules() == list(model.modules())


def test_a_dropout_inserted_where_torch_calls_no_hook_is_switched_to_inference() -> None:
    model = _linear()
    x = RNG.normal(size=(4, 3)).astype(np.float32)
    expected = predict(model, x, verbose=0)
    model.insert(1, torch.nn.Dropout(0.9))  # writes the _modules dict directly
    np.testing.assert_array_equal(predict(model, x, verbose=0), expected)
    assert model[1].training  # put back as it was


def test_a_layer_deleted_where_torch_calls_no_hook_no_longer_counts() -> None:
    model = torch.nn.Sequential(_stateful().layers[0], torch.nn.Flatten())
    x = RNG.normal(size=(2, 1, 3)).astype(np.float32)
    assert predict(model, x, verbose=0).shape == (2, 4)
    del model[0]  # the stateful layer and its batch size of 2 go
    assert predict(model, RNG.normal(size=(3, 1, 3)).astype(np.float32), verbose=0).shape == (3, 3)


def test_a_parameter_replaced_by_one_of_another_dtype_sets_the_data_s_dtype() -> None:
    model = _linear()
    x = RNG.normal(size=(4, 3)).astype(np.float32)
    assert predict(model, x, verbose=0).dtype == np.float32
    layer = model[0]
    layer.weight = torch.nn.Parameter(layer.weight.detach().double())
    layer.bias = torch.nn.Parameter(layer.bias.detach().double())
    with torch.no_grad():
        expected = model(torch.from_numpy(x).double()).numpy()
    np.testing.assert_array_equal(predict(model, x, verbose=0), expected)


def test_modes_set_between_calls_are_read_and_put_back() -> None:
    model = Sequential([Dense(2, input_shape=(3,)), Dropout(0.9)])
    x = RNG.normal(size=(4, 3)).astype(np.float32)
    expected = model.predict(x, verbose=0)
    for training in (True, False):
        model.train(training)
        np.testing.assert_array_equal(model.predict(x, verbose=0), expected)
        assert all(module.training == training for module in model.modules())


def test_a_copy_at_another_batch_size_keeps_a_walk_of_its_own() -> None:
    model = _stateful(batch=2)
    x = RNG.normal(size=(2, 1, 3)).astype(np.float32)
    model.predict(x, verbose=0)  # kept on the model, then deep-copied with it
    single = model.with_batch_size(1)
    assert single.predict(x[:1], verbose=0).shape == (1, 1, 2)
    assert ModuleWalk.of(single).model is single
    with pytest.raises(ValueError, match="stateful with batch size 2"):
        model.predict(x, batch_size=1, verbose=0)


def test_a_deep_copy_predicts_with_its_own_weights() -> None:
    model = Sequential([Dense(2, input_shape=(3,))])
    x = RNG.normal(size=(4, 3)).astype(np.float32)
    expected = model.predict(x, verbose=0)
    twin = copy.deepcopy(model)
    twin.set_weights([np.zeros_like(w) for w in twin.get_weights()])
    np.testing.assert_array_equal(twin.predict(x, verbose=0), np.zeros((4, 2), np.float32))
    np.testing.assert_array_equal(model.predict(x, verbose=0), expected)


def test_a_recompiled_model_predicts_the_same() -> None:
    model = _stateful()
    x = RNG.normal(size=(2, 3, 3)).astype(np.float32)
    expected = model.predict(x, verbose=0)
    model.compile(optimizer="adam", loss="mse")
    model.reset_states()
    np.testing.assert_array_equal(model.predict(x, verbose=0), expected)


def _laid_out(x: np.ndarray, kind: str) -> np.ndarray:
    """``x``'s numbers in another layout: shared as they are (Fortran order, a slice of a longer
    array) or left by the thinnest road to the general one (another dtype, negative strides, a
    read-only array, another byte order: torch.from_numpy refuses those two)."""
    if kind == "fortran":
        return np.asfortranarray(x)
    if kind == "slice":
        longer = np.zeros((x.shape[0], x.shape[1] + 4, x.shape[2]), x.dtype)
        longer[:, 2:-2] = x
        return longer[:, 2:-2]
    if kind == "float64":
        return x.astype(np.float64)
    if kind == "strided":
        return np.ascontiguousarray(x[:, ::-1])[:, ::-1]  # the same numbers, negative strides
    if kind == "big-endian":
        return x.astype(">f4")
    read_only = x.copy()
    read_only.flags.writeable = False
    return read_only


@pytest.mark.parametrize("kind", ["fortran", "slice", "float64", "strided", "big-endian", "read-only"])
def test_arrays_of_any_layout_give_the_same_outputs(kind: str) -> None:
    model = _stateful()
    x = RNG.normal(size=(2, 3, 3)).astype(np.float32)
    expected = model.predict(x, verbose=0)
    model.reset_states()
    np.testing.assert_allclose(model.predict(_laid_out(x, kind), verbose=0), expected, rtol=1e-6, atol=1e-7)


def test_a_slice_of_a_longer_series_is_shared_not_copied() -> None:
    seen: list[int] = []

    class Records(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            seen.append(x.data_ptr())
            return x * 2

    series = RNG.normal(size=(2, 10, 3)).astype(np.float32)
    chunk = series[:, 4:6]  # how a series is fed chunk by chunk
    np.testing.assert_array_equal(predict(torch.nn.Sequential(Records()), chunk, verbose=0), chunk * 2)
    assert seen == [chunk.ctypes.data]


# ----- trees of statefulrnn's own modules: the tree mark -----------------------------------------


def test_a_torch_module_set_into_one_of_our_layers_is_switched_to_inference() -> None:
    model = Sequential([TimeDistributed(Dense(3), input_shape=(2, 3))])
    x = RNG.normal(size=(4, 2, 3)).astype(np.float32)
    model.predict(x, verbose=0)  # a walk of our own layers only: no mode switch
    model.layers[0].layer = torch.nn.Dropout(0.9)  # torch's, in training mode as made
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)
    assert model.layers[0].layer.training  # put back as it was


def test_a_torch_module_inserted_into_the_list_of_a_sequential_is_switched_to_inference() -> None:
    model = Sequential([Dense(2, input_shape=(3,))])
    x = RNG.normal(size=(4, 3)).astype(np.float32)
    expected = model.predict(x, verbose=0)
    model._layers.insert(1, torch.nn.Dropout(0.9))  # torch's insert writes the list's dict directly
    np.testing.assert_array_equal(model.predict(x, verbose=0), expected)


def test_a_stateful_batch_size_changed_in_place_is_read() -> None:
    model = _stateful(batch=2)
    x = RNG.normal(size=(2, 1, 3)).astype(np.float32)
    model.predict(x, verbose=0)
    model.layers[0].state_store.resize(1)  # as a stream pool's private copy does
    assert model.predict(x[:1], verbose=0).shape == (1, 1, 2)


def _own_models() -> list[tuple[Sequential, np.ndarray]]:
    torch.manual_seed(0)
    return [
        (_stateful(), RNG.normal(size=(2, 1, 3)).astype(np.float32)),
        (
            Sequential(
                [
                    LSTM(4, return_sequences=True, input_shape=(None, 3)),
                    Dropout(0.2),
                    TimeDistributed(Dense(2)),
                ]
            ),
            RNG.normal(size=(2, 5, 3)).astype(np.float32),
        ),
        (
            Sequential([Bidirectional(GRU(3), input_shape=(4, 3)), Dense(1)]),
            RNG.normal(size=(2, 4, 3)).astype(np.float32),
        ),
        (Sequential([Embedding(10, 4, mask_zero=True), GRU(3)]), RNG.integers(0, 10, size=(2, 5))),
    ]


@pytest.mark.parametrize("index", range(4))
def test_predict_calls_leave_the_mark_so_the_kept_walk_is_not_compared(index: int) -> None:
    model, x = _own_models()[index]
    model.predict(x, verbose=0)
    walk, mark = ModuleWalk.of(model), _tree_mark.current[0]
    assert walk.mark is mark  # vouched for: no comparison of its slots at the next call
    for _ in range(3):
        model.predict(x, verbose=0)
    assert _tree_mark.current[0] is mark
    assert ModuleWalk.of(model) is walk


def test_a_walk_of_a_tree_with_a_torch_module_is_compared_at_each_call() -> None:
    model = torch.nn.Sequential(Dense(2, input_shape=(3,)))
    predict(model, np.ones((1, 3), np.float32), verbose=0)
    assert ModuleWalk.of(model).mark is None


def test_a_shallow_copy_is_called_not_the_model_it_was_copied_from() -> None:
    model = Sequential([Dense(2, input_shape=(3,))])
    x = np.ones((1, 3), np.float32)
    model.predict(x, verbose=0)
    twin = copy.copy(model)
    assert ModuleWalk.of(twin).model is twin
