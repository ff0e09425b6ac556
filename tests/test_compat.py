"""A private PyTorch API that a release renames breaks one feature with a clear message, never
``import statefulrnn`` (see `statefulrnn._compat`)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch

from statefulrnn import GRU, _compat
from statefulrnn.optimizers import Adam

# Removes private names from torch before importing statefulrnn, as a future PyTorch might.
_WITHOUT_PRIVATE_APIS = textwrap.dedent(
    """
    import json, warnings
    import torch
    for owner, name in [(torch, "_VF"), (torch, "gru"), (torch._C, "_are_functorch_transforms_active")]:
        delattr(owner, name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import statefulrnn
        from statefulrnn import _compat
        from statefulrnn.layers import use_compiled_kernels
    layer = statefulrnn.GRU(3, stateful=True, batch_input_shape=(2, None, 4))
    with torch.no_grad():
        output = layer(torch.ones(2, 5, 4))
    try:
        with use_compiled_kernels(True):
            pass
        refusal = None
    except RuntimeError as error:
        refusal = str(error)
    print(json.dumps({
        "missing": _compat.missing(),
        "warnings": [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)],
        "shape": list(output.shape),
        "refusal": refusal,
    }))
    """
)


def test_import_and_layers_work_without_the_private_apis() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PRIVATE_APIS], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["shape"] == [2, 3]  # on the per-step loop: no fused kernel is left
    assert "torch._VF.gru/lstm/rnn_tanh/rnn_relu" in report["missing"]
    assert "torch._C._are_functorch_transforms_active" in report["missing"]
    assert any(
        "has no torch._VF.gru/lstm/rnn_tanh/rnn_relu; recurrent layers run the per-step loop" in w
        for w in report["warnings"]
    )
    if report["refusal"] is not None:  # None: numba is absent and refused first (ModuleNotFoundError)
        assert "needs torch._C._are_functorch_transforms_active, which this PyTorch" in report["refusal"]


def test_this_pytorch_needs_no_fallback() -> None:
    assert _compat.missing() == []


def test_fused_kernels_are_looked_up_once() -> None:
    """Each torch._VF.<name> lookup costs about a microsecond: the kernels are kept."""
    from statefulrnn.layers import fused

    assert fused._GRU is _compat.GRU is torch._VF.gru
    assert fused._LSTM is _compat.LSTM is torch._VF.lstm


def test_tensor_version_moves_on_in_place_changes() -> None:
    tensor = torch.zeros(2)
    before = _compat.tensor_version(tensor)
    tensor.add_(1)
    assert _compat.tensor_version(tensor) != before


def test_own_parameters_are_the_modules_own() -> None:
    layer = GRU(3, input_shape=(None, 2))
    assert list(_compat.own_parameters(layer.cell).values()) == list(layer.cell.parameters(recurse=False))
    assert not _compat.own_parameters(layer)  # the cell's are not the layer's own


def _trained(monkeypatch: pytest.MonkeyPatch | None) -> list[np.ndarray]:
    """An optimizer made before its parameters (Keras style), then bound and stepped twice."""
    if monkeypatch is not None:  # torch's pickling protocol changed: the public fallback

        def refuse(self: object, state: object) -> None:
            raise TypeError("__setstate__() takes a different state now")

        monkeypatch.setattr(torch.optim.Optimizer, "__setstate__", refuse)
    optimizer = Adam(learning_rate=0.1)
    assert not optimizer.built and optimizer.param_groups == []
    weight = torch.nn.Parameter(torch.tensor([1.0, -2.0]))
    optimizer.build([weight])
    for _ in range(2):
        optimizer.zero_grad()
        (weight**2).sum().backward()
        optimizer.step()
    return [weight.detach().numpy().copy(), np.array(optimizer.iterations)]


def test_unbound_optimizer_without_the_pickling_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _trained(None)
    for got, want in zip(_trained(monkeypatch), expected, strict=True):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize(
    ("op", "args", "kwargs"),
    [
        ("add_", ("others",), {"alpha": -0.5}),
        ("add_", (0.25,), {}),
        ("add", (0.25,), {}),
        ("mul_", (3.0,), {}),
        ("lerp_", ("others", 0.1), {}),
        ("addcmul_", ("others", "others"), {"value": 0.5}),
        ("addcdiv_", ("others", "others"), {"value": -2.0}),
        ("maximum_", ("others",), {}),  # no Tensor.maximum_: the out-of-place result is copied in
        ("sqrt", (), {}),
        ("sqrt_", (), {}),
        ("sub_", ("others",), {}),
    ],
)
def test_foreach_loop_fallback_matches_torch(op: str, args: tuple, kwargs: dict) -> None:
    """Where torch._foreach_<op> is gone, optimizers step through the same loop fallback."""

    def operands() -> tuple[list[torch.Tensor], tuple]:
        generator = torch.Generator().manual_seed(0)
        tensors = [torch.rand(3, generator=generator) + 0.5 for _ in range(2)]
        others = [torch.rand(3, generator=generator) + 0.5 for _ in range(2)]
        return tensors, tuple(others if arg == "others" else arg for arg in args)

    tensors, own_args = operands()
    expected = getattr(torch, f"_foreach_{op}")(tensors, *own_args, **kwargs)
    fallback_tensors, fallback_args = operands()
    got = _compat._loop(op)(fallback_tensors, *fallback_args, **kwargs)
    torch.testing.assert_close(fallback_tensors, tensors)
    if not op.endswith("_"):  # an in-place op's result is not used
        torch.testing.assert_close(got, expected)


def test_foreach_is_pytorchs_kernel_when_present() -> None:
    assert _compat.foreach.add_ is torch._foreach_add_
