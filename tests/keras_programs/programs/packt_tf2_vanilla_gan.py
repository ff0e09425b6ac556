# source: PacktPublishing/Deep-Learning-with-TensorFlow-2-and-Keras Chapter 6/VanillaGAN.ipynb (Gulli, Kapoor, Pal, "Deep Learning with TensorFlow 2 and Keras", 2nd ed., chapter 6: a dense GAN on MNIST trained with train_on_batch; its code cells in order)
# commit: c5527cd1e16ad35838239a34760f8470a7960b1e
# keras: tf_keras
# exercises: `from tensorflow.keras.layers import ...`, `from tensorflow.keras.models import Sequential, Model`, `from tensorflow.keras import initializers`; Sequential built by add() with Dense(input_dim=), LeakyReLU(0.2) (positional alpha), Dropout, Dense(tanh) / Dense(sigmoid), initializers.RandomNormal(stddev=0.02); ONE Adam instance (beta_1=0.5) compiled into both the discriminator and the combined model (shared optimizer, its iteration count shared); discriminator.trainable = False before the functional combined model Model(Input -> generator -> discriminator) is compiled; trainable toggled True / False around each train_on_batch (tf-keras trains by the flags at compile time); discriminator.train_on_batch on a concatenation of real and generated rows with one-sided label smoothing (0.9), gan.train_on_batch on noise with ones; generator.predict of np.random.normal noise; np.random.seed(1000) and np.random.randint row sampling
# reduced: mnist.load_data() (a download) replaced by 64 seeded random uint8 28x28 images (drawn after the notebook's np.random.seed(1000)), reshape(60000, 784) -> reshape(64, 784); Dense widths 256/512/1024 -> 16/16/16 (generator) and 1024/512/256 -> 16/16/16 (discriminator); Dropout(0.3) -> Dropout(0.0) (random masks cannot match); Adam(lr=0.0002, beta_1=0.5) -> tensorflow.keras.optimizers.legacy.Adam(lr=0.0002, beta_1=0.5) (tf-keras 2.11+'s new Adam warns and drops `lr`, training at 0.001, where statefulrnn keeps the rate the program meant; the legacy optimizer honours `lr` as the Keras 2 of the book did); train(200, 128) -> train(2, 16) (4 batches per epoch); matplotlib (not in the Keras venv) and the unused tqdm import dropped: plotLoss prints the losses, saveGeneratedImages keeps its noise draw and generator.predict and prints the images' shape instead of drawing them
from tensorflow.keras.layers import Input, Dense, Reshape, Flatten, Dropout
from tensorflow.keras.layers import BatchNormalization, Activation, ZeroPadding2D
from tensorflow.keras.layers import LeakyReLU
from tensorflow.keras.layers import UpSampling2D, Conv2D
from tensorflow.keras.models import Sequential, Model
from tensorflow.keras.optimizers.legacy import Adam
from tensorflow.keras import initializers


import sys

import numpy as np

# Set the seed for reproducible result
np.random.seed(1000)

randomDim = 10
# Load MNIST data
X_train = np.random.randint(0, 256, size=(64, 28, 28)).astype(np.uint8)  # made-up digits
X_train = (X_train.astype(np.float32) - 127.5)/127.5
X_train = X_train.reshape(64, 784)

# Optimizer
adam = Adam(lr=0.0002, beta_1=0.5)

generator = Sequential()
generator.add(Dense(16, input_dim=randomDim)) #, kernel_initializer=initializers.RandomNormal(stddev=0.02)))
generator.add(LeakyReLU(0.2))
generator.add(Dense(16))
generator.add(LeakyReLU(0.2))
generator.add(Dense(16))
generator.add(LeakyReLU(0.2))
generator.add(Dense(784, activation='tanh'))
#generator.compile(loss='binary_crossentropy', optimizer=adam)

discriminator = Sequential()
discriminator.add(Dense(16, input_dim=784, kernel_initializer=initializers.RandomNormal(stddev=0.02)))
discriminator.add(LeakyReLU(0.2))
discriminator.add(Dropout(0.0))
discriminator.add(Dense(16))
discriminator.add(LeakyReLU(0.2))
discriminator.add(Dropout(0.0))
discriminator.add(Dense(16))
discriminator.add(LeakyReLU(0.2))
discriminator.add(Dropout(0.0))
discriminator.add(Dense(1, activation='sigmoid'))
discriminator.compile(loss='binary_crossentropy', optimizer=adam)

# Combined network
discriminator.trainable = False
ganInput = Input(shape=(randomDim,))
x = generator(ganInput)
ganOutput = discriminator(x)
gan = Model(inputs=ganInput, outputs=ganOutput)
gan.compile(loss='binary_crossentropy', optimizer=adam)

dLosses = []
gLosses = []

# Plot the loss from each batch
def plotLoss(epoch):
    print('Discriminitive loss', dLosses, 'Generative loss', gLosses)

# Create a wall of generated MNIST images
def saveGeneratedImages(epoch, examples=100, dim=(10, 10), figsize=(10, 10)):
    noise = np.random.normal(0, 1, size=[examples, randomDim])
    generatedImages = generator.predict(noise)
    generatedImages = generatedImages.reshape(examples, 28, 28)
    print('generated images', generatedImages.shape)

def train(epochs=1, batchSize=128):
    batchCount = int(X_train.shape[0] / batchSize)
    print ('Epochs:', epochs)
    print ('Batch size:', batchSize)
    print ('Batches per epoch:', batchCount)

    for e in range(1, epochs+1):
        print ('-'*15, 'Epoch %d' % e, '-'*15)
        for _ in range(batchCount):
            # Get a random set of input noise and images
            noise = np.random.normal(0, 1, size=[batchSize, randomDim])
            imageBatch = X_train[np.random.randint(0, X_train.shape[0], size=batchSize)]

            # Generate fake MNIST images
            generatedImages = generator.predict(noise)
            # print np.shape(imageBatch), np.shape(generatedImages)
            X = np.concatenate([imageBatch, generatedImages])

            # Labels for generated and real data
            yDis = np.zeros(2*batchSize)
            # One-sided label smoothing
            yDis[:batchSize] = 0.9

            # Train discriminator
            discriminator.trainable = True
            dloss = discriminator.train_on_batch(X, yDis)

            # Train generator
            noise = np.random.normal(0, 1, size=[batchSize, randomDim])
            yGen = np.ones(batchSize)
            discriminator.trainable = False
            gloss = gan.train_on_batch(noise, yGen)

        # Store loss of most recent batch from this epoch
        dLosses.append(dloss)
        gLosses.append(gloss)

        if e == 1 or e % 20 == 0:
            saveGeneratedImages(e)


    # Plot losses from every epoch
    plotLoss(e)

train(2, 16)
