# source: musikalkemist/DeepLearningForAudioWithPython "19 - How to implement an RNN-LSTM for music genre classification"/code/lstm_genre_classifier.py (Valerio Velardo's "Deep Learning (for Audio) with Python" series, The Sound of AI: GTZAN genre classification from MFCC segments with two stacked LSTMs)
# commit: bb763f64e88c858007d6aebb10af874045acfb13
# keras: tf_keras
# exercises: `import tensorflow.keras as keras`; data loaded from a json file of MFCC segments and labels (json.load, np.array); keras.Sequential() with model.add(keras.layers.LSTM(64, input_shape=input_shape, return_sequences=True)), keras.layers.LSTM(64), Dense(64, activation='relu'), keras.layers.Dropout, Dense(10, activation='softmax'); keras.optimizers.Adam(learning_rate=0.0001); compile(optimizer=optimiser, loss='sparse_categorical_crossentropy', metrics=['accuracy']); summary(); fit(X_train, y_train, validation_data=(X_validation, y_validation), batch_size=32, epochs); history.history["accuracy"] / ["val_accuracy"] / ["loss"] / ["val_loss"] read by plot_history; evaluate(X_test, y_test, verbose=2) unpacked into test_loss, test_acc
# reduced: the GTZAN data_10.json (MFCCs of 3-second segments of 1000 clips, produced by extract_data.py from a download) replaced by a made-up json file of the same layout written to the scratch folder ({"mapping", "mfcc", "labels"}; 120 segments of 13 steps x 13 coefficients, seeded genre-dependent values plus noise, labels 0..9), DATA_PATH -> "data_10.json"; sklearn's train_test_split (random shuffles) replaced by a seeded numpy permutation and the same test_size / validation_size fractions (90 / 30 split, then 72 / 18); the `if __name__ == "__main__":` body kept at module level as it runs; LSTM(64) -> LSTM(8) (both), Dense(64) -> Dense(8), epochs 30 -> 2; Dropout(0.3) -> Dropout(0.0) (random masks cannot match); shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator, which PyTorch cannot replay); plot_history's matplotlib plotting left out (the history keys it reads are read)
import json
import numpy as np
import tensorflow.keras as keras

# path to json file that stores MFCCs and genre labels for each processed segment
DATA_PATH = "data_10.json" # path/to/dataset/in/json/file


def write_made_up_dataset(data_path):
    # stand-in for extract_data.py's json of GTZAN MFCC segments
    rng = np.random.RandomState(10)
    labels = list(rng.permutation(np.arange(120) % 10))
    mfcc = [(rng.normal(0, 1, size=(13, 13)) + label * 0.3 + np.sin(np.arange(13) * (label + 1) / 5.0)[:, None]).tolist()
            for label in labels]
    with open(data_path, "w") as fp:
        json.dump({"mapping": ["genre%d" % i for i in range(10)], "mfcc": mfcc, "labels": [int(l) for l in labels]}, fp)


def train_test_split(X, y, test_size):
    # stand-in for sklearn's train_test_split: a seeded shuffle, then the last test_size part
    indices = np.random.RandomState(len(X)).permutation(len(X))
    n_test = int(np.ceil(test_size * len(X)))
    train, test = indices[:-n_test], indices[-n_test:]
    return X[train], X[test], y[train], y[test]

def load_data(data_path):
    """Loads training dataset from json file.

        :param data_path (str): Path to json file containing data
        :return X (ndarray): Inputs
        :return y (ndarray): Targets
    """

    with open(data_path, "r") as fp:
        data = json.load(fp)

    X = np.array(data["mfcc"])
    y = np.array(data["labels"])
    return X, y


def plot_history(history):
    """Plots accuracy/loss for training/validation set as a function of the epochs

        :param history: Training history of model
        :return:
    """

    curves = (history.history["accuracy"], history.history["val_accuracy"],
              history.history["loss"], history.history["val_loss"])


def prepare_datasets(test_size, validation_size):
    """Loads data and splits it into train, validation and test sets.

    :param test_size (float): Value in [0, 1] indicating percentage of data set to allocate to test split
    :param validation_size (float): Value in [0, 1] indicating percentage of train set to allocate to validation split

    :return X_train (ndarray): Input training set
    :return X_validation (ndarray): Input validation set
    :return X_test (ndarray): Input test set
    :return y_train (ndarray): Target training set
    :return y_validation (ndarray): Target validation set
    :return y_test (ndarray): Target test set
    """

    # load data
    X, y = load_data(DATA_PATH)

    # create train, validation and test split
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size)
    X_train, X_validation, y_train, y_validation = train_test_split(X_train, y_train, test_size=validation_size)

    return X_train, X_validation, X_test, y_train, y_validation, y_test


def build_model(input_shape):
    """Generates RNN-LSTM model

    :param input_shape (tuple): Shape of input set
    :return model: RNN-LSTM model
    """

    # build network topology
    model = keras.Sequential()

    # 2 LSTM layers
    model.add(keras.layers.LSTM(8, input_shape=input_shape, return_sequences=True))
    model.add(keras.layers.LSTM(8))

    # dense layer
    model.add(keras.layers.Dense(8, activation='relu'))
    model.add(keras.layers.Dropout(0.0))

    # output layer
    model.add(keras.layers.Dense(10, activation='softmax'))

    return model


write_made_up_dataset(DATA_PATH)


# get train, validation, test splits
X_train, X_validation, X_test, y_train, y_validation, y_test = prepare_datasets(0.25, 0.2)

# create network
input_shape = (X_train.shape[1], X_train.shape[2]) # 130, 13
model = build_model(input_shape)

# compile model
optimiser = keras.optimizers.Adam(learning_rate=0.0001)
model.compile(optimizer=optimiser,
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])

model.summary()

# train model
history = model.fit(X_train, y_train, validation_data=(X_validation, y_validation), batch_size=32, epochs=2, shuffle=False)

# plot accuracy/error for training and validation
plot_history(history)

# evaluate model on test set
test_loss, test_acc = model.evaluate(X_test, y_test, verbose=2)
print('\nTest accuracy:', test_acc)
