"""`Activation` (``layers/activation.py``): Keras's numbers (fixtures from
``tools/keras_fixtures/merging.py``), masks passed on, and errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from statefulrnn.layers import GRU, Activation, Input
from statefulrnn.models import Model

from .merging_fixtures import case_names, inputs_of, load_case


@pytest.mark.parametrize("name", [n for n in case_names("single") if n.startswith("activation")])
def test_keras_numbers_and_mask(name: str) -> None:
    case = load_case(name)
    (x,), (mask,) = inputs_of(case)
    layer = Activation(**case["spec"]["config"])
    np.testing.assert_allclose(layer(torch.from_numpy(x)).numpy(), case["y"], rtol=1e-5, atol=1e-5)
    if "y_mask" in case:
        np.testing.assert_array_equal(layer.compute_mask(x, torch.from_numpy(mask)).numpy(), case["y_mask"])


def test_masks_pass_through() -> None:
    assert Activation("relu").supports_masking
    mask = torch.tensor([[True, False]])
    assert Activation("relu").compute_mask(torch.zeros(1, 2, 3), mask) is mask


def test_callables_and_none() -> None:
    x = torch.tensor([[-1.0, 2.0]])
    assert torch.equal(Activation(torch.relu)(x), torch.tensor([[0.0, 2.0]]))
    assert torch.equal(Activation(None)(x), x)


def test_in_a_functional_model_after_a_recurrent_layer() -> None:
    inputs = Input(batch_shape=(2, None, 3))
    hidden = GRU(4, stateful=True, return_sequences=True)(inputs)
    outputs = Activation("softmax")(hidden)
    assert outputs.shape == (2, None, 4)
    y = Model(inputs, outputs)(torch.rand(2, 5, 3))
    torch.testing.assert_close(y.sum(-1), torch.ones(2, 5))


def test_unknown_names_are_refused() -> None:
    with pytest.raises(ValueError, match=r"Unknown activation 'rellu'"):
        Activation("rellu")
    with pytest.raises(
        TypeError, match=r"activation must be a name such as 'tanh' or a callable. Received: 3"
    ):
        Activation(3)
