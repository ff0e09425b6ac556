# source: hkveeranki/speech-emotion-recognition speechemotionrecognition/dnn.py (DNN, LSTM), speechemotionrecognition/__init__.py (Model: predict, evaluate), examples/lstm_example.py and examples/common.py (harry-7's widely starred "speech-emotion-recognition" package, EMO-DB: MFCC frames of each utterance, padded to a mean signal length, classified by an LSTM; its own epoch loop of a numpy shuffle + fit(epochs=1) + evaluate)
# commit: edcf4403901fe8b3bcae36ea2770aede638195bd
# keras: tf_keras
# exercises: `from keras import Sequential`, `from keras.layers import LSTM as KERAS_LSTM, Dense, Dropout, ...`; a Sequential built in a parent __init__ with a subclass hook make_default_model (KERAS_LSTM(128, input_shape=(frames, mfcc)), Dropout, Dense(32, relu), Dense(16, tanh)) then Dense(num_classes, softmax) added by the parent; compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy']) on one-hot 4-class targets (so 'accuracy' resolves to binary accuracy); print(model.summary(), file=sys.stderr); a manual training loop: np.random.permutation of the rows each epoch, fit(x, y, batch_size=32, epochs=1) (with its progress bar), loss, acc = evaluate(x_val, y_val), best accuracy kept; predict_one: np.argmax(model.predict(np.array([sample]))) per test sample, numpy accuracy and confusion matrix; save_weights / load_weights of the .h5 into a second instance (restore_model)
# reduced: EMO-DB wav files (speechpy MFCCs of 39 coefficients over ~198 frames of signals padded to 32000 samples) replaced by seeded numpy MFCC-like arrays (50 utterances of 20 frames x 13 coefficients, class-dependent offsets plus noise, labels 0..3 for ("Neutral", "Angry", "Happy", "Sad")), split 40 / 10 by a seeded permutation instead of sklearn's train_test_split(random_state=42); the predicted file '../dataset/Sad/09b03Ta.wav' replaced by one seeded Sad-like array; sklearn's accuracy_score / confusion_matrix replaced by numpy equivalents; `from keras.utils import np_utils` -> `from keras.utils import to_categorical` (tf-keras has no np_utils) and np_utils.to_categorical -> to_categorical; the package's modules inlined in one file; KERAS_LSTM(128) -> KERAS_LSTM(16); Dropout(0.5) -> Dropout(0.0) (random masks cannot match); n_epochs 50 -> 2; a save_model and a restore_model into a second LSTM instance added after the example (the package's save/restore methods, which the example leaves unused), its predictions compared. The per-epoch np.random.permutation uses numpy's global generator, which the harness seeds alike on both sides; fit's own shuffle (tf-keras's default shuffle=True) sees the permuted rows in 2 batches of 32 and 8: shuffle=False added (TensorFlow's generator cannot be replayed)
import sys
from typing import Tuple

import numpy
import numpy as np
from keras import Sequential
from keras.layers import LSTM as KERAS_LSTM, Dense, Dropout, Conv2D, Flatten, \
    BatchNormalization, Activation, MaxPooling2D
from keras.utils import to_categorical

__author__ = 'harry-7'
__version__ = '1.1'


def accuracy_score(y_pred, y_true):
    return float(np.mean(np.asarray(y_pred) == np.asarray(y_true)))


def confusion_matrix(y_pred, y_true):
    n = int(max(max(y_pred), max(y_true))) + 1
    m = np.zeros((n, n), dtype=int)
    for t, p in zip(y_true, y_pred):
        m[int(t), int(p)] += 1
    return m


class Model(object):
    def __init__(self, save_path: str = '', name: str = 'Not Specified'):
        # Place holder for model
        self.model = None
        # Place holder on where to save the model
        self.save_path = save_path
        # Place holder for name of the model
        self.name = name
        # Model has been trained or not
        self.trained = False

    def train(self, x_train: numpy.ndarray, y_train: numpy.ndarray,
              x_val: numpy.ndarray = None,
              y_val: numpy.ndarray = None) -> None:
        raise NotImplementedError()

    def predict(self, samples: numpy.ndarray) -> Tuple:
        results = []
        for _, sample in enumerate(samples):
            results.append(self.predict_one(sample))
        return tuple(results)

    def predict_one(self, sample) -> int:
        raise NotImplementedError()

    def restore_model(self, load_path: str = None) -> None:
        to_load = load_path or self.save_path
        if to_load is None:
            sys.stderr.write(
                "Provide a path to load from or save_path of the model\n")
            sys.exit(-1)
        self.load_model(to_load)
        self.trained = True

    def load_model(self, to_load: str) -> None:
        raise NotImplementedError()

    def save_model(self) -> None:
        raise NotImplementedError()

    def evaluate(self, x_test: numpy.ndarray, y_test: numpy.ndarray) -> None:
        predictions = self.predict(x_test)
        print(y_test)
        print(predictions)
        print('Accuracy:%.3f\n' % accuracy_score(y_pred=predictions,
                                                 y_true=y_test))
        print('Confusion matrix:', confusion_matrix(y_pred=predictions,
                                                    y_true=y_test))


class DNN(Model):
    def __init__(self, input_shape, num_classes, **params):
        super(DNN, self).__init__(**params)
        self.input_shape = input_shape
        self.model = Sequential()
        self.make_default_model()
        self.model.add(Dense(num_classes, activation='softmax'))
        self.model.compile(loss='binary_crossentropy', optimizer='adam',
                           metrics=['accuracy'])
        print(self.model.summary(), file=sys.stderr)
        self.save_path = self.save_path or self.name + '_best_model.h5'

    def load_model(self, to_load):
        try:
            self.model.load_weights(to_load)
        except:
            sys.stderr.write("Invalid saved file provided")
            sys.exit(-1)

    def save_model(self):
        self.model.save_weights(self.save_path)

    def train(self, x_train, y_train, x_val=None, y_val=None, n_epochs=50):
        best_acc = 0
        if x_val is None or y_val is None:
            x_val, y_val = x_train, y_train
        for i in range(n_epochs):
            # Shuffle the data for each epoch in unison inspired
            # from https://stackoverflow.com/a/4602224
            p = np.random.permutation(len(x_train))
            x_train = x_train[p]
            y_train = y_train[p]
            self.model.fit(x_train, y_train, batch_size=32, epochs=1, shuffle=False)
            loss, acc = self.model.evaluate(x_val, y_val)
            if acc > best_acc:
                best_acc = acc
        self.trained = True

    def predict_one(self, sample):
        if not self.trained:
            sys.stderr.write(
                "Model should be trained or loaded before doing predict\n")
            sys.exit(-1)
        return np.argmax(self.model.predict(np.array([sample])))

    def make_default_model(self) -> None:
        raise NotImplementedError()


class LSTM(DNN):
    def __init__(self, **params):
        params['name'] = 'LSTM'
        super(LSTM, self).__init__(**params)

    def make_default_model(self):
        self.model.add(
            KERAS_LSTM(16,
                       input_shape=(self.input_shape[0], self.input_shape[1])))
        self.model.add(Dropout(0.0))
        self.model.add(Dense(32, activation='relu'))
        self.model.add(Dense(16, activation='tanh'))


# examples/common.py, with seeded MFCC-like arrays in place of the EMO-DB wav files
_CLASS_LABELS = ("Neutral", "Angry", "Happy", "Sad")
_rng = np.random.RandomState(42)


def _utterance(label, rng):
    frames = np.arange(20)[:, None]
    coeffs = np.arange(13)[None, :]
    return (rng.normal(0, 1, size=(20, 13)) + 0.7 * np.cos(frames * (label + 1) / 6.0 + coeffs / 3.0)
            + 0.3 * label).astype(np.float64)


def extract_data(flatten):
    labels = np.arange(50) % len(_CLASS_LABELS)
    data = np.array([_utterance(l, _rng) for l in labels])
    idx = np.random.RandomState(42).permutation(len(data))
    train, test = idx[:40], idx[40:]
    x_train, x_test, y_train, y_test = data[train], data[test], labels[train], labels[test]
    return np.array(x_train), np.array(x_test), np.array(y_train), np.array(
        y_test), len(_CLASS_LABELS)


def get_feature_vector_from_mfcc(file_path, flatten):
    return _utterance(3, np.random.RandomState(9))


def lstm_example():
    to_flatten = False
    x_train, x_test, y_train, y_test, num_labels = extract_data(
        flatten=to_flatten)
    y_train = to_categorical(y_train)
    y_test_train = to_categorical(y_test)
    print('Starting LSTM')
    model = LSTM(input_shape=x_train[0].shape,
                 num_classes=num_labels)
    model.train(x_train, y_train, x_test, y_test_train, n_epochs=2)
    model.evaluate(x_test, y_test)
    filename = '../dataset/Sad/09b03Ta.wav'
    print('prediction', model.predict_one(
        get_feature_vector_from_mfcc(filename, flatten=to_flatten)),
          'Actual 3')

    # the package's save / restore, which the example leaves unused
    model.save_model()
    restored = LSTM(input_shape=x_train[0].shape, num_classes=num_labels)
    restored.restore_model(model.save_path)
    restored.evaluate(x_test, y_test)


if __name__ == '__main__':
    lstm_example()
