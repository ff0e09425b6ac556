# source: fchollet/deep-learning-with-python-notebooks first_edition/6.2-understanding-recurrent-neural-networks.ipynb (F. Chollet, "Deep Learning with Python", 1st ed., section 6.2: SimpleRNN and LSTM on IMDB; its code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: `import keras`, `keras.__version__`; `from keras.layers import SimpleRNN`, `from keras.models import Sequential`, `from keras.layers import Embedding, SimpleRNN`; Sequential built by add(): Embedding(max_features, dim) with no input_length, then SimpleRNN(units) / SimpleRNN(units, return_sequences=True) / four stacked SimpleRNNs, each model.summary() before any build (Embedding alone gives the (None, None) input); `from keras.preprocessing import sequence` and sequence.pad_sequences(lists, maxlen=maxlen) on ragged integer lists (pre-padding and pre-truncation); Embedding -> SimpleRNN -> Dense(1, sigmoid), compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc']), fit(epochs, batch_size, validation_split=0.2) and history.history['acc'] / ['val_acc'] / ['loss'] / ['val_loss'] read; the same with `from keras.layers import LSTM`
# reduced: imdb.load_data(num_words=max_features) (a download) replaced by seeded random integer lists of ragged lengths 5..40 with ids in [1, max_features) and 0/1 labels, 80 train and 40 test reviews; max_features 10000 -> 200, maxlen 500 -> 20, Embedding and recurrent widths 32 -> 8, epochs 10 -> 2, batch_size 128 -> 16 (summary batch sizes untouched but dims 32 -> 8 too); shuffle=False added to both fit calls (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay); the matplotlib plotting cells replaced by reading the same history keys into variables (plots left out); `keras.__version__` printed
import keras
print(keras.__version__)

from keras.layers import SimpleRNN

from keras.models import Sequential
from keras.layers import Embedding, SimpleRNN

model = Sequential()
model.add(Embedding(200, 8))
model.add(SimpleRNN(8))
model.summary()

model = Sequential()
model.add(Embedding(200, 8))
model.add(SimpleRNN(8, return_sequences=True))
model.summary()

model = Sequential()
model.add(Embedding(200, 8))
model.add(SimpleRNN(8, return_sequences=True))
model.add(SimpleRNN(8, return_sequences=True))
model.add(SimpleRNN(8, return_sequences=True))
model.add(SimpleRNN(8))  # This last layer only returns the last outputs.
model.summary()

from keras.preprocessing import sequence
import numpy as np

max_features = 200  # number of words to consider as features
maxlen = 20  # cut texts after this number of words (among top max_features most common words)
batch_size = 32


def load_data(num_words):
    # stand-in for imdb.load_data: ragged lists of word ids and 0/1 labels
    rng = np.random.RandomState(62)
    def split(n):
        xs = [list(rng.randint(1, num_words, size=rng.randint(5, 41))) for _ in range(n)]
        return xs, rng.randint(0, 2, size=n)
    return split(80), split(40)


print('Loading data...')
(input_train, y_train), (input_test, y_test) = load_data(num_words=max_features)
print(len(input_train), 'train sequences')
print(len(input_test), 'test sequences')

print('Pad sequences (samples x time)')
input_train = sequence.pad_sequences(input_train, maxlen=maxlen)
input_test = sequence.pad_sequences(input_test, maxlen=maxlen)
print('input_train shape:', input_train.shape)
print('input_test shape:', input_test.shape)

from keras.layers import Dense

model = Sequential()
model.add(Embedding(max_features, 8))
model.add(SimpleRNN(8))
model.add(Dense(1, activation='sigmoid'))

model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc'])
history = model.fit(input_train, y_train,
                    epochs=2,
                    batch_size=16,
                    validation_split=0.2,
                    shuffle=False)

acc = history.history['acc']
val_acc = history.history['val_acc']
loss = history.history['loss']
val_loss = history.history['val_loss']

epochs = range(len(acc))

from keras.layers import LSTM

model = Sequential()
model.add(Embedding(max_features, 8))
model.add(LSTM(8))
model.add(Dense(1, activation='sigmoid'))

model.compile(optimizer='rmsprop',
              loss='binary_crossentropy',
              metrics=['acc'])
history = model.fit(input_train, y_train,
                    epochs=2,
                    batch_size=16,
                    validation_split=0.2,
                    shuffle=False)

acc = history.history['acc']
val_acc = history.history['val_acc']
loss = history.history['loss']
val_loss = history.history['val_loss']

epochs = range(len(acc))
