# source: fchollet/deep-learning-with-python-notebooks first_edition/3.6-classifying-newswires.ipynb (F. Chollet, "Deep Learning with Python", 1st ed., section 3.6: single-label multi-class classification of Reuters newswires with a Dense stack, one-hot and integer labels, and an information bottleneck; its code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: `import keras` (Keras 2), `from keras.datasets import reuters` load_data(num_words) / get_word_index and the offset-by-3 decoding; a multi-hot vectorize_sequences and a hand-written to_one_hot; `from keras.utils.np_utils import to_categorical`; `from keras import models, layers`: Sequential built by add (Dense(64, relu, input_shape=(10000,)), Dense(64, relu), Dense(46, softmax)); compile('rmsprop', 'categorical_crossentropy', ['accuracy']); fit(batch_size=512, validation_data=...) and history.history 'loss' / 'val_loss' / accuracy keys; a second model fit then evaluate; a random-baseline accuracy with copy.copy and np.random.shuffle; predict, predictions[0].shape / np.sum / np.argmax; a recompile with 'sparse_categorical_crossentropy' and metrics=['acc'] (not trained after); a 4-unit bottleneck model fit with batch_size=128
# reduced: reuters.load_data(num_words=10000) and reuters.get_word_index (downloads) replaced by a stand-in `reuters` with seeded (numpy RandomState(46)) ragged lists of word ids in [1, num_words) whose first ids depend on the label, 200 train and 60 test newswires over all 46 topics, and a made-up word index; num_words / dimension 10000 -> 500 (input_shape=(10000,) -> (500,)); the [:1000] / [1000:] validation split -> [:50] / [50:]; epochs 20 / 8 / 20 -> 3 / 2 / 2, batch_size 512 / 128 -> 32 / 16; shuffle=False added to every fit (tf-keras shuffles with TensorFlow's generator); np.random.seed(0) added before the random baseline; the matplotlib cells replaced by reading the same history keys, with history.history['acc'] / ['val_acc'] -> ['accuracy'] / ['val_accuracy'] (Keras 2.1's names for metrics=['accuracy']; tf-keras 2.21 logs 'accuracy'); `from keras.utils.np_utils import to_categorical` -> `from keras.utils import to_categorical` (tf-keras has no utils.np_utils module); cells that only display a value printed
import keras
print(keras.__version__)

import numpy as np


class reuters:
    @staticmethod
    def load_data(num_words):
        rng = np.random.RandomState(46)

        def newswires(n):
            labels = np.concatenate([np.arange(46), rng.randint(0, 46, size=n - 46)])
            data = []
            for label in labels:
                words = [1, 2 + int(label) * 3, 3 + int(label) * 3] + list(rng.randint(4, num_words, size=rng.randint(5, 40)))
                data.append(words)
            return np.array(data, dtype=object), labels.astype(np.int64)

        return newswires(200), newswires(60)

    @staticmethod
    def get_word_index():
        return {"w%d" % i: i for i in range(1, 600)}


(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=500)
print(len(train_data))
print(len(test_data))
print(train_data[10])

word_index = reuters.get_word_index()
reverse_word_index = dict([(value, key) for (key, value) in word_index.items()])
# Note that our indices were offset by 3
# because 0, 1 and 2 are reserved indices for "padding", "start of sequence", and "unknown".
decoded_newswire = ' '.join([reverse_word_index.get(i - 3, '?') for i in train_data[0]])
print(decoded_newswire)
print(train_labels[10])


def vectorize_sequences(sequences, dimension=500):
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.
    return results

# Our vectorized training data
x_train = vectorize_sequences(train_data)
# Our vectorized test data
x_test = vectorize_sequences(test_data)


def to_one_hot(labels, dimension=46):
    results = np.zeros((len(labels), dimension))
    for i, label in enumerate(labels):
        results[i, label] = 1.
    return results

# Our vectorized training labels
one_hot_train_labels = to_one_hot(train_labels)
# Our vectorized test labels
one_hot_test_labels = to_one_hot(test_labels)

from keras.utils import to_categorical

one_hot_train_labels = to_categorical(train_labels)
one_hot_test_labels = to_categorical(test_labels)

from keras import models
from keras import layers

model = models.Sequential()
model.add(layers.Dense(64, activation='relu', input_shape=(500,)))
model.add(layers.Dense(64, activation='relu'))
model.add(layers.Dense(46, activation='softmax'))

model.compile(optimizer='rmsprop',
              loss='categorical_crossentropy',
              metrics=['accuracy'])

x_val = x_train[:50]
partial_x_train = x_train[50:]

y_val = one_hot_train_labels[:50]
partial_y_train = one_hot_train_labels[50:]

history = model.fit(partial_x_train,
                    partial_y_train,
                    epochs=3,
                    batch_size=32,
                    validation_data=(x_val, y_val), shuffle=False)

loss = history.history['loss']
val_loss = history.history['val_loss']

epochs = range(1, len(loss) + 1)

acc = history.history['accuracy']
val_acc = history.history['val_accuracy']

model = models.Sequential()
model.add(layers.Dense(64, activation='relu', input_shape=(500,)))
model.add(layers.Dense(64, activation='relu'))
model.add(layers.Dense(46, activation='softmax'))

model.compile(optimizer='rmsprop',
              loss='categorical_crossentropy',
              metrics=['accuracy'])
model.fit(partial_x_train,
          partial_y_train,
          epochs=2,
          batch_size=32,
          validation_data=(x_val, y_val), shuffle=False)
results = model.evaluate(x_test, one_hot_test_labels)
print(results)

import copy

np.random.seed(0)
test_labels_copy = copy.copy(test_labels)
np.random.shuffle(test_labels_copy)
print(float(np.sum(np.array(test_labels) == np.array(test_labels_copy))) / len(test_labels))

predictions = model.predict(x_test)
print(predictions[0].shape)
print(np.sum(predictions[0]))
print(np.argmax(predictions[0]))

y_train = np.array(train_labels)
y_test = np.array(test_labels)

model.compile(optimizer='rmsprop', loss='sparse_categorical_crossentropy', metrics=['acc'])

model = models.Sequential()
model.add(layers.Dense(64, activation='relu', input_shape=(500,)))
model.add(layers.Dense(4, activation='relu'))
model.add(layers.Dense(46, activation='softmax'))

model.compile(optimizer='rmsprop',
              loss='categorical_crossentropy',
              metrics=['accuracy'])
model.fit(partial_x_train,
          partial_y_train,
          epochs=2,
          batch_size=16,
          validation_data=(x_val, y_val), shuffle=False)
