# source: fchollet/deep-learning-with-python-notebooks chapter15_language-models-and-the-transformer.ipynb (F. Chollet, "Deep Learning with Python", 3rd edition, chapter 15 "Language models and the Transformer": its Transformer half, English-to-Spanish translation with a TransformerEncoder / TransformerDecoder pair of keras.Layer subclasses, then with a PositionalEmbedding; Keras 3, `import keras`; the data cells 21-34 and code cells 44-55 in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: keras
# exercises: Keras 3 (`import keras`, `from keras import layers`, `from keras import ops`); two TextVectorization (one with a custom standardize) adapted on lists of strings; features as a dict by Input name, labels shifted by one, sample_weights = labels != 0; keras.Layer subclasses whose constructors take no **kwargs and call super().__init__() bare, built of MultiHeadAttention(num_heads, key_dim) (positional arguments), LayerNormalization and Dense sublayers; a call(source, source_mask) taking a second tensor argument by keyword, the mask `source != 0` computed on a symbolic keras.Input (KerasTensor comparison) and sliced source_mask[:, None, :] as attention_mask; MultiHeadAttention(query=, key=, value=) by keyword with attention_mask and with use_causal_mask=True; cross-attention between decoder and encoder outputs; residual adds on KerasTensors; a layer called with three keyword tensors (target=, source=, source_mask=); Dropout and Dense(softmax) over (batch, steps, vocab); two-input keras.Model([source, target]); summary(line_length=80); compile("adam", "sparse_categorical_crossentropy", weighted_metrics=["accuracy"]); fit with sample weights and a (x, y, sample_weight) validation tuple; a PositionalEmbedding layer whose positions are ops.cumsum(ops.ones_like(inputs), axis=-1) - 1; greedy decoding with predict(verbose=0) on [english ids, spanish ids[:, :-1]] per step, np.argmax, a vocabulary lookup dict
# reduced: optimizer="adam" -> "sgd" in both compiles (Embedding ids repeat within a batch: Keras 3 on TensorFlow adds each repeated id's squared gradient to Adam's second moment, README "Where we differ from Keras", as the corpus's dlwp3_ch15_gru_lm_seq2seq); (as the corpus's dlwp3_ch15_gru_lm_seq2seq for the same notebook's data cells) the spa-eng.zip download replaced by 80 made-up English/Spanish pairs written as spa-eng/spa.txt (numpy RandomState(0)); custom_standardization's tf.strings.lower / regex_replace -> _strings.lower / regex_replace, tf.strings on TensorFlow and numpy / re equivalents where `tf` is statefulrnn; make_dataset's tf.data pipeline (from_tensor_slices / batch / map(format_dataset) / shuffle(2048) / cache) -> format_dataset applied to the whole lists, giving (features, labels, sample_weights), next(iter(train_ds)) -> that triple, fit(train_ds, validation_data=val_ds) -> fit(features, labels, sample_weight=sample_weights, batch_size=batch_size, shuffle=False, validation_data=val_ds); the GRU seq2seq cells 36-40 (already in the corpus) and the KerasHub RoBERTa cells 59-70 (pretrained preset download) left out; `os.environ["KERAS_BACKEND"] = "jax"`, pip and IPython cell-magic cells left out; vocab_size 15000 -> 24, sequence_length 20 -> 8, batch_size 64 -> 16, hidden_dim 256 -> 16, intermediate_dim 2048 / 2056 -> 32 / 34, num_heads 8 -> 2, epochs 15 / 30 -> 2; Dropout 0.5 -> 0.0 (random masks cannot match); 5 decoded test sentences -> 2
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

import keras
from keras import layers
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

class TransformerEncoder(keras.Layer):
    def __init__(self, hidden_dim, intermediate_dim, num_heads):
        super().__init__()
        key_dim = hidden_dim // num_heads
        self.self_attention = layers.MultiHeadAttention(num_heads, key_dim)
        self.self_attention_layernorm = layers.LayerNormalization()
        self.feed_forward_1 = layers.Dense(intermediate_dim, activation="relu")
        self.feed_forward_2 = layers.Dense(hidden_dim)
        self.feed_forward_layernorm = layers.LayerNormalization()

    def call(self, source, source_mask):
        residual = x = source
        mask = source_mask[:, None, :]
        x = self.self_attention(query=x, key=x, value=x, attention_mask=mask)
        x = x + residual
        x = self.self_attention_layernorm(x)
        residual = x
        x = self.feed_forward_1(x)
        x = self.feed_forward_2(x)
        x = x + residual
        x = self.feed_forward_layernorm(x)
        return x

class TransformerDecoder(keras.Layer):
    def __init__(self, hidden_dim, intermediate_dim, num_heads):
        super().__init__()
        key_dim = hidden_dim // num_heads
        self.self_attention = layers.MultiHeadAttention(num_heads, key_dim)
        self.self_attention_layernorm = layers.LayerNormalization()
        self.cross_attention = layers.MultiHeadAttention(num_heads, key_dim)
        self.cross_attention_layernorm = layers.LayerNormalization()
        self.feed_forward_1 = layers.Dense(intermediate_dim, activation="relu")
        self.feed_forward_2 = layers.Dense(hidden_dim)
        self.feed_forward_layernorm = layers.LayerNormalization()

    def call(self, target, source, source_mask):
        residual = x = target
        x = self.self_attention(query=x, key=x, value=x, use_causal_mask=True)
        x = x + residual
        x = self.self_attention_layernorm(x)
        residual = x
        mask = source_mask[:, None, :]
        x = self.cross_attention(
            query=x, key=source, value=source, attention_mask=mask
        )
        x = x + residual
        x = self.cross_attention_layernorm(x)
        residual = x
        x = self.feed_forward_1(x)
        x = self.feed_forward_2(x)
        x = x + residual
        x = self.feed_forward_layernorm(x)
        return x

hidden_dim = 16
intermediate_dim = 32
num_heads = 2

source = keras.Input(shape=(None,), dtype="int32", name="english")
x = layers.Embedding(vocab_size, hidden_dim)(source)
encoder_output = TransformerEncoder(hidden_dim, intermediate_dim, num_heads)(
    source=x,
    source_mask=source != 0,
)
target = keras.Input(shape=(None,), dtype="int32", name="spanish")
x = layers.Embedding(vocab_size, hidden_dim)(target)
x = TransformerDecoder(hidden_dim, intermediate_dim, num_heads)(
    target=x,
    source=encoder_output,
    source_mask=source != 0,
)
x = layers.Dropout(0.0)(x)
target_predictions = layers.Dense(vocab_size, activation="softmax")(x)
transformer = keras.Model([source, target], target_predictions)

transformer.summary(line_length=80)

transformer.compile(
    optimizer="sgd",
    loss="sparse_categorical_crossentropy",
    weighted_metrics=["accuracy"],
)
transformer.fit(train_ds[0], train_ds[1], sample_weight=train_ds[2], batch_size=batch_size, shuffle=False, epochs=2, validation_data=val_ds)

from keras import ops

class PositionalEmbedding(keras.Layer):
    def __init__(self, sequence_length, input_dim, output_dim):
        super().__init__()
        self.token_embeddings = layers.Embedding(input_dim, output_dim)
        self.position_embeddings = layers.Embedding(sequence_length, output_dim)

    def call(self, inputs):
        positions = ops.cumsum(ops.ones_like(inputs), axis=-1) - 1
        embedded_tokens = self.token_embeddings(inputs)
        embedded_positions = self.position_embeddings(positions)
        return embedded_tokens + embedded_positions

hidden_dim = 16
intermediate_dim = 34
num_heads = 2

source = keras.Input(shape=(None,), dtype="int32", name="english")
x = PositionalEmbedding(sequence_length, vocab_size, hidden_dim)(source)
encoder_output = TransformerEncoder(hidden_dim, intermediate_dim, num_heads)(
    source=x,
    source_mask=source != 0,
)
target = keras.Input(shape=(None,), dtype="int32", name="spanish")
x = PositionalEmbedding(sequence_length, vocab_size, hidden_dim)(target)
x = TransformerDecoder(hidden_dim, intermediate_dim, num_heads)(
    target=x,
    source=encoder_output,
    source_mask=source != 0,
)
x = layers.Dropout(0.0)(x)
target_predictions = layers.Dense(vocab_size, activation="softmax")(x)
transformer = keras.Model([source, target], target_predictions)

transformer.compile(
    optimizer="sgd",
    loss="sparse_categorical_crossentropy",
    weighted_metrics=["accuracy"],
)
transformer.fit(train_ds[0], train_ds[1], sample_weight=train_ds[2], batch_size=batch_size, shuffle=False, epochs=2, validation_data=val_ds)

import numpy as np

spa_vocab = spanish_tokenizer.get_vocabulary()
spa_index_lookup = dict(zip(range(len(spa_vocab)), spa_vocab))

def generate_translation(input_sentence):
    tokenized_input_sentence = english_tokenizer([input_sentence])
    decoded_sentence = "[start]"
    for i in range(sequence_length):
        tokenized_target_sentence = spanish_tokenizer([decoded_sentence])
        tokenized_target_sentence = tokenized_target_sentence[:, :-1]
        inputs = [tokenized_input_sentence, tokenized_target_sentence]
        next_token_predictions = transformer.predict(inputs, verbose=0)
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
