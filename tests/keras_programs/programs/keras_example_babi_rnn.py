# source: keras-team/keras examples/babi_rnn.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: the bAbI parsing (tokenize, parse_stories, get_stories over tarfile.extractfile lines, vectorize_stories with pad_sequences and one-hot answers), two int32 layers.Input, each through layers.Embedding and its own LSTM (RNN = recurrent.LSTM, Keras 2's old module path), layers.concatenate of the two encodings, Dense softmax, Model([sentence, question], preds); compile('adam', categorical_crossentropy, metrics=['accuracy']); fit on a list of inputs with validation_split=0.05; evaluate with batch_size
# reduced: get_file's download of the bAbI tar replaced by make_babi_tar(), which writes a tar in the scratch folder holding made-up QA2 stories in the bAbI format (16 training and 8 test stories of two questions each: 32 and 16 samples, seeded); the get_file import dropped; EMBED_HIDDEN_SIZE 50 -> 8, SENT_HIDDEN_SIZE and QUERY_HIDDEN_SIZE 100 -> 8; EPOCHS 20 -> 2 (validation_split leaves 30 training samples, one batch of 32 per epoch, so fit's shuffling cannot change the result); `from __future__ import print_function` dropped
from functools import reduce
import io
import os
import re
import tarfile

import numpy as np

from keras.layers.embeddings import Embedding
from keras import layers
from keras.layers import recurrent
from keras.models import Model
from keras.preprocessing.sequence import pad_sequences


def tokenize(sent):
    '''Return the tokens of a sentence including punctuation.

    >>> tokenize('Bob dropped the apple. Where is the apple?')
    ['Bob', 'dropped', 'the', 'apple', '.', 'Where', 'is', 'the', 'apple', '?']
    '''
    return [x.strip() for x in re.split(r'(\W+)', sent) if x.strip()]


def parse_stories(lines, only_supporting=False):
    '''Parse stories provided in the bAbi tasks format

    If only_supporting is true,
    only the sentences that support the answer are kept.
    '''
    data = []
    story = []
    for line in lines:
        line = line.decode('utf-8').strip()
        nid, line = line.split(' ', 1)
        nid = int(nid)
        if nid == 1:
            story = []
        if '\t' in line:
            q, a, supporting = line.split('\t')
            q = tokenize(q)
            if only_supporting:
                # Only select the related substory
                supporting = map(int, supporting.split())
                substory = [story[i - 1] for i in supporting]
            else:
                # Provide all the substories
                substory = [x for x in story if x]
            data.append((substory, q, a))
            story.append('')
        else:
            sent = tokenize(line)
            story.append(sent)
    return data


def get_stories(f, only_supporting=False, max_length=None):
    '''Given a file name, read the file, retrieve the stories,
    and then convert the sentences into a single story.

    If max_length is supplied,
    any stories longer than max_length tokens will be discarded.
    '''
    data = parse_stories(f.readlines(), only_supporting=only_supporting)
    flatten = lambda data: reduce(lambda x, y: x + y, data)
    data = [(flatten(story), q, answer) for story, q, answer in data
            if not max_length or len(flatten(story)) < max_length]
    return data


def vectorize_stories(data, word_idx, story_maxlen, query_maxlen):
    xs = []
    xqs = []
    ys = []
    for story, query, answer in data:
        x = [word_idx[w] for w in story]
        xq = [word_idx[w] for w in query]
        # let's not forget that index 0 is reserved
        y = np.zeros(len(word_idx) + 1)
        y[word_idx[answer]] = 1
        xs.append(x)
        xqs.append(xq)
        ys.append(y)
    return (pad_sequences(xs, maxlen=story_maxlen),
            pad_sequences(xqs, maxlen=query_maxlen), np.array(ys))

RNN = recurrent.LSTM
EMBED_HIDDEN_SIZE = 8
SENT_HIDDEN_SIZE = 8
QUERY_HIDDEN_SIZE = 8
BATCH_SIZE = 32
EPOCHS = 2
print('RNN / Embed / Sent / Query = {}, {}, {}, {}'.format(RNN,
                                                           EMBED_HIDDEN_SIZE,
                                                           SENT_HIDDEN_SIZE,
                                                           QUERY_HIDDEN_SIZE))

def make_babi_tar(path, num_train=16, num_test=8):
    # Stands in for get_file's download of the bAbI tasks: a tar holding made-up QA2 stories in
    # the bAbI format (numbered sentences; a question line with its answer and the two
    # supporting facts: who took the object, and where they went next).
    rng = np.random.RandomState(4)
    people = ['Mary', 'John', 'Sandra', 'Daniel']
    places = ['bathroom', 'hallway', 'kitchen', 'garden', 'office', 'bedroom']
    things = ['football', 'apple', 'milk']

    def stories(count):
        lines = []
        for _ in range(count):
            nid = 1
            for _ in range(2):
                person, other = rng.permutation(people)[:2]
                thing = things[rng.randint(3)]
                lines.append('%d %s went to the %s.' % (nid, person, places[rng.randint(6)]))
                lines.append('%d %s got the %s there.' % (nid + 1, person, thing))
                lines.append('%d %s moved to the %s.' % (nid + 2, other, places[rng.randint(6)]))
                place = places[rng.randint(6)]
                lines.append('%d %s journeyed to the %s.' % (nid + 3, person, place))
                lines.append('%d Where is the %s? \t%s\t%d %d' % (nid + 4, thing, place, nid + 1, nid + 3))
                nid += 5
        return ('\n'.join(lines) + '\n').encode('utf-8')

    with tarfile.open(path, 'w:gz') as tar:
        for split, count in (('train', num_train), ('test', num_test)):
            data = stories(count)
            info = tarfile.TarInfo('tasks_1-20_v1-2/en/qa2_two-supporting-facts_%s.txt' % split)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


path = make_babi_tar(os.path.abspath('babi-tasks-v1-2.tar.gz'))

# Default QA1 with 1000 samples
# challenge = 'tasks_1-20_v1-2/en/qa1_single-supporting-fact_{}.txt'
# QA1 with 10,000 samples
# challenge = 'tasks_1-20_v1-2/en-10k/qa1_single-supporting-fact_{}.txt'
# QA2 with 1000 samples
challenge = 'tasks_1-20_v1-2/en/qa2_two-supporting-facts_{}.txt'
# QA2 with 10,000 samples
# challenge = 'tasks_1-20_v1-2/en-10k/qa2_two-supporting-facts_{}.txt'
with tarfile.open(path) as tar:
    train = get_stories(tar.extractfile(challenge.format('train')))
    test = get_stories(tar.extractfile(challenge.format('test')))

vocab = set()
for story, q, answer in train + test:
    vocab |= set(story + q + [answer])
vocab = sorted(vocab)

# Reserve 0 for masking via pad_sequences
vocab_size = len(vocab) + 1
word_idx = dict((c, i + 1) for i, c in enumerate(vocab))
story_maxlen = max(map(len, (x for x, _, _ in train + test)))
query_maxlen = max(map(len, (x for _, x, _ in train + test)))

x, xq, y = vectorize_stories(train, word_idx, story_maxlen, query_maxlen)
tx, txq, ty = vectorize_stories(test, word_idx, story_maxlen, query_maxlen)

print('vocab = {}'.format(vocab))
print('x.shape = {}'.format(x.shape))
print('xq.shape = {}'.format(xq.shape))
print('y.shape = {}'.format(y.shape))
print('story_maxlen, query_maxlen = {}, {}'.format(story_maxlen, query_maxlen))

print('Build model...')

sentence = layers.Input(shape=(story_maxlen,), dtype='int32')
encoded_sentence = layers.Embedding(vocab_size, EMBED_HIDDEN_SIZE)(sentence)
encoded_sentence = RNN(SENT_HIDDEN_SIZE)(encoded_sentence)

question = layers.Input(shape=(query_maxlen,), dtype='int32')
encoded_question = layers.Embedding(vocab_size, EMBED_HIDDEN_SIZE)(question)
encoded_question = RNN(QUERY_HIDDEN_SIZE)(encoded_question)

merged = layers.concatenate([encoded_sentence, encoded_question])
preds = layers.Dense(vocab_size, activation='softmax')(merged)

model = Model([sentence, question], preds)
model.compile(optimizer='adam',
              loss='categorical_crossentropy',
              metrics=['accuracy'])

print('Training')
model.fit([x, xq], y,
          batch_size=BATCH_SIZE,
          epochs=EPOCHS,
          validation_split=0.05)

print('Evaluation')
loss, acc = model.evaluate([tx, txq], ty,
                           batch_size=BATCH_SIZE)
print('Test loss / test accuracy = {:.4f} / {:.4f}'.format(loss, acc))
