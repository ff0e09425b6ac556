# source: tensorflow/docs site/en/tutorials/text/text_generation.ipynb (the TF 2.0 version, its last section "Advanced: Customized Training": the stateful GRU char model trained batch by batch in a hand-written epoch loop, the states reset at each epoch)
# commit: 129d0b544d2bcccf4b9abebbd0ab792f9133a29f
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; build_model: Sequential of Embedding(batch_input_shape=[batch_size, None]), GRU(return_sequences=True, stateful=True, recurrent_initializer='glorot_uniform'), Dense(vocab_size); tf.keras.optimizers.Adam() made before compile and handed to it; a hand-written epoch loop: `hidden = model.reset_states()` (None) at each epoch's start, then one train step per batch whose loss (a NumPy float from train_on_batch) is printed with {} and {:.4f}; the stateful GRU's states carried across the batches of an epoch; model.save_weights(checkpoint_prefix.format(epoch=epoch)) to a path with no suffix under a folder that does not exist yet (tf-keras: TensorFlow's checkpoint format) after the loop
# reduced: the Shakespeare download replaced by 200 seeded characters (as tf_tutorial_text_generation); tf.data from_tensor_slices/batch/map/shuffle/batch -> numpy chunks split into (input, target) and a list of BATCH_SIZE-row batches (no shuffle); seq_length 100 -> 9, BATCH_SIZE 64 -> 4, embedding_dim 256 -> 8, rnn_units 1024 -> 16, EPOCHS 10 -> 2; the earlier sections (fit with ModelCheckpoint, generation) left out: tf_tutorial_text_generation has them; the @tf.function train_step under tf.GradientTape (TensorFlow's; statefulrnn stands in for tf.keras, not tf.GradientTape or tf.function) -> model.compile(optimizer=optimizer, loss=loss) with the tutorial's own earlier loss(labels, logits) (tf.keras.losses.sparse_categorical_crossentropy(..., from_logits=True)) and model.train_on_batch(inp, target) in train_step, which computes the same mean loss over batch and time and applies the same Adam update (the tape's model(inp) ran with training unset: no dropout here, so the same forward)
import tensorflow as tf

import numpy as np
import os
import time

text = "".join(np.random.choice(list("abcde fgh"), size=200))
vocab = sorted(set(text))
char2idx = {u: i for i, u in enumerate(vocab)}
idx2char = np.array(vocab)
text_as_int = np.array([char2idx[c] for c in text])

seq_length = 9
chunks = text_as_int[: (len(text_as_int) // (seq_length + 1)) * (seq_length + 1)].reshape(-1, seq_length + 1)
BATCH_SIZE = 4
usable = (len(chunks) // BATCH_SIZE) * BATCH_SIZE
dataset = [(chunks[i:i + BATCH_SIZE, :-1], chunks[i:i + BATCH_SIZE, 1:]) for i in range(0, usable, BATCH_SIZE)]

vocab_size = len(vocab)
embedding_dim = 8
rnn_units = 16

def build_model(vocab_size, embedding_dim, rnn_units, batch_size):
  model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size, embedding_dim,
                              batch_input_shape=[batch_size, None]),
    tf.keras.layers.GRU(rnn_units,
                        return_sequences=True,
                        stateful=True,
                        recurrent_initializer='glorot_uniform'),
    tf.keras.layers.Dense(vocab_size)
  ])
  return model

checkpoint_dir = './training_checkpoints'
checkpoint_prefix = os.path.join(checkpoint_dir, "ckpt_{epoch}")

model = build_model(
  vocab_size = len(vocab),
  embedding_dim=embedding_dim,
  rnn_units=rnn_units,
  batch_size=BATCH_SIZE)

optimizer = tf.keras.optimizers.Adam()

def loss(labels, logits):
  return tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)

model.compile(optimizer=optimizer, loss=loss)

def train_step(inp, target):
  loss = model.train_on_batch(inp, target)

  return loss

# Training step
EPOCHS = 2

for epoch in range(EPOCHS):
  start = time.time()

  # initializing the hidden state at the start of every epoch
  # initally hidden is None
  hidden = model.reset_states()

  for (batch_n, (inp, target)) in enumerate(dataset):
    loss = train_step(inp, target)

    if batch_n % 100 == 0:
      template = 'Epoch {} Batch {} Loss {}'
      print(template.format(epoch+1, batch_n, loss))

  # saving (checkpoint) the model every 5 epochs
  if (epoch + 1) % 5 == 0:
    model.save_weights(checkpoint_prefix.format(epoch=epoch))

  print ('Epoch {} Loss {:.4f}'.format(epoch+1, loss))
  print ('Time taken for 1 epoch {} sec\n'.format(time.time() - start))

model.save_weights(checkpoint_prefix.format(epoch=epoch))
