# source: eriklindernoren/Keras-GAN cgan/cgan.py (the ~9k-star Keras-GAN collection's conditional GAN: label Embeddings multiplied into the noise and the flattened image, one Adam shared by three models)
# commit: 2f7b43f92d9f3326d3c838acb8acf75f76001fc5
# keras: tf_keras
# exercises: Keras 2 imports incl. keras.layers.advanced_activations LeakyReLU and keras.layers.convolutional (imported, unused); one Adam(0.0002, 0.5) (positional lr, beta_1) shared by three compiles with loss=['binary_crossentropy'] (a one-element list); Sequential MLPs (Dense(input_dim=...), LeakyReLU(alpha=0.2), BatchNormalization(momentum=0.8), Dropout, Reshape) called inside functional Models; Input(shape=(1,), dtype='int32') labels through Embedding(num_classes, dim) + Flatten, multiply([noise, label_embedding]) and multiply([flat_img, label_embedding]); discriminator.trainable = False before the combined Model([noise, label], discriminator([generator([noise, label]), label])) whose label Input is float32 (fed on to the int32 Embedding inputs); generator.predict on [noise, labels]; discriminator.train_on_batch on [imgs, labels] lists giving [loss, acc]; combined.train_on_batch([noise, sampled_labels], valid)
# reduced: mnist.load_data() replaced by 256 seeded uniform 8x8 "images" in 0..255 with seeded labels 0..9 (img_rows/img_cols 28 -> 8); generator Dense sizes 256/512/1024 -> 16/32/64, discriminator 512 -> 32; Dropout(0.4) -> Dropout(0.0) (random masks cannot match); epochs 10000 -> 4, batch_size 32 -> 16, save_interval 200 -> 2; `from keras.optimizers import Adam` -> `from keras.optimizers.legacy import Adam` (tf-keras >= 2.11's Adam is built for the variables of its first model and refuses the combined model's, so Keras 2's shared optimizer only runs with the legacy class); matplotlib's plot grid and savefig in save_imgs dropped (the predict and rescale kept)
from __future__ import print_function, division

from keras.layers import Input, Dense, Reshape, Flatten, Dropout, multiply
from keras.layers import BatchNormalization, Activation, Embedding, ZeroPadding2D
from keras.layers.advanced_activations import LeakyReLU
from keras.layers.convolutional import UpSampling2D, Conv2D
from keras.models import Sequential, Model
from keras.optimizers.legacy import Adam

import numpy as np

np.random.seed(0)


class mnist:
    @staticmethod
    def load_data():
        x = np.random.randint(0, 256, (256, 8, 8)).astype(np.uint8)
        y = np.random.randint(0, 10, 256).astype(np.uint8)
        return (x, y), (None, None)


class CGAN():
    def __init__(self):
        self.img_rows = 8
        self.img_cols = 8
        self.channels = 1
        self.img_shape = (self.img_rows, self.img_cols, self.channels)
        self.num_classes = 10
        self.latent_dim = 100

        optimizer = Adam(0.0002, 0.5)

        # Build and compile the discriminator
        self.discriminator = self.build_discriminator()
        self.discriminator.compile(loss=['binary_crossentropy'],
            optimizer=optimizer,
            metrics=['accuracy'])

        # Build and compile the generator
        self.generator = self.build_generator()
        self.generator.compile(loss=['binary_crossentropy'],
            optimizer=optimizer)

        # The generator takes noise and the target label as input
        # and generates the corresponding digit of that label
        noise = Input(shape=(100,))
        label = Input(shape=(1,))
        img = self.generator([noise, label])

        # For the combined model we will only train the generator
        self.discriminator.trainable = False

        # The discriminator takes generated image as input and determines validity
        # and the label of that image
        valid = self.discriminator([img, label])

        # The combined model  (stacked generator and discriminator) takes
        # noise as input => generates images => determines validity
        self.combined = Model([noise, label], valid)
        self.combined.compile(loss=['binary_crossentropy'],
            optimizer=optimizer)

    def build_generator(self):

        model = Sequential()

        model.add(Dense(16, input_dim=self.latent_dim))
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

        noise = Input(shape=(self.latent_dim,))
        label = Input(shape=(1,), dtype='int32')

        label_embedding = Flatten()(Embedding(self.num_classes, self.latent_dim)(label))

        model_input = multiply([noise, label_embedding])

        img = model(model_input)

        return Model([noise, label], img)

    def build_discriminator(self):

        model = Sequential()

        model.add(Dense(32, input_dim=np.prod(self.img_shape)))
        model.add(LeakyReLU(alpha=0.2))
        model.add(Dense(32))
        model.add(LeakyReLU(alpha=0.2))
        model.add(Dropout(0.0))
        model.add(Dense(32))
        model.add(LeakyReLU(alpha=0.2))
        model.add(Dropout(0.0))
        model.add(Dense(1, activation='sigmoid'))
        model.summary()

        img = Input(shape=self.img_shape)
        label = Input(shape=(1,), dtype='int32')

        label_embedding = Flatten()(Embedding(self.num_classes, np.prod(self.img_shape))(label))
        flat_img = Flatten()(img)

        model_input = multiply([flat_img, label_embedding])

        validity = model(model_input)

        return Model([img, label], validity)

    def train(self, epochs, batch_size=128, save_interval=50):

        # Load the dataset
        (X_train, y_train), (_, _) = mnist.load_data()

        # Rescale -1 to 1
        X_train = (X_train.astype(np.float32) - 127.5) / 127.5
        X_train = np.expand_dims(X_train, axis=3)
        y_train = y_train.reshape(-1, 1)

        half_batch = int(batch_size / 2)

        for epoch in range(epochs):

            # ---------------------
            #  Train Discriminator
            # ---------------------

            # Select a random half batch of images
            idx = np.random.randint(0, X_train.shape[0], half_batch)
            imgs, labels = X_train[idx], y_train[idx]

            noise = np.random.normal(0, 1, (half_batch, 100))

            # Generate a half batch of new images
            gen_imgs = self.generator.predict([noise, labels])

            valid = np.ones((half_batch, 1))
            fake = np.zeros((half_batch, 1))

            # Train the discriminator
            d_loss_real = self.discriminator.train_on_batch([imgs, labels], valid)
            d_loss_fake = self.discriminator.train_on_batch([gen_imgs, labels], fake)
            d_loss = 0.5 * np.add(d_loss_real, d_loss_fake)

            # ---------------------
            #  Train Generator
            # ---------------------

            noise = np.random.normal(0, 1, (batch_size, 100))

            valid = np.ones((batch_size, 1))
            # Generator wants discriminator to label the generated images as the intended
            # digits
            sampled_labels = np.random.randint(0, 10, batch_size).reshape(-1, 1)

            # Train the generator
            g_loss = self.combined.train_on_batch([noise, sampled_labels], valid)

            # Plot the progress
            print ("%d [D loss: %f, acc.: %.2f%%] [G loss: %f]" % (epoch, d_loss[0], 100*d_loss[1], g_loss))

            # If at save interval => save generated image samples
            if epoch % save_interval == 0:
                self.save_imgs(epoch)

    def save_imgs(self, epoch):
        r, c = 2, 5
        noise = np.random.normal(0, 1, (r * c, 100))
        sampled_labels = np.arange(0, 10).reshape(-1, 1)

        gen_imgs = self.generator.predict([noise, sampled_labels])

        # Rescale images 0 - 1
        gen_imgs = 0.5 * gen_imgs + 0.5


if __name__ == '__main__':
    cgan = CGAN()
    cgan.train(epochs=4, batch_size=16, save_interval=2)
