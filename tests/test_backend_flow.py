"""Keras 2's ``keras.backend`` control flow (``K.in_train_phase``, ``K.map_fn``, ``K.foldl``,
``K.foldr``) and ``K.name_scope`` against tf-keras 2.21 (``tests/fixtures/backend_flow``, from
``tools/keras_fixtures/backend_flow.py``, whose `cases` both run), on a functional model's
symbolic tensors; and the random functions (``K.random_normal``, ``K.random_uniform``,
``K.dropout``, ...), whose numbers are torch's: their shapes, dtypes, ranges, statistics and
seeding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from statefulrnn import backend as K
from statefulrnn.layers import Input, Layer
from statefulrnn.models import Model

from .fixture_scripts import fixture_script

SCRIPT = fixture_script("backend_flow")
FIXTURE = np.load(Path(__file__).parent / "fixtures" / "backend_flow" / "values.npz")
GOT = SCRIPT.cases(K, {name: torch.from_numpy(value) for name, value in SCRIPT.inputs().items()})


@pytest.mark.parametrize("name", sorted(GOT))
def test_flow_matches_tf_keras(name: str) -> None:
    got, expected = np.asarray(K.get_value(GOT[name])), FIXTURE[f"out_{name}"]
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


def test_name_scope_names_as_tf_keras() -> None:
    assert SCRIPT.scope_names(K) == json.loads(str(FIXTURE["scopes"]))
    with pytest.raises(ValueError, match=r"name for name_scope must be a string\. Received: name=None"):
        with K.name_scope(None):
            pass


class _ScopedWeights(Layer):
    """philipperemy/keras-attention's pattern: weights made inside ``K.name_scope``."""

    def build(self, input_shape: Any) -> None:
        with K.name_scope(self.name):
            self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], 2), initializer="ones")
        super().build(input_shape)

    def call(self, x: torch.Tensor) -> torch.Tensor:
        return K.dot(x, self.kernel)


def test_a_layer_building_in_a_name_scope_works_in_a_model() -> None:
    inputs = Input((3,))
    model = Model(inputs, _ScopedWeights()(inputs))
    assert model(torch.ones(1, 3)).tolist() == [[3.0, 3.0]]


def test_in_train_phase_calls_only_the_branch_picked() -> None:
    def never() -> torch.Tensor:
        raise AssertionError("the branch not taken was called")

    assert K.in_train_phase(lambda: torch.ones(1), never, training=True).tolist() == [1.0]
    assert K.in_train_phase(never, lambda: torch.zeros(1)).tolist() == [0.0]  # learning phase 0


def test_loops_on_symbolic_tensors_record_nodes_that_loop_when_called() -> None:
    inputs = Input((3, 4))
    mapped = K.map_fn(lambda sample: K.sum(sample, axis=0), inputs)
    folded = K.foldl(lambda total, row: total + row, inputs)  # over the batch, as tf-keras
    pairs = K.foldr(lambda total, pair: (total[0] - pair[0], total[1] + pair[1]), (inputs, inputs))
    dropped = K.dropout(inputs, 0.5)
    assert [K.int_shape(t) for t in (mapped, dropped)] == [(None, 4), (None, 3, 4)]
    model = Model(inputs, [mapped, folded, pairs[0], pairs[1], dropped])
    x = torch.randn(5, 3, 4)
    got = model(x)
    torch.testing.assert_close(got[0], x.sum(1))
    torch.testing.assert_close(got[1], x.sum(0))
    torch.testing.assert_close(got[2], x[4] - x[3] - x[2] - x[1] - x[0])  # from the last
    torch.testing.assert_close(got[3], x.sum(0))
    assert ((got[4] == 0) | torch.isclose(got[4], 2 * x)).all() and (got[4] == 0).any()


def test_folds_of_nothing_need_an_initializer() -> None:
    with pytest.raises(ValueError, match="foldl: elems has no slices and no initializer"):
        K.foldl(lambda total, row: total + row, torch.ones(0, 2))
    assert K.foldr(lambda total, row: total + row, torch.ones(0, 2), initializer=torch.zeros(2)).tolist() == [
        0.0,
        0.0,
    ]


@pytest.mark.parametrize("function", [K.random_normal, K.random_uniform, K.truncated_normal])
def test_random_shapes_dtypes_and_seeds(function: Any) -> None:
    assert function((2, 3)).shape == (2, 3) and function((2, 3)).dtype == torch.float32
    assert function([4], dtype="float64").dtype == torch.float64
    assert function((K.shape(torch.ones(5, 2))[0], 3)).shape == (5, 3)  # the VAE's K.shape(z)[0]
    assert torch.equal(function((50,), seed=3), function((50,), seed=3))
    assert not torch.equal(function((50,), seed=3), function((50,), seed=4))
    assert not torch.equal(function((50,)), function((50,)))  # unseeded: new values each call
    with pytest.raises(ValueError, match="A floating dtype is needed here"):
        function((2,), dtype="int32")


def test_random_statistics() -> None:
    normal = K.random_normal((20000,), mean=3.0, stddev=2.0, seed=1)
    assert abs(float(normal.mean()) - 3.0) < 0.05 and abs(float(normal.std()) - 2.0) < 0.05
    uniform = K.random_uniform((20000,), minval=-1.0, maxval=3.0, seed=1)
    assert float(uniform.min()) >= -1.0 and float(uniform.max()) < 3.0
    assert abs(float(uniform.mean()) - 1.0) < 0.05
    truncated = K.truncated_normal((20000,), mean=1.0, stddev=0.5, seed=1)
    assert float((truncated - 1.0).abs().max()) < 1.0 and abs(float(truncated.std()) - 0.44) < 0.02
    ones = K.random_bernoulli((20000,), p=0.3, seed=1)
    assert set(ones.unique().tolist()) == {0.0, 1.0} and abs(float(ones.mean()) - 0.3) < 0.02
    with pytest.warns(DeprecationWarning, match="random_bernoulli"):
        assert torch.equal(K.random_binomial((10,), p=0.3, seed=2), K.random_bernoulli((10,), p=0.3, seed=2))


def test_dropout_scales_kept_values_and_shares_draws_along_noise_shape() -> None:
    x = torch.ones(400, 50)
    dropped = K.dropout(x, 0.25, seed=1)
    kept = dropped != 0
    assert (
        torch.allclose(dropped[kept], torch.tensor(1 / 0.75))
        and abs(float(kept.float().mean()) - 0.75) < 0.01
    )
    assert torch.equal(K.dropout(x, 0.25, seed=1), dropped)
    rows = K.dropout(x, 0.5, noise_shape=(400, 1), seed=2)
    assert torch.equal(rows, rows[:, :1].expand_as(rows))  # each row kept or dropped whole
    columns = K.dropout(x, 0.5, noise_shape=(None, 50), seed=2)  # None: x's size
    assert 0 < int((columns == 0).sum()) < x.numel()
    assert torch.equal(K.dropout(x, 0.0), x)
    with pytest.raises(ValueError, match="noise_shape needs one entry per axis"):
        K.dropout(x, 0.5, noise_shape=(1,))
