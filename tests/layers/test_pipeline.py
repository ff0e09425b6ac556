"""Keras 3's ``Pipeline`` (its parity on a real program: the corpus's
``quangtiencs_idl_ch07_pipeline_autoencoders_torch``), and Keras's rule for a call's
``training`` default that it relies on."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn import Sequential, layers, load_model
from statefulrnn.layers import Dense, Dropout, Layer, LayerNormalization, Pipeline


def _model() -> Sequential:
    torch.manual_seed(0)
    block = Pipeline([Dense(4), LayerNormalization(), Pipeline([Dense(3, activation="gelu")])])
    return Sequential([layers.Input((5,)), block, Dense(1)])


def test_a_pipeline_holds_its_layers_weights_in_order_and_rebuilds_from_its_config(tmp_path) -> None:
    model = _model()
    x = np.random.default_rng(0).normal(size=(6, 5)).astype(np.float32)
    expected = model.predict(x, verbose=0)
    block = model.layers[0]
    assert [w.shape for w in model.weights] == [(5, 4), (4,), (4,), (4,), (4, 3), (3,), (3, 1), (1,)]
    assert model.weights[0].path.endswith(f"{block.name}/{block.layers[0].name}/kernel")
    assert model.weights[2].path.endswith(f"{block.name}/{block.layers[1].name}/gamma")
    rebuilt = Sequential.from_config(model.get_config())
    assert len(rebuilt.weights) == 8  # built from the config, before any call
    rebuilt.set_weights(model.get_weights())
    np.testing.assert_array_equal(rebuilt.predict(x, verbose=0), expected)
    for name in ("model.keras", "model.safetensors"):
        model.save(tmp_path / name)
        np.testing.assert_array_equal(load_model(tmp_path / name).predict(x, verbose=0), expected)
    with pytest.raises(TypeError, match="Pipeline takes a list of layers"):
        Pipeline(Dense(2))
    with pytest.raises(ValueError, match="must contain a `layers` key"):
        Pipeline.from_config({"name": "p"})


def test_a_pipeline_trains_by_default_alone_and_takes_a_models_flag() -> None:
    pipeline = Pipeline([Dropout(0.5)])
    x = torch.ones(4, 1000)
    assert (pipeline(x) == 0).any()  # alone: training, as Keras's default
    assert torch.equal(pipeline(x, training=False), x)
    model = Sequential([layers.Input((1000,)), pipeline])
    assert np.array_equal(model.predict(x.numpy(), verbose=0), x.numpy())  # predict infers


def test_a_call_without_a_flag_takes_its_signatures_default_as_keras() -> None:
    seen = []

    class Noisy(Layer):
        def call(self, inputs, training=True):
            seen.append(training)
            return inputs

    class Plain(Layer):
        def call(self, inputs, training=None):
            seen.append(training)
            return inputs

    noisy, plain = Noisy(), Plain()
    noisy(torch.ones(1, 2)), plain(torch.ones(1, 2))
    assert seen == [True, False]  # Keras: True, and None (inference)
    model = Sequential([layers.Input((2,)), noisy])
    seen.clear()
    model.predict(np.ones((1, 2), np.float32), verbose=0)
    model(torch.ones(1, 2), training=False)
    model.eval()
    model(torch.ones(1, 2))
    assert seen == [False, False, False]  # predict, a flag, a mode set: each wins over the default
