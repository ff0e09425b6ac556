# source: likejazz/Siamese-LSTM train.py, util.py, predict.py (a popular Keras MaLSTM, Mueller & Thyagarajan 2016, for Quora Question Pairs: a shared Sequential Embedding(trainable=False)+LSTM encoder applied to both questions, joined by a custom Manhattan-distance layer, saved to .h5 and reloaded with custom_objects)
# commit: 89f9eef88724a591a0c146cb08c1f1a538a34460
# keras: tf_keras
# exercises: `import tensorflow as tf` (tf.keras.optimizers.Adam(), tf.keras.models.load_model); a Sequential shared model (Embedding(len(embeddings), dim, weights=[embeddings], input_shape=(max_seq_length,), trainable=False) + LSTM(n_hidden)) called on two int32 Inputs; a custom Layer ManDist with __init__(**kwargs) setting self.result, build calling super().build, call(x, **kwargs) storing K.exp(-K.sum(K.abs(x[0] - x[1]), axis=1, keepdims=True)) on self and returning it, compute_output_shape returning K.int_shape(self.result); pad_sequences(padding='pre', truncating='post', maxlen=) on lists of word ids; compile(loss='mean_squared_error', optimizer=Adam(), metrics=['accuracy']); summary() of both models; fit(validation_data=[left, right]); history['val_accuracy']; model.save('./data/SiameseLSTM.h5'); then predict.py's tf.keras.models.load_model(h5, custom_objects={'ManDist': ManDist}), summary, predict
# reduced: train.py, util.py and predict.py inlined in one file (util first); pandas DataFrames (not installed) replaced by lists of (question1, question2, is_duplicate) rows: make_w2v_embeddings walks the rows as df.iterrows() did and returns the id lists, split_and_zero_padding takes the two lists, sklearn's train_test_split (random, not installed) replaced by taking the last 10% as validation; data/train.csv and data/test-20.csv replaced by 56 and 8 made-up question pairs from a seeded generator; nltk's English stopwords (not installed) replaced by a small set; GoogleNews word2vec (KeyedVectors, gensim not installed) replaced by the repo's own EmptyWord2Vec stand-in in both train (use_w2v = False, as the source allows) and predict, so embeddings are np.random.randn as in the source, seeded by np.random.seed(0); `tensorflow.python.keras` imports -> `tensorflow.keras` (TensorFlow's private copy of Keras is not the tf.keras the program runs on); gpus 2 -> 1, so multi_gpu_model (removed from TF 2.4) is not called; batch_size 1024*gpus -> 16, n_epoch 50 -> 2, n_hidden 50 -> 6, embedding_dim 300 -> 8, max_seq_length 20 -> 8; matplotlib plotting dropped; history keys 'val_acc' -> 'val_accuracy' (tf.keras 2's name); os.makedirs('./data') added (the scratch folder is empty); shuffle=False and verbose=0 added to fit, verbose=0 to predict
import os
import re
import itertools
from time import time

import numpy as np

import tensorflow as tf

from tensorflow.keras import backend as K
from tensorflow.keras.layers import Layer
from tensorflow.keras.preprocessing.sequence import pad_sequences

np.random.seed(0)
stops = {'the', 'a', 'is', 'to', 'of', 'in', 'and', 'i', 'do', 'how'}


# ---- util.py
def text_to_word_list(text):
    # Pre process and convert texts to a list of words
    text = str(text)
    text = text.lower()

    # Clean the text
    text = re.sub(r"[^A-Za-z0-9^,!.\/'+-=]", " ", text)
    text = re.sub(r"what's", "what is ", text)
    text = re.sub(r"\'s", " ", text)
    text = re.sub(r"\'ve", " have ", text)
    text = re.sub(r"can't", "cannot ", text)
    text = re.sub(r"n't", " not ", text)
    text = re.sub(r"i'm", "i am ", text)
    text = re.sub(r"\'re", " are ", text)
    text = re.sub(r",", " ", text)
    text = re.sub(r"\.", " ", text)
    text = re.sub(r"!", " ! ", text)
    text = re.sub(r"\s{2,}", " ", text)

    text = text.split()

    return text


def make_w2v_embeddings(rows, embedding_dim=300, empty_w2v=False):
    vocabs = {}
    vocabs_cnt = 0

    vocabs_not_w2v = {}
    vocabs_not_w2v_cnt = 0

    # Load word2vec
    print("Loading word2vec model(it may takes 2-3 mins) ...")

    word2vec = EmptyWord2Vec

    numbered = []
    for index, row in enumerate(rows):
        numbered_row = {}
        # Iterate through the text of both questions of the row
        for question in ['question1', 'question2']:

            q2n = []  # q2n -> question numbers representation
            for word in text_to_word_list(row[question]):
                # Check for unwanted words
                if word in stops:
                    continue

                # If a word is missing from word2vec model.
                if word not in word2vec.vocab:
                    if word not in vocabs_not_w2v:
                        vocabs_not_w2v_cnt += 1
                        vocabs_not_w2v[word] = 1

                # If you have never seen a word, append it to vocab dictionary.
                if word not in vocabs:
                    vocabs_cnt += 1
                    vocabs[word] = vocabs_cnt
                    q2n.append(vocabs_cnt)
                else:
                    q2n.append(vocabs[word])

            # Append question as number representation
            numbered_row[question + '_n'] = q2n
        numbered.append(numbered_row)

    embeddings = 1 * np.random.randn(len(vocabs) + 1, embedding_dim)  # This will be the embedding matrix
    embeddings[0] = 0  # So that the padding will be ignored

    # Build the embedding matrix
    for word, index in vocabs.items():
        if word in word2vec.vocab:
            embeddings[index] = word2vec.word_vec(word)
    del word2vec

    return numbered, embeddings


def split_and_zero_padding(df, max_seq_length):
    # Split to dicts
    X = {'left': [r['question1_n'] for r in df], 'right': [r['question2_n'] for r in df]}

    # Zero padding
    for dataset, side in itertools.product([X], ['left', 'right']):
        dataset[side] = pad_sequences(dataset[side], padding='pre', truncating='post', maxlen=max_seq_length)

    return dataset


class ManDist(Layer):
    """
    Keras Custom Layer that calculates Manhattan Distance.
    """

    # initialize the layer, No need to include inputs parameter!
    def __init__(self, **kwargs):
        self.result = None
        super(ManDist, self).__init__(**kwargs)

    # input_shape will automatic collect input shapes to build layer
    def build(self, input_shape):
        super(ManDist, self).build(input_shape)

    # This is where the layer's logic lives.
    def call(self, x, **kwargs):
        self.result = K.exp(-K.sum(K.abs(x[0] - x[1]), axis=1, keepdims=True))
        return self.result

    # return output shape
    def compute_output_shape(self, input_shape):
        return K.int_shape(self.result)


class EmptyWord2Vec:
    """
    Just for test use.
    """
    vocab = {}
    word_vec = {}


# ---- train.py
from tensorflow.keras.models import Model, Sequential
from tensorflow.keras.layers import Input, Embedding, LSTM, GRU, Conv1D, Conv2D, GlobalMaxPool1D, Dense, Dropout

_TOPICS = ['python', 'java', 'money', 'weight', 'english', 'guitar', 'sleep', 'job']
_ASKS = ['How do I learn {}?', 'What is the best way to learn {}?', 'How can I get better at {}?',
         'Why is {} so hard?', 'Is {} worth it?', "What's a good book on {}?"]


def _pairs(n, seed):
    rng = np.random.RandomState(seed)
    rows = []
    for i in range(n):
        t1, a1, a2 = rng.randint(len(_TOPICS)), rng.randint(len(_ASKS)), rng.randint(len(_ASKS))
        dup = int(rng.rand() < 0.5)
        t2 = t1 if dup else (t1 + 1 + rng.randint(len(_TOPICS) - 1)) % len(_TOPICS)
        rows.append({'question1': _ASKS[a1].format(_TOPICS[t1]), 'question2': _ASKS[a2].format(_TOPICS[t2]),
                     'is_duplicate': dup})
    return rows


# Load training set
train_rows = _pairs(56, 1)

# Make word2vec embeddings
embedding_dim = 8
max_seq_length = 8
use_w2v = False

train_df, embeddings = make_w2v_embeddings(train_rows, embedding_dim=embedding_dim, empty_w2v=not use_w2v)

# Split to train validation
validation_size = int(len(train_df) * 0.1)
training_size = len(train_df) - validation_size

X = train_df
Y = np.array([r['is_duplicate'] for r in train_rows])

X_train, X_validation = X[:training_size], X[training_size:]
Y_train, Y_validation = Y[:training_size], Y[training_size:]

X_train = split_and_zero_padding(X_train, max_seq_length)
X_validation = split_and_zero_padding(X_validation, max_seq_length)

# Make sure everything is ok
assert X_train['left'].shape == X_train['right'].shape
assert len(X_train['left']) == len(Y_train)

# --

# Model variables
gpus = 1
batch_size = 16 * gpus
n_epoch = 2
n_hidden = 6

# Define the shared model
x = Sequential()
x.add(Embedding(len(embeddings), embedding_dim,
                weights=[embeddings], input_shape=(max_seq_length,), trainable=False))
# LSTM
x.add(LSTM(n_hidden))

shared_model = x

# The visible layer
left_input = Input(shape=(max_seq_length,), dtype='int32')
right_input = Input(shape=(max_seq_length,), dtype='int32')

# Pack it all up into a Manhattan Distance model
malstm_distance = ManDist()([shared_model(left_input), shared_model(right_input)])
model = Model(inputs=[left_input, right_input], outputs=[malstm_distance])

if gpus >= 2:
    # `multi_gpu_model()` is a so quite buggy. it breaks the saved model.
    model = tf.keras.utils.multi_gpu_model(model, gpus=gpus)
model.compile(loss='mean_squared_error', optimizer=tf.keras.optimizers.Adam(), metrics=['accuracy'])
model.summary()
shared_model.summary()

# Start trainings
training_start_time = time()
malstm_trained = model.fit([X_train['left'], X_train['right']], Y_train,
                           batch_size=batch_size, epochs=n_epoch,
                           validation_data=([X_validation['left'], X_validation['right']], Y_validation),
                           shuffle=False, verbose=0)
training_end_time = time()
print("Training time finished.\n%d epochs in %12.2f" % (n_epoch,
                                                        training_end_time - training_start_time))

os.makedirs('./data', exist_ok=True)
model.save('./data/SiameseLSTM.h5')

print(str(malstm_trained.history['val_accuracy'][-1])[:6] +
      "(max: " + str(max(malstm_trained.history['val_accuracy']))[:6] + ")")
print("Done.")

# ---- predict.py
test_rows = _pairs(8, 2)

# Make word2vec embeddings
test_df, embeddings = make_w2v_embeddings(test_rows, embedding_dim=embedding_dim, empty_w2v=False)

# Split to dicts and append zero padding.
X_test = split_and_zero_padding(test_df, max_seq_length)

# Make sure everything is ok
assert X_test['left'].shape == X_test['right'].shape

# --

model = tf.keras.models.load_model('./data/SiameseLSTM.h5', custom_objects={'ManDist': ManDist})
model.summary()

prediction = model.predict([X_test['left'], X_test['right']], verbose=0)
print(prediction)
