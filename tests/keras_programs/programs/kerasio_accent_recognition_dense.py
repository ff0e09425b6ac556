# source: keras-team/keras-io examples/audio/uk_ireland_accent_recognition.py ("UK & Ireland Accent Recognition Using Transfer Learning", Fadi Badine, 16/04/2022: a Dense classifier over Yamnet embeddings of 0.96-second frames, 6 accents plus "Not a speech"; tf.keras, `from tensorflow import keras`)
# commit: 0fc6593722e743ff67e86f3ff8a7966b0f656297
# keras: tf_keras
# exercises: keras.utils.set_random_seed(SEED); keras.backend.clear_session(); a functional keras.Model named "accent_recognition" on keras.layers.Input(shape=(N), name="embedding") (an int shape, not a tuple) through four named Dense relu layers each followed by a named Dropout, a named softmax Dense ("ouput"); compiled inside a builder with keras.optimizers.Adam(learning_rate=1.9644e-5), keras.losses.CategoricalCrossentropy(), metrics ["accuracy", keras.metrics.AUC(name="auc")] on one-hot labels; class_weight a dict of numpy float64 ratios (total / count per class) over one-hot targets; callbacks EarlyStopping(monitor="val_auc", patience=10, restore_best_weights=True), ModelCheckpoint(MODEL_NAME + ".h5", monitor="val_auc", save_best_only=True) (the TensorBoard(os.path.join(os.curdir, "logs", model.name)) callback is made but not passed: see reduced); fit(verbose=2) with validation data; history.history["accuracy"] / ["val_auc"]; evaluate unpacked into loss, accuracy, auc (train and validation); scipy.stats.norm().ppf of the AUC (d-prime); predict, a confusion matrix and per-class precision / recall from it; predictions.mean(axis=0).argmax() for one "file"
# reduced: the OpenSLR 83 WAV downloads, the CSV line index (pandas, not installed), TF-IO resampling and the TF Hub Yamnet model (a pretrained download) replaced by made-up "Yamnet outputs": 48 files (numpy RandomState(SEED)), each an accent label and 2-5 frames of 16-dimensional embeddings (a per-accent centre plus noise) with made-up speech / non-speech flags standing for argmax(scores) == 0, so filepath_to_embeddings's label rewrite (tf.where(... == 0, label, len(class_names) - 1)) and tf.one_hot are kept as numpy; dataframe.sample(frac=1, random_state=SEED) -> a RandomState(SEED) permutation of Python rows; the tf.data datasets (from_tensor_slices, map, unbatch, cache, batch, prefetch) -> numpy arrays given to fit / evaluate with batch_size=BATCH_SIZE and shuffle=False (the example's pipeline does not shuffle either); tf.math.bincount / reduce_sum / tf.math.confusion_matrix -> numpy (np.bincount, np.sum, a np.add.at confusion matrix); embedding size 1024 -> 16; Dense 256, 384, 192, 384 -> 16, 24, 12, 24; Dropout 0.15 / 0.2 / 0.25 / 0.2 -> 0.0 (random masks cannot match); BATCH_SIZE 64 -> 16; EPOCHS 100 -> 3 (plots use range(len(history.history["accuracy"])), since EarlyStopping may not stop sooner); tensorboard_cb made but left out of the callbacks list (the Keras venv has no tensorboard package: tf-keras's TensorBoard fails at fit with TBNotInstalledError); matplotlib / seaborn plots and IPython Audio left out; the Scottish-voice test file (wget + ffmpeg + Yamnet) -> one more made-up file's frames
import os
import io
import csv
import random
import numpy as np
from tensorflow import keras
from scipy import stats

SEED = 1337
EPOCHS = 3
BATCH_SIZE = 16
VALIDATION_RATIO = 0.1
MODEL_NAME = "uk_irish_accent_recognition"
EMBEDDING_SIZE = 16

gender_agnostic_categories = [
    "ir",  # Irish
    "mi",  # Midlands
    "no",  # Northern
    "sc",  # Scottish
    "so",  # Southern
    "we",  # Welsh
]

class_names = [
    "Irish",
    "Midlands",
    "Northern",
    "Scottish",
    "Southern",
    "Welsh",
    "Not a speech",
]

# Set all random seeds in order to get reproducible results
keras.utils.set_random_seed(SEED)

"""
## Made-up data (replaces the WAV files and Yamnet)
"""
_rng = np.random.RandomState(SEED)
_centres = _rng.randn(len(class_names), EMBEDDING_SIZE).astype("float32")


def _made_up_yamnet(label):
    # (speech flags standing for argmax(scores) == 0, embeddings) of one "file"
    n = _rng.randint(2, 6)
    speech = _rng.rand(n) > 0.2
    centre = np.where(speech[:, None], _centres[label], _centres[-1])
    embeddings = (centre + 0.8 * _rng.randn(n, EMBEDDING_SIZE)).astype("float32")
    return speech, embeddings


dataframe = []
for _i in range(48):
    _cat = gender_agnostic_categories[_rng.randint(len(gender_agnostic_categories))]
    dataframe.append({"filename": " %s%s_%05d" % (_cat, "fm"[_i % 2], _i)})


def preprocess_dataframe(dataframe):
    for row in dataframe:
        # Remove leading space in filename column
        row["filename"] = row["filename"].strip()
        # Create gender agnostic labels based on the filename first 2 letters
        row["label"] = gender_agnostic_categories.index(row["filename"][:2])
        # Add the file path to the name
        row["filename"] = os.path.join("datasets", row["filename"] + ".wav")
    # Shuffle the samples
    order = np.random.RandomState(SEED).permutation(len(dataframe))
    return [dataframe[i] for i in order]


dataframe = preprocess_dataframe(dataframe)
print(dataframe[:5])

split = int(len(dataframe) * (1 - VALIDATION_RATIO))
train_df = dataframe[:split]
valid_df = dataframe[split:]

print(f"We have {len(train_df)} training samples & {len(valid_df)} validation ones")

_yamnet = {row["filename"]: _made_up_yamnet(row["label"]) for row in dataframe}


def filepath_to_embeddings(filename, label):
    speech, embeddings = _yamnet[filename]

    # Number of embeddings in order to know how many times to repeat the label
    embeddings_num = embeddings.shape[0]
    labels = np.repeat(label, embeddings_num)

    # Change labels for time-slots that are not speech into a new category 'other'
    labels = np.where(speech, label, len(class_names) - 1)

    # Using one-hot in order to use AUC
    return (embeddings, np.eye(len(class_names), dtype="float32")[labels])


def dataframe_to_dataset(dataframe, batch_size=64):
    pairs = [filepath_to_embeddings(row["filename"], row["label"]) for row in dataframe]
    return np.concatenate([p[0] for p in pairs]), np.concatenate([p[1] for p in pairs])


x_train, y_train = dataframe_to_dataset(train_df)
x_valid, y_valid = dataframe_to_dataset(valid_df)

"""
## Build the model
"""

keras.backend.clear_session()


def build_and_compile_model():
    inputs = keras.layers.Input(shape=(EMBEDDING_SIZE), name="embedding")

    x = keras.layers.Dense(16, activation="relu", name="dense_1")(inputs)
    x = keras.layers.Dropout(0.0, name="dropout_1")(x)

    x = keras.layers.Dense(24, activation="relu", name="dense_2")(x)
    x = keras.layers.Dropout(0.0, name="dropout_2")(x)

    x = keras.layers.Dense(12, activation="relu", name="dense_3")(x)
    x = keras.layers.Dropout(0.0, name="dropout_3")(x)

    x = keras.layers.Dense(24, activation="relu", name="dense_4")(x)
    x = keras.layers.Dropout(0.0, name="dropout_4")(x)

    outputs = keras.layers.Dense(len(class_names), activation="softmax", name="ouput")(
        x
    )

    model = keras.Model(inputs=inputs, outputs=outputs, name="accent_recognition")

    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1.9644e-5),
        loss=keras.losses.CategoricalCrossentropy(),
        metrics=["accuracy", keras.metrics.AUC(name="auc")],
    )

    return model


model = build_and_compile_model()
model.summary()

"""
## Class weights calculation
"""

class_counts = np.zeros(shape=(len(class_names),), dtype=np.int32)

for start in range(0, len(y_train), BATCH_SIZE):
    y = y_train[start : start + BATCH_SIZE]
    class_counts = class_counts + np.bincount(
        np.argmax(y, axis=1).astype(np.int32), minlength=len(class_names)
    )

class_weight = {
    i: np.sum(class_counts) / class_counts[i]
    for i in range(len(class_counts))
}

print(class_weight)

"""
## Callbacks
"""

early_stopping_cb = keras.callbacks.EarlyStopping(
    monitor="val_auc", patience=10, restore_best_weights=True
)

model_checkpoint_cb = keras.callbacks.ModelCheckpoint(
    MODEL_NAME + ".h5", monitor="val_auc", save_best_only=True
)

tensorboard_cb = keras.callbacks.TensorBoard(
    os.path.join(os.curdir, "logs", model.name)
)

callbacks = [early_stopping_cb, model_checkpoint_cb]  # tensorboard_cb left out (see the header)

"""
## Training
"""

history = model.fit(
    x_train,
    y_train,
    batch_size=BATCH_SIZE,
    shuffle=False,
    epochs=EPOCHS,
    validation_data=(x_valid, y_valid),
    class_weight=class_weight,
    callbacks=callbacks,
    verbose=2,
)

print(list(range(len(history.history["accuracy"]))), history.history["val_auc"])

"""
## Evaluation
"""

train_loss, train_acc, train_auc = model.evaluate(x_train, y_train, batch_size=BATCH_SIZE)
valid_loss, valid_acc, valid_auc = model.evaluate(x_valid, y_valid, batch_size=BATCH_SIZE)


# The following function calculates the d-prime score from the AUC
def d_prime(auc):
    standard_normal = stats.norm()
    d_prime = standard_normal.ppf(auc) * np.sqrt(2.0)
    return d_prime


print(
    "train d-prime: {0:.3f}, validation d-prime: {1:.3f}".format(
        d_prime(train_auc), d_prime(valid_auc)
    )
)

"""
## Confusion Matrix
"""

# Generate predictions
y_pred = model.predict(x_valid)

# Calculate confusion matrix
confusion_mtx = np.zeros((len(class_names), len(class_names)), dtype=np.int32)
np.add.at(confusion_mtx, (np.argmax(y_valid, axis=1), np.argmax(y_pred, axis=1)), 1)
print(confusion_mtx)

for i, label in enumerate(class_names):
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = confusion_mtx[i, i] / np.sum(confusion_mtx[:, i])
        recall = confusion_mtx[i, i] / np.sum(confusion_mtx[i, :])
    print(
        "{0:15} Precision:{1:.2f}%; Recall:{2:.2f}%".format(
            label, precision * 100, recall * 100
        )
    )

"""
## Run inference on test data (a made-up "file")
"""

_speech, _embeddings = _made_up_yamnet(3)


def calculate_number_of_non_speech(speech):
    return int(np.sum(np.where(speech, 0, 1)))


def filename_to_predictions(embeddings, speech):
    print(
        "Out of {} samples, {} are not speech".format(
            embeddings.shape[0], calculate_number_of_non_speech(speech)
        )
    )

    # Predict the output of the accent recognition model with embeddings as input
    predictions = model.predict(embeddings)

    return predictions


predictions = filename_to_predictions(_embeddings, _speech)

infered_class = class_names[predictions.mean(axis=0).argmax()]
print(f"The main accent is: {infered_class} English")
