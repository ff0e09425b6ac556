# source: richliao/textClassifier textClassifierHATT.py (Richard Liao's widely copied Keras Hierarchical Attention Network, Yang et al. 2016, for IMDB reviews: a word-level Bidirectional GRU + AttLayer sentence encoder wrapped in TimeDistributed under a sentence-level Bidirectional GRU + AttLayer; its AttLayer, written with keras.backend functions, is copied into many repositories)
# commit: 2947737df335826e84b9a9523dde343552a533d1
# keras: tf_keras
# exercises: Keras 2's old module paths keras.engine.topology (Layer, InputSpec) and keras.utils.np_utils.to_categorical; Tokenizer(nb_words=) (Keras 1's spelling) fit_on_texts, word_index, text_to_word_sequence; a custom AttLayer whose build makes K.variable(initializers.get('normal')(shape)) weights and sets them as the layer's trainable weights, supports_masking with compute_mask returning None (the mask still used in call), call with K.tanh / K.bias_add / K.dot / K.squeeze / K.exp / K.cast(mask) / K.sum(keepdims) / K.epsilon / K.expand_dims, compute_output_shape; Embedding(weights=[matrix], input_length=, trainable=True, mask_zero=True); Bidirectional(GRU(return_sequences=True)) over a masked sequence; a functional sentence-encoder Model applied by TimeDistributed(sentEncoder) to (MAX_SENTS, MAX_SENT_LENGTH) int inputs; Dense softmax; compile('categorical_crossentropy', 'rmsprop', metrics=['acc']); fit(validation_data=)
# reduced: labeledTrainData.tsv read by pandas, cleaned by BeautifulSoup and split by nltk's sent_tokenize replaced by 24 made-up reviews with labels, split into sentences by a regex stand-in (pandas, bs4 and nltk are not installed); glove.6B.100d.txt replaced by seeded random vectors for some words; Python 2 prints and the cPickle import dropped; `Merge` (removed in Keras 2.2, not used) dropped from the import; nb_epoch=10 -> epochs=2 (fit no longer takes nb_epoch); `self.trainable_weights = [...]` -> `self._trainable_weights = [...]` (tf.keras makes trainable_weights a read-only property; this is the fix every copy of AttLayer for TF 2 applies); compute_mask's `return mask` -> `return None`, as copies for TF 2 do ("Masking layers is no longer supported in newer version of keras"): tf.keras's TimeDistributed reshapes the sentence encoder's output mask, (batch*MAX_SENTS, MAX_SENT_LENGTH), to (batch, MAX_SENTS, MAX_SENT_LENGTH) and hands it to the sentence-level GRU, which fails (Dimensions must be equal, 8 and 4), where Keras 2.0-2.2's TimeDistributed passed no mask; MAX_SENT_LENGTH 100 -> 8, MAX_SENTS 15 -> 3, EMBEDDING_DIM 100 -> 6, GRU(100) -> GRU(4), AttLayer(100) -> AttLayer(5), batch_size 50 -> 8; np.random.seed(0) added; shuffle=False and verbose=0 added to fit (random batch order cannot match); a final predict and evaluate on the validation set added so the trained model's outputs are recorded
import numpy as np
from collections import defaultdict
import re

import sys
import os

from keras.preprocessing.text import Tokenizer, text_to_word_sequence
from keras.preprocessing.sequence import pad_sequences
from keras.utils.np_utils import to_categorical

from keras.layers import Embedding
from keras.layers import Dense, Input, Flatten
from keras.layers import Conv1D, MaxPooling1D, Embedding, Dropout, LSTM, GRU, Bidirectional, TimeDistributed
from keras.models import Model

from keras import backend as K
from keras.engine.topology import Layer, InputSpec
from keras import initializers

np.random.seed(0)
MAX_SENT_LENGTH = 8
MAX_SENTS = 3
MAX_NB_WORDS = 20000
EMBEDDING_DIM = 6
VALIDATION_SPLIT = 0.2


def clean_str(string):
    """
    Tokenization/string cleaning for dataset
    Every dataset is lower cased except
    """
    string = re.sub(r"\\", "", string)
    string = re.sub(r"\'", "", string)
    string = re.sub(r"\"", "", string)
    return string.strip().lower()


class tokenize:  # nltk stand-in
    @staticmethod
    def sent_tokenize(text):
        return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


_pos = ["a wonderful film. the acting is great!", "i loved it. the story was moving and the cast superb.",
        "great fun. see it.", "one of the best movies this year. brilliant direction. lovely music.",
        "the plot is clever. i laughed a lot.", "beautiful and moving. a great cast.",
        "i enjoyed every minute. wonderful.", "superb acting. great story. loved the ending.",
        "a lovely little film. it is fun.", "the best film i have seen. brilliant!",
        "clever, funny and moving.", "great music and a wonderful cast. see it!"]
_neg = ["a terrible film. the acting is awful!", "i hated it. the story was boring and the cast weak.",
        "dull. skip it.", "one of the worst movies this year. awful direction. bad music.",
        "the plot is silly. i slept a lot.", "boring and long. a weak cast.",
        "i regret every minute. terrible.", "bad acting. dull story. hated the ending.",
        "a poor little film. it is a mess.", "the worst film i have seen. awful!",
        "silly, slow and boring.", "bad music and a terrible cast. skip it!"]
review_texts = [t for pair in zip(_pos, _neg) for t in pair]
sentiments = [s for pair in zip([1] * 12, [0] * 12) for s in pair]

reviews = []
labels = []
texts = []

for idx in range(len(review_texts)):
    text = review_texts[idx]
    text = clean_str(text)
    texts.append(text)
    sentences = tokenize.sent_tokenize(text)
    reviews.append(sentences)

    labels.append(sentiments[idx])

tokenizer = Tokenizer(nb_words=MAX_NB_WORDS)
tokenizer.fit_on_texts(texts)

data = np.zeros((len(texts), MAX_SENTS, MAX_SENT_LENGTH), dtype='int32')

for i, sentences in enumerate(reviews):
    for j, sent in enumerate(sentences):
        if j < MAX_SENTS:
            wordTokens = text_to_word_sequence(sent)
            k = 0
            for _, word in enumerate(wordTokens):
                if k < MAX_SENT_LENGTH and tokenizer.word_index[word] < MAX_NB_WORDS:
                    data[i, j, k] = tokenizer.word_index[word]
                    k = k + 1

word_index = tokenizer.word_index
print('Total %s unique tokens.' % len(word_index))

labels = to_categorical(np.asarray(labels))
print('Shape of data tensor:', data.shape)
print('Shape of label tensor:', labels.shape)

indices = np.arange(data.shape[0])
np.random.shuffle(indices)
data = data[indices]
labels = labels[indices]
nb_validation_samples = int(VALIDATION_SPLIT * data.shape[0])

x_train = data[:-nb_validation_samples]
y_train = labels[:-nb_validation_samples]
x_val = data[-nb_validation_samples:]
y_val = labels[-nb_validation_samples:]

print('Number of positive and negative reviews in traing and validation set')
print(y_train.sum(axis=0))
print(y_val.sum(axis=0))

embeddings_index = {}
for word in sorted(word_index)[::2]:  # made-up stand-in for glove.6B.100d.txt
    embeddings_index[word] = np.random.uniform(-1, 1, EMBEDDING_DIM).astype('float32')

print('Total %s word vectors.' % len(embeddings_index))

embedding_matrix = np.random.random((len(word_index) + 1, EMBEDDING_DIM))
for word, i in word_index.items():
    embedding_vector = embeddings_index.get(word)
    if embedding_vector is not None:
        # words not found in embedding index will be all-zeros.
        embedding_matrix[i] = embedding_vector


# building Hierachical Attention network
embedding_matrix = np.random.random((len(word_index) + 1, EMBEDDING_DIM))
for word, i in word_index.items():
    embedding_vector = embeddings_index.get(word)
    if embedding_vector is not None:
        # words not found in embedding index will be all-zeros.
        embedding_matrix[i] = embedding_vector

embedding_layer = Embedding(len(word_index) + 1,
                            EMBEDDING_DIM,
                            weights=[embedding_matrix],
                            input_length=MAX_SENT_LENGTH,
                            trainable=True,
                            mask_zero=True)


class AttLayer(Layer):
    def __init__(self, attention_dim):
        self.init = initializers.get('normal')
        self.supports_masking = True
        self.attention_dim = attention_dim
        super(AttLayer, self).__init__()

    def build(self, input_shape):
        assert len(input_shape) == 3
        self.W = K.variable(self.init((input_shape[-1], self.attention_dim)))
        self.b = K.variable(self.init((self.attention_dim, )))
        self.u = K.variable(self.init((self.attention_dim, 1)))
        self._trainable_weights = [self.W, self.b, self.u]
        super(AttLayer, self).build(input_shape)

    def compute_mask(self, inputs, mask=None):
        return None

    def call(self, x, mask=None):
        # size of x :[batch_size, sel_len, attention_dim]
        # size of u :[batch_size, attention_dim]
        # uit = tanh(xW+b)
        uit = K.tanh(K.bias_add(K.dot(x, self.W), self.b))
        ait = K.dot(uit, self.u)
        ait = K.squeeze(ait, -1)

        ait = K.exp(ait)

        if mask is not None:
            # Cast the mask to floatX to avoid float64 upcasting in theano
            ait *= K.cast(mask, K.floatx())
        ait /= K.cast(K.sum(ait, axis=1, keepdims=True) + K.epsilon(), K.floatx())
        ait = K.expand_dims(ait)
        weighted_input = x * ait
        output = K.sum(weighted_input, axis=1)

        return output

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[-1])


sentence_input = Input(shape=(MAX_SENT_LENGTH,), dtype='int32')
embedded_sequences = embedding_layer(sentence_input)
l_lstm = Bidirectional(GRU(4, return_sequences=True))(embedded_sequences)
l_att = AttLayer(5)(l_lstm)
sentEncoder = Model(sentence_input, l_att)

review_input = Input(shape=(MAX_SENTS, MAX_SENT_LENGTH), dtype='int32')
review_encoder = TimeDistributed(sentEncoder)(review_input)
l_lstm_sent = Bidirectional(GRU(4, return_sequences=True))(review_encoder)
l_att_sent = AttLayer(5)(l_lstm_sent)
preds = Dense(2, activation='softmax')(l_att_sent)
model = Model(review_input, preds)

model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop',
              metrics=['acc'])

print("model fitting - Hierachical attention network")
model.fit(x_train, y_train, validation_data=(x_val, y_val),
          epochs=2, batch_size=8, shuffle=False, verbose=0)
model.predict(x_val, verbose=0)
model.evaluate(x_val, y_val, verbose=0)
