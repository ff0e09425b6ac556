# source: fchollet/deep-learning-with-python-notebooks chapter15_language-models-and-the-transformer.ipynb (F. Chollet, "Deep Learning with Python", 3rd edition, chapter 15 "Language models and the Transformer": its recurrent half, a character-level GRU language model on Shakespeare with a separate one-step generation model fed its state by hand, then English-to-Spanish translation with a GRU encoder-decoder trained with sample weights; Keras 3, `import keras`; code cells 5-30 in order)
# commit: 03def3a9d2b127f5ee7e136f4afdd2a546a7f5d0
# keras: keras
# exercises: layers.TextVectorization(standardize=None, split="character", output_sequence_length) adapted on a list of strings, vocabulary_size(), get_vocabulary(); layers.Input(shape=(sequence_length,), dtype="int", name=...); Embedding + GRU(return_sequences=True) + Dropout + Dense(softmax) over a 3-d tensor; summary(line_length=80); compile("adam", "sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"]); a second functional model with two inputs and two outputs given as tuples (keras.Input(shape=(1,), dtype="int"), keras.Input(shape=(hidden_dim,), name="state"); GRU(return_state=True) called with initial_state=input_state) whose weights come from set_weights(model.get_weights()); the generation model called eagerly on a tuple (keras.ops.expand_dims([token_id], axis=0), state) with keras.ops.zeros(shape=(1, hidden_dim)) as the first state and int(np.array(keras.ops.argmax(predictions, axis=-1)[0])); TextVectorization with a custom standardize callable; features as a dict by Input name, labels shifted by one and sample_weights = labels != 0; Embedding(mask_zero=True) + Bidirectional(GRU, merge_mode="sum") encoder whose output is the initial_state of a decoder GRU(return_sequences=True); compile(weighted_metrics=["accuracy"]); fit with sample weights and a (x, y, sample_weight) validation tuple; greedy decoding with predict(inputs, verbose=0) per step
# reduced: the shakespeare.txt download (keras.utils.get_file) replaced by made_up_shakespeare(): 1,000 characters of made-up play text (random.Random(3): speaker lines such as "KING RICHARD III:" and lines from a small word list, with newlines) so every character of the notebook's prompt is in the vocabulary; `os.environ["KERAS_BACKEND"] = "jax"` and `!pip install keras-nightly` left out (the reference runs Keras 3 on TensorFlow); tf.data.Dataset.from_tensor_slices((features, labels)) / as_numpy_iterator / map / shuffle(10_000) / batch(64) / cache -> the lists themselves (`x, y = features[0], labels[0]`), tokenizer.adapt(features) and tokenizer(features) / tokenizer(labels) on the whole lists, fit given batch_size=64 and shuffle=False (the 50 sequences are one batch); the spa-eng.zip download replaced by 80 made-up English/Spanish pairs written as spa-eng/spa.txt (the helper of the corpus's keras_io_nmt_transformer_spa, numpy RandomState(0)); custom_standardization's tf.strings.lower / regex_replace -> _strings.lower / regex_replace, tf.strings on TensorFlow and numpy / re equivalents where `tf` is statefulrnn; make_dataset's tf.data pipeline (from_tensor_slices / batch / map(format_dataset) / shuffle(2048) / cache) -> format_dataset applied to the whole lists, giving (features, labels, sample_weights), next(iter(train_ds)) -> that triple, fit(train_ds, validation_data=val_ds) -> fit(features, labels, sample_weight=sample_weights, batch_size=batch_size, shuffle=False, validation_data=val_ds); sequence_length 100 -> 20 (then 20 -> 8 for translation), embedding_dim / embed_dim 256 -> 8, hidden_dim 1024 -> 16, vocab_size 15000 -> 24, batch_size 64 -> 16 (translation), epochs 20 -> 2 and 15 -> 2, max_length 250 -> 20, 5 translated test sentences -> 2; Dropout 0.1 / 0.5 -> 0.0 (random masks cannot match); bare expression cells (shakespeare[:250], x[:50], vocabulary_size) printed; the notebook's Transformer half (cells 31 on) left out; optimizer="adam" -> "sgd" in both compiles (both models train an Embedding whose ids repeat within a batch: Keras 3 on TensorFlow adds each repeated id's squared gradient in Adam's second moment where statefulrnn squares the row's, README, "Where we differ from Keras"; with Adam the first fit's second-epoch loss differs by 1.5e-4, see REPORT.md)
import os
import random
import re
import string
import numpy as np
import tensorflow as tf

_rng = np.random.RandomState(0)
_pairs = [("i", "yo"), ("you", "tu"), ("he", "el"), ("she", "ella"), ("eat", "como"), ("see", "veo"),
          ("the", "el"), ("a", "un"), ("dog", "perro"), ("cat", "gato"), ("house", "casa"), ("red", "rojo"),
          ("big", "grande"), ("small", "pequeno"), ("book", "libro"), ("want", "quiero"), ("have", "tengo"),
          ("water", "agua"), ("now", "ahora"), ("today", "hoy"), ("not", "no"), ("here", "aqui")]


def _write_spa_eng():
    os.makedirs("spa-eng")
    with open(os.path.join("spa-eng", "spa.txt"), "w") as f:
        for _ in range(80):
            idx = _rng.randint(len(_pairs), size=_rng.randint(3, 7))
            eng = " ".join(_pairs[i][0] for i in idx)
            spa = " ".join(_pairs[i][1] for i in idx)
            if _rng.rand() < 0.3:
                eng, spa = eng.capitalize() + "?", "¿" + spa.capitalize() + "?"
            else:
                mark = _rng.choice([".", "!"])
                eng, spa = eng.capitalize() + mark, spa.capitalize() + mark
            f.write(eng + "\t" + spa + "\n")


_write_spa_eng()


class _NumpyStrings:
    # tf.strings' two functions the example uses, on numpy arrays of strings.
    @staticmethod
    def lower(strings):
        return np.char.lower(np.asarray(strings).astype(str))

    @staticmethod
    def regex_replace(strings, pattern, rewrite):
        return np.array([re.sub(pattern, rewrite, s) for s in np.asarray(strings).astype(str).ravel()],
                        dtype=object).reshape(np.shape(strings))


_strings = tf.strings if tf.__name__ == "tensorflow" else _NumpyStrings


def made_up_shakespeare(n=1000):
    r = random.Random(3)
    speakers = ["KING RICHARD III:", "QUEEN ELIZABETH:", "GLOUCESTER:", "First Citizen:"]
    words = "my lord the king is dead and we shall not see thy face again O good sweet heaven".split()
    text = ""
    while len(text) < n:
        text += "\n" + r.choice(speakers) + "\n"
        for _ in range(r.randint(1, 3)):
            line = " ".join(r.choice(words) for _ in range(r.randint(3, 8)))
            text += line[0].upper() + line[1:] + r.choice([",", ".", "!", "?"]) + "\n"
    return text[:n] + "\n"


import keras

shakespeare = made_up_shakespeare()

print(shakespeare[:250])

import tensorflow as tf

sequence_length = 20

def split_input(input, sequence_length):
    for i in range(0, len(input), sequence_length):
        yield input[i : i + sequence_length]

features = list(split_input(shakespeare[:-1], sequence_length))
labels = list(split_input(shakespeare[1:], sequence_length))

x, y = features[0], labels[0]
print(x[:50], y[:50])

from keras import layers

tokenizer = layers.TextVectorization(
    standardize=None,
    split="character",
    output_sequence_length=sequence_length,
)
tokenizer.adapt(features)

vocabulary_size = tokenizer.vocabulary_size()
print(vocabulary_size)

training_features, training_labels = tokenizer(features), tokenizer(labels)

embedding_dim = 8
hidden_dim = 16

inputs = layers.Input(shape=(sequence_length,), dtype="int", name="token_ids")
x = layers.Embedding(vocabulary_size, embedding_dim)(inputs)
x = layers.GRU(hidden_dim, return_sequences=True)(x)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(vocabulary_size, activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.summary(line_length=80)

model.compile(
    optimizer="sgd",
    loss="sparse_categorical_crossentropy",
    metrics=["sparse_categorical_accuracy"],
)
model.fit(training_features, training_labels, batch_size=64, shuffle=False, epochs=2)

inputs = keras.Input(shape=(1,), dtype="int", name="token_ids")
input_state = keras.Input(shape=(hidden_dim,), name="state")

x = layers.Embedding(vocabulary_size, embedding_dim)(inputs)
x, output_state = layers.GRU(hidden_dim, return_state=True)(
    x, initial_state=input_state
)
outputs = layers.Dense(vocabulary_size, activation="softmax")(x)
generation_model = keras.Model(
    inputs=(inputs, input_state),
    outputs=(outputs, output_state),
)
generation_model.set_weights(model.get_weights())

tokens = tokenizer.get_vocabulary()
token_ids = range(vocabulary_size)
char_to_id = dict(zip(tokens, token_ids))
id_to_char = dict(zip(token_ids, tokens))

prompt = """
KING RICHARD III:
"""

input_ids = [char_to_id[c] for c in prompt]
state = keras.ops.zeros(shape=(1, hidden_dim))
for token_id in input_ids:
    inputs = keras.ops.expand_dims([token_id], axis=0)
    predictions, state = generation_model((inputs, state))

import numpy as np

generated_ids = []
max_length = 20
for i in range(max_length):
    next_char = int(np.array(keras.ops.argmax(predictions, axis=-1)[0]))
    generated_ids.append(next_char)
    inputs = keras.ops.expand_dims([next_char], axis=0)
    predictions, state = generation_model((inputs, state))

output = "".join([id_to_char[token_id] for token_id in generated_ids])
print(prompt + output)

import pathlib

text_path = pathlib.Path("spa-eng") / "spa.txt"

with open(text_path) as f:
    lines = f.read().split("\n")[:-1]
text_pairs = []
for line in lines:
    english, spanish = line.split("\t")
    spanish = "[start] " + spanish + " [end]"
    text_pairs.append((english, spanish))

import random
print(random.choice(text_pairs))

import random

random.shuffle(text_pairs)
val_samples = int(0.15 * len(text_pairs))
train_samples = len(text_pairs) - 2 * val_samples
train_pairs = text_pairs[:train_samples]
val_pairs = text_pairs[train_samples : train_samples + val_samples]
test_pairs = text_pairs[train_samples + val_samples :]

import string
import re

strip_chars = string.punctuation + "¿"
strip_chars = strip_chars.replace("[", "")
strip_chars = strip_chars.replace("]", "")

def custom_standardization(input_string):
    lowercase = _strings.lower(input_string)
    return _strings.regex_replace(
        lowercase, f"[{re.escape(strip_chars)}]", ""
    )

vocab_size = 24
sequence_length = 8

english_tokenizer = layers.TextVectorization(
    max_tokens=vocab_size,
    output_mode="int",
    output_sequence_length=sequence_length,
)
spanish_tokenizer = layers.TextVectorization(
    max_tokens=vocab_size,
    output_mode="int",
    output_sequence_length=sequence_length + 1,
    standardize=custom_standardization,
)
train_english_texts = [pair[0] for pair in train_pairs]
train_spanish_texts = [pair[1] for pair in train_pairs]
english_tokenizer.adapt(train_english_texts)
spanish_tokenizer.adapt(train_spanish_texts)

batch_size = 16

def format_dataset(eng, spa):
    eng = english_tokenizer(eng)
    spa = spanish_tokenizer(spa)
    features = {"english": eng, "spanish": spa[:, :-1]}
    labels = spa[:, 1:]
    sample_weights = labels != 0
    return features, labels, sample_weights

def make_dataset(pairs):
    eng_texts, spa_texts = zip(*pairs)
    eng_texts = list(eng_texts)
    spa_texts = list(spa_texts)
    return format_dataset(eng_texts, spa_texts)

train_ds = make_dataset(train_pairs)
val_ds = make_dataset(val_pairs)

inputs, targets, sample_weights = train_ds
print(inputs['english'].shape)

print(inputs['spanish'].shape)

print(targets.shape)

print(sample_weights.shape)

embed_dim = 8
hidden_dim = 16

source = keras.Input(shape=(None,), dtype="int32", name="english")
x = layers.Embedding(vocab_size, embed_dim, mask_zero=True)(source)
rnn_layer = layers.GRU(hidden_dim)
rnn_layer = layers.Bidirectional(rnn_layer, merge_mode="sum")
encoder_output = rnn_layer(x)

target = keras.Input(shape=(None,), dtype="int32", name="spanish")
x = layers.Embedding(vocab_size, embed_dim, mask_zero=True)(target)
rnn_layer = layers.GRU(hidden_dim, return_sequences=True)
x = rnn_layer(x, initial_state=encoder_output)
x = layers.Dropout(0.0)(x)
target_predictions = layers.Dense(vocab_size, activation="softmax")(x)
seq2seq_rnn = keras.Model([source, target], target_predictions)

seq2seq_rnn.summary(line_length=80)

seq2seq_rnn.compile(
    optimizer="sgd",
    loss="sparse_categorical_crossentropy",
    weighted_metrics=["accuracy"],
)
seq2seq_rnn.fit(train_ds[0], train_ds[1], sample_weight=train_ds[2], batch_size=batch_size, shuffle=False, epochs=2, validation_data=val_ds)

import numpy as np

spa_vocab = spanish_tokenizer.get_vocabulary()
spa_index_lookup = dict(zip(range(len(spa_vocab)), spa_vocab))

def generate_translation(input_sentence):
    tokenized_input_sentence = english_tokenizer([input_sentence])
    decoded_sentence = "[start]"
    for i in range(sequence_length):
        tokenized_target_sentence = spanish_tokenizer([decoded_sentence])
        inputs = [tokenized_input_sentence, tokenized_target_sentence]
        next_token_predictions = seq2seq_rnn.predict(inputs, verbose=0)
        sampled_token_index = np.argmax(next_token_predictions[0, i, :])
        sampled_token = spa_index_lookup[sampled_token_index]
        decoded_sentence += " " + sampled_token
        if sampled_token == "[end]":
            break
    return decoded_sentence

test_eng_texts = [pair[0] for pair in test_pairs]
for _ in range(2):
    input_sentence = random.choice(test_eng_texts)
    print("-")
    print(input_sentence)
    print(generate_translation(input_sentence))
