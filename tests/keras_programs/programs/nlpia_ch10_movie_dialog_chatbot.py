# source: totalgood/nlpia src/nlpia/book/examples/ch10_movie_dialog_chatbot_v2.py (Lane, Howard & Hapke, "Natural Language Processing in Action" (Manning), chapter 10: a character-level sequence-to-sequence chatbot trained on movie dialog, whose response generator splits the trained LSTMs into an encoder Model and a decoder Model that pass the thought vector [h, c] between predict calls)
# commit: c3571dc28d497945ba097cc84f89202dbe9eefa8
# keras: tf_keras
# exercises: Keras 2's `from keras.models import Model` / `from keras.layers import Input, LSTM, Dense`; one-hot encoder/decoder arrays filled with fancy indexing (decoder_input_onehot[i, np.arange(n), k] = 1.); functional Model([encoder_inputs, decoder_inputs], decoder_outputs) with Input(shape=(None, vocab)), LSTM(return_state=True) whose [state_h, state_c] are the decoder LSTM's initial_state, LSTM(return_sequences=True, return_state=True), Dense softmax; compile(optimizer='rmsprop', loss='categorical_crossentropy', metrics=['acc']); fit with validation_split=0.1; inference models built from the trained layers: encoder_model = Model(encoder_inputs, encoder_states), the decoder LSTM called again on the same decoder Input with two new Input(shape=(num_neurons,)) as initial_state, decoder_model = Model(inputs=[decoder_inputs] + thought_input, outputs=[decoder_outputs] + decoder_states); decode_sequence: encoder_model.predict -> list of two arrays, decoder_model.predict([target_seq] + thought) one step at a time unpacked into output_tokens, h, c, thought = [h, c]; respond() on several sentences
# reduced: nlpia's get_data('moviedialog') (a download, a pandas DataFrame) replaced by 40 made-up (statement, reply) pairs of lower-case words from a 12-word lexicon drawn with np.random.RandomState(0), held in plain lists: df.statement / df.reply / df.target become the lists statements / replies / targets, df.dropna() dropped (no missing values), `df.statement.str.len().max()` -> max(len(s) for s in statements) and the same for the targets; the unused `import os` and `from nlpia.loaders import get_data` dropped; num_neurons 256 -> 8, batch_size 64 -> 16, epochs 100 -> 2; shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator); Keras 1's `output=` keyword of the decoder Model (an error in tf-keras 2.21: Functional.__init__() missing 'outputs') written `outputs=`; the doctest strings and the training-log comments left out; of the transcript's respond() calls, two are made and a third, "What is up?", stands in for "What are you trying to say?" (longer than the made-up statements' max_encoder_seq_len)
import numpy as np

rng = np.random.RandomState(0)
lexicon = ['hi', 'hello', 'how', 'are', 'you', 'i', 'am', 'fine', 'what', 'is', 'up', 'bye']
statements = [' '.join(rng.choice(lexicon, size=rng.randint(2, 6))) for _ in range(40)]
replies = [' '.join(rng.choice(lexicon, size=rng.randint(2, 6))) for _ in range(40)]

input_texts, target_texts = [], []  # <1>
start_token, stop_token = '\t\n'  # <3>
input_vocab = set()  # <2>
output_vocab = set(start_token + stop_token)
n_samples = min(100000, len(statements))  # <4>

targets = [start_token + reply + stop_token for reply in replies]
[input_vocab.update(set(statement)) for statement in statements]
[output_vocab.update(set(reply)) for reply in replies]
input_vocab = tuple(sorted(input_vocab))  # <6>
output_vocab = tuple(sorted(output_vocab))

max_encoder_seq_len = max(len(s) for s in statements)
max_decoder_seq_len = max(len(t) for t in targets)

import numpy as np  # <1> # noqa

encoder_input_onehot = np.zeros(
    (len(statements), max_encoder_seq_len, len(input_vocab)),
    dtype='float32')  # <2>
decoder_input_onehot = np.zeros(
    (len(statements), max_decoder_seq_len, len(output_vocab)),
    dtype='float32')
decoder_target_onehot = np.zeros(
    (len(statements), max_decoder_seq_len, len(output_vocab)),
    dtype='float32')

for i, (input_text, target_text) in enumerate(
        zip(statements, targets)):  # <3>
    for t, c in enumerate(input_text):  # <4>
        k = input_vocab.index(c)
        encoder_input_onehot[i, t, k] = 1.  # <5>
    k = np.array([output_vocab.index(c) for c in target_text])
    decoder_input_onehot[i, np.arange(len(target_text)), k] = 1.
    decoder_target_onehot[i, np.arange(len(target_text) - 1), k[1:]] = 1.

from keras.models import Model  # noqa
from keras.layers import Input, LSTM, Dense  # noqa

batch_size = 16    # <1>
epochs = 2       # <2>
num_neurons = 8  # <3>

encoder_inputs = Input(shape=(None, len(input_vocab)))
encoder = LSTM(num_neurons, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
encoder_states = [state_h, state_c]

decoder_inputs = Input(shape=(None, len(output_vocab)))
decoder_lstm = LSTM(num_neurons, return_sequences=True,
                    return_state=True)
decoder_outputs, _, _ = decoder_lstm(decoder_inputs,
                                     initial_state=encoder_states)
decoder_dense = Dense(len(output_vocab), activation='softmax')
decoder_outputs = decoder_dense(decoder_outputs)
model = Model([encoder_inputs, decoder_inputs], decoder_outputs)

model.compile(optimizer='rmsprop', loss='categorical_crossentropy',
              metrics=['acc'])
model.fit([encoder_input_onehot, decoder_input_onehot],
          decoder_target_onehot, batch_size=batch_size, epochs=epochs,
          validation_split=0.1, shuffle=False)  # <4>

encoder_model = Model(encoder_inputs, encoder_states)
thought_input = [
    Input(shape=(num_neurons,)), Input(shape=(num_neurons,))]
decoder_outputs, state_h, state_c = decoder_lstm(
    decoder_inputs, initial_state=thought_input)
decoder_states = [state_h, state_c]
decoder_outputs = decoder_dense(decoder_outputs)

decoder_model = Model(
    inputs=[decoder_inputs] + thought_input,
    outputs=[decoder_outputs] + decoder_states)


def decode_sequence(input_seq):
    thought = encoder_model.predict(input_seq)  # <1>

    target_seq = np.zeros((1, 1, len(output_vocab)))  # <2>
    target_seq[0, 0, output_vocab.index(start_token)
               ] = 1.  # <3>
    stop_condition = False
    generated_sequence = ''

    while not stop_condition:
        output_tokens, h, c = decoder_model.predict(
            [target_seq] + thought)  # <4>

        generated_token_idx = np.argmax(output_tokens[0, -1, :])
        generated_char = output_vocab[generated_token_idx]
        generated_sequence += generated_char
        if (generated_char == stop_token or
                len(generated_sequence) > max_decoder_seq_len
            ):  # <5>
            stop_condition = True

        target_seq = np.zeros((1, 1, len(output_vocab)))  # <6>
        target_seq[0, 0, generated_token_idx] = 1.
        thought = [h, c]  # <7>

    return generated_sequence


def respond(input_text):
    input_text = input_text.lower()
    input_text = ''.join(c if c in input_vocab else ' ' for c in input_text)
    input_seq = np.zeros((1, max_encoder_seq_len, len(input_vocab)), dtype='float32')
    for t, c in enumerate(input_text):
        input_seq[0, t, input_vocab.index(c)] = 1.
    decoded_sentence = decode_sequence(input_seq)
    print('Human: {}'.format(input_text))
    print('Bot:', decoded_sentence)
    return decoded_sentence


respond('Hi Rosa, how are you?')
respond('Hey Jim, how are you?')
respond("What is up?")
