"""Record Keras's seq2seq inference (the keras-io example "lstm_seq2seq"), at small sizes.

Run in the Keras venv (Keras 3.15.1 on TensorFlow, CPU):
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/seq2seq.py
Writes tests/fixtures/seq2seq/seq2seq.npz.

The model is the example's (keras-team/keras-io, examples/nlp/lstm_seq2seq.py, as of commit
1909c6710cd3f5af6401f1176dcee9e26781b4f3): an encoder ``LSTM(latent_dim, return_state=True)``
whose states start a decoder ``LSTM(latent_dim, return_sequences=True, return_state=True)``,
then ``Dense(num_decoder_tokens, activation="softmax")``, trained on
``[encoder_input_data, decoder_input_data]``; here briefly, on a toy task (`toy_data`), so
that the greedy decoding visits several tokens. The model is saved as a
``.keras`` file and loaded back, and the inference models are rebuilt from the loaded model's
layers exactly as the example's second half does (``model.input[0]``,
``model.layers[2].output``, ``model.layers[3]``, ...); then the example's ``decode_sequence``
loop runs on each encoder input.

Arrays: ``w<i>`` the weights in ``model.get_weights()`` order; ``encoder_input``
``(N, T_enc, num_encoder_tokens)`` and ``decoder_input`` ``(N, T_dec, num_decoder_tokens)``
(one-hot, teacher-forced); ``train_output``, the training model's output on them; and per
sample ``i``: ``s<i>/enc_h``, ``s<i>/enc_c`` (the encoder model's states), ``s<i>/tokens`` (the
decoded token indices), ``s<i>/probs`` ``(steps, num_decoder_tokens)``, ``s<i>/h``, ``s<i>/c``
``(steps, latent_dim)`` (the decoder model's outputs at each step). ``spec`` (JSON) holds the
sizes, the start and stop tokens and the layer order.
"""

# The example's code is kept as written (list concatenation, unused outputs named):
# ruff: noqa: RUF005, RUF059
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "seq2seq"
NUM_ENCODER_TOKENS, NUM_DECODER_TOKENS, LATENT_DIM = 5, 6, 4
N, T_ENC, T_DEC = 3, 4, 5  # T_DEC = T_ENC + 1: the tokens, then STOP
START, STOP, MAX_DECODER_SEQ_LENGTH, TRAIN_EPOCHS = 0, 1, 6, 30


def _split(data: tuple[np.ndarray, ...]) -> tuple[list[np.ndarray], np.ndarray]:
    encoder_input, decoder_input, decoder_target = data
    return [encoder_input, decoder_input], decoder_target


def training_model() -> keras.Model:
    """The example's model, line for line (sizes aside)."""
    encoder_inputs = keras.Input(shape=(None, NUM_ENCODER_TOKENS))
    encoder = keras.layers.LSTM(LATENT_DIM, return_state=True)
    encoder_outputs, state_h, state_c = encoder(encoder_inputs)
    encoder_states = [state_h, state_c]
    decoder_inputs = keras.Input(shape=(None, NUM_DECODER_TOKENS))
    decoder_lstm = keras.layers.LSTM(LATENT_DIM, return_sequences=True, return_state=True)
    decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
    decoder_dense = keras.layers.Dense(NUM_DECODER_TOKENS, activation="softmax")
    decoder_outputs = decoder_dense(decoder_outputs)
    return keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)


def inference_models(model: keras.Model) -> tuple[keras.Model, keras.Model]:
    """The example's second half: encoder and decoder models from a loaded model's layers."""
    encoder_inputs = model.input[0]  # input_1
    encoder_outputs, state_h_enc, state_c_enc = model.layers[2].output  # lstm_1
    encoder_states = [state_h_enc, state_c_enc]
    encoder_model = keras.Model(encoder_inputs, encoder_states)

    decoder_inputs = model.input[1]  # input_2
    decoder_state_input_h = keras.Input(shape=(LATENT_DIM,))
    decoder_state_input_c = keras.Input(shape=(LATENT_DIM,))
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


def decode_sequence(input_seq: np.ndarray, encoder_model: keras.Model, decoder_model: keras.Model) -> dict:
    """The example's greedy loop, recording every step."""
    states_value = encoder_model.predict(input_seq, verbose=0)
    record = {"enc_h": states_value[0][0], "enc_c": states_value[1][0]}
    target_seq = np.zeros((1, 1, NUM_DECODER_TOKENS), np.float32)
    target_seq[0, 0, START] = 1.0
    tokens, probs, hs, cs = [], [], [], []
    stop_condition = False
    while not stop_condition:
        output_tokens, h, c = decoder_model.predict([target_seq] + states_value, verbose=0)
        sampled_token_index = int(np.argmax(output_tokens[0, -1, :]))
        tokens.append(sampled_token_index)
        probs.append(output_tokens[0, -1])
        hs.append(h[0])
        cs.append(c[0])
        if sampled_token_index == STOP or len(tokens) > MAX_DECODER_SEQ_LENGTH:
            stop_condition = True
        target_seq = np.zeros((1, 1, NUM_DECODER_TOKENS), np.float32)
        target_seq[0, 0, sampled_token_index] = 1.0
        states_value = [h, c]
    record.update(tokens=np.array(tokens, np.int64), probs=np.stack(probs), h=np.stack(hs), c=np.stack(cs))
    return record


def toy_data(rng: np.random.Generator, samples: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A task to learn: the decoder writes each encoder token plus 2, then STOP.

    Returns one-hot ``(encoder_input, decoder_input, decoder_target)``; the decoder input is
    START then the target shifted by one step (teacher forcing), as in the example.
    """
    source = rng.integers(0, NUM_ENCODER_TOKENS - 1, (samples, T_ENC))
    target = np.concatenate([source + 2, np.full((samples, 1), STOP)], axis=1)  # T_ENC + 1 = T_DEC
    decoder_tokens = np.concatenate([np.full((samples, 1), START), target[:, :-1]], axis=1)
    one_hot_enc, one_hot_dec = (
        np.eye(NUM_ENCODER_TOKENS, dtype=np.float32),
        np.eye(NUM_DECODER_TOKENS, dtype=np.float32),
    )
    return one_hot_enc[source], one_hot_dec[decoder_tokens], one_hot_dec[target]


def main() -> None:
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    model = training_model()
    # Trained a little, as the example trains it, so that the greedy decoding visits several
    # tokens (untrained weights fall into one token at once).
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
    model.fit(*_split(toy_data(rng, 256)), batch_size=32, epochs=TRAIN_EPOCHS, verbose=0)
    encoder_input, decoder_input, _ = toy_data(rng, N)
    with tempfile.TemporaryDirectory() as folder:
        model.save(os.path.join(folder, "s2s_model.keras"))
        model = keras.models.load_model(os.path.join(folder, "s2s_model.keras"))
    arrays = {f"w{i}": w for i, w in enumerate(model.get_weights())}
    arrays.update(
        encoder_input=encoder_input,
        decoder_input=decoder_input,
        train_output=np.asarray(model.predict([encoder_input, decoder_input], verbose=0)),
    )
    encoder_model, decoder_model = inference_models(model)
    for i in range(N):
        record = decode_sequence(encoder_input[i : i + 1], encoder_model, decoder_model)
        arrays.update({f"s{i}/{key}": value for key, value in record.items()})
    spec = {
        "num_encoder_tokens": NUM_ENCODER_TOKENS,
        "num_decoder_tokens": NUM_DECODER_TOKENS,
        "latent_dim": LATENT_DIM,
        "samples": N,
        "start": START,
        "stop": STOP,
        "max_decoder_seq_length": MAX_DECODER_SEQ_LENGTH,
        "layers": [type(layer).__name__ for layer in model.layers],
        "keras": keras.__version__,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT / "seq2seq.npz", spec=json.dumps(spec), **arrays)
    print("wrote", OUT / "seq2seq.npz", {i: arrays[f"s{i}/tokens"].tolist() for i in range(N)})


if __name__ == "__main__":
    main()
