# source: ruohoruotsi/LSTM-Music-Genre-Classification lstm_genre_classifier_keras.py, then predict_example.py, with GenreFeatureData.py (a widely forked 2-layer LSTM classifying GTZAN music genres from MFCC, spectral centroid, chroma and spectral contrast frames; trained, saved to h5 and json, then reloaded with model_from_json + load_weights for a prediction)
# commit: c3318364a4b0c71a305bcc347df266c75007a55b (lstm_genre_classifier_keras.py), 2f9eb91f4939e9a97648f7220fd4d251273c297f (predict_example.py), 8e943e333888196521ff0b2fcdec479e0d00ff5d (GenreFeatureData.py)
# keras: tf_keras
# exercises: Keras 2's `from keras.layers.recurrent import LSTM`, `from keras.models import Sequential`, `from keras.optimizers import Adam`, `from keras.models import model_from_json`; GenreFeatureData's cached float64 .npy features (np.save to open files, np.load) and its one_hot of genre strings; Sequential.add of LSTM(units=, dropout=, recurrent_dropout=, return_sequences=True, input_shape=(128, 33)), LSTM(units=, return_sequences=False), Dense(units=8, activation="softmax"); compile(loss="categorical_crossentropy", optimizer=Adam(), metrics=["accuracy"]) before summary(); fit(batch_size=35, epochs=); evaluate(batch_size=35, verbose=1) unpacked as score, accuracy on dev and test sets; model.save("....h5") (a whole-model HDF5 file) and model.to_json() written with Path.write_text; predict_example's load_model: model_from_json(file.read()), load_weights of the whole-model h5 file, compile("categorical_crossentropy", "adam", ["accuracy"]); predict on one (1, 128, 33) float64 feature array, genre_list[np.argmax(prediction)]
# reduced: librosa's feature extraction (librosa.load of GTZAN .au files, mfcc, spectral_centroid, chroma_stft, spectral_contrast) replaced by make_features(): seeded numpy (RandomState(0)) arrays of the same layout (13 MFCC-like, 1 centroid-like, 12 chroma-like, 7 contrast-like columns per frame) written as the six ./gtzan/data_*.npy files GenreFeatureData.load_deserialize_data reads, so the program takes its "Preprocessed files exist" branch; GenreFeatureData inlined without librosa (path_to_audiofiles lists the empty ./gtzan/_train etc. folders, made here; extract_audio_features and precompute_min_timeseries_len, which only librosa paths reach, left out); timeseries_length 128 -> 12; train/dev/test 420/120/60 -> 35/14/10 sequences (35: one batch of batch_size 35, so fit's shuffling cannot change the result); LSTM units 128 -> 12 and 32 -> 6, dropout 0.05 -> 0.0 and recurrent_dropout 0.35 -> 0.0 (random masks cannot match); num_epochs 400 -> 3; `from pathlib import Path` added (the script calls Path without importing it: NameError at its last lines); predict_example's __main__ run inline after training: the README's step (copy the json to ./weights/model.json, the h5 to ./weights/model_weights.h5) done with shutil, extract_audio_features(file) replaced by a seeded (1, 12, 33) float64 array of the same layout
import logging
import os
import shutil
from pathlib import Path

import numpy as np
from keras.models import Sequential
from keras.layers.recurrent import LSTM
from keras.layers import Dense
from keras.optimizers import Adam
from keras.models import model_from_json

TIMESERIES_LENGTH = 12


def made_up_frames(rng, n):
    # Stands in for librosa's mfcc / spectral_centroid / chroma_stft / spectral_contrast frames.
    data = np.zeros((n, TIMESERIES_LENGTH, 33), dtype=np.float64)
    data[:, :, 0:13] = rng.normal(0.0, 20.0, (n, TIMESERIES_LENGTH, 13)) / 20.0
    data[:, :, 13:14] = rng.uniform(0.5, 3.0, (n, TIMESERIES_LENGTH, 1))
    data[:, :, 14:26] = rng.uniform(0.0, 1.0, (n, TIMESERIES_LENGTH, 12))
    data[:, :, 26:33] = rng.uniform(0.1, 0.6, (n, TIMESERIES_LENGTH, 7))
    return data


def make_features():
    rng = np.random.RandomState(0)
    for folder in ("./gtzan/_train", "./gtzan/_validation", "./gtzan/_test"):
        os.makedirs(folder, exist_ok=True)
    for part, n in (("train", 35), ("validation", 14), ("test", 10)):
        genres = rng.randint(0, 8, n)
        x = made_up_frames(rng, n)
        x[:, :, 0] += genres[:, None] * 0.3  # a little signal
        y = np.zeros((n, 8))
        y[np.arange(n), genres] = 1
        np.save("./gtzan/data_%s_input.npy" % part, x)
        np.save("./gtzan/data_%s_target.npy" % part, y)


make_features()


# ---- GenreFeatureData.py (without librosa)
class GenreFeatureData:

    "Music audio features for genre classification"
    hop_length = None
    genre_list = [
        "classical",
        "country",
        "disco",
        "hiphop",
        "jazz",
        "metal",
        "pop",
        "reggae",
    ]

    dir_trainfolder = "./gtzan/_train"
    dir_devfolder = "./gtzan/_validation"
    dir_testfolder = "./gtzan/_test"
    dir_all_files = "./gtzan"

    train_X_preprocessed_data = "./gtzan/data_train_input.npy"
    train_Y_preprocessed_data = "./gtzan/data_train_target.npy"
    dev_X_preprocessed_data = "./gtzan/data_validation_input.npy"
    dev_Y_preprocessed_data = "./gtzan/data_validation_target.npy"
    test_X_preprocessed_data = "./gtzan/data_test_input.npy"
    test_Y_preprocessed_data = "./gtzan/data_test_target.npy"

    train_X = train_Y = None
    dev_X = dev_Y = None
    test_X = test_Y = None

    def __init__(self):
        self.hop_length = 512

        self.timeseries_length_list = []
        self.trainfiles_list = self.path_to_audiofiles(self.dir_trainfolder)
        self.devfiles_list = self.path_to_audiofiles(self.dir_devfolder)
        self.testfiles_list = self.path_to_audiofiles(self.dir_testfolder)

        self.all_files_list = []
        self.all_files_list.extend(self.trainfiles_list)
        self.all_files_list.extend(self.devfiles_list)
        self.all_files_list.extend(self.testfiles_list)

        self.timeseries_length = (
            TIMESERIES_LENGTH
        )

    def load_deserialize_data(self):

        self.train_X = np.load(self.train_X_preprocessed_data)
        self.train_Y = np.load(self.train_Y_preprocessed_data)

        self.dev_X = np.load(self.dev_X_preprocessed_data)
        self.dev_Y = np.load(self.dev_Y_preprocessed_data)

        self.test_X = np.load(self.test_X_preprocessed_data)
        self.test_Y = np.load(self.test_Y_preprocessed_data)

    def one_hot(self, Y_genre_strings):
        y_one_hot = np.zeros((Y_genre_strings.shape[0], len(self.genre_list)))
        for i, genre_string in enumerate(Y_genre_strings):
            index = self.genre_list.index(genre_string)
            y_one_hot[i, index] = 1
        return y_one_hot

    @staticmethod
    def path_to_audiofiles(dir_folder):
        list_of_audio = []
        for file in os.listdir(dir_folder):
            if file.endswith(".au"):
                directory = "%s/%s" % (dir_folder, file)
                list_of_audio.append(directory)
        return list_of_audio


# ---- lstm_genre_classifier_keras.py
# set logging level
logging.getLogger("tensorflow").setLevel(logging.ERROR)

genre_features = GenreFeatureData()

# if all of the preprocessed files do not exist, regenerate them all for self-consistency
if (
    os.path.isfile(genre_features.train_X_preprocessed_data)
    and os.path.isfile(genre_features.train_Y_preprocessed_data)
    and os.path.isfile(genre_features.dev_X_preprocessed_data)
    and os.path.isfile(genre_features.dev_Y_preprocessed_data)
    and os.path.isfile(genre_features.test_X_preprocessed_data)
    and os.path.isfile(genre_features.test_Y_preprocessed_data)
):
    print("Preprocessed files exist, deserializing npy files")
    genre_features.load_deserialize_data()
else:
    print("Preprocessing raw audio files")
    genre_features.load_preprocess_data()

print("Training X shape: " + str(genre_features.train_X.shape))
print("Training Y shape: " + str(genre_features.train_Y.shape))
print("Dev X shape: " + str(genre_features.dev_X.shape))
print("Dev Y shape: " + str(genre_features.dev_Y.shape))
print("Test X shape: " + str(genre_features.test_X.shape))
print("Test Y shape: " + str(genre_features.test_Y.shape))

input_shape = (genre_features.train_X.shape[1], genre_features.train_X.shape[2])
print("Build LSTM RNN model ...")
model = Sequential()

model.add(LSTM(units=12, dropout=0.0, recurrent_dropout=0.0, return_sequences=True, input_shape=input_shape))
model.add(LSTM(units=6,  dropout=0.0, recurrent_dropout=0.0, return_sequences=False))
model.add(Dense(units=genre_features.train_Y.shape[1], activation="softmax"))

print("Compiling ...")
# Keras optimizer defaults:
# Adam   : lr=0.001, beta_1=0.9,  beta_2=0.999, epsilon=1e-8, decay=0.
# RMSprop: lr=0.001, rho=0.9,                   epsilon=1e-8, decay=0.
# SGD    : lr=0.01,  momentum=0.,                             decay=0.
opt = Adam()
model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])
model.summary()

print("Training ...")
batch_size = 35  # num of training examples per minibatch
num_epochs = 3
model.fit(
    genre_features.train_X,
    genre_features.train_Y,
    batch_size=batch_size,
    epochs=num_epochs,
)

print("\nValidating ...")
score, accuracy = model.evaluate(
    genre_features.dev_X, genre_features.dev_Y, batch_size=batch_size, verbose=1
)
print("Dev loss:  ", score)
print("Dev accuracy:  ", accuracy)


print("\nTesting ...")
score, accuracy = model.evaluate(
    genre_features.test_X, genre_features.test_Y, batch_size=batch_size, verbose=1
)
print("Test loss:  ", score)
print("Test accuracy:  ", accuracy)

# Creates a HDF5 file 'lstm_genre_classifier.h5'
model_filename = "lstm_genre_classifier_lstm.h5"
print("\nSaving model: " + model_filename)
model.save(model_filename)
# Creates a json file
print("creating .json file....")
model_json = model.to_json()
f = Path("./lstm_genre_classifier_lstm.json")
f.write_text(model_json)

# ---- README: copy model.json and the h5 (renamed model_weights.h5) to ./weights/
os.makedirs("./weights", exist_ok=True)
shutil.copy("./lstm_genre_classifier_lstm.json", "./weights/model.json")
shutil.copy("./lstm_genre_classifier_lstm.h5", "./weights/model_weights.h5")


# ---- predict_example.py
def load_model(model_path, weights_path):
    "Load the trained LSTM model from directory for genre classification"
    with open(model_path, "r") as model_file:
        trained_model = model_from_json(model_file.read())
    trained_model.load_weights(weights_path)
    trained_model.compile(
        loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
    )
    return trained_model


def extract_audio_features(file):
    "Extract audio features from an audio file for genre classification"
    # librosa.load + feature extraction replaced by made-up frames of the same layout
    return made_up_frames(np.random.RandomState(42), 1)


def get_genre(model, music_path):
    "Predict genre of music using a trained model"
    prediction = model.predict(extract_audio_features(music_path))
    predict_genre = GenreFeatureData().genre_list[np.argmax(prediction)]
    return predict_genre


PATH = "./audio/classical_music.mp3"
MODEL = load_model("./weights/model.json", "./weights/model_weights.h5")
GENRE = get_genre(MODEL, PATH)
print("Model predict: {}".format(GENRE))
