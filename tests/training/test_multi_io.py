"""fit / evaluate / predict / train_on_batch with several inputs and outputs, against Keras 3.

The fixtures (tests/fixtures/fit_api, made by tools/keras_fixtures/fit_api.py) hold what Keras
3.15.1 logged, returned and ended with for a two-input, two-output functional model with a
stateful LSTM, given lists and dicts; the same calls run here (see fit_api_harness).
"""

from __future__ import annotations

import numpy as np
import pytest

from statefulrnn import (
    GRU,
    LSTM,
    Dense,
    Input,
    Model,
    callbacks,
    losses,
    optimizers,
    use_fused_kernels,
    utils,
)

from . import fit_api_harness as harness

API = harness.Api(
    Input=Input, Model=Model, LSTM=LSTM, GRU=GRU, Dense=Dense, LambdaCallback=callbacks.LambdaCallback,
    optimizer=lambda: optimizers.SGD(learning_rate=0.1),
)  # fmt: skip
CASES = ["two_io_lists", "two_io_dicts", "two_io_one_loss"]


@pytest.mark.parametrize("fused", [True, False], ids=["fused", "generic"])
@pytest.mark.parametrize("name", CASES)
def test_matches_keras(name: str, fused: bool) -> None:
    with use_fused_kernels(fused):
        harness.check(name, API)


def _two_io(**compile_args: object) -> Model:
    model = harness.build("two_io", API)
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), **compile_args)
    return model


def _data(rows: int = 8) -> tuple[list[np.ndarray], list[np.ndarray]]:
    rng = np.random.default_rng(1)
    x = [rng.normal(size=(rows, 5, 2)).astype(np.float32), rng.normal(size=(rows, 3)).astype(np.float32)]
    y = [rng.normal(size=(rows, 1)).astype(np.float32), rng.integers(0, 3, size=rows)]
    return x, y


LOSSES = ["mse", "sparse_categorical_crossentropy"]


def test_lists_dicts_and_tuples_give_the_same_numbers() -> None:
    x, y = _data()
    initial = harness.weights_of(_two_io(loss="mse"), "init")
    results = []
    for xs, ys in (
        (x, y),
        (tuple(x), tuple(y)),
        ({"aux_in": x[1], "seq_in": x[0]}, {"label": y[1], "value": y[0]}),
    ):
        model = _two_io(loss=LOSSES, metrics={"label": "accuracy"})
        harness.set_initial_weights(model, initial)
        results.append(model.evaluate(xs, ys, verbose=0, return_dict=True))
    assert results[0] == results[1] == results[2]
    assert list(results[0]) == ["label_accuracy", "label_loss", "loss", "value_loss"]  # Keras 3 sorts them


def test_predict_takes_lists_and_dicts() -> None:
    model = _two_io(loss="mse")
    x, _ = _data()
    by_list = model.predict(x, verbose=0)
    model.reset_states()  # stateful: each call goes on from the last
    by_dict = model.predict({"seq_in": x[0], "aux_in": x[1], "unused": x[1]}, verbose=0)  # extras ignored
    assert [p.shape for p in by_list] == [(8, 1), (8, 3)]
    for a, b in zip(by_list, by_dict):
        np.testing.assert_array_equal(a, b)
    model.reset_states()
    np.testing.assert_array_equal(model.predict_on_batch([x[0][:4], x[1][:4]])[0], by_list[0][:4])
    assert len(model.predict(x, steps=1, verbose=0)[0]) == 4


def test_an_output_without_loss_needs_no_target() -> None:
    model = _two_io(loss=["mse", None])
    x, y = _data()
    logs = model.evaluate(x, {"value": y[0]}, verbose=0, return_dict=True)
    assert list(logs) == ["loss"]
    history = model.fit(x, [y[0], None], verbose=0, epochs=1)
    assert list(history.history) == ["loss"]
    with pytest.raises(ValueError, match=r"has no target for output 'value', which has a loss"):
        model.evaluate(x, {"label": y[1]}, verbose=0)


def test_loss_weights_weigh_the_total() -> None:
    x, y = _data()
    plain = _two_io(loss=LOSSES)
    weighted = _two_io(loss=LOSSES, loss_weights={"label": 0.25})  # left out: 1
    weighted.set_weights(plain.get_weights())
    logs = plain.evaluate(x, y, verbose=0, return_dict=True)
    total = weighted.evaluate(x, y, verbose=0, return_dict=True)["loss"]
    assert total == pytest.approx(logs["value_loss"] + 0.25 * logs["label_loss"], rel=1e-6)


def test_compute_loss_of_several_outputs_is_the_compiled_total() -> None:
    model = _two_io(loss=LOSSES, loss_weights=[2.0, 0.5])
    x, y = _data(4)
    loss = model.compute_loss(x, y, model(x))
    assert loss.requires_grad
    model.reset_states()
    assert loss.item() == pytest.approx(model.test_on_batch(x, y)[0], rel=1e-5)  # [loss, value_loss, ...]


def test_compile_refuses_what_does_not_fit_the_outputs() -> None:
    with pytest.raises(ValueError, match=r"loss is a list, so it needs one entry per output: 2 for"):
        _two_io(loss=["mse"])
    with pytest.raises(ValueError, match=r"loss is a dict by output name, so its keys must be"):
        _two_io(loss={"values": "mse"})  # no such output
    with pytest.raises(ValueError, match=r"loss_weights is one number, but the model has 2 outputs"):
        _two_io(loss="mse", loss_weights=0.5)
    with pytest.raises(ValueError, match=r"metrics must be a list with one entry per output .* Received"):
        _two_io(loss="mse", metrics=["mae"])
    with pytest.raises(ValueError, match=r"metrics is a dict by output name, so its keys must be"):
        _two_io(loss="mse", metrics={"labels": "accuracy"})
    with pytest.raises(ValueError, match=r"gives no output a loss"):
        _two_io(loss=[None, None])


def test_a_loss_dict_leaving_an_output_out_is_refused_when_the_losses_are_computed() -> None:
    """As Keras's CompileLoss.build: compile takes it (keras.io's guide to the built-in
    training methods compiles so, then compiles again before fitting), the first fit or
    evaluate refuses it, and nothing has changed."""
    model = _two_io(loss={"value": "mse"})
    x, y = _data()
    before = [w.copy() for w in model.get_weights()]
    message = r"loss is a dict by output name, so its keys must be .*'value', 'label'.* \(use None"
    for run in (lambda: model.fit(x, y, verbose=0), lambda: model.evaluate(x, y, verbose=0)):
        with pytest.raises(ValueError, match=message):
            run()
    for now, then in zip(model.get_weights(), before, strict=True):
        np.testing.assert_array_equal(now, then)
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss={"value": "mse", "label": None})
    model.fit(x, y, verbose=0)  # None: an output with no loss


def test_data_that_does_not_fit_is_named_and_changes_nothing() -> None:
    model = _two_io(loss=LOSSES)
    x, y = _data()
    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(ValueError, match=r"2 outputs \['value', 'label'\], so fit's y must be a list of 2"):
        model.fit(x, y[0], verbose=0)
    with pytest.raises(ValueError, match=r"fit's y must be a list of 2 arrays .* Received: a list of 3"):
        model.fit(x, [*y, y[0]], verbose=0)
    with pytest.raises(ValueError, match=r"fit's y is a dict keyed by name, so its keys must be among"):
        model.fit(x, {"value": y[0], "labels": y[1]}, verbose=0)
    with pytest.raises(ValueError, match=r"fit's x is a dict keyed by name, so its keys must be among"):
        model.fit({"seq_in": x[0]}, y, verbose=0)
    with pytest.raises(ValueError, match=r"fit got x\[0\] with 8 samples and y\[1\] with 4"):
        model.fit(x, [y[0], y[1][:4]], verbose=0)
    with pytest.raises(
        ValueError, match=r"output 'label' of shape \(4, 3\), so y\['label'\] must have shape"
    ):
        model.fit(x, [y[0], np.zeros((8, 2))], verbose=0)
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


def test_validation_split_splits_every_input_and_output() -> None:
    model = _two_io(loss=LOSSES)
    x, y = _data(16)
    history = model.fit(x, y, validation_split=0.25, epochs=1, verbose=0)
    assert set(history.history) == {
        "loss",
        "value_loss",
        "label_loss",
        "val_loss",
        "val_value_loss",
        "val_label_loss",
    }
    model.reset_states()
    expected = model.evaluate([a[12:] for a in x], [a[12:] for a in y], verbose=0)
    assert isinstance(expected, list) and len(expected) == 3


class _ReadsDict(Model):
    """A subclassed model whose call reads its inputs by key (keras.io's multi-input examples)."""

    def __init__(self) -> None:
        super().__init__()
        self.lstm = LSTM(3, stateful=True, return_sequences=True)
        self.head = Dense(1)

    def call(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        return self.head(self.lstm(inputs["steps"]) + inputs["extra"])


class _ReadsList(_ReadsDict):
    def call(self, inputs: list[np.ndarray]) -> np.ndarray:
        steps, extra = inputs
        return self.head(self.lstm(steps) + extra)


class _OwnSteps(_ReadsDict):
    """Keras hands a model's own steps the dict too."""

    def train_step(self, data: tuple[dict[str, np.ndarray], np.ndarray]) -> dict[str, float]:
        assert isinstance(data[0], dict) and sorted(data[0]) == ["extra", "steps"]
        return super().train_step(data)

    def predict_step(self, data: tuple[dict[str, np.ndarray]]) -> np.ndarray:
        x, _, _ = utils.unpack_x_y_sample_weight(data)
        assert isinstance(x, dict)
        return self(x)


@pytest.mark.parametrize("model_class", [_ReadsDict, _OwnSteps])
def test_a_subclassed_model_is_called_on_the_dict_it_was_given(model_class: type) -> None:
    # Keras 3.15 hands fit's, evaluate's and predict's dict x to such a model's call as it is;
    # the same training on a twin that reads a list gives the same numbers in every loop.
    rng = np.random.default_rng(0)
    steps, extra = rng.normal(size=(8, 6, 2)).astype("float32"), rng.normal(size=(8, 6, 3)).astype("float32")
    y = rng.normal(size=(8, 6, 1)).astype("float32")
    x = {"steps": steps, "extra": extra}
    by_key, by_list = model_class(), _ReadsList()
    by_key({"steps": steps[:4], "extra": extra[:4]}), by_list([steps[:4], extra[:4]])  # stateful, 4 rows
    by_list.set_weights(by_key.get_weights())
    first = {"steps": steps[:4], "extra": extra[:4]}
    for model, data, batch in ((by_key, x, first), (by_list, [steps, extra], [steps[:4], extra[:4]])):
        model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss="mse")
        model.fit(data, y, batch_size=4, epochs=2, shuffle=False, verbose=0, chunk_length=3)
        model.train_on_batch(batch, y[:4])
        model.reset_states()
    for a, b in zip(by_key.get_weights(), by_list.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    assert by_key.evaluate(x, y, batch_size=4, verbose=0) == pytest.approx(
        by_list.evaluate([steps, extra], y, batch_size=4, verbose=0), rel=1e-6
    )
    by_key.reset_states(), by_list.reset_states()
    np.testing.assert_allclose(
        by_key.predict(x, batch_size=4, verbose=0),
        by_list.predict([steps, extra], batch_size=4, verbose=0),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        by_key.predict_on_batch(first), by_list.predict_on_batch(list(first.values())), rtol=1e-6
    )


def test_one_target_array_goes_to_the_one_output_with_a_loss() -> None:
    # keras.io's miniature GPT compiles loss=[loss, None] and fits one y: Keras 3 pairs it with
    # the output that has the loss (checked there: the same history as here, to 1e-7).
    def fitted(y: object) -> tuple[dict[str, list[float]], list[np.ndarray]]:
        inputs = Input(shape=(4,))
        hidden = Dense(3, kernel_initializer="ones", name="hidden")(inputs)
        model = Model(inputs, [Dense(5, kernel_initializer="ones", name="logits")(hidden), hidden])
        loss = losses.SparseCategoricalCrossentropy(from_logits=True)
        model.compile(optimizers.SGD(0.1), loss=[loss, None], metrics=[["accuracy"], None])
        history = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0).history
        return history, model.get_weights()

    x = np.random.default_rng(0).random((8, 4), dtype=np.float32)
    y = np.arange(8) % 5
    history, weights = fitted(y)
    by_name, named_weights = fitted({"logits": y})
    assert history == by_name and sorted(history) == ["logits_accuracy", "loss"]
    for a, b in zip(weights, named_weights):
        np.testing.assert_array_equal(a, b)
