# source: a sequential recommender's GRU4Rec class (Keras), as stored in the code index (file id 14800344772, no repository named there; it subclasses the project's Recommender and sits beside a TensorFlow GRU4Rec after Weiping Song's): each user's item history padded in front, Embedding(mask_zero=True), a GRU over every step and a per-step softmax over the items predicting the next item, ranked from the last step's output
# commit: unknown: the code index names no repository or commit for this file
# keras: tf_keras
# exercises: `import keras`, `import keras.backend as K`, `from keras.optimizers import Adam`; Input(shape=(maxlen,)) (float ids), Embedding(input_dim, output_dim, name="iEmb", mask_zero=True) called as a layer object on the input, GRU(dim, return_sequences=True) on the masked embedding, Dropout, Dense(iNum + 1, activation='softmax') per step (the mask carried to the loss: padded steps leave the mean), compile(loss=keras.losses.categorical_crossentropy (the function), optimizer=Adam()); pad_sequences(seq, maxlen) (pre padding and pre truncation) and to_categorical(label, iNum + 1) on a 2-d label array (3-d one-hot targets); fit(batch_size, epochs=1, verbose=0, shuffle=False) and hist.history['loss'][0]; model.predict(seq)[0][-1][items] to rank candidate items
# reduced: the Recommender base class (not stored) replaced by a stand-in with the two methods the class calls through super() (load_pre_train, save: unused here); `from keras_preprocessing.sequence import pad_sequences` -> `from keras.preprocessing.sequence import pad_sequences` (keras_preprocessing is not installed; the same function); Model(input=inputs, output=[predictions]) -> Model(inputs=inputs, outputs=[predictions]) (Keras 1's keywords, refused by tf.keras); Dropout(0.25) -> Dropout(0.0) (random masks cannot match); the driver is the file's own commented-out lines (GRU4Rec(10, 10, 5, 3), init with a user's sequence, rank, get_train_instances, train) with 6 made-up users' item sequences of 2 to 7 items (numpy RandomState(0)) over 10 items, maxlen 5 (longer histories truncated in front), three train calls of batch_size 4 and a rank per user
from keras.optimizers import Adam

import keras
import keras.backend as K
from keras.models import Model
from keras.utils import to_categorical
from keras.callbacks import ModelCheckpoint
from keras.losses import categorical_crossentropy
from keras.layers import Input, Dense, Dropout, GRU, Embedding
from keras.preprocessing.sequence import pad_sequences

import numpy as np


class Recommender:
    """Stand-in for the project's base class (not stored): the methods GRU4Rec reaches through super()."""
    def load_pre_train(self, pre):
        pass

    def save(self, path):
        pass


class GRU4Rec(Recommender):
    def __init__(self, uNum, iNum, dim, maxlen):
        self.uNum = uNum
        self.iNum = iNum
        self.dim = dim
        self.maxlen = maxlen
        inputs = Input(shape=(self.maxlen,))
        emb = Embedding(input_dim=self.iNum, output_dim=self.dim, name="iEmb", mask_zero=True)
        gru = GRU(self.dim, return_sequences=True)(emb(inputs))
        drop2 = Dropout(0.0)(gru)
        predictions = Dense(self.iNum + 1, activation='softmax')(drop2)
        self.model = Model(inputs=inputs, outputs=[predictions])
        self.model.compile(loss=categorical_crossentropy, optimizer=Adam())

    def init(self, trainSeq):
        self.trainSeq = trainSeq

    def load_pre_train(self, pre):
        super().load_pre_train(pre)

    def get_train_instances(self, train):
        seq, label = [], []
        for u in self.trainSeq:
            # positive instance
            seq.append(self.trainSeq[u][:-1])
            label.append(self.trainSeq[u][1:])

        seq = pad_sequences(seq, self.maxlen)
        label = pad_sequences(label, self.maxlen)
        label = to_categorical(label, self.iNum + 1)

        return seq, label

    def rank(self, users, items):
        seq = pad_sequences([self.trainSeq[users[0]]], self.maxlen)
        # predict next item, using the output of the last hidden state
        return self.model.predict(seq)[0][-1][items]

    def train(self, x_train, y_train, batch_size):

        hist = self.model.fit(x_train, y_train, batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
        loss = hist.history['loss'][0]

        return "%.4f" % loss

    def save(self, path):
        super().save(path)


rng = np.random.RandomState(0)
b = GRU4Rec(10, 9, 5, 5)
s = {u: list(rng.randint(1, 9, size=n)) for u, n in enumerate([4, 2, 7, 3, 6, 5])}
b.init(s)
print(b.rank([1, 1, 1], [5, 6]).shape)
x, y = b.get_train_instances(None)
for epoch in range(3):
    print(b.train(x, y, 4))
for u in s:
    print(u, b.rank([u], [1, 2, 3, 4, 5, 6, 7, 8]))
