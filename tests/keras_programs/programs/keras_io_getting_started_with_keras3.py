# source: keras-team/keras-io guides/keras_core/getting_started_with_keras_core.py ("Getting started with Keras 3", fchollet: first contact with the multi-backend Keras)
# commit: 855e37d4f5562751e6694cdadf93b2b7a72c935f
# keras: keras
# backend: torch
# exercises: os.environ["KERAS_BACKEND"] set before `import keras`; a keras.Sequential convnet (keras.layers.Input(shape=), Conv2D relu, MaxPooling2D, GlobalAveragePooling2D, Dropout, Dense softmax); summary(); compile with keras.losses.SparseCategoricalCrossentropy(), keras.optimizers.Adam(learning_rate=1e-3) and keras.metrics.SparseCategoricalAccuracy(name="acc") on uint8 labels; fit(batch_size=128, epochs=, validation_split=0.15, callbacks=[keras.callbacks.ModelCheckpoint(filepath="model_at_epoch_{epoch}.keras"), keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)]); evaluate(verbose=0); model.save("final_model.keras") and keras.saving.load_model; predict; a custom Dense Layer (keras.activations.get(activation), add_weight with keras.initializers.GlorotNormal() / Zeros(), keras.ops.matmul) and a custom dropout Layer (keras.random.SeedGenerator(1337), keras.random.dropout(inputs, rate, seed=)) in a subclassed keras.Model holding a keras.Sequential conv base without an Input; fit on numpy arrays with validation_split, then a new instance fit on torch DataLoaders of TensorDatasets (fit(train_dataloader, epochs=1, validation_data=val_dataloader))
# reduced: os.environ["KERAS_BACKEND"] = "jax" -> "torch" (the guide is backend-agnostic, its DataLoader part is PyTorch's, and the Keras side has no JAX); keras.datasets.mnist.load_data() (a download) replaced by 48 training and 16 test seeded numpy uint8 images of 28x28 with uint8 labels 0..9 (fit's training part is one batch of 128, so fit's shuffling, and the shuffling DataLoader's, cannot change the result); Conv2D(8) / Conv2D(16) instead of Conv2D(64) / Conv2D(128); epochs 3 instead of 20; Dropout(0.5) -> Dropout(0.0) and MyDropout(0.5) -> MyDropout(0.0) (random masks cannot match); each MyModel built before compile by a call, `model(x_train[:1])` (the guide builds it at its first fit, after compile, where the harness hands both runs Keras's starting weights: an unbuilt model has none to hand); the closing tf.data part (tf.data.Dataset.from_tensor_slices(...).batch().prefetch(tf.data.AUTOTUNE)) left out: statefulrnn stands in for Keras, not TensorFlow's tf.data, and the PyTorch DataLoader part before it trains the same model the same way; the guide's prose strings and the pip install shell cell are left out
import numpy as np
import os

os.environ["KERAS_BACKEND"] = "torch"

# Note that keras should only be imported after the backend
# has been configured. The backend cannot be changed once the
# package is imported.
import keras

# Load the data and split it between train and test sets
# Made-up images instead of MNIST (a download).
rng = np.random.RandomState(0)
(x_train, y_train), (x_test, y_test) = (
    (rng.randint(0, 256, size=(48, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(48,)).astype("uint8")),
    (rng.randint(0, 256, size=(16, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(16,)).astype("uint8")),
)

# Scale images to the [0, 1] range
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
# Make sure images have shape (28, 28, 1)
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape)
print("y_train shape:", y_train.shape)
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")

# Model parameters
num_classes = 10
input_shape = (28, 28, 1)

model = keras.Sequential(
    [
        keras.layers.Input(shape=input_shape),
        keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Conv2D(16, kernel_size=(3, 3), activation="relu"),
        keras.layers.Conv2D(16, kernel_size=(3, 3), activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dropout(0.0),
        keras.layers.Dense(num_classes, activation="softmax"),
    ]
)

model.summary()

model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=[
        keras.metrics.SparseCategoricalAccuracy(name="acc"),
    ],
)

batch_size = 128
epochs = 3

callbacks = [
    keras.callbacks.ModelCheckpoint(filepath="model_at_epoch_{epoch}.keras"),
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=2),
]

model.fit(
    x_train,
    y_train,
    batch_size=batch_size,
    epochs=epochs,
    validation_split=0.15,
    callbacks=callbacks,
)
score = model.evaluate(x_test, y_test, verbose=0)

model.save("final_model.keras")

model = keras.saving.load_model("final_model.keras")

predictions = model.predict(x_test)


class MyDense(keras.layers.Layer):
    def __init__(self, units, activation=None, name=None):
        super().__init__(name=name)
        self.units = units
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.w = self.add_weight(
            shape=(input_dim, self.units),
            initializer=keras.initializers.GlorotNormal(),
            name="kernel",
            trainable=True,
        )

        self.b = self.add_weight(
            shape=(self.units,),
            initializer=keras.initializers.Zeros(),
            name="bias",
            trainable=True,
        )

    def call(self, inputs):
        # Use Keras ops to create backend-agnostic layers/metrics/etc.
        x = keras.ops.matmul(inputs, self.w) + self.b
        return self.activation(x)


class MyDropout(keras.layers.Layer):
    def __init__(self, rate, name=None):
        super().__init__(name=name)
        self.rate = rate
        # Use seed_generator for managing RNG state.
        # It is a state element and its seed variable is
        # tracked as part of `layer.variables`.
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        # Use `keras.random` for random ops.
        return keras.random.dropout(inputs, self.rate, seed=self.seed_generator)


class MyModel(keras.Model):
    def __init__(self, num_classes):
        super().__init__()
        self.conv_base = keras.Sequential(
            [
                keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
                keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
                keras.layers.MaxPooling2D(pool_size=(2, 2)),
                keras.layers.Conv2D(16, kernel_size=(3, 3), activation="relu"),
                keras.layers.Conv2D(16, kernel_size=(3, 3), activation="relu"),
                keras.layers.GlobalAveragePooling2D(),
            ]
        )
        self.dp = MyDropout(0.0)
        self.dense = MyDense(num_classes, activation="softmax")

    def call(self, x):
        x = self.conv_base(x)
        x = self.dp(x)
        return self.dense(x)


model = MyModel(num_classes=10)
model(x_train[:1])
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=[
        keras.metrics.SparseCategoricalAccuracy(name="acc"),
    ],
)

model.fit(
    x_train,
    y_train,
    batch_size=batch_size,
    epochs=1,  # For speed
    validation_split=0.15,
)

import torch

# Create a TensorDataset
train_torch_dataset = torch.utils.data.TensorDataset(
    torch.from_numpy(x_train), torch.from_numpy(y_train)
)
val_torch_dataset = torch.utils.data.TensorDataset(
    torch.from_numpy(x_test), torch.from_numpy(y_test)
)

# Create a DataLoader
train_dataloader = torch.utils.data.DataLoader(
    train_torch_dataset, batch_size=batch_size, shuffle=True
)
val_dataloader = torch.utils.data.DataLoader(
    val_torch_dataset, batch_size=batch_size, shuffle=False
)

model = MyModel(num_classes=10)
model(x_train[:1])
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=[
        keras.metrics.SparseCategoricalAccuracy(name="acc"),
    ],
)
model.fit(train_dataloader, epochs=1, validation_data=val_dataloader)
