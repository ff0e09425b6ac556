# source: keras-team/keras-io examples/nlp/bidirectional_lstm_imdb.py (the Keras 3 version)
# commit: 1909c6710cd3f5af6401f1176dcee9e26781b4f3
# keras: keras
# exercises: keras.Input(shape=(None,), dtype="int32") for variable-length integer sequences, Embedding(max_features, 128), Bidirectional(LSTM(64, return_sequences=True)) stacked on Bidirectional(LSTM(64)), Dense sigmoid in keras.Model; model.summary(); keras.utils.pad_sequences(maxlen=...) padding and truncating ragged lists; compile("adam", "binary_crossentropy", metrics=["accuracy"]); fit(batch_size=32, epochs=2, validation_data)
# reduced: keras.datasets.imdb.load_data replaced by a load_data made here with numpy (no download): 32 training sequences of 20 to 30 word indices (all truncated by pad_sequences) in which no index appears twice, and 16 validation sequences of 5 to 30 random indices (padded or truncated), random 0/1 labels; no repeated index in the training batch because Keras 3 on TensorFlow gives Adam the Embedding's gradient as IndexedSlices and squares each occurrence's gradient before summing them, where statefulrnn (as Keras on JAX or PyTorch) squares their sum (README, "Where we differ from Keras"); max_features 1000 and maxlen 20 instead of 20000 and 200; 32 training sequences make one batch of 32 per epoch (so Keras's shuffling cannot change the result)
import numpy as np
import keras
from keras import layers

max_features = 1000  # Only consider the top 20k words
maxlen = 20  # Only consider the first 200 words of each movie review

# Input for variable-length sequences of integers
inputs = keras.Input(shape=(None,), dtype="int32")
# Embed each integer in a 128-dimensional vector
x = layers.Embedding(max_features, 128)(inputs)
# Add 2 bidirectional LSTMs
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(64))(x)
# Add a classifier
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.summary()


def load_data(num_words, num_train=32, num_val=16):
    # Stands in for keras.datasets.imdb.load_data: ragged lists of word indices and 0/1 labels.
    # The training reviews share no index (see the header); the validation ones draw freely.
    words = np.random.permutation(np.arange(1, num_words))
    lengths = np.random.randint(20, 31, size=num_train)
    ends = np.cumsum(lengths)
    x_train = [list(words[end - n : end]) for end, n in zip(ends, lengths)]
    x_val = [list(np.random.randint(1, num_words, size=n)) for n in np.random.randint(5, 31, size=num_val)]
    y_train = np.random.randint(0, 2, size=num_train)
    y_val = np.random.randint(0, 2, size=num_val)
    return (x_train, y_train), (x_val, y_val)


(x_train, y_train), (x_val, y_val) = load_data(num_words=max_features)
print(len(x_train), "Training sequences")
print(len(x_val), "Validation sequences")
# Use pad_sequence to standardize sequence length:
# this will truncate sequences longer than 200 words and zero-pad sequences shorter than 200 words.
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val))
