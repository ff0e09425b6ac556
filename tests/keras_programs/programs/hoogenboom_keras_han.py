# source: FlorisHoogenboom/keras-han-for-docla keras_han/layers.py, keras_han/model.py, examples/imdb_example.py and README.md's loading snippet (a pip-installable Keras Hierarchical Attention Network: a keras.Model subclass that builds its own functional graph and hands it to Model.__init__(inputs=, outputs=), with nested word/sentence encoder Models, TimeDistributed over a Model and over a custom AttentionLayer, get_config/from_config, and a predict_sentence_attention helper)
# commit: 9d0d50459aed749922d26e33fc9699ef231da301
# keras: tf_keras
# exercises: `import keras` / `from keras import backend as K`; a custom keras.layers.Layer (AttentionLayer(context_vector_length=100, **kwargs)) with add_weight(initializer=keras.initializers.get('uniform')), K.tanh/K.dot/K.reshape(x, (-1, x.shape[1]))/K.softmax/K.repeat_elements/K.sum, a keras.layers.Multiply() made inside call, compute_output_shape and get_config merged with the base; class HAN(Model) setting attributes (a numpy embedding matrix among them) before super().__init__(inputs=in_tensor, outputs=out_tensor, name=...), two nested functional Models (word_encoder: Input(dtype='int32') -> Embedding(weights=[matrix], input_length=, trainable=False) -> Bidirectional(GRU(return_sequences=True)); sentence_encoder: Bidirectional(GRU)), TimeDistributed(word_encoder, name=), TimeDistributed(AttentionLayer(), name=), the sentence encoder Model called on a tensor, get_config returning the numpy matrix and super().get_config() under 'base_config', classmethod from_config returning Model.from_config(base_config, custom_objects=); summary(); Tokenizer(num_words=) fit_on_texts/texts_to_sequences; pad_sequences; np.pad into (n, MAX_SENT, MAX_WORDS); to_categorical; compile('adagrad', 'categorical_crossentropy', metrics=['acc']); ModelCheckpoint(filepath='./tmp/model.{epoch:02d}-{val_loss:.2f}.hdf5', verbose=1, save_best_only=True) in fit(validation_data=); predict; han.predict_sentence_attention(X): get_layer('sentence_attention').input, a Lambda calling the layer's _get_attention_weights on it, Model(self.input, dummy).predict
# reduced: layers.py, model.py and examples/imdb_example.py inlined in that order (the keras_han imports dropped); the Kaggle IMDB tsv read by pandas (not installed) replaced by 32 made-up reviews with sentiments, cleaned by the script's own functions over a list; nltk's sent_tokenize (not installed) replaced by a regex stand-in; sklearn's train_test_split (random) replaced by an unshuffled 24/8 split; glove.6b.100d.txt replaced by seeded random vectors for every second word; np.random.seed(0) added; MAX_WORDS_PER_SENT 100 -> 5, MAX_SENT 15 -> 3, GLOVE_DIM 100 -> 6, word_encoding_dim and sentence_encoding_dim 100 -> 4, AttentionLayer's context_vector_length default 100 -> 5, batch_size 20 -> 8, epochs 10 -> 2; shuffle=False and verbose=0 added to fit; after fit, a predict and the README's han.predict_sentence_attention(X_test) added (the README's load_model(checkpoint, custom_objects={'HAN': HAN, 'AttentionLayer': AttentionLayer}) left out: on tf-keras 2.21 it fails itself, 'Layer count mismatch when loading weights from file. Model expected 0 layers, found 5 saved layers', HAN.from_config's Model.from_config(base_config) result does not take the file's weights)
import re
import os
import numpy as np
import logging
import sys

# ---- keras_han/layers.py
import keras
from keras import backend as K


class AttentionLayer(keras.layers.Layer):
    def __init__(self, context_vector_length=5, **kwargs):
        """
        An implementation of a attention layer. This layer
        accepts a 3d Tensor (batch_size, time_steps, input_dim) and
        applies a single layer attention mechanism in the time
        direction (the second axis).
        """
        self.context_vector_length = context_vector_length
        super(AttentionLayer, self).__init__(**kwargs)

    def build(self, input_shape):
        dim = input_shape[2]

        # Add a weights layer for the
        self.W = self.add_weight(
            name='W', shape=(dim, self.context_vector_length),
            initializer=keras.initializers.get('uniform'),
            trainable=True
        )

        self.u = self.add_weight(
            name='context_vector', shape=(self.context_vector_length, 1),
            initializer=keras.initializers.get('uniform'),
            trainable=True
        )

        super(AttentionLayer, self).build(input_shape)

    def _get_attention_weights(self, X):
        u_tw = K.tanh(K.dot(X, self.W))
        tw_stimulus = K.dot(u_tw, self.u)

        # Remove the last axis an apply softmax to the stimulus to
        # get a probability.
        tw_stimulus = K.reshape(tw_stimulus, (-1, tw_stimulus.shape[1]))
        att_weights = K.softmax(tw_stimulus)

        return att_weights

    def call(self, X):
        att_weights = self._get_attention_weights(X)

        # Reshape the attention weights to match the dimensions of X
        att_weights = K.reshape(att_weights, (-1, att_weights.shape[1], 1))
        att_weights = K.repeat_elements(att_weights, X.shape[-1], -1)

        # Multiply each input by its attention weights
        weighted_input = keras.layers.Multiply()([X, att_weights])

        # Sum in the direction of the time-axis.
        return K.sum(weighted_input, axis=1)

    def compute_output_shape(self, input_shape):
        return input_shape[0], input_shape[2]

    def get_config(self):
        config = {
            'context_vector_length': self.context_vector_length
        }
        base_config = super(AttentionLayer, self).get_config()
        return {**base_config, **config}


# ---- keras_han/model.py
from keras.layers import (
    Dense, GRU, TimeDistributed, Input,
    Embedding, Bidirectional, Lambda
)
from keras.models import Model


class HAN(Model):
    def __init__(
            self, max_words, max_sentences, output_size,
            embedding_matrix, word_encoding_dim=200,
            sentence_encoding_dim=200, inputs=None,
            outputs=None, name='han-for-docla'
    ):
        self.max_words = max_words
        self.max_sentences = max_sentences
        self.output_size = output_size
        self.embedding_matrix = embedding_matrix
        self.word_encoding_dim = word_encoding_dim
        self.sentence_encoding_dim = sentence_encoding_dim

        in_tensor, out_tensor = self._build_network()

        super(HAN, self).__init__(
            inputs=in_tensor, outputs=out_tensor, name=name
        )

    def build_word_encoder(self, max_words, embedding_matrix, encoding_dim=200):
        assert encoding_dim % 2 == 0, "Embedding dimension should be even"

        vocabulary_size = embedding_matrix.shape[0]
        embedding_dim = embedding_matrix.shape[1]

        embedding_layer = Embedding(
            vocabulary_size, embedding_dim,
            weights=[embedding_matrix], input_length=max_words,
            trainable=False
        )

        sentence_input = Input(shape=(max_words,), dtype='int32')
        embedded_sentences = embedding_layer(sentence_input)
        encoded_sentences = Bidirectional(
            GRU(int(encoding_dim / 2), return_sequences=True)
        )(embedded_sentences)

        return Model(
            inputs=[sentence_input], outputs=[encoded_sentences], name='word_encoder'
        )

    def build_sentence_encoder(self, max_sentences, summary_dim, encoding_dim=200):
        assert encoding_dim % 2 == 0, "Embedding dimension should be even"

        text_input = Input(shape=(max_sentences, summary_dim))
        encoded_sentences = Bidirectional(
            GRU(int(encoding_dim / 2), return_sequences=True)
        )(text_input)
        return Model(
            inputs=[text_input], outputs=[encoded_sentences], name='sentence_encoder'
        )

    def _build_network(self):
        in_tensor = Input(shape=(self.max_sentences, self.max_words))

        word_encoder = self.build_word_encoder(
            self.max_words, self.embedding_matrix, self.word_encoding_dim
        )

        word_rep = TimeDistributed(
            word_encoder, name='word_encoder'
        )(in_tensor)

        # Sentence Rep is a 3d-tensor (batch_size, max_sentences, word_encoding_dim)
        sentence_rep = TimeDistributed(
            AttentionLayer(), name='word_attention'
        )(word_rep)

        doc_rep = self.build_sentence_encoder(
            self.max_sentences, self.word_encoding_dim, self.sentence_encoding_dim
        )(sentence_rep)

        # We get the final representation by applying our attention mechanism
        # to the encoded sentences
        doc_summary = AttentionLayer(name='sentence_attention')(doc_rep)

        out_tensor = Dense(
            self.output_size, activation='softmax', name='class_prediction'
        )(doc_summary)

        return in_tensor, out_tensor

    def get_config(self):
        config = {
            'max_words': self.max_words,
            'max_sentences': self.max_sentences,
            'output_size': self.output_size,
            'embedding_matrix': self.embedding_matrix,
            'word_encoding_dim': self.word_encoding_dim,
            'sentence_encoding_dim': self.sentence_encoding_dim,
            'base_config': super(HAN, self).get_config()
        }

        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        base_config = config.pop('base_config')

        return Model.from_config(
            base_config, custom_objects=custom_objects
        )

    def predict_sentence_attention(self, X):
        att_layer = self.get_layer('sentence_attention')
        prev_tensor = att_layer.input

        # Create a temporary dummy layer to hold the
        # attention weights tensor
        dummy_layer = Lambda(
            lambda x: att_layer._get_attention_weights(x)
        )(prev_tensor)

        return Model(self.input, dummy_layer).predict(X)


# ---- examples/imdb_example.py
from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences
from keras.callbacks import ModelCheckpoint
from keras.utils import to_categorical

np.random.seed(0)


def sent_tokenize(text):  # nltk stand-in
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


stdout = logging.StreamHandler(sys.stdout)
stdout.setFormatter(logging.Formatter(
    '%(asctime)s - %(name)s - %(levelname)s - %(message)s'
))
logger = logging.getLogger('default')
logger.setLevel(logging.INFO)
logger.addHandler(stdout)

MAX_WORDS_PER_SENT = 5
MAX_SENT = 3
MAX_VOC_SIZE = 20000
GLOVE_DIM = 6
TEST_SPLIT = 0.2

logger.info("Pre-processsing data.")

_good = ['a <b>wonderful</b> film.', 'the acting is great!', 'i loved it.', 'the story was moving and the cast superb.',
         'brilliant direction.', 'lovely music.', "it's fun.", 'see it!']
_bad = ['a <i>terrible</i> film.', 'the acting is awful!', 'i hated it.', 'the story was boring and the cast weak.',
        'awful direction.', 'bad music.', "it's a mess.", 'skip it!']
_rng = np.random.RandomState(3)
data = {'review': [], 'sentiment': []}
for i in range(32):
    pool = _good if i % 2 else _bad
    data['review'].append(' '.join(pool[j] for j in _rng.choice(len(pool), _rng.randint(1, 5), replace=False)))
    data['sentiment'].append(i % 2)


def remove_quotations(text):
    text = re.sub(r"\\", "", text)
    text = re.sub(r"\'", "", text)
    text = re.sub(r"\"", "", text)
    return text


def remove_html(text):
    tags_regex = re.compile(r'<.*?>')
    return tags_regex.sub('', text)


data['review'] = [remove_quotations(x) for x in data['review']]
data['review'] = [remove_html(x) for x in data['review']]
data['review'] = [x.strip().lower() for x in data['review']]

# Get the data and the sentiment
reviews = np.array(data['review'])
target = np.array(data['sentiment'])
del data

logger.info("Tokenization.")

word_tokenizer = Tokenizer(num_words=MAX_VOC_SIZE)
word_tokenizer.fit_on_texts(reviews)

X = np.zeros((len(reviews), MAX_SENT, MAX_WORDS_PER_SENT), dtype='int32')

for i, review in enumerate(reviews):
    sentences = sent_tokenize(review)
    tokenized_sentences = word_tokenizer.texts_to_sequences(
        sentences
    )
    tokenized_sentences = pad_sequences(
        tokenized_sentences, maxlen=MAX_WORDS_PER_SENT
    )

    pad_size = MAX_SENT - tokenized_sentences.shape[0]

    if pad_size < 0:
        tokenized_sentences = tokenized_sentences[0:MAX_SENT]
    else:
        tokenized_sentences = np.pad(
            tokenized_sentences, ((0, pad_size), (0, 0)),
            mode='constant', constant_values=0
        )

    X[i] = tokenized_sentences[None, ...]

y = to_categorical(target)

X_train, X_test, y_train, y_test = X[:24], X[24:], y[:24], y[24:]

logger.info(
    "Creating embedding matrix using pre-trained GloVe vectors."
)

embeddings = {}
for word in sorted(word_tokenizer.word_index)[::2]:  # stand-in for glove.6b.100d.txt
    embeddings[word] = np.random.uniform(-1, 1, GLOVE_DIM).astype('float32')

embedding_matrix = np.random.random(
    (len(word_tokenizer.word_index) + 1, GLOVE_DIM)
)

embedding_matrix[0] = 0

for word, index in word_tokenizer.word_index.items():
    embedding_vector = embeddings.get(word)
    if embedding_vector is not None:
        embedding_matrix[index] = embedding_vector

logger.info("Training the model.")

han_model = HAN(
    MAX_WORDS_PER_SENT, MAX_SENT, 2, embedding_matrix,
    word_encoding_dim=4, sentence_encoding_dim=4
)

han_model.summary()

han_model.compile(
    optimizer='adagrad', loss='categorical_crossentropy',
    metrics=['acc']
)

checkpoint_saver = ModelCheckpoint(
    filepath='./tmp/model.{epoch:02d}-{val_loss:.2f}.hdf5',
    verbose=1, save_best_only=True
)

han_model.fit(
    X_train, y_train, batch_size=8, epochs=2,
    validation_data=(X_test, y_test),
    callbacks=[checkpoint_saver], shuffle=False, verbose=0
)

# ---- README.md: the sentence attention weights
han_model.predict(X_test, verbose=0)
han_model.predict_sentence_attention(X_test)
