"""Keras's call context: a ``training=`` flag given to a call reaches every layer called inside
it without a flag of its own (a subclassed model whose ``call`` does not pass ``training`` on,
called as ``model(x, training=True)`` in a custom loop, trains its BatchNormalization, in Keras 3
and tf-keras alike: the numbers below were checked against both on the same data)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn.layers import BatchNormalization, Dense, Dropout

EPSILON = 1e-3  # BatchNormalization's


class Unpassed(keras.Model):
    """A call that takes ``training`` but hands it to none of its layers."""

    def __init__(self, inner_flag: bool | None = None) -> None:
        super().__init__()
        self.bn = BatchNormalization(center=False, scale=False)
        self.dense = Dense(1, kernel_initializer="ones")
        self.inner_flag = inner_flag

    def call(self, x: torch.Tensor, training: bool | None = None) -> torch.Tensor:
        if self.inner_flag is None:
            return self.dense(self.bn(x))
        return self.dense(self.bn(x, training=self.inner_flag))


def data() -> np.ndarray:
    return np.random.RandomState(0).rand(8, 3).astype("float32") * 5


def batch_normalised(x: np.ndarray) -> np.ndarray:
    """Dense(ones) of BatchNormalization on the batch's own statistics."""
    return ((x - x.mean(0)) / np.sqrt(x.var(0) + EPSILON)).sum(1, keepdims=True)


def moving_normalised(x: np.ndarray) -> np.ndarray:
    """The same on the initial moving statistics (mean 0, variance 1)."""
    return (x / np.sqrt(1.0 + EPSILON)).sum(1, keepdims=True)


def test_a_flag_given_to_the_model_reaches_the_layers_its_call_does_not_hand_it_to() -> None:
    x = data()
    model = Unpassed()
    got = model(x, training=True).detach().numpy()
    np.testing.assert_allclose(got, batch_normalised(x), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got[:3, 0], [0.14310825, -0.71137804, 1.5347319], atol=1e-5)  # Keras 3's
    assert float(model.bn.moving_mean.abs().sum()) > 0  # the moving statistics moved
    # without a flag, a direct call infers, as before (the context ended with the call)
    moved = model.bn.moving_mean.numpy(), model.bn.moving_variance.numpy()
    inferred = model.bn(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(inferred, (x - moved[0]) / np.sqrt(moved[1] + EPSILON), rtol=1e-5, atol=1e-5)


def test_a_layers_own_flag_wins_over_the_context() -> None:
    x = data()
    np.testing.assert_allclose(
        Unpassed(inner_flag=False)(x, training=True).detach().numpy(),
        moving_normalised(x),
        rtol=1e-5,
        atol=1e-5,
    )
    np.testing.assert_allclose(
        Unpassed(inner_flag=True)(x, training=False).detach().numpy(),
        batch_normalised(x),
        rtol=1e-5,
        atol=1e-5,
    )


def test_the_context_overrides_a_mode_set_by_hand_and_ends_with_the_call() -> None:
    x = data()
    model = Unpassed()
    model.train()  # every layer in training mode: a flag of False still infers inside
    np.testing.assert_allclose(
        model(x, training=False).detach().numpy(), moving_normalised(x), rtol=1e-5, atol=1e-5
    )
    np.testing.assert_allclose(model(x).detach().numpy(), batch_normalised(x), rtol=1e-5, atol=1e-5)


def test_dropout_inside_follows_the_flag_given_outside() -> None:
    class Dropping(keras.Model):
        def __init__(self) -> None:
            super().__init__()
            self.drop = Dropout(0.5)

        def call(self, x: torch.Tensor) -> torch.Tensor:  # takes no training: Keras drops the flag
            return self.drop(x)

    x = np.ones((64, 16), np.float32)
    model = Dropping()
    dropped = model(x, training=True).numpy()
    assert set(np.unique(dropped)) == {0.0, 2.0}
    np.testing.assert_array_equal(model(x, training=False).numpy(), x)
    np.testing.assert_array_equal(model(x).numpy(), x)


def test_the_context_belongs_to_its_thread() -> None:
    """A layer called on another thread while a training call runs here infers as before."""
    x = data()
    elsewhere: dict[str, np.ndarray] = {}
    other = BatchNormalization(center=False, scale=False)

    class Spawning(keras.Model):
        def call(self, inputs: torch.Tensor, training: bool | None = None) -> torch.Tensor:
            worker = threading.Thread(target=lambda: elsewhere.update(y=other(inputs).numpy()))
            worker.start()
            worker.join()
            return inputs

    Spawning()(x, training=True)
    np.testing.assert_allclose(elsewhere["y"], x / np.sqrt(1.0 + EPSILON), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("flag", [True, False])
def test_a_flag_given_by_position_sets_the_context_too(flag: bool) -> None:
    class Holding(keras.layers.Layer):
        def __init__(self) -> None:
            super().__init__()
            self.bn = BatchNormalization(center=False, scale=False)

        def call(self, inputs: torch.Tensor, training: bool | None = None) -> torch.Tensor:
            return self.bn(inputs)

    x = data()
    expected = batch_normalised(x) if flag else moving_normalised(x)
    got = Holding()(torch.from_numpy(x), flag).detach().numpy().sum(1, keepdims=True)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


class OwnStep(keras.Model):
    """A program's own train_step, calling the model as ``how`` says (keras.io's GANs call
    their discriminator without a flag)."""

    def __init__(self, how: str) -> None:
        super().__init__()
        self.inner = keras.Sequential(
            [BatchNormalization(center=False, scale=False), Dense(1, kernel_initializer="ones")]
        )
        self.how = how

    def call(self, x: torch.Tensor, training: bool | None = None) -> torch.Tensor:
        return self.inner(x, training=training)

    def train_step(self, data: tuple) -> dict:
        if self.how == "built-in":
            return super().train_step(data)
        x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
        self.zero_grad()
        y_pred = self(x, training=True) if self.how == "training=True" else self(x)
        loss = ((y_pred - y) ** 2).mean()
        loss.backward()
        self.optimizer.apply([w.value.grad for w in self.trainable_weights], self.trainable_weights)
        return {"loss": loss}


@pytest.mark.parametrize("how", ["no flag", "training=True", "built-in"])
@pytest.mark.parametrize("road", ["fit", "train_on_batch"])
def test_a_programs_train_step_trains_what_it_calls_with_training_true(how: str, road: str) -> None:
    """Keras 3 (torch backend) and tf-keras alike: a train_step's ``self(x)`` leaves the
    BatchNormalization inside on its moving statistics (its moving mean stays 0); with
    ``training=True``, or through Keras's own step, it trains."""
    x, y = data(), np.zeros((8, 1), np.float32)
    model = OwnStep(how)
    model.compile(optimizer="sgd", loss="mse")
    if road == "fit":
        model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    else:
        model.train_on_batch(x, y)
    moving_mean = model.inner.layers[0].moving_mean.numpy()
    if how == "no flag":
        np.testing.assert_array_equal(moving_mean, 0.0)
    else:  # Keras's: momentum 0.99 of 0, 0.01 of the batch mean
        np.testing.assert_allclose(moving_mean, 0.01 * x.mean(0), rtol=1e-5)


def test_torchs_own_modules_train_in_a_programs_train_step() -> None:
    """Keras's flag rule is for Keras's layers; a torch module inside follows its mode, which
    fit sets to training, as a PyTorch loop's model.train() would."""
    seen: list[tuple[bool, bool]] = []

    class Mixed(keras.Model):
        def __init__(self) -> None:
            super().__init__()
            self.torch_dropout = torch.nn.Dropout(0.5)
            self.dense = Dense(1)

        def call(self, x: torch.Tensor) -> torch.Tensor:
            return self.dense(self.torch_dropout(x))

        def train_step(self, data: tuple) -> dict:
            seen.append((self.torch_dropout.training, self.dense.training))
            return super().train_step(data)

    model = Mixed()
    model.compile(optimizer="sgd", loss="mse")
    model.fit(data(), np.zeros((8, 1), np.float32), epochs=1, batch_size=8, verbose=0)
    assert seen == [(True, False)]
    assert model.torch_dropout.training  # its own mode back
