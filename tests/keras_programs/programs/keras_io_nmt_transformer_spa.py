# source: keras-team/keras-io examples/nlp/neural_machine_translation_with_transformer.py ("English-to-Spanish translation with a sequence-to-sequence Transformer", fchollet; the tf.keras version, last modified 2022/02/25: `from tensorflow import keras`, tf.* mask arithmetic)
# commit: 035d541043bd29938cc78a20f19d998ffaa4a05a
# keras: tf_keras
# exercises: two TextVectorization layers (default standardization; a custom one stripping string.punctuation + "¿" less the brackets via re.escape, for the "[start] ... [end]" Spanish side), output_sequence_length and + 1, adapt on lists of strings, called on lists of strings, get_vocabulary; a PositionalEmbedding Layer (**kwargs, two Embedding, positions from the run-time length) with compute_mask (inputs != 0); a TransformerEncoder Layer (supports_masking = True, MultiHeadAttention(num_heads=, key_dim=) with an attention_mask from the incoming mask [:, None, :] cast to int32, a keras.Sequential projection, two LayerNormalization); a TransformerDecoder Layer called as (x, encoded_seq_inputs) with a causal mask built by arange / reshape / concatenate / tile by the run-time batch size, minimum of padding and causal masks, self- and cross-attention, three LayerNormalization; get_config overrides; keras.Input(shape=(None,), dtype="int64", name=...) inputs; an encoder Model and a decoder Model([decoder_inputs, encoded_seq_inputs]) nested into the transformer Model([encoder_inputs, decoder_inputs], name="transformer"); summary(); compile("rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"]); fit with a dict of inputs by name and validation data; greedy decode_sequence calling the transformer on vectorized strings, np.argmax per step, a vocabulary lookup dict, until "[end]"
# reduced: the spa-eng.zip download replaced by 80 made-up English/Spanish sentence pairs (numpy RandomState(0); 3 to 6 words from small word lists, with capitals, "." "?" "¿" "!" punctuation) written as "eng\tspa" lines to spa-eng/spa.txt in the scratch folder and read back by the example's code; make_dataset's tf.data.Dataset.from_tensor_slices / batch / map(format_dataset) / shuffle(2048) / prefetch / cache -> format_dataset applied to the whole lists (a dict of arrays by input name and the shifted targets), fit given batch_size=batch_size and shuffle=False (a shuffle cannot match); train_ds.take(1) shape preview -> the shapes of the first batch_size rows; tf.cast / tf.shape / tf.range / tf.math.not_equal / tf.minimum / tf.reshape / tf.concat / tf.expand_dims / tf.constant / tf.tile -> keras.backend.cast / shape / arange / not_equal / minimum / reshape / concatenate / expand_dims / constant / tile and tf.newaxis -> None (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` becomes `import statefulrnn as tf`), custom_standardization's tf.strings.lower / regex_replace -> _strings.lower / regex_replace, which are tf.strings on TensorFlow and numpy / re equivalents where `tf` is statefulrnn; vocab_size 15000 -> 24 (no more than either adapted vocabulary, so a decoded id always has a word), sequence_length 20 -> 8, batch_size 64 -> 16, embed_dim 256 -> 8, latent_dim 2048 -> 16, num_heads 8 -> 2, epochs 1 -> 2, max_decoded_sentence_length 20 -> 8, 30 decoded test sentences -> 3 (printed); Dropout 0.5 -> 0.0 (random masks cannot match); the example's prose strings left out; in decode_sequence `np.argmax(predictions[0, i, :])` -> `np.argmax(keras.backend.eval(predictions[0, i, :]))` (the transformer called eagerly gives a torch tensor, and np.argmax of it hands the call to torch's argmax, whose tensor finds no entry as spa_index_lookup's key: an idiom README lists as left so)
import os
import pathlib
import random
import string
import re
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
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
K = keras.backend

text_file = pathlib.Path("spa-eng") / "spa.txt"

with open(text_file) as f:
    lines = f.read().split("\n")[:-1]
text_pairs = []
for line in lines:
    eng, spa = line.split("\t")
    spa = "[start] " + spa + " [end]"
    text_pairs.append((eng, spa))

for _ in range(5):
    print(random.choice(text_pairs))

random.shuffle(text_pairs)
num_val_samples = int(0.15 * len(text_pairs))
num_train_samples = len(text_pairs) - 2 * num_val_samples
train_pairs = text_pairs[:num_train_samples]
val_pairs = text_pairs[num_train_samples : num_train_samples + num_val_samples]
test_pairs = text_pairs[num_train_samples + num_val_samples :]

print(f"{len(text_pairs)} total pairs")
print(f"{len(train_pairs)} training pairs")
print(f"{len(val_pairs)} validation pairs")
print(f"{len(test_pairs)} test pairs")

strip_chars = string.punctuation + "¿"
strip_chars = strip_chars.replace("[", "")
strip_chars = strip_chars.replace("]", "")

vocab_size = 24
sequence_length = 8
batch_size = 16


def custom_standardization(input_string):
    lowercase = _strings.lower(input_string)
    return _strings.regex_replace(lowercase, "[%s]" % re.escape(strip_chars), "")


eng_vectorization = TextVectorization(
    max_tokens=vocab_size,
    output_mode="int",
    output_sequence_length=sequence_length,
)
spa_vectorization = TextVectorization(
    max_tokens=vocab_size,
    output_mode="int",
    output_sequence_length=sequence_length + 1,
    standardize=custom_standardization,
)
train_eng_texts = [pair[0] for pair in train_pairs]
train_spa_texts = [pair[1] for pair in train_pairs]
eng_vectorization.adapt(train_eng_texts)
spa_vectorization.adapt(train_spa_texts)


def format_dataset(eng, spa):
    eng = eng_vectorization(eng)
    spa = spa_vectorization(spa)
    return (
        {
            "encoder_inputs": eng,
            "decoder_inputs": spa[:, :-1],
        },
        spa[:, 1:],
    )


def make_dataset(pairs):
    eng_texts, spa_texts = zip(*pairs)
    eng_texts = list(eng_texts)
    spa_texts = list(spa_texts)
    return format_dataset(eng_texts, spa_texts)


train_ds = make_dataset(train_pairs)
val_ds = make_dataset(val_pairs)

inputs, targets = train_ds
print(f'inputs["encoder_inputs"].shape: {inputs["encoder_inputs"][:batch_size].shape}')
print(f'inputs["decoder_inputs"].shape: {inputs["decoder_inputs"][:batch_size].shape}')
print(f"targets.shape: {targets[:batch_size].shape}")


class TransformerEncoder(layers.Layer):
    def __init__(self, embed_dim, dense_dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.embed_dim = embed_dim
        self.dense_dim = dense_dim
        self.num_heads = num_heads
        self.attention = layers.MultiHeadAttention(
            num_heads=num_heads, key_dim=embed_dim
        )
        self.dense_proj = keras.Sequential(
            [
                layers.Dense(dense_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )
        self.layernorm_1 = layers.LayerNormalization()
        self.layernorm_2 = layers.LayerNormalization()
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is not None:
            padding_mask = K.cast(mask[:, None, :], dtype="int32")
        attention_output = self.attention(
            query=inputs, value=inputs, key=inputs, attention_mask=padding_mask
        )
        proj_input = self.layernorm_1(inputs + attention_output)
        proj_output = self.dense_proj(proj_input)
        return self.layernorm_2(proj_input + proj_output)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "embed_dim": self.embed_dim,
                "dense_dim": self.dense_dim,
                "num_heads": self.num_heads,
            }
        )
        return config


class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_embeddings = layers.Embedding(
            input_dim=vocab_size, output_dim=embed_dim
        )
        self.position_embeddings = layers.Embedding(
            input_dim=sequence_length, output_dim=embed_dim
        )
        self.sequence_length = sequence_length
        self.vocab_size = vocab_size
        self.embed_dim = embed_dim

    def call(self, inputs):
        length = K.shape(inputs)[-1]
        positions = K.arange(start=0, stop=length, step=1)
        embedded_tokens = self.token_embeddings(inputs)
        embedded_positions = self.position_embeddings(positions)
        return embedded_tokens + embedded_positions

    def compute_mask(self, inputs, mask=None):
        return K.not_equal(inputs, 0)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "sequence_length": self.sequence_length,
                "vocab_size": self.vocab_size,
                "embed_dim": self.embed_dim,
            }
        )
        return config


class TransformerDecoder(layers.Layer):
    def __init__(self, embed_dim, latent_dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.embed_dim = embed_dim
        self.latent_dim = latent_dim
        self.num_heads = num_heads
        self.attention_1 = layers.MultiHeadAttention(
            num_heads=num_heads, key_dim=embed_dim
        )
        self.attention_2 = layers.MultiHeadAttention(
            num_heads=num_heads, key_dim=embed_dim
        )
        self.dense_proj = keras.Sequential(
            [
                layers.Dense(latent_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )
        self.layernorm_1 = layers.LayerNormalization()
        self.layernorm_2 = layers.LayerNormalization()
        self.layernorm_3 = layers.LayerNormalization()
        self.supports_masking = True

    def call(self, inputs, encoder_outputs, mask=None):
        causal_mask = self.get_causal_attention_mask(inputs)
        if mask is not None:
            padding_mask = K.cast(mask[:, None, :], dtype="int32")
            padding_mask = K.minimum(padding_mask, causal_mask)

        attention_output_1 = self.attention_1(
            query=inputs, value=inputs, key=inputs, attention_mask=causal_mask
        )
        out_1 = self.layernorm_1(inputs + attention_output_1)

        attention_output_2 = self.attention_2(
            query=out_1,
            value=encoder_outputs,
            key=encoder_outputs,
            attention_mask=padding_mask,
        )
        out_2 = self.layernorm_2(out_1 + attention_output_2)

        proj_output = self.dense_proj(out_2)
        return self.layernorm_3(out_2 + proj_output)

    def get_causal_attention_mask(self, inputs):
        input_shape = K.shape(inputs)
        batch_size, sequence_length = input_shape[0], input_shape[1]
        i = K.arange(0, sequence_length)[:, None]
        j = K.arange(0, sequence_length)
        mask = K.cast(i >= j, dtype="int32")
        mask = K.reshape(mask, (1, input_shape[1], input_shape[1]))
        mult = K.concatenate(
            [K.expand_dims(batch_size, -1), K.constant([1, 1], dtype="int32")],
            axis=0,
        )
        return K.tile(mask, mult)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "embed_dim": self.embed_dim,
                "latent_dim": self.latent_dim,
                "num_heads": self.num_heads,
            }
        )
        return config


embed_dim = 8
latent_dim = 16
num_heads = 2

encoder_inputs = keras.Input(shape=(None,), dtype="int64", name="encoder_inputs")
x = PositionalEmbedding(sequence_length, vocab_size, embed_dim)(encoder_inputs)
encoder_outputs = TransformerEncoder(embed_dim, latent_dim, num_heads)(x)
encoder = keras.Model(encoder_inputs, encoder_outputs)

decoder_inputs = keras.Input(shape=(None,), dtype="int64", name="decoder_inputs")
encoded_seq_inputs = keras.Input(shape=(None, embed_dim), name="decoder_state_inputs")
x = PositionalEmbedding(sequence_length, vocab_size, embed_dim)(decoder_inputs)
x = TransformerDecoder(embed_dim, latent_dim, num_heads)(x, encoded_seq_inputs)
x = layers.Dropout(0.0)(x)
decoder_outputs = layers.Dense(vocab_size, activation="softmax")(x)
decoder = keras.Model([decoder_inputs, encoded_seq_inputs], decoder_outputs)

decoder_outputs = decoder([decoder_inputs, encoder_outputs])
transformer = keras.Model(
    [encoder_inputs, decoder_inputs], decoder_outputs, name="transformer"
)

epochs = 2  # This should be at least 30 for convergence

transformer.summary()
transformer.compile(
    "rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"]
)
transformer.fit(train_ds[0], train_ds[1], batch_size=batch_size, shuffle=False, epochs=epochs, validation_data=val_ds)

spa_vocab = spa_vectorization.get_vocabulary()
spa_index_lookup = dict(zip(range(len(spa_vocab)), spa_vocab))
max_decoded_sentence_length = 8


def decode_sequence(input_sentence):
    tokenized_input_sentence = eng_vectorization([input_sentence])
    decoded_sentence = "[start]"
    for i in range(max_decoded_sentence_length):
        tokenized_target_sentence = spa_vectorization([decoded_sentence])[:, :-1]
        predictions = transformer([tokenized_input_sentence, tokenized_target_sentence])

        sampled_token_index = np.argmax(keras.backend.eval(predictions[0, i, :]))
        sampled_token = spa_index_lookup[sampled_token_index]
        decoded_sentence += " " + sampled_token

        if sampled_token == "[end]":
            break
    return decoded_sentence


test_eng_texts = [pair[0] for pair in test_pairs]
for _ in range(3):
    input_sentence = random.choice(test_eng_texts)
    translated = decode_sequence(input_sentence)
    print(input_sentence, "->", translated)
