# source: UdamShakya/IMDP_sentiment_analysis src/train_multiple.py with src/train_lstm.py (build_model), hyperparams.py, src/preprocess.py and src/data_loader.py (a student IMDB sentiment project, 2025: a hand-written grid search without Keras Tuner, itertools.product over LSTM units, dropout, learning rate and batch size, each combination a fresh Embedding -> LSTM -> Dropout -> Dense(sigmoid) model trained with TensorBoard and ModelCheckpoint(save_best_only, monitor='val_accuracy') callbacks, its accuracy and loss curves saved per experiment)
# commit: c9b8b256da50b4dbb6cbf8dc87ace34f6321157a
# keras: keras
# exercises: `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.layers import Embedding, LSTM, Dense, Dropout`, `from tensorflow.keras.optimizers import Adam`, `from tensorflow.keras.callbacks import TensorBoard, ModelCheckpoint`, `from tensorflow.keras.preprocessing.sequence import pad_sequences`, `import tensorflow as tf` (unused); pad_sequences(maxlen) of ragged id lists (pre-padding, pre-truncating); itertools.product over a dict of lists turned into combination dicts; per combination: Sequential().add of Embedding(input_dim, output_dim) without input shape, LSTM(units), Dropout(rate), Dense(1, sigmoid); Adam(learning_rate=...) instance per model; compile(binary_crossentropy, metrics=['accuracy']); TensorBoard(log_dir=...) constructed, ModelCheckpoint(filepath='....h5', save_best_only=True, monitor='val_accuracy', mode='max') in fit(epochs, batch_size, validation_split=0.2, callbacks); history.history['accuracy'] / ['val_accuracy'] / ['loss'] / ['val_loss'] read
# reduced: imdb.load_data(num_words) (a download) -> 60 training reviews of 20 to 25 ids (truncated to 20 by pad_sequences, none padded) in which no id appears twice, cut from a seeded permutation, and 20 test reviews of 5 to 30 random ids, random 0/1 labels: no repeated id in a training batch because Keras 3 on TensorFlow gives Adam the Embedding's gradient as IndexedSlices and squares each occurrence's gradient before summing them, where statefulrnn squares their sum (README, "Where we differ from Keras"; as in keras_io_bidirectional_lstm_imdb); num_words 20000 -> 1600 and build_model's default vocab_size 20000 -> 1600, Embedding output_dim 128 -> 8, MAXLEN / maxlen 200 -> 20; hyperparams lstm_units [64, 128] -> [8, 16], dropout [0.3, 0.5] -> [0.0] (random masks cannot match), learning_rate [0.001, 0.0005] kept, batch_size [32, 64] -> [8, 16] (8 models); epochs 15 -> 2; shuffle=False added to fit; the modules it imports (hyperparams.py, train_lstm.py's build_model, preprocess.py, data_loader.py) written inline, the commented-out older train_lstm.py code left out; the matplotlib plots (savefig per experiment) left out; the experiment name's datetime.now() suffix dropped (the name stays the same between runs); the TensorBoard callback constructed but left out of fit's callbacks (tensorboard is not installed in the Keras venv: tf.summary.scalar raises TBNotInstalledError); model.build(input_shape=(None, MAXLEN)) added before compile in build_model (Keras 3 leaves a Sequential of Embedding(input_dim, output_dim) unbuilt until its first fit, after compile, where the harness hands both runs Keras's starting weights: an unbuilt model has none to hand)
import itertools
import os
import numpy as np
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Embedding, LSTM, Dense, Dropout
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.callbacks import TensorBoard, ModelCheckpoint
from tensorflow.keras.preprocessing.sequence import pad_sequences

# hyperparams.py
hyperparams = {
    'lstm_units': [8, 16],
    'dropout': [0.0],
    'learning_rate': [0.001, 0.0005],
    'batch_size': [8, 16]
}


# src/data_loader.py (imdb.load_data replaced by made-up reviews)
def load_data(num_words=10000):
    rng = np.random.RandomState(0)
    ids = rng.permutation(np.arange(1, num_words))
    lengths = rng.randint(20, 26, size=60)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    x_train = [list(ids[a:a + n]) for a, n in zip(starts, lengths)]
    x_test = [list(rng.randint(1, num_words, size=rng.randint(5, 31))) for _ in range(20)]
    y_train, y_test = rng.randint(0, 2, size=60), rng.randint(0, 2, size=20)
    print(f"Training samples: {len(x_train)}, Test samples: {len(x_test)}")
    return (x_train, y_train), (x_test, y_test)


# src/preprocess.py
MAXLEN = 20  # maximum review length

def preprocess_data(num_words=10000, maxlen=MAXLEN):
    (x_train, y_train), (x_test, y_test) = load_data(num_words=num_words)
    x_train = pad_sequences(x_train, maxlen=maxlen)
    x_test = pad_sequences(x_test, maxlen=maxlen)
    print(f"Padded x_train shape: {x_train.shape}")
    return (x_train, y_train), (x_test, y_test)


# src/train_lstm.py
def build_model(vocab_size=1600, lstm_units=64, dropout_rate=0.5, learning_rate=0.001):
    """
    Builds an LSTM model with given hyperparameters.
    """
    model = Sequential()
    model.add(Embedding(input_dim=vocab_size, output_dim=8))
    model.add(LSTM(lstm_units))
    model.add(Dropout(dropout_rate))
    model.add(Dense(1, activation='sigmoid'))
    model.build(input_shape=(None, MAXLEN))

    optimizer = Adam(learning_rate=learning_rate)
    model.compile(optimizer=optimizer, loss='binary_crossentropy', metrics=['accuracy'])
    return model


# src/train_multiple.py
# Load preprocessed data
(x_train, y_train), (x_test, y_test) = preprocess_data(num_words=1600, maxlen=20)

# Create directories if they don't exist
os.makedirs("logs/fit", exist_ok=True)
os.makedirs("images/day4", exist_ok=True)
os.makedirs("models/day4", exist_ok=True)

# Generate all hyperparameter combinations
keys, values = zip(*hyperparams.items())
combinations = [dict(zip(keys, v)) for v in itertools.product(*values)]

for combo in combinations:
    # Unique experiment name
    exp_name = f"lstm_units{combo['lstm_units']}_dropout{combo['dropout']}_lr{combo['learning_rate']}_bs{combo['batch_size']}"

    # TensorBoard callback
    log_dir = f"logs/fit/{exp_name}"
    tensorboard_cb = TensorBoard(log_dir=log_dir)

    # Model checkpoint callback
    checkpoint_cb = ModelCheckpoint(
        filepath=f"models/day4/{exp_name}.h5",
        save_best_only=True,
        monitor='val_accuracy',
        mode='max'
    )

    # Build LSTM model
    model = build_model(
        lstm_units=combo['lstm_units'],
        dropout_rate=combo['dropout'],
        learning_rate=combo['learning_rate']
    )

    # Train the model
    history = model.fit(
        x_train, y_train,
        epochs=2,
        batch_size=combo['batch_size'],
        validation_split=0.2,
        callbacks=[checkpoint_cb],
        shuffle=False
    )

    print(exp_name, history.history['accuracy'], history.history['val_accuracy'],
          history.history['loss'], history.history['val_loss'])
