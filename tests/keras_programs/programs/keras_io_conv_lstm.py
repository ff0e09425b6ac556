# source: keras-team/keras-io examples/vision/conv_lstm.py (the Keras 3 version: `import keras`, `from keras import layers`; Amogh Joshi, "Next-Frame Video Prediction with Convolutional LSTMs")
# commit: unknown: the stored copy (code index file id 1395190836) names no commit, and the repository snapshot is too large to fetch (the tf.keras version before it is at b8bb4c0d5068d64290003740c2ef9e703eefa751)
# keras: keras
# exercises: layers.Input(shape=(None, 16, 16, 1)) with an open frame count; three ConvLSTM2D(padding="same", return_sequences=True, activation="relu") of kernel (5, 5), (3, 3) and (1, 1) with BatchNormalization over the 5-D sequences of frames between them (training-mode batch statistics over batch, time and space, and moving averages for predict); a Conv3D(kernel_size=(3, 3, 3), activation="sigmoid", padding="same") head over time and space; keras.models.Model(inp, x) compiled with the function keras.losses.binary_crossentropy and keras.optimizers.Adam(); fit(batch_size=5, validation_data) with EarlyStopping(monitor="val_loss", patience=10) and ReduceLROnPlateau(monitor="val_loss", patience=5) (its learning_rate history entry); the next-frame loop: predict on one sequence, its last predicted frame appended with np.concatenate and fed back, on 6 to 15 frames; then predict on prefixes of five sequences drawn with np.random.choice
# reduced: the Moving MNIST download (keras.utils.get_file, np.load of 20 frames x 10000 sequences of 64x64) is replaced by moving_blobs, numpy frames in the same (frames, sequences, height, width) uint8 layout: 6 sequences of 6 frames of 16x16, one Gaussian blob each moving from a seeded start and direction, so the 0.9 split leaves 5 training sequences, one batch of batch_size=5, and fit's shuffling cannot change the result (the example's "first ten frames" are then all 6, and its 10 to 19 frame prefixes too); 8 filters per ConvLSTM2D instead of 64 (the test runs on a CPU); 1 epoch instead of 20, one Adam step, so EarlyStopping and ReduceLROnPlateau see one val_loss and do not act: from the second step on, TensorFlow's float32 gradients are ill-conditioned here (at the weights after one step they differ from its own float64 ones by up to 0.14% of the largest, where statefulrnn's float32 stay within 2e-7 of float64, and the two float64 runs agree to 3e-8), and Adam carries that into hundreds of weights past the tolerance (binary squares, 20 frames or more epochs fail the same way); matplotlib, imageio, IPython and ipywidgets are not imported: the frame plots, the GIFs made with imageio.mimsave and their display in widgets are dropped (the predictions they show are still made)

import numpy as np

import keras
from keras import layers


def moving_blobs(num_sequences, num_frames=6, size=16, width=4):
    # Moving MNIST's layout, (frames, sequences, height, width) grey levels in uint8: one
    # Gaussian blob per sequence, moving in a straight line and bouncing off the margins.
    frames = np.zeros((num_frames, num_sequences, size, size), dtype=np.uint8)
    rows, cols = np.mgrid[0:size, 0:size]
    for sequence in range(num_sequences):
        row, col = np.random.uniform(width, size - width, size=2)
        d_row, d_col = np.random.uniform(-1, 1, size=2)
        for frame in range(num_frames):
            blob = np.exp(-((rows - row) ** 2 + (cols - col) ** 2) / width)
            frames[frame, sequence] = np.round(255 * blob)
            if not width <= row + d_row <= size - width:
                d_row = -d_row
            if not width <= col + d_col <= size - width:
                d_col = -d_col
            row, col = row + d_row, col + d_col
    return frames


# Download and load the dataset.
dataset = moving_blobs(6)

# Swap the axes representing the number of frames and number of data samples.
dataset = np.swapaxes(dataset, 0, 1)
# We'll pick out 1000 of the 10000 total examples and use those.
dataset = dataset[:1000, ...]
# Add a channel dimension since the images are grayscale.
dataset = np.expand_dims(dataset, axis=-1)

# Split into train and validation sets using indexing to optimize memory.
indexes = np.arange(dataset.shape[0])
np.random.shuffle(indexes)
train_index = indexes[: int(0.9 * dataset.shape[0])]
val_index = indexes[int(0.9 * dataset.shape[0]) :]
train_dataset = dataset[train_index]
val_dataset = dataset[val_index]

# Normalize the data to the 0-1 range.
train_dataset = train_dataset / 255
val_dataset = val_dataset / 255


# We'll define a helper function to shift the frames, where
# `x` is frames 0 to n - 1, and `y` is frames 1 to n.
def create_shifted_frames(data):
    x = data[:, 0 : data.shape[1] - 1, :, :]
    y = data[:, 1 : data.shape[1], :, :]
    return x, y


# Apply the processing function to the datasets.
x_train, y_train = create_shifted_frames(train_dataset)
x_val, y_val = create_shifted_frames(val_dataset)

# Inspect the dataset.
print(
    "Training Dataset Shapes: " + str(x_train.shape) + ", " + str(y_train.shape)
)
print(
    "Validation Dataset Shapes: " + str(x_val.shape) + ", " + str(y_val.shape)
)

# Construct the input layer with no definite frame size.
inp = layers.Input(shape=(None, *x_train.shape[2:]))

# We will construct 3 `ConvLSTM2D` layers with batch normalization,
# followed by a `Conv3D` layer for the spatiotemporal outputs.
x = layers.ConvLSTM2D(
    filters=8,
    kernel_size=(5, 5),
    padding="same",
    return_sequences=True,
    activation="relu",
)(inp)
x = layers.BatchNormalization()(x)
x = layers.ConvLSTM2D(
    filters=8,
    kernel_size=(3, 3),
    padding="same",
    return_sequences=True,
    activation="relu",
)(x)
x = layers.BatchNormalization()(x)
x = layers.ConvLSTM2D(
    filters=8,
    kernel_size=(1, 1),
    padding="same",
    return_sequences=True,
    activation="relu",
)(x)
x = layers.Conv3D(
    filters=1, kernel_size=(3, 3, 3), activation="sigmoid", padding="same"
)(x)

# Next, we will build the complete model and compile it.
model = keras.models.Model(inp, x)
model.compile(
    loss=keras.losses.binary_crossentropy,
    optimizer=keras.optimizers.Adam(),
)

# Define some callbacks to improve training.
early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=10)
reduce_lr = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", patience=5)

# Define modifiable training hyperparameters.
epochs = 1
batch_size = 5

# Fit the model to the training data.
model.fit(
    x_train,
    y_train,
    batch_size=batch_size,
    epochs=epochs,
    validation_data=(x_val, y_val),
    callbacks=[early_stopping, reduce_lr],
)

# Select a random example from the validation dataset.
example = val_dataset[np.random.choice(range(len(val_dataset)), size=1)[0]]

# Pick the first/last ten frames from the example.
frames = example[:10, ...]
original_frames = example[10:, ...]

# Predict a new set of 10 frames.
for _ in range(10):
    # Extract the model's prediction and post-process it.
    new_prediction = model.predict(np.expand_dims(frames, axis=0))
    new_prediction = np.squeeze(new_prediction, axis=0)
    predicted_frame = np.expand_dims(new_prediction[-1, ...], axis=0)

    # Extend the set of prediction frames.
    frames = np.concatenate((frames, predicted_frame), axis=0)

# Select a few random examples from the dataset.
examples = val_dataset[np.random.choice(range(len(val_dataset)), size=5)]

# Iterate over the examples and predict the frames.
predicted_videos = []
for example in examples:
    # Pick the first/last ten frames from the example.
    frames = example[:10, ...]
    original_frames = example[10:, ...]
    new_predictions = np.zeros(shape=(10, *frames[0].shape))

    # Predict a new set of 10 frames.
    for i in range(10):
        # Extract the model's prediction and post-process it.
        frames = example[: 10 + i + 1, ...]
        new_prediction = model.predict(np.expand_dims(frames, axis=0))
        new_prediction = np.squeeze(new_prediction, axis=0)
        predicted_frame = np.expand_dims(new_prediction[-1, ...], axis=0)

        # Extend the set of prediction frames.
        new_predictions[i] = predicted_frame
