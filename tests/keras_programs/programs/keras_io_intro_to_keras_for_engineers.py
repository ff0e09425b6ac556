# source: keras-team/keras-io guides/intro_to_keras_for_engineers.py ("Introduction to Keras for engineers", fchollet: Keras 3's first-contact guide)
# commit: 1806537c4333fbff1f9fd038b78179beeda480fb
# keras: keras
# backend: torch
# exercises: a Sequential convnet (Input, Conv2D(activation="relu"), MaxPooling2D, GlobalAveragePooling2D, Dropout, Dense softmax) with summary(), SparseCategoricalCrossentropy, Adam(learning_rate=...) and SparseCategoricalAccuracy(name="acc"); fit with validation_split=0.15 and the callbacks ModelCheckpoint(filepath="model_at_epoch_{epoch}.keras") and EarlyStopping(monitor="val_loss", patience=2); evaluate; model.save(".keras") and keras.saving.load_model, then predict on the loaded model; cross-framework custom components: a Layer whose build() makes its weights with add_weight(initializer=keras.initializers.GlorotNormal()/Zeros(), name=..., trainable=True) and whose call() uses keras.ops.matmul and keras.activations.get, a dropout Layer drawing keras.random.dropout with a keras.random.SeedGenerator(1337), a subclassed Model holding a Sequential of convolutions and the two custom layers; fit on arrays with validation_split, and on torch DataLoaders of TensorDatasets (validation_data a DataLoader too)
# reduced: the guide picks the JAX backend and says to edit the string to "tensorflow" or "torch": it is "torch" here (the one statefulrnn stands for); 40 random 16x16 images (numpy's, seeded) with random labels and 16 test images instead of MNIST's 60000 and 10000 28x28 digits (a download); convolutions of 4 and 8 filters instead of 64 and 128; batches of 16 and 2 epochs instead of 128 and 20; fit with shuffle=False and DataLoaders with shuffle=False (a shuffled order comes from torch's global generator, which the two libraries' initializers leave in other states); the Sequential's Dropout(0.5) is given seed=1 (an unseeded one draws from torch's global generator too, which Keras's array pipeline also draws from at each pass); each MyModel is called once on one image before compile (Keras builds it inside fit), so that its weights exist when compile hands both runs Keras's starting weights; the last part, on tf.data Datasets, is left out: statefulrnn refuses TensorFlow's datasets, naming the torch DataLoader that the part before uses
import numpy as np
import os

os.environ["KERAS_BACKEND"] = "torch"

# Note that Keras should only be imported after the backend
# has been configured. The backend cannot be changed once the
# package is imported.
import keras

# Random images instead of MNIST (a download).
x_train = np.random.random((40, 16, 16)).astype("float32")
y_train = np.random.randint(0, 10, size=(40,))
x_test = np.random.random((16, 16, 16)).astype("float32")
y_test = np.random.randint(0, 10, size=(16,))

# Make sure images have shape (16, 16, 1)
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape)
print("y_train shape:", y_train.shape)
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")

# Model parameters
num_classes = 10
input_shape = (16, 16, 1)

model = keras.Sequential(
    [
        keras.layers.Input(shape=input_shape),
        keras.layers.Conv2D(4, kernel_size=(3, 3), activation="relu"),
        keras.layers.Conv2D(4, kernel_size=(3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dropout(0.5, seed=1),
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

batch_size = 16
epochs = 2

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
    shuffle=False,
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
                keras.layers.Conv2D(4, kernel_size=(3, 3), activation="relu"),
                keras.layers.Conv2D(4, kernel_size=(3, 3), activation="relu"),
                keras.layers.MaxPooling2D(pool_size=(2, 2)),
                keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
                keras.layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
                keras.layers.GlobalAveragePooling2D(),
            ]
        )
        self.dp = MyDropout(0.5)
        self.dense = MyDense(num_classes, activation="softmax")

    def call(self, x):
        x = self.conv_base(x)
        x = self.dp(x)
        return self.dense(x)


model = MyModel(num_classes=10)
model(x_train[:1])  # built here, so that compile can hand it its starting weights
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
    shuffle=False,
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
    train_torch_dataset, batch_size=batch_size, shuffle=False
)
val_dataloader = torch.utils.data.DataLoader(
    val_torch_dataset, batch_size=batch_size, shuffle=False
)

model = MyModel(num_classes=10)
model(x_train[:1])  # built here, so that compile can hand it its starting weights
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(),
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    metrics=[
        keras.metrics.SparseCategoricalAccuracy(name="acc"),
    ],
)
model.fit(train_dataloader, epochs=1, validation_data=val_dataloader)
