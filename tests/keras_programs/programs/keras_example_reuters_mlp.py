# source: keras-team/keras examples/reuters_mlp.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: preprocessing.text.Tokenizer(num_words=).sequences_to_matrix(mode='binary') on ragged id lists; keras.utils.to_categorical with num_classes from np.max(y_train) + 1 (a numpy int64); Sequential of Dense(input_shape=), Activation('relu'), Dropout, Dense, Activation('softmax'); compile(categorical_crossentropy, 'adam', metrics=['accuracy']); fit with validation_split=0.1; evaluate with batch_size
# reduced: reuters.load_data (a download) replaced by a load_data(num_words, test_split) made here: 40 seeded object arrays of 3 to 25 word ids below num_words with int64 topic labels 0-5, split 32/8 by test_split=0.2 as reuters.load_data does (the last 20% for test); max_words 1000 -> 60; Dense(512) -> Dense(16); Dropout(0.5) -> Dropout(0.0) (random); epochs 5 -> 2; batch_size stays 32, more than the 28 rows left to train on after validation_split, so an epoch is one batch and fit's shuffling cannot change the result; `from __future__ import print_function` dropped
import numpy as np
import keras
from keras.datasets import reuters  # its load_data (a download) is replaced below
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation
from keras.preprocessing.text import Tokenizer


def load_data(num_words, test_split, count=40):
    # Stands in for keras.datasets.reuters.load_data: object arrays of ragged word-id lists and
    # int64 labels, the last test_split of them for test.
    rng = np.random.RandomState(4)
    xs = np.empty(count, dtype=object)
    xs[:] = [list(rng.randint(1, num_words, size=rng.randint(3, 26))) for _ in range(count)]
    labels = rng.randint(0, 6, size=count).astype('int64')
    split = int(count * (1 - test_split))
    return (xs[:split], labels[:split]), (xs[split:], labels[split:])


max_words = 60
batch_size = 32
epochs = 2

print('Loading data...')
(x_train, y_train), (x_test, y_test) = load_data(num_words=max_words,
                                                 test_split=0.2)
print(len(x_train), 'train sequences')
print(len(x_test), 'test sequences')

num_classes = np.max(y_train) + 1
print(num_classes, 'classes')

print('Vectorizing sequence data...')
tokenizer = Tokenizer(num_words=max_words)
x_train = tokenizer.sequences_to_matrix(x_train, mode='binary')
x_test = tokenizer.sequences_to_matrix(x_test, mode='binary')
print('x_train shape:', x_train.shape)
print('x_test shape:', x_test.shape)

print('Convert class vector to binary class matrix '
      '(for use with categorical_crossentropy)')
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)
print('y_train shape:', y_train.shape)
print('y_test shape:', y_test.shape)

print('Building model...')
model = Sequential()
model.add(Dense(16, input_shape=(max_words,)))
model.add(Activation('relu'))
model.add(Dropout(0.0))
model.add(Dense(num_classes))
model.add(Activation('softmax'))

model.compile(loss='categorical_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])

history = model.fit(x_train, y_train,
                    batch_size=batch_size,
                    epochs=epochs,
                    verbose=1,
                    validation_split=0.1)
score = model.evaluate(x_test, y_test,
                       batch_size=batch_size, verbose=1)
print('Test score:', score[0])
print('Test accuracy:', score[1])
