# source: PacktPublishing/Advanced-Deep-Learning-with-Keras chapter3-autoencoders/autoencoder-mnist-3.2.1.py (R. Atienza, "Advanced Deep Learning with Keras", Packt, chapter 3 "Autoencoders": a modular convolutional autoencoder on MNIST, an encoder Model and a decoder Model composed into a third Model that shares their weights)
# commit: b065726ee733d32c6bd618fc7643c9fc51767c75
# keras: tf_keras
# exercises: `from tensorflow.keras.layers import Dense, Input, Conv2D, Flatten, Reshape, Conv2DTranspose`, `from tensorflow.keras.models import Model`, `from tensorflow.keras import backend as K`; Input(shape, name); Conv2D(filters, kernel_size, activation='relu', strides=2, padding='same') in a loop; K.int_shape of a symbolic tensor used to size the decoder; Flatten, Dense(name='latent_vector'); encoder = Model(inputs, latent, name='encoder'); a second Input(name='decoder_input') -> Dense -> Reshape -> Conv2DTranspose(strides=2, padding='same') loop -> Conv2DTranspose(1, activation='sigmoid', padding='same', name='decoder_output'); decoder = Model(..., name='decoder'); autoencoder = Model(inputs, decoder(encoder(inputs)), name='autoencoder') (models called as layers, nested); summary() of all three; compile(loss='mse', optimizer='adam'); fit(x, x, validation_data=(x_test, x_test), epochs, batch_size); predict
# reduced: mnist.load_data() (a download) replaced by made_up_mnist(): 32 training and 16 test 28x28 uint8 "digits" (numpy RandomState(0): a per-class mean pattern plus noise), so fit's batch_size 32 gives one batch and its shuffling cannot change the result; layer_filters [32, 64] -> [4, 8], latent_dim 16 -> 4; plot_model calls left out (pydot and graphviz); matplotlib (not installed in the Keras venv) dropped: the image grid is built with numpy as written and its plotting lines left out
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.layers import Conv2D, Flatten
from tensorflow.keras.layers import Reshape, Conv2DTranspose
from tensorflow.keras.models import Model
from tensorflow.keras import backend as K
import numpy as np


def made_up_mnist():
    rng = np.random.RandomState(0)
    means = rng.randint(0, 256, size=(10, 28, 28))

    def split(n):
        y = np.concatenate([np.arange(10), rng.randint(0, 10, n - 10)]).astype('uint8')
        x = np.clip(means[y] + rng.normal(0, 40, (n, 28, 28)), 0, 255).astype('uint8')
        return x, y

    return split(32), split(16)


# load MNIST dataset
(x_train, _), (x_test, _) = made_up_mnist()

# reshape to (28, 28, 1) and normalize input images
image_size = x_train.shape[1]
x_train = np.reshape(x_train, [-1, image_size, image_size, 1])
x_test = np.reshape(x_test, [-1, image_size, image_size, 1])
x_train = x_train.astype('float32') / 255
x_test = x_test.astype('float32') / 255

# network parameters
input_shape = (image_size, image_size, 1)
batch_size = 32
kernel_size = 3
latent_dim = 4
# encoder/decoder number of CNN layers and filters per layer
layer_filters = [4, 8]

# build the autoencoder model
# first build the encoder model
inputs = Input(shape=input_shape, name='encoder_input')
x = inputs
# stack of Conv2D(32)-Conv2D(64)
for filters in layer_filters:
    x = Conv2D(filters=filters,
               kernel_size=kernel_size,
               activation='relu',
               strides=2,
               padding='same')(x)

# shape info needed to build decoder model
# so we don't do hand computation
# the input to the decoder's first
# Conv2DTranspose will have this shape
# shape is (7, 7, 64) which is processed by
# the decoder back to (28, 28, 1)
shape = K.int_shape(x)

# generate latent vector
x = Flatten()(x)
latent = Dense(latent_dim, name='latent_vector')(x)

# instantiate encoder model
encoder = Model(inputs,
                latent,
                name='encoder')
encoder.summary()

# build the decoder model
latent_inputs = Input(shape=(latent_dim,), name='decoder_input')
# use the shape (7, 7, 64) that was earlier saved
x = Dense(shape[1] * shape[2] * shape[3])(latent_inputs)
# from vector to suitable shape for transposed conv
x = Reshape((shape[1], shape[2], shape[3]))(x)

# stack of Conv2DTranspose(64)-Conv2DTranspose(32)
for filters in layer_filters[::-1]:
    x = Conv2DTranspose(filters=filters,
                        kernel_size=kernel_size,
                        activation='relu',
                        strides=2,
                        padding='same')(x)

# reconstruct the input
outputs = Conv2DTranspose(filters=1,
                          kernel_size=kernel_size,
                          activation='sigmoid',
                          padding='same',
                          name='decoder_output')(x)

# instantiate decoder model
decoder = Model(latent_inputs, outputs, name='decoder')
decoder.summary()

# autoencoder = encoder + decoder
# instantiate autoencoder model
autoencoder = Model(inputs,
                    decoder(encoder(inputs)),
                    name='autoencoder')
autoencoder.summary()

# Mean Square Error (MSE) loss function, Adam optimizer
autoencoder.compile(loss='mse', optimizer='adam')

# train the autoencoder
autoencoder.fit(x_train,
                x_train,
                validation_data=(x_test, x_test),
                epochs=1,
                batch_size=batch_size)

# predict the autoencoder output from test data
x_decoded = autoencoder.predict(x_test)

# display the 1st 8 test input and decoded images
imgs = np.concatenate([x_test[:8], x_decoded[:8]])
imgs = imgs.reshape((4, 4, image_size, image_size))
imgs = np.vstack([np.hstack(i) for i in imgs])
print(imgs.shape)
