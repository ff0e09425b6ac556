# source: keras-team/keras-io examples/vision/handwriting_recognition.py (Last modified: 2023/12/08: `import keras` with KERAS_BACKEND set, keras.backend.ctc_batch_cost and ctc_decode, which only Keras 2 has)
# commit: 0d9534660d24d75d9144308b06872c2caf764db6
# keras: tf_keras
# exercises: words.txt parsed line by line (comments and "err" entries skipped), np.random.shuffle and a 90:5:5 split, image paths checked with os.path.getsize (an empty file skipped); layers.StringLookup(vocabulary=..., mask_token=None) and its invert=True twin; labels padded with padding_token=99 to max_len; a CTCLayer endpoint Layer adding keras.backend.ctc_batch_cost of the full padded width (TensorFlow ends each row at its first label of the blank's index or more, so the 99s are not labels), len(vocabulary) + 2 output classes; keras.Input(name="image") and a label Input of shape (None,), Conv2D(kernel_initializer="he_normal", padding="same") / MaxPooling2D blocks, Reshape, Dense, Dropout, two Bidirectional(LSTM(return_sequences=True)), Dense softmax; compile(optimizer=Adam()) without a loss; build_model() called twice (the first model only summarised); a prediction model keras.models.Model(model.get_layer(name="image").input, model.get_layer(name="dense2").output) used by an EditDistanceCallback's on_epoch_end (predict per validation batch, greedy keras.backend.ctc_decode cut to max_len); fit on batches of dicts (no targets) with validation_data; predict on a test batch and decoding
# reduced: the IAM words download replaced by files the program writes first: data/words.txt with 48 made-up entries (two comment lines, two "err" entries; words of 1 to 4 letters from "abcdeo") and one image per entry under data/words/<part1>/<part1>-<part2>/<name>.png holding a made-up grayscale array (np.save; height 8 and width 16 to 32 pixels, each letter lighting its own rows; one file left empty, so os.path.getsize skips it), read back with np.load in place of tf.io.read_file / tf.image.decode_png; distortion_free_resize with numpy: tf.image.resize(preserve_aspect_ratio=True) is the identity on these images (their height is image_height and their width at most image_width) and is left out, tf.pad / tf.transpose / tf.image.flip_left_right -> np.pad / np.transpose / np.flip(axis=1), tf.shape / tf.cast -> .shape / astype; vectorize_label's tf.strings.unicode_split and tf.pad -> list and np.pad(constant_values=padding_token); the tf.data pipelines (from_tensor_slices, map, batch(batch_size), cache, prefetch) replaced by a keras.utils.Sequence of the same dict batches (fit given shuffle=False: fit shuffles a Sequence's batches, never a dataset's), test_ds.take(1) -> [test_ds[0]]; image_width 128 -> 48 and image_height 32 -> 8 (12 time steps), batch_size 64 -> 16, Dense(64) "dense1" -> Dense(16), LSTM(128) and LSTM(64) -> LSTM(16) and LSTM(8) (a small reference), epochs 10 -> 2; Dropout(0.2) and the LSTMs' dropout=0.25 -> 0.0 (random masks cannot match); in CTCLayer.call, tf.cast / tf.shape -> keras.backend.cast / keras.backend.shape and tf.ones(shape=(batch_len, 1), dtype="int64") -> keras.backend.ones_like(y_true[:, :1], dtype="int64") (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` becomes `import statefulrnn as tf`; keras.backend.ones cannot take the graph's batch size); calculate_edit_distance's tf.sparse.from_dense and tf.edit_distance(normalize=False) -> sparse_values (a row's nonzero entries, as from_dense keeps) and a numpy Levenshtein distance; decode_batch_predictions' tf.gather / tf.where / tf.strings.reduce_join -> numpy; matplotlib plots dropped (the texts are printed)
import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import keras
from keras import layers

import tensorflow as tf
import numpy as np

np.random.seed(42)
keras.utils.set_random_seed(42)

"""
## Made-up IAM words: data/words.txt and the images it names
"""

image_width = 48
image_height = 8
os.makedirs("data/words", exist_ok=True)
entries = ["#--- words.txt ---", "# format: a01-000u-00-00 ok 154 1 408 768 27 51 AT A"]
for i in range(48):
    word = "".join(np.random.choice(list("abcdeo"), size=np.random.randint(1, 5)))
    name = f"a{i % 3:02d}-{i:03d}u-00-00"
    status = "err" if i in (5, 17) else "ok"
    entries.append(f"{name} {status} 154 1 408 768 27 51 AT {word}")
    folder = os.path.join("data/words", name.split("-")[0], "-".join(name.split("-")[:2]))
    os.makedirs(folder, exist_ok=True)
    pixels = np.random.rand(image_height, 16 + 4 * len(word), 1).astype("float32") * 60
    for position, char in enumerate(word):
        pixels["abcdeo".index(char), 4 + 4 * position : 7 + 4 * position] = 255
    with open(os.path.join(folder, name + ".png"), "wb") as file:
        if i != 9:  # an empty file: skipped by os.path.getsize
            np.save(file, pixels.astype("uint8"))
with open("data/words.txt", "w") as file:
    file.write("\n".join(entries) + "\n")

"""
## Dataset splitting
"""

base_path = "data"
words_list = []

words = open(f"{base_path}/words.txt", "r").readlines()
for line in words:
    if line[0] == "#":
        continue
    if line.split(" ")[1] != "err":  # We don't need to deal with errored entries.
        words_list.append(line)

len(words_list)

np.random.shuffle(words_list)

"""
We will split the dataset into three subsets with a 90:5:5 ratio (train:validation:test).
"""

split_idx = int(0.9 * len(words_list))
train_samples = words_list[:split_idx]
test_samples = words_list[split_idx:]

val_split_idx = int(0.5 * len(test_samples))
validation_samples = test_samples[:val_split_idx]
test_samples = test_samples[val_split_idx:]

assert len(words_list) == len(train_samples) + len(validation_samples) + len(
    test_samples
)

print(f"Total training samples: {len(train_samples)}")
print(f"Total validation samples: {len(validation_samples)}")
print(f"Total test samples: {len(test_samples)}")

"""
## Data input pipeline

We start building our data input pipeline by first preparing the image paths.
"""

base_image_path = os.path.join(base_path, "words")


def get_image_paths_and_labels(samples):
    paths = []
    corrected_samples = []
    for i, file_line in enumerate(samples):
        line_split = file_line.strip()
        line_split = line_split.split(" ")

        # Each line split will have this format for the corresponding image:
        # part1/part1-part2/part1-part2-part3.png
        image_name = line_split[0]
        partI = image_name.split("-")[0]
        partII = image_name.split("-")[1]
        img_path = os.path.join(
            base_image_path, partI, partI + "-" + partII, image_name + ".png"
        )
        if os.path.getsize(img_path):
            paths.append(img_path)
            corrected_samples.append(file_line.split("\n")[0])

    return paths, corrected_samples


train_img_paths, train_labels = get_image_paths_and_labels(train_samples)
validation_img_paths, validation_labels = get_image_paths_and_labels(validation_samples)
test_img_paths, test_labels = get_image_paths_and_labels(test_samples)

"""
Then we prepare the ground-truth labels.
"""

# Find maximum length and the size of the vocabulary in the training data.
train_labels_cleaned = []
characters = set()
max_len = 0

for label in train_labels:
    label = label.split(" ")[-1].strip()
    for char in label:
        characters.add(char)

    max_len = max(max_len, len(label))
    train_labels_cleaned.append(label)

characters = sorted(list(characters))

print("Maximum length: ", max_len)
print("Vocab size: ", len(characters))

# Check some label samples.
train_labels_cleaned[:10]

"""
Now we clean the validation and the test labels as well.
"""


def clean_labels(labels):
    cleaned_labels = []
    for label in labels:
        label = label.split(" ")[-1].strip()
        cleaned_labels.append(label)
    return cleaned_labels


validation_labels_cleaned = clean_labels(validation_labels)
test_labels_cleaned = clean_labels(test_labels)

"""
### Building the character vocabulary
"""

# Mapping characters to integers.
char_to_num = layers.StringLookup(vocabulary=list(characters), mask_token=None)

# Mapping integers back to original characters.
num_to_char = layers.StringLookup(
    vocabulary=char_to_num.get_vocabulary(), mask_token=None, invert=True
)

"""
### Resizing images without distortion
"""


def distortion_free_resize(image, img_size):
    w, h = img_size

    # Check tha amount of padding needed to be done.
    pad_height = h - image.shape[0]
    pad_width = w - image.shape[1]

    # Only necessary if you want to do same amount of padding on both sides.
    if pad_height % 2 != 0:
        height = pad_height // 2
        pad_height_top = height + 1
        pad_height_bottom = height
    else:
        pad_height_top = pad_height_bottom = pad_height // 2

    if pad_width % 2 != 0:
        width = pad_width // 2
        pad_width_left = width + 1
        pad_width_right = width
    else:
        pad_width_left = pad_width_right = pad_width // 2

    image = np.pad(
        image,
        pad_width=[
            [pad_height_top, pad_height_bottom],
            [pad_width_left, pad_width_right],
            [0, 0],
        ],
    )

    image = np.transpose(image, axes=[1, 0, 2])
    image = np.flip(image, axis=1)
    return image


"""
### Putting the utilities together
"""

batch_size = 16
padding_token = 99


def preprocess_image(image_path, img_size=(image_width, image_height)):
    image = np.load(image_path)
    image = distortion_free_resize(image, img_size)
    image = image.astype("float32") / 255.0
    return image


def vectorize_label(label):
    label = keras.backend.get_value(char_to_num(np.array(list(label))))
    length = label.shape[0]
    pad_amount = max_len - length
    label = np.pad(label, pad_width=[[0, pad_amount]], constant_values=padding_token)
    return label


def process_images_labels(image_path, label):
    image = preprocess_image(image_path)
    label = vectorize_label(label)
    return {"image": image, "label": label}


class Batches(keras.utils.Sequence):
    """Dataset.from_tensor_slices(...).map(process_images_labels).batch(batch_size)."""

    def __init__(self, image_paths, labels):
        super().__init__()
        self.samples = [process_images_labels(p, l) for p, l in zip(image_paths, labels)]

    def __len__(self):
        return -(-len(self.samples) // batch_size)

    def __getitem__(self, index):
        batch = self.samples[index * batch_size : (index + 1) * batch_size]
        return {key: np.stack([sample[key] for sample in batch]) for key in batch[0]}


def prepare_dataset(image_paths, labels):
    return Batches(image_paths, labels)


"""
## Prepare `tf.data.Dataset` objects
"""

train_ds = prepare_dataset(train_img_paths, train_labels_cleaned)
validation_ds = prepare_dataset(validation_img_paths, validation_labels_cleaned)
test_ds = prepare_dataset(test_img_paths, test_labels_cleaned)

"""
## Model
"""


class CTCLayer(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.backend.ctc_batch_cost

    def call(self, y_true, y_pred):
        batch_len = keras.backend.cast(keras.backend.shape(y_true)[0], dtype="int64")
        input_length = keras.backend.cast(keras.backend.shape(y_pred)[1], dtype="int64")
        label_length = keras.backend.cast(keras.backend.shape(y_true)[1], dtype="int64")

        input_length = input_length * keras.backend.ones_like(y_true[:, :1], dtype="int64")
        label_length = label_length * keras.backend.ones_like(y_true[:, :1], dtype="int64")
        loss = self.loss_fn(y_true, y_pred, input_length, label_length)
        self.add_loss(loss)

        # At test time, just return the computed predictions.
        return y_pred


def build_model():
    # Inputs to the model
    input_img = keras.Input(shape=(image_width, image_height, 1), name="image")
    labels = keras.layers.Input(name="label", shape=(None,))

    # First conv block.
    x = keras.layers.Conv2D(
        32,
        (3, 3),
        activation="relu",
        kernel_initializer="he_normal",
        padding="same",
        name="Conv1",
    )(input_img)
    x = keras.layers.MaxPooling2D((2, 2), name="pool1")(x)

    # Second conv block.
    x = keras.layers.Conv2D(
        64,
        (3, 3),
        activation="relu",
        kernel_initializer="he_normal",
        padding="same",
        name="Conv2",
    )(x)
    x = keras.layers.MaxPooling2D((2, 2), name="pool2")(x)

    # We have used two max pool with pool size and strides 2.
    # Hence, downsampled feature maps are 4x smaller. The number of
    # filters in the last layer is 64. Reshape accordingly before
    # passing the output to the RNN part of the model.
    new_shape = ((image_width // 4), (image_height // 4) * 64)
    x = keras.layers.Reshape(target_shape=new_shape, name="reshape")(x)
    x = keras.layers.Dense(16, activation="relu", name="dense1")(x)
    x = keras.layers.Dropout(0.0)(x)

    # RNNs.
    x = keras.layers.Bidirectional(
        keras.layers.LSTM(16, return_sequences=True, dropout=0.0)
    )(x)
    x = keras.layers.Bidirectional(
        keras.layers.LSTM(8, return_sequences=True, dropout=0.0)
    )(x)

    # +2 is to account for the two special tokens introduced by the CTC loss.
    # The recommendation comes here: https://git.io/J0eXP.
    x = keras.layers.Dense(
        len(char_to_num.get_vocabulary()) + 2, activation="softmax", name="dense2"
    )(x)

    # Add CTC layer for calculating CTC loss at each step.
    output = CTCLayer(name="ctc_loss")(labels, x)

    # Define the model.
    model = keras.models.Model(
        inputs=[input_img, labels], outputs=output, name="handwriting_recognizer"
    )
    # Optimizer.
    opt = keras.optimizers.Adam()
    # Compile the model and return.
    model.compile(optimizer=opt)
    return model


# Get the model.
model = build_model()
model.summary()

"""
## Evaluation metric
"""

validation_images = []
validation_labels = []

for batch in validation_ds:
    validation_images.append(batch["image"])
    validation_labels.append(batch["label"])


def sparse_values(dense):
    return [[int(v) for v in row if v != 0] for row in keras.backend.get_value(dense)]


def edit_distance(a, b):
    d = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        previous, d[0] = d[0], i
        for j in range(1, len(b) + 1):
            previous, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, previous + (a[i - 1] != b[j - 1]))
    return d[len(b)]


def calculate_edit_distance(labels, predictions):
    # Get a single batch and convert its labels to sparse tensors.
    saprse_labels = sparse_values(labels)

    # Make predictions and convert them to sparse tensors.
    input_len = np.ones(predictions.shape[0]) * predictions.shape[1]
    predictions_decoded = keras.backend.ctc_decode(
        predictions, input_length=input_len, greedy=True
    )[0][0][:, :max_len]
    sparse_predictions = sparse_values(predictions_decoded)

    # Compute individual edit distances and average them out.
    edit_distances = [
        edit_distance(p, t) for p, t in zip(sparse_predictions, saprse_labels)
    ]
    return np.mean(edit_distances)


class EditDistanceCallback(keras.callbacks.Callback):
    def __init__(self, pred_model):
        super().__init__()
        self.prediction_model = pred_model

    def on_epoch_end(self, epoch, logs=None):
        edit_distances = []

        for i in range(len(validation_images)):
            labels = validation_labels[i]
            predictions = self.prediction_model.predict(validation_images[i])
            edit_distances.append(calculate_edit_distance(labels, predictions))

        print(
            f"Mean edit distance for epoch {epoch + 1}: {np.mean(edit_distances):.4f}"
        )


"""
## Training
"""

epochs = 2  # To get good results this should be at least 50.

model = build_model()
prediction_model = keras.models.Model(
    model.get_layer(name="image").input, model.get_layer(name="dense2").output
)
edit_distance_callback = EditDistanceCallback(prediction_model)

# Train the model.
history = model.fit(
    train_ds,
    validation_data=validation_ds,
    epochs=epochs,
    callbacks=[edit_distance_callback],
    shuffle=False,
)


"""
## Inference
"""


# A utility function to decode the output of the network.
def decode_batch_predictions(pred):
    input_len = np.ones(pred.shape[0]) * pred.shape[1]
    # Use greedy search. For complex tasks, you can use beam search.
    results = keras.backend.ctc_decode(pred, input_length=input_len, greedy=True)[0][0][
        :, :max_len
    ]
    # Iterate over the results and get back the text.
    output_text = []
    for res in results:
        res = keras.backend.get_value(res)
        res = res[res != -1]
        chars = keras.backend.get_value(num_to_char(res))
        res = "".join(c.decode("utf-8") if isinstance(c, bytes) else str(c) for c in chars)
        output_text.append(res)
    return output_text


#  Let's check results on some test samples.
for batch in [test_ds[0]]:
    batch_images = batch["image"]

    preds = prediction_model.predict(batch_images)
    pred_texts = decode_batch_predictions(preds)

    for i in range(len(pred_texts)):
        title = f"Prediction: {pred_texts[i]}"
        print(title)
