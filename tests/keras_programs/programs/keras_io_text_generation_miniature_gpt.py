# source: keras-team/keras-io examples/generative/text_generation_with_miniature_gpt.py ("Text generation with a miniature GPT", Apoorv Nandan; the Keras 3 version: `import keras`, `from keras import ops`, keras.layers.TextVectorization, ops.tile causal mask; the text as in the fork Xcoke919/keras-io, whose stored copy is the one at hand)
# commit: 67e2c7062095bcae4746153831a1ac547abb9b42
# keras: keras
# exercises: os.environ["KERAS_BACKEND"] = "tensorflow" before `import keras`; causal_attention_mask built with ops.arange, broadcast comparison i >= j - n_src + n_dest, ops.cast(m, "bool"), ops.reshape, ops.concatenate of ops.expand_dims(batch_size, -1) with ops.convert_to_tensor([1, 1]) and ops.tile by that run-time multiple; a TransformerBlock Layer with layers.MultiHeadAttention(num_heads, embed_dim) (positional args) called with attention_mask=, a keras.Sequential feed-forward, two LayerNormalization(epsilon=1e-6), two Dropout, residual adds; TokenAndPositionEmbedding (ops.shape(x)[-1], ops.arange(0, maxlen, 1)); layers.Input(shape=(maxlen,), dtype="int32"); a two-output keras.Model(outputs=[logits, x]) compiled with loss=[SparseCategoricalCrossentropy(from_logits=True), None] (no loss on the second output); TextVectorization with a custom standardization (lower, strip "<br />", a space before each punctuation mark by a backreference), max_tokens=vocab_size - 1, output_sequence_length=maxlen + 1, adapt, get_vocabulary; x/y as the tokenized sentences shifted by one; a TextGenerator Callback that, at each epoch's end, calls self.model.predict on the padded prompt token by token, unpacks the two outputs, ops.top_k(logits, k=10, sorted=True), keras.activations.softmax(ops.expand_dims(logits, 0))[0] and np.random.choice(indices, p=preds), and prints the detokenized text; fit(verbose=2, epochs, callbacks=[text_gen_callback])
# reduced: the aclImdb download and its files (tf_data.TextLineDataset over the shuffled file names, shuffle(buffer_size=256), batch) replaced by 48 made-up review lines (numpy RandomState(0); 30 English words and 90 made-up ones, so the adapted vocabulary fills max_tokens and the generator's sampled ids stay inside it) with capitals, punctuation and "<br />" tags in a numpy str array; `import tensorflow`, `import tensorflow.data as tf_data` and `import tensorflow.strings as tf_strings` -> `import tensorflow as tf` (statefulrnn on its side) with custom_standardization's tf_strings.lower / regex_replace -> _strings.lower / regex_replace, which are tf.strings on TensorFlow and numpy / re equivalents where `tf` is statefulrnn (its TextVectorization hands the function a numpy array of strings); vectorize_layer.adapt(text_ds) -> adapt of the text array; text_ds.map(prepare_lm_inputs_labels) -> prepare_lm_inputs_labels of the whole array (tensorflow.expand_dims -> np.expand_dims); model.fit(text_ds, ...) -> model.fit(x, y, batch_size=batch_size, shuffle=False, ...) (a tf.data pipeline's batches are not shuffled by fit); vocab_size 20000 -> 100, maxlen 80 -> 10, embed_dim 256 -> 8, feed_forward_dim 256 -> 8, batch_size 128 -> 16, num_tokens_generated 40 -> 5, epochs 25 -> 2; TransformerBlock's Dropout rate 0.1 -> 0.0 (random masks cannot match); compile's "adam" -> keras.optimizers.SGD(learning_rate=0.5): the token ids repeat within a batch, and Keras 3 on TensorFlow gives Adam the Embedding's gradient as IndexedSlices, squaring each occurrence's gradient before summing them, where statefulrnn (as Keras on JAX or PyTorch) squares their sum (README, "Where we differ from Keras"); `ops.tile(mask, mult)` -> `ops.tile(mask, [mult[0], mult[1], mult[2]])`: Keras 3.15 on TensorFlow fails on the example as written when the model is built symbolically ("Iterating over a symbolic `tf.Tensor` is not allowed" inside ops.tile; keras-team/keras-io PR #2374 is about the same failure in the machine-translation example); the example's prose strings and shell cell left out
import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import keras
from keras import layers
from keras import ops
from keras.layers import TextVectorization
import numpy as np
import os
import string
import random
import tensorflow as tf
import re as _re

_rng = np.random.RandomState(0)
_words = ("the movie film was and a of this it acting plot I story not director cast scene "
          "ending music script great boring awful wonderful characters actor is good bad").split() + [
    a + b for a in ("ka", "lo", "mi", "su", "te", "ra", "no", "pe", "vi", "zu") for b in ("ng", "rt", "sh", "mo", "la", "di", "be", "xo", "qu")]


def _line():
    words = list(_rng.choice(_words, _rng.randint(5, 14)))
    words[0] = words[0].capitalize()
    cut = len(words) // 2
    return (" ".join(words[:cut]) + _rng.choice([", ", " <br /><br />", " - ", " "])
            + " ".join(words[cut:]) + _rng.choice([".", "!", "...", "?"]))


class _NumpyStrings:
    # tf.strings' two functions the example uses, on numpy arrays of strings.
    @staticmethod
    def lower(strings):
        return np.char.lower(np.asarray(strings).astype(str))

    @staticmethod
    def regex_replace(strings, pattern, rewrite):
        return np.array([_re.sub(pattern, rewrite, s) for s in np.asarray(strings).astype(str).ravel()],
                        dtype=object).reshape(np.shape(strings))


tf_strings = tf.strings if tf.__name__ == "tensorflow" else _NumpyStrings


def causal_attention_mask(batch_size, n_dest, n_src, dtype):
    """
    Mask the upper half of the dot product matrix in self attention.
    This prevents flow of information from future tokens to current token.
    1's in the lower triangle, counting from the lower right corner.
    """
    i = ops.arange(n_dest)[:, None]
    j = ops.arange(n_src)
    m = i >= j - n_src + n_dest
    mask = ops.cast(m, dtype)
    mask = ops.reshape(mask, [1, n_dest, n_src])
    mult = ops.concatenate(
        [ops.expand_dims(batch_size, -1), ops.convert_to_tensor([1, 1])], 0
    )
    return ops.tile(mask, [mult[0], mult[1], mult[2]])


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.0):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads, embed_dim)
        self.ffn = keras.Sequential(
            [
                layers.Dense(ff_dim, activation="relu"),
                layers.Dense(embed_dim),
            ]
        )
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs):
        input_shape = ops.shape(inputs)
        batch_size = input_shape[0]
        seq_len = input_shape[1]
        causal_mask = causal_attention_mask(batch_size, seq_len, seq_len, "bool")
        attention_output = self.att(inputs, inputs, attention_mask=causal_mask)
        attention_output = self.dropout1(attention_output)
        out1 = self.layernorm1(inputs + attention_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output)
        return self.layernorm2(out1 + ffn_output)


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(0, maxlen, 1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


vocab_size = 100  # Only consider the top 20k words
maxlen = 10  # Max sequence size
embed_dim = 8  # Embedding size for each token
num_heads = 2  # Number of attention heads
feed_forward_dim = 8  # Hidden layer size in feed forward network inside transformer


def create_model():
    inputs = layers.Input(shape=(maxlen,), dtype="int32")
    embedding_layer = TokenAndPositionEmbedding(maxlen, vocab_size, embed_dim)
    x = embedding_layer(inputs)
    transformer_block = TransformerBlock(embed_dim, num_heads, feed_forward_dim)
    x = transformer_block(x)
    outputs = layers.Dense(vocab_size)(x)
    model = keras.Model(inputs=inputs, outputs=[outputs, x])
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(
        keras.optimizers.SGD(learning_rate=0.5),
        loss=[loss_fn, None],
    )  # No loss and optimization based on word embeddings from transformer block
    return model


batch_size = 16

texts = np.array([_line() for _ in range(48)])  # made-up lines
print(f"{len(texts)} lines")


def custom_standardization(input_string):
    """Remove html line-break tags and handle punctuation"""
    lowercased = tf_strings.lower(input_string)
    stripped_html = tf_strings.regex_replace(lowercased, "<br />", " ")
    return tf_strings.regex_replace(stripped_html, f"([{string.punctuation}])", r" \1")


# Create a vectorization layer and adapt it to the text
vectorize_layer = TextVectorization(
    standardize=custom_standardization,
    max_tokens=vocab_size - 1,
    output_mode="int",
    output_sequence_length=maxlen + 1,
)
vectorize_layer.adapt(texts)
vocab = vectorize_layer.get_vocabulary()  # To get words back from token indices


def prepare_lm_inputs_labels(text):
    """
    Shift word sequences by 1 position so that the target for position (i) is
    word at position (i+1). The model will use all words up till position (i)
    to predict the next word.
    """
    text = np.expand_dims(text, -1)
    tokenized_sentences = vectorize_layer(text)
    x = tokenized_sentences[:, :-1]
    y = tokenized_sentences[:, 1:]
    return x, y


x, y = prepare_lm_inputs_labels(texts)


class TextGenerator(keras.callbacks.Callback):
    """A callback to generate text from a trained model.
    1. Feed some starting prompt to the model
    2. Predict probabilities for the next token
    3. Sample the next token and add it to the next input

    Arguments:
        max_tokens: Integer, the number of tokens to be generated after prompt.
        start_tokens: List of integers, the token indices for the starting prompt.
        index_to_word: List of strings, obtained from the TextVectorization layer.
        top_k: Integer, sample from the `top_k` token predictions.
        print_every: Integer, print after this many epochs.
    """

    def __init__(
        self, max_tokens, start_tokens, index_to_word, top_k=10, print_every=1
    ):
        self.max_tokens = max_tokens
        self.start_tokens = start_tokens
        self.index_to_word = index_to_word
        self.print_every = print_every
        self.k = top_k

    def sample_from(self, logits):
        logits, indices = ops.top_k(logits, k=self.k, sorted=True)
        indices = np.asarray(indices).astype("int32")
        preds = keras.activations.softmax(ops.expand_dims(logits, 0))[0]
        preds = np.asarray(preds).astype("float32")
        return np.random.choice(indices, p=preds)

    def detokenize(self, number):
        return self.index_to_word[number]

    def on_epoch_end(self, epoch, logs=None):
        start_tokens = [_ for _ in self.start_tokens]
        if (epoch + 1) % self.print_every != 0:
            return
        num_tokens_generated = 0
        tokens_generated = []
        while num_tokens_generated <= self.max_tokens:
            pad_len = maxlen - len(start_tokens)
            sample_index = len(start_tokens) - 1
            if pad_len < 0:
                x = start_tokens[:maxlen]
                sample_index = maxlen - 1
            elif pad_len > 0:
                x = start_tokens + [0] * pad_len
            else:
                x = start_tokens
            x = np.array([x])
            y, _ = self.model.predict(x, verbose=0)
            sample_token = self.sample_from(y[0][sample_index])
            tokens_generated.append(sample_token)
            start_tokens.append(sample_token)
            num_tokens_generated = len(tokens_generated)
        txt = " ".join(
            [self.detokenize(_) for _ in self.start_tokens + tokens_generated]
        )
        print(f"generated text:\n{txt}\n")


# Tokenize starting prompt
word_to_index = {}
for index, word in enumerate(vocab):
    word_to_index[word] = index

start_prompt = "this movie is"
start_tokens = [word_to_index.get(_, 1) for _ in start_prompt.split()]
num_tokens_generated = 5
text_gen_callback = TextGenerator(num_tokens_generated, start_tokens, vocab)


model = create_model()

model.fit(x, y, batch_size=batch_size, shuffle=False, verbose=2, epochs=2, callbacks=[text_gen_callback])
