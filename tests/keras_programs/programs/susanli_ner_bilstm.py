# source: susanli2016/NLP-with-Python Named Entity Recognition using LSTMs with Keras.ipynb (Susan Li's NER tagger on the Kaggle GMB corpus, adapted from the Coursera/Rhyme guided project; its code cells in order)
# commit: ffb3b4ee7af926ff926d9169530a7859f96bcf86
# keras: tf_keras
# exercises: `import tensorflow as tf` (tf.__version__); `from tensorflow.keras.preprocessing.sequence import pad_sequences` with maxlen, padding='post' and a value; `tensorflow.keras.utils.to_categorical(num_classes=)` per sentence; functional `from tensorflow.keras import Model, Input`: Input(shape=(max_len,)), Embedding(input_dim, output_dim, input_length), SpatialDropout1D, Bidirectional(LSTM(return_sequences=True, recurrent_dropout=...)), TimeDistributed(Dense(num_tags, activation='softmax')); model.summary(); compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy']) on 3-D one-hot targets; EarlyStopping(monitor='val_accuracy', mode='max', restore_best_weights=False) built but not passed (as in the notebook); fit(validation_split=0.2, batch_size=32, epochs=3, verbose=1); evaluate; predict on one sentence and argmax over the tags
# reduced: pd.read_csv of ner_dataset.csv and the pandas SentenceGetter (groupby) replaced by 40 synthetic sentences of 4 to 12 (word, POS, tag) triples made with numpy (words are ints 0..29, the tag depends on the word), so `df['Word'].values` becomes a flat numpy array; `list(set(...))` of the words and tags became `sorted(set(...))` (a set of strings is ordered by hash, randomised per process, so the word and tag ids would differ between the two runs); max_len 10 instead of 50, LSTM units 8 instead of 100; SpatialDropout1D(0.0) and recurrent_dropout=0.0 instead of 0.1 (random masks differ between frameworks); sklearn's train_test_split(test_size=0.1, random_state=1) replaced by an unshuffled 36/4 split (sklearn is not installed), so validation_split leaves 28 training rows, one batch of 32 per epoch (fit's shuffling cannot change the result); livelossplot's PlotLossesCallback (not installed, and not passed to fit in the notebook) and the matplotlib histogram and plot_graphs left out; words[w-1] printing kept
import tensorflow as tf
import numpy as np
print('Tensorflow version: ', tf.__version__)

rng_words = np.random.randint(0, 30, size=(40, 12))
lengths = np.random.randint(4, 13, size=40)
tag_of = ['O'] * 20 + ['B-geo'] * 4 + ['B-per'] * 3 + ['I-per'] * 3
pos_of = ['NN'] * 15 + ['NNP'] * 10 + ['VB'] * 5
sentences = [[(str(w), pos_of[w], tag_of[w]) for w in rng_words[i, :lengths[i]]] for i in range(40)]
all_words = np.array([w for s in sentences for w, p, t in s])
all_tags = np.array([t for s in sentences for w, p, t in s])

print('Unique words in corpus: ', len(set(all_words)))
print('Unique tags in corpus: ', len(set(all_tags)))

words = sorted(set(all_words))
words.append('ENDPAD')
num_words = len(words)

tags = sorted(set(all_tags))
num_tags = len(tags)

print(num_words, num_tags)

print(sentences[0])

word2idx = {w: i+1 for i, w in enumerate(words)}
tag2idx = {t: i for i, t in enumerate(tags)}

from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.utils import to_categorical

max_len = 10
X = [[word2idx[w[0]] for w in s] for s in sentences]
X = pad_sequences(maxlen = max_len, sequences = X, padding='post', value=num_words-1)

y = [[tag2idx[w[2]] for w in s] for s in sentences]
y = pad_sequences(maxlen = max_len, sequences = y, padding = 'post', value = tag2idx['O'])
y = [to_categorical(i, num_classes=num_tags) for i in y]

x_train, x_test, y_train, y_test = X[:36], X[36:], y[:36], y[36:]

from tensorflow.keras import Model, Input
from tensorflow.keras.layers import LSTM, Embedding, Dense
from tensorflow.keras.layers import TimeDistributed, SpatialDropout1D, Bidirectional

input_word = Input(shape=(max_len, ))
model = Embedding(input_dim = num_words, output_dim = max_len, input_length = max_len)(input_word)
model = SpatialDropout1D(0.0)(model)
model = Bidirectional(LSTM(units=8, return_sequences=True, recurrent_dropout=0.0))(model)
out = TimeDistributed(Dense(num_tags, activation='softmax'))(model)
model = Model(input_word, out)
model.summary()

model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])

from tensorflow.keras.callbacks import ModelCheckpoint, EarlyStopping

early_stopping = EarlyStopping(monitor='val_accuracy', patience=1, verbose=0, mode='max', restore_best_weights=False)
callbacks = [early_stopping]

history = model.fit(
    x_train, np.array(y_train),
    validation_split=0.2,
    batch_size = 32,
    epochs = 3,
    verbose = 1,
#    callbacks = callbacks
)

model.evaluate(x_test, np.array(y_test))

i = np.random.randint(0, x_test.shape[0])
p = model.predict(np.array([x_test[i]]))
p = np.argmax(p, axis=-1)

y_true = np.argmax(np.array(y_test), axis=-1)[i]

print('{:15}{:5}\t {}\n'.format('Word', 'True', 'Pred'))
print('-'*30)
for w, true, pred in zip(x_test[i], y_true, p[0]):
    print('{:15}{}\t{}'.format(words[w-1], tags[true], tags[pred]))
