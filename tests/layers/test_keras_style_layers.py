"""Layers and cells written the Keras way (``build`` + ``call``, ``add_weight(shape=...)``) run
unchanged, and an RNN passes ``training`` to a cell whose ``call`` takes it, as Keras's does."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn.layers import GRU, RNN, Dense, Input, Layer, SimpleRNNCell, deserialize, serialize
from statefulrnn.models import Model, Sequential


class MinimalRNNCell(Layer):
    """Keras's guide's custom cell, with ``@`` for ``ops.matmul``."""

    def __init__(self, units: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units), initializer="uniform", name="kernel"
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), initializer="uniform", name="recurrent_kernel"
        )
        self.built = True

    def call(self, inputs, states, training=None):
        self.seen_training = training
        output = inputs @ self.kernel + states[0] @ self.recurrent_kernel
        return output, [output]


class Scale(Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        self.b = self.add_weight(shape=(input_shape[-1],), initializer="zeros", trainable=False)
        super().build(input_shape)

    def call(self, x):
        return x * self.w + self.b


def test_a_keras_style_cell_runs_stateful_and_chunked() -> None:
    layer = RNN(
        MinimalRNNCell(4, name="cell"), stateful=True, return_sequences=True, batch_input_shape=(2, None, 3)
    )
    x = torch.randn(2, 7, 3)
    with torch.no_grad():
        whole = layer(x)
        layer.reset_states()
        chunked = torch.cat([layer(x[:, :3]), layer(x[:, 3:])], dim=1)
    torch.testing.assert_close(chunked, whole)
    assert [name.split("/", 1)[1] for name, _ in layer.named_weights()] == [
        "cell/kernel",
        "cell/recurrent_kernel",
    ]


def test_rnn_passes_training_to_a_cell_that_takes_it() -> None:
    cell = MinimalRNNCell(2)
    layer = RNN(cell)
    x = torch.ones(1, 2, 3)
    layer(x, training=True)
    assert cell.seen_training is True
    layer(x)  # layers start in inference mode
    assert cell.seen_training is False


def test_a_keras_style_layer_builds_at_its_first_call_on_numpy() -> None:
    model = Sequential([Scale(input_shape=(5,), name="scale"), Dense(2)], name="model")
    assert model(np.ones((3, 5))).shape == (3, 2)
    assert [name for name, _ in model.named_weights()][:2] == [
        "model/scale/variable",
        "model/scale/variable_1",
    ]
    layer = model.layers[0]
    assert [w.requires_grad for w in (layer.w, layer.b)] == [True, False]
    standalone = Scale()
    out = standalone(np.full((2, 4), 2.0))
    assert standalone.built and torch.equal(out, torch.full((2, 4), 2.0))


class Project(Layer):
    """A program's own layer without ``build`` or ``compute_output_shape``: Keras finds its
    output shape by tracing ``call``."""

    def __init__(self, units: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.dense = Dense(units)

    def call(self, x):
        return self.dense(x)[:, -1] if x.ndim == 3 else self.dense(x)


def test_a_layer_without_an_output_shape_is_traced_and_builds_the_next_one() -> None:
    """The Dense after it is built for 3 features (it was built for the input's 4 and the first
    call failed); the weights exist before any call, as in Keras."""
    model = Sequential([Input((None, 4)), Project(3), Dense(1)])
    assert model.output_shape == (None, 1)
    assert model.layers[0].output_shape == (None, 3)  # the time axis dropped, the batch unknown
    assert [w.shape for w in model.get_weights()] == [(4, 3), (3,), (3, 1), (1,)]
    assert model.predict(np.ones((2, 7, 4), np.float32), verbose=0).shape == (2, 1)
    inputs = Input((4,))
    functional = Model(inputs, Dense(2)(Project(5)(inputs)))
    assert functional.output_shape == (None, 2)
    assert functional.predict(np.ones((3, 4), np.float32), verbose=0).shape == (3, 2)


class Stateful(Layer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.gru = GRU(3, stateful=True, return_sequences=True)

    def call(self, x):
        return self.gru(x)


def test_tracing_leaves_states_as_they_were() -> None:
    layer = Stateful()
    model = Sequential([Input((None, 4), batch_size=2), layer, Dense(1)])
    assert model.output_shape == (2, None, 1)
    assert torch.count_nonzero(layer.gru.states[0]) == 0  # the traced calls' states put back
    x = np.ones((2, 5, 4), np.float32)
    first = model.predict(x, verbose=0)
    model.reset_states()
    np.testing.assert_array_equal(model.predict(x, verbose=0), first)


def test_tracing_leaves_a_stateful_layer_of_unknown_batch_to_its_first_call() -> None:
    """A stateful layer keeps the batch size of its first call: the trace must not be it."""
    layer = Stateful()
    model = Sequential([Input((None, 4)), layer])
    assert not layer.gru.built
    assert model.predict(np.ones((1, 5, 4), np.float32), verbose=0).shape == (1, 5, 3)


class Twice(Layer):
    """Holds a sublayer in a list and as an attribute too."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.blocks = [Dense(2), Dense(3)]
        self.first = self.blocks[0]

    def call(self, x):
        return self.blocks[1](self.first(x))


def test_a_sublayer_held_twice_has_its_weights_listed_once() -> None:
    """As Keras 3 tracks each variable once: [(4, 2), (2,), (2, 3), (3,)], 19 parameters."""
    model = Sequential([Input((4,)), Twice()])
    assert [w.shape for w in model.get_weights()] == [(4, 2), (2,), (2, 3), (3,)]
    assert model.count_params() == 19
    model.set_weights([np.ones(s, np.float32) for s in [(4, 2), (2,), (2, 3), (3,)]])
    assert model.predict(np.ones((1, 4), np.float32), verbose=0).tolist() == [
        [11.0, 11.0, 11.0]
    ]  # (4 + 1) * 2 + 1


class Blocks(Layer):
    """keras-tcn's way: a list made empty in __init__ (and again in build), layers appended in
    build, each also set as an attribute, and tensors collected in another list at each call."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.blocks = []
        self.outputs_seen = []

    def build(self, input_shape):
        self.blocks = []
        self.blocks.append(Dense(3, name="a"))
        self.blocks[-1].build(input_shape)
        self.blocks.append(Dense(2, name="b"))
        self.blocks[-1].build((input_shape[0], 3))
        for block in self.blocks:
            setattr(self, block.name, block)

    def call(self, x):
        self.outputs_seen = []
        for block in self.blocks:
            x = block(x)
            self.outputs_seen.append(x)
        return x

    def compute_output_shape(self, input_shape):
        return [input_shape[0], 2]  # a list of sizes: one shape, as Keras 3 reads it


def test_layers_appended_to_a_list_attribute_are_sublayers_in_their_order() -> None:
    """Keras 3 tracks what is appended to a layer's list later, and lists the weights in the
    order the layers came: [(4, 3), (3,), (3, 2), (2,)], as Keras 3.15 gives (a layer set as an attribute too
    counts once); the collected tensors stay plain items."""
    model = Sequential([Input((4,)), Blocks()])
    assert [w.shape for w in model.get_weights()] == [(4, 3), (3,), (3, 2), (2,)]
    assert model.output.shape == (None, 2)  # compute_output_shape's list is one output
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()
    model.fit(np.ones((2, 4), np.float32), np.zeros((2, 2), np.float32), verbose=0)
    assert all(not np.array_equal(b, a) for b, a in zip(before, model.get_weights()))
    layer = model.layers[-1]
    assert all(isinstance(t, torch.Tensor) for t in layer.outputs_seen)
    layer.blocks = []  # the list the layers were in is gone; the attributes still hold them
    assert [w.shape for w in model.get_weights()] == [(4, 3), (3,), (3, 2), (2,)]
    del layer.a, layer.b
    assert model.get_weights() == []


def test_a_layer_held_in_a_list_and_as_an_attribute_saves_once(tmp_path) -> None:
    """A .weights.h5 keeps each layer once, as Keras 3's walk does (the first attribute by
    name that holds it: blocks/a and blocks/b in Keras 3.15's file), and loads back into a new
    model."""
    import h5py

    model = Sequential([Input((4,)), Blocks()])
    model.save_weights(tmp_path / "m.weights.h5")
    with h5py.File(tmp_path / "m.weights.h5") as h5:
        groups = []
        h5["layers"].visit(lambda name: groups.append(name) if name.endswith("/vars/0") else None)
    assert sorted(groups) == ["blocks/a/vars/0", "blocks/b/vars/0"]
    again = Sequential([Input((4,)), Blocks()])
    again.load_weights(tmp_path / "m.weights.h5")
    x = np.ones((1, 4), np.float32)
    np.testing.assert_array_equal(again.predict(x, verbose=0), model.predict(x, verbose=0))


class Projections(Layer):
    """keras.io's variable selection network: a dict made empty, filled in a loop (keys of any
    kind), and a build that takes no shape."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.proj = dict()
        for key in ["b", "a", 3]:
            self.proj[key] = Dense(2)

    def build(self):
        self.built = True

    def call(self, x):
        return self.proj["a"](x) + self.proj["b"](x) + self.proj[3](x)


def test_layers_stored_in_a_dict_attribute_later_are_sublayers_and_save_as_keras_3(tmp_path) -> None:
    # Keras 3.15 (torch backend) on the same class: six weight arrays, and these groups
    import h5py

    model = Sequential([Input((3,)), Projections()])
    assert [w.shape for w in model.get_weights()] == [(3, 2), (2,)] * 3
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()
    model.fit(np.ones((2, 3), np.float32), np.zeros((2, 2), np.float32), verbose=0)
    assert all(not np.array_equal(b, a) for b, a in zip(before, model.get_weights()))
    model.save_weights(tmp_path / "m.weights.h5")
    with h5py.File(tmp_path / "m.weights.h5") as h5:
        groups = []
        h5["layers"].visit(lambda name: groups.append(name) if name.endswith("/vars/0") else None)
    assert sorted(groups) == [f"projections/proj/{name}/vars/0" for name in ("dense", "dense_1", "dense_2")]
    layer = model.layers[-1]
    del layer.proj[3]
    assert len(model.get_weights()) == 4
    layer.proj = {}  # the dict the layers were in is gone
    assert model.get_weights() == []


def test_statefulrnn_layers_have_keras_call() -> None:
    """Keras's layers have call(): a program reads its signature (keras-tcn asks whether it
    takes training=) and a subclass calls super().call(inputs)."""
    import inspect

    from statefulrnn.layers import BatchNormalization

    assert "training" in inspect.signature(BatchNormalization().call).parameters

    class Doubled(Dense):
        def call(self, inputs):
            return super().call(inputs) * 2

    layer = Doubled(2, kernel_initializer="ones")
    x = torch.ones(1, 3)
    torch.testing.assert_close(layer(x), torch.full((1, 2), 6.0))


class Wrapper(Layer):
    """Keras's guide's wrapper: its sublayer goes into get_config through layers.serialize."""

    def __init__(self, layer, **kwargs) -> None:
        super().__init__(**kwargs)
        self.layer = layer

    def call(self, x):
        return self.layer(x) * 2

    def get_config(self):
        return {**super().get_config(), "layer": serialize(self.layer)}

    @classmethod
    def from_config(cls, config):
        return cls(deserialize(config.pop("layer")), **config)


def test_a_wrapper_layer_round_trips_its_sublayer_through_serialize() -> None:
    wrapper = Wrapper(GRU(3, return_sequences=True, name="inner"), name="outer")
    entry = serialize(wrapper.layer)
    assert entry["class_name"] == "GRU" and entry["module"] == "keras.layers"
    twin = Wrapper.from_config(wrapper.get_config())
    assert type(twin.layer) is GRU and twin.layer.name == "inner" and twin.layer.return_sequences
    x = torch.ones(1, 4, 2)
    twin(x)  # built, then given the wrapper's weights
    wrapper(x)
    twin.set_weights(wrapper.get_weights())
    torch.testing.assert_close(twin(x), wrapper(x))
    # custom_objects are taken (as Keras's); Keras's own class, named with a null registered_name,
    # is never replaced by one of them
    assert type(deserialize(entry, custom_objects={"GRU": Wrapper})) is GRU


class Penalised(Layer):
    """A program's own layer adding a loss in call(), as Keras's guide's ActivityRegularizationLayer."""

    def call(self, x):
        self.add_loss(0.1 * x.square().mean())
        return x


def test_add_loss_joins_the_training_loss_once_per_call() -> None:
    model = Sequential([Input((3,)), Penalised(), Dense(1, kernel_initializer="ones")])
    model.compile("sgd", "mse")
    x, y = np.arange(12, dtype="float32").reshape(4, 3) / 10, np.zeros((4, 1), "float32")
    expected = float(np.mean(x.sum(axis=1) ** 2) + 0.1 * np.mean(x**2))  # the mse, then the added loss
    assert model.train_on_batch(x, y) == pytest.approx(expected, rel=1e-6)
    model.predict(x, verbose=0)
    model.predict(x, verbose=0)
    assert len(model.losses) == 1  # each call's losses replace the last call's
    assert float(model.losses[0]) == pytest.approx(0.1 * np.mean(x**2), rel=1e-6)


class Normalise(Layer):
    """CyberZHG's LayerNormalization's way: ``self.gamma, self.beta = None, None`` in
    ``__init__``, then weights Keras names ``gamma`` and ``beta`` assigned to them in ``build``;
    one more named as an attribute that holds something else (``units``), and two sharing a
    name, as Keras allows."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.units = 3
        self.gamma, self.beta = None, None

    def build(self, input_shape):
        self.gamma = self.add_weight(shape=input_shape[-1:], initializer="ones", name="gamma")
        self.beta = self.add_weight(shape=input_shape[-1:], initializer="zeros", name="beta")
        self.shift = self.add_weight(shape=(), initializer="ones", name="units")
        self.first = self.add_weight(shape=(), initializer="zeros", name="twin")
        self.second = self.add_weight(shape=(), initializer="ones", name="twin")
        super().build(input_shape)

    def call(self, x):
        centred = x - x.mean(dim=-1, keepdim=True)
        return centred * self.gamma + self.beta + self.shift * self.second + self.first


def test_a_weight_named_as_an_attribute_keeps_its_keras_name_and_the_attribute(tmp_path) -> None:
    model = Sequential([Input((3,)), Normalise(name="norm")])
    layer = model.layers[-1]
    names = ("gamma", "beta", "units", "twin", "twin")
    assert [w.path for w in layer.weights] == [f"norm/{n}" for n in names]
    assert layer.units == 3  # the attribute kept; the weight is listed under its Keras name
    assert layer.gamma is layer.keras_weights()[0].parameters[0]  # the None it stood for replaced
    assert [w.shape for w in model.get_weights()] == [(3,), (3,), (), (), ()]
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.arange(6, dtype=np.float32).reshape(2, 3), np.zeros((2, 3), np.float32)
    model.fit(x, y, epochs=1, verbose=0)
    # each weight trains as its own: the two twins get their own gradients
    assert layer.first.numpy() != 0.0 and layer.second.numpy() != 1.0
    model.save_weights(tmp_path / "m.weights.h5")
    again = Sequential([Input((3,)), Normalise(name="norm")])
    again.load_weights(tmp_path / "m.weights.h5")
    np.testing.assert_array_equal(again.predict(x, verbose=0), model.predict(x, verbose=0))


def test_super_build_of_a_programs_subclass_makes_the_parent_layers_weights() -> None:
    """A Keras-style ``build`` ending with ``super().build(input_shape)`` in a subclass of one
    of our layers builds that layer's own weights once (Keras-IndRNN's IndRNN subclasses RNN)."""

    class ScaledGRU(GRU):
        def build(self, input_shape):
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
            super().build(input_shape)

        def call(self, inputs, **kwargs):
            return super().call(inputs, **kwargs) * self.scale

    torch.manual_seed(0)
    layer, plain = ScaledGRU(3, name="scaled_gru"), GRU(3, name="plain_gru")
    x = torch.randn(2, 4, 5)
    plain(x)
    layer(x)
    assert sorted(w.name for w in layer.weights) == ["bias", "kernel", "recurrent_kernel", "scale"]
    weights = {w.name: w for w in layer.weights}
    for name, value in zip(("kernel", "recurrent_kernel", "bias"), plain.get_weights(), strict=True):
        weights[name].assign(value)
    weights["scale"].assign(np.float32(2.0))
    torch.testing.assert_close(layer(x), 2.0 * plain(x))


def test_rnn_takes_constants_none_and_refuses_constants() -> None:
    """Keras's ``RNN.call(..., constants=None)``, which a subclass forwards to ``super().call``."""
    layer = RNN(SimpleRNNCell(2, name="cell_c"), name="rnn_c")
    x = torch.randn(1, 3, 2)
    torch.testing.assert_close(layer(x, constants=None), layer(x))
    with pytest.raises(ValueError, match="constants"):
        layer(x, constants=[torch.ones(1, 2)])


def test_a_weight_attribute_rebound_to_a_tensor_leaves_the_weights_as_tf_keras() -> None:
    """Keras-IndRNN's build: ``self.recurrent_kernel = K.clip(self.recurrent_kernel, ...)``.
    tf-keras then holds a constant there, and the weight no other attribute holds is no longer
    one of the layer's (its model lists 7 weights, not 9)."""

    class Clipped(Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], 2), initializer="ones")
            self.gain = self.add_weight(name="gain", shape=(2,), initializer="ones")
            self.gain = torch.clamp(self.gain, 0.0, 0.5)  # rebound: a constant from now on

        def call(self, x):
            return (x @ self.kernel) * self.gain

    layer = Clipped(name="clipped")
    y = layer(torch.ones(1, 3))
    assert [w.name for w in layer.weights] == ["kernel"]
    assert not layer.gain.requires_grad and layer.gain.tolist() == [0.5, 0.5]
    assert y.tolist() == [[1.5, 1.5]]
    y.sum().backward()
    assert layer.kernel.grad is not None


def test_a_call_takes_keras_s_arguments_by_name_and_drops_a_training_flag_it_has_no_use_for() -> None:
    # keras.io's endpoint layer: call(self, logits, targets=None) called all by keyword; the TF
    # text generation tutorial's self.embedding(x, training=training) on a layer without it.
    class Endpoint(Layer):
        def call(self, logits, targets=None):
            return logits * 2.0 if targets is None else logits + targets

    endpoint, x = Endpoint(), torch.ones(2, 1)
    assert endpoint(logits=x, targets=3 * x).tolist() == [[4.0], [4.0]]
    assert endpoint(logits=x).tolist() == [[2.0], [2.0]] == endpoint(inputs=x).tolist()
    dense = Dense(2, kernel_initializer="ones")
    assert torch.equal(dense(x, training=True), dense(x))
    assert torch.equal(dense(inputs=x, training=False), dense(x))
    with pytest.raises(TypeError):
        dense(x, mask=x)  # a mask it cannot take is refused, as Keras 3's call refuses it


def test_a_program_s_read_of_a_weight_hands_it_out_as_a_keras_variable() -> None:
    # layer.embeddings.assign(...) before any variable list was read (DLwP 3rd ed., ch. 14;
    # the TF imbalanced-data tutorial's model.layers[-1].bias.assign([0.0])), while the
    # layer's own reads in its calls leave the plain Parameter, torch's fastest road.
    dense = Dense(2)
    dense(torch.ones(1, 3))
    assert type(dense._parameters["kernel"]) is torch.nn.Parameter  # its own call read it
    dense.bias.assign([1.0, 2.0])
    assert dense.bias.numpy().tolist() == [1.0, 2.0] and dense.bias is dense._parameters["bias"]
    assert type(dense._parameters["kernel"]) is torch.nn.Parameter  # only what was read
    assert dense(torch.zeros(1, 3)).tolist() == [[1.0, 2.0]]


def test_add_weight_takes_one_int_as_its_shape_as_tf_keras_does() -> None:
    class Bias(Layer):
        def build(self, input_shape):
            self.b = self.add_weight(name="bias", shape=input_shape[-1], initializer="ones")

        def call(self, x):
            return x + self.b

    layer = Bias()
    assert layer(torch.zeros(2, 3)).tolist() == [[1.0] * 3] * 2 and tuple(layer.b.shape) == (3,)


def test_keras_variable_makes_a_weight_of_its_value_or_initializer_and_a_layer_tracks_it() -> None:
    # Keras 3.15 on the same calls: int64 and float64 values keep their dtype, a float becomes
    # floatx, an initializer needs a shape; set on a layer, the variable is one of its weights.
    import statefulrnn as keras

    assert keras.Variable(np.array([1, 2])).dtype == torch.int64
    assert not keras.Variable(np.array([1, 2])).requires_grad  # an integer variable never trains
    assert keras.Variable(np.array([1.0, 2.0])).dtype == torch.float64
    assert keras.Variable(3.0).dtype == torch.float32 and keras.Variable(3.0).shape == ()
    assert keras.Variable([1, 2], dtype="float16").dtype == torch.float16
    scale = keras.Variable(keras.initializers.Ones(), shape=(2, 3), name="w", trainable=False)
    assert scale.name == "w" and not scale.requires_grad and float(scale.numpy().sum()) == 6.0
    with pytest.raises(ValueError, match="the `shape` argument should be specified"):
        keras.Variable("ones")
    with pytest.raises(ValueError, match=r"shape \(2,\), but the variable's shape is \(3,\)"):
        keras.Variable([1.0, 2.0], shape=(3,))
    assert isinstance(Dense(2, input_shape=(3,)).kernel, keras.Variable)
    assert not isinstance(torch.zeros(1), keras.Variable)

    class Scaled(Layer):
        def __init__(self):
            super().__init__()
            self.v = keras.Variable(np.ones(2, "float32"), name="vv")
            self.same = self.v  # one weight, under two attributes

        def call(self, x):
            return x * self.v

    layer = Scaled()
    assert [w.name for w in layer.weights] == ["vv"] and layer.trainable_weights[0] is layer.v
    model = Sequential([Input((2,)), layer, Dense(1)])
    model.compile("sgd", "mse")
    model.fit(np.ones((4, 2), "float32"), np.zeros((4, 1), "float32"), verbose=0)
    assert not np.allclose(layer.get_weights()[0], 1.0)  # trained


def test_a_program_s_layer_called_on_a_dict_of_inputs_gives_what_its_call_returns() -> None:
    # keras.io's structured-data classifier: a layer whose call joins a dict's values
    class Classifier(keras.layers.Layer):
        def __init__(self, **kwargs: object) -> None:
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(1, activation="sigmoid")

        def call(self, inputs: dict) -> torch.Tensor:
            return self.dense(keras.layers.concatenate(list(inputs.values())))

        def build(self, input_shape: object) -> None:
            self.built = True

    inputs = {name: keras.Input(name=name, shape=(size,)) for name, size in (("a", 1), ("b", 2), ("c", 3))}
    output = Classifier()(inputs)
    assert output.shape == (None, 1)  # was one output per entry, each of its input's shape
    model = keras.Model(inputs, output)
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    x = {"a": np.ones((4, 1)), "b": np.ones((4, 2)), "c": np.ones((4, 3))}
    assert model.predict(x, verbose=0).shape == (4, 1)
    assert len(model.get_weights()) == 2  # the Dense the call built: kernel (6, 1) and bias


class KerasTwoAttention(Layer):
    """richliao/textClassifier's AttLayer, copied into many repositories: weights made by
    K.variable in build, then listed in tf-keras's _trainable_weights."""

    def __init__(self, attention_dim: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.attention_dim = attention_dim

    def build(self, input_shape):
        from statefulrnn import backend as K

        self.W = K.variable(np.full((input_shape[-1], self.attention_dim), 0.1))
        self.b = K.variable(np.zeros((self.attention_dim,)))
        self.u = K.variable(np.full((self.attention_dim, 1), 0.5))
        self._trainable_weights = [self.u, self.W, self.b]  # another order than made

    def call(self, x):
        from statefulrnn import backend as K

        uit = K.tanh(K.bias_add(K.dot(x, self.W), self.b))
        ait = K.exp(K.squeeze(K.dot(uit, self.u), -1))
        ait = ait / K.sum(ait, axis=1, keepdims=True)
        return K.sum(x * K.expand_dims(ait), axis=1)


def test_k_variables_a_layer_holds_are_its_trained_weights_in_the_order_listed() -> None:
    # tf-keras 2.21 on the same layer: three trainable weights (3, 1)-first, all trained by fit
    model = Sequential([Input((4, 2)), KerasTwoAttention(3)])
    assert [w.shape for w in model.get_weights()] == [(3, 1), (2, 3), (3,)]
    assert len(model.trainable_weights) == 3
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()
    model.fit(np.random.default_rng(0).normal(size=(4, 4, 2)), np.ones((4, 2)), verbose=0)
    assert all(not np.array_equal(b, a) for b, a in zip(before, model.get_weights()))
    with pytest.raises(ValueError, match=r"_trainable_weights lists its own weights.*entry 1 is not one"):
        model.layers[0]._trainable_weights = [model.layers[0].W, torch.zeros(1)]


@pytest.mark.parametrize("base", [Layer, Model])
def test_a_program_s_layer_of_two_positional_tensors_gives_its_call_s_outputs_in_a_graph(
    base: type, recwarn: pytest.WarningsRecorder
) -> None:
    # Bahdanau attention as the TensorFlow NMT tutorial writes it, call(query, values) returning
    # (context, weights), used in a functional model (a Quora BiLSTM solution's): the output
    # shapes are its call's, as Keras's symbolic call gives them, with no warning on the way
    class BahdanauAttention(base):
        def __init__(self, units: int) -> None:
            super().__init__()
            self.W1, self.W2, self.V = Dense(units), Dense(units), Dense(1)

        def call(self, query, values):
            score = self.V(torch.tanh(self.W1(values) + self.W2(query.unsqueeze(1))))
            weights = torch.softmax(score, dim=1)
            return (weights * values).sum(1), weights

    inputs = Input((5, 3))
    sequence, state = GRU(4, return_sequences=True, return_state=True)(inputs)
    attention = BahdanauAttention(6)
    context, weights = attention(state, sequence)
    assert (context.shape, weights.shape) == ((None, 4), (None, 5, 1))
    model = Model(inputs, [context, weights])
    x = np.random.default_rng(0).normal(size=(2, 5, 3)).astype(np.float32)
    got_context, got_weights = model.predict(x, verbose=0)
    with torch.no_grad():
        sequence_now, state_now = model.layers[1](torch.from_numpy(x))
        expected = attention(state_now, sequence_now)
    np.testing.assert_allclose(got_context, expected[0].numpy(), rtol=1e-6)
    np.testing.assert_allclose(got_weights.sum(1), np.ones((2, 1)), rtol=1e-6)
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]
