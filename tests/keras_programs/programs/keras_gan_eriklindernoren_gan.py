# source: eriklindernoren/Keras-GAN gan/gan.py (the early version of the ~9k-star Keras-GAN collection's plain GAN: one Adam instance shared by the discriminator, the generator and the combined model)
# commit: 01c19e45d3d4aacb181f5b9ef1bf01b3f34f7391
# keras: tf_keras
# exercises: Keras 2 imports incl. keras.layers.advanced_activations LeakyReLU and keras.layers.convolutional UpSampling2D/Conv2D (imported, unused); one Adam(0.0002, 0.5) instance (positional lr, beta_1) passed to three compiles; Sequential models wrapped as Model(Input, model(Input)); Dense, LeakyReLU(alpha=0.2), BatchNormalization(momentum=0.8), Reshape, Flatten(input_shape); discriminator compiled with metrics=['accuracy'], then discriminator.trainable = False before building and compiling the combined Model(z, discriminator(generator(z))); a loop of generator.predict on numpy noise, discriminator.train_on_batch on real and fake half batches (list results [loss, acc] averaged with np.add), combined.train_on_batch(noise, np.array([1] * batch_size)) with int targets; save_imgs's generator.predict
# reduced: mnist.load_data() replaced by 256 seeded uniform 8x8 "images" in 0..255 (img_rows/img_cols 28 -> 8); Dense sizes 256/512/1024 -> 16/32/64 and 512/256 -> 32/16; noise size 100 -> 10 (noise_shape and the three np.random.normal calls); epochs 30000 -> 4, batch_size 32 -> 16, save_interval 200 -> 2; `from keras.optimizers import Adam` -> `from keras.optimizers.legacy import Adam` (tf-keras >= 2.11's Adam is built for the variables of its first model and refuses the combined model's: KeyError "The optimizer cannot recognize variable", so Keras 2's shared optimizer only runs with the legacy class); matplotlib's plot grid in save_imgs and the savefig dropped (the predict and rescale kept)
from __future__ import print_function, division

from keras.layers import Input, Dense, Reshape, Flatten, Dropout
from keras.layers import BatchNormalization, Activation, ZeroPadding2D
from keras.layers.advanced_activations import LeakyReLU
from keras.layers.convolutional import UpSampling2D, Conv2D
from keras.models import Sequential, Model
from keras.optimizers.legacy import Adam

import sys

import numpy as np

np.random.seed(0)


class mnist:
    @staticmethod
    def load_data():
        x = np.random.randint(0, 256, (256, 8, 8)).astype(np.uint8)
        return (x, None), (None, None)


class GAN():
    def __init__(self):
        self.img_rows = 8
        self.img_cols = 8
        self.channels = 1
        self.img_shape = (self.img_rows, self.img_cols, self.channels)

        optimizer = Adam(0.0002, 0.5)

        # Build and compile the discriminator
        self.discriminator = self.build_discriminator()
        self.discriminator.compile(loss='binary_crossentropy',
            optimizer=optimizer,
            metrics=['accuracy'])

        # Build and compile the generator
        self.generator = self.build_generator()
        self.generator.compile(loss='binary_crossentropy', optimizer=optimizer)

        # The generator takes noise as input and generated imgs
        z = Input(shape=(10,))
        img = self.generator(z)

        # For the combined model we will only train the generator
        self.discriminator.trainable = False

        # The valid takes generated images as input and determines validity
        valid = self.discriminator(img)

        # The combined model  (stacked generator and discriminator) takes
        # noise as input => generates images => determines validity
        self.combined = Model(z, valid)
        self.combined.compile(loss='binary_crossentropy', optimizer=optimizer)

    def build_generator(self):

        noise_shape = (10,)

        model = Sequential()

        model.add(Dense(16, input_shape=noise_shape))
        model.add(LeakyReLU(alpha=0.2))
        model.add(BatchNormalization(momentum=0.8))
        model.add(Dense(32))
        model.add(LeakyReLU(alpha=0.2))
        model.add(BatchNormalization(momentum=0.8))
        model.add(Dense(64))
        model.add(LeakyReLU(alpha=0.2))
        model.add(BatchNormalization(momentum=0.8))
        model.add(Dense(np.prod(self.img_shape), activation='tanh'))
        model.add(Reshape(self.img_shape))

        model.summary()

        noise = Input(shape=noise_shape)
        img = model(noise)

        return Model(noise, img)

    def build_discriminator(self):

        img_shape = (self.img_rows, self.img_cols, self.channels)

        model = Sequential()

        model.add(Flatten(input_shape=img_shape))
        model.add(Dense(32))
        model.add(LeakyReLU(alpha=0.2))
        model.add(Dense(16))
        model.add(LeakyReLU(alpha=0.2))
        model.add(Dense(1, activation='sigmoid'))
        model.summary()

        img = Input(shape=img_shape)
        validity = model(img)

        return Model(img, validity)

    def train(self, epochs, batch_size=128, save_interval=50):

        # Load the dataset
        (X_train, _), (_, _) = mnist.load_data()

        # Rescale -1 to 1
        X_train = (X_train.astype(np.float32) - 127.5) / 127.5
        X_train = np.expand_dims(X_train, axis=3)

        half_batch = int(batch_size / 2)

        for epoch in range(epochs):

            # ---------------------
            #  Train Discriminator
            # ---------------------

            # Select a random half batch of images
            idx = np.random.randint(0, X_train.shape[0], half_batch)
            imgs = X_train[idx]

            noise = np.random.normal(0, 1, (half_batch, 10))

            # Generate a half batch of new images
            gen_imgs = self.generator.predict(noise)

            # Train the discriminator
            d_loss_real = self.discriminator.train_on_batch(imgs, np.ones((half_batch, 1)))
            d_loss_fake = self.discriminator.train_on_batch(gen_imgs, np.zeros((half_batch, 1)))
            d_loss = 0.5 * np.add(d_loss_real, d_loss_fake)


            # ---------------------
            #  Train Generator
            # ---------------------

            noise = np.random.normal(0, 1, (batch_size, 10))

            # The generator wants the discriminator to label the generated samples
            # as valid (ones)
            valid_y = np.array([1] * batch_size)

            # Train the generator
            g_loss = self.combined.train_on_batch(noise, valid_y)

            # Plot the progress
            print ("%d [D loss: %f, acc.: %.2f%%] [G loss: %f]" % (epoch, d_loss[0], 100*d_loss[1], g_loss))

            # If at save interval => save generated image samples
            if epoch % save_interval == 0:
                self.save_imgs(epoch)

    def save_imgs(self, epoch):
        r, c = 5, 5
        noise = np.random.normal(0, 1, (r * c, 10))
        gen_imgs = self.generator.predict(noise)

        # Rescale images 0 - 1
        gen_imgs = 0.5 * gen_imgs + 0.5


if __name__ == '__main__':
    gan = GAN()
    gan.train(epochs=4, batch_size=16, save_interval=2)
