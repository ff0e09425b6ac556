# source: fchollet/deep-learning-with-python-notebooks chapter17_image-generation.ipynb (F. Chollet, "Deep Learning with Python", 3rd edition, chapter 17 "Image generation": its variational autoencoder on MNIST; Keras 3 backend-agnostic, `import keras`, `from keras import layers`, `from keras import ops`; code cells 9-16 in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: keras
# backend: torch
# exercises: a functional encoder (Conv2D strides=2 padding="same" relu x2, Flatten, Dense, two named Dense heads z_mean / z_log_var, a keras.Model with a list of two outputs and name=); encoder.summary(line_length=80); a keras.Layer subclass (keras.Layer, not keras.layers.Layer) holding a keras.random.SeedGenerator() made without a seed, setting self.built = True in __init__, whose call(z_mean, z_log_var) takes two positional tensors and draws keras.random.normal((ops.shape(z_mean)[0], ops.shape(z_mean)[1]), seed=self.seed_generator); a functional decoder (Dense, Reshape, Conv2DTranspose strides=2 x2, sigmoid Conv2D); a subclassed keras.Model VAE holding the encoder / decoder models, the Sampler and two keras.metrics.Mean trackers, whose call returns the encoder's [z_mean, z_log_var] and which overrides compute_loss(self, x, y, y_pred, sample_weight=None, training=True) to decode a sample, take ops.mean(ops.sum(keras.losses.binary_crossentropy(x, reconstruction), axis=(1, 2))) plus the KL term, update its trackers and return the total; compile(optimizer=keras.optimizers.Adam()) with no loss; fit(x, epochs, batch_size) with no y (the trackers' results in the history beside loss); vae.decoder.predict on (1, 2) numpy grid points, reshaped into a figure array
# reduced: MNIST (keras.datasets.mnist.load_data, a download) -> 96 seeded numpy 28x28 uint8 "digits" (np.random.default_rng(0): a bright random rectangle on a dark noisy background) split 64 / 32 into x_train / x_test, concatenated as the notebook does; epochs 30 -> 2, batch_size 128 -> 16, fit given shuffle=False (Keras's shuffle draws from torch's global generator); the latent grid n 30 -> 3 (9 decoder.predict calls); KERAS_BACKEND "jax" -> "torch" (the notebook runs on any backend; JAX is not in the reference venv); the IPython cell magic, the pip install and the matplotlib plotting (plt.* calls) dropped, the figure array still filled
import os
os.environ["KERAS_BACKEND"] = "torch"

import keras
from keras import layers

latent_dim = 2

image_inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(
    image_inputs
)
x = layers.Conv2D(64, 3, activation="relu", strides=2, padding="same")(x)
x = layers.Flatten()(x)
x = layers.Dense(16, activation="relu")(x)
z_mean = layers.Dense(latent_dim, name="z_mean")(x)
z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
encoder = keras.Model(image_inputs, [z_mean, z_log_var], name="encoder")

encoder.summary(line_length=80)

from keras import ops

class Sampler(keras.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator()
        self.built = True

    def call(self, z_mean, z_log_var):
        batch_size = ops.shape(z_mean)[0]
        z_size = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(
            (batch_size, z_size), seed=self.seed_generator
        )
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon

latent_inputs = keras.Input(shape=(latent_dim,))
x = layers.Dense(7 * 7 * 64, activation="relu")(latent_inputs)
x = layers.Reshape((7, 7, 64))(x)
x = layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same")(
    x
)
x = layers.Conv2DTranspose(32, 3, activation="relu", strides=2, padding="same")(
    x
)
decoder_outputs = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
decoder = keras.Model(latent_inputs, decoder_outputs, name="decoder")

decoder.summary(line_length=80)

class VAE(keras.Model):
    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.sampler = Sampler()
        self.reconstruction_loss_tracker = keras.metrics.Mean(
            name="reconstruction_loss"
        )
        self.kl_loss_tracker = keras.metrics.Mean(name="kl_loss")

    def call(self, inputs):
        return self.encoder(inputs)

    def compute_loss(self, x, y, y_pred, sample_weight=None, training=True):
        original = x
        z_mean, z_log_var = y_pred
        reconstruction = self.decoder(self.sampler(z_mean, z_log_var))

        reconstruction_loss = ops.mean(
            ops.sum(
                keras.losses.binary_crossentropy(x, reconstruction), axis=(1, 2)
            )
        )
        kl_loss = -0.5 * (
            1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var)
        )
        total_loss = reconstruction_loss + ops.mean(kl_loss)

        self.reconstruction_loss_tracker.update_state(reconstruction_loss)
        self.kl_loss_tracker.update_state(kl_loss)
        return total_loss

import numpy as np


def _digits(n, rng):
    images = rng.integers(0, 40, size=(n, 28, 28)).astype("uint8")
    for image in images:
        r, c = rng.integers(4, 14, size=2)
        h, w = rng.integers(6, 12, size=2)
        image[r : r + h, c : c + w] = rng.integers(180, 256)
    return images


_rng = np.random.default_rng(0)
(x_train, _), (x_test, _) = (_digits(64, _rng), None), (_digits(32, _rng), None)
mnist_digits = np.concatenate([x_train, x_test], axis=0)
mnist_digits = np.expand_dims(mnist_digits, -1).astype("float32") / 255

vae = VAE(encoder, decoder)
vae.compile(optimizer=keras.optimizers.Adam())
vae.fit(mnist_digits, epochs=2, batch_size=16, shuffle=False)

n = 3
digit_size = 28
figure = np.zeros((digit_size * n, digit_size * n))

grid_x = np.linspace(-1, 1, n)
grid_y = np.linspace(-1, 1, n)[::-1]

for i, yi in enumerate(grid_y):
    for j, xi in enumerate(grid_x):
        z_sample = np.array([[xi, yi]])
        x_decoded = vae.decoder.predict(z_sample)
        digit = x_decoded[0].reshape(digit_size, digit_size)
        figure[
            i * digit_size : (i + 1) * digit_size,
            j * digit_size : (j + 1) * digit_size,
        ] = digit

start_range = digit_size // 2
end_range = n * digit_size + start_range
pixel_range = np.arange(start_range, end_range, digit_size)
sample_range_x = np.round(grid_x, 1)
sample_range_y = np.round(grid_y, 1)
print(figure.shape, pixel_range, sample_range_x, sample_range_y)
