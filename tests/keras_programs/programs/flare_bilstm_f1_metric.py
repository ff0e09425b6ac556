# source: falric05/AII-Flare-prediction notebooks/LSTM_model.ipynb (a flare forecaster on simulated blazar light curves)
# commit: 0dcc4e1896bb9484345b80dcc1b858192fdb0f6f
# keras: tf_keras
# exercises: hand-written batch-wise metrics with `from keras import backend as K` (recall_m, precision_m and f1_m: K.sum(K.round(K.clip(y_true * y_pred, 0, 1))), K.epsilon()) passed as compile(metrics=[f1_m, 'accuracy']), averaged over the batches as Keras's MeanMetricWrapper does (the last batch smaller); a Sequential of Bidirectional(LSTM(20, activation='relu'), input_shape=(20, 1)) fed 2-D windows (N, 20) (Keras adds the feature axis), Dense(30, relu), Dense(10, relu), Dense(1, sigmoid); loss='binary_crossentropy', optimizer='adam'; summary(); fit(epochs, verbose=1) on integer labels; evaluate(verbose=0) and np.round of predict
# reduced: the notebook's cells are one script; its data (Libs.load_data.DataLoader's simulated light-curve grid, Libs.threshold's physical labels, pandas windows of 20 steps shuffled by DataFrame.sample) replaced by 136 numpy random walks of 21 steps, the first 20 a window and the label whether the 21st is above 1 (100 training windows: batches of 32, 32, 32 and 4; 36 test windows); epochs=3 instead of 20 and shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay); sklearn's accuracy_score, f1_score and confusion_matrix prints left out (sklearn is not installed here)
import numpy as np
import tensorflow as tf

from keras.models import Sequential
from keras.layers import LSTM
from keras.layers import Dense
from keras.layers import Bidirectional

from keras import backend as K

def recall_m(y_true, y_pred):
    true_positives = K.sum(K.round(K.clip(y_true * y_pred, 0, 1)))
    possible_positives = K.sum(K.round(K.clip(y_true, 0, 1)))
    recall = true_positives / (possible_positives + K.epsilon())
    return recall

def precision_m(y_true, y_pred):
    true_positives = K.sum(K.round(K.clip(y_true * y_pred, 0, 1)))
    predicted_positives = K.sum(K.round(K.clip(y_pred, 0, 1)))
    precision = true_positives / (predicted_positives + K.epsilon())
    return precision

def f1_m(y_true, y_pred):
    precision = precision_m(y_true, y_pred)
    recall = recall_m(y_true, y_pred)
    return 2*((precision*recall)/(precision+recall+K.epsilon()))

walks = np.cumsum(0.4 * np.random.randn(136, 21), axis=1)
X_train, X_test = walks[:100, :20], walks[100:, :20]
y_train, y_test = (walks[:100, 20] > 1.0).astype(int), (walks[100:, 20] > 1.0).astype(int)

print('Train:', X_train.shape, y_train.shape)
print('Test: ', X_test.shape, y_test.shape)

# define model
model = Sequential()
# model.add(Bidirectional(LSTM(30, return_sequences=True), input_shape=(X_train.shape[1], 1)))
model.add(Bidirectional(LSTM(20, activation='relu'), input_shape=(X_train.shape[1], 1)))
# model.add(LSTM(100))
model.add(Dense(30, activation='relu'))
model.add(Dense(10, activation='relu'))
model.add(Dense(1, activation='sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=[f1_m, 'accuracy'])

print(model.summary())

# fit model
model.fit(X_train, y_train, epochs=3, verbose=1, shuffle=False)

scores = model.evaluate(X_test, y_test, verbose=0)
y_pred = np.round(model.predict(X_test), 0)

print("### Evaluation on test set ###")
