"""Record what real Keras computes for every program in tests/keras_programs/programs/.

Run in the Keras venv (see README, "Reference numbers"):
    $STATEFULRNN_KERAS_PYTHON tools/keras_programs.py [NAME ...]
Each program's header says which Keras it was written for (``# keras: tf_keras`` for Keras 2
programs, run on tf-keras 2.21; ``# keras: keras`` for Keras 3, on TensorFlow unless a
``# backend: torch`` line says otherwise); its imports are pointed there and nothing else is
changed. Writes tests/keras_programs/reference/NAME.npz.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "keras_programs"))

import harness

# Keras 2.3's old module paths and the names each held that statefulrnn answers too (its alias
# modules: statefulrnn.layers.recurrent, .core, ..., statefulrnn.utils.np_utils; see
# tests/test_keras2_paths.py). tf-keras dropped these modules (``tf_keras.layers.recurrent``,
# ``tf_keras.utils.np_utils``, ``tf_keras.engine`` do not import), but in Keras 2.3 they were
# aliases of the very classes ``keras.layers`` (``keras.utils``, ``keras.callbacks``) exports, so
# a Keras 2 program importing them gets tf-keras's own objects from `keras2_modules`. Each entry:
# the tf_keras namespaces to take the names from, in order, and the names.
KERAS2_MODULES = {
    "layers.recurrent": (
        ("layers",),
        "GRU GRUCell InputSpec LSTM LSTMCell Layer RNN SimpleRNN SimpleRNNCell StackedRNNCells",
    ),
    "layers.core": (
        ("layers",),
        "Activation ActivityRegularization Dense Dropout Flatten InputSpec Lambda Layer Masking Permute "
        "RepeatVector Reshape SpatialDropout1D",
    ),
    "layers.convolutional": (
        ("layers",),
        "AveragePooling1D AveragePooling2D AveragePooling3D Conv1D Conv2D Conv2DTranspose Conv3D "
        "Conv3DTranspose Convolution1D Convolution2D Convolution2DTranspose Convolution3D Cropping1D "
        "Cropping2D Cropping3D DepthwiseConv2D InputSpec Layer MaxPooling1D MaxPooling2D MaxPooling3D "
        "SeparableConv1D SeparableConv2D SeparableConvolution1D SeparableConvolution2D UpSampling1D "
        "UpSampling2D UpSampling3D ZeroPadding1D ZeroPadding2D ZeroPadding3D",
    ),
    "layers.embeddings": (("layers",), "Embedding"),
    "layers.wrappers": (("layers",), "Bidirectional TimeDistributed"),
    "layers.advanced_activations": (("layers",), "ELU LeakyReLU PReLU ReLU Softmax"),
    "layers.merge": (
        ("layers",),
        "Add Average Concatenate Dot Maximum Minimum Multiply Subtract add average concatenate dot "
        "maximum minimum multiply subtract",
    ),
    "layers.convolutional_recurrent": (("layers",), "ConvLSTM2D"),
    # tf-keras keeps Keras 2's CuDNN layers off its public `layers` (they run on a GPU only).
    "layers.cudnn_recurrent": (("src.layers",), "CuDNNGRU CuDNNLSTM"),
    "layers.normalization": (("layers",), "BatchNormalization"),
    "layers.pooling": (
        ("layers",),
        "AveragePooling1D AveragePooling2D AveragePooling3D AvgPool1D AvgPool2D AvgPool3D "
        "GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D GlobalAvgPool1D "
        "GlobalAvgPool2D GlobalAvgPool3D GlobalMaxPool1D GlobalMaxPool2D GlobalMaxPool3D "
        "GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D MaxPool1D MaxPool2D MaxPool3D "
        "MaxPooling1D MaxPooling2D MaxPooling3D",
    ),
    "layers.noise": (("layers",), "AlphaDropout GaussianDropout GaussianNoise"),
    # Keras 2's topology also held Node, which tf-keras keeps private: left out.
    "engine": (("layers", "models"), "Input InputLayer InputSpec Layer Model"),
    "engine.topology": (("layers",), "Input InputLayer InputSpec Layer"),
    "callbacks.callbacks": (
        ("callbacks",),
        "CSVLogger Callback CallbackList EarlyStopping History LambdaCallback LearningRateScheduler "
        "ModelCheckpoint ProgbarLogger ReduceLROnPlateau TerminateOnNaN",
    ),
    "utils.np_utils": (("utils",), "normalize to_categorical"),
    "utils.vis_utils": (("utils",), "plot_model"),
}


def keras2_modules(keras_module: types.ModuleType) -> None:
    """Give tf-keras Keras 2's old modules (`KERAS2_MODULES`): ``tf_keras.layers.recurrent`` and
    so on, registered in ``sys.modules`` and set on their parents, so that both
    ``from keras.layers.recurrent import LSTM`` and ``import keras.layers.core`` followed by
    ``keras.layers.core.Dense`` run there as in Keras 2. Their names are tf-keras's own objects:
    ``tf_keras.layers.recurrent.LSTM is tf_keras.layers.LSTM``."""
    for path, (namespaces, names) in KERAS2_MODULES.items():
        module = _module_at(keras_module, path)
        for name in names.split():
            owner = next(
                space for space in (_attribute(keras_module, n) for n in namespaces) if hasattr(space, name)
            )
            setattr(module, name, getattr(owner, name))


def _attribute(root: types.ModuleType, dotted: str) -> types.ModuleType:
    """``root``'s attribute at the dotted path (``"src.layers"``)."""
    for part in dotted.split("."):
        root = getattr(root, part)
    return root


def _module_at(keras_module: types.ModuleType, path: str) -> types.ModuleType:
    """``keras_module``'s submodule at the dotted ``path``, each missing one made empty."""
    module = keras_module
    for part in path.split("."):
        child = getattr(module, part, None)
        if not isinstance(child, types.ModuleType):
            name = f"{module.__name__}.{part}"
            child = sys.modules.setdefault(
                name, types.ModuleType(name, f"Keras 2's {name}, for old imports.")
            )
            setattr(module, part, child)
        module = child
    return module


def backend_of(name: str) -> str:
    """The Keras 3 backend a program is written for (its ``# backend:`` line; TensorFlow's
    without one)."""
    return harness.header(name).get("backend", "tensorflow")


def main(names: list[str]) -> None:
    names = names or harness.program_names()
    # A program for another backend (keras.io's torch-only guides) runs in a process of its own:
    # Keras reads KERAS_BACKEND once, when it is first imported.
    here = os.environ.get("KERAS_BACKEND", "tensorflow")
    for backend in sorted({backend_of(name) for name in names} - {here}):
        group = [name for name in names if backend_of(name) == backend]
        subprocess.run(
            [sys.executable, __file__, *group], env={**os.environ, "KERAS_BACKEND": backend}, check=True
        )
    names = [name for name in names if backend_of(name) == here]
    # Set here, before TensorFlow loads, not on import: tests import KERAS2_MODULES from this file.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # A Keras 2 program's tf.keras (``import tensorflow as tf``) is tf-keras, as it was written for.
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow as tf

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    for name in names:
        package = harness.header(name).get("keras", "tf_keras")
        if package == "tf_keras":
            import tf_keras as keras_module

            keras2_modules(keras_module)
        else:
            import keras as keras_module
        keras_module.backend.clear_session()  # layer names from scratch, as in a process of its own
        keras_module.utils.set_random_seed(0)  # python, numpy, TensorFlow (and Keras 3's own state)
        recorder = harness.Recorder()
        harness.run(name, package, keras_module.Model, recorder)
        recorder.save(harness.REFERENCES / f"{name}.npz")
        print(f"{name}: {len(recorder.events)} events on {package} {keras_module.__version__}")


if __name__ == "__main__":
    main(sys.argv[1:])
