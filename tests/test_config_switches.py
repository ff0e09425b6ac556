"""Keras 3's ``keras.config`` switches: the caps on ``fit`` (what a program's quick debugging
run sets) and the switches kept and answered as Keras answers them (Keras 3.15's defaults:
traceback filtering on, flash attention None, NNX off)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import statefulrnn as keras
from statefulrnn import _switches


def test_the_caps_shorten_fit_with_keras_s_warnings() -> None:
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    x, y = np.ones((8, 2), np.float32), np.zeros((8, 1), np.float32)
    keras.config.set_max_epochs(2)
    keras.config.set_max_steps_per_epoch(3)
    try:
        with pytest.warns(UserWarning, match="Limiting epochs to 2"):
            history = model.fit(x, y, batch_size=1, epochs=5, verbose=0)
        assert len(history.history["loss"]) == 2
        assert model.optimizer.iterations == 6  # three batches an epoch, not eight
    finally:
        keras.config.set_max_epochs(None)
        keras.config.set_max_steps_per_epoch(None)
    assert keras.config.max_epochs() is None and keras.config.max_steps_per_epoch() is None
    assert len(model.fit(x, y, epochs=3, verbose=0).history["loss"]) == 3


def test_the_other_switches_answer_as_keras_and_the_backend_is_torch() -> None:
    config = keras.config
    # Keras's defaults, in a fresh process (a program run earlier may have set the switches)
    asked = (
        "import statefulrnn as k; c = k.config; "
        "print(c.is_traceback_filtering_enabled(), c.is_flash_attention_enabled())"
    )
    fresh = subprocess.run([sys.executable, "-c", asked], capture_output=True, text=True, check=True)
    assert fresh.stdout.split() == ["True", "None"]
    assert not config.is_nnx_enabled()
    config.disable_traceback_filtering()
    config.enable_flash_attention()
    try:
        assert not config.is_traceback_filtering_enabled() and config.is_flash_attention_enabled()
        config.disable_flash_attention()
        assert config.is_flash_attention_enabled() is False
    finally:
        config.enable_traceback_filtering()
        _switches._state["flash_attention"] = None  # Keras's "automatic", which no setter restores
    config.set_backend("torch")
    with pytest.raises(ValueError, match=r"set_backend takes 'torch'\. Received: backend='jax'"):
        config.set_backend("jax")
