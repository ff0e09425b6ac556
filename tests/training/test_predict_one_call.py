"""The short road of `predict` (one batch, nothing to call back: one model call, as
`predict_on_batch`) and `ModuleWalk`, the one walk over the model's modules that a call makes:
the same results, modes, callbacks and warnings as the loop, and each call seeing the model as it
is then (the walk kept between calls: test_predict_kept_walk)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import GRU, Dense, Dropout, Input, Model, Sequential, callbacks
from statefulrnn.layers import Concatenate
from statefulrnn.training.data import fixed_batch_size, placement
from statefulrnn.training.prediction import ModuleWalk
from statefulrnn.training.trainer import ModuleMode

RNG = np.random.default_rng(0)


def _stateful() -> Sequential:
    torch.manual_seed(0)
    return Sequential(
        [GRU(4, stateful=True, return_sequences=True, batch_input_shape=(2, None, 3)), Dense(2)]
    )


def _stateful_layer(batch: int) -> GRU:
    return GRU(3, stateful=True, return_sequences=True, batch_input_shape=(batch, None, 4))


def test_the_walk_lists_what_modules_lists_and_reads_the_same() -> None:
    shared = Dense(3)
    inputs = Input(batch_shape=(2, 5, 3))
    hidden = GRU(3, stateful=True, return_sequences=True)(inputs)
    model = Model(inputs, [shared(hidden), shared(inputs)])  # one module reached twice
    model.add_module("extra", torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ModuleList([shared])))
    walk = ModuleWalk(model)
    assert walk.modules() == list(model.modules())
    assert list(walk.parameters()) == list(model.parameters())
    assert placement(walk) == placement(model) and fixed_batch_size(walk) == fixed_batch_size(model) == 2
    assert walk.placement() == placement(model) and walk.fixed_batch_size() == 2  # noted as it walked
    model.train()
    with ModuleMode(walk, False):
        assert not any(module.training for module in model.modules())
    assert all(module.training for module in model.modules())


def test_one_batch_equals_the_loop_and_a_stream_of_chunks_continues() -> None:
    model = _stateful()
    chunks = RNG.normal(size=(4, 2, 1, 3)).astype(np.float32)  # four one-step chunks of two streams
    with torch.no_grad():
        expected = [model(torch.from_numpy(chunk)).numpy() for chunk in chunks]
    model.reset_states()
    for chunk, wanted in zip(chunks, expected):
        np.testing.assert_array_equal(model.predict(chunk, batch_size=2, verbose=0), wanted)
    model.reset_states()
    for chunk, wanted in zip(chunks, expected):
        np.testing.assert_array_equal(model.predict_on_batch(chunk), wanted)


def test_one_batch_with_callbacks_or_steps_still_runs_the_loop() -> None:
    seen: list[int] = []
    record = callbacks.LambdaCallback(on_predict_batch_end=lambda batch, logs=None: seen.append(batch))
    model = _stateful()
    x = RNG.normal(size=(2, 3, 3)).astype(np.float32)
    model.predict(x, verbose=0, callbacks=[record])
    assert seen == [0]
    with pytest.warns(UserWarning, match=r"The data ran out after 1 of the 3 steps"):
        assert model.predict(x, steps=3, verbose=0).shape == (2, 3, 2)


def test_each_call_sees_the_model_as_it_is_then() -> None:
    model = Sequential([Dense(2, input_shape=(3,)), Dropout(0.99)])
    x = np.ones((4, 3), dtype=np.float32)
    assert model.predict(x, verbose=0).shape == (4, 2)
    model.add(Dense(5))  # a layer added after a call
    assert model.predict(x, verbose=0).shape == (4, 5)
    model.double()  # weights cast after a call: the data follows
    assert model.predict_on_batch(x).dtype == np.float64
    assert model.predict(x, verbose=0).dtype == np.float64
    assert all(module.training for module in model.modules())  # never train()ed: put back as it was


def test_several_inputs_cut_into_batches_equal_one_call() -> None:
    torch.manual_seed(0)
    sequence, side = Input(shape=(4, 3), name="sequence"), Input(shape=(2,), name="side")
    model = Model([sequence, side], Dense(1)(Concatenate()([GRU(2)(sequence), side])))
    xs = [RNG.normal(size=(5, 4, 3)).astype(np.float32), RNG.normal(size=(5, 2)).astype(np.float32)]
    with torch.no_grad():
        expected = model([torch.from_numpy(x) for x in xs]).numpy()
    for given in (xs, {"side": xs[1], "sequence": xs[0]}):
        np.testing.assert_allclose(
            model.predict(given, batch_size=2, verbose=0), expected, rtol=1e-6, atol=1e-7
        )


def test_stateful_layers_of_different_batch_sizes_are_named() -> None:
    model = torch.nn.Sequential(_stateful().layers[0], _stateful_layer(batch=3))
    with pytest.raises(ValueError, match=r"different batch sizes \[2, 3\]"):
        ModuleWalk(model).fixed_batch_size()
