# source: fchollet/deep-learning-with-python-notebooks first_edition/8.1-text-generation-with-lstm.ipynb (F. Chollet, "Deep Learning with Python", 1st ed., section 8.1: character-level LSTM text generation on Nietzsche's writings, sampled at several temperatures; its code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: `import keras`, `keras.__version__`, keras.utils.get_file (replaced, see reduced); `from keras import layers`; keras.models.Sequential() with add(layers.LSTM(units, input_shape=(maxlen, len(chars)))) and add(layers.Dense(len(chars), activation='softmax')); keras.optimizers.RMSprop at learning rate 0.01; compile(loss='categorical_crossentropy', optimizer=optimizer) with no metrics; boolean one-hot x and y given to fit; a loop of fit(x, y, batch_size, epochs=1) calls, each followed by sampling: model.predict(sampled, verbose=0)[0] on a float one-hot (1, maxlen, chars) window, reweighted by temperature and drawn with np.random.multinomial, the window slid by one character
# reduced: the Nietzsche corpus download (keras.utils.get_file) replaced by a made-up lowercase text of 340 characters built from a seeded choice of words; maxlen 60 -> 12, step 3 -> 5 (66 sequences), LSTM(128) -> LSTM(16), batch_size 128 -> 32, the epoch loop range(1, 60) -> range(1, 3), 400 generated characters -> 3 per temperature; RMSprop(lr=0.01) -> RMSprop(learning_rate=0.01) (tf-keras 2.21 warns that `lr` is deprecated and trains at the default 0.001; statefulrnn takes lr as Keras 2 did: README, "Where we differ from Keras"); `dtype=np.bool` -> `dtype=bool` (np.bool was removed in NumPy 1.24); shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay); `keras.__version__` printed
import keras
print(keras.__version__)

import keras
import numpy as np

_rng = np.random.RandomState(81)
_words = ['the', 'will', 'to', 'power', 'of', 'truth', 'is', 'a', 'woman', 'and', 'what', 'then']
text = ' '.join(_rng.choice(_words, size=120))[:340].lower()
print('Corpus length:', len(text))

# Length of extracted character sequences
maxlen = 12

# We sample a new sequence every `step` characters
step = 5

# This holds our extracted sequences
sentences = []

# This holds the targets (the follow-up characters)
next_chars = []

for i in range(0, len(text) - maxlen, step):
    sentences.append(text[i: i + maxlen])
    next_chars.append(text[i + maxlen])
print('Number of sequences:', len(sentences))

# List of unique characters in the corpus
chars = sorted(list(set(text)))
print('Unique characters:', len(chars))
# Dictionary mapping unique characters to their index in `chars`
char_indices = dict((char, chars.index(char)) for char in chars)

# Next, one-hot encode the characters into binary arrays.
print('Vectorization...')
x = np.zeros((len(sentences), maxlen, len(chars)), dtype=bool)
y = np.zeros((len(sentences), len(chars)), dtype=bool)
for i, sentence in enumerate(sentences):
    for t, char in enumerate(sentence):
        x[i, t, char_indices[char]] = 1
    y[i, char_indices[next_chars[i]]] = 1

from keras import layers

model = keras.models.Sequential()
model.add(layers.LSTM(16, input_shape=(maxlen, len(chars))))
model.add(layers.Dense(len(chars), activation='softmax'))

optimizer = keras.optimizers.RMSprop(learning_rate=0.01)
model.compile(loss='categorical_crossentropy', optimizer=optimizer)

def sample(preds, temperature=1.0):
    preds = np.asarray(preds).astype('float64')
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)

import random
import sys

for epoch in range(1, 3):
    print('epoch', epoch)
    # Fit the model for 1 epoch on the available training data
    model.fit(x, y,
              batch_size=32,
              epochs=1,
              shuffle=False)

    # Select a text seed at random
    start_index = random.randint(0, len(text) - maxlen - 1)
    generated_text = text[start_index: start_index + maxlen]
    print('--- Generating with seed: "' + generated_text + '"')

    for temperature in [0.2, 0.5, 1.0, 1.2]:
        print('------ temperature:', temperature)
        sys.stdout.write(generated_text)

        # We generate 3 characters
        for i in range(3):
            sampled = np.zeros((1, maxlen, len(chars)))
            for t, char in enumerate(generated_text):
                sampled[0, t, char_indices[char]] = 1.

            preds = model.predict(sampled, verbose=0)[0]
            next_index = sample(preds, temperature)
            next_char = chars[next_index]

            generated_text += next_char
            generated_text = generated_text[1:]

            sys.stdout.write(next_char)
            sys.stdout.flush()
        print()
