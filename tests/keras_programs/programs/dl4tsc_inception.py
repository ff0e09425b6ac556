# source: hfawaz/dl-4-tsc classifiers/inception.py with main.py (fit_classifier, create_classifier) and utils/utils.py (readucr) (the tf.keras port of Fawaz et al.'s InceptionTime, hfawaz/InceptionTime: six inception modules of bottleneck + three wide Conv1D + MaxPool1D branch, residual shortcuts every third module, ReduceLROnPlateau and best-loss ModelCheckpoint, the best .hdf5 reloaded to predict)
# commit: e0233efd886df8c6ca18e6f1b545d15aaf423627
# keras: tf_keras
# exercises: `import tensorflow.keras as keras`; functional Input(input_shape); _inception_module: a bottleneck Conv1D(bottleneck_size, 1, padding='same', activation='linear', use_bias=False) only when int(input_tensor.shape[-1]) > bottleneck_size (a KerasTensor's static channel count), three Conv1D(nb_filters, kernel_size // 2**i, strides=1, padding='same', activation='linear', use_bias=False) with even kernel sizes (8, 4, 2: asymmetric 'same' padding), MaxPool1D(pool_size=3, strides=1, padding='same') + Conv1D(1x1), keras.layers.Concatenate(axis=2), BatchNormalization(), Activation(activation='relu'); _shortcut_layer: Conv1D(int(out_tensor.shape[-1]), 1, use_bias=False) + BatchNormalization + keras.layers.Add() + relu every d % 3 == 2; GlobalAveragePooling1D, Dense softmax; compile(loss='categorical_crossentropy', optimizer=keras.optimizers.Adam(self.lr), metrics=['accuracy']); save_weights('model_init.hdf5'); ReduceLROnPlateau(monitor='loss', factor=0.5, patience=50, min_lr=0.0001), ModelCheckpoint(filepath='best_model.hdf5', monitor='loss', save_best_only=True); fit(validation_data=(x_val, y_val), callbacks); model.save('last_model.hdf5'); keras.models.load_model of the best .hdf5 and predict(x_test, batch_size=self.batch_size); keras.backend.clear_session()
# reduced: the UCR TSV files (readucr's np.loadtxt) replaced by make_ucr(): 40 training and 21 test made-up series of 32 steps, three classes labelled 1..3 (a sine of three frequencies plus seeded noise); sklearn's OneHotEncoder replaced by the same one-hot arithmetic with numpy; the classifier made with batch_size=8, nb_filters=4, kernel_size=9 (kernel sizes 8, 4, 2; the default 41 gives 40, 20, 10, also even) and nb_epochs=2 instead of the defaults 64, 32, 41, 1500, and self.bottleneck_size 32 -> 4 (so the bottleneck applies from the second module on, as with the defaults); depth stays 6; fit gets shuffle=False (tf.data batch shuffling can't be replayed); save_logs / save_test_duration / calculate_metrics (pandas, sklearn, matplotlib CSVs and plots) and np.save of y_pred replaced by a print of accuracy and the history keys; fit's `if not tf.test.is_gpu_available: exit()` guard (and its `import tensorflow as tf`) dropped (always true on TensorFlow; statefulrnn refuses TensorFlow's own tf.test by design, see dl4tsc_resnet.diagnosis.md); output_directory is a temporary folder; verbose False
import os
import tempfile
import time

import tensorflow.keras as keras
import numpy as np


def make_ucr(n, length, seed):
    rng = np.random.RandomState(seed)
    y = (np.arange(n) % 3 + 1).astype(np.float64)
    t = np.arange(length)
    x = np.sin(t[None, :] * (0.25 * y[:, None]) + rng.uniform(0, 6.28, size=(n, 1)))
    x = x + 0.2 * rng.randn(n, length)
    return x, y


class Classifier_INCEPTION:

    def __init__(self, output_directory, input_shape, nb_classes, verbose=False, build=True, batch_size=64, lr=0.001,
                 nb_filters=32, use_residual=True, use_bottleneck=True, depth=6, kernel_size=41, nb_epochs=1500):

        self.output_directory = output_directory

        self.nb_filters = nb_filters
        self.use_residual = use_residual
        self.use_bottleneck = use_bottleneck
        self.depth = depth
        self.kernel_size = kernel_size - 1
        self.callbacks = None
        self.batch_size = batch_size
        self.bottleneck_size = 4
        self.nb_epochs = nb_epochs
        self.lr = lr
        self.verbose = verbose

        if build == True:
            self.model = self.build_model(input_shape, nb_classes)
            if (verbose == True):
                self.model.summary()
            self.model.save_weights(self.output_directory + 'model_init.hdf5')

    def _inception_module(self, input_tensor, stride=1, activation='linear'):

        if self.use_bottleneck and int(input_tensor.shape[-1]) > self.bottleneck_size:
            input_inception = keras.layers.Conv1D(filters=self.bottleneck_size, kernel_size=1,
                                                  padding='same', activation=activation, use_bias=False)(input_tensor)
        else:
            input_inception = input_tensor

        # kernel_size_s = [3, 5, 8, 11, 17]
        kernel_size_s = [self.kernel_size // (2 ** i) for i in range(3)]

        conv_list = []

        for i in range(len(kernel_size_s)):
            conv_list.append(keras.layers.Conv1D(filters=self.nb_filters, kernel_size=kernel_size_s[i],
                                                 strides=stride, padding='same', activation=activation, use_bias=False)(
                input_inception))

        max_pool_1 = keras.layers.MaxPool1D(pool_size=3, strides=stride, padding='same')(input_tensor)

        conv_6 = keras.layers.Conv1D(filters=self.nb_filters, kernel_size=1,
                                     padding='same', activation=activation, use_bias=False)(max_pool_1)

        conv_list.append(conv_6)

        x = keras.layers.Concatenate(axis=2)(conv_list)
        x = keras.layers.BatchNormalization()(x)
        x = keras.layers.Activation(activation='relu')(x)
        return x

    def _shortcut_layer(self, input_tensor, out_tensor):
        shortcut_y = keras.layers.Conv1D(filters=int(out_tensor.shape[-1]), kernel_size=1,
                                         padding='same', use_bias=False)(input_tensor)
        shortcut_y = keras.layers.BatchNormalization()(shortcut_y)

        x = keras.layers.Add()([shortcut_y, out_tensor])
        x = keras.layers.Activation('relu')(x)
        return x

    def build_model(self, input_shape, nb_classes):
        input_layer = keras.layers.Input(input_shape)

        x = input_layer
        input_res = input_layer

        for d in range(self.depth):

            x = self._inception_module(x)

            if self.use_residual and d % 3 == 2:
                x = self._shortcut_layer(input_res, x)
                input_res = x

        gap_layer = keras.layers.GlobalAveragePooling1D()(x)

        output_layer = keras.layers.Dense(nb_classes, activation='softmax')(gap_layer)

        model = keras.models.Model(inputs=input_layer, outputs=output_layer)

        model.compile(loss='categorical_crossentropy', optimizer=keras.optimizers.Adam(self.lr),
                      metrics=['accuracy'])

        reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor='loss', factor=0.5, patience=50,
                                                      min_lr=0.0001)

        file_path = self.output_directory + 'best_model.hdf5'

        model_checkpoint = keras.callbacks.ModelCheckpoint(filepath=file_path, monitor='loss',
                                                           save_best_only=True)

        self.callbacks = [reduce_lr, model_checkpoint]

        return model
    def fit(self, x_train, y_train, x_val, y_val, y_true):
        # x_val and y_val are only used to monitor the test loss and NOT for training

        if self.batch_size is None:
            mini_batch_size = int(min(x_train.shape[0] / 10, 16))
        else:
            mini_batch_size = self.batch_size

        start_time = time.time()

        hist = self.model.fit(x_train, y_train, batch_size=mini_batch_size, epochs=self.nb_epochs,
                              verbose=self.verbose, validation_data=(x_val, y_val), callbacks=self.callbacks,
                              shuffle=False)

        duration = time.time() - start_time

        self.model.save(self.output_directory + 'last_model.hdf5')

        y_pred = self.predict(x_val, y_true, x_train, y_train, y_val,
                              return_df_metrics=False)

        # convert the predicted from binary to integer
        y_pred = np.argmax(y_pred, axis=1)

        print('accuracy', np.mean(y_pred == y_true), sorted(hist.history.keys()))

        keras.backend.clear_session()

        return y_pred

    def predict(self, x_test, y_true, x_train, y_train, y_test, return_df_metrics=True):
        start_time = time.time()
        model_path = self.output_directory + 'best_model.hdf5'
        model = keras.models.load_model(model_path)
        y_pred = model.predict(x_test, batch_size=self.batch_size)
        if return_df_metrics:
            y_pred = np.argmax(y_pred, axis=1)
            return y_pred
        else:
            test_duration = time.time() - start_time
            return y_pred


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
    classifier = Classifier_INCEPTION(output_directory, input_shape, nb_classes, verbose=False, batch_size=8,
                                      nb_filters=4, kernel_size=9, nb_epochs=2)

    classifier.fit(x_train, y_train, x_test, y_test, y_true)


dataset_name = 'Made_Up'
x_train, y_train = make_ucr(40, 32, 0)
x_test, y_test = make_ucr(21, 32, 1)
datasets_dict = {dataset_name: (x_train.copy(), y_train.copy(), x_test.copy(), y_test.copy())}
output_directory = tempfile.mkdtemp() + '/'
fit_classifier()
