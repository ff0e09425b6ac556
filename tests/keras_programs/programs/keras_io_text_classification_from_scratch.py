# source: keras-team/keras-io examples/nlp/text_classification_from_scratch.py ("Text classification from scratch", Mark Omernick, Francois Chollet; Keras 3: `import keras`, `from keras import layers`, last modified 2026/02/02)
# commit: 01ae2db402523e96f804c6fc3b0a59582e6a671e
# keras: keras
# exercises: os.environ["KERAS_BACKEND"] = "tensorflow" before `import keras`; a custom standardization function (lower, strip "<br />", strip string.punctuation escaped by re.escape in a character class) given to keras.layers.TextVectorization(standardize=, max_tokens=, output_mode="int", output_sequence_length=) and adapt()ed on the training texts; the layer called on texts expanded to shape (n, 1); keras.Input(shape=(None,), dtype="int64"), Embedding, Dropout, two Conv1D(padding="valid", activation="relu", strides=3), GlobalMaxPooling1D, Dense relu, Dropout, Dense(1, sigmoid, name="predictions"); compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"]); fit with validation data for 3 epochs; evaluate; an end-to-end model: keras.Input(shape=(1,), dtype="string") -> the adapted TextVectorization -> the trained model called as a layer, compiled and evaluated on raw strings
# reduced: the aclImdb download and keras.utils.text_dataset_from_directory (tf.data datasets) replaced by made-up reviews (numpy RandomState(0)) with capitals, punctuation and "<br />" tags: 64 training, 16 validation and 32 test texts as numpy str arrays with int32 0/1 labels; raw_train_ds.take(1) preview -> the first 5 texts and labels printed; text_ds = raw_train_ds.map(lambda x, y: x) -> the training text array; raw_*_ds.map(vectorize_text) + cache().prefetch() -> vectorize_text applied to the whole arrays (x kept with the labels); custom_standardization's tf.strings.lower / regex_replace -> _strings.lower / regex_replace, which are tf.strings on TensorFlow and numpy equivalents where `tf` is statefulrnn (statefulrnn has no tf.strings; its TextVectorization hands the function a numpy array of strings) and tf.expand_dims -> np.expand_dims; fit(train_ds, validation_data=val_ds, epochs) -> fit(x_train, y_train, batch_size=batch_size, shuffle=False, validation_data=(x_val, y_val), epochs) (a tf.data pipeline's batches are not shuffled by fit), evaluate(test_ds) -> evaluate(x_test, y_test, batch_size=batch_size), end_to_end_model.evaluate(raw_test_ds) -> evaluate(_string_tensor(np.expand_dims(test_texts, -1)), y_test, batch_size=batch_size), where _string_tensor is tf.constant on TensorFlow (Keras 3 refuses a numpy array of strings in evaluate: "Invalid dtype: object") and np.asarray where `tf` is statefulrnn; max_features 20000 -> 200, embedding_dim 128 -> 8, sequence_length 500 -> 40, Conv1D filters 128 -> 8, Dense 128 -> 8; Dropout 0.5 -> 0.0 (random masks cannot match); the first model's optimizer="adam" -> keras.optimizers.SGD(learning_rate=0.5): the reviews repeat words within a batch, and Keras 3 on TensorFlow gives Adam the Embedding's gradient as IndexedSlices and squares each occurrence's gradient before summing them, where statefulrnn (as Keras on JAX or PyTorch) squares their sum (README, "Where we differ from Keras"; with "adam" the first epoch matched and epoch 2's loss differed by 1.0e-4, epoch 3's by 1.7e-4); the end-to-end model keeps "adam" (only evaluated); the example's prose strings and shell cells left out
import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import keras
import tensorflow as tf
import numpy as np
from keras import layers

import re as _re

_rng = np.random.RandomState(0)
_good = "great wonderful brilliant superb moving beautiful loved enjoyed charming clever witty".split()
_bad = "terrible boring awful hated dull waste poor worst bad slow bland clumsy".split()
_common = ("the movie film was and a of this it acting plot I story not director cast scene "
           "ending music script camera characters actor performance dialogue time minutes "
           "really very quite too so much more some one first last with but yet also even").split()


def _review(label):
    words = list(_rng.choice(_common, _rng.randint(8, 30))) + list(
        _rng.choice(_good if label else _bad, _rng.randint(2, 6)))
    _rng.shuffle(words)
    words[0] = words[0].capitalize()
    cut = len(words) // 2
    return (" ".join(words[:cut]) + ", " + _rng.choice(["<br /><br />", "", "(really) "])
            + " ".join(words[cut:]) + _rng.choice([".", "!", "...", "?!"]))


def _texts(count):
    labels = _rng.randint(0, 2, size=count).astype("int32")
    return np.array([_review(label) for label in labels]), labels


train_texts, y_train = _texts(64)
val_texts, y_val = _texts(16)
test_texts, y_test = _texts(32)


class _NumpyStrings:
    # tf.strings' two functions the example uses, on numpy arrays of strings.
    @staticmethod
    def lower(strings):
        return np.char.lower(np.asarray(strings).astype(str))

    @staticmethod
    def regex_replace(strings, pattern, rewrite):
        return np.array([_re.sub(pattern, rewrite, s) for s in np.asarray(strings).astype(str).ravel()],
                        dtype=object).reshape(np.shape(strings))


_strings = tf.strings if tf.__name__ == "tensorflow" else _NumpyStrings
# Keras 3 takes raw strings in evaluate as a tf.Tensor (a numpy array of strings: "Invalid dtype"),
# statefulrnn as a numpy array.
_string_tensor = tf.constant if tf.__name__ == "tensorflow" else np.asarray

batch_size = 32

for i in range(5):
    print(train_texts[i])
    print(y_train[i])

import string
import re


# Having looked at our data above, we see that the raw text contains HTML break
# tags of the form '<br />'. These tags will not be removed by the default
# standardizer (which doesn't strip HTML). Because of this, we will need to
# create a custom standardization function.
def custom_standardization(input_data):
    lowercase = _strings.lower(input_data)
    stripped_html = _strings.regex_replace(lowercase, "<br />", " ")
    return _strings.regex_replace(
        stripped_html, f"[{re.escape(string.punctuation)}]", ""
    )


# Model constants.
max_features = 200
embedding_dim = 8
sequence_length = 40

# Now that we have our custom standardization, we can instantiate our text
# vectorization layer. We are using this layer to normalize, split, and map
# strings to integers, so we set our 'output_mode' to 'int'.
# Note that we're using the default split function,
# and the custom standardization defined above.
# We also set an explicit maximum sequence length, since the CNNs later in our
# model won't support ragged sequences.
vectorize_layer = keras.layers.TextVectorization(
    standardize=custom_standardization,
    max_tokens=max_features,
    output_mode="int",
    output_sequence_length=sequence_length,
)

# Now that the vectorize_layer has been created, call `adapt` on a text-only
# dataset to create the vocabulary. You don't have to batch, but for very large
# datasets this means you're not keeping spare copies of the dataset in memory.

# Let's make a text-only dataset (no labels):
text_ds = train_texts
# Let's call `adapt`:
vectorize_layer.adapt(text_ds)


def vectorize_text(text, label):
    text = np.expand_dims(text, -1)
    return vectorize_layer(text), label


# Vectorize the data.
x_train, y_train = vectorize_text(train_texts, y_train)
x_val, y_val = vectorize_text(val_texts, y_val)
x_test, y_test = vectorize_text(test_texts, y_test)

# A integer input for vocab indices.
inputs = keras.Input(shape=(None,), dtype="int64")

# Next, we add a layer to map those vocab indices into a space of dimensionality
# 'embedding_dim'.
x = layers.Embedding(max_features, embedding_dim)(inputs)
x = layers.Dropout(0.0)(x)

# Conv1D + global max pooling
x = layers.Conv1D(8, 7, padding="valid", activation="relu", strides=3)(x)
x = layers.Conv1D(8, 7, padding="valid", activation="relu", strides=3)(x)
x = layers.GlobalMaxPooling1D()(x)

# We add a vanilla hidden layer:
x = layers.Dense(8, activation="relu")(x)
x = layers.Dropout(0.0)(x)

# We project onto a single unit output layer, and squash it with a sigmoid:
predictions = layers.Dense(1, activation="sigmoid", name="predictions")(x)

model = keras.Model(inputs, predictions)

# Compile the model with binary crossentropy loss and an adam optimizer.
model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.5), metrics=["accuracy"])

epochs = 3

# Fit the model using the train and test datasets.
model.fit(x_train, y_train, batch_size=batch_size, shuffle=False, validation_data=(x_val, y_val), epochs=epochs)

model.evaluate(x_test, y_test, batch_size=batch_size)

# A string input
inputs = keras.Input(shape=(1,), dtype="string")
# Turn strings into vocab indices
indices = vectorize_layer(inputs)
# Turn vocab indices into predictions
outputs = model(indices)

# Our end to end model
end_to_end_model = keras.Model(inputs, outputs)
end_to_end_model.compile(
    loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"]
)

# Test it with `raw_test_ds`, which yields raw strings
end_to_end_model.evaluate(_string_tensor(np.expand_dims(test_texts, -1)), y_test, batch_size=batch_size)
