# source: keras-team/keras examples/conv_lstm.py (the Keras 2 version: a Sequential of four ConvLSTM2D, Adadelta, moving squares made with numpy)
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: Sequential of four ConvLSTM2D(kernel_size=(3, 3), padding='same', return_sequences=True) with the default tanh activation, the first given input_shape=(None, h, w, 1) (an open frame count), each followed by BatchNormalization over the 5-d frame sequences (training-mode statistics over batch, time and space, moving averages for predict); Conv3D(filters=1, kernel_size=(3, 3, 3), activation='sigmoid', padding='same', data_format='channels_last') over time and space; compile(loss='binary_crossentropy', optimizer='adadelta'); fit(batch_size=10, validation_split=0.05); the next-frame loop: predict on one movie, its last predicted frame appended with np.concatenate and fed back 16 times (7 to 22 frames)
# reduced: `from keras.layers.convolutional import Conv3D`, `from keras.layers.convolutional_recurrent import ConvLSTM2D` and `from keras.layers.normalization import BatchNormalization` written `from keras.layers import ...` (tf-keras 2.21 has none of those modules, so they fail on Keras itself); np.float -> float (np.float was removed in NumPy 1.24, which both runs use); filters 40 -> 4 (the test runs on a CPU); generate_movies makes movies of 80x80 cut to a 40x40 window -> 36x36 cut to 12x12 (rows and cols 80 -> 36, square starts randint(20, 60) -> randint(12, 24), the cut [20:60] -> [12:24]: the squares still stay inside the larger frame over the 8 frames), input_shape (None, 40, 40, 1) -> (None, 12, 12, 1); 1200 movies of 15 frames -> 13 of 8, fit on the first 10 (the 0.05 validation split then leaves 1 for validation and 9 training movies, one batch of 10, so fit's shuffling cannot change the result), `which` 1004 -> 12; epochs 300 -> 2; pylab (matplotlib, not installed) not imported: the comparison plots saved with plt.savefig are dropped (the predictions they show are still made)
from keras.models import Sequential
from keras.layers import Conv3D
from keras.layers import ConvLSTM2D
from keras.layers import BatchNormalization
import numpy as np

# We create a layer which take as input movies of shape
# (n_frames, width, height, channels) and returns a movie
# of identical shape.

seq = Sequential()
seq.add(ConvLSTM2D(filters=4, kernel_size=(3, 3),
                   input_shape=(None, 12, 12, 1),
                   padding='same', return_sequences=True))
seq.add(BatchNormalization())

seq.add(ConvLSTM2D(filters=4, kernel_size=(3, 3),
                   padding='same', return_sequences=True))
seq.add(BatchNormalization())

seq.add(ConvLSTM2D(filters=4, kernel_size=(3, 3),
                   padding='same', return_sequences=True))
seq.add(BatchNormalization())

seq.add(ConvLSTM2D(filters=4, kernel_size=(3, 3),
                   padding='same', return_sequences=True))
seq.add(BatchNormalization())

seq.add(Conv3D(filters=1, kernel_size=(3, 3, 3),
               activation='sigmoid',
               padding='same', data_format='channels_last'))
seq.compile(loss='binary_crossentropy', optimizer='adadelta')


# Artificial data generation:
# Generate movies with 3 to 7 moving squares inside.
# The squares are of shape 1x1 or 2x2 pixels,
# which move linearly over time.
# For convenience we first create movies with bigger width and height (80x80)
# and at the end we select a 40x40 window.

def generate_movies(n_samples=1200, n_frames=15):
    row = 36
    col = 36
    noisy_movies = np.zeros((n_samples, n_frames, row, col, 1), dtype=float)
    shifted_movies = np.zeros((n_samples, n_frames, row, col, 1),
                              dtype=float)

    for i in range(n_samples):
        # Add 3 to 7 moving squares
        n = np.random.randint(3, 8)

        for j in range(n):
            # Initial position
            xstart = np.random.randint(12, 24)
            ystart = np.random.randint(12, 24)
            # Direction of motion
            directionx = np.random.randint(0, 3) - 1
            directiony = np.random.randint(0, 3) - 1

            # Size of the square
            w = np.random.randint(2, 4)

            for t in range(n_frames):
                x_shift = xstart + directionx * t
                y_shift = ystart + directiony * t
                noisy_movies[i, t, x_shift - w: x_shift + w,
                             y_shift - w: y_shift + w, 0] += 1

                # Make it more robust by adding noise.
                # The idea is that if during inference,
                # the value of the pixel is not exactly one,
                # we need to train the network to be robust and still
                # consider it as a pixel belonging to a square.
                if np.random.randint(0, 2):
                    noise_f = (-1)**np.random.randint(0, 2)
                    noisy_movies[i, t,
                                 x_shift - w - 1: x_shift + w + 1,
                                 y_shift - w - 1: y_shift + w + 1,
                                 0] += noise_f * 0.1

                # Shift the ground truth by 1
                x_shift = xstart + directionx * (t + 1)
                y_shift = ystart + directiony * (t + 1)
                shifted_movies[i, t, x_shift - w: x_shift + w,
                               y_shift - w: y_shift + w, 0] += 1

    # Cut to a 40x40 window
    noisy_movies = noisy_movies[::, ::, 12:24, 12:24, ::]
    shifted_movies = shifted_movies[::, ::, 12:24, 12:24, ::]
    noisy_movies[noisy_movies >= 1] = 1
    shifted_movies[shifted_movies >= 1] = 1
    return noisy_movies, shifted_movies

# Train the network
noisy_movies, shifted_movies = generate_movies(n_samples=13, n_frames=8)
seq.fit(noisy_movies[:10], shifted_movies[:10], batch_size=10,
        epochs=2, validation_split=0.05)

# Testing the network on one movie
# feed it with the first 7 positions and then
# predict the new positions
which = 12
track = noisy_movies[which][:7, ::, ::, ::]

for j in range(16):
    new_pos = seq.predict(track[np.newaxis, ::, ::, ::, ::])
    new = new_pos[::, -1, ::, ::, ::]
    track = np.concatenate((track, new), axis=0)

