# source: fchollet/deep-learning-with-python-notebooks chapter11_part04_sequence-to-sequence-learning.ipynb (F. Chollet, "Deep Learning with Python", 2nd edition, chapter 11 "Deep learning for text", part 4: English-to-Spanish translation; its first half, "Sequence-to-sequence learning with RNNs": a GRU encoder-decoder; code cells 2-12 in order)
# commit: 1bb759b55fc2433504525a3648154df69219556d
# keras: tf_keras
# exercises: text pairs read from a tab-separated file, "[start] " / " [end]" added, random.choice / random.shuffle and a 70/15/15 split; two TextVectorization(max_tokens, output_mode="int", output_sequence_length) layers, one with a custom standardize callable (lower-casing and regex-stripping punctuation but the brackets), adapt()ed on lists of strings and called on lists of strings; a dict of inputs by Input name ("english", "spanish") with targets shifted by one (spa[:, :-1] / spa[:, 1:] slicing of the vectorized tensors); keras.Input(shape=(None,), dtype="int64", name=...); Embedding(vocab_size, embed_dim, mask_zero=True); Bidirectional(GRU(latent_dim), merge_mode="sum") as the encoder, its (masked) final output passed as initial_state= to a decoder GRU(return_sequences=True) over a second masked Embedding; Dropout; Dense(vocab_size, softmax) on a 3-d tensor; a two-input functional Model compiled with "rmsprop" / "sparse_categorical_crossentropy" / ["accuracy"]; fit with validation_data; greedy decoding: target_vectorization([decoded_sentence]) and model.predict([tokenized_input, tokenized_target]) once per step, np.argmax(next_token_predictions[0, i, :]), get_vocabulary() index lookup, stop at "[end]"
# reduced: the spa-eng.zip download (!wget, !unzip) replaced by 80 made-up English/Spanish sentence pairs written by the program as "eng\tspa" lines to spa-eng/spa.txt (the helper of the corpus's keras_io_nmt_transformer_spa, numpy RandomState(0)), read back by the notebook's code; `from keras.layers.experimental.preprocessing import TextVectorization` -> `from tensorflow.keras.layers import TextVectorization` (the experimental path is gone from tf-keras 2.21); custom_standardization's tf.strings.lower / regex_replace -> _strings.lower / regex_replace, tf.strings on TensorFlow and numpy / re equivalents where `tf` is statefulrnn (as in keras_io_nmt_transformer_spa); make_dataset's tf.data.Dataset.from_tensor_slices / batch / map(format_dataset) / shuffle(2048) / prefetch / cache -> format_dataset applied to the whole lists (a dict of arrays by input name and the shifted targets), fit given batch_size=batch_size and shuffle=False (a shuffle cannot match); train_ds.take(1) shape preview -> the shapes of the first batch_size rows; vocab_size 15000 -> 24, sequence_length 20 -> 8, batch_size 64 -> 16, embed_dim 256 -> 8, latent_dim 1024 -> 16, epochs 15 -> 2, max_decoded_sentence_length 20 -> 8, 20 decoded test sentences -> 2; Dropout 0.5 -> 0.0 (random masks cannot match); the notebook's second half (the Transformer decoder, nearly the corpus's keras_io_nmt_transformer_spa) left out
import os
import pathlib
import random
import string
import re
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import TextVectorization

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

text_file = "spa-eng/spa.txt"
with open(text_file) as f:
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
num_val_samples = int(0.15 * len(text_pairs))
num_train_samples = len(text_pairs) - 2 * num_val_samples
train_pairs = text_pairs[:num_train_samples]
val_pairs = text_pairs[num_train_samples:num_train_samples + num_val_samples]
test_pairs = text_pairs[num_train_samples + num_val_samples:]

strip_chars = string.punctuation + "¿"
strip_chars = strip_chars.replace("[", "")
strip_chars = strip_chars.replace("]", "")

def custom_standardization(input_string):
    lowercase = _strings.lower(input_string)
    return _strings.regex_replace(
        lowercase, f"[{re.escape(strip_chars)}]", "")

vocab_size = 24
sequence_length = 8

source_vectorization = TextVectorization(
    max_tokens=vocab_size,
    output_mode="int",
    output_sequence_length=sequence_length,
)
target_vectorization = TextVectorization(
    max_tokens=vocab_size,
    output_mode="int",
    output_sequence_length=sequence_length + 1,
    standardize=custom_standardization,
)
train_english_texts = [pair[0] for pair in train_pairs]
train_spanish_texts = [pair[1] for pair in train_pairs]
source_vectorization.adapt(train_english_texts)
target_vectorization.adapt(train_spanish_texts)

batch_size = 16

def format_dataset(eng, spa):
    eng = source_vectorization(eng)
    spa = target_vectorization(spa)
    return ({
        "english": eng,
        "spanish": spa[:, :-1],
    }, spa[:, 1:])

def make_dataset(pairs):
    eng_texts, spa_texts = zip(*pairs)
    eng_texts = list(eng_texts)
    spa_texts = list(spa_texts)
    return format_dataset(eng_texts, spa_texts)

train_ds = make_dataset(train_pairs)
val_ds = make_dataset(val_pairs)

inputs, targets = train_ds
print(f"inputs['english'].shape: {inputs['english'][:batch_size].shape}")
print(f"inputs['spanish'].shape: {inputs['spanish'][:batch_size].shape}")
print(f"targets.shape: {targets[:batch_size].shape}")

from tensorflow import keras
from tensorflow.keras import layers

embed_dim = 8
latent_dim = 16

source = keras.Input(shape=(None,), dtype="int64", name="english")
x = layers.Embedding(vocab_size, embed_dim, mask_zero=True)(source)
encoded_source = layers.Bidirectional(
    layers.GRU(latent_dim), merge_mode="sum")(x)

past_target = keras.Input(shape=(None,), dtype="int64", name="spanish")
x = layers.Embedding(vocab_size, embed_dim, mask_zero=True)(past_target)
decoder_gru = layers.GRU(latent_dim, return_sequences=True)
x = decoder_gru(x, initial_state=encoded_source)
x = layers.Dropout(0.0)(x)
target_next_step = layers.Dense(vocab_size, activation="softmax")(x)
seq2seq_rnn = keras.Model([source, past_target], target_next_step)

seq2seq_rnn.compile(
    optimizer="rmsprop",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"])
seq2seq_rnn.fit(train_ds[0], train_ds[1], batch_size=batch_size, shuffle=False, epochs=2, validation_data=val_ds)

import numpy as np
spa_vocab = target_vectorization.get_vocabulary()
spa_index_lookup = dict(zip(range(len(spa_vocab)), spa_vocab))
max_decoded_sentence_length = 8

def decode_sequence(input_sentence):
    tokenized_input_sentence = source_vectorization([input_sentence])
    decoded_sentence = "[start]"
    for i in range(max_decoded_sentence_length):
        tokenized_target_sentence = target_vectorization([decoded_sentence])
        next_token_predictions = seq2seq_rnn.predict(
            [tokenized_input_sentence, tokenized_target_sentence])
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
    print(decode_sequence(input_sentence))
