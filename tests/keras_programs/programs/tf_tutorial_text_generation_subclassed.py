# source: tensorflow/docs site/en/tutorials/text/text_generation.ipynb (the TF 2.4/2.5 version, before it moved to tensorflow/text: StringLookup ids, a subclassed GRU model with return_state, a OneStep generator)
# commit: f957ee6185e5b2135da5c3d3f8ba0c429794ebe1
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; preprocessing.StringLookup(vocabulary=list(vocab), mask_token=None) and its invert=True twin made from get_vocabulary(); a tf.keras.Model subclass whose __init__ calls `super().__init__(self)` (self passed on positionally) and whose call(inputs, states=None, return_state=False, training=False) calls self.embedding(x, training=training), self.gru.get_initial_state(x) when no states are given, and a GRU(return_sequences=True, return_state=True) with initial_state=states, unpacked `x, states = self.gru(...)`; the model called on a batch before summary() and compile; tf.losses.SparseCategoricalCrossentropy(from_logits=True) called on a batch, its .numpy().mean(); compile(optimizer='adam', loss=loss); ModelCheckpoint(filepath=ckpt_{epoch}, save_weights_only=True); a second tf.keras.Model (OneStep) holding the model and both StringLookup layers, calling self.model(inputs=input_ids, states=states, return_state=True) step by step with the states handed back
# reduced: the Shakespeare download (tf.keras.utils.get_file) replaced by 460 seeded characters from "ROMEO: abcdefgh\n"; TensorFlow's own string and data ops (statefulrnn stands in for tf.keras, not TensorFlow) done with numpy: tf.strings.unicode_split -> np.array(list(...)) (the ragged ['abcdefg', 'xyz'] example -> the one row 'abcdefg'), tf.strings.reduce_join -> "".join over the decoded characters, tf.data from_tensor_slices/batch/map/shuffle/batch -> numpy reshapes into (inputs, targets) arrays fed to fit with batch_size and shuffle=False (tf.data's shuffle order cannot match), the dataset.take(1) batch -> the first BATCH_SIZE rows; tf.random.categorical -> np.argmax (random); in OneStep the tf.SparseTensor / tf.sparse.to_dense mask -> a numpy array with -inf at the [UNK] id, @tf.function dropped, the input chars looked up with ids_from_chars on a numpy array of characters, tf.squeeze / tf.strings.join -> numpy, tf.constant(['ROMEO:']) -> a list; tf.exp(mean_loss) -> np.exp; seq_length 100 -> 10, BATCH_SIZE 64 -> 4, embedding_dim 256 -> 8, rnn_units 1024 -> 16, EPOCHS 20 -> 2, 1000 generation steps -> 20 (one prompt, then five); tf.saved_model.save/load of OneStep (TensorFlow's) and the CustomTraining part (a train_step under tf.GradientTape, TensorFlow's) left out
import tensorflow as tf
from tensorflow.keras.layers.experimental import preprocessing

import numpy as np
import os
import time

rng = np.random.RandomState(11)
text = "".join(rng.choice(list("ROMEO: abcdefgh\n"), size=460))
print(f'Length of text: {len(text)} characters')
print(text[:250])

# The unique characters in the file
vocab = sorted(set(text))
print(f'{len(vocab)} unique characters')


def as_text(values):
    # the characters a StringLookup(invert=True) gives back, as Python strings (tf gives bytes)
    values = np.asarray(values)
    return np.vectorize(lambda v: v.decode('utf-8') if isinstance(v, bytes) else str(v))(values)


example_texts = ['abcdefg']

chars = np.array([list(t) for t in example_texts])
print(chars)

ids_from_chars = preprocessing.StringLookup(
    vocabulary=list(vocab), mask_token=None)

ids = ids_from_chars(chars)
print(ids)

chars_from_ids = tf.keras.layers.experimental.preprocessing.StringLookup(
    vocabulary=ids_from_chars.get_vocabulary(), invert=True, mask_token=None)

chars = chars_from_ids(ids)
print(chars)

print(["".join(row) for row in as_text(chars)])


def text_from_ids(ids):
    return "".join(as_text(chars_from_ids(ids)).ravel())


all_ids = np.asarray(ids_from_chars(np.array(list(text))))
print(all_ids)

for ids in all_ids[:10]:
    print(as_text(chars_from_ids(ids)))

seq_length = 10
examples_per_epoch = len(text)//(seq_length+1)

sequences = all_ids[:examples_per_epoch * (seq_length + 1)].reshape(examples_per_epoch, seq_length + 1)

for seq in sequences[:5]:
    print(text_from_ids(seq))


def split_input_target(sequence):
    input_text = sequence[:-1]
    target_text = sequence[1:]
    return input_text, target_text


print(split_input_target(list("Tensorflow")))

input_ids, target_ids = sequences[:, :-1], sequences[:, 1:]

print("Input :", text_from_ids(input_ids[0]))
print("Target:", text_from_ids(target_ids[0]))

# Batch size
BATCH_SIZE = 4
usable = (len(input_ids) // BATCH_SIZE) * BATCH_SIZE
input_ids, target_ids = input_ids[:usable], target_ids[:usable]

# Length of the vocabulary in chars
vocab_size = len(vocab)

# The embedding dimension
embedding_dim = 8

# Number of RNN units
rnn_units = 16


class MyModel(tf.keras.Model):
  def __init__(self, vocab_size, embedding_dim, rnn_units):
    super().__init__(self)
    self.embedding = tf.keras.layers.Embedding(vocab_size, embedding_dim)
    self.gru = tf.keras.layers.GRU(rnn_units,
                                   return_sequences=True,
                                   return_state=True)
    self.dense = tf.keras.layers.Dense(vocab_size)

  def call(self, inputs, states=None, return_state=False, training=False):
    x = inputs
    x = self.embedding(x, training=training)
    if states is None:
      states = self.gru.get_initial_state(x)
    x, states = self.gru(x, initial_state=states, training=training)
    x = self.dense(x, training=training)

    if return_state:
      return x, states
    else:
      return x


model = MyModel(
    # Be sure the vocabulary size matches the `StringLookup` layers.
    vocab_size=len(ids_from_chars.get_vocabulary()),
    embedding_dim=embedding_dim,
    rnn_units=rnn_units)

input_example_batch, target_example_batch = input_ids[:BATCH_SIZE], target_ids[:BATCH_SIZE]
example_batch_predictions = model(input_example_batch)
print(example_batch_predictions.shape, "# (batch_size, sequence_length, vocab_size)")

model.summary()

sampled_indices = np.argmax(np.asarray(example_batch_predictions[0]), axis=-1)
print(sampled_indices)

print("Input:\n", text_from_ids(input_example_batch[0]))
print()
print("Next Char Predictions:\n", text_from_ids(sampled_indices))

loss = tf.losses.SparseCategoricalCrossentropy(from_logits=True)

example_batch_loss = loss(target_example_batch, example_batch_predictions)
mean_loss = example_batch_loss.numpy().mean()
print("Prediction shape: ", example_batch_predictions.shape, " # (batch_size, sequence_length, vocab_size)")
print("Mean loss:        ", mean_loss)

print(np.exp(mean_loss))

model.compile(optimizer='adam', loss=loss)

# Directory where the checkpoints will be saved
checkpoint_dir = './training_checkpoints'
# Name of the checkpoint files
checkpoint_prefix = os.path.join(checkpoint_dir, "ckpt_{epoch}")

checkpoint_callback = tf.keras.callbacks.ModelCheckpoint(
    filepath=checkpoint_prefix,
    save_weights_only=True)

EPOCHS = 2

history = model.fit(input_ids, target_ids, batch_size=BATCH_SIZE, shuffle=False, epochs=EPOCHS, callbacks=[checkpoint_callback])


class OneStep(tf.keras.Model):
  def __init__(self, model, chars_from_ids, ids_from_chars, temperature=1.0):
    super().__init__()
    self.temperature = temperature
    self.model = model
    self.chars_from_ids = chars_from_ids
    self.ids_from_chars = ids_from_chars

    # Create a mask to prevent "[UNK]" from being generated.
    skip_ids = np.asarray(self.ids_from_chars(['[UNK]']))[:, None]
    sparse_mask = np.zeros(len(ids_from_chars.get_vocabulary()), dtype='float32')
    # Put a -inf at each bad index.
    sparse_mask[skip_ids[:, 0]] = -float('inf')
    self.prediction_mask = sparse_mask

  def generate_one_step(self, inputs, states=None):
    # Convert strings to token IDs.
    input_chars = np.array([list(s) for s in inputs])
    input_ids = self.ids_from_chars(input_chars)

    # Run the model.
    # predicted_logits.shape is [batch, char, next_char_logits]
    predicted_logits, states = self.model(inputs=input_ids, states=states,
                                          return_state=True)
    # Only use the last prediction.
    predicted_logits = predicted_logits[:, -1, :]
    predicted_logits = predicted_logits/self.temperature
    # Apply the prediction mask: prevent "[UNK]" from being generated.
    predicted_logits = np.asarray(predicted_logits) + self.prediction_mask

    # Sample the output logits to generate token IDs.
    predicted_ids = np.argmax(predicted_logits, axis=-1)

    # Convert from token ids to characters
    predicted_chars = as_text(self.chars_from_ids(predicted_ids))

    # Return the characters and model state.
    return predicted_chars, states


one_step_model = OneStep(model, chars_from_ids, ids_from_chars)

start = time.time()
states = None
next_char = ['ROMEO:']
result = [next_char]

for n in range(20):
  next_char, states = one_step_model.generate_one_step(next_char, states=states)
  result.append(next_char)

result = ["".join(parts) for parts in zip(*result)]
end = time.time()
print(result[0], '\n\n' + '_'*80)
print('\nRun time:', end - start)

start = time.time()
states = None
next_char = ['ROMEO:', 'ROMEO:', 'ROMEO:', 'ROMEO:', 'ROMEO:']
result = [next_char]

for n in range(20):
  next_char, states = one_step_model.generate_one_step(next_char, states=states)
  result.append(next_char)

result = ["".join(parts) for parts in zip(*result)]
end = time.time()
print(result, '\n\n' + '_'*80)
print('\nRun time:', end - start)
