# source: yusugomori/deeplearning-tensorflow-keras 5/keras/02_sin_gru_keras.py (Yusuke Sugomori's 『詳解 ディープラーニング』 (a Japanese deep-learning textbook), chapter 5: a GRU learning a noisy sine wave, then generating it from its own predictions)
# commit: 34eb2eb70746b76abb2bc1178c721f0bf7b0c353
# keras: tf_keras
# exercises: Keras 2's old module paths keras.layers.core (Dense, Activation) and keras.layers.recurrent.GRU; kernel_initializer given a plain Python function weight_variable(shape, ...) that returns a float64 numpy array of np.random.normal(scale=.01) (on GRU and on Dense); a separate Activation('linear') layer; Adam(lr=0.001, beta_1=0.9, beta_2=0.999) with the deprecated lr name; compile(loss='mean_squared_error'); fit(batch_size=10, validation_data=..., callbacks=[EarlyStopping(monitor='val_loss', patience=10, verbose=1)]); then a closed-loop generation of predict(z_) on the last window, each prediction concatenated onto the window and np.append-ed to the history
# reduced: sklearn's train_test_split(X, Y, test_size=N_validation) (sklearn is not installed) replaced by a hand-written one doing what sklearn's ShuffleSplit does with the global numpy generator (a permutation, the first n_test rows the test set); matplotlib (not installed) and the plot dropped, `from sklearn.utils import shuffle` (unused) dropped; weight_variable(shape, name=None) -> weight_variable(shape, dtype=None, name=None) (tf-keras 2.21 calls an initializer as initializer(shape, dtype=dtype): TypeError "unexpected keyword argument 'dtype'" otherwise, where Keras 2.0 of the book called it with the shape alone); shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator); epochs 500 -> 3; the generation loop 176 -> 30 steps
import numpy as np
from keras.models import Sequential
from keras.layers.core import Dense, Activation
from keras.layers.recurrent import GRU
from keras.optimizers import Adam
from keras.callbacks import EarlyStopping

np.random.seed(123)


def train_test_split(*arrays, test_size):
    # stands in for sklearn.model_selection.train_test_split (random_state=None: the global numpy generator)
    n = len(arrays[0])
    permutation = np.random.permutation(n)
    test, train = permutation[:test_size], permutation[test_size:]
    result = []
    for a in arrays:
        result += [a[train], a[test]]
    return result


def sin(x, T=100):
    return np.sin(2.0 * np.pi * x / T)


def toy_problem(T=100, ampl=0.05):
    x = np.arange(0, 2 * T + 1)
    noise = ampl * np.random.uniform(low=-1.0, high=1.0, size=len(x))
    return sin(x) + noise


'''
データの生成
'''
T = 100
f = toy_problem(T)

length_of_sequences = 2 * T
maxlen = 25  # ひとつの時系列データの長さ

data = []
target = []

for i in range(0, length_of_sequences - maxlen + 1):
    data.append(f[i: i + maxlen])
    target.append(f[i + maxlen])

X = np.array(data).reshape(len(data), maxlen, 1)
Y = np.array(target).reshape(len(data), 1)

# データ設定
N_train = int(len(data) * 0.9)
N_validation = len(data) - N_train

X_train, X_validation, Y_train, Y_validation = \
    train_test_split(X, Y, test_size=N_validation)

'''
モデル設定
'''
n_in = len(X[0][0])  # 1
n_hidden = 60
n_out = len(Y[0])  # 1


def weight_variable(shape, dtype=None, name=None):
    return np.random.normal(scale=.01, size=shape)


early_stopping = EarlyStopping(monitor='val_loss', patience=10, verbose=1)

model = Sequential()
model.add(GRU(n_hidden,
              kernel_initializer=weight_variable,
              input_shape=(maxlen, n_in)))
model.add(Dense(n_out, kernel_initializer=weight_variable))
model.add(Activation('linear'))

optimizer = Adam(lr=0.001, beta_1=0.9, beta_2=0.999)
model.compile(loss='mean_squared_error',
              optimizer=optimizer)

'''
モデル学習
'''
epochs = 3
batch_size = 10

model.fit(X_train, Y_train,
          batch_size=batch_size,
          epochs=epochs,
          validation_data=(X_validation, Y_validation),
          callbacks=[early_stopping], shuffle=False)

'''
出力を用いて予測
'''
truncate = maxlen
Z = X[:1]  # 元データの最初の一部だけ切り出し

original = [f[i] for i in range(maxlen)]
predicted = [None for i in range(maxlen)]

for i in range(30):
    z_ = Z[-1:]
    y_ = model.predict(z_)
    sequence_ = np.concatenate(
        (z_.reshape(maxlen, n_in)[1:], y_),
        axis=0).reshape(1, maxlen, n_in)
    Z = np.append(Z, sequence_, axis=0)
    predicted.append(y_.reshape(-1))
print(np.array(predicted[-5:]).ravel())
