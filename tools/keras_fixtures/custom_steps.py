"""Record Keras 3's own-step programs on its torch backend: models whose class defines
``train_step``, ``test_step`` or ``predict_step`` (keras.io's "Customizing what happens in fit()
with PyTorch": ``compute_loss``, ``v.value.grad``, ``optimizer.apply``, ``self.metrics``; its
lower-level variant with its own trackers and no compiled loss; sample weights; a custom
``test_step``), an LSTM trained by its own step through ``super().train_step``, a
``predict_step``, the on-batch methods and ``fit(x)`` without targets; a model that defines
``compute_loss`` and ``compute_metrics`` for the built-in steps to call (keras.io's knowledge
distiller); and keras.io's "Writing a training loop from scratch in PyTorch" (``v.value.grad``,
``optimizer.apply``, metrics by hand, ``model.losses``, DataLoaders).

Run in the Keras venv (Keras 3.15.1; the torch backend, whose numbers these programs' PyTorch
code is written for):
    KERAS_BACKEND=torch $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/custom_steps.py
Writes tests/fixtures/custom_steps/<program>.npz: each result of `PROGRAMS`'s functions (run by
tests/training/test_custom_steps.py with statefulrnn as ``keras``) as arrays, histories by key.
Every model starts from weights drawn here (`starting_weights`), not from an initializer.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "custom_steps"


def data(rows: int, features: int, outputs: int = 1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, features)).astype("float32")
    return x, (x[:, :outputs] * 0.5 + rng.normal(size=(rows, outputs)) * 0.1).astype("float32")


def starting_weights(model: Any, seed: int = 1) -> None:
    """Set every weight of ``model`` to normal draws (scaled), the same on both sides."""
    rng = np.random.default_rng(seed)
    model.set_weights([(rng.normal(size=w.shape) * 0.3).astype("float32") for w in model.get_weights()])


def history(fitted: Any) -> dict[str, np.ndarray]:
    return {f"history_{key}": np.asarray(values, dtype=np.float64) for key, values in fitted.history.items()}


def weights(model: Any) -> dict[str, np.ndarray]:
    return {f"w{i}": np.asarray(w) for i, w in enumerate(model.get_weights())}


def guide_compute_loss(keras: Any, torch: Any) -> dict[str, np.ndarray]:
    """The guide's first model: compute_loss, v.value.grad, optimizer.apply, self.metrics."""

    class CustomModel(keras.Model):
        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            loss.backward()
            trainable_weights = [v for v in self.trainable_weights]
            gradients = [v.value.grad for v in trainable_weights]
            with torch.no_grad():
                self.optimizer.apply(gradients, trainable_weights)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    inputs = keras.Input(shape=(4,))
    model = CustomModel(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    starting_weights(model)
    x, y = data(16, 4)
    fitted = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    evaluated = model.evaluate(x, y, batch_size=8, verbose=0)
    return {**history(fitted), **weights(model), "evaluate": np.asarray(evaluated)}


def guide_own_metrics(keras: Any, torch: Any) -> dict[str, np.ndarray]:
    """The guide's lower-level model: its own trackers, a metrics property, no compiled loss."""

    class CustomModel(keras.Model):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.loss_tracker = keras.metrics.Mean(name="loss")
            self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")
            self.loss_fn = keras.losses.MeanSquaredError()

        def train_step(self, data):
            x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.loss_fn(y, y_pred)
            loss.backward()
            trainable_weights = [v for v in self.trainable_weights]
            gradients = [v.value.grad for v in trainable_weights]
            with torch.no_grad():
                self.optimizer.apply(gradients, trainable_weights)
            self.loss_tracker.update_state(loss)
            self.mae_metric.update_state(y, y_pred)
            return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

        @property
        def metrics(self):
            return [self.loss_tracker, self.mae_metric]

    inputs = keras.Input(shape=(4,))
    model = CustomModel(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer="adam")
    starting_weights(model)
    x, y = data(16, 4)
    fitted = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
    return {**history(fitted), **weights(model)}


def guide_sample_weight(keras: Any, torch: Any) -> dict[str, np.ndarray]:
    """The guide's sample-weighted step (data of three), and its own test_step."""

    class CustomModel(keras.Model):
        def train_step(self, data):
            if len(data) == 3:
                x, y, sample_weight = data
            else:
                sample_weight = None
                x, y = data
            self.zero_grad()
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)
            loss.backward()
            trainable_weights = [v for v in self.trainable_weights]
            gradients = [v.value.grad for v in trainable_weights]
            with torch.no_grad():
                self.optimizer.apply(gradients, trainable_weights)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred, sample_weight=sample_weight)
            return {m.name: m.result() for m in self.metrics}

        def test_step(self, data):
            x, y = data
            y_pred = self(x, training=False)
            loss = self.compute_loss(y=y, y_pred=y_pred)
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}

    inputs = keras.Input(shape=(4,))
    model = CustomModel(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    starting_weights(model)
    x, y = data(16, 4)
    sw = np.random.default_rng(2).random((16, 1)).astype("float32")
    validation = (x[:8], y[:8])
    fitted = model.fit(
        x, y, sample_weight=sw, epochs=2, batch_size=4, shuffle=False, verbose=0, validation_data=validation
    )
    as_list = model.evaluate(x, y, batch_size=4, verbose=0)
    as_dict = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    return {
        **history(fitted),
        **weights(model),
        "evaluate": np.asarray(as_list),
        **{f"evaluate_{key}": np.asarray(value) for key, value in as_dict.items()},
    }


def super_step(keras: Any, torch: Any) -> dict[str, np.ndarray]:
    """An LSTM whose own step counts its batches and calls the built-in step through
    ``super()``; a predict_step doubles the outputs. (Not stateful: Keras 3.15.1's torch backend
    cannot train a stateful LSTM, its state written in place into the graph: "one of the
    variables needed for gradient computation has been modified by an inplace operation".)"""

    class Counted(keras.Sequential):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.batches = keras.metrics.Sum(name="batches")

        def train_step(self, data):
            self.batches.update_state(1.0)
            logs = super().train_step(data)
            return {**logs, "batches": self.batches.result()}

        def predict_step(self, data):
            return super().predict_step(data) * 2.0

    model = Counted(
        [
            keras.Input(shape=(5, 2)),
            keras.layers.LSTM(3, return_sequences=True),
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    starting_weights(model)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4, 5, 2)).astype("float32")
    y = (np.cumsum(x[..., :1], axis=1) * 0.3).astype("float32")
    fitted = model.fit(x, y, epochs=2, batch_size=2, shuffle=False, verbose=0)
    predicted = model.predict(x, batch_size=2, verbose=0)
    on_batch = model.predict_on_batch(x[:2])
    return {**history(fitted), **weights(model), "predicted": predicted, "on_batch": on_batch}


def on_batch_and_no_targets(keras: Any, torch: Any) -> dict[str, np.ndarray]:
    """train_on_batch / test_on_batch hand a step (x, y, None); fit(x) alone hands it x (an
    autoencoder's step, its own loss against its input)."""

    class AutoEncoder(keras.Model):
        def train_step(self, data):
            x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
            target = x if y is None else y
            self.zero_grad()
            loss = keras.losses.MeanSquaredError()(target, self(x, training=True))
            loss.backward()
            grads = [v.value.grad for v in self.trainable_weights]
            with torch.no_grad():
                self.optimizer.apply(grads, self.trainable_weights)
            self.metrics[0].update_state(loss)
            return {"loss": self.metrics[0].result(), "passes": torch.tensor(float(len(data)))}

        def test_step(self, data):
            x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
            loss = keras.losses.MeanSquaredError()(x if y is None else y, self(x, training=False))
            self.metrics[0].update_state(loss)
            return {"loss": self.metrics[0].result()}

    inputs = keras.Input(shape=(3,))
    model = AutoEncoder(inputs, keras.layers.Dense(3)(keras.layers.Dense(2, activation="tanh")(inputs)))
    model.compile(optimizer="sgd")  # with a loss, Keras's symbolic build computes it without y, and fails
    starting_weights(model)
    x, _ = data(8, 3)
    fitted = model.fit(x, epochs=2, batch_size=4, shuffle=False, verbose=0)
    trained = model.train_on_batch(x, x)
    tested = model.test_on_batch(x, x, return_dict=True)
    results = {"train_on_batch": np.asarray(trained), "test_loss": tested["loss"]}
    return {**history(fitted), **weights(model), **results}


def guide_custom_loop(keras: Any, torch: Any) -> dict[str, np.ndarray]:
    """keras.io's "Writing a training loop from scratch in PyTorch": a torch optimizer and loss,
    then Keras's Adam applied to ``v.value.grad``, CategoricalAccuracy updated and reset by
    hand, and a layer's ``add_loss`` summed from ``model.losses``, over DataLoaders."""

    class ActivityRegularizationLayer(keras.layers.Layer):
        def call(self, inputs):
            self.add_loss(1e-2 * torch.sum(inputs))
            return inputs

    def get_model(regularized: bool) -> Any:
        inputs = keras.Input(shape=(12,), name="digits")
        x = keras.layers.Dense(8, activation="relu")(inputs)
        if regularized:
            x = ActivityRegularizationLayer()(x)
        x = keras.layers.Dense(8, activation="relu")(x)
        model = keras.Model(inputs=inputs, outputs=keras.layers.Dense(4, name="predictions")(x))
        starting_weights(model, seed=4)
        return model

    rng = np.random.default_rng(5)
    x = rng.normal(size=(48, 12)).astype("float32")
    y = keras.utils.to_categorical(rng.integers(0, 4, size=48), 4).astype("float32")
    train = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(x[:32]), torch.from_numpy(y[:32])), batch_size=8
    )
    val = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(x[32:]), torch.from_numpy(y[32:])), batch_size=8
    )
    results: dict[str, Any] = {}

    model = get_model(False)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    losses = []
    for _ in range(2):
        for inputs, targets in train:
            loss = loss_fn(model(inputs), targets)
            model.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(float(loss.detach().numpy()))
    results["torch_losses"] = np.asarray(losses)
    results.update({f"torch_w{i}": w for i, w in enumerate(model.get_weights())})

    for regularized in (False, True):
        model = get_model(regularized)
        optimizer = keras.optimizers.Adam(learning_rate=1e-3)
        loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)
        train_acc_metric, val_acc_metric = (
            keras.metrics.CategoricalAccuracy(),
            keras.metrics.CategoricalAccuracy(),
        )
        losses, accuracies = [], []
        for _ in range(2):
            for inputs, targets in train:
                logits = model(inputs)
                loss = loss_fn(targets, logits)
                if model.losses:
                    loss = loss + torch.sum(*model.losses)
                model.zero_grad()
                trainable_weights = [v for v in model.trainable_weights]
                loss.backward()
                gradients = [v.value.grad for v in trainable_weights]
                with torch.no_grad():
                    optimizer.apply(gradients, trainable_weights)
                train_acc_metric.update_state(targets, logits)
                losses.append(float(loss.detach().numpy()))
            accuracies.append(float(train_acc_metric.result()))
            train_acc_metric.reset_state()
            for x_batch_val, y_batch_val in val:
                val_acc_metric.update_state(y_batch_val, model(x_batch_val, training=False))
            accuracies.append(float(val_acc_metric.result()))
            val_acc_metric.reset_state()
        name = "regularized" if regularized else "keras"
        results[f"{name}_losses"], results[f"{name}_accuracies"] = np.asarray(losses), np.asarray(accuracies)
        results.update({f"{name}_w{i}": w for i, w in enumerate(model.get_weights())})
    return results


def loss_hooks(keras: Any, torch: Any) -> dict[str, np.ndarray]:
    """keras.io's knowledge distiller's pattern: a model holding a built teacher and student
    (its weights set before its first call) whose own ``compute_loss`` (taking ``training``)
    and ``compute_metrics`` the built-in train and test steps call; fit with validation, then
    evaluate and the on-batch methods."""

    class Distiller(keras.Model):
        def __init__(self, student, teacher):
            super().__init__()
            self.student, self.teacher = student, teacher
            self.trainings = []

        def call(self, x):
            return self.student(x)

        def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
            self.trainings.append(bool(training))
            taught = self.teacher(x, training=False)
            student_loss = keras.ops.mean(keras.ops.square(keras.ops.subtract(y_pred, y)))
            return 0.3 * student_loss + 0.7 * keras.ops.mean(
                keras.ops.square(keras.ops.subtract(y_pred, taught))
            )

        def compute_metrics(self, x, y, y_pred, sample_weight=None):
            logs = super().compute_metrics(x, y, y_pred, sample_weight)
            return {**logs, "gap": keras.ops.max(keras.ops.abs(keras.ops.subtract(y_pred, y)))}

    def dense_model(units: int) -> Any:
        return keras.Sequential(
            [keras.Input(shape=(3,)), keras.layers.Dense(units, activation="tanh"), keras.layers.Dense(1)]
        )

    x, y = data(24, 3, seed=4)
    distiller = Distiller(dense_model(4), dense_model(6))
    starting_weights(distiller, seed=5)  # not called yet: its teacher's and student's weights
    distiller.compile(optimizer=keras.optimizers.Adam(0.05), metrics=["mae"])
    fitted = distiller.fit(
        x[:16], y[:16], batch_size=8, epochs=2, validation_data=(x[16:], y[16:]), shuffle=False, verbose=0
    )
    results = history(fitted) | weights(distiller)
    results["evaluate"] = np.asarray(distiller.evaluate(x, y, batch_size=8, verbose=0), np.float64)
    results["train_on_batch"] = np.asarray(distiller.train_on_batch(x[:8], y[:8]), np.float64)
    results["test_on_batch"] = np.asarray(distiller.test_on_batch(x[8:], y[8:]), np.float64)
    results["trainings"] = np.asarray(distiller.trainings)
    return results


PROGRAMS = {
    "loss_hooks": loss_hooks,
    "guide_compute_loss": guide_compute_loss,
    "guide_own_metrics": guide_own_metrics,
    "guide_sample_weight": guide_sample_weight,
    "super_step": super_step,
    "on_batch_and_no_targets": on_batch_and_no_targets,
    "guide_custom_loop": guide_custom_loop,
}


def main() -> None:
    if os.environ.get("KERAS_BACKEND") != "torch":
        raise SystemExit("Run with KERAS_BACKEND=torch: the programs are written for Keras's torch backend.")
    import keras
    import torch

    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, program in PROGRAMS.items():
        np.savez(OUT / f"{name}.npz", **program(keras, torch))
    backend = keras.backend.backend()
    print(f"wrote {len(PROGRAMS)} programs to {OUT} with Keras {keras.__version__} on {backend}")


if __name__ == "__main__":
    main()
