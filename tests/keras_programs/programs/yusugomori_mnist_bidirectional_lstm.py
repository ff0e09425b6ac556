# source: yusugomori/deeplearning-tensorflow-keras 6/keras/00_mnist_bidirectional_rnn_keras.py (Yusuke Sugomori's 『詳解 ディープラーニング』 (a Japanese deep-learning textbook), chapter 6: a bidirectional LSTM reading MNIST rows as time steps)
# commit: 34eb2eb70746b76abb2bc1178c721f0bf7b0c353
# keras: tf_keras
# exercises: Keras 2's old module paths keras.layers.core (Dense, Activation), keras.layers.recurrent.LSTM and keras.layers.wrappers.Bidirectional; Bidirectional(LSTM(n_hidden), input_shape=(n_time, n_in)) with the input shape given to the wrapper, not to the LSTM; Dense(kernel_initializer=weight_variable), a plain Python function returning a float64 numpy array; a separate Activation('softmax'); Adam(lr=0.001, beta_1=0.9, beta_2=0.999) with the deprecated lr name passed inline to compile; one-hot labels made with np.eye(10)[y.astype(int)]; rows centred per image (X - X.mean(axis=1)); fit(batch_size, epochs, validation_data, callbacks=[EarlyStopping(monitor='val_loss', patience=10, verbose=1)]) kept as hist; hist.history read for the validation accuracy and loss; evaluate(X_test, Y_test) at the default batch size
# reduced: sklearn's datasets.fetch_mldata('MNIST original') (a download, and removed from sklearn) replaced by 600 seeded images of 784 uint8 pixels with float targets whose brightest row band gives the class, in an object with .data and .target as fetch_mldata returned; sklearn's train_test_split (sklearn is not installed) replaced by a hand-written one doing what sklearn's ShuffleSplit does with the global numpy generator (a permutation; test rows first; train_size or test_size given); N 30000 -> 600, N_train 20000 -> 400, N_validation 4000 -> 80; n_hidden 128 -> 16; epochs 300 -> 2; batch_size 250 -> 50; weight_variable(shape, name=None) -> weight_variable(shape, dtype=None, name=None) (tf-keras 2.21 calls an initializer with dtype=: TypeError otherwise); shuffle=False added to fit; hist.history['val_acc'] -> hist.history['val_accuracy'] (the metric's name since Keras 2.3: KeyError otherwise); matplotlib (not installed) and the plot dropped, `from sklearn.utils import shuffle` (unused) dropped
import numpy as np
from keras.models import Sequential
from keras.layers.core import Dense, Activation
from keras.layers.recurrent import LSTM
from keras.layers.wrappers import Bidirectional
from keras.optimizers import Adam
from keras.callbacks import EarlyStopping

np.random.seed(0)


class _Bunch(object):
    pass


def fetch_mldata(name, data_home=None):
    # stands in for sklearn.datasets.fetch_mldata('MNIST original'): uint8 data, float targets
    rng = np.random.RandomState(2017)
    n = 600
    target = rng.randint(0, 10, size=n).astype(np.float64)
    images = rng.randint(0, 110, size=(n, 28, 28))
    for i in range(n):
        k = int(target[i])
        images[i, 2 + 2 * k: 5 + 2 * k, 4:24] += 140
    mnist = _Bunch()
    mnist.data, mnist.target = images.reshape(n, 784).astype(np.uint8), target
    return mnist


def train_test_split(*arrays, train_size=None, test_size=None):
    # stands in for sklearn.model_selection.train_test_split (random_state=None: the global numpy generator)
    n = len(arrays[0])
    if test_size is None:
        test_size = n - train_size
    if train_size is None:
        train_size = n - test_size
    permutation = np.random.permutation(n)
    test, train = permutation[:test_size], permutation[test_size:test_size + train_size]
    result = []
    for a in arrays:
        result += [a[train], a[test]]
    return result


'''
データの生成
'''
mnist = fetch_mldata('MNIST original', data_home='.')

n = len(mnist.data)
N = 600  # MNISTの一部を使う
N_train = 400
N_validation = 80
indices = np.random.permutation(range(n))[:N]  # ランダムにN枚を選択

X = mnist.data[indices]
X = X / 255.0
X = X - X.mean(axis=1).reshape(len(X), 1)
X = X.reshape(len(X), 28, 28)  # 時系列データに変換
y = mnist.target[indices]
Y = np.eye(10)[y.astype(int)]  # 1-of-K 表現に変換

X_train, X_test, Y_train, Y_test = \
    train_test_split(X, Y, train_size=N_train)

X_train, X_validation, Y_train, Y_validation = \
    train_test_split(X_train, Y_train, test_size=N_validation)

'''
モデル設定
'''
n_in = 28
n_time = 28
n_hidden = 16
n_out = 10


def weight_variable(shape, dtype=None, name=None):
    return np.random.normal(scale=.01, size=shape)


early_stopping = EarlyStopping(monitor='val_loss', patience=10, verbose=1)

model = Sequential()
model.add(Bidirectional(LSTM(n_hidden),
                        input_shape=(n_time, n_in)))
model.add(Dense(n_out, kernel_initializer=weight_variable))
model.add(Activation('softmax'))

model.compile(loss='categorical_crossentropy',
              optimizer=Adam(lr=0.001, beta_1=0.9, beta_2=0.999),
              metrics=['accuracy'])

'''
モデル学習
'''
epochs = 2
batch_size = 50

hist = model.fit(X_train, Y_train,
                 batch_size=batch_size,
                 epochs=epochs,
                 validation_data=(X_validation, Y_validation),
                 callbacks=[early_stopping], shuffle=False)

'''
学習の進み具合を可視化
'''
acc = hist.history['val_accuracy']
loss = hist.history['val_loss']
print(acc, loss)

'''
予測精度の評価
'''
loss_and_metrics = model.evaluate(X_test, Y_test)
print(loss_and_metrics)
