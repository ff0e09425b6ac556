# source: keras-team/keras-io examples/keras_recipes/packaging_keras_models_for_wide_distribution.py ("Packaging Keras models for wide distribution using Functional Subclassing", Martin Görner, 2023-12-13: Keras 3)
# commit: 078873d23f34c15d795565b5eb113882b8d689ae
# keras: keras
# exercises: `import keras`, keras.version(), keras.config.backend(); the Functional Subclassing pattern: keras.Model subclasses (MnistModel, MnistDictModel) whose __init__(**kwargs) builds a graph from keras.layers.Input(shape=(None, None, 1), dtype="uint8") (unconstrained height and width) and ends with super().__init__(inputs=inputs, outputs=outputs, **kwargs); Rescaling(1 / 255.0) of uint8 input, Conv2D(padding="same", strides=2, activation="relu"), GlobalAveragePooling2D, Dense, Dropout, Dense(10, softmax, name="classification_head"); compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"]), fit with validation_data; a fresh instance's summary() and a recursive walk of layer.layers printing names; model surgery: model.input, model.get_layer("classification_head").input, a new Dense(1, sigmoid, name=...) head on it, keras.Model(input, output) (a model sharing the subclass instance's layers), summary, compile(binary_crossentropy, binary_accuracy), fit on uint8 0/1 labels; a dict input {"image": Input(..., name="image")} in a functional subclass, fit on {"image": x}
# reduced: keras.datasets.mnist.load_data (a download) replaced by made-up 12x12 uint8 "digits" (numpy RandomState(0): a class-dependent bright square on noise, labels 0..9), 128 training and 64 test rows; the tf.data pipelines (from_tensor_slices, map(tf.expand_dims ...), batch, cache, shuffle(5000), repeat, and the binary and dict datasets' map with tf.cast(tf.math.equal(...))) -> numpy: np.expand_dims(x, -1), (y == 0).astype("uint8"), {"image": x}; fit(train_data, steps_per_epoch=STEPS_PER_EPOCH, epochs=EPOCHS, validation_data=test_data) -> fit(x_train, train_labels, batch_size=BATCH_SIZE, epochs=EPOCHS, validation_data=(x_test, test_labels), shuffle=False) (the pipeline's shuffle cannot match; `import tensorflow as tf  # only for tf.data` dropped with it); BATCH_SIZE 256 -> 32, EPOCHS 5 -> 2; Dropout(0.4) -> Dropout(0.0) in both classes (random masks cannot match)
import keras
import numpy as np

print("Keras version", keras.version())
print("Keras is running on", keras.config.backend())

BATCH_SIZE = 32

rng = np.random.RandomState(0)


def made_up_digits(n):
    labels = rng.randint(0, 10, size=n)
    images = rng.randint(0, 60, size=(n, 12, 12)).astype("uint8")
    for i, label in enumerate(labels):
        r, c = divmod(int(label), 4)
        images[i, 1 + 3 * r : 4 + 3 * r, 1 + 3 * c : 4 + 3 * c] = 200 + rng.randint(0, 55)
    return images, labels.astype("uint8")


(x_train, train_labels), (x_test, test_labels) = made_up_digits(128), made_up_digits(64)
x_train = np.expand_dims(x_train, axis=-1)  # 1-channel monochrome
x_test = np.expand_dims(x_test, axis=-1)

EPOCHS = 2


class MnistModel(keras.Model):
    def __init__(self, **kwargs):
        # Keras Functional model definition. This could have used Sequential as
        # well. Sequential is just syntactic sugar for simple functional models.

        # 1-channel monochrome input
        inputs = keras.layers.Input(shape=(None, None, 1), dtype="uint8")
        # pixel format conversion from uint8 to float32
        y = keras.layers.Rescaling(1 / 255.0)(inputs)

        # 3 convolutional layers
        y = keras.layers.Conv2D(
            filters=16, kernel_size=3, padding="same", activation="relu"
        )(y)
        y = keras.layers.Conv2D(
            filters=32, kernel_size=6, padding="same", activation="relu", strides=2
        )(y)
        y = keras.layers.Conv2D(
            filters=48, kernel_size=6, padding="same", activation="relu", strides=2
        )(y)

        # 2 dense layers
        y = keras.layers.GlobalAveragePooling2D()(y)
        y = keras.layers.Dense(48, activation="relu")(y)
        y = keras.layers.Dropout(0.0)(y)
        outputs = keras.layers.Dense(
            10, activation="softmax", name="classification_head"  # 10 classes
        )(y)

        # A Keras Functional model is created by calling keras.Model(inputs, outputs)
        super().__init__(inputs=inputs, outputs=outputs, **kwargs)


model = MnistModel()

model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["sparse_categorical_accuracy"],
)

history = model.fit(
    x_train,
    train_labels,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    validation_data=(x_test, test_labels),
    shuffle=False,
)

model = MnistModel()

# Model summary works
model.summary()


# Recursively walking the layer graph works as well
def walk_layers(layer):
    if hasattr(layer, "layers"):
        for layer in layer.layers:
            walk_layers(layer)
    else:
        print(layer.name)


print("\nWalking model layers:\n")
walk_layers(model)

model = MnistModel()

input = model.input
# cut before the classification head
y = model.get_layer("classification_head").input

# add a new classification head
output = keras.layers.Dense(
    1,  # single class for binary classification
    activation="sigmoid",
    name="binary_classification_head",
)(y)

# create a new functional model
binary_model = keras.Model(input, output)

binary_model.summary()

# new dataset with 0 / 1 labels (1 = digit '0', 0 = all other digits)
bin_train_labels = (train_labels == 0).astype("uint8")
bin_test_labels = (test_labels == 0).astype("uint8")

# appropriate loss and metric for binary classification
binary_model.compile(
    optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"]
)

history = binary_model.fit(
    x_train,
    bin_train_labels,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    validation_data=(x_test, bin_test_labels),
    shuffle=False,
)


class MnistDictModel(keras.Model):
    def __init__(self, **kwargs):
        #
        # The input is a dictionary
        #
        inputs = {
            "image": keras.layers.Input(
                shape=(None, None, 1),  # 1-channel monochrome
                dtype="uint8",
                name="image",
            )
        }

        # pixel format conversion from uint8 to float32
        y = keras.layers.Rescaling(1 / 255.0)(inputs["image"])

        # 3 conv layers
        y = keras.layers.Conv2D(
            filters=16, kernel_size=3, padding="same", activation="relu"
        )(y)
        y = keras.layers.Conv2D(
            filters=32, kernel_size=6, padding="same", activation="relu", strides=2
        )(y)
        y = keras.layers.Conv2D(
            filters=48, kernel_size=6, padding="same", activation="relu", strides=2
        )(y)

        # 2 dense layers
        y = keras.layers.GlobalAveragePooling2D()(y)
        y = keras.layers.Dense(48, activation="relu")(y)
        y = keras.layers.Dropout(0.0)(y)
        outputs = keras.layers.Dense(
            10, activation="softmax", name="classification_head"  # 10 classes
        )(y)

        # A Keras Functional model is created by calling keras.Model(inputs, outputs)
        super().__init__(inputs=inputs, outputs=outputs, **kwargs)


model = MnistDictModel()

# reformat the dataset as a dictionary
dict_train_data = {"image": x_train}
dict_test_data = ({"image": x_test}, test_labels)

model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["sparse_categorical_accuracy"],
)

history = model.fit(
    dict_train_data,
    train_labels,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    validation_data=dict_test_data,
    shuffle=False,
)
