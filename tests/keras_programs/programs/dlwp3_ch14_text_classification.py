# source: fchollet/deep-learning-with-python-notebooks chapter14_text-classification.ipynb (Deep Learning with Python, 3rd edition, chapter 14 "Text classification", its IMDB half: bag-of-words and bigram classifiers, a one-hot LSTM, an Embedding LSTM with masking, a CBOW-pretrained embedding; Keras 3, `import keras`; code cells 41-88 in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: keras
# exercises: Keras 3 (`import keras`, `from keras import layers`, `from keras import ops`); the IMDB-like directory tree split into train/val by os/shutil/random.Random(1337); layers.TextVectorization(max_tokens, split="whitespace") with output_mode="multi_hot", "multi_hot" with ngrams=2, and "int" with output_sequence_length, adapt()ed on the training texts, get_vocabulary()[100:108], called on arrays of strings; a TextVectorization(vocabulary=get_vocabulary(), split="whitespace", output_mode="int") called on single texts; build_linear_classifier: keras.Input + Dense(sigmoid), keras.Model(name=...), compile("adam", "binary_crossentropy", ["accuracy"]), summary(line_length=80); EarlyStopping(monitor="val_loss", restore_best_weights=True, patience=2) shared by four fits; evaluate; a custom keras.Layer OneHotEncoding whose call uses ops.reshape/ops.cast(inputs, "int")/ops.eye/ops.take/ops.shape, called eagerly and on a symbolic keras.Input(dtype="int32"), then Bidirectional(LSTM) + Dropout + Dense(sigmoid); Embedding(mask_zero=True) + Bidirectional(LSTM); a CBOW model (Embedding + GlobalAveragePooling1D + Dense(max_tokens, sigmoid)) with sparse_categorical_crossentropy and "sparse_categorical_accuracy"; an Embedding(mask_zero=True) on a float keras.Input(shape=(max_length,)) given the CBOW embedding by lstm_embedding.embeddings.assign(cbow_embedding.embeddings) before compile and fit
# reduced: the pip, KERAS_BACKEND="jax" and IPython cell-magic cells and the first half of the chapter (cells 1-40: pure-Python tokenizers on Moby Dick, no Keras model) dropped; the IMDB download (keras.utils.get_file(..., extract=True)) replaced by 56 made-up reviews per class written by the program itself under imdb/aclImdb/{train,test}/{neg,pos}/<i>_<stars>.txt (numpy RandomState(0); train 40 per class, one of them named 4077_10.txt for cell 43, test 16 per class) and zip_path = "imdb"; keras.utils.text_dataset_from_directory (a tf.data.Dataset, which statefulrnn does not have) replaced by _text_arrays(directory), the same files read into an object array of texts and an int32 label array in a seeded order (numpy RandomState(1337) permutation); every ds.map(lambda x, y: x) / map(lambda x, y: (text_vectorization(x), y)) replaced by the text arrays / text_vectorization(texts) with the labels kept, next(ds.as_numpy_iterator()) by the first batch_size rows, and fit(ds, validation_data=ds) / evaluate(ds) by fit(x, y, validation_data=(x_val, y_val), batch_size=batch_size, shuffle=False) / evaluate(x, y, batch_size=batch_size); the CBOW dataset's tf.data pipeline (window_data with tf.maximum/tf.size/tf.range/tf.gather, interleave, split_label with tf.concat, batch(1024).cache()) replaced by the same windows built with numpy from tokenize_no_padding's output on each training text, fit(bags, labels, batch_size=1024, shuffle=False); max_tokens 20_000 / 30_000 -> 100 / 150, max_length 600 -> 20, hidden_dim 64 -> 8, epochs 10 / 4 -> 3 / 2; Dropout 0.5 -> 0.0 (random masks cannot match); optimizer="adam" -> "sgd" in the three compiles of models with a trained Embedding (Keras 3 on TensorFlow adds each repeated id's squared Embedding gradient in Adam's second moment where statefulrnn squares the row's: README, "Where we differ from Keras"); plots (matplotlib) and bare expression cells' display dropped (printed instead)
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
        os.makedirs(os.path.join("imdb", "aclImdb", _split, _name))
        for _i in range(_count):
            _stars = _rng.randint(7, 11) if _label else _rng.randint(1, 5)
            _fname = "4077_10.txt" if (_split, _name, _i) == ("train", "pos", 0) else "%d_%d.txt" % (_i, _stars)
            with open(os.path.join("imdb", "aclImdb", _split, _name, _fname), "w") as _f:
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


import keras
import os, pathlib, shutil, random

zip_path = "imdb"

imdb_extract_dir = pathlib.Path(zip_path) / "aclImdb"

for path in imdb_extract_dir.glob("*/*"):
    if path.is_dir():
        print(path)

print(open(imdb_extract_dir / "train" / "pos" / "4077_10.txt", "r").read())

train_dir = pathlib.Path("imdb_train")
test_dir = pathlib.Path("imdb_test")
val_dir = pathlib.Path("imdb_val")

shutil.copytree(imdb_extract_dir / "test", test_dir)

val_percentage = 0.2
for category in ("neg", "pos"):
    src_dir = imdb_extract_dir / "train" / category
    src_files = os.listdir(src_dir)
    random.Random(1337).shuffle(src_files)
    num_val_samples = int(len(src_files) * val_percentage)

    os.makedirs(val_dir / category)
    for file in src_files[:num_val_samples]:
        shutil.copy(src_dir / file, val_dir / category / file)
    os.makedirs(train_dir / category)
    for file in src_files[num_val_samples:]:
        shutil.copy(src_dir / file, train_dir / category / file)

batch_size = 32
train_texts, train_labels = _text_arrays(train_dir)
val_texts, val_labels = _text_arrays(val_dir)
test_texts, test_labels = _text_arrays(test_dir)

from keras import layers

max_tokens = 100
text_vectorization = layers.TextVectorization(
    max_tokens=max_tokens,
    split="whitespace",
    output_mode="multi_hot",
)
train_ds_no_labels = train_texts
text_vectorization.adapt(train_ds_no_labels)

bag_of_words_train_x = text_vectorization(train_texts)
bag_of_words_val_x = text_vectorization(val_texts)
bag_of_words_test_x = text_vectorization(test_texts)

x, y = bag_of_words_train_x[:batch_size], train_labels[:batch_size]
print(x.shape)
print(y.shape)

def build_linear_classifier(max_tokens, name):
    inputs = keras.Input(shape=(max_tokens,))
    outputs = layers.Dense(1, activation="sigmoid")(inputs)
    model = keras.Model(inputs, outputs, name=name)
    model.compile(
        optimizer="adam",
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model

model = build_linear_classifier(max_tokens, "bag_of_words_classifier")
model.summary(line_length=80)

early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss",
    restore_best_weights=True,
    patience=2,
)
history = model.fit(
    bag_of_words_train_x, train_labels,
    validation_data=(bag_of_words_val_x, val_labels),
    epochs=3,
    callbacks=[early_stopping],
    batch_size=batch_size, shuffle=False,
)

accuracy = history.history["accuracy"]
val_accuracy = history.history["val_accuracy"]
epochs = range(1, len(accuracy) + 1)

test_loss, test_acc = model.evaluate(bag_of_words_test_x, test_labels, batch_size=batch_size)
print(test_acc)

max_tokens = 150
text_vectorization = layers.TextVectorization(
    max_tokens=max_tokens,
    split="whitespace",
    output_mode="multi_hot",
    ngrams=2,
)
text_vectorization.adapt(train_ds_no_labels)

bigram_train_x = text_vectorization(train_texts)
bigram_val_x = text_vectorization(val_texts)
bigram_test_x = text_vectorization(test_texts)

x, y = bigram_train_x[:batch_size], train_labels[:batch_size]
print(x.shape)
print(text_vectorization.get_vocabulary()[100:108])

model = build_linear_classifier(max_tokens, "bigram_classifier")
model.fit(
    bigram_train_x, train_labels,
    validation_data=(bigram_val_x, val_labels),
    epochs=3,
    callbacks=[early_stopping],
    batch_size=batch_size, shuffle=False,
)
test_loss, test_acc = model.evaluate(bigram_test_x, test_labels, batch_size=batch_size)
print(test_acc)

max_length = 20
max_tokens = 150
text_vectorization = layers.TextVectorization(
    max_tokens=max_tokens,
    split="whitespace",
    output_mode="int",
    output_sequence_length=max_length,
)
text_vectorization.adapt(train_ds_no_labels)

sequence_train_x = text_vectorization(train_texts)
sequence_val_x = text_vectorization(val_texts)
sequence_test_x = text_vectorization(test_texts)

x, y = sequence_test_x[:batch_size], test_labels[:batch_size]
print(x.shape)
print(x)

from keras import ops

class OneHotEncoding(keras.Layer):
    def __init__(self, depth, **kwargs):
        super().__init__(**kwargs)
        self.depth = depth

    def call(self, inputs):
        flat_inputs = ops.reshape(ops.cast(inputs, "int"), [-1])
        one_hot_vectors = ops.eye(self.depth)
        outputs = ops.take(one_hot_vectors, flat_inputs, axis=0)
        return ops.reshape(outputs, ops.shape(inputs) + (self.depth,))

one_hot_encoding = OneHotEncoding(max_tokens)

x, y = sequence_train_x[:batch_size], train_labels[:batch_size]
print(one_hot_encoding(x).shape)

hidden_dim = 8
inputs = keras.Input(shape=(max_length,), dtype="int32")
x = one_hot_encoding(inputs)
x = layers.Bidirectional(layers.LSTM(hidden_dim))(x)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs, name="lstm_with_one_hot")
model.compile(
    optimizer="adam",
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
model.summary(line_length=80)
model.fit(
    sequence_train_x, train_labels,
    validation_data=(sequence_val_x, val_labels),
    epochs=3,
    callbacks=[early_stopping],
    batch_size=batch_size, shuffle=False,
)
test_loss, test_acc = model.evaluate(sequence_test_x, test_labels, batch_size=batch_size)
print(test_acc)

hidden_dim = 8
inputs = keras.Input(shape=(max_length,), dtype="int32")
x = keras.layers.Embedding(
    input_dim=max_tokens,
    output_dim=hidden_dim,
    mask_zero=True,
)(inputs)
x = keras.layers.Bidirectional(keras.layers.LSTM(hidden_dim))(x)
x = keras.layers.Dropout(0.0)(x)
outputs = keras.layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs, name="lstm_with_embedding")
model.compile(
    optimizer="sgd",
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
model.summary(line_length=80)
model.fit(
    sequence_train_x, train_labels,
    validation_data=(sequence_val_x, val_labels),
    epochs=3,
    callbacks=[early_stopping],
    batch_size=batch_size, shuffle=False,
)
test_loss, test_acc = model.evaluate(sequence_test_x, test_labels, batch_size=batch_size)
print(test_acc)

imdb_vocabulary = text_vectorization.get_vocabulary()
tokenize_no_padding = keras.layers.TextVectorization(
    vocabulary=imdb_vocabulary,
    split="whitespace",
    output_mode="int",
)

context_size = 4
window_size = 9

def window_data(token_ids):
    num_windows = max(len(token_ids) - context_size * 2, 0)
    windows = np.arange(window_size)[None, :]
    windows = windows + np.arange(num_windows)[:, None]
    return token_ids[windows]

def split_label(window):
    left = window[:, :context_size]
    right = window[:, context_size + 1 :]
    bag = np.concatenate((left, right), axis=1)
    label = window[:, 4]
    return bag, label

all_train_texts, _ = _text_arrays(imdb_extract_dir / "train")
windows = np.concatenate(
    [window_data(np.asarray(tokenize_no_padding(text))) for text in all_train_texts])
bags, bag_labels = split_label(windows)

hidden_dim = 8
inputs = keras.Input(shape=(2 * context_size,))
cbow_embedding = layers.Embedding(
    max_tokens,
    hidden_dim,
)
x = cbow_embedding(inputs)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(max_tokens, activation="sigmoid")(x)
cbow_model = keras.Model(inputs, outputs)
cbow_model.compile(
    optimizer="sgd",
    loss="sparse_categorical_crossentropy",
    metrics=["sparse_categorical_accuracy"],
)
cbow_model.summary(line_length=80)
cbow_model.fit(bags, bag_labels, batch_size=1024, epochs=2, shuffle=False)

inputs = keras.Input(shape=(max_length,))
lstm_embedding = layers.Embedding(
    input_dim=max_tokens,
    output_dim=hidden_dim,
    mask_zero=True,
)
x = lstm_embedding(inputs)
x = layers.Bidirectional(layers.LSTM(hidden_dim))(x)
x = layers.Dropout(0.0)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs, name="lstm_with_cbow")

lstm_embedding.embeddings.assign(cbow_embedding.embeddings)

model.compile(
    optimizer="sgd",
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
model.fit(
    sequence_train_x, train_labels,
    validation_data=(sequence_val_x, val_labels),
    epochs=3,
    callbacks=[early_stopping],
    batch_size=batch_size, shuffle=False,
)
test_loss, test_acc = model.evaluate(sequence_test_x, test_labels, batch_size=batch_size)
print(test_acc)
