# source: keras-team/keras keras/src/layers/rnn/rnn.py (the docstring example of Keras 3's keras.layers.RNN: a MinimalRNNCell layer subclass with state_size, add_weight in build and keras.ops.matmul in call, used alone and as a stacked list of cells)
# commit: 266c0c239330d0c369a2667a1f57baebce99a5e0
# keras: keras
# backend: torch
# exercises: a custom RNN cell subclassing keras.Layer (self.state_size = units set in __init__, build(input_shape) with add_weight(shape=..., initializer='uniform', name=...), call(inputs, states) returning (output, [output]) with keras.ops.matmul), keras.layers.RNN(cell) on keras.Input((None, 5)) (variable-length time axis), keras.layers.RNN([cell, cell]) (a list of cells, stacked through StackedRNNCells, the last state size 64 giving the output), functional Models built from them, compile / fit / evaluate / predict
# reduced: the docstring stops at `y = layer(x)`; each of its two RNNs is made into a keras.Model(x, Dense(1)(y)), compiled with Adam and "mse", fit 2 epochs on 32 seeded numpy sequences of 7 steps (shuffle=False) and evaluated and predicted on them, so that the cells' forward and backward passes are compared; the cell's 'uniform' initializer (+-0.05) kept
import os

os.environ["KERAS_BACKEND"] = "torch"

import numpy as np
import keras
from keras.layers import RNN
from keras import ops


# First, let's define a RNN Cell, as a layer subclass.
class MinimalRNNCell(keras.Layer):

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer='uniform',
                                      name='kernel')
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units),
            initializer='uniform',
            name='recurrent_kernel')

    def call(self, inputs, states):
        prev_output = states[0]
        h = ops.matmul(inputs, self.kernel)
        output = h + ops.matmul(prev_output, self.recurrent_kernel)
        return output, [output]

# Let's use this cell in a RNN layer:

cell = MinimalRNNCell(32)
x = keras.Input((None, 5))
layer = RNN(cell)
y = layer(x)

# Here's how to use the cell to build a stacked RNN:

cells = [MinimalRNNCell(32), MinimalRNNCell(64)]
x2 = keras.Input((None, 5))
layer2 = RNN(cells)
y2 = layer2(x2)

# (added) train and run both
rng = np.random.default_rng(0)
data = rng.normal(size=(32, 7, 5)).astype("float32")
target = data.sum(axis=(1, 2))[:, None] / 10.0
for inputs, outputs in ((x, y), (x2, y2)):
    model = keras.Model(inputs, keras.layers.Dense(1)(outputs))
    model.compile(optimizer="adam", loss="mse")
    model.fit(data, target, batch_size=8, epochs=2, shuffle=False, verbose=2)
    print(model.evaluate(data, target, verbose=0))
    print(model.predict(data[:4], verbose=0).ravel())
