"""Conv1D, the 1-D pooling layers, LayerNormalization and BatchNormalization: Keras's numbers
(tests/fixtures/conv_norm, made by tools/keras_fixtures/conv_norm.py), weights, errors and a
CNN-LSTM that trains."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import constraints, layers, regularizers, use_fused_kernels
from statefulrnn.layers import (
    LSTM,
    AveragePooling1D,
    BatchNormalization,
    Conv1D,
    Dense,
    GlobalAveragePooling1D,
    GlobalMaxPooling1D,
    Input,
    LayerNormalization,
    MaxPooling1D,
)
from statefulrnn.models import Sequential
from tests.fixtures import load_case, numbered_weights, recorded_layer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "conv_norm"
LAYER_CASES = sorted(p.stem for p in FIXTURES.glob("*.npz") if not p.stem.startswith("model_"))
TOLERANCE = dict(rtol=1e-5, atol=1e-5)


def _sequential(case: dict[str, Any]) -> Sequential:
    spec = case["spec"]
    model = Sequential([Input(batch_shape=tuple(spec["batch_shape"]))])
    for cls, config in spec["layers"]:
        model.add(getattr(layers, cls)(**config))
    model.set_weights(numbered_weights(case))
    return model


@pytest.fixture(params=["fused", "generic"])
def fused(request: pytest.FixtureRequest):
    with use_fused_kernels(request.param == "fused"):
        yield


# ----- Keras's numbers ------------------------------------------------------------------


def test_fixtures_are_present() -> None:
    assert len(LAYER_CASES) == 26


@pytest.mark.filterwarnings("ignore:You passed `rms_scaling=True`")
@pytest.mark.parametrize("name", LAYER_CASES)
def test_layer_matches_keras(name: str) -> None:
    layer, case = recorded_layer(name, FIXTURES)
    kwargs = dict(case["spec"]["call"])
    if "mask" in case:
        kwargs["mask"] = torch.from_numpy(case["mask"])
    got = layer(case["x"], **kwargs).detach().numpy()
    np.testing.assert_allclose(got, case["y"], **TOLERANCE)
    if "moving_mean" in case:
        np.testing.assert_allclose(layer.moving_mean.numpy(), case["moving_mean"], **TOLERANCE)
        np.testing.assert_allclose(layer.moving_variance.numpy(), case["moving_variance"], **TOLERANCE)


def test_stateful_causal_cnn_lstm_whole_and_chunked(fused: None) -> None:
    case = load_case("model_stateful_causal_cnn_lstm", FIXTURES)
    model = _sequential(case)
    with torch.no_grad():
        np.testing.assert_allclose(model(case["x"]).numpy(), case["y_full"], **TOLERANCE)
        model.reset_states()
        chunk = case["spec"]["chunk"]
        for i, start in enumerate(range(0, case["x"].shape[1], chunk)):
            got = model(case["x"][:, start : start + chunk]).numpy()
            np.testing.assert_allclose(got, case[f"y_chunk_{i}"], **TOLERANCE)


def test_pooled_cnn_lstm_matches_keras(fused: None) -> None:
    case = load_case("model_pooled_cnn_lstm", FIXTURES)
    model = _sequential(case)
    with torch.no_grad():
        np.testing.assert_allclose(model(case["x"]).numpy(), case["y"], **TOLERANCE)
    assert [w.shape for w in model.get_weights()][-6:] == [(5,), (5,), (5,), (5,), (5, 2), (2,)]


# ----- weights, shapes, masks -----------------------------------------------------------


def test_conv1d_weights_and_output_shape() -> None:
    conv = Conv1D(6, 3, groups=2, strides=2, padding="same", input_shape=(None, 4))
    assert [w.shape for w in conv.get_weights()] == [(3, 2, 6), (6,)]
    assert conv.count_params() == 42
    assert conv.compute_output_shape((5, 7, 4)) == (5, 4, 6)
    assert conv(torch.zeros(5, 7, 4)).shape == (5, 4, 6)
    assert Conv1D.supports_masking is False and MaxPooling1D.supports_masking is False


def test_causal_conv_sees_no_future_step() -> None:
    torch.manual_seed(0)
    conv = Conv1D(2, 3, padding="causal", dilation_rate=2)
    x = torch.randn(1, 9, 3)
    changed = x.clone()
    changed[:, 5:] += 1.0
    assert torch.equal(conv(x)[:, :5], conv(changed)[:, :5])
    assert not torch.equal(conv(x)[:, 5:], conv(changed)[:, 5:])


def test_conv1d_trains_through_its_kernel() -> None:
    conv = Conv1D(2, 2, input_shape=(None, 3))
    conv(torch.randn(2, 4, 3)).sum().backward()
    assert conv.kernel.grad is not None and conv.kernel.grad.shape == (2, 3, 2)


def test_regularizers_and_constraints_reach_the_weights() -> None:
    conv = Conv1D(
        2, 2, kernel_initializer="ones", kernel_regularizer=regularizers.L1(0.5), kernel_constraint="non_neg"
    )
    conv.build((None, None, 3))
    assert torch.allclose(regularizers.penalty(conv), torch.tensor(6.0))  # 0.5 * 12 ones
    conv.set_weights([-np.ones((2, 3, 2)), np.ones(2)])
    constraints.apply_constraints(conv)
    assert torch.equal(conv.kernel, torch.zeros(2, 3, 2))
    bn = BatchNormalization(
        gamma_regularizer=regularizers.L2(1.0), beta_constraint="non_neg", input_shape=(2,)
    )
    bn.set_weights([np.full(2, 2.0), np.full(2, -1.0), np.full(2, -3.0), np.ones(2)])
    assert torch.allclose(regularizers.penalty(bn), torch.tensor(8.0))
    constraints.apply_constraints(bn)
    assert torch.equal(bn.beta, torch.zeros(2))
    assert torch.equal(bn.moving_mean, torch.full((2,), -3.0))  # non-trainable: left alone


def test_pooling_shapes() -> None:
    x = torch.randn(2, 7, 3)
    assert MaxPooling1D()(x).shape == (2, 3, 3)
    assert MaxPooling1D(3, strides=2, padding="same")(x).shape == (2, 4, 3)
    assert AveragePooling1D(2, strides=1)(x).shape == (2, 6, 3)
    assert GlobalMaxPooling1D()(x).shape == (2, 3)
    assert GlobalAveragePooling1D(keepdims=True)(x).shape == (2, 1, 3)
    assert MaxPooling1D().compute_output_shape((None, None, 3)) == (None, None, 3)


def test_global_average_pooling_mask_and_mask_stops() -> None:
    x = torch.tensor([[[1.0], [2.0], [30.0]], [[4.0], [50.0], [60.0]]])
    gap = GlobalAveragePooling1D()
    got = gap(x, mask=np.array([[1, 1, 0], [1, 0, 0]]))
    assert torch.equal(got, torch.tensor([[1.5], [4.0]]))
    assert gap.compute_mask(x, torch.ones(2, 3, dtype=torch.bool)) is None


def test_batch_normalization_weights_are_keras_four() -> None:
    bn = BatchNormalization(input_shape=(None, 3))
    assert [w.shape for w in bn.get_weights()] == [(3,), (3,), (3,), (3,)]
    assert bn.count_params() == 12
    names = [(path, weight.trainable) for path, weight in bn.named_weights()]
    assert [trainable for _, trainable in names] == [True, True, False, False]
    assert [path.split("/")[-1] for path, _ in names] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert len(list(bn.parameters())) == 2  # the moving statistics are buffers: no optimizer moves them
    bn.set_weights([np.full(3, 2.0), np.ones(3), np.full(3, 0.5), np.full(3, 4.0)])
    assert torch.equal(bn.moving_variance, torch.full((3,), 4.0))
    bare = BatchNormalization(center=False, scale=False, input_shape=(3,))
    assert bare.count_params() == 6 and len(bare.get_weights()) == 2


def test_batch_normalization_training_flag_and_layer_mode() -> None:
    x = torch.tensor([[0.0, 10.0], [2.0, 30.0]])
    bn = BatchNormalization(momentum=0.0, input_shape=(2,))
    inference = bn(x)  # layers start in inference: moving statistics, nothing changes
    assert torch.allclose(inference, x / np.sqrt(1.001))
    assert torch.equal(bn.moving_mean, torch.zeros(2))
    bn.train()
    bn(x)
    assert torch.equal(bn.moving_mean, torch.tensor([1.0, 20.0]))
    assert torch.equal(bn.moving_variance, torch.tensor([1.0, 100.0]))
    bn(x + 1.0, training=False)  # an explicit flag wins over the layer's mode
    assert torch.equal(bn.moving_mean, torch.tensor([1.0, 20.0]))


def test_frozen_batch_normalization_runs_in_inference() -> None:
    bn = BatchNormalization(input_shape=(2,))
    bn.trainable = False
    x = torch.randn(8, 2) * 3 + 5
    assert torch.allclose(bn(x, training=True), x / np.sqrt(1.001))
    assert torch.equal(bn.moving_mean, torch.zeros(2))
    assert not any(w.trainable for _, w in bn.named_weights())
    bn.trainable = True
    assert [w.trainable for _, w in bn.named_weights()] == [True, True, False, False]


def test_batch_normalization_masked_statistics() -> None:
    x = torch.tensor([[[1.0], [3.0], [100.0]]])
    bn = BatchNormalization(momentum=0.0)
    bn(x, training=True, mask=torch.tensor([[True, True, False]]))
    assert torch.allclose(bn.moving_mean, torch.tensor([2.0]))
    assert torch.allclose(bn.moving_variance, torch.tensor([1.0]))


def test_layer_normalization_weights() -> None:
    ln = LayerNormalization(axis=[1, 2], input_shape=(4, 3))
    assert [w.shape for w in ln.get_weights()] == [(4, 3), (4, 3)]
    assert LayerNormalization(center=False, input_shape=(3,)).count_params() == 3


# ----- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Conv1D(0, 2), ValueError, r"strictly positive value\. Received filters=0\."),
        (lambda: Conv1D(5, 2, groups=2), ValueError, r"Received: groups=2, filters=5\."),
        (lambda: Conv1D(4, 0), ValueError, r"Received kernel_size=0, including values \{0\}"),
        (
            lambda: Conv1D(4, (2, 2)),
            ValueError,
            r"tuple of 1 integers\. Received kernel_size=\(2, 2\)",
        ),
        (
            lambda: Conv1D(4, 2, strides=2, dilation_rate=2),
            ValueError,
            r"strides=\(2,\) and dilation",
        ),
        (lambda: Conv1D(4, 2, padding="full"), ValueError, r"`padding` argument must be one of .*'full'"),
        (lambda: MaxPooling1D(padding="causal"), ValueError, r"Received: 'causal'"),
        (lambda: Conv1D(4, 2, data_format="nwc"), ValueError, r"Received: data_format=nwc"),
        (
            lambda: LayerNormalization(axis="last"),
            TypeError,
            r"'axis', but received: 'last'",
        ),
        (lambda: BatchNormalization(renorm=True), ValueError, r"renormalisation is not implemented"),
        (lambda: BatchNormalization(synchronized=True), ValueError, r"Received: synchronized=True"),
        (lambda: Conv1D(4, 2, kernel_size_typo=1), TypeError, r"unknown argument kernel_size_typo"),
    ],
)
def test_bad_arguments(make: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_bad_inputs_change_nothing() -> None:
    conv = Conv1D(2, 3, input_shape=(None, 4))
    with pytest.raises(ValueError, match=r"built for 4 input channels, but received .* \(1, 5, 3\)"):
        conv(torch.zeros(1, 5, 3))
    with pytest.raises(ValueError, match=r"Computed output size would be zero or negative"):
        conv(torch.zeros(1, 2, 4))
    with pytest.raises(ValueError, match=r"expects inputs of rank 3, \(N, T, C\)\. Received: shape \(5, 4\)"):
        conv(torch.zeros(5, 4))
    with pytest.raises(ValueError, match=r"divisible .* groups=2, but the input has 3"):
        Conv1D(2, 2, groups=2, input_shape=(None, 3))
    with pytest.raises(ValueError, match=r"cannot pool windows of 4 steps over 3 steps"):
        MaxPooling1D(4)(torch.zeros(1, 3, 2))
    with pytest.raises(ValueError, match=r"expects a mask of shape \(1, 3\)"):
        GlobalAveragePooling1D()(torch.zeros(1, 3, 2), mask=torch.ones(1, 4))
    bn = BatchNormalization(input_shape=(None, 2))
    before = [w.copy() for w in bn.get_weights()]
    with pytest.raises(ValueError, match=r"mask provided should be one dimension less than the inputs"):
        bn(torch.ones(2, 3, 2), training=True, mask=torch.ones(2, 3, 2))
    with pytest.raises(ValueError, match=r"2 features on axis -1\), but received .* \(2, 3, 5\)"):
        bn(torch.ones(2, 3, 5), training=True)
    for old, new in zip(before, bn.get_weights()):
        np.testing.assert_array_equal(old, new)
    with pytest.raises(ValueError, match=r"Axis 3 is out of bounds for input shape \(None, 4\)"):
        LayerNormalization(axis=3, input_shape=(4,))


# ----- in a model -----------------------------------------------------------------------


def test_cnn_lstm_sequential_fits() -> None:
    torch.manual_seed(0)
    model = Sequential(
        [
            Conv1D(8, 3, padding="causal", activation="relu", input_shape=(12, 2)),
            BatchNormalization(),
            MaxPooling1D(2),
            LSTM(6),
            LayerNormalization(),
            Dense(1),
        ]
    )
    assert model.output_shape == (None, 1)
    x = np.random.default_rng(0).normal(size=(32, 12, 2)).astype("float32")
    y = x[:, :, :1].mean(axis=1)
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, batch_size=8, epochs=4, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
    bn = model.layers[1]
    assert not torch.equal(bn.moving_mean, torch.zeros(8))  # fit ran it in training mode
    moving = bn.moving_mean.clone()
    model.predict(x, verbose=0)  # predict does not
    assert torch.equal(bn.moving_mean, moving)
