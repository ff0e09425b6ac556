# source: tensorflow/tpu tools/colab/shakespeare_with_tpu_and_keras.ipynb ("Predict Shakespeare with Cloud TPUs and Keras", the official TF 2 Colab: a two-layer LSTM language model trained stateless, then rebuilt stateful at batch 5 and sequence length 1 to sample text)
# commit: 7f72a0a7152257ac060588e31a2af6edbd5ba8ff
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.Input(name=, shape=(seq_len,), batch_size=, dtype=int32), tf.keras.layers.Embedding, two LSTM(stateful=flag, return_sequences=True), TimeDistributed(Dense(256, softmax)), tf.keras.Model(inputs=[source], outputs=[...]); tf.keras.backend.clear_session(); compile(tf.keras.optimizers.RMSprop(learning_rate=0.01), 'sparse_categorical_crossentropy', metrics=['sparse_categorical_accuracy']); fit(steps_per_epoch=, epochs=); save_weights to .h5 then load_weights into a second, never compiled, stateful model of fixed batch 5 and seq_len 1; reset_states(); predict one character at a time to prime the state, then sample with np.random.choice from predict(...)[:, 0, :]
# reduced: the Gutenberg download and input_fn (tf.io.gfile, tf.constant, tf.data batch/map/shuffle/repeat) replaced by a made-up 200-character text cut into (input, target) windows with numpy, fed to fit as arrays with batch_size = all 18 windows and steps_per_epoch dropped (one batch per epoch, nothing shuffled); dtype=tf.int32 -> dtype='int32' (statefulrnn has no TensorFlow dtypes); the TPU resolver, tf.config/tf.tpu initialisation and TPUStrategy scope dropped (the model is built and compiled the same way outside it); EMBEDDING_DIM 512 -> 16, seq_len 100 -> 10, epochs 10 -> 2; save to 'bard.h5' in the working folder instead of the system's temporary folder; the seed text shortened to 12 characters and PREDICT_LEN 250 -> 8 (the final assert adjusted with it); each sampled batch of indices reshaped to (BATCH_SIZE, 1) before it is fed back (the notebook appends a (5,) array, which tf-keras's predict rejects on the stateful (5, 1) model: 'NoneType' object is not subscriptable in LSTM.call), and np.ravel(p) in the join (chr of a (1,) array fails on numpy 2); the distutils version check dropped (distutils is gone in Python 3.12)
import numpy as np
import tensorflow as tf
import os


def transform(txt):
  return np.asarray([ord(c) for c in txt if ord(c) < 255], dtype=np.int32)


def input_arrays(seq_len=10):
  """The source and target sequences for training, as numpy arrays."""
  txt = ''.join(np.random.choice(list('to be or not to that is the question, '), size=200))
  source = transform(txt)
  n = len(source) // (seq_len + 1)
  chunks = source[:n * (seq_len + 1)].reshape(n, seq_len + 1)
  return chunks[:, :-1], chunks[:, 1:]


EMBEDDING_DIM = 16

def lstm_model(seq_len=100, batch_size=None, stateful=True):
  """Language model: predict the next word given the current word."""
  source = tf.keras.Input(
      name='seed', shape=(seq_len,), batch_size=batch_size, dtype='int32')

  embedding = tf.keras.layers.Embedding(input_dim=256, output_dim=EMBEDDING_DIM)(source)
  lstm_1 = tf.keras.layers.LSTM(EMBEDDING_DIM, stateful=stateful, return_sequences=True)(embedding)
  lstm_2 = tf.keras.layers.LSTM(EMBEDDING_DIM, stateful=stateful, return_sequences=True)(lstm_1)
  predicted_char = tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(256, activation='softmax'))(lstm_2)
  return tf.keras.Model(inputs=[source], outputs=[predicted_char])


tf.keras.backend.clear_session()

training_model = lstm_model(seq_len=10, stateful=False)
training_model.compile(
    optimizer=tf.keras.optimizers.RMSprop(learning_rate=0.01),
    loss='sparse_categorical_crossentropy',
    metrics=['sparse_categorical_accuracy'])

x_train, y_train = input_arrays(seq_len=10)
training_model.fit(
    x_train, y_train,
    batch_size=len(x_train),
    epochs=2
)
training_model.save_weights('bard.h5', overwrite=True)

BATCH_SIZE = 5
PREDICT_LEN = 8

# Keras requires the batch size be specified ahead of time for stateful models.
# We use a sequence length of 1, as we will be feeding in one character at a
# time and predicting the next character.
prediction_model = lstm_model(seq_len=1, batch_size=BATCH_SIZE, stateful=True)
prediction_model.load_weights('bard.h5')

# We seed the model with our initial string, copied BATCH_SIZE times

seed_txt = 'Looks it not'
seed = transform(seed_txt)
seed = np.repeat(np.expand_dims(seed, 0), BATCH_SIZE, axis=0)

# First, run the seed forward to prime the state of the model.
prediction_model.reset_states()
for i in range(len(seed_txt) - 1):
  prediction_model.predict(seed[:, i:i + 1])

# Now we can accumulate predictions!
predictions = [seed[:, -1:]]
for i in range(PREDICT_LEN):
  last_word = predictions[-1]
  next_probits = prediction_model.predict(last_word)[:, 0, :]

  # sample from our output distribution
  next_idx = [
      np.random.choice(256, p=next_probits[i])
      for i in range(BATCH_SIZE)
  ]
  predictions.append(np.asarray(next_idx, dtype=np.int32).reshape(BATCH_SIZE, 1))


for i in range(BATCH_SIZE):
  print('PREDICTION %d\n\n' % i)
  p = [predictions[j][i] for j in range(PREDICT_LEN)]
  generated = ''.join([chr(c) for c in np.ravel(p)])  # Convert back to text
  print(generated)
  print()
  assert len(generated) == PREDICT_LEN, 'Generated text too short'
