"""What Keras programs do to a model while it runs: set the learning rate (Keras 3's
``optimizer.learning_rate.assign``, Keras 2's ``K.set_value(model.optimizer.lr, ...)`` in a
callback), read ``K.get_value`` and ``K.int_shape``, and pair ``metrics_names`` with
``evaluate``'s list."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable

import numpy as np
import pytest
import torch

import statefulrnn as keras
from statefulrnn import backend as K

X = np.random.default_rng(0).normal(size=(8, 5, 3)).astype(np.float32)
Y = np.random.default_rng(1).normal(size=(8, 1)).astype(np.float32)


def _model(optimizer="adam") -> keras.Sequential:
    model = keras.Sequential([keras.layers.Input((5, 3)), keras.layers.LSTM(4), keras.layers.Dense(1)])
    model.compile(optimizer, "mse", metrics=["mae", keras.metrics.RootMeanSquaredError()])
    return model


def test_the_learning_rate_is_assigned_as_keras_3_and_keras_2_set_it() -> None:
    optimizer = _model().optimizer
    optimizer.learning_rate.assign(0.01)
    assert optimizer.learning_rate == 0.01 and optimizer.learning_rate.numpy() == np.float32(0.01)
    K.set_value(optimizer.lr, 0.002)
    assert optimizer.learning_rate == 0.002 and K.get_value(optimizer.lr) == np.float32(0.002)
    optimizer.lr = 0.003
    assert all(group["lr"] == 0.003 for group in optimizer.param_groups)
    rate = optimizer.learning_rate
    assert type(copy.copy(rate)) is float and type(pickle.loads(pickle.dumps(rate))) is float
    with pytest.raises(ValueError):
        optimizer.learning_rate.assign(-1.0)
    assert optimizer.learning_rate == 0.003


def test_a_keras_2_callback_lowering_the_rate_trains_as_with_the_rate_set_before() -> None:
    """The callback's rate reaches the steps: its run ends where a run at that rate does."""

    class Lower(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            K.set_value(self.model.optimizer.lr, 0.05)

    torch.manual_seed(0)
    lowered = _model("sgd")
    torch.manual_seed(0)
    reference = _model(keras.optimizers.SGD(learning_rate=0.05))
    lowered.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0, callbacks=[Lower()])
    reference.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    for a, b in zip(lowered.get_weights(), reference.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_schedule_s_rate_cannot_be_assigned_as_in_keras() -> None:
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    optimizer = _model(keras.optimizers.SGD(learning_rate=schedule)).optimizer
    assert not hasattr(optimizer.learning_rate, "assign")
    with pytest.raises(TypeError, match="schedule"):
        K.set_value(optimizer.lr, 0.1)


def test_backend_values_and_shapes() -> None:
    tensor = torch.ones(2, 3, requires_grad=True)
    assert K.get_value(tensor).shape == (2, 3)
    K.set_value(tensor, np.zeros((2, 3)))
    assert not tensor.detach().any()
    assert K.int_shape(tensor) == (2, 3) and K.int_shape(keras.layers.Input((None, 4))) == (None, None, 4)
    with pytest.raises(TypeError, match="needs a variable"):
        K.set_value(0.5, 1.0)


def test_metrics_names_pair_with_evaluate_s_list() -> None:
    model = _model()
    assert keras.Sequential([keras.layers.Dense(1)]).metrics_names == []
    assert model.metrics_names == ["loss", "mae", "root_mean_squared_error"]
    listed = model.evaluate(X, Y, verbose=0)
    assert dict(zip(model.metrics_names, listed)) == model.evaluate(X, Y, verbose=0, return_dict=True)
    model.reset_metrics()


def test_keras_2_function_reads_an_inner_layer_s_output() -> None:
    """``K.function([model.input], [model.layers[i].output])``, Keras 2's feature extraction."""
    model = _model()
    features = K.function([model.input], [model.layers[0].output])
    outputs = features([X])
    assert isinstance(outputs, list) and outputs[0].shape == (8, 4)
    inner = keras.Model(model.inputs, model.layers[0].output).predict(X, verbose=0)
    np.testing.assert_allclose(outputs[0], inner, rtol=1e-6)
    with pytest.raises(ValueError, match="updates"):
        K.function([model.input], [model.output], updates=[1])


def test_tensorflow_style_programs_find_keras_and_the_seed() -> None:
    """``import statefulrnn as tf``: ``tf.keras.*`` is the package, ``tf.random.set_seed``
    seeds torch (numpy left alone, as TensorFlow leaves it)."""
    import statefulrnn as tf

    assert tf.keras.layers.LSTM is keras.layers.LSTM and tf.keras.Sequential is keras.Sequential
    np.random.seed(5)
    drawn = np.random.rand()
    np.random.seed(5)
    tf.random.set_seed(42)
    first = tf.keras.layers.Dense(2)
    first.build((None, 3))
    tf.random.set_seed(42)
    second = tf.keras.layers.Dense(2)
    second.build((None, 3))
    np.testing.assert_array_equal(first.get_weights()[0], second.get_weights()[0])
    assert np.random.rand() == drawn
    with pytest.raises(TypeError, match="integer seed"):
        tf.random.set_seed("42")


@pytest.mark.parametrize(
    "make",
    [
        lambda n, f: [keras.Input((n, f)), keras.layers.LSTM(3)],
        lambda n, f: [keras.layers.GRU(3, input_shape=(n, f))],
        lambda n, f: [keras.layers.Bidirectional(keras.layers.LSTM(3), input_shape=(n, f))],
        lambda n, f: [keras.layers.LSTM(3, batch_input_shape=(np.int64(3), n, f), stateful=True)],
        lambda n, f: [
            keras.layers.Conv1D(2, 2, input_shape=(n, f)),
            keras.layers.Flatten(),
            keras.layers.Dense(1),
        ],
    ],
)
def test_shapes_and_sizes_given_as_numpy_integers_are_taken_as_keras_takes_them(make: Callable) -> None:
    # maxlen = np.max(lengths) and the like: tf-keras 2.21 and Keras 3.15 build these models.
    model = keras.Sequential(make(np.int64(5), np.int64(2)))
    model.compile(loss="mse", optimizer="sgd")
    assert all(type(d) is int for d in model.layers[0].input_shape if d is not None)
    x = np.ones((3, 5, 2), "float32")
    y = np.zeros_like(model.predict(x, batch_size=np.int64(3), verbose=0))
    history = model.fit(x, y, batch_size=np.int64(3), epochs=np.int64(2), verbose=0)
    assert len(history.history["loss"]) == 2


def test_a_layer_s_variables_say_whether_they_train_as_keras_s_do() -> None:
    # Hands-On ML's chapter 11: [(var.name, var.trainable) for var in bn1.variables]
    # (tf-keras 2.21: gamma and beta True, the moving statistics False)
    model = keras.Sequential([keras.layers.Flatten(input_shape=[4, 4]), keras.layers.BatchNormalization()])
    found = [(getattr(v, "name", None), v.trainable) for v in model.layers[1].variables]
    assert [trainable for _, trainable in found] == [True, True, False, False]
    assert [name for name, _ in found[:2]] == ["gamma", "beta"]
    dense = keras.layers.Dense(2, input_shape=(3,))
    dense.trainable = False
    assert [v.trainable for v in dense.variables] == [False, False]
