# source: ekzhang/char-rnn-keras model.py, train.py and sample.py (a char-rnn on stateful LSTMs)
# commit: model.py 6ee17ecc762e62be286c4de4c0a250a694757bcf, train.py 23b52fa9cd69f35e025206e9cc24f97156d2f6b1, sample.py e73e4417295c022763db6fee13f39f76f48889ae
# keras: tf_keras
# exercises: Embedding(batch_input_shape=(batch, seq_len)), three stacked stateful LSTMs with Dropout, TimeDistributed(Dense), Activation("softmax"); train_on_batch over consecutive windows returning [loss, accuracy]; save_weights then load_weights into a sampling model of another batch size whose last LSTM returns one step and whose head is a plain Dense; predict_on_batch one character at a time with np.random.choice sampling
# reduced: a 300-character text made here, 16 units instead of 512/256, batch 4 of 8 steps, 2 epochs, Dropout(0.0) instead of 0.2 (dropout masks are random), 10 sampled characters
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dropout, TimeDistributed, Dense, Activation, Embedding

BATCH_SIZE = 4
SEQ_LENGTH = 8


def build_model(batch_size, seq_len, vocab_size):
    model = Sequential()
    model.add(Embedding(vocab_size, 16, batch_input_shape=(batch_size, seq_len)))
    for i in range(3):
        model.add(LSTM(16, return_sequences=True, stateful=True))
        model.add(Dropout(0.0))
    model.add(TimeDistributed(Dense(vocab_size)))
    model.add(Activation("softmax"))
    return model


def build_sample_model(vocab_size):
    model = Sequential()
    model.add(Embedding(vocab_size, 16, batch_input_shape=(1, 1)))
    for i in range(3):
        model.add(LSTM(16, return_sequences=(i != 2), stateful=True))
        model.add(Dropout(0.0))
    model.add(Dense(vocab_size))
    model.add(Activation("softmax"))
    return model


def read_batches(T, vocab_size):
    length = T.shape[0]
    batch_chars = length // BATCH_SIZE
    for start in range(0, batch_chars - SEQ_LENGTH, SEQ_LENGTH):
        X = np.zeros((BATCH_SIZE, SEQ_LENGTH))
        Y = np.zeros((BATCH_SIZE, SEQ_LENGTH, vocab_size))
        for batch_idx in range(0, BATCH_SIZE):
            for i in range(0, SEQ_LENGTH):
                X[batch_idx, i] = T[batch_chars * batch_idx + start + i]
                Y[batch_idx, i, T[batch_chars * batch_idx + start + i + 1]] = 1
        yield X, Y


text = "".join(np.random.choice(list("the quick brown fox"), size=300))
char_to_idx = {ch: i for (i, ch) in enumerate(sorted(list(set(text))))}
idx_to_char = {i: ch for (ch, i) in list(char_to_idx.items())}
vocab_size = len(char_to_idx)

model = build_model(BATCH_SIZE, SEQ_LENGTH, vocab_size)
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
T = np.asarray([char_to_idx[c] for c in text], dtype=np.int32)
for epoch in range(2):
    losses, accs = [], []
    for i, (X, Y) in enumerate(read_batches(T, vocab_size)):
        loss, acc = model.train_on_batch(X, Y)
        losses.append(loss)
        accs.append(acc)
model.save_weights("weights.2.h5")

sampler = build_sample_model(vocab_size)
sampler.load_weights("weights.2.h5")
header = "the"
sampled = [char_to_idx[c] for c in header]
for c in header[:-1]:
    batch = np.zeros((1, 1))
    batch[0, 0] = char_to_idx[c]
    sampler.predict_on_batch(batch)
for i in range(10):
    batch = np.zeros((1, 1))
    batch[0, 0] = sampled[-1]
    result = sampler.predict_on_batch(batch).ravel()
    sample = np.random.choice(list(range(vocab_size)), p=result)
    sampled.append(sample)
