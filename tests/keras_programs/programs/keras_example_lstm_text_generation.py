# source: keras-team/keras examples/lstm_text_generation.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: the text read with io.open and lower(); char_indices / indices_char tables, semi-redundant sentences cut with a step, np.bool one-hot x and y; Sequential of LSTM(128, input_shape=(maxlen, len(chars))) and Dense softmax; keras.optimizers.RMSprop(learning_rate=0.01) with categorical_crossentropy; a LambdaCallback(on_epoch_end=...) passed to fit that, at the end of each epoch inside fit, generates text at four temperatures with model.predict(x_pred, verbose=0) per character on a float64 one-hot window, sampled by np.random.multinomial, its start drawn with Python's random.randint
# reduced: the Nietzsche corpus download (`from keras.utils.data_utils import get_file` and the get_file call; tf-keras has no keras.utils.data_utils, so that import fails on Keras itself) replaced by a 411-character text written to 'nietzsche.txt' in the working folder and read with the program's own io.open (its 124 sentences make one batch of 128 per epoch, so fit's shuffling cannot change the result); epochs 60 -> 2; 400 generated characters per temperature -> 8; `from __future__ import print_function` dropped
from keras.callbacks import LambdaCallback
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from keras.optimizers import RMSprop
import numpy as np
import random
import sys
import io

# a made-up stand-in for the downloaded corpus, written where the program reads it
with io.open('nietzsche.txt', 'w', encoding='utf-8') as f:
    f.write('''PREFACE


SUPPOSING that Truth is a woman--what then? Is there not ground
for suspecting that all philosophers, in so far as they have been
dogmatists, have failed to understand women--that the terrible
seriousness and clumsy importunity with which they have usually paid
their addresses to Truth, have been unskilled and unseemly methods for
winning a woman? Certainly she has never allowed herself to be won.
''')
path = 'nietzsche.txt'
with io.open(path, encoding='utf-8') as f:
    text = f.read().lower()
print('corpus length:', len(text))

chars = sorted(list(set(text)))
print('total chars:', len(chars))
char_indices = dict((c, i) for i, c in enumerate(chars))
indices_char = dict((i, c) for i, c in enumerate(chars))

# cut the text in semi-redundant sequences of maxlen characters
maxlen = 40
step = 3
sentences = []
next_chars = []
for i in range(0, len(text) - maxlen, step):
    sentences.append(text[i: i + maxlen])
    next_chars.append(text[i + maxlen])
print('nb sequences:', len(sentences))

print('Vectorization...')
x = np.zeros((len(sentences), maxlen, len(chars)), dtype=np.bool)
y = np.zeros((len(sentences), len(chars)), dtype=np.bool)
for i, sentence in enumerate(sentences):
    for t, char in enumerate(sentence):
        x[i, t, char_indices[char]] = 1
    y[i, char_indices[next_chars[i]]] = 1


# build the model: a single LSTM
print('Build model...')
model = Sequential()
model.add(LSTM(128, input_shape=(maxlen, len(chars))))
model.add(Dense(len(chars), activation='softmax'))

optimizer = RMSprop(learning_rate=0.01)
model.compile(loss='categorical_crossentropy', optimizer=optimizer)


def sample(preds, temperature=1.0):
    # helper function to sample an index from a probability array
    preds = np.asarray(preds).astype('float64')
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)


def on_epoch_end(epoch, _):
    # Function invoked at end of each epoch. Prints generated text.
    print()
    print('----- Generating text after Epoch: %d' % epoch)

    start_index = random.randint(0, len(text) - maxlen - 1)
    for diversity in [0.2, 0.5, 1.0, 1.2]:
        print('----- diversity:', diversity)

        generated = ''
        sentence = text[start_index: start_index + maxlen]
        generated += sentence
        print('----- Generating with seed: "' + sentence + '"')
        sys.stdout.write(generated)

        for i in range(8):
            x_pred = np.zeros((1, maxlen, len(chars)))
            for t, char in enumerate(sentence):
                x_pred[0, t, char_indices[char]] = 1.

            preds = model.predict(x_pred, verbose=0)[0]
            next_index = sample(preds, diversity)
            next_char = indices_char[next_index]

            sentence = sentence[1:] + next_char

            sys.stdout.write(next_char)
            sys.stdout.flush()
        print()

print_callback = LambdaCallback(on_epoch_end=on_epoch_end)

model.fit(x, y,
          batch_size=128,
          epochs=2,
          callbacks=[print_callback])
