# source: metehangelgi/Customising-models-with-TensorFlow-2 Stateful_RNNs.ipynb (the "Stateful RNNs" reading notebook of Imperial College's Coursera course "Customising your models with TensorFlow 2", week 3, as a student saved it; its code cells in order)
# commit: 44ab2f1e9c150cc5427b85f2d482c57574cea544
# keras: tf_keras
# exercises: `from tensorflow.keras.models/layers import ...`; Sequential([GRU(5, input_shape=(None, 1), name='rnn')]); Sequential([GRU(5, stateful=True, batch_input_shape=(2, None, 1), name='stateful_rnn')]) redefined with the functional API as Input(batch_shape=(2, None, 1)) -> GRU(stateful=True, name=...) -> Model; get_layer(name).states read before any call ([None] on the stateless layer, zero state variables on the stateful one) and after; get_layer(name).reset_states(); the same two sequences fed whole and then as three consecutive 3-step chunks (the state after the chunks equals the state after the whole sequences)
# reduced: sequence_data built with np.array(..., dtype=np.float32) instead of tf.constant (no TensorFlow ops), its chunks sliced the same way; `tf.__version__` cell dropped; each model compiled (optimizer='adam', loss='mse') right after it is built (the harness meets the two runs' initial weights at the first compile; the notebook never trains); each direct call model(data) -> model.predict(data, verbose=0) (direct calls are not recorded; predict runs the same forward pass and stateful update, in one batch of 2); the cells' displayed values printed with print(...), states as numpy arrays (np.asarray of each, None kept)
import numpy as np

# Create a regular (non-stateful) RNN

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import GRU

gru = Sequential([
    GRU(5, input_shape=(None, 1), name='rnn')
])
gru.compile(optimizer='adam', loss='mse')

# Create a stateful RNN

stateful_gru = Sequential([
    GRU(5, stateful=True, batch_input_shape=(2, None, 1), name='stateful_rnn')
])

# Redefine the same stateful RNN using the functional API

from tensorflow.keras.models import Model
from tensorflow.keras.layers import Input

inputs = Input(batch_shape=(2, None, 1))
outputs = GRU(5, stateful=True, name='stateful_rnn')(inputs)

stateful_gru = Model(inputs=inputs, outputs=outputs)
stateful_gru.compile(optimizer='adam', loss='mse')


def show(states):
    print([None if s is None else np.asarray(s) for s in states])


# Retrieve the RNN layer and inspect the internal state

show(gru.get_layer('rnn').states)

# Retrieve the RNN layer and inspect the internal state

show(stateful_gru.get_layer('stateful_rnn').states)

# Create the sequence dataset

sequence_data = np.array([
    [[-4.], [-3.], [-2.], [-1.], [0.], [1.], [2.], [3.], [4.]],
    [[-40.], [-30.], [-20.], [-10.], [0.], [10.], [20.], [30.], [40.]]
], dtype=np.float32)
print(sequence_data.shape)

# Process the batch with both models

_1 = gru.predict(sequence_data, verbose=0)
_2 = stateful_gru.predict(sequence_data, verbose=0)

# Retrieve the RNN layer and inspect the internal state

show(gru.get_layer('rnn').states)

# Retrieve the RNN layer and inspect the internal state

show(stateful_gru.get_layer('stateful_rnn').states)

# Reset the internal state of the stateful RNN model

stateful_gru.get_layer('stateful_rnn').reset_states()

# Retrieve the RNN layer and inspect the internal state

show(stateful_gru.get_layer('stateful_rnn').states)

# Reset the internal state of the stateful RNN model and process the full sequences

stateful_gru.get_layer('stateful_rnn').reset_states()
_ = stateful_gru.predict(sequence_data, verbose=0)
show(stateful_gru.get_layer('stateful_rnn').states)

# Break the sequences into batches

sequence_batch1 = sequence_data[:, :3, :]
sequence_batch2 = sequence_data[:, 3:6, :]
sequence_batch3 = sequence_data[:, 6:, :]

print("First batch:", sequence_batch1)
print("\nSecond batch:", sequence_batch2)
print("\nThird batch:", sequence_batch3)

# Reset the internal state of the stateful RNN model and process the batches in order

stateful_gru.get_layer('stateful_rnn').reset_states()
_ = stateful_gru.predict(sequence_batch1, verbose=0)
_ = stateful_gru.predict(sequence_batch2, verbose=0)
_ = stateful_gru.predict(sequence_batch3, verbose=0)
show(stateful_gru.get_layer('stateful_rnn').states)
