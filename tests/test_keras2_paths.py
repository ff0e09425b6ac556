"""Keras 2's module paths (``keras.layers.recurrent``, ``keras.utils.np_utils``, ...) and the model
methods Keras 3 dropped (``fit_generator``, ``predict_classes``, ``to_yaml``, ...): each old name
is statefulrnn's own object, and each method does what tf-keras 2.21 (or, where tf-keras has
none, Keras 2.3) does."""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import torch

import statefulrnn
from statefulrnn import Dense, Input, Model, Sequential, callbacks, initializers, layers, utils
from statefulrnn.graph import Node
from statefulrnn.models import keras2_methods
from tests.fixture_scripts import fixture_script

# Each Keras 2 module and the names it held that statefulrnn has (Keras 2.3.1's modules; the
# names they held that statefulrnn lacks raise Python's ImportError).
PATHS = {
    "layers.recurrent": (
        "GRU GRUCell InputSpec LSTM LSTMCell Layer RNN SimpleRNN SimpleRNNCell StackedRNNCells"
    ),
    "layers.core": (
        "Activation ActivityRegularization Dense Dropout Flatten InputSpec Lambda Layer Masking Permute "
        "RepeatVector Reshape SpatialDropout1D"
    ),
    "layers.convolutional": (
        "AveragePooling1D AveragePooling2D AveragePooling3D Conv1D Conv2D Conv2DTranspose Conv3D "
        "Conv3DTranspose Convolution1D Convolution2D Convolution2DTranspose Convolution3D Cropping1D "
        "Cropping2D Cropping3D DepthwiseConv2D InputSpec Layer MaxPooling1D MaxPooling2D MaxPooling3D "
        "SeparableConv1D SeparableConv2D SeparableConvolution1D SeparableConvolution2D UpSampling1D "
        "UpSampling2D UpSampling3D ZeroPadding1D ZeroPadding2D ZeroPadding3D"
    ),
    "layers.embeddings": "Embedding",
    "layers.wrappers": "Bidirectional TimeDistributed",
    "layers.advanced_activations": "ELU LeakyReLU PReLU ReLU Softmax",
    "layers.merge": (
        "Add Average Concatenate Dot Maximum Minimum Multiply Subtract add average concatenate dot "
        "maximum minimum multiply subtract"
    ),
    "layers.convolutional_recurrent": "ConvLSTM2D",
    "layers.cudnn_recurrent": "CuDNNGRU CuDNNLSTM",
    "layers.normalization": "BatchNormalization",
    "layers.pooling": (
        "AveragePooling1D AveragePooling2D AveragePooling3D AvgPool1D AvgPool2D AvgPool3D "
        "GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D GlobalAvgPool1D "
        "GlobalAvgPool2D GlobalAvgPool3D GlobalMaxPool1D GlobalMaxPool2D GlobalMaxPool3D "
        "GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D MaxPool1D MaxPool2D MaxPool3D "
        "MaxPooling1D MaxPooling2D MaxPooling3D"
    ),
    "layers.noise": "AlphaDropout GaussianDropout GaussianNoise",
    "engine": "Input InputLayer InputSpec Layer",
    "engine.topology": "Input InputLayer InputSpec Layer",
}
CASES = [(path, name) for path, names in PATHS.items() for name in names.split()]


@pytest.mark.parametrize(("path", "name"), CASES, ids=[f"{p}.{n}" for p, n in CASES])
def test_a_keras_2_path_gives_statefulrnn_s_own_object(path: str, name: str) -> None:
    module = importlib.import_module(f"statefulrnn.{path}")
    assert getattr(module, name) is getattr(layers, name)


def test_the_other_keras_2_paths_are_the_same_objects() -> None:
    from statefulrnn.callbacks.callbacks import Callback, EarlyStopping, ModelCheckpoint, ReduceLROnPlateau
    from statefulrnn.engine import Model as EngineModel
    from statefulrnn.engine.topology import Node as TopologyNode
    from statefulrnn.utils import np_utils, vis_utils
    from statefulrnn.utils.np_utils import to_categorical

    assert (Callback, EarlyStopping) == (callbacks.Callback, callbacks.EarlyStopping)
    assert (ModelCheckpoint, ReduceLROnPlateau) == (callbacks.ModelCheckpoint, callbacks.ReduceLROnPlateau)
    assert EngineModel is Model and TopologyNode is Node
    assert to_categorical is np_utils.to_categorical is utils.to_categorical
    assert np_utils.normalize is utils.normalize
    assert vis_utils.plot_model is utils.plot_model


def test_the_reference_recorder_gives_tf_keras_the_same_old_paths() -> None:
    # tools/keras_programs.py makes these modules for tf-keras, which dropped them, so that a
    # Keras 2 program's reference can be recorded: each name must be one statefulrnn answers at
    # the same path, and every name checked above must be there.
    path = Path(__file__).resolve().parents[1] / "tools" / "keras_programs.py"
    spec = importlib.util.spec_from_file_location("keras_programs_tool", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for module_path, (_, names) in tool.KERAS2_MODULES.items():
        module = importlib.import_module(f"statefulrnn.{module_path}")
        assert [n for n in names.split() if not hasattr(module, n)] == [], module_path
    for module_path, names in PATHS.items():
        assert set(names.split()) <= set(tool.KERAS2_MODULES[module_path][1].split()), module_path


def test_initializers_lower_case_names_are_the_classes() -> None:
    assert initializers.glorot_uniform is initializers.GlorotUniform
    assert initializers.orthogonal is initializers.Orthogonal
    assert initializers.zero is initializers.zeros is initializers.Zeros
    assert initializers.normal is initializers.random_normal is initializers.RandomNormal
    assert torch.equal(
        initializers.glorot_uniform(seed=1)((3, 4)), initializers.GlorotUniform(seed=1)((3, 4))
    )


@pytest.mark.parametrize(
    ("statement", "missing"),
    [
        ("from statefulrnn.layers.advanced_activations import Swish", "Swish"),
        ("from statefulrnn.layers.recurrent import Recurrent", "Recurrent"),
        ("from statefulrnn.engine.topology import Network", "Network"),
    ],
)
def test_a_keras_2_name_statefulrnn_lacks_is_python_s_import_error(statement: str, missing: str) -> None:
    with pytest.raises(ImportError, match=f"cannot import name '{missing}'"):
        exec(statement, {})


def test_keras_2_s_advanced_activations_hold_thresholded_relu() -> None:
    from statefulrnn import layers
    from statefulrnn.layers.advanced_activations import ThresholdedReLU

    assert ThresholdedReLU is layers.ThresholdedReLU


def test_import_statefulrnn_loads_none_of_the_old_paths() -> None:
    modules = ["statefulrnn.layers", "statefulrnn.engine", "statefulrnn.utils"]
    script = f"import sys, statefulrnn; print([m for m in {modules} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _classifier(units: int, activation: str) -> Sequential:
    torch.manual_seed(0)
    model = Sequential([Input(shape=(3,)), Dense(units, activation=activation)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def _batches(count: int = 3) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(0)
    return [(rng.normal(size=(4, 3)).astype(np.float32), rng.normal(size=(4, 2)).astype(np.float32))] * count


def test_fit_generator_is_fit_with_tf_keras_s_warning() -> None:
    expected = _classifier(2, "linear")
    expected.fit(iter(_batches(6)), steps_per_epoch=3, epochs=2, verbose=0)
    model = _classifier(2, "linear")
    with pytest.warns(
        UserWarning, match=r"^`Model.fit_generator` is deprecated and will be removed in a future"
    ):
        history = model.fit_generator(iter(_batches(6)), steps_per_epoch=3, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    for got, want in zip(model.get_weights(), expected.get_weights()):
        np.testing.assert_array_equal(got, want)
    with pytest.warns(UserWarning, match="Please use `Model.evaluate`, which supports generators"):
        loss = model.evaluate_generator(iter(_batches()), steps=3)
    assert loss == pytest.approx(model.evaluate(iter(_batches()), steps=3, verbose=0))
    with pytest.warns(UserWarning, match="Please use `Model.predict`, which supports generators"):
        outputs = model.predict_generator(iter([x for x, _ in _batches()]), steps=2)
    np.testing.assert_array_equal(
        outputs, model.predict(iter([x for x, _ in _batches()]), steps=2, verbose=0)
    )


def test_keras_2_loading_options_change_nothing_but_say_so_where_they_ask_for_workers() -> None:
    expected = _classifier(2, "linear")
    expected.fit(iter(_batches(6)), steps_per_epoch=3, epochs=2, verbose=0)
    model = _classifier(2, "linear")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit_generator(
            iter(_batches(6)), steps_per_epoch=3, epochs=2, verbose=0, workers=4, use_multiprocessing=True
        )
        model.evaluate(*_batches(1)[0], verbose=0, workers=1, max_queue_size=10)  # tf-keras's defaults
        model.predict(_batches(1)[0][0], verbose=0, workers=2)
    loading = [w for w in caught if "reads batches in the training thread" in str(w.message)]
    assert len(loading) == 2 and "workers=4, use_multiprocessing=True" in str(loading[0].message)
    assert all(w.filename == __file__ for w in caught)  # each names the program's own line
    for ours, reference in zip(model.get_weights(), expected.get_weights()):
        np.testing.assert_array_equal(ours, reference)
    with pytest.raises(TypeError, match="Did you mean steps_per_epoch="):
        model.fit_generator(iter(_batches()), steps_per_epoc=3)


def test_keras_1_nb_epoch_is_epochs_with_keras_2_s_warning() -> None:
    model = _classifier(2, "linear")
    with pytest.warns(UserWarning, match="The `nb_epoch` argument in `fit` has been renamed `epochs`."):
        history = model.fit(*_batches(1)[0], nb_epoch=3, verbose=0)
    assert len(history.history["loss"]) == 3


def test_predict_classes_and_predict_proba_follow_keras_2_3() -> None:
    x = np.random.default_rng(1).normal(size=(5, 3)).astype(np.float32)
    softmax = _classifier(4, "softmax")
    proba = softmax.predict(x, verbose=0)
    np.testing.assert_array_equal(softmax.predict_classes(x), proba.argmax(axis=-1))
    np.testing.assert_array_equal(softmax.predict_proba(x), proba)
    sigmoid = _classifier(1, "sigmoid")
    classes = sigmoid.predict_classes(x)
    assert classes.dtype == np.int32 and classes.shape == (5, 1)
    np.testing.assert_array_equal(classes, (sigmoid.predict(x, verbose=0) > 0.5).astype("int32"))
    with pytest.warns(UserWarning, match="^Network returning invalid probability values"):
        _classifier(2, "linear").predict_proba(x * 100)
    assert not hasattr(Model, "predict_classes")  # Keras 2.3 gave them to Sequential only


def test_to_yaml_is_refused_with_tf_keras_s_error() -> None:
    with pytest.raises(RuntimeError) as error:
        _classifier(2, "linear").to_yaml()
    assert str(error.value) == (
        "Method `model.to_yaml()` has been removed due to security risk of arbitrary code execution. "
        "Please use `model.to_json()` instead."
    )


def test_plot_model_from_vis_utils_draws_the_model(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    from statefulrnn.utils.vis_utils import plot_model

    path = tmp_path / "model.png"
    assert plot_model(_classifier(2, "linear"), to_file=str(path)) is None
    assert path.stat().st_size > 0


def test_the_methods_live_in_one_module() -> None:
    assert Sequential.fit_generator is keras2_methods.GeneratorMethods.fit_generator
    assert statefulrnn.Model.to_yaml is keras2_methods.GeneratorMethods.to_yaml


# TensorFlow 2.x's experimental module, which tf-keras keeps (so not a Keras 2 path above).
EXPERIMENTAL = {
    "layers.experimental": "EinsumDense",
    "layers.experimental.preprocessing": (
        "CategoryEncoding Discretization Hashing IntegerLookup Normalization Rescaling StringLookup "
        "TextVectorization"
    ),
}


def test_tensorflow_2_s_experimental_preprocessing_path_gives_our_layers() -> None:
    for path, names in EXPERIMENTAL.items():
        module = importlib.import_module(f"statefulrnn.{path}")
        assert [n for n in names.split() if getattr(module, n) is not getattr(layers, n)] == [], path


def test_every_old_path_is_an_attribute_once_the_package_is_imported() -> None:
    # keras.utils.np_utils.to_categorical, keras.layers.wrappers.Bidirectional after `import keras`:
    # in a fresh process, where none of these modules has been imported yet.
    paths = [f"{path}.{name}" for path, names in {**PATHS, **EXPERIMENTAL}.items() for name in names.split()]
    paths += ["utils.np_utils.to_categorical", "utils.vis_utils.plot_model"]
    paths += ["callbacks.callbacks.EarlyStopping"]
    script = (
        "import statefulrnn as keras\n"
        f"paths = {paths!r}\n"
        "missing = []\n"
        "for path in paths:\n"
        "    try:\n"
        "        eval('keras.' + path)\n"
        "    except AttributeError:\n"
        "        missing.append(path)\n"
        "print(missing)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_reset_metrics_false_goes_on_from_the_calls_before_as_tf_keras() -> None:
    script = fixture_script("reset_metrics")
    recorded = np.load(Path(__file__).resolve().parent / "fixtures" / "reset_metrics" / "calls.npz")
    np.testing.assert_allclose(script.program(statefulrnn), recorded["results"], rtol=1e-6)


def test_a_failed_batch_leaves_the_kept_metrics_as_they_were() -> None:
    x, y = _batches(1)[0]
    failing, clean = _classifier(2, "linear"), _classifier(2, "linear")
    for model in (failing, clean):
        model.train_on_batch(x, y, reset_metrics=False)
    with pytest.raises(ValueError):
        failing.train_on_batch(x[:, :2], y, reset_metrics=False)
    assert failing.train_on_batch(x, y, reset_metrics=False) == clean.train_on_batch(
        x, y, reset_metrics=False
    )
    with pytest.raises(TypeError, match="reset_metrics must be True or False"):
        failing.test_on_batch(x, y, reset_metrics="no")


def test_sample_weight_mode_temporal_is_taken_and_per_step_weights_train_as_without_it() -> None:
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(4, 5, 3)).astype(np.float32), rng.normal(size=(4, 5, 1)).astype(np.float32)
    weights = rng.uniform(size=(4, 5)).astype(np.float32)
    trained = []
    for mode in ({"sample_weight_mode": "temporal"}, {}):
        torch.manual_seed(0)
        model = Sequential([layers.SimpleRNN(2, return_sequences=True, input_shape=(5, 3)), Dense(1)])
        model.compile(optimizer="sgd", loss="mse", **mode)
        model.fit(x, y, sample_weight=weights, epochs=2, verbose=0)
        trained.append(model.get_weights())
    for with_mode, without in zip(*trained):
        np.testing.assert_array_equal(with_mode, without)
    with pytest.raises(ValueError, match='sample_weight_mode must be None or "temporal"'):
        model.compile(optimizer="sgd", loss="mse", sample_weight_mode="per_step")


def test_keras_models_save_model_writes_what_model_save_writes(tmp_path: Path) -> None:
    model = _classifier(2, "linear")
    statefulrnn.models.save_model(model, tmp_path / "model.h5")
    loaded = statefulrnn.models.load_model(tmp_path / "model.h5")
    for ours, saved in zip(loaded.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(ours, saved)
