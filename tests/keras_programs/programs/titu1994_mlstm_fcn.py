# source: titu1994/MLSTM-FCN japanese_vowels_model.py with utils/keras_utils.py (train_model, evaluate_model, set_trainable), utils/generic_utils.py (load_dataset_at, calculate_dataset_metrics) and utils/constants.py (Karim et al.'s multivariate LSTM-FCN with squeeze-and-excite blocks, trained on a UEA/WEASEL-MUSE dataset of .npy files and evaluated from its best checkpoint)
# commit: 85100ccfec7ee08106b3a25906a0c9c707e1b7ab
# keras: tf_keras
# exercises: `from keras.layers import Input, Dense, LSTM, multiply, concatenate, Activation, Masking, Reshape`, Conv1D, BatchNormalization, GlobalAveragePooling1D, Permute, Dropout; the MLSTM-FCN functional model: Input(shape=(MAX_NB_VARIABLES, MAX_TIMESTEPS)), Masking()(ip) into LSTM(8) and Dropout; Permute((2, 1))(ip) into three Conv1D(128/256/128, 8/5/3, padding='same', kernel_initializer='he_uniform') + BatchNormalization() + Activation('relu') blocks, the first two followed by squeeze_excite_block (GlobalAveragePooling1D, Reshape((1, filters)), Dense(filters // 16, relu, he_normal, use_bias=False), Dense(filters, sigmoid, he_normal, use_bias=False), multiply([input, se])); GlobalAveragePooling1D, concatenate([x, y]), Dense(NB_CLASS, softmax); model.summary(); train_model: a LabelEncoder-based reciprocal class frequency as class_weight, to_categorical, ModelCheckpoint(.h5, verbose=1, mode='auto', monitor='loss', save_best_only=True, save_weights_only=True), ReduceLROnPlateau(monitor='loss', patience=100, mode='auto', factor=1/cbrt(2), cooldown=0, min_lr=1e-4, verbose=2), Adam(lr=learning_rate), compile(categorical_crossentropy, metrics=['accuracy']), fit(batch_size=128, epochs, callbacks, class_weight, verbose=2, validation_data); evaluate_model: to_categorical, compile again with Adam(lr=1e-3), load_weights of the best checkpoint, evaluate(batch_size=128) unpacked to (loss, accuracy)
# reduced: AttentionLSTM (utils/layer_utils.py) is a Keras 2.0 `keras.layers.Recurrent` subclass (keras.engine, keras.legacy.interfaces), which tf-keras no longer has, so the script's generate_model_2 (Masking + AttentionLSTM) is replaced by the file's own generate_model (Masking + LSTM(8), the MLSTM-FCN variant) and generate_model_2/3/4 are left out; the script's `__main__` only evaluates pre-trained weights: its commented-out train_model line is run before evaluate_model; the JapaneseVowels .npy files (X_train.npy, y_train.npy, X_test.npy, y_test.npy in '../data/WEASEL_MUSE_DATASETS/JapaneseVowels/') replaced by make_dataset(), which writes made-up ones to './data/JapaneseVowels/' in the working folder (40 training and 24 test samples of 12 variables by 26 time steps, 3 classes of unequal size with labels 1..3 as (n, 1) floats, each sample zero-padded after a random length of 10..26 steps as the real data are; two samples in each set have one variable all zero, so Masking masks that LSTM step); utils/constants.py cut to that one dataset at DATASET_INDEX 0 (32 in the repository), NB_CLASSES 9 -> 3; Conv1D filters 128/256/128 -> 64/128/64 (the squeeze-excite Dense layers follow, filters // 16 = 4 and 8): Adam's first step, lr * g / (|g| + 1e-7), turns the float32 rounding of the few kernel gradients near 1e-7 (measured: 5 of the third conv's 98304, 1e-5 of the largest) into weight differences of ~1.3e-6, beyond the tolerance, that no other implementation reproduces; fewer kernel elements leave fewer such; epochs 1000 -> 3 (40 training samples make one batch of 128, so fit's shuffle cannot change the result); Dropout(0.8) -> Dropout(0.0) (random masks cannot match); the three Conv1D layers get use_bias=False: a bias just before BatchNormalization has a gradient that is zero in exact arithmetic, so Adam turns its float rounding noise into steps of ~1e-6 that no other implementation reproduces (measured: with the biases, 86 of the first conv's 128 biases differ after one epoch, with opposite signs); squeeze_excite_block's `input._keras_shape[-1]` (Keras 2.0's attribute, absent in tf-keras) -> `input.shape[-1]`; class_weight=class_weight (a numpy array: Keras 2.0-2.2's standardize_weights ignored anything but a dict, and tf-keras raises "The truth value of an array ... is ambiguous") -> class_weight=dict(enumerate(class_weight)), the weights the code computes; sklearn's LabelEncoder (not installed here nor in the Keras venv) replaced by a hand-written one with fit_transform, transform and classes_; pandas/matplotlib imports and mpl.style.use dropped; keras_utils' unused multi_label_log_loss, _average_gradient_norm, compute_average_gradient_norm and MaskablePermute and generic_utils' cutoff_choice/cutoff_sequence (never reached: the data have MAX_NB_VARIABLES variables) left out; './weights/' made with os.makedirs; the modules share one namespace here, where the model file's `MAX_NB_VARIABLES = MAX_NB_VARIABLES[DATASET_INDEX]` would rebind the list keras_utils indexes, so keras_utils reads it as MAX_NB_VARIABLES_LIST
import os
import numpy as np


class LabelEncoder(object):
    def fit(self, y):
        self.classes_ = np.unique(y)
        return self

    def transform(self, y):
        return np.searchsorted(self.classes_, y)

    def fit_transform(self, y):
        return self.fit(y).transform(y)


# utils/constants.py
TRAIN_FILES = ['./data/JapaneseVowels/',  # 0
               ]

TEST_FILES = ['./data/JapaneseVowels/',  # 0
              ]

MAX_NB_VARIABLES = [12,  # 0
                    ]

MAX_TIMESTEPS_LIST = [26,  # 0
                      ]

NB_CLASSES_LIST = [3,  # 0
                   ]

MAX_NB_VARIABLES_LIST = MAX_NB_VARIABLES  # keras_utils' own name for the list: the model file rebinds MAX_NB_VARIABLES


def make_dataset(path='./data/JapaneseVowels/'):
    os.makedirs(path, exist_ok=True)
    rng = np.random.RandomState(7)
    t = np.arange(26)

    def samples(counts):
        X, y = [], []
        for label, count in enumerate(counts, start=1):
            for _ in range(count):
                x = np.zeros((12, 26))
                length = rng.randint(10, 27)
                freq = 0.15 * label + 0.05 * np.arange(12)[:, None]
                x[:, :length] = np.sin(freq * t[None, :length] + rng.rand(12, 1)) * (0.5 + 0.2 * label) + 0.3 * rng.randn(12, length)
                X.append(x)
                y.append([float(label)])
        X, y = np.array(X), np.array(y)
        for i in (3, len(X) - 2):
            X[i, 5, :] = 0.0
        return X, y

    X_train, y_train = samples([20, 12, 8])
    X_test, y_test = samples([10, 8, 6])
    np.save(path + 'X_train.npy', X_train)
    np.save(path + 'y_train.npy', y_train)
    np.save(path + 'X_test.npy', X_test)
    np.save(path + 'y_test.npy', y_test)


make_dataset()


# utils/generic_utils.py
def load_dataset_at(index, fold_index=None, normalize_timeseries=False, verbose=True) -> (np.array, np.array):
    if verbose: print("Loading train / test dataset : ", TRAIN_FILES[index], TEST_FILES[index])

    if fold_index is None:
        x_train_path = TRAIN_FILES[index] + "X_train.npy"
        y_train_path = TRAIN_FILES[index] + "y_train.npy"
        x_test_path = TEST_FILES[index] + "X_test.npy"
        y_test_path = TEST_FILES[index] + "y_test.npy"
    else:
        x_train_path = TRAIN_FILES[index] + "X_train_%d.npy" % fold_index
        y_train_path = TRAIN_FILES[index] + "y_train_%d.npy" % fold_index
        x_test_path = TEST_FILES[index] + "X_test_%d.npy" % fold_index
        y_test_path = TEST_FILES[index] + "y_test_%d.npy" % fold_index

    if os.path.exists(x_train_path):
        X_train = np.load(x_train_path)
        y_train = np.load(y_train_path)
        X_test = np.load(x_test_path)
        y_test = np.load(y_test_path)
    elif os.path.exists(x_train_path[1:]):
        X_train = np.load(x_train_path[1:])
        y_train = np.load(y_train_path[1:])
        X_test = np.load(x_test_path[1:])
        y_test = np.load(y_test_path[1:])
    else:
        raise FileNotFoundError('File %s not found!' % (TRAIN_FILES[index]))

    is_timeseries = True

    # extract labels Y and normalize to [0 - (MAX - 1)] range
    nb_classes = len(np.unique(y_train))
    y_train = (y_train - y_train.min()) / (y_train.max() - y_train.min()) * (nb_classes - 1)

    if is_timeseries:
        # scale the values
        if normalize_timeseries:
            X_train_mean = X_train.mean()
            X_train_std = X_train.std()
            X_train = (X_train - X_train_mean) / (X_train_std + 1e-8)

    if verbose: print("Finished processing train dataset..")

    # extract labels Y and normalize to [0 - (MAX - 1)] range
    nb_classes = len(np.unique(y_test))
    y_test = (y_test - y_test.min()) / (y_test.max() - y_test.min()) * (nb_classes - 1)

    if is_timeseries:
        # scale the values
        if normalize_timeseries:
            X_test = (X_test - X_train_mean) / (X_train_std + 1e-8)

    if verbose:
        print("Finished loading test dataset..")
        print()
        print("Number of train samples : ", X_train.shape[0], "Number of test samples : ", X_test.shape[0])
        print("Number of classes : ", nb_classes)
        print("Sequence length : ", X_train.shape[-1])

    return X_train, y_train, X_test, y_test, is_timeseries


def calculate_dataset_metrics(X_train):
    max_nb_variables = X_train.shape[1]
    max_timesteps = X_train.shape[-1]

    return max_timesteps, max_nb_variables


# utils/keras_utils.py
import warnings
warnings.simplefilter('ignore', category=DeprecationWarning)

from keras.models import Model
from keras.layers import Permute
from keras.optimizers import Adam
from keras.utils import to_categorical
from keras.preprocessing.sequence import pad_sequences
from keras.callbacks import ModelCheckpoint, ReduceLROnPlateau
from keras import backend as K

os.makedirs('weights', exist_ok=True)


def train_model(model:Model, dataset_id, dataset_prefix, dataset_fold_id=None, epochs=50, batch_size=128, val_subset=None,
                cutoff=None, normalize_timeseries=False, learning_rate=1e-3, monitor='loss', optimization_mode='auto', compile_model=True):
    X_train, y_train, X_test, y_test, is_timeseries = load_dataset_at(dataset_id,
                                                                      fold_index=dataset_fold_id,
                                                                      normalize_timeseries=normalize_timeseries)
    max_timesteps, max_nb_variables = calculate_dataset_metrics(X_train)

    if max_nb_variables != MAX_NB_VARIABLES_LIST[dataset_id]:
        if cutoff is None:
            choice = cutoff_choice(dataset_id, max_nb_variables)
        else:
            assert cutoff in ['pre', 'post'], 'Cutoff parameter value must be either "pre" or "post"'
            choice = cutoff

        if choice not in ['pre', 'post']:
            return
        else:
            X_train, X_test = cutoff_sequence(X_train, X_test, choice, dataset_id, max_nb_variables)

    classes = np.unique(y_train)
    le = LabelEncoder()
    y_ind = le.fit_transform(y_train.ravel())
    recip_freq = len(y_train) / (len(le.classes_) *
                           np.bincount(y_ind).astype(np.float64))
    class_weight = recip_freq[le.transform(classes)]

    print("Class weights : ", class_weight)

    y_train = to_categorical(y_train, len(np.unique(y_train)))
    y_test = to_categorical(y_test, len(np.unique(y_test)))

    if is_timeseries:
        factor = 1. / np.cbrt(2)
    else:
        factor = 1. / np.sqrt(2)

    if dataset_fold_id is None:
        weight_fn = "./weights/%s_weights.h5" % dataset_prefix
    else:
        weight_fn = "./weights/%s_fold_%d_weights.h5" % (dataset_prefix, dataset_fold_id)

    model_checkpoint = ModelCheckpoint(weight_fn, verbose=1, mode=optimization_mode,
                                       monitor=monitor, save_best_only=True, save_weights_only=True)
    reduce_lr = ReduceLROnPlateau(monitor=monitor, patience=100, mode=optimization_mode,
                                  factor=factor, cooldown=0, min_lr=1e-4, verbose=2)
    callback_list = [model_checkpoint, reduce_lr]

    optm = Adam(lr=learning_rate)

    if compile_model:
        model.compile(optimizer=optm, loss='categorical_crossentropy', metrics=['accuracy'])

    if val_subset is not None:
        X_test = X_test[:val_subset]
        y_test = y_test[:val_subset]

    model.fit(X_train, y_train, batch_size=batch_size, epochs=epochs, callbacks=callback_list,
              class_weight=dict(enumerate(class_weight)), verbose=2, validation_data=(X_test, y_test))


def evaluate_model(model:Model, dataset_id, dataset_prefix, dataset_fold_id=None, batch_size=128, test_data_subset=None,
                   cutoff=None, normalize_timeseries=False):
    _, _, X_test, y_test, is_timeseries = load_dataset_at(dataset_id,
                                                          fold_index=dataset_fold_id,
                                                          normalize_timeseries=normalize_timeseries)
    max_timesteps, max_nb_variables = calculate_dataset_metrics(X_test)

    if max_nb_variables != MAX_NB_VARIABLES_LIST[dataset_id]:
        if cutoff is None:
            choice = cutoff_choice(dataset_id, max_nb_variables)
        else:
            assert cutoff in ['pre', 'post'], 'Cutoff parameter value must be either "pre" or "post"'
            choice = cutoff

        if choice not in ['pre', 'post']:
            return
        else:
            _, X_test = cutoff_sequence(None, X_test, choice, dataset_id, max_nb_variables)

    if not is_timeseries:
        X_test = pad_sequences(X_test, maxlen=MAX_NB_VARIABLES_LIST[dataset_id], padding='post', truncating='post')
    y_test = to_categorical(y_test, len(np.unique(y_test)))

    optm = Adam(lr=1e-3)
    model.compile(optimizer=optm, loss='categorical_crossentropy', metrics=['accuracy'])

    if dataset_fold_id is None:
        weight_fn = "./weights/%s_weights.h5" % dataset_prefix
    else:
        weight_fn = "./weights/%s_fold_%d_weights.h5" % (dataset_prefix, dataset_fold_id)
    model.load_weights(weight_fn)

    if test_data_subset is not None:
        X_test = X_test[:test_data_subset]
        y_test = y_test[:test_data_subset]

    print("\nEvaluating : ")
    loss, accuracy = model.evaluate(X_test, y_test, batch_size=batch_size)
    print()
    print("Final Accuracy : ", accuracy)

    return accuracy, loss

def set_trainable(layer, value):
   layer.trainable = value

   # case: container
   if hasattr(layer, 'layers'):
       for l in layer.layers:
           set_trainable(l, value)

   # case: wrapper (which is a case not covered by the PR)
   if hasattr(layer, 'layer'):
        set_trainable(layer.layer, value)


# japanese_vowels_model.py
from keras.models import Model
from keras.layers import Input, Dense, LSTM, multiply, concatenate, Activation, Masking, Reshape
from keras.layers import Conv1D, BatchNormalization, GlobalAveragePooling1D, Permute, Dropout

DATASET_INDEX = 0

MAX_TIMESTEPS = MAX_TIMESTEPS_LIST[DATASET_INDEX]
MAX_NB_VARIABLES = MAX_NB_VARIABLES[DATASET_INDEX]
NB_CLASS = NB_CLASSES_LIST[DATASET_INDEX]

TRAINABLE = True


def generate_model():
    ip = Input(shape=(MAX_NB_VARIABLES, MAX_TIMESTEPS))

    x = Masking()(ip)
    x = LSTM(8)(x)
    x = Dropout(0.0)(x)

    y = Permute((2, 1))(ip)
    y = Conv1D(64, 8, padding='same', kernel_initializer='he_uniform', use_bias=False)(y)
    y = BatchNormalization()(y)
    y = Activation('relu')(y)
    y = squeeze_excite_block(y)

    y = Conv1D(128, 5, padding='same', kernel_initializer='he_uniform', use_bias=False)(y)
    y = BatchNormalization()(y)
    y = Activation('relu')(y)
    y = squeeze_excite_block(y)

    y = Conv1D(64, 3, padding='same', kernel_initializer='he_uniform', use_bias=False)(y)
    y = BatchNormalization()(y)
    y = Activation('relu')(y)

    y = GlobalAveragePooling1D()(y)

    x = concatenate([x, y])

    out = Dense(NB_CLASS, activation='softmax')(x)

    model = Model(ip, out)
    model.summary()

    # add load model code here to fine-tune

    return model


def squeeze_excite_block(input):
    ''' Create a squeeze-excite block
    Args:
        input: input tensor
        filters: number of output filters
        k: width factor

    Returns: a keras tensor
    '''
    filters = input.shape[-1] # channel_axis = -1 for TF

    se = GlobalAveragePooling1D()(input)
    se = Reshape((1, filters))(se)
    se = Dense(filters // 16,  activation='relu', kernel_initializer='he_normal', use_bias=False)(se)
    se = Dense(filters, activation='sigmoid', kernel_initializer='he_normal', use_bias=False)(se)
    se = multiply([input, se])
    return se


if __name__ == "__main__":
    model = generate_model()

    train_model(model, DATASET_INDEX, dataset_prefix='japanese_vowels_', epochs=3, batch_size=128)

    evaluate_model(model, DATASET_INDEX, dataset_prefix='japanese_vowels_', batch_size=128)
