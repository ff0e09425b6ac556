# source: keras-team/keras-io examples/nlp/ner_transformers.py (Last modified: Jun 24, 2021: `from tensorflow import keras`, keras.layers.StringLookup)
# commit: a72c25d44070de47f97dda830d0fc7668489be92
# keras: tf_keras
# exercises: a TransformerBlock Layer (super(TransformerBlock, self).__init__(), keras.layers.MultiHeadAttention(num_heads=, key_dim=) called as self-attention, a keras.Sequential feed-forward, two LayerNormalization(epsilon=1e-6), two Dropout called with training=, residual adds); a TokenAndPositionEmbedding Layer (two Embedding, positions from the input's run-time length); a subclassed keras.Model (NERModel) holding them, Dropout and Dense layers, call(inputs, training=False); keras.layers.StringLookup(vocabulary=...) (mask token 0, OOV 1); a keras.losses.Loss subclass (CustomNonPaddingTokenLoss) calling SparseCategoricalCrossentropy(from_logits=True, reduction=keras.losses.Reduction.NONE) per token and averaging over the non-padding tokens; compile with the loss object; fit on padded batches of different lengths; predict on one sentence and on each validation batch, np.argmax per token
# reduced: HuggingFace's conll2003 (datasets.load_dataset, not installed) replaced by 40 training and 12 validation made-up sentences of 3 to 9 tokens from a 24-word list with tags 0-8 (a list of records that also answers split["tokens"], as a datasets split does), still exported by export_to_file and read back from those files; tf.data.TextLineDataset -> the files' lines, map_record_to_training_data's tf.strings.split / to_number and lowercase_and_convert_to_ids' tf.strings.lower written with Python strings (the same records, tags + 1, lowercased tokens through lookup_layer); padded_batch(batch_size) -> a keras.utils.Sequence padding each batch with 0 to its longest sentence, fit given shuffle=False (fit shuffles a Sequence's batches, never a dataset's); vocab_size 20000 -> 40, embed_dim 32 -> 8, num_heads 4 -> 2, ff_dim 64 -> 16, batch_size 32 -> 8, epochs 10 -> 3 (a small reference); the Dropout rates 0.1 -> 0.0 (TransformerBlock's default rate and NERModel's two; random masks cannot match); ner_model called once on the first batch before compile (Keras builds it inside fit), so that its weights exist when compile hands both runs Keras's starting weights; TokenAndPositionEmbedding's tf.shape / tf.range -> keras.backend.shape / keras.backend.arange and the loss's tf.cast / tf.reduce_sum -> keras.backend.cast / keras.backend.sum, sample_input's tf.reshape -> np.reshape (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` becomes `import statefulrnn as tf`); conlleval's evaluate (a downloaded script) -> the count of matching tags printed
import os
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from collections import Counter


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.0):
        super(TransformerBlock, self).__init__()
        self.att = keras.layers.MultiHeadAttention(
            num_heads=num_heads, key_dim=embed_dim
        )
        self.ffn = keras.Sequential(
            [
                keras.layers.Dense(ff_dim, activation="relu"),
                keras.layers.Dense(embed_dim),
            ]
        )
        self.layernorm1 = keras.layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = keras.layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = keras.layers.Dropout(rate)
        self.dropout2 = keras.layers.Dropout(rate)

    def call(self, inputs, training=False):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output, training=training)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output, training=training)
        return self.layernorm2(out1 + ffn_output)


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super(TokenAndPositionEmbedding, self).__init__()
        self.token_emb = keras.layers.Embedding(
            input_dim=vocab_size, output_dim=embed_dim
        )
        self.pos_emb = keras.layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, inputs):
        maxlen = keras.backend.shape(inputs)[-1]
        positions = keras.backend.arange(start=0, stop=maxlen, step=1)
        position_embeddings = self.pos_emb(positions)
        token_embeddings = self.token_emb(inputs)
        return token_embeddings + position_embeddings


class NERModel(keras.Model):
    def __init__(
        self, num_tags, vocab_size, maxlen=128, embed_dim=32, num_heads=2, ff_dim=32
    ):
        super(NERModel, self).__init__()
        self.embedding_layer = TokenAndPositionEmbedding(maxlen, vocab_size, embed_dim)
        self.transformer_block = TransformerBlock(embed_dim, num_heads, ff_dim)
        self.dropout1 = layers.Dropout(0.0)
        self.ff = layers.Dense(ff_dim, activation="relu")
        self.dropout2 = layers.Dropout(0.0)
        self.ff_final = layers.Dense(num_tags, activation="softmax")

    def call(self, inputs, training=False):
        x = self.embedding_layer(inputs)
        x = self.transformer_block(x)
        x = self.dropout1(x, training=training)
        x = self.ff(x)
        x = self.dropout2(x, training=training)
        x = self.ff_final(x)
        return x


"""
## Made-up CoNLL 2003 records
"""

words = "EU rejects German call to boycott British lamb Peter Blackburn BRUSSELS the European Commission said on Thursday it disagreed with advice consumers . ,".split()


class Split(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            return [record[key] for record in self]
        return super().__getitem__(key)


def made_up_records(count):
    records = Split()
    for _ in range(count):
        length = np.random.randint(3, 10)
        tokens = [str(w) for w in np.random.choice(words, size=length)]
        ner_tags = [int(t) for t in np.where(np.random.rand(length) < 0.5, 0, np.random.randint(1, 9, size=length))]
        records.append({"tokens": tokens, "ner_tags": ner_tags})
    return records


conll_data = {"train": made_up_records(40), "validation": made_up_records(12)}


def export_to_file(export_file_path, data):
    with open(export_file_path, "w") as f:
        for record in data:
            ner_tags = record["ner_tags"]
            tokens = record["tokens"]
            if len(tokens) > 0:
                f.write(
                    str(len(tokens))
                    + "\t"
                    + "\t".join(tokens)
                    + "\t"
                    + "\t".join(map(str, ner_tags))
                    + "\n"
                )


os.mkdir("data")
export_to_file("./data/conll_train.txt", conll_data["train"])
export_to_file("./data/conll_val.txt", conll_data["validation"])


def make_tag_lookup_table():
    iob_labels = ["B", "I"]
    ner_labels = ["PER", "ORG", "LOC", "MISC"]
    all_labels = [(label1, label2) for label2 in ner_labels for label1 in iob_labels]
    all_labels = ["-".join([a, b]) for a, b in all_labels]
    all_labels = ["[PAD]", "O"] + all_labels
    return dict(zip(range(0, len(all_labels) + 1), all_labels))


mapping = make_tag_lookup_table()
print(mapping)

all_tokens = sum(conll_data["train"]["tokens"], [])
all_tokens_array = np.array(list(map(str.lower, all_tokens)))

counter = Counter(all_tokens_array)
print(len(counter))

num_tags = len(mapping)
vocab_size = 40

# We only take (vocab_size - 2) most commons words from the training data since
# the `StringLookup` class uses 2 additional tokens - one denoting an unknown
# token and another one denoting a masking token
vocabulary = [token for token, count in counter.most_common(vocab_size - 2)]

# The StringLook class will convert tokens to token IDs
lookup_layer = keras.layers.StringLookup(vocabulary=vocabulary)

train_data = open("./data/conll_train.txt").read().splitlines()
val_data = open("./data/conll_val.txt").read().splitlines()

print(train_data[:1])


def map_record_to_training_data(record):
    record = record.split("\t")
    length = int(record[0])
    tokens = record[1 : length + 1]
    tags = record[length + 1 :]
    tags = np.array([int(t) for t in tags], dtype="int64")
    tags += 1
    return tokens, tags


def lowercase_and_convert_to_ids(tokens):
    tokens = np.array([t.lower() for t in tokens])
    return keras.backend.get_value(lookup_layer(tokens))


class PaddedBatches(keras.utils.Sequence):
    """map(...).map(...).padded_batch(batch_size): each batch padded with 0 to its longest."""

    def __init__(self, lines, batch_size):
        super().__init__()
        self.samples = []
        for line in lines:
            x, y = map_record_to_training_data(line)
            self.samples.append((lowercase_and_convert_to_ids(x), y))
        self.batch_size = batch_size

    def __len__(self):
        return -(-len(self.samples) // self.batch_size)

    def __getitem__(self, index):
        batch = self.samples[index * self.batch_size : (index + 1) * self.batch_size]
        length = max(len(x) for x, _ in batch)
        x = np.zeros((len(batch), length), "int64")
        y = np.zeros((len(batch), length), "int64")
        for row, (ids, tags) in enumerate(batch):
            x[row, : len(ids)] = ids
            y[row, : len(tags)] = tags
        return x, y


# We use `padded_batch` here because each record in the dataset has a
# different length.
batch_size = 8
train_dataset = PaddedBatches(train_data, batch_size)
val_dataset = PaddedBatches(val_data, batch_size)

ner_model = NERModel(num_tags, vocab_size, embed_dim=8, num_heads=2, ff_dim=16)
ner_model(train_dataset[0][0])


class CustomNonPaddingTokenLoss(keras.losses.Loss):
    def __init__(self, name="custom_ner_loss"):
        super().__init__(name=name)

    def call(self, y_true, y_pred):
        loss_fn = keras.losses.SparseCategoricalCrossentropy(
            from_logits=True, reduction=keras.losses.Reduction.NONE
        )
        loss = loss_fn(y_true, y_pred)
        mask = keras.backend.cast((y_true > 0), dtype="float32")
        loss = loss * mask
        return keras.backend.sum(loss) / keras.backend.sum(mask)


loss = CustomNonPaddingTokenLoss()

ner_model.compile(optimizer="adam", loss=loss)
ner_model.fit(train_dataset, epochs=3, shuffle=False)


def tokenize_and_convert_to_ids(text):
    tokens = text.split()
    return lowercase_and_convert_to_ids(tokens)


# Sample inference using the trained model
sample_input = tokenize_and_convert_to_ids(
    "eu rejects german call to boycott british lamb"
)
sample_input = np.reshape(sample_input, [1, -1])
print(sample_input)

output = ner_model.predict(sample_input)
prediction = np.argmax(output, axis=-1)[0]
prediction = [mapping[i] for i in prediction]

# eu -> B-ORG, german -> B-MISC, british -> B-MISC
print(prediction)


def calculate_metrics(dataset):
    all_true_tag_ids, all_predicted_tag_ids = [], []

    for x, y in dataset:
        output = ner_model.predict(x)
        predictions = np.argmax(output, axis=-1)
        predictions = np.reshape(predictions, [-1])

        true_tag_ids = np.reshape(y, [-1])

        mask = (true_tag_ids > 0) & (predictions > 0)
        true_tag_ids = true_tag_ids[mask]
        predicted_tag_ids = predictions[mask]

        all_true_tag_ids.append(true_tag_ids)
        all_predicted_tag_ids.append(predicted_tag_ids)

    all_true_tag_ids = np.concatenate(all_true_tag_ids)
    all_predicted_tag_ids = np.concatenate(all_predicted_tag_ids)

    predicted_tags = [mapping[tag] for tag in all_predicted_tag_ids]
    real_tags = [mapping[tag] for tag in all_true_tag_ids]

    print(sum(p == r for p, r in zip(predicted_tags, real_tags)), "of", len(real_tags), "tags match")


calculate_metrics(val_dataset)
