# source: keras-team/keras-io examples/keras_recipes/trainer_pattern.py ("Trainer pattern", nkovela1; its Keras 3 version: a MyTrainer(keras.Model) wrapping any model, with its own loss, metric, train_step and test_step)
# commit: 3b8cb115628c5736c2ca8a016d859d2d53f19a95
# keras: keras
# backend: torch
# exercises: a keras.Model subclass (MyTrainer) whose __init__ holds a model passed in (self.model) and makes its own keras.losses.SparseCategoricalCrossentropy() and keras.metrics.SparseCategoricalAccuracy(); a `metrics` property listing only that metric (so no loss is logged); train_step running self.model(x, training=True) with self.trainable_variables of the wrapper reaching the wrapped model's weights; test_step with training=False run by fit's validation_data; call(x) delegating to self.model; {m.name: m.result() for m in self.metrics}; compile(optimizer=keras.optimizers.SGD()) / Adam() with no loss; the wrapped models: a keras.models.Sequential with no Input (Flatten, Dense relu, Dropout, Dense softmax), built by its first call inside the wrapper, and a functional keras.Model (keras.Input(shape=(28, 28, 1)), Flatten, Dense, Dropout, Dense softmax) fed (N, 28, 28) images
# reduced: written for Keras's torch backend (`# backend: torch`): the example's train_step takes its gradients with tf.GradientTape (TensorFlow's), which becomes keras.io's "Customizing what happens in fit() with PyTorch" form: self.zero_grad(), loss.backward(), [v.value.grad for v in trainable_vars], self.optimizer.apply(gradients, trainable_vars) under torch.no_grad(); os.environ["KERAS_BACKEND"] "tensorflow" -> "torch" and `import tensorflow as tf` -> `import torch`; keras.datasets.mnist.load_data() (a download) replaced by 128 training and 64 test seeded numpy uint8 28x28 images (RandomState(0)) with labels 0..9; Dense(256) / Dense(512) -> Dense(16) / Dense(32); Dropout(0.2) / Dropout(0.4) -> Dropout(0.0) (random masks cannot match); epochs 5 -> 2; shuffle=False added to both fits (Keras shuffles with torch's global generator); trainer_1.compile() happens before the Sequential has weights (it has no Input), so `trainer_1(x_test[:2])` is called before its compile to build it (the harness sets Keras's initial weights at the first compile)
import os

os.environ["KERAS_BACKEND"] = "torch"

import torch
import keras
import numpy as np

# Load MNIST dataset and standardize the data
# Made-up digits instead of MNIST (a download).
rng = np.random.RandomState(0)
(x_train, y_train), (x_test, y_test) = (
    (rng.randint(0, 256, size=(128, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(128,))),
    (rng.randint(0, 256, size=(64, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(64,))),
)
x_train, x_test = x_train / 255.0, x_test / 255.0


class MyTrainer(keras.Model):
    def __init__(self, model):
        super().__init__()
        self.model = model
        # Create loss and metrics here.
        self.loss_fn = keras.losses.SparseCategoricalCrossentropy()
        self.accuracy_metric = keras.metrics.SparseCategoricalAccuracy()

    @property
    def metrics(self):
        # List metrics here.
        return [self.accuracy_metric]

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        y_pred = self.model(x, training=True)  # Forward pass
        # Compute loss value
        loss = self.loss_fn(y, y_pred)

        # Compute gradients
        loss.backward()
        trainable_vars = self.trainable_variables
        gradients = [v.value.grad for v in trainable_vars]

        # Update weights
        with torch.no_grad():
            self.optimizer.apply(gradients, trainable_vars)

        # Update metrics
        for metric in self.metrics:
            metric.update_state(y, y_pred)

        # Return a dict mapping metric names to current value.
        return {m.name: m.result() for m in self.metrics}

    def test_step(self, data):
        x, y = data

        # Inference step
        y_pred = self.model(x, training=False)

        # Update metrics
        for metric in self.metrics:
            metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}

    def call(self, x):
        # Equivalent to `call()` of the wrapped keras.Model
        x = self.model(x)
        return x


# A model defined using Sequential API
model_a = keras.models.Sequential(
    [
        keras.layers.Flatten(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(0.0),
        keras.layers.Dense(10, activation="softmax"),
    ]
)

# A model defined using Functional API
func_input = keras.Input(shape=(28, 28, 1))
x = keras.layers.Flatten()(func_input)
x = keras.layers.Dense(32, activation="relu")(x)
x = keras.layers.Dropout(0.0)(x)
func_output = keras.layers.Dense(10, activation="softmax")(x)

model_b = keras.Model(func_input, func_output)

trainer_1 = MyTrainer(model_a)
trainer_2 = MyTrainer(model_b)

trainer_1(x_test[:2])
trainer_1.compile(optimizer=keras.optimizers.SGD())
trainer_1.fit(
    x_train, y_train, epochs=2, batch_size=64, validation_data=(x_test, y_test), shuffle=False
)

trainer_2.compile(optimizer=keras.optimizers.Adam())
trainer_2.fit(
    x_train, y_train, epochs=2, batch_size=64, validation_data=(x_test, y_test), shuffle=False
)
