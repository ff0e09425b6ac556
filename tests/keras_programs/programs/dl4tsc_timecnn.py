# source: hfawaz/dl-4-tsc classifiers/cnn.py with main.py (fit_classifier) (the review's Time-CNN of Zhao et al.: two sigmoid Conv1D + AveragePooling1D stages, a sigmoid Dense output trained with mean squared error on one-hot labels, a best-loss ModelCheckpoint reloaded to predict)
# commit: e0233efd886df8c6ca18e6f1b545d15aaf423627
# keras: tf_keras
# exercises: `import tensorflow.keras as keras`; functional Input(input_shape) (64 steps, 2 variables), Conv1D(filters=6 / 12, kernel_size=7, padding='valid', activation='sigmoid'), AveragePooling1D(pool_size=3) (a floor: 58 -> 19, 13 -> 4), Flatten, Dense(nb_classes, activation='sigmoid'); compile(loss='mean_squared_error', optimizer=keras.optimizers.Adam(), metrics=['accuracy']) ('accuracy' with mse on a 3-wide one-hot target: tf.keras picks categorical_accuracy); save_weights('model_init.hdf5'); ModelCheckpoint(filepath='best_model.hdf5', monitor='loss', save_best_only=True); fit(batch_size=16, validation_data=(x_val, y_val), callbacks) with a last partial batch; model.save('last_model.hdf5'); keras.models.load_model of the best checkpoint and predict; keras.backend.clear_session()
# reduced: the UCR / mts_archive files replaced by make_mts(): 40 training and 20 test made-up series of 64 steps and 2 variables, three classes (a per-class sine frequency plus seeded noise; 64 >= 60 keeps the script's padding='valid' branch); sklearn's OneHotEncoder replaced by numpy one-hot; nb_epochs 2000 -> 3; fit gets shuffle=False (TensorFlow's batch shuffling can't be replayed); save_logs (pandas CSVs, matplotlib) replaced by a print; fit's `if not tf.test.is_gpu_available: exit()` guard and its `import tensorflow as tf` dropped (statefulrnn refuses TensorFlow's own tf.test by design, see dl4tsc_resnet.diagnosis.md); output_directory is a temporary folder; verbose False
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


class Classifier_CNN:

    def __init__(self, output_directory, input_shape, nb_classes, verbose=False,build=True):
        self.output_directory = output_directory

        if build == True:
            self.model = self.build_model(input_shape, nb_classes)
            if (verbose == True):
                self.model.summary()
            self.verbose = verbose
            self.model.save_weights(self.output_directory + 'model_init.hdf5')

        return

    def build_model(self, input_shape, nb_classes):
        padding = 'valid'
        input_layer = keras.layers.Input(input_shape)

        if input_shape[0] < 60: # for italypowerondemand dataset
            padding = 'same'

        conv1 = keras.layers.Conv1D(filters=6,kernel_size=7,padding=padding,activation='sigmoid')(input_layer)
        conv1 = keras.layers.AveragePooling1D(pool_size=3)(conv1)

        conv2 = keras.layers.Conv1D(filters=12,kernel_size=7,padding=padding,activation='sigmoid')(conv1)
        conv2 = keras.layers.AveragePooling1D(pool_size=3)(conv2)

        flatten_layer = keras.layers.Flatten()(conv2)

        output_layer = keras.layers.Dense(units=nb_classes,activation='sigmoid')(flatten_layer)

        model = keras.models.Model(inputs=input_layer, outputs=output_layer)

        model.compile(loss='mean_squared_error', optimizer=keras.optimizers.Adam(),
                      metrics=['accuracy'])

        file_path = self.output_directory + 'best_model.hdf5'

        model_checkpoint = keras.callbacks.ModelCheckpoint(filepath=file_path, monitor='loss',
                                                           save_best_only=True)

        self.callbacks = [model_checkpoint]

        return model

    def fit(self, x_train, y_train, x_val, y_val, y_true):
        # x_val and y_val are only used to monitor the test loss and NOT for training
        mini_batch_size = 16
        nb_epochs = 3

        start_time = time.time()

        hist = self.model.fit(x_train, y_train, batch_size=mini_batch_size, epochs=nb_epochs,
                              verbose=self.verbose, validation_data=(x_val, y_val), callbacks=self.callbacks,
                              shuffle=False)

        duration = time.time() - start_time

        self.model.save(self.output_directory+'last_model.hdf5')

        model = keras.models.load_model(self.output_directory + 'best_model.hdf5')

        y_pred = model.predict(x_val)

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
    classifier = Classifier_CNN(output_directory, input_shape, nb_classes, verbose=False)

    classifier.fit(x_train, y_train, x_test, y_test, y_true)


dataset_name = 'Made_Up_MTS'
x_train, y_train = make_mts(40, 64, 2, 0)
x_test, y_test = make_mts(20, 64, 2, 1)
datasets_dict = {dataset_name: (x_train.copy(), y_train.copy(), x_test.copy(), y_test.copy())}
output_directory = tempfile.mkdtemp() + '/'
fit_classifier()
