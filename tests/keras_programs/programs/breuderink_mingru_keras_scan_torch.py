# source: breuderink/mingru-keras src/mingru_keras/core.py (minGRU of "Were RNNs All We Needed?" for Keras 3: a MinGRU layer whose recurrence h_t = h_{t-1} + z_t * (h~_t - h_{t-1}) runs as a parallel Blelloch scan through keras.ops.associative_scan, with a sequential reference; usage as in its README and tests/test_mingru.py)
# commit: 64ba383e5c2a2854e0f2395ee3d701e7f067c914
# keras: keras
# backend: torch
# exercises: keras.ops.associative_scan(fn, (a, b), axis=-2) over a tuple of two tensors with a Python combine function returning a tuple; ops.zeros_like, ops.stack(axis=1), slicing H[:, i, :] in a Python loop (sequential_method); a keras.Layer subclass holding two keras.layers.Dense sublayers (sigmoid gate, linear candidate) made in __init__ and built by hand in build() (self.gate.build(input_shape)) after super().build(input_shape); get_config; the layer on a (batch, time, features) input, stacked twice, with a per-step Dense head; sublayer count_params; compile(Adam, "mse", ["mae"]) / fit(validation_data=) / evaluate / predict; the scan checked against the sequential loop on numpy inputs as tests/test_mingru.py does
# reduced: core.py kept as written; the driver is added (the repository has no training script): the README's `MinGRU(units=64)` on keras.random.normal((32, 1000, 8)) and the tests' keras.random inputs replaced by seeded numpy arrays (keras.random draws differ between frameworks); a sequence-to-sequence forecaster on 64 training and 16 validation windows of 24 steps x 3 features (noisy sines; the target is the next step's first feature), 2 epochs, batch_size 16, shuffle=False
import keras
from keras import ops
import numpy as np


def sequential_method(H_tilde, Z):
    _, n, _ = H_tilde.shape
    h = ops.zeros_like(H_tilde[:, 0])
    H = []
    for i in range(n):
        h = h + Z[:, i, :] * (H_tilde[:, i, :] - h)
        H.append(h)
    return ops.stack(H, axis=1)


def Blelloch_operator(prev, curr):
    prev_keep, prev_hidden = prev
    curr_keep, curr_hidden = curr
    keep = prev_keep * curr_keep
    hidden = prev_hidden * curr_keep + curr_hidden
    return keep, hidden


def Blellochs_method(H_tilde, Z, axis=-2):
    _, H = ops.associative_scan(Blelloch_operator, ((1 - Z), Z * H_tilde), axis=axis)
    return H


class MinGRU(keras.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.gate = keras.layers.Dense(units, activation="sigmoid")
        self.candidate = keras.layers.Dense(units)

    def build(self, input_shape):
        super().build(input_shape)
        self.gate.build(input_shape)
        self.candidate.build(input_shape)

    def call(self, X):
        Z = self.gate(X)
        H_tilde = self.candidate(X)
        H = Blellochs_method(H_tilde, Z)

        return H

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


# --- driver (added) ---
rng = np.random.default_rng(3)

# tests/test_mingru.py: the parallel scan against the sequential loop
for b, n, d in [(32, 10, 8), (1, 100, 1)]:
    X = rng.standard_normal((b, n, d)).astype("float32")
    Z = rng.uniform(size=(b, n, d)).astype("float32")
    H_desired = sequential_method(ops.convert_to_tensor(X), ops.convert_to_tensor(Z))
    H_actual = Blellochs_method(ops.convert_to_tensor(X), ops.convert_to_tensor(Z))
    print("scan vs loop:", float(ops.max(ops.abs(H_actual - H_desired))))

# README: the layer on a batch of sequences
layer = MinGRU(units=64)
X = rng.standard_normal((32, 100, 8)).astype("float32")
print(layer(X).shape)
print(layer.gate.count_params(), layer.candidate.count_params())

# a small forecaster
t = np.arange(24 + 80 + 1, dtype="float32")
series = np.stack([np.sin(t / 4.0), np.cos(t / 6.0), np.sin(t / 9.0 + 0.5)], axis=-1)
series = series + 0.1 * rng.standard_normal(series.shape).astype("float32")
windows = np.stack([series[i:i + 24] for i in range(80)]).astype("float32")
targets = np.stack([series[i + 1:i + 25, :1] for i in range(80)]).astype("float32")
x_train, y_train = windows[:64], targets[:64]
x_val, y_val = windows[64:], targets[64:]

inputs = keras.Input(shape=(24, 3))
h = MinGRU(16)(inputs)
h = MinGRU(16)(h)
outputs = keras.layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-3), loss="mse", metrics=["mae"])
model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2, batch_size=16, shuffle=False)
print(model.evaluate(x_val, y_val, verbose=0))
print(model.predict(x_val[:2], verbose=0)[:, -3:, 0])
