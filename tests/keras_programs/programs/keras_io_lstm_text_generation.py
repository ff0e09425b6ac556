# source: keras-team/keras-io examples/generative/lstm_character_level_text_generation.py (the Keras 3 version; read from examples/generative/md/lstm_character_level_text_generation.md, the page generated from it at this commit)
# commit: bf587a3daee16c5ee151ff88526fd992cf33f45e
# keras: keras
# exercises: char_indices / indices_char tables, semi-redundant sentences cut with a step, boolean one-hot x and y (np.zeros(..., dtype="bool")); keras.Sequential([keras.Input(shape=(maxlen, len(chars))), layers.LSTM(128), layers.Dense(len(chars), activation="softmax")]); keras.optimizers.RMSprop(learning_rate=0.01) with categorical_crossentropy; an epoch loop of fit(batch_size, epochs=1); generation at four temperatures, model.predict(x_pred, verbose=0) per character on a float64 one-hot window, sampled by np.random.multinomial
# reduced: keras.utils.get_file's Nietzsche corpus replaced by a 349-character text written here (so its 103 sentences make one batch of 128 per epoch, and Keras's shuffling cannot change the result); 3 epochs instead of 40; 8 generated characters per temperature instead of 400; random.seed(0) added before the training loop, because Keras 3 draws one number from Python's random for each unseeded random initializer and SeedGenerator it makes (4 for this model: the LSTM's kernel and recurrent initializers and its SeedGenerator, the Dense's kernel initializer), which statefulrnn does not (README, "Where we differ from Keras"), so without it random.randint picks another start_index
import keras
from keras import layers

import numpy as np
import random
import io

text = """Supposing that Truth is a woman--what then? Is there not ground
for suspecting that all philosophers, in so far as they have been
dogmatists, have failed to understand women--that the terrible
seriousness and clumsy importunity with which they have usually paid
their addresses to Truth, have been unskilled and unseemly methods for
winning a woman?""".lower()
text = text.replace("\n", " ")  # We remove newlines chars for nicer display
print("Corpus length:", len(text))

chars = sorted(list(set(text)))
print("Total chars:", len(chars))
char_indices = dict((c, i) for i, c in enumerate(chars))
indices_char = dict((i, c) for i, c in enumerate(chars))

# cut the text in semi-redundant sequences of maxlen characters
maxlen = 40
step = 3
sentences = []
next_chars = []
for i in range(0, len(text) - maxlen, step):
    sentences.append(text[i : i + maxlen])
    next_chars.append(text[i + maxlen])
print("Number of sequences:", len(sentences))

x = np.zeros((len(sentences), maxlen, len(chars)), dtype="bool")
y = np.zeros((len(sentences), len(chars)), dtype="bool")
for i, sentence in enumerate(sentences):
    for t, char in enumerate(sentence):
        x[i, t, char_indices[char]] = 1
    y[i, char_indices[next_chars[i]]] = 1


model = keras.Sequential(
    [
        keras.Input(shape=(maxlen, len(chars))),
        layers.LSTM(128),
        layers.Dense(len(chars), activation="softmax"),
    ]
)
optimizer = keras.optimizers.RMSprop(learning_rate=0.01)
model.compile(loss="categorical_crossentropy", optimizer=optimizer)


def sample(preds, temperature=1.0):
    # helper function to sample an index from a probability array
    preds = np.asarray(preds).astype("float64")
    preds = np.log(preds) / temperature
    exp_preds = np.exp(preds)
    preds = exp_preds / np.sum(exp_preds)
    probas = np.random.multinomial(1, preds, 1)
    return np.argmax(probas)


epochs = 3
batch_size = 128
random.seed(0)  # added: the layers made above drew from Python's random in Keras 3 (see the header)

for epoch in range(epochs):
    model.fit(x, y, batch_size=batch_size, epochs=1)
    print()
    print("Generating text after epoch: %d" % epoch)

    start_index = random.randint(0, len(text) - maxlen - 1)
    for diversity in [0.2, 0.5, 1.0, 1.2]:
        print("...Diversity:", diversity)

        generated = ""
        sentence = text[start_index : start_index + maxlen]
        print('...Generating with seed: "' + sentence + '"')

        for i in range(8):
            x_pred = np.zeros((1, maxlen, len(chars)))
            for t, char in enumerate(sentence):
                x_pred[0, t, char_indices[char]] = 1.0
            preds = model.predict(x_pred, verbose=0)[0]
            next_index = sample(preds, diversity)
            next_char = indices_char[next_index]
            sentence = sentence[1:] + next_char
            generated += next_char

        print("...Generated: ", generated)
        print("-")
