# source: ageron/handson-ml2 16_nlp_with_rnns_and_attention.ipynb (A. Géron, "Hands-On Machine Learning", 2nd ed., chapter 16: the Shakespeare char-RNN, its "Stateful RNN" section; code cells in order)
# commit: 1e2115277b50f6c584cd668fa30e3af309a5b136
# keras: tf_keras
# exercises: `from tensorflow import keras`; keras.preprocessing.text.Tokenizer(char_level=True) with fit_on_texts, texts_to_sequences, sequences_to_texts, word_index and document_count; np.array_split of the encoded text into batch_size parts, consecutive non-overlapping windows so that batch j holds window j of every part; Sequential of two GRU(128, return_sequences=True, stateful=True, dropout=..., batch_input_shape=[batch_size, None, max_id]) and TimeDistributed(Dense(max_id, softmax)); a ResetStatesCallback(keras.callbacks.Callback) calling self.model.reset_states() in on_epoch_begin; compile(sparse_categorical_crossentropy, adam); fit(callbacks=[...]); a stateless copy (GRU input_shape=[None, max_id]) built with build([None, None, max_id]), set_weights(model.get_weights()), then used for generation with complete_text/next_char on growing texts (variable length)
# reduced: the tiny-Shakespeare download replaced by a made-up 2,000-character text; the tf.data pipeline (from_tensor_slices, window(shift=n_steps), flat_map, zip, stack, map, tf.one_hot, prefetch) written with numpy: the same windows of each part, stacked in the same order and one-hot encoded with np.eye, passed to fit as arrays with batch_size=batch_size and shuffle=False (a dataset is never shuffled by fit); n_steps 100 -> 20, batch_size 32 -> 4, GRU units 128 -> 16, epochs 50 -> 3; dropout=0.2 -> 0.0 (random masks differ between frameworks); tf.random.set_seed calls dropped; stateless_model.build(tf.TensorShape([None, None, max_id])) -> build([None, None, max_id]) (no TensorFlow); preprocess's tf.one_hot -> np.eye(max_id)[X]; in next_char, model(X_new) -> model.predict(X_new, verbose=0) (direct calls are not recorded) and tf.random.categorical(tf.math.log(y_proba) / temperature) written with numpy (np.log, softmax, np.random.choice); complete_text("t") with n_chars=10 instead of 50; the first, stateless char-RNN of the chapter left out (only the stateful section is kept)
import numpy as np
from tensorflow import keras

shakespeare_text = "".join(np.random.choice(list("first citizen: before we proceed any further, hear me speak.\n"), size=2000))

tokenizer = keras.preprocessing.text.Tokenizer(char_level=True)
tokenizer.fit_on_texts(shakespeare_text)

max_id = len(tokenizer.word_index) # number of distinct characters
dataset_size = tokenizer.document_count # total number of characters

[encoded] = np.array(tokenizer.texts_to_sequences([shakespeare_text])) - 1
train_size = dataset_size * 90 // 100

n_steps = 20
window_length = n_steps + 1 # target = input shifted 1 character ahead

batch_size = 4
encoded_parts = np.array_split(encoded[:train_size], batch_size)
datasets = []
for encoded_part in encoded_parts:
    windows = [encoded_part[i:i + window_length]
               for i in range(0, len(encoded_part) - window_length + 1, n_steps)]
    datasets.append(windows)
n_batches = min(len(windows) for windows in datasets)
stacked = np.stack([np.stack([datasets[k][j] for k in range(batch_size)]) for j in range(n_batches)])
stacked = stacked.reshape(n_batches * batch_size, window_length)
X_train, Y_train = stacked[:, :-1], stacked[:, 1:]
X_train = np.eye(max_id, dtype=np.float32)[X_train]

model = keras.models.Sequential([
    keras.layers.GRU(16, return_sequences=True, stateful=True,
                     #dropout=0.2, recurrent_dropout=0.2,
                     dropout=0.0,
                     batch_input_shape=[batch_size, None, max_id]),
    keras.layers.GRU(16, return_sequences=True, stateful=True,
                     #dropout=0.2, recurrent_dropout=0.2),
                     dropout=0.0),
    keras.layers.TimeDistributed(keras.layers.Dense(max_id,
                                                    activation="softmax"))
])

class ResetStatesCallback(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs):
        self.model.reset_states()

model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
history = model.fit(X_train, Y_train, batch_size=batch_size, epochs=3, shuffle=False,
                    callbacks=[ResetStatesCallback()])

stateless_model = keras.models.Sequential([
    keras.layers.GRU(16, return_sequences=True, input_shape=[None, max_id]),
    keras.layers.GRU(16, return_sequences=True),
    keras.layers.TimeDistributed(keras.layers.Dense(max_id,
                                                    activation="softmax"))
])

stateless_model.build([None, None, max_id])

stateless_model.set_weights(model.get_weights())
model = stateless_model


def preprocess(texts):
    X = np.array(tokenizer.texts_to_sequences(texts)) - 1
    return np.eye(max_id, dtype=np.float32)[X]


def next_char(text, temperature=1):
    X_new = preprocess([text])
    y_proba = model.predict(X_new, verbose=0)[0, -1:, :]
    rescaled_logits = np.log(y_proba) / temperature
    p = np.exp(rescaled_logits[0] - rescaled_logits[0].max())
    char_id = np.random.choice(max_id, p=p / p.sum()) + 1
    return tokenizer.sequences_to_texts([[char_id]])[0]


def complete_text(text, n_chars=50, temperature=1):
    for _ in range(n_chars):
        text += next_char(text, temperature)
    return text


print(complete_text("t", n_chars=10))
