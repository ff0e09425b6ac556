"""fit / evaluate / predict behaviour beyond the Keras fixtures."""

from __future__ import annotations

import copy
import resource

import numpy as np
import pytest
import torch

from statefulrnn import GRU, LSTM, Dense, Sequential, callbacks, optimizers


def _stateful(batch: int = 2, features: int = 3, return_sequences: bool = False) -> Sequential:
    torch.manual_seed(0)
    model = Sequential(
        [
            GRU(
                4,
                stateful=True,
                return_sequences=return_sequences,
                batch_input_shape=(batch, None, features),
                name="gru",
            ),
            Dense(1),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    return model


def _data(rows: int, steps: int = 5, features: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, steps, features)).astype(np.float32)
    return x, x.sum(axis=(1, 2))[:, None] / 10


def test_fit_learns_and_returns_history() -> None:
    torch.manual_seed(0)
    model = Sequential([LSTM(8, input_shape=(None, 3)), Dense(1)])
    model.compile(optimizer=optimizers.Adam(learning_rate=0.01), loss="mse", metrics=["mae"])
    x, y = _data(64)
    history = model.fit(x, y, batch_size=16, epochs=15, verbose=0)
    assert set(history.history) == {"loss", "mae"}
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    loss, _ = model.evaluate(x, y, verbose=0)
    assert loss == pytest.approx(model.evaluate(x, y, verbose=0, return_dict=True)["loss"])
    assert model.predict(x, verbose=0).shape == (64, 1)


def test_stateful_rules_are_explained() -> None:
    model = _stateful()
    x, y = _data(4)
    with pytest.raises(ValueError, match=r"shuffle=True\) would break a stateful model's sequences"):
        model.fit(x, y, shuffle=True, verbose=0)
    with pytest.raises(ValueError, match=r"got batch_size=4, but the model is stateful with batch size 2"):
        model.fit(x, y, batch_size=4, verbose=0)
    x5, y5 = _data(5)
    with pytest.raises(
        ValueError, match=r"got 5 samples, which batches of 2 .* do not divide: 2 full batches and 1"
    ):
        model.fit(x5, y5, verbose=0)
    with pytest.raises(ValueError, match=r"y must have shape \(2, 1\) \(or .*\)\. Received: y of shape"):
        model.fit(x, np.zeros((4, 3, 2)), verbose=0)
    with pytest.raises(RuntimeError, match=r"must be compiled before fit"):
        Sequential([GRU(2, input_shape=(None, 1))]).fit(x, y)


def test_validation_continues_from_the_training_state_and_leaves_its_own() -> None:
    # Keras's fit: validation is evaluate from the state training reached, and the state stays
    # where validation ended (the Keras numbers: tests/keras_programs' keras_guide_stacked_stateful).
    model = _stateful()
    x, y = _data(4)
    validation = _data(6, seed=1)
    history = model.fit(x, y, epochs=1, verbose=0, validation_data=validation)
    twin = _stateful()
    twin.fit(x, y, epochs=1, verbose=0)
    trained = {name: [s.clone() for s in states] for name, states in twin.get_states().items()}
    assert float(trained["gru"][0].abs().sum()) > 0  # the state was carried, not reset
    assert history.history["val_loss"] == [pytest.approx(twin.evaluate(*validation, verbose=0))]
    for name, states in twin.get_states().items():
        torch.testing.assert_close(model.get_states()[name][0], states[0])
        assert not torch.equal(states[0], trained[name][0])


def test_state_reset_policy() -> None:
    model = _stateful()
    x, y = _data(2)
    seen: list[float] = []
    probe = callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: seen.append(float(model.get_states()["gru"][0].abs().sum()))
    )
    model.fit(x, y, epochs=2, verbose=0, callbacks=[probe], state_reset="epoch")
    assert seen == [0.0, 0.0]
    seen.clear()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[probe])
    assert seen[1] > 0  # never reset: epoch 2 continues epoch 1's state, as in Keras


def _snapshot(model: Sequential) -> tuple:
    return (
        [w.copy() for w in model.get_weights()],
        copy.deepcopy(model.optimizer.state_dict()),
        {k: [s.clone() for s in v] for k, v in model.get_states().items()},
    )


def _assert_same(a: tuple, b: tuple) -> None:
    for w1, w2 in zip(a[0], b[0], strict=True):
        np.testing.assert_array_equal(w1, w2)
    assert str(a[1]) == str(b[1])
    for key in a[2]:
        for s1, s2 in zip(a[2][key], b[2][key], strict=True):
            assert torch.equal(s1, s2)


@pytest.mark.parametrize(
    ("bad_batch", "message"),
    [
        ((np.zeros((3, 5, 3), np.float32), np.zeros((3, 1), np.float32)), r"stateful with batch size 2"),
        ((np.zeros((2, 5, 4), np.float32), np.zeros((2, 1), np.float32)), r"built for 3 input features"),
        ((np.zeros((2, 5, 3), np.float32), np.zeros((2, 2, 2), np.float32)), r"y must have shape \(2, 1\)"),
    ],
    ids=["batch-size", "features", "targets"],
)
def test_rejected_batch_mid_fit_changes_nothing(bad_batch: tuple, message: str) -> None:
    model = _stateful()
    x, y = _data(6)
    good = [(x[i : i + 2], y[i : i + 2]) for i in range(0, 6, 2)]
    snapshots: list[tuple] = []
    recorder = callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: snapshots.append(_snapshot(model))
    )
    with pytest.raises(ValueError, match=message):
        model.fit([*good[:2], bad_batch, good[2]], verbose=0, callbacks=[recorder])
    assert len(snapshots) == 2
    _assert_same(_snapshot(model), snapshots[-1])


def test_chunked_tbptt_equals_manual_chunk_loop() -> None:
    """fit(chunk_length=k) is exactly the hand-written loop: reset, then one step per chunk."""
    x = np.random.default_rng(0).normal(size=(2, 30, 3)).astype(np.float32)
    y = np.cumsum(x, axis=1)[..., :1] / 10
    automatic, manual = _stateful(return_sequences=True), _stateful(return_sequences=True)
    manual.set_weights(automatic.get_weights())
    history = automatic.fit(x, y, chunk_length=7, epochs=1, verbose=0)
    manual.reset_states()
    losses = [manual.train_on_batch(x[:, t : t + 7], y[:, t : t + 7]) for t in range(0, 30, 7)]
    for ours, theirs in zip(automatic.get_weights(), manual.get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)
    assert history.history["loss"][0] == pytest.approx(np.mean(losses), rel=1e-6)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_thousands_of_chunks_keep_peak_memory_flat() -> None:
    model = _stateful(batch=4, features=8, return_sequences=True)
    x = np.random.default_rng(0).normal(size=(4, 4000, 8)).astype(np.float32)
    y = x[..., :1].copy()
    model.fit(x[:, :400], y[:, :400], chunk_length=2, verbose=0)  # 200 chunks: warm every allocator
    before = _peak_rss_mb()
    model.fit(x, y, chunk_length=2, verbose=0)  # 2000 chunks
    growth = _peak_rss_mb() - before
    # Keeping each chunk's graph alive would hold ~2000 graphs (tens of MB); flat means ~0.
    assert growth < 8.0, f"peak RSS grew by {growth:.1f} MB over 2000 chunks"
    assert all(s.grad_fn is None for states in model.get_states().values() for s in states)


def test_terminate_on_nan_stops_within_the_epoch() -> None:
    model = _stateful()
    x, y = _data(8)
    y[0] = np.nan
    model.fit(x, y, epochs=3, verbose=0, callbacks=[callbacks.TerminateOnNaN()])
    assert model.optimizer.iterations == 1  # stopped after the first batch, not after 3 epochs


def test_no_batch_callbacks_no_batch_logs() -> None:
    """Per-batch hooks run only when a callback has them (a cost the loop skips otherwise)."""
    plain = callbacks.CallbackList([callbacks.History()], model=_stateful(), verbose=0)
    assert not plain.overrides("on_train_batch_begin", "on_train_batch_end")
    lambdas = callbacks.CallbackList([callbacks.LambdaCallback(on_train_batch_end=print)], model=_stateful())
    assert lambdas.overrides("on_train_batch_end")


def test_keras_return_forms_and_on_batch_methods() -> None:
    model = _stateful()
    x, y = _data(4)
    assert isinstance(model.evaluate(x, y, verbose=0), float)  # no metrics: the loss alone
    model.compile(optimizer="sgd", loss="mse", metrics=["mae", "mse"])
    assert len(model.evaluate(x, y, verbose=0)) == 3
    assert set(model.test_on_batch(x[:2], y[:2], return_dict=True)) == {"loss", "mae", "mse"}
    model.reset_states()
    expected = model(x[:2]).detach().numpy()
    model.reset_states()
    np.testing.assert_allclose(model.predict_on_batch(x[:2]), expected, rtol=1e-6)


def test_validation_split_takes_the_last_rows() -> None:
    model, twin = _stateful(), _stateful()
    twin.set_weights(model.get_weights())
    x, y = _data(8)
    split = model.fit(x, y, validation_split=0.25, verbose=0, shuffle=False)
    given = twin.fit(x[:6], y[:6], validation_data=(x[6:], y[6:]), verbose=0)
    assert split.history == given.history


def test_validation_data_as_a_list_reads_as_the_tuple() -> None:
    # Keras's unpack_x_y_sample_weight turns a list into a tuple: [x, y] is (x, y), [x, y, w]
    # is (x, y, w) (keras-tcn's bidirect_tcn passes validation_data=[x_test, y_test]).
    model, twin = _stateful(), _stateful()
    twin.set_weights(model.get_weights())
    x, y = _data(8)
    weights = np.linspace(0.5, 2.0, 2)
    as_tuple = model.fit(x[:6], y[:6], validation_data=(x[6:], y[6:], weights), verbose=0)
    as_list = twin.fit(x[:6], y[:6], validation_data=[x[6:], y[6:], weights], verbose=0)
    assert as_list.history == as_tuple.history
    assert "val_loss" in as_list.history


def test_shuffle_defaults_as_keras_for_plain_models_and_off_for_stateful_ones() -> None:
    x, y = _data(8)
    orders = []
    plain = Sequential([GRU(2, input_shape=(None, 3)), Dense(1)])
    plain.compile(optimizer="sgd", loss="mse")
    original = plain.forward

    def recording_forward(inputs, **kwargs):
        orders.append(tuple(torch.as_tensor(inputs)[:, 0, 0].tolist()))  # the epoch's row order
        return original(inputs, **kwargs)

    plain.forward = recording_forward
    torch.manual_seed(1)
    plain.fit(x, y, batch_size=8, epochs=3, verbose=0)
    assert len(set(orders)) > 1  # rows were shuffled between epochs
    stateful = _stateful()
    stateful.fit(x, y, epochs=1, verbose=0)  # no shuffle=True error: the default is off here


def test_predict_reads_generators_as_keras() -> None:
    from statefulrnn import Input, Model
    from statefulrnn.layers import Concatenate

    torch.manual_seed(0)
    x, _ = _data(6, steps=4, features=2)
    side = np.random.default_rng(1).normal(size=(6, 3)).astype(np.float32)
    single = Sequential([GRU(3, input_shape=(4, 2)), Dense(1)])
    whole = single.predict(x, batch_size=2, verbose=0)
    for items in (
        (x[i : i + 2] for i in range(0, 6, 2)),  # x alone
        ((x[i : i + 2],) for i in range(0, 6, 2)),  # (x,)
        [(x[i : i + 2], None) for i in range(0, 6, 2)],  # (x, y): y is not used
    ):
        np.testing.assert_array_equal(single.predict(items, verbose=0), whole)
    series, extra = Input(shape=(4, 2), name="series"), Input(shape=(3,), name="extra")
    double = Model([series, extra], Dense(1)(Concatenate()([GRU(2)(series), extra])))
    whole = double.predict([x, side], batch_size=2, verbose=0)
    for items in (
        (([x[i : i + 2], side[i : i + 2]],) for i in range(0, 6, 2)),  # several inputs as a list
        ({"extra": side[i : i + 2], "series": x[i : i + 2]} for i in range(0, 6, 2)),  # by name
    ):
        np.testing.assert_array_equal(double.predict(items, verbose=0), whole)
    with pytest.raises(ValueError, match=r"x, \(x,\), \(x, y\) or \(x, y, sample_weight\), as in Keras"):
        single.predict([(x, None, None, None)], verbose=0)


def test_a_model_with_every_weight_frozen_logs_its_loss_and_changes_nothing() -> None:
    # Keras's fit warns and goes on: the loss of each epoch, no update, no optimizer step.
    torch.manual_seed(0)
    model = Sequential([Dense(1, input_shape=(2,))])
    model.layers[0].trainable = False
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()
    with pytest.warns(UserWarning, match="The model does not have any trainable weights"):
        history = model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, verbose=0)
    assert history.history["loss"][0] == history.history["loss"][1] > 0
    assert model.optimizer.iterations == 0
    for now, then in zip(model.get_weights(), before):
        np.testing.assert_array_equal(now, then)


@pytest.mark.parametrize("train", ["fit", "train_on_batch"])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_model_built_by_its_first_batch_trains_on_that_batch(train: str, optimizer: str) -> None:
    """A model that declares no input shape is built by its first call, in the first training
    step: that step updates the weights it made, as Keras's does (the step asked whether the
    model had weights before calling it, so the first batch of such a model trained nothing)."""
    from statefulrnn.layers import Embedding, SimpleRNN
    from statefulrnn.utils import set_random_seed

    x, y = np.array([[0, 1, 2], [2, 1, 0]]), np.array([[0.0, 1.0], [1.0, 0.0]])

    def model(build: bool) -> Sequential:
        set_random_seed(1)
        made = Sequential([Embedding(4, 5), SimpleRNN(6), Dense(2)])
        if build:
            made.build((None, 3))
        made.compile(optimizer=optimizer, loss="mse")
        return made

    built, lazy = model(True), model(False)
    initial = [w.copy() for w in built.get_weights()]
    for net in (built, lazy):
        if train == "fit":
            net.fit(x, y, epochs=1, shuffle=False, verbose=0)
        else:
            net.train_on_batch(x, y)
    for mine, theirs, start in zip(lazy.get_weights(), built.get_weights(), initial, strict=True):
        np.testing.assert_array_equal(mine, theirs)
        assert not np.array_equal(mine, start)


def test_nested_lists_of_numbers_are_one_input_as_tf_keras_reads_them() -> None:
    """A Korean course's ``fit([[0, 1, 2], [2, 1, 0]], [[0, 0, 0, 1], [1, 0, 0, 0]])`` on a
    model of one input: tf-keras reads the lists as one (2, 3) array (the rows were taken as two
    inputs here); fit, evaluate and validation data give what the same arrays give."""
    from statefulrnn.layers import Embedding, SimpleRNN
    from statefulrnn.utils import set_random_seed

    x, y = [[0, 1, 2], [2, 1, 0]], [[0, 0, 0, 1], [1, 0, 0, 0]]
    histories, losses = [], []
    for data in ((x, y), (np.array(x), np.array(y))):
        set_random_seed(1)
        net = Sequential([Embedding(4, 5), SimpleRNN(6), Dense(4, activation="softmax")])
        net.compile(optimizer="adam", loss="categorical_crossentropy")
        histories.append(net.fit(*data, validation_data=data, epochs=2, shuffle=False, verbose=0).history)
        losses.append(net.evaluate(*data, verbose=0))
    assert histories[0] == histories[1] and losses[0] == losses[1]
