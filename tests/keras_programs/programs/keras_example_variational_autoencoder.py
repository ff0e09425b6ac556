# source: keras-team/keras examples/variational_autoencoder.py
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: a Lambda(sampling, output_shape=, name=) over [z_mean, z_log_var] drawing K.random_normal(shape=(K.shape(z_mean)[0], K.int_shape(z_mean)[1])); encoder Model with three outputs, decoder Model, and a VAE Model calling decoder(encoder(inputs)[2]); encoder.summary(), decoder.summary(); a loss built from symbolic tensors (losses.binary_crossentropy(inputs, outputs) scaled with `*=`, K.square, K.exp, K.sum, K.mean) given to vae.add_loss; compile(optimizer='adam') with no loss; fit(x_train) with no targets and validation_data=(x_test, None); save_weights to .h5; encoder.predict(batch_size=) and decoder.predict on a grid of latent points
# reduced: mnist.load_data() (a download) replaced by a load_data() made here: 40 training and 20 test seeded random 6x6 uint8 "images" with labels 0-9 (original_dim 784 -> 36); intermediate_dim 512 -> 8; epochs 50 -> 2; batch_size 128 stays (an epoch is one batch, so fit's shuffling cannot change the result); K.random_normal given stddev=0.0 (the draw is random: with stddev 0 epsilon is zeros on both sides); parser.parse_args() -> parser.parse_args([]) (the harness's own command line is not the program's); plot_model (needs pydot and graphviz) and the matplotlib figures left out of plot_results, whose grid n 30 -> 3 and digit_size 28 -> 6; `from __future__` imports dropped
import keras
from keras.layers import Lambda, Input, Dense
from keras.models import Model
from keras.datasets import mnist  # its load_data (a download) is replaced below
from keras.losses import mse, binary_crossentropy
from keras import backend as K

import numpy as np
import argparse
import os


def load_data(num_train=40, num_test=20, side=6):
    # Stands in for keras.datasets.mnist.load_data: uint8 images and uint8 labels 0-9.
    rng = np.random.RandomState(7)
    x_train = rng.randint(0, 256, size=(num_train, side, side)).astype("uint8")
    y_train = rng.randint(0, 10, size=(num_train,)).astype("uint8")
    x_test = rng.randint(0, 256, size=(num_test, side, side)).astype("uint8")
    y_test = rng.randint(0, 10, size=(num_test,)).astype("uint8")
    return (x_train, y_train), (x_test, y_test)


# reparameterization trick
# instead of sampling from Q(z|X), sample epsilon = N(0,I)
# z = z_mean + sqrt(var) * epsilon
def sampling(args):
    """Reparameterization trick by sampling from an isotropic unit Gaussian.

    # Arguments
        args (tensor): mean and log of variance of Q(z|X)

    # Returns
        z (tensor): sampled latent vector
    """

    z_mean, z_log_var = args
    batch = K.shape(z_mean)[0]
    dim = K.int_shape(z_mean)[1]
    # by default, random_normal has mean = 0 and std = 1.0
    epsilon = K.random_normal(shape=(batch, dim), stddev=0.0)
    return z_mean + K.exp(0.5 * z_log_var) * epsilon


def plot_results(models,
                 data,
                 batch_size=128,
                 model_name="vae_mnist"):
    """Plots labels and MNIST digits as a function of the 2D latent vector

    # Arguments
        models (tuple): encoder and decoder models
        data (tuple): test data and label
        batch_size (int): prediction batch size
        model_name (string): which model is using this function
    """

    encoder, decoder = models
    x_test, y_test = data
    os.makedirs(model_name, exist_ok=True)

    filename = os.path.join(model_name, "vae_mean.png")
    # display a 2D plot of the digit classes in the latent space
    z_mean, _, _ = encoder.predict(x_test,
                                   batch_size=batch_size)

    filename = os.path.join(model_name, "digits_over_latent.png")
    # display a 30x30 2D manifold of digits
    n = 3
    digit_size = 6
    figure = np.zeros((digit_size * n, digit_size * n))
    # linearly spaced coordinates corresponding to the 2D plot
    # of digit classes in the latent space
    grid_x = np.linspace(-4, 4, n)
    grid_y = np.linspace(-4, 4, n)[::-1]

    for i, yi in enumerate(grid_y):
        for j, xi in enumerate(grid_x):
            z_sample = np.array([[xi, yi]])
            x_decoded = decoder.predict(z_sample)
            digit = x_decoded[0].reshape(digit_size, digit_size)
            figure[i * digit_size: (i + 1) * digit_size,
                   j * digit_size: (j + 1) * digit_size] = digit


# MNIST dataset
(x_train, y_train), (x_test, y_test) = load_data()

image_size = x_train.shape[1]
original_dim = image_size * image_size
x_train = np.reshape(x_train, [-1, original_dim])
x_test = np.reshape(x_test, [-1, original_dim])
x_train = x_train.astype('float32') / 255
x_test = x_test.astype('float32') / 255

# network parameters
input_shape = (original_dim, )
intermediate_dim = 8
batch_size = 128
latent_dim = 2
epochs = 2

# VAE model = encoder + decoder
# build encoder model
inputs = Input(shape=input_shape, name='encoder_input')
x = Dense(intermediate_dim, activation='relu')(inputs)
z_mean = Dense(latent_dim, name='z_mean')(x)
z_log_var = Dense(latent_dim, name='z_log_var')(x)

# use reparameterization trick to push the sampling out as input
# note that "output_shape" isn't necessary with the TensorFlow backend
z = Lambda(sampling, output_shape=(latent_dim,), name='z')([z_mean, z_log_var])

# instantiate encoder model
encoder = Model(inputs, [z_mean, z_log_var, z], name='encoder')
encoder.summary()

# build decoder model
latent_inputs = Input(shape=(latent_dim,), name='z_sampling')
x = Dense(intermediate_dim, activation='relu')(latent_inputs)
outputs = Dense(original_dim, activation='sigmoid')(x)

# instantiate decoder model
decoder = Model(latent_inputs, outputs, name='decoder')
decoder.summary()

# instantiate VAE model
outputs = decoder(encoder(inputs)[2])
vae = Model(inputs, outputs, name='vae_mlp')

if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    help_ = "Load h5 model trained weights"
    parser.add_argument("-w", "--weights", help=help_)
    help_ = "Use mse loss instead of binary cross entropy (default)"
    parser.add_argument("-m",
                        "--mse",
                        help=help_, action='store_true')
    args = parser.parse_args([])
    models = (encoder, decoder)
    data = (x_test, y_test)

    # VAE loss = mse_loss or xent_loss + kl_loss
    if args.mse:
        reconstruction_loss = mse(inputs, outputs)
    else:
        reconstruction_loss = binary_crossentropy(inputs,
                                                  outputs)

    reconstruction_loss *= original_dim
    kl_loss = 1 + z_log_var - K.square(z_mean) - K.exp(z_log_var)
    kl_loss = K.sum(kl_loss, axis=-1)
    kl_loss *= -0.5
    vae_loss = K.mean(reconstruction_loss + kl_loss)
    vae.add_loss(vae_loss)
    vae.compile(optimizer='adam')

    if args.weights:
        vae.load_weights(args.weights)
    else:
        # train the autoencoder
        vae.fit(x_train,
                epochs=epochs,
                batch_size=batch_size,
                validation_data=(x_test, None))
        vae.save_weights('vae_mlp_mnist.h5')

    plot_results(models,
                 data,
                 batch_size=batch_size,
                 model_name="vae_mlp")
