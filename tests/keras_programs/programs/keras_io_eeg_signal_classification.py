# source: keras-team/keras-io examples/timeseries/eeg_signal_classification.py ("Electroencephalogram Signal Classification for action identification", Suvaditya Mukherjee; the tf.keras version: `from tensorflow import keras`)
# commit: 84fd8510598699fadc3183139053e54afcdf3993
# keras: tf_keras
# exercises: keras.utils.to_categorical of float labels shaped (-1, 1); a functional keras.Model of six Conv1D(filters, kernel_size, strides=2, activation="relu", padding="same") each followed by BatchNormalization, Dropout, Flatten, Dense relu layers with kernel_regularizer=keras.regularizers.L2() (default factor), a softmax Dense; print(model.summary()); keras.optimizers.Adam(amsgrad=True, learning_rate=0.001); keras.losses.CategoricalCrossentropy(); metrics TopKCategoricalAccuracy(k=3), AUC(), Precision(), Recall() (on a multi-class softmax output); fit with class_weight a dict of 1 - class frequency, validation data and callbacks ModelCheckpoint("best_model.h5", save_best_only=True, monitor="loss") and ReduceLROnPlateau(monitor="val_top_k_categorical_accuracy", factor=0.2, patience=2, min_lr=0.000001); evaluate's list unpacked into five names; predict on a list holding one array and np.argmax of it, labels mapped back through the label encoder
# reduced: the Kaggle eeg-data.csv (a gdown download) read by pandas replaced by 90 made-up records (numpy RandomState(1): with RandomState(0) the first Conv1D's filter 2, a ReLU feeding BatchNormalization, got a first-step bias gradient of -1.1e-7, rounding noise about a true zero, which Adam turns into a step of about half the learning rate whose size rests on that noise: its bias ended 1.1e-3 from Keras's, the rest of that model within 5e-6, every logged number within tolerance) with a label among 14 of the example's raw labels (blink1 .. readyRound2, plus "unlabeled" and "everyone paired" rows that are dropped), a JSON string of 64 raw values and a signal_quality (some >= 128, filtered out); pandas (not installed) -> a small table of Python lists for the example's row filters, drop, apply(json.loads), replace({"label": {...}}) (the example's mapping kept whole), unique and value_counts; sklearn (not installed): preprocessing.LabelEncoder -> np.unique(..., return_inverse=True) (the same sorted classes) with inverse_transform by indexing, MinMaxScaler().fit_transform of each series -> (x - min) / (max - min) per series, model_selection.train_test_split(test_size=0.15, random_state=42, shuffle=True) -> a numpy RandomState(42) permutation with the last 15% as the test set; series length 512 -> 64 (reshape(-1, 64, 1), Input shape (64, 1)); tf.data.Dataset.from_tensor_slices(...).shuffle(SHUFFLE_BUFFER_SIZE).batch(BATCH_SIZE) -> the arrays, given to fit with batch_size=BATCH_SIZE and shuffle=False (a shuffle cannot match) and to evaluate with batch_size=BATCH_SIZE; BATCH_SIZE 64 -> 16; Conv1D filters 32 .. 1024 -> 4, 4, 8, 8, 8, 8, Dense 4096, 2048, 1024, 128 -> 16, 16, 16, 8; Dropout 0.2 -> 0.0 (random masks cannot match); epochs 30 -> 3; plots (matplotlib) left out: view_eeg_plot, the class bar plot, plot_history_metrics and the plotting part of view_evaluated_eeg_plots (its data preparation and predict kept, the labels printed)
import json
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
import tensorflow as tf
import random

QUALITY_THRESHOLD = 128
BATCH_SIZE = 16
SHUFFLE_BUFFER_SIZE = BATCH_SIZE * 2

_RAW_LABELS = ["blink1", "blink3", "math1", "math7", "relax", "music", "video-ver1", "video-ver2",
               "thinkOfItems-ver1", "colorRound1-2", "colorRound2-5", "readyRound1", "readyRound2",
               "instruction", "unlabeled", "everyone paired"]
_rng = np.random.RandomState(1)


class _Table:
    # The few pandas.DataFrame operations the example uses, on a dict of column lists.
    def __init__(self, rows):
        self.rows = rows

    def keep(self, test):
        return _Table([r for r in self.rows if test(r)])


def _make_eeg():
    rows = []
    for i in range(90):
        label = _RAW_LABELS[_rng.randint(len(_RAW_LABELS))]
        base = {"blink": 300, "math": 100, "relax": 0, "music": -100, "video": 200, "think": -200,
                "color": 50, "ready": -50, "instr": 150}.get(label[:5], 0) if label[:5] != "video" else 200
        values = (base + 80 * np.sin(np.arange(64) * (1 + len(label) % 5) / 7.0)
                  + _rng.randint(-60, 60, size=64)).astype(int).tolist()
        rows.append({"Unnamed: 0": i, "indra_time": 0, "browser_latency": 0, "reading_time": 0,
                     "attention_esense": 0, "meditation_esense": 0, "updatedAt": "", "createdAt": "",
                     "raw_values": json.dumps(values), "signal_quality": int(_rng.choice([0, 0, 0, 26, 200])),
                     "label": label})
    return _Table(rows)


eeg = _make_eeg()

unlabeled_eeg = eeg.keep(lambda r: r["label"] == "unlabeled")
eeg = eeg.keep(lambda r: r["label"] != "unlabeled")
eeg = eeg.keep(lambda r: r["label"] != "everyone paired")

for _r in eeg.rows:
    for _c in ["indra_time", "Unnamed: 0", "browser_latency", "reading_time", "attention_esense",
               "meditation_esense", "updatedAt", "createdAt"]:
        del _r[_c]


def convert_string_data_to_values(value_string):
    str_list = json.loads(value_string)
    return str_list


for _r in eeg.rows:
    _r["raw_values"] = convert_string_data_to_values(_r["raw_values"])

eeg = eeg.keep(lambda r: r["signal_quality"] < QUALITY_THRESHOLD)
print((len(eeg.rows), 3))

print("Before replacing labels")
print(sorted(set(r["label"] for r in eeg.rows)), "\n")
print(len(set(r["label"] for r in eeg.rows)), "\n")

_replace = {
    "label": {
        "blink1": "blink",
        "blink2": "blink",
        "blink3": "blink",
        "blink4": "blink",
        "blink5": "blink",
        "math1": "math",
        "math2": "math",
        "math3": "math",
        "math4": "math",
        "math5": "math",
        "math6": "math",
        "math7": "math",
        "math8": "math",
        "math9": "math",
        "math10": "math",
        "math11": "math",
        "math12": "math",
        "thinkOfItems-ver1": "thinkOfItems",
        "thinkOfItems-ver2": "thinkOfItems",
        "video-ver1": "video",
        "video-ver2": "video",
        "thinkOfItemsInstruction-ver1": "thinkOfItemsInstruction",
        "thinkOfItemsInstruction-ver2": "thinkOfItemsInstruction",
        "colorRound1-1": "colorRound1",
        "colorRound1-2": "colorRound1",
        "colorRound1-3": "colorRound1",
        "colorRound1-4": "colorRound1",
        "colorRound1-5": "colorRound1",
        "colorRound1-6": "colorRound1",
        "colorRound2-1": "colorRound2",
        "colorRound2-2": "colorRound2",
        "colorRound2-3": "colorRound2",
        "colorRound2-4": "colorRound2",
        "colorRound2-5": "colorRound2",
        "colorRound2-6": "colorRound2",
        "colorRound3-1": "colorRound3",
        "colorRound3-2": "colorRound3",
        "colorRound3-3": "colorRound3",
        "colorRound3-4": "colorRound3",
        "colorRound3-5": "colorRound3",
        "colorRound3-6": "colorRound3",
        "colorRound4-1": "colorRound4",
        "colorRound4-2": "colorRound4",
        "colorRound4-3": "colorRound4",
        "colorRound4-4": "colorRound4",
        "colorRound4-5": "colorRound4",
        "colorRound4-6": "colorRound4",
        "colorRound5-1": "colorRound5",
        "colorRound5-2": "colorRound5",
        "colorRound5-3": "colorRound5",
        "colorRound5-4": "colorRound5",
        "colorRound5-5": "colorRound5",
        "colorRound5-6": "colorRound5",
        "colorInstruction1": "colorInstruction",
        "colorInstruction2": "colorInstruction",
        "readyRound1": "readyRound",
        "readyRound2": "readyRound",
        "readyRound3": "readyRound",
        "readyRound4": "readyRound",
        "readyRound5": "readyRound",
        "colorRound1": "colorRound",
        "colorRound2": "colorRound",
        "colorRound3": "colorRound",
        "colorRound4": "colorRound",
        "colorRound5": "colorRound",
    }
}
# pandas' replace maps each value once (colorRound1-2 -> colorRound1, not on to colorRound)
for _r in eeg.rows:
    _r["label"] = _replace["label"].get(_r["label"], _r["label"])

print("After replacing labels")
print(sorted(set(r["label"] for r in eeg.rows)))
print(len(set(r["label"] for r in eeg.rows)))

# LabelEncoder: the sorted classes, each label replaced by its index
le_classes, _encoded = np.unique([r["label"] for r in eeg.rows], return_inverse=True)
for _r, _e in zip(eeg.rows, _encoded):
    _r["label"] = int(_e)

num_classes = len(set(r["label"] for r in eeg.rows))
print(num_classes)


def _min_max(values):
    values = np.asarray(values, dtype=np.float64)
    return (values - values.min()) / (values.max() - values.min())


series_list = [_min_max(np.asarray(r["raw_values"]).reshape(-1, 1)) for r in eeg.rows]

labels_list = [r["label"] for r in eeg.rows]

_order = np.random.RandomState(42).permutation(len(series_list))
_n_test = int(np.ceil(0.15 * len(series_list)))
x_train = [series_list[i] for i in _order[:-_n_test]]
x_test = [series_list[i] for i in _order[-_n_test:]]
y_train = [labels_list[i] for i in _order[:-_n_test]]
y_test = [labels_list[i] for i in _order[-_n_test:]]

print(
    f"Length of x_train : {len(x_train)}\nLength of x_test : {len(x_test)}\nLength of y_train : {len(y_train)}\nLength of y_test : {len(y_test)}"
)

x_train = np.asarray(x_train).astype(np.float32).reshape(-1, 64, 1)
y_train = np.asarray(y_train).astype(np.float32).reshape(-1, 1)
y_train = keras.utils.to_categorical(y_train)

x_test = np.asarray(x_test).astype(np.float32).reshape(-1, 64, 1)
y_test = np.asarray(y_test).astype(np.float32).reshape(-1, 1)
y_test = keras.utils.to_categorical(y_test, num_classes)

vals_dict = {}
for i in [r["label"] for r in eeg.rows]:
    if i in vals_dict.keys():
        vals_dict[i] += 1
    else:
        vals_dict[i] = 1
total = sum(vals_dict.values())

# Formula used - Naive method where
# weight = 1 - (no. of samples present / total no. of samples)
# So more the samples, lower the weight

weight_dict = {k: (1 - (v / total)) for k, v in vals_dict.items()}
print(weight_dict)


def create_model():
    input_layer = keras.Input(shape=(64, 1))

    x = layers.Conv1D(
        filters=4, kernel_size=3, strides=2, activation="relu", padding="same"
    )(input_layer)
    x = layers.BatchNormalization()(x)

    x = layers.Conv1D(
        filters=4, kernel_size=3, strides=2, activation="relu", padding="same"
    )(x)
    x = layers.BatchNormalization()(x)

    x = layers.Conv1D(
        filters=8, kernel_size=5, strides=2, activation="relu", padding="same"
    )(x)
    x = layers.BatchNormalization()(x)

    x = layers.Conv1D(
        filters=8, kernel_size=5, strides=2, activation="relu", padding="same"
    )(x)
    x = layers.BatchNormalization()(x)

    x = layers.Conv1D(
        filters=8, kernel_size=7, strides=2, activation="relu", padding="same"
    )(x)
    x = layers.BatchNormalization()(x)

    x = layers.Conv1D(
        filters=8, kernel_size=7, strides=2, activation="relu", padding="same"
    )(x)
    x = layers.BatchNormalization()(x)

    x = layers.Dropout(0.0)(x)

    x = layers.Flatten()(x)

    x = layers.Dense(16, activation="relu")(x)
    x = layers.Dropout(0.0)(x)

    x = layers.Dense(
        16, activation="relu", kernel_regularizer=keras.regularizers.L2()
    )(x)
    x = layers.Dropout(0.0)(x)

    x = layers.Dense(
        16, activation="relu", kernel_regularizer=keras.regularizers.L2()
    )(x)
    x = layers.Dropout(0.0)(x)
    x = layers.Dense(
        8, activation="relu", kernel_regularizer=keras.regularizers.L2()
    )(x)
    output_layer = layers.Dense(num_classes, activation="softmax")(x)

    return keras.Model(inputs=input_layer, outputs=output_layer)


conv_model = create_model()

print(conv_model.summary())

epochs = 3

callbacks = [
    keras.callbacks.ModelCheckpoint(
        "best_model.h5", save_best_only=True, monitor="loss"
    ),
    keras.callbacks.ReduceLROnPlateau(
        monitor="val_top_k_categorical_accuracy",
        factor=0.2,
        patience=2,
        min_lr=0.000001,
    ),
]

optimizer = keras.optimizers.Adam(amsgrad=True, learning_rate=0.001)
loss = keras.losses.CategoricalCrossentropy()

conv_model.compile(
    optimizer=optimizer,
    loss=loss,
    metrics=[
        keras.metrics.TopKCategoricalAccuracy(k=3),
        keras.metrics.AUC(),
        keras.metrics.Precision(),
        keras.metrics.Recall(),
    ],
)

conv_model_history = conv_model.fit(
    x_train,
    y_train,
    batch_size=BATCH_SIZE,
    shuffle=False,
    epochs=epochs,
    callbacks=callbacks,
    validation_data=(x_test, y_test),
    class_weight=weight_dict,
)

loss, accuracy, auc, precision, recall = conv_model.evaluate(x_test, y_test, batch_size=BATCH_SIZE)
print(f"Loss : {loss}")
print(f"Top 3 Categorical Accuracy : {accuracy}")
print(f"Area under the Curve (ROC) : {auc}")
print(f"Precision : {precision}")
print(f"Recall : {recall}")


def view_evaluated_eeg_plots(model):
    start_index = random.randint(10, len(eeg.rows) - 12)
    end_index = start_index + 11
    data = [r["raw_values"] for r in eeg.rows[start_index : end_index + 1]]
    data_array = [_min_max(np.asarray(i).reshape(-1, 1)) for i in data]
    data_array = [np.asarray(data_array).astype(np.float32).reshape(-1, 64, 1)]
    original_labels = [r["label"] for r in eeg.rows[start_index : end_index + 1]]
    predicted_labels = np.argmax(model.predict(data_array, verbose=0), axis=1)
    original_labels = [
        le_classes[np.array(label).reshape(-1)][0]
        for label in original_labels
    ]
    predicted_labels = [
        le_classes[np.array(label).reshape(-1)][0]
        for label in predicted_labels
    ]
    for og_label, pred_label in zip(original_labels, predicted_labels):
        print(f"Actual Label : {og_label}\nPredicted Label : {pred_label}")


view_evaluated_eeg_plots(conv_model)
