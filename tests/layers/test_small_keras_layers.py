"""Keras 3's ``UnitNormalization`` and ``ActivityRegularization`` against Keras's numbers
(``tests/fixtures/small_layers``, made by ``tools/keras_fixtures/small_layers.py``): outputs,
the penalty added to the training loss, and a Keras file holding both, both ways."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import layers
from tests.fixture_scripts import fixture_script
from tests.keras_python import keras_prediction_error, needs_keras, run_in_keras

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "small_layers"
STORED = np.load(FIXTURE / "values.npz")
SCRIPT = fixture_script("small_layers")


def test_unit_normalization_equals_keras() -> None:
    x = torch.from_numpy(STORED["x"])
    np.testing.assert_allclose(layers.UnitNormalization()(x).numpy(), STORED["unit_last"], rtol=1e-6)
    np.testing.assert_allclose(
        layers.UnitNormalization(axis=[1, 2])(x).numpy(), STORED["unit_steps"], rtol=1e-6
    )
    assert not layers.UnitNormalization()(torch.zeros(1, 3)).isnan().any()  # a zero vector stays zero
    with pytest.raises(TypeError, match="axis must be an int"):
        layers.UnitNormalization(axis="last")
    with pytest.raises(ValueError, match="out of bounds"):
        statefulrnn.Sequential([layers.Input((5,)), layers.UnitNormalization(axis=2)])


@pytest.mark.parametrize(("key", "axis"), [("last", -1), ("steps", [1, 2])])
def test_rms_normalization_equals_keras(key: str, axis: object) -> None:
    layer = layers.RMSNormalization(axis=axis)
    layer.build(STORED["x"].shape)
    layer.set_weights([STORED[f"rms_scale_{key}"]])
    np.testing.assert_allclose(
        layer(torch.from_numpy(STORED["x"])).detach().numpy(), STORED[f"rms_{key}"], rtol=1e-5
    )
    again = layers.RMSNormalization.from_config(layer.get_config())
    assert again.get_config() == layer.get_config()


def test_rms_normalization_takes_keras_s_epsilon_and_refuses_what_it_cannot_do() -> None:
    x = torch.from_numpy(STORED["x"])
    np.testing.assert_allclose(
        layers.RMSNormalization(epsilon=0.1)(x).detach().numpy(), STORED["rms_epsilon"], rtol=1e-5
    )
    with pytest.raises(TypeError, match="an int or a list/tuple of ints for the argument 'axis'"):
        layers.RMSNormalization(axis="last")
    layer = layers.RMSNormalization()
    layer(x)
    with pytest.raises(ValueError, match=r"was built to normalise sizes \(3,\) over axis=-1"):
        layer(torch.ones(2, 5, 4))


def test_rms_normalization_scales_the_axes_it_normalises_where_keras_misaligns() -> None:
    """axis=1 of (N, T, F): the scale, one per step, multiplies each step (Keras lines it up with
    the last axis, which fails or mixes unless T == F)."""
    x = torch.from_numpy(STORED["x"])  # (6, 5, 3)
    layer = layers.RMSNormalization(axis=1)
    layer.build(tuple(x.shape))
    layer.set_weights([np.arange(1, 6, dtype=np.float32)])
    plain = x * torch.rsqrt(x.square().mean(dim=1, keepdim=True) + 1e-6)
    torch.testing.assert_close(layer(x).detach(), plain * torch.arange(1.0, 6.0)[None, :, None])


@pytest.mark.parametrize("case", list(SCRIPT.GROUP_CASES))
def test_group_normalization_equals_keras(case: str) -> None:
    layer = layers.GroupNormalization(**SCRIPT.GROUP_CASES[case])
    layer.build(STORED["group_x"].shape)
    layer.set_weights(
        [STORED[key] for key in sorted(STORED.files) if key.startswith(f"group_{case}_weight_")]
    )
    got = layer(torch.from_numpy(STORED["group_x"])).detach().numpy()
    np.testing.assert_allclose(got, STORED[f"group_{case}"], rtol=1e-5, atol=1e-6)
    assert layers.GroupNormalization.from_config(layer.get_config()).get_config() == layer.get_config()


def test_group_normalization_refuses_groups_that_do_not_split_the_channels() -> None:
    with pytest.raises(ValueError, match="expected a positive integer"):
        layers.GroupNormalization(groups=0)
    with pytest.raises(ValueError, match="3 groups cannot split the 4 channels of axis -1 evenly"):
        layers.GroupNormalization(groups=3)(torch.ones(2, 5, 4))
    with pytest.raises(TypeError, match="one int"):
        layers.GroupNormalization(axis=[1, 2])


@pytest.mark.parametrize(
    "layer",
    [layers.GroupNormalization(groups=2), layers.UnitNormalization(axis=[1, 2])],
    ids=["GroupNormalization", "UnitNormalization over steps"],
)
def test_a_stream_pool_refuses_normalisations_that_mix_steps(layer: torch.nn.Module) -> None:
    model = statefulrnn.Sequential(
        [layers.Input((None, 3), batch_size=1), layers.GRU(4, return_sequences=True, stateful=True), layer]
    )
    with pytest.raises(ValueError, match="mixes time steps"):
        statefulrnn.streaming.StreamPool(model)


def test_activity_regularization_trains_with_keras_s_penalty() -> None:
    model = SCRIPT.build(statefulrnn)
    model.set_weights([STORED[key] for key in sorted(STORED.files) if key.startswith("weights_")])
    loss = model.train_on_batch(STORED["x"], STORED["y"])
    np.testing.assert_allclose(loss, STORED["loss"], rtol=1e-5)
    model(STORED["x"])
    np.testing.assert_allclose(float(sum(model.losses).detach()), STORED["penalty"], rtol=1e-5)


def test_a_keras_file_with_both_loads_and_predicts_as_keras(tmp_path: Path) -> None:
    model = statefulrnn.load_model(FIXTURE / "model.keras")
    np.testing.assert_allclose(
        model.predict(STORED["x"], verbose=0), STORED["predicted"], rtol=1e-5, atol=1e-6
    )
    assert model.layers[2].l1 == 0.01 and model.layers[2].l2 == 0.1
    model.save(tmp_path / "again.keras")
    again = statefulrnn.load_model(tmp_path / "again.keras")
    np.testing.assert_allclose(
        again.predict(STORED["x"], verbose=0), STORED["predicted"], rtol=1e-5, atol=1e-6
    )


@needs_keras
def test_keras_loads_our_file_with_both(tmp_path: Path) -> None:
    model = statefulrnn.load_model(FIXTURE / "model.keras")
    model.save(tmp_path / "ours.keras")
    script = f"""
import numpy as np, keras
model = keras.models.load_model("{tmp_path}/ours.keras")
stored = np.load("{FIXTURE}/values.npz")
print(float(np.abs(model.predict(stored["x"], verbose=0) - stored["predicted"]).max()))
"""
    assert float(run_in_keras(tmp_path, script).strip().splitlines()[-1]) < 1e-5


def _rms_model() -> statefulrnn.Sequential:
    torch.manual_seed(5)
    model = statefulrnn.Sequential(
        [
            layers.Input((None, 3), batch_size=1),
            layers.GRU(4, return_sequences=True, stateful=True),
            layers.RMSNormalization(),
            layers.Dense(1),
        ]
    )
    model.layers[1].set_weights([np.linspace(0.5, 2.0, 4, dtype=np.float32)])
    return model


def test_a_model_with_rms_normalization_streams_and_saves(tmp_path: Path) -> None:
    """Per step on the features, so a StreamPool serves it; its Keras file loads back."""
    model = _rms_model()
    pool = statefulrnn.streaming.StreamPool(model)
    pool.open("s")
    x = STORED["x"][:1]
    streamed = np.stack([pool.push("s", frame) for frame in x[0]])
    whole = model.predict(x, verbose=0)
    np.testing.assert_allclose(streamed, whole[0], rtol=1e-5, atol=1e-6)
    model.save(tmp_path / "rms.keras")
    loaded = statefulrnn.load_model(tmp_path / "rms.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), whole, rtol=1e-6)


@needs_keras
def test_keras_loads_our_file_with_rms_normalization(tmp_path: Path) -> None:
    model = _rms_model()
    model.save(tmp_path / "rms.keras")
    x = STORED["x"][:1]
    np.savez(tmp_path / "data.npz", x=x, predicted=model.predict(x, verbose=0))
    assert keras_prediction_error(tmp_path / "rms.keras", tmp_path / "data.npz", ["x"]) < 1e-5


@needs_keras
def test_keras_loads_our_file_with_group_normalization(tmp_path: Path) -> None:
    torch.manual_seed(6)
    model = statefulrnn.Sequential(
        [
            layers.Input((5, 4)),
            layers.GroupNormalization(groups=2, epsilon=0.01),
            layers.GRU(3),
            layers.Dense(1),
        ]
    )
    model.layers[0].set_weights(
        [np.linspace(0.5, 2.0, 4, dtype=np.float32), np.linspace(-1, 1, 4, dtype=np.float32)]
    )
    model.save(tmp_path / "group.keras")
    x = STORED["group_x"]
    np.savez(tmp_path / "data.npz", x=x, predicted=model.predict(x, verbose=0))
    assert keras_prediction_error(tmp_path / "group.keras", tmp_path / "data.npz", ["x"]) < 1e-5
    again = statefulrnn.load_model(tmp_path / "group.keras")
    np.testing.assert_allclose(again.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
