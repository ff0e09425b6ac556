# source: keras-team/keras examples/demo_functional.py (Keras 3's own demo of a functional model)
# commit: 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60
# keras: keras
# exercises: keras.config.disable_traceback_filtering(); layers.Input((100,)); a functional MLP of Dense(relu) layers with three residual connections written as `x += residual` (KerasTensor __iadd__ / __add__ into an Add op); Model(inputs, outputs); summary(); compile with optimizers.Adam(learning_rate=0.001), losses.MeanSquaredError() and metrics.CategoricalAccuracy(name="acc") / metrics.MeanSquaredError(name="mse") on float targets; fit(batch_size=32, validation_split=0.2); evaluate(return_dict=True); predict
# reduced: 40 rows instead of 50000 (so fit's training part, 32 rows, is one batch of 32 and fit's shuffling cannot change the result), Dense layers of 32 units instead of 512, 2 epochs instead of 5
import numpy as np

from keras import Model
from keras import layers
from keras import losses
from keras import metrics
from keras import optimizers
import keras

keras.config.disable_traceback_filtering()

inputs = layers.Input((100,))
x = layers.Dense(32, activation="relu")(inputs)
residual = x
x = layers.Dense(32, activation="relu")(x)
x = layers.Dense(32, activation="relu")(x)
x += residual
x = layers.Dense(32, activation="relu")(x)
residual = x
x = layers.Dense(32, activation="relu")(x)
x = layers.Dense(32, activation="relu")(x)
x += residual
residual = x
x = layers.Dense(32, activation="relu")(x)
x = layers.Dense(32, activation="relu")(x)
x += residual
outputs = layers.Dense(16)(x)
model = Model(inputs, outputs)

model.summary()

x = np.random.random((40, 100))
y = np.random.random((40, 16))
batch_size = 32
epochs = 2

model.compile(
    optimizer=optimizers.Adam(learning_rate=0.001),
    loss=losses.MeanSquaredError(),
    metrics=[
        metrics.CategoricalAccuracy(name="acc"),
        metrics.MeanSquaredError(name="mse"),
    ],
)

print("\nTrain model")
history = model.fit(
    x, y, batch_size=batch_size, epochs=epochs, validation_split=0.2
)
print("\nHistory:")
print(history.history)

print("\nEvaluate model")
scores = model.evaluate(x, y, return_dict=True)
print(scores)

print("\nRun inference")
pred = model.predict(x)
print(f"Inferred output shape {pred.shape}")
