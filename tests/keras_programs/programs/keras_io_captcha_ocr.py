# source: keras-team/keras-io examples/vision/captcha_ocr.py (the Keras 3 version, "Converted to Keras 3 by: Sitam Meur", Last modified: 2024/03/13)
# commit: 00bb6a3411d19fa2c28d6413d90fff4fb7424203
# keras: keras
# exercises: layers.StringLookup(vocabulary=..., mask_token=None) and its invert=True twin over get_vocabulary(); split_data with ops.arange and keras.random.shuffle (whose result the source drops, so the split keeps the order); a CTCLayer endpoint Layer whose call(y_true, y_pred) takes ops.shape of both inputs, builds (batch, 1) lengths with ops.cast and ops.ones(dtype="int64"), computes ctc_batch_cost (ops.squeeze, ops.cast, ops.log of the softmax plus keras.backend.epsilon(), a CTC loss with the last class as blank, ops.expand_dims) and add_loss-es it, returning y_pred; two inputs (image float32, label float32 of shape (None,)), Conv2D(kernel_initializer="he_normal", padding="same") and MaxPooling2D blocks, Reshape to (width // 4, (height // 4) * 64), Dense relu, Dropout, two Bidirectional(LSTM(return_sequences=True)), a Dense softmax over len(vocabulary) + 1 classes; keras.models.Model(name="ocr_model_v1") compiled with keras.optimizers.Adam() and no loss; summary(); fit on a dict of inputs with validation_data and EarlyStopping(monitor="val_loss", restore_best_weights=True); a prediction model keras.models.Model(model.input[0], model.get_layer(name="dense2").output), predict and greedy ops.ctc_decode(pred, sequence_lengths=..., strategy="greedy") read back through num_to_char
# reduced: the 1040 captcha PNGs (a download, listed by Path.glob) replaced by 36 made-up captchas: 4-character labels drawn from "2345bc" with numpy and 48x8 grayscale images in [0, 1] in which each character lights its own rows over its 12 columns, plus noise; encode_single_sample's tf.io.read_file / tf.io.decode_png / tf.image.convert_image_dtype / ops.image.resize / tf.strings.unicode_split written with numpy on those arrays (the same transpose to (width, height, 1) and the same char_to_num lookup of each label's characters), and the two tf.data pipelines (map, batch(batch_size), prefetch) replaced by dicts of stacked arrays handed to fit with batch_size=batch_size and shuffle=False (fit never shuffles a dataset), validation_dataset.take(1) by the first batch of those arrays; img_width 200 -> 48 and img_height 50 -> 8 (12 time steps for 4 labels), Dense(64) "dense1" -> Dense(16), LSTM(128) and LSTM(64) -> LSTM(16) and LSTM(8) (a small reference), epochs 100 -> 4 (EarlyStopping, patience 10, does not act); Dropout(0.2) and the LSTMs' dropout=0.25 -> 0.0 (random masks cannot match); ctc_batch_cost's TensorFlow calls (its ctc_label_dense_to_sparse of tf.fill, tf.compat.v1.scan, tf.compat.v1.boolean_mask, tf.reverse, tf.compat.v1.gather_nd and tf.SparseTensor, fed to tf.compat.v1.nn.ctc_loss on time-major log-probabilities) -> keras.ops.ctc_loss on the same batch-major log-probabilities with mask_index the last class, which is the blank tf.compat.v1.nn.ctc_loss uses (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` becomes `import statefulrnn as tf`, which has no tf.compat); decode_batch_predictions' tf.sparse.to_dense(results, default_value=-1) and the slice of its result dropped (Keras 3's ops.ctc_decode returns a dense tensor, on which tf.sparse.to_dense raises TypeError on Keras 3.15 itself; the slice was unused) and tf.strings.reduce_join(num_to_char(res)).numpy().decode("utf-8") -> reduce_join(num_to_char(res)), a numpy join of the looked-up characters; matplotlib plots dropped (the labels are printed instead)
import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np

from pathlib import Path
from collections import Counter

import tensorflow as tf
import keras
from keras import ops
from keras import layers

"""
## Load the data: made-up captchas
"""

num_captchas = 36
alphabet = np.array(list("2345bc"))
labels = ["".join(np.random.choice(alphabet, size=4)) for _ in range(num_captchas)]
images = labels  # encode_single_sample draws each captcha from its label
characters = set(char for label in labels for char in label)
characters = sorted(list(characters))

print("Number of images found: ", len(images))
print("Number of labels found: ", len(labels))
print("Number of unique characters: ", len(characters))
print("Characters present: ", characters)

# Batch size for training and validation
batch_size = 16

# Desired image dimensions
img_width = 48
img_height = 8

# Factor by which the image is going to be downsampled
# by the convolutional blocks. We will be using two
# convolution blocks and each block will have
# a pooling layer which downsample the features by a factor of 2.
# Hence total downsampling factor would be 4.
downsample_factor = 4

# Maximum length of any captcha in the dataset
max_length = max([len(label) for label in labels])


"""
## Preprocessing
"""


# Mapping characters to integers
char_to_num = layers.StringLookup(vocabulary=list(characters), mask_token=None)

# Mapping integers back to original characters
num_to_char = layers.StringLookup(
    vocabulary=char_to_num.get_vocabulary(), mask_token=None, invert=True
)


def split_data(images, labels, train_size=0.9, shuffle=True):
    # 1. Get the total size of the dataset
    size = len(images)
    # 2. Make an indices array and shuffle it, if required
    indices = ops.arange(size)
    if shuffle:
        keras.random.shuffle(indices)
    # 3. Get the size of training samples
    train_samples = int(size * train_size)
    # 4. Split data into training and validation sets
    x_train, y_train = images[indices[:train_samples]], labels[indices[:train_samples]]
    x_valid, y_valid = images[indices[train_samples:]], labels[indices[train_samples:]]
    return x_train, x_valid, y_train, y_valid


# Splitting data into training and validation sets
x_train, x_valid, y_train, y_valid = split_data(np.array(images), np.array(labels))


def encode_single_sample(img_path, label):
    # 1-4. "Read" the image: each character lights its own rows over its 12 columns
    img = 0.2 * np.random.rand(img_height, img_width, 1).astype("float32")
    for position, char in enumerate(str(img_path)):
        row = characters.index(char) % img_height
        img[row, position * 12 : position * 12 + 10, 0] += 0.8
    # 5. Transpose the image because we want the time
    # dimension to correspond to the width of the image.
    img = ops.convert_to_numpy(ops.transpose(img, axes=[1, 0, 2]))
    # 6. Map the characters in label to numbers
    label = ops.convert_to_numpy(char_to_num(np.array(list(str(label)))))
    # 7. Return a dict as our model is expecting two inputs
    return {"image": img, "label": label}


"""
## Create `Dataset` objects
"""


def stacked(samples):
    return {key: np.stack([sample[key] for sample in samples]) for key in samples[0]}


train_dataset = stacked([encode_single_sample(x, y) for x, y in zip(x_train, y_train)])
validation_dataset = stacked([encode_single_sample(x, y) for x, y in zip(x_valid, y_valid)])


def reduce_join(chars):
    return "".join(c.decode("utf-8") if isinstance(c, bytes) else str(c) for c in ops.convert_to_numpy(chars))


"""
## Visualize the data
"""

print([reduce_join(num_to_char(label)) for label in train_dataset["label"][:16]])

"""
## Model
"""


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    label_length = ops.cast(ops.squeeze(label_length, axis=-1), dtype="int32")
    input_length = ops.cast(ops.squeeze(input_length, axis=-1), dtype="int32")

    y_pred = ops.log(y_pred + keras.backend.epsilon())

    return ops.expand_dims(
        ops.ctc_loss(
            ops.cast(y_true, dtype="int32"),
            y_pred,
            label_length,
            input_length,
            mask_index=ops.shape(y_pred)[-1] - 1,
        ),
        1,
    )


class CTCLayer(layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = ctc_batch_cost

    def call(self, y_true, y_pred):
        # Compute the training-time loss value and add it
        # to the layer using `self.add_loss()`.
        batch_len = ops.cast(ops.shape(y_true)[0], dtype="int64")
        input_length = ops.cast(ops.shape(y_pred)[1], dtype="int64")
        label_length = ops.cast(ops.shape(y_true)[1], dtype="int64")

        input_length = input_length * ops.ones(shape=(batch_len, 1), dtype="int64")
        label_length = label_length * ops.ones(shape=(batch_len, 1), dtype="int64")

        loss = self.loss_fn(y_true, y_pred, input_length, label_length)
        self.add_loss(loss)

        # At test time, just return the computed predictions
        return y_pred


def build_model():
    # Inputs to the model
    input_img = layers.Input(
        shape=(img_width, img_height, 1), name="image", dtype="float32"
    )
    labels = layers.Input(name="label", shape=(None,), dtype="float32")

    # First conv block
    x = layers.Conv2D(
        32,
        (3, 3),
        activation="relu",
        kernel_initializer="he_normal",
        padding="same",
        name="Conv1",
    )(input_img)
    x = layers.MaxPooling2D((2, 2), name="pool1")(x)

    # Second conv block
    x = layers.Conv2D(
        64,
        (3, 3),
        activation="relu",
        kernel_initializer="he_normal",
        padding="same",
        name="Conv2",
    )(x)
    x = layers.MaxPooling2D((2, 2), name="pool2")(x)

    # We have used two max pool with pool size and strides 2.
    # Hence, downsampled feature maps are 4x smaller. The number of
    # filters in the last layer is 64. Reshape accordingly before
    # passing the output to the RNN part of the model
    new_shape = ((img_width // 4), (img_height // 4) * 64)
    x = layers.Reshape(target_shape=new_shape, name="reshape")(x)
    x = layers.Dense(16, activation="relu", name="dense1")(x)
    x = layers.Dropout(0.0)(x)

    # RNNs
    x = layers.Bidirectional(layers.LSTM(16, return_sequences=True, dropout=0.0))(x)
    x = layers.Bidirectional(layers.LSTM(8, return_sequences=True, dropout=0.0))(x)

    # Output layer
    x = layers.Dense(
        len(char_to_num.get_vocabulary()) + 1, activation="softmax", name="dense2"
    )(x)

    # Add CTC layer for calculating CTC loss at each step
    output = CTCLayer(name="ctc_loss")(labels, x)

    # Define the model
    model = keras.models.Model(
        inputs=[input_img, labels], outputs=output, name="ocr_model_v1"
    )
    # Optimizer
    opt = keras.optimizers.Adam()
    # Compile the model and return
    model.compile(optimizer=opt)
    return model


# Get the model
model = build_model()
model.summary()

"""
## Training
"""


epochs = 4
early_stopping_patience = 10
# Add early stopping
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=early_stopping_patience, restore_best_weights=True
)

# Train the model
history = model.fit(
    train_dataset,
    validation_data=validation_dataset,
    epochs=epochs,
    callbacks=[early_stopping],
    batch_size=batch_size,
    shuffle=False,
)


"""
## Inference
"""


# Get the prediction model by extracting layers till the output layer
prediction_model = keras.models.Model(
    model.input[0], model.get_layer(name="dense2").output
)
prediction_model.summary()


# A utility function to decode the output of the network
def decode_batch_predictions(pred):
    input_len = np.ones(pred.shape[0]) * pred.shape[1]
    # Use greedy search. For complex tasks, you can use beam search
    results = ops.ctc_decode(pred, sequence_lengths=input_len, strategy="greedy")[0][0]
    # Iterate over the results and get back the text
    output_text = []
    for res in results:
        res = reduce_join(num_to_char(res))
        output_text.append(res)
    return output_text


#  Let's check results on some validation samples
for batch in [{key: value[:batch_size] for key, value in validation_dataset.items()}]:
    batch_images = batch["image"]
    batch_labels = batch["label"]

    preds = prediction_model.predict(batch_images)
    pred_texts = decode_batch_predictions(preds)

    orig_texts = []
    for label in batch_labels:
        label = reduce_join(num_to_char(label))
        orig_texts.append(label)

    for i in range(len(pred_texts)):
        title = f"Prediction: {pred_texts[i]}"
        print(title, "label:", orig_texts[i])
