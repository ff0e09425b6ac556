# source: tensorflow/docs site/en/tutorials/text/text_generation.ipynb (the TF 2.4/2.5 version: its subclassed GRU model with return_state and its last section "Advanced: Customized Training": a CustomTraining(MyModel) class with its own train_step, fit for one epoch, then a hand-written loop calling model.train_step([inp, target]) with a Mean metric updated by hand)
# commit: 3b9fe704cb8f303d81586f3861c388a7c171e3c5
# keras: keras
# backend: torch
# exercises: a keras.Model subclass MyModel (Embedding, GRU(return_sequences=True, return_state=True), Dense) whose call(inputs, states=None, return_state=False, training=False) unpacks `x, states = self.gru(x, initial_state=states, training=training)`; a subclass of it, CustomTraining, overriding only train_step(self, inputs) with `inputs, labels = inputs`, self(inputs, training=True), self.loss(labels, predictions) (the loss object handed to compile), gradients of the module-level `model.trainable_variables`, self.optimizer.apply, and a {'loss': loss} dict of the batch's loss; compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)); model.fit for one epoch through that train_step; then a hand-written epoch loop outside fit: keras.metrics.Mean() with reset_state() at each epoch, model.train_step([inp, target]) called directly on numpy batches, mean.update_state(logs['loss']), print of logs['loss'], mean.result() formatted with {:.4f}; save_weights every 5 epochs and at the end
# reduced: written for Keras's torch backend (`# backend: torch`), as keras_io_trainer_pattern_torch: the tutorial's train_step takes its gradients with tf.GradientTape under @tf.function (TensorFlow's), which becomes keras.io's "Customizing what happens in fit() with PyTorch" form: self.zero_grad(), loss.backward(), [v.value.grad for v in model.trainable_variables], self.optimizer.apply(grads, model.trainable_variables) under torch.no_grad(); `import tensorflow as tf` -> os.environ["KERAS_BACKEND"] = "torch", `import torch`, `import keras`, tf.keras.X -> keras.X, tf.metrics.Mean -> keras.metrics.Mean, mean.reset_states() -> mean.reset_state() (Keras 3 has only reset_state) and mean.result().numpy() -> float(mean.result()); MyModel's super().__init__(self) -> super().__init__() (Keras 3.15: TypeError "Layer.__init__() takes 1 positional argument but 2 were given") and `states = self.gru.get_initial_state(x)` dropped (Keras 3's get_initial_state takes a batch size: given the batch, torch's zeros() raises TypeError on Keras 3.15; initial_state=None starts from the same zeros); the Shakespeare download replaced by 460 seeded characters (as tf_tutorial_text_generation_subclassed), StringLookup (its ids, [UNK] at 0) -> a numpy lookup with the same ids, tf.data batching -> numpy arrays: fit(input_ids, target_ids, batch_size=BATCH_SIZE, shuffle=False) and a list of BATCH_SIZE-row batches for the loop (no shuffle); seq_length 100 -> 10, BATCH_SIZE 64 -> 4, embedding_dim 256 -> 8, rnn_units 1024 -> 16, EPOCHS 10 -> 2; the earlier sections (training by the built-in step, generation, SavedModel export) left out: tf_tutorial_text_generation_subclassed has most of them
import os

os.environ["KERAS_BACKEND"] = "torch"

import torch
import keras

import numpy as np
import time

rng = np.random.RandomState(11)
text = "".join(rng.choice(list("ROMEO: abcdefgh\n"), size=460))
vocab = sorted(set(text))
lookup = {c: i + 1 for i, c in enumerate(vocab)}  # StringLookup's ids: [UNK] is 0
all_ids = np.array([lookup[c] for c in text])

seq_length = 10
examples_per_epoch = len(text)//(seq_length+1)
sequences = all_ids[:examples_per_epoch * (seq_length + 1)].reshape(examples_per_epoch, seq_length + 1)
input_ids, target_ids = sequences[:, :-1], sequences[:, 1:]

BATCH_SIZE = 4
usable = (len(input_ids) // BATCH_SIZE) * BATCH_SIZE
input_ids, target_ids = input_ids[:usable], target_ids[:usable]
dataset = [(input_ids[i:i + BATCH_SIZE], target_ids[i:i + BATCH_SIZE]) for i in range(0, usable, BATCH_SIZE)]

embedding_dim = 8
rnn_units = 16

checkpoint_prefix = os.path.join('./training_checkpoints', "ckpt_{epoch}.weights.h5")
os.makedirs('./training_checkpoints', exist_ok=True)


class MyModel(keras.Model):
  def __init__(self, vocab_size, embedding_dim, rnn_units):
    super().__init__()
    self.embedding = keras.layers.Embedding(vocab_size, embedding_dim)
    self.gru = keras.layers.GRU(rnn_units,
                                return_sequences=True,
                                return_state=True)
    self.dense = keras.layers.Dense(vocab_size)

  def call(self, inputs, states=None, return_state=False, training=False):
    x = inputs
    x = self.embedding(x, training=training)
    x, states = self.gru(x, initial_state=states, training=training)
    x = self.dense(x, training=training)

    if return_state:
      return x, states
    else:
      return x


class CustomTraining(MyModel):
  def train_step(self, inputs):
      inputs, labels = inputs
      self.zero_grad()
      predictions = self(inputs, training=True)
      loss = self.loss(labels, predictions)
      loss.backward()
      grads = [v.value.grad for v in model.trainable_variables]
      with torch.no_grad():
          self.optimizer.apply(grads, model.trainable_variables)

      return {'loss': loss}


model = CustomTraining(
    vocab_size=len(vocab) + 1,
    embedding_dim=embedding_dim,
    rnn_units=rnn_units)

model(input_ids[:BATCH_SIZE])  # built before compile: the harness sets Keras's initial weights there

model.compile(optimizer = keras.optimizers.Adam(),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

model.fit(input_ids, target_ids, batch_size=BATCH_SIZE, shuffle=False, epochs=1)

EPOCHS = 2

mean = keras.metrics.Mean()

for epoch in range(EPOCHS):
    start = time.time()

    mean.reset_state()
    for (batch_n, (inp, target)) in enumerate(dataset):
        logs = model.train_step([inp, target])
        mean.update_state(logs['loss'])

        if batch_n % 50 == 0:
            template = 'Epoch {} Batch {} Loss {}'
            print(template.format(epoch + 1, batch_n, logs['loss']))

    # saving (checkpoint) the model every 5 epochs
    if (epoch + 1) % 5 == 0:
        model.save_weights(checkpoint_prefix.format(epoch=epoch))

    print()
    print('Epoch {} Loss: {:.4f}'.format(epoch + 1, float(mean.result())))
    print('Time taken for 1 epoch {} sec'.format(time.time() - start))
    print("_"*80)

model.save_weights(checkpoint_prefix.format(epoch=epoch))
