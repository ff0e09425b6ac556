# source: PacktPublishing/Deep-Learning-with-TensorFlow-2-and-Keras Chapter_08/alice_text_generator.py (A. Gulli, A. Kapoor and S. Pal, "Deep Learning with TensorFlow 2 and Keras", 2nd ed., Packt 2019, chapter 8 "Recurrent Neural Networks": a character-level text generator on "Alice in Wonderland", a subclassed model around a stateful GRU, trained in rounds of 10 epochs, each round's weights saved and loaded into a new batch-1 model that generates text)
# commit: 4eb445b1f2d67e369dfdb75c248d7d4fead590a8
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; a subclassed tf.keras.Model (CharGenModel) whose __init__ makes Embedding, a GRU(num_timesteps, recurrent_initializer="glorot_uniform", recurrent_activation="sigmoid", stateful=True, return_sequences=True) and Dense, and whose call(x) chains them; model.build(input_shape=(batch_size, seq_length)) giving the stateful GRU its batch size; model.summary(); a direct model(input_batch) call and assertions on pred_batch.shape; a loss function calling tf.losses.sparse_categorical_crossentropy(labels, predictions, from_logits=True); compile(optimizer=tf.optimizers.Adam(), loss=loss); rounds of fit(epochs=10) each followed by model.save_weights to a path with no extension (TensorFlow's checkpoint format in tf-keras), a new CharGenModel whose load_weights comes BEFORE its build(input_shape=(1, seq_length)) (restoration deferred until the variables exist), model.reset_states() and a generation loop feeding one predicted character at a time with the GRU state carried between calls (the first call on the 6-character prefix); shutil.rmtree of the checkpoint folder
# reduced: the two Gutenberg downloads (tf.keras.utils.get_file) replaced by a made-up text of 260 characters cleaned as download_and_read does (newlines to spaces, runs of spaces squeezed); the tf.data pipeline (from_tensor_slices, batch(seq_length + 1, drop_remainder=True), map(split_train_labels), take(1), shuffle(10000), batch(batch_size, drop_remainder=True), repeat) written with numpy: the same sequences split by the same split_train_labels, cut to a multiple of batch_size, passed to fit as arrays with batch_size=batch_size and shuffle=False (the dataset's shuffle cannot be matched) and without steps_per_epoch (one pass of the arrays is one epoch), and dataset.take(1) -> the first batch; seq_length 100 -> 20 (so the GRU, whose units are num_timesteps, has 20 units), batch_size 64 -> 4, embedding_dim 256 -> 8, num_epochs 50 -> 20 (two rounds of 10 epochs), num_chars_to_generate 1000 -> 10; in generate_text, model(input) -> model.predict(input, verbose=0) (direct calls are not recorded), tf.squeeze -> np.squeeze, tf.random.categorical written with numpy (softmax, np.random.choice), tf.expand_dims -> np.expand_dims; model.reset_states() added after the shape check (the harness sets Keras's initial weights at compile, after that direct call, whose GRU state would otherwise come from each side's own initial weights)
import os
import numpy as np
import re
import shutil
import tensorflow as tf

DATA_DIR = "./data"
CHECKPOINT_DIR = os.path.join(DATA_DIR, "checkpoints")
LOG_DIR = os.path.join(DATA_DIR, "logs")


def clean_logs():
    shutil.rmtree(CHECKPOINT_DIR, ignore_errors=True)
    shutil.rmtree(LOG_DIR, ignore_errors=True)


def download_and_read(urls):
    rng = np.random.RandomState(3)
    words = ["alice", "rabbit", "queen", "said", "the", "hatter", "tea", "down", "hole", "very", "curious"]
    texts = []
    for i, url in enumerate(urls):
        text = "\ufeff" + " ".join(rng.choice(words, size=22)) + "\n\n  "
        # remove byte order mark
        text = text.replace("\ufeff", "")
        # remove newlines
        text = text.replace('\n', ' ')
        text = re.sub(r'\s+', " ", text)
        # add it to the list
        texts.extend(text)
    return texts[:260]


def split_train_labels(sequence):
    input_seq = sequence[0:-1]
    output_seq = sequence[1:]
    return input_seq, output_seq


class CharGenModel(tf.keras.Model):

    def __init__(self, vocab_size, num_timesteps, 
            embedding_dim, rnn_output_dim, **kwargs):
        super(CharGenModel, self).__init__(**kwargs)
        self.embedding_layer = tf.keras.layers.Embedding(
            vocab_size,
            embedding_dim
        )
        self.rnn_layer = tf.keras.layers.GRU(
            num_timesteps,
            recurrent_initializer="glorot_uniform",
            recurrent_activation="sigmoid",
            stateful=True,
            return_sequences=True
        )
        self.dense_layer = tf.keras.layers.Dense(vocab_size)

    def call(self, x):
        x = self.embedding_layer(x)
        x = self.rnn_layer(x)
        x = self.dense_layer(x)
        return x


def loss(labels, predictions):
    return tf.losses.sparse_categorical_crossentropy(
        labels,
        predictions,
        from_logits=True
    )


def categorical(logits, num_samples):
    logits = np.asarray(logits, dtype=np.float64)
    probs = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probs /= probs.sum(axis=-1, keepdims=True)
    return np.array([[np.random.choice(len(p), p=p) for _ in range(num_samples)] for p in probs])


def generate_text(model, prefix_string, char2idx, idx2char,
        num_chars_to_generate=1000, temperature=1.0):
    input = [char2idx[s] for s in prefix_string]
    input = np.expand_dims(input, 0)
    text_generated = []
    model.reset_states()
    for i in range(num_chars_to_generate):
        preds = model.predict(input, verbose=0)
        preds = np.squeeze(preds, 0) / temperature
        # predict char returned by model
        pred_id = categorical(preds, num_samples=1)[-1, 0]
        text_generated.append(idx2char[pred_id])
        # pass the prediction as the next input to the model
        input = np.expand_dims([pred_id], 0)

    return prefix_string + "".join(text_generated)


# download and read into local data structure (list of chars)
texts = download_and_read([
    "http://www.gutenberg.org/cache/epub/28885/pg28885.txt",
    "https://www.gutenberg.org/files/12/12-0.txt"
])
clean_logs()

# create the vocabulary
vocab = sorted(set(texts))
print("vocab size: {:d}".format(len(vocab)))

# create mapping from vocab chars to ints
char2idx = {c:i for i, c in enumerate(vocab)}
idx2char = {i:c for c, i in char2idx.items()}

# numericize the texts
texts_as_ints = np.array([char2idx[c] for c in texts])

# number of characters to show before asking for prediction
# sequences: [None, 100]
seq_length = 20
n_sequences = len(texts_as_ints) // (seq_length + 1)
sequences = [split_train_labels(texts_as_ints[k * (seq_length + 1):(k + 1) * (seq_length + 1)])
             for k in range(n_sequences)]

# print out input and output to see what they look like
for input_seq, output_seq in sequences[:1]:
    print("input:[{:s}]".format(
        "".join([idx2char[i] for i in input_seq])))
    print("output:[{:s}]".format(
        "".join([idx2char[i] for i in output_seq])))

# set up for training
# batches: [None, 64, 100]
batch_size = 4
steps_per_epoch = len(texts) // seq_length // batch_size
n_batches = len(sequences) // batch_size
X = np.stack([s[0] for s in sequences[:n_batches * batch_size]])
Y = np.stack([s[1] for s in sequences[:n_batches * batch_size]])
print(X.shape, Y.shape, steps_per_epoch)

# define network
vocab_size = len(vocab)
embedding_dim = 8
rnn_output_dim = 1024

model = CharGenModel(vocab_size, seq_length, embedding_dim, rnn_output_dim)
model.build(input_shape=(batch_size, seq_length))
model.summary()

# try running some data through the model to validate dimensions
for input_batch, label_batch in [(X[:batch_size], Y[:batch_size])]:
    pred_batch = model(input_batch)

print(pred_batch.shape)
assert(pred_batch.shape[0] == batch_size)
assert(pred_batch.shape[1] == seq_length)
assert(pred_batch.shape[2] == vocab_size)
model.reset_states()

model.compile(optimizer=tf.optimizers.Adam(), loss=loss)

# we will train our model for 50 epochs, and after every 10 epochs
# we want to see how well it will generate text
num_epochs = 20
for i in range(num_epochs // 10):
    model.fit(
        X, Y, batch_size=batch_size, shuffle=False,
        epochs=10
        # callbacks=[checkpoint_callback, tensorboard_callback]
    )
    checkpoint_file = os.path.join(
        CHECKPOINT_DIR, "model_epoch_{:d}".format(i+1))
    model.save_weights(checkpoint_file)

    # create a generative model using the trained model so far
    gen_model = CharGenModel(vocab_size, seq_length, embedding_dim, 
        rnn_output_dim)
    gen_model.load_weights(checkpoint_file)
    gen_model.build(input_shape=(1, seq_length))

    print("after epoch: {:d}".format(i+1)*10)
    print(generate_text(gen_model, "alice ", char2idx, idx2char, num_chars_to_generate=10))
    print("---")
