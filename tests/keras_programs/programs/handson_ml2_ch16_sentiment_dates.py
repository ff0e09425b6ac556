# source: ageron/handson-ml2 16_nlp_with_rnns_and_attention.ipynb (A. Géron, "Hands-On Machine Learning", 2nd ed., chapter 16: the sentiment-analysis GRUs with masking (mask_zero, then an explicit mask from a Lambda), the GRU + Bidirectional summary, the MultiHeadAttention layer built on keras.layers.Attention and the backend, and exercise 10, date-string conversion: a Sequential encoder / RepeatVector / Sequential decoder, then an encoder-decoder fed the shifted targets with the encoder's states as the decoder's initial_state; code cells in order)
# commit: 1e2115277b50f6c584cd668fa30e3af309a5b136
# keras: tf_keras
# exercises: `import tensorflow as tf` and `from tensorflow import keras`; Embedding(mask_zero=True, input_shape=[None]) + GRU(return_sequences=True) + GRU + Dense(sigmoid), binary_crossentropy with accuracy; functional: K = keras.backend, Lambda(lambda inputs: K.not_equal(inputs, 0)) as a mask, GRU(...)(z, mask=mask) twice; Sequential GRU + Bidirectional(GRU(return_sequences=True)) and summary(); a MultiHeadAttention Layer building Conv1D(kernel_size=1, use_bias=False) sublayers and keras.layers.Attention in build(batch_input_shape), K.concatenate / K.shape / K.reshape / K.permute_dimensions on tensors, called on numpy inputs; date strings: nested Sequential models (encoder Embedding(input_shape=[None]) + LSTM, RepeatVector(max_output_length), decoder LSTM(return_sequences=True) + Dense(softmax)), sparse_categorical_crossentropy on (batch, 10) targets with accuracy, fit(validation_data), np.argmax(model.predict(.), axis=-1); functional encoder-decoder: Input(shape=[None], dtype=int32), LSTM(return_state=True), LSTM(return_sequences=True)(x, initial_state=[h, c]), Model(inputs=[...], outputs=[...]), fit([X, X_decoder], Y, validation_data=([..], ..)), predict_date_strs's greedy loop of predict on padded decoder inputs
# reduced: the IMDB data (tensorflow_datasets, tf.strings preprocessing, tf.lookup table) replaced by made-up word ids: 32 reviews (one batch of 32, so fit's shuffling cannot change the result) of 5 to 12 ids in 1..109 padded with 0 (the "<pad>" id, as the table gave it) to 12 steps, and labels; train_set -> the arrays (X_train_ids, y_train_ids) passed to fit; vocab_size 10000 -> 100, num_oov_buckets 1000 -> 10, embed_size 128 -> 8, GRU 128 -> 8, epochs 5 -> 3; the char-RNN cells (covered by handson_ml2_ch16_stateful_char_rnn), keras.datasets.imdb (a download), TF Hub, tensorflow_addons, the PositionalEncoding / Attention-stack cells (tf.constant, tf.shape), the Reber-grammar exercise (tf.ragged inputs) and the tfa-based date models left out; MultiHeadAttention's demo inputs Q, V (2, 50, 512) / (2, 80, 512) -> (2, 5, 16) / (2, 8, 16), n_heads 8 -> 2; dates: 10000 / 2000 / 2000 -> 32 / 16 / 16 dates (32 = one batch), embedding_size 32 -> 8, LSTM 128 -> 16, epochs 20 -> 3 and 10 -> 3; keras.optimizers.Nadam() -> keras.optimizers.Adam() (tf-keras 2.21's Nadam steps differ from Keras 3's, which statefulrnn follows; see handson_ml3_ch16_nmt); statefulrnn standing in for Keras, not TensorFlow: prepare_date_strs's tf.ragged.constant(...) + 1 and .to_tensor() written with numpy (ids + 1, padded with 0 to the longest), tf.pad / tf.fill / tf.concat / tf.argmax(output_type=tf.int32) in prepare_date_strs_padded, shifted_output_sequences and predict_date_strs -> np.pad / np.full / np.concatenate / np.argmax(...).astype(np.int32), dtype=tf.int32 -> dtype="int32"; the setup cell's GPU check, matplotlib and save_fig dropped; displayed expressions printed
import sys
assert sys.version_info >= (3, 5)

import tensorflow as tf
from tensorflow import keras

import numpy as np
import os

np.random.seed(42)
tf.random.set_seed(42)

# --- made-up word ids in place of the IMDB reviews (tfds + table.lookup) ---
vocab_size = 100
num_oov_buckets = 10
rng = np.random.RandomState(5)
X_train_ids = np.zeros((32, 12), dtype=np.int64)
for row in range(32):
    length = rng.randint(5, 13)
    X_train_ids[row, :length] = rng.randint(1, vocab_size + num_oov_buckets, size=length)
y_train_ids = (X_train_ids[:, 0] % 2).astype(np.int64)
train_set = (X_train_ids, y_train_ids)

embed_size = 8
model = keras.models.Sequential([
    keras.layers.Embedding(vocab_size + num_oov_buckets, embed_size,
                           mask_zero=True, # not shown in the book
                           input_shape=[None]),
    keras.layers.GRU(8, return_sequences=True),
    keras.layers.GRU(8),
    keras.layers.Dense(1, activation="sigmoid")
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(*train_set, epochs=3)

K = keras.backend
embed_size = 8
inputs = keras.layers.Input(shape=[None])
mask = keras.layers.Lambda(lambda inputs: K.not_equal(inputs, 0))(inputs)
z = keras.layers.Embedding(vocab_size + num_oov_buckets, embed_size)(inputs)
z = keras.layers.GRU(8, return_sequences=True)(z, mask=mask)
z = keras.layers.GRU(8)(z, mask=mask)
outputs = keras.layers.Dense(1, activation="sigmoid")(z)
model = keras.models.Model(inputs=[inputs], outputs=[outputs])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(*train_set, epochs=3)

tf.random.set_seed(42)

model = keras.models.Sequential([
    keras.layers.GRU(10, return_sequences=True, input_shape=[None, 10]),
    keras.layers.Bidirectional(keras.layers.GRU(10, return_sequences=True))
])

model.summary()

K = keras.backend

class MultiHeadAttention(keras.layers.Layer):
    def __init__(self, n_heads, causal=False, use_scale=False, **kwargs):
        self.n_heads = n_heads
        self.causal = causal
        self.use_scale = use_scale
        super().__init__(**kwargs)
    def build(self, batch_input_shape):
        self.dims = batch_input_shape[0][-1]
        self.q_dims, self.v_dims, self.k_dims = [self.dims // self.n_heads] * 3 # could be hyperparameters instead
        self.q_linear = keras.layers.Conv1D(self.n_heads * self.q_dims, kernel_size=1, use_bias=False)
        self.v_linear = keras.layers.Conv1D(self.n_heads * self.v_dims, kernel_size=1, use_bias=False)
        self.k_linear = keras.layers.Conv1D(self.n_heads * self.k_dims, kernel_size=1, use_bias=False)
        self.attention = keras.layers.Attention(causal=self.causal, use_scale=self.use_scale)
        self.out_linear = keras.layers.Conv1D(self.dims, kernel_size=1, use_bias=False)
        super().build(batch_input_shape)
    def _multi_head_linear(self, inputs, linear):
        shape = K.concatenate([K.shape(inputs)[:-1], [self.n_heads, -1]])
        projected = K.reshape(linear(inputs), shape)
        perm = K.permute_dimensions(projected, [0, 2, 1, 3])
        return K.reshape(perm, [shape[0] * self.n_heads, shape[1], -1])
    def call(self, inputs):
        q = inputs[0]
        v = inputs[1]
        k = inputs[2] if len(inputs) > 2 else v
        shape = K.shape(q)
        q_proj = self._multi_head_linear(q, self.q_linear)
        v_proj = self._multi_head_linear(v, self.v_linear)
        k_proj = self._multi_head_linear(k, self.k_linear)
        multi_attended = self.attention([q_proj, v_proj, k_proj])
        shape_attended = K.shape(multi_attended)
        reshaped_attended = K.reshape(multi_attended, [shape[0], self.n_heads, shape_attended[1], shape_attended[2]])
        perm = K.permute_dimensions(reshaped_attended, [0, 2, 1, 3])
        concat = K.reshape(perm, [shape[0], shape_attended[1], -1])
        return self.out_linear(concat)

Q = np.random.rand(2, 5, 16)
V = np.random.rand(2, 8, 16)
multi_attn = MultiHeadAttention(2)
print(multi_attn([Q, V]).shape)

from datetime import date

# cannot use strftime()'s %B format since it depends on the locale
MONTHS = ["January", "February", "March", "April", "May", "June",
          "July", "August", "September", "October", "November", "December"]

def random_dates(n_dates):
    min_date = date(1000, 1, 1).toordinal()
    max_date = date(9999, 12, 31).toordinal()

    ordinals = np.random.randint(max_date - min_date, size=n_dates) + min_date
    dates = [date.fromordinal(ordinal) for ordinal in ordinals]

    x = [MONTHS[dt.month - 1] + " " + dt.strftime("%d, %Y") for dt in dates]
    y = [dt.isoformat() for dt in dates]
    return x, y

np.random.seed(42)

n_dates = 3
x_example, y_example = random_dates(n_dates)
print("{:25s}{:25s}".format("Input", "Target"))
print("-" * 50)
for idx in range(n_dates):
    print("{:25s}{:25s}".format(x_example[idx], y_example[idx]))

INPUT_CHARS = "".join(sorted(set("".join(MONTHS) + "0123456789, ")))
print(INPUT_CHARS)

OUTPUT_CHARS = "0123456789-"

def date_str_to_ids(date_str, chars=INPUT_CHARS):
    return [chars.index(c) for c in date_str]

print(date_str_to_ids(x_example[0], INPUT_CHARS))
print(date_str_to_ids(y_example[0], OUTPUT_CHARS))

def prepare_date_strs(date_strs, chars=INPUT_CHARS):
    X_ids = [date_str_to_ids(dt, chars) for dt in date_strs]
    # tf.ragged.constant(X_ids, ragged_rank=1), + 1, .to_tensor(): 0 pads to the longest
    X = np.zeros((len(X_ids), max(len(ids) for ids in X_ids)), dtype=np.int32)
    for row, ids in enumerate(X_ids):
        X[row, :len(ids)] = np.array(ids, dtype=np.int32) + 1
    return X # using 0 as the padding token ID

def create_dataset(n_dates):
    x, y = random_dates(n_dates)
    return prepare_date_strs(x, INPUT_CHARS), prepare_date_strs(y, OUTPUT_CHARS)

np.random.seed(42)

X_train, Y_train = create_dataset(32)
X_valid, Y_valid = create_dataset(16)
X_test, Y_test = create_dataset(16)

print(Y_train[0])

embedding_size = 8
max_output_length = Y_train.shape[1]

np.random.seed(42)
tf.random.set_seed(42)

encoder = keras.models.Sequential([
    keras.layers.Embedding(input_dim=len(INPUT_CHARS) + 1,
                           output_dim=embedding_size,
                           input_shape=[None]),
    keras.layers.LSTM(16)
])

decoder = keras.models.Sequential([
    keras.layers.LSTM(16, return_sequences=True),
    keras.layers.Dense(len(OUTPUT_CHARS) + 1, activation="softmax")
])

model = keras.models.Sequential([
    encoder,
    keras.layers.RepeatVector(max_output_length),
    decoder
])

optimizer = keras.optimizers.Adam()
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer,
              metrics=["accuracy"])
history = model.fit(X_train, Y_train, epochs=3,
                    validation_data=(X_valid, Y_valid))

def ids_to_date_strs(ids, chars=OUTPUT_CHARS):
    return ["".join([("?" + chars)[index] for index in sequence])
            for sequence in ids]

X_new = prepare_date_strs(["September 17, 2009", "July 14, 1789"])

#ids = model.predict_classes(X_new)
ids = np.argmax(model.predict(X_new), axis=-1)
for date_str in ids_to_date_strs(ids):
    print(date_str)

X_new = prepare_date_strs(["May 02, 2020", "July 14, 1789"])

#ids = model.predict_classes(X_new)
ids = np.argmax(model.predict(X_new), axis=-1)
for date_str in ids_to_date_strs(ids):
    print(date_str)

max_input_length = X_train.shape[1]

def prepare_date_strs_padded(date_strs):
    X = prepare_date_strs(date_strs)
    if X.shape[1] < max_input_length:
        X = np.pad(X, [[0, 0], [0, max_input_length - X.shape[1]]])
    return X

def convert_date_strs(date_strs):
    X = prepare_date_strs_padded(date_strs)
    #ids = model.predict_classes(X)
    ids = np.argmax(model.predict(X), axis=-1)
    return ids_to_date_strs(ids)

print(convert_date_strs(["May 02, 2020", "July 14, 1789"]))

sos_id = len(OUTPUT_CHARS) + 1

def shifted_output_sequences(Y):
    sos_tokens = np.full((len(Y), 1), sos_id, dtype=np.int32)
    return np.concatenate([sos_tokens, Y[:, :-1]], axis=1)

X_train_decoder = shifted_output_sequences(Y_train)
X_valid_decoder = shifted_output_sequences(Y_valid)
X_test_decoder = shifted_output_sequences(Y_test)

print(X_train_decoder)

encoder_embedding_size = 8
decoder_embedding_size = 8
lstm_units = 16

np.random.seed(42)
tf.random.set_seed(42)

encoder_input = keras.layers.Input(shape=[None], dtype="int32")
encoder_embedding = keras.layers.Embedding(
    input_dim=len(INPUT_CHARS) + 1,
    output_dim=encoder_embedding_size)(encoder_input)
_, encoder_state_h, encoder_state_c = keras.layers.LSTM(
    lstm_units, return_state=True)(encoder_embedding)
encoder_state = [encoder_state_h, encoder_state_c]

decoder_input = keras.layers.Input(shape=[None], dtype="int32")
decoder_embedding = keras.layers.Embedding(
    input_dim=len(OUTPUT_CHARS) + 2,
    output_dim=decoder_embedding_size)(decoder_input)
decoder_lstm_output = keras.layers.LSTM(lstm_units, return_sequences=True)(
    decoder_embedding, initial_state=encoder_state)
decoder_output = keras.layers.Dense(len(OUTPUT_CHARS) + 1,
                                    activation="softmax")(decoder_lstm_output)

model = keras.models.Model(inputs=[encoder_input, decoder_input],
                           outputs=[decoder_output])

optimizer = keras.optimizers.Adam()
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer,
              metrics=["accuracy"])
history = model.fit([X_train, X_train_decoder], Y_train, epochs=3,
                    validation_data=([X_valid, X_valid_decoder], Y_valid))

sos_id = len(OUTPUT_CHARS) + 1

def predict_date_strs(date_strs):
    X = prepare_date_strs_padded(date_strs)
    Y_pred = np.full((len(X), 1), sos_id, dtype=np.int32)
    for index in range(max_output_length):
        pad_size = max_output_length - Y_pred.shape[1]
        X_decoder = np.pad(Y_pred, [[0, 0], [0, pad_size]])
        Y_probas_next = model.predict([X, X_decoder])[:, index:index+1]
        Y_pred_next = np.argmax(Y_probas_next, axis=-1).astype(np.int32)
        Y_pred = np.concatenate([Y_pred, Y_pred_next], axis=1)
    return ids_to_date_strs(Y_pred[:, 1:])

print(predict_date_strs(["July 14, 1789", "May 01, 2020"]))
