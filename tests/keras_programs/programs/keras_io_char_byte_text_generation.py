# source: keras-team/keras-io examples/nlp/character_and_byte_level_text_generation.py ("Character and byte level text generation with KerasNLP", Mohammad Aflah Khan; `from tensorflow import keras`, keras_nlp tokenizers and greedy_search)
# commit: b2df8a528722da6aa428407eb31f582a8ffcc143
# keras: tf_keras
# exercises: two functional models keras.Input(shape=(None,)) (float ids of any length) -> keras.layers.Embedding(input_dim=..., output_dim=...) -> keras.layers.LSTM(units) -> keras.layers.Dense(vocab_size, activation="softmax"), each compiled with "sparse_categorical_crossentropy" and its own keras.optimizers.RMSprop(learning_rate=0.01) and fit on batches of (sequence, next token) pairs; the models called directly on a growing prompt (model(input)[-1, :], one more step each time, of a length other than the training one) for greedy decoding
# reduced: the Don Quijote text (keras.utils.get_file, a download) is replaced by 1100 characters of made-up lowercase Spanish-like words (numpy's seeded choice from a word list, with ñ, á, é, í, ó, ú); keras_nlp's UnicodeCharacterTokenizer(vocabulary_size=591) and ByteTokenizer (a library of their own) are replaced by what they compute: code points clamped to 590, and the UTF-8 bytes; the tf.data pipeline (from_tensor_slices, batch(seq_length + 1, drop_remainder=True), map(split_input_target), shuffle(BUFFER_SIZE), batch(BATCH_SIZE, drop_remainder=True), prefetch) by the same numpy chunks, split into (first seq_length, last) and cut to whole batches, given to fit with batch_size=BATCH_SIZE and shuffle=False (tf.data's shuffle order cannot match); seq_length 20 instead of 100, BATCH_SIZE 16 instead of 64, Embedding output_dim and LSTM units 16 instead of 128, 2 epochs instead of 6; keras_nlp.utils.greedy_search by its loop written out (argmax of token_probability_fn over the prompt so far, appended), tf.expand_dims by keras.backend.expand_dims, 2 examples of 20-character prompts generating 5 tokens instead of 5 of 100 generating 50; after generating, each model's predict on the last prompt+generation is added (the harness records predict, not direct calls); the prints of tokenized text left out
from tensorflow import keras
import numpy as np
import random

words = ["señor", "don", "quijote", "sancho", "mía", "dijo", "que", "la", "el", "de", "su", "caballero",
         "está", "aquí", "corazón", "niño", "razón", "también", "así", "mañana"]
text = " ".join(np.random.choice(words, size=400))[:1100]

def unicode_tokenizer(text):
    return np.minimum(np.array([ord(c) for c in text.lower()]), 590)

def byte_tokenizer(text):
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8).astype(np.int64)

unicode_tokenized_text = unicode_tokenizer(text)
byte_tokenized_text = byte_tokenizer(text)
print(f"Extra Tokens: {byte_tokenized_text.shape[0] - unicode_tokenized_text.shape[0]}")

unicode_vocab_size = 591
byte_vocab_size = 256
seq_length = 20
epochs = 2

def split_input_target(sequence):
    input_text = sequence[:, :-1]
    target_text = sequence[:, -1]
    return input_text, target_text

BATCH_SIZE = 16

def make_dataset(tokens):
    n = len(tokens) // (seq_length + 1)
    sequences = tokens[: n * (seq_length + 1)].reshape(n, seq_length + 1)
    x, y = split_input_target(sequences)
    whole = (n // BATCH_SIZE) * BATCH_SIZE
    return x[:whole], y[:whole]

unicode_x, unicode_y = make_dataset(unicode_tokenized_text)
byte_x, byte_y = make_dataset(byte_tokenized_text)

unicode_input = keras.Input(shape=(None,))
unicode_output = keras.layers.Embedding(input_dim = 591, output_dim = 16)(unicode_input)
unicode_output = keras.layers.LSTM(16)(unicode_output)
unicode_output = keras.layers.Dense(unicode_vocab_size, activation="softmax")(unicode_output)
unicode_model = keras.Model(unicode_input, unicode_output)

optimizer = keras.optimizers.RMSprop(learning_rate=0.01)
unicode_model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer)

byte_input = keras.Input(shape=(None,))
byte_output = keras.layers.Embedding(input_dim = byte_vocab_size, output_dim = 16)(byte_input)
byte_output = keras.layers.LSTM(16)(byte_output)
byte_output = keras.layers.Dense(byte_vocab_size, activation="softmax")(byte_output)
byte_model = keras.Model(byte_input, byte_output)

optimizer = keras.optimizers.RMSprop(learning_rate=0.01)
byte_model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer)

unicode_model.fit(unicode_x, unicode_y, batch_size=BATCH_SIZE, epochs=epochs, shuffle=False)
byte_model.fit(byte_x, byte_y, batch_size=BATCH_SIZE, epochs=epochs, shuffle=False)

def decode_sequences(input_sentences, model, generation_length = 5):
    prompt = unicode_tokenizer(input_sentences[0])[None, :]
    def token_probability_fn(input):
        if (model == 'unicode_model'):
          x = unicode_model(input)[-1, :]
        elif (model == 'byte_model'):
          x = byte_model(input)[-1, :]
        return keras.backend.expand_dims(x, axis=0)
    generated_tokens = prompt
    for _ in range(generation_length):
        probabilities = np.asarray(token_probability_fn(generated_tokens.astype("float32")))
        generated_tokens = np.concatenate([generated_tokens, np.argmax(probabilities, axis=-1)[:, None]], axis=1)
    generated_sentences = ["".join(chr(t) for t in row) for row in generated_tokens]
    return generated_sentences[0], generated_tokens

for i in range(2):
  start_index = random.randint(0, len(text) - 20 - 1)
  sentence = text[start_index: start_index + 20]
  models = ['unicode_model', 'byte_model']
  print(f"EXAMPLE {i+1}")
  print("PROMPT: ", sentence)
  print()
  for model in models:
    translated, tokens = decode_sequences(input_sentences = [sentence], model = model, generation_length = 5)
    print(f"Model: {model}")
    print("OUTPUT: ", translated)
    print()

unicode_model.predict(tokens.astype("float32"))
byte_model.predict(tokens.astype("float32"))
