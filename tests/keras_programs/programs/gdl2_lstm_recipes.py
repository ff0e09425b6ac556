# source: davidADSP/Generative_Deep_Learning_2nd_Edition notebooks/05_autoregressive/01_lstm/lstm.ipynb (D. Foster, "Generative Deep Learning", 2nd edition, O'Reilly, chapter 5 "Autoregressive Models": a word-level LSTM language model on the Epicurious recipes, with a TextGenerator callback sampling text at each epoch's end; its code cells in order)
# commit: 3d281720dcb220cbed2bb353d948b56ed272e11c
# keras: tf_keras
# exercises: `from tensorflow.keras import layers, models, callbacks, losses`; a JSON file of recipes filtered and joined into strings, punctuation padded with re; layers.TextVectorization(standardize="lower", max_tokens, output_mode="int", output_sequence_length=MAX_LEN + 1) adapted on the texts, get_vocabulary(), called on one string and .numpy(); inputs and targets shifted by one word by slicing the vectorized texts; layers.Input(shape=(None,), dtype="int32") + Embedding + LSTM(return_sequences=True) + Dense(VOCAB_SIZE, softmax) as models.Model; lstm.compile("adam", losses.SparseCategoricalCrossentropy()) with positional arguments; a callbacks.Callback subclass that sets no super().__init__() and in on_epoch_end calls self.model.predict(np.array([start_tokens]), verbose=0) token by token, sampling with np.random.choice(len(probs), p=probs) after a temperature power; ModelCheckpoint(filepath="./checkpoint/checkpoint.ckpt", save_weights_only=True, save_freq="epoch", verbose=0) (a TensorFlow-checkpoint weights path); fit with the callbacks; lstm.save("./models/lstm") (a SavedModel directory in tf-keras); generate() called after training with two temperatures and print_probs over np.sort / np.argsort of the probabilities
# reduced: the Epicurious full_format_recipes.json (/app/data/epirecipes/, a Kaggle download) replaced by made_up_recipes(): 32 made-up recipes (random.Random(5): a title of 2-4 words and 1-3 direction sentences from small word lists, with "," "." "/" and digits) written as epirecipes/full_format_recipes.json in the scratch folder, one without "directions" and one with a None title so the filter runs; `%load_ext autoreload` / `%autoreload 2` left out; tf.data.Dataset.from_tensor_slices(text_data).batch(BATCH_SIZE).shuffle(1000) -> np.array(text_data) (the 30 filtered recipes make one batch of BATCH_SIZE 32, so the batches' shuffle cannot change the result), adapt() on it; prepare_inputs's tf.expand_dims -> _expand_dims (tf.expand_dims on TensorFlow, np.expand_dims where `tf` is statefulrnn) and text_ds.map(prepare_inputs) -> prepare_inputs(text_ds), fit(train_ds, ...) -> fit(train_x, train_y, batch_size=BATCH_SIZE, shuffle=False, ...); the TensorBoard callback constructed but left out of fit's callbacks (tensorboard is not installed in the Keras venv); VOCAB_SIZE 10000 -> 40 (below the made-up vocabulary, so every sampled id has a word), MAX_LEN 200 -> 16, EMBEDDING_DIM 100 -> 8, N_UNITS 128 -> 8, EPOCHS 25 -> 2, on_epoch_end's max_tokens 100 -> 8; np.random.seed(0) set before fit and before each later generate (np.random.choice draws from numpy's global generator, which TensorFlow's run also advances in its own code); bare expression cell (example_data) printed
import numpy as np
import json
import os
import random as _random
import re
import string

import tensorflow as tf
from tensorflow.keras import layers, models, callbacks, losses


def made_up_recipes(n=32):
    r = _random.Random(5)
    dishes = "roasted chicken vegetables chocolate ice cream lemon tart soup bread salad pasta".split()
    verbs = "chop stir bake whisk pour slice boil simmer season serve".split()
    things = "the onions butter flour sugar eggs milk garlic salt pepper oil water cream".split()
    recipes = []
    for i in range(n):
        title = " ".join(r.choice(dishes) for _ in range(r.randint(2, 4))).title()
        directions = []
        for _ in range(r.randint(1, 3)):
            s = "%s %d / %d cup %s, then %s %s." % (r.choice(verbs).capitalize(), r.randint(1, 3), r.randint(2, 4),
                                                    r.choice(things), r.choice(verbs), r.choice(things))
            directions.append(s)
        recipe = {"title": title, "directions": directions}
        if i == 3:
            del recipe["directions"]
        if i == 7:
            recipe["title"] = None
        recipes.append(recipe)
    os.makedirs("epirecipes", exist_ok=True)
    with open("epirecipes/full_format_recipes.json", "w") as f:
        json.dump(recipes, f)


made_up_recipes()
_expand_dims = tf.expand_dims if tf.__name__ == "tensorflow" else np.expand_dims

VOCAB_SIZE = 40
MAX_LEN = 16
EMBEDDING_DIM = 8
N_UNITS = 8
VALIDATION_SPLIT = 0.2
SEED = 42
LOAD_MODEL = False
BATCH_SIZE = 32
EPOCHS = 2

# Load the full dataset
with open("epirecipes/full_format_recipes.json") as json_data:
    recipe_data = json.load(json_data)

# Filter the dataset
filtered_data = [
    "Recipe for " + x["title"] + " | " + " ".join(x["directions"])
    for x in recipe_data
    if "title" in x
    and x["title"] is not None
    and "directions" in x
    and x["directions"] is not None
]

# Count the recipes
n_recipes = len(filtered_data)
print(f"{n_recipes} recipes loaded")

example = filtered_data[9]
print(example)

# Pad the punctuation, to treat them as separate 'words'
def pad_punctuation(s):
    s = re.sub(f"([{string.punctuation}])", r" \1 ", s)
    s = re.sub(" +", " ", s)
    return s


text_data = [pad_punctuation(x) for x in filtered_data]

# Display an example of a recipe
example_data = text_data[9]
print(example_data)

# Convert to a Tensorflow Dataset
text_ds = np.array(text_data)

# Create a vectorisation layer
vectorize_layer = layers.TextVectorization(
    standardize="lower",
    max_tokens=VOCAB_SIZE,
    output_mode="int",
    output_sequence_length=MAX_LEN + 1,
)

# Adapt the layer to the training set
vectorize_layer.adapt(text_ds)
vocab = vectorize_layer.get_vocabulary()

# Display some token:word mappings
for i, word in enumerate(vocab[:10]):
    print(f"{i}: {word}")

# Display the same example converted to ints
example_tokenised = vectorize_layer(example_data)
print(example_tokenised.numpy())

# Create the training set of recipes and the same text shifted by one word
def prepare_inputs(text):
    text = _expand_dims(text, -1)
    tokenized_sentences = vectorize_layer(text)
    x = tokenized_sentences[:, :-1]
    y = tokenized_sentences[:, 1:]
    return x, y


train_x, train_y = prepare_inputs(text_ds)

inputs = layers.Input(shape=(None,), dtype="int32")
x = layers.Embedding(VOCAB_SIZE, EMBEDDING_DIM)(inputs)
x = layers.LSTM(N_UNITS, return_sequences=True)(x)
outputs = layers.Dense(VOCAB_SIZE, activation="softmax")(x)
lstm = models.Model(inputs, outputs)
lstm.summary()

if LOAD_MODEL:
    # model.load_weights('./models/model')
    lstm = models.load_model("./models/lstm", compile=False)

loss_fn = losses.SparseCategoricalCrossentropy()
lstm.compile("adam", loss_fn)

# Create a TextGenerator checkpoint
class TextGenerator(callbacks.Callback):
    def __init__(self, index_to_word, top_k=10):
        self.index_to_word = index_to_word
        self.word_to_index = {
            word: index for index, word in enumerate(index_to_word)
        }  # <1>

    def sample_from(self, probs, temperature):  # <2>
        probs = probs ** (1 / temperature)
        probs = probs / np.sum(probs)
        return np.random.choice(len(probs), p=probs), probs

    def generate(self, start_prompt, max_tokens, temperature):
        start_tokens = [
            self.word_to_index.get(x, 1) for x in start_prompt.split()
        ]  # <3>
        sample_token = None
        info = []
        while len(start_tokens) < max_tokens and sample_token != 0:  # <4>
            x = np.array([start_tokens])
            y = self.model.predict(x, verbose=0)  # <5>
            sample_token, probs = self.sample_from(y[0][-1], temperature)  # <6>
            info.append({"prompt": start_prompt, "word_probs": probs})
            start_tokens.append(sample_token)  # <7>
            start_prompt = start_prompt + " " + self.index_to_word[sample_token]
        print(f"\ngenerated text:\n{start_prompt}\n")
        return info

    def on_epoch_end(self, epoch, logs=None):
        self.generate("recipe for", max_tokens=8, temperature=1.0)

# Create a model save checkpoint
model_checkpoint_callback = callbacks.ModelCheckpoint(
    filepath="./checkpoint/checkpoint.ckpt",
    save_weights_only=True,
    save_freq="epoch",
    verbose=0,
)

tensorboard_callback = callbacks.TensorBoard(log_dir="./logs")

# Tokenize starting prompt
text_generator = TextGenerator(vocab)

np.random.seed(0)
lstm.fit(
    train_x, train_y, batch_size=BATCH_SIZE, shuffle=False,
    epochs=EPOCHS,
    callbacks=[model_checkpoint_callback, text_generator],
)

# Save the final model
lstm.save("./models/lstm")

def print_probs(info, vocab, top_k=5):
    for i in info:
        print(f"\nPROMPT: {i['prompt']}")
        word_probs = i["word_probs"]
        p_sorted = np.sort(word_probs)[::-1][:top_k]
        i_sorted = np.argsort(word_probs)[::-1][:top_k]
        for p, i in zip(p_sorted, i_sorted):
            print(f"{vocab[i]}:   \t{np.round(100*p,2)}%")
        print("--------\n")

np.random.seed(1)
info = text_generator.generate(
    "recipe for roasted vegetables | chop 1 /", max_tokens=10, temperature=1.0
)

print_probs(info, vocab)

np.random.seed(2)
info = text_generator.generate(
    "recipe for roasted vegetables | chop 1 /", max_tokens=10, temperature=0.2
)

print_probs(info, vocab)

np.random.seed(3)
info = text_generator.generate(
    "recipe for chocolate ice cream |", max_tokens=7, temperature=1.0
)
print_probs(info, vocab)

np.random.seed(4)
info = text_generator.generate(
    "recipe for chocolate ice cream |", max_tokens=7, temperature=0.2
)
print_probs(info, vocab)
