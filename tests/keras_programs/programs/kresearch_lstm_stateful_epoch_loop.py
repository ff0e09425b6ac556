# source: K-Research/Keras 190731/keras28_lstm_stateful.py (a Korean day-by-day Keras study repo: a stateful LSTM predicts the next number of 1..100 from 4, trained one epoch at a time with reset_states between epochs)
# commit: 028a31e60e384142b39697918adb881f9c525ee9
# keras: tf_keras
# exercises: `import keras` twice, `from keras.models/layers/callbacks import ...` (Dropout, BatchNormalization imported, unused); windows cut from np.array(range(1, 101)) by a hand-written split_5 into an int64 array, reshaped to (96, 4, 1); Sequential of LSTM(4, batch_input_shape=(1, 4, 1), stateful=True), Dense(3, relu), Dense(2), Dense(1); compile(loss='mse', optimizer='adam', metrics=['mse']); keras.callbacks.TensorBoard(log_dir='./graph', histogram_freq=0, write_graph=True, write_images=True) constructed (see reduced) and EarlyStopping(monitor='loss', patience=100, mode='auto') passed to each fit (a fresh 1-epoch fit each time, so it never stops); a Python loop of fit(epochs=1, batch_size=1, verbose=2, shuffle=False, validation_data=(x_train + 100, y_train + 100)) then model.reset_states(), history.history['loss'] / ['val_loss'] collected; evaluate(batch_size=1) unpacked as `mse, _`; reset_states; predict(x_test, batch_size=1); RMSE and R2 of the predictions
# reduced: num_epochs 100 -> 3; the TensorBoard callback constructed but left out of fit's callbacks (tensorboard is not installed in the Keras venv: tf.summary.scalar raises TBNotInstalledError); sklearn's mean_squared_error and r2_score (sklearn is not installed) replaced by numpy one-liners with the same formulas; the matplotlib loss plot left out; the data is the program's own (range(1, 101))
import numpy as np

import keras
from keras.models import Sequential
from keras.layers import Dense, LSTM, Dropout, BatchNormalization

# 1. 데이터 수집
a = np.array(range(1, 101))
batch_size = 1
size = 5

history_loss = []
history_val_loss = []

def split_5(seq, size):
    aaa = []
    for i in range(len(a) - size + 1):
        subset = a[i : (i + size)]
        aaa.append([item for item in subset])
    print(type(aaa))
    return np.array(aaa)

dataset = split_5(a, size)
# print("=================")
# print(dataset)
# print(dataset.shape)

x_train = dataset[ : , 0 : 4]
y_train = dataset[ : , 4]

x_train = np.reshape(x_train, (len(x_train), size - 1, batch_size))

x_test = x_train + 100
y_test = y_train + 100

# print(x_train.shape)
# print(y_train.shape)
# print(x_test.shape)
# print(y_test.shape)
# print(x_test[0])

# 2. 모델 구성
model = Sequential()
model.add(LSTM(4, batch_input_shape = (1, 4, 1), stateful = True))
model.add(Dense(3, activation = 'relu'))
model.add(Dense(2))
model.add(Dense(1))

# model.summary()

model.compile(loss = 'mse', optimizer = 'adam', metrics = ['mse'])

num_epochs = 3

import keras
tb_hist = keras.callbacks.TensorBoard(log_dir = './graph', histogram_freq = 0, write_graph = True, write_images = True)

from keras.callbacks import EarlyStopping

early_stopping = EarlyStopping(monitor = 'loss', patience = 100, mode = 'auto')

for epoch_idx in range(num_epochs):
    print('epochs : ' + str(epoch_idx))
    history = model.fit(x_train, y_train, epochs = 1, batch_size = 1, verbose = 2, shuffle = False, validation_data = (x_test, y_test), callbacks = [early_stopping])
    history_loss.append(history.history['loss'])
    history_val_loss.append(history.history['val_loss'])
    model.reset_states()

mse, _ = model.evaluate(x_train, y_train, batch_size = 1)
print("mse : ", mse)
model.reset_states()

y_predict = model.predict(x_test, batch_size = 1)

print(y_predict[0 : 5])

# RMSE
def mean_squared_error(y_true, y_pred):
    return np.mean((np.reshape(y_true, (len(y_true), -1)) - np.reshape(y_pred, (len(y_pred), -1))) ** 2)

def RMSE(y_test, y_predict):
    return np.sqrt(mean_squared_error(y_test, y_predict))

print("RMSE : ", RMSE(y_test, y_predict))

# R2
def r2_score(y_true, y_pred):
    y_true = np.reshape(y_true, (len(y_true), -1)); y_pred = np.reshape(y_pred, (len(y_pred), -1))
    return 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean(axis=0)) ** 2)

r2_y_predict = r2_score(y_test, y_predict)
print("R2 : ", r2_y_predict)
