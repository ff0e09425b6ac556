# source: fchollet/deep-learning-with-python-notebooks second_edition/chapter11_part01_introduction.ipynb (Deep Learning with Python, 2nd edition, chapter 11 "Deep learning for text", part 1: preparing text data, bag-of-words models; its code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: the pure-Python Vectorizer class (standardize/tokenize/make_vocabulary/encode/decode); `from tensorflow.keras.layers import TextVectorization`; TextVectorization(output_mode="int") and with a custom standardize and split function, adapt()ed on a list of 3 strings, get_vocabulary(), called on one scalar string and decoded with int(i); the IMDB-like directory tree split into train/val by os/shutil; TextVectorization(max_tokens, output_mode="multi_hot"), (ngrams=2, multi_hot), (ngrams=2, "count") and (ngrams=2, "tf_idf") adapt()ed on the training texts and called on whole arrays of strings; a functional Dense(relu) + Dropout + Dense(sigmoid) model compiled with "rmsprop" / "binary_crossentropy" / ["accuracy"], summary(), fit with validation_data and ModelCheckpoint(path.keras, save_best_only=True), keras.models.load_model and evaluate(...)[1]; the end-to-end model keras.Input(shape=(1,), dtype="string") -> the adapted tf_idf TextVectorization -> the loaded model, keras.Model(inputs, outputs), called on a (1, 1) array of one raw string and float(predictions[0] * 100)
# reduced: the IMDB download (!curl, !tar, !rm, !cat) replaced by 96 made-up reviews written by the program itself as aclImdb/{train,test}/{neg,pos}/<i>_<stars>.txt (numpy RandomState(0); train 40 per class, test 16 per class; 150 words, capitals and punctuation) so the notebook's os/shutil train/val split cell runs unchanged; keras.utils.text_dataset_from_directory (a tf.data.Dataset, which statefulrnn does not have) replaced by _text_arrays(directory), which reads the same files (class folders sorted, labels 0/1) into a numpy object array of texts and an int32 label array, put in a seeded order (numpy RandomState(1337) permutation) in place of the dataset's shuffling; `for inputs, targets in ds: ... break` -> the first batch_size rows; ds.map(lambda x, y: x) -> the text array; ds.map(lambda x, y: (text_vectorization(x), y)) -> text_vectorization(texts) kept with the labels; model.fit(train_ds.cache(), validation_data=val_ds.cache(), ...) -> model.fit(x, y, validation_data=(x_val, y_val), batch_size=batch_size, shuffle=False, ...) (tf.data batches are not shuffled by fit; numpy arrays would be); evaluate(test_ds) -> evaluate(x_test, y_test, batch_size=batch_size); custom_standardization_fn / custom_split_fn: tf.strings.lower / regex_replace / split -> _strings.lower / regex_replace / split, which are tf.strings on TensorFlow and numpy equivalents where `tf` is statefulrnn (statefulrnn has no tf.strings; its TextVectorization hands a function a numpy array of strings); tf.convert_to_tensor([[...]]) -> np.array([[...]], dtype=object), float(predictions[0] * 100) -> float(predictions[0][0] * 100) (numpy 2, under TensorFlow's float(), refuses a shape-(1,) array), and an inference_model.predict on it added (so the end-to-end model's result is recorded); max_tokens 20000 -> 100 (TextVectorization and get_model's default; the made-up texts have more than 100 unigrams); epochs 10 -> 3; Dropout 0.5 -> 0.0 (random masks cannot match); displayed expressions printed
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


class _NumpyStrings:
    # tf.strings' three functions the notebook uses, on numpy arrays of strings.
    @staticmethod
    def lower(strings):
        return np.char.lower(np.asarray(strings).astype(str))

    @staticmethod
    def regex_replace(strings, pattern, rewrite):
        return np.array([_re.sub(pattern, rewrite, s) for s in np.asarray(strings).astype(str).ravel()],
                        dtype=object).reshape(np.shape(strings))

    @staticmethod
    def split(strings):
        return [s.split() for s in np.asarray(strings).astype(str).ravel()]


import string

class Vectorizer:
    def standardize(self, text):
        text = text.lower()
        return "".join(char for char in text if char not in string.punctuation)

    def tokenize(self, text):
        text = self.standardize(text)
        return text.split()

    def make_vocabulary(self, dataset):
        self.vocabulary = {"": 0, "[UNK]": 1}
        for text in dataset:
            text = self.standardize(text)
            tokens = self.tokenize(text)
            for token in tokens:
                if token not in self.vocabulary:
                    self.vocabulary[token] = len(self.vocabulary)
        self.inverse_vocabulary = dict(
            (v, k) for k, v in self.vocabulary.items())

    def encode(self, text):
        text = self.standardize(text)
        tokens = self.tokenize(text)
        return [self.vocabulary.get(token, 1) for token in tokens]

    def decode(self, int_sequence):
        return " ".join(
            self.inverse_vocabulary.get(i, "[UNK]") for i in int_sequence)

vectorizer = Vectorizer()
dataset = [
    "I write, erase, rewrite",
    "Erase again, and then",
    "A poppy blooms.",
]
vectorizer.make_vocabulary(dataset)

test_sentence = "I write, rewrite, and still rewrite again"
encoded_sentence = vectorizer.encode(test_sentence)
print(encoded_sentence)

decoded_sentence = vectorizer.decode(encoded_sentence)
print(decoded_sentence)

from tensorflow.keras.layers import TextVectorization
text_vectorization = TextVectorization(
    output_mode="int",
)

import re
import string
import tensorflow as tf
_strings = getattr(tf, "strings", None) or _NumpyStrings()

def custom_standardization_fn(string_tensor):
    lowercase_string = _strings.lower(string_tensor)
    return _strings.regex_replace(
        lowercase_string, f"[{re.escape(string.punctuation)}]", "")

def custom_split_fn(string_tensor):
    return _strings.split(string_tensor)

text_vectorization = TextVectorization(
    output_mode="int",
    standardize=custom_standardization_fn,
    split=custom_split_fn,
)

dataset = [
    "I write, erase, rewrite",
    "Erase again, and then",
    "A poppy blooms.",
]
text_vectorization.adapt(dataset)

print(text_vectorization.get_vocabulary())

vocabulary = text_vectorization.get_vocabulary()
test_sentence = "I write, rewrite, and still rewrite again"
encoded_sentence = text_vectorization(test_sentence)
print(encoded_sentence)

inverse_vocab = dict(enumerate(vocabulary))
decoded_sentence = " ".join(inverse_vocab[int(i)] for i in encoded_sentence)
print(decoded_sentence)

import os, pathlib, shutil, random

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

from tensorflow import keras
batch_size = 32

train_texts, train_labels = _text_arrays("aclImdb/train")
val_texts, val_labels = _text_arrays("aclImdb/val")
test_texts, test_labels = _text_arrays("aclImdb/test")

inputs, targets = train_texts[:batch_size], train_labels[:batch_size]
print("inputs.shape:", inputs.shape)
print("inputs.dtype:", inputs.dtype)
print("targets.shape:", targets.shape)
print("targets.dtype:", targets.dtype)
print("inputs[0]:", inputs[0])
print("targets[0]:", targets[0])

text_vectorization = TextVectorization(
    max_tokens=100,
    output_mode="multi_hot",
)
text_only_train_ds = train_texts
text_vectorization.adapt(text_only_train_ds)

binary_1gram_train_x = text_vectorization(train_texts)
binary_1gram_val_x = text_vectorization(val_texts)
binary_1gram_test_x = text_vectorization(test_texts)

inputs, targets = binary_1gram_train_x[:batch_size], train_labels[:batch_size]
print("inputs.shape:", inputs.shape)
print("inputs.dtype:", inputs.dtype)
print("targets.shape:", targets.shape)
print("targets.dtype:", targets.dtype)
print("inputs[0]:", inputs[0])
print("targets[0]:", targets[0])

from tensorflow import keras
from tensorflow.keras import layers

def get_model(max_tokens=100, hidden_dim=16):
    inputs = keras.Input(shape=(max_tokens,))
    x = layers.Dense(hidden_dim, activation="relu")(inputs)
    x = layers.Dropout(0.0)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="rmsprop",
                  loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model

model = get_model()
model.summary()
callbacks = [
    keras.callbacks.ModelCheckpoint("binary_1gram.keras",
                                    save_best_only=True)
]
model.fit(binary_1gram_train_x, train_labels,
          validation_data=(binary_1gram_val_x, val_labels),
          batch_size=batch_size, shuffle=False,
          epochs=3,
          callbacks=callbacks)
model = keras.models.load_model("binary_1gram.keras")
print(f"Test acc: {model.evaluate(binary_1gram_test_x, test_labels, batch_size=batch_size)[1]:.3f}")

text_vectorization = TextVectorization(
    ngrams=2,
    max_tokens=100,
    output_mode="multi_hot",
)

text_vectorization.adapt(text_only_train_ds)
binary_2gram_train_x = text_vectorization(train_texts)
binary_2gram_val_x = text_vectorization(val_texts)
binary_2gram_test_x = text_vectorization(test_texts)

model = get_model()
model.summary()
callbacks = [
    keras.callbacks.ModelCheckpoint("binary_2gram.keras",
                                    save_best_only=True)
]
model.fit(binary_2gram_train_x, train_labels,
          validation_data=(binary_2gram_val_x, val_labels),
          batch_size=batch_size, shuffle=False,
          epochs=3,
          callbacks=callbacks)
model = keras.models.load_model("binary_2gram.keras")
print(f"Test acc: {model.evaluate(binary_2gram_test_x, test_labels, batch_size=batch_size)[1]:.3f}")

text_vectorization = TextVectorization(
    ngrams=2,
    max_tokens=100,
    output_mode="count"
)

text_vectorization = TextVectorization(
    ngrams=2,
    max_tokens=100,
    output_mode="tf_idf",
)

text_vectorization.adapt(text_only_train_ds)

tfidf_2gram_train_x = text_vectorization(train_texts)
tfidf_2gram_val_x = text_vectorization(val_texts)
tfidf_2gram_test_x = text_vectorization(test_texts)

model = get_model()
model.summary()
callbacks = [
    keras.callbacks.ModelCheckpoint("tfidf_2gram.keras",
                                    save_best_only=True)
]
model.fit(tfidf_2gram_train_x, train_labels,
          validation_data=(tfidf_2gram_val_x, val_labels),
          batch_size=batch_size, shuffle=False,
          epochs=3,
          callbacks=callbacks)
model = keras.models.load_model("tfidf_2gram.keras")
print(f"Test acc: {model.evaluate(tfidf_2gram_test_x, test_labels, batch_size=batch_size)[1]:.3f}")

inputs = keras.Input(shape=(1,), dtype="string")
processed_inputs = text_vectorization(inputs)
outputs = model(processed_inputs)
inference_model = keras.Model(inputs, outputs)

import tensorflow as tf
raw_text_data = np.array([
    ["That was an excellent movie, I loved it."],
], dtype=object)
predictions = inference_model(raw_text_data)
print(f"{float(predictions[0][0] * 100):.2f} percent positive")
predictions = inference_model.predict(raw_text_data)
