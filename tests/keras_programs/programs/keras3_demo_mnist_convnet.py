# source: keras-team/keras examples/demo_mnist_convnet.py (Keras 3's own MNIST convnet demo)
# commit: 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60
# keras: keras
# exercises: keras.utils.to_categorical (imported as `from keras.utils import to_categorical`) of int class vectors; keras.Sequential of layers.Input(shape=(28, 28, 1)), Conv2D(32 / 64, kernel_size=(3, 3), activation="relu"), MaxPooling2D(pool_size=(2, 2)), Flatten, Dropout, Dense(num_classes, activation="softmax"); summary(); compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]); fit(batch_size=128, epochs=, validation_split=0.1); evaluate(verbose=0) read as score[0] and score[1]
# reduced: keras.datasets.mnist.load_data() (a download) is replaced by seeded numpy uint8 images of the same shape and int labels 0..9: 40 training and 16 test images instead of 60000 and 10000 (fit's training part, 36 rows, is one batch of 128, so fit's shuffling cannot change the result); Conv2D(8) and Conv2D(16) instead of Conv2D(32) and Conv2D(64); 2 epochs instead of 3; Dropout(0.5) -> Dropout(0.0) (random masks cannot match)
import numpy as np
import keras
from keras import layers
from keras.utils import to_categorical

# Model / data parameters
num_classes = 10
input_shape = (28, 28, 1)

# Load the data and split it between train and test sets
# Random images instead of MNIST (a download).
rng = np.random.RandomState(0)
x_train = rng.randint(0, 256, size=(40, 28, 28)).astype("uint8")
y_train = rng.randint(0, 10, size=(40,)).astype("uint8")
x_test = rng.randint(0, 256, size=(16, 28, 28)).astype("uint8")
y_test = rng.randint(0, 10, size=(16,)).astype("uint8")

# Scale images to the [0, 1] range
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
# Make sure images have shape (28, 28, 1)
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape)
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")


# convert class vectors to binary class matrices
y_train = to_categorical(y_train, num_classes)
y_test = to_categorical(y_test, num_classes)

batch_size = 128
epochs = 2

model = keras.Sequential(
    [
        layers.Input(shape=input_shape),
        layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(16, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.0),
        layers.Dense(num_classes, activation="softmax"),
    ]
)

model.summary()

model.compile(
    loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"]
)

model.fit(
    x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1
)

score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])
