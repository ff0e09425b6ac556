# source: KienMN/Human-activity-recoginition lstm_for_har.ipynb and utils.py (the code cells in order; a copy of J. Brownlee's "LSTMs for Human Activity Recognition Time Series Classification", Machine Learning Mastery: the UCI HAR smartphone data classified by an LSTM, a CNN-LSTM and a ConvLSTM, written with tf.keras)
# commit: c6864e6bb674c872062e0adf7966f65ddc26cc8b
# keras: tf_keras
# exercises: `import tensorflow as tf` and tf.keras.utils.to_categorical(y - 1) on an (n, 1) integer column; three tf.keras.Sequential lists, each starting with tf.keras.layers.InputLayer(input_shape=...): LSTM(units), Dropout, Dense(relu), Dense(n_outputs) (logits); a CNN-LSTM on (samples, subsequences, 32, 9) with InputLayer(input_shape=(None, n_length, n_features)), TimeDistributed(Conv1D(filters, kernel_size=3, activation='relu')) twice, TimeDistributed(Dropout), TimeDistributed(MaxPool1D(pool_size=2)), TimeDistributed(Flatten()), LSTM, Dropout, Dense(relu), Dense; a ConvLSTM on (samples, 4, 1, 32, 9): ConvLSTM2D(filters, kernel_size=(1, 3), activation='relu'), Dropout, Flatten, Dense(relu), Dense; each compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True), optimizer=tf.keras.optimizers.Adam(), metrics=['accuracy']), model.summary(), fit(epochs, batch_size, validation_data=(X_test, y_test)) with verbose default
# reduced: utils.load_dataset (pandas read_csv of the nine "Inertial Signals" files and y_*.txt of the UCI HAR dataset, 7352 and 2947 windows) replaced by a function making seeded random windows of the same shape per sample (128 steps, 9 channels) and integer labels 1..6 (every class present, so to_categorical gives six columns on both sets) as an (n, 1) column: 48 train, 20 test windows; LSTM(100) -> LSTM(16), Dense(100) -> Dense(16), Conv1D / ConvLSTM2D filters 64 -> 8; Dropout 0.5 -> 0.0 (random masks cannot match); EPOCHS 15 -> 2, BATCH_SIZE 64 -> 16 (three batches of 16); `import pandas`, `import matplotlib.pyplot` dropped (unused); notebook display expressions (`X_train.shape, ...`) written as print calls; shuffle=False added to the three fit calls (tf-keras shuffles the three batches with TensorFlow's generator, which PyTorch cannot replay)
import numpy as np
import tensorflow as tf


def load_dataset(group='train', prefix=''):
  # stand-in for utils.load_dataset: made-up HAR-shaped windows
  n = 48 if group == 'train' else 20
  rng = np.random.RandomState(1 if group == 'train' else 2)
  X = rng.normal(0.0, 0.5, size=(n, 128, 9))
  y = rng.permutation(np.arange(n) % 6 + 1).reshape(n, 1)
  return X, y


X_train, y_train = load_dataset(group='train', prefix='HARDataset/')
X_test, y_test = load_dataset(group='test', prefix='HARDataset/')
print(X_train.shape, y_train.shape, X_test.shape, y_test.shape)

y_train = tf.keras.utils.to_categorical(y_train - 1)
y_test = tf.keras.utils.to_categorical(y_test - 1)
print(y_train.shape, y_test.shape)

n_timesteps, n_features, n_outputs = X_train.shape[1], X_train.shape[2], y_train.shape[1]

def create_lstm_model():
  return tf.keras.Sequential([
    tf.keras.layers.InputLayer(input_shape=(n_timesteps, n_features)),
    tf.keras.layers.LSTM(16),
    tf.keras.layers.Dropout(0.0),
    tf.keras.layers.Dense(16, activation='relu'),
    tf.keras.layers.Dense(n_outputs)
  ])

model = create_lstm_model()
model.summary()

model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True),
              optimizer=tf.keras.optimizers.Adam(),
              metrics=['accuracy'])

EPOCHS = 2
BATCH_SIZE = 16

model.fit(X_train,
          y_train,
          epochs=EPOCHS,
          batch_size=BATCH_SIZE,
          validation_data=(X_test, y_test),
          shuffle=False)

# Reshape data into time steps of sub-sequences
n_steps, n_length = 4, 32
X_train = X_train.reshape(-1, n_steps, n_length, n_features)
X_test = X_test.reshape(-1, n_steps, n_length, n_features)

# Define the model
def create_cnn_lstm_model():
  return tf.keras.Sequential([
    tf.keras.layers.InputLayer(input_shape=(None, n_length, n_features)),
    tf.keras.layers.TimeDistributed(tf.keras.layers.Conv1D(filters=8, kernel_size=3, activation='relu')),
    tf.keras.layers.TimeDistributed(tf.keras.layers.Conv1D(filters=8, kernel_size=3, activation='relu')),
    tf.keras.layers.TimeDistributed(tf.keras.layers.Dropout(0.0)),
    tf.keras.layers.TimeDistributed(tf.keras.layers.MaxPool1D(pool_size=2)),
    tf.keras.layers.TimeDistributed(tf.keras.layers.Flatten()),
    tf.keras.layers.LSTM(16),
    tf.keras.layers.Dropout(0.0),
    tf.keras.layers.Dense(16, activation='relu'),
    tf.keras.layers.Dense(n_outputs)
  ])

model = create_cnn_lstm_model()
model.summary()

model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True),
              optimizer=tf.keras.optimizers.Adam(),
              metrics=['accuracy'])

model.fit(X_train,
          y_train,
          epochs=EPOCHS,
          batch_size=BATCH_SIZE,
          validation_data=(X_test, y_test),
          shuffle=False)

X_train = X_train.reshape(-1, n_steps, 1, n_length, n_features)
X_test = X_test.reshape(-1, n_steps, 1, n_length, n_features)
print(X_train.shape, X_test.shape)

def create_conv_lstm_model():
  return tf.keras.Sequential([
    tf.keras.layers.InputLayer(input_shape=(n_steps, 1, n_length, n_features)),
    tf.keras.layers.ConvLSTM2D(filters=8, kernel_size=(1, 3), activation='relu'),
    tf.keras.layers.Dropout(0.0),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(16, activation='relu'),
    tf.keras.layers.Dense(n_outputs)
  ])

model = create_conv_lstm_model()
model.summary()

model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True),
              optimizer=tf.keras.optimizers.Adam(),
              metrics=['accuracy'])

model.fit(X_train,
          y_train,
          epochs=EPOCHS,
          batch_size=BATCH_SIZE,
          validation_data=(X_test, y_test),
          shuffle=False)
