# source: keras-team/keras examples/babi_memnn.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: an end-to-end memory network: the bAbI parsing (tokenize, parse_stories, get_stories over tarfile.extractfile lines, vectorize_stories with pad_sequences), two Inputs, three Sequential encoders (Embedding from Keras 2's old module path keras.layers.embeddings, + Dropout, one with input_length) called on functional tensors, dot([m, q], axes=(2, 2)), Activation('softmax') over a 3D tensor, add, Permute((2, 1)), concatenate, LSTM, Dropout, Dense, Activation('softmax'), Model([input_sequence, question], answer); compile with sparse_categorical_crossentropy and metrics=['accuracy']; fit on a list of inputs with validation_data
# reduced: get_file's download of the bAbI tar replaced by make_babi_tar(), which writes a tar in the scratch folder holding made-up QA1 stories in the bAbI format (16 training and 8 test stories of two questions each: 32 and 16 samples, seeded); the get_file import dropped; tokenize's `re.split(r'(\W+)?', sent)` -> `r'(\W+)'` (since Python 3.7 the optional group matches the empty string and splits between every character, yielding None, and x.strip() fails; `(\W+)` is what babi_rnn.py uses); Embedding widths 64 -> 8, LSTM(32) -> LSTM(8); Dropout(0.3) -> Dropout(0.0) (random); epochs 120 -> 2 and shuffle=False added (one batch of 32 per epoch anyway); `from __future__ import print_function` dropped
from keras.models import Sequential, Model
from keras.layers.embeddings import Embedding
from keras.layers import Input, Activation, Dense, Permute, Dropout
from keras.layers import add, dot, concatenate
from keras.layers import LSTM
from keras.preprocessing.sequence import pad_sequences
from functools import reduce
import io
import os
import tarfile
import numpy as np
import re


def tokenize(sent):
    '''Return the tokens of a sentence including punctuation.

    >>> tokenize('Bob dropped the apple. Where is the apple?')
    ['Bob', 'dropped', 'the', 'apple', '.', 'Where', 'is', 'the', 'apple', '?']
    '''
    return [x.strip() for x in re.split(r'(\W+)', sent) if x.strip()]


def parse_stories(lines, only_supporting=False):
    '''Parse stories provided in the bAbi tasks format

    If only_supporting is true, only the sentences
    that support the answer are kept.
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
    '''Given a file name, read the file,
    retrieve the stories,
    and then convert the sentences into a single story.

    If max_length is supplied,
    any stories longer than max_length tokens will be discarded.
    '''
    data = parse_stories(f.readlines(), only_supporting=only_supporting)
    flatten = lambda data: reduce(lambda x, y: x + y, data)
    data = [(flatten(story), q, answer) for story, q, answer in data
            if not max_length or len(flatten(story)) < max_length]
    return data


def vectorize_stories(data):
    inputs, queries, answers = [], [], []
    for story, query, answer in data:
        inputs.append([word_idx[w] for w in story])
        queries.append([word_idx[w] for w in query])
        answers.append(word_idx[answer])
    return (pad_sequences(inputs, maxlen=story_maxlen),
            pad_sequences(queries, maxlen=query_maxlen),
            np.array(answers))

def make_babi_tar(path, num_train=16, num_test=8):
    # Stands in for get_file's download of the bAbI tasks: a tar holding made-up QA1 stories in
    # the bAbI format (numbered sentences; a question line with its answer and supporting fact).
    rng = np.random.RandomState(3)
    people = ['Mary', 'John', 'Sandra', 'Daniel']
    places = ['bathroom', 'hallway', 'kitchen', 'garden', 'office', 'bedroom']
    verbs = ['moved to', 'went to', 'journeyed to', 'travelled to']

    def stories(count):
        lines = []
        for _ in range(count):
            nid, where = 1, {}
            for _ in range(2):
                for _ in range(2):
                    person, place = people[rng.randint(4)], places[rng.randint(6)]
                    lines.append('%d %s %s the %s.' % (nid, person, verbs[rng.randint(4)], place))
                    where[person] = (place, nid)
                    nid += 1
                person = sorted(where)[rng.randint(len(where))]
                lines.append('%d Where is %s? \t%s\t%d' % (nid, person, where[person][0], where[person][1]))
                nid += 1
        return ('\n'.join(lines) + '\n').encode('utf-8')

    with tarfile.open(path, 'w:gz') as tar:
        for split, count in (('train', num_train), ('test', num_test)):
            data = stories(count)
            info = tarfile.TarInfo('tasks_1-20_v1-2/en-10k/qa1_single-supporting-fact_%s.txt' % split)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


path = make_babi_tar(os.path.abspath('babi-tasks-v1-2.tar.gz'))


challenges = {
    # QA1 with 10,000 samples
    'single_supporting_fact_10k': 'tasks_1-20_v1-2/en-10k/qa1_'
                                  'single-supporting-fact_{}.txt',
    # QA2 with 10,000 samples
    'two_supporting_facts_10k': 'tasks_1-20_v1-2/en-10k/qa2_'
                                'two-supporting-facts_{}.txt',
}
challenge_type = 'single_supporting_fact_10k'
challenge = challenges[challenge_type]

print('Extracting stories for the challenge:', challenge_type)
with tarfile.open(path) as tar:
    train_stories = get_stories(tar.extractfile(challenge.format('train')))
    test_stories = get_stories(tar.extractfile(challenge.format('test')))

vocab = set()
for story, q, answer in train_stories + test_stories:
    vocab |= set(story + q + [answer])
vocab = sorted(vocab)

# Reserve 0 for masking via pad_sequences
vocab_size = len(vocab) + 1
story_maxlen = max(map(len, (x for x, _, _ in train_stories + test_stories)))
query_maxlen = max(map(len, (x for _, x, _ in train_stories + test_stories)))

print('-')
print('Vocab size:', vocab_size, 'unique words')
print('Story max length:', story_maxlen, 'words')
print('Query max length:', query_maxlen, 'words')
print('Number of training stories:', len(train_stories))
print('Number of test stories:', len(test_stories))
print('-')
print('Here\'s what a "story" tuple looks like (input, query, answer):')
print(train_stories[0])
print('-')
print('Vectorizing the word sequences...')

word_idx = dict((c, i + 1) for i, c in enumerate(vocab))
inputs_train, queries_train, answers_train = vectorize_stories(train_stories)
inputs_test, queries_test, answers_test = vectorize_stories(test_stories)

print('-')
print('inputs: integer tensor of shape (samples, max_length)')
print('inputs_train shape:', inputs_train.shape)
print('inputs_test shape:', inputs_test.shape)
print('-')
print('queries: integer tensor of shape (samples, max_length)')
print('queries_train shape:', queries_train.shape)
print('queries_test shape:', queries_test.shape)
print('-')
print('answers: binary (1 or 0) tensor of shape (samples, vocab_size)')
print('answers_train shape:', answers_train.shape)
print('answers_test shape:', answers_test.shape)
print('-')
print('Compiling...')

# placeholders
input_sequence = Input((story_maxlen,))
question = Input((query_maxlen,))

# encoders
# embed the input sequence into a sequence of vectors
input_encoder_m = Sequential()
input_encoder_m.add(Embedding(input_dim=vocab_size,
                              output_dim=8))
input_encoder_m.add(Dropout(0.0))
# output: (samples, story_maxlen, embedding_dim)

# embed the input into a sequence of vectors of size query_maxlen
input_encoder_c = Sequential()
input_encoder_c.add(Embedding(input_dim=vocab_size,
                              output_dim=query_maxlen))
input_encoder_c.add(Dropout(0.0))
# output: (samples, story_maxlen, query_maxlen)

# embed the question into a sequence of vectors
question_encoder = Sequential()
question_encoder.add(Embedding(input_dim=vocab_size,
                               output_dim=8,
                               input_length=query_maxlen))
question_encoder.add(Dropout(0.0))
# output: (samples, query_maxlen, embedding_dim)

# encode input sequence and questions (which are indices)
# to sequences of dense vectors
input_encoded_m = input_encoder_m(input_sequence)
input_encoded_c = input_encoder_c(input_sequence)
question_encoded = question_encoder(question)

# compute a 'match' between the first input vector sequence
# and the question vector sequence
# shape: `(samples, story_maxlen, query_maxlen)`
match = dot([input_encoded_m, question_encoded], axes=(2, 2))
match = Activation('softmax')(match)

# add the match matrix with the second input vector sequence
response = add([match, input_encoded_c])  # (samples, story_maxlen, query_maxlen)
response = Permute((2, 1))(response)  # (samples, query_maxlen, story_maxlen)

# concatenate the match matrix with the question vector sequence
answer = concatenate([response, question_encoded])

# the original paper uses a matrix multiplication for this reduction step.
# we choose to use a RNN instead.
answer = LSTM(8)(answer)  # (samples, 8)

# one regularization layer -- more would probably be needed.
answer = Dropout(0.0)(answer)
answer = Dense(vocab_size)(answer)  # (samples, vocab_size)
# we output a probability distribution over the vocabulary
answer = Activation('softmax')(answer)

# build the final model
model = Model([input_sequence, question], answer)
model.compile(optimizer='rmsprop', loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

# train
model.fit([inputs_train, queries_train], answers_train,
          batch_size=32,
          epochs=2,
          shuffle=False,
          validation_data=([inputs_test, queries_test], answers_test))
