"""The Keras notebook "Stateful RNNs", cell by cell, on statefulrnn.

Source: ``shared/seed/stateful_rnns_notebook.txt``. Each ``# In [N]`` block is the notebook's
cell with only its imports changed (``tensorflow.keras`` -> ``statefulrnn``, ``tf.constant``
-> ``torch.tensor``). Run it with ``statefulrnn tour``, ``python -m statefulrnn.tour`` or
``python examples/stateful_rnns_notebook.py``. It lives inside the package so that an installed
wheel runs it too; as ``__main__.py``, importing ``statefulrnn.tour`` (or collecting doctests)
does not run it.

One cell is not here: In [1] only configured TensorFlow's GPU memory. The
Bidirectional cell (In [64]) runs after the state-inspection cells because it rebinds
``stateful_gru``, which those cells still use (the notebook ran them earlier).
"""

# ruff: noqa: E402 - imports sit in their cells, as in the notebook.

# In [55]: a regular (non-stateful) RNN
from statefulrnn.layers import GRU, LSTM, Bidirectional
from statefulrnn.models import Sequential

gru = Sequential([GRU(5, input_shape=(None, 1), name="rnn")])

gru.summary()

# In [16]: a stateful RNN
stateful_gru = Sequential([GRU(5, stateful=True, batch_input_shape=(2, None, 1), name="stateful_rnn")])

stateful_gru.summary()
states = stateful_gru.layers[0].states
print(len(states), states[0].shape)
print(states[0])

# In [42]: the same stateful RNN with the functional API
from statefulrnn.layers import Input
from statefulrnn.models import Model

inputs = Input(batch_shape=(2, None, 1))
outputs = GRU(5, stateful=True, name="stateful_rnn")(inputs)

stateful_gru = Model(inputs=inputs, outputs=outputs)

states = stateful_gru.layers[1].states
print(len(states), states[0].shape)
print(states[0])

# In [25], In [26]: inspect the RNN states
print(gru.get_layer("rnn").states)
print(stateful_gru.get_layer("stateful_rnn").states)

# In [27]: the sequence dataset
import torch

sequence_data = torch.tensor(
    [
        [[-4.0], [-3.0], [-2.0], [-1.0], [0.0], [1.0], [2.0], [3.0], [4.0]],
        [[-40.0], [-30.0], [-20.0], [-10.0], [0.0], [10.0], [20.0], [30.0], [40.0]],
    ],
    dtype=torch.float32,
)
print(sequence_data.shape)

# In [28]: process the batch with both models
_1 = gru(sequence_data)
_2 = stateful_gru(sequence_data)

# In [29], In [30]: only the stateful model has kept a state
print(gru.get_layer("rnn").states)
print(stateful_gru.get_layer("stateful_rnn").states)

# In [31], In [32]: reset_states() zeroes it
stateful_gru.get_layer("stateful_rnn").reset_states()
print(stateful_gru.get_layer("stateful_rnn").states)

# In [33]: reset, then the full sequences
stateful_gru.get_layer("stateful_rnn").reset_states()
_ = stateful_gru(sequence_data)
whole = stateful_gru.get_layer("stateful_rnn").states
print(whole)

# In [19]: break the sequences into batches
sequence_batch1 = sequence_data[:, :3, :]
sequence_batch2 = sequence_data[:, 3:6, :]
sequence_batch3 = sequence_data[:, 6:, :]

print("First batch:", sequence_batch1)
print("\nSecond batch:", sequence_batch2)
print("\nThird batch:", sequence_batch3)

# In [34]: reset, then the batches in order: the same final state as the whole sequence
stateful_gru.get_layer("stateful_rnn").reset_states()
_ = stateful_gru(sequence_batch1)
_ = stateful_gru(sequence_batch2)
_ = stateful_gru(sequence_batch3)
chunked = stateful_gru.get_layer("stateful_rnn").states
print(chunked)
print("Chunked state equals whole-sequence state:", torch.allclose(chunked[0], whole[0], atol=1e-6))

# In [64]: a stateful Bidirectional LSTM (statefulrnn warns: its backward half cannot continue
# across chunks)
inputs = Input(batch_shape=(2, None, 1))
outputs = Bidirectional(layer=LSTM(5, stateful=True, name="stateful_rnn"))(inputs)

stateful_gru = Model(inputs=inputs, outputs=outputs)
stateful_gru.summary()

states = stateful_gru.layers[1].layer.states
print(stateful_gru.layers[1].layer.name)
print(len(states))
for state in states:
    if state is not None:
        print(state.shape, state)

print("-" * 50)

states = stateful_gru.layers[1].backward_layer.states
print(stateful_gru.layers[1].backward_layer.name)
print(len(states))
for state in states:
    if state is not None:
        print(state.shape, state)

# In [8]: the training cell: a stateful LSTM trained epoch by epoch, state reset after each
from statefulrnn.layers import Dense
import numpy as np
import math

data_dim = 16
timesteps = 8
num_classes = 10
batch_size = 32
num_epochs = 50

model = Sequential()
model.add(LSTM(32, stateful=True, batch_input_shape=(batch_size, timesteps, data_dim)))
model.add(Dense(10, activation="softmax"))
model.summary()

model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])

x_train = np.random.random((batch_size * 10, timesteps, data_dim))  # (320, 8, 16)
y_train = np.random.random((batch_size * 10, num_classes))  # (320, 10)

x_val = np.random.random((batch_size * 3, timesteps, data_dim))  # (96, 8, 16)
y_val = np.random.random((batch_size * 3, num_classes))

for i in range(num_epochs):
    print("Epoch {:d}/{:d}".format(i + 1, num_epochs))
    model.fit(
        x_train, y_train, batch_size=batch_size, epochs=1, validation_data=(x_val, y_val), shuffle=False
    )
    model.reset_states()

score, _ = model.evaluate(x_val, y_val, batch_size=batch_size)
rmse = math.sqrt(score)
print("\nMSE: {:.3f}, RMSE: {:.3f}".format(score, rmse))

pre = model.predict(x_val, batch_size=batch_size)

# In [68]
model = Sequential()
model.add(LSTM(32, batch_input_shape=(4, 10, 16)))
model.add(Dense(10, activation="softmax"))
model.summary()
