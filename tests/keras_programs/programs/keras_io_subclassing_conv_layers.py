# source: keras-team/keras-io examples/keras_recipes/subclassing_conv_layers.py ("Customizing the convolution operation of a Conv2D layer", lukewood; `import tensorflow.keras as keras`, `import keras.layers as layers`)
# commit: 12d96f9887792509a1f84dc3b70505ba97bb0890
# keras: tf_keras
# exercises: Conv2D subclasses that change only the convolution: one overriding convolution_op(self, inputs, kernel) (Conv2D's call then adds the bias and applies the activation), one overriding call and calling self.convolution_op(inputs, standardized kernel) itself, adding self.bias when self.use_bias, its activation="relu" argument left unapplied (as the example's call does); a weight-standardized kernel ((kernel - mean) / sqrt(var + 1e-10) over the kernel's first three axes); keras.Sequential with keras.layers.InputLayer(input_shape=...), MaxPooling2D, Flatten, Dropout, Dense softmax; keras.utils.to_categorical; compile with "categorical_crossentropy", "adam", ["accuracy"]; fit with validation_split=0.1
# reduced: keras.datasets.mnist.load_data() (a download) is replaced by 72 training and 16 test random 28x28 uint8 images with random labels (numpy's, seeded), 8 and 16 filters instead of 32 and 64, Dropout(0.0) instead of 0.5 (random masks cannot match), batch 32 instead of 128, 2 epochs instead of 5, fit with shuffle=False (Keras's shuffled order is its own random draw); TensorFlow's ops in the two layers are written with tf-keras's backend (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` dropped): tf.nn.moments(kernel, axes=[0, 1, 2], keepdims=True) -> K.mean(kernel, axis=[0, 1, 2], keepdims=True) and K.var(...), tf.sqrt -> K.sqrt, tf.nn.conv2d(inputs, k, padding="VALID", strides=list(self.strides), name=...) -> K.conv2d(inputs, k, strides=tuple(self.strides), padding="valid"); `import keras.layers as layers` written `from tensorflow.keras import layers` (in the example it reaches the separately installed Keras package); model.summary() left out; the example's model.compile/fit sit inside a string (a formatting slip of the example) and are run here
import tensorflow.keras as keras
from tensorflow.keras import backend as K
from tensorflow.keras import layers
import numpy as np


class StandardizedConv2DWithOverride(layers.Conv2D):
    def convolution_op(self, inputs, kernel):
        mean = K.mean(kernel, axis=[0, 1, 2], keepdims=True)
        var = K.var(kernel, axis=[0, 1, 2], keepdims=True)
        return K.conv2d(
            inputs,
            (kernel - mean) / K.sqrt(var + 1e-10),
            strides=tuple(self.strides),
            padding="valid",
        )


class StandardizedConv2DWithCall(layers.Conv2D):
    def call(self, inputs):
        mean = K.mean(self.kernel, axis=[0, 1, 2], keepdims=True)
        var = K.var(self.kernel, axis=[0, 1, 2], keepdims=True)
        result = self.convolution_op(
            inputs, (self.kernel - mean) / K.sqrt(var + 1e-10)
        )
        if self.use_bias:
            result = result + self.bias
        return result


# Model / data parameters
num_classes = 10
input_shape = (28, 28, 1)

# the data, split between train and test sets
x_train = np.random.randint(0, 256, size=(72, 28, 28)).astype("uint8")
y_train = np.random.randint(0, 10, size=(72,))
x_test = np.random.randint(0, 256, size=(16, 28, 28)).astype("uint8")
y_test = np.random.randint(0, 10, size=(16,))

# Scale images to the [0, 1] range
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
# Make sure images have shape (28, 28, 1)
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape)

# convert class vectors to binary class matrices
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

model = keras.Sequential(
    [
        keras.layers.InputLayer(input_shape=input_shape),
        StandardizedConv2DWithCall(8, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        StandardizedConv2DWithOverride(16, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.0),
        layers.Dense(num_classes, activation="softmax"),
    ]
)

batch_size = 32
epochs = 2

model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1, shuffle=False)
model.evaluate(x_test, y_test)
