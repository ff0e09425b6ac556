# source: ageron/handson-ml2 10_neural_nets_with_keras.ipynb (A. Géron, "Hands-On Machine Learning", 2nd ed., chapter 10 "Introduction to Artificial Neural Networks with Keras": the Fashion MNIST Sequential classifier, the California-housing regression MLP, the Wide & Deep functional models (one input, two inputs, two outputs with loss_weights), the subclassed WideAndDeepModel, h5 save/load and save_weights, ModelCheckpoint / EarlyStopping / a custom callback / TensorBoard, and the MNIST exercise's ExponentialLearningRate callback; code cells 9-126 in order)
# commit: 1e2115277b50f6c584cd668fa30e3af309a5b136
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow import keras`, keras.backend.clear_session, tf.random.set_seed; Sequential built by add() (Flatten(input_shape), Dense relu / softmax) and from a list; model.layers, summary(), layers[1].name, get_layer(name) is layer, layer.get_weights(); compile("sparse_categorical_crossentropy", "sgd", ["accuracy"]), fit(validation_data) and history.params / history.epoch / history.history.keys(), evaluate, predict and np.argmax; a regression Sequential with Dense(input_shape=X_train.shape[1:]) and SGD(learning_rate=1e-3) on "mean_squared_error"; functional Wide & Deep: keras.layers.Input, keras.layers.concatenate of the input and a hidden layer, keras.models.Model(inputs=[...], outputs=[...]); two named inputs fed as a tuple (fit, validation_data, evaluate, predict); two outputs with loss=["mse", "mse"], loss_weights=[0.9, 0.1] fed as lists, evaluate returning total/main/aux losses, predict returning two arrays; a keras.models.Model subclass WideAndDeepModel(units, activation, **kwargs) calling keras.layers.concatenate inside call() and returning a tuple, compiled with loss="mse" and loss_weights for its two outputs; model.save("...h5") and keras.models.load_model, save_weights / load_weights("...ckpt"); ModelCheckpoint(save_best_only=True) then load_model to roll back; EarlyStopping(patience, restore_best_weights=True) alongside it; a Callback subclass printing logs["val_loss"] / logs["loss"] in on_epoch_end; TensorBoard(run_logdir) callbacks made (left out of fit, see reduced); the exercise's ExponentialLearningRate callback (no super().__init__(), on_batch_end with K.get_value / K.set_value of self.model.optimizer.learning_rate times a factor, logs["loss"]), then SGD(learning_rate=3e-1) with EarlyStopping + ModelCheckpoint("...h5") + TensorBoard and a rollback load_model + evaluate
# reduced: keras.datasets.fashion_mnist / mnist load_data (downloads) replaced by made-up 8x8 uint8 "images" of classes 0..9 (numpy RandomState(10): a class-dependent blob plus noise), 96 training rows (the notebook's [:5000] validation split -> [:32]) and 32 test rows, so Flatten(input_shape=[28, 28]) -> [8, 8]; fetch_california_housing (a download) replaced by 200 seeded rows of 8 features with a nonlinear target (numpy RandomState(42)), split and standardized by small numpy stand-ins for sklearn's train_test_split (a seeded permutation, 25% held out) and StandardScaler (the Keras venv has no sklearn); Dense 300 / 100 -> 16 / 8, 30 units kept; epochs 30 / 20 / 10 / 100 / 1 -> 2 / 2 / 2 / 4 / 1, EarlyStopping patience 10 / 20 -> 2; ExponentialLearningRate's fit gets batch_size=8 (a handful of steps); the TensorBoard callbacks made as in the notebook but left out of fit's callbacks (tensorboard is not installed in the Keras venv, so tf.summary fails there); shuffle=False added to every fit (tf-keras shuffles with TensorFlow's generator); the subclassed WideAndDeepModel called once on (X_new_A, X_new_B) before compile (Keras builds it in fit; the harness meets the two runs' initial weights at the first compile, where its weights must exist); matplotlib / pandas plots, save_fig, `%load_ext tensorboard` / `%tensorboard`, plot_model, help(), and the KerasRegressor / RandomizedSearchCV cells 93-105 (keras.wrappers.scikit_learn is gone from tf-keras 2.21) dropped; cells that only display a value printed
import os
import sys
assert sys.version_info >= (3, 5)

import numpy as np

import tensorflow as tf
from tensorflow import keras

np.random.seed(42)


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


def _load_data():
    X_tr, y_tr = _images(96, _rng)
    X_te, y_te = _images(32, _rng)
    return (X_tr, y_tr), (X_te, y_te)


(X_train_full, y_train_full), (X_test, y_test) = _load_data()
print(X_train_full.shape)
print(X_train_full.dtype)
X_valid, X_train = X_train_full[:32] / 255., X_train_full[32:] / 255.
y_valid, y_train = y_train_full[:32], y_train_full[32:]
X_test = X_test / 255.

class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
print(class_names[y_train[0]])
print(X_valid.shape, X_test.shape)

model = keras.models.Sequential()
model.add(keras.layers.Flatten(input_shape=[8, 8]))
model.add(keras.layers.Dense(16, activation="relu"))
model.add(keras.layers.Dense(8, activation="relu"))
model.add(keras.layers.Dense(10, activation="softmax"))

keras.backend.clear_session()
np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(10, activation="softmax")
])
print(len(model.layers))
model.summary()
hidden1 = model.layers[1]
print(hidden1.name)
print(model.get_layer(hidden1.name) is hidden1)
weights, biases = hidden1.get_weights()
print(weights.shape, biases.shape)

model.compile(loss="sparse_categorical_crossentropy",
              optimizer="sgd",
              metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid), shuffle=False)
print(history.params)
print(history.epoch)
print(history.history.keys())
model.evaluate(X_test, y_test)
X_new = X_test[:3]
y_proba = model.predict(X_new)
print(y_proba.round(2))
y_pred = np.argmax(model.predict(X_new), axis=-1)
print(y_pred)
print(np.array(class_names)[y_pred])
print(y_test[:3])



def train_test_split(X, y, random_state=None):
    index = np.random.RandomState(random_state).permutation(len(X))
    n_test = int(np.ceil(0.25 * len(X)))
    return X[index[n_test:]], X[index[:n_test]], y[index[n_test:]], y[index[:n_test]]


class StandardScaler:
    def fit_transform(self, X):
        self.mean_, self.scale_ = X.mean(axis=0), X.std(axis=0)
        return self.transform(X)

    def transform(self, X):
        return (X - self.mean_) / self.scale_


class _Housing:
    _r = np.random.RandomState(42)
    data = _r.normal(size=(200, 8)) * np.array([2., 10., 3., 1., 500., 3., 2., 2.]) + np.array([4., 30., 5., 1., 1400., 3., 35., -119.])
    target = (0.5 + 0.4 * data[:, 0] + 0.02 * data[:, 1] - 0.1 * np.sin(data[:, 6]) + _r.normal(scale=0.1, size=200)) / 2


housing = _Housing()

X_train_full, X_test, y_train_full, y_test = train_test_split(housing.data, housing.target, random_state=42)
X_train, X_valid, y_train, y_valid = train_test_split(X_train_full, y_train_full, random_state=42)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_valid = scaler.transform(X_valid)
X_test = scaler.transform(X_test)

np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential([
    keras.layers.Dense(30, activation="relu", input_shape=X_train.shape[1:]),
    keras.layers.Dense(1)
])
model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
history = model.fit(X_train, y_train, epochs=2, validation_data=(X_valid, y_valid), shuffle=False)
mse_test = model.evaluate(X_test, y_test)
X_new = X_test[:3]
y_pred = model.predict(X_new)
print(y_pred)

np.random.seed(42)
tf.random.set_seed(42)

input_ = keras.layers.Input(shape=X_train.shape[1:])
hidden1 = keras.layers.Dense(30, activation="relu")(input_)
hidden2 = keras.layers.Dense(30, activation="relu")(hidden1)
concat = keras.layers.concatenate([input_, hidden2])
output = keras.layers.Dense(1)(concat)
model = keras.models.Model(inputs=[input_], outputs=[output])
model.summary()
model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid), shuffle=False)
mse_test = model.evaluate(X_test, y_test)
y_pred = model.predict(X_new)

np.random.seed(42)
tf.random.set_seed(42)

input_A = keras.layers.Input(shape=[5], name="wide_input")
input_B = keras.layers.Input(shape=[6], name="deep_input")
hidden1 = keras.layers.Dense(30, activation="relu")(input_B)
hidden2 = keras.layers.Dense(30, activation="relu")(hidden1)
concat = keras.layers.concatenate([input_A, hidden2])
output = keras.layers.Dense(1, name="output")(concat)
model = keras.models.Model(inputs=[input_A, input_B], outputs=[output])

model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=1e-3))

X_train_A, X_train_B = X_train[:, :5], X_train[:, 2:]
X_valid_A, X_valid_B = X_valid[:, :5], X_valid[:, 2:]
X_test_A, X_test_B = X_test[:, :5], X_test[:, 2:]
X_new_A, X_new_B = X_test_A[:3], X_test_B[:3]

history = model.fit((X_train_A, X_train_B), y_train, epochs=2,
                    validation_data=((X_valid_A, X_valid_B), y_valid), shuffle=False)
mse_test = model.evaluate((X_test_A, X_test_B), y_test)
y_pred = model.predict((X_new_A, X_new_B))

np.random.seed(42)
tf.random.set_seed(42)

input_A = keras.layers.Input(shape=[5], name="wide_input")
input_B = keras.layers.Input(shape=[6], name="deep_input")
hidden1 = keras.layers.Dense(30, activation="relu")(input_B)
hidden2 = keras.layers.Dense(30, activation="relu")(hidden1)
concat = keras.layers.concatenate([input_A, hidden2])
output = keras.layers.Dense(1, name="main_output")(concat)
aux_output = keras.layers.Dense(1, name="aux_output")(hidden2)
model = keras.models.Model(inputs=[input_A, input_B],
                           outputs=[output, aux_output])
model.compile(loss=["mse", "mse"], loss_weights=[0.9, 0.1], optimizer=keras.optimizers.SGD(learning_rate=1e-3))
history = model.fit([X_train_A, X_train_B], [y_train, y_train], epochs=2,
                    validation_data=([X_valid_A, X_valid_B], [y_valid, y_valid]), shuffle=False)
total_loss, main_loss, aux_loss = model.evaluate(
    [X_test_A, X_test_B], [y_test, y_test])
y_pred_main, y_pred_aux = model.predict([X_new_A, X_new_B])


class WideAndDeepModel(keras.models.Model):
    def __init__(self, units=30, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.hidden1 = keras.layers.Dense(units, activation=activation)
        self.hidden2 = keras.layers.Dense(units, activation=activation)
        self.main_output = keras.layers.Dense(1)
        self.aux_output = keras.layers.Dense(1)

    def call(self, inputs):
        input_A, input_B = inputs
        hidden1 = self.hidden1(input_B)
        hidden2 = self.hidden2(hidden1)
        concat = keras.layers.concatenate([input_A, hidden2])
        main_output = self.main_output(concat)
        aux_output = self.aux_output(hidden2)
        return main_output, aux_output

model = WideAndDeepModel(30, activation="relu")
model((X_new_A, X_new_B))

model.compile(loss="mse", loss_weights=[0.9, 0.1], optimizer=keras.optimizers.SGD(learning_rate=1e-3))
history = model.fit((X_train_A, X_train_B), (y_train, y_train), epochs=2,
                    validation_data=((X_valid_A, X_valid_B), (y_valid, y_valid)), shuffle=False)
total_loss, main_loss, aux_loss = model.evaluate((X_test_A, X_test_B), (y_test, y_test))
y_pred_main, y_pred_aux = model.predict((X_new_A, X_new_B))

np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential([
    keras.layers.Dense(30, activation="relu", input_shape=[8]),
    keras.layers.Dense(30, activation="relu"),
    keras.layers.Dense(1)
])
model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
history = model.fit(X_train, y_train, epochs=2, validation_data=(X_valid, y_valid), shuffle=False)
mse_test = model.evaluate(X_test, y_test)
model.save("my_keras_model.h5")
model = keras.models.load_model("my_keras_model.h5")
model.predict(X_new)
model.save_weights("my_keras_weights.ckpt")
model.load_weights("my_keras_weights.ckpt")

keras.backend.clear_session()
np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential([
    keras.layers.Dense(30, activation="relu", input_shape=[8]),
    keras.layers.Dense(30, activation="relu"),
    keras.layers.Dense(1)
])
model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
checkpoint_cb = keras.callbacks.ModelCheckpoint("my_keras_model.h5", save_best_only=True)
history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid),
                    callbacks=[checkpoint_cb], shuffle=False)
model = keras.models.load_model("my_keras_model.h5") # rollback to best model
mse_test = model.evaluate(X_test, y_test)

model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
early_stopping_cb = keras.callbacks.EarlyStopping(patience=2,
                                                  restore_best_weights=True)
history = model.fit(X_train, y_train, epochs=4,
                    validation_data=(X_valid, y_valid),
                    callbacks=[checkpoint_cb, early_stopping_cb], shuffle=False)
mse_test = model.evaluate(X_test, y_test)


class PrintValTrainRatioCallback(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs):
        print("\nval/train: {:.2f}".format(logs["val_loss"] / logs["loss"]))

val_train_ratio_cb = PrintValTrainRatioCallback()
history = model.fit(X_train, y_train, epochs=1,
                    validation_data=(X_valid, y_valid),
                    callbacks=[val_train_ratio_cb], shuffle=False)

root_logdir = os.path.join(os.curdir, "my_logs")


def get_run_logdir():
    import time
    run_id = time.strftime("run_%Y_%m_%d-%H_%M_%S")
    return os.path.join(root_logdir, run_id)

run_logdir = get_run_logdir()

keras.backend.clear_session()
np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential([
    keras.layers.Dense(30, activation="relu", input_shape=[8]),
    keras.layers.Dense(30, activation="relu"),
    keras.layers.Dense(1)
])
model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
tensorboard_cb = keras.callbacks.TensorBoard(run_logdir)
history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid),
                    callbacks=[checkpoint_cb], shuffle=False)

run_logdir2 = get_run_logdir()
keras.backend.clear_session()
np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential([
    keras.layers.Dense(30, activation="relu", input_shape=[8]),
    keras.layers.Dense(30, activation="relu"),
    keras.layers.Dense(1)
])
model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=0.05))
tensorboard_cb = keras.callbacks.TensorBoard(run_logdir2)
history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid),
                    callbacks=[checkpoint_cb], shuffle=False)

(X_train_full, y_train_full), (X_test, y_test) = _load_data()
print(X_train_full.shape, X_train_full.dtype)
X_valid, X_train = X_train_full[:32] / 255., X_train_full[32:] / 255.
y_valid, y_train = y_train_full[:32], y_train_full[32:]
X_test = X_test / 255.

K = keras.backend

class ExponentialLearningRate(keras.callbacks.Callback):
    def __init__(self, factor):
        self.factor = factor
        self.rates = []
        self.losses = []
    def on_batch_end(self, batch, logs):
        self.rates.append(K.get_value(self.model.optimizer.learning_rate))
        self.losses.append(logs["loss"])
        K.set_value(self.model.optimizer.learning_rate, self.model.optimizer.learning_rate * self.factor)

keras.backend.clear_session()
np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(10, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=1e-3),
              metrics=["accuracy"])
expon_lr = ExponentialLearningRate(factor=1.005)
history = model.fit(X_train, y_train, epochs=1, batch_size=8,
                    validation_data=(X_valid, y_valid),
                    callbacks=[expon_lr], shuffle=False)
print(np.round(expon_lr.rates, 6))
print(np.round(expon_lr.losses, 4))

keras.backend.clear_session()
np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(10, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=3e-1),
              metrics=["accuracy"])
run_index = 1 # increment this at every run
run_logdir = os.path.join(os.curdir, "my_mnist_logs", "run_{:03d}".format(run_index))
early_stopping_cb = keras.callbacks.EarlyStopping(patience=2)
checkpoint_cb = keras.callbacks.ModelCheckpoint("my_mnist_model.h5", save_best_only=True)
tensorboard_cb = keras.callbacks.TensorBoard(run_logdir)

history = model.fit(X_train, y_train, epochs=4,
                    validation_data=(X_valid, y_valid),
                    callbacks=[checkpoint_cb, early_stopping_cb], shuffle=False)
model = keras.models.load_model("my_mnist_model.h5") # rollback to best model
model.evaluate(X_test, y_test)
