# source: keras-team/keras-io examples/keras_recipes/endpoint_layer_pattern.py ("Endpoint layer pattern", fchollet; its Keras 3 version: `import keras` with KERAS_BACKEND="tensorflow", last modified 2023/11/22)
# commit: unknown: the stored copy (code index file id 1917117317) names no commit, and the repository snapshot is too large to fetch (the tf.keras version before it is at 8320a6c0a63cd6debe960689c182cee491193fa9)
# keras: keras
# exercises: an "endpoint" Layer taking the model's targets and sample weights as call arguments (call(self, logits, targets=None, sample_weight=None)), holding keras.losses.BinaryCrossentropy(from_logits=True) called as loss_fn(targets, logits, sample_weight) and handed to self.add_loss, and a keras.metrics.BinaryAccuracy(name="accuracy") attribute updated with update_state(targets, logits, sample_weight) in call; a functional keras.Model([inputs, targets, sample_weight], preds) of three named keras.Input, compiled with keras.optimizers.Adam(1e-3) only (no loss: the added loss alone) and fit on a dict of arrays keyed by the inputs' names with no y; an inference model of the same layers without targets, set_weights(model.get_weights()) and predict; a subclassed keras.Model (LogReg) whose call reads inputs["inputs"], inputs["targets"], inputs["sample_weight"] from one dict and passes them by keyword to the endpoint layer, compiled with Adam(1e-3) and fit on a dict
# reduced: 64 rows instead of 1000 (each fit two batches of 32) and 2 epochs as written, both fits given shuffle=False (Keras's shuffled order is its own random draw); `return tf.nn.softmax(logits)` -> `return keras.ops.softmax(logits)` (statefulrnn stands in for Keras, not TensorFlow: `import tensorflow as tf` is dropped), as is os.environ["KERAS_BACKEND"] = "tensorflow" (the harness picks the backend); the subclassed LogReg is called once on the first 2 rows of its data before compile (Keras builds it inside fit), so that its weights exist when compile hands both runs Keras's starting weights; the example's prose strings are left out
import keras
import numpy as np


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
        self.accuracy_metric = keras.metrics.BinaryAccuracy(name="accuracy")

    def call(self, logits, targets=None, sample_weight=None):
        if targets is not None:
            # Compute the training-time loss value and add it
            # to the layer using `self.add_loss()`.
            loss = self.loss_fn(targets, logits, sample_weight)
            self.add_loss(loss)

            # Log the accuracy as a metric (we could log arbitrary metrics,
            # including different metrics for training and inference.)
            self.accuracy_metric.update_state(targets, logits, sample_weight)

        # Return the inference-time prediction tensor (for `.predict()`).
        return keras.ops.softmax(logits)


inputs = keras.Input((764,), name="inputs")
logits = keras.layers.Dense(1)(inputs)
targets = keras.Input((1,), name="targets")
sample_weight = keras.Input((1,), name="sample_weight")
preds = LogisticEndpoint()(logits, targets, sample_weight)
model = keras.Model([inputs, targets, sample_weight], preds)

data = {
    "inputs": np.random.random((64, 764)),
    "targets": np.random.random((64, 1)),
    "sample_weight": np.random.random((64, 1)),
}

model.compile(keras.optimizers.Adam(1e-3))
model.fit(data, epochs=2, shuffle=False)

inputs = keras.Input((764,), name="inputs")
logits = keras.layers.Dense(1)(inputs)
preds = LogisticEndpoint()(logits, targets=None, sample_weight=None)
inference_model = keras.Model(inputs, preds)

inference_model.set_weights(model.get_weights())

preds = inference_model.predict(np.random.random((64, 764)))


class LogReg(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1)
        self.logistic_endpoint = LogisticEndpoint()

    def call(self, inputs):
        # Note that all inputs should be in the first argument
        # since we want to be able to call `model.fit(inputs)`.
        logits = self.dense(inputs["inputs"])
        preds = self.logistic_endpoint(
            logits=logits,
            targets=inputs["targets"],
            sample_weight=inputs["sample_weight"],
        )
        return preds


model = LogReg()
data = {
    "inputs": np.random.random((64, 764)),
    "targets": np.random.random((64, 1)),
    "sample_weight": np.random.random((64, 1)),
}
model({key: value[:2] for key, value in data.items()})

model.compile(keras.optimizers.Adam(1e-3))
model.fit(data, epochs=2, shuffle=False)
