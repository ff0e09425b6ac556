# source: keras-team/keras examples/mnist_denoising_autoencoder.py (Keras 2's denoising autoencoder on MNIST: encoder, decoder and autoencoder as three Models sharing weights)
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: `import keras`, `from keras import backend as K`; Input(shape=, name='encoder_input'); Conv2D(filters=, kernel_size=3, strides=2, activation='relu', padding='same') in a loop; K.int_shape of a symbolic tensor; Flatten, Dense(name='latent_vector'); encoder Model, summary(); a decoder Model from Input(shape=(latent_dim,)): Dense(shape[1] * shape[2] * shape[3]), Reshape, Conv2DTranspose(strides=2, padding='same') in a reversed loop, Conv2DTranspose(filters=1) and Activation('sigmoid', name='decoder_output'); the autoencoder Model(inputs, decoder(encoder(inputs))) nesting both; compile(loss='mse', optimizer='adam'); fit(noisy inputs, clean targets, validation_data=, batch_size=128); predict on the noisy test images, and numpy tiling of originals, noisy inputs and outputs
# reduced: mnist.load_data (a download) replaced by a load_data() made here: 128 training and 32 test seeded random 28x28 uint8 "digits" (numpy RandomState(0)), so an epoch is one batch of 128 and fit's shuffling cannot change the result; layer_filters [32, 64] -> [4, 8]; epochs 30 -> 2; rows, cols 10, 30 -> 2, 4 (8 of the 32 test images tiled); matplotlib and PIL (not installed in the test environments) not imported, the figure and Image.fromarray(imgs).save('corrupted_and_denoised.png') dropped (the tiled array is still made); the docstring and `from __future__` imports dropped
import keras
from keras.layers import Activation, Dense, Input
from keras.layers import Conv2D, Flatten
from keras.layers import Reshape, Conv2DTranspose
from keras.models import Model
from keras import backend as K
from keras.datasets import mnist  # its load_data (a download) is replaced below
import numpy as np

np.random.seed(1337)

# MNIST dataset


def load_data():
    # Stands in for mnist.load_data (a download): seeded random uint8 "digits".
    rng = np.random.RandomState(0)
    return ((rng.randint(0, 256, size=(128, 28, 28)).astype('uint8'), rng.randint(0, 10, size=(128,)).astype('uint8')),
            (rng.randint(0, 256, size=(32, 28, 28)).astype('uint8'), rng.randint(0, 10, size=(32,)).astype('uint8')))


(x_train, _), (x_test, _) = load_data()

image_size = x_train.shape[1]
x_train = np.reshape(x_train, [-1, image_size, image_size, 1])
x_test = np.reshape(x_test, [-1, image_size, image_size, 1])
x_train = x_train.astype('float32') / 255
x_test = x_test.astype('float32') / 255

# Generate corrupted MNIST images by adding noise with normal dist
# centered at 0.5 and std=0.5
noise = np.random.normal(loc=0.5, scale=0.5, size=x_train.shape)
x_train_noisy = x_train + noise
noise = np.random.normal(loc=0.5, scale=0.5, size=x_test.shape)
x_test_noisy = x_test + noise

x_train_noisy = np.clip(x_train_noisy, 0., 1.)
x_test_noisy = np.clip(x_test_noisy, 0., 1.)

# Network parameters
input_shape = (image_size, image_size, 1)
batch_size = 128
kernel_size = 3
latent_dim = 16
# Encoder/Decoder number of CNN layers and filters per layer
layer_filters = [4, 8]

# Build the Autoencoder Model
# First build the Encoder Model
inputs = Input(shape=input_shape, name='encoder_input')
x = inputs
# Stack of Conv2D blocks
# Notes:
# 1) Use Batch Normalization before ReLU on deep networks
# 2) Use MaxPooling2D as alternative to strides>1
# - faster but not as good as strides>1
for filters in layer_filters:
    x = Conv2D(filters=filters,
               kernel_size=kernel_size,
               strides=2,
               activation='relu',
               padding='same')(x)

# Shape info needed to build Decoder Model
shape = K.int_shape(x)

# Generate the latent vector
x = Flatten()(x)
latent = Dense(latent_dim, name='latent_vector')(x)

# Instantiate Encoder Model
encoder = Model(inputs, latent, name='encoder')
encoder.summary()

# Build the Decoder Model
latent_inputs = Input(shape=(latent_dim,), name='decoder_input')
x = Dense(shape[1] * shape[2] * shape[3])(latent_inputs)
x = Reshape((shape[1], shape[2], shape[3]))(x)

# Stack of Transposed Conv2D blocks
# Notes:
# 1) Use Batch Normalization before ReLU on deep networks
# 2) Use UpSampling2D as alternative to strides>1
# - faster but not as good as strides>1
for filters in layer_filters[::-1]:
    x = Conv2DTranspose(filters=filters,
                        kernel_size=kernel_size,
                        strides=2,
                        activation='relu',
                        padding='same')(x)

x = Conv2DTranspose(filters=1,
                    kernel_size=kernel_size,
                    padding='same')(x)

outputs = Activation('sigmoid', name='decoder_output')(x)

# Instantiate Decoder Model
decoder = Model(latent_inputs, outputs, name='decoder')
decoder.summary()

# Autoencoder = Encoder + Decoder
# Instantiate Autoencoder Model
autoencoder = Model(inputs, decoder(encoder(inputs)), name='autoencoder')
autoencoder.summary()

autoencoder.compile(loss='mse', optimizer='adam')

# Train the autoencoder
autoencoder.fit(x_train_noisy,
                x_train,
                validation_data=(x_test_noisy, x_test),
                epochs=2,
                batch_size=batch_size)

# Predict the Autoencoder output from corrupted test images
x_decoded = autoencoder.predict(x_test_noisy)

# Display the 1st 8 corrupted and denoised images
rows, cols = 2, 4
num = rows * cols
imgs = np.concatenate([x_test[:num], x_test_noisy[:num], x_decoded[:num]])
imgs = imgs.reshape((rows * 3, cols, image_size, image_size))
imgs = np.vstack(np.split(imgs, rows, axis=1))
imgs = imgs.reshape((rows * 3, -1, image_size, image_size))
imgs = np.vstack([np.hstack(i) for i in imgs])
imgs = (imgs * 255).astype(np.uint8)
