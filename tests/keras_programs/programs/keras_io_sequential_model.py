# source: keras-team/keras-io guides/keras_core/sequential_model.py ("The Sequential model", fchollet; the Keras 3 version: `import keras`, `from keras import layers, ops`, last modified 2023/06/25)
# commit: 855e37d4f5562751e6694cdadf93b2b7a72c935f
# keras: keras
# exercises: keras.Sequential of named Dense layers called eagerly on ops.ones((3, 3)); the same layers chained by hand; model.layers; Sequential() grown with add() and shrunk with pop(), len(model.layers); Sequential(name="my_sequential"); an unbuilt Dense's empty .weights, built by a call; an unbuilt Sequential built by a call, len(model.weights), summary(); Sequential with add(keras.Input(shape=(4,))) and summary(); a Conv2D(strides=2) / Conv2D / MaxPooling2D(3) stack grown with add() and summary() at each stage, then GlobalMaxPooling2D and Dense(10); a feature extractor keras.Model(inputs=initial_model.inputs, outputs=[layer.output for layer in initial_model.layers]) and one on get_layer(name="my_intermediate_layer").output, called on ops.ones((1, 250, 250, 3)); predict of the built models
# reduced: the guide only calls its models (model(x)), which the harness does not record, so the built models get `model.compile()` (no arguments, where the two runs are handed the same weights) before their call and `model.predict(x, verbose=0)` of the same input after it: the layer1-layer3 Sequential, the call-built Sequential (compiled after its call, which builds it), the Conv2D stack (compiled after its last add) on ops.ones((1, 250, 250, 3)), and both feature extractors; the bare `model.layers` / `layer.weights` expressions are kept; the guide's code blocks shown in strings and its prose strings are left out, its code comments kept
import keras
from keras import layers
from keras import ops

# Define Sequential model with 3 layers
model = keras.Sequential(
    [
        layers.Dense(2, activation="relu", name="layer1"),
        layers.Dense(3, activation="relu", name="layer2"),
        layers.Dense(4, name="layer3"),
    ]
)
# Call model on a test input
x = ops.ones((3, 3))
y = model(x)
model.compile()
model.predict(x, verbose=0)

# Create 3 layers
layer1 = layers.Dense(2, activation="relu", name="layer1")
layer2 = layers.Dense(3, activation="relu", name="layer2")
layer3 = layers.Dense(4, name="layer3")

# Call layers on a test input
x = ops.ones((3, 3))
y = layer3(layer2(layer1(x)))

model = keras.Sequential(
    [
        layers.Dense(2, activation="relu"),
        layers.Dense(3, activation="relu"),
        layers.Dense(4),
    ]
)

model.layers

model = keras.Sequential()
model.add(layers.Dense(2, activation="relu"))
model.add(layers.Dense(3, activation="relu"))
model.add(layers.Dense(4))

model.pop()
print(len(model.layers))  # 2

model = keras.Sequential(name="my_sequential")
model.add(layers.Dense(2, activation="relu", name="layer1"))
model.add(layers.Dense(3, activation="relu", name="layer2"))
model.add(layers.Dense(4, name="layer3"))

layer = layers.Dense(3)
layer.weights  # Empty

# Call layer on a test input
x = ops.ones((1, 4))
y = layer(x)
layer.weights  # Now it has weights, of shape (4, 3) and (3,)

model = keras.Sequential(
    [
        layers.Dense(2, activation="relu"),
        layers.Dense(3, activation="relu"),
        layers.Dense(4),
    ]
)  # No weights at this stage!

# At this point, you can't do this:
# model.weights

# You also can't do this:
# model.summary()

# Call the model on a test input
x = ops.ones((1, 4))
y = model(x)
print("Number of weights after calling the model:", len(model.weights))  # 6
model.compile()
model.predict(x, verbose=0)

model.summary()

model = keras.Sequential()
model.add(keras.Input(shape=(4,)))
model.add(layers.Dense(2, activation="relu"))

model.summary()

model.layers

model = keras.Sequential()
model.add(keras.Input(shape=(250, 250, 3)))  # 250x250 RGB images
model.add(layers.Conv2D(32, 5, strides=2, activation="relu"))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.MaxPooling2D(3))

# Can you guess what the current output shape is at this point? Probably not.
# Let's just print it:
model.summary()

# The answer was: (40, 40, 32), so we can keep downsampling...

model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.MaxPooling2D(3))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.Conv2D(32, 3, activation="relu"))
model.add(layers.MaxPooling2D(2))

# And now?
model.summary()

# Now that we have 4x4 feature maps, time to apply global max pooling.
model.add(layers.GlobalMaxPooling2D())

# Finally, we add a classification layer.
model.add(layers.Dense(10))
model.compile()
model.predict(ops.ones((1, 250, 250, 3)), verbose=0)

initial_model = keras.Sequential(
    [
        keras.Input(shape=(250, 250, 3)),
        layers.Conv2D(32, 5, strides=2, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
    ]
)
feature_extractor = keras.Model(
    inputs=initial_model.inputs,
    outputs=[layer.output for layer in initial_model.layers],
)
feature_extractor.compile()

# Call feature extractor on test input.
x = ops.ones((1, 250, 250, 3))
features = feature_extractor(x)
feature_extractor.predict(x, verbose=0)

initial_model = keras.Sequential(
    [
        keras.Input(shape=(250, 250, 3)),
        layers.Conv2D(32, 5, strides=2, activation="relu"),
        layers.Conv2D(32, 3, activation="relu", name="my_intermediate_layer"),
        layers.Conv2D(32, 3, activation="relu"),
    ]
)
feature_extractor = keras.Model(
    inputs=initial_model.inputs,
    outputs=initial_model.get_layer(name="my_intermediate_layer").output,
)
feature_extractor.compile()
# Call feature extractor on test input.
x = ops.ones((1, 250, 250, 3))
features = feature_extractor(x)
feature_extractor.predict(x, verbose=0)
