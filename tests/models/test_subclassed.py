"""Models written by subclassing `Model` (Keras 3's ``class Forecaster(keras.Model)``): against
Keras 3 training one (tests/fixtures/subclassed_model, made by
tools/keras_fixtures/subclassed_model.py, whose `program` builds the same model here, given
statefulrnn as ``keras``); then states, ragged chunks, weights files, and what is refused."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import layers
from statefulrnn.data import SequenceBatcher
from tests.fixture_scripts import fixture_script
from tests.layers.test_operations import weights

ROOT = Path(__file__).resolve().parents[2]
DATA = np.load(ROOT / "tests" / "fixtures" / "subclassed_model" / "values.npz")


PROGRAM = fixture_script("subclassed_model")


def test_a_subclassed_model_trains_evaluates_and_predicts_as_keras() -> None:
    model = PROGRAM.program(srnn)  # the Keras program's code, statefulrnn as keras
    model(DATA["x"][:1])  # built by its first call, as in Keras
    assert [type(layer).__name__ for layer in model.layers] == ["LSTM", "Dense", "Dense", "Dense"]
    model.set_weights(weights("w", DATA))
    history = model.fit(
        DATA["x"], DATA["y"], epochs=2, batch_size=8, validation_split=0.25, shuffle=False, verbose=0
    )
    for key, values in json.loads(str(DATA["history"])).items():
        np.testing.assert_allclose(history.history[key], values, rtol=1e-5, err_msg=key)
    evaluated = model.evaluate(DATA["x"], DATA["y"], batch_size=8, verbose=0, return_dict=True)
    for key, value in json.loads(str(DATA["evaluated"])).items():
        np.testing.assert_allclose(evaluated[key], value, rtol=1e-5, err_msg=key)
    np.testing.assert_allclose(model.predict(DATA["x"], verbose=0), DATA["predicted"], atol=1e-5, rtol=0)
    for ours, keras in zip(model.get_weights(), weights("after", DATA)):
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0)


class Streamer(srnn.Model):
    """A stateful GRU in a subclassed model; its call takes the chunks' flags."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rnn = layers.GRU(4, stateful=True, return_sequences=True)
        self.head = layers.Dense(2)

    def call(self, inputs, mask=None, resets=None):
        return self.head(self.rnn(inputs, mask=mask, resets=resets))


class Plain(Streamer):
    def call(self, inputs):
        return self.head(self.rnn(inputs))


def _ragged() -> SequenceBatcher:
    rng = np.random.default_rng(0)
    sequences = [rng.normal(size=(int(n), 2)).astype(np.float32) for n in rng.integers(5, 20, size=6)]
    return SequenceBatcher(sequences, 3, 4, target="next_step")


def test_states_chunks_and_flags_reach_the_layers_of_a_subclass() -> None:
    torch.manual_seed(0)
    model = Streamer()
    x = torch.randn(3, 8, 2)
    whole = model(x)
    model.reset_states()
    chunked = torch.cat([model(x[:, :3]), model(x[:, 3:])], dim=1)
    torch.testing.assert_close(chunked, whole)  # chunked equals whole, the library's promise
    model.compile(optimizer="adam", loss="mse")
    assert len(model.fit(_ragged(), epochs=1, verbose=0).history["loss"]) == 1  # masks and resets
    plain = Plain()
    plain.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match=r"'plain(_\d+)?' \(Plain\) takes no mask=, but this chunk has"):
        plain.fit(_ragged(), epochs=1, verbose=0)


def test_a_failed_call_leaves_the_states_as_they_were() -> None:
    model = Streamer()
    model(torch.randn(3, 4, 2))
    before = [state.clone() for state in model.rnn.states]

    class BoomError(Exception):
        pass

    def explode(module, inputs, output):
        raise BoomError

    handle = model.head.register_forward_hook(explode)  # after the GRU committed its state
    with pytest.raises(BoomError):
        model(torch.randn(3, 4, 2))
    handle.remove()
    for state, kept in zip(model.rnn.states, before):
        torch.testing.assert_close(state, kept)


def test_weights_files_and_copies(tmp_path: Path) -> None:
    model = Streamer()
    model(torch.randn(3, 4, 2))
    model.save_weights(tmp_path / "streamer.safetensors")
    twin = Streamer()
    twin(torch.zeros(3, 4, 2))
    twin.load_weights(tmp_path / "streamer.safetensors")
    data = torch.randn(3, 4, 2)
    model.reset_states(), twin.reset_states()
    torch.testing.assert_close(twin(data), model(data))
    copied = copy.deepcopy(model)
    torch.testing.assert_close(copied(data), model(data))  # same weights, same states carried
    with pytest.raises(TypeError, match=r"Model takes inputs and outputs .* or is subclassed"):
        srnn.Model()


def _keras_forecaster() -> Any:
    """The fixture's model as Keras 3 trained it: the program's class, its weights after fit."""
    model = PROGRAM.program(srnn)
    model(DATA["x"][:1])
    model.set_weights(weights("after", DATA))
    return model


def test_a_keras_3_file_of_a_subclassed_model_loads_and_ours_is_laid_out_as_keras_3s(tmp_path: Path) -> None:
    """Keras 3 keeps a subclassed model's weights where it walks its attributes (``encoder/cell``,
    ``blocks/dense_1``, ``head``): its ``.keras`` and ``.weights.h5`` load here, the model
    rebuilt by its class from the config, compiled with the optimizer's state; and ours hold
    every weight at the path and shape Keras 3's do, so Keras 3 loads them."""
    import h5py

    folder = ROOT / "tests" / "fixtures" / "subclassed_model"
    cls = type(PROGRAM.program(srnn))
    loaded = srnn.models.load_model(folder / "model.keras", custom_objects={"Forecaster": cls})
    assert type(loaded) is cls and loaded.name == "forecaster" and loaded.optimizer is not None
    np.testing.assert_allclose(loaded.predict(DATA["x"], verbose=0), DATA["predicted"], atol=1e-5, rtol=0)
    assert int(loaded.optimizer.iterations) == 6  # 2 epochs of 3 batches: Keras's state came too
    fresh = PROGRAM.program(srnn)
    fresh(DATA["x"][:1])
    fresh.load_weights(folder / "model.weights.h5")
    for ours, keras in zip(fresh.get_weights(), weights("after", DATA)):
        np.testing.assert_allclose(ours, keras, atol=0, rtol=0)

    def layout(h5: Any) -> dict[str, tuple[int, ...]]:
        found: dict[str, tuple[int, ...]] = {}
        h5.visititems(lambda name, item: found.update({name: item.shape}) if hasattr(item, "shape") else None)
        return {name: shape for name, shape in found.items() if not name.startswith("optimizer/")}

    model = _keras_forecaster()
    model.save_weights(tmp_path / "ours.weights.h5")
    with h5py.File(tmp_path / "ours.weights.h5") as ours, h5py.File(folder / "model.weights.h5") as keras:
        assert layout(ours) == layout(keras)
        assert "encoder/cell/vars/0" in layout(ours) and "blocks/dense_1/vars/1" in layout(ours)


@pytest.mark.parametrize("suffix", [".keras", ".safetensors", ".weights.h5"])
def test_a_subclassed_model_saved_loads_back_with_its_arguments_weights_and_optimizer(
    tmp_path: Path, suffix: str
) -> None:
    class Forecaster(srnn.Model):
        def __init__(self, units: int = 30, activation: str = "tanh", **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.rnn = layers.GRU(units, return_sequences=True)
            self.heads = [layers.Dense(2, activation=activation), layers.Dense(1)]

        def call(self, inputs: Any) -> Any:
            h = self.rnn(inputs)[:, -1]
            return self.heads[1](self.heads[0](h))

    x, y = DATA["x"], DATA["y"]
    model = Forecaster(5, activation="relu", name="given")  # not the defaults (Keras 3.15 keeps those)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    assert model.get_config() == {"name": "given", "units": 5, "activation": "relu", "trainable": True,
                                  "dtype": "float32"}  # fmt: skip
    rebuilt = srnn.models.model_from_json(model.to_json(), custom_objects={"Forecaster": Forecaster})
    assert (type(rebuilt), rebuilt.rnn.units, rebuilt.built) == (Forecaster, 5, True)
    path = tmp_path / f"model{suffix}"
    if suffix == ".weights.h5":
        model.save_weights(path)
        twin = Forecaster(5, activation="relu")
        twin.load_weights(path)  # before its build: set as its first call builds it, as tf-keras restores
        twin(x[:1])
    else:
        model.save(path)
        twin = srnn.models.load_model(path, custom_objects={"Forecaster": Forecaster})
        assert (type(twin), twin.name, twin.rnn.units, twin.heads[0].activation.__name__) == (
            Forecaster, "given", 5, "relu")  # fmt: skip
        # the optimizer's state came too: one more epoch each, the same weights after it
        model.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
        twin.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    np.testing.assert_allclose(twin.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6, rtol=0)


def test_a_subclassed_model_no_config_can_hold_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    class Wrapped(srnn.Model):
        def __init__(self, inner: Any, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.inner = inner

        def call(self, inputs: Any) -> Any:
            return self.inner(inputs)

    model = Wrapped(layers.Dense(2), name="wrapped")
    model(torch.ones(1, 3))
    for suffix in (".keras", ".safetensors"):
        refusal = r"save: model 'wrapped' is a subclass of Model \(Wrapped\) made with the argument inner="
        with pytest.raises(NotImplementedError, match=refusal + r".*Give Wrapped a get_config\(\)"):
            model.save(tmp_path / f"m{suffix}")
        assert not (tmp_path / f"m{suffix}").exists()
    with pytest.raises(ValueError, match=r"Keras's HDF5 model file holds Sequential and functional models"):
        model.save(tmp_path / "m.h5")
    model.save_weights(tmp_path / "m.weights.h5")  # the weights need no config
    twin = Wrapped(layers.Dense(2))
    twin(torch.ones(1, 3))
    twin.load_weights(tmp_path / "m.weights.h5")
    torch.testing.assert_close(twin(torch.ones(1, 3)), model(torch.ones(1, 3)))


def test_a_list_of_layers_set_as_an_attribute_trains() -> None:
    class Stack(srnn.Model):
        def __init__(self) -> None:
            super().__init__()
            self.blocks = [layers.Dense(3, activation="tanh") for _ in range(3)]

        def call(self, inputs):
            for block in self.blocks:
                inputs = block(inputs)
            return inputs

    model = Stack()
    model(torch.zeros(1, 3))
    assert len(model.trainable_weights) == 6 and len(model.layers) == 3


def test_a_layer_of_ones_own_with_a_list_of_sublayers_trains_them() -> None:
    class Residuals(layers.Layer):  # Keras-style: sublayers in a list, a dict of them too
        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            self.blocks = [layers.Dense(2, activation="tanh") for _ in range(2)]
            self.named = {"out": layers.Dense(1)}

        def call(self, inputs):
            for block in self.blocks:
                inputs = inputs + block(inputs)
            return self.named["out"](inputs)

    model = srnn.Sequential([srnn.Input((2,)), Residuals()])
    model.compile(optimizer="sgd", loss="mse")
    model.predict(np.ones((1, 2), np.float32), verbose=0)  # the sublayers build on the first call
    before = [w.copy() for w in model.get_weights()]
    assert len(before) == 6  # every sublayer's kernel and bias, found through the containers
    model.fit(np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32), epochs=1, verbose=0)
    assert all(not np.array_equal(a, b) for a, b in zip(model.get_weights(), before))


@pytest.mark.parametrize(
    ("step", "calls"),
    [
        ("train_step", ["fit", "train_on_batch"]),
        ("test_step", ["fit", "evaluate", "test_on_batch"]),
        ("predict_step", ["predict", "predict_on_batch"]),
    ],
)
def test_each_loop_calls_a_custom_keras_step(step: str, calls: list[str]) -> None:
    # Keras 3's loops call a subclass's own step on every batch (its data as Keras packs it);
    # tests/training/test_custom_steps.py checks the numbers against Keras's torch backend.
    seen: list[Any] = []

    def own(self: Any, data: Any) -> Any:
        seen.append(data)
        if step == "predict_step":
            return self(data[0] if isinstance(data, tuple) else data)
        return {"ran": torch.tensor(1.0)}

    model = type("Custom", (Plain,), {step: own})()
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.zeros((3, 4, 2), np.float32), np.zeros((3, 4, 2), np.float32)
    arguments = {
        "fit": ((x, y), {"verbose": 0, "validation_data": (x, y)}), "evaluate": ((x, y), {"verbose": 0}),
        "train_on_batch": ((x, y), {}), "test_on_batch": ((x, y), {}),
        "predict": ((x,), {"verbose": 0}), "predict_on_batch": ((x,), {}),
    }  # fmt: skip
    for call in calls:
        seen.clear()
        args, kwargs = arguments[call]
        getattr(model, call)(*args, **kwargs)
        assert seen, call
        first = seen[0][0] if isinstance(seen[0], tuple) else seen[0]
        assert isinstance(first, torch.Tensor) and tuple(first.shape) == (3, 4, 2)


def test_a_call_set_on_the_class_after_it_was_made_is_its_call() -> None:
    # The TF time-series tutorial: `feedback_model = FeedBack(...)`, then `FeedBack.call = call`.
    class FeedBack(srnn.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(2)

    class Scaled(layers.Layer):
        pass

    model, layer = FeedBack(), Scaled()
    x = np.ones((3, 4), np.float32)
    with pytest.raises(NotImplementedError, match=r"FeedBack defines no call\(\)"):
        model(x)
    with pytest.raises(NotImplementedError, match=r"Scaled defines no call\(\)"):
        layer(torch.ones(2))

    def call(self, inputs, training=None):
        return self.dense(inputs) * 2.0

    FeedBack.call = call
    Scaled.call = lambda self, inputs, training=None: inputs * (3.0 if training else 1.0)
    assert tuple(model(x).shape) == (3, 2)
    assert torch.equal(layer(torch.ones(2)), torch.ones(2))  # Keras's default: inference
    assert torch.equal(layer(torch.ones(2), training=True), torch.full((2,), 3.0))
    model.compile(loss="mse", optimizer="sgd")
    before = model.evaluate(x, np.zeros((3, 2), np.float32), verbose=0)
    model.fit(x, np.zeros((3, 2), np.float32), epochs=2, verbose=0)
    assert model.evaluate(x, np.zeros((3, 2), np.float32), verbose=0) < before


def test_training_and_mask_go_only_to_a_call_that_takes_them() -> None:
    # Keras's __call__ hands call() training= and mask= only where its signature names them.
    class Plain(srnn.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)

        def call(self, inputs):
            return self.dense(inputs)

    class Doubling(layers.Layer):
        def call(self, x):
            return 2 * x

    x = np.ones((4, 2), np.float32)
    assert tuple(Plain()(x, training=True).shape) == (4, 1)
    assert torch.equal(Doubling()(torch.ones(2), training=True, mask=None), torch.full((2,), 2.0))
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'scale'"):
        Doubling()(torch.ones(2), scale=3)  # any other keyword still reaches call()


def test_a_call_taking_a_dict_is_called_on_a_dict_of_arrays() -> None:
    # keras.io's endpoint layer pattern calls its subclassed model on a dict of arrays.
    class Summed(srnn.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)

        def call(self, inputs):
            return self.dense(inputs["a"]) + inputs["b"]

    model = Summed()
    out = model({"a": np.ones((2, 3), np.float32), "b": np.full((2, 1), 5.0)})
    assert tuple(out.shape) == (2, 1) and out.dtype == torch.float32 and model.built
    model.compile("sgd", "mse")
    data = {"a": np.ones((4, 3)), "b": np.ones((4, 1))}  # fit hands call the dict too, as Keras
    before = model.predict(data, verbose=0)
    history = model.fit(data, np.zeros((4, 1)), verbose=0, shuffle=False)
    assert history.history["loss"][0] == pytest.approx(float((before**2).mean()), rel=1e-5)
