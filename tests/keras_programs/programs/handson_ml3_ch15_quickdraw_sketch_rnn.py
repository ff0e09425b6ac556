# source: ageron/handson-ml3 15_processing_sequences_using_rnns_and_cnns.ipynb (A. Géron, "Hands-On Machine Learning", 3rd ed., chapter 15, exercise 9: classifying Google QuickDraw sketches (sequences of pen strokes dx, dy, pen-lifted) with three strided Conv1D + BatchNormalization layers and two stacked LSTMs, scored by accuracy and top-5 accuracy, then the top-5 classes of new sketches; its code cells 136-155)
# commit: e3f3f9e66d58cfa1d068a498433063a1d3fba9ef
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; tf.keras.Sequential with no input shape: Conv1D(kernel_size=5, strides=2, relu) / Conv1D(kernel_size=5, strides=2) / Conv1D(kernel_size=3, strides=2), each followed by BatchNormalization(), LSTM(return_sequences=True), LSTM, Dense(n_classes, softmax); tf.keras.optimizers.SGD(learning_rate=1e-2, clipnorm=1.); compile(loss="sparse_categorical_crossentropy", metrics=["accuracy", "sparse_top_k_categorical_accuracy"]) (the top-k metric by its string name, k=5 by default); fit with validation data (the training batches cropped to 100 (here 24) steps); predict on longer, uncropped sketches (the LSTMs take any length); the function tf.keras.metrics.sparse_top_k_categorical_accuracy(y_test, y_probas) and np.mean of its result; predict on one batch and the top-5 classes per sketch; model.save("my_sketchrnn.keras")
# reduced: tf.keras.utils.get_file of quickdraw_tutorial_dataset_v1.tar.gz (a download) and its TFRecord files replaced by made-up sketches (numpy RandomState(42): 64 training, 32 validation and 32 test sketches of 8 classes (more than the top-k metric's k=5), each 32 steps of (dx, dy, pen_lifted): a class-dependent stroke direction plus noise, zero-padded after a random length as tf.sparse.to_dense pads a batch) and class_names by 8 made-up names; TensorFlow's own ops (statefulrnn stands in for tf.keras, not TensorFlow): parse (tf.io.parse_example, tf.sparse.to_dense, tf.reshape) and quickdraw_dataset's TFRecordDataset / shuffle / batch / map / prefetch pipeline written as numpy arrays of (sketches, lengths, labels), the training set not shuffled (shuffle_buffer_size=10000's order cannot match), crop_long_sketches's map as a slice inks[:, :max_length], and fit / predict given the arrays with batch_size=32 (the datasets' batch size) and shuffle=False; y_test from the test labels directly; predict(test_set) -> predict of the test sketches (the dataset's x); tf.nn.top_k(Y_probas, k=5) -> np.argsort / np.take_along_axis (the same indices and values, highest first); the draw_sketch / draw_sketches / histogram plot cells dropped; the model built by a call on the first training batch before compile (so that compile can hand it Keras's starting weights: the book's Sequential is first built by fit); max_length 100 -> 24 (the least the three strided convolutions take is 21); Conv1D filters 32/64/128 -> 4/6/8, LSTM 128 -> 8; epochs 2 kept; n_new 10 -> 3; the `sketches` of the last printed training batch (the book's loop variable) kept as the first training batch
from pathlib import Path

import numpy as np
import tensorflow as tf

class_names = ["apple", "bicycle", "cat", "door", "eye", "fish", "guitar", "house"]
n_classes = len(class_names)


def _made_up_quickdraw(n_sketches, rng, n_steps=32):
    # stands in for the parsed TFRecords: (sketches, lengths, labels)
    labels = rng.randint(0, n_classes, size=n_sketches).astype(np.int64)
    lengths = rng.randint(20, n_steps + 1, size=n_sketches).astype(np.int64)
    sketches = np.zeros((n_sketches, n_steps, 3), dtype=np.float32)
    for i in range(n_sketches):
        angle = 2 * np.pi * labels[i] / n_classes + 0.3 * np.arange(lengths[i]) * (labels[i] % 2)
        sketches[i, :lengths[i], 0] = np.cos(angle) * 0.1 + 0.02 * rng.normal(size=lengths[i])
        sketches[i, :lengths[i], 1] = np.sin(angle) * 0.1 + 0.02 * rng.normal(size=lengths[i])
        sketches[i, :lengths[i], 2] = (rng.rand(lengths[i]) < 0.15)
        sketches[i, lengths[i] - 1, 2] = 1.0
    return sketches, lengths, labels


rng = np.random.RandomState(42)
train_set = _made_up_quickdraw(64, rng)
valid_set = _made_up_quickdraw(32, rng)
test_set = _made_up_quickdraw(32, rng)

sketches, lengths, labels = (part[:32] for part in train_set)
print("sketches =", sketches.shape)
print("lengths =", lengths)
print("labels =", labels)

def crop_long_sketches(dataset, max_length=24):
    inks, lengths, labels = dataset
    return inks[:, :max_length], labels

cropped_train_set = crop_long_sketches(train_set)
cropped_valid_set = crop_long_sketches(valid_set)
cropped_test_set = crop_long_sketches(test_set)

model = tf.keras.Sequential([
    tf.keras.layers.Conv1D(4, kernel_size=5, strides=2, activation="relu"),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Conv1D(6, kernel_size=5, strides=2, activation="relu"),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Conv1D(8, kernel_size=3, strides=2, activation="relu"),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.LSTM(8, return_sequences=True),
    tf.keras.layers.LSTM(8),
    tf.keras.layers.Dense(len(class_names), activation="softmax")
])
model(cropped_train_set[0][:32])
optimizer = tf.keras.optimizers.SGD(learning_rate=1e-2, clipnorm=1.)
model.compile(loss="sparse_categorical_crossentropy",
              optimizer=optimizer,
              metrics=["accuracy", "sparse_top_k_categorical_accuracy"])
history = model.fit(*cropped_train_set, batch_size=32, shuffle=False, epochs=2,
                    validation_data=cropped_valid_set)

y_test = test_set[2]
y_probas = model.predict(test_set[0], batch_size=32)

print(np.mean(tf.keras.metrics.sparse_top_k_categorical_accuracy(y_test, y_probas)))

n_new = 3
Y_probas = model.predict(sketches)
top_k_indices = np.argsort(-Y_probas, axis=-1, kind="stable")[:, :5]
top_k_values = np.take_along_axis(Y_probas, top_k_indices, axis=-1)
for index in range(n_new):
    print("Top-5 predictions:".format(index + 1))
    for k in range(5):
        class_name = class_names[top_k_indices[index, k]]
        proba = 100 * top_k_values[index, k]
        print("  {}. {} {:.3f}%".format(k + 1, class_name, proba))
    print("Answer: {}".format(class_names[labels[index]]))

model.save("my_sketchrnn.keras")
