# source: x4nth055/pythoncode-tutorials machine-learning/stock-prediction/stock_prediction.py, parameters.py and train.py (The Python Code's widely copied "How to Predict Stock Prices in Python using TensorFlow 2 and Keras": a multi-feature stock LSTM built by a create_model helper, trained with huber_loss and a weights-only ModelCheckpoint)
# commit: 9caa8d9c3f258d0c89765a66275a6adff0680726
# keras: tf_keras
# exercises: `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.layers import LSTM, Dense, Dropout, Bidirectional`, `from tensorflow.keras.callbacks import ModelCheckpoint, TensorBoard`; create_model(sequence_length, n_features, units, cell=LSTM, n_layers, dropout, loss, optimizer, bidirectional) adding `cell(units, return_sequences=True, batch_input_shape=(None, sequence_length, n_features))` then `cell(units, return_sequences=False)` with Dropout after each, Dense(1, activation="linear"); compile(loss="huber_loss", metrics=["mean_absolute_error"], optimizer="adam") (string loss name); ModelCheckpoint(path.h5, save_weights_only=True, save_best_only=True, verbose=1); TensorBoard(log_dir=...); fit(batch_size, epochs, validation_data, callbacks=[checkpointer], verbose=1); the model name built from CELL.__name__; then (test.py's use) load_weights of the best checkpoint into a second create_model model, evaluate unpacked as `mse, mae` and predict of the last window, inverse-scaled by hand
# reduced: load_data (yahoo_fin download, pandas DataFrame, sklearn MinMaxScaler per column, deque windows, sklearn train_test_split with shuffle) replaced by numpy: a made-up 5-column price series (adjclose, volume, open, high, low) scaled to [0, 1] column by column by hand, windows of N_STEPS with the adjclose LOOKUP_STEP days later as target, split by date without shuffling (SHUFFLE=False, SPLIT_BY_DATE=True); N_STEPS 50 -> 10, LOOKUP_STEP 15 -> 3, UNITS 256 -> 8, DROPOUT 0.4 -> 0.0, EPOCHS 500 -> 4; the 40 training windows are one batch of BATCH_SIZE=64 (Keras's shuffling cannot change the result); `import tensorflow as tf` and `tf.random.set_seed(314)` left out (TensorFlow itself, not Keras; the harness seeds numpy and random); the three modules put in one file (parameters, then stock_prediction's create_model, then train.py); test.py's evaluate/predict (its older version does not match create_model's signature) written after train.py with this create_model call; the csv save of the DataFrame left out; the TensorBoard(log_dir=...) callback left out of fit (tensorboard is not installed in the Keras venv, so TF's tf.summary fails there), its import kept
import os
import time
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense, Dropout, Bidirectional
from tensorflow.keras.callbacks import ModelCheckpoint, TensorBoard
import numpy as np
import random

# set seed, so we can get the same results after rerunning several times
np.random.seed(314)
random.seed(314)

# ---- parameters.py ----
# Window size or the sequence length
N_STEPS = 10
# Lookup step, 1 is the next day
LOOKUP_STEP = 3

# whether to scale feature columns & output price as well
SCALE = True
scale_str = f"sc-{int(SCALE)}"
# whether to shuffle the dataset
SHUFFLE = False
shuffle_str = f"sh-{int(SHUFFLE)}"
# whether to split the training/testing set by date
SPLIT_BY_DATE = True
split_by_date_str = f"sbd-{int(SPLIT_BY_DATE)}"
# test ratio size, 0.2 is 20%
TEST_SIZE = 0.2
# features to use
FEATURE_COLUMNS = ["adjclose", "volume", "open", "high", "low"]
# date now
date_now = time.strftime("%Y-%m-%d")

### model parameters

N_LAYERS = 2
# LSTM cell
CELL = LSTM
# 256 LSTM neurons
UNITS = 8
# 40% dropout
DROPOUT = 0.0
# whether to use bidirectional RNNs
BIDIRECTIONAL = False

### training parameters

# mean absolute error loss
# LOSS = "mae"
# huber loss
LOSS = "huber_loss"
OPTIMIZER = "adam"
BATCH_SIZE = 64
EPOCHS = 4

# Amazon stock market
ticker = "AMZN"
# model name to save, making it as unique as possible based on parameters
model_name = f"{date_now}_{ticker}-{shuffle_str}-{scale_str}-{split_by_date_str}-\
{LOSS}-{OPTIMIZER}-{CELL.__name__}-seq-{N_STEPS}-step-{LOOKUP_STEP}-layers-{N_LAYERS}-units-{UNITS}"
if BIDIRECTIONAL:
    model_name += "-b"


# ---- stock_prediction.py ----
def load_data(n_steps=50, lookup_step=1, test_size=0.2):
    days = np.arange(62)
    close = 100 + 0.5 * days + 5 * np.sin(days / 4) + np.random.randn(62)
    raw = np.stack([close, 1e6 + 1e5 * np.random.rand(62), close - np.random.rand(62),
                    close + np.random.rand(62), close - 1 - np.random.rand(62)], axis=1)
    result = {}
    lo, hi = raw.min(axis=0), raw.max(axis=0)
    result["column_scaler"] = {"adjclose": (lo[0], hi[0])}
    scaled = (raw - lo) / (hi - lo)
    X = np.array([scaled[i:i + n_steps] for i in range(len(scaled) - n_steps - lookup_step + 1)])
    y = np.array([scaled[i + n_steps - 1 + lookup_step, 0] for i in range(len(X))])
    result["last_sequence"] = scaled[-n_steps:].astype(np.float32)
    train_samples = int((1 - test_size) * len(X))
    result["X_train"] = X[:train_samples].astype(np.float32)
    result["y_train"] = y[:train_samples]
    result["X_test"] = X[train_samples:].astype(np.float32)
    result["y_test"] = y[train_samples:]
    return result


def create_model(sequence_length, n_features, units=256, cell=LSTM, n_layers=2, dropout=0.3,
                loss="mean_absolute_error", optimizer="rmsprop", bidirectional=False):
    model = Sequential()
    for i in range(n_layers):
        if i == 0:
            # first layer
            if bidirectional:
                model.add(Bidirectional(cell(units, return_sequences=True), batch_input_shape=(None, sequence_length, n_features)))
            else:
                model.add(cell(units, return_sequences=True, batch_input_shape=(None, sequence_length, n_features)))
        elif i == n_layers - 1:
            # last layer
            if bidirectional:
                model.add(Bidirectional(cell(units, return_sequences=False)))
            else:
                model.add(cell(units, return_sequences=False))
        else:
            # hidden layers
            if bidirectional:
                model.add(Bidirectional(cell(units, return_sequences=True)))
            else:
                model.add(cell(units, return_sequences=True))
        # add dropout after each layer
        model.add(Dropout(dropout))
    model.add(Dense(1, activation="linear"))
    model.compile(loss=loss, metrics=["mean_absolute_error"], optimizer=optimizer)
    return model


# ---- train.py ----
# create these folders if they does not exist
if not os.path.isdir("results"):
    os.mkdir("results")

if not os.path.isdir("logs"):
    os.mkdir("logs")

# load the data
data = load_data(N_STEPS, lookup_step=LOOKUP_STEP, test_size=TEST_SIZE)

# construct the model
model = create_model(N_STEPS, len(FEATURE_COLUMNS), loss=LOSS, units=UNITS, cell=CELL, n_layers=N_LAYERS,
                    dropout=DROPOUT, optimizer=OPTIMIZER, bidirectional=BIDIRECTIONAL)

# some tensorflow callbacks
checkpointer = ModelCheckpoint(os.path.join("results", model_name + ".h5"), save_weights_only=True, save_best_only=True, verbose=1)
# train the model and save the weights whenever we see 
# a new optimal model using ModelCheckpoint
history = model.fit(data["X_train"], data["y_train"],
                    batch_size=BATCH_SIZE,
                    epochs=EPOCHS,
                    validation_data=(data["X_test"], data["y_test"]),
                    callbacks=[checkpointer],
                    verbose=1)


# ---- test.py (its evaluate and predict) ----
model = create_model(N_STEPS, len(FEATURE_COLUMNS), loss=LOSS, units=UNITS, cell=CELL, n_layers=N_LAYERS,
                    dropout=DROPOUT, optimizer=OPTIMIZER, bidirectional=BIDIRECTIONAL)

model_path = os.path.join("results", model_name) + ".h5"
model.load_weights(model_path)

# evaluate the model
mse, mae = model.evaluate(data["X_test"], data["y_test"], verbose=0)
lo, hi = data["column_scaler"]["adjclose"]
print("Mean Absolute Error:", mae * (hi - lo))
last_sequence = np.expand_dims(data["last_sequence"], axis=0)
prediction = model.predict(last_sequence)
print(f"Future price after {LOOKUP_STEP} days is {prediction[0][0] * (hi - lo) + lo:.2f}$")
