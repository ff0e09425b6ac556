"""Losses that layers ``add_loss`` with one value per sample, against Keras 3
(tests/fixtures/added_losses, made by tools/keras_fixtures/added_losses.py): Keras adds each of
``model.losses`` to the training loss by its sum, so a CTC endpoint layer's ``(batch, 1)`` loss
(keras.io's captcha OCR) trains on the batch's sum; an integer added loss counts as a float."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import regularizers
from tests.fixture_scripts import fixture_script
from tests.layers.test_operations import weights

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "added_losses"
PROGRAM = fixture_script("added_losses")


@pytest.mark.parametrize("case", sorted(PROGRAM.CASES))  # Keras 3's cases
def test_fit_and_evaluate_add_each_added_loss_by_its_sum_as_keras(case: str) -> None:
    data = np.load(FIXTURES / f"{case}.npz")
    model = PROGRAM.CASES[case](srnn)  # the fixture script's own builder, statefulrnn as keras
    model.set_weights(weights("w", data))
    x, y = PROGRAM.data(case)
    validation = PROGRAM.first(x, slice(6, None)) if y is None else (x[6:], y[6:])
    history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, validation_data=validation, verbose=0)
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(history.history[key], data[f"history_{key}"], rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(x, y, batch_size=4, verbose=0), data["evaluate"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", data), strict=True):
        np.testing.assert_allclose(ours, keras, rtol=1e-5, atol=1e-6)


def test_under_tf_keras_rules_fit_reports_a_per_sample_loss_by_its_mean_and_trains_on_its_sum() -> None:
    """tf-keras (the fixture's ``endpoint_tf_keras``, its endpoint of ``K`` functions) trains on
    the same sum as Keras 3 but reports the per-sample values' mean."""
    data = np.load(FIXTURES / "endpoint_tf_keras.npz")
    srnn.config.set_keras_rules("tf_keras")
    try:
        model = PROGRAM.tf_keras_endpoint_model(srnn)
        model.set_weights(weights("w", data))
        x, _ = PROGRAM.data("endpoint_tf_keras")
        history = model.fit(
            x,
            batch_size=4,
            epochs=2,
            shuffle=False,
            validation_data=PROGRAM.first(x, slice(6, None)),
            verbose=0,
        )
        evaluated = model.evaluate(x, batch_size=4, verbose=0)
    finally:
        srnn.config.set_keras_rules("keras3")
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(history.history[key], data[f"history_{key}"], rtol=1e-5)
    np.testing.assert_allclose(evaluated, data["evaluate"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", data), strict=True):
        np.testing.assert_allclose(ours, keras, rtol=1e-5, atol=1e-6)


def test_batches_of_inputs_alone_train_the_endpoint_model_as_keras() -> None:
    """The OCR examples' data: a dataset (a ``keras.utils.Sequence`` here) of dicts of inputs,
    no targets, as Keras's ``unpack_x_y_sample_weight`` reads a batch; the same batches as the
    fixture's arrays (4, 4, 2 rows in order), so Keras's numbers."""
    data = np.load(FIXTURES / "endpoint.npz")
    model = PROGRAM.endpoint_model(srnn)
    model.set_weights(weights("w", data))
    x, _ = PROGRAM.data("endpoint")

    class Batches(srnn.utils.Sequence):
        def __init__(self, rows: slice) -> None:
            super().__init__()
            self.x = PROGRAM.first(x, rows)

        def __len__(self) -> int:
            return -(-len(self.x["features"]) // 4)

        def __getitem__(self, index: int) -> dict:
            return PROGRAM.first(self.x, slice(4 * index, 4 * index + 4))

    history = model.fit(
        Batches(slice(None)), validation_data=Batches(slice(6, None)), epochs=2, shuffle=False, verbose=0
    )
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(history.history[key], data[f"history_{key}"], rtol=1e-5)
    for ours, keras in zip(model.get_weights(), weights("after", data), strict=True):
        np.testing.assert_allclose(ours, keras, rtol=1e-5, atol=1e-6)


def test_model_losses_keep_their_shape_and_the_penalty_sums_them() -> None:
    """``model.losses`` are the added tensors as they are (Keras sums them only in
    ``compute_loss``); `regularizers.penalty` is their aggregated total."""
    model = PROGRAM.endpoint_model(srnn)
    x, _ = PROGRAM.data("endpoint")
    model.predict(x, batch_size=10, verbose=0)
    (added,) = model.losses
    assert tuple(added.shape) == (10, 1)
    assert float(regularizers.penalty(model)) == pytest.approx(float(added.sum()), rel=1e-6)


def test_an_integer_added_loss_counts_in_floatx() -> None:
    total = regularizers.aggregated(torch.tensor([[2], [3]], dtype=torch.int32))
    assert total.dtype == torch.float32 and float(total) == 5.0


def test_validation_data_of_inputs_alone_in_a_one_tuple_reads_as_keras_reads_it() -> None:
    """``validation_data=(x,)``: Keras's ``unpack_x_y_sample_weight`` reads a 1-tuple as inputs
    without targets (here a list, by input), the fixture's validation on the last 4 rows."""
    data = np.load(FIXTURES / "endpoint.npz")
    model = PROGRAM.endpoint_model(srnn)
    model.set_weights(weights("w", data))
    x, _ = PROGRAM.data("endpoint")
    last = PROGRAM.first(x, slice(6, None))
    validation = ([last["features"], last["targets"]],)  # the model's inputs, in order
    history = model.fit(x, None, batch_size=4, epochs=2, shuffle=False, validation_data=validation, verbose=0)
    np.testing.assert_allclose(history.history["val_loss"], data["history_val_loss"], rtol=1e-5)


def test_a_functional_model_adds_a_loss_made_of_its_symbolic_tensors_at_every_call() -> None:
    # Keras 2's variational autoencoder: vae.add_loss(K.mean(...)) of the model's own tensors, a
    # loss function called on them too, compile(optimizer) alone, fit on inputs alone.
    from statefulrnn import backend as K
    from statefulrnn.losses import binary_crossentropy

    inputs = srnn.Input(shape=(4,))
    outputs = srnn.layers.Dense(4, activation="sigmoid", kernel_initializer="ones")(inputs)
    model = srnn.Model(inputs, outputs)
    model.add_loss(K.mean(K.square(outputs - inputs)))
    model.add_loss(0.5 * K.mean(binary_crossentropy(inputs, outputs)))
    x = torch.linspace(0, 1, 8).reshape(2, 4)
    y = torch.sigmoid(x.sum(1, keepdim=True).expand(2, 4))
    expected = ((y - x) ** 2).mean() + 0.5 * torch.nn.functional.binary_cross_entropy(y, x)
    model(x)
    torch.testing.assert_close(sum(model.losses), expected)
    model(x[:1])  # each call's own values
    torch.testing.assert_close(model.losses[0], ((y[:1] - x[:1]) ** 2).mean())
    model.compile(optimizer="sgd")
    assert model.train_on_batch(x.numpy()) == pytest.approx(float(expected), rel=1e-6)
    assert not np.allclose(model.get_weights()[0], 1.0)  # trained on it
    other = srnn.Input(shape=(4,))
    with pytest.raises(ValueError, match="not among the model's inputs"):
        model.add_loss(K.mean(other))
    assert len(model.losses) == 2  # the refused one left nothing behind


def test_a_functional_model_logs_a_metric_made_of_its_symbolic_tensors_as_tf_keras() -> None:
    # The TF guide to training and evaluation: model.add_metric(K.std(x1), name=...,
    # aggregation="mean") beside model.add_loss(K.sum(x1) * 0.1); tf-keras 2.21 logs
    # std_of_activation 1.1180340 for these numbers (and loss 45.140625).
    from statefulrnn import backend as K

    inputs = srnn.Input(shape=(4,))
    x1 = srnn.layers.Dense(3, kernel_initializer="ones", activation="relu")(inputs)
    model = srnn.Model(inputs, srnn.layers.Dense(2, kernel_initializer="ones")(x1))
    model.add_loss(K.sum(x1) * 0.1)
    model.add_metric(K.std(x1), name="std_of_activation", aggregation="mean")
    model.compile(optimizer="sgd", loss="mse")
    x = np.arange(16, dtype="float32").reshape(4, 4) / 16
    logs = model.evaluate(x, np.zeros((4, 2)), verbose=0, return_dict=True)
    activations = np.maximum(x @ np.ones((4, 3), np.float32), 0)
    assert logs["std_of_activation"] == pytest.approx(float(activations.std()), rel=1e-6)
    assert logs["loss"] == pytest.approx(45.140625, rel=1e-6)
    history = model.fit(x, np.zeros((4, 2)), batch_size=2, epochs=1, verbose=0).history
    assert list(history) == ["loss", "std_of_activation"]
    with pytest.raises(ValueError, match="needs a name"):
        model.add_metric(K.std(x1))
    with pytest.raises(ValueError, match="not among the model's inputs"):
        model.add_metric(K.mean(srnn.Input(shape=(4,))), name="other")
    with pytest.raises(NotImplementedError, match="a functional model's add_metric takes one"):
        srnn.layers.Dense(2).add_metric(K.std(x1), name="in_a_layer")
