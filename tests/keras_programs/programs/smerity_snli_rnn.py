# source: Smerity/keras_snli snli_rnn.py (Stephen Merity's much-copied Keras baseline for the Stanford Natural Language Inference corpus: fixed GloVe embeddings, a shared TimeDistributed(Dense) "translate" layer, a shared recurrent sentence encoder for premise and hypothesis, BatchNormalization, concatenation and a 3-layer MLP)
# commit: 07ec02d3880eb02e365c569fcfbd3f82c4d4d1f3
# keras: tf_keras
# exercises: `import keras` and `import keras.backend as K`; Keras 2.0's old module paths keras.layers.recurrent (recurrent.GRU), keras.layers.embeddings.Embedding, keras.layers.normalization.BatchNormalization, keras.layers.wrappers.Bidirectional, keras.utils.np_utils.to_categorical; keras.layers.core.Lambda(lambda x: K.sum(x, axis=1), output_shape=) built but unused; Tokenizer(lower=False, filters='') fit_on_texts / word_counts / word_index / texts_to_sequences; pad_sequences(maxlen=) via a lambda; Embedding(weights=[embedding_matrix], input_length=, trainable=False) shared by two Inputs (dtype='int32'); one TimeDistributed(Dense(relu)) applied to both; the RNN chosen by the source's own commented option `RNN = lambda *args, **kwargs: Bidirectional(recurrent.GRU(*args, **kwargs))` with LAYERS = 2: a shared Bidirectional GRU(return_sequences=True) followed by BatchNormalization on each side, then a shared Bidirectional GRU(return_sequences=False); BatchNormalization on 2-D; concatenate; Dense(kernel_regularizer=l2) x3 with BatchNormalization; softmax; compile('rmsprop', 'categorical_crossentropy', ['accuracy']); summary(); tempfile.mkstemp() path with no extension given to ModelCheckpoint(save_best_only=True, save_weights_only=True) beside EarlyStopping(patience=); fit(validation_data=[two inputs]); load_weights of that checkpoint; evaluate(batch_size=)
# reduced: the SNLI jsonl files read by yield_examples/get_data replaced by made-up premise/hypothesis pairs (48 train, 16 dev, 16 test) from a seeded generator in binary-parse form, so extract_tokens_from_binary_parse still runs; glove.840B.300d.txt replaced by seeded random vectors for every second word; GLOVE_STORE put in the scratch folder's tempfile.mkdtemp() (unchanged name); Keras 1 spellings that tf.keras no longer accepts rewritten to Keras 2's: merge([prem, hypo], mode='concat') -> concatenate([prem, hypo]), rnn_kwargs output_dim/dropout_W/dropout_U -> units/dropout/recurrent_dropout, W_regularizer -> kernel_regularizer, Model(input=, output=) -> Model(inputs=, outputs=), nb_epoch -> epochs; RNN set to the source's commented Bidirectional GRU option and LAYERS 1 -> 2 (the default RNN = None sums embeddings with no recurrent layer); EMBED_HIDDEN_SIZE and SENT_HIDDEN_SIZE 300 -> 8, BATCH_SIZE 512 -> 16, MAX_EPOCHS 42 -> 2, MAX_LEN 42 -> 10; DP 0.2 -> 0.0 (random dropout masks cannot match); shuffle=False and verbose=0 added to fit, verbose=0 to evaluate
from functools import reduce
import json
import os
import re
import tarfile
import tempfile

import numpy as np
np.random.seed(1337)  # for reproducibility

import keras
import keras.backend as K
from keras.callbacks import EarlyStopping, ModelCheckpoint
from keras.layers import concatenate, recurrent, Dense, Input, Dropout, TimeDistributed
from keras.layers.embeddings import Embedding
from keras.layers.normalization import BatchNormalization
from keras.layers.wrappers import Bidirectional
from keras.models import Model
from keras.preprocessing.sequence import pad_sequences
from keras.preprocessing.text import Tokenizer
from keras.regularizers import l2
from keras.utils import np_utils

def extract_tokens_from_binary_parse(parse):
    return parse.replace('(', ' ').replace(')', ' ').replace('-LRB-', '(').replace('-RRB-', ')').split()

_SUBJ = ['A man', 'A woman', 'Two dogs', 'A child', 'The old man', 'Some people']
_VERB = ['is playing', 'is sleeping', 'are running', 'is eating', 'is reading', 'are sitting']
_PLACE = ['in the park', 'on a bench', 'near the river', 'at home', 'in a cafe', 'outside']

def _binary_parse(sentence):
  words = sentence.split()
  return reduce(lambda acc, w: '( ' + acc + ' ' + w + ' )', words[1:], words[0])

def yield_examples(fn, skip_no_majority=True, limit=None):
  rng = np.random.RandomState({'train': 0, 'dev': 1, 'test': 2}[fn])
  for i in range({'train': 50, 'dev': 17, 'test': 17}[fn]):
    s, v, p = rng.randint(6), rng.randint(6), rng.randint(6)
    label = ['contradiction', 'neutral', 'entailment', '-'][rng.randint(4) if i % 5 == 4 else i % 3]
    s1 = '{} {} {} .'.format(_SUBJ[s], _VERB[v], _PLACE[p])
    if label == 'entailment':
      s2 = '{} {} .'.format(_SUBJ[s], _VERB[v])
    elif label == 'contradiction':
      s2 = '{} {} .'.format(_SUBJ[s], _VERB[(v + 1) % 6])
    else:
      s2 = '{} {} {} .'.format(_SUBJ[s], _VERB[v], _PLACE[(p + 2) % 6])
    data = {'gold_label': label, 'sentence1_binary_parse': _binary_parse(s1), 'sentence2_binary_parse': _binary_parse(s2)}
    s1 = ' '.join(extract_tokens_from_binary_parse(data['sentence1_binary_parse']))
    s2 = ' '.join(extract_tokens_from_binary_parse(data['sentence2_binary_parse']))
    if skip_no_majority and label == '-':
      continue
    yield (label, s1, s2)

def get_data(fn, limit=None):
  raw_data = list(yield_examples(fn=fn, limit=limit))
  left = [s1 for _, s1, s2 in raw_data]
  right = [s2 for _, s1, s2 in raw_data]
  print(max(len(x.split()) for x in left))
  print(max(len(x.split()) for x in right))

  LABELS = {'contradiction': 0, 'neutral': 1, 'entailment': 2}
  Y = np.array([LABELS[l] for l, s1, s2 in raw_data])
  Y = np_utils.to_categorical(Y, len(LABELS))

  return left, right, Y

training = get_data('train')
validation = get_data('dev')
test = get_data('test')

tokenizer = Tokenizer(lower=False, filters='')
tokenizer.fit_on_texts(training[0] + training[1])

# Lowest index from the tokenizer is 1 - we need to include 0 in our vocab count
VOCAB = len(tokenizer.word_counts) + 1
LABELS = {'contradiction': 0, 'neutral': 1, 'entailment': 2}
#RNN = recurrent.LSTM
#RNN = lambda *args, **kwargs: Bidirectional(recurrent.LSTM(*args, **kwargs))
#RNN = recurrent.GRU
RNN = lambda *args, **kwargs: Bidirectional(recurrent.GRU(*args, **kwargs))
# Summation of word embeddings
#RNN = None
LAYERS = 2
USE_GLOVE = True
TRAIN_EMBED = False
EMBED_HIDDEN_SIZE = 8
SENT_HIDDEN_SIZE = 8
BATCH_SIZE = 16
PATIENCE = 4 # 8
MAX_EPOCHS = 2
MAX_LEN = 10
DP = 0.0
L2 = 4e-6
ACTIVATION = 'relu'
OPTIMIZER = 'rmsprop'
print('RNN / Embed / Sent = {}, {}, {}'.format(RNN, EMBED_HIDDEN_SIZE, SENT_HIDDEN_SIZE))
print('GloVe / Trainable Word Embeddings = {}, {}'.format(USE_GLOVE, TRAIN_EMBED))

to_seq = lambda X: pad_sequences(tokenizer.texts_to_sequences(X), maxlen=MAX_LEN)
prepare_data = lambda data: (to_seq(data[0]), to_seq(data[1]), data[2])

training = prepare_data(training)
validation = prepare_data(validation)
test = prepare_data(test)

print('Build model...')
print('Vocab size =', VOCAB)

GLOVE_STORE = os.path.join(tempfile.mkdtemp(), 'precomputed_glove.weights')
if USE_GLOVE:
  if not os.path.exists(GLOVE_STORE + '.npy'):
    print('Computing GloVe')
  
    embeddings_index = {}
    for word in sorted(tokenizer.word_index)[::2]:  # stand-in for glove.840B.300d.txt
      coefs = np.random.uniform(-1, 1, EMBED_HIDDEN_SIZE).astype('float32')
      embeddings_index[word] = coefs
    
    # prepare embedding matrix
    embedding_matrix = np.zeros((VOCAB, EMBED_HIDDEN_SIZE))
    for word, i in tokenizer.word_index.items():
      embedding_vector = embeddings_index.get(word)
      if embedding_vector is not None:
        # words not found in embedding index will be all-zeros.
        embedding_matrix[i] = embedding_vector
      else:
        print('Missing from GloVe: {}'.format(word))
  
    np.save(GLOVE_STORE, embedding_matrix)

  print('Loading GloVe')
  embedding_matrix = np.load(GLOVE_STORE + '.npy')

  print('Total number of null word embeddings:')
  print(np.sum(np.sum(embedding_matrix, axis=1) == 0))

  embed = Embedding(VOCAB, EMBED_HIDDEN_SIZE, weights=[embedding_matrix], input_length=MAX_LEN, trainable=TRAIN_EMBED)
else:
  embed = Embedding(VOCAB, EMBED_HIDDEN_SIZE, input_length=MAX_LEN)

rnn_kwargs = dict(units=SENT_HIDDEN_SIZE, dropout=DP, recurrent_dropout=DP)
SumEmbeddings = keras.layers.core.Lambda(lambda x: K.sum(x, axis=1), output_shape=(SENT_HIDDEN_SIZE, ))

translate = TimeDistributed(Dense(SENT_HIDDEN_SIZE, activation=ACTIVATION))

premise = Input(shape=(MAX_LEN,), dtype='int32')
hypothesis = Input(shape=(MAX_LEN,), dtype='int32')

prem = embed(premise)
hypo = embed(hypothesis)

prem = translate(prem)
hypo = translate(hypo)

if RNN and LAYERS > 1:
  for l in range(LAYERS - 1):
    rnn = RNN(return_sequences=True, **rnn_kwargs)
    prem = BatchNormalization()(rnn(prem))
    hypo = BatchNormalization()(rnn(hypo))
rnn = SumEmbeddings if not RNN else RNN(return_sequences=False, **rnn_kwargs)
prem = rnn(prem)
hypo = rnn(hypo)
prem = BatchNormalization()(prem)
hypo = BatchNormalization()(hypo)

joint = concatenate([prem, hypo])
joint = Dropout(DP)(joint)
for i in range(3):
  joint = Dense(2 * SENT_HIDDEN_SIZE, activation=ACTIVATION, kernel_regularizer=l2(L2) if L2 else None)(joint)
  joint = Dropout(DP)(joint)
  joint = BatchNormalization()(joint)

pred = Dense(len(LABELS), activation='softmax')(joint)

model = Model(inputs=[premise, hypothesis], outputs=pred)
model.compile(optimizer=OPTIMIZER, loss='categorical_crossentropy', metrics=['accuracy'])

model.summary()

print('Training')
_, tmpfn = tempfile.mkstemp()
# Save the best model during validation and bail out of training early if we're not improving
callbacks = [EarlyStopping(patience=PATIENCE), ModelCheckpoint(tmpfn, save_best_only=True, save_weights_only=True)]
model.fit([training[0], training[1]], training[2], batch_size=BATCH_SIZE, epochs=MAX_EPOCHS, validation_data=([validation[0], validation[1]], validation[2]), callbacks=callbacks, shuffle=False, verbose=0)

# Restore the best found model during validation
model.load_weights(tmpfn)

loss, acc = model.evaluate([test[0], test[1]], test[2], batch_size=BATCH_SIZE, verbose=0)
print('Test loss / test accuracy = {:.4f} / {:.4f}'.format(loss, acc))
