# source: keras-team/keras examples/demo_subclass.py (Keras 3's own demo of a subclassed model)
# commit: 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60
# keras: keras
# exercises: a subclassed Model (super().__init__() with no arguments, three Dense layers as attributes, call(self, x) without a training argument); compile with optimizers.SGD(learning_rate=0.001), losses.MeanSquaredError(), metrics=[metrics.MeanSquaredError()] (an unnamed metric, logged as mean_squared_error); fit(batch_size=32, validation_split=0.2) with float64 numpy data; history.history; summary() after fit
# reduced: 40 rows instead of 50000 (so fit's training part, 32 rows, is one batch of 32 and fit's shuffling cannot change the result), hidden_dim 16 instead of 256, 2 epochs instead of 6; the model is built before compile by a call, `model(np.zeros((1, 128)))` (the demo builds it at its first fit, after compile, where the harness hands both runs Keras's starting weights: an unbuilt model has none to hand; Keras 3.15's `model.build((None, 128))` does not build a subclassed model's layers)
import numpy as np

from keras import Model
from keras import layers
from keras import losses
from keras import metrics
from keras import optimizers


class MyModel(Model):
    def __init__(self, hidden_dim, output_dim):
        super().__init__()
        self.dense1 = layers.Dense(hidden_dim, activation="relu")
        self.dense2 = layers.Dense(hidden_dim, activation="relu")
        self.dense3 = layers.Dense(output_dim)

    def call(self, x):
        x = self.dense1(x)
        x = self.dense2(x)
        return self.dense3(x)


model = MyModel(hidden_dim=16, output_dim=16)
model(np.zeros((1, 128)))

x = np.random.random((40, 128))
y = np.random.random((40, 16))
batch_size = 32
epochs = 2

model.compile(
    optimizer=optimizers.SGD(learning_rate=0.001),
    loss=losses.MeanSquaredError(),
    metrics=[metrics.MeanSquaredError()],
)
history = model.fit(
    x, y, batch_size=batch_size, epochs=epochs, validation_split=0.2
)

print("History:")
print(history.history)

model.summary()
