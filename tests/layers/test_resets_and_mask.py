"""Per-row resets and masked steps inside a call: each sequence computes as if it ran alone."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from statefulrnn import GRU, LSTM, use_fused_kernels

from .builders import KINDS, Spec, build_random

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None)


@st.composite
def packed_rows(draw: st.DrawFn, batch: int, features: int) -> dict:
    """Rows of back-to-back sequences (a reset at each start), padded at the end, cut into chunks."""
    rows = [draw(st.lists(st.integers(1, 7), min_size=1, max_size=3)) for _ in range(batch)]
    steps = max(sum(lengths) for lengths in rows) + draw(st.integers(0, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    x = rng.normal(size=(batch, steps, features)).astype(np.float32)
    resets = np.zeros((batch, steps), bool)
    mask = np.zeros((batch, steps), bool)
    pieces = []  # (row, start, length)
    for row, lengths in enumerate(rows):
        start = 0
        for length in lengths:
            resets[row, start] = True
            mask[row, start : start + length] = True
            pieces.append((row, start, length))
            start += length
    cuts = sorted(draw(st.sets(st.integers(1, steps - 1)))) if steps > 1 else []
    return dict(x=x, resets=resets, mask=mask, pieces=pieces, chunks=[0, *cuts, steps])


def _alone(model, x: np.ndarray) -> np.ndarray:
    model.reset_states()
    with torch.no_grad():
        return model(x[None]).numpy()[0]


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(data=st.data(), batch=st.integers(1, 3), units=st.integers(1, 5), features=st.integers(1, 3))
def test_each_sequence_computes_as_if_alone(
    kind: str, fused: bool, data: st.DataObject, batch: int, units: int, features: int
) -> None:
    layout = data.draw(packed_rows(batch, features))
    spec = Spec(kind, units, features, batch, return_sequences=True)
    model = build_random(spec, seed=units * 7 + features)
    single = build_random(Spec(kind, units, features, 1, return_sequences=True), seed=units * 7 + features)
    with use_fused_kernels(fused):
        model.reset_states()
        outputs = []
        with torch.no_grad():
            for start, end in zip(layout["chunks"], layout["chunks"][1:]):
                part = slice(start, end)
                outputs.append(
                    model(
                        layout["x"][:, part], mask=layout["mask"][:, part], resets=layout["resets"][:, part]
                    ).numpy()
                )
        batched = np.concatenate(outputs, axis=1)
        for row, start, length in layout["pieces"]:
            expected = _alone(single, layout["x"][row, start : start + length])
            np.testing.assert_allclose(batched[row, start : start + length], expected, rtol=1e-5, atol=1e-5)


def test_masked_steps_keep_state_and_repeat_the_last_output() -> None:
    torch.manual_seed(0)
    layer = LSTM(3, stateful=True, return_sequences=True, batch_input_shape=(2, None, 1))
    x = torch.randn(2, 6, 1)
    mask = torch.tensor([[True] * 6, [True, True, True, False, False, False]])
    y = layer(x, mask=mask)
    twin = LSTM(3, stateful=True, return_sequences=True, batch_input_shape=(2, None, 1))
    twin.set_weights(layer.get_weights())
    y_short = twin(x[:, :3])
    torch.testing.assert_close(y[1, 3:], y_short[1, 2].expand(3, 3))  # the last real output, repeated
    torch.testing.assert_close(layer.states[1][1], twin.states[1][1])  # c of row 1 stopped at step 3


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
@pytest.mark.parametrize("layer_class", [GRU, LSTM])
def test_steps_padded_in_every_row_keep_the_states_and_repeat_each_rows_last_output(
    layer_class: type, fused: bool
) -> None:
    """Where every row pads (steps 2-3 and 6 here), nothing runs: the states stay and each row's
    output repeats its last real one, as a row alone with its real steps only gives."""
    torch.manual_seed(1)
    layer = layer_class(3, stateful=True, return_sequences=True, batch_input_shape=(2, None, 2))
    alone = layer_class(3, stateful=True, return_sequences=True, batch_input_shape=(1, None, 2))
    alone.set_weights(layer.get_weights())
    x = torch.randn(2, 7, 2)
    mask = torch.tensor([[1, 1, 0, 0, 1, 0, 0], [1, 0, 0, 0, 1, 1, 0]], dtype=torch.bool)
    with use_fused_kernels(fused), torch.no_grad():
        y = layer(x, mask=mask)
        for row in range(2):
            alone.reset_states()
            real = alone(x[row : row + 1, mask[row]])[0]
            last_real = mask[row].long().cumsum(0) - 1  # each step's last real step, among the real ones
            torch.testing.assert_close(y[row], real[last_real])
            for state, own in zip(layer.states, alone.states):
                torch.testing.assert_close(state[row], own[0])


def test_step_flags_are_checked() -> None:
    layer = GRU(2, stateful=True, batch_input_shape=(2, None, 1))
    before = layer.states[0].clone()
    with pytest.raises(
        ValueError, match=r"resets must have shape \(batch, time\) = \(2, 4\) like the inputs\. Received"
    ):
        layer(torch.ones(2, 4, 1), resets=torch.zeros(2, 3, dtype=torch.bool))
    with pytest.raises(TypeError, match=r"mask must be booleans of shape \(batch, time\)"):
        layer(torch.ones(2, 4, 1), mask=torch.full((2, 4), 0.5))
    with pytest.raises(ValueError, match=r"reads its chunks backwards"):
        GRU(2, go_backwards=True)(torch.ones(2, 4, 1), resets=torch.eye(2, 4, dtype=torch.bool))
    assert torch.equal(layer.states[0], before)
