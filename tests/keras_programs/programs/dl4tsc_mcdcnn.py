# source: hfawaz/dl-4-tsc classifiers/mcdcnn.py with main.py (fit_classifier) (the review's Multi-Channel Deep CNN for multivariate series: one Input and Conv1D/MaxPooling1D tower per variable, Concatenate, Dense; SGD with momentum and time decay; a val_loss ModelCheckpoint whose best .hdf5 is reloaded to predict)
# commit: e0233efd886df8c6ca18e6f1b545d15aaf423627
# keras: tf_keras
# exercises: `import tensorflow.keras as keras`; a list of n_vars Inputs((n_t, 1)), each through Conv1D(8, 5, activation='relu', padding='same') + MaxPooling1D(pool_size=2) twice + Flatten; keras.layers.Concatenate(axis=-1) of the towers; Dense(732 -> 16, relu), Dense softmax; keras.models.Model(inputs=input_layers (a list), outputs=...); compile(loss='categorical_crossentropy', optimizer=SGD(lr=0.01, momentum=0.9, decay=0.0005) (the legacy `lr` alias and inverse-time `decay`), metrics=['accuracy']); ModelCheckpoint(filepath='best_model.hdf5', monitor='val_loss', save_best_only=True); prepare_input splitting x[:, :, i:i+1] into a list per variable; fit(list of inputs, validation_data=(list, y_val)); model.save('last_model.hdf5'); keras.models.load_model of the best checkpoint and predict on the list of test inputs; keras.backend.clear_session()
# reduced: the mts_archive .npy files replaced by make_mts(): 48 training and 20 test made-up series of 32 steps and 3 variables, three classes (a per-class sine frequency on each variable plus seeded noise); sklearn's OneHotEncoder replaced by numpy one-hot; sklearn's train_test_split(x, y, test_size=0.33) (unseeded) replaced by a seeded permutation keeping the same 33% share (32 / 16 rows); keras.optimizers.SGD(lr=0.01, momentum=0.9, decay=0.0005) -> keras.optimizers.legacy.SGD(...) with the same arguments (tf-keras 2.11+'s SGD raises "decay is deprecated in the new TF-Keras optimizer, ... use the legacy optimizer, e.g., tf.keras.optimizers.legacy.SGD"); Dense units 732 -> 16; nb_epochs 120 -> 3; fit gets shuffle=False (TensorFlow's batch shuffling can't be replayed); save_logs (pandas CSVs, matplotlib) replaced by a print; fit's `if not tf.test.is_gpu_available: exit()` guard and its `import tensorflow as tf` dropped (statefulrnn refuses TensorFlow's own tf.test by design, see dl4tsc_resnet.diagnosis.md); output_directory is a temporary folder; verbose False
import tempfile
import time

import tensorflow.keras as keras
import numpy as np


def make_mts(n, n_t, n_vars, seed):
    rng = np.random.RandomState(seed)
    y = (np.arange(n) % 3).astype(np.float64)
    t = np.arange(n_t)
    x = np.stack([np.sin(t[None, :] * (0.2 + 0.15 * y[:, None] + 0.05 * v) + rng.uniform(0, 6.28, size=(n, 1)))
                  for v in range(n_vars)], axis=-1)
    return x + 0.2 * rng.randn(n, n_t, n_vars), y


def train_test_split(x, y, test_size):
    rng = np.random.RandomState(42)
    order = rng.permutation(len(x))
    n_test = int(np.ceil(test_size * len(x)))
    test, train = order[:n_test], order[n_test:]
    return x[train], x[test], y[train], y[test]


class Classifier_MCDCNN:

    def __init__(self, output_directory, input_shape, nb_classes, verbose=False,build=True):
        self.output_directory = output_directory
        if build == True:
            self.model = self.build_model(input_shape, nb_classes)
            if (verbose == True):
                self.model.summary()
            self.verbose = verbose
            self.model.save_weights(self.output_directory + 'model_init.hdf5')

    def build_model(self, input_shape, nb_classes):
        n_t = input_shape[0]
        n_vars = input_shape[1]

        padding = 'valid'

        if n_t < 60: # for ItalyPowerOndemand
            padding = 'same'

        input_layers = []
        conv2_layers = []

        for n_var in range(n_vars):
            input_layer = keras.layers.Input((n_t,1))
            input_layers.append(input_layer)

            conv1_layer = keras.layers.Conv1D(filters=8,kernel_size=5,activation='relu',padding=padding)(input_layer)
            conv1_layer = keras.layers.MaxPooling1D(pool_size=2)(conv1_layer)

            conv2_layer = keras.layers.Conv1D(filters=8,kernel_size=5,activation='relu',padding=padding)(conv1_layer)
            conv2_layer = keras.layers.MaxPooling1D(pool_size=2)(conv2_layer)
            conv2_layer = keras.layers.Flatten()(conv2_layer)

            conv2_layers.append(conv2_layer)

        if n_vars == 1:
            # to work with univariate time series
            concat_layer = conv2_layers[0]
        else:
            concat_layer = keras.layers.Concatenate(axis=-1)(conv2_layers)

        fully_connected = keras.layers.Dense(units=16,activation='relu')(concat_layer)

        output_layer = keras.layers.Dense(nb_classes, activation='softmax')(fully_connected)

        model = keras.models.Model(inputs=input_layers, outputs=output_layer)

        model.compile(loss='categorical_crossentropy', optimizer=keras.optimizers.legacy.SGD(lr=0.01,momentum=0.9,decay=0.0005),
                      metrics=['accuracy'])

        file_path = self.output_directory + 'best_model.hdf5'

        model_checkpoint = keras.callbacks.ModelCheckpoint(filepath=file_path, monitor='val_loss',
                                                           save_best_only=True)

        self.callbacks = [model_checkpoint]

        return model

    def prepare_input(self,x):
        new_x = []
        n_t = x.shape[1]
        n_vars = x.shape[2]

        for i in range(n_vars):
            new_x.append(x[:,:,i:i+1])

        return  new_x

    def fit(self, x, y, x_test, y_test, y_true):
        mini_batch_size = 16
        nb_epochs = 3

        x_train, x_val, y_train, y_val = \
            train_test_split(x, y, test_size=0.33)

        x_test = self.prepare_input(x_test)
        x_train = self.prepare_input(x_train)
        x_val = self.prepare_input(x_val)

        start_time = time.time()

        hist = self.model.fit(x_train, y_train, batch_size=mini_batch_size, epochs=nb_epochs,
                              verbose=self.verbose, validation_data=(x_val, y_val), callbacks=self.callbacks,
                              shuffle=False)

        duration = time.time() - start_time

        self.model.save(self.output_directory+'last_model.hdf5')

        model = keras.models.load_model(self.output_directory + 'best_model.hdf5')

        y_pred = model.predict(x_test)

        # convert the predicted from binary to integer
        y_pred = np.argmax(y_pred, axis=1)

        print('accuracy', np.mean(y_pred == y_true), sorted(hist.history.keys()))

        keras.backend.clear_session()


def fit_classifier():
    x_train = datasets_dict[dataset_name][0]
    y_train = datasets_dict[dataset_name][1]
    x_test = datasets_dict[dataset_name][2]
    y_test = datasets_dict[dataset_name][3]

    nb_classes = len(np.unique(np.concatenate((y_train, y_test), axis=0)))

    # transform the labels from integers to one hot vectors
    categories = np.unique(np.concatenate((y_train, y_test), axis=0))
    y_train = (y_train.reshape(-1, 1) == categories[None, :]).astype(np.float64)
    y_test = (y_test.reshape(-1, 1) == categories[None, :]).astype(np.float64)

    # save orignal y because later we will use binary
    y_true = np.argmax(y_test, axis=1)

    if len(x_train.shape) == 2:  # if univariate
        # add a dimension to make it multivariate with one dimension
        x_train = x_train.reshape((x_train.shape[0], x_train.shape[1], 1))
        x_test = x_test.reshape((x_test.shape[0], x_test.shape[1], 1))

    input_shape = x_train.shape[1:]
    classifier = Classifier_MCDCNN(output_directory, input_shape, nb_classes, verbose=False)

    classifier.fit(x_train, y_train, x_test, y_test, y_true)


dataset_name = 'Made_Up_MTS'
x_train, y_train = make_mts(48, 32, 3, 0)
x_test, y_test = make_mts(20, 32, 3, 1)
datasets_dict = {dataset_name: (x_train.copy(), y_train.copy(), x_test.copy(), y_test.copy())}
output_directory = tempfile.mkdtemp() + '/'
fit_classifier()
