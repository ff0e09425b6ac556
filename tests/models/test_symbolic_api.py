"""The symbolic model API: ``model.input`` / ``output``, ``layer.input`` / ``output``, and layers
reused across graphs, as the seq2seq inference pattern (keras-io "lstm_seq2seq") needs.

``tests/fixtures/seq2seq/seq2seq.npz`` is written by ``tools/keras_fixtures/seq2seq.py`` (real
Keras 3): a trained encoder-decoder's weights, inputs, the training model's outputs, and every
step of Keras's greedy decoding loop with the inference models rebuilt from the loaded model.
The programs below are the example's, at small sizes, with only the imports changed.
"""

# The example's code is kept as written (list concatenation, unused outputs named):
# ruff: noqa: RUF005, RUF059
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import layers as keras_layers
from statefulrnn import load_model
from statefulrnn.graph import SymbolicTensor
from statefulrnn.models import Model

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "seq2seq" / "seq2seq.npz"
ATOL = 1e-5


class keras:  # noqa: N801 - the example's spelling: keras.Input, keras.layers.LSTM, keras.Model
    Input = keras_layers.Input
    layers = keras_layers
    Model = Model


@pytest.fixture(scope="module")
def case() -> dict[str, Any]:
    with np.load(FIXTURE) as data:
        arrays = {key: data[key] for key in data.files}
    arrays["spec"] = json.loads(str(arrays["spec"]))
    return arrays


@pytest.fixture(params=["fused", "generic"])
def path(request: pytest.FixtureRequest) -> Iterator[str]:
    with statefulrnn.use_fused_kernels(request.param == "fused"):
        yield request.param


def _training_model(spec: dict[str, Any]) -> Model:
    """The example's model, line for line (sizes from the fixture)."""
    num_encoder_tokens, num_decoder_tokens = spec["num_encoder_tokens"], spec["num_decoder_tokens"]
    latent_dim = spec["latent_dim"]
    encoder_inputs = keras.Input(shape=(None, num_encoder_tokens))
    encoder = keras.layers.LSTM(latent_dim, return_state=True)
    encoder_outputs, state_h, state_c = encoder(encoder_inputs)
    encoder_states = [state_h, state_c]
    decoder_inputs = keras.Input(shape=(None, num_decoder_tokens))
    decoder_lstm = keras.layers.LSTM(latent_dim, return_sequences=True, return_state=True)
    decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
    decoder_dense = keras.layers.Dense(num_decoder_tokens, activation="softmax")
    decoder_outputs = decoder_dense(decoder_outputs)
    return keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)


def _trained(case: dict[str, Any]) -> Model:
    model = _training_model(case["spec"])
    model.set_weights([case[f"w{i}"] for i in range(sum(key[1:].isdigit() for key in case if key[0] == "w"))])
    return model


def _inference_models(model: Model, latent_dim: int) -> tuple[Model, Model]:
    """The example's second half: the inference models from a (loaded) model's layers."""
    encoder_inputs = model.input[0]  # input_1
    encoder_outputs, state_h_enc, state_c_enc = model.layers[2].output  # lstm_1
    encoder_states = [state_h_enc, state_c_enc]
    encoder_model = keras.Model(encoder_inputs, encoder_states)

    decoder_inputs = model.input[1]  # input_2
    decoder_state_input_h = keras.Input(shape=(latent_dim,))
    decoder_state_input_c = keras.Input(shape=(latent_dim,))
    decoder_states_inputs = [decoder_state_input_h, decoder_state_input_c]
    decoder_lstm = model.layers[3]
    decoder_outputs, state_h_dec, state_c_dec = decoder_lstm(
        decoder_inputs, initial_state=decoder_states_inputs
    )
    decoder_states = [state_h_dec, state_c_dec]
    decoder_dense = model.layers[4]
    decoder_outputs = decoder_dense(decoder_outputs)
    decoder_model = keras.Model([decoder_inputs] + decoder_states_inputs, [decoder_outputs] + decoder_states)
    return encoder_model, decoder_model


def _decode_sequence(input_seq: np.ndarray, encoder_model: Model, decoder_model: Model, spec: dict) -> dict:
    """The example's greedy loop, recording every step as the fixture script does."""
    num_decoder_tokens = spec["num_decoder_tokens"]
    states_value = encoder_model.predict(input_seq, verbose=0)
    record = {"enc_h": states_value[0][0], "enc_c": states_value[1][0]}
    target_seq = np.zeros((1, 1, num_decoder_tokens))
    target_seq[0, 0, spec["start"]] = 1.0
    tokens, probs, hs, cs = [], [], [], []
    stop_condition = False
    while not stop_condition:
        output_tokens, h, c = decoder_model.predict([target_seq] + states_value, verbose=0)
        sampled_token_index = int(np.argmax(output_tokens[0, -1, :]))
        tokens.append(sampled_token_index)
        probs.append(output_tokens[0, -1])
        hs.append(h[0])
        cs.append(c[0])
        if sampled_token_index == spec["stop"] or len(tokens) > spec["max_decoder_seq_length"]:
            stop_condition = True
        target_seq = np.zeros((1, 1, num_decoder_tokens))
        target_seq[0, 0, sampled_token_index] = 1.0
        states_value = [h, c]
    record.update(tokens=np.array(tokens), probs=np.stack(probs), h=np.stack(hs), c=np.stack(cs))
    return record


def _check_decoding(case: dict[str, Any], encoder_model: Model, decoder_model: Model) -> None:
    spec = case["spec"]
    for i in range(spec["samples"]):
        got = _decode_sequence(case["encoder_input"][i : i + 1], encoder_model, decoder_model, spec)
        np.testing.assert_array_equal(got["tokens"], case[f"s{i}/tokens"])
        for key in ("enc_h", "enc_c", "probs", "h", "c"):
            np.testing.assert_allclose(
                got[key], case[f"s{i}/{key}"], rtol=0, atol=ATOL, err_msg=f"s{i}/{key}"
            )


def test_training_model_matches_keras(case: dict[str, Any], path: str) -> None:
    model = _trained(case)
    assert [type(layer).__name__ for layer in model.layers] == case["spec"]["layers"]
    out = model.predict([case["encoder_input"], case["decoder_input"]], verbose=0)
    np.testing.assert_allclose(out, case["train_output"], rtol=0, atol=ATOL)


def test_inference_models_from_the_trained_layers(case: dict[str, Any], path: str) -> None:
    """The example's first half: the layer objects of the training graph, called again."""
    spec = case["spec"]
    latent_dim = spec["latent_dim"]
    model = _trained(case)
    encoder_inputs, decoder_inputs = model.inputs
    encoder, decoder_lstm, decoder_dense = model.layers[2:]
    encoder_model = keras.Model(encoder_inputs, encoder.output[1:])
    decoder_states_inputs = [keras.Input(shape=(latent_dim,)), keras.Input(shape=(latent_dim,))]
    decoder_outputs, state_h, state_c = decoder_lstm(decoder_inputs, initial_state=decoder_states_inputs)
    decoder_model = keras.Model(
        [decoder_inputs] + decoder_states_inputs, [decoder_dense(decoder_outputs), state_h, state_c]
    )
    _check_decoding(case, encoder_model, decoder_model)


def test_inference_models_rebuilt_from_a_loaded_model(
    case: dict[str, Any], path: str, tmp_path: Path
) -> None:
    """The example's second half: save, load, then ``model.input[0]``, ``model.layers[2].output``."""
    _trained(case).save(tmp_path / "s2s_model.safetensors")
    model = load_model(tmp_path / "s2s_model.safetensors")
    _check_decoding(case, *_inference_models(model, case["spec"]["latent_dim"]))


def test_inference_models_from_a_config_round_trip(case: dict[str, Any]) -> None:
    trained = _trained(case)
    model = Model.from_config(trained.get_config())
    model.set_weights(trained.get_weights())
    _check_decoding(case, *_inference_models(model, case["spec"]["latent_dim"]))


def test_step_by_step_decoding_equals_the_teacher_forced_training_graph(
    case: dict[str, Any], path: str
) -> None:
    """Fed the training targets one step at a time, the inference models give the training
    model's outputs at every step (statefulrnn against itself, on every sample at once)."""
    model = _trained(case)
    encoder_model, decoder_model = _inference_models(model, case["spec"]["latent_dim"])
    expected = model([case["encoder_input"], case["decoder_input"]])
    states = encoder_model(case["encoder_input"])
    for t in range(case["decoder_input"].shape[1]):
        probs, *states = decoder_model([case["decoder_input"][:, t : t + 1], *states])
        torch.testing.assert_close(probs[:, 0], expected[:, t], rtol=0, atol=1e-6)


# ----- the properties one by one --------------------------------------------------------------


def test_model_input_and_output_keep_the_constructor_structure() -> None:
    a, b = keras.Input(shape=(None, 2)), keras.Input(shape=(None, 2))
    dense = keras.layers.Dense(3)
    y = dense(a)
    single = keras.Model(a, y)
    assert single.input is a and single.output is y
    assert single.inputs == [a] and single.outputs == [y]
    several = keras.Model([a, b], [y, dense(b)])
    assert several.input == [a, b] and several.output == several.outputs
    listed = keras.Model([a], [y])  # a list of one stays a list, as in Keras 3
    assert listed.input == [a] and listed.output == [y]
    # ... but a call and predict give the one output alone, as Keras's (2 and 3) do
    x = np.ones((2, 4, 2), np.float32)
    assert isinstance(listed.predict(x, verbose=0), np.ndarray) and listed.output_shape == (None, None, 3)
    assert isinstance(listed(torch.from_numpy(x)), torch.Tensor)
    rebuilt = keras.Model.from_config(listed.get_config())
    assert rebuilt.output == rebuilt.outputs and isinstance(rebuilt.predict(x, verbose=0), np.ndarray)


def test_layer_input_and_output_are_those_of_its_first_call() -> None:
    x = keras.Input(shape=(None, 2), name="x")
    lstm = keras.layers.LSTM(3, return_state=True, name="enc")
    outputs = lstm(x)
    assert isinstance(outputs, list) and lstm.output == outputs
    assert lstm.input is x
    assert x.node.layer.output is x  # an Input's layer outputs its tensor
    h0, c0 = keras.Input(shape=(3,)), keras.Input(shape=(3,))
    decoder = keras.layers.LSTM(3, return_sequences=True)
    first = decoder(x, initial_state=[h0, c0])
    assert decoder.input == [x, h0, c0]  # initial_state tensors count, as Keras's node inputs
    second = decoder(keras.Input(shape=(None, 2)))
    assert decoder.output is first and second is not first


def test_a_layer_never_called_symbolically_has_no_input_or_output() -> None:
    layer = keras.layers.Dense(2, name="lonely")
    layer(torch.zeros(1, 3))  # an eager call makes no graph node
    for attribute in ("input", "output"):
        with pytest.raises(AttributeError):
            getattr(layer, attribute)
        assert not hasattr(layer, attribute)
    with pytest.raises(
        AttributeError, match=r"The layer lonely has never been called and thus has no defined output"
    ):
        statefulrnn.graph.call_tensors(layer, "output")


def test_a_layer_shared_by_two_models_keeps_its_weights_and_each_graph_its_nodes() -> None:
    x = keras.Input(shape=(None, 2))
    lstm = keras.layers.LSTM(3, return_sequences=True)
    dense = keras.layers.Dense(1)
    first = keras.Model(x, dense(lstm(x)))
    z = keras.Input(shape=(None, 2))
    second = keras.Model(z, lstm(z))  # reuses the LSTM only
    data = np.random.default_rng(0).normal(size=(2, 4, 2)).astype(np.float32)
    torch.testing.assert_close(first(data), dense(second(data)))
    assert [layer.__class__.__name__ for layer in second.layers] == ["InputLayer", "LSTM"]
    assert isinstance(lstm.output, SymbolicTensor) and lstm.input is x


def test_a_copy_at_another_batch_size_has_its_own_graph() -> None:
    x = keras.Input(batch_shape=(4, None, 2))
    model = keras.Model(x, keras.layers.GRU(3, stateful=True)(x))
    single = model.with_batch_size(1)
    assert single.input is not model.input and single.input.node.layer is single.layers[0]
    assert single.layers[1].output is single.output and single.layers[1] is not model.layers[1]
    assert single(np.zeros((1, 3, 2), np.float32)).shape == (1, 3)


def test_a_shared_layers_calls_one_by_one_as_tf_keras() -> None:
    """tf-keras's get_input_at / get_output_at / get_*_shape_at (the Keras 2 functional API
    guide's shared LSTM)."""
    a, b = keras.Input(shape=(12, 16)), keras.Input(shape=(7, 16))
    lstm = keras.layers.LSTM(3)
    encoded_a, encoded_b = lstm(a), lstm(b)
    assert lstm.get_output_at(0) is encoded_a and lstm.get_output_at(1) is encoded_b
    assert lstm.get_input_at(1) is b and lstm.get_input_at(0) is lstm.input
    assert lstm.get_input_shape_at(0) == (None, 12, 16) and lstm.get_input_shape_at(1) == (None, 7, 16)
    assert lstm.get_output_shape_at(1) == (None, 3)
    merged = keras.layers.Concatenate()
    merged([encoded_a, encoded_b])
    assert merged.get_input_shape_at(0) == [(None, 3), (None, 3)]
    with pytest.raises(
        ValueError, match=r"Asked to get output at node 2, but the layer has only 2 inbound nodes"
    ):
        lstm.get_output_at(2)


def test_an_input_layers_input_is_its_input_tensor_as_tf_keras() -> None:
    """tf-keras 2.21 gives ``model.get_layer("image").input is`` the ``Input`` tensor (measured
    this session; Keras 3.15 gives ``[]``): keras.io's handwriting recognizer builds its
    prediction model from it."""
    image = keras.Input(shape=(3,), name="image")
    model = keras.Model(image, keras.layers.Dense(2, name="dense")(image))
    layer = model.get_layer(name="image")
    assert layer.input is image and layer.output is image
    cut = keras.Model(layer.input, model.get_layer(name="dense").output)
    assert cut.inputs == [image] and cut.predict(np.ones((1, 3)), verbose=0).shape == (1, 2)


def test_logical_operators_on_symbolic_masks_record_keras_s_logical_ops(tmp_path: Path) -> None:
    # Hands-On ML 3's Transformer: causal_mask & decoder_pad_mask on a model's tensors
    a = statefulrnn.Input(shape=(3,), dtype="bool")
    b = statefulrnn.Input(shape=(3,), dtype="bool")
    model = statefulrnn.Model([a, b], [a & b, a | b, a ^ b, ~a, True & a])
    assert all(output.dtype == "bool" for output in model.outputs)
    x, y = np.array([[True, False, True]]), np.array([[True, True, False]])
    got = model.predict([x, y], verbose=0)
    for result, expected in zip(got, [x & y, x | y, x ^ y, ~x, x]):
        np.testing.assert_array_equal(result, expected)
    model.save(tmp_path / "logical.keras")  # Keras 3's LogicalAnd, LogicalOr, ... name them
    again = load_model(tmp_path / "logical.keras")
    np.testing.assert_array_equal(again.predict([x, y], verbose=0)[3], ~x)


def test_a_constant_tensor_beside_a_symbolic_one_is_a_constant_of_the_graph(tmp_path: Path) -> None:
    # Hands-On ML 3's Transformer adds a position embedding computed outside the graph, and
    # joins a numpy causal mask with the padding mask, as tf-keras's TFOpLambda captures them
    inputs = statefulrnn.Input(shape=(4, 2))
    embedded = keras_layers.Embedding(4, 2)(np.arange(4))  # an eager call: a tensor with a graph
    model = statefulrnn.Model(inputs, inputs + embedded)
    x = np.ones((3, 4, 2), dtype=np.float32)
    np.testing.assert_allclose(model.predict(x, verbose=0), x + embedded.detach().numpy())
    ids = statefulrnn.Input(shape=(4,), dtype="int32")
    causal = torch.tril(torch.ones(4, 4, dtype=torch.bool))
    masked = statefulrnn.Model(ids, causal & statefulrnn.ops.not_equal(ids, 0)[:, None])
    got = masked.predict(np.array([[1, 2, 0, 0]]), verbose=0)
    np.testing.assert_array_equal(got[0], causal.numpy() & np.array([True, True, False, False]))
    with pytest.raises(ValueError, match="a constant tensor is one of its operands"):
        model.save(tmp_path / "constant.keras")
    assert not (tmp_path / "constant.keras").exists()


class _PositionalEmbedding(keras_layers.Layer):
    """keras.io's PositionalEmbedding of a short sequence: a table of 10 positions."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.tokens = keras_layers.Embedding(input_dim=20, output_dim=8)
        self.positions = keras_layers.Embedding(input_dim=10, output_dim=8)

    def call(self, inputs: object) -> object:
        positions = statefulrnn.ops.arange(0, statefulrnn.ops.shape(inputs)[-1], 1)
        return self.tokens(inputs) + self.positions(positions)


def test_a_layer_that_takes_few_steps_gets_its_symbolic_shape_from_short_stand_ins() -> None:
    # Keras 3.15: (None, None, 8), and a Dense after it builds; the trace's calls of 6 and 12
    # steps overran the 10 positions, leaving the input's (None, None).
    inputs = keras_layers.Input(shape=(None,), dtype="int64")
    embedded = _PositionalEmbedding()(inputs)
    assert tuple(embedded.shape) == (None, None, 8)
    assert tuple(keras_layers.Dense(3)(embedded).shape) == (None, None, 3)


def _autoencoder() -> Model:
    inputs = keras_layers.Input((6,))
    code = keras_layers.Dense(3, name="code")(inputs)
    hidden = keras_layers.Dense(4, activation="relu", name="hidden")(code)
    return Model(inputs, keras_layers.Dense(6, name="reconstruction")(hidden))


def test_a_model_from_a_layers_output_on_is_the_graph_after_it(tmp_path: Path) -> None:
    """Both Kerases take a layer's output as a model input (a decoder cut from an autoencoder):
    a new Input of its shape stands in for it, and the calls after it run on the same layers
    (Keras 3 lists [keras_tensor_1CLONE, ...], tf-keras [input_2, ...])."""
    torch.manual_seed(3)
    autoencoder = _autoencoder()
    decoder = Model(autoencoder.get_layer("code").output, autoencoder.output)
    assert [type(layer).__name__ for layer in decoder.layers] == ["InputLayer", "Dense", "Dense"]
    assert decoder.layers[1] is autoencoder.get_layer("hidden")
    assert decoder.input.shape == (None, 3)
    codes = np.random.default_rng(3).normal(size=(5, 3)).astype(np.float32)
    with torch.no_grad():
        by_hand = autoencoder.get_layer("reconstruction")(
            autoencoder.get_layer("hidden")(torch.from_numpy(codes))
        )
    np.testing.assert_allclose(decoder.predict(codes, verbose=0), by_hand.numpy(), atol=1e-6)
    x = np.random.default_rng(4).normal(size=(5, 6)).astype(np.float32)
    encoder = Model(autoencoder.input, autoencoder.get_layer("code").output)
    np.testing.assert_allclose(
        decoder.predict(encoder.predict(x, verbose=0), verbose=0),
        autoencoder.predict(x, verbose=0),
        atol=1e-5,
    )
    autoencoder.compile("sgd", "mse")
    autoencoder.fit(x, x, epochs=1, verbose=0)  # the layers are shared: the decoder follows
    np.testing.assert_allclose(
        decoder.predict(encoder.predict(x, verbose=0), verbose=0),
        autoencoder.predict(x, verbose=0),
        atol=1e-5,
    )
    rebuilt = Model.from_config(decoder.get_config())
    assert [layer.name for layer in rebuilt.layers] == [layer.name for layer in decoder.layers]
    assert len(autoencoder.layers) == 4  # the autoencoder's own graph is as it was


def test_a_model_from_a_layers_output_needs_every_tensor_its_outputs_read() -> None:
    inputs = keras_layers.Input((6,))
    code = keras_layers.Dense(3)(inputs)
    both = keras_layers.Concatenate()([code, inputs])
    with pytest.raises(ValueError, match="not among the model's inputs"):
        Model(code, both)
    mixed = Model([code, inputs], both)  # an Input among the inputs is kept as it is
    assert mixed.inputs[1] is inputs and mixed.inputs[0] is not code
