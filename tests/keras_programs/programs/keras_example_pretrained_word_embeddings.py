# source: keras-team/keras examples/pretrained_word_embeddings.py (Keras 2's example loading GloVe vectors into a frozen Embedding and training a Conv1D classifier on the 20 Newsgroup texts)
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: keras.preprocessing.text.Tokenizer(num_words=) fit_on_texts / texts_to_sequences / word_index; keras.preprocessing.sequence.pad_sequences(maxlen=); keras.utils.to_categorical of an int array; a GloVe text file parsed with line.split(maxsplit=1) and np.fromstring(coefs, 'f', sep=' '); np.random.shuffle of indices and a hand-made validation split; Embedding(num_words, EMBEDDING_DIM, embeddings_initializer=keras.initializers.Constant(embedding_matrix), input_length=, trainable=False); Input(shape=(MAX_SEQUENCE_LENGTH,), dtype='int32'); Conv1D(relu) / MaxPooling1D(5) twice, Conv1D, GlobalMaxPooling1D, Dense relu, Dense softmax; Model(sequence_input, preds); compile(loss='categorical_crossentropy', optimizer='rmsprop', metrics=['acc']); fit(batch_size=128, validation_data=)
# reduced: the GloVe and 20 Newsgroup downloads replaced by made-up files written by the program in the same layout (numpy RandomState(0)): 20_newsgroup/ with 4 group folders (alt.atheism, comp.graphics, rec.autos, sci.space) of 10 numbered messages each, a 3-line header and a blank line before a body of 40-119 words drawn from the group's 10 words and 40 common words; glove.6B/glove.6B.100d.txt with 8-dimensional vectors for 60 of the texts' words and 10 others; MAX_SEQUENCE_LENGTH 1000 -> 150, MAX_NUM_WORDS 20000 -> 200, EMBEDDING_DIM 100 -> 8; Conv1D filters and Dense width 128 -> 8; epochs 10 -> 3; the 32 training rows are one batch of 128, so fit's shuffling cannot change the result; the docstring and `from __future__` import dropped
import os
import sys
import numpy as np
from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences
from keras.utils import to_categorical
from keras.layers import Dense, Input, GlobalMaxPooling1D
from keras.layers import Conv1D, MaxPooling1D, Embedding
from keras.models import Model
from keras.initializers import Constant


BASE_DIR = ''
GLOVE_DIR = os.path.join(BASE_DIR, 'glove.6B')
TEXT_DATA_DIR = os.path.join(BASE_DIR, '20_newsgroup')
MAX_SEQUENCE_LENGTH = 150
MAX_NUM_WORDS = 200
EMBEDDING_DIM = 8
VALIDATION_SPLIT = 0.2


def _make_data():
    # Stands in for the GloVe and 20 Newsgroup downloads: made-up files in the same layout.
    rng = np.random.RandomState(0)
    groups = {
        'alt.atheism': 'god belief religion atheist faith bible church moral argument evidence'.split(),
        'comp.graphics': 'graphics image modeling render polygon texture pixel computer software screen'.split(),
        'rec.autos': 'car engine dealer drive wheel brake mileage ford toyota highway'.split(),
        'sci.space': 'space nasa orbit shuttle launch moon satellite mission rocket planet'.split(),
    }
    common = ('the a of to and in is it that for on this with as was be are have not but '
              'i you we they my your what about from or one all would there their so if').split()
    for name, words in groups.items():
        os.makedirs(os.path.join(TEXT_DATA_DIR, name), exist_ok=True)
        for n in range(10):
            body = ' '.join(rng.choice(words + common, size=rng.randint(40, 120)))
            with open(os.path.join(TEXT_DATA_DIR, name, str(51000 + n)), 'w', encoding='latin-1') as f:
                f.write('From: someone@example.com\nSubject: %s\nLines: 3\n\n%s\n' % (name, body))
    os.makedirs(GLOVE_DIR, exist_ok=True)
    vocab = sorted(set(sum(groups.values(), []) + common))[:60] + ['zzz%d' % k for k in range(10)]
    with open(os.path.join(GLOVE_DIR, 'glove.6B.100d.txt'), 'w') as f:
        for word in vocab:
            f.write(word + ' ' + ' '.join('%.5f' % v for v in rng.normal(size=EMBEDDING_DIM)) + '\n')


_make_data()

# first, build index mapping words in the embeddings set
# to their embedding vector

print('Indexing word vectors.')

embeddings_index = {}
with open(os.path.join(GLOVE_DIR, 'glove.6B.100d.txt')) as f:
    for line in f:
        word, coefs = line.split(maxsplit=1)
        coefs = np.fromstring(coefs, 'f', sep=' ')
        embeddings_index[word] = coefs

print('Found %s word vectors.' % len(embeddings_index))

# second, prepare text samples and their labels
print('Processing text dataset')

texts = []  # list of text samples
labels_index = {}  # dictionary mapping label name to numeric id
labels = []  # list of label ids
for name in sorted(os.listdir(TEXT_DATA_DIR)):
    path = os.path.join(TEXT_DATA_DIR, name)
    if os.path.isdir(path):
        label_id = len(labels_index)
        labels_index[name] = label_id
        for fname in sorted(os.listdir(path)):
            if fname.isdigit():
                fpath = os.path.join(path, fname)
                args = {} if sys.version_info < (3,) else {'encoding': 'latin-1'}
                with open(fpath, **args) as f:
                    t = f.read()
                    i = t.find('\n\n')  # skip header
                    if 0 < i:
                        t = t[i:]
                    texts.append(t)
                labels.append(label_id)

print('Found %s texts.' % len(texts))

# finally, vectorize the text samples into a 2D integer tensor
tokenizer = Tokenizer(num_words=MAX_NUM_WORDS)
tokenizer.fit_on_texts(texts)
sequences = tokenizer.texts_to_sequences(texts)

word_index = tokenizer.word_index
print('Found %s unique tokens.' % len(word_index))

data = pad_sequences(sequences, maxlen=MAX_SEQUENCE_LENGTH)

labels = to_categorical(np.asarray(labels))
print('Shape of data tensor:', data.shape)
print('Shape of label tensor:', labels.shape)

# split the data into a training set and a validation set
indices = np.arange(data.shape[0])
np.random.shuffle(indices)
data = data[indices]
labels = labels[indices]
num_validation_samples = int(VALIDATION_SPLIT * data.shape[0])

x_train = data[:-num_validation_samples]
y_train = labels[:-num_validation_samples]
x_val = data[-num_validation_samples:]
y_val = labels[-num_validation_samples:]

print('Preparing embedding matrix.')

# prepare embedding matrix
num_words = min(MAX_NUM_WORDS, len(word_index) + 1)
embedding_matrix = np.zeros((num_words, EMBEDDING_DIM))
for word, i in word_index.items():
    if i >= MAX_NUM_WORDS:
        continue
    embedding_vector = embeddings_index.get(word)
    if embedding_vector is not None:
        # words not found in embedding index will be all-zeros.
        embedding_matrix[i] = embedding_vector

# load pre-trained word embeddings into an Embedding layer
# note that we set trainable = False so as to keep the embeddings fixed
embedding_layer = Embedding(num_words,
                            EMBEDDING_DIM,
                            embeddings_initializer=Constant(embedding_matrix),
                            input_length=MAX_SEQUENCE_LENGTH,
                            trainable=False)

print('Training model.')

# train a 1D convnet with global maxpooling
sequence_input = Input(shape=(MAX_SEQUENCE_LENGTH,), dtype='int32')
embedded_sequences = embedding_layer(sequence_input)
x = Conv1D(8, 5, activation='relu')(embedded_sequences)
x = MaxPooling1D(5)(x)
x = Conv1D(8, 5, activation='relu')(x)
x = MaxPooling1D(5)(x)
x = Conv1D(8, 5, activation='relu')(x)
x = GlobalMaxPooling1D()(x)
x = Dense(8, activation='relu')(x)
preds = Dense(len(labels_index), activation='softmax')(x)

model = Model(sequence_input, preds)
model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop',
              metrics=['acc'])

model.fit(x_train, y_train,
          batch_size=128,
          epochs=3,
          validation_data=(x_val, y_val))
