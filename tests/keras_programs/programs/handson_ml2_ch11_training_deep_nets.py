# source: ageron/handson-ml2 11_training_deep_neural_networks.ipynb (A. Géron, "Hands-On Machine Learning", 2nd ed., chapter 11: initializers, LeakyReLU / PReLU / SELU networks, BatchNormalization, gradient clipping, transfer learning by reusing a loaded model's layers, optimizers, learning-rate schedules written as callbacks and as keras.optimizers.schedules, the 1cycle scheduler, l2 regularization through functools.partial, AlphaDropout and MC dropout, max-norm; its Fashion MNIST code cells 10-184 in order)
# commit: 1e2115277b50f6c584cd668fa30e3af309a5b136
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow import keras`, tf.random.set_seed; dir(keras.initializers) / dir(keras.activations) / dir(keras.layers) listings; Dense(kernel_initializer="he_normal"), keras.initializers.VarianceScaling(scale=2., mode='fan_avg', distribution='uniform'); Sequential lists with Flatten(input_shape=[8, 8]), Dense + LeakyReLU(), Dense + PReLU(), selu + "lecun_normal" and relu + "he_normal" deep stacks built by model.add in a loop; BatchNormalization before and after Dense(use_bias=False) + Activation("relu"), summary(), bn1.variables names and trainable flags; SGD(clipvalue=1.0), SGD(clipnorm=1.0); compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=1e-3), metrics=["accuracy"]); fit(validation_data=...); model_A.save("my_model_A.h5"), keras.models.load_model("my_model_A.h5"), keras.models.Sequential(model_A.layers[:-1]) + add(Dense(1, sigmoid)), keras.models.clone_model and set_weights(get_weights()), layer.trainable = False then True with a compile after each, binary_crossentropy on float32 0/1 labels, evaluate of model_B and model_B_on_A; SGD(momentum, nesterov), Adagrad, RMSprop(rho), Adam(beta_1, beta_2), Adamax, Nadam made and left unused; a legacy SGD(learning_rate=0.01, decay=1e-4) trained; LearningRateScheduler(fn(epoch)) with an exponential schedule and with a piecewise-constant schedule returning np.float64 from an array; a Callback subclass ExponentialDecay whose on_batch_begin reads K.get_value(self.model.optimizer.learning_rate) and writes it with K.set_value, and whose on_epoch_end writes logs['lr'] (shown in the history); ReduceLROnPlateau(factor=0.5, patience) (its 'lr' history key); keras.optimizers.schedules.ExponentialDecay(0.01, s, 0.1) given positionally to SGD, PiecewiseConstantDecay made; find_learning_rate: a Callback subclass without super().__init__() whose on_batch_end(batch, logs) reads logs["loss"] and does K.set_value(self.model.optimizer.learning_rate, self.model.optimizer.learning_rate * self.factor) (a learning-rate variable times a float), fit(epochs=1, batch_size) with it, model.set_weights(init_weights) after; OneCycleScheduler (a Callback without super().__init__(), on_batch_begin(batch, logs) with K.set_value) with fit(batch_size=...); keras.regularizers.l2(0.01) on Dense kernels, functools.partial(keras.layers.Dense, ...) (RegularizedDense, MaxNormDense with keras.constraints.max_norm(1.)); Dropout(rate=...) and AlphaDropout(rate=...) layers; model(X, training=True) called directly and stacked with np.stack; np.round(model.predict(...)); MCDropout / MCAlphaDropout subclasses whose call is super().call(inputs, training=True); a Sequential of the trained model's own layers with the AlphaDropout swapped for MCAlphaDropout(layer.rate), summary(), compile, set_weights(model.get_weights()), repeated predict
# reduced: keras.datasets.fashion_mnist.load_data (a download) replaced by made-up 8x8 uint8 "images" (Flatten(input_shape=[28, 28]) -> [8, 8] throughout: with 784 inputs, Adam's first kernel had a few elements whose gradient sums cancel to float32 rounding noise, which Adam turns into steps; tf-keras's own run with oneDNN off ended those elements 2e-6..4e-5 from its run with it on) of classes 0..9 (numpy RandomState(11): a class-dependent blob plus noise), 96 training rows (32 valid by the notebook's [:5000] split with 32 for 5000, 64 train) and 32 test rows, every class in every split; Dense 300 / 100 / 50 -> 16 / 8 / 8, the 99-layer deep stacks -> 9 layers, X_train_B[:200] -> [:200] kept (fewer rows are there); epochs 10 / 5 / 20 / 25 / 4 / 16 -> 2, n_epochs 25 -> 3 (the 1cycle 25 -> 3 too); the piecewise schedule's boundaries [5, 15] -> [1, 2] (so three epochs pass both); ReduceLROnPlateau(patience=5) -> patience=1; find_learning_rate's and the 1cycle's batch_size 128 -> 16; MC dropout's 100 samples -> 3 (both loops); Dropout(rate=0.2) and AlphaDropout(rate=0.2) -> rate=0.0 (random masks cannot match; MCAlphaDropout(layer.rate) gets 0.0 too); `keras.optimizers.SGD(learning_rate=0.01, decay=1e-4)` -> `keras.optimizers.legacy.SGD(learning_rate=0.01, decay=1e-4)` (tf-keras 2.11+'s SGD raises ValueError on `decay`; the notebook was written for TF 2.x before it, when SGD was today's legacy one); optimizer="nadam" and the trained keras.optimizers.Nadam(learning_rate=lr0) -> "adam" / keras.optimizers.Adam(learning_rate=lr0) (tf-keras 2.21's Nadam keeps its running product of momentum factors with a Python counter that its tf.cond bumps while tracing: README, "Where we differ from Keras"; the unused Nadam(...) of cell 111 kept); shuffle=False added to every fit (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay); `assert tf.__version__ >= "2.0"` dropped (statefulrnn, standing in for `tf`, reports its own version 0.1.0); the sklearn import, `%tensorflow_version`, `%load_ext tensorboard`, matplotlib setup, save_fig and every plotting cell (and plot_lr_vs_loss) dropped; scipy's erfc (selu constants for a numpy plot) replaced by math.erfc; cells that only display a value printed; the CIFAR10 exercise (cells 190-228: a download, TensorBoard) left out
import sys
assert sys.version_info >= (3, 5)

import tensorflow as tf
from tensorflow import keras

import numpy as np
import os
import math

np.random.seed(42)


def logit(z):
    return 1 / (1 + np.exp(-z))

z = np.linspace(-5, 5, 200)

print([name for name in dir(keras.initializers) if not name.startswith("_")])

keras.layers.Dense(10, activation="relu", kernel_initializer="he_normal")

init = keras.initializers.VarianceScaling(scale=2., mode='fan_avg',
                                          distribution='uniform')
keras.layers.Dense(10, activation="relu", kernel_initializer=init)

def leaky_relu(z, alpha=0.01):
    return np.maximum(alpha*z, z)

print([m for m in dir(keras.activations) if not m.startswith("_")])

print([m for m in dir(keras.layers) if "relu" in m.lower()])


def load_fashion_mnist():
    # stand-in for keras.datasets.fashion_mnist.load_data: blurry class-dependent blobs
    rng = np.random.RandomState(11)
    def make(n):
        y = rng.permutation(np.arange(n) % 10).astype(np.uint8)
        rows = np.arange(8)[:, None]
        cols = np.arange(8)[None, :]
        X = np.empty((n, 8, 8), dtype=np.uint8)
        for i, label in enumerate(y):
            cy, cx = 1 + 0.6 * label, 6 - 0.5 * label
            blob = 200 * np.exp(-((rows - cy) ** 2 + (cols - cx) ** 2) / 4.0)
            X[i] = np.clip(blob + rng.randint(0, 50, size=(8, 8)), 0, 255)
        return X, y
    return make(96), make(32)


(X_train_full, y_train_full), (X_test, y_test) = load_fashion_mnist()
X_train_full = X_train_full / 255.0
X_test = X_test / 255.0
X_valid, X_train = X_train_full[:32], X_train_full[32:]
y_valid, y_train = y_train_full[:32], y_train_full[32:]

tf.random.set_seed(42)
np.random.seed(42)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, kernel_initializer="he_normal"),
    keras.layers.LeakyReLU(),
    keras.layers.Dense(8, kernel_initializer="he_normal"),
    keras.layers.LeakyReLU(),
    keras.layers.Dense(10, activation="softmax")
])

model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=1e-3),
              metrics=["accuracy"])

history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid), shuffle=False)

tf.random.set_seed(42)
np.random.seed(42)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, kernel_initializer="he_normal"),
    keras.layers.PReLU(),
    keras.layers.Dense(8, kernel_initializer="he_normal"),
    keras.layers.PReLU(),
    keras.layers.Dense(10, activation="softmax")
])

model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=1e-3),
              metrics=["accuracy"])

history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid), shuffle=False)

def elu(z, alpha=1):
    return np.where(z < 0, alpha * (np.exp(z) - 1), z)

keras.layers.Dense(10, activation="elu")

from math import erfc

# alpha and scale to self normalize with mean 0 and standard deviation 1
# (see equation 14 in the paper):
alpha_0_1 = -np.sqrt(2 / np.pi) / (erfc(1/np.sqrt(2)) * np.exp(1/2) - 1)
scale_0_1 = (1 - erfc(1 / np.sqrt(2)) * np.sqrt(np.e)) * np.sqrt(2 * np.pi) * (2 * erfc(np.sqrt(2))*np.e**2 + np.pi*erfc(1/np.sqrt(2))**2*np.e - 2*(2+np.pi)*erfc(1/np.sqrt(2))*np.sqrt(np.e)+np.pi+2)**(-1/2)

def selu(z, scale=scale_0_1, alpha=alpha_0_1):
    return scale * elu(z, alpha)

np.random.seed(42)
Z = np.random.normal(size=(500, 100)) # standardized inputs
for layer in range(1000):
    W = np.random.normal(size=(100, 100), scale=np.sqrt(1 / 100)) # LeCun initialization
    Z = selu(np.dot(Z, W))
    means = np.mean(Z, axis=0).mean()
    stds = np.std(Z, axis=0).mean()
    if layer % 100 == 0:
        print("Layer {}: mean {:.2f}, std deviation {:.2f}".format(layer, means, stds))

keras.layers.Dense(10, activation="selu",
                   kernel_initializer="lecun_normal")

np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential()
model.add(keras.layers.Flatten(input_shape=[8, 8]))
model.add(keras.layers.Dense(16, activation="selu",
                             kernel_initializer="lecun_normal"))
for layer in range(9):
    model.add(keras.layers.Dense(8, activation="selu",
                                 kernel_initializer="lecun_normal"))
model.add(keras.layers.Dense(10, activation="softmax"))

model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=1e-3),
              metrics=["accuracy"])

pixel_means = X_train.mean(axis=0, keepdims=True)
pixel_stds = X_train.std(axis=0, keepdims=True)
X_train_scaled = (X_train - pixel_means) / pixel_stds
X_valid_scaled = (X_valid - pixel_means) / pixel_stds
X_test_scaled = (X_test - pixel_means) / pixel_stds

history = model.fit(X_train_scaled, y_train, epochs=2,
                    validation_data=(X_valid_scaled, y_valid), shuffle=False)

np.random.seed(42)
tf.random.set_seed(42)

model = keras.models.Sequential()
model.add(keras.layers.Flatten(input_shape=[8, 8]))
model.add(keras.layers.Dense(16, activation="relu", kernel_initializer="he_normal"))
for layer in range(9):
    model.add(keras.layers.Dense(8, activation="relu", kernel_initializer="he_normal"))
model.add(keras.layers.Dense(10, activation="softmax"))

model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=1e-3),
              metrics=["accuracy"])

history = model.fit(X_train_scaled, y_train, epochs=2,
                    validation_data=(X_valid_scaled, y_valid), shuffle=False)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.BatchNormalization(),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.BatchNormalization(),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.BatchNormalization(),
    keras.layers.Dense(10, activation="softmax")
])

model.summary()

bn1 = model.layers[1]
print([(var.name, var.trainable) for var in bn1.variables])

model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=1e-3),
              metrics=["accuracy"])

history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid), shuffle=False)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.BatchNormalization(),
    keras.layers.Dense(16, use_bias=False),
    keras.layers.BatchNormalization(),
    keras.layers.Activation("relu"),
    keras.layers.Dense(8, use_bias=False),
    keras.layers.BatchNormalization(),
    keras.layers.Activation("relu"),
    keras.layers.Dense(10, activation="softmax")
])

model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=1e-3),
              metrics=["accuracy"])

history = model.fit(X_train, y_train, epochs=2,
                    validation_data=(X_valid, y_valid), shuffle=False)

optimizer = keras.optimizers.SGD(clipvalue=1.0)

optimizer = keras.optimizers.SGD(clipnorm=1.0)

def split_dataset(X, y):
    y_5_or_6 = (y == 5) | (y == 6) # sandals or shirts
    y_A = y[~y_5_or_6]
    y_A[y_A > 6] -= 2 # class indices 7, 8, 9 should be moved to 5, 6, 7
    y_B = (y[y_5_or_6] == 6).astype(np.float32) # binary classification task: is it a shirt (class 6)?
    return ((X[~y_5_or_6], y_A),
            (X[y_5_or_6], y_B))

(X_train_A, y_train_A), (X_train_B, y_train_B) = split_dataset(X_train, y_train)
(X_valid_A, y_valid_A), (X_valid_B, y_valid_B) = split_dataset(X_valid, y_valid)
(X_test_A, y_test_A), (X_test_B, y_test_B) = split_dataset(X_test, y_test)
X_train_B = X_train_B[:200]
y_train_B = y_train_B[:200]

print(X_train_A.shape)

print(X_train_B.shape)

print(y_train_A[:30])

print(y_train_B[:30])

tf.random.set_seed(42)
np.random.seed(42)

model_A = keras.models.Sequential()
model_A.add(keras.layers.Flatten(input_shape=[8, 8]))
for n_hidden in (16, 8, 8, 8, 8):
    model_A.add(keras.layers.Dense(n_hidden, activation="selu"))
model_A.add(keras.layers.Dense(8, activation="softmax"))

model_A.compile(loss="sparse_categorical_crossentropy",
                optimizer=keras.optimizers.SGD(learning_rate=1e-3),
                metrics=["accuracy"])

history = model_A.fit(X_train_A, y_train_A, epochs=2,
                    validation_data=(X_valid_A, y_valid_A), shuffle=False)

model_A.save("my_model_A.h5")

model_B = keras.models.Sequential()
model_B.add(keras.layers.Flatten(input_shape=[8, 8]))
for n_hidden in (16, 8, 8, 8, 8):
    model_B.add(keras.layers.Dense(n_hidden, activation="selu"))
model_B.add(keras.layers.Dense(1, activation="sigmoid"))

model_B.compile(loss="binary_crossentropy",
                optimizer=keras.optimizers.SGD(learning_rate=1e-3),
                metrics=["accuracy"])

history = model_B.fit(X_train_B, y_train_B, epochs=2,
                      validation_data=(X_valid_B, y_valid_B), shuffle=False)

model_B.summary()

model_A = keras.models.load_model("my_model_A.h5")
model_B_on_A = keras.models.Sequential(model_A.layers[:-1])
model_B_on_A.add(keras.layers.Dense(1, activation="sigmoid"))

model_A_clone = keras.models.clone_model(model_A)
model_A_clone.set_weights(model_A.get_weights())
model_B_on_A = keras.models.Sequential(model_A_clone.layers[:-1])
model_B_on_A.add(keras.layers.Dense(1, activation="sigmoid"))

for layer in model_B_on_A.layers[:-1]:
    layer.trainable = False

model_B_on_A.compile(loss="binary_crossentropy",
                     optimizer=keras.optimizers.SGD(learning_rate=1e-3),
                     metrics=["accuracy"])

history = model_B_on_A.fit(X_train_B, y_train_B, epochs=2,
                           validation_data=(X_valid_B, y_valid_B), shuffle=False)

for layer in model_B_on_A.layers[:-1]:
    layer.trainable = True

model_B_on_A.compile(loss="binary_crossentropy",
                     optimizer=keras.optimizers.SGD(learning_rate=1e-3),
                     metrics=["accuracy"])
history = model_B_on_A.fit(X_train_B, y_train_B, epochs=2,
                           validation_data=(X_valid_B, y_valid_B), shuffle=False)

model_B.evaluate(X_test_B, y_test_B)

model_B_on_A.evaluate(X_test_B, y_test_B)

print((100 - 97.05) / (100 - 99.40))

optimizer = keras.optimizers.SGD(learning_rate=0.001, momentum=0.9)

optimizer = keras.optimizers.SGD(learning_rate=0.001, momentum=0.9, nesterov=True)

optimizer = keras.optimizers.Adagrad(learning_rate=0.001)

optimizer = keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9)

optimizer = keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999)

optimizer = keras.optimizers.Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999)

optimizer = keras.optimizers.Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999)

optimizer = keras.optimizers.legacy.SGD(learning_rate=0.01, decay=1e-4)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(8, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(10, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])

n_epochs = 3
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid), shuffle=False)

learning_rate = 0.01
decay = 1e-4
batch_size = 32
n_steps_per_epoch = math.ceil(len(X_train) / batch_size)
epochs = np.arange(n_epochs)
lrs = learning_rate / (1 + decay * epochs * n_steps_per_epoch)

def exponential_decay_fn(epoch):
    return 0.01 * 0.1**(epoch / 20)

def exponential_decay(lr0, s):
    def exponential_decay_fn(epoch):
        return lr0 * 0.1**(epoch / s)
    return exponential_decay_fn

exponential_decay_fn = exponential_decay(lr0=0.01, s=20)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(8, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(10, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
n_epochs = 3

lr_scheduler = keras.callbacks.LearningRateScheduler(exponential_decay_fn)
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid),
                    callbacks=[lr_scheduler], shuffle=False)

def exponential_decay_fn(epoch, lr):
    return lr * 0.1**(1 / 20)

K = keras.backend

class ExponentialDecay(keras.callbacks.Callback):
    def __init__(self, s=40000):
        super().__init__()
        self.s = s

    def on_batch_begin(self, batch, logs=None):
        # Note: the `batch` argument is reset at each epoch
        lr = K.get_value(self.model.optimizer.learning_rate)
        K.set_value(self.model.optimizer.learning_rate, lr * 0.1**(1 / self.s))

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        logs['lr'] = K.get_value(self.model.optimizer.learning_rate)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(8, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(10, activation="softmax")
])
lr0 = 0.01
optimizer = keras.optimizers.Adam(learning_rate=lr0)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
n_epochs = 3

s = 20 * len(X_train) // 32 # number of steps in 20 epochs (batch size = 32)
exp_decay = ExponentialDecay(s)
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid),
                    callbacks=[exp_decay], shuffle=False)

n_steps = n_epochs * len(X_train) // 32
steps = np.arange(n_steps)
lrs = lr0 * 0.1**(steps / s)

def piecewise_constant_fn(epoch):
    if epoch < 5:
        return 0.01
    elif epoch < 15:
        return 0.005
    else:
        return 0.001

def piecewise_constant(boundaries, values):
    boundaries = np.array([0] + boundaries)
    values = np.array(values)
    def piecewise_constant_fn(epoch):
        return values[np.argmax(boundaries > epoch) - 1]
    return piecewise_constant_fn

piecewise_constant_fn = piecewise_constant([1, 2], [0.01, 0.005, 0.001])

lr_scheduler = keras.callbacks.LearningRateScheduler(piecewise_constant_fn)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(8, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(10, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
n_epochs = 3
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid),
                    callbacks=[lr_scheduler], shuffle=False)

tf.random.set_seed(42)
np.random.seed(42)

lr_scheduler = keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(8, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(10, activation="softmax")
])
optimizer = keras.optimizers.SGD(learning_rate=0.02, momentum=0.9)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
n_epochs = 3
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid),
                    callbacks=[lr_scheduler], shuffle=False)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(8, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(10, activation="softmax")
])
s = 20 * len(X_train) // 32 # number of steps in 20 epochs (batch size = 32)
learning_rate = keras.optimizers.schedules.ExponentialDecay(0.01, s, 0.1)
optimizer = keras.optimizers.SGD(learning_rate)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
n_epochs = 3
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid), shuffle=False)

learning_rate = keras.optimizers.schedules.PiecewiseConstantDecay(
    boundaries=[5. * n_steps_per_epoch, 15. * n_steps_per_epoch],
    values=[0.01, 0.005, 0.001])

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

def find_learning_rate(model, X, y, epochs=1, batch_size=32, min_rate=10**-5, max_rate=10):
    init_weights = model.get_weights()
    iterations = math.ceil(len(X) / batch_size) * epochs
    factor = np.exp(np.log(max_rate / min_rate) / iterations)
    init_lr = K.get_value(model.optimizer.learning_rate)
    K.set_value(model.optimizer.learning_rate, min_rate)
    exp_lr = ExponentialLearningRate(factor)
    history = model.fit(X, y, epochs=epochs, batch_size=batch_size,
                        callbacks=[exp_lr], shuffle=False)
    K.set_value(model.optimizer.learning_rate, init_lr)
    model.set_weights(init_weights)
    return exp_lr.rates, exp_lr.losses

tf.random.set_seed(42)
np.random.seed(42)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(8, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.Dense(10, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=1e-3),
              metrics=["accuracy"])

batch_size = 16
rates, losses = find_learning_rate(model, X_train_scaled, y_train, epochs=1, batch_size=batch_size)
print(rates, losses)

class OneCycleScheduler(keras.callbacks.Callback):
    def __init__(self, iterations, max_rate, start_rate=None,
                 last_iterations=None, last_rate=None):
        self.iterations = iterations
        self.max_rate = max_rate
        self.start_rate = start_rate or max_rate / 10
        self.last_iterations = last_iterations or iterations // 10 + 1
        self.half_iteration = (iterations - self.last_iterations) // 2
        self.last_rate = last_rate or self.start_rate / 1000
        self.iteration = 0
    def _interpolate(self, iter1, iter2, rate1, rate2):
        return ((rate2 - rate1) * (self.iteration - iter1)
                / (iter2 - iter1) + rate1)
    def on_batch_begin(self, batch, logs):
        if self.iteration < self.half_iteration:
            rate = self._interpolate(0, self.half_iteration, self.start_rate, self.max_rate)
        elif self.iteration < 2 * self.half_iteration:
            rate = self._interpolate(self.half_iteration, 2 * self.half_iteration,
                                     self.max_rate, self.start_rate)
        else:
            rate = self._interpolate(2 * self.half_iteration, self.iterations,
                                     self.start_rate, self.last_rate)
        self.iteration += 1
        K.set_value(self.model.optimizer.learning_rate, rate)

n_epochs = 3
onecycle = OneCycleScheduler(math.ceil(len(X_train) / batch_size) * n_epochs, max_rate=0.05)
history = model.fit(X_train_scaled, y_train, epochs=n_epochs, batch_size=batch_size,
                    validation_data=(X_valid_scaled, y_valid),
                    callbacks=[onecycle], shuffle=False)

layer = keras.layers.Dense(100, activation="elu",
                           kernel_initializer="he_normal",
                           kernel_regularizer=keras.regularizers.l2(0.01))
# or l1(0.1) for ℓ1 regularization with a factor of 0.1
# or l1_l2(0.1, 0.01) for both ℓ1 and ℓ2 regularization, with factors 0.1 and 0.01 respectively

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dense(16, activation="elu",
                       kernel_initializer="he_normal",
                       kernel_regularizer=keras.regularizers.l2(0.01)),
    keras.layers.Dense(8, activation="elu",
                       kernel_initializer="he_normal",
                       kernel_regularizer=keras.regularizers.l2(0.01)),
    keras.layers.Dense(10, activation="softmax",
                       kernel_regularizer=keras.regularizers.l2(0.01))
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
n_epochs = 2
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid), shuffle=False)

from functools import partial

RegularizedDense = partial(keras.layers.Dense,
                           activation="elu",
                           kernel_initializer="he_normal",
                           kernel_regularizer=keras.regularizers.l2(0.01))

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    RegularizedDense(16),
    RegularizedDense(8),
    RegularizedDense(10, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
n_epochs = 2
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid), shuffle=False)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.Dropout(rate=0.0),
    keras.layers.Dense(16, activation="elu", kernel_initializer="he_normal"),
    keras.layers.Dropout(rate=0.0),
    keras.layers.Dense(8, activation="elu", kernel_initializer="he_normal"),
    keras.layers.Dropout(rate=0.0),
    keras.layers.Dense(10, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
n_epochs = 2
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid), shuffle=False)

tf.random.set_seed(42)
np.random.seed(42)

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    keras.layers.AlphaDropout(rate=0.0),
    keras.layers.Dense(16, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.AlphaDropout(rate=0.0),
    keras.layers.Dense(8, activation="selu", kernel_initializer="lecun_normal"),
    keras.layers.AlphaDropout(rate=0.0),
    keras.layers.Dense(10, activation="softmax")
])
optimizer = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
n_epochs = 2
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid), shuffle=False)

model.evaluate(X_test_scaled, y_test)

model.evaluate(X_train_scaled, y_train)

history = model.fit(X_train_scaled, y_train, shuffle=False)

tf.random.set_seed(42)
np.random.seed(42)

y_probas = np.stack([model(X_test_scaled, training=True)
                     for sample in range(3)])
y_proba = y_probas.mean(axis=0)
y_std = y_probas.std(axis=0)

print(np.round(model.predict(X_test_scaled[:1]), 2))

print(np.round(y_probas[:, :1], 2))

print(np.round(y_proba[:1], 2))

y_std = y_probas.std(axis=0)
print(np.round(y_std[:1], 2))

y_pred = np.argmax(y_proba, axis=1)

accuracy = np.sum(y_pred == y_test) / len(y_test)
print(accuracy)

class MCDropout(keras.layers.Dropout):
    def call(self, inputs):
        return super().call(inputs, training=True)

class MCAlphaDropout(keras.layers.AlphaDropout):
    def call(self, inputs):
        return super().call(inputs, training=True)

tf.random.set_seed(42)
np.random.seed(42)

mc_model = keras.models.Sequential([
    MCAlphaDropout(layer.rate) if isinstance(layer, keras.layers.AlphaDropout) else layer
    for layer in model.layers
])

mc_model.summary()

optimizer = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)
mc_model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])

mc_model.set_weights(model.get_weights())

print(np.round(np.mean([mc_model.predict(X_test_scaled[:1]) for sample in range(3)], axis=0), 2))

layer = keras.layers.Dense(100, activation="selu", kernel_initializer="lecun_normal",
                           kernel_constraint=keras.constraints.max_norm(1.))

MaxNormDense = partial(keras.layers.Dense,
                       activation="selu", kernel_initializer="lecun_normal",
                       kernel_constraint=keras.constraints.max_norm(1.))

model = keras.models.Sequential([
    keras.layers.Flatten(input_shape=[8, 8]),
    MaxNormDense(16),
    MaxNormDense(8),
    keras.layers.Dense(10, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
n_epochs = 2
history = model.fit(X_train_scaled, y_train, epochs=n_epochs,
                    validation_data=(X_valid_scaled, y_valid), shuffle=False)
