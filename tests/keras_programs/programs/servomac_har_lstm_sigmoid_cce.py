# source: servomac/Human-Activity-Recognition main.py, data.py and utils.py (a widely starred and copied Keras LSTM for the UCI HAR smartphone data, the origin of the many "HAR_LSTM" copies: nine raw inertial signals, 128 steps, one LSTM, Dropout, a sigmoid Dense over six one-hot classes trained with categorical_crossentropy and RMSprop)
# commit: bd84d1bfb95e0f3d8a33013e704229fa5a288f92
# keras: tf_keras
# exercises: `import tensorflow as tf`, tf.random.set_seed; Keras 2 module paths `from keras.models import Sequential`, `from keras.layers import LSTM`, `from keras.layers.core import Dense, Dropout` (the old layers.core module); Sequential with model.add: LSTM(n_hidden, input_shape=(timesteps, input_dim)), Dropout, Dense(n_classes, activation='sigmoid'); compile(loss='categorical_crossentropy', optimizer='rmsprop', metrics=['accuracy']) on a sigmoid output (Keras's categorical_crossentropy rescales the six sigmoids to sum to one before the log, and 'accuracy' resolves to categorical accuracy from the one-hot targets); fit(X_train, Y_train, batch_size, validation_data=(X_test, Y_test), epochs) with the default verbose; predict on the test set; the argmax confusion matrix
# reduced: data.load_data (pandas read_csv of the nine "Inertial Signals" files, 7352 / 2947 windows, pd.get_dummies of y_*.txt) replaced by seeded numpy windows of the same per-sample shape (128 steps, 9 signals): 48 train and 24 test windows, every class present, one-hot labels by np.eye; utils.confusion_matrix's pd.crosstab replaced by a numpy count matrix (pandas is not installed where the corpus runs); n_hidden 32 -> 8; epochs 30 -> 2; batch_size 16 kept; Dropout 0.5 -> 0.0 (random masks cannot match across frameworks); shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay)
import numpy as np
np.random.seed(42)
import tensorflow as tf
tf.random.set_seed(42)

from keras.models import Sequential
from keras.layers import LSTM
from keras.layers.core import Dense, Dropout


# ---- utils.py ----
ACTIVITIES = {
    0: 'WALKING',
    1: 'WALKING_UPSTAIRS',
    2: 'WALKING_DOWNSTAIRS',
    3: 'SITTING',
    4: 'STANDING',
    5: 'LAYING',
}

def confusion_matrix(Y_true, Y_pred):
    counts = np.zeros((6, 6), dtype=int)
    for t, p in zip(np.argmax(Y_true, axis=1), np.argmax(Y_pred, axis=1)):
        counts[t, p] += 1
    return counts


# ---- data.py ----
def load_signals(subset):
    n = 48 if subset == 'train' else 24
    rng = np.random.RandomState(1 if subset == 'train' else 2)
    labels = rng.permutation(np.arange(n) % 6)
    t = np.arange(128)
    X = np.stack([np.sin(2 * np.pi * (labels[:, None] + 1) * t[None, :] / 128 + k) for k in range(9)], axis=2)
    return X + 0.3 * rng.randn(n, 128, 9), labels

def load_data():
    (X_train, y_train), (X_test, y_test) = load_signals('train'), load_signals('test')
    return X_train, X_test, np.eye(6)[y_train], np.eye(6)[y_test]


# ---- main.py ----
epochs = 2
batch_size = 16
n_hidden = 8

def _count_classes(y):
    return len(set([tuple(category) for category in y]))

X_train, X_test, Y_train, Y_test = load_data()

timesteps = len(X_train[0])
input_dim = len(X_train[0][0])
n_classes = _count_classes(Y_train)

model = Sequential()
model.add(LSTM(n_hidden, input_shape=(timesteps, input_dim)))
model.add(Dropout(0.0))
model.add(Dense(n_classes, activation='sigmoid'))

model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop',
              metrics=['accuracy'])

model.fit(X_train,
          Y_train,
          batch_size=batch_size,
          validation_data=(X_test, Y_test),
          epochs=epochs,
          shuffle=False)

# Evaluate
print(confusion_matrix(Y_test, model.predict(X_test)))
