# source: PacktPublishing/Deep-Learning-with-Keras Chapter06/alice_chargen_rnn.py (A. Gulli and S. Pal, "Deep Learning with Keras", Packt 2017, chapter 6 "Recurrent Neural Network — RNN": a character-level text generator on "Alice in Wonderland" with one unrolled SimpleRNN, adapted from keras/examples/lstm_text_generation.py)
# commit: c10bb7095712e2fd001a430cf1d53a7a03a1613d
# keras: tf_keras
# exercises: Keras 2's old module path from keras.layers.recurrent import SimpleRNN; one-hot bool arrays of (samples, SEQLEN, nb_chars); Sequential SimpleRNN(return_sequences=False, input_shape=, unroll=True), Dense, Activation("softmax"); compile(loss="categorical_crossentropy", optimizer="rmsprop") (string optimizer, no metrics); an iteration loop of fit(batch_size, epochs=1) with the default shuffle followed by a greedy generation loop of predict(verbose=0) on one-hot windows of the text fed back
# reduced: the text file ../data/alice_in_wonderland.txt replaced by a few made-up lines (bytes, read through the same strip/lower/decode loop); chars = sorted(set(...)) instead of set(...) (set order of strings changes with Python's hash seed, so the two runs would number the characters differently); np.bool -> bool (removed in numpy 1.24); HIDDEN_SIZE 128 -> 16, BATCH_SIZE 128 -> 32, NUM_ITERATIONS 25 -> 3, NUM_PREDS_PER_EPOCH 100 -> 10; np.random.seed(0) for the seed rows; shuffle=False and verbose=0 added to fit (random batch order cannot match across frameworks; no progress bars); the progress prints kept
from __future__ import print_function
from keras.layers.recurrent import SimpleRNN
from keras.models import Sequential
from keras.layers import Dense, Activation
import numpy as np

np.random.seed(0)
raw = [b"Alice was beginning to get very tired of sitting by her sister",
       b"on the bank, and of having nothing to do: once or twice she had",
       b"", b"peeped into the book her sister was reading, but it had no",
       b"pictures or conversations in it, and what is the use of a book,",
       b"thought Alice without pictures or conversations?"]

# extract the input as a stream of characters
print("Extracting text from input...")
lines = []
for line in raw:
    line = line.strip().lower()
    line = line.decode("ascii", "ignore")
    if len(line) == 0:
        continue
    lines.append(line)
text = " ".join(lines)

# creating lookup tables
chars = sorted(set([c for c in text]))
nb_chars = len(chars)
char2index = dict((c, i) for i, c in enumerate(chars))
index2char = dict((i, c) for i, c in enumerate(chars))

print("Creating input and label text...")
SEQLEN = 10
STEP = 1

input_chars = []
label_chars = []
for i in range(0, len(text) - SEQLEN, STEP):
    input_chars.append(text[i:i + SEQLEN])
    label_chars.append(text[i + SEQLEN])

print("Vectorizing input and label text...")
X = np.zeros((len(input_chars), SEQLEN, nb_chars), dtype=bool)
y = np.zeros((len(input_chars), nb_chars), dtype=bool)
for i, input_char in enumerate(input_chars):
    for j, ch in enumerate(input_char):
        X[i, j, char2index[ch]] = 1
    y[i, char2index[label_chars[i]]] = 1

HIDDEN_SIZE = 16
BATCH_SIZE = 32
NUM_ITERATIONS = 3
NUM_EPOCHS_PER_ITERATION = 1
NUM_PREDS_PER_EPOCH = 10

model = Sequential()
model.add(SimpleRNN(HIDDEN_SIZE, return_sequences=False,
                    input_shape=(SEQLEN, nb_chars),
                    unroll=True))
model.add(Dense(nb_chars))
model.add(Activation("softmax"))

model.compile(loss="categorical_crossentropy", optimizer="rmsprop")

for iteration in range(NUM_ITERATIONS):
    print("=" * 50)
    print("Iteration #: %d" % (iteration))
    model.fit(X, y, batch_size=BATCH_SIZE, epochs=NUM_EPOCHS_PER_ITERATION, shuffle=False, verbose=0)

    test_idx = np.random.randint(len(input_chars))
    test_chars = input_chars[test_idx]
    print("Generating from seed: %s" % (test_chars))
    print(test_chars, end="")
    for i in range(NUM_PREDS_PER_EPOCH):
        Xtest = np.zeros((1, SEQLEN, nb_chars))
        for i, ch in enumerate(test_chars):
            Xtest[0, i, char2index[ch]] = 1
        pred = model.predict(Xtest, verbose=0)[0]
        ypred = index2char[np.argmax(pred)]
        print(ypred, end="")
        test_chars = test_chars[1:] + ypred
    print()
