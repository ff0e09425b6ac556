# source: keras-team/keras-io guides/customizing_saving_and_serialization.py ("Customizing Saving and Serialization", Neel Kovelamudi)
# commit: f87f77b18ffe6299c474d91b37bd530f1390d39f
# keras: keras
# exercises: Keras 3's saving hooks through model.save(".keras") and keras.models.load_model: a registered (keras.saving.register_keras_serializable) Dense subclass with save_assets / load_assets writing and reading a text file in the archive's assets folder; a Layer whose build takes an extra argument (layer_init), called by hand with input_shape=(8,) and no batch axis, whose get_config is dict(units=..., **super().get_config()) and whose get_build_config / build_from_config carry the extra argument, with keras.ops.matmul, in a Sequential with no input shape called on data, restored built; a registered subclassed Model whose compile(optimizer, loss_fn, metrics) calls super().compile and keeps its arguments ("SGD", a registered loss function of keras.ops.square / sum, ["accuracy", a registered metric function of keras.ops.mean]), fit on (4,) targets for a (4, 4) softmax output
# reduced: the fit has shuffle=False (the loss compares each row's 4 outputs with all 4 targets, broadcast along the last axis, so it depends on the order Keras shuffles the rows into, drawn from TensorFlow's generator); the guide's first part (a Dense subclass holding a keras.Variable, with save_own_variables / load_own_variables) is left out: it fails on Keras 3.15.1 itself, whose Dense.save_own_variables stores only the kernel and bias ("0", "1") while self.weights starts with the variable made in __init__, so the guide's load_own_variables assigns the (10, 1) kernel to the (1,) variable and load_model raises; the subclassed model is called once on a row of ones before its compile (`model(np.ones((1, 8)))`, an added line), where Keras builds it inside fit: compile is where both runs take Keras's starting weights, so they must exist there; the guide's last lines (the subclassed model saved to a .keras file, load_model, and its three checks of the restored compile arguments, where get_compile_config / compile_from_config act) are left out: statefulrnn refuses a Keras file of a subclassed Model, whose graph is Python code (README, on subclassed models); nothing else: the guide's data are numpy's random arrays already, as small as written
import os
import numpy as np
import keras


@keras.saving.register_keras_serializable(package="my_custom_package")
class LayerWithCustomAssets(keras.layers.Dense):
    def __init__(self, vocab=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.vocab = vocab

    def save_assets(self, inner_path):
        # Writes the vocab (sentence) to text file at save time.
        with open(os.path.join(inner_path, "vocabulary.txt"), "w") as f:
            f.write(self.vocab)

    def load_assets(self, inner_path):
        # Reads the vocab (sentence) from text file at load time.
        with open(os.path.join(inner_path, "vocabulary.txt"), "r") as f:
            text = f.read()
        self.vocab = text.replace("<unk>", "little")


model = keras.Sequential(
    [LayerWithCustomAssets(vocab="Mary had a <unk> lamb.", units=5)]
)

x = np.random.random((10, 10))
y = model(x)

model.save("custom_assets_model.keras")
restored_model = keras.models.load_model("custom_assets_model.keras")

np.testing.assert_string_equal(
    restored_model.layers[0].vocab, "Mary had a little lamb."
)


@keras.saving.register_keras_serializable(package="my_custom_package")
class LayerWithCustomBuild(keras.layers.Layer):
    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def call(self, inputs):
        return keras.ops.matmul(inputs, self.w) + self.b

    def get_config(self):
        return dict(units=self.units, **super().get_config())

    def build(self, input_shape, layer_init):
        # Note the overriding of `build()` to add an extra argument.
        # Therefore, we will need to manually call build with `layer_init` argument
        # before the first execution of `call()`.
        super().build(input_shape)
        self._input_shape = input_shape
        self.w = self.add_weight(
            shape=(input_shape[-1], self.units),
            initializer=layer_init,
            trainable=True,
        )
        self.b = self.add_weight(
            shape=(self.units,),
            initializer=layer_init,
            trainable=True,
        )
        self.layer_init = layer_init

    def get_build_config(self):
        build_config = {
            "layer_init": self.layer_init,
            "input_shape": self._input_shape,
        }  # Stores our initializer for `build()`
        return build_config

    def build_from_config(self, config):
        # Calls `build()` with the parameters at loading time
        self.build(config["input_shape"], config["layer_init"])


custom_layer = LayerWithCustomBuild(units=16)
custom_layer.build(input_shape=(8,), layer_init="random_normal")

model = keras.Sequential(
    [
        custom_layer,
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)

x = np.random.random((16, 8))
y = model(x)

model.save("custom_build_model.keras")
restored_model = keras.models.load_model("custom_build_model.keras")

np.testing.assert_equal(restored_model.layers[0].layer_init, "random_normal")
np.testing.assert_equal(restored_model.built, True)


@keras.saving.register_keras_serializable(package="my_custom_package")
def small_square_sum_loss(y_true, y_pred):
    loss = keras.ops.square(y_pred - y_true)
    loss = loss / 10.0
    loss = keras.ops.sum(loss, axis=1)
    return loss


@keras.saving.register_keras_serializable(package="my_custom_package")
def mean_pred(y_true, y_pred):
    return keras.ops.mean(y_pred)


@keras.saving.register_keras_serializable(package="my_custom_package")
class ModelWithCustomCompile(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense1 = keras.layers.Dense(8, activation="relu")
        self.dense2 = keras.layers.Dense(4, activation="softmax")

    def call(self, inputs):
        x = self.dense1(inputs)
        return self.dense2(x)

    def compile(self, optimizer, loss_fn, metrics):
        super().compile(optimizer=optimizer, loss=loss_fn, metrics=metrics)
        self.model_optimizer = optimizer
        self.loss_fn = loss_fn
        self.loss_metrics = metrics

    def get_compile_config(self):
        # These parameters will be serialized at saving time.
        return {
            "model_optimizer": self.model_optimizer,
            "loss_fn": self.loss_fn,
            "metric": self.loss_metrics,
        }

    def compile_from_config(self, config):
        # Deserializes the compile parameters (important, since many are custom)
        optimizer = keras.utils.deserialize_keras_object(config["model_optimizer"])
        loss_fn = keras.utils.deserialize_keras_object(config["loss_fn"])
        metrics = keras.utils.deserialize_keras_object(config["metric"])

        # Calls compile with the deserialized parameters
        self.compile(optimizer=optimizer, loss_fn=loss_fn, metrics=metrics)


model = ModelWithCustomCompile()
model(np.ones((1, 8)))  # added: the weights exist at compile, where both runs take Keras's
model.compile(
    optimizer="SGD", loss_fn=small_square_sum_loss, metrics=["accuracy", mean_pred]
)

x = np.random.random((4, 8))
y = np.random.random((4,))

model.fit(x, y, shuffle=False)
