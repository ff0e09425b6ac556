# source: ageron/handson-ml3 15_processing_sequences_using_rnns_and_cnns.ipynb (A. Géron, "Hands-On Machine Learning", 3rd ed., chapter 15, exercise 10: the JSB Bach chorales, each chorale's 4-note chords cut into windows, flattened into arpeggios and shifted by one note, learned by an Embedding + four dilated causal Conv1D with BatchNormalization + LSTM + softmax Dense next-note model with Nadam, saved in the .keras format, evaluated and used to compose a chorale greedily note by note; its code cells 157-185)
# commit: e3f3f9e66d58cfa1d068a498433063a1d3fba9ef
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; tf.keras.Sequential of Embedding(input_dim=n_notes, output_dim=5, input_shape=[None]) (variable-length int sequences), Conv1D(kernel_size=2, padding="causal", activation="relu") with dilation_rate 1/2/4/8 each followed by BatchNormalization(), LSTM(return_sequences=True), Dense(n_notes, softmax) per step; summary(); tf.keras.optimizers.Adam(learning_rate=1e-3); compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"]) with (batch, steps) int targets against (batch, steps, n_notes) outputs; fit with validation data; model.save("my_bach_model.keras") (the Keras v3 zip format in tf-keras); evaluate; generate_chorale: model.predict(arpegio, verbose=0).argmax(axis=-1)[:1, -1:] on a growing (1, t) arpeggio, 4 notes per chord
# reduced: tf.keras.utils.get_file of jsb_chorales.tgz (a download) and pandas (not installed in the test environments) dropped: load_chorales's pd.read_csv(...).values.tolist() replaced by made-up chorales (numpy RandomState(42): 6 training, 2 validation and 3 test chorales of 14-20 chords of four voices in soprano / alto / tenor / bass ranges, some silent (0) notes, and one training chorale walking through every note 36-81 so that the book's asserts min_note == 36, max_note == 81 hold and n_notes is 47 as in the book), lists of lists as the CSV rows give; play_chords and its audio helpers (IPython Audio, wav files) dropped; TensorFlow's own ops (statefulrnn stands in for tf.keras, not TensorFlow): bach_dataset's tf.ragged / tf.data window / flat_map / batch / map pipeline written with numpy: the same windows of window_size + 1 chords every window_shift chords (drop_remainder), preprocess with np.where / np.reshape instead of tf.where / tf.reshape, create_target on the stacked windows, fed to fit / evaluate as arrays with batch_size=32 (the dataset's batch size) and shuffle=False (the training set's shuffle_buffer_size=1000 shuffle order cannot match); generate_chorale's tf.constant / tf.reshape / tf.concat / tf.where -> np.array / np.reshape / np.concatenate / np.where; tf.keras.optimizers.Nadam(learning_rate=1e-3) -> tf.keras.optimizers.Adam(learning_rate=1e-3) (tf-keras 2.21's Nadam keeps its running product of momentum factors with a Python counter that its tf.cond bumps while tracing, so from the second step on its updates differ from Keras 3's Nadam, which statefulrnn follows: README, "Where we differ from Keras"; as in handson_ml3_ch16_char_rnn); generate_chorale_v2 (tf.random.categorical sampling, which cannot match) left out; window_size 32 -> 8, window_shift 16 -> 4; Conv1D filters 32/48/64/96 -> 8/8/8/8 (with 4/4/6/6 some weights end 1e-5 from Keras's after two Adam steps: rounding carried by Adam's normalized first steps, see handson_ml3_ch15_bach_chorales.diagnosis.md), LSTM 256 -> 8; epochs 20 -> 2; generated length 56 -> 3 chords
from pathlib import Path

import numpy as np
import tensorflow as tf


def _made_up_chorales(n_chorales, rng, with_scale=False):
    # stands in for load_chorales: each chorale a list of [soprano, alto, tenor, bass] chords
    chorales = []
    for c in range(n_chorales):
        n_chords = rng.randint(14, 21)
        start = np.array([rng.randint(67, 76), rng.randint(60, 68), rng.randint(52, 61), rng.randint(40, 52)])
        chords = []
        for i in range(n_chords):
            start = np.clip(start + rng.randint(-2, 3, size=4), [60, 55, 45, 36], [81, 74, 67, 60])
            chord = [int(v) for v in start]
            if rng.rand() < 0.05:
                chord[rng.randint(0, 4)] = 0
            chords.append(chord)
        chorales.append(chords)
    if with_scale:
        walk = list(range(36, 82)) + [0, 0]
        chorales.append([walk[i:i + 4] for i in range(0, len(walk), 4)])
    return chorales


rng = np.random.RandomState(42)
train_chorales = _made_up_chorales(5, rng, with_scale=True)
valid_chorales = _made_up_chorales(2, rng)
test_chorales = _made_up_chorales(3, rng)

print(train_chorales[0])

notes = set()
for chorales in (train_chorales, valid_chorales, test_chorales):
    for chorale in chorales:
        for chord in chorale:
            notes |= set(chord)

n_notes = len(notes)
min_note = min(notes - {0})
max_note = max(notes)

assert min_note == 36
assert max_note == 81
print(n_notes)

def create_target(batch):
    X = batch[:, :-1]
    Y = batch[:, 1:] # predict next note in each arpegio, at each step
    return X, Y

def preprocess(window):
    window = np.where(window == 0, window, window - min_note + 1) # shift values
    return np.reshape(window, [-1]) # convert to arpegio

def bach_dataset(chorales, batch_size=32, shuffle_buffer_size=None,
                 window_size=8, window_shift=4, cache=True):
    windows = []
    for chorale in chorales:
        chorale = np.array(chorale, dtype=np.int64)
        for start in range(0, len(chorale) - window_size, window_shift):
            windows.append(preprocess(chorale[start:start + window_size + 1]))
    return create_target(np.stack(windows))

train_set = bach_dataset(train_chorales)
valid_set = bach_dataset(valid_chorales)
test_set = bach_dataset(test_chorales)
print(train_set[0].shape, valid_set[0].shape, test_set[0].shape)

n_embedding_dims = 5

model = tf.keras.Sequential([
    tf.keras.layers.Embedding(input_dim=n_notes, output_dim=n_embedding_dims,
                           input_shape=[None]),
    tf.keras.layers.Conv1D(8, kernel_size=2, padding="causal", activation="relu"),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Conv1D(8, kernel_size=2, padding="causal", activation="relu", dilation_rate=2),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Conv1D(8, kernel_size=2, padding="causal", activation="relu", dilation_rate=4),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.Conv1D(8, kernel_size=2, padding="causal", activation="relu", dilation_rate=8),
    tf.keras.layers.BatchNormalization(),
    tf.keras.layers.LSTM(8, return_sequences=True),
    tf.keras.layers.Dense(n_notes, activation="softmax")
])

model.summary()

optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer,
              metrics=["accuracy"])
model.fit(*train_set, batch_size=32, shuffle=False, epochs=2, validation_data=valid_set)

model.save("my_bach_model.keras")
model.evaluate(*test_set, batch_size=32)

def generate_chorale(model, seed_chords, length):
    arpegio = preprocess(np.array(seed_chords, dtype=np.int64))
    arpegio = np.reshape(arpegio, [1, -1])
    for chord in range(length):
        for note in range(4):
            next_note = model.predict(arpegio, verbose=0).argmax(axis=-1)[:1, -1:]
            arpegio = np.concatenate([arpegio, next_note], axis=1)
    arpegio = np.where(arpegio == 0, arpegio, arpegio + min_note - 1)
    return np.reshape(arpegio, [-1, 4])

seed_chords = test_chorales[2][:8]

new_chorale = generate_chorale(model, seed_chords, 3)
print(new_chorale)
