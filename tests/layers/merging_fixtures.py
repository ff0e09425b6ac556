"""Reading the merging fixtures (``tests/fixtures/merging``, made by
``tools/keras_fixtures/merging.py``) and replaying their stateful models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import torch

from statefulrnn import layers
from statefulrnn.models import Model

from .merging_models import MODELS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "merging"
TOLERANCE = dict(rtol=1e-5, atol=1e-5)  # float32, Keras on TensorFlow against torch


def load_case(name: str) -> dict[str, Any]:
    """The arrays of ``tests/fixtures/merging/NAME.npz``, with its ``spec`` parsed."""
    with np.load(FIXTURES / f"{name}.npz") as data:
        case = {key: data[key] for key in data.files}
    case["spec"] = json.loads(str(case["spec"]))
    return case


def case_names(kind: str) -> list[str]:
    """The fixture cases of one kind: ``"merge"`` (list-input layers), ``"single"`` (one-input
    layers) or ``"model"``."""
    names = []
    for path in sorted(FIXTURES.glob("*.npz")):
        spec = load_case(path.stem)["spec"]
        found = "model" if "model" in spec else "merge" if spec["list"] else "single"
        if found == kind:
            names.append(path.stem)
    return names


def inputs_of(case: dict[str, Any]) -> tuple[list[np.ndarray], list[np.ndarray | None]]:
    """The case's inputs ``x0, x1, ...`` and their masks (None where an input has none)."""
    count = sum(1 for key in case if key[0] == "x" and key[1:].isdigit())
    return [case[f"x{i}"] for i in range(count)], [case.get(f"m{i}") for i in range(count)]


def _fixture_model(case: dict[str, Any]) -> Model:
    """The case's model built with statefulrnn's layers, with the case's weights."""
    model = MODELS[case["spec"]["model"]](layers, Model)
    for layer in model.layers:
        count = sum(1 for key in case if key.startswith(f"w__{layer.name}__"))
        if count:
            layer.set_weights([case[f"w__{layer.name}__{i}"] for i in range(count)])
    return model


def run_whole_and_chunked(name: str) -> None:
    """The stateful fixture model gives Keras's outputs on the whole sequence and, after a
    reset, on consecutive chunks of it."""
    case = load_case(name)
    model = _fixture_model(case)
    xs, _ = inputs_of(case)

    def call(parts: list[np.ndarray]) -> np.ndarray:
        tensors = [torch.from_numpy(np.ascontiguousarray(p)) for p in parts]
        return model(tensors if len(tensors) > 1 else tensors[0]).detach().numpy()

    np.testing.assert_allclose(call(xs), case["y_full"], **TOLERANCE)
    model.reset_states()
    start = 0
    for k, length in enumerate(case["spec"]["chunks"]):
        np.testing.assert_allclose(
            call([x[:, start : start + length] for x in xs]), case[f"y_chunk_{k}"], **TOLERANCE
        )
        start += length
