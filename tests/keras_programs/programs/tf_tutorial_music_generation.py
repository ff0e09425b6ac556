# source: tensorflow/docs site/en/tutorials/audio/music_generation.ipynb (the "Generate music with an RNN" tutorial: notes of MAESTRO piano MIDI files as (pitch, step, duration) windows, an LSTM with three named outputs, then generating notes one predict at a time; its code cells in order)
# commit: 764764949ea0f721594dc87c14b07b85bf61eaaa
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.random.set_seed and tf.keras.*; a functional tf.keras.Model(inputs, outputs) with one tf.keras.Input((seq_length, 3)), LSTM(128) and a dict of three named Dense outputs ('pitch' 128 logits, 'step', 'duration'); compile with a dict of losses (SparseCategoricalCrossentropy(from_logits=True) on float pitch labels, and a custom mse_with_positive_pressure on labels of shape (batch,) against outputs of shape (batch, 1), returning one scalar) and Adam(learning_rate=0.005); model.summary(); evaluate(return_dict=True) before training, a second compile of the same model and optimizer adding loss_weights as a dict, evaluate again; fit with dict targets and callbacks ModelCheckpoint(filepath='./training_checkpoints/ckpt_{epoch}', save_weights_only=True) (no file extension) and EarlyStopping(monitor='loss', patience=5, verbose=1, restore_best_weights=True); predict_next_note: predict on one window (a float64 tensor from expand_dims) returning a dict of arrays, logits divided by a temperature in place, squeeze/maximum on the outputs, int()/float() of one-element tensors, the note fed back into the window by np.delete/np.append
# reduced: pretty_midi, fluidsynth, pandas, seaborn, matplotlib and IPython (not installed in the test environments) dropped: the MAESTRO download (tf.keras.utils.get_file) and midi_to_notes replaced by five made-up pieces of notes (numpy, RandomState(0): pitch 48-83, step and duration exponential) held as dicts of arrays (pd.concat -> np.concatenate per key); audio, piano-roll and distribution plots, notes_to_midi / MIDI writing, the pretty_midi instrument and note-name cells dropped; cells that only display a value print it; tf.data windowing (from_tensor_slices, window/flat_map/map in create_sequences, shuffle/batch/cache/prefetch) replaced by the same windows made with numpy (scale_pitch and split_labels kept), fed to evaluate/fit as arrays with batch_size=batch_size and shuffle=False (tf.data's shuffle order cannot match; the window count is a multiple of the batch size, as drop_remainder=True gave); seq_length 25 -> 10, batch_size 64 -> 16, 74 notes (64 windows), epochs 50 -> 3, num_predictions 120 -> 8; TensorFlow's own ops (statefulrnn stands in for tf.keras, not TensorFlow): in mse_with_positive_pressure tf.maximum / tf.reduce_mean -> tf.keras.backend.maximum / mean and the y_true: tf.Tensor annotations dropped, in predict_next_note tf.expand_dims / tf.squeeze / tf.maximum -> tf.keras.backend.expand_dims / squeeze / maximum, and tf.random.categorical -> Gumbel-max sampling (argmax of logits plus Gumbel noise) with numpy's RandomState(seed) (random draws cannot match across frameworks); its return int(pitch), float(step), float(duration) -> int(pitch[0]), float(step[0]), float(duration[0]) (the squeezed values have shape (1,), and NumPy 2.4, in both test environments, no longer converts a 1-element array of rank 1 to a Python number: the tutorial's line fails on TensorFlow too)
import collections
import datetime
import glob
import numpy as np
import pathlib
import tensorflow as tf

from typing import Optional

seed = 42
tf.random.set_seed(seed)
np.random.seed(seed)

# Sampling rate for audio playback
_SAMPLING_RATE = 16000

# Stand-ins for the MAESTRO MIDI files: midi_to_notes made of made-up notes.
_rng = np.random.RandomState(0)
filenames = [f'data/maestro-v2.0.0/2004/piece_{i}.midi' for i in range(5)]
print('Number of files:', len(filenames))


def midi_to_notes(midi_file: str, count: int = 15) -> dict:
  notes = collections.defaultdict(list)
  prev_start = 0.0
  start = 0.0
  for i in range(count):
    pitch = int(_rng.randint(48, 84))
    step = 0.0 if i == 0 else float(_rng.exponential(0.2))
    start = start + step
    end = start + float(_rng.exponential(0.3)) + 0.05
    notes['pitch'].append(pitch)
    notes['start'].append(start)
    notes['end'].append(end)
    notes['step'].append(start - prev_start)
    notes['duration'].append(end - start)
    prev_start = start
  return {name: np.array(value) for name, value in notes.items()}


sample_file = filenames[1]
print(sample_file)

raw_notes = midi_to_notes(sample_file)
print({name: values[:5] for name, values in raw_notes.items()})

num_files = 5
all_notes = []
for f in filenames[:num_files]:
  notes = midi_to_notes(f)
  all_notes.append(notes)

all_notes = {key: np.concatenate([n[key] for n in all_notes]) for key in all_notes[0]}
all_notes = {key: values[:74] for key, values in all_notes.items()}

n_notes = len(all_notes['pitch'])
print('Number of notes parsed:', n_notes)

key_order = ['pitch', 'step', 'duration']
train_notes = np.stack([all_notes[key] for key in key_order], axis=1)


def create_sequences(
    notes: np.ndarray,
    seq_length: int,
    vocab_size = 128,
):
  """Returns arrays of sequence and label examples (the tutorial's tf.data windows)."""
  seq_length = seq_length+1

  # Take 1 extra for the labels
  sequences = np.stack([notes[i:i + seq_length] for i in range(len(notes) - seq_length + 1)])

  # Normalize note pitch
  def scale_pitch(x):
    x = x/[vocab_size,1.0,1.0]
    return x

  # Split the labels
  def split_labels(sequences):
    inputs = sequences[:, :-1]
    labels_dense = sequences[:, -1]
    labels = {key:labels_dense[:, i] for i,key in enumerate(key_order)}

    return scale_pitch(inputs), labels

  return split_labels(sequences)


seq_length = 10
vocab_size = 128
seq_x, seq_y = create_sequences(train_notes, seq_length, vocab_size)
print(seq_x.shape, {key: value.shape for key, value in seq_y.items()})

print('sequence shape:', seq_x[0].shape)
print('sequence elements (first 10):', seq_x[0][0: 10])
print()
print('target:', {key: value[0] for key, value in seq_y.items()})

batch_size = 16
buffer_size = n_notes - seq_length  # the number of items in the dataset
print(buffer_size, buffer_size % batch_size)


def mse_with_positive_pressure(y_true, y_pred):
  mse = (y_true - y_pred) ** 2
  positive_pressure = 10 * tf.keras.backend.maximum(-y_pred, 0.0)
  return tf.keras.backend.mean(mse + positive_pressure)


input_shape = (seq_length, 3)
learning_rate = 0.005

inputs = tf.keras.Input(input_shape)
x = tf.keras.layers.LSTM(128)(inputs)

outputs = {
  'pitch': tf.keras.layers.Dense(128, name='pitch')(x),
  'step': tf.keras.layers.Dense(1, name='step')(x),
  'duration': tf.keras.layers.Dense(1, name='duration')(x),
}

model = tf.keras.Model(inputs, outputs)

loss = {
      'pitch': tf.keras.losses.SparseCategoricalCrossentropy(
          from_logits=True),
      'step': mse_with_positive_pressure,
      'duration': mse_with_positive_pressure,
}

optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)

model.compile(loss=loss, optimizer=optimizer)

model.summary()

losses = model.evaluate(seq_x, seq_y, batch_size=batch_size, return_dict=True)
print(losses)

model.compile(
    loss=loss,
    loss_weights={
        'pitch': 0.05,
        'step': 1.0,
        'duration':1.0,
    },
    optimizer=optimizer,
)

print(model.evaluate(seq_x, seq_y, batch_size=batch_size, return_dict=True))

callbacks = [
    tf.keras.callbacks.ModelCheckpoint(
        filepath='./training_checkpoints/ckpt_{epoch}',
        save_weights_only=True),
    tf.keras.callbacks.EarlyStopping(
        monitor='loss',
        patience=5,
        verbose=1,
        restore_best_weights=True),
]

epochs = 3

history = model.fit(
    seq_x, seq_y,
    batch_size=batch_size,
    shuffle=False,
    epochs=epochs,
    callbacks=callbacks,
)

print(history.epoch, history.history['loss'])

# tf.random.categorical's stand-in: Gumbel-max sampling with numpy's generator.
_sampling_rng = np.random.RandomState(seed)


def predict_next_note(
    notes: np.ndarray,
    model: tf.keras.Model,
    temperature: float = 1.0) -> tuple[int, float, float]:
  """Generates a note as a tuple of (pitch, step, duration), using a trained sequence model."""

  assert temperature > 0

  # Add batch dimension
  inputs = tf.keras.backend.expand_dims(notes, 0)

  predictions = model.predict(inputs)
  pitch_logits = predictions['pitch']
  step = predictions['step']
  duration = predictions['duration']

  pitch_logits /= temperature
  gumbel = -np.log(-np.log(_sampling_rng.uniform(size=pitch_logits.shape)))
  pitch = np.argmax(pitch_logits + gumbel, axis=-1)[:, None]
  pitch = tf.keras.backend.squeeze(pitch, axis=-1)
  duration = tf.keras.backend.squeeze(duration, axis=-1)
  step = tf.keras.backend.squeeze(step, axis=-1)

  # `step` and `duration` values should be non-negative
  step = tf.keras.backend.maximum(0, step)
  duration = tf.keras.backend.maximum(0, duration)

  return int(pitch[0]), float(step[0]), float(duration[0])


temperature = 2.0
num_predictions = 8

sample_notes = np.stack([raw_notes[key] for key in key_order], axis=1)

# The initial sequence of notes; pitch is normalized similar to training
# sequences
input_notes = (
    sample_notes[:seq_length] / np.array([vocab_size, 1, 1]))

generated_notes = []
prev_start = 0
for _ in range(num_predictions):
  pitch, step, duration = predict_next_note(input_notes, model, temperature)
  start = prev_start + step
  end = start + duration
  input_note = (pitch, step, duration)
  generated_notes.append((*input_note, start, end))
  input_notes = np.delete(input_notes, 0, axis=0)
  input_notes = np.append(input_notes, np.expand_dims(input_note, 0), axis=0)
  prev_start = start

generated_notes = np.array(generated_notes)
print(generated_notes[:10])
