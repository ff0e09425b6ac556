# source: ageron/handson-ml3 16_nlp_with_rnns_and_attention.ipynb (A. Géron, "Hands-On Machine Learning", 3rd ed., chapter 16, first half: the Shakespeare char-RNN, its stateful version copied into a stateless one, sentiment analysis with masking; code cells in order)
# commit: e3f3f9e66d58cfa1d068a498433063a1d3fba9ef
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; TextVectorization(split="character", standardize="lower") adapt()ed on [text], called directly on [text] and indexed [0], `encoded -= 2`, vocabulary_size(), get_vocabulary() indexed by a predicted id; Sequential(Embedding, GRU(return_sequences=True), Dense(softmax)) compiled with "sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"]; fit(a tf.keras.utils.Sequence, validation_data=Sequence, callbacks=[ModelCheckpoint(dir name, monitor="val_accuracy", save_best_only=True)]); Sequential([text_vec_layer, Lambda(lambda X: X - 2), trained model]) predicting on a list of one string ([0, -1] of its output) in a generation loop (temperatures 0.01, 1, 100); Embedding(batch_input_shape=[1, None]) + GRU(stateful=True); a ResetStatesCallback calling self.model.reset_states() in on_epoch_begin; fit of the stateful model on in-order batches of one window; stateless_model.build, set_weights(model.get_weights()), wrapped with the text layer again; sentiment: TextVectorization(max_tokens) adapt()ed on texts, Sequential([text_vec_layer, Embedding, GRU, Dense(sigmoid)]) with binary_crossentropy / nadam, then with Embedding(mask_zero=True); functional Input(shape=[], dtype=tf.string) -> text_vec_layer -> mask computed from the ids -> Embedding -> GRU(...)(Z, mask=mask) -> Dense, tf.keras.Model(inputs=[inputs], outputs=[outputs]); batches of string arrays from a Sequence
# reduced: the tiny-Shakespeare download (get_file) replaced by a made-up 600-character text from a seeded word list (train/valid/test split 480/80/40 for 1,000,000/60,000/rest); TensorFlow's tf.data (statefulrnn stands in for tf.keras, not TensorFlow): to_dataset's from_tensor_slices/window(shift=1)/flat_map/batch/map written as a tf.keras.utils.Sequence giving the same (X, Y) batches from numpy windows, its tf.data shuffle(100_000, seed=42) removed (fit's own Sequence shuffling of the batch order, from Python's random, kept), to_dataset_for_stateful_rnn likewise (windows shift=length, batches of 1, in order) and fit of the stateful model given shuffle=False (a tf.data dataset is never shuffled by fit, a Sequence is); the tf.data demo cells 27, 47, 49 dropped; optimizer="nadam" -> "adam" in every compile (tf-keras 2.21's Nadam keeps its running product of momentum factors with a Python counter that its tf.cond bumps while tracing, so its steps differ from Keras 3's Nadam, which statefulrnn follows: README, "Where we differ from Keras"; a two-variable Dense model's loss after one step already differs in the 4th digit); length 100 -> 10, GRU 128 -> 16, Embedding 16 -> 8, epochs 10 -> 2; each Sequential without an input shape built by model.build([None, None]) (char models) or a call on one review (sentiment models) before compile, so that both runs start from Keras's weights (the harness meets them at the first compile); the pretrained-model download (cell 35) dropped; tf.argmax(y_proba) -> np.argmax; cell 38 (tf.math.log / tf.random.categorical demo) dropped; in next_char tf.math.log -> np.log and tf.random.categorical -> np.random.choice on the softmax of the rescaled logits; extend_text's n_chars 50 -> 8; stateless_model.build(tf.TensorShape([None, None])) -> build([None, None]); IMDB (tfds.load) replaced by 64 training, 16 validation and 16 test made-up reviews from seeded word lists, the tf.data shuffle(5000, seed=42).batch(32) pipelines by the same Sequence class of batches of 32 (numpy object arrays of strings); adapt(train_set.map(...)) -> adapt(train_texts); vocab_size 1000 -> 100, embed_size 128 -> 8, GRU 128 -> 8, epochs 2/5 -> 2; tf.math.not_equal(token_ids, 0) on a KerasTensor -> a Lambda(lambda ids: ids != 0) layer; GRU dropout=0.2 -> 0 (random masks cannot match); the ragged TextVectorization cells 77-80 (statefulrnn takes dense tensors only), TensorFlow Hub (cell 83) and everything after sentiment analysis (the NMT part is handson_ml3_ch16_nmt) left out; matplotlib/setup/GPU-check cells dropped; displayed expressions printed
import numpy as np
import tensorflow as tf

# --- made-up text (stands in for tiny Shakespeare) ---
_rng = np.random.RandomState(16)
_words = ("first citizen before we proceed any further hear me speak all "
          "resolved rather to die than famish you are the king my lord good "
          "night sweet prince to be or not that is question").split()
_lines = []
while sum(len(line) + 1 for line in _lines) < 600:
    _lines.append(" ".join(_rng.choice(_words, _rng.randint(3, 8))).capitalize() + ("." if _rng.rand() < 0.5 else ":"))
shakespeare_text = "\n".join(_lines)[:600]


class Batches(tf.keras.utils.Sequence):
    # reduced: stands in for a batched tf.data.Dataset of (inputs, targets)
    def __init__(self, X, Y, batch_size):
        super().__init__()
        self.X, self.Y, self.batch_size = X, Y, batch_size

    def __len__(self):
        return -(-len(self.X) // self.batch_size)

    def __getitem__(self, index):
        rows = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.X[rows], self.Y[rows]


# extra code – shows a short text sample
print(shakespeare_text[:80])

# extra code – shows all distinct characters (after converting to lower case)
print("".join(sorted(set(shakespeare_text.lower()))))

text_vec_layer = tf.keras.layers.TextVectorization(split="character",
                                                   standardize="lower")
text_vec_layer.adapt([shakespeare_text])
encoded = text_vec_layer([shakespeare_text])[0]

encoded -= 2  # drop tokens 0 (pad) and 1 (unknown), which we will not use
n_tokens = text_vec_layer.vocabulary_size() - 2  # number of distinct chars = 39
dataset_size = len(encoded)  # total number of chars = 1,115,394

print(n_tokens)
print(dataset_size)


def to_dataset(sequence, length, shuffle=False, seed=None, batch_size=32):
    sequence = np.asarray(sequence)
    windows = np.stack([sequence[i:i + length + 1]
                        for i in range(len(sequence) - length)])
    return Batches(windows[:, :-1], windows[:, 1:], batch_size)


length = 10
tf.random.set_seed(42)
train_set = to_dataset(encoded[:480], length=length, shuffle=True,
                       seed=42)
valid_set = to_dataset(encoded[480:560], length=length)
test_set = to_dataset(encoded[560:], length=length)

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU
model = tf.keras.Sequential([
    tf.keras.layers.Embedding(input_dim=n_tokens, output_dim=8),
    tf.keras.layers.GRU(16, return_sequences=True),
    tf.keras.layers.Dense(n_tokens, activation="softmax")
])
model.build([None, None])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam",
              metrics=["accuracy"])
model_ckpt = tf.keras.callbacks.ModelCheckpoint(
    "my_shakespeare_model", monitor="val_accuracy", save_best_only=True)
history = model.fit(train_set, validation_data=valid_set, epochs=2,
                    callbacks=[model_ckpt])

shakespeare_model = tf.keras.Sequential([
    text_vec_layer,
    tf.keras.layers.Lambda(lambda X: X - 2),  # no <PAD> or <UNK> tokens
    model
])

y_proba = shakespeare_model.predict(["To be or not to b"])[0, -1]
y_pred = np.argmax(y_proba)  # choose the most probable character ID
print(text_vec_layer.get_vocabulary()[y_pred + 2])


def next_char(text, temperature=1):
    y_proba = shakespeare_model.predict([text])[0, -1:]
    rescaled_logits = np.log(y_proba) / temperature
    p = np.exp(rescaled_logits[0] - rescaled_logits[0].max())
    char_id = np.random.choice(len(p), p=p / p.sum())
    return text_vec_layer.get_vocabulary()[char_id + 2]


def extend_text(text, n_chars=8, temperature=1):
    for _ in range(n_chars):
        text += next_char(text, temperature)
    return text


tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU

print(extend_text("To be or not to be", temperature=0.01))

print(extend_text("To be or not to be", temperature=1))

print(extend_text("To be or not to be", temperature=100))


def to_dataset_for_stateful_rnn(sequence, length):
    sequence = np.asarray(sequence)
    windows = np.stack([sequence[i:i + length + 1]
                        for i in range(0, len(sequence) - length, length)])
    return Batches(windows[:, :-1], windows[:, 1:], 1)


stateful_train_set = to_dataset_for_stateful_rnn(encoded[:480], length)
stateful_valid_set = to_dataset_for_stateful_rnn(encoded[480:560],
                                                 length)
stateful_test_set = to_dataset_for_stateful_rnn(encoded[560:], length)

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU
model = tf.keras.Sequential([
    tf.keras.layers.Embedding(input_dim=n_tokens, output_dim=8,
                              batch_input_shape=[1, None]),
    tf.keras.layers.GRU(16, return_sequences=True, stateful=True),
    tf.keras.layers.Dense(n_tokens, activation="softmax")
])


class ResetStatesCallback(tf.keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs):
        self.model.reset_states()


# extra code – use a different directory to save the checkpoints
model_ckpt = tf.keras.callbacks.ModelCheckpoint(
    "my_stateful_shakespeare_model",
    monitor="val_accuracy",
    save_best_only=True)

model.compile(loss="sparse_categorical_crossentropy", optimizer="adam",
              metrics=["accuracy"])
history = model.fit(stateful_train_set, validation_data=stateful_valid_set,
                    epochs=2, callbacks=[ResetStatesCallback(), model_ckpt],
                    shuffle=False)

stateless_model = tf.keras.Sequential([
    tf.keras.layers.Embedding(input_dim=n_tokens, output_dim=8),
    tf.keras.layers.GRU(16, return_sequences=True),
    tf.keras.layers.Dense(n_tokens, activation="softmax")
])

stateless_model.build([None, None])

stateless_model.set_weights(model.get_weights())

shakespeare_model = tf.keras.Sequential([
    text_vec_layer,
    tf.keras.layers.Lambda(lambda X: X - 2),  # no <PAD> or <UNK> tokens
    stateless_model
])

tf.random.set_seed(42)

print(extend_text("to be or not to be", temperature=0.01))


# --- Sentiment analysis: made-up reviews (stand in for IMDB) ---
def make_reviews(n, seed):
    rng = np.random.RandomState(seed)
    good = "great wonderful cool loved brilliant fun recommend superb moving beautiful".split()
    bad = "terrible boring awful hated dull waste poor worst bad slow".split()
    common = "the movie was and a of this film it acting plot i story not".split()
    texts, labels = [], []
    for _ in range(n):
        label = rng.randint(2)
        words = rng.choice(common, rng.randint(2, 9)).tolist() + rng.choice(good if label else bad, rng.randint(2, 6)).tolist()
        rng.shuffle(words)
        texts.append(" ".join(words).capitalize() + ".")
        labels.append(label)
    return np.array(texts, dtype=object), np.array(labels)


train_texts, train_labels = make_reviews(64, 1)
valid_texts, valid_labels = make_reviews(16, 2)
test_texts, test_labels = make_reviews(16, 3)
tf.random.set_seed(42)
train_set = Batches(train_texts, train_labels, 32)
valid_set = Batches(valid_texts, valid_labels, 32)
test_set = Batches(test_texts, test_labels, 32)

for review, label in zip(train_texts[:4], train_labels[:4]):
    print(review[:200], "...")
    print("Label:", label)

vocab_size = 100
text_vec_layer = tf.keras.layers.TextVectorization(max_tokens=vocab_size)
text_vec_layer.adapt(train_texts)

embed_size = 8
tf.random.set_seed(42)
model = tf.keras.Sequential([
    text_vec_layer,
    tf.keras.layers.Embedding(vocab_size, embed_size),
    tf.keras.layers.GRU(8),
    tf.keras.layers.Dense(1, activation="sigmoid")
])
model(train_texts[:1])
model.compile(loss="binary_crossentropy", optimizer="adam",
              metrics=["accuracy"])
history = model.fit(train_set, validation_data=valid_set, epochs=2)

embed_size = 8
tf.random.set_seed(42)
model = tf.keras.Sequential([
    text_vec_layer,
    tf.keras.layers.Embedding(vocab_size, embed_size, mask_zero=True),
    tf.keras.layers.GRU(8),
    tf.keras.layers.Dense(1, activation="sigmoid")
])
model(train_texts[:1])
model.compile(loss="binary_crossentropy", optimizer="adam",
              metrics=["accuracy"])
history = model.fit(train_set, validation_data=valid_set, epochs=2)

tf.random.set_seed(42)  # extra code – ensures reproducibility on the CPU
inputs = tf.keras.layers.Input(shape=[], dtype=tf.string)
token_ids = text_vec_layer(inputs)
mask = tf.keras.layers.Lambda(lambda ids: ids != 0)(token_ids)
Z = tf.keras.layers.Embedding(vocab_size, embed_size)(token_ids)
Z = tf.keras.layers.GRU(8, dropout=0.0)(Z, mask=mask)
outputs = tf.keras.layers.Dense(1, activation="sigmoid")(Z)
model = tf.keras.Model(inputs=[inputs], outputs=[outputs])

# extra code – compiles and trains the model, as usual
model.compile(loss="binary_crossentropy", optimizer="adam",
              metrics=["accuracy"])
history = model.fit(train_set, validation_data=valid_set, epochs=2)

print(text_vec_layer(["Great movie!", "This is DiCaprio's best role."]))
