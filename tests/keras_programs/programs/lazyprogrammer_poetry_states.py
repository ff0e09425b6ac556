# source: lazyprogrammer/machine_learning_examples nlp_class3/poetry.py (the Lazy Programmer's "Deep Learning: Advanced NLP" course: a word-level LSTM poetry generator on Robert Frost's poems, sampled by feeding the LSTM's states back by hand)
# commit: 9c35878543c99be13dd5201a5d1bebf492bcd2b4
# keras: tf_keras
# exercises: Tokenizer(num_words=MAX_VOCAB_SIZE, filters='') (keeps <sos>/<eos>), word_index, texts_to_sequences, pad_sequences(padding='post'); an Embedding(num_words, EMBEDDING_DIM, weights=[embedding_matrix]) shared by two models; a training Model([input_, initial_h, initial_c], output) whose LSTM(return_sequences=True, return_state=True) takes initial_state=[initial_h, initial_c] from two Input tensors and is fit on zero states, one-hot targets, metrics=['accuracy'] and validation_split=0.2; a sampling Model([input2, initial_h, initial_c], [output2, h, c]) reusing the same Embedding, LSTM and Dense on one word at a time; sample_line: a predict per word, the returned h and c fed back as the next call's states, np.random.choice over the softmax with the padding index zeroed; the bare try/except around `K.tensorflow_backend._get_available_gpus()` (Keras 2.2 internals, absent here: the except path runs on both sides)
# reduced: robert_frost.txt replaced by 12 made-up lines written to 'robert_frost.txt' in the working folder and read back with the program's own loop (path without '../hmm_class/'); the GloVe file replaced by a made-up 'glove.6B.50d.txt' in the working folder (numpy random vectors, fixed seed, for the words of the lines but every fifth, so some rows stay zero) read back with the program's own loop (path without '../large_files/glove.6B/'); EMBEDDING_DIM 50 -> 8, LATENT_DIM 25 -> 6, EPOCHS 2000 -> 3 (the training lines fit in one batch of BATCH_SIZE 128, so fit's shuffling cannot change the result); Adam(lr=0.01) -> Adam(learning_rate=0.01) (tf-keras 2.21's optimizers warn and drop Keras 2's `lr`, training at their default 0.001, where statefulrnn takes it as the rate the program meant: see README, "Where we differ from Keras"); pandas and matplotlib (not installed) imports and the plots dropped; the interactive `while True: ... input(...)` loop replaced by one 4-line poem
from __future__ import print_function, division
from builtins import range, input
# Note: you may need to update your version of future
# sudo pip install -U future

import os
import sys
import string
import numpy as np

from keras.models import Model
from keras.layers import Dense, Embedding, Input, LSTM
from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences
from keras.optimizers import Adam, SGD

try:
  import keras.backend as K
  if len(K.tensorflow_backend._get_available_gpus()) > 0:
    from keras.layers import CuDNNLSTM as LSTM
    from keras.layers import CuDNNGRU as GRU
except:
  pass


# some configuration
MAX_SEQUENCE_LENGTH = 100
MAX_VOCAB_SIZE = 3000
EMBEDDING_DIM = 8
VALIDATION_SPLIT = 0.2
BATCH_SIZE = 128
EPOCHS = 3
LATENT_DIM = 6

# made-up stand-ins for the poems and the GloVe vectors, written where the program reads them
with open('robert_frost.txt', 'w') as f:
  f.write("""The woods are dark and the road is long
I walked along the wall of stone

A bird was singing in the rain
The snow fell down on the field and the wall
We stopped beside the road to rest
And the night came slowly over the hill
Two roads went off into the wood

I took the one that no one walked
The apple tree was bare and cold
A field of snow beneath the moon
The stone was cold beneath my hand
And I have miles to walk before I rest
""")
rng = np.random.RandomState(1)
with open('glove.6B.%sd.txt' % EMBEDDING_DIM, 'w') as f:
  words = sorted(set(open('robert_frost.txt').read().lower().split()))
  for word in [w for k, w in enumerate(words) if k % 5]:
    f.write(word + ' ' + ' '.join('%.5f' % v for v in rng.randn(EMBEDDING_DIM)) + '\n')

# load in the data
input_texts = []
target_texts = []
for line in open('robert_frost.txt'):
  line = line.rstrip()
  if not line:
    continue

  input_line = '<sos> ' + line
  target_line = line + ' <eos>'

  input_texts.append(input_line)
  target_texts.append(target_line)


all_lines = input_texts + target_texts

# convert the sentences (strings) into integers
tokenizer = Tokenizer(num_words=MAX_VOCAB_SIZE, filters='')
tokenizer.fit_on_texts(all_lines)
input_sequences = tokenizer.texts_to_sequences(input_texts)
target_sequences = tokenizer.texts_to_sequences(target_texts)

# find max seq length
max_sequence_length_from_data = max(len(s) for s in input_sequences)
print('Max sequence length:', max_sequence_length_from_data)


# get word -> integer mapping
word2idx = tokenizer.word_index
print('Found %s unique tokens.' % len(word2idx))
assert('<sos>' in word2idx)
assert('<eos>' in word2idx)


# pad sequences so that we get a N x T matrix
max_sequence_length = min(max_sequence_length_from_data, MAX_SEQUENCE_LENGTH)
input_sequences = pad_sequences(input_sequences, maxlen=max_sequence_length, padding='post')
target_sequences = pad_sequences(target_sequences, maxlen=max_sequence_length, padding='post')
print('Shape of data tensor:', input_sequences.shape)



# load in pre-trained word vectors
print('Loading word vectors...')
word2vec = {}
with open(os.path.join('glove.6B.%sd.txt' % EMBEDDING_DIM)) as f:
  # is just a space-separated text file in the format:
  # word vec[0] vec[1] vec[2] ...
  for line in f:
    values = line.split()
    word = values[0]
    vec = np.asarray(values[1:], dtype='float32')
    word2vec[word] = vec
print('Found %s word vectors.' % len(word2vec))



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



# one-hot the targets (can't use sparse cross-entropy)
one_hot_targets = np.zeros((len(input_sequences), max_sequence_length, num_words))
for i, target_sequence in enumerate(target_sequences):
  for t, word in enumerate(target_sequence):
    if word > 0:
      one_hot_targets[i, t, word] = 1



# load pre-trained word embeddings into an Embedding layer
embedding_layer = Embedding(
  num_words,
  EMBEDDING_DIM,
  weights=[embedding_matrix],
  # trainable=False
)



print('Building model...')

# create an LSTM network with a single LSTM
input_ = Input(shape=(max_sequence_length,))
initial_h = Input(shape=(LATENT_DIM,))
initial_c = Input(shape=(LATENT_DIM,))
x = embedding_layer(input_)
lstm = LSTM(LATENT_DIM, return_sequences=True, return_state=True)
x, _, _ = lstm(x, initial_state=[initial_h, initial_c]) # don't need the states here
dense = Dense(num_words, activation='softmax')
output = dense(x)

model = Model([input_, initial_h, initial_c], output)
model.compile(
  loss='categorical_crossentropy',
  # optimizer='rmsprop',
  optimizer=Adam(learning_rate=0.01),
  # optimizer=SGD(lr=0.01, momentum=0.9),
  metrics=['accuracy']
)

print('Training model...')
z = np.zeros((len(input_sequences), LATENT_DIM))
r = model.fit(
  [input_sequences, z, z],
  one_hot_targets,
  batch_size=BATCH_SIZE,
  epochs=EPOCHS,
  validation_split=VALIDATION_SPLIT
)



# make a sampling model
input2 = Input(shape=(1,)) # we'll only input one word at a time
x = embedding_layer(input2)
x, h, c = lstm(x, initial_state=[initial_h, initial_c]) # now we need states to feed back in
output2 = dense(x)
sampling_model = Model([input2, initial_h, initial_c], [output2, h, c])


# reverse word2idx dictionary to get back words
# during prediction
idx2word = {v:k for k, v in word2idx.items()}


def sample_line():
  # initial inputs
  np_input = np.array([[ word2idx['<sos>'] ]])
  h = np.zeros((1, LATENT_DIM))
  c = np.zeros((1, LATENT_DIM))

  # so we know when to quit
  eos = word2idx['<eos>']

  # store the output here
  output_sentence = []

  for _ in range(max_sequence_length):
    o, h, c = sampling_model.predict([np_input, h, c])

    # print("o.shape:", o.shape, o[0,0,:10])
    # idx = np.argmax(o[0,0])
    probs = o[0,0]
    if np.argmax(probs) == 0:
      print("wtf")
    probs[0] = 0
    probs /= probs.sum()
    idx = np.random.choice(len(probs), p=probs)
    if idx == eos:
      break

    # accuulate output
    output_sentence.append(idx2word.get(idx, '<WTF %s>' % idx))

    # make the next input into model
    np_input[0,0] = idx

  return ' '.join(output_sentence)

# generate a 4 line poem
for _ in range(4):
  print(sample_line())
