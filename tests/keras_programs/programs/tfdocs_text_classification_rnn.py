# source: tensorflow/docs site/en/tutorials/text/text_classification_rnn.ipynb (the TensorFlow tutorial "Text classification with an RNN" of TF 2.4/2.5, before it moved to tensorflow/text: TextVectorization inside the model, Embedding(mask_zero=True), Bidirectional LSTMs; its code cells in order)
# commit: a7c567d2a730e0e6e6b3741e5be66b1c813549cb
# keras: tf_keras
# exercises: `import tensorflow as tf` and tf.keras.*: tf.keras.layers.experimental.preprocessing.TextVectorization(max_tokens=VOCAB_SIZE) adapted on the training texts, get_vocabulary() as a numpy array and the round trip " ".join(vocab[encoded]), the encoder called on a batch of strings then .numpy(); tf.keras.Sequential([encoder, Embedding(input_dim=len(encoder.get_vocabulary()), output_dim=64, mask_zero=True), Bidirectional(LSTM(64)), Dense(64, activation='relu'), Dense(1)]), [layer.supports_masking for layer in model.layers]; model.predict on np.array of raw strings (one text, and a text beside a 2000-word "padding" text, so that the mask is exercised); compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True), optimizer=tf.keras.optimizers.Adam(1e-4), metrics=['accuracy']), fit(epochs, validation_data, validation_steps=30), evaluate unpacked as test_loss, test_acc; a second Sequential sharing the same adapted encoder with Bidirectional(LSTM(64, return_sequences=True)) + Bidirectional(LSTM(32)) + Dense relu + Dropout + Dense(1), compiled, fit, evaluated and predicted the same way
# reduced: tfds.load('imdb_reviews') (a download) replaced by made-up reviews (numpy RandomState(0)): 64 training and 1920 test texts (30 batches of 64: the tutorial's validation_steps=30 needs them, and tf-keras skips validation after a first epoch that runs out of data) of 4 to 30 words drawn from a 60-word list with punctuation and capitals, labels 0/1 as int64; the tf.data pipeline (shuffle(BUFFER_SIZE).batch(BATCH_SIZE).prefetch, .map for adapt, .take(1)) replaced by numpy arrays: adapt on the training texts, `example` the first 64 training texts as the batch the tutorial takes, fit(train_texts, train_labels, batch_size=BATCH_SIZE, ...) and validation_data / evaluate on the test arrays with batch_size=BATCH_SIZE (one training batch of 64 per epoch, so fit's shuffling cannot change the result); the two predicts before compile moved to just after compile (the harness hands both runs Keras's starting weights at compile, so an untrained model's predict before it could not be matched); epochs 10 -> 2; Dropout(0.5) -> Dropout(0.0) (random masks cannot match); tfds.disable_progress_bar, matplotlib (plot_graphs and the figures) left out
import numpy as np

import tensorflow as tf

# made-up reviews in place of tfds's imdb_reviews
rng = np.random.RandomState(0)
words = ("the movie was good bad great terrible film plot acting I loved hated it this and a of "
         "to is not very boring fun story characters were out world would recommend animation "
         "graphics cool best worst ever seen time watch again actors scene music director end "
         "funny sad long short beautiful awful really too much love hate amazing").split()
def make_texts(n):
    texts = []
    for _ in range(n):
        k = rng.randint(4, 31)
        picked = [words[i] for i in rng.randint(0, len(words), size=k)]
        picked[0] = picked[0].capitalize()
        texts.append(" ".join(picked) + rng.choice([".", "!", "?", ". Really."]))
    return np.array(texts), rng.randint(0, 2, size=n).astype(np.int64)
train_texts, train_labels = make_texts(64)
test_texts, test_labels = make_texts(1920)

for example, label in zip(train_texts[:1], train_labels[:1]):
  print('text: ', example)
  print('label: ', label)

BUFFER_SIZE = 10000
BATCH_SIZE = 64

example, label = train_texts[:BATCH_SIZE], train_labels[:BATCH_SIZE]
print('texts: ', example[:3])
print()
print('labels: ', label[:3])

VOCAB_SIZE = 1000
encoder = tf.keras.layers.experimental.preprocessing.TextVectorization(
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
        output_dim=64,
        # Use masking to handle the variable sequence lengths
        mask_zero=True),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(64)),
    tf.keras.layers.Dense(64, activation='relu'),
    tf.keras.layers.Dense(1)
])

print([layer.supports_masking for layer in model.layers])

model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              optimizer=tf.keras.optimizers.Adam(1e-4),
              metrics=['accuracy'])

# predict on a sample text without padding.

sample_text = ('The movie was cool. The animation and the graphics '
               'were out of this world. I would recommend this movie.')
predictions = model.predict(np.array([sample_text]))
print(predictions[0])

# predict on a sample text with padding

padding = "the " * 2000
predictions = model.predict(np.array([sample_text, padding]))
print(predictions[0])

history = model.fit(train_texts, train_labels, batch_size=BATCH_SIZE, epochs=2,
                    validation_data=(test_texts, test_labels),
                    validation_steps=30)

test_loss, test_acc = model.evaluate(test_texts, test_labels, batch_size=BATCH_SIZE)

print('Test Loss:', test_loss)
print('Test Accuracy:', test_acc)

sample_text = ('The movie was cool. The animation and the graphics '
               'were out of this world. I would recommend this movie.')
predictions = model.predict(np.array([sample_text]))

model = tf.keras.Sequential([
    encoder,
    tf.keras.layers.Embedding(len(encoder.get_vocabulary()), 64, mask_zero=True),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(64,  return_sequences=True)),
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(32)),
    tf.keras.layers.Dense(64, activation='relu'),
    tf.keras.layers.Dropout(0.0),
    tf.keras.layers.Dense(1)
])

model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              optimizer=tf.keras.optimizers.Adam(1e-4),
              metrics=['accuracy'])

history = model.fit(train_texts, train_labels, batch_size=BATCH_SIZE, epochs=2,
                    validation_data=(test_texts, test_labels),
                    validation_steps=30)

test_loss, test_acc = model.evaluate(test_texts, test_labels, batch_size=BATCH_SIZE)

print('Test Loss:', test_loss)
print('Test Accuracy:', test_acc)

# predict on a sample text without padding.

sample_text = ('The movie was not good. The animation and the graphics '
               'were terrible. I would not recommend this movie.')
predictions = model.predict(np.array([sample_text]))
print(predictions)
