# source: fchollet/deep-learning-with-python-notebooks chapter16_text-generation.ipynb (F. Chollet, "Deep Learning with Python", 3rd edition, chapter 16 "Text generation": a mini-GPT trained from scratch, a causal TransformerDecoder keras.Layer stack over a PositionalEmbedding whose token embedding is reused, transposed, as the output projection (the same layer called again with reverse=True), under the mixed_float16 policy with a warmup LearningRateSchedule, then greedy generation by calling the model and by predict; Keras 3, `import keras`; code cells 13-30 in order, before its KerasHub half)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: keras
# backend: torch
# exercises: `import keras`, `from keras import layers, ops`; class TransformerDecoder(keras.Layer) with MultiHeadAttention(num_heads, key_dim, dropout) called with use_causal_mask=True, LayerNormalization, Dense, Dropout and residual adds; class PositionalEmbedding(keras.Layer) whose call(inputs, reverse=False) gives ops.matmul(inputs, ops.transpose(self.token_embeddings.embeddings)) when reversed (tied input / output embedding: one layer instance called twice in the functional graph, the second time on float features with a python kwarg) and otherwise ops.cumsum(ops.ones_like(inputs), axis=-1) - 1 positions; keras.config.set_dtype_policy("mixed_float16") before building (float16 compute, float32 variables, the compile-time loss-scale optimizer); keras.Input(shape=(None,), dtype="int32", name=...); class WarmupSchedule(keras.optimizers.schedules.LearningRateSchedule) with ops.cast / ops.minimum, also called by hand and read with ops.convert_to_numpy; compile(keras.optimizers.Adam(schedule), SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"]); fit(endless batches, validation_data=<endless batches>, epochs, steps_per_epoch, validation_steps); model called on a python list through ops.convert_to_numpy; predict(np.array([tokens]), verbose=0) in a loop; ops.argmax as the sampling function
# reduced: run on Keras's torch backend (the notebook sets KERAS_BACKEND="jax"; on TensorFlow, Keras 3 gives Adam the position Embedding's gradient as IndexedSlices and squares each repeated position's slice before summing, which statefulrnn, as Keras on JAX or torch, does not: see dlwp3_ch16_mini_gpt.diagnosis.md); the mini-C4 download, the KerasHub SentencePiece tokenizer and the tf.data pipeline (TextLineDataset, interleave, rebatch, take / skip / repeat) replaced by a stand-in `tokenizer` (a word-level vocabulary of 40 made-up words plus "<|endoftext|>", with tokenize / detokenize / token_to_id / vocabulary_size and __call__) over 40 made-up documents (numpy RandomState(0)), cut into sequence_length + 1 windows and given as python generators that repeat the same batches forever (the same order as the batched dataset: no shuffling); batch_size 128 -> 4, sequence_length 256 -> 16, num_batches 29373 / 500 -> 12 / 2 (num_val_batches), hidden_dim 512 -> 16, intermediate_dim 2056 -> 24, num_heads 8 -> 2, num_layers 8 -> 2, num_epochs 8 -> 2, warmup_steps 1000 -> 4; keras.config.set_dtype_policy("mixed_float16") -> "float32" (16-bit numbers, which statefulrnn computes as Keras does since the mixed policies came, cannot be held to the corpus's 1e-5; tests/test_mixed_precision.py holds them to a 16-bit tolerance); dropout 0.1 -> 0.0 in MultiHeadAttention and Dropout (random masks cannot match); the learning-rate plot (matplotlib) dropped, its y values printed; generation max_length 64 -> 16 (sequence_length: the position embedding has that many rows); the timeit cell dropped; the random_sample and top_k cells (keras.random.categorical without a seed: random draws cannot match) dropped, greedy_search kept
import keras
import numpy as np

sequence_length = 16


class tokenizer(object):
    # stand-in for keras_hub.tokenizers.SentencePieceTokenizer: a made-up word vocabulary
    words = ["<pad>"] + ["w%d" % i for i in range(40)] + ["<|endoftext|>"]
    index = {w: i for i, w in enumerate(words)}

    @classmethod
    def tokenize(cls, text):
        return np.array([cls.index.get(w, 1) for w in text.lower().split()], dtype="int32")

    @classmethod
    def detokenize(cls, tokens):
        return " ".join(cls.words[int(t)] for t in tokens)

    @classmethod
    def token_to_id(cls, token):
        return cls.index[token]

    @classmethod
    def vocabulary_size(cls):
        return len(cls.words)

    def __new__(cls, text):
        return cls.tokenize(text)


def made_up_documents():
    rng = np.random.RandomState(0)
    docs = []
    for _ in range(40):
        start = rng.randint(1, 41)
        n = rng.randint(5, 20)
        docs.append(" ".join("w%d" % ((start + 3 * k + rng.randint(2)) % 40) for k in range(n)))
    return docs


batch_size = 4
suffix = np.array([tokenizer.token_to_id("<|endoftext|>")])

# stand-in for the tf.data pipeline: tokenized documents with the suffix, rebatched into
# sequence_length + 1 windows, split into (x[:-1], x[1:]) and batched
stream = np.concatenate([np.concatenate([tokenizer(d), suffix]) for d in made_up_documents()])
n_windows = len(stream) // (sequence_length + 1)
windows = stream[: n_windows * (sequence_length + 1)].reshape(n_windows, sequence_length + 1)
batches = [(windows[i:i + batch_size, :-1], windows[i:i + batch_size, 1:])
           for i in range(0, n_windows - batch_size + 1, batch_size)]

num_batches = 14
num_val_batches = 2
num_train_batches = num_batches - num_val_batches


def repeat(batch_list):
    while True:
        for x, y in batch_list:
            yield x, y


val_ds = repeat(batches[:num_val_batches])
train_ds = repeat(batches[num_val_batches:num_batches])

from keras import layers

class TransformerDecoder(keras.Layer):
    def __init__(self, hidden_dim, intermediate_dim, num_heads):
        super().__init__()
        key_dim = hidden_dim // num_heads
        self.self_attention = layers.MultiHeadAttention(
            num_heads, key_dim, dropout=0.0
        )
        self.self_attention_layernorm = layers.LayerNormalization()
        self.feed_forward_1 = layers.Dense(intermediate_dim, activation="relu")
        self.feed_forward_2 = layers.Dense(hidden_dim)
        self.feed_forward_layernorm = layers.LayerNormalization()
        self.dropout = layers.Dropout(0.0)

    def call(self, inputs):
        residual = x = inputs
        x = self.self_attention(query=x, key=x, value=x, use_causal_mask=True)
        x = self.dropout(x)
        x = x + residual
        x = self.self_attention_layernorm(x)
        residual = x
        x = self.feed_forward_1(x)
        x = self.feed_forward_2(x)
        x = self.dropout(x)
        x = x + residual
        x = self.feed_forward_layernorm(x)
        return x

from keras import ops

class PositionalEmbedding(keras.Layer):
    def __init__(self, sequence_length, input_dim, output_dim):
        super().__init__()
        self.token_embeddings = layers.Embedding(input_dim, output_dim)
        self.position_embeddings = layers.Embedding(sequence_length, output_dim)

    def call(self, inputs, reverse=False):
        if reverse:
            token_embeddings = self.token_embeddings.embeddings
            return ops.matmul(inputs, ops.transpose(token_embeddings))
        positions = ops.cumsum(ops.ones_like(inputs), axis=-1) - 1
        embedded_tokens = self.token_embeddings(inputs)
        embedded_positions = self.position_embeddings(positions)
        return embedded_tokens + embedded_positions

keras.config.set_dtype_policy("float32")

vocab_size = tokenizer.vocabulary_size()
hidden_dim = 16
intermediate_dim = 24
num_heads = 2
num_layers = 2

inputs = keras.Input(shape=(None,), dtype="int32", name="inputs")
embedding = PositionalEmbedding(sequence_length, vocab_size, hidden_dim)
x = embedding(inputs)
x = layers.LayerNormalization()(x)
for i in range(num_layers):
    x = TransformerDecoder(hidden_dim, intermediate_dim, num_heads)(x)
outputs = embedding(x, reverse=True)
mini_gpt = keras.Model(inputs, outputs)

class WarmupSchedule(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self):
        self.rate = 2e-4
        self.warmup_steps = 4.0

    def __call__(self, step):
        step = ops.cast(step, dtype="float32")
        scale = ops.minimum(step / self.warmup_steps, 1.0)
        return self.rate * scale

schedule = WarmupSchedule()
x = range(0, 10, 1)
y = [ops.convert_to_numpy(schedule(step)) for step in x]
print(y)

num_epochs = 2
steps_per_epoch = num_train_batches // num_epochs
validation_steps = num_val_batches

mini_gpt.compile(
    optimizer=keras.optimizers.Adam(schedule),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
mini_gpt.fit(
    train_ds,
    validation_data=val_ds,
    epochs=num_epochs,
    steps_per_epoch=steps_per_epoch,
    validation_steps=validation_steps,
)

def generate(prompt, max_length=16):
    tokens = list(ops.convert_to_numpy(tokenizer(prompt)))
    prompt_length = len(tokens)
    for _ in range(max_length - prompt_length):
        prediction = mini_gpt(ops.convert_to_numpy([tokens]))
        prediction = ops.convert_to_numpy(prediction[0, -1])
        tokens.append(np.argmax(prediction).item())
    return tokenizer.detokenize(tokens)

prompt = "w3 w6 w9"
print(generate(prompt))

def compiled_generate(prompt, max_length=16):
    tokens = list(ops.convert_to_numpy(tokenizer(prompt)))
    prompt_length = len(tokens)
    tokens = tokens + [0] * (max_length - prompt_length)
    for i in range(prompt_length, max_length):
        prediction = mini_gpt.predict(np.array([tokens]), verbose=0)
        prediction = prediction[0, i - 1]
        tokens[i] = np.argmax(prediction).item()
    return tokenizer.detokenize(tokens)

print(compiled_generate(prompt))

def compiled_generate(prompt, sample_fn, max_length=16):
    tokens = list(ops.convert_to_numpy(tokenizer(prompt)))
    prompt_length = len(tokens)
    tokens = tokens + [0] * (max_length - prompt_length)
    for i in range(prompt_length, max_length):
        prediction = mini_gpt.predict(np.array([tokens]), verbose=0)
        prediction = prediction[0, i - 1]
        next_token = ops.convert_to_numpy(sample_fn(prediction))
        tokens[i] = np.array(next_token).item()
    return tokenizer.detokenize(tokens)

def greedy_search(preds):
    return ops.argmax(preds)

print(compiled_generate(prompt, greedy_search))
