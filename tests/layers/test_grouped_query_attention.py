"""`GroupQueryAttention` against Keras 3 (tests/fixtures/grouped_query_attention, made by
tools/keras_fixtures/grouped_query_attention.py): every case's outputs and scores, a Transformer
encoder trained and saved by Keras, files both ways, and the errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn as srnn
from statefulrnn import use_fused_kernels
from statefulrnn.io import load_keras, save_keras
from statefulrnn.layers import GroupQueryAttention, MultiHeadAttention
from tests.fixture_scripts import fixture_script
from tests.keras_python import assert_predicts_and_keeps, keras_prediction_error, needs_keras
from tests.layers.attention_cases import replay_case

FIXTURES = Path(__file__).parents[1] / "fixtures" / "grouped_query_attention"
LAYERS = np.load(FIXTURES / "layers.npz")
CASES = json.loads(str(LAYERS["cases"]))
ENCODER = np.load(FIXTURES / "encoder.npz")
SCRIPT = fixture_script("grouped_query_attention")
BLOCKS = fixture_script("multi_head_attention")


@pytest.mark.parametrize("name", CASES)
def test_each_case_gives_keras_outputs_and_scores(name: str) -> None:
    replay_case(GroupQueryAttention(**CASES[name]["arguments"]), LAYERS, name, CASES[name]["call"])


def encoder() -> srnn.Model:
    return BLOCKS.encoder(srnn, (6, 3), 2, lambda: SCRIPT.encoder_attention(srnn))


def _weights(prefix: str) -> list[np.ndarray]:
    return [ENCODER[f"{prefix}{i}"] for i in range(sum(k.startswith(prefix) for k in ENCODER.files))]


@pytest.mark.parametrize("fused", [True, False])
def test_the_encoder_trains_as_keras(fused: bool) -> None:
    model = encoder()
    model.set_weights(_weights("w"))
    model.compile(
        loss="sparse_categorical_crossentropy",
        optimizer=srnn.optimizers.Adam(learning_rate=1e-2),
        metrics=["sparse_categorical_accuracy"],
    )
    with use_fused_kernels(fused):
        losses = [float(model.train_on_batch(ENCODER["x"], ENCODER["y"])[0]) for _ in range(3)]
    np.testing.assert_allclose(losses, ENCODER["losses"], atol=1e-5, rtol=0)
    names = [name for name, _ in model.named_weights()]
    for name, ours, keras, start in zip(names, model.get_weights(), _weights("after"), _weights("w")):
        if name.endswith("/key/bias"):  # as in MultiHeadAttention's test: a gradient of rounding noise
            assert np.abs(ours - start).max() <= 3 * 1e-2 + 1e-6
            continue
        np.testing.assert_allclose(ours, keras, atol=1e-5, rtol=0, err_msg=name)


def test_the_keras_file_loads_and_predicts_as_keras(tmp_path: Path) -> None:
    model = load_keras(FIXTURES / "encoder.keras")
    assert isinstance(model.layers[1], GroupQueryAttention)
    assert_predicts_and_keeps(model, ENCODER["x"], ENCODER["predicted"], tmp_path)


def test_our_file_keeps_the_weights_where_keras_s_does(tmp_path: Path) -> None:
    """Keras keeps a layer's weights under the snake_case of its Python class, which for
    ``GroupQueryAttention`` is ``GroupedQueryAttention``, its projections under ``_query_dense``."""
    import io
    import zipfile

    import h5py

    def attention_paths(path: Path) -> list[str]:
        with zipfile.ZipFile(path) as archive:
            h5 = h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
            found: list[str] = []
            h5.visititems(lambda name, item: found.append(name) if "attention" in name else None)
        return found

    save_keras(encoder(), tmp_path / "encoder.keras")
    ours = attention_paths(tmp_path / "encoder.keras")
    assert ours == attention_paths(FIXTURES / "encoder.keras")
    assert "layers/grouped_query_attention/_query_dense/vars/0" in ours


@needs_keras
def test_keras_reads_our_file(tmp_path: Path) -> None:
    model = encoder()
    model.set_weights(_weights("after"))
    save_keras(model, tmp_path / "encoder.keras")
    assert keras_prediction_error(tmp_path / "encoder.keras", FIXTURES / "encoder.npz", ["x"]) < 1e-5


def test_as_many_key_value_heads_as_query_heads_is_multi_head_attention() -> None:
    torch.manual_seed(0)
    grouped = GroupQueryAttention(head_dim=3, num_query_heads=2, num_key_value_heads=2, use_gate=True)
    x = torch.randn(2, 5, 4)
    grouped(x, x)
    plain = MultiHeadAttention(num_heads=2, key_dim=3, use_gate=True)
    plain(x, x)
    plain.set_weights(grouped.get_weights())
    torch.testing.assert_close(plain(x, x, use_causal_mask=True), grouped(x, x, use_causal_mask=True))


def test_default_names_are_keras_s() -> None:
    """Keras's class is ``GroupedQueryAttention``, exported as ``GroupQueryAttention``: its
    default names come from the class's own name."""
    assert GroupQueryAttention(2, 2, 1).name.startswith("grouped_query_attention")


def test_the_config_holds_keras_s_arguments_and_round_trips() -> None:
    layer = GroupQueryAttention(4, 6, 3, sliding_window=2, use_gate=True, seed=1, name="gqa")
    config = layer.get_config()
    assert {"head_dim", "num_query_heads", "num_key_value_heads", "sliding_window", "use_gate"} <= set(config)
    assert not {"num_heads", "key_dim", "value_dim", "output_shape", "attention_axes"} & set(config)
    twin = GroupQueryAttention.from_config(config)
    assert twin.get_config() == config
    twin.build((None, 5, 8))
    assert [tuple(w.shape) for w in twin.get_weights()[:6]] == [
        (8, 6, 4),
        (6, 4),
        (8, 3, 4),
        (3, 4),
        (8, 6, 4),
        (6, 4),
    ]  # fmt: skip (query, key, gate)


def test_bad_arguments_are_refused_naming_them() -> None:
    with pytest.raises(ValueError, match=r"`num_query_heads` must be divisible by `num_key_value_heads`. "
                                         r"Received: num_query_heads=4, num_key_value_heads=3"):  # fmt: skip
        GroupQueryAttention(2, 4, 3)
    with pytest.raises(ValueError, match="num_key_value_heads"):
        GroupQueryAttention(2, 4, 0)
    with pytest.raises(ValueError, match="Dropout is not supported when flash attention"):
        GroupQueryAttention(2, 4, 2, dropout=0.1, flash_attention=True)
    with pytest.raises(TypeError, match="GroupQueryAttention 'g' needs a value"):
        GroupQueryAttention(2, 4, 2, name="g")(torch.ones(1, 2, 3))


def test_a_stream_pool_refuses_attention_over_the_steps() -> None:
    from statefulrnn.streaming import StreamPool

    inputs = srnn.Input(batch_shape=(2, None, 3))
    h = srnn.layers.GRU(4, stateful=True, return_sequences=True)(inputs)
    model = srnn.Model(inputs, GroupQueryAttention(2, 2, 1)(h, h))
    with pytest.raises(ValueError, match=r"\(GroupQueryAttention\) mixes time steps"):
        StreamPool(model)
