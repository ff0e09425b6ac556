# source: okotaku/kaggle_toxic_comment_classification solution3/main.py with solution3/make_df.py, solution3/make_glovevec.py, solution3/model/convaibidlstm2l.py and solution3/model/attention.py (a Kaggle "Toxic Comment Classification Challenge" solution, 2018: two stacked Bidirectional LSTMs over frozen GloVe embeddings pooled by the widely copied Kaggle `Attention(step_dim)` layer (Raffel et al. feed-forward attention written with keras.backend), joined with three ConvAI feature inputs, trained in a 10-fold loop with EarlyStopping and a save_best_only ModelCheckpoint reloaded for prediction)
# commit: 337a3beff4c336a2a9fb17ffa2d316c671d528a6
# keras: tf_keras
# exercises: Keras 2's old module paths keras.engine.topology.Layer; a custom Attention Layer with initializers/regularizers/constraints.get, supports_masking, add_weight with regularizer and constraint, name='{}_W'.format(self.name), built = True set by hand instead of super().build, compute_mask returning None, call with K.reshape(K.dot(K.reshape(x, (-1, features_dim)), K.reshape(W, (features_dim, 1))), (-1, step_dim)) + bias, K.tanh, K.exp, K.cast, K.sum(keepdims), K.epsilon, K.expand_dims, compute_output_shape; text.Tokenizer(num_words=) fit_on_texts / texts_to_sequences, sequence.pad_sequences(maxlen=); Embedding(weights=[matrix], trainable=False); Bidirectional(LSTM(return_sequences=True, dropout=, recurrent_dropout=)) stacked; a two-input functional Model (concatenate of the attention branch's Dense and a 3-feature Input); a new model built and compiled in every fold of a K-fold loop (binary_crossentropy, 'adam', metrics=['accuracy']); fit([x, xcon], validation_data=([...], y), callbacks=[ModelCheckpoint(.hdf5, monitor='val_loss', save_best_only=True, mode='min', verbose=2), EarlyStopping(monitor='val_loss', mode='min', patience=3)] shared by every fold, verbose=2); load_weights of the best checkpoint; predict on two-input lists
# reduced: the modules inlined in one script (make_df, make_glovevec, model/convaibidlstm2l.BidLstm, model/attention.Attention; main.py's unused `from model.bid_lstm import BidLstm` and convaibidgru2l import dropped, and main.py's BidGru call switched to the BidLstm it has commented out, whose file is stored); train_with_convai.csv / test_with_convai.csv read by pandas replaced by made-up comments, labels and ConvAI features in lists (pandas is not installed), train.sample(frac=1) by a seeded np.random.permutation; glove.840B.300d.txt replaced by a file of seeded random 300-d vectors for some words; sklearn's KFold(n_splits=10, shuffle=True, random_state=7) replaced by a numpy stand-in (seeded permutation cut into n_splits folds), n_splits 10 -> 3; the TF 1 session setup (tf.ConfigProto, tf.Session, keras.backend.tensorflow_backend.set_session) dropped with `import tensorflow as tf`; the closing pandas DataFrame / CSV writing replaced by numpy arrays; `self.add_weight((shape,), initializer=..., name=...)` -> `self.add_weight(shape=(shape,), ...)` (Keras 2.0's positional shape; Keras 2.1+ takes name first, so tf.keras reads the tuple as the name and fails); max_features 100000 -> 40 (kept below the vocabulary so make_glovevec's nb_words-row matrix holds every index, as with the real data), maxlen 150 -> 10, embed_size 300 kept (make_glovevec reads 300 numbers a line), LSTM(300) -> LSTM(4), Dense(256) -> Dense(8), batch_size 64 -> 8, epochs 15 -> 3; Dropout(0.25) and the LSTMs' dropout / recurrent_dropout 0.25 -> 0.0 (random masks cannot match); shuffle=False added to fit (random batch order cannot match)
import keras
import numpy as np
from keras.callbacks import EarlyStopping, ModelCheckpoint
np.random.seed(7)

from keras.preprocessing import text, sequence
from keras import backend as K
from keras.engine.topology import Layer
from keras import initializers, regularizers, constraints
from keras.models import Model
from keras.layers import Dense, Embedding, Input, concatenate
from keras.layers import LSTM, Bidirectional, Dropout


# ---- made-up data (stand-ins for the Kaggle CSV files and GloVe)
_words = ("you are a the this is what why page edit article talk wikipedia please thanks for help "
          "stupid idiot hate kill die ugly fool loser moron dumb shut up go away now never again "
          "source cite reference good nice great work fix vandal block ban user admin").split()
_rng = np.random.RandomState(0)
_bad = set("stupid idiot hate kill die ugly fool loser moron dumb".split())


def _comments(n):
    rows = []
    for k in range(n):
        ws = [_words[j] for j in _rng.randint(len(_words), size=_rng.randint(4, 14))]
        flags = [int(any(w in _bad for w in ws)), int("kill" in ws or "die" in ws),
                 int("shut" in ws or "dumb" in ws), int("kill" in ws), int("idiot" in ws or "moron" in ws),
                 int("hate" in ws)]
        rows.append({"id": "%04x" % (len(rows) + 1000 * n), "comment_text": " ".join(ws),
                     "toxic_level": float(_rng.rand()), "attack": float(_rng.rand()),
                     "aggression": float(_rng.rand()),
                     **dict(zip(["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"], flags))})
    return rows


_train_rows, _test_rows = _comments(48), _comments(12)
with open("glove.840B.300d.txt", "w") as f:
    for w in _words[::3]:
        f.write(w + " " + " ".join("%.4f" % v for v in _rng.uniform(-1, 1, 300)) + "\n")


class KFold:  # sklearn stand-in
    def __init__(self, n_splits, shuffle, random_state):
        self.n_splits, self.random_state = n_splits, random_state

    def split(self, X):
        idx = np.random.RandomState(self.random_state).permutation(len(X))
        for fold in np.array_split(idx, self.n_splits):
            yield np.setdiff1d(idx, fold), fold


# ---- make_df.py
def make_df(train_path, test_path, max_features, maxlen, list_classes):
    train = _train_rows
    test = _test_rows
    Xconvai_t = np.array([[r['toxic_level'], r['attack'], r['aggression']] for r in train])
    Xconvai_te = np.array([[r['toxic_level'], r['attack'], r['aggression']] for r in test])
    train = [train[k] for k in np.random.permutation(len(train))]  # train.sample(frac=1)
    train_id = np.array([r["id"] for r in train])

    list_sentences_train = np.array([r["comment_text"] for r in train])
    y = np.array([[r[c] for c in list_classes] for r in train])
    list_sentences_test = np.array([r["comment_text"] for r in test])

    tokenizer = text.Tokenizer(num_words=max_features)
    tokenizer.fit_on_texts(list(list_sentences_train))
    list_tokenized_train = tokenizer.texts_to_sequences(list_sentences_train)
    list_tokenized_test = tokenizer.texts_to_sequences(list_sentences_test)
    X_t = sequence.pad_sequences(list_tokenized_train, maxlen=maxlen)
    X_te = sequence.pad_sequences(list_tokenized_test, maxlen=maxlen)

    word_index = tokenizer.word_index

    return X_t, Xconvai_t, X_te, Xconvai_te, y, word_index, train_id


# ---- make_glovevec.py
def make_glovevec(glovepath, max_features, embed_size, word_index, veclen=300):
    embeddings_index = {}
    f = open(glovepath)
    for line in f:
        values = line.split()
        word = ' '.join(values[:-300])
        coefs = np.asarray(values[-300:], dtype='float32')
        embeddings_index[word] = coefs.reshape(-1)
    f.close()

    nb_words = min(max_features, len(word_index))
    embedding_matrix = np.zeros((nb_words, embed_size))
    for word, i in word_index.items():
        if i >= max_features:
            continue
        embedding_vector = embeddings_index.get(word)
        if embedding_vector is not None:
            embedding_matrix[i] = embedding_vector
    return embedding_matrix


# ---- model/attention.py
class Attention(Layer):
    def __init__(self, step_dim,
                 W_regularizer=None, b_regularizer=None,
                 W_constraint=None, b_constraint=None,
                 bias=True, **kwargs):
        self.supports_masking = True
        self.init = initializers.get('glorot_uniform')

        self.W_regularizer = regularizers.get(W_regularizer)
        self.b_regularizer = regularizers.get(b_regularizer)

        self.W_constraint = constraints.get(W_constraint)
        self.b_constraint = constraints.get(b_constraint)

        self.bias = bias
        self.step_dim = step_dim
        self.features_dim = 0
        super(Attention, self).__init__(**kwargs)

    def build(self, input_shape):
        assert len(input_shape) == 3

        self.W = self.add_weight(shape=(input_shape[-1],),
                                 initializer=self.init,
                                 name='{}_W'.format(self.name),
                                 regularizer=self.W_regularizer,
                                 constraint=self.W_constraint)
        self.features_dim = input_shape[-1]

        if self.bias:
            self.b = self.add_weight(shape=(input_shape[1],),
                                     initializer='zero',
                                     name='{}_b'.format(self.name),
                                     regularizer=self.b_regularizer,
                                     constraint=self.b_constraint)
        else:
            self.b = None

        self.built = True

    def compute_mask(self, input, input_mask=None):
        return None

    def call(self, x, mask=None):
        features_dim = self.features_dim
        step_dim = self.step_dim

        eij = K.reshape(K.dot(K.reshape(x, (-1, features_dim)),
                        K.reshape(self.W, (features_dim, 1))), (-1, step_dim))

        if self.bias:
            eij += self.b

        eij = K.tanh(eij)

        a = K.exp(eij)

        if mask is not None:
            a *= K.cast(mask, K.floatx())

        a /= K.cast(K.sum(a, axis=1, keepdims=True) + K.epsilon(), K.floatx())

        a = K.expand_dims(a)
        weighted_input = x * a
        return K.sum(weighted_input, axis=1)

    def compute_output_shape(self, input_shape):
        return input_shape[0],  self.features_dim


# ---- model/convaibidlstm2l.py
def BidLstm(maxlen, max_features, embed_size, embedding_matrix):
    inp = Input(shape=(maxlen,))
    x = Embedding(max_features, embed_size, weights=[embedding_matrix],
                  trainable=False)(inp)
    x = Bidirectional(LSTM(4, return_sequences=True, dropout=0.0,
                           recurrent_dropout=0.0))(x)
    x = Bidirectional(LSTM(4, return_sequences=True, dropout=0.0,
                           recurrent_dropout=0.0))(x)
    x = Attention(maxlen)(x)

    x = Dense(8, activation="relu")(x)
    inp_convai = Input(shape=(3,))

    x = concatenate([x, inp_convai])
    x = Dropout(0.0)(x)
    x = Dense(6, activation="sigmoid")(x)
    model = Model(inputs=[inp, inp_convai], outputs=x)

    return model


# ---- main.py
if __name__ == "__main__":
    max_features = 40
    maxlen = 10
    embed_size = 300
    list_classes = ["toxic", "severe_toxic", "obscene", "threat", "insult",
                    "identity_hate"]

    xtr, xcontr, xte, xconte, y, word_index, trid = make_df("./data/train_with_convai.csv", "./data/test_with_convai.csv",
                                      max_features, maxlen, list_classes)
    embedding_vector = make_glovevec("glove.840B.300d.txt",
                                     max_features, embed_size, word_index)
    folds = list(KFold(n_splits=3, shuffle=True,
                       random_state=7).split(xtr))
    early = EarlyStopping(monitor="val_loss", mode="min", patience=3)
    result = np.zeros((len(xte), len(list_classes)))
    ans = []
    for i, (train_idx, test_idx) in enumerate(folds):
        x_tr = xtr[train_idx]
        xcon_tr = xcontr[train_idx]
        y_tr = y[train_idx]
        x_val = xtr[test_idx]
        xcon_val = xcontr[test_idx]
        y_val = y[test_idx]
        val_id = trid[test_idx]
        model = BidLstm(maxlen, max_features, embed_size, embedding_vector)
        model.compile(loss='binary_crossentropy', optimizer='adam',
                      metrics=['accuracy'])
        file_path = ".model1.hdf5"
        ckpt = ModelCheckpoint(file_path, monitor='val_loss', verbose=2,
                               save_best_only=True, mode='min')
        model.fit([x_tr, xcon_tr], y_tr, batch_size=8, epochs=3,
                  validation_data=([x_val, xcon_val], y_val),
                  callbacks=[ckpt, early], verbose=2, shuffle=False)

        model.load_weights(file_path)
        y_test = model.predict([xte, xconte])
        result += y_test
        ans.append(model.predict([x_val, xcon_val]))
    result = result / 3
    ans = np.concatenate(ans, axis=0)
