# source: fchollet/deep-learning-with-python-notebooks second_edition/chapter11_part03_transformer.ipynb (F. Chollet, "Deep Learning with Python", 2nd edition, chapter 11 "Deep learning for text", part 3 "The Transformer architecture": a TransformerEncoder layer on IMDB, then with a PositionalEmbedding layer; its code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: `from tensorflow import keras`, `from tensorflow.keras import layers`; layers.TextVectorization(max_tokens, output_mode="int", output_sequence_length) adapted on texts and called on arrays of strings; a custom layers.Layer TransformerEncoder (**kwargs, MultiHeadAttention(num_heads, key_dim) called with attention_mask=mask[:, None, :] from the incoming mask, a keras.Sequential of two Dense as a sublayer, two LayerNormalization, residual adds, get_config); keras.Input(shape=(None,), dtype="int64"); Embedding -> TransformerEncoder -> GlobalMaxPooling1D -> Dropout -> Dense(sigmoid); compile("rmsprop", "binary_crossentropy", ["accuracy"]); summary(); fit with validation data and ModelCheckpoint("....keras", save_best_only=True); keras.models.load_model of the .keras file with custom_objects, evaluate()[1]; a PositionalEmbedding layer (two Embedding, positions from the run-time length, compute_mask not_equal(inputs, 0)) whose mask reaches the TransformerEncoder's call(mask=) and is consumed by GlobalMaxPooling1D
# reduced: the IMDB download (!curl, !tar, !rm) replaced by made-up reviews written by the program itself under aclImdb/{train,test}/{neg,pos}/<i>_<stars>.txt (numpy RandomState(0); train 40 per class, test 16 per class; the corpus's dlwp3_ch14 helper), the notebook's own cell then moves 20% of train to aclImdb/val; keras.utils.text_dataset_from_directory (a tf.data.Dataset, which statefulrnn does not have) replaced by _text_arrays(directory), the same files read into an object array of texts and an int32 label array in a seeded order (numpy RandomState(1337) permutation); train_ds.map(lambda x, y: x) -> the text array, ds.map(lambda x, y: (text_vectorization(x), y)) -> text_vectorization(texts) with the labels kept, fit(ds, validation_data=ds) / evaluate(ds) -> fit(x, y, validation_data=(x_val, y_val), batch_size=batch_size, shuffle=False) / evaluate(x, y, batch_size=batch_size); tf.newaxis -> None, tf.shape / tf.range / tf.math.not_equal -> keras.backend shape / arange / not_equal (statefulrnn stands in for Keras, not TensorFlow); max_length / sequence_length 600 -> 20, max_tokens / vocab_size 20000 -> 150, embed_dim 256 -> 16, dense_dim 32 -> 8, epochs 20 -> 2; Dropout 0.5 -> 0.0 (random masks cannot match)
import os
import numpy as np

_rng = np.random.RandomState(0)
_good = ("great wonderful brilliant superb moving beautiful loved enjoyed charming clever "
         "delightful excellent fantastic gripping heartfelt hilarious masterful memorable "
         "powerful stunning touching witty fresh gorgeous inspired").split()
_bad = ("terrible boring awful hated dull waste poor worst bad slow bland clumsy confusing "
        "dreadful forgettable lazy lifeless mediocre messy painful pointless silly stupid "
        "tedious weak").split()
_common = ("the movie film was and a of this it acting plot i story not director cast scene "
           "scenes ending music script camera characters actor actress performance dialogue "
           "screen time minutes hour watched saw felt thought found really very quite rather "
           "too so much more less some every one two first last whole part end start middle "
           "with without but yet also even still just only never always sometimes again "
           "hollywood sequel remake trailer audience critics theater night friends family kids").split()


def _review(label):
    words = list(_rng.choice(_common, _rng.randint(10, 24))) + list(
        _rng.choice(_good if label else _bad, _rng.randint(2, 6)))
    _rng.shuffle(words)
    return " ".join(words) + _rng.choice([" .", " !", ""])


for _split, _count in (("train", 40), ("test", 16)):
    for _label, _name in ((0, "neg"), (1, "pos")):
        os.makedirs(os.path.join("aclImdb", _split, _name))
        for _i in range(_count):
            _stars = _rng.randint(7, 11) if _label else _rng.randint(1, 5)
            _fname = "%d_%d.txt" % (_i, _stars)
            with open(os.path.join("aclImdb", _split, _name, _fname), "w") as _f:
                _f.write(_review(_label))


def _text_arrays(directory):
    # Stands in for text_dataset_from_directory: the same files, labels by sorted class folder.
    texts, labels = [], []
    for label, name in enumerate(sorted(os.listdir(directory))):
        for fname in sorted(os.listdir(os.path.join(directory, name))):
            with open(os.path.join(directory, name, fname)) as f:
                texts.append(f.read())
            labels.append(label)
    order = np.random.RandomState(1337).permutation(len(texts))
    return np.array(texts, dtype=object)[order], np.array(labels, dtype="int32")[order]



import os, pathlib, shutil, random
from tensorflow import keras
batch_size = 32
base_dir = pathlib.Path("aclImdb")
val_dir = base_dir / "val"
train_dir = base_dir / "train"
for category in ("neg", "pos"):
    os.makedirs(val_dir / category)
    files = os.listdir(train_dir / category)
    random.Random(1337).shuffle(files)
    num_val_samples = int(0.2 * len(files))
    val_files = files[-num_val_samples:]
    for fname in val_files:
        shutil.move(train_dir / category / fname,
                    val_dir / category / fname)

train_texts, train_labels = _text_arrays("aclImdb/train")
val_texts, val_labels = _text_arrays("aclImdb/val")
test_texts, test_labels = _text_arrays("aclImdb/test")
text_only_train_ds = train_texts

from tensorflow.keras import layers

max_length = 20
max_tokens = 150
text_vectorization = layers.TextVectorization(
    max_tokens=max_tokens,
    output_mode="int",
    output_sequence_length=max_length,
)
text_vectorization.adapt(text_only_train_ds)

int_train_x = text_vectorization(train_texts)
int_val_x = text_vectorization(val_texts)
int_test_x = text_vectorization(test_texts)

import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras import backend as K

class TransformerEncoder(layers.Layer):
    def __init__(self, embed_dim, dense_dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.embed_dim = embed_dim
        self.dense_dim = dense_dim
        self.num_heads = num_heads
        self.attention = layers.MultiHeadAttention(
            num_heads=num_heads, key_dim=embed_dim)
        self.dense_proj = keras.Sequential(
            [layers.Dense(dense_dim, activation="relu"),
             layers.Dense(embed_dim),]
        )
        self.layernorm_1 = layers.LayerNormalization()
        self.layernorm_2 = layers.LayerNormalization()

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = mask[:, None, :]
        attention_output = self.attention(
            inputs, inputs, attention_mask=mask)
        proj_input = self.layernorm_1(inputs + attention_output)
        proj_output = self.dense_proj(proj_input)
        return self.layernorm_2(proj_input + proj_output)

    def get_config(self):
        config = super().get_config()
        config.update({
            "embed_dim": self.embed_dim,
            "num_heads": self.num_heads,
            "dense_dim": self.dense_dim,
        })
        return config

vocab_size = 150
embed_dim = 16
num_heads = 2
dense_dim = 8

inputs = keras.Input(shape=(None,), dtype="int64")
x = layers.Embedding(vocab_size, embed_dim)(inputs)
x = TransformerEncoder(embed_dim, dense_dim, num_heads)(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.summary()

callbacks = [
    keras.callbacks.ModelCheckpoint("transformer_encoder.keras",
                                    save_best_only=True)
]
model.fit(int_train_x, train_labels, validation_data=(int_val_x, val_labels), epochs=2,
          callbacks=callbacks, batch_size=batch_size, shuffle=False)
model = keras.models.load_model(
    "transformer_encoder.keras",
    custom_objects={"TransformerEncoder": TransformerEncoder})
print(f"Test acc: {model.evaluate(int_test_x, test_labels, batch_size=batch_size)[1]:.3f}")

class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, input_dim, output_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_embeddings = layers.Embedding(
            input_dim=input_dim, output_dim=output_dim)
        self.position_embeddings = layers.Embedding(
            input_dim=sequence_length, output_dim=output_dim)
        self.sequence_length = sequence_length
        self.input_dim = input_dim
        self.output_dim = output_dim

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
        config.update({
            "output_dim": self.output_dim,
            "sequence_length": self.sequence_length,
            "input_dim": self.input_dim,
        })
        return config

vocab_size = 150
sequence_length = 20
embed_dim = 16
num_heads = 2
dense_dim = 8

inputs = keras.Input(shape=(None,), dtype="int64")
x = PositionalEmbedding(sequence_length, vocab_size, embed_dim)(inputs)
x = TransformerEncoder(embed_dim, dense_dim, num_heads)(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.summary()

callbacks = [
    keras.callbacks.ModelCheckpoint("full_transformer_encoder.keras",
                                    save_best_only=True)
]
model.fit(int_train_x, train_labels, validation_data=(int_val_x, val_labels), epochs=2,
          callbacks=callbacks, batch_size=batch_size, shuffle=False)
model = keras.models.load_model(
    "full_transformer_encoder.keras",
    custom_objects={"TransformerEncoder": TransformerEncoder,
                    "PositionalEmbedding": PositionalEmbedding})
print(f"Test acc: {model.evaluate(int_test_x, test_labels, batch_size=batch_size)[1]:.3f}")
