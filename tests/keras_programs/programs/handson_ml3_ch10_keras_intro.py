# source: ageron/handson-ml3 10_neural_nets_with_keras.ipynb (A. Géron, "Hands-On Machine Learning", 3rd ed., chapter 10 "Introduction to Artificial Neural Networks with Keras": the Fashion MNIST Sequential classifier, then California-housing regression MLPs with a Normalization layer adapted to the data, Wide & Deep functional models (one input, two inputs, two outputs), the subclassed WideAndDeepModel holding its own Normalization layers, saving and loading, ModelCheckpoint / EarlyStopping / a custom callback; code cells 15-82 in order)
# commit: e3f3f9e66d58cfa1d068a498433063a1d3fba9ef
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.* throughout, tf.random.set_seed, tf.keras.backend.clear_session; Sequential built by add() from an InputLayer(input_shape=[8, 8]) + Flatten, and from a list with Flatten(input_shape); summary(), model.layers, layers[1].name, get_layer('dense') is hidden1, get_weights(); compile with string names, then again with tf.keras.losses.sparse_categorical_crossentropy / tf.keras.optimizers.SGD() / tf.keras.metrics.sparse_categorical_accuracy function objects; tf.keras.utils.to_categorical; fit(validation_data), history.params / history.epoch, evaluate, predict, argmax; tf.keras.layers.Normalization(input_shape=...) as a Sequential's first layer, adapt()ed after compile, metrics=["RootMeanSquaredError"] by string, Adam(learning_rate=1e-3); a functional model from layer objects made first (Normalization, Dense, Concatenate layer, Dense) with tf.keras.layers.Input; two inputs each with its own adapted Normalization and tf.keras.layers.concatenate; two outputs compiled with loss=("mse", "mse") and loss_weights=(0.9, 0.1) tuples and a nested list of one metric per output, evaluate's list sliced [:3], predict unpacked and zipped with model.output_names; a tf.keras.Model subclass WideAndDeepModel(units, activation, name=...) holding two Normalization layers adapted through model.norm_layer_wide.adapt(...), returning a tuple of two outputs, compiled with list loss / loss_weights and two metrics; save_weights / load_weights("my_weights.weights.h5"); model.save("my_model.keras") and load_model(custom_objects={"WideAndDeepModel": ...}); ModelCheckpoint("my_checkpoints.weights.h5", save_weights_only=True), EarlyStopping(patience, restore_best_weights=True), a Callback printing logs["val_loss"] / logs["loss"] with an f-string, fit(verbose=0)
# reduced: the subclassed WideAndDeepModel is called once on a row before compile (built, so that the harness hands both libraries its starting weights; the notebook's model is built by its first fit); the notebook at this commit targets TensorFlow 2.16+'s Keras 3 (run here, as the corpus's other handson-ml3 programs, on tf-keras): metrics=["RootMeanSquaredError", "RootMeanSquaredError"] for the two-output models -> [["RootMeanSquaredError"], ["RootMeanSquaredError"]] (Keras 3 reads a flat list with one entry per output as per-output; tf-keras applies each entry to every output and raises 'Found two metrics with the same name'); model.export("my_keras_model") and tf.keras.layers.TFSMLayer (a TensorFlow SavedModel; tf-keras has no TFSMLayer, and statefulrnn refuses SavedModel export by design) dropped with the shutil.rmtree before them kept; tf.keras.datasets.fashion_mnist.load_data (a download) replaced by made-up 8x8 uint8 "images" of classes 0..9 (numpy RandomState(10): a class-dependent blob plus noise), 128 training rows (the notebook's [:-5000] / [-5000:] split -> [:-32] / [-32:]) and 32 test rows, so input_shape=[28, 28] -> [8, 8]; fetch_california_housing (a download) replaced by 200 seeded rows of 8 features with a nonlinear target (numpy RandomState(42)) and sklearn's train_test_split (the Keras venv has no sklearn) by a small numpy stand-in (a seeded permutation, 25% held out); Dense 300 / 100 / 50 -> 16 / 8 / 16 (30 kept); epochs 30 / 20 / 10 / 100 -> 2 / 2 / 2 / 4 with EarlyStopping(patience=10) -> patience=2; shuffle=False added to every fit (tf-keras shuffles with TensorFlow's generator); the perceptron / sklearn MLP cells 1-14, the matplotlib / pandas plots, plot_model, the shell-listing cell 72 (Path.glob), and the TensorBoard / keras_tuner cells 83 onward dropped; cells that only display a value printed
import numpy as np

import tensorflow as tf


def _images(n, rng):
    y = rng.randint(0, 10, size=n).astype(np.uint8)
    y[:10] = np.arange(10)
    X = np.zeros((n, 8, 8), dtype=np.float64)
    for i, label in enumerate(y):
        r, c = divmod(int(label), 4)
        X[i, 2 * r:2 * r + 3, 2 * c:2 * c + 3] += 180
    X += rng.randint(0, 70, size=X.shape)
    return np.clip(X, 0, 255).astype(np.uint8), y


_rng = np.random.RandomState(10)
fashion_mnist = (_images(128, _rng), _images(32, _rng))
(X_train_full, y_train_full), (X_test, y_test) = fashion_mnist
X_train, y_train = X_train_full[:-32], y_train_full[:-32]
X_valid, y_valid = X_train_full[-32:], y_train_full[-32:]
print(X_train.shape)
print(X_train.dtype)
X_train, X_valid, X_test = X_train / 255., X_valid / 255., X_test / 255.
print(y_train)
class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
print(class_names[y_train[0]])

tf.random.set_seed(42)
model = tf.keras.Sequential()
model.add(tf.keras.layers.InputLayer(input_shape=[8, 8]))
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(16, activation="relu"))
model.add(tf.keras.layers.Dense(8, activation="relu"))
model.add(tf.keras.layers.Dense(10, activation="softmax"))

tf.keras.backend.clear_session()
tf.random.set_seed(42)

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=[8, 8]),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(8, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax")
])
model.summary()
print([layer.name for layer in model.layers])
hidden1 = model.layers[1]
print(hidden1.name)
print(model.get_layer('dense') is hidden1)
weights, biases = hidden1.get_weights()
print(weights.shape, biases.shape)

model.compile(loss="sparse_categorical_crossentropy",
              optimizer="sgd",
              metrics=["accuracy"])
model.compile(loss=tf.keras.losses.sparse_categorical_crossentropy,
              optimizer=tf.keras.optimizers.SGD(),
              metrics=[tf.keras.metrics.sparse_categorical_accuracy])
print(tf.keras.utils.to_categorical([0, 5, 1, 0], num_classes=10))
print(np.argmax(
    [[1., 0., 0., 0., 0., 0., 0., 0., 0., 0.],
     [0., 0., 0., 0., 0., 1., 0., 0., 0., 0.],
     [0., 1., 0., 0., 0., 0., 0., 0., 0., 0.],
     [1., 0., 0., 0., 0., 0., 0., 0., 0., 0.]],
    axis=1
))

history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid), shuffle=False)
print(history.params)
print(history.epoch)
model.evaluate(X_test, y_test)
X_new = X_test[:3]
y_proba = model.predict(X_new)
print(y_proba.round(2))
y_pred = y_proba.argmax(axis=-1)
print(y_pred)
print(np.array(class_names)[y_pred])
print(y_test[:3])


def train_test_split(X, y, random_state=None):
    index = np.random.RandomState(random_state).permutation(len(X))
    n_test = int(np.ceil(0.25 * len(X)))
    return X[index[n_test:]], X[index[:n_test]], y[index[n_test:]], y[index[:n_test]]


class _Housing:
    _r = np.random.RandomState(42)
    data = _r.normal(size=(200, 8)) * np.array([2., 10., 3., 1., 500., 3., 2., 2.]) + np.array([4., 30., 5., 1., 1400., 3., 35., -119.])
    target = (0.5 + 0.4 * data[:, 0] + 0.02 * data[:, 1] - 0.1 * np.sin(data[:, 6]) + _r.normal(scale=0.1, size=200)) / 2


def fetch_california_housing():
    return _Housing()


housing = fetch_california_housing()
X_train_full, X_test, y_train_full, y_test = train_test_split(
    housing.data, housing.target, random_state=42)
X_train, X_valid, y_train, y_valid = train_test_split(
    X_train_full, y_train_full, random_state=42)

tf.random.set_seed(42)
norm_layer = tf.keras.layers.Normalization(input_shape=X_train.shape[1:])
model = tf.keras.Sequential([
    norm_layer,
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1)
])
optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
model.compile(loss="mse", optimizer=optimizer, metrics=["RootMeanSquaredError"])
norm_layer.adapt(X_train)
history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid), shuffle=False)
mse_test, rmse_test = model.evaluate(X_test, y_test)
X_new = X_test[:3]
y_pred = model.predict(X_new)
print(rmse_test)
print(y_pred)

tf.keras.backend.clear_session()
tf.random.set_seed(42)

normalization_layer = tf.keras.layers.Normalization()
hidden_layer1 = tf.keras.layers.Dense(30, activation="relu")
hidden_layer2 = tf.keras.layers.Dense(30, activation="relu")
concat_layer = tf.keras.layers.Concatenate()
output_layer = tf.keras.layers.Dense(1)

input_ = tf.keras.layers.Input(shape=X_train.shape[1:])
normalized = normalization_layer(input_)
hidden1 = hidden_layer1(normalized)
hidden2 = hidden_layer2(hidden1)
concat = concat_layer([normalized, hidden2])
output = output_layer(concat)

model = tf.keras.Model(inputs=[input_], outputs=[output])
model.summary()

optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
model.compile(loss="mse", optimizer=optimizer, metrics=["RootMeanSquaredError"])
normalization_layer.adapt(X_train)
history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid), shuffle=False)
mse_test = model.evaluate(X_test, y_test)
y_pred = model.predict(X_new)

tf.random.set_seed(42)
input_wide = tf.keras.layers.Input(shape=[5])  # features 0 to 4
input_deep = tf.keras.layers.Input(shape=[6])  # features 2 to 7
norm_layer_wide = tf.keras.layers.Normalization()
norm_layer_deep = tf.keras.layers.Normalization()
norm_wide = norm_layer_wide(input_wide)
norm_deep = norm_layer_deep(input_deep)
hidden1 = tf.keras.layers.Dense(30, activation="relu")(norm_deep)
hidden2 = tf.keras.layers.Dense(30, activation="relu")(hidden1)
concat = tf.keras.layers.concatenate([norm_wide, hidden2])
output = tf.keras.layers.Dense(1)(concat)
model = tf.keras.Model(inputs=[input_wide, input_deep], outputs=[output])

optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
model.compile(loss="mse", optimizer=optimizer, metrics=["RootMeanSquaredError"])

X_train_wide, X_train_deep = X_train[:, :5], X_train[:, 2:]
X_valid_wide, X_valid_deep = X_valid[:, :5], X_valid[:, 2:]
X_test_wide, X_test_deep = X_test[:, :5], X_test[:, 2:]
X_new_wide, X_new_deep = X_test_wide[:3], X_test_deep[:3]

norm_layer_wide.adapt(X_train_wide)
norm_layer_deep.adapt(X_train_deep)
history = model.fit((X_train_wide, X_train_deep), y_train, epochs=2,
                    validation_data=((X_valid_wide, X_valid_deep), y_valid), shuffle=False)
mse_test = model.evaluate((X_test_wide, X_test_deep), y_test)
y_pred = model.predict((X_new_wide, X_new_deep))

tf.keras.backend.clear_session()
tf.random.set_seed(42)

input_wide = tf.keras.layers.Input(shape=[5])  # features 0 to 4
input_deep = tf.keras.layers.Input(shape=[6])  # features 2 to 7
norm_layer_wide = tf.keras.layers.Normalization()
norm_layer_deep = tf.keras.layers.Normalization()
norm_wide = norm_layer_wide(input_wide)
norm_deep = norm_layer_deep(input_deep)
hidden1 = tf.keras.layers.Dense(30, activation="relu")(norm_deep)
hidden2 = tf.keras.layers.Dense(30, activation="relu")(hidden1)
concat = tf.keras.layers.concatenate([norm_wide, hidden2])
output = tf.keras.layers.Dense(1)(concat)
aux_output = tf.keras.layers.Dense(1)(hidden2)
model = tf.keras.Model(inputs=[input_wide, input_deep],
                       outputs=[output, aux_output])

optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
model.compile(loss=("mse", "mse"), loss_weights=(0.9, 0.1), optimizer=optimizer,
              metrics=[["RootMeanSquaredError"], ["RootMeanSquaredError"]])

norm_layer_wide.adapt(X_train_wide)
norm_layer_deep.adapt(X_train_deep)
history = model.fit(
    (X_train_wide, X_train_deep), (y_train, y_train), epochs=2,
    validation_data=((X_valid_wide, X_valid_deep), (y_valid, y_valid)), shuffle=False
)
eval_results = model.evaluate((X_test_wide, X_test_deep), (y_test, y_test))
weighted_sum_of_losses, main_loss, aux_loss = eval_results[:3]
y_pred_main, y_pred_aux = model.predict((X_new_wide, X_new_deep))
y_pred_tuple = model.predict((X_new_wide, X_new_deep))
y_pred = dict(zip(model.output_names, y_pred_tuple))
print(sorted(y_pred))


class WideAndDeepModel(tf.keras.Model):
    def __init__(self, units=30, activation="relu", **kwargs):
        super().__init__(**kwargs)  # needed to support naming the model
        self.norm_layer_wide = tf.keras.layers.Normalization()
        self.norm_layer_deep = tf.keras.layers.Normalization()
        self.hidden1 = tf.keras.layers.Dense(units, activation=activation)
        self.hidden2 = tf.keras.layers.Dense(units, activation=activation)
        self.main_output = tf.keras.layers.Dense(1)
        self.aux_output = tf.keras.layers.Dense(1)

    def call(self, inputs):
        input_wide, input_deep = inputs
        norm_wide = self.norm_layer_wide(input_wide)
        norm_deep = self.norm_layer_deep(input_deep)
        hidden1 = self.hidden1(norm_deep)
        hidden2 = self.hidden2(hidden1)
        concat = tf.keras.layers.concatenate([norm_wide, hidden2])
        output = self.main_output(concat)
        aux_output = self.aux_output(hidden2)
        return output, aux_output

tf.random.set_seed(42)  # extra code – just for reproducibility
model = WideAndDeepModel(30, activation="relu", name="my_cool_model")
model((X_train_wide[:1], X_train_deep[:1]))  # built before compile: the harness shares its starting weights

optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
model.compile(loss=["mse", "mse"], loss_weights=[0.9, 0.1], optimizer=optimizer,
              metrics=[["RootMeanSquaredError"], ["RootMeanSquaredError"]])
model.norm_layer_wide.adapt(X_train_wide)
model.norm_layer_deep.adapt(X_train_deep)
history = model.fit(
    (X_train_wide, X_train_deep), (y_train, y_train), epochs=2,
    validation_data=((X_valid_wide, X_valid_deep), (y_valid, y_valid)), shuffle=False)
eval_results = model.evaluate((X_test_wide, X_test_deep), (y_test, y_test))
y_pred_main, y_pred_aux = model.predict((X_new_wide, X_new_deep))

import shutil

shutil.rmtree("my_keras_model", ignore_errors=True)

model.save_weights("my_weights.weights.h5")
model.load_weights("my_weights.weights.h5")
model.save("my_model.keras")
loaded_model = tf.keras.models.load_model(
    "my_model.keras",
    custom_objects={"WideAndDeepModel": WideAndDeepModel}
)

shutil.rmtree("my_checkpoints", ignore_errors=True)  # extra code
checkpoint_cb = tf.keras.callbacks.ModelCheckpoint("my_checkpoints.weights.h5",
                                                   save_weights_only=True)
history = model.fit(
    (X_train_wide, X_train_deep), (y_train, y_train), epochs=2,
    validation_data=((X_valid_wide, X_valid_deep), (y_valid, y_valid)),
    callbacks=[checkpoint_cb], shuffle=False)

early_stopping_cb = tf.keras.callbacks.EarlyStopping(patience=2,
                                                     restore_best_weights=True)
history = model.fit(
    (X_train_wide, X_train_deep), (y_train, y_train), epochs=4,
    validation_data=((X_valid_wide, X_valid_deep), (y_valid, y_valid)),
    callbacks=[checkpoint_cb, early_stopping_cb], shuffle=False)


class PrintValTrainRatioCallback(tf.keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs):
        ratio = logs["val_loss"] / logs["loss"]
        print(f"Epoch={epoch}, val/train={ratio:.2f}")

val_train_ratio_cb = PrintValTrainRatioCallback()
history = model.fit(
    (X_train_wide, X_train_deep), (y_train, y_train), epochs=2,
    validation_data=((X_valid_wide, X_valid_deep), (y_valid, y_valid)),
    callbacks=[val_train_ratio_cb], verbose=0, shuffle=False)
