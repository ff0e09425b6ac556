# source: keras-team/keras-io examples/vision/knowledge_distillation.py ("Knowledge Distillation", Kenneth Borup; its Keras 3 version, as rendered in examples/vision/md/knowledge_distillation.md: a Distiller overriding compile / compute_loss / call)
# commit: 04128482e2dac936331ca53de290d5b9b6b5c1a5 (of examples/vision/md/knowledge_distillation.md, whose code cells are the Keras 3 .py's)
# keras: keras
# exercises: `import keras`, `from keras import layers`, `from keras import ops`; a keras.Model subclass (Distiller) holding two Sequential models as attributes, with its own compile(optimizer, metrics, student_loss_fn, distillation_loss_fn, alpha, temperature) calling super().compile(optimizer=, metrics=) with no loss, a compute_loss(x, y, y_pred, sample_weight, allow_empty) override that calls the frozen-by-use teacher (training=False) inside the loss, ops.softmax(logits / T, axis=1), keras.losses.KLDivergence() scaled by T**2 and mixed with SparseCategoricalCrossentropy(from_logits=True) by alpha, and call(x) returning self.student(x); fit / evaluate of that model through Keras's own train_step (only the student's weights get gradients: the teacher's depend on nothing); named Sequential CNNs (keras.Input, Conv2D strides=2 padding="same", LeakyReLU(negative_slope=0.2), MaxPooling2D(pool_size=2, strides=1, padding="same"), Flatten, Dense logits); keras.models.clone_model of the student trained from scratch; metrics=[keras.metrics.SparseCategoricalAccuracy()]
# reduced: keras.datasets.mnist.load_data() (a download) replaced by 64 training and 32 test seeded numpy uint8 28x28 images (RandomState(0)) with labels 0..9; teacher Conv2D 256/512 -> 16/32 filters, student 16/32 -> 4/8; epochs 5/3 -> 2; shuffle=False added to every fit (Keras's shuffled order cannot match)
import os

import keras
from keras import layers
from keras import ops
import numpy as np


class Distiller(keras.Model):
    def __init__(self, student, teacher):
        super().__init__()
        self.teacher = teacher
        self.student = student

    def compile(
        self,
        optimizer,
        metrics,
        student_loss_fn,
        distillation_loss_fn,
        alpha=0.1,
        temperature=3,
    ):
        """Configure the distiller."""
        super().compile(optimizer=optimizer, metrics=metrics)
        self.student_loss_fn = student_loss_fn
        self.distillation_loss_fn = distillation_loss_fn
        self.alpha = alpha
        self.temperature = temperature

    def compute_loss(
        self, x=None, y=None, y_pred=None, sample_weight=None, allow_empty=False
    ):
        teacher_pred = self.teacher(x, training=False)
        student_loss = self.student_loss_fn(y, y_pred)

        distillation_loss = self.distillation_loss_fn(
            ops.softmax(teacher_pred / self.temperature, axis=1),
            ops.softmax(y_pred / self.temperature, axis=1),
        ) * (self.temperature**2)

        loss = self.alpha * student_loss + (1 - self.alpha) * distillation_loss
        return loss

    def call(self, x):
        return self.student(x)


# Create the teacher
teacher = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.MaxPooling2D(pool_size=(2, 2), strides=(1, 1), padding="same"),
        layers.Conv2D(32, (3, 3), strides=(2, 2), padding="same"),
        layers.Flatten(),
        layers.Dense(10),
    ],
    name="teacher",
)

# Create the student
student = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(4, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.MaxPooling2D(pool_size=(2, 2), strides=(1, 1), padding="same"),
        layers.Conv2D(8, (3, 3), strides=(2, 2), padding="same"),
        layers.Flatten(),
        layers.Dense(10),
    ],
    name="student",
)

# Clone student for later comparison
student_scratch = keras.models.clone_model(student)

# Prepare the train and test dataset.
batch_size = 64
# Made-up digits instead of MNIST (a download).
rng = np.random.RandomState(0)
(x_train, y_train), (x_test, y_test) = (
    (rng.randint(0, 256, size=(64, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(64,))),
    (rng.randint(0, 256, size=(32, 28, 28)).astype("uint8"), rng.randint(0, 10, size=(32,))),
)

# Normalize data
x_train = x_train.astype("float32") / 255.0
x_train = np.reshape(x_train, (-1, 28, 28, 1))

x_test = x_test.astype("float32") / 255.0
x_test = np.reshape(x_test, (-1, 28, 28, 1))

# Train teacher as usual
teacher.compile(
    optimizer=keras.optimizers.Adam(),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)

# Train and evaluate teacher on data.
teacher.fit(x_train, y_train, epochs=2, shuffle=False)
teacher.evaluate(x_test, y_test)

# Initialize and compile distiller
distiller = Distiller(student=student, teacher=teacher)
distiller.compile(
    optimizer=keras.optimizers.Adam(),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
    student_loss_fn=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    distillation_loss_fn=keras.losses.KLDivergence(),
    alpha=0.1,
    temperature=10,
)

# Distill teacher to student
distiller.fit(x_train, y_train, epochs=2, shuffle=False)

# Evaluate student on test dataset
distiller.evaluate(x_test, y_test)

# Train student as doen usually
student_scratch.compile(
    optimizer=keras.optimizers.Adam(),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)

# Train and evaluate student trained from scratch.
student_scratch.fit(x_train, y_train, epochs=2, shuffle=False)
student_scratch.evaluate(x_test, y_test)
