# source: guildai/rare-event train_lstm.py (a script port, by the Guild AI team, of Chitta Ranjan's widely read "LSTM Autoencoder for Extreme Rare Event Classification in Keras" (Towards Data Science; cran2367/lstm_autoencoder_classifier): paper-mill sheet-break sensor data, temporalized windows, an LSTM autoencoder trained on normal windows only, reconstruction MSE thresholded)
# commit: 6a5d3d77a1835c92028581507eb297967ab7b1b9
# keras: tf_keras
# exercises: `from keras import optimizers, Sequential`, `from keras.models import Model`, `from keras.utils import plot_model`, `from keras.layers import Dense, LSTM, RepeatVector, TimeDistributed`, `from keras.callbacks import ModelCheckpoint, TensorBoard, EarlyStopping`; Sequential of LSTM(32, activation='relu', input_shape=(timesteps, n_features), return_sequences=True), LSTM(16, activation='relu', return_sequences=False), RepeatVector(timesteps), LSTM(16, relu, return_sequences=True), LSTM(32, relu, return_sequences=True), TimeDistributed(Dense(n_features)); summary(); to_json() written to checkpoints/model.json before compile; optimizers.Adam(lr) made but unused; compile(metrics=['accuracy'], loss='mse', optimizer='adam') ('accuracy' on a multi-feature regression output: tf.keras picks categorical_accuracy); ModelCheckpoint("checkpoints/weights.h5", save_best_only=True) (a whole-model .h5 on val_loss), EarlyStopping(patience=5); fit(..., validation_data=(X_valid_y0_scaled, X_valid_y0_scaled), verbose=2, callbacks=[cp, es]).history; predict on train / valid / test windows and the last-step reconstruction MSE against threshold_fixed
# reduced: data/rare-events-prepared.csv (pandas read_csv of ~18k rows x 59 sensors) replaced by 220 made-up rows of 6 sensors (seeded numpy, AR(1)-like noise; y = 1 on 6 rows whose sensors jump); `from tensorflow import set_random_seed; set_random_seed(11)` (TensorFlow 1 only: TF 2 has no set_random_seed, so the script fails on import) -> `import tensorflow as tf` and tf.random.set_seed(11); sklearn's train_test_split(test_size=0.2, random_state=SEED) replaced by a seeded permutation with the same shares, StandardScaler by a small class with the same fit / transform arithmetic; the pandas CSV dumps of dataprep/*.csv dropped; lookback 5 kept; LSTM units 32 / 16 -> 8 / 4; epochs 200 -> 3 (patience 5 stays); fit gets shuffle=False (TensorFlow's batch shuffling can't be replayed); the matplotlib / seaborn plots, pandas error_df, and sklearn's precision_recall_curve / confusion_matrix / roc_curve / auc replaced by numpy (a confusion matrix at threshold_fixed and a rank-based ROC AUC); the TensorBoard() callback (tb) left out of callbacks, its import kept (tensorboard is not installed in the Keras venv: tf.summary.scalar raises TBNotInstalledError); x-samples.json kept
import json
import os

import numpy as np

import tensorflow as tf
from keras import optimizers, Sequential
from keras.models import Model
from keras.utils import plot_model
from keras.layers import Dense, LSTM, RepeatVector, TimeDistributed
from keras.callbacks import ModelCheckpoint, TensorBoard, EarlyStopping

from numpy.random import seed
seed(7)
tf.random.set_seed(11)


class StandardScaler:
    def fit(self, X):
        self.mean_, self.scale_ = X.mean(axis=0), X.std(axis=0)
        return self

    def transform(self, X):
        return (X - self.mean_) / self.scale_


def train_test_split(X, y, test_size, random_state):
    order = np.random.RandomState(random_state).permutation(len(X))
    n_test = int(np.ceil(test_size * len(X)))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


def make_data(rows, n_sensors, rng):
    X = np.zeros((rows, n_sensors))
    for t in range(1, rows):
        X[t] = 0.8 * X[t - 1] + rng.randn(n_sensors)
    y = np.zeros(rows, dtype=np.int64)
    breaks = np.array([30, 70, 105, 140, 175, 205])
    y[breaks] = 1
    X[breaks - 1] += 3.0
    return X + 10.0, y


SEED = 123 #used to help randomly select the data points
DATA_SPLIT_PCT = 0.2
samples = 50

LABELS = ["Normal","Break"]

# Directories for generated content
dirs = ['logs', 'plots', 'dataprep', 'checkpoints']
for d in dirs:
    if not os.path.exists(d):
        os.mkdir(d)

input_X, input_y = make_data(220, 6, np.random.RandomState(0))

n_features = input_X.shape[1]  # number of features

def temporalize(X, y, lookback):
    output_X = []
    output_y = []
    for i in range(len(X)-lookback-1):
        t = []
        for j in range(1,lookback+1):
            # Gather past records upto the lookback period
            t.append(X[[(i+j+1)], :])
        output_X.append(t)
        output_y.append(y[i+lookback+1])
    return output_X, output_y

lookback = 5  # Equivalent to 10 min of past data.
# Temporalize the data
X, y = temporalize(X = input_X, y = input_y, lookback = lookback)

X_train, X_test, y_train, y_test = train_test_split(np.array(X), np.array(y), test_size=DATA_SPLIT_PCT, random_state=SEED)
X_train, X_valid, y_train, y_valid = train_test_split(X_train, y_train, test_size=DATA_SPLIT_PCT, random_state=SEED)

X_train_y0 = X_train[y_train==0]
X_train_y1 = X_train[y_train==1]

X_valid_y0 = X_valid[y_valid==0]
X_valid_y1 = X_valid[y_valid==1]

X_train = X_train.reshape(X_train.shape[0], lookback, n_features)
X_train_y0 = X_train_y0.reshape(X_train_y0.shape[0], lookback, n_features)
X_train_y1 = X_train_y1.reshape(X_train_y1.shape[0], lookback, n_features)

X_test = X_test.reshape(X_test.shape[0], lookback, n_features)

X_valid = X_valid.reshape(X_valid.shape[0], lookback, n_features)
X_valid_y0 = X_valid_y0.reshape(X_valid_y0.shape[0], lookback, n_features)
X_valid_y1 = X_valid_y1.reshape(X_valid_y1.shape[0], lookback, n_features)

def flatten(X):
    '''
    Flatten a 3D array.
    '''
    flattened_X = np.empty((X.shape[0], X.shape[2]))  # sample x features array.
    for i in range(X.shape[0]):
        flattened_X[i] = X[i, (X.shape[1]-1), :]
    return(flattened_X)

def scale(X, scaler):
    '''
    Scale 3D array.
    '''
    for i in range(X.shape[0]):
        X[i, :, :] = scaler.transform(X[i, :, :])

    return X

# Initialize a scaler using the training data.
scaler = StandardScaler().fit(flatten(X_train_y0))

X_train_y0_scaled = scale(X_train_y0, scaler)
X_train_y1_scaled = scale(X_train_y1, scaler)
X_train_scaled = scale(X_train, scaler)

a = flatten(X_train_y0_scaled)
print('colwise mean', np.mean(a, axis=0).round(6))
print('colwise variance', np.var(a, axis=0))

X_valid_scaled = scale(X_valid, scaler)

with open("x-samples.json", "w") as f:
    json.dump(X_valid_scaled[:samples].tolist(), f)

X_valid_y0_scaled = scale(X_valid_y0, scaler)

X_test_scaled = scale(X_test, scaler)

timesteps =  X_train_y0_scaled.shape[1] # equal to the lookback
n_features =  X_train_y0_scaled.shape[2] # 59

epochs = 3
batch = 64
lr = 0.0001
patience = 5

lstm_autoencoder = Sequential()
# Encoder
lstm_autoencoder.add(LSTM(8, activation='relu', input_shape=(timesteps, n_features), return_sequences=True))
lstm_autoencoder.add(LSTM(4, activation='relu', return_sequences=False))
lstm_autoencoder.add(RepeatVector(timesteps))
# Decoder
lstm_autoencoder.add(LSTM(4, activation='relu', return_sequences=True))
lstm_autoencoder.add(LSTM(8, activation='relu', return_sequences=True))
lstm_autoencoder.add(TimeDistributed(Dense(n_features)))
lstm_autoencoder.summary()

with open('checkpoints/model.json', 'w') as f:
    f.write(lstm_autoencoder.to_json())

adam = optimizers.Adam(lr)
lstm_autoencoder.compile(metrics=['accuracy'],
                         loss='mse',
                         optimizer='adam')

cp = ModelCheckpoint("checkpoints/weights.h5", save_best_only=True)
es = EarlyStopping(patience=patience)

history = lstm_autoencoder.fit(
    X_train_y0_scaled, X_train_y0_scaled,
    epochs=epochs,
    batch_size=batch,
    validation_data=(X_valid_y0_scaled, X_valid_y0_scaled),
    verbose=2,
    shuffle=False,
    callbacks=[cp, es]).history

print(sorted(history.keys()), history['loss'], history['val_loss'])

train_x_predictions = lstm_autoencoder.predict(X_train_scaled)
mse = np.mean(np.power(flatten(X_train_scaled) - flatten(train_x_predictions), 2), axis=1)

valid_x_predictions = lstm_autoencoder.predict(X_valid_scaled)
mse = np.mean(np.power(flatten(X_valid_scaled) - flatten(valid_x_predictions), 2), axis=1)

test_x_predictions = lstm_autoencoder.predict(X_test_scaled)
mse = np.mean(np.power(flatten(X_test_scaled) - flatten(test_x_predictions), 2), axis=1)

threshold_fixed = 0.3

pred_y = [1 if e > threshold_fixed else 0 for e in mse]

conf_matrix = np.zeros((2, 2), dtype=np.int64)
for t, p in zip(y_test, pred_y):
    conf_matrix[t, p] += 1
print(conf_matrix)

ranks = np.argsort(np.argsort(mse)) + 1
n_pos, n_neg = y_test.sum(), len(y_test) - y_test.sum()
roc_auc = (ranks[y_test == 1].sum() - n_pos * (n_pos + 1) / 2) / max(n_pos * n_neg, 1)
print("roc_auc: %s" % roc_auc)
