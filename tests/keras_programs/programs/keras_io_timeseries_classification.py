# source: keras-team/keras-io examples/timeseries/timeseries_classification_from_scratch.py (the Keras 3 version: `import keras`, "best_model.keras")
# commit: unknown: the stored copy (code index file id 1448234554) names no commit, and the repository snapshot is too large to fetch
# keras: keras
# exercises: keras.layers.Input + three Conv1D(padding="same", use_bias=False) / BatchNormalization / ReLU blocks + GlobalAveragePooling1D + Dense softmax in keras.models.Model, compile with "adam", sparse_categorical_crossentropy and sparse_categorical_accuracy, fit with validation_split=0.2 and three callbacks (ModelCheckpoint("best_model.keras", save_best_only=True, monitor="val_loss"), ReduceLROnPlateau(factor=0.5, min_lr=0.0001), EarlyStopping(verbose=1)), keras.models.load_model of the best .keras checkpoint and evaluate of the loaded model
# reduced: readucr builds its `data` table (label in {-1, 1} in column 0, then the series) with numpy (two sine frequencies plus noise) instead of np.loadtxt of the FordA TSV files: 40 training rows (32 after validation_split, so each epoch is one batch of 32 and fit's shuffling cannot change the result) and 16 test rows of 50 steps instead of 3601 and 1320 of 500; 2 epochs instead of 500 (val_loss still falls each epoch, so every epoch is checkpointed and ReduceLROnPlateau and EarlyStopping do not act); the three Conv1D layers get use_bias=False: a bias just before BatchNormalization has a gradient that is zero in exact arithmetic, so Adam turns its float rounding noise into steps of ~1e-4 and no other implementation can reproduce TensorFlow's noise; no plots, no plot_model (they need matplotlib, pydot and graphviz); the last print shows the history's accuracies instead of plotting them
import keras
import numpy as np


def readucr(num_rows):
    labels = np.where(np.random.rand(num_rows) < 0.5, -1.0, 1.0)
    steps = np.arange(50)
    phase = np.random.uniform(0, 2 * np.pi, size=(num_rows, 1))
    frequency = np.where(labels[:, None] > 0, 0.3, 0.5)
    series = np.sin(frequency * steps + phase) + 0.3 * np.random.normal(size=(num_rows, 50))
    data = np.concatenate([labels[:, None], series], axis=1)
    y = data[:, 0]
    x = data[:, 1:]
    return x, y.astype(int)


x_train, y_train = readucr(40)
x_test, y_test = readucr(16)

classes = np.unique(np.concatenate((y_train, y_test), axis=0))

x_train = x_train.reshape((x_train.shape[0], x_train.shape[1], 1))
x_test = x_test.reshape((x_test.shape[0], x_test.shape[1], 1))

num_classes = len(np.unique(y_train))

idx = np.random.permutation(len(x_train))
x_train = x_train[idx]
y_train = y_train[idx]

y_train[y_train == -1] = 0
y_test[y_test == -1] = 0


def make_model(input_shape):
    input_layer = keras.layers.Input(input_shape)

    conv1 = keras.layers.Conv1D(filters=64, kernel_size=3, padding="same", use_bias=False)(input_layer)
    conv1 = keras.layers.BatchNormalization()(conv1)
    conv1 = keras.layers.ReLU()(conv1)

    conv2 = keras.layers.Conv1D(filters=64, kernel_size=3, padding="same", use_bias=False)(conv1)
    conv2 = keras.layers.BatchNormalization()(conv2)
    conv2 = keras.layers.ReLU()(conv2)

    conv3 = keras.layers.Conv1D(filters=64, kernel_size=3, padding="same", use_bias=False)(conv2)
    conv3 = keras.layers.BatchNormalization()(conv3)
    conv3 = keras.layers.ReLU()(conv3)

    gap = keras.layers.GlobalAveragePooling1D()(conv3)

    output_layer = keras.layers.Dense(num_classes, activation="softmax")(gap)

    return keras.models.Model(inputs=input_layer, outputs=output_layer)


model = make_model(input_shape=x_train.shape[1:])

epochs = 2
batch_size = 32

callbacks = [
    keras.callbacks.ModelCheckpoint("best_model.keras", save_best_only=True, monitor="val_loss"),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=20, min_lr=0.0001),
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=50, verbose=1),
]
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["sparse_categorical_accuracy"],
)
history = model.fit(
    x_train,
    y_train,
    batch_size=batch_size,
    epochs=epochs,
    callbacks=callbacks,
    validation_split=0.2,
    verbose=1,
)

model = keras.models.load_model("best_model.keras")

test_loss, test_acc = model.evaluate(x_test, y_test)

print("Test accuracy", test_acc)
print("Test loss", test_loss)

metric = "sparse_categorical_accuracy"
print(history.history[metric], history.history["val_" + metric])
