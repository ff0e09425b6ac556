"""Keras's masks: made by Embedding(mask_zero=True) and Masking, passed on through Sequential and
functional models to the recurrent layers, the model's output mask, and the layers that make or
carry masks (Embedding, Masking, TimeDistributed).

The fixtures in tests/fixtures/masks come from real Keras (tools/keras_fixtures/masks.py): the
same padded batches, no mask= given by hand on either side.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import optimizers, use_compiled_kernels, use_fused_kernels
from statefulrnn.layers import (
    GRU,
    LSTM,
    Bidirectional,
    Dense,
    Dropout,
    Embedding,
    Input,
    Layer,
    Masking,
    TimeDistributed,
)
from statefulrnn.models import Model, Sequential
from statefulrnn.models.base import output_mask
from tests.fixtures import load_case

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "masks"
CASES = sorted(p.stem for p in FIXTURES.glob("*.npz") if not p.stem.startswith("loss_"))
# The recurrent layers' three ways to compute (all under no_grad here): the per-step loop,
# PyTorch's fused kernels, and the compiled kernels.
PATHS = {
    "fused": contextlib.nullcontext,
    "generic": lambda: use_fused_kernels(False),
    "compiled": lambda: use_compiled_kernels(True),
}


def _rnn(spec: dict[str, Any], **kwargs: Any) -> Layer:
    rnn_class = GRU if spec["rnn"] == "GRU" else LSTM
    layer = rnn_class(
        spec["units"], return_sequences=spec["return_sequences"], stateful=spec["stateful"], **kwargs
    )
    return Bidirectional(layer) if spec["bidirectional"] else layer


def _model(spec: dict[str, Any]) -> Sequential | Model:
    """The fixture's model: Sequential when stateful, functional with return_state otherwise."""
    batch, steps = spec["batch"], spec["steps"]
    if spec["source"] == "embedding":
        first, shape = Embedding(spec["vocab"], spec["embed"], mask_zero=True), (batch, steps)
    else:
        first, shape = Masking(), (batch, steps, spec["features"])
    if spec["stateful"]:
        return Sequential([Input(batch_shape=shape), first, _rnn(spec)])
    inputs = Input(batch_shape=shape)
    if spec.get("initial_state"):
        h0 = Input(batch_shape=(batch, spec["units"]))
        return Model([inputs, h0], _rnn(spec, return_state=True)(first(inputs), initial_state=h0))
    return Model(inputs, _rnn(spec, return_state=True)(first(inputs)))


@pytest.mark.filterwarnings("ignore::statefulrnn.layers.StatefulBidirectionalWarning")
@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("name", CASES)
def test_padded_batch_matches_keras(name: str, path: str) -> None:
    case = load_case(name, FIXTURES)
    spec = case["spec"]
    model = _model(spec)
    model.set_weights([case[f"w{i}"] for i in range(sum(k[1:].isdigit() for k in case if k[0] == "w"))])
    calls = 2 if spec["stateful"] else 1
    with PATHS[path](), torch.no_grad():
        for call in range(calls):
            x = case[f"x_{call}"]
            result = model([x, case["h0"]] if spec.get("initial_state") else x)
            if spec["stateful"]:
                rnn = model.layers[-1]
                output, states = result, rnn.states
            else:
                output, states = result[0], result[1:]
            np.testing.assert_allclose(output.numpy(), case[f"y_{call}"], atol=1e-5, rtol=1e-5)
            expected = [case[k] for k in sorted(k for k in case if k.startswith(f"s_{call}_"))]
            assert len(states) == len(expected)
            for got, want in zip(states, expected):
                np.testing.assert_allclose(got.numpy(), want, atol=1e-5, rtol=1e-5)


def test_fixtures_present() -> None:
    assert len(CASES) == 22


@pytest.mark.parametrize("source", ["embedding", "masking"])
def test_loss_is_weighed_by_the_output_mask_as_keras(source: str) -> None:
    case = load_case(f"loss_{source}", FIXTURES)
    spec = case["spec"]
    first = Embedding(spec["vocab"], spec["embed"], mask_zero=True) if source == "embedding" else Masking()
    model = Sequential([first, LSTM(spec["units"], return_sequences=True), Dense(4, activation="softmax")])
    model(case["x"])
    model.set_weights([case[f"w{i}"] for i in range(len(model.get_weights()))])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss="sparse_categorical_crossentropy")
    loss = model.evaluate(case["x"], case["y"], batch_size=spec["batch"], verbose=0)
    np.testing.assert_allclose(loss, case["loss_eval"], rtol=1e-5)
    # A row per batch, rows of 4, 4 and 5 real steps: the epoch's mean weighs each batch's
    # mean by its rows, as Keras's loss tracker does, not by its real steps.
    loss = model.evaluate(case["x"], case["y"], batch_size=1, verbose=0)
    np.testing.assert_allclose(loss, case["loss_eval_rows"], rtol=1e-5)
    np.testing.assert_allclose(model.train_on_batch(case["x"], case["y"]), case["loss_train"], rtol=1e-5)
    for index, weight in enumerate(model.get_weights()):
        np.testing.assert_allclose(weight, case[f"after{index}"], atol=1e-6, rtol=1e-5)
    history = model.fit(case["x"], case["y"], batch_size=1, epochs=1, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"][0], case["loss_fit_rows"], rtol=1e-5)


# ----- propagation -------------------------------------------------------------------------

PADDED = np.array([[3, 1, 2, 0, 0], [4, 0, 0, 0, 0]])
MASK = torch.tensor([[True, True, True, False, False], [True, False, False, False, False]])


def _embedded_gru(**kwargs: Any) -> tuple[Embedding, GRU]:
    torch.manual_seed(0)
    return Embedding(6, 3, mask_zero=True), GRU(4, **kwargs)


def test_sequential_mask_equals_mask_given_by_hand() -> None:
    embedding, gru = _embedded_gru(return_sequences=True)
    model = Sequential([embedding, gru])
    by_hand = gru(embedding(PADDED), mask=MASK)
    torch.testing.assert_close(model(PADDED), by_hand)
    assert torch.equal(output_mask(model), MASK)


def test_functional_mask_follows_each_tensor() -> None:
    embedding, gru = _embedded_gru(return_sequences=True, return_state=True)
    inputs = Input(shape=(5,))
    sequence, state = gru(embedding(inputs))
    model = Model(inputs, [Dense(2)(sequence), state])
    outputs = model(PADDED)
    masks = output_mask(model)
    assert torch.equal(masks[0], MASK) and masks[1] is None
    by_hand = gru(embedding(PADDED), mask=MASK)
    torch.testing.assert_close(outputs[1], by_hand[1])


def test_last_output_drops_the_mask() -> None:
    model = Sequential([*_embedded_gru(), Dense(1)])
    model(PADDED)
    assert output_mask(model) is None


def test_dense_dropout_and_time_distributed_pass_the_mask_on() -> None:
    embedding, gru = _embedded_gru(return_sequences=True)
    model = Sequential([embedding, Dropout(0.5), gru, TimeDistributed(Dense(3)), Dense(2)])
    model(PADDED)
    assert torch.equal(output_mask(model), MASK)


def test_explicit_mask_joins_the_made_mask() -> None:
    embedding, gru = _embedded_gru(return_sequences=True)
    model = Sequential([embedding, gru])
    explicit = torch.tensor([[True, False, True, True, True], [True, True, True, True, True]])
    both = MASK & explicit
    torch.testing.assert_close(model(PADDED, mask=explicit), gru(embedding(PADDED), mask=both))
    # the mask= given reaches every layer, but Embedding makes its mask anew, as in Keras
    assert torch.equal(output_mask(model), MASK)


def test_explicit_mask_alone_works_as_before() -> None:
    torch.manual_seed(0)
    gru = GRU(4, return_sequences=True)
    model = Sequential([gru, Dense(1)])
    x = torch.randn(2, 5, 3)
    dense = model.layers[1]
    torch.testing.assert_close(model(x, mask=MASK), dense(gru(x, mask=MASK)))
    assert torch.equal(output_mask(model), MASK)


def test_mask_shapes_must_agree() -> None:
    model = Sequential([*_embedded_gru(return_sequences=True)])
    with pytest.raises(ValueError, match=r"mask= given has shape \(2, 4\), but the mask the layers made"):
        model(PADDED, mask=torch.ones(2, 4, dtype=torch.bool))


def test_custom_layer_receives_the_mask() -> None:
    seen = []

    class Probe(Layer):
        supports_masking = True

        def forward(self, inputs: Any, mask: Any = None) -> torch.Tensor:
            seen.append(mask)
            return inputs

    Sequential([Embedding(6, 2, mask_zero=True), Probe()])(PADDED)
    assert torch.equal(seen[-1], MASK)  # the call's (the model is built, for any length, first)


def test_layer_without_masking_drops_it_with_keras_warning() -> None:
    class Plain(Layer):
        def forward(self, inputs: Any) -> torch.Tensor:
            return inputs

    model = Sequential([Embedding(6, 2, mask_zero=True), Plain(name="plain")])
    with pytest.warns(UserWarning, match="Layer 'plain' .* does not support masking"):
        model(PADDED)
    assert output_mask(model) is None


def test_nested_model_passes_the_mask_through() -> None:
    embedding, gru = _embedded_gru(return_sequences=True)
    inner = Sequential([gru, Dense(2)])
    model = Sequential([embedding, inner])
    model(PADDED)
    assert torch.equal(output_mask(model), MASK)
    assert torch.equal(output_mask(inner), MASK)


def test_rnn_given_initial_state_gets_no_propagated_mask_as_keras() -> None:
    embedding, gru = _embedded_gru(return_sequences=True)
    inputs, h0 = Input(shape=(5,)), Input(shape=(4,))
    model = Model([inputs, h0], gru(embedding(inputs), initial_state=h0))
    state = torch.zeros(2, 4)
    torch.testing.assert_close(model([PADDED, state]), gru(embedding(PADDED), initial_state=state))
    assert torch.equal(output_mask(model), MASK)  # the outputs still carry it


# ----- zero_output_for_mask, Bidirectional -------------------------------------------------


@pytest.mark.parametrize("go_backwards", [False, True])
def test_zero_output_for_mask(go_backwards: bool) -> None:
    torch.manual_seed(0)
    x = torch.randn(2, 5, 3)
    plain = GRU(4, return_sequences=True, go_backwards=go_backwards)
    zeroed = plain.clone(zero_output_for_mask=True)
    zeroed.build(plain.input_shape or (None, None, 3))
    plain(x)
    zeroed.set_weights(plain.get_weights())
    mask = MASK.flip(1) if go_backwards else MASK
    expected = torch.where(mask[:, :, None], plain(x, mask=MASK), 0.0)
    torch.testing.assert_close(zeroed(x, mask=MASK), expected)
    last = GRU(4, go_backwards=go_backwards, zero_output_for_mask=True)
    last(x)
    last.set_weights(plain.get_weights())
    expected_last = torch.where(mask[:, -1:], plain(x, mask=MASK)[:, -1], 0.0)
    torch.testing.assert_close(last(x, mask=MASK), expected_last)


def test_bidirectional_sets_zero_output_when_returning_sequences() -> None:
    assert Bidirectional(LSTM(2, return_sequences=True)).backward_layer.zero_output_for_mask
    assert not Bidirectional(LSTM(2)).forward_layer.zero_output_for_mask


def test_bidirectional_compute_mask() -> None:
    assert Bidirectional(GRU(2, return_sequences=True)).compute_mask(None, MASK) is MASK
    assert Bidirectional(GRU(2)).compute_mask(None, MASK) is None
    unmerged = Bidirectional(GRU(2, return_sequences=True), merge_mode=None)
    assert unmerged.compute_mask(None, MASK) == [MASK, MASK]
    masks = Bidirectional(LSTM(2, return_sequences=True, return_state=True)).compute_mask(None, MASK)
    assert masks[0] is MASK and masks[1:] == [None] * 4


def test_rnn_compute_mask() -> None:
    assert GRU(2, return_sequences=True).compute_mask(None, MASK) is MASK
    assert GRU(2).compute_mask(None, MASK) is None
    assert LSTM(2, return_sequences=True, return_state=True).compute_mask(None, MASK)[1:] == [None, None]


# ----- Embedding ---------------------------------------------------------------------------


def test_embedding_looks_up_rows() -> None:
    layer = Embedding(3, 2, weights=np.array([[0.0, 0.0], [2.0, 2.0], [3.0, 3.0]]))
    assert layer.count_params() == 6 and layer.get_weights()[0].shape == (3, 2)
    with torch.no_grad():
        np.testing.assert_array_equal(layer(np.array([[2, 1, 0]])).numpy(), [[[3, 3], [2, 2], [0, 0]]])
        np.testing.assert_array_equal(layer(np.array([2.7])).numpy(), [[3, 3]])  # truncated, as Keras


def test_embedding_default_initializer_is_keras_uniform() -> None:
    layer = Embedding(100, 50)
    layer(np.array([[1]]))
    assert float(layer.embeddings.detach().abs().max()) <= 0.05
    assert [name for name, _ in layer.named_weights()] == [f"{layer.name}/embeddings"]


@pytest.mark.parametrize("index", [-1, 3])
def test_embedding_refuses_out_of_range_indices(index: int) -> None:
    layer = Embedding(3, 2)
    with pytest.raises(
        ValueError, match=rf"indices from 0 to input_dim - 1 = 2. Received: an index of {index}"
    ):
        layer(np.array([[0, index]]))


def test_embedding_refuses_non_numbers_and_bad_sizes() -> None:
    with pytest.raises(TypeError, match="expects integer indices"):
        Embedding(3, 2)(np.array([["a"]]))
    with pytest.raises(ValueError, match="input_dim must be a positive integer"):
        Embedding(0, 2)
    with pytest.raises(ValueError, match="output_dim must be a positive integer"):
        Embedding(3, 2.5)


def test_embedding_input_length_declares_the_input_as_keras_2() -> None:
    model = Sequential([Embedding(10, 4, input_length=7), GRU(3)])
    assert model.built and model.layers[0].input_shape == (None, 7)
    assert model.output_shape == (None, 3)


def test_embedding_batch_input_shape_makes_a_stateful_model() -> None:
    model = Sequential([Embedding(10, 4, batch_input_shape=(2, None)), GRU(3, stateful=True)])
    assert model.layers[1].states[0].shape == (2, 3)


# ----- Masking -----------------------------------------------------------------------------


def test_masking_zeroes_masked_steps_and_keeps_others() -> None:
    x = np.array([[[1.0, 2.0], [5.0, 5.0], [0.0, 3.0]]])
    layer = Masking(mask_value=5.0)
    np.testing.assert_array_equal(layer(x).numpy(), [[[1, 2], [0, 0], [0, 3]]])
    assert layer.compute_mask(x).tolist() == [[True, False, True]]


# ----- TimeDistributed ---------------------------------------------------------------------


def test_time_distributed_equals_dense_at_every_step() -> None:
    torch.manual_seed(0)
    dense = Dense(3, activation="tanh")
    layer = TimeDistributed(dense)
    x = torch.randn(2, 4, 5)
    torch.testing.assert_close(layer(x), torch.stack([dense(x[:, t]) for t in range(4)], dim=1))
    assert layer.count_params() == 18 and layer.compute_output_shape((None, 4, 5)) == (None, 4, 3)


def test_time_distributed_runs_a_training_layer_step_by_step() -> None:
    calls = []

    class Recorder(Layer):
        def forward(self, inputs: Any, training: bool | None = None) -> torch.Tensor:
            calls.append(tuple(inputs.shape))
            return inputs

    layer = TimeDistributed(Recorder())
    layer.build((2, 3, 4))  # calls the program's own layer to find its output shape, as Keras
    calls.clear()
    layer(torch.zeros(2, 3, 4))
    assert calls == [(6, 4)]  # inference: all steps at once
    layer(torch.zeros(2, 3, 4), training=True)
    assert calls[1:] == [(2, 4)] * 3


def test_time_distributed_refuses_low_rank_and_bad_masks() -> None:
    layer = TimeDistributed(Dense(2))
    with pytest.raises(
        ValueError, match=r"rank 3 or more, \(batch, time, ...\). Received: input shape \(2, 3\)"
    ):
        layer(torch.zeros(2, 3))
    with pytest.raises(ValueError, match=r"incompatible with the input shape \(2, 3, 4\)"):
        layer(torch.zeros(2, 3, 4), mask=torch.ones(2, 4, dtype=torch.bool))
    with pytest.raises(TypeError, match="wraps a layer"):
        TimeDistributed("dense")


# ----- Sequential: declared input shapes after the first layer -----------------------------


def test_input_shape_on_a_later_layer_is_ignored_as_keras() -> None:
    model = Sequential([Dense(3, input_shape=(4,)), Dense(2, input_shape=(7,))])
    assert model.layers[1].kernel.shape == (3, 2)
    assert model(torch.zeros(5, 4)).shape == (5, 2)


def test_batch_input_shape_after_an_input_is_ignored() -> None:
    model = Sequential([Input(shape=(None, 2)), GRU(3, batch_input_shape=(4, None, 9))])
    assert model.layers[0].input_shape == (None, None, 2)
    assert model.layers[0].get_weights()[0].shape == (2, 9)


def test_mask_given_by_name_in_a_functional_graph_wins() -> None:
    embedding, gru = _embedded_gru(return_sequences=True)
    chosen = torch.tensor([[True, False, True, True, False], [True, True, True, False, False]])
    inputs = Input(shape=(5,))
    model = Model(inputs, gru(embedding(inputs), mask=chosen))
    torch.testing.assert_close(model(PADDED), gru(embedding(PADDED), mask=chosen))
    assert torch.equal(output_mask(model), chosen)


def test_keras_2_stateful_stack_with_batch_input_shape_on_every_layer() -> None:
    model = Sequential()
    model.add(LSTM(5, batch_input_shape=(1, 1, 1), stateful=True, return_sequences=True))
    model.add(LSTM(5, batch_input_shape=(1, 1, 1), stateful=True))
    assert model.layers[1].get_weights()[0].shape == (5, 20)  # built for the 5 features it gets
    assert model.layers[1].states[0].shape == (1, 5)
    assert model(np.zeros((1, 1, 1))).shape == (1, 5)
