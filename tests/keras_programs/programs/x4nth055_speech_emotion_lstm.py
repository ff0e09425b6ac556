# source: x4nth055/emotion-recognition-using-speech deep_emotion_recognition.py (DeepEmotionRecognizer and its __main__), with the parts of emotion_recognition.py (EmotionRecognizer.__init__, load_data, _verify_emotions) and utils.py (get_first_letters, get_dropout_str, AVAILABLE_EMOTIONS) it uses (The Python Code's widely starred "Speech Emotion Recognition": MFCC, chroma and mel features of RAVDESS / TESS / EMO-DB clips fed to stacked LSTMs and Dense layers; the whole training set is reshaped into ONE sequence (1, n_samples, n_features) with one label per step, and a single clip is predicted as a one-step sequence)
# commit: 4deabbe620de58c64215ff6103298604f0b0fe54
# keras: tf_keras
# exercises: `from tensorflow.keras.layers import LSTM, GRU, Dense, Activation, LeakyReLU, Dropout`, `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.callbacks import ModelCheckpoint, TensorBoard`, `from tensorflow.keras.utils import to_categorical`; a Sequential built in loops from kwargs: self.cell(units, return_sequences=True, input_shape=(None, input_length)) (the cell class passed in, LSTM), Dropout, a middle LSTM, Dense layers applied to a 3-D sequence output, Dense(output_dim, activation='softmax'); compile(loss='categorical_crossentropy', metrics=['accuracy'], optimizer='adam'); to_categorical of label ids, one-hot labels reshaped to (1, n, classes); fit of ONE sample of n time steps with batch_size=64, validation_data=(X_test, y_test) of one sample, callbacks=[ModelCheckpoint(results/<name>.h5, save_best_only=True, verbose=1)], verbose=1; a second recognizer that finds the checkpoint file and model.load_weights it instead of training; predict of the (1, n, features) sequences and of a single (1, 1, features) step, np.argmax(np.squeeze(...)); accuracy and a percentage confusion matrix by hand
# reduced: the RAVDESS / TESS / EMO-DB clips, their CSV metadata (create_csv) and data_extractor.load_data's librosa MFCC + chroma + mel features (180 per clip) replaced by seeded numpy features, 16 per clip, made by load_data in place of the package's, for 5 emotions: 60 training and 25 testing clips (balanced as the package balances, 12 / 5 per emotion); extract_feature(audio_path) for a single prediction returns a made-up clip of the same 16 features; EmotionRecognizer's base class reduced to what DeepEmotionRecognizer uses (emotions, _verify_emotions, features / audio_config, classification, balance, verbose, data_loaded, load_data; the CSV writing and the sklearn grid search left out); sklearn's accuracy_score / confusion_matrix and pandas's DataFrame (neither installed where the corpus runs) replaced by numpy counts and a dict of rows; rnn_units 128 -> 8, dense_units 128 -> 8, dropout 0.3 -> 0.0 (random masks cannot match), epochs 300 -> 3; the TensorBoard callback left out (tensorboard is not installed in the Keras venv the reference is recorded with), its import kept; the stderr redirection around the imports left out; a second DeepEmotionRecognizer with the same parameters added to run the package's `train(override=False)` path that loads the saved weights
import os
import sys
import random
import numpy as np
import tensorflow as tf

from tensorflow.keras.layers import LSTM, GRU, Dense, Activation, LeakyReLU, Dropout
from tensorflow.keras.layers import Conv1D, MaxPool1D, GlobalAveragePooling1D
from tensorflow.keras.models import Sequential
from tensorflow.keras.callbacks import ModelCheckpoint, TensorBoard
from tensorflow.keras.utils import to_categorical


# ---- utils.py (the parts used) ----
AVAILABLE_EMOTIONS = {
    "neutral",
    "calm",
    "happy",
    "sad",
    "angry",
    "fear",
    "disgust",
    "ps", # pleasant surprised
    "boredom"
}

def get_first_letters(emotions):
    return "".join(sorted([ e[0].upper() for e in emotions ]))

def get_dropout_str(dropout, n_layers=3):
    if isinstance(dropout, list):
        return "_".join([ str(d) for d in dropout])
    elif isinstance(dropout, float):
        return "_".join([ str(dropout) for i in range(n_layers) ])

def get_audio_config(features_list):
    audio_config = {'mfcc': False, 'chroma': False, 'mel': False, 'contrast': False, 'tonnetz': False}
    for feature in features_list:
        audio_config[feature] = True
    return audio_config

N_FEATURES = 16

def extract_feature(file_name, **kwargs):
    # stand-in for librosa's mfcc / chroma / mel means of one clip
    rng = np.random.RandomState(sum(map(ord, file_name)))
    return np.sin(np.arange(N_FEATURES) * 0.7 + 2.0) + rng.normal(0, 0.3, N_FEATURES)


# ---- data_extractor.load_data stand-in ----
def load_data(train_desc_files, test_desc_files, audio_config, classification, emotions, balance):
    rng = np.random.RandomState(2020)
    result = {}
    for part, per_emotion in (("train", 12), ("test", 5)):
        labels = [e for e in emotions for _ in range(per_emotion)]
        rng.shuffle(labels)
        X = np.array([np.sin(np.arange(N_FEATURES) * 0.7 + emotions.index(e)) + rng.normal(0, 0.3, N_FEATURES) for e in labels])
        result[f"X_{part}"] = X
        result[f"y_{part}"] = np.array(labels)
        result[f"{part}_audio_paths"] = [f"data/{part}/{i}_{e}.wav" for i, e in enumerate(labels)]
    return result


# ---- emotion_recognition.py (the parts DeepEmotionRecognizer uses) ----
class EmotionRecognizer:
    def __init__(self, model=None, **kwargs):
        # model
        self.model = model
        # emotions
        self.emotions = kwargs.get("emotions", ["sad", "neutral", "happy"])
        # make sure that there are only available emotions
        self._verify_emotions()
        # audio config
        self.features = kwargs.get("features", ["mfcc", "chroma", "mel"])
        self.audio_config = get_audio_config(self.features)
        self.classification = kwargs.get("classification", True)
        self.balance = kwargs.get("balance", True)
        self.verbose = kwargs.get("verbose", 1)
        self.train_desc_files, self.test_desc_files = ["train_tess_ravdess.csv"], ["test_tess_ravdess.csv"]
        # boolean attributes
        self.data_loaded = False
        self.model_trained = False

    def _verify_emotions(self):
        for emotion in self.emotions:
            assert emotion in AVAILABLE_EMOTIONS, "Emotion not recognized."

    def load_data(self):
        if not self.data_loaded:
            result = load_data(self.train_desc_files, self.test_desc_files, self.audio_config, self.classification,
                                emotions=self.emotions, balance=self.balance)
            self.X_train = result['X_train']
            self.X_test = result['X_test']
            self.y_train = result['y_train']
            self.y_test = result['y_test']
            self.train_audio_paths = result['train_audio_paths']
            self.test_audio_paths = result['test_audio_paths']
            if self.verbose:
                print("[+] Data loaded")
            self.data_loaded = True


def accuracy_score(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))

def confusion_matrix(y_true, y_pred, labels):
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred):
        matrix[labels.index(t), labels.index(p)] += 1
    return matrix


# ---- deep_emotion_recognition.py ----
class DeepEmotionRecognizer(EmotionRecognizer):
    """
    The Deep Learning version of the Emotion Recognizer.
    This class uses RNN (LSTM, GRU, etc.) and Dense layers.
    #TODO add CNNs
    """
    def __init__(self, **kwargs):
        # init EmotionRecognizer
        super().__init__(**kwargs)

        self.n_rnn_layers = kwargs.get("n_rnn_layers", 2)
        self.n_dense_layers = kwargs.get("n_dense_layers", 2)
        self.rnn_units = kwargs.get("rnn_units", 128)
        self.dense_units = kwargs.get("dense_units", 128)
        self.cell = kwargs.get("cell", LSTM)

        # list of dropouts of each layer
        # must be len(dropouts) = n_rnn_layers + n_dense_layers
        self.dropout = kwargs.get("dropout", 0.3)
        self.dropout = self.dropout if isinstance(self.dropout, list) else [self.dropout] * ( self.n_rnn_layers + self.n_dense_layers )
        # number of classes ( emotions )
        self.output_dim = len(self.emotions)

        # optimization attributes
        self.optimizer = kwargs.get("optimizer", "adam")
        self.loss = kwargs.get("loss", "categorical_crossentropy")

        # training attributes
        self.batch_size = kwargs.get("batch_size", 64)
        self.epochs = kwargs.get("epochs", 500)

        # the name of the model
        self.model_name = ""
        self._update_model_name()

        # init the model
        self.model = None

        # compute the input length
        self._compute_input_length()

        # boolean attributes
        self.model_created = False

    def _update_model_name(self):
        emotions_str = get_first_letters(self.emotions)
        # 'c' for classification & 'r' for regression
        problem_type = 'c' if self.classification else 'r'
        dropout_str = get_dropout_str(self.dropout, n_layers=self.n_dense_layers + self.n_rnn_layers)
        self.model_name = f"{emotions_str}-{problem_type}-{self.cell.__name__}-layers-{self.n_rnn_layers}-{self.n_dense_layers}-units-{self.rnn_units}-{self.dense_units}-dropout-{dropout_str}.h5"

    def _get_model_filename(self):
        """Returns the relative path of this model name"""
        return f"results/{self.model_name}"

    def _model_exists(self):
        filename = self._get_model_filename()
        return filename if os.path.isfile(filename) else None

    def _compute_input_length(self):
        if not self.data_loaded:
            self.load_data()
        self.input_length = self.X_train[0].shape[1]

    def _verify_emotions(self):
        super()._verify_emotions()
        self.int2emotions = {i: e for i, e in enumerate(self.emotions)}
        self.emotions2int = {v: k for k, v in self.int2emotions.items()}

    def create_model(self):
        """
        Constructs the neural network based on parameters passed.
        """
        if self.model_created:
            # model already created, why call twice
            return

        if not self.data_loaded:
            # if data isn't loaded yet, load it
            self.load_data()

        model = Sequential()

        # rnn layers
        for i in range(self.n_rnn_layers):
            if i == 0:
                # first layer
                model.add(self.cell(self.rnn_units, return_sequences=True, input_shape=(None, self.input_length)))
                model.add(Dropout(self.dropout[i]))
            else:
                # middle layers
                model.add(self.cell(self.rnn_units, return_sequences=True))
                model.add(Dropout(self.dropout[i]))

        if self.n_rnn_layers == 0:
            i = 0

        # dense layers
        for j in range(self.n_dense_layers):
            # if n_rnn_layers = 0, only dense
            if self.n_rnn_layers == 0 and j == 0:
                model.add(Dense(self.dense_units, input_shape=(None, self.input_length)))
                model.add(Dropout(self.dropout[i+j]))
            else:
                model.add(Dense(self.dense_units))
                model.add(Dropout(self.dropout[i+j]))

        if self.classification:
            model.add(Dense(self.output_dim, activation="softmax"))
            model.compile(loss=self.loss, metrics=["accuracy"], optimizer=self.optimizer)
        else:
            model.add(Dense(1, activation="linear"))
            model.compile(loss="mean_squared_error", metrics=["mean_absolute_error"], optimizer=self.optimizer)

        self.model = model
        self.model_created = True
        if self.verbose > 0:
            print("[+] Model created")

    def load_data(self):
        """
        Loads and extracts features from the audio files for the db's specified.
        And then reshapes the data.
        """
        super().load_data()
        # reshape X's to 3 dims
        X_train_shape = self.X_train.shape
        X_test_shape = self.X_test.shape
        self.X_train = self.X_train.reshape((1, X_train_shape[0], X_train_shape[1]))
        self.X_test = self.X_test.reshape((1, X_test_shape[0], X_test_shape[1]))

        if self.classification:
            # one-hot encode when its classification
            self.y_train = to_categorical([ self.emotions2int[str(e)] for e in self.y_train ])
            self.y_test = to_categorical([ self.emotions2int[str(e)] for e in self.y_test ])

        # reshape labels
        y_train_shape = self.y_train.shape
        y_test_shape = self.y_test.shape
        if self.classification:
            self.y_train = self.y_train.reshape((1, y_train_shape[0], y_train_shape[1]))
            self.y_test = self.y_test.reshape((1, y_test_shape[0], y_test_shape[1]))
        else:
            self.y_train = self.y_train.reshape((1, y_train_shape[0], 1))
            self.y_test = self.y_test.reshape((1, y_test_shape[0], 1))

    def train(self, override=False):
        # if model isn't created yet, create it
        if not self.model_created:
            self.create_model()

        # if the model already exists and trained, just load the weights and return
        # but if override is True, then just skip loading weights
        if not override:
            model_name = self._model_exists()
            if model_name:
                self.model.load_weights(model_name)
                self.model_trained = True
                if self.verbose > 0:
                    print("[*] Model weights loaded")
                return

        if not os.path.isdir("results"):
            os.mkdir("results")

        if not os.path.isdir("logs"):
            os.mkdir("logs")

        model_filename = self._get_model_filename()

        self.checkpointer = ModelCheckpoint(model_filename, save_best_only=True, verbose=1)
        # (self.tensorboard = TensorBoard(log_dir=os.path.join("logs", self.model_name)) left out: no tensorboard package)

        self.history = self.model.fit(self.X_train, self.y_train,
                        batch_size=self.batch_size,
                        epochs=self.epochs,
                        validation_data=(self.X_test, self.y_test),
                        callbacks=[self.checkpointer],
                        verbose=self.verbose)

        self.model_trained = True
        if self.verbose > 0:
            print("[+] Model trained")

    def predict(self, audio_path):
        feature = extract_feature(audio_path, **self.audio_config).reshape((1, 1, self.input_length))
        if self.classification:
            prediction = self.model.predict(feature)
            prediction = np.argmax(np.squeeze(prediction))
            return self.int2emotions[prediction]
        else:
            return np.squeeze(self.model.predict(feature))

    def predict_proba(self, audio_path):
        if self.classification:
            feature = extract_feature(audio_path, **self.audio_config).reshape((1, 1, self.input_length))
            proba = self.model.predict(feature)[0][0]
            result = {}
            for prob, emotion in zip(proba, self.emotions):
                result[emotion] = prob
            return result
        else:
            raise NotImplementedError("Probability prediction doesn't make sense for regression")

    def test_score(self):
        y_test = self.y_test[0]
        if self.classification:
            y_pred = self.model.predict(self.X_test)[0]
            y_pred = [np.argmax(y, out=None, axis=None) for y in y_pred]
            y_test = [np.argmax(y, out=None, axis=None) for y in y_test]
            return accuracy_score(y_true=y_test, y_pred=y_pred)

    def train_score(self):
        y_train = self.y_train[0]
        if self.classification:
            y_pred = self.model.predict(self.X_train)[0]
            y_pred = [np.argmax(y, out=None, axis=None) for y in y_pred]
            y_train = [np.argmax(y, out=None, axis=None) for y in y_train]
            return accuracy_score(y_true=y_train, y_pred=y_pred)

    def confusion_matrix(self, percentage=True, labeled=True):
        """Compute confusion matrix to evaluate the test accuracy of the classification"""
        if not self.classification:
            raise NotImplementedError("Confusion matrix works only when it is a classification problem")
        y_pred = self.model.predict(self.X_test)[0]
        y_pred = np.array([ np.argmax(y, axis=None, out=None) for y in y_pred])
        # invert from keras.utils.to_categorical
        y_test = np.array([ np.argmax(y, axis=None, out=None) for y in self.y_test[0] ])
        labels = [self.emotions2int[e] for e in self.emotions]
        matrix = confusion_matrix(list(y_test), list(y_pred), labels=labels).astype(np.float32)
        if percentage:
            for i in range(len(matrix)):
                matrix[i] = matrix[i] / np.sum(matrix[i])
            # make it percentage
            matrix *= 100
        if labeled:
            matrix = {f"true_{e}": dict(zip([ f"predicted_{e}" for e in self.emotions ], row)) for e, row in zip(self.emotions, matrix)}
        return matrix


if __name__ == "__main__":
    rec = DeepEmotionRecognizer(emotions=['angry', 'sad', 'neutral', 'ps', 'happy'],
                                rnn_units=8, dense_units=8, dropout=0.0,
                                epochs=3, verbose=1)
    rec.train(override=False)
    print("Test accuracy score:", rec.test_score() * 100, "%")
    print("Train accuracy score:", rec.train_score() * 100, "%")
    print(rec.confusion_matrix(percentage=True, labeled=True))
    print("Prediction:", rec.predict("data/validation/Actor_10/03-02-05-02-02-02-10_angry.wav"))
    print("Probabilities:", rec.predict_proba("data/emodb/wav/16a01Wb.wav"))

    rec2 = DeepEmotionRecognizer(emotions=['angry', 'sad', 'neutral', 'ps', 'happy'],
                                 rnn_units=8, dense_units=8, dropout=0.0,
                                 epochs=3, verbose=1)
    rec2.train(override=False)
    print("Reloaded test accuracy score:", rec2.test_score() * 100, "%")
