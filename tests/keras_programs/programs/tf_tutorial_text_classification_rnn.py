# source: tensorflow/text docs/tutorials/text_classification_rnn.ipynb (TensorFlow's tutorial "Text classification with an RNN": IMDB reviews through an adapted TextVectorization inside a Sequential, Embedding(mask_zero=True), Bidirectional LSTM; then the stacked-LSTM model; its code cells in order)
# commit: 17c38bf014810b80abbb7c13ff1c2ac3cd9f710f
# keras: tf_keras
# exercises: tf.keras.layers.TextVectorization(max_tokens=VOCAB_SIZE) adapt()ed on the training texts; np.array(encoder.get_vocabulary()) indexed by the encoded ids for a round trip; the encoder called directly on a batch of strings, [:3].numpy(); tf.keras.Sequential([encoder, Embedding(input_dim=len(encoder.get_vocabulary()), output_dim, mask_zero=True), Bidirectional(LSTM), Dense(relu), Dense(1)]) with no input shape, built by its first call on strings; [layer.supports_masking for layer in model.layers]; predict on np.array([sample_text]) and on np.array([sample_text, "the " * 2000]) (the encoder pads the batch to its longest text, the mask hides the padding, so the first row's prediction is the same); compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer=tf.keras.optimizers.Adam(1e-4), metrics=['accuracy']); fit(epochs, validation_data, validation_steps); evaluate unpacked as test_loss, test_acc; the stacked model Bidirectional(LSTM(return_sequences=True)) -> Bidirectional(LSTM) -> Dense(relu) -> Dropout -> Dense(1), compiled, fit, evaluated and predicting on one text
# reduced: tfds.load('imdb_reviews') (a download; tensorflow_datasets is not installed here) replaced by make_reviews(), 32 training and 16 test made-up reviews of 4 to 14 words from seeded word lists, labels 1 for positive, as numpy object arrays; the tf.data pipeline (shuffle(BUFFER_SIZE).batch(BATCH_SIZE).prefetch) replaced by the arrays given to fit/evaluate with batch_size=BATCH_SIZE (statefulrnn is not TensorFlow and reads no tf.data.Dataset; 32 training rows < BATCH_SIZE: one batch, so shuffling cannot change the result), `for example, label in train_dataset.take(1)` by the first BATCH_SIZE rows, so example.numpy() / label.numpy() -> example / label and adapt(train_dataset.map(lambda text, label: text)) -> adapt(train_texts); VOCAB_SIZE 1000 -> 100, validation_steps 30 -> 1 (the 16 test rows are one batch of BATCH_SIZE; 30 steps would run out of data, and tf-keras then skips validation in every later epoch, where Keras 3 and statefulrnn validate each epoch), Embedding 64 -> 8, LSTM 64 -> 8 and 32 -> 4, Dense 64 -> 8, epochs 10 -> 3; Dropout 0.5 -> 0 (random masks cannot match); each model built by a call model(np.array([sample_text])) and compiled (with the tutorial's own compile arguments) before its first predict/fit (the harness meets the two runs' initial weights at the first compile, and needs the weights then: the first model predicts before the tutorial compiles it, the second is compiled unbuilt); Adam(1e-4) kept as written (on tf-keras it matches: its optimizer sums an Embedding's IndexedSlices per id before Adam squares them, unlike Keras 3 on TensorFlow); tf-keras rather than Keras 3 as the reference: the tutorial's np.array([sample_text]) is a unicode array, which Keras 3 on TensorFlow refuses (ValueError: Invalid dtype: str..., tensorflow/tensorflow#65237); tensorflow_datasets, matplotlib and plot_graphs (plots) left out
import numpy as np

import tensorflow as tf


def make_reviews(n, seed):
  # Stands in for IMDB: made-up reviews, positive (1) or negative (0).
  rng = np.random.RandomState(seed)
  good = "great wonderful cool loved brilliant fun recommend superb moving beautiful".split()
  bad = "terrible boring awful hated dull waste poor worst bad slow".split()
  common = "the movie was and a of this film it acting plot i story not".split()
  texts, labels = [], []
  for _ in range(n):
    label = rng.randint(2)
    words = rng.choice(common, rng.randint(2, 9)).tolist() + rng.choice(good if label else bad, rng.randint(2, 6)).tolist()
    rng.shuffle(words)
    texts.append(" ".join(words).capitalize() + ".")
    labels.append(label)
  return np.array(texts, dtype=object), np.array(labels)


train_texts, train_labels = make_reviews(32, 1)
test_texts, test_labels = make_reviews(16, 2)

BUFFER_SIZE = 10000
BATCH_SIZE = 64

example, label = train_texts[:BATCH_SIZE], train_labels[:BATCH_SIZE]
print('texts: ', example[:3])
print()
print('labels: ', label[:3])

VOCAB_SIZE = 100
encoder = tf.keras.layers.TextVectorization(
    max_tokens=VOCAB_SIZE)
encoder.adapt(train_texts)

vocab = np.array(encoder.get_vocabulary())
print(vocab[:20])

encoded_example = encoder(example)[:3].numpy()
print(encoded_example)

for n in range(3):
  print("Original: ", example[n])
  print("Round-trip: ", " ".join(vocab[encoded_example[n]]))
  print()

model = tf.keras.Sequential([
    encoder,
    tf.keras.layers.Embedding(
        input_dim=len(encoder.get_vocabulary()),
        output_dim=8,
        # Use masking to handle the variable sequence lengths
        mask_zero=True),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8)),
    tf.keras.layers.Dense(8, activation='relu'),
    tf.keras.layers.Dense(1)
])

print([layer.supports_masking for layer in model.layers])

# predict on a sample text without padding.

sample_text = ('The movie was cool. The animation and the graphics '
               'were out of this world. I would recommend this movie.')
model(np.array([sample_text]))  # built before compile, so that both runs start from Keras's weights
model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              optimizer=tf.keras.optimizers.Adam(1e-4),
              metrics=['accuracy'])
predictions = model.predict(np.array([sample_text]))
print(predictions[0])

# predict on a sample text with padding

padding = "the " * 2000
predictions = model.predict(np.array([sample_text, padding]))
print(predictions[0])

model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              optimizer=tf.keras.optimizers.Adam(1e-4),
              metrics=['accuracy'])

history = model.fit(train_texts, train_labels, batch_size=BATCH_SIZE, epochs=3,
                    validation_data=(test_texts, test_labels),
                    validation_steps=1)

test_loss, test_acc = model.evaluate(test_texts, test_labels, batch_size=BATCH_SIZE)

print('Test Loss:', test_loss)
print('Test Accuracy:', test_acc)

sample_text = ('The movie was cool. The animation and the graphics '
               'were out of this world. I would recommend this movie.')
predictions = model.predict(np.array([sample_text]))

model = tf.keras.Sequential([
    encoder,
    tf.keras.layers.Embedding(len(encoder.get_vocabulary()), 8, mask_zero=True),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(8,  return_sequences=True)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(4)),
    tf.keras.layers.Dense(8, activation='relu'),
    tf.keras.layers.Dropout(0),
    tf.keras.layers.Dense(1)
])

model(np.array([sample_text]))  # built before compile, so that both runs start from Keras's weights
model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              optimizer=tf.keras.optimizers.Adam(1e-4),
              metrics=['accuracy'])

history = model.fit(train_texts, train_labels, batch_size=BATCH_SIZE, epochs=3,
                    validation_data=(test_texts, test_labels),
                    validation_steps=1)

test_loss, test_acc = model.evaluate(test_texts, test_labels, batch_size=BATCH_SIZE)

print('Test Loss:', test_loss)
print('Test Accuracy:', test_acc)

# predict on a sample text without padding.

sample_text = ('The movie was not good. The animation and the graphics '
               'were terrible. I would not recommend this movie.')
predictions = model.predict(np.array([sample_text]))
print(predictions)
