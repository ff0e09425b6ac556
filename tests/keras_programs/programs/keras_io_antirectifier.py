# source: keras-team/keras-io examples/keras_recipes/antirectifier.py ("Simple custom layer example: Antirectifier", fchollet; its Keras 3 version: `import keras`, `from keras import ops`, last modified 2023/11/20)
# commit: unknown: the stored copy (code index file id 2902475618) names no commit, and the repository snapshot is too large to fetch (the tf.keras version before it is at 8320a6c0a63cd6debe960689c182cee491193fa9)
# keras: keras
# exercises: a Layer subclass taking an initializer name through keras.initializers.get("he_normal"), creating its kernel in build(input_shape) with add_weight(shape=(output_dim * 2, output_dim), initializer=self.initializer, name="kernel", trainable=True), a call written with `inputs -= ops.mean(inputs, axis=-1, keepdims=True)`, ops.relu, ops.concatenate and ops.matmul, get_config merging super().get_config() with keras.initializers.serialize(self.initializer); keras.Sequential of keras.Input(shape=(784,)), Dense(256), Antirectifier(), Dense(256), Antirectifier(), Dropout, Dense(10); compile with keras.losses.SparseCategoricalCrossentropy(from_logits=True), keras.optimizers.RMSprop() and [keras.metrics.SparseCategoricalAccuracy()]; fit(batch_size=, epochs=, validation_split=0.15); evaluate
# reduced: keras.datasets.mnist.load_data() (a download) is replaced by seeded numpy uint8 images and random labels, 80 training rows (68 after validation_split, in batches of 32 instead of 128) and 40 test rows; Dense(64) instead of Dense(256) (both of them); Dropout(0.0) instead of 0.5 (random masks cannot match); 2 epochs instead of 20; fit with shuffle=False (Keras's shuffled order is its own random draw); the example's prose strings are left out
import numpy as np
import keras
from keras import layers
from keras import ops


class Antirectifier(layers.Layer):
    def __init__(self, initializer="he_normal", **kwargs):
        super().__init__(**kwargs)
        self.initializer = keras.initializers.get(initializer)

    def build(self, input_shape):
        output_dim = input_shape[-1]
        self.kernel = self.add_weight(
            shape=(output_dim * 2, output_dim),
            initializer=self.initializer,
            name="kernel",
            trainable=True,
        )

    def call(self, inputs):
        inputs -= ops.mean(inputs, axis=-1, keepdims=True)
        pos = ops.relu(inputs)
        neg = ops.relu(-inputs)
        concatenated = ops.concatenate([pos, neg], axis=-1)
        mixed = ops.matmul(concatenated, self.kernel)
        return mixed

    def get_config(self):
        # Implement get_config to enable serialization. This is optional.
        base_config = super().get_config()
        config = {"initializer": keras.initializers.serialize(self.initializer)}
        return dict(list(base_config.items()) + list(config.items()))


# Training parameters
batch_size = 32
num_classes = 10
epochs = 2

# The data, split between train and test sets
x_train = np.random.randint(0, 256, size=(80, 28, 28)).astype("uint8")
y_train = np.random.randint(0, 10, size=(80,))
x_test = np.random.randint(0, 256, size=(40, 28, 28)).astype("uint8")
y_test = np.random.randint(0, 10, size=(40,))

x_train = x_train.reshape(-1, 784)
x_test = x_test.reshape(-1, 784)
x_train = x_train.astype("float32")
x_test = x_test.astype("float32")
x_train /= 255
x_test /= 255
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")

# Build the model
model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        layers.Dense(64),
        Antirectifier(),
        layers.Dense(64),
        Antirectifier(),
        layers.Dropout(0.0),
        layers.Dense(10),
    ]
)

# Compile the model
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer=keras.optimizers.RMSprop(),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)

# Train the model
model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.15, shuffle=False)

# Test the model
model.evaluate(x_test, y_test)
