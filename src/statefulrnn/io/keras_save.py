"""`save_keras`: a statefulrnn model as a Keras 3 ``.keras`` archive that Keras 3 loads.

The archive is what ``keras.Model.save`` writes (see `keras_archive` for the layout):
``metadata.json``, ``config.json`` (Keras 3's nested ``{"module", "class_name", "config",
"registered_name"}`` objects) and ``model.weights.h5``, where layer ``i`` of ``model.layers``
is the group ``layers/<snake_case class>[_<n>]`` with its weights in ``vars/0..`` (an RNN
layer's under ``cell/vars``, a ConvLSTM's too; a Bidirectional's under ``forward_layer/cell/vars`` and
``backward_layer/cell/vars``; a TimeDistributed's under ``layer/vars``; a stack's cells under
``cell/cells/<key>/vars``). Keras 3 finds each layer's weights by that key, derived from
the class and its position among ``model.layers``, and not by name; each ``vars`` group also
carries the layer's name as Keras 3.15 writes it, which `load_keras` matches on.

The layers Keras has too can be described: the recurrent layers and cells (a
``StackedRNNCells`` too), Bidirectional, TimeDistributed, Dense, Dropout and the noise layers
(SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout), the activation layers (Activation, LeakyReLU,
ReLU, ELU, Softmax), Embedding, Masking, Conv1D/2D/3D and their transposes (Conv1DTranspose/2D/3D),
DepthwiseConv1D/2D, SeparableConv1D/2D, ConvLSTM1D/2D/3D, the 1D/2D/3D pooling layers (adaptive too),
LayerNormalization, BatchNormalization, the merge layers, Dot, RepeatVector, Flatten, Reshape,
Permute, ZeroPadding1D/2D/3D, Cropping1D/2D/3D, UpSampling1D/2D/3D, STFTSpectrogram and
MelSpectrogram, with their regularizers
and constraints.
A layer or an ``RNN``'s cell of the program's own class (a `Layer` subclass) is written as
Keras 3 writes one (``"module": null``, its registered name, its ``get_config``, its
``add_weight`` variables in ``vars``, the layers it holds under their attribute names, a list's
under the list's name keyed by class), so Keras 3 loads the archive where the program registers
the class or passes it in ``custom_objects``, and so does `load_keras`; one holding a torch
module with weights is refused (a ``.safetensors`` name keeps it).
An activation function registered with `statefulrnn.saving.register_keras_serializable` is
written as Keras 3 writes it (``{"class_name": "function", "config": "package>name"}``).
Anything else (a torch module, an unregistered Python function as activation or regularizer)
is refused with a ``ValueError`` naming the layer, before anything is written.

Example:
    >>> import os, tempfile, zipfile
    >>> from statefulrnn import GRU, Dense, Sequential
    >>> from statefulrnn.io import load_keras
    >>> model = Sequential([GRU(3, stateful=True, batch_input_shape=(2, None, 1), name="g"), Dense(1)])
    >>> x = np.linspace(-1, 1, 10, dtype=np.float32).reshape(2, 5, 1)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "model.keras")
    ...     save_keras(model, path)
    ...     names = sorted(zipfile.ZipFile(path).namelist())
    ...     twin = load_keras(path)
    >>> names
    ['config.json', 'metadata.json', 'model.weights.h5']
    >>> bool(np.array_equal(twin(x).detach().numpy(), model(x).detach().numpy()))
    True
"""

from __future__ import annotations

import io
import json
import os
import time
import types
import zipfile
from typing import Any

import numpy as np
import torch
from torch import nn

from .. import activations, layers, saving
from ..graph import SymbolicTensor, flatten, map_structure
from ..layers import operations
from ..layers._config import overrides
from ..layers.base import Layer
from ..layers.conv_lstm import ConvLSTM
from ..models import Model, Sequential
from ._atomic import write_atomically
from .config import is_program_layer, program_config
from .keras_archive import keras_keys
from .keras_config import plain_constant
from .keras_optimizer import optimizer_variables

__all__ = ["save_keras", "save_keras_weights"]

# The Keras version whose files this writer imitates (and that was used to check them).
KERAS_VERSION = "3.15.1"

_RNN_CLASSES = (layers.SimpleRNN, layers.GRU, layers.LSTM, layers.RNN)
_CELL_CLASSES = (layers.SimpleRNNCell, layers.GRUCell, layers.LSTMCell)
# Layers whose Keras config is their own get_config (Keras's arguments under Keras's names).
_CONFIG_CLASSES = (
    layers.Activation,
    layers.Pipeline,
    layers.CenterCrop,
    layers.RandomBrightness,
    layers.RandomContrast,
    layers.RandomCrop,
    layers.RandomFlip,
    layers.RandomHeight,
    layers.RandomRotation,
    layers.RandomTranslation,
    layers.RandomWidth,
    layers.RandomZoom,
    layers.Resizing,
    layers.ActivityRegularization,
    layers.AdaptiveAveragePooling1D,
    layers.AdaptiveAveragePooling2D,
    layers.AdaptiveAveragePooling3D,
    layers.AdaptiveMaxPooling1D,
    layers.AdaptiveMaxPooling2D,
    layers.AdaptiveMaxPooling3D,
    layers.AdditiveAttention,
    layers.Attention,
    layers.Add,
    layers.AlphaDropout,
    layers.Average,
    layers.AveragePooling1D,
    layers.AveragePooling2D,
    layers.AveragePooling3D,
    layers.BatchNormalization,
    layers.CategoryEncoding,
    layers.Concatenate,
    layers.Conv1D,
    layers.Conv2D,
    layers.Conv3D,
    layers.Conv1DTranspose,
    layers.Conv2DTranspose,
    layers.Conv3DTranspose,
    layers.ConvLSTM1D,
    layers.ConvLSTM2D,
    layers.ConvLSTM3D,
    layers.Cropping1D,
    layers.Cropping2D,
    layers.Cropping3D,
    layers.DepthwiseConv1D,
    layers.DepthwiseConv2D,
    layers.Discretization,
    layers.Dot,
    layers.EinsumDense,
    layers.ELU,
    layers.Embedding,
    layers.Flatten,
    layers.GlobalAveragePooling1D,
    layers.GlobalAveragePooling2D,
    layers.GlobalAveragePooling3D,
    layers.GaussianDropout,
    layers.GaussianNoise,
    layers.GlobalMaxPooling1D,
    layers.GlobalMaxPooling2D,
    layers.GlobalMaxPooling3D,
    layers.Identity,
    layers.Lambda,
    layers.LayerNormalization,
    layers.LeakyReLU,
    layers.Masking,
    layers.MaxPooling1D,
    layers.MaxPooling2D,
    layers.MaxPooling3D,
    layers.MelSpectrogram,
    layers.Maximum,
    layers.Minimum,
    layers.Multiply,
    layers.MultiHeadAttention,
    layers.GroupQueryAttention,
    layers.Normalization,
    layers.Permute,
    layers.PReLU,
    layers.RMSNormalization,
    layers.GroupNormalization,
    layers.Hashing,
    layers.IntegerLookup,
    layers.ReLU,
    layers.RepeatVector,
    layers.Rescaling,
    layers.Reshape,
    layers.SeparableConv1D,
    layers.STFTSpectrogram,
    layers.SeparableConv2D,
    layers.Softmax,
    layers.SpatialDropout1D,
    layers.SpatialDropout2D,
    layers.SpatialDropout3D,
    layers.StringLookup,
    layers.Subtract,
    layers.TextVectorization,
    layers.TimeDistributed,
    layers.UnitNormalization,
    layers.UpSampling1D,
    layers.UpSampling2D,
    layers.UpSampling3D,
    layers.ZeroPadding1D,
    layers.ZeroPadding2D,
    layers.ZeroPadding3D,
)
# Exact classes only: a subclass may compute something Keras's class of that name does not.
_SUPPORTED = {
    cls.__name__: cls
    for cls in (
        *_RNN_CLASSES,
        *_CELL_CLASSES,
        layers.Bidirectional,
        layers.Dense,
        layers.Dropout,
        layers.StackedRNNCells,
        *_CONFIG_CLASSES,
    )
}


def save_keras(model: Any, path: str | os.PathLike[str]) -> None:
    """Write ``model`` (a built `Sequential` or functional `Model`) as a Keras 3 ``.keras`` file.

    ``keras.saving.load_model(path)`` (Keras 3) rebuilds it with the same layer names,
    stateful flags, fixed batch sizes, options and weights, and gives the same outputs; so
    does `statefulrnn.io.load_keras`. States are not stored (Keras does not store them
    either): stateful layers start from zeros. The file is written atomically.

    Raises:
        ValueError: the model holds something Keras cannot rebuild from a file: a layer that is
            not one of those listed in the module notes (a subclass of one included); a Python
            function as activation, regularizer or constraint; or an unbuilt model (no input
            shape). The message names the layer; no file is written.
    """
    config = model_config(model)
    weights = _weights_h5(model)
    metadata = {"keras_version": KERAS_VERSION, "date_saved": time.strftime("%Y-%m-%d@%H:%M:%S")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("metadata.json", json.dumps(metadata))
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("model.weights.h5", weights)
        from .keras_assets import write_assets  # it imports this module

        write_assets(archive, model)
    write_atomically(os.fspath(path), buffer.getvalue())


def save_keras_weights(model: Any, path: str | os.PathLike[str]) -> None:
    """Write ``model``'s weights (a built `Sequential` or functional `Model`) as the Keras 3
    ``.weights.h5`` file ``keras.Model.save_weights`` writes: the archive's ``model.weights.h5``,
    with the optimizer's state when the model is compiled with one of ours (Keras's
    ``load_weights`` restores it into a built optimizer; `statefulrnn.io.load_weights` into a
    compiled model). Atomically written.

    Layers are keyed by class and place, as Keras 3 keys them, so the file loads into the same
    architecture in Keras 3 or here (`statefulrnn.io.load_weights`).
    """
    write_atomically(os.fspath(path), _weights_h5(model))


# ----- config.json --------------------------------------------------------------------------


def model_config(model: Any, keras2_names: bool = False) -> dict[str, Any]:
    """``model`` serialized as Keras 3 does (``config.json``, ``model.to_json()``); with
    ``keras2_names``, for a file that Keras 2 or tf-keras reads (a ``.h5`` written under
    tf-keras's rules), Keras 2's ``hard_sigmoid`` written by that name, as they write it and as
    `statefulrnn.io.keras_h5.read_model_config` reads it back (a Keras 3 file refuses it: Keras
    3 would read its own).

    Raises:
        ValueError: as `save_keras`.
    """
    _KERAS2_NAMES[0] = keras2_names
    try:
        if isinstance(model, Sequential):
            return _sequential(model)
        if is_subclassed(model):
            return _subclassed(model)
        if isinstance(model, Model):
            return _functional(model)
    finally:
        _KERAS2_NAMES[0] = False
    raise ValueError(
        f"save_keras takes a statefulrnn Sequential or Model; received a {type(model).__name__}."
    )


# Whether the config being made is for Keras 2's names (`model_config`'s keras2_names), read by
# the activations' serializer deep inside the layers' configs.
_KERAS2_NAMES = [False]


def _refuse(layer: Any, feature: str) -> ValueError:
    return ValueError(
        f"Cannot save layer {getattr(layer, 'name', '?')!r} ({type(layer).__name__}) as a Keras file: "
        f"{feature}. Keras could not rebuild it; save_model keeps statefulrnn's own formats."
    )


def _dtype(layer: Any) -> dict[str, Any]:
    config = {"name": layer.dtype_policy.name}  # "mixed_float16" for a mixed layer
    return {"module": "keras", "class_name": "DTypePolicy", "config": config, "registered_name": None}


def _activation(layer: Any, owner: Any, attribute: str) -> str | dict[str, Any]:
    """``owner``'s activation as Keras 3 writes it: a built-in's name, or a function of the
    program's own as ``{"module": "builtins", "class_name": "function", "config": name, ...}``,
    its registered name (``"package>name"``) or, unregistered, its ``__name__`` (keras-bert's
    ``Dense(activation=gelu)`` of its own ``gelu``): Keras 3 and `statefulrnn.load_model` find
    it by that name when the loading program registers it or hands it over in
    ``custom_objects``. (Keras 3 writes a function named as one of its own built-ins by the bare
    name, which its ``.keras`` loader then reads as its built-in; the name in a dict keeps it the
    program's.)

    Raises:
        ValueError: a lambda (which Keras pickles) or a callable that is no Python function
            (``torch.sin``), or a built-in Keras 3 lacks.
    """
    function = getattr(owner, attribute)
    name = activations.name_of(function)
    registered = saving.named_custom_object(saving.get_registered_name(function)) is function
    if name is None and (registered or _named_python_function(function)):
        return saving.serialize_keras_object(function)
    if name is None:
        raise _refuse(
            layer,
            f"its {attribute} is a Python function without a name (a lambda) or another "
            f"callable ({type(function).__name__} {function!r}), which no load finds again: a "
            f"function defined with def is written by its name, registered or not",
        )
    if name == "hard_sigmoid_keras2" and _KERAS2_NAMES[0]:
        return "hard_sigmoid"
    if name not in activations.KERAS3_NAMES:
        raise _refuse(layer, f"its {attribute} {name!r} has no Keras 3 name (Keras 3's hard_sigmoid differs)")
    return name


def _named_python_function(function: Any) -> bool:
    """A function defined with ``def`` (Keras 3 writes such a function by its name; it pickles
    a lambda, and serializes no other callable)."""
    return isinstance(function, types.FunctionType) and function.__name__ != "<lambda>"


def _entry(layer: Any, config: dict[str, Any], input_shape: Any = None) -> dict[str, Any]:
    entry = {"module": "keras.layers", "class_name": type(layer).__name__, "config": config}
    entry["registered_name"] = None
    if isinstance(layer, layers.MultiHeadAttention) and input_shape is not None:
        query, value, key = input_shape  # its build takes the three shapes by name
        shapes = {"query_shape": list(query), "value_shape": list(value), "key_shape": list(key)}
        entry["build_config"] = {"shapes_dict": shapes}
    elif input_shape is not None:
        # Keras builds the layer from this before loading weights (a Sequential needs it).
        entry["build_config"] = {"input_shape": list(input_shape)}
    return entry


def _cell_config(layer: Any, cell: Any) -> dict[str, Any]:
    """The cell options, as both a Keras cell and a Keras GRU/LSTM/SimpleRNN layer write them."""
    config: dict[str, Any] = {
        "units": cell.units,
        "activation": _activation(layer, cell, "activation"),
    }
    if isinstance(cell, (layers.GRUCell, layers.LSTMCell)):
        config["recurrent_activation"] = _activation(layer, cell, "recurrent_activation")
    config["use_bias"] = bool(cell.use_bias)
    if isinstance(cell, layers.LSTMCell):
        config["unit_forget_bias"] = bool(cell.unit_forget_bias)
    config["dropout"] = float(cell.dropout)
    config["recurrent_dropout"] = float(cell.recurrent_dropout)
    if isinstance(cell, layers.GRUCell):
        config["reset_after"] = bool(cell.reset_after)
    config["seed"] = None
    return config


def _penalties(layer: Any, owner: Any) -> dict[str, Any]:
    """``owner``'s regularizers and constraints, as Keras writes them (null when unset)."""
    config = owner.get_config()
    found = {key: value for key, value in config.items() if key.endswith(_PENALTIES)}
    _json_ready(layer, found)
    return found


# The config keys of regularizers and constraints, which may hold an object of the program's own.
_PENALTIES = ("_regularizer", "_constraint")


def _json_ready(layer: Any, config: dict[str, Any]) -> None:
    """``config`` made JSON-ready in place: a regularizer or constraint of the program's own
    class (a ``Constraint`` subclass with ``get_config``, RNNoise's ``WeightClip``) written as
    Keras does, ``{"class_name", "config", "registered_name", ...}``, which a load finds again
    among the classes the loading program hands over; a function defined with ``def`` (a
    TextVectorization's ``standardize``) by its name, as Keras writes one; any other value a
    Keras file cannot hold (a lambda, a Python object) refused."""
    for key, value in config.items():
        program_object = key.endswith(_PENALTIES) and callable(getattr(value, "get_config", None))
        if program_object or _named_python_function(value):
            config[key] = value = saving.serialize_keras_object(value)
        try:
            json.dumps(value)
        except TypeError:
            raise _refuse(
                layer, f"its {key} is a Python object ({value!r}), which a Keras file cannot name"
            ) from None


def _cell_entry(layer: Any, cell: Any) -> dict[str, Any]:
    """An RNN's cell (or a stack's cell) as Keras 3 nests it."""
    if _SUPPORTED.get(type(cell).__name__) is not type(cell) or not isinstance(
        cell, (*_CELL_CLASSES, layers.StackedRNNCells)
    ):
        raise _refuse(
            layer, f"its cell is a {type(cell).__name__}; only SimpleRNNCell, GRUCell, LSTMCell are known"
        )
    config: dict[str, Any] = {"name": cell.name, "trainable": bool(cell.trainable), "dtype": _dtype(cell)}
    if isinstance(cell, layers.StackedRNNCells):
        config["cells"] = [_cell_entry(layer, inner) for inner in cell.cells]
    else:
        config.update(_cell_config(layer, cell))
        config.update(_penalties(layer, cell))
    return _entry(cell, config)


# Keras classes whose constructor takes only these config keys (no trainable, no regularizer).
_ONLY_KEYS = {
    layers.SpatialDropout1D: ("name", "dtype", "rate", "seed"),
    layers.SpatialDropout2D: ("name", "dtype", "rate", "seed", "data_format"),
    layers.SpatialDropout3D: ("name", "dtype", "rate", "seed", "data_format"),
    layers.Discretization: (
        "name",
        "dtype",
        "bin_boundaries",
        "num_bins",
        "epsilon",
        "output_mode",
        "sparse",
    ),
}


def _own_config(layer: Any) -> dict[str, Any]:
    """A layer's get_config as Keras 3 writes it: dtype as a policy, sublayers as entries."""
    config = layer.get_config()
    config.pop("batch_input_shape", None)  # the model's InputLayer holds it; Keras 3 layers take none
    config["dtype"] = _dtype(layer)
    if type(layer) in _ONLY_KEYS:
        config = {key: config[key] for key in _ONLY_KEYS[type(layer)]}
    if type(layer) is layers.LeakyReLU:  # Keras 2's alpha, under Keras 3's name
        del config["alpha"]
        config["negative_slope"] = layer.negative_slope
    if isinstance(layer, layers.TimeDistributed):
        config["layer"] = _layer(layer.layer)
    if isinstance(layer, layers.Pipeline):  # Keras's takes its layers and a name, nothing else
        config = {"layers": [_layer(sublayer) for sublayer in layer.layers], "name": layer.name}
    _json_ready(layer, config)
    return config


_LOOKUPS = (layers.StringLookup, layers.IntegerLookup, layers.TextVectorization)


def _compile_config(model: Any) -> dict[str, Any]:
    """Keras 3's ``compile_config``: the optimizer and compile's loss and metrics, which
    ``keras.models.load_model`` compiles the model with; empty for a model not compiled, or
    compiled with what a name cannot hold (a user's function, a torch optimizer): Keras then
    loads it uncompiled, as it loads a model it cannot compile."""
    from ..optimizers import serialize
    from .checkpoint import COMPILE_KEYS, compile_names, optimizer_refusal

    if optimizer_refusal(model) is not None:  # what our model files cannot name, Keras's neither
        return {}
    spec = model.__dict__["_compile_spec"]
    names = {key: compile_names(spec.get(key), key, model.name) for key in COMPILE_KEYS}
    # Keras 3's module whatever the class (it has no legacy ones: a legacy RMSprop loads there,
    # and here, as Keras 3's RMSprop)
    optimizer = {**serialize(model.optimizer), "module": "keras.optimizers", "registered_name": None}
    return {
        "optimizer": optimizer,
        **names,
        "run_eagerly": False,
        "steps_per_execution": 1,
        "jit_compile": False,
    }


def _operation_entry(module: str, keras_class: str, config: dict[str, Any]) -> dict[str, Any]:
    """The entry of a Keras 3 operation (an op recorded in a functional graph)."""
    return {"module": module, "class_name": keras_class, "config": config, "registered_name": keras_class}


def keras_entry(layer: Any) -> dict[str, Any]:
    """One layer as Keras 3 serializes it (``keras.layers.serialize``).

    Raises:
        ValueError: a layer Keras has no counterpart of, named.
    """
    return _layer(layer)


def _layer(layer: Any, input_shape: Any = None) -> dict[str, Any]:
    """One non-input layer as Keras 3 serializes it (an `Operation` as the op Keras records)."""
    if type(layer) is layers.GetItem:
        return _operation_entry(operations.KERAS_MODULE, layer.keras_class, {"name": layer.name})
    if input_shape is None and getattr(layer, "built", False):
        input_shape = getattr(layer, "input_shape", None)
    if is_program_layer(layer):
        return _program_entry(layer, input_shape)
    if isinstance(layer, (Sequential, Model)):
        # A model used as a layer (a shared encoder, a GAN's generator): Keras 3 writes the
        # model's own config as the entry, its compile config included (``{}`` uncompiled).
        return model_config(layer)
    if _SUPPORTED.get(type(layer).__name__) is not type(layer):
        raise _refuse(
            layer,
            f"only statefulrnn's own layers that Keras has too ({', '.join(sorted(_SUPPORTED))}) have a "
            f"Keras counterpart",
        )
    if isinstance(layer, _CONFIG_CLASSES):
        return _entry(layer, _own_config(layer), input_shape)
    config: dict[str, Any] = {"name": layer.name, "trainable": bool(layer.trainable), "dtype": _dtype(layer)}
    if isinstance(layer, _RNN_CLASSES):
        cell = layer.cell
        program_cell = type(layer) is layers.RNN and is_program_layer(cell)
        if not program_cell and (
            _SUPPORTED.get(type(cell).__name__) is not type(cell)
            or not isinstance(cell, (*_CELL_CLASSES, layers.StackedRNNCells))
        ):
            raise _refuse(
                layer,
                f"its cell is a {type(cell).__name__}; only SimpleRNNCell, GRUCell, LSTMCell and "
                f"StackedRNNCells of them are known",
            )
        config.update(
            return_sequences=bool(layer.return_sequences),
            return_state=bool(layer.return_state),
            go_backwards=bool(layer.go_backwards),
            stateful=bool(layer.stateful),
            unroll=False,
            zero_output_for_mask=bool(layer.zero_output_for_mask),
        )
        config.update(_penalties(layer, layer))
        if type(layer) is layers.RNN:
            config["cell"] = _program_entry(cell) if program_cell else _cell_entry(layer, cell)
        else:
            config.update(_cell_config(layer, cell))
    elif isinstance(layer, layers.Bidirectional):
        if layer.return_state and layer.forward_layer.stateful:
            # Keras 3.15's Bidirectional.compute_mask fails on exactly this combination, so
            # Keras could neither build nor load the model.
            raise _refuse(layer, "Keras 3 cannot build a stateful Bidirectional with return_state=True")
        config["merge_mode"] = layer.merge_mode
        config["layer"] = _layer(layer.forward_layer, input_shape)
        config["backward_layer"] = _layer(layer.backward_layer, input_shape)
    elif isinstance(layer, layers.Dense):
        config.update(
            units=layer.units,
            activation=_activation(layer, layer, "activation"),
            use_bias=bool(layer.use_bias),
        )
        config.update(_penalties(layer, layer))
    else:  # Dropout
        noise_shape = None if layer.noise_shape is None else list(layer.noise_shape)
        config.update(rate=float(layer.rate), seed=layer.seed, noise_shape=noise_shape)
    return _entry(layer, config, input_shape)


def _program_entry(layer: Any, input_shape: Any = None) -> dict[str, Any]:
    """A layer (or an RNN's cell) of the program's own class as Keras 3 serializes one: no
    module, its registered name, its ``get_config`` (as Keras writes it: a dtype it holds as
    Keras's policy, no key added that its constructor may not take), and the
    shape Keras builds it for; its weights are its own ``add_weight`` variables (``vars``) and
    its sublayers' (`_sublayers`).

    Raises:
        ValueError: it holds torch modules with weights, or a config a file cannot hold: named.
    """
    foreign = _torch_modules_with_weights(layer)
    if foreign:
        raise _refuse(
            layer,
            f"it holds torch modules with weights ({', '.join(foreign)}), which Keras cannot hold; a "
            f"'.safetensors' name keeps the whole model",
        )
    try:
        config = program_config(layer, layer.name)
    except ValueError as error:
        raise _refuse(layer, str(error).rstrip(".")) from None
    config.pop("batch_input_shape", None)  # the model's InputLayer holds it, as for Keras's layers
    if "dtype" in config:  # Layer.get_config's, as Keras's policy; a config without one stays so
        config["dtype"] = _dtype(layer)
    entry = _entry(layer, config, input_shape)
    entry.update(module=None, registered_name=saving.get_registered_name(type(layer)))
    if overrides(type(layer), "get_build_config"):  # the class's own, as Keras writes it
        entry["build_config"] = layer.get_build_config()
    return entry


def _input_layer(layer: Any, batch_shape: Any, name: str | None = None) -> dict[str, Any]:
    """Keras 3's InputLayer (``batch_shape`` keeps the fixed batch size stateful layers need)."""
    return {
        "module": "keras.layers",
        "class_name": "InputLayer",
        "config": {
            "batch_shape": list(batch_shape),
            "dtype": _input_dtype(layer),
            "sparse": False,
            "ragged": False,
            "name": name or layer.name,
            "optional": False,
        },
        "registered_name": None,
    }


def _input_dtype(layer: Any) -> str:
    """The dtype an InputLayer entry names (``layer``: the Input's, or a Sequential's): the
    Input's own for text and booleans (what Keras then hands the model), else the layer's float
    dtype (integer ids travel as floats here, and Keras's Embedding casts them alike)."""
    given = getattr(layer, "input_dtype", None)
    return given if given in ("string", "bool") else layer.dtype


def _sequential(model: Any) -> dict[str, Any]:
    shape = model.saved_input_shape
    if shape is None:
        raise ValueError(
            f"Cannot save model {model.name!r} as a Keras file: it is not built (no input shape). "
            f"Give the first layer batch_input_shape=... or add an Input, or call the model once."
        )
    entries = [_input_layer(model, shape, name="input_layer")]
    entries += [_layer(layer) for layer in model.layers]
    return {
        "module": "keras",
        "class_name": "Sequential",
        "config": {
            "name": model.name,
            "trainable": bool(model.trainable),
            "dtype": _dtype(model),
            "layers": entries,
            "build_input_shape": list(shape),
        },
        "registered_name": None,
        "build_config": {"input_shape": list(shape)},
        "compile_config": _compile_config(model),
    }


def is_subclassed(model: Any) -> bool:
    """Whether ``model`` is a subclass of `Model` whose ``call`` is code (`models.subclassed`)."""
    return isinstance(model, Model) and bool(model.__dict__.get("_subclassed"))


def _subclassed(model: Any) -> dict[str, Any]:
    """A subclassed model as Keras 3 serializes it: a class of the program's own
    (`_program_entry`: its name, its ``get_config``, the shapes it was built for) with the
    compile config; its weights lie where Keras 3 walks its attributes (`_held`)."""
    if not model.built:
        raise ValueError(
            f"Cannot save model {model.name!r} as a Keras file: it is not built. Call it once on data "
            f"(or model.build(input_shape)) first."
        )
    return {**_program_entry(model, model.input_shape), "compile_config": _compile_config(model)}


def _functional(model: Any) -> dict[str, Any]:
    # Keras names a tensor by [producing layer, index of that call among the layer's calls,
    # index among the call's outputs]; Keras rebuilds each layer's calls in the order listed.
    calls_of: dict[int, list[Any]] = {}
    for node in model.nodes:
        calls_of.setdefault(id(node.layer), []).append(node)

    def reference(leaf: Any) -> Any:
        if not isinstance(leaf, SymbolicTensor):
            return leaf
        node = leaf.node
        nodes = calls_of.get(id(node.layer), [node])
        history = [node.layer.name, nodes.index(node) if node in nodes else 0, leaf.index]
        config = {"shape": list(leaf.shape), "dtype": leaf.dtype or "float32", "keras_history": history}
        return {"class_name": "__keras_tensor__", "config": config}

    entries = []
    for layer in keras_layer_order(model):
        if isinstance(layer, layers.InputLayer):
            entry = _input_layer(layer, layer.batch_input_shape)
            entry.update(name=layer.name, inbound_nodes=[])
            entries.append(entry)
            continue
        if type(layer) is layers.Operation:  # each call split as Keras's class splits it
            try:
                forms = [layer.keras_form(node.args) for node in calls_of[id(layer)]]
            except ValueError as error:
                raise _refuse(layer, str(error)) from None
            module, keras_class, config, _ = forms[0]
            if any(isinstance(leaf, torch.Tensor) for *_, args in forms for leaf in flatten(args)):
                raise _refuse(
                    layer,
                    "a constant tensor is one of its operands (x + K.constant(...)), which this writer "
                    "does not write; hold it in a layer (a weight, or a Lambda's closure)",
                )
            entry = _operation_entry(module, keras_class, {"name": layer.name, **config})
            inbound = [{"args": map_structure(reference, args), "kwargs": {}} for *_, args in forms]
            entry.update(name=layer.name, inbound_nodes=inbound)
            entries.append(entry)
            continue
        entry = _layer(layer)
        inbound = []
        for node in calls_of.get(id(layer), []):
            unknown = sorted(
                key
                for key, value in node.kwargs.items()
                if key not in {"initial_state", "training", "mask"} and not plain_constant(value)
            )  # a tensor or object as a call argument: Keras keeps plain constants only
            mask = node.kwargs.get("mask")
            if mask is not None and not (isinstance(mask, SymbolicTensor) and mask.dtype == "bool"):
                unknown.insert(0, "mask")  # a bool Input's tensor has Keras's form; a constant has none
            if unknown:
                raise _refuse(layer, f"its call argument {unknown[0]}=... has no Keras file form")
            kwargs = {key: map_structure(reference, value) for key, value in node.kwargs.items()}
            kwargs.pop("training", None)  # Keras decides the mode when it calls the model
            inbound.append({"args": map_structure(reference, list(node.args)), "kwargs": kwargs})
        entry.update(name=layer.name, inbound_nodes=inbound)
        entries.append(entry)

    def endpoints(tensors: Any) -> Any:
        # As the model was made: one [layer, node, tensor], a list of them, or a dict by key
        return map_structure(lambda tensor: reference(tensor)["config"]["keras_history"], tensors)

    return {
        "module": "keras.src.models.functional",
        "class_name": "Functional",
        "config": {
            "name": model.name,
            "trainable": bool(model.trainable),
            "layers": entries,
            "input_layers": endpoints(model.input),
            "output_layers": endpoints(model.output),
        },
        "registered_name": "Functional",
        "build_config": {"input_shape": None},
        "compile_config": _compile_config(model),
    }


def keras_layer_order(model: Any) -> list[Any]:
    """A functional model's layers in the order Keras 3 lists them (``Functional.layers``).

    Keras keys each layer's weights by its class and its place in that list, so the file must
    follow Keras's order, which is Keras's ``map_graph``: a depth-first walk from the outputs
    numbers the layers, each layer gets its depth (calls between it and an output), and the
    layers are listed by decreasing depth, then by walk number.
    """
    inputs = {id(tensor) for tensor in model.inputs}
    finished: set[int] = set()
    ordered: list[Any] = []  # nodes, inputs first
    walk_index: dict[int, int] = {}  # id(layer) -> first-visit number
    layer_of: dict[int, Any] = {}

    def visit(tensor: Any) -> None:
        node = tensor.node
        if node is None or id(node) in finished:
            return
        if not _is_input(node.layer) and id(tensor) in inputs:
            finished.add(id(node))
            return
        walk_index.setdefault(id(node.layer), len(walk_index))
        layer_of[id(node.layer)] = node.layer
        if not _is_input(node.layer):
            for parent in node.inputs:
                visit(parent)
        finished.add(id(node))
        ordered.append(node)

    for tensor in model.outputs:
        visit(tensor)
    in_graph = {id(node) for node in ordered}
    node_depth: dict[int, int] = {}
    layer_depth: dict[int, int] = {}
    for node in reversed(ordered):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = node_depth[id(node)] = depth
        if _is_input(node.layer):
            continue
        for parent in (tensor.node for tensor in node.inputs):
            if parent is not None and id(parent) in in_graph:
                node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    for tensor in model.inputs:  # inputs no output depends on
        layer = tensor.node.layer
        if id(layer) not in layer_depth:
            layer_depth[id(layer)], walk_index[id(layer)], layer_of[id(layer)] = 0, -1, layer
    order = sorted(layer_depth, key=lambda key: (-layer_depth[key], walk_index[key]))
    return [layer_of[key] for key in order]


# ----- model.weights.h5 ---------------------------------------------------------------------


def keras_layer_paths(model: Any) -> list[tuple[str, Any]]:
    """``(group path, layer)`` for each layer of ``model`` in a Keras 3 weights file (and its
    folder among the assets): a Sequential's or functional model's under ``layers/``, keyed by
    class in Keras's order; a subclassed model's where Keras 3 walks its attributes (`_held`:
    ``hidden1``, then those no attribute before ``layers`` holds under ``layers/``)."""
    if is_subclassed(model):  # a program's layer: `_sublayers` walks it
        return _sublayers(model)
    own = keras_model_layers(model)
    return [(f"layers/{key}", layer) for key, layer in zip(keras_keys([type(x).__name__ for x in own]), own)]


def keras_model_layers(model: Any) -> list[Any]:
    """``model.layers`` as Keras lists them: a Sequential's without its input layer (Keras's
    Sequential.layers leaves it out), a functional model's in Keras's order, inputs included."""
    if isinstance(model, Sequential):
        return [layer for layer in model.layers if not _is_input(layer)]
    return keras_layer_order(model)


def _weights_h5(model: Any) -> bytes:
    import h5py

    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        _write_vars(h5, model.name, [_array(weight) for weight in model.keras_weights()])
        for key, layer in keras_layer_paths(model):
            _write_layer(h5.create_group(key), layer)
        variables = optimizer_variables(model) if _compile_config(model) else None
        if variables is not None:  # Keras's optimizer.variables, with its int64 step count
            optimizer = h5.create_group("optimizer").create_group("vars")
            optimizer.attrs["name"] = model.optimizer.name
            for index, array in enumerate(variables):
                optimizer.create_dataset(str(index), data=array)
    return buffer.getvalue()


def _is_input(layer: Any) -> bool:
    return isinstance(layer, layers.InputLayer)


def _write_vars(group: Any, name: str, arrays: list[np.ndarray]) -> None:
    variables = group.create_group("vars")
    variables.attrs["name"] = name
    for index, array in enumerate(arrays):
        variables.create_dataset(str(index), data=np.asarray(array, dtype=np.float32))


def _write_layer(group: Any, layer: Any) -> None:
    """One layer's group: its own weights in ``vars`` (named), its sublayers' in the
    sub-groups where Keras keeps them."""
    if isinstance(layer, layers.MultiHeadAttention):  # its projections are sublayers in Keras
        _write_vars(group, layer.name, [])
        for key, name, weights in layer.keras_groups():
            _write_vars(group.create_group(key), name, [_array(weight) for weight in weights])
        for key in ("_dropout_layer", "_softmax"):
            _write_vars(group.create_group(key), key, [])
        return
    _write_vars(group, layer.name, [_array(weight) for weight in layer.keras_weights()])
    if isinstance(layer, _LOOKUPS):
        _write_own_variables(group, layer)
    for key, sublayer in _sublayers(layer):
        _write_layer(group.create_group(key), sublayer)


def _write_own_variables(group: Any, layer: Any) -> None:
    """A lookup's variables that Keras 3 keeps by name (``save_own_variables``: a ``tf_idf``
    layer's ``idf_weights``) in its ``vars``; a TextVectorization's in its lookup's group too,
    ``_lookup_layer``, which Keras 3 writes and reads as well."""
    store: dict[str, np.ndarray] = {}
    layer.save_own_variables(store)
    groups = [group["vars"]]
    if isinstance(layer, layers.TextVectorization):
        _write_vars(group.create_group("_lookup_layer"), layer._lookup.name, [])
        groups.append(group["_lookup_layer"]["vars"])
    for variables in groups:
        for name, array in store.items():
            variables.create_dataset(name, data=array)


def _array(weight: Any) -> np.ndarray:
    return weight.read().detach().cpu().numpy()


def keras_weight_paths(layer: Any) -> list[str]:
    """Where `save_keras` writes each of ``layer``'s weights inside its group (``vars/0``,
    ``cell/vars/1``, ``proj/vars/0``), in the order of ``layer.named_weights()``: how a reader
    finds a program's layer's weights, whose sublayers a Keras file keeps under their attribute
    names, listed by name rather than in the layer's order.

    Example:
        >>> keras_weight_paths(layers.LSTM(2, input_shape=(None, 3)))
        ['cell/vars/0', 'cell/vars/1', 'cell/vars/2']
    """
    # The file keeps every weight the layers hold, where they hold it; a program's layer that
    # lists its weights itself (`declares_weights`) leaves some out of named_weights.
    where: dict[tuple[int, ...], str] = {}
    for path, weight in _held_weights(layer):
        where.setdefault(tuple(map(id, weight.parameters)), path)
    return [where[tuple(map(id, weight.parameters))] for _, weight in layer.named_weights()]


def _held_weights(layer: Any) -> list[tuple[str, Any]]:
    """``(path in the layer's group, weight)`` of each weight `_write_layer` writes."""
    held = [(f"vars/{index}", weight) for index, weight in enumerate(layer.keras_weights())]
    for key, sublayer in _sublayers(layer):
        held += [(f"{key}/{path}", weight) for path, weight in _held_weights(sublayer)]
    return held


def _held(layer: Any) -> list[tuple[str, Any]]:
    """``(group path, module)`` for each module a program's layer holds, as Keras 3 walks the
    object: an attribute under its name, a list's or dict's items under the container's name,
    each keyed by its class. A module held twice (in a list and as an attribute) comes once, in
    the place it is first held (where the layer lists its weights), under the path Keras 3
    writes it at: the first in Keras's walk, attributes by name, private ones last."""
    held = []
    for attribute, child in layer.named_children():
        attribute = attribute.removesuffix("[]")  # a LayerList's layers: the list's name
        if isinstance(child, (nn.ModuleList, nn.ModuleDict)):
            items = list(child.values() if isinstance(child, nn.ModuleDict) else child)
            keys = keras_keys([type(item).__name__ for item in items])
            held += [(f"{attribute}/{key}", item) for key, item in zip(keys, items)]
        else:
            held.append((attribute, child))
    if is_subclassed(layer):  # Keras 3's Model walks its `layers` too, among its attributes
        tracked = layer.layers
        keys = keras_keys([type(item).__name__ for item in tracked])
        held += [(f"layers/{key}", item) for key, item in zip(keys, tracked)]
    keras_path: dict[int, str] = {}
    for path, module in sorted(held, key=lambda pair: _walk_key(pair[0])):
        keras_path.setdefault(id(module), path)
    once: dict[int, tuple[str, Any]] = {}
    for _, module in held:
        once.setdefault(id(module), (keras_path[id(module)], module))
    return list(once.values())


def _walk_key(path: str) -> tuple[str, ...]:
    """Keras 3's order of a layer's attributes when it saves (``saving_lib._name_key``): by
    name, a private one (``_x``) after the others; a list's items in their order."""
    attribute, _, _ = path.partition("/")
    return (f"~{attribute}" if attribute.startswith("_") else attribute,)


def _torch_modules_with_weights(layer: Any) -> list[str]:
    """The paths of the torch modules with weights (no `Layer`: Keras cannot hold them) that a
    program's layer holds, inside the program's layers it holds too."""
    found = []
    for key, module in _held(layer):
        if not isinstance(module, Layer):
            if any(True for _ in module.parameters()):
                found.append(key)
        elif is_program_layer(module):
            found += [f"{key}/{inner}" for inner in _torch_modules_with_weights(module)]
    return found


def _sublayers(layer: Any) -> list[tuple[str, Any]]:
    """``(group path, sublayer)`` for each layer whose weights Keras keeps inside ``layer``'s: a
    program's layer's under their attribute names (a list's under the list's name, each keyed
    by its class, as Keras 3 walks the object), in the order the layer lists its weights; a
    Sequential or functional model's under ``layers/``, each keyed by its class (ncps's CfCCell
    holds its backbone as a Sequential)."""
    if isinstance(layer, (Sequential, Model)) and not is_program_layer(layer):
        return keras_layer_paths(layer)
    if is_program_layer(layer):
        return [(key, module) for key, module in _held(layer) if isinstance(module, Layer)]
    if isinstance(layer, (*_RNN_CLASSES, ConvLSTM)):
        return [("cell", layer.cell)]
    if isinstance(layer, layers.Bidirectional):
        return [("forward_layer", layer.forward_layer), ("backward_layer", layer.backward_layer)]
    if isinstance(layer, layers.TimeDistributed):
        return [("layer", layer.layer)]
    if isinstance(layer, layers.StackedRNNCells):
        keys = keras_keys([type(cell).__name__ for cell in layer.cells])
        return [(f"cells/{key}", cell) for key, cell in zip(keys, layer.cells)]
    if isinstance(layer, layers.Pipeline):
        keys = keras_keys([type(sublayer).__name__ for sublayer in layer.layers])
        return [(f"layers/{key}", sublayer) for key, sublayer in zip(keys, layer.layers)]
    return []
