# source: Hvass-Labs/TensorFlow-Tutorials 20_Natural_Language_Processing.ipynb (M. E. Hvass Pedersen's TensorFlow tutorial #20 "Natural Language Processing": IMDB sentiment with Keras's Tokenizer, pre-padding and three stacked GRUs, then a look at the learned word embeddings; its code cells in order)
# commit: d5f33973570fe6ef9c78c8a38c7449a932c81010
# keras: tf_keras
# exercises: `from tensorflow.keras.models/layers/optimizers/preprocessing.text/preprocessing.sequence import ...`; Tokenizer(num_words).fit_on_texts, texts_to_sequences, word_index and its inverse map; pad_sequences(maxlen, padding='pre', truncating='pre'); Sequential built by add: Embedding(input_dim, output_dim, input_length, name='layer_embedding'), GRU(16, return_sequences=True), GRU(8, return_sequences=True), GRU(4), Dense(1, sigmoid); Adam(lr=1e-3) (the old lr keyword); compile(binary_crossentropy, metrics=['accuracy']); model.summary(); fit(validation_split=0.05, epochs=3, batch_size=64); evaluate giving [loss, acc]; predict on x_test_pad[0:1000] and on 8 new padded texts; model.get_layer('layer_embedding').get_weights()[0] rows indexed by word tokens; scipy cdist over the embedding matrix (cosine), argsort
# reduced: the tutorial's imdb.py helper (maybe_download_and_extract and load_data of the aclImdb tar) replaced by a small imdb stand-in whose load_data returns seeded made-up reviews (40 train, 20 test) over a 60-word vocabulary drawn Zipf-like so that good/great/bad/horrible/worst are among the most frequent, labels from counts of positive and negative words; num_words 10000 -> 40 (below the made-up vocabulary's size, as 10000 is below IMDB's, so every Embedding row has a word; good/great/bad/horrible/worst get tokens below it, as in the tutorial); the training part of fit is 38 reviews, one batch of 64, so fit's shuffling cannot change the result; `%matplotlib inline`, `%%time`, `import matplotlib.pyplot as plt` (unused) and the tf.__version__ / tf.keras.__version__ cells left out; the tutorial's bare display cells (x_train_text[1], np.mean(num_tokens), weights_embedding[token_good], ...) turned into prints
import numpy as np
from scipy.spatial.distance import cdist

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, GRU, Embedding
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.preprocessing.sequence import pad_sequences


class imdb:
    """Stand-in for the tutorial's imdb.py: made-up reviews, seeded."""
    words = ('good great bad horrible worst movie film the a is it was this and of acting plot story '
             'really so not very i like love hate boring fun director actor scene end money back '
             'please teenager drunk fantastic sucks meh maybe script music long short time best '
             'watch again never ever funny sad dull nice awful').split()

    @staticmethod
    def maybe_download_and_extract():
        pass

    @staticmethod
    def load_data(train=True):
        rng = np.random.RandomState(1 if train else 2)
        n = 40 if train else 20
        texts, labels = [], []
        for _ in range(n):
            length = rng.randint(5, 30)
            zipf = 1.0 / (np.arange(len(imdb.words)) + 3.0)
            words = [imdb.words[k] for k in rng.choice(len(imdb.words), length, p=zipf / zipf.sum())]
            texts.append(' '.join(words) + '!')
            positive = sum(w in ('good', 'great', 'fun', 'love', 'best', 'nice') for w in words)
            negative = sum(w in ('bad', 'horrible', 'worst', 'boring', 'hate', 'awful') for w in words)
            labels.append(1.0 if positive >= negative else 0.0)
        return texts, labels


imdb.maybe_download_and_extract()

x_train_text, y_train = imdb.load_data(train=True)
x_test_text, y_test = imdb.load_data(train=False)

# Convert to numpy arrays.
y_train = np.array(y_train)
y_test = np.array(y_test)

print("Train-set size: ", len(x_train_text))
print("Test-set size:  ", len(x_test_text))

data_text = x_train_text + x_test_text

num_words = 40

tokenizer = Tokenizer(num_words=num_words)

tokenizer.fit_on_texts(data_text)

if num_words is None:
    num_words = len(tokenizer.word_index)

x_train_tokens = tokenizer.texts_to_sequences(x_train_text)

print(x_train_text[1])
print(np.array(x_train_tokens[1]))

x_test_tokens = tokenizer.texts_to_sequences(x_test_text)

num_tokens = [len(tokens) for tokens in x_train_tokens + x_test_tokens]
num_tokens = np.array(num_tokens)

print(np.mean(num_tokens), np.max(num_tokens))

max_tokens = np.mean(num_tokens) + 2 * np.std(num_tokens)
max_tokens = int(max_tokens)
print(max_tokens)

print(np.sum(num_tokens < max_tokens) / len(num_tokens))

pad = 'pre'

x_train_pad = pad_sequences(x_train_tokens, maxlen=max_tokens,
                            padding=pad, truncating=pad)

x_test_pad = pad_sequences(x_test_tokens, maxlen=max_tokens,
                           padding=pad, truncating=pad)

print(x_train_pad.shape, x_test_pad.shape)

idx = tokenizer.word_index
inverse_map = dict(zip(idx.values(), idx.keys()))


def tokens_to_string(tokens):
    # Map from tokens back to words.
    words = [inverse_map[token] for token in tokens if token != 0]

    # Concatenate all words.
    text = " ".join(words)

    return text


print(tokens_to_string(x_train_tokens[1]))

model = Sequential()

embedding_size = 8

model.add(Embedding(input_dim=num_words,
                    output_dim=embedding_size,
                    input_length=max_tokens,
                    name='layer_embedding'))

model.add(GRU(units=16, return_sequences=True))

model.add(GRU(units=8, return_sequences=True))

model.add(GRU(units=4))

model.add(Dense(1, activation='sigmoid'))

optimizer = Adam(lr=1e-3)

model.compile(loss='binary_crossentropy',
              optimizer=optimizer,
              metrics=['accuracy'])
model.summary()

model.fit(x_train_pad, y_train,
          validation_split=0.05, epochs=3, batch_size=64)

result = model.evaluate(x_test_pad, y_test)

print("Accuracy: {0:.2%}".format(result[1]))

y_pred = model.predict(x=x_test_pad[0:1000])
y_pred = y_pred.T[0]

cls_pred = np.array([1.0 if p>0.5 else 0.0 for p in y_pred])

cls_true = np.array(y_test[0:1000])

incorrect = np.where(cls_pred != cls_true)
incorrect = incorrect[0]

print(len(incorrect))

idx = incorrect[0]
print(idx)

text = x_test_text[idx]
print(text, y_pred[idx], cls_true[idx])

text1 = "This movie is fantastic! I really like it because it is so good!"
text2 = "Good movie!"
text3 = "Maybe I like this movie."
text4 = "Meh ..."
text5 = "If I were a drunk teenager then this movie might be good."
text6 = "Bad movie!"
text7 = "Not a good movie!"
text8 = "This movie really sucks! Can I get my money back please?"
texts = [text1, text2, text3, text4, text5, text6, text7, text8]

tokens = tokenizer.texts_to_sequences(texts)

tokens_pad = pad_sequences(tokens, maxlen=max_tokens,
                           padding=pad, truncating=pad)
print(tokens_pad.shape)

print(model.predict(tokens_pad))

layer_embedding = model.get_layer('layer_embedding')

weights_embedding = layer_embedding.get_weights()[0]

print(weights_embedding.shape)

token_good = tokenizer.word_index['good']
token_great = tokenizer.word_index['great']
print(token_good, token_great)
print(weights_embedding[token_good], weights_embedding[token_great])

token_bad = tokenizer.word_index['bad']
token_horrible = tokenizer.word_index['horrible']
print(weights_embedding[token_bad], weights_embedding[token_horrible])


def print_sorted_words(word, metric='cosine'):
    """
    Print the words in the vocabulary sorted according to their
    embedding-distance to the given word.
    Different metrics can be used, e.g. 'cosine' or 'euclidean'.
    """

    # Get the token (i.e. integer ID) for the given word.
    token = tokenizer.word_index[word]

    # Get the embedding for the given word. Note that the
    # embedding-weight-matrix is indexed by the word-tokens
    # which are integer IDs.
    embedding = weights_embedding[token]

    # Calculate the distance between the embeddings for
    # this word and all other words in the vocabulary.
    distances = cdist(weights_embedding, [embedding],
                      metric=metric).T[0]

    # Get an index sorted according to the embedding-distances.
    # These are the tokens (integer IDs) for words in the vocabulary.
    sorted_index = np.argsort(distances)

    # Sort the embedding-distances.
    sorted_distances = distances[sorted_index]

    # Sort all the words in the vocabulary according to their
    # embedding-distance. This is a bit excessive because we
    # will only print the top and bottom words.
    sorted_words = [inverse_map[token] for token in sorted_index
                    if token != 0]

    # Helper-function for printing words and embedding-distances.
    def _print_words(words, distances):
        for word, distance in zip(words, distances):
            print("{0:.3f} - {1}".format(distance, word))

    # Number of words to print from the top and bottom of the list.
    k = 10

    print("Distance from '{0}':".format(word))

    # Print the words with smallest embedding-distance.
    _print_words(sorted_words[0:k], sorted_distances[0:k])

    print("...")

    # Print the words with highest embedding-distance.
    _print_words(sorted_words[-k:], sorted_distances[-k:])


print_sorted_words('great', metric='cosine')

print_sorted_words('worst', metric='cosine')
