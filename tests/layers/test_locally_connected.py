"""tf-keras's ``LocallyConnected1D``, ``LocallyConnected2D`` and ``ThresholdedReLU`` against
tf-keras's numbers (``tests/fixtures/locally_connected``, made by
``tools/keras_fixtures/locally_connected.py``): outputs and gradients for each implementation,
layout and padding, a tf-keras ``.h5`` model file, and what they refuse (a chunk of a sequence
among it: their weights are per position)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import layers
from statefulrnn.models.step_flags import check_honoured, mixes_steps
from tests.fixture_scripts import fixture_script

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "locally_connected"
STORED = np.load(FIXTURE / "values.npz")
SCRIPT = fixture_script("locally_connected")


@pytest.mark.parametrize("case", list(SCRIPT.CASES))
def test_outputs_and_gradients_equal_tf_keras(case: str) -> None:
    _, shape, _ = SCRIPT.CASES[case]
    layer = SCRIPT.layer(statefulrnn, case)
    layer.build((None, *shape))
    layer.set_weights([STORED[f"{case}_weight_{i}"] for i in range(len(layer.weights))])
    x = torch.tensor(STORED[f"{case}_x"], requires_grad=True)
    y = layer(x)
    np.testing.assert_allclose(y.detach().numpy(), STORED[f"{case}_y"], rtol=1e-5, atol=1e-5)
    (y * torch.from_numpy(STORED[f"{case}_probe"])).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), STORED[f"{case}_grad_x"], rtol=1e-5, atol=1e-5)
    for i, weight in enumerate(layer.parameters()):
        np.testing.assert_allclose(weight.grad.numpy(), STORED[f"{case}_grad_{i}"], rtol=1e-5, atol=1e-5)
    again = type(layer).from_config(layer.get_config())
    assert again.get_config() == layer.get_config()


def test_the_three_implementations_compute_one_function() -> None:
    """Implementation 1's kernel placed into 2's dense map and 3's connected entries."""
    x = torch.randn(2, 6, 3, generator=torch.Generator().manual_seed(0))
    made = {i: layers.LocallyConnected1D(2, 3, strides=1, implementation=i) for i in (1, 2, 3)}
    first = made[1]
    first(x)
    kernel = first.kernel.detach().reshape(4, 3, 3, 2)  # (output step, window step, C, F)
    dense = torch.zeros(6, 3, 4, 2)  # implementation 2's (T, C, T', F)
    for step in range(4):
        dense[step : step + 3, :, step] = kernel[step]
    made[2].build((None, 6, 3))
    made[2].set_weights([dense.numpy(), first.bias.detach().numpy()])
    made[3].build((None, 6, 3))
    matrix = dense.permute(2, 3, 0, 1).reshape(8, 18)  # (T' F, T C), rows and columns flattened
    rows, columns = made[3]._pairs
    made[3].set_weights([matrix[rows, columns].numpy(), first.bias.detach().numpy()])
    for implementation in (2, 3):
        torch.testing.assert_close(made[implementation](x), first(x))


@pytest.mark.parametrize("theta", SCRIPT.THETAS)
def test_thresholded_relu_equals_tf_keras(theta: float) -> None:
    y = layers.ThresholdedReLU(theta=theta)(torch.from_numpy(STORED["relu_x"])).numpy()
    np.testing.assert_array_equal(y, STORED[f"relu_{theta}"])  # NaN stays NaN, -0 stays -0
    np.testing.assert_array_equal(np.signbit(y), np.signbit(STORED[f"relu_{theta}"]))


def test_a_tf_keras_h5_model_loads_and_predicts_as_tf_keras(tmp_path: Path) -> None:
    model = statefulrnn.load_model(FIXTURE / "model.h5")
    assert [type(layer).__name__ for layer in model.layers][:2] == ["LocallyConnected1D", "ThresholdedReLU"]
    assert [layer.implementation for layer in model.layers if hasattr(layer, "implementation")] == [2, 3, 1]
    np.testing.assert_allclose(
        model.predict(STORED["model_x"], verbose=0), STORED["model_y"], rtol=1e-5, atol=1e-6
    )
    twin = SCRIPT.build(statefulrnn)  # its weights-only file, into a model built by the program
    twin.load_weights(FIXTURE / "model.h5")
    np.testing.assert_allclose(
        twin.predict(STORED["model_x"], verbose=0), STORED["model_y"], rtol=1e-5, atol=1e-6
    )


def test_a_step_trains_every_implementation() -> None:
    x, target = torch.randn(4, 5, 2), torch.randn(4, 3, 3)
    for implementation in (1, 2, 3):
        model = statefulrnn.Sequential(
            [layers.Input((5, 2)), layers.LocallyConnected1D(3, 3, implementation=implementation)]
        )
        model.compile(optimizer="sgd", loss="mse")
        before = model.evaluate(x, target, verbose=0)
        for _ in range(3):
            model.train_on_batch(x, target)
        assert model.evaluate(x, target, verbose=0) < before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: layers.LocallyConnected1D(2, 3, padding="same"), r"only \"valid\" is supported"),
        (lambda: layers.LocallyConnected2D(2, 3, implementation=4), r"Unrecognized implementation mode: 4"),
        (lambda: layers.LocallyConnected1D(2, 3, padding="causal", implementation=2), r"must be one of"),
        (lambda: layers.LocallyConnected1D(0, 3), r"Expected a strictly positive value"),
        (lambda: layers.LocallyConnected2D(2, (3, 0)), r"kernel_size"),
        (lambda: layers.ThresholdedReLU(theta=-1.0), r"should be >=0\. Received: -1\.0"),
        (lambda: layers.ThresholdedReLU(theta=None), r"cannot be None"),
    ],
)  # fmt: skip
def test_arguments_tf_keras_refuses_are_refused(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_shapes_it_cannot_hold_weights_for_are_refused() -> None:
    with pytest.raises(ValueError, match=r"needs inputs of rank 3 with every size but the batch known"):
        layers.LocallyConnected1D(2, 3, name="lc").build((None, None, 3))
    with pytest.raises(ValueError, match=r"One of the dimensions in the output is <= 0"):
        layers.LocallyConnected2D(2, 4).build((None, 3, 5, 1))


def test_a_chunk_of_a_sequence_is_refused_and_the_layer_kept() -> None:
    layer = layers.LocallyConnected1D(2, 1, name="lc")
    x = torch.randn(2, 6, 3)
    whole = layer(x)
    with pytest.raises(
        ValueError, match=r"'lc' was built for inputs of shape \(None, 6, 3\) .* Received: shape \(2, 3, 3\)"
    ):
        layer(x[:, :3])
    torch.testing.assert_close(layer(x), whole)


def test_step_flags_and_stream_pools_treat_it_as_mixing_steps() -> None:
    layer = layers.LocallyConnected1D(2, 1, name="lc")
    assert mixes_steps(layer) and not mixes_steps(layers.ThresholdedReLU())
    check_honoured(layer, "resets", torch.tensor([[True, False]]))  # nothing came before step 0
    with pytest.raises(ValueError, match=r"Layer 'lc' \(LocallyConnected1D\) cannot honour mask="):
        check_honoured(layer, "mask", torch.tensor([[True, False]]))
    model = statefulrnn.Sequential(
        [layers.Input((6, 3), batch_size=1), layers.GRU(4, return_sequences=True, stateful=True), layer]
    )
    with pytest.raises(ValueError, match="mixes time steps"):
        statefulrnn.streaming.StreamPool(model)


def test_fit_refuses_chunks_of_a_model_holding_one() -> None:
    model = statefulrnn.Sequential([layers.Input((6, 3)), layers.LocallyConnected1D(2, 1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=r"a chunk of a longer sequence cannot give the whole"):
        model.fit(np.ones((2, 6, 3), np.float32), np.ones((2, 6, 2), np.float32), chunk_length=3, verbose=0)


def test_keras_3_files_refuse_them_by_name(tmp_path: Path) -> None:
    model = statefulrnn.Sequential([layers.Input((6, 3)), layers.LocallyConnected1D(2, 1, name="lc")])
    with pytest.raises(ValueError, match="'lc'"):
        model.save(tmp_path / "m.keras")
