# source: lazyprogrammer/machine_learning_examples nlp_class3/lstm_toxic.py (the Lazy Programmer's "Deep Learning: Advanced NLP" course: a toxic-comment classifier, six sigmoid labels, over frozen pre-trained GloVe vectors)
# commit: 9c35878543c99be13dd5201a5d1bebf492bcd2b4
# keras: tf_keras
# exercises: GloVe vectors read from a text file into a dict of float32 arrays; Tokenizer(num_words=MAX_VOCAB_SIZE) fit_on_texts, texts_to_sequences, word_index; pad_sequences(maxlen=...) (pre-padding and pre-truncating); an embedding matrix of np.zeros filled for the words found (the rest stay zero rows); Embedding(num_words, EMBEDDING_DIM, weights=[embedding_matrix], input_length=MAX_SEQUENCE_LENGTH, trainable=False) called on Input(shape=(MAX_SEQUENCE_LENGTH,)); LSTM(15, return_sequences=True), GlobalMaxPool1D, Dense(6, activation="sigmoid") (six independent labels); Model(input_, output); compile(loss='binary_crossentropy', optimizer=Adam(learning_rate=0.01) (written Adam(lr=0.01), see reduced), metrics=['accuracy']); fit(batch_size, epochs, validation_split); r.history['loss'], ['val_loss'], ['accuracy'], ['val_accuracy'] read; predict on all the data and the mean ROC AUC of the six columns
# reduced: the Kaggle toxic-comment train.csv (pandas.read_csv, then train["comment_text"].fillna("DUMMY_VALUE").values and train[possible_labels].values) replaced by make_comments(), which returns 40 made-up comments (one missing, given "DUMMY_VALUE" as fillna would) and their six 0/1 labels (each label present and absent, so every column has an AUC); the GloVe file ('../large_files/glove.6B/glove.6B.50d.txt') replaced by a made-up one written by make_glove() at large_files/glove.6B/glove.6B.8d.txt in the scratch folder (the '../' dropped so the file stays there): seeded vectors for most words of the comments, a few left out so their rows stay zeros; EMBEDDING_DIM 50 -> 8, MAX_SEQUENCE_LENGTH 100 -> 12 (longer comments are truncated), MAX_VOCAB_SIZE 20000 -> 30 (fewer than the words, so num_words is cut to it and rarer words are dropped by texts_to_sequences); validation_split leaves 32 training rows, one batch of BATCH_SIZE=128, so fit's shuffling cannot change the result; sklearn's roc_auc_score (not installed here nor in the Keras venv) replaced by a numpy roc_auc_score of the same name and meaning (the Mann-Whitney rank statistic, ties counted half); pandas and matplotlib imports (not installed) dropped with the four plots, whose history reads are kept as prints; Adam(lr=0.01) written Adam(learning_rate=0.01): tf-keras 2.21's optimizers warn and drop Keras 2's `lr=` (Keras's run would train at the default 0.001) where statefulrnn takes it as the learning rate, as Keras 2 did and the program means (README, "Where we differ from Keras"); `from __future__ import print_function, division` dropped
# https://deeplearningcourses.com/c/deep-learning-advanced-nlp
from builtins import range
# Note: you may need to update your version of future
# sudo pip install -U future


import os
import sys
import numpy as np

from keras.models import Model
from keras.layers import Dense, Embedding, Input
from keras.layers import LSTM, Bidirectional, GlobalMaxPool1D, Dropout
from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences
from keras.optimizers import Adam

import keras.backend as K
# if len(K.tensorflow_backend._get_available_gpus()) > 0:
#   from keras.layers import CuDNNLSTM as LSTM
#   from keras.layers import CuDNNGRU as GRU


# Download the data:
# https://www.kaggle.com/c/jigsaw-toxic-comment-classification-challenge
# https://lazyprogrammer.me/course_files/toxic_comment_train.csv
# Download the word vectors:
# http://nlp.stanford.edu/data/glove.6B.zip


def make_comments():
  # Stands in for the Kaggle train.csv: 40 made-up comments and their six 0/1 labels.
  rng = np.random.RandomState(11)
  mild = 'the article is good and i think you are right about this page thanks for the edit'.split()
  rude = ['stupid', 'idiot', 'hate', 'kill', 'ugly', 'dumb']
  comments, labels = [], []
  for i in range(40):
    words = list(rng.choice(mild, size=rng.randint(5, 16)))
    y = np.zeros(6, dtype='int64')
    for j, w in enumerate(rude):
      if rng.rand() < 0.25:
        words.insert(rng.randint(len(words)), w)
        y[j] = 1
    y[0] = int(y.sum() > 0)
    comments.append(None if i == 17 else ' '.join(words))
    labels.append(y)
  sentences = np.array(["DUMMY_VALUE" if c is None else c for c in comments], dtype=object)
  return sentences, np.array(labels)


def make_glove(filename):
  # Stands in for GloVe: made-up vectors for most of the comments' words.
  os.makedirs(os.path.dirname(filename), exist_ok=True)
  rng = np.random.RandomState(12)
  words = sorted(set(' '.join(make_comments()[0]).split()) - {'edit', 'ugly', 'page'})
  with open(filename, 'w') as f:
    for w in words:
      f.write(w + ' ' + ' '.join('%.5f' % v for v in rng.uniform(-1, 1, EMBEDDING_DIM)) + '\n')


def roc_auc_score(y_true, y_score):
  # Stands in for sklearn.metrics.roc_auc_score: the probability that a positive outranks a negative.
  pos, neg = y_score[y_true == 1], y_score[y_true == 0]
  return np.mean((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :]))


# some configuration
MAX_SEQUENCE_LENGTH = 12
MAX_VOCAB_SIZE = 30
EMBEDDING_DIM = 8
VALIDATION_SPLIT = 0.2
BATCH_SIZE = 128
EPOCHS = 5



make_glove('large_files/glove.6B/glove.6B.%sd.txt' % EMBEDDING_DIM)

# load in pre-trained word vectors
print('Loading word vectors...')
word2vec = {}
with open(os.path.join('large_files/glove.6B/glove.6B.%sd.txt' % EMBEDDING_DIM)) as f:
  # is just a space-separated text file in the format:
  # word vec[0] vec[1] vec[2] ...
  for line in f:
    values = line.split()
    word = values[0]
    vec = np.asarray(values[1:], dtype='float32')
    word2vec[word] = vec
print('Found %s word vectors.' % len(word2vec))



# prepare text samples and their labels
print('Loading in comments...')

sentences, targets = make_comments()
possible_labels = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]




# convert the sentences (strings) into integers
tokenizer = Tokenizer(num_words=MAX_VOCAB_SIZE)
tokenizer.fit_on_texts(sentences)
sequences = tokenizer.texts_to_sequences(sentences)



# get word -> integer mapping
word2idx = tokenizer.word_index
print('Found %s unique tokens.' % len(word2idx))


# pad sequences so that we get a N x T matrix
data = pad_sequences(sequences, maxlen=MAX_SEQUENCE_LENGTH)
print('Shape of data tensor:', data.shape)



# prepare embedding matrix
print('Filling pre-trained embeddings...')
num_words = min(MAX_VOCAB_SIZE, len(word2idx) + 1)
embedding_matrix = np.zeros((num_words, EMBEDDING_DIM))
for word, i in word2idx.items():
  if i < MAX_VOCAB_SIZE:
    embedding_vector = word2vec.get(word)
    if embedding_vector is not None:
      # words not found in embedding index will be all zeros.
      embedding_matrix[i] = embedding_vector



# load pre-trained word embeddings into an Embedding layer
# note that we set trainable = False so as to keep the embeddings fixed
embedding_layer = Embedding(
  num_words,
  EMBEDDING_DIM,
  weights=[embedding_matrix],
  input_length=MAX_SEQUENCE_LENGTH,
  trainable=False
)



print('Building model...')

# create an LSTM network with a single LSTM
input_ = Input(shape=(MAX_SEQUENCE_LENGTH,))
x = embedding_layer(input_)
x = LSTM(15, return_sequences=True)(x)
# x = Bidirectional(LSTM(15, return_sequences=True))(x)
x = GlobalMaxPool1D()(x)
output = Dense(len(possible_labels), activation="sigmoid")(x)

model = Model(input_, output)
model.compile(
  loss='binary_crossentropy',
  optimizer=Adam(learning_rate=0.01),
  metrics=['accuracy'],
)


print('Training model...')
r = model.fit(
  data,
  targets,
  batch_size=BATCH_SIZE,
  epochs=EPOCHS,
  validation_split=VALIDATION_SPLIT
)

# plot some data
print(r.history['loss'], r.history['val_loss'])

# accuracies
print(r.history['accuracy'], r.history['val_accuracy'])

p = model.predict(data)
aucs = []
for j in range(6):
    auc = roc_auc_score(targets[:,j], p[:,j])
    aucs.append(auc)
print(np.mean(aucs))

