"""A model's own train_step / test_step / predict_step, Keras 3's way on its torch backend.

The programs of tools/keras_fixtures/custom_steps.py (keras.io's "Customizing what happens in
fit() with PyTorch" and more) run with statefulrnn as ``keras`` and give what Keras 3.15.1
recorded on its torch backend (tests/fixtures/custom_steps). The other tests cover what Keras
cannot show: stateful models (Keras's torch backend cannot train them), the state contract
around a failing step, the refusals, and the model-level metrics of the built-in loop.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as keras
from tests.fixture_scripts import fixture_script

SCRIPT = fixture_script("custom_steps")
RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "custom_steps"


@pytest.mark.parametrize("name", sorted(SCRIPT.PROGRAMS))
def test_programs_give_keras_torch_numbers(name: str) -> None:
    with np.load(RECORDED / f"{name}.npz") as recorded:
        expected = {key: recorded[key] for key in recorded.files}
    got = SCRIPT.PROGRAMS[name](keras, torch)
    assert sorted(got) == sorted(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(
            np.asarray(got[key], dtype=np.float64), value, rtol=1e-5, atol=1e-6, err_msg=key
        )


class Halved(keras.Model):
    """A step that minimises half of compile's loss and logs it with the built-in trackers."""

    def train_step(self, data):
        x, y = data
        self.zero_grad()
        loss = self.compute_loss(y=y, y_pred=self(x, training=True)) / 2
        loss.backward()
        self.optimizer.apply([v.value.grad for v in self.trainable_weights], self.trainable_weights)
        self.metrics[0].update_state(loss)
        return {"loss": self.metrics[0].result()}


def _dense(model_class: type = keras.Model) -> keras.Model:
    inputs = keras.Input(shape=(2,))
    return model_class(inputs, keras.layers.Dense(1, kernel_initializer="ones")(inputs))


def test_keras_variable_lists_hand_out_keras_parameters() -> None:
    model = _dense()
    kernel = model.layers[-1]._parameters["kernel"]  # not read by its attribute, which hands it out
    assert type(kernel) is torch.nn.Parameter  # torch's fastest road until the Keras lists hand it out
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    assert model.trainable_weights[0] is kernel  # the same object, its class changed in place
    assert isinstance(kernel, torch.nn.Parameter) and kernel.value is kernel
    assert optimizer.param_groups[0]["params"][0] is kernel
    assert kernel.numpy().sum() == 2.0
    kernel.numpy()[0, 0] = 5.0  # a copy: the weight stays
    assert float(kernel.detach().sum()) == 2.0
    kernel.assign_add(np.ones((2, 1)))
    assert float(kernel.detach().sum()) == 4.0
    with pytest.raises(ValueError, match=r"shape \(2, 1\)"):
        kernel.assign(np.zeros((3,)))
    assert float(kernel.detach().sum()) == 4.0
    import copy
    import pickle

    assert type(pickle.loads(pickle.dumps(model)).layers[-1].kernel) is type(kernel)
    assert type(copy.deepcopy(model).layers[-1].kernel) is type(kernel)
    assert all(type(v) is torch.Tensor for v in model.state_dict().values())


def test_stateful_model_carries_its_state_through_its_own_step() -> None:
    """Keras's torch backend cannot train a stateful LSTM; here a step of the program's own,
    through super().train_step, trains it exactly as the built-in loop does."""

    class Own(keras.Sequential):
        def train_step(self, data):
            return super().train_step(data)

    def build(model_class: type) -> keras.Sequential:
        model = model_class(
            [
                keras.Input(batch_shape=(2, 5, 2)),
                keras.layers.LSTM(3, stateful=True, return_sequences=True, name="lstm"),
                keras.layers.Dense(1),
            ]
        )
        SCRIPT.starting_weights(model)
        model.compile(optimizer="adam", loss="mse", metrics=["mae"])
        return model

    x = np.random.default_rng(0).normal(size=(4, 10, 2)).astype("float32")
    y = np.cumsum(x[..., :1], axis=1).astype("float32")
    built_in, own = build(keras.Sequential), build(Own)
    expected = built_in.fit(x, y, batch_size=2, epochs=2, verbose=0, chunk_length=5).history
    got = own.fit(x, y, batch_size=2, epochs=2, verbose=0, chunk_length=5).history
    assert sorted(got) == sorted(expected)
    for key in expected:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-6)
    for a, b in zip(own.get_weights(), built_in.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    for a, b in zip(own.get_states()["lstm"], built_in.get_states()["lstm"]):  # where the epochs left them
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)


def test_a_failing_step_leaves_the_states_as_they_were() -> None:
    class Failing(keras.Sequential):
        def train_step(self, data):
            x, _ = data
            self(x, training=True)  # moves the state
            raise RuntimeError("the program's own bug")

    model = Failing([keras.Input(batch_shape=(2, 3, 1)), keras.layers.GRU(2, stateful=True, name="gru")])
    model.compile(optimizer="sgd", loss="mse")
    model(np.ones((2, 3, 1), np.float32))
    before = [s.clone() for s in model.get_states()["gru"]]
    with pytest.raises(RuntimeError, match="own bug"):
        model.fit(np.ones((2, 3, 1)), np.ones((2, 2)), batch_size=2, verbose=0)
    for a, b in zip(model.get_states()["gru"], before):
        assert torch.equal(a, b)


def test_metrics_of_the_built_in_loop_and_reset() -> None:
    model = _dense(keras.Model)
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    assert [m.name for m in model.metrics] == ["loss", "compile_metrics"]
    x, y = np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    results = {name: float(value) for name, value in model.get_metrics_result().items()}
    assert results == pytest.approx(logs)  # evaluate leaves its values in model.metrics, as Keras's
    compiled = model.metrics[1].metrics  # Keras 3's list (the TF time-series tutorial prints it)
    assert [m.name for m in compiled] == ["mae"] and float(compiled[0].result()) == pytest.approx(logs["mae"])
    model.reset_metrics()
    assert {name: float(value) for name, value in model.get_metrics_result().items()} == {
        "loss": 0.0,
        "mae": 0.0,
    }
    assert {k: float(v) for k, v in model.compute_metrics(x, torch.as_tensor(y), model(x)).items()} == {
        "loss": 0.0,
        "mae": 2.0,
    }


def test_compile_without_loss_refuses_the_built_in_steps_and_allows_own() -> None:
    plain = _dense()
    plain.compile(optimizer="sgd")
    x, y = np.ones((4, 2), np.float32), np.ones((4, 1), np.float32)
    weights = [w.copy() for w in plain.get_weights()]
    for call in (
        lambda: plain.fit(x, y, verbose=0),
        lambda: plain.evaluate(x, y, verbose=0),
        lambda: plain.train_on_batch(x, y),
        lambda: plain.compute_loss(y=torch.ones(4, 1), y_pred=plain(x)),
    ):
        with pytest.raises(ValueError, match="No loss to compute"):
            call()
    assert all(np.array_equal(a, b) for a, b in zip(plain.get_weights(), weights))
    halved = _dense(Halved)
    halved.compile(optimizer="sgd", loss="mse")
    history = halved.fit(x, y, batch_size=4, verbose=0).history
    assert history == {"loss": [pytest.approx(0.5)]}  # (2 - 1)^2 / 2


def test_own_steps_are_refused_where_keras_data_has_no_place() -> None:
    model = _dense(Halved)
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.ones((4, 2), np.float32), np.ones((4, 1), np.float32)
    with pytest.raises(ValueError, match="sample_weight"):
        model.fit(x, y, class_weight={0: 1.0}, verbose=0)


def test_fit_reads_a_torch_dataloader() -> None:
    """A DataLoader yields [x, y] lists: fit trains on them as on the arrays they hold."""
    x, y = torch.ones(8, 2), torch.arange(8.0).reshape(8, 1)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=4)
    from_loader, from_arrays = _dense(keras.Model), _dense(keras.Model)
    for model in (from_loader, from_arrays):
        model.compile(optimizer="sgd", loss="mse")
    got = from_loader.fit(loader, epochs=2, verbose=0).history
    assert got == from_arrays.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history


def test_a_subclassed_model_without_call_is_made_and_refuses_a_call() -> None:
    class Holder(keras.Model):  # keras.io's GAN: models as attributes, never called itself
        def __init__(self) -> None:
            super().__init__()
            self.inner = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])

    holder = Holder()
    assert len(holder.trainable_weights) == 2
    with pytest.raises(NotImplementedError, match="Holder defines no call"):
        holder(torch.ones(1, 2))


def test_a_step_that_returns_no_dict_is_named() -> None:
    class Bare(keras.Model):
        def train_step(self, data):
            x, y = data
            return self.compute_loss(y=y, y_pred=self(x))  # the loss alone, not {"loss": ...}

    model = _dense(Bare)
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(TypeError, match=r"Bare.train_step must return a dict of logs.*Received: Tensor"):
        model.fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0)


def test_a_predict_step_may_return_a_dict() -> None:
    class Two(keras.Model):
        def predict_step(self, data):
            y = self(data)  # predict_on_batch hands (x,): read as x, with Keras's warning
            return {"value": y, "double": y * 2}

    model = _dense(Two)
    x = np.ones((5, 2), np.float32)
    predicted = model.predict(x, batch_size=2, verbose=0)
    assert {key: value.shape for key, value in predicted.items()} == {"value": (5, 1), "double": (5, 1)}
    np.testing.assert_array_equal(predicted["double"], 2 * predicted["value"])
    with pytest.warns(UserWarning, match="takes one input; it got a tuple of one array"):
        on_batch = model.predict_on_batch(x[:2])
    np.testing.assert_array_equal(on_batch["value"], predicted["value"][:2])


def test_tf_keras_compiled_metrics_updates_and_shows_compile_s_metrics() -> None:
    # tf-keras 2.21: None before compile; _user_metrics is compile's argument (Coursera's unit
    # tests read model.compiled_metrics._user_metrics[0] == 'accuracy'); update_state adds a
    # batch to the metrics model.metrics lists, reset_state starts them again.
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,), kernel_initializer="ones")])
    assert model.compiled_metrics is None
    model.compile(optimizer="sgd", loss="mse", metrics=["mae", "mse"])
    container = model.compiled_metrics
    assert container._user_metrics == ["mae", "mse"]
    container.update_state(np.zeros((2, 1)), model(np.ones((2, 2))))
    assert {m.name: float(m.result()) for m in container.metrics} == {"mae": 2.0, "mse": 4.0}
    assert model.get_metrics_result()["mae"] == pytest.approx(2.0)
    container.reset_state()
    assert [float(m.result()) for m in container.metrics] == [0.0, 0.0]


class _ReadsItsBatch(keras.Model):
    """keras.io's transformer ASR: its own step reads a dict batch, the targets among them."""

    def __init__(self) -> None:
        super().__init__()
        self.dense = keras.layers.Dense(1)
        self.loss_metric = keras.metrics.Mean(name="loss")

    def call(self, inputs: torch.Tensor) -> torch.Tensor:
        return self.dense(inputs)

    def train_step(self, batch: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        self.zero_grad()
        loss = self.compute_loss(None, batch["target"], self(batch["source"]))
        loss.backward()
        weights = self.trainable_variables
        with torch.no_grad():
            self.optimizer.apply([v.value.grad for v in weights], weights)
        self.loss_metric.update_state(loss)
        return {"loss": self.loss_metric.result()}


def test_an_own_step_reading_its_targets_from_dict_batches_gets_them_unchecked() -> None:
    rng = np.random.default_rng(0)
    data = {"source": rng.random((8, 3), dtype=np.float32), "target": rng.random((8, 1), dtype=np.float32)}

    class Batches(keras.utils.PyDataset):
        def __len__(self) -> int:
            return 2

        def __getitem__(self, index: int) -> dict[str, np.ndarray]:
            return {key: value[index * 4 : index * 4 + 4] for key, value in data.items()}

    histories, weights = [], []
    for feed in (data, Batches()):
        model = _ReadsItsBatch()
        model(data["source"][:1])
        model.set_weights([np.full((3, 1), 0.5, np.float32), np.zeros(1, np.float32)])
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
        histories.append(model.fit(feed, batch_size=4, epochs=2, shuffle=False, verbose=0).history)
        weights.append(model.get_weights())
    assert histories[0] == histories[1]
    for a, b in zip(*weights):
        np.testing.assert_array_equal(a, b)
