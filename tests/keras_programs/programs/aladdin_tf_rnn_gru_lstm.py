# source: aladdinpersson/Machine-Learning-Collection ML/TensorFlow/Basics/tutorial6-rnn-gru-lstm.py (Aladdin Persson's TensorFlow 2 tutorials, "RNNs, GRUs, LSTMs and Bidirectionality": MNIST images read row by row)
# commit: eea1cf67cd420da7d77986c47cd5e8b3c41754bf
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow import keras`, `from tensorflow.keras import layers`; os.environ["TF_CPP_MIN_LOG_LEVEL"]; five keras.Sequential() built with model.add(keras.Input(shape=(None, 28))) (any number of rows): SimpleRNN(return_sequences=True, activation="relu") then SimpleRNN(activation="relu"); SimpleRNN(tanh) twice; GRU(return_sequences=True, activation="relu") then GRU; Bidirectional(LSTM(return_sequences=True, activation="relu")) then LSTM(name="lstm_layer2"); the last, trained one: Bidirectional(LSTM(return_sequences=True, activation="relu")), Bidirectional(LSTM(name="lstm_layer2")), Dense(10) logits; print(model.summary()); compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), optimizer=keras.optimizers.Adam(lr=0.001) (the legacy lr keyword), metrics=["accuracy"]); fit(batch_size=64, epochs, verbose=2), evaluate(batch_size=64, verbose=2) on uint8 labels
# reduced: mnist.load_data() (a download) replaced by a stand-in `mnist` with load_data() giving seeded random uint8 images of 28x28 and uint8 labels 0-9: 64 training images (one batch of 64, so fit's shuffle cannot change the result), 40 test images (one batch); `from tensorflow.keras.datasets import mnist` replaced by that stand-in; the two GPU lines (tf.config.list_physical_devices("GPU"), set_memory_growth(physical_devices[0], True), an IndexError without a GPU) dropped; all layers' units 512 / 256 -> 16; epochs 10 -> 2
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class mnist:  # stand-in for tensorflow.keras.datasets.mnist: made-up images
    @staticmethod
    def load_data():
        rng = np.random.RandomState(3)
        x_train = rng.randint(0, 256, size=(64, 28, 28)).astype("uint8")
        y_train = rng.randint(0, 10, size=(64,)).astype("uint8")
        x_test = rng.randint(0, 256, size=(40, 28, 28)).astype("uint8")
        y_test = rng.randint(0, 10, size=(40,)).astype("uint8")
        return (x_train, y_train), (x_test, y_test)


(x_train, y_train), (x_test, y_test) = mnist.load_data()
# x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
# x_test = x_test.reshape(-1, 784).astype("float32") / 255.0
x_train = x_train.reshape([-1, 28, 28]).astype("float32") / 255.0
x_test = x_test.reshape([-1, 28, 28]).astype("float32") / 255.0

model = keras.Sequential()
model.add(keras.Input(shape=(None, 28)))
model.add(layers.SimpleRNN(16, return_sequences=True, activation="relu"))
model.add(layers.SimpleRNN(16, activation="relu"))
model.add(layers.Dense(10))

model = keras.Sequential()
model.add(keras.Input(shape=(None, 28)))
model.add(layers.SimpleRNN(16, return_sequences=True, activation="tanh"))
model.add(layers.SimpleRNN(16))
model.add(layers.Dense(10))

model = keras.Sequential()
model.add(keras.Input(shape=(None, 28)))
model.add(layers.GRU(16, return_sequences=True, activation="relu"))
model.add(layers.GRU(16))
model.add(layers.Dense(10))

model = keras.Sequential()
model.add(keras.Input(shape=(None, 28)))
model.add(
    layers.Bidirectional(layers.LSTM(16, return_sequences=True, activation="relu"))
)
model.add(layers.LSTM(16, name="lstm_layer2"))
model.add(layers.Dense(10))

model = keras.Sequential()
model.add(keras.Input(shape=(None, 28)))
model.add(
    layers.Bidirectional(layers.LSTM(16, return_sequences=True, activation="relu"))
)
model.add(layers.Bidirectional(layers.LSTM(16, name="lstm_layer2")))
model.add(layers.Dense(10))

print(model.summary())
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer=keras.optimizers.Adam(lr=0.001),
    metrics=["accuracy"],
)

model.fit(x_train, y_train, batch_size=64, epochs=2, verbose=2)
model.evaluate(x_test, y_test, batch_size=64, verbose=2)
