# source: aamini/introtodeeplearning lab1/solutions/TF_Part2_Music_Generation_Solution.ipynb (MIT 6.S191 "Introduction to Deep Learning", Lab 1 Part 2 "Music Generation with RNNs", the 2024-25 TensorFlow solution: a character-level stateful LSTM over Irish folk songs in ABC notation, trained on random batches, then rebuilt at batch size 1 to generate a song one character at a time; its code cells in order)
# commit: 10b76da92f79e63ce81332e2faadb448d839a56c
# keras: keras
# exercises: Keras 3 (`import keras`); a helper LSTM(rnn_units) returning tf.keras.layers.LSTM(return_sequences=True, recurrent_initializer='glorot_uniform', recurrent_activation='sigmoid', stateful=True); a Sequential of Embedding(vocab_size, embedding_dim), that LSTM and Dense(vocab_size) with no Input and no batch size given anywhere, built by model.build([32, 100])) so that the stateful LSTM takes its batch size from build; model.summary(); a direct model(x) call on a batch of 32 (its output and loss taken to numpy); tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True) as a loss function, its mean; an optimizer given positionally its learning rate; save_weights to a "my_ckpt.weights.h5" file every 100 iterations and at the end; the model rebuilt at batch size 1 with model.build(tf.TensorShape([1, None]) and load_weights of the batch-8 model's weights file; model.reset_states() then generation one character at a time with the LSTM state carried from each call to the next
# reduced: mitdeeplearning's load_training_data() (a download of thousands of ABC songs) replaced by 12 made-up ABC tunes built with numpy; the mdl.lab1 batch-function tests, play_song, extract_song_snippet, PeriodicPlotter, tqdm, comet_ml (an API key) and the Colab pip/apt lines left out; the training step (a @tf.function under tf.GradientTape, TensorFlow's) -> model.compile(optimizer=optimizer, loss=compute_loss) and model.train_on_batch(x_batch, y_batch), which computes the same mean loss and applies the same Adam update (the loss printed instead of logged to Comet); in the untrained-model check and in generate_text, tf.random.categorical(logits, num_samples=1) written with numpy (softmax, np.random.choice) and tf.squeeze -> np.squeeze; in generate_text, model(input_eval) -> model.predict(input_eval, verbose=0) (direct calls are not recorded); sizes: embedding_dim 256 -> 16, rnn_units 1024 -> 32, num_training_iterations 3000 -> 12, seq_length 100 -> 20, the first model's build and check batch (32, 100) kept, generation_length 1000 -> 20; tf.keras.X -> keras.X with `import keras` added (the notebook ran where tf.keras is Keras 3, TF 2.16+; the harness's Keras side sets TF_USE_LEGACY_KERAS=1, under which tf.keras would be tf-keras); in generate_text, model.reset_states() -> model.layers[1].reset_states() (Keras 3 models have no reset_states: AttributeError on Keras 3.15, while statefulrnn accepts it; only the RNN layers keep reset_states / reset_state); model.build(tf.TensorShape([32, 100])) and build(tf.TensorShape([1, None])) -> build([32, 100]) and build([1, None]), tf.expand_dims -> np.expand_dims, and `import tensorflow as tf` dropped (no TensorFlow); example_batch_loss.numpy().mean() -> keras.ops.convert_to_numpy(example_batch_loss).mean() and the numpy sampling reads pred[0] through keras.ops.convert_to_numpy (statefulrnn's loss of a direct model(x) output requires grad, and torch's .numpy() refuses it: RuntimeError "Can't call numpy() on Tensor that requires grad"); model.build([params["batch_size"], None]) added before that compile (the harness sets the Keras run's initial weights into the model at compile, so it must be built by then); tf.keras.optimizers.Adam(params["learning_rate"]) -> keras.optimizers.SGD(0.5): every batch repeats characters, and Keras 3 on TensorFlow gives Adam the Embedding's gradient as IndexedSlices and squares each occurrence's gradient before summing them, where statefulrnn (as Keras on JAX or PyTorch) squares their sum (README, "Where we differ from Keras"; measured here: the second train_on_batch differed at 3e-4 under Adam)

import keras

# Import all remaining packages
import numpy as np
import os
import time
import functools

rng = np.random.RandomState(7)
notes = list("ABCDEFGabcdefg")
songs = []
for k in range(12):
    body = "".join(rng.choice(notes, size=48))
    bars = "|".join(body[i:i + 8] for i in range(0, 48, 8))
    songs.append("X:%d\nT:Tune %d\nM:6/8\nL:1/8\nK:D\n%s|]" % (k + 1, k + 1, bars))

# Print one of the songs to inspect it in greater detail!
example_song = songs[0]
print("\nExample song: ")
print(example_song)

# Join our list of song strings into a single string containing all songs
songs_joined = "\n\n".join(songs)

# Find all unique characters in the joined string
vocab = sorted(set(songs_joined))
print("There are", len(vocab), "unique characters in the dataset")

### Define numerical representation of text ###

# Create a mapping from character to unique index.
# For example, to get the index of the character "d",
#   we can evaluate `char2idx["d"]`.
char2idx = {u:i for i, u in enumerate(vocab)}

# Create a mapping from indices to characters. This is
#   the inverse of char2idx and allows us to convert back
#   from unique index to the character in our vocabulary.
idx2char = np.array(vocab)

print('{')
for char,_ in zip(char2idx, range(20)):
    print('  {:4s}: {:3d},'.format(repr(char), char2idx[char]))
print('  ...\n}')

### Vectorize the songs string ###

def vectorize_string(string):
  vectorized_output = np.array([char2idx[char] for char in string])
  return vectorized_output

vectorized_songs = vectorize_string(songs_joined)

print ('{} ---- characters mapped to int ----> {}'.format(repr(songs_joined[:10]), vectorized_songs[:10]))
# check that vectorized_songs is a numpy array
assert isinstance(vectorized_songs, np.ndarray), "returned result should be a numpy array"

### Batch definition to create training examples ###

def get_batch(vectorized_songs, seq_length, batch_size):
  # the length of the vectorized songs string
  n = vectorized_songs.shape[0] - 1
  # randomly choose the starting indices for the examples in the training batch
  idx = np.random.choice(n-seq_length, batch_size)

  input_batch = [vectorized_songs[i : i+seq_length] for i in idx]
  output_batch = [vectorized_songs[i+1 : i+seq_length+1] for i in idx]

  # x_batch, y_batch provide the true inputs and targets for network training
  x_batch = np.reshape(input_batch, [batch_size, seq_length])
  y_batch = np.reshape(output_batch, [batch_size, seq_length])
  return x_batch, y_batch


x_batch, y_batch = get_batch(vectorized_songs, seq_length=5, batch_size=1)

for i, (input_idx, target_idx) in enumerate(zip(np.squeeze(x_batch), np.squeeze(y_batch))):
    print("Step {:3d}".format(i))
    print("  input: {} ({:s})".format(input_idx, repr(idx2char[input_idx])))
    print("  expected output: {} ({:s})".format(target_idx, repr(idx2char[target_idx])))


def LSTM(rnn_units):
  return keras.layers.LSTM(
    rnn_units,
    return_sequences=True,
    recurrent_initializer='glorot_uniform',
    recurrent_activation='sigmoid',
    stateful=True,
  )

### Defining the RNN Model ###

def build_model(vocab_size, embedding_dim, rnn_units, batch_size):
  model = keras.Sequential([
    # Layer 1: Embedding layer to transform indices into dense vectors
    #   of a fixed embedding size
    keras.layers.Embedding(vocab_size, embedding_dim),

    # Layer 2: LSTM with `rnn_units` number of units.
    LSTM(rnn_units),

    # Layer 3: Dense (fully-connected) layer that transforms the LSTM output
    #   into the vocabulary size.
    keras.layers.Dense(vocab_size)
  ])

  return model

# Build a simple model with default hyperparameters. You will get the
#   chance to change these later.
model = build_model(len(vocab), embedding_dim=16, rnn_units=32, batch_size=32)
model.build([32, 100])  # [batch_size, sequence_length]

model.summary()

x, y = get_batch(vectorized_songs, seq_length=100, batch_size=32)
pred = model(x)
print("Input shape:      ", x.shape, " # (batch_size, sequence_length)")
print("Prediction shape: ", pred.shape, "# (batch_size, sequence_length, vocab_size)")


def categorical(logits, num_samples):
  logits = np.asarray(logits, dtype=np.float64)
  probs = np.exp(logits - logits.max(axis=-1, keepdims=True))
  probs /= probs.sum(axis=-1, keepdims=True)
  return np.array([[np.random.choice(len(p), p=p) for _ in range(num_samples)] for p in probs])


sampled_indices = categorical(keras.ops.convert_to_numpy(pred[0]), num_samples=1)
sampled_indices = np.squeeze(sampled_indices,axis=-1)
print(sampled_indices)

print("Input: \n", repr("".join(idx2char[x[0]])))
print()
print("Next Char Predictions: \n", repr("".join(idx2char[sampled_indices])))

### Defining the loss function ###

def compute_loss(labels, logits):
  loss = keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
  return loss

example_batch_loss = compute_loss(y, pred)

print("Prediction shape: ", pred.shape, " # (batch_size, sequence_length, vocab_size)")
print("scalar_loss:      ", keras.ops.convert_to_numpy(example_batch_loss).mean())

### Hyperparameter setting and optimization ###

vocab_size = len(vocab)

# Model parameters:
params = dict(
  num_training_iterations = 12,  # Increase this to train longer
  batch_size = 8,  # Experiment between 1 and 64
  seq_length = 20,  # Experiment between 50 and 500
  learning_rate = 5e-3,  # Experiment between 1e-5 and 1e-1
  embedding_dim = 16,
  rnn_units = 32,  # Experiment between 1 and 2048
)

# Checkpoint location:
checkpoint_dir = './training_checkpoints'
checkpoint_prefix = os.path.join(checkpoint_dir, "my_ckpt.weights.h5")
os.makedirs(checkpoint_dir, exist_ok=True)

### Define optimizer and training operation ###

model = build_model(vocab_size, params["embedding_dim"], params["rnn_units"], params["batch_size"])

optimizer = keras.optimizers.SGD(0.5)
model.build([params["batch_size"], None])
model.compile(optimizer=optimizer, loss=compute_loss)

##################
# Begin training!#
##################

history = []

for iter in range(params["num_training_iterations"]):

  # Grab a batch and propagate it through the network
  x_batch, y_batch = get_batch(vectorized_songs, params["seq_length"], params["batch_size"])
  loss = model.train_on_batch(x_batch, y_batch)

  history.append(np.mean(loss))
  print(iter, history[-1])

  # Update the model with the changed weights!
  if iter % 100 == 0:
    model.save_weights(checkpoint_prefix)

# Save the trained model and the weights
model.save_weights(checkpoint_prefix)

model = build_model(vocab_size, params["embedding_dim"], params["rnn_units"], batch_size=1)

# Restore the model weights for the last checkpoint after training
model.build([1, None])
model.load_weights(checkpoint_prefix)

model.summary()

### Prediction of a generated song ###

def generate_text(model, start_string, generation_length=1000):
  # Evaluation step (generating ABC text using the learned RNN model)

  input_eval = [char2idx[s] for s in start_string]
  input_eval = np.expand_dims(input_eval, 0)

  # Empty string to store our results
  text_generated = []

  # Here batch size == 1
  model.layers[1].reset_states()

  for i in range(generation_length):
      predictions = model.predict(input_eval, verbose=0)

      # Remove the batch dimension
      predictions = np.squeeze(predictions, 0)

      predicted_id = categorical(predictions, num_samples=1)[-1,0]

      # Pass the prediction along with the previous hidden state
      #   as the next inputs to the model
      input_eval = np.expand_dims([predicted_id], 0)

      text_generated.append(idx2char[predicted_id])

  return (start_string + ''.join(text_generated))

generated_text = generate_text(model, start_string="X", generation_length=20)
print(generated_text)
