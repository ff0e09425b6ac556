# source: keras-team/keras examples/lstm_benchmark.py (its last version, before the RNN refactor of #7943 removed it)
# commit: 71a791cb71ef7080ea150152633a90e7821070af
# keras: tf_keras
# exercises: three Sequential models of Embedding(input_length=max_length), Dropout, LSTM(dropout=, recurrent_dropout=, implementation=mode) for mode 0, 1 and 2, Dense(1, activation='sigmoid'); sequence.pad_sequences(X, max_length) with maxlen given positionally; compile(binary_crossentropy, 'adam', metrics=['accuracy']) and fit with validation_data for each model in a loop, the histories kept
# reduced: imdb.load_data (a download) replaced by a load_data(num_words) made here: 24 training and 12 test seeded object arrays of 4 to 20 word ids below num_words, int64 0/1 labels; max_features 20000 -> 40, max_length 80 -> 12, embedding_dim 256 -> 6, batch_size 128 -> 24 (an epoch is one batch, so fit's shuffling cannot change the result), epochs 10 -> 2; Dropout(0.2) -> Dropout(0.0), LSTM dropout=0.2 and recurrent_dropout=0.2 -> 0.0 (random masks); the matplotlib plot of the histories and times left out
import time
import numpy as np

from keras.preprocessing import sequence
from keras.models import Sequential
from keras.layers import Embedding, Dense, LSTM, Dropout
from keras.datasets import imdb  # its load_data (a download) is replaced below


def load_data(num_words, num_train=24, num_test=12):
    # Stands in for keras.datasets.imdb.load_data: object arrays of ragged word-id lists and
    # int64 0/1 labels.
    rng = np.random.RandomState(3)

    def split(count):
        xs = np.empty(count, dtype=object)
        xs[:] = [list(rng.randint(1, num_words, size=rng.randint(4, 21))) for _ in range(count)]
        return xs, rng.randint(0, 2, size=count).astype('int64')

    return split(num_train), split(num_test)


max_features = 40
max_length = 12
embedding_dim = 6
batch_size = 24
epochs = 2
modes = [0, 1, 2]

print('Loading data...')
(X_train, y_train), (X_test, y_test) = load_data(num_words=max_features)
X_train = sequence.pad_sequences(X_train, max_length)
X_test = sequence.pad_sequences(X_test, max_length)

# Compile and train different models while measuring performance.
results = []
for mode in modes:
    print('Testing mode: implementation={}'.format(mode))

    model = Sequential()
    model.add(Embedding(max_features, embedding_dim,
                        input_length=max_length))
    model.add(Dropout(0.0))
    model.add(LSTM(embedding_dim,
                   dropout=0.0,
                   recurrent_dropout=0.0,
                   implementation=mode))
    model.add(Dense(1, activation='sigmoid'))
    model.compile(loss='binary_crossentropy',
                  optimizer='adam',
                  metrics=['accuracy'])

    start_time = time.time()
    history = model.fit(X_train, y_train,
                        batch_size=batch_size,
                        epochs=epochs,
                        validation_data=(X_test, y_test))
    average_time_per_epoch = (time.time() - start_time) / epochs

    results.append((history, average_time_per_epoch))
