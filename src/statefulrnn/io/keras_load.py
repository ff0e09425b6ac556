"""`load_keras` and `load_keras_weights`: Keras model files in, without TensorFlow or Keras.

Reads Keras 2 HDF5 files (``.h5``, whole model or weights only) and Keras 3 files (the
``.keras`` zip archive, or a ``.weights.h5`` weights file) with h5py, json and zipfile only.
The model is rebuilt from its config with statefulrnn's own layers (see `keras_config` for
what is kept, ignored and refused) and gets the file's weights through ``set_weights``,
which takes Keras's order and shapes. Nothing stored in the file is ever executed.

A file is untrusted data, read at a bounded cost and only from inside itself:

- Its HDF5 bytes are read first by a child process (`_hdf5_safety.probe`): the HDF5 library
  can crash on a damaged file, and a crash there refuses the file without touching this
  process. Then this process reads the same bytes, in memory, with HDF5's own driver.
- HDF5 links and storage that would read other files (external links, soft links, external
  or virtual datasets) and group cycles are refused before anything is read
  (`_hdf5_safety.check_contained`); archive members are capped before they are inflated
  (`keras_archive.open_archive`); the JSON config is capped in size and depth
  (`keras_config.parse_config`).
- The model is first built from its config on torch's meta device, where weights and states
  have shapes but no memory; every stored weight's shape is checked against it, and its
  weights and states together may take at most ``4 x the file's size + 64 MiB``. Only then is
  the model built for real and each dataset read (one whose storage is smaller than its shape,
  uncompressed, is refused: those would be fill values, not data from the file).

Example:
    >>> import numpy as np
    >>> folder = REPOSITORY / "tests/fixtures/keras_reference/keras_models"  # a source checkout
    >>> model = load_keras(folder / "k2_stateful_stack.h5")
    >>> [(layer.name, layer.stateful) for layer in model.layers[:2]]
    [('lstm_a', True), ('gru_b', True)]
    >>> data = np.load(folder / "k2_stateful_stack.npz")
    >>> bool(np.allclose(model(data["x"]).detach().numpy(), data["y"], atol=1e-5))
    True
"""

from __future__ import annotations

import functools
import os
import random
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .. import saving
from ..layers.base import declares_weights
from ..layers.core import InputLayer
from ..layers.stacked_cells import StackedRNNCells
from ..models import Model, Sequential
from . import keras_archive, keras_config, keras_h5
from ._container import keras_file_kind
from ._cost import ALLOWANCE, SIZE_FACTOR, check_cost, limit_for, on_meta, reads_values, within_budget
from .config import is_program_layer
from .keras_assets import read_assets, read_own_variables
from .keras_optimizer import optimizer_setter
from .keras_save import is_subclassed, keras_weight_paths

__all__ = ["load_keras", "load_keras_weights", "model_from_json"]

Stored = list[tuple[str, list[tuple[str, Any]]]]  # [(layer, [(weight name, HDF5 dataset)])]


def _limit(path: str) -> int:
    """The most bytes loading the file at ``path`` may inflate or allocate (see `_cost`)."""
    return limit_for(os.path.getsize(path))


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _safety() -> Any:
    """`_hdf5_safety`, imported on first use: it imports h5py, which only Keras files need."""
    try:
        from . import _hdf5_safety
    except ModuleNotFoundError as error:  # pragma: no cover - h5py is a dependency
        if error.name != "h5py":
            raise
        raise ImportError("Reading Keras files needs h5py: pip install h5py") from None
    return _hdf5_safety


def _kind(path: str) -> str:
    """``"zip"`` or ``"hdf5"`` from the file's first bytes (not its name)."""
    kind = keras_file_kind(path)
    if kind is None and not os.path.exists(path):
        raise FileNotFoundError(f"No Keras file at {path!r}.")
    if kind is None:
        raise ValueError(
            f"{path} is neither a Keras HDF5 file nor a Keras 3 .keras archive (empty or corrupted?)."
        )
    return kind


def _open_h5(data: bytes, path: str) -> Any:
    """The HDF5 file of ``data`` (the bytes read from ``path``), open in memory, once a child
    process has read them without crashing (`_hdf5_safety.probe`) and everything in them is
    known to be stored inside them. The child and this process read the same bytes, not the
    file twice."""
    safety = _safety()
    safety.probe(data, path, _limit(path))
    try:
        h5 = safety.open_image(data)
    except OSError as error:
        raise ValueError(f"{path} is not a readable HDF5 file (truncated or corrupted?): {error}") from None
    try:
        safety.check_contained(h5, path)
    except BaseException:
        h5.close()
        raise
    return h5


def load_keras(
    path: str | os.PathLike[str],
    custom_objects: Mapping[str, Any] | None = None,
    compile: bool = True,
) -> Any:
    """A statefulrnn model from a whole-model Keras file: Keras 2 ``.h5`` or Keras 3 ``.keras``.

    The result is a `Sequential` or functional `Model` with the file's layer names, stateful
    flags, fixed batch sizes and weights; stateful layers start from zero states. It comes in
    inference mode (``eval()``: dropout off, batch normalization on its moving statistics), as
    Keras's loaded model computes when called; ``model.train()`` to train it. It is compiled
    as the file's compile config says, with the file's optimizer state (a ``.keras`` file's,
    or an ``.h5`` file's that Keras 3, tf-keras 2.11+ or statefulrnn wrote), unless ``compile`` is False; the
    file's own loss and metric functions, and layers of the program's own classes (rebuilt by
    their ``from_config``, as Keras rebuilds them), are taken from ``custom_objects`` by
    name, an open ``custom_object_scope``, or those registered with
    `statefulrnn.saving.register_keras_serializable`; a file's ``module`` is never imported.

    Raises:
        ValueError: the file is truncated, corrupted or not a Keras model file; or it uses a
            layer or setting statefulrnn does not have (the message names the layer and the
            feature, e.g. a ``Lambda`` layer or ``time_major=True``).
        FileNotFoundError: there is no file at ``path``.
    """
    path = os.fspath(path)
    with saving.custom_object_scope(dict(custom_objects or {})):
        return _load(path, custom_objects, compile)


def _load(path: str, custom_objects: Mapping[str, Any] | None, compile: bool) -> Any:
    try:
        if _kind(path) == "zip":
            config, weights = keras_archive.open_archive(path, _limit(path))
            with _open_h5(weights, path) as h5:
                stored = (  # a subclassed model's: where Keras walks the model its class builds
                    functools.partial(_walked, h5, path)
                    if keras_config.names_program_model(config)
                    else _keras3_by_name(h5, path, config)
                )
                model = _rebuild(config, stored, path, compile, custom_objects, _optimizer_entries(h5, path))
                read_own_variables(h5, model, path)
            read_assets(path, model, _limit(path))  # after the weights, as Keras loads them
            return model
        with _open_h5(_read(path), path) as h5:
            config = keras_h5.read_model_config(h5, path)
            if not hasattr(h5.get("model_weights"), "keys"):
                raise ValueError(f"{path}: a Keras model file without 'model_weights'.")
            stored = keras_h5.read_layer_weights(h5["model_weights"], path)
            config["compile_config"] = keras_h5.read_compile_config(h5, path)
            optimizer = keras_h5.read_optimizer_weights(h5, path, config["compile_config"])
            return _rebuild(config, stored, path, compile, custom_objects, optimizer, in_order=True)
    except (OSError, KeyError, RuntimeError) as error:  # h5py's errors for a damaged file
        if isinstance(error, FileNotFoundError):
            raise
        raise ValueError(f"{path}: cannot read the Keras file (truncated or corrupted?): {error}") from None


def model_from_json(json_string: str | bytes, custom_objects: Any = None) -> Any:
    """A new model, with fresh weights, from a model's JSON: ``model.to_json()`` of Keras 3,
    tf-keras or statefulrnn (Keras's ``model_from_json``; load the weights after it).

    A JSON that tf-keras or Keras 2 wrote (``"keras_version": "2..."``) keeps Keras 2's
    ``"hard_sigmoid"`` (see `statefulrnn.activations.hard_sigmoid_keras2`).

    Raises:
        ValueError: not a Keras model JSON, or one holding what `load_keras` refuses.
        TypeError: ``custom_objects`` not a dict (it hands over the program's own layer classes
            by name, as `load_keras`'s).

    Example:
        >>> from statefulrnn import GRU, Sequential
        >>> model = Sequential([GRU(3, stateful=True, batch_input_shape=(2, None, 1), name="g")])
        >>> twin = model_from_json(model.to_json())
        >>> twin.get_layer("g").stateful, twin.get_layer("g").states[0].shape
        (True, torch.Size([2, 3]))
    """
    if custom_objects is not None and not isinstance(custom_objects, dict):
        raise TypeError(f"custom_objects must be a dict of names. Received: {type(custom_objects).__name__}")
    config = keras_config.parse_config(json_string, "the model JSON")
    if str(config.get("keras_version", "")).startswith("2."):
        keras_config.use_keras2_activations(config)
    with saving.custom_object_scope(custom_objects):
        return keras_config.build_model(config)


def load_keras_weights(
    model: Any, path: str | os.PathLike[str], *, by_name: bool = False, skip_mismatch: bool = False
) -> None:
    """Set ``model``'s weights from a Keras weights file (or the weights of a model file).

    Takes a Keras 2 ``.h5`` (``save_weights`` or whole model), a Keras 3 ``.weights.h5`` or a
    ``.keras`` archive. As Keras does, layers are matched in order, not by name: Keras 2 pairs
    the layers that have weights in order; Keras 3 pairs each layer with the group Keras
    names after its class (``gru``, ``gru_1``, ...). Every weight is checked before any is
    set, so on an error the model keeps its weights.

    ``by_name`` (Keras 2 files only, as in Keras): pair layers by name, passing over those only
    one side has (transfer learning). ``skip_mismatch``: pass over, with a warning, each layer
    whose stored weights do not fit it.

    Raises:
        ValueError: the file is unreadable, or its weights do not fit the model (the message
            names the weight: the file's name and shape, and what the model expects), or
            ``by_name`` with a Keras 3 file.
    """
    path = os.fspath(path)
    try:
        if _kind(path) == "zip":
            _, data = keras_archive.open_archive(path, _limit(path))
        else:
            data = _read(path)
        with _open_h5(data, path) as h5:
            group = h5["model_weights"] if "model_weights" in h5 else h5
            if keras_h5.is_keras2_weights(group):
                stored = [(name, ws) for name, ws in keras_h5.read_layer_weights(group, path) if ws]
                _assign(model, stored, path, by_name=by_name, lenient=by_name, skip_mismatch=skip_mismatch)
                return
            if by_name:
                raise ValueError(
                    f"{path}: by_name=True is for Keras 2 HDF5 weights (.h5); a Keras 3 file pairs "
                    f"layers by class and place, as Keras 3's load_weights does (it refuses by_name too)."
                )
            if is_subclassed(model):  # its weights lie where Keras 3 walks its attributes
                set_optimizer = optimizer_setter(model, _optimizer_entries(h5, path), path)
                stored = _walked(h5, path, model)
                _assign(_Whole(model), stored, path, by_name=True, skip_mismatch=skip_mismatch)
                set_optimizer()
                return
            layers = [layer for layer in model.layers if not isinstance(layer, InputLayer)]
            keys = keras_archive.keras_keys([type(layer).__name__ for layer in layers])
            stacks = {key: _stacked_cells(layer) for key, layer in zip(keys, layers)}
            by_key = keras_archive.weights_by_key(h5, path, stacks)
            stored = []
            for layer, key in zip(layers, keys):
                if key not in by_key:
                    if _weighted(layer):
                        raise ValueError(
                            f"{path} has no weights for layer {layer.name!r} (Keras group 'layers/{key}')."
                        )
                    continue
                stored.append((layer.name, _named(key, by_key.pop(key)[1])))
            extra = [key for key, (_, arrays) in by_key.items() if arrays]
            if extra:
                raise ValueError(
                    f"{path} holds weights for layers the model does not have: {', '.join(extra)}."
                )
            set_optimizer = optimizer_setter(model, _optimizer_entries(h5, path), path)
            stored = _in_weight_order(model, stored)
            _assign(model, stored, path, by_name=True, skip_mismatch=skip_mismatch)  # all checked first
            set_optimizer()
    except (OSError, KeyError, RuntimeError) as error:  # h5py's errors for a damaged file
        if isinstance(error, FileNotFoundError):
            raise
        raise ValueError(
            f"{path}: cannot read the Keras weights file (truncated or corrupted?): {error}"
        ) from None


def _rebuild(
    config: dict[str, Any],
    stored: Stored | Callable[[Any], Stored],
    path: str,
    compile: bool,
    custom_objects: Mapping[str, Any] | None,
    optimizer: Sequence[Any] = (),
    in_order: bool = False,
) -> Any:
    """The model of ``config`` with the ``stored`` weights, built for real only once the file's
    weights fit the model and the model fits the file's size (checked on the meta device);
    with ``compile``, compiled as the config says, its optimizer given the ``optimizer``
    entries (a Keras 3 file's ``optimizer/vars``). A subclassed model's weights are found
    from the model its class builds (``stored`` is then a function of it, `_walked`).

    Layers are paired with the file's by name; with ``in_order`` (a Keras 2 HDF5 model file,
    whose ``load_model`` pairs them in order), in order where some name differs: a program's
    layer that does not pass its ``name`` on to ``Layer.__init__`` comes back from its config
    named afresh."""
    skeleton, real = _dry_build(config, path)
    if callable(stored):
        stored = stored(skeleton)
    whole = _Whole if is_subclassed(skeleton) else lambda model: model
    stored = _in_weight_order(skeleton, stored)
    by_name = not in_order or _names_agree(whole(skeleton), stored)
    _pairs(whole(skeleton), stored, path, by_name=by_name)
    try:
        check_cost(skeleton, os.path.getsize(path))
    except ValueError as error:
        raise ValueError(f"{path}: {error}.") from None
    for _, weights in stored:
        for name, dataset in weights:
            _safety().check_array(dataset, path, name)
    for entry in optimizer:  # the optimizer's entries too, by their place in the file
        if not isinstance(entry, np.ndarray):  # an array is the file's config's (a tf-keras rate)
            _safety().check_array(entry, path, entry.name)
    model = skeleton if real else keras_config.build_model(config)
    if compile:  # before the weights are set, as in Keras
        _compile(model, config.get("compile_config"), path, custom_objects)
    set_optimizer = optimizer_setter(model, optimizer if compile else (), path)
    _assign(whole(model), stored, path, by_name=by_name)
    set_optimizer()
    return model.eval()


def _names_agree(model: Any, stored: Stored) -> bool:
    """Whether the file's weighted layers and the model's have the same names."""
    layers = {layer.name for layer in model.layers if _weighted(layer)}
    return layers == {name for name, weights in stored if weights}


class _Whole:
    """A subclassed model as the one layer of its weights (`_pairs` and `_assign` pair a file's
    layers with ``model.layers``): its weights, each at the path Keras 3 walks to it
    (`_walked`), are checked and set all at once."""

    def __init__(self, model: Any) -> None:
        self.layers = [model]


def _walked(h5: Any, path: str, model: Any) -> Stored:
    """A subclassed ``model``'s weights in a Keras 3 file, in its weights' order: each where
    Keras 3 keeps it (the model's own in ``vars``, each layer's under the attribute that holds
    it, the rest under ``layers/``: `keras_save.keras_weight_paths`), one entry for the model."""
    found = []
    for where in keras_weight_paths(model):
        dataset = h5.get(where)
        if not hasattr(dataset, "shape"):
            raise ValueError(
                f"{path} has no weight at '{where}', where Keras 3 keeps one of the weights of model "
                f"{model.name!r} ({type(model).__name__}): a file of another model?"
            )
        found.append((where, dataset))
    return [(model.name, found)]


def _optimizer_entries(h5: Any, path: str) -> list[Any]:
    """The entries of a Keras 3 file's ``optimizer/vars`` group, in order (`_rebuild` checks
    them); none without one."""
    group = h5.get("optimizer")
    variables = group.get("vars") if hasattr(group, "keys") else None
    if not hasattr(variables, "keys"):
        return []
    keys = sorted(variables.keys())
    if keys != sorted(str(index) for index in range(len(keys))):
        raise ValueError(f"{path}: 'optimizer/vars' holds {keys[:8]}; expected entries named 0, 1, 2, ...")
    return [variables[str(index)] for index in range(len(keys))]


def _compile(model: Any, compiled: Any, path: str, custom_objects: Mapping[str, Any] | None) -> None:
    """Compile ``model`` as a ``.keras`` file's ``compile_config`` says (Keras's ``load_model``
    does): its optimizer, and compile's loss and metrics when they are names, Keras's loss and
    metric objects whose classes statefulrnn has (``losses.Huber()``, ``metrics.Precision(...)``),
    or functions found by name in ``custom_objects`` or the registry. Anything else (an unknown
    function or class) leaves the model uncompiled, with a warning that says why. A config
    without an optimizer (Keras 3 drops it from a model's compile config once it has saved the
    model as ``.h5``) takes compile's default, ``"rmsprop"``, as Keras's ``compile(**config)``."""
    if not isinstance(compiled, dict) or not compiled:
        return
    from .. import optimizers
    from .checkpoint import COMPILE_KEYS, compile_objects, not_made, not_made_message

    try:
        arguments = {key: compile_objects(compiled.get(key), custom_objects) for key in COMPILE_KEYS}
        unknown = next((entry for value in arguments.values() for entry in not_made(value)), None)
        if unknown is not None:
            raise ValueError(not_made_message(*unknown))
        model.compile(optimizer=optimizers.get(compiled.get("optimizer") or "rmsprop"), **arguments)
    except (ValueError, TypeError) as error:
        warnings.warn(
            f"{path}: the model is loaded uncompiled ({error}); call model.compile(...) to train it.",
            keras_config.KerasImportWarning,
            stacklevel=3,
        )


def _dry_build(config: dict[str, Any], path: str) -> tuple[Any, bool]:
    """The model of ``config`` on torch's meta device: shapes without memory (the automatic
    names, the warnings and the seeds it takes from Python's ``random`` under Keras 3's rules,
    `layers._seeds.draw_as_keras_3`, are given back to the real build that follows), and False.
    Where a layer's build() reads weight values, which the meta device has not (keras-multi-head's
    ``MultiHead`` copies its layer's weights), the model built for real instead, each allocation
    counted against what the file may ask for (`within_budget`), and True: it is the model."""
    draws = random.getstate()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", keras_config.KerasImportWarning)
            return on_meta(lambda: keras_config.build_model(config)), False
    except RuntimeError as error:
        if not reads_values(error):  # torch refuses a size even on the meta device (an overflow)
            raise ValueError(f"{path}: its config asks for a tensor too large to exist ({error}).") from None
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None
    finally:
        random.setstate(draws)  # the real build takes them
    try:
        return within_budget(lambda: keras_config.build_model(config), _limit(path)), True
    except ValueError as error:
        raise ValueError(
            f"{path}: a layer's build() reads weight values, so its architecture was built for real, "
            f"and {error} (the file may ask for {SIZE_FACTOR} x its size + {ALLOWANCE // 2**20} MiB)."
        ) from None


def _named(key: str, arrays: list[Any]) -> list[tuple[str, Any]]:
    return [(f"layers/{key}/#{index}", array) for index, array in enumerate(arrays)]


def _keras3_by_name(h5: Any, path: str, config: dict[str, Any]) -> Stored:
    """Weights of a ``.keras`` archive per layer name: from the ``name`` attribute Keras 3.15
    writes, else from the keys Keras derives from the config's layer classes."""
    entries = keras_config.weighted_entries(config)
    names = [(entry.get("config") or {}).get("name") for entry in entries]
    keys = keras_archive.keras_keys([entry.get("class_name", "") for entry in entries])
    stacks = {key: keras_config.stacked_cells(entry) for key, entry in zip(keys, entries)}
    by_key = keras_archive.weights_by_key(h5, path, stacks)
    if all(name is not None for name, _ in by_key.values()):
        return [(name, _named(key, arrays)) for key, (name, arrays) in by_key.items() if arrays]
    return [
        (name, _named(key, by_key[key][1]))
        for name, key in zip(names, keys)
        if key in by_key and by_key[key][1]
    ]


def _in_weight_order(model: Any, stored: Stored) -> Stored:
    """``stored`` (a Keras 3 file's weights by layer, as `_named` labels them) with the weights
    of each layer that holds a layer of the program's own put in the order of the layer's
    weights: Keras keeps a program's layer's sublayers under their attribute names, which the
    file lists by name. A layer whose stored paths are not the ones it expects keeps the file's
    order (the count and shape checks then name what differs)."""
    by_name = {layer.name: layer for layer in model.layers}
    ordered = []
    for name, weights in stored:
        layer = by_name.get(name)
        if layer is not None and any(map(_keyed_by_path, layer.modules())) and weights:
            group = "/" + weights[0][0].rpartition("/")[0] + "/"  # "/layers/<key>/"
            found = {dataset.name.partition(group)[2]: (label, dataset) for label, dataset in weights}
            expected = keras_weight_paths(layer)
            # A layer that lists its weights itself finds them among all its layers hold (a
            # template it copies: Keras 3 writes every weight a layer holds).
            declares = any(map(declares_weights, layer.modules()))
            if sorted(expected) == sorted(found) or (declares and set(expected) <= set(found)):
                weights = [found[path] for path in expected]
        ordered.append((name, weights))
    return ordered


def _keyed_by_path(module: Any) -> bool:
    """Whether the groups of ``module``'s sublayers in a Keras 3 file are keyed by a name that
    does not follow their order: a program's layer's by attribute name, a Sequential's or
    functional model's (a model used as a layer) by class (``layers/lstm`` before
    ``layers/dense`` in the model, after it in the file)."""
    return is_program_layer(module) or isinstance(module, (Sequential, Model))


def _stacked_cells(layer: Any) -> list[str]:
    """The class names of the cells of the `StackedRNNCells` in ``layer``, if any."""
    for module in layer.modules():
        if isinstance(module, StackedRNNCells):
            return [type(cell).__name__ for cell in module.cells]
    return []


def _weighted(layer: Any) -> bool:
    return hasattr(layer, "named_weights") and any(True for _ in layer.named_weights())


def _assign(
    model: Any, stored: Stored, path: str, read: Callable[[Any, str, str], Any] | None = None, **pairing: bool
) -> None:
    """Check every stored weight against the model's, read them all, then set them all.

    ``pairing``: `_pairs`' ``by_name``, ``lenient`` and ``skip_mismatch``. ``read`` turns a
    stored entry into an array (default: an HDF5 dataset's, checked).
    """
    pairs = _pairs(model, stored, path, **pairing)
    read = read or _safety().read_array
    values = [[read(dataset, path, name) for name, dataset in weights] for _, weights in pairs]
    for (layer, _), arrays in zip(pairs, values):
        layer.set_weights(arrays)


def assign_by_layer(model: Any, stored: Stored, path: str, *, by_name: bool, skip_mismatch: bool) -> None:
    """`_assign` for arrays already read (statefulrnn's weights files, grouped by layer): by
    name, passing over layers only one side has, or in order; ``skip_mismatch`` as there."""
    _assign(model, stored, path, by_name=by_name, lenient=by_name, skip_mismatch=skip_mismatch, read=_as_read)


def _as_read(array: Any, path: str, name: str) -> Any:
    return array


def _pairs(
    model: Any,
    stored: Stored,
    path: str,
    *,
    by_name: bool,
    lenient: bool = False,
    skip_mismatch: bool = False,
) -> list[tuple[Any, Any]]:
    """Each weighted layer of ``model`` with its stored weights, each checked to fit.

    ``by_name``: layers paired by name, else in order; ``lenient`` (Keras 2's
    ``load_weights(by_name=True)``): layers only the model or only the file has are passed
    over; ``skip_mismatch``: a layer whose stored weights do not fit is passed over with a
    warning, as Keras does.
    """
    layers = [layer for layer in model.layers if _weighted(layer)]
    stored = [(name, weights) for name, weights in stored if weights]  # input layers, Dropout: none
    if by_name:
        names = {layer.name: layer for layer in layers}
        missing = [name for name, _ in stored if name not in names]
        if missing and not lenient:
            raise ValueError(
                f"{path} holds weights for layer(s) the model does not have: {', '.join(missing)}."
            )
        pairs = [(names[name], weights) for name, weights in stored if name in names]
        unset = [layer.name for layer in layers if layer.name not in {name for name, _ in stored}]
        if unset and not lenient:
            raise ValueError(f"{path} has no weights for layer(s) {', '.join(unset)}.")
    else:
        if len(stored) != len(layers):
            raise ValueError(
                f"{path} holds weights for {len(stored)} layers ({', '.join(n for n, _ in stored)}), but the "
                f"model has {len(layers)} layers with weights ({', '.join(layer.name for layer in layers)})."
            )
        pairs = list(zip(layers, (weights for _, weights in stored)))
    fitting = []
    for layer, weights in pairs:
        try:
            _check(layer, weights, path)
        except ValueError as error:
            if not skip_mismatch:
                raise
            warnings.warn(f"Skipping layer {layer.name!r} (skip_mismatch=True): {error}", stacklevel=4)
            continue
        fitting.append((layer, weights))
    return fitting


def _check(layer: Any, weights: Sequence[tuple[str, Any]], path: str) -> None:
    expected = list(layer.named_weights())
    if len(expected) != len(weights):
        raise ValueError(
            f"Layer {layer.name!r} has {len(expected)} weights ({', '.join(p for p, _ in expected)}), "
            f"but {path} holds {len(weights)} for it ({', '.join(n for n, _ in weights)})."
        )
    for (model_path, weight), (name, array) in zip(expected, weights):
        if tuple(array.shape) != tuple(weight.shape):
            raise ValueError(
                f"Weight {name!r} in {path} has shape {tuple(array.shape)}, but the model's {model_path} "
                f"expects {tuple(weight.shape)}."
            )
