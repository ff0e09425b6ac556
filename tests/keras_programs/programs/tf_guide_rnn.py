# source: tensorflow/docs site/en/guide/keras/rnn.ipynb (the TensorFlow guide "Recurrent Neural Networks (RNN) with Keras" of the tf.keras era, its code cells in order, before the guides moved to keras.io)
# commit: 8d20932cbd40915f3514e8f00d4e8a67709e6e0d
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.* and `from tensorflow.keras import layers`; tf.keras.Sequential() grown with add(): Embedding(input_dim=, output_dim=) + LSTM(128) + Dense(10), and Embedding + GRU(256, return_sequences=True) + SimpleRNN(128) + Dense(10), summary(); a functional encoder-decoder: layers.Input(shape=(None, )), Embedding, LSTM(64, return_state=True, name='encoder') unpacked into output, state_h, state_c, a decoder LSTM(64, name='decoder') called with initial_state=[state_h, state_c], tf.keras.Model([...], output), summary(); a stand-alone LSTM(64, stateful=True) called eagerly on three float32 (20, 10, 50) arrays and reset_states(), its .states (tf-keras's state variables) handed to a new LSTM(64) as initial_state; Sequential of Bidirectional(LSTM(64, return_sequences=True), input_shape=(5, 10)) + Bidirectional(LSTM(32)) + Dense(10); build_model(allow_cudnn_kernel): tf.keras.models.Sequential of tf.keras.layers.LSTM(units, input_shape=(None, input_dim)) or tf.keras.layers.RNN(tf.keras.layers.LSTMCell(units), input_shape=(None, input_dim)), BatchNormalization, Dense; compile(loss=SparseCategoricalCrossentropy(from_logits=True), optimizer='sgd', metrics=['accuracy']), fit(validation_data=, batch_size=64); the RNN(LSTMCell) model given the LSTM model's weights with set_weights(get_weights()) and trained for one epoch; a third model given them and predict_on_batch on one expanded sample
# reduced: tf.keras.datasets.mnist (a download) replaced by 64 training and 32 test seeded random 28x28 uint8 "images" (numpy RandomState(0)) with labels 0-9, so each epoch is one batch of 64 and fit's shuffling cannot change the result; epochs 5 -> 2; matplotlib (import and plt.imshow) left out; the last cell's TensorFlow ops (statefulrnn stands in for tf.keras, not TensorFlow): `with tf.device('CPU:0'):` removed (its body kept, dedented), tf.argmax -> tf.keras.backend.argmax, tf.expand_dims -> tf.keras.backend.expand_dims; the "RNNs with list/dict inputs, or nested inputs" section (NestedCell: tf.TensorShape state sizes, tf.nest.flatten, tf.matmul, tf.einsum) left out (TensorFlow's own ops); the license cell dropped
import collections
import numpy as np

import tensorflow as tf

from tensorflow.keras import layers

model = tf.keras.Sequential()
# Add an Embedding layer expecting input vocab of size 1000, and
# output embedding dimension of size 64.
model.add(layers.Embedding(input_dim=1000, output_dim=64))

# Add a LSTM layer with 128 internal units.
model.add(layers.LSTM(128))

# Add a Dense layer with 10 units.
model.add(layers.Dense(10))

model.summary()

model = tf.keras.Sequential()
model.add(layers.Embedding(input_dim=1000, output_dim=64))

# The output of GRU will be a 3D tensor of shape (batch_size, timesteps, 256)
model.add(layers.GRU(256, return_sequences=True))

# The output of SimpleRNN will be a 2D tensor of shape (batch_size, 128)
model.add(layers.SimpleRNN(128))

model.add(layers.Dense(10))

model.summary() 

encoder_vocab = 1000
decoder_vocab = 2000

encoder_input = layers.Input(shape=(None, ))
encoder_embedded = layers.Embedding(input_dim=encoder_vocab, output_dim=64)(encoder_input)

# Return states in addition to output
output, state_h, state_c = layers.LSTM(
    64, return_state=True, name='encoder')(encoder_embedded)
encoder_state = [state_h, state_c]

decoder_input = layers.Input(shape=(None, ))
decoder_embedded = layers.Embedding(input_dim=decoder_vocab, output_dim=64)(decoder_input)

# Pass the 2 states to a new LSTM layer, as initial state
decoder_output = layers.LSTM(
    64, name='decoder')(decoder_embedded, initial_state=encoder_state)
output = layers.Dense(10)(decoder_output)

model = tf.keras.Model([encoder_input, decoder_input], output)
model.summary()

paragraph1 = np.random.random((20, 10, 50)).astype(np.float32)
paragraph2 = np.random.random((20, 10, 50)).astype(np.float32)
paragraph3 = np.random.random((20, 10, 50)).astype(np.float32)

lstm_layer = layers.LSTM(64, stateful=True)
output = lstm_layer(paragraph1)
output = lstm_layer(paragraph2)
output = lstm_layer(paragraph3)

# reset_states() will reset the cached state to the original initial_state.
# If no initial_state was provided, zero-states will be used by default.
lstm_layer.reset_states()


paragraph1 = np.random.random((20, 10, 50)).astype(np.float32)
paragraph2 = np.random.random((20, 10, 50)).astype(np.float32)
paragraph3 = np.random.random((20, 10, 50)).astype(np.float32)

lstm_layer = layers.LSTM(64, stateful=True)
output = lstm_layer(paragraph1)
output = lstm_layer(paragraph2)

existing_state = lstm_layer.states

new_lstm_layer = layers.LSTM(64)
new_output = new_lstm_layer(paragraph3, initial_state=existing_state)


model = tf.keras.Sequential()

model.add(layers.Bidirectional(layers.LSTM(64, return_sequences=True), 
                               input_shape=(5, 10)))
model.add(layers.Bidirectional(layers.LSTM(32)))
model.add(layers.Dense(10))

model.summary()

batch_size = 64
# Each MNIST image batch is a tensor of shape (batch_size, 28, 28).
# Each input sequence will be of size (28, 28) (height is treated like time).
input_dim = 28

units = 64
output_size = 10  # labels are from 0 to 9

# Build the RNN model
def build_model(allow_cudnn_kernel=True):
  # CuDNN is only available at the layer level, and not at the cell level.
  # This means `LSTM(units)` will use the CuDNN kernel,
  # while RNN(LSTMCell(units)) will run on non-CuDNN kernel.
  if allow_cudnn_kernel:
    # The LSTM layer with default options uses CuDNN.
    lstm_layer = tf.keras.layers.LSTM(units, input_shape=(None, input_dim))
  else:
    # Wrapping a LSTMCell in a RNN layer will not use CuDNN.
    lstm_layer = tf.keras.layers.RNN(
        tf.keras.layers.LSTMCell(units),
        input_shape=(None, input_dim))
  model = tf.keras.models.Sequential([
      lstm_layer,
      tf.keras.layers.BatchNormalization(),
      tf.keras.layers.Dense(output_size)]
  )
  return model


def _load_mnist():
  # Stands in for tf.keras.datasets.mnist.load_data (a download).
  rng = np.random.RandomState(0)
  return ((rng.randint(0, 256, size=(64, 28, 28)).astype('uint8'), rng.randint(0, 10, size=(64,)).astype('uint8')),
          (rng.randint(0, 256, size=(32, 28, 28)).astype('uint8'), rng.randint(0, 10, size=(32,)).astype('uint8')))


(x_train, y_train), (x_test, y_test) = _load_mnist()
x_train, x_test = x_train / 255.0, x_test / 255.0
sample, sample_label = x_train[0], y_train[0]

model = build_model(allow_cudnn_kernel=True)

model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), 
              optimizer='sgd',
              metrics=['accuracy'])

model.fit(x_train, y_train,
          validation_data=(x_test, y_test),
          batch_size=batch_size,
          epochs=2)

slow_model = build_model(allow_cudnn_kernel=False)
slow_model.set_weights(model.get_weights())
slow_model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), 
                   optimizer='sgd', 
                   metrics=['accuracy'])
slow_model.fit(x_train, y_train, 
               validation_data=(x_test, y_test), 
               batch_size=batch_size,
               epochs=1)  # We only train for one epoch because it's slower.

cpu_model = build_model(allow_cudnn_kernel=True)
cpu_model.set_weights(model.get_weights())
result = tf.keras.backend.argmax(cpu_model.predict_on_batch(tf.keras.backend.expand_dims(sample, 0)), axis=1)
print('Predicted result is: %s, target result is: %s' % (result.numpy(), sample_label))
