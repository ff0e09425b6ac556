# source: fchollet/deep-learning-with-python-notebooks second_edition/chapter11_part02_sequence-models.ipynb (Deep Learning with Python, 2nd edition, chapter 11 "Deep learning for text", part 2: processing words as a sequence; its code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: the IMDB-like directory tree split into train/val by os/shutil; layers.TextVectorization(max_tokens, output_mode="int", output_sequence_length) adapt()ed on the training texts and called on arrays of strings; a functional keras.Input(shape=(None,), dtype="int64") one-hot encoded (tf.one_hot on the symbolic input) into Bidirectional(LSTM) + Dropout + Dense(sigmoid); Embedding(input_dim, output_dim) + Bidirectional(LSTM); Embedding(mask_zero=True) + Bidirectional(LSTM); a GloVe-format text file parsed with line.split(maxsplit=1) and np.fromstring, an embedding matrix built from get_vocabulary(), Embedding(embeddings_initializer=keras.initializers.Constant(matrix), trainable=False, mask_zero=True) + Bidirectional(LSTM); each model compiled with "rmsprop" / "binary_crossentropy" / ["accuracy"], summary(), fit with validation_data and ModelCheckpoint(path.keras, save_best_only=True), keras.models.load_model and evaluate(...)[1]
# reduced: the IMDB download (!curl, !tar, !rm) replaced by 96 made-up reviews written by the program itself as aclImdb/{train,test}/{neg,pos}/<i>_<stars>.txt (numpy RandomState(0); train 40 per class, test 16 per class) so the notebook's os/shutil train/val split runs unchanged; keras.utils.text_dataset_from_directory (a tf.data.Dataset, which statefulrnn does not have) replaced by _text_arrays(directory), which reads the same files (class folders sorted, labels 0/1) into a numpy object array of texts and an int32 label array in a seeded order (numpy RandomState(1337) permutation) in place of the dataset's shuffling; ds.map(lambda x, y: x) -> the text array; ds.map(lambda x, y: (text_vectorization(x), y)) -> text_vectorization(texts) kept with the labels; model.fit(int_train_ds, validation_data=int_val_ds, ...) -> model.fit(x, y, validation_data=(x_val, y_val), batch_size=batch_size, shuffle=False, ...) (fit does not shuffle tf.data batches; numpy arrays it would); evaluate(int_test_ds) -> evaluate(x_test, y_test, batch_size=batch_size); tf.one_hot(inputs, depth=max_tokens) -> _one_hot(inputs, depth=max_tokens), tf.one_hot on TensorFlow and keras.ops.one_hot(x, depth) where `tf` is statefulrnn (which has no tf.one_hot); the GloVe download (!wget, !unzip) replaced by a made-up glove.6B.100d.txt written by the program (numpy RandomState(1): 8-dimensional vectors for 120 of the reviews' words and 30 other words, so embedding_dim 100 -> 8); max_length 600 -> 20, max_tokens 20000 -> 100, Embedding output_dim 256 -> 16, LSTM 32 -> 8, epochs 10 -> 3 (small references, each program side well under 20 s); Dropout 0.5 -> 0.0 (random masks cannot match)
import os
import re as _re
import string as _string

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
           "Hollywood sequel remake trailer audience critics theater night friends family kids "
           "book novel version original effects costumes sets score song soundtrack pacing "
           "tone humor drama action romance horror comedy thriller mystery western").split()


def _review(label):
    words = list(_rng.choice(_common, _rng.randint(6, 16))) + list(
        _rng.choice(_good if label else _bad, _rng.randint(2, 6)))
    _rng.shuffle(words)
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    cut = len(words) // 2
    parts = text.split(" ")
    return " ".join(parts[:cut]) + ", " + " ".join(parts[cut:]) + _rng.choice([".", "!", "..."])


for _split, _count in (("train", 40), ("test", 16)):
    for _label, _name in ((0, "neg"), (1, "pos")):
        os.makedirs(os.path.join("aclImdb", _split, _name))
        for _i in range(_count):
            _stars = _rng.randint(7, 11) if _label else _rng.randint(1, 5)
            with open(os.path.join("aclImdb", _split, _name, "%d_%d.txt" % (_i, _stars)), "w") as _f:
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



_words = sorted(set(_good + _bad + _common))
_glove_rng = np.random.RandomState(1)
with open("glove.6B.100d.txt", "w") as _f:
    for _w in [w.lower() for w in _words[:120]] + ["zebra%d" % k for k in range(30)]:
        _f.write(_w + " " + " ".join("%.5f" % v for v in _glove_rng.normal(scale=0.5, size=8)) + "\n")


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
max_tokens = 100
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
_one_hot = getattr(tf, "one_hot", None) or (lambda x, depth: keras.ops.one_hot(x, depth))
inputs = keras.Input(shape=(None,), dtype="int64")
embedded = _one_hot(inputs, depth=max_tokens)
x = layers.Bidirectional(layers.LSTM(8))(embedded)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.summary()

callbacks = [
    keras.callbacks.ModelCheckpoint("one_hot_bidir_lstm.keras",
                                    save_best_only=True)
]
model.fit(int_train_x, train_labels, validation_data=(int_val_x, val_labels), batch_size=batch_size, shuffle=False, epochs=3, callbacks=callbacks)
model = keras.models.load_model("one_hot_bidir_lstm.keras")
print(f"Test acc: {model.evaluate(int_test_x, test_labels, batch_size=batch_size)[1]:.3f}")

embedding_layer = layers.Embedding(input_dim=max_tokens, output_dim=16)

inputs = keras.Input(shape=(None,), dtype="int64")
embedded = layers.Embedding(input_dim=max_tokens, output_dim=16)(inputs)
x = layers.Bidirectional(layers.LSTM(8))(embedded)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.summary()

callbacks = [
    keras.callbacks.ModelCheckpoint("embeddings_bidir_gru.keras",
                                    save_best_only=True)
]
model.fit(int_train_x, train_labels, validation_data=(int_val_x, val_labels), batch_size=batch_size, shuffle=False, epochs=3, callbacks=callbacks)
model = keras.models.load_model("embeddings_bidir_gru.keras")
print(f"Test acc: {model.evaluate(int_test_x, test_labels, batch_size=batch_size)[1]:.3f}")

inputs = keras.Input(shape=(None,), dtype="int64")
embedded = layers.Embedding(
    input_dim=max_tokens, output_dim=16, mask_zero=True)(inputs)
x = layers.Bidirectional(layers.LSTM(8))(embedded)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.summary()

callbacks = [
    keras.callbacks.ModelCheckpoint("embeddings_bidir_gru_with_masking.keras",
                                    save_best_only=True)
]
model.fit(int_train_x, train_labels, validation_data=(int_val_x, val_labels), batch_size=batch_size, shuffle=False, epochs=3, callbacks=callbacks)
model = keras.models.load_model("embeddings_bidir_gru_with_masking.keras")
print(f"Test acc: {model.evaluate(int_test_x, test_labels, batch_size=batch_size)[1]:.3f}")

import numpy as np
path_to_glove_file = "glove.6B.100d.txt"

embeddings_index = {}
with open(path_to_glove_file) as f:
    for line in f:
        word, coefs = line.split(maxsplit=1)
        coefs = np.fromstring(coefs, "f", sep=" ")
        embeddings_index[word] = coefs

print(f"Found {len(embeddings_index)} word vectors.")

embedding_dim = 8

vocabulary = text_vectorization.get_vocabulary()
word_index = dict(zip(vocabulary, range(len(vocabulary))))

embedding_matrix = np.zeros((max_tokens, embedding_dim))
for word, i in word_index.items():
    if i < max_tokens:
        embedding_vector = embeddings_index.get(word)
    if embedding_vector is not None:
        embedding_matrix[i] = embedding_vector

embedding_layer = layers.Embedding(
    max_tokens,
    embedding_dim,
    embeddings_initializer=keras.initializers.Constant(embedding_matrix),
    trainable=False,
    mask_zero=True,
)

inputs = keras.Input(shape=(None,), dtype="int64")
embedded = embedding_layer(inputs)
x = layers.Bidirectional(layers.LSTM(8))(embedded)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.summary()

callbacks = [
    keras.callbacks.ModelCheckpoint("glove_embeddings_sequence_model.keras",
                                    save_best_only=True)
]
model.fit(int_train_x, train_labels, validation_data=(int_val_x, val_labels), batch_size=batch_size, shuffle=False, epochs=3, callbacks=callbacks)
model = keras.models.load_model("glove_embeddings_sequence_model.keras")
print(f"Test acc: {model.evaluate(int_test_x, test_labels, batch_size=batch_size)[1]:.3f}")
