# source: deepsound-project/genre-recognition train_model.py, common.py (GENRES, get_layer_output_function, load_track) and genre_recognizer.py (GenreRecognizer) (deepsound.io's widely starred "Music genre recognition" demo, the code of its blog post: GTZAN log-mel spectrograms, three Conv1D + relu + MaxPooling1D blocks, an LSTM over the pooled frames, a per-frame softmax 'output_realtime' averaged over time by a Lambda 'output_merged'; the Flask server reloads the model and plots the per-frame genre probabilities of an uploaded song)
# commit: 153c4efb3a94ac02d15da7e80fddf80a52bb19ee (the last version with the LSTM; the next commit removed it)
# keras: tf_keras
# exercises: Input((None, n_features), name='input') (variable-length time axis); a loop of Convolution1D(filters, kernel_size, name='convolution_%d') (Keras 2's Convolution1D alias), Activation('relu'), MaxPooling1D(2); Dropout; LSTM(return_sequences=True); TimeDistributed(Dense(10)); Activation('softmax', name='output_realtime'); Lambda(function=lambda x: K.mean(x, axis=1), output_shape=lambda shape: (shape[0],) + shape[2:], name='output_merged'); Model(model_input, model_output); legacy RMSprop(lr=0.00001); compile(categorical_crossentropy, metrics=['accuracy']); fit(batch_size=32, epochs, validation_data=(x_val, y_val), verbose=1); model.save to one HDF5 file and load_model of it (the Lambda's Python function restored from its saved bytecode); model.get_layer('input').input / get_layer('output_realtime').output and K.function([input], [output]) called as f([x])[0] on a song longer than the training clips
# reduced: the GTZAN data pickle (create_data_pickle.py's log-mel spectrograms of 1000 30-second clips, 647 frames x 128 mels) replaced by seeded numpy log-mel-like arrays (40 clips of 64 frames x 16 mels, genre-dependent band patterns plus noise, one-hot labels over the 10 GENRES); sklearn's train_test_split(test_size=0.3, random_state=SEED) replaced by a seeded numpy permutation with the same fraction (28 / 12); librosa's load_track of an uploaded song replaced by one seeded 80 x 16 array with the same log-mel shape and a duration; OptionParser's parse_args() -> parse_args([]) with default paths under the scratch folder (data.pkl written there first with pickle); CONV_FILTER_COUNT 256 -> 8, LSTM_COUNT 256 -> 8, EPOCH_COUNT 100 -> 2, Dropout(0.5) -> Dropout(0.0) (random masks cannot match); fit(nb_epoch=...) -> fit(epochs=...) (tf-keras refuses Keras 1's nb_epoch) and shuffle=False added (tf-keras shuffles with TensorFlow's generator); `from tensorflow.keras.optimizers import RMSprop` -> `from tensorflow.keras.optimizers.legacy import RMSprop` (tf-keras >= 2.11's new RMSprop warns about `lr=` and then ignores it, training at 0.001; statefulrnn takes lr= as Keras 2 meant it, the corpus's known divergence); the saving lines `f.write(model.to_yaml())` + `model.save_weights(options.weights_path)` (to_yaml is gone from tf-keras, and options has no weights_path: an AttributeError as committed) -> model.save(options.model_path), the single HDF5 file the commit message ("Save model architecture and weights to a single HDF5") and GenreRecognizer's load_model expect; the Flask server.py left out, GenreRecognizer(model_path).recognize(track) called once instead; load_model(model_path) -> load_model(model_path, custom_objects={'K': K}) (the Lambda's bytecode reads K; Keras 2.2 of 2018 resolved it from keras.layers.core's own globals, where tf-keras's Lambda.from_config looks in sys.modules[<the function's module>], '__main__' of the harness, not this program's namespace; as in douglas125_kws_attrnn); `import matplotlib; matplotlib.use('Agg')` (for librosa) dropped; in get_layer_output_function, K.function([input, K.learning_phase()], [output]) called as f([x, 0]) -> K.function([input], [output]) called as f([x]) (TF1's learning-phase placeholder: tf-keras 2.21's eager K.learning_phase() is the int 0, which K.function refuses as an input: ValueError "Expecting KerasTensor ... Got: 0"; test mode is the default)
import numpy as np
import tensorflow.keras.backend as K
from tensorflow.keras.callbacks import Callback
from tensorflow.keras.models import Model, load_model
from tensorflow.keras.optimizers.legacy import RMSprop
from tensorflow.keras.layers import Input, Dense, Lambda, Dropout, Activation, LSTM, \
        TimeDistributed, Convolution1D, MaxPooling1D
import pickle
from optparse import OptionParser
from sys import stderr, argv
import os

# common.py
GENRES = ['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal',
        'pop', 'reggae', 'rock']
N_MELS = 16


def get_layer_output_function(model, layer_name):
    input = model.get_layer('input').input
    output = model.get_layer(layer_name).output
    f = K.function([input], [output])
    return lambda x: f([x])[0] # learning_phase = 0 means test


def load_track(filename, enforce_shape=None):
    # stand-in for librosa's log-mel spectrogram of a song: (frames, N_MELS), duration in seconds
    rng = np.random.RandomState(5)
    features = np.exp(rng.normal(0, 1, size=(80, N_MELS)) + np.sin(np.arange(N_MELS) / 3.0))
    features[features == 0] = 1e-6
    return (np.log(features), 80 * 1024 / 22050.0)


def train_test_split(x, y, test_size, random_state):
    # stand-in for sklearn's train_test_split: a seeded shuffle, the last test_size part held out
    idx = np.random.RandomState(random_state).permutation(len(x))
    n_test = int(np.ceil(test_size * len(x)))
    return x[idx[:-n_test]], x[idx[-n_test:]], y[idx[:-n_test]], y[idx[-n_test:]]


# train_model.py
SEED = 42
N_LAYERS = 3
FILTER_LENGTH = 5
CONV_FILTER_COUNT = 8
LSTM_COUNT = 8
BATCH_SIZE = 32
EPOCH_COUNT = 2

def train_model(data):
    x = data['x']
    y = data['y']
    (x_train, x_val, y_train, y_val) = train_test_split(x, y, test_size=0.3,
            random_state=SEED)

    print('Building model...')

    n_features = x_train.shape[2]
    input_shape = (None, n_features)
    model_input = Input(input_shape, name='input')
    layer = model_input
    for i in range(N_LAYERS):
        # convolutional layer names are used by extract_filters.py
        layer = Convolution1D(
                filters=CONV_FILTER_COUNT,
                kernel_size=FILTER_LENGTH,
                name='convolution_' + str(i + 1)
            )(layer)
        layer = Activation('relu')(layer)
        layer = MaxPooling1D(2)(layer)

    layer = Dropout(0.0)(layer)
    layer = LSTM(LSTM_COUNT, return_sequences=True)(layer)
    layer = Dropout(0.0)(layer)
    layer = TimeDistributed(Dense(len(GENRES)))(layer)
    layer = Activation('softmax', name='output_realtime')(layer)
    time_distributed_merge_layer = Lambda(
            function=lambda x: K.mean(x, axis=1), 
            output_shape=lambda shape: (shape[0],) + shape[2:],
            name='output_merged'
        )
    model_output = time_distributed_merge_layer(layer)
    model = Model(model_input, model_output)
    opt = RMSprop(lr=0.00001)
    model.compile(
            loss='categorical_crossentropy',
            optimizer=opt,
            metrics=['accuracy']
        )

    print('Training...')
    model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCH_COUNT,
              validation_data=(x_val, y_val), verbose=1, shuffle=False)

    return model


# genre_recognizer.py
class GenreRecognizer:

    def __init__(self, model_path):
        model = load_model(model_path, custom_objects={'K': K})
        self.pred_fun = get_layer_output_function(model, 'output_realtime')
        print('Loaded model.')
    
    def recognize(self, track_path):
        print('Loading song', track_path)
        (features, duration) = load_track(track_path)
        features = np.reshape(features, (1,) + features.shape)
        return (self.pred_fun(features), duration)


def write_made_up_data(path):
    # stand-in for create_data_pickle.py's GTZAN pickle: {'x': (clips, frames, mels), 'y': one-hot}
    rng = np.random.RandomState(0)
    labels = np.arange(40) % len(GENRES)
    bands = np.arange(N_MELS)[None, :]
    x = np.array([rng.normal(0, 1, size=(64, N_MELS)) + np.cos(bands * (g + 1) / 7.0) for g in labels])
    y = np.eye(len(GENRES))[labels]
    with open(path, 'wb') as f:
        pickle.dump({'x': x, 'y': y}, f)


if __name__ == '__main__':
    os.makedirs('data', exist_ok=True)
    os.makedirs('models', exist_ok=True)
    write_made_up_data('data/data.pkl')

    parser = OptionParser()
    parser.add_option('-d', '--data_path', dest='data_path',
            default='data/data.pkl',
            help='path to the data pickle', metavar='DATA_PATH')
    parser.add_option('-m', '--model_path', dest='model_path',
            default='models/model.h5',
            help='path to the output model HDF5 file', metavar='MODEL_PATH')
    options, args = parser.parse_args([])

    with open(options.data_path, 'rb') as f:
        data = pickle.load(f)

    model = train_model(data)

    model.save(options.model_path)

    genre_recognizer = GenreRecognizer(options.model_path)
    (predictions, duration) = genre_recognizer.recognize('uploads/song.mp3')
    print(predictions.shape, duration)
    print(np.round(predictions[0, :3], 4))
