"""`Lambda`: the output shapes it finds, Keras's arguments (``output_shape``, ``mask``,
``arguments``, a function taking ``mask``/``training``), models and streams through it, and
model files holding one: written as Keras writes them, read back with the program's own
functions and never the file's code (`statefulrnn.layers.lambda_code`); Keras's files in
tests/fixtures/lambda_layer, made by tools/keras_fixtures/lambda_layer.py."""

from __future__ import annotations

import marshal
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import LSTM, Dense, Input, Model, Sequential
from statefulrnn.callbacks import ModelCheckpoint
from statefulrnn.io import load_keras, load_keras_weights
from statefulrnn.layers import Lambda, Masking
from statefulrnn.models import clone_model
from statefulrnn.saving import custom_object_scope

from ..keras_python import keras_error_of_saved, needs_keras
from .stream_checks import assert_streams_like_whole

FIXTURES = Path(__file__).parents[1] / "fixtures" / "lambda_layer"
# The Python that compiled the fixtures' lambda_code files' bytecode (its marshal format).
FIXTURE_PYTHON = (3, 11)


@pytest.mark.parametrize(
    ("function", "input_shape", "expected"),
    [
        (lambda x: x * 100.0, (None, None, 3), (None, None, 3)),
        (lambda x: x[:, -1], (None, 5, 3), (None, 3)),
        (lambda x: x.unsqueeze(-1), (None, None), (None, None, 1)),
        (lambda x: x.reshape(x.shape[0], -1), (None, 4, 3), (None, 12)),
        (lambda x: torch.cat([x, x], dim=1), (None, None, 2), (None, None, 2)),
        (lambda x: x.mean(dim=1, keepdim=True), (None, 7, 2), (None, 1, 2)),
    ],
)
def test_the_output_shape_is_found_by_a_call(function, input_shape, expected) -> None:
    assert Lambda(function).compute_output_shape(input_shape) == expected


def test_several_inputs_and_outputs_in_a_functional_model() -> None:
    a, b = Input((3,)), Input((3,))
    total, difference = Lambda(lambda xs: (xs[0] + xs[1], xs[0] - xs[1]))([a, b])
    assert total.shape == (None, 3) and difference.shape == (None, 3)
    model = Model([a, b], [total, difference])
    x, y = torch.ones(2, 3), torch.full((2, 3), 2.0)
    outputs = model([x, y])
    assert outputs[0].tolist() == [[3.0] * 3] * 2 and outputs[1].tolist() == [[-1.0] * 3] * 2


def test_keras_arguments() -> None:
    given = Lambda(lambda x: x[:, :2], output_shape=(2,))
    assert given.compute_output_shape((None, 5)) == (None, 2)
    assert Lambda(lambda x: x, output_shape=[5, 2]).compute_output_shape((4, 5, 2)) == (4, 5, 2)  # JSON's
    two = Lambda(lambda x: (x, x[:, :1]), output_shape=[(5,), (1,)])
    assert two.compute_output_shape((4, 5)) == [(4, 5), (4, 1)]
    by_function = Lambda(lambda x: x, output_shape=lambda shape: (shape[0], 9))
    assert by_function.compute_output_shape((4, 9)) == (4, 9)
    scaled = Lambda(lambda x, factor: x * factor, arguments={"factor": 3.0})
    assert scaled(torch.ones(1, 2)).tolist() == [[3.0, 3.0]]
    seen = {}

    def record(x, mask=None, training=None):
        seen.update(mask=mask, training=training)
        return x

    Lambda(record)(torch.ones(1, 2, 1), mask=torch.tensor([[True, False]]), training=True)
    assert seen["training"] is True and seen["mask"].tolist() == [[True, False]]


def test_masks() -> None:
    x = torch.tensor([[[1.0], [0.0]]])
    passes = Lambda(lambda x: x * 2, mask=lambda inputs, mask: mask)
    assert passes.supports_masking
    assert passes.compute_mask(x, torch.tensor([[True, False]])).tolist() == [[True, False]]
    assert Lambda(lambda x: x).compute_mask(x, torch.tensor([[True, False]])) is None  # no mask: dropped
    model = Sequential([Input((2, 1)), Masking(0.0), Lambda(lambda x: x, mask=lambda inputs, mask: mask)])
    assert model.layers[-1].compute_mask(x, torch.tensor([[True, False]])) is not None


def test_a_stream_through_it_in_chunks_and_in_a_pool() -> None:
    torch.manual_seed(0)
    model = Sequential(
        [
            Input(batch_shape=(1, None, 3)),
            LSTM(4, stateful=True, return_sequences=True),
            Lambda(lambda x: x * 100.0),
            Dense(1),
        ]
    )
    x = np.random.default_rng(0).normal(size=(1, 9, 3)).astype(np.float32)
    assert_streams_like_whole(model, x, chunk=3)


def test_errors() -> None:
    with pytest.raises(TypeError, match=r"Lambda needs a callable function. Received: dict"):
        Lambda({"class_name": "__lambda__"})
    with pytest.raises(NotImplementedError, match=r"output shape could not be found .*Give output_shape="):
        Lambda(lambda x: x.numpy()).compute_output_shape((None, 3))  # no data to read on the meta device


@pytest.mark.parametrize("name", ["lambda.keras", "lambda_tf_keras.h5"])
def test_a_keras_file_whose_lambda_the_program_lacks_is_refused_and_its_weights_load(name: str) -> None:
    # The fixture script's own lambda: its code names that script, so no function here matches.
    with pytest.raises(ValueError, match=r"\(Lambda\) from the Keras file: its function is Python bytecode"):
        load_keras(FIXTURES / name)
    model = Sequential([Input((4, 3)), LSTM(2, return_sequences=True), Lambda(lambda x: x * 100.0)])
    load_keras_weights(model, FIXTURES / name)
    recorded = np.load(FIXTURES / "outputs.npz")
    np.testing.assert_allclose(model.predict(recorded["x"], verbose=0), recorded[name], rtol=1e-5, atol=1e-5)


def fixture_functions() -> dict:
    """lambda_functions.py's functions, compiled as the fixture script compiles them."""
    namespace: dict = {}
    source = (FIXTURES / "lambda_functions.py").read_text()
    exec(compile(source, "lambda_functions.py", "exec", dont_inherit=True), namespace)
    return namespace


@pytest.mark.parametrize("name", ["lambda_code.keras", "lambda_code_tf_keras.h5"])
def test_a_keras_file_loads_with_the_programs_own_functions(name: str) -> None:
    functions = fixture_functions()
    scaled = functions["scaled"](100.0)
    made = [Lambda(scaled), Lambda(functions["shifted"], output_shape=functions["keep_shape"])]
    recorded = np.load(FIXTURES / "outputs.npz")
    if sys.version_info[:2] != FIXTURE_PYTHON:  # another marshal format: not the program's code
        with pytest.raises(ValueError, match=r"is Python bytecode \(a lambda\)"):
            load_keras(FIXTURES / name)
        return
    model = load_keras(FIXTURES / name)
    np.testing.assert_allclose(model.predict(recorded["x"], verbose=0), recorded[name], rtol=1e-5, atol=1e-5)
    by_closure, named = model.layers[1:]
    assert by_closure.function is scaled and named.function is functions["shifted"]
    assert named.arguments == {"shift": 0.25} and named._given_output_shape is functions["keep_shape"]
    assert len(made) == 2  # the layers that hold the functions, alive until here


def lambda_model() -> Sequential:
    """A model with each kind of Lambda function: a lambda with a closure, a named function with
    arguments and a lambda output_shape, a lambda mask."""
    torch.manual_seed(0)

    def scaled(factor: float):
        return lambda x: x * factor

    def shift_by(x, shift=0.5):
        return x + shift

    return Sequential(
        [
            Input((4, 3)),
            LSTM(2, return_sequences=True),
            Lambda(scaled(10.0)),
            Lambda(shift_by, arguments={"shift": 0.25}, output_shape=lambda shape: shape),
            Lambda(lambda x: x, mask=lambda inputs, mask: mask),
            Dense(1),
        ]
    )


@pytest.mark.parametrize("name", ["model.keras", "model.h5", "model.safetensors"])
def test_a_model_saved_with_lambdas_loads_again_in_the_program(tmp_path: Path, name: str) -> None:
    model = lambda_model()
    model.compile("adam", "mse")
    x = np.random.default_rng(0).normal(size=(2, 4, 3)).astype(np.float32)
    model.save(tmp_path / name)
    loaded = statefulrnn.load_model(tmp_path / name)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)
    for ours, theirs in zip(model.layers[1:4], loaded.layers[1:4]):
        assert (ours.function, ours.arguments, ours.mask) == (theirs.function, theirs.arguments, theirs.mask)
        assert ours._given_output_shape is theirs._given_output_shape
    twin = clone_model(model)
    assert twin.layers[1].function is model.layers[1].function


def test_a_checkpoint_written_during_fit_loads(tmp_path: Path) -> None:
    # The program Keras users write: a ModelCheckpoint to .h5, then the best model loaded.
    model = Sequential([Input((4, 3)), LSTM(2), Lambda(lambda x: x * 10.0), Dense(1)])
    model.compile("adam", "mse")
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(8, 4, 3)).astype(np.float32), rng.normal(size=(8, 1)).astype(np.float32)
    model.fit(x, y, epochs=2, verbose=0, callbacks=[ModelCheckpoint(str(tmp_path / "best.h5"))])
    best = statefulrnn.load_model(tmp_path / "best.h5")
    np.testing.assert_allclose(best.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)


def test_loading_never_unmarshals_the_files_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = lambda_model()
    model.save(tmp_path / "model.keras")
    statefulrnn.load_model(tmp_path / "model.keras")  # every module the load needs is imported now

    def refuse(*args: object) -> None:
        raise AssertionError("the file's code was unmarshalled")

    monkeypatch.setattr(marshal, "loads", refuse)
    monkeypatch.setattr(marshal, "load", refuse)
    assert statefulrnn.load_model(tmp_path / "model.keras").layers[1].function is model.layers[1].function


def test_only_the_same_code_defaults_and_closure_match() -> None:
    def scaled(factor: float):
        return lambda x: x * factor

    layer = Lambda(scaled(2.0), name="by_two")
    config = layer.get_config()
    assert config["function"]["class_name"] == "__lambda__"
    assert config["function"]["config"]["closure"] == (2.0,)
    config["function"]["config"]["closure"] = [2.0]  # as a file holds it, through JSON
    assert Lambda.from_config(config).function is layer.function
    config["function"]["config"]["closure"] = [3.0]
    with pytest.raises(ValueError, match=r"Lambda 'by_two': its function is Python bytecode .*same code"):
        Lambda.from_config(config)
    config["function"]["config"].update(closure=[2.0], code=config["function"]["config"]["code"][::-1])
    with pytest.raises(ValueError, match=r"is Python bytecode \(a lambda\)"):
        Lambda.from_config(config)


def test_tf_keras_configs_name_functions_by_bytecode_or_name() -> None:
    def offset_by_one_and_a_half(x, offset=1.5):
        return x + offset

    layer = Lambda(offset_by_one_and_a_half, output_shape=lambda shape: shape)
    mine = layer.get_config()
    assert mine["function"] == {
        "module": "builtins", "class_name": "function", "config": "offset_by_one_and_a_half",
        "registered_name": "function",
    }  # fmt: skip
    bytecode = mine["output_shape"]["config"]
    tf_keras = {
        "name": "shifted", "function": "offset_by_one_and_a_half", "function_type": "function",
        "module": "__main__",
        "output_shape": [bytecode["code"], None, None], "output_shape_type": "lambda",
        "output_shape_module": "__main__", "arguments": {},
    }  # fmt: skip
    rebuilt = Lambda.from_config(tf_keras)
    assert rebuilt.function is offset_by_one_and_a_half
    assert rebuilt._given_output_shape is layer._given_output_shape
    raw = Lambda.from_config({**tf_keras, "output_shape": [3], "output_shape_type": "raw"})
    assert raw._given_output_shape == [3]


def test_a_function_by_name_is_what_the_program_hands_over_first() -> None:
    def halve_it(x):
        return x / 2

    def other(x):
        return x

    config = Lambda(halve_it).get_config()
    assert Lambda.from_config(config).function is halve_it  # one of the program's Lambda functions
    with custom_object_scope({"halve_it": other}):
        assert Lambda.from_config(config).function is other  # handed over: as Keras looks first
    unknown = {**config, "function": {**config["function"], "config": "never_made_here"}}
    with pytest.raises(ValueError, match=r"function is the function 'never_made_here', and none was handed"):
        Lambda.from_config(unknown)


@needs_keras
def test_keras_3_loads_our_file(tmp_path: Path) -> None:
    model = lambda_model()
    x = np.random.default_rng(2).normal(size=(2, 4, 3)).astype(np.float32)
    prelude = "def shift_by(x, shift=0.5):\n    return x + shift"
    options = 'safe_mode=False, custom_objects={"shift_by": shift_by}'
    assert keras_error_of_saved(model, x, tmp_path, prelude, options) < 1e-5
