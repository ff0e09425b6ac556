# source: hfawaz/dl-4-tsc classifiers/mlp.py with main.py (fit_classifier) (the review's MLP baseline of Wang et al.: Flatten, three Dropout + Dense(500, relu) layers, Adadelta, ReduceLROnPlateau and a best-loss ModelCheckpoint reloaded to predict; the file is tab-indented)
# commit: e0233efd886df8c6ca18e6f1b545d15aaf423627
# keras: tf_keras
# exercises: `import tensorflow.keras as keras`; functional Input(input_shape) of a multivariate series (20 steps, 2 variables), Flatten, Dropout(0.1 / 0.2 / 0.2 / 0.3 -> 0.0) before each Dense, Dense(500 -> 16, relu) x3, Dense softmax; compile(loss='categorical_crossentropy', optimizer=keras.optimizers.Adadelta() (tf-keras's defaults: learning_rate 0.001, rho 0.95, epsilon 1e-7), metrics=['accuracy']); ReduceLROnPlateau(monitor='loss', factor=0.5, patience=200, min_lr=0.1) (a min_lr above the learning rate, never reached in 3 epochs); ModelCheckpoint(filepath='best_model.hdf5', monitor='loss', save_best_only=True); save_weights('model_init.hdf5'); fit(batch_size=int(min(n / 10, 16)) = 6, validation_data, callbacks) with the lr in the history; model.save('last_model.hdf5'); keras.models.load_model of the best checkpoint and predict; keras.backend.clear_session()
# reduced: the UCR / mts_archive files replaced by make_mts(): 60 training and 20 test made-up series of 20 steps and 2 variables, three classes (a per-class sine frequency plus seeded noise); sklearn's OneHotEncoder replaced by numpy one-hot; Dense units 500 -> 16; Dropout rates 0.1 / 0.2 / 0.2 / 0.3 -> 0.0 (random masks cannot match across frameworks); nb_epochs 5000 -> 3; fit gets shuffle=False (TensorFlow's batch shuffling can't be replayed); save_logs (pandas CSVs, matplotlib) replaced by a print; fit's `if not tf.test.is_gpu_available: exit()` guard and its `import tensorflow as tf` dropped (statefulrnn refuses TensorFlow's own tf.test by design, see dl4tsc_resnet.diagnosis.md); output_directory is a temporary folder; verbose False
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


class Classifier_MLP:

	def __init__(self, output_directory, input_shape, nb_classes, verbose=False,build=True):
		self.output_directory = output_directory
		if build == True:
			self.model = self.build_model(input_shape, nb_classes)
			if(verbose==True):
				self.model.summary()
			self.verbose = verbose
			self.model.save_weights(self.output_directory + 'model_init.hdf5')
		return

	def build_model(self, input_shape, nb_classes):
		input_layer = keras.layers.Input(input_shape)

		# flatten/reshape because when multivariate all should be on the same axis 
		input_layer_flattened = keras.layers.Flatten()(input_layer)
		
		layer_1 = keras.layers.Dropout(0.0)(input_layer_flattened)
		layer_1 = keras.layers.Dense(16, activation='relu')(layer_1)

		layer_2 = keras.layers.Dropout(0.0)(layer_1)
		layer_2 = keras.layers.Dense(16, activation='relu')(layer_2)

		layer_3 = keras.layers.Dropout(0.0)(layer_2)
		layer_3 = keras.layers.Dense(16, activation='relu')(layer_3)

		output_layer = keras.layers.Dropout(0.0)(layer_3)
		output_layer = keras.layers.Dense(nb_classes, activation='softmax')(output_layer)

		model = keras.models.Model(inputs=input_layer, outputs=output_layer)

		model.compile(loss='categorical_crossentropy', optimizer=keras.optimizers.Adadelta(),
			metrics=['accuracy'])

		reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor='loss', factor=0.5, patience=200, min_lr=0.1)

		file_path = self.output_directory+'best_model.hdf5' 

		model_checkpoint = keras.callbacks.ModelCheckpoint(filepath=file_path, monitor='loss', 
			save_best_only=True)

		self.callbacks = [reduce_lr,model_checkpoint]

		return model

	def fit(self, x_train, y_train, x_val, y_val,y_true):
		# x_val and y_val are only used to monitor the test loss and NOT for training  
		batch_size = 16
		nb_epochs = 3

		mini_batch_size = int(min(x_train.shape[0]/10, batch_size))

		start_time = time.time() 

		hist = self.model.fit(x_train, y_train, batch_size=mini_batch_size, epochs=nb_epochs,
			verbose=self.verbose, validation_data=(x_val,y_val), callbacks=self.callbacks, shuffle=False)
		
		duration = time.time() - start_time

		self.model.save(self.output_directory + 'last_model.hdf5')

		model = keras.models.load_model(self.output_directory+'best_model.hdf5')

		y_pred = model.predict(x_val)

		# convert the predicted from binary to integer 
		y_pred = np.argmax(y_pred , axis=1)

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
    classifier = Classifier_MLP(output_directory, input_shape, nb_classes, verbose=False)

    classifier.fit(x_train, y_train, x_test, y_test, y_true)


dataset_name = 'Made_Up_MTS'
x_train, y_train = make_mts(60, 20, 2, 0)
x_test, y_test = make_mts(20, 20, 2, 1)
datasets_dict = {dataset_name: (x_train.copy(), y_train.copy(), x_test.copy(), y_test.copy())}
output_directory = tempfile.mkdtemp() + '/'
fit_classifier()
