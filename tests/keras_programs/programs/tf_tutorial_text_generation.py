# source: tensorflow/docs site/en/tutorials/text/text_generation.ipynb (the TF 2.0 version: a stateful GRU rebuilt at batch size 1 to generate)
# commit: 129d0b544d2bcccf4b9abebbd0ab792f9133a29f
# keras: tf_keras
# exercises: Embedding(batch_input_shape=[batch, None]) into a stateful GRU(return_sequences=True, recurrent_initializer="glorot_uniform") and Dense logits; a loss function calling losses.sparse_categorical_crossentropy(labels, logits, from_logits=True); ModelCheckpoint(save_weights_only=True) with an {epoch} file name; the model rebuilt at batch size 1, load_weights, build, reset_states, one-character generation steps
# reduced: a 200-character text made here, embedding_dim 8 and rnn_units 16 instead of 256/1024, 2 epochs; tf.data batching replaced by arrays (fit with shuffle=False, as the dataset was shuffled once beforehand), tf.train.latest_checkpoint by the last file name, tf.random.categorical by argmax, model(x) + tf.squeeze by predict_on_batch
import numpy as np
from keras.models import Sequential
from keras.layers import Embedding, GRU, Dense
from keras.losses import sparse_categorical_crossentropy
from keras.callbacks import ModelCheckpoint

text = "".join(np.random.choice(list("abcde fgh"), size=200))
vocab = sorted(set(text))
char2idx = {u: i for i, u in enumerate(vocab)}
idx2char = np.array(vocab)
text_as_int = np.array([char2idx[c] for c in text])

seq_length = 9
chunks = text_as_int[: (len(text_as_int) // (seq_length + 1)) * (seq_length + 1)].reshape(-1, seq_length + 1)
input_text, target_text = chunks[:, :-1], chunks[:, 1:]
BATCH_SIZE = 4
usable = (len(input_text) // BATCH_SIZE) * BATCH_SIZE
input_text, target_text = input_text[:usable], target_text[:usable]

vocab_size = len(vocab)
embedding_dim = 8
rnn_units = 16


def build_model(vocab_size, embedding_dim, rnn_units, batch_size):
    model = Sequential(
        [
            Embedding(vocab_size, embedding_dim, batch_input_shape=[batch_size, None]),
            GRU(rnn_units, return_sequences=True, stateful=True, recurrent_initializer="glorot_uniform"),
            Dense(vocab_size),
        ]
    )
    return model


model = build_model(vocab_size=len(vocab), embedding_dim=embedding_dim, rnn_units=rnn_units, batch_size=BATCH_SIZE)


def loss(labels, logits):
    return sparse_categorical_crossentropy(labels, logits, from_logits=True)


model.compile(optimizer="adam", loss=loss)
checkpoint_callback = ModelCheckpoint(filepath="ckpt_{epoch}.weights.h5", save_weights_only=True)
EPOCHS = 2
history = model.fit(
    input_text, target_text, batch_size=BATCH_SIZE, epochs=EPOCHS, callbacks=[checkpoint_callback], shuffle=False, verbose=0
)

model = build_model(vocab_size, embedding_dim, rnn_units, batch_size=1)
model.load_weights("ckpt_2.weights.h5")
model.build((1, None))


def generate_text(model, start_string):
    num_generate = 12
    input_eval = [char2idx[s] for s in start_string]
    input_eval = np.expand_dims(input_eval, 0)
    text_generated = []
    model.reset_states()
    for i in range(num_generate):
        predictions = model.predict_on_batch(input_eval)
        predictions = np.squeeze(predictions, 0)
        predicted_id = int(np.argmax(predictions[-1]))
        input_eval = np.expand_dims([predicted_id], 0)
        text_generated.append(idx2char[predicted_id])
    return start_string + "".join(text_generated)


generate_text(model, start_string="abc")
