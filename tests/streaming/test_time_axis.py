"""StreamPool along the time axis: masked steps and layers that mix steps.

A stream's outputs must be those of its whole sequence in one call, wherever its chunks begin
and end. A `Masking` layer makes that a question of outputs at masked steps (a whole sequence
repeats its last real output there; Keras's masked RNN outputs zeros at masked steps that open
a call), and a layer that reads several steps (Conv1D, pooling, Flatten) cannot be served at all.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from statefulrnn import GRU, LSTM, RNN, Dense, Sequential, SimpleRNN
from statefulrnn.layers import (
    Conv1D,
    Flatten,
    GlobalAveragePooling1D,
    GRUCell,
    Input,
    LayerNormalization,
    LSTMCell,
    Masking,
    MaxPooling1D,
    MinGRU,
    Reshape,
    TimeDistributed,
)
from statefulrnn.models import Model
from statefulrnn.streaming import StreamPool
from tests.layers.builders import DecayCell

from .helpers import FEATURES, offline, random_chunks

SHAPE = (4, None, FEATURES)


def _recurrent(kind: str, return_sequences: bool) -> list[nn.Module]:
    last = {"return_sequences": return_sequences, "stateful": True}
    return {
        "gru": lambda: [GRU(5, **last)],
        "lstm": lambda: [LSTM(5, **last)],
        "simple": lambda: [SimpleRNN(5, **last)],
        "cells": lambda: [RNN([GRUCell(4), LSTMCell(5)], **last)],
        "min_gru": lambda: [MinGRU(5, **last)],
        "two_layers": lambda: [GRU(4, stateful=True, return_sequences=True), LSTM(5, **last)],
    }[kind]()


def _masked_model(kind: str, return_sequences: bool, functional: bool) -> nn.Module:
    """Masking, the recurrent layers, a Dense head; as a Sequential (the pool's layer road) or
    a functional Model (its model road)."""
    torch.manual_seed(3)
    layers = [Masking(0.0), *_recurrent(kind, return_sequences), Dense(2)]
    if not functional:
        return Sequential([Input(batch_shape=SHAPE), *layers])
    inputs = x = Input(batch_shape=SHAPE)
    for layer in layers:
        x = layer(x)
    return Model(inputs, x)


def _padded_stream(rng: np.random.Generator, steps: int) -> np.ndarray:
    """Frames with runs of all-zero (masked) steps, the first steps among them."""
    whole = rng.normal(size=(steps, FEATURES)).astype(np.float32)
    whole[rng.random(steps) < 0.35] = 0.0
    whole[:2] = 0.0
    whole[9:13] = 0.0  # a run longer than most chunks: whole chunks masked
    return whole


@pytest.mark.parametrize("kind", ["gru", "lstm", "simple", "cells", "min_gru", "two_layers"])
@pytest.mark.parametrize("return_sequences", [True, False], ids=["sequences", "last"])
@pytest.mark.parametrize("functional", [False, True], ids=["layer_road", "model_road"])
def test_masked_steps_give_each_stream_its_whole_sequence_outputs(
    kind: str, return_sequences: bool, functional: bool
) -> None:
    """Chunks that begin on masked steps, and chunks masked throughout, output what those
    steps output in the whole sequence (its last real output), for one stream at a time
    (`push`), several in one call (`push_many`) and queued ones (`submit`)."""
    rng = np.random.default_rng(7)
    model = _masked_model(kind, return_sequences, functional)
    pool = StreamPool(model, max_streams=8)
    assert pool._runner.direct is not functional
    streams = {f"s{i}": _padded_stream(rng, 24) for i in range(4)}
    plans = {name: random_chunks(rng, len(whole), longest=4) for name, whole in streams.items()}
    # each stream's (position after the chunk, its outputs)
    pieces: dict[str, list[tuple[int, np.ndarray]]] = {name: [] for name in streams}
    position = dict.fromkeys(streams, 0)
    for name in streams:
        pool.open(name)
    while any(plans.values()):
        waiting = [name for name, plan in plans.items() if plan]
        batch = [name for name in waiting if plans[name][0] == 1]
        if len(batch) > 1 and rng.random() < 0.5:  # one frame each, in one call
            frames = np.stack([streams[n][position[n] : position[n] + 1] for n in batch])
            outputs = pool.push_many(batch, frames)
        else:
            batch = [str(rng.choice(waiting))]
            name, length = batch[0], plans[batch[0]][0]
            frames = streams[name][position[name] : position[name] + length]
            queued = rng.random() < 0.3
            outputs = [pool.submit(name, frames).result() if queued else pool.push(name, frames)]
        for name, output in zip(batch, outputs):
            position[name] += plans[name].pop(0)
            pieces[name].append((position[name], output))
    for name, whole in streams.items():
        if return_sequences:
            got = np.concatenate([output.reshape(-1, 2) for _, output in pieces[name]])
            np.testing.assert_allclose(got, offline(model, whole), atol=1e-5, err_msg=name)
        else:  # a chunk's output is the whole sequence's at the chunk's last step
            for end, output in pieces[name]:
                truth = offline(model, whole[:end])
                np.testing.assert_allclose(output, truth, atol=1e-5, err_msg=f"{name} at {end}")


def test_the_served_model_keeps_keras_masking_where_the_pool_continues_outputs() -> None:
    """The pool's copy continues a masked start with the last output; the model it serves
    keeps Keras's zeros there, chunk by chunk (as the Keras fixtures in tests/layers show)."""
    model = _masked_model("gru", True, functional=False)
    single = model.with_batch_size(1)
    frames = _padded_stream(np.random.default_rng(1), 12)[None]
    frames[0, 3], frames[0, 4] = 1.0, 0.0  # a real step, then a masked one opening a call
    with torch.no_grad():
        single(torch.from_numpy(frames[:, :4]))
        assert not bool(single(torch.from_numpy(frames[:, 4:5])).any())  # masked, zeros as Keras
    pool = StreamPool(model)
    pool.open("a")
    pool.push("a", frames[0, :4])
    np.testing.assert_allclose(pool.push("a", frames[0, 4]), offline(model, frames[0, :5])[-1], atol=1e-6)
    assert not any(getattr(layer, "continues_masked_outputs", False) for layer in model.modules())


def test_a_cell_whose_output_is_none_of_its_states_is_refused_after_masking() -> None:
    cell_layer = RNN(DecayCell(5, FEATURES), stateful=True, return_sequences=True, name="decay")
    model = Sequential([Input(batch_shape=SHAPE), Masking(0.0, name="pad"), cell_layer])
    refusal = r"Layer 'decay' may get a mask from 'pad' \(Masking\).*output_state_index"
    with pytest.raises(ValueError, match=refusal):
        StreamPool(model)
    # Without a mask, or with masked steps output as zeros, nothing needs the last output.
    StreamPool(Sequential([Input(batch_shape=SHAPE), RNN(DecayCell(5, FEATURES), stateful=True)]))
    zeroed = RNN(DecayCell(5, FEATURES), stateful=True, return_sequences=True, zero_output_for_mask=True)
    StreamPool(Sequential([Input(batch_shape=SHAPE), Masking(0.0), zeroed]))


def _mixing_cases() -> dict[str, tuple[list[nn.Module], str]]:
    def gru(return_sequences: bool = True) -> GRU:
        return GRU(5, stateful=True, return_sequences=return_sequences)

    return {
        "conv_before": ([Conv1D(3, 3, padding="causal", name="m"), gru()], "Conv1D"),
        "conv_after": ([gru(), Conv1D(3, 2, padding="same", name="m")], "Conv1D"),
        "pooling": ([MaxPooling1D(2, name="m"), gru()], "MaxPooling1D"),
        "global_pooling": ([gru(), GlobalAveragePooling1D(name="m")], "GlobalAveragePooling1D"),
        "flatten": ([gru(), Flatten(name="m")], "Flatten"),
        "normalized_over_time": ([gru(), LayerNormalization(axis=1, name="m")], "LayerNormalization"),
        "reshape_across_steps": ([gru(), Reshape((5, -1), name="m")], "Reshape"),
    }


@pytest.mark.parametrize("case", sorted(_mixing_cases()))
@pytest.mark.parametrize("functional", [False, True], ids=["sequential", "functional"])
def test_a_layer_that_mixes_steps_on_the_streams_time_axis_is_refused(case: str, functional: bool) -> None:
    layers, kind = _mixing_cases()[case]
    if functional:
        inputs = x = Input(batch_shape=(4, 8, FEATURES))
        for layer in layers:
            x = layer(x)
        model: nn.Module = Model(inputs, x)
    else:
        model = Sequential([Input(batch_shape=(4, 8, FEATURES)), *layers])
    with pytest.raises(ValueError, match=rf"Layer 'm' \({kind}\) mixes time steps"):
        StreamPool(model)


def test_layers_acting_on_each_step_and_any_layer_after_the_time_axis_ends_are_served() -> None:
    """A Conv1D one step wide, a per-step Reshape and layer normalisation over features act on
    each step alone; after a recurrent layer that returns its last step, Flatten has no time
    axis left to mix. Each gives its whole-sequence outputs."""
    torch.manual_seed(5)
    per_step = Sequential(
        [
            Input(batch_shape=SHAPE),
            Conv1D(4, 1),
            GRU(6, stateful=True, return_sequences=True),
            LayerNormalization(),
            Reshape((-1, 2, 3)),
            TimeDistributed(Flatten()),
        ]
    )
    after = Sequential([Input(batch_shape=SHAPE), LSTM(6, stateful=True), Reshape((2, 3)), Flatten()])
    whole = np.random.default_rng(5).normal(size=(9, FEATURES)).astype(np.float32)
    for model in (per_step, after):
        pool = StreamPool(model)
        pool.open("a")
        outputs = [pool.push("a", whole[start : start + 3]) for start in range(0, 9, 3)]
        if model is per_step:
            np.testing.assert_allclose(np.concatenate(outputs), offline(model, whole), atol=1e-5)
        else:
            truth = [offline(model, whole[:end]) for end in (3, 6, 9)]
            np.testing.assert_allclose(np.stack(outputs), np.stack(truth), atol=1e-5)
