# source: ageron/handson-ml3 17_autoencoders_gans_and_diffusion_models.ipynb (A. Géron, "Hands-On Machine Learning", 3rd ed., chapter 17, its autoencoder half: PCA-like linear autoencoder, stacked, tied-weights (DenseTranspose), greedy layer-wise, convolutional, recurrent, dropout and sparse (ActivityRegularization) autoencoders; code cells 20-72 in order)
# commit: e3f3f9e66d58cfa1d068a498433063a1d3fba9ef
# keras: tf_keras
# exercises: `import tensorflow as tf` with tf.keras.*; Sequential models nested in Sequential models (encoder, decoder, autoencoder = Sequential([encoder, decoder])); SGD(learning_rate=0.5); fit(X, X, verbose=False) and encoder.predict on the inner model; Flatten/Dense/Reshape stacked autoencoder with validation_data; a custom Layer DenseTranspose holding another Dense layer, adding a bias in build with shape=self.dense.input_shape[-1], reading self.dense.weights[0] in call and tf.keras.activations.get(activation); train_autoencoder returning eager encoder(X_train) outputs fed to the next fit; tf.keras.layers.Flatten()(X_train) called eagerly on a numpy array; a Sequential re-assembled from trained layers and fit again; Conv2D/MaxPool2D/GlobalAvgPool2D encoder and Conv2DTranspose(strides=2, padding="same"/"valid") decoder; recurrent autoencoder LSTM(return_sequences=True) + LSTM -> RepeatVector(28) + LSTM(return_sequences=True) + Dense on 28x28 images read as 28-step sequences; Dropout on the input (rate 0 here); ActivityRegularization(l1=1e-4) after a sigmoid Dense
# reduced: the version/GPU/matplotlib setup cells (5-17) and every plotting cell dropped (plot_reconstructions and the t-SNE cells 33-39 left out; sklearn's TSNE is not installed); the 3D dataset's scipy.spatial.transform.Rotation.from_rotvec(...).apply(X) replaced by the same rotation written with numpy (Rodrigues' formula) as _rotvec_apply (scipy is not installed in the Keras venv); Fashion MNIST (tf.keras.datasets.fashion_mnist.load_data, a download) replaced by 88 made-up 28x28 uint8 "images" (numpy RandomState(42): blurred blobs) split 32 train / 32 valid / 24 test by the notebook's [:-5000] / [-5000:] split with 32 for 5000, so that every fit's epoch is one batch of fit's default 32 and its shuffling cannot change the result; the 3D dataset's m = 60 -> 32 likewise; epochs 500 -> 20 (linear), 20 / 10 / 5 -> 2; Dense 100 / 30 -> 16 / 8, 300 -> 24, LSTM 100 / 30 -> 8 / 4, Conv2D filters 16/32/64/30 -> 4/4/8/6 and Conv2DTranspose 32/16 -> 4/4; tf.keras.optimizers.Nadam() -> tf.keras.optimizers.Adam() in every compile (tf-keras 2.21's Nadam keeps its running product of momentum factors with a Python counter that its tf.cond bumps while tracing: README, "Where we differ from Keras"), Nadam(learning_rate=...) -> Adam(learning_rate=...); DenseTranspose.call's tf.matmul(inputs, self.dense.weights[0], transpose_b=True) -> tf.keras.backend.dot(inputs, tf.keras.backend.transpose(self.dense.weights[0])) (statefulrnn stands in for tf.keras, not TensorFlow's tf.matmul); Dropout(0.5) -> Dropout(0.0) (random masks cannot match); each Sequential without an input shape built by model.build([None, ...]) before its compile, so that both runs start from Keras's weights (the harness meets them at the first compile); tf.random.set_seed(42) calls kept
import numpy as np


def _rotvec_apply(rotvec, X):
    theta = np.linalg.norm(rotvec)
    k = np.asarray(rotvec) / theta
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    R = np.eye(3) + np.sin(theta) * K + (1 - np.cos(theta)) * K @ K
    return X @ R.T


import tensorflow as tf

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU

encoder = tf.keras.Sequential([tf.keras.layers.Dense(2)])
decoder = tf.keras.Sequential([tf.keras.layers.Dense(3)])
autoencoder = tf.keras.Sequential([encoder, decoder])

optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
autoencoder.build([None, 3])
autoencoder.compile(loss="mse", optimizer=optimizer)

# extra code – builds the same 3D dataset as in Chapter 8

import numpy as np

m = 32
X = np.zeros((m, 3))  # initialize 3D dataset
np.random.seed(42)
angles = (np.random.rand(m) ** 3 + 0.5) * 2 * np.pi  # uneven distribution
X[:, 0], X[:, 1] = np.cos(angles), np.sin(angles) * 0.5  # oval
X += 0.28 * np.random.randn(m, 3)  # add more noise
X = _rotvec_apply([np.pi / 29, -np.pi / 20, np.pi / 4], X)
X_train = X + [0.2, 0, 0.2]  # shift a bit

history = autoencoder.fit(X_train, X_train, epochs=20, verbose=False)
codings = encoder.predict(X_train)

# extra code – loads, scales, and splits the fashion MNIST dataset
_rng = np.random.RandomState(42)
_images = np.zeros((88, 28, 28))
_yy, _xx = np.mgrid[0:28, 0:28]
for _i in range(88):
    for _b in range(3):
        _cy, _cx, _s = _rng.uniform(4, 24), _rng.uniform(4, 24), _rng.uniform(2, 6)
        _images[_i] += np.exp(-((_yy - _cy) ** 2 + (_xx - _cx) ** 2) / (2 * _s ** 2))
_images = (255 * np.clip(_images + 0.1 * _rng.rand(88, 28, 28), 0, 1)).astype(np.uint8)
_labels = _rng.randint(0, 10, 88).astype(np.uint8)
fashion_mnist = ((_images[:64], _labels[:64]), (_images[64:], _labels[64:]))
(X_train_full, y_train_full), (X_test, y_test) = fashion_mnist
X_train_full = X_train_full.astype(np.float32) / 255
X_test = X_test.astype(np.float32) / 255
X_train, X_valid = X_train_full[:-32], X_train_full[-32:]
y_train, y_valid = y_train_full[:-32], y_train_full[-32:]

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU

stacked_encoder = tf.keras.Sequential([
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(8, activation="relu"),
])
stacked_decoder = tf.keras.Sequential([
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(28 * 28),
    tf.keras.layers.Reshape([28, 28])
])
stacked_ae = tf.keras.Sequential([stacked_encoder, stacked_decoder])

stacked_ae.build([None, 28, 28])

stacked_ae.compile(loss="mse", optimizer=tf.keras.optimizers.Adam())
history = stacked_ae.fit(X_train, X_train, epochs=2,
                         validation_data=(X_valid, X_valid))

class DenseTranspose(tf.keras.layers.Layer):
    def __init__(self, dense, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.dense = dense
        self.activation = tf.keras.activations.get(activation)

    def build(self, batch_input_shape):
        self.biases = self.add_weight(name="bias",
                                      shape=self.dense.input_shape[-1],
                                      initializer="zeros")
        super().build(batch_input_shape)

    def call(self, inputs):
        Z = tf.keras.backend.dot(inputs, tf.keras.backend.transpose(self.dense.weights[0]))
        return self.activation(Z + self.biases)

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU

dense_1 = tf.keras.layers.Dense(16, activation="relu")
dense_2 = tf.keras.layers.Dense(8, activation="relu")

tied_encoder = tf.keras.Sequential([
    tf.keras.layers.Flatten(),
    dense_1,
    dense_2
])

tied_decoder = tf.keras.Sequential([
    DenseTranspose(dense_2, activation="relu"),
    DenseTranspose(dense_1),
    tf.keras.layers.Reshape([28, 28])
])

tied_ae = tf.keras.Sequential([tied_encoder, tied_decoder])

# extra code – compiles and fits the model
tied_ae.build([None, 28, 28])
tied_ae.compile(loss="mse", optimizer=tf.keras.optimizers.Adam())
history = tied_ae.fit(X_train, X_train, epochs=2,
                      validation_data=(X_valid, X_valid))

def train_autoencoder(n_neurons, X_train, X_valid, n_epochs=2,
                      output_activation=None, learning_rate=1e-3):
    n_inputs = X_train.shape[-1]
    encoder = tf.keras.layers.Dense(n_neurons, activation="relu")
    decoder = tf.keras.layers.Dense(n_inputs, activation=output_activation)
    autoencoder = tf.keras.Sequential([encoder, decoder])
    autoencoder.build([None, n_inputs])
    optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate)
    autoencoder.compile(loss="mse", optimizer=optimizer)
    autoencoder.fit(X_train, X_train, epochs=n_epochs,
                    validation_data=(X_valid, X_valid))
    return encoder, decoder, encoder(X_train), encoder(X_valid)

tf.random.set_seed(42)

X_train_flat = tf.keras.layers.Flatten()(X_train)
X_valid_flat = tf.keras.layers.Flatten()(X_valid)
enc1, dec1, X_train_enc1, X_valid_enc1 = train_autoencoder(
    16, X_train_flat, X_valid_flat, learning_rate=5e-4)
enc2, dec2, _, _ = train_autoencoder(
    8, X_train_enc1, X_valid_enc1, output_activation="relu",
    learning_rate=5e-3)

stacked_ae_1_by_1 = tf.keras.Sequential([
    tf.keras.layers.Flatten(),
    enc1, enc2, dec2, dec1,
    tf.keras.layers.Reshape([28, 28])
])

stacked_ae_1_by_1.build([None, 28, 28])

stacked_ae_1_by_1.compile(loss="mse", optimizer=tf.keras.optimizers.Adam())
history = stacked_ae_1_by_1.fit(X_train, X_train, epochs=2,
                                validation_data=(X_valid, X_valid))

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU

conv_encoder = tf.keras.Sequential([
    tf.keras.layers.Reshape([28, 28, 1]),
    tf.keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPool2D(pool_size=2),  # output: 14 × 14 x 16
    tf.keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPool2D(pool_size=2),  # output: 7 × 7 x 32
    tf.keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPool2D(pool_size=2),  # output: 3 × 3 x 64
    tf.keras.layers.Conv2D(6, 3, padding="same", activation="relu"),
    tf.keras.layers.GlobalAvgPool2D()  # output: 30
])
conv_decoder = tf.keras.Sequential([
    tf.keras.layers.Dense(3 * 3 * 16),
    tf.keras.layers.Reshape((3, 3, 16)),
    tf.keras.layers.Conv2DTranspose(4, 3, strides=2, activation="relu"),
    tf.keras.layers.Conv2DTranspose(4, 3, strides=2, padding="same",
                                    activation="relu"),
    tf.keras.layers.Conv2DTranspose(1, 3, strides=2, padding="same"),
    tf.keras.layers.Reshape([28, 28])
])
conv_ae = tf.keras.Sequential([conv_encoder, conv_decoder])

# extra code – compiles and fits the model
conv_ae.build([None, 28, 28])
conv_ae.compile(loss="mse", optimizer=tf.keras.optimizers.Adam())
history = conv_ae.fit(X_train, X_train, epochs=2,
                      validation_data=(X_valid, X_valid))

tf.random.set_seed(42)

recurrent_encoder = tf.keras.Sequential([
    tf.keras.layers.LSTM(8, return_sequences=True),
    tf.keras.layers.LSTM(4)
])
recurrent_decoder = tf.keras.Sequential([
    tf.keras.layers.RepeatVector(28),
    tf.keras.layers.LSTM(8, return_sequences=True),
    tf.keras.layers.Dense(28)
])
recurrent_ae = tf.keras.Sequential([recurrent_encoder, recurrent_decoder])
recurrent_ae.build([None, 28, 28])
recurrent_ae.compile(loss="mse", optimizer=tf.keras.optimizers.Adam())

history = recurrent_ae.fit(X_train, X_train, epochs=2,
                           validation_data=(X_valid, X_valid))

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU

dropout_encoder = tf.keras.Sequential([
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dropout(0.0),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(8, activation="relu")
])
dropout_decoder = tf.keras.Sequential([
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(28 * 28),
    tf.keras.layers.Reshape([28, 28])
])
dropout_ae = tf.keras.Sequential([dropout_encoder, dropout_decoder])

# extra code – compiles and fits the model
dropout_ae.build([None, 28, 28])
dropout_ae.compile(loss="mse", optimizer=tf.keras.optimizers.Adam())
history = dropout_ae.fit(X_train, X_train, epochs=2,
                         validation_data=(X_valid, X_valid))

tf.random.set_seed(42)  # extra code – ensures reproducibility on CPU

sparse_l1_encoder = tf.keras.Sequential([
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(24, activation="sigmoid"),
    tf.keras.layers.ActivityRegularization(l1=1e-4)
])
sparse_l1_decoder = tf.keras.Sequential([
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(28 * 28),
    tf.keras.layers.Reshape([28, 28])
])
sparse_l1_ae = tf.keras.Sequential([sparse_l1_encoder, sparse_l1_decoder])

# extra code – compiles and fits the model
sparse_l1_ae.build([None, 28, 28])
sparse_l1_ae.compile(loss="mse", optimizer=tf.keras.optimizers.Adam())
history = sparse_l1_ae.fit(X_train, X_train, epochs=2,
                           validation_data=(X_valid, X_valid))
