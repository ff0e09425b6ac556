# source: lazyprogrammer/machine_learning_examples nlp_class3/poetry.py (the Lazy Programmer's "Deep Learning: Advanced NLP" course: a word-level LSTM language model over GloVe-initialised embeddings that writes Robert Frost-style poems, one sampled word per predict)
# commit: 9c35878543c99be13dd5201a5d1bebf492bcd2b4
# keras: tf_keras
# exercises: lines read from a text file and wrapped as '<sos> ' + line and line + ' <eos>'; Tokenizer(num_words=..., filters='') (keeps '<sos>'/'<eos>'), texts_to_sequences, word_index; pad_sequences(maxlen=..., padding='post'); GloVe vectors read from a text file, an embedding matrix filled for the words found; 3-D one-hot targets built in a loop; Embedding(num_words, EMBEDDING_DIM, weights=[embedding_matrix]) left trainable and shared by two models; Input(shape=(max_sequence_length,)) with two state Inputs, LSTM(return_sequences=True, return_state=True) called with initial_state=[initial_h, initial_c], Dense(num_words, activation='softmax'); Model([input_, initial_h, initial_c], output); compile(loss='categorical_crossentropy', optimizer=Adam(learning_rate=0.01), metrics=['accuracy']); fit([input_sequences, z, z], one_hot_targets, batch_size, epochs, validation_split) with zero initial states; history read; a sampling Model on Input(shape=(1,)) reusing the trained embedding, LSTM and Dense layers and returning [output, h, c]; sample_line: one predict([np_input, h, c]) per word with the states fed back, probs[0] = 0 and renormalised in place, the next word drawn by np.random.choice(len(probs), p=probs) until '<eos>' or max_sequence_length; a 4-line poem, then input() asks whether to go on; the `try: K.tensorflow_backend._get_available_gpus() ... except: pass` CuDNN probe (which fails and passes on both)
# reduced: '../hmm_class/robert_frost.txt' replaced by a made-up poem of 24 lines written by make_poems() to robert_frost.txt in the scratch folder (a blank line among them, which the loader skips); the GloVe file ('../large_files/glove.6B/glove.6B.50d.txt') by a made-up one written by make_glove() at large_files/glove.6B/glove.6B.8d.txt (the '../' dropped so both files stay in the scratch folder): seeded vectors for most of the poem's words, '<sos>', '<eos>' and a few words left out so their rows stay zeros; EMBEDDING_DIM 50 -> 8, LATENT_DIM 25 -> 8, EPOCHS 2000 -> 3 (validation_split leaves 18 of the 23 lines for training, one batch of BATCH_SIZE=128, so fit's shuffling cannot change the result); Adam(lr=0.01) written Adam(learning_rate=0.01): tf-keras 2.21's optimizers warn and drop Keras 2's `lr=` (Keras's run would train at the default 0.001) where statefulrnn takes it as the learning rate, as Keras 2 did (README, "Where we differ from Keras"); the keyboard's answer to "generate another? [Y/n]" given by a stand-in input() that prints the prompt and answers 'n', so one poem is written; pandas and matplotlib imports (not installed) dropped with the four plots, whose history reads are kept as prints; `from __future__ import print_function, division` dropped
# https://deeplearningcourses.com/c/deep-learning-advanced-nlp
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


def make_poems(filename):
  # Stands in for robert_frost.txt: a made-up poem, one blank line among its lines.
  lines = [
    'the woods are dark and deep tonight', 'i have a promise still to keep', 'and miles to go before i sleep',
    'the road was long and cold and gray', 'i took the one less traveled by', 'and that has made the difference now',
    'the snow is falling on the wall', 'a bird is singing in the tree', 'the night is long and still and deep',
    'i walked alone along the road', 'the leaves are falling in the wood', 'and i have miles to go tonight',
    '', 'the farm is quiet in the snow', 'my horse must think it strange to stop', 'between the woods and frozen lake',
    'the darkest evening of the year', 'he gives his harness bells a shake', 'the only other sound is wind',
    'the woods are lovely dark and deep', 'a road diverged in a yellow wood', 'and sorry i could not travel both',
    'i shall be telling this with a sigh', 'somewhere ages and ages hence',
  ]
  with open(filename, 'w') as f:
    f.write('\n'.join(lines) + '\n')


def make_glove(filename):
  # Stands in for GloVe: made-up vectors for most of the poem's words.
  os.makedirs(os.path.dirname(filename), exist_ok=True)
  rng = np.random.RandomState(13)
  words = sorted(set(open('robert_frost.txt').read().split()) - {'harness', 'diverged', 'hence'})
  with open(filename, 'w') as f:
    for w in words:
      f.write(w + ' ' + ' '.join('%.5f' % v for v in rng.uniform(-1, 1, EMBEDDING_DIM)) + '\n')


def input(prompt):
  # Stands in for the keyboard: asked whether to write another poem, answers no.
  print(prompt)
  return 'n'


# some configuration
MAX_SEQUENCE_LENGTH = 100
MAX_VOCAB_SIZE = 3000
EMBEDDING_DIM = 8
VALIDATION_SPLIT = 0.2
BATCH_SIZE = 128
EPOCHS = 3
LATENT_DIM = 8

# load in the data
input_texts = []
target_texts = []
make_poems('robert_frost.txt')
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

# plot some data
print(r.history['loss'], r.history['val_loss'])

# accuracies
print(r.history['accuracy'], r.history['val_accuracy'])



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
while True:
  for _ in range(4):
    print(sample_line())

  ans = input("---generate another? [Y/n]---")
  if ans and ans[0].lower().startswith('n'):
    break
