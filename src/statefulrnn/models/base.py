"""What `Sequential` and the functional `Model` share: layer lookup, summary, states."""

from __future__ import annotations

import contextlib
import copy
import json
import os
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn.modules.module import (
    _global_backward_hooks,
    _global_backward_pre_hooks,
    _global_forward_hooks,
    _global_forward_pre_hooks,
)

from .. import graph, state
from .._checks import as_mask, positive_int
from .._keras_rules import tf_keras_rules
from .._masks import combine_masks, output_mask
from .._tf_only import check_compile_options, check_not_tensorflow
from ..data.tf_datasets import DatasetBatches, batches_of
from ..io.checkpoint import save_model
from ..io.weights import load_weights, save_weights
from ..layers.base import Layer, forward_parameters, hands_first_mask
from ..layers.recurrent import RNN
from ..saving import is_legacy_h5
from ..state import restore_on_error
from ..training.custom_steps import overridden, predicted, predicted_on_batch
from ..training.data import fixed_batch_size
from ..training.outputs import output_names
from ..training.prediction import predict, predict_on_batch
from ..training.trainer import Trainer, compute_loss, loss_scaled
from . import subclassed
from .arguments import keras_arguments
from .keras2_methods import GeneratorMethods
from .keras_steps import KerasSteps
from .step_flags import check_honoured
from .summary import summary_lines


def call_layer(layer: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any], **flags: Any) -> Any:
    """Call ``layer``, passing each of ``flags`` (``training``, ``mask``, ``resets``) that is
    not None to the layers whose forward takes it: a model hands its per-step flags to its
    recurrent layers and its training flag to dropout, and nothing to the others.

    Raises:
        ValueError: ``resets`` that start a sequence mid-chunk, for a layer that does not take
            them and mixes time steps (see `step_flags`): it would ignore them.
    """
    given = {name: value for name, value in flags.items() if value is not None}
    if given:
        accepted = forward_parameters(type(layer))
        if "resets" in given and "resets" not in accepted:
            check_honoured(layer, "resets", given["resets"])
        kwargs = {**kwargs, **{name: value for name, value in given.items() if name in accepted}}
    return layer(*args, **kwargs)


def call_masked(
    layer: nn.Module, args: tuple[Any, ...], kwargs: dict[str, Any], input_mask: Any, **flags: Any
) -> tuple[Any, Any]:
    """`call_layer`, also carrying Keras's mask: returns ``(outputs, their mask)``.

    ``input_mask`` is the mask of ``args[0]`` (a list of masks for a list of inputs), as the
    layers before made it. As in Keras 3, a layer whose forward takes ``mask`` receives it when
    ``args[0]`` is its only tensor argument (an RNN given ``initial_state`` does not; under
    tf-keras's rules it does, as tf-keras hands every call the mask of its first argument), joined
    with the model's own ``mask=`` flag by logical AND; a layer that ``supports_masking``
    gives its outputs ``layer.compute_mask(args[0], input_mask)``; any other layer drops the
    mask (with Keras's warning). A mask given by name in ``kwargs`` wins over ``input_mask``.
    The model's own ``mask=`` flag is never dropped that way: a layer that does not take it and
    mixes time steps is refused a flag with padding (see `step_flags`).

    Example:
        >>> from statefulrnn.layers import Embedding
        >>> layer = Embedding(5, 2, mask_zero=True)
        >>> outputs, mask = call_masked(layer, (torch.tensor([[3, 0]]),), {}, None)
        >>> mask
        tensor([[ True, False]])
    """
    explicit = flags.pop("mask", None)
    if input_mask is None and explicit is None and "mask" not in kwargs:
        # No mask anywhere (most calls): only a layer that makes one (Embedding, Masking) can
        # start one, so skip the bookkeeping below, which costs as much as a small layer.
        outputs = call_layer(layer, args, kwargs, **flags)
        masks = layer.compute_mask(args[0], None) if getattr(layer, "supports_masking", False) else None
        return outputs, masks
    given_by_name = kwargs.get("mask")
    if given_by_name is not None:
        input_mask = as_mask(given_by_name)
    only_tensor = given_by_name is not None or hands_first_mask(args, kwargs)
    if isinstance(input_mask, (list, tuple)):  # several inputs (a merge layer): masks go as a list
        given = input_mask if any(m is not None for m in input_mask) else None
    else:
        given = combine_masks(explicit, input_mask if only_tensor else None)
    if explicit is not None and "mask" not in forward_parameters(type(layer)):
        check_honoured(layer, "mask", explicit)
    outputs = call_layer(layer, args, kwargs, mask=given, **flags)
    if getattr(layer, "supports_masking", False):
        return outputs, layer.compute_mask(args[0], input_mask)
    if isinstance(layer, Layer) and any(m is not None for m in graph.flatten(input_mask)):
        warnings.warn(
            f"Layer '{layer.name}' (of type {type(layer).__name__}) was passed an input with a "
            f"mask attached to it. However, this layer does not support masking and will "
            f"therefore destroy the mask information. Downstream layers will not see the mask.",
            stacklevel=2,
        )
    return outputs, None


# compute_mask methods that give no mask for inputs without one: a layer with one of them starts
# none, so `call_plain` need not ask it (~2 us of a one-step call of a one-layer model).
_NO_MASK_MADE = frozenset({Layer.compute_mask, RNN.compute_mask})


def call_plain(layer: nn.Module, x: Any) -> tuple[Any, Any]:
    """`call_masked` for a call of ``layer`` on ``x`` alone, without a mask or flags (most
    calls: a one-step ``predict``): ``(outputs, the mask the layer starts)``, at a fraction of
    the cost (no flag dicts, and only a layer that may start a mask is asked for one).

    Example:
        >>> from statefulrnn.layers import Embedding
        >>> outputs, mask = call_plain(Embedding(5, 2, mask_zero=True), torch.tensor([[3, 0]]))
        >>> mask
        tensor([[ True, False]])
    """
    outputs = layer(x)
    if getattr(layer, "supports_masking", False) and type(layer).compute_mask not in _NO_MASK_MADE:
        return outputs, layer.compute_mask(x, None)
    return outputs, None


def runs_bare(module: nn.Module) -> bool:
    """Whether calling ``module`` runs its ``forward`` and nothing else: no hook of its own or
    global (torch's ``_call_impl`` then calls ``forward`` straight away) and no activity penalty
    to record.

    Example:
        >>> from statefulrnn.layers import Dense
        >>> runs_bare(Dense(2)), runs_bare(Dense(2, activity_regularizer="l2"))
        (True, False)
    """
    return not (
        module._forward_hooks
        or module._forward_pre_hooks
        or module._backward_hooks
        or module._backward_pre_hooks
        or _global_forward_hooks
        or _global_forward_pre_hooks
        or _global_backward_hooks
        or _global_backward_pre_hooks
        or getattr(module, "activity_regularizer", None) is not None
    )


def commits_last(layer: nn.Module) -> bool:
    """Whether a failed call of ``layer`` leaves every state as it was without a journal to undo
    it (see `state.restore_on_error`): an RNN layer running `RNN.forward`, whose commit of its
    one state store is its last act, and nothing after it (`runs_bare`). A model of that one
    layer opens no journal then (~3 us of a one-step call).

    Example:
        >>> from statefulrnn.layers import GRU, Bidirectional
        >>> commits_last(GRU(2)), commits_last(Bidirectional(GRU(2)))
        (True, False)
    """
    return type(layer).forward is RNN.forward and runs_bare(layer)


# In place of a journal where the one layer that may commit undoes its own failed calls.
_NO_JOURNAL = contextlib.nullcontext()


def state_journal(sole: nn.Module | None) -> contextlib.AbstractContextManager[Any]:
    """What a model's call runs its layers in: `restore_on_error`, so that a failed call leaves
    no state changed; nothing where ``sole``, the only layer the call runs that may commit a
    state (None when there are several), commits last (see `commits_last`)."""
    return _NO_JOURNAL if sole is not None and commits_last(sole) else restore_on_error()


class BaseModel(KerasSteps, GeneratorMethods, Layer):
    """A layer made of layers. Subclasses define ``layers`` and ``forward``."""

    # A model inside a model passes on the mask its own layers leave on its outputs.
    supports_masking = True
    # A call without training= leaves each layer to its own mode (see Layer's notes).
    _sets_training_default = False
    # Under a mixed dtype policy each layer casts what it takes and reads (layers.autocast).
    _autocast_call = False
    # tf-keras's Model lists its layers' weights layer by layer, where its Layer lists the
    # trainable ones first.
    _LISTS_LAYER_BY_LAYER = True
    # A functional Model's Input tensors (set by Model); None here, so that `input_names` finds
    # a Sequential has none without nn.Module.__getattr__'s AttributeError (~3 us a predict call).
    _inputs: list[Any] | None = None

    @property
    def layers(self) -> list[nn.Module]:
        raise NotImplementedError

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        """The mask of the outputs of this model's latest call (see `output_mask`)."""
        return output_mask(self)

    def get_layer(self, name: str | None = None, index: int | None = None) -> nn.Module:
        """The layer called ``name`` (or at position ``index`` of ``layers``).

        Raises:
            ValueError: no such layer (the message lists the names there are).
        """
        layers = self.layers
        if (name is None) == (index is None):
            raise ValueError(
                f"get_layer needs exactly one of name= or index=. Received: name={name!r}, index={index!r}"
            )
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"Model '{self.name}' has {len(layers)} layers; index {index} is out of range."
                )
            return layers[index]
        for layer in layers:
            if getattr(layer, "name", None) == name:
                return layer
        names = [getattr(layer, "name", type(layer).__name__) for layer in layers]
        raise ValueError(f"Model '{self.name}' has no layer named {name!r}. Its layers: {names}")

    def to_json(self, **kwargs: Any) -> str:
        """The model's architecture as Keras 3 serializes it (no weights): what
        `statefulrnn.models.model_from_json` and Keras 3's ``model_from_json`` rebuild.
        ``kwargs`` go to ``json.dumps`` (``indent=2``, ...).

        Raises:
            ValueError: as `statefulrnn.io.save_keras`: a layer Keras does not have.
        """
        from ..io.keras_save import model_config

        return json.dumps(model_config(self), **kwargs)

    def summary(
        self,
        line_length: int | None = None,
        positions: Sequence[float] | None = None,
        print_fn: Callable[..., Any] | None = None,
        expand_nested: bool = False,
        show_trainable: bool = False,
        layer_range: Sequence[str] | None = None,
    ) -> None:
        """Print a Keras-style table: layer name and type, output shape, parameter count.

        Keras's arguments (see `models.summary.summary_lines`): ``line_length`` and
        ``positions`` fix the columns, ``show_trainable`` adds one, ``expand_nested`` lists
        nested models' layers, ``layer_range`` a part of the model; ``print_fn`` takes each
        line. A layer not built yet (a Sequential given no input shape) reads ``?`` and
        ``0 (unbuilt)``, as in Keras 3 (Keras 2 refused the whole table).
        """
        lines = summary_lines(self, line_length, positions, expand_nested, show_trainable, layer_range)
        for line in lines:
            (print_fn or print)(line)

    # ----- training: a thin face over training.trainer ----------------------------------

    @keras_arguments
    def compile(
        self,
        optimizer: Any = "rmsprop",
        loss: Any = None,
        metrics: Any = None,
        loss_weights: Any = None,
        weighted_metrics: Any = None,
        run_eagerly: bool = False,
        steps_per_execution: int = 1,
        jit_compile: bool | str = "auto",
        auto_scale_loss: bool = True,
    ) -> None:
        """Keras's ``compile``: Keras names or objects, or any ``torch.optim.Optimizer``,
        loss callable and metric callable.

        Args:
            optimizer: a name (``"adam"``), one of `statefulrnn.optimizers`, or a torch optimizer.
            loss: a loss name or callable ``(y_true, y_pred) -> per-sample losses``; for a model
                with several outputs, one loss for all, a list (one per output; None for none) or
                a dict by output name (the name of the layer that makes it; for a model whose
                outputs are a dict, its keys, and a key left out has no loss).
            metrics: a list of metric names or callables; for several outputs, a list with one
                entry per output or a dict by output name (Keras 3's rules).
            loss_weights: for several outputs, a list or a dict by output name: the loss
                minimised is ``sum(loss_weights[i] * loss_i)``.
            weighted_metrics: metrics as ``metrics``, weighted by ``sample_weight`` or
                ``class_weight`` (``metrics`` are not); one whose name a plain metric has is
                logged as ``weighted_<name>``, as in Keras.
            auto_scale_loss: as Keras 3's: with True, a model under the ``"mixed_float16"``
                policy trains through a `LossScaleOptimizer` wrapped around ``optimizer``
                (unless it is one already, or one of torch's own optimizers).
            run_eagerly, steps_per_execution, jit_compile: Keras's TensorFlow options,
                accepted with the values that mean what PyTorch does anyway (everything runs
                eagerly, one batch per step, no XLA); other values are refused with the PyTorch
                way to get them.

        As Keras 3.15.1's, a compile without ``loss`` on a model compiled before keeps the
        earlier loss and its ``loss_weights``, and one without ``metrics`` or
        ``weighted_metrics`` keeps the earlier metrics (keras.io's subclassing guide compiles
        ``"mse"``, then ``compile(optimizer="adam")`` "with no loss", and goes on minimising
        the mean squared error plus the added losses); the model file records the arguments
        as given, as Keras's compile config does. Under tf-keras's rules
        (``config.set_keras_rules("tf_keras")``) each compile starts afresh, as tf-keras's: no
        ``metrics`` means none, and no ``loss`` means none (a model without added losses then
        has nothing to train on, which ``fit`` says).

        The logs are ``loss``, ``<output>_loss`` (each output's, unweighted) when several
        outputs have a loss, and ``<output>_<metric>`` (``<metric>`` for one output), as Keras
        names them. See `statefulrnn.training.outputs` for the details.

        Example:
            >>> from statefulrnn import LSTM, Dense, Sequential
            >>> model = Sequential([LSTM(4, batch_input_shape=(2, 3, 1)), Dense(1)])
            >>> model.compile(optimizer="sgd", loss="mse")
            >>> history = model.fit(np.zeros((4, 3, 1)), np.zeros((4, 1)), batch_size=2, verbose=0)
            >>> history.history["loss"]
            [0.0]
        """
        check_compile_options(
            run_eagerly=run_eagerly, steps_per_execution=steps_per_execution, jit_compile=jit_compile,
            auto_scale_loss=auto_scale_loss,
        )  # fmt: skip
        # What a compile given none keeps from the last (Keras keeps its CompileLoss and
        # CompileMetrics objects).
        kept = {} if tf_keras_rules() else dict(self.__dict__.get("_trainer_arguments", {}))
        if loss is not None:
            kept["loss"] = (loss, loss_weights)
        if metrics is not None or weighted_metrics is not None:
            kept["metrics"] = (metrics, weighted_metrics)
        self._trainer_arguments = kept
        trained_loss, trained_weights = kept.get("loss", (None, loss_weights))
        trained_metrics, trained_weighted = kept.get("metrics", (None, None))
        if auto_scale_loss:  # Keras 3: under "mixed_float16", a LossScaleOptimizer around it
            optimizer = loss_scaled(self, optimizer)
        self._trainer = Trainer(
            self, optimizer, trained_loss, trained_metrics, trained_weights, trained_weighted
        )
        # Kept as given: model files record the loss and metrics by name (see io.checkpoint).
        self._compile_spec = {
            "loss": loss,
            "metrics": list(metrics or []) if not isinstance(metrics, dict) else metrics,
            "loss_weights": loss_weights,
            "weighted_metrics": weighted_metrics,
        }

    @property
    def metrics_names(self) -> list[str]:
        """The names of `evaluate`'s (and ``train_on_batch``'s) list results, in their order, as
        Keras 2 gives them (``dict(zip(model.metrics_names, model.evaluate(x, y)))``); empty
        for a model not compiled. (Keras 3 lists its metric containers instead.)"""
        trainer = self.__dict__.get("_trainer")
        return [] if trainer is None else trainer.outputs.result_names()

    @property
    def loss(self) -> Any:
        """The loss compile was given (a name, a function, an object, or a list or dict of
        them; a compile given none keeps the earlier one), Keras's ``model.loss``; None before
        compile. A program may set it, as any attribute of a Keras model (nothing reads it)."""
        if "_loss_attribute" in self.__dict__:
            return self.__dict__["_loss_attribute"]
        return self.__dict__.get("_trainer_arguments", {}).get("loss", (None, None))[0]

    @loss.setter
    def loss(self, value: Any) -> None:
        self.__dict__["_loss_attribute"] = value

    @property
    def optimizer(self) -> torch.optim.Optimizer:
        """The compiled optimizer, bound to this model's parameters.

        Raises:
            AttributeError: the model is not compiled (so ``hasattr(model, "optimizer")`` is
                False, and ``torch.jit.trace``, which looks at every attribute, works).
        """
        trainer = self.__dict__.get("_trainer")
        if trainer is None:
            raise AttributeError(
                f"Model '{self.name}' has no optimizer: it is not compiled. Call "
                f"model.compile(optimizer=..., loss=...) first."
            )
        return trainer.optimizer

    def __getattr__(self, name: str) -> Any:
        # Python answers a property's AttributeError by calling __getattr__, whose message
        # (nn.Module's "has no attribute") would replace the property's own: give that back.
        try:
            return super().__getattr__(name)
        except AttributeError:
            found = getattr(type(self), name, None)
            if not (isinstance(found, property) and found.fget is not None):
                raise
        return found.fget(self)  # raises the property's own AttributeError

    @property
    def output_names(self) -> list[str]:
        """Keras's ``model.output_names``: the name of the layer that makes each output, the
        keys of the ``y``, ``loss``, ``loss_weights`` and ``metrics`` dicts (for a model whose
        outputs are a dict, those are its keys instead: this lists the layers' names by the
        keys sorted, as Keras's does).

        Example:
            >>> from statefulrnn import Dense, Input, Model
            >>> inputs = Input(shape=(3,))
            >>> Model(inputs, [Dense(1, name="price")(inputs), Dense(2, name="side")(inputs)]).output_names
            ['price', 'side']
        """
        return output_names(self)

    @keras_arguments
    def fit(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int | str = "auto",
        callbacks: Sequence[Any] | None = None,
        validation_split: float = 0.0,
        validation_data: Any = None,
        shuffle: bool | None = None,
        class_weight: dict[int, float] | None = None,
        sample_weight: Any = None,
        initial_epoch: int = 0,
        steps_per_epoch: float | None = None,
        validation_steps: float | None = None,
        validation_batch_size: int | None = None,
        validation_freq: int | Sequence[int] = 1,
        state_reset: str = "never",
        chunk_length: int | None = None,
    ) -> Any:
        """Train for ``epochs`` passes over the data (Keras's ``fit``); returns a ``History``.

        Args:
            x: inputs: an array, a list of arrays (one per input) or a dict by input name;
                or ready-made batches with ``y=None`` (a `SequenceBatcher`, a list of
                ``(x, y)`` pairs or ``(x, y, sample_weight)`` triples, a ``tf.data.Dataset``:
                `statefulrnn.data.tf_datasets`).
            y: targets: an array, a list (one per output) or a dict by output name. An
                ``(N,)`` target serves an ``(N, 1)`` output, ``(N, T)`` an ``(N, T, 1)`` one.
            batch_size: rows per batch (default 32; a stateful model's own batch size).
            epochs: the epoch to stop before (with ``initial_epoch``, the epochs run are
                ``initial_epoch .. epochs - 1``).
            verbose: 0 silent, 1 progress bar, 2 one line per epoch, ``"auto"``.
            callbacks: `statefulrnn.callbacks` (or Keras-style objects with its hooks).
            validation_split: the last fraction of the rows held out for validation.
            validation_data: ``(x, y)``, ``(x, y, sample_weight)``, ``(x,)`` (inputs alone, for
                a model whose layers add its loss; a list reads the same, as in Keras) or
                ready-made batches, evaluated after each validated epoch from the
                training state; the state is left where validation ended, as in Keras (reset it
                between epochs to keep training and validation apart).
            shuffle: shuffle rows each epoch (default True, but False for a stateful model or
                ready-made batches; True is refused for a stateful model).
            class_weight: ``{class index: weight}``, for a model with one output: each
                sample's loss is weighted by its class's (1 for a class not listed).
            sample_weight: per-sample ``(N,)`` or per-step ``(N, T)`` loss weights; one array
                for every output, or a list or dict by output name. A batch's loss is
                ``sum(loss * weight) / size`` (Keras's ``"sum_over_batch_size"``: over all
                its values, not over the sum of the weights).
            initial_epoch: the epoch to start at (to resume a run).
            steps_per_epoch: batches per epoch (a float rounded up, as tf-keras); the next
                epoch goes on from where this one stopped, and when the data runs out the
                epoch ends there (as Keras).
            validation_steps: batches per validation (going on across epochs, as Keras).
            validation_batch_size: batch size for the validation data (default ``batch_size``).
            validation_freq: validate every that many epochs, or in the epochs listed
                (counted from 1).
            state_reset: ``"never"`` (Keras's behaviour: states carry across batches and
                epochs) or ``"epoch"`` (reset every stateful layer at each epoch's start).
            chunk_length: cut long sequences into chunks of this many steps (truncated
                backpropagation; the state carries across chunks). Targets must be per step.

        Raises:
            ValueError: data that does not fit the model (shapes, counts, names) or arguments
                out of range; nothing is trained then.

        Example:
            >>> from statefulrnn import GRU, Dense, Input, Model
            >>> series, side = Input(shape=(5, 1), name="series"), Input(shape=(2,), name="side")
            >>> level = Dense(1, name="level")(GRU(3)(series))
            >>> model = Model([series, side], [level, Dense(1, name="trend")(side)])
            >>> model.compile("sgd", loss={"level": "mse", "trend": "mae"}, loss_weights=[1.0, 0.5])
            >>> history = model.fit({"series": np.zeros((4, 5, 1)), "side": np.zeros((4, 2))},
            ...                     {"level": np.zeros(4), "trend": np.zeros(4)}, verbose=0)
            >>> sorted(history.history)
            ['level_loss', 'loss', 'trend_loss']
        """
        x, validation_data = batches_of(x), batches_of(validation_data)
        if isinstance(x, DatasetBatches):
            shuffle = False  # a tf.data pipeline keeps its own order, as Keras ignores shuffle there
        _check_not_tensorflow("fit", x=x, y=y, validation_data=validation_data)
        return self._compiled("fit").fit(
            x, y, batch_size=batch_size, epochs=epochs, verbose=verbose, callbacks=callbacks,
            validation_split=validation_split, validation_data=validation_data, shuffle=shuffle,
            class_weight=class_weight, sample_weight=sample_weight, initial_epoch=initial_epoch,
            steps_per_epoch=steps_per_epoch, validation_steps=validation_steps,
            validation_batch_size=validation_batch_size, validation_freq=validation_freq,
            state_reset=state_reset, chunk_length=chunk_length,
        )  # fmt: skip

    @keras_arguments
    def evaluate(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        verbose: int | str = "auto",
        sample_weight: Any = None,
        steps: float | None = None,
        callbacks: Sequence[Any] | None = None,
        return_dict: bool = False,
    ) -> Any:
        """Loss and metrics over ``x``, ``y`` in inference mode (Keras's ``evaluate``).

        Args:
            x: inputs as for `fit` (an array, a list, a dict by input name, or ready-made
                batches with ``y=None``).
            y: targets as for `fit` (an array, a list, a dict by output name).
            batch_size: rows per batch (default 32; a stateful model's own batch size).
            verbose: 0 silent, 1 progress bar, 2 one line, ``"auto"``.
            sample_weight: loss weights as for `fit`; they weigh ``weighted_metrics`` too
                (not ``metrics``, as in Keras).
            steps: stop after this many batches (a float rounded up, as tf-keras).
            callbacks: callbacks given the test hooks.
            return_dict: return ``{log name: value}``.

        Returns:
            the loss alone when there is nothing else to log; else a list in Keras's order
            (``loss``, each output's loss, then the metrics) or, with ``return_dict``, a dict.
        """
        x = batches_of(x)
        _check_not_tensorflow("evaluate", x=x, y=y)
        return self._compiled("evaluate").evaluate(
            x, y, batch_size=batch_size, verbose=verbose, sample_weight=sample_weight, steps=steps,
            callbacks=callbacks, return_dict=return_dict,
        )  # fmt: skip

    @keras_arguments
    def predict(
        self,
        x: Any,
        batch_size: int | None = None,
        verbose: int | str = "auto",
        steps: float | None = None,
        callbacks: Any = None,
    ) -> Any:
        """Outputs over ``x`` (an array, a list of arrays or a dict by input name) in batches, in
        inference mode, as numpy arrays (a list for several outputs, a dict by key for a dict of
        outputs), as Keras; ``steps`` stops
        after that many batches (a float rounded up, as tf-keras)."""
        # an array is no TensorFlow object; and not _check_not_tensorflow: ~1 us of a one-step call
        if type(x) is not np.ndarray:
            x = batches_of(x)
            check_not_tensorflow(x, "predict's x")
        # the class's own predict_step, as `overridden` finds it, written out: a frame is ~1 us here
        if type(self).predict_step is not KerasSteps.predict_step:
            return predict(self, x, batch_size, verbose, steps, callbacks, step=predicted)
        return predict(self, x, batch_size, verbose, steps, callbacks)

    @keras_arguments
    def train_on_batch(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        class_weight: dict[int, float] | None = None,
        return_dict: bool = False,
        reset_metrics: bool = True,
    ) -> Any:
        """One gradient step on one batch; its loss (and metrics), as `evaluate` returns them.
        ``reset_metrics=False`` (tf-keras's): the metrics go on from the last call's (see
        `reset_metrics`)."""
        return self._compiled("train_on_batch").on_batch(
            x, y, train=True, return_dict=return_dict, sample_weight=sample_weight, class_weight=class_weight,
            reset_metrics=reset_metrics,
        )  # fmt: skip

    @keras_arguments
    def test_on_batch(
        self, x: Any, y: Any = None, sample_weight: Any = None, return_dict: bool = False,
        reset_metrics: bool = True,
    ) -> Any:  # fmt: skip
        """Loss (and metrics) of one batch, without training; ``reset_metrics`` as
        `train_on_batch`'s."""
        trainer = self._compiled("test_on_batch")
        return trainer.on_batch(
            x,
            y,
            train=False,
            return_dict=return_dict,
            sample_weight=sample_weight,
            reset_metrics=reset_metrics,
        )

    @keras_arguments
    def predict_on_batch(self, x: Any) -> Any:
        """The outputs for one batch, in inference mode, as numpy arrays (one model call)."""
        if overridden(self, "predict_step"):
            return predict_on_batch(self, x, step=predicted_on_batch)
        return predict_on_batch(self, x)

    def compute_loss(
        self,
        x: Any = None,
        y: Any = None,
        y_pred: torch.Tensor | None = None,
        sample_weight: Any = None,
        training: bool = True,
    ) -> torch.Tensor:
        """Keras 3's ``compute_loss``: the compiled loss of ``y_pred`` against ``y``, plus the
        regularization penalties (a scalar tensor with its graph, for a custom training loop).

        As Keras's default, ``x`` and ``training`` are not used (a subclass may use them):
        pass ``y_pred = model(x)`` yourself. ``sample_weight`` (N,) weights each sample's
        loss before the batch mean.

        Raises:
            RuntimeError: the model is not compiled.
            ValueError: no ``y_pred``, or ``y`` or ``sample_weight`` of the wrong shape.

        Example:
            >>> from statefulrnn import Dense, Sequential
            >>> model = Sequential([Dense(1, input_shape=(2,), kernel_initializer="ones")])
            >>> model.compile(optimizer="sgd", loss="mse")
            >>> x, y = torch.ones(4, 2), torch.zeros(4, 1)
            >>> loss = model.compute_loss(x, y, model(x))
            >>> grads = torch.autograd.grad(loss, model.trainable_variables)
            >>> model.optimizer.apply_gradients(zip(grads, model.trainable_variables))
            1
            >>> loss.item()
            4.0
        """
        trainer = self._compiled("compute_loss")
        if y_pred is None:
            raise ValueError(
                "compute_loss needs y_pred, the model's outputs: model.compute_loss(x, y, y_pred=model(x)) "
                "(as Keras's, it does not call the model itself)."
            )
        return compute_loss(trainer, y, y_pred, sample_weight)

    def _compiled(self, what: str) -> Trainer:
        trainer = self.__dict__.get("_trainer")
        if trainer is None:
            raise RuntimeError(
                f"Model '{self.name}' must be compiled before {what}: call "
                f"model.compile(optimizer=..., loss=...) first."
            )
        return trainer

    # ----- files: thin faces over io.checkpoint and io.weights --------------------------

    def save(
        self,
        path: str | os.PathLike[str],
        overwrite: bool = True,
        include_optimizer: bool | None = None,
        save_format: str | None = None,
        signatures: Any = None,
        options: Any = None,
        save_traces: bool = True,
        *,
        include_states: bool = False,
        zipped: bool | None = None,
    ) -> None:
        """Write the architecture and weights (and states, optimizer) to one safetensors file,
        which `statefulrnn.load_model` reads; see `statefulrnn.io.checkpoint.save_model`.

        A path ending in ``.keras`` (or ``save_format="keras"``) gets a Keras 3 archive
        instead, as ``keras.Model.save`` writes one (`statefulrnn.io.save_keras`), with the
        optimizer's state: Keras 3 and `statefulrnn.load_model` both load it. A path ending in
        ``.h5`` or ``.hdf5`` (or ``save_format="h5"``) gets Keras's legacy HDF5 file, as Keras 3 writes it
        (`statefulrnn.io.keras_h5_save.save_keras_h5`), which Keras 3's ``load_model`` and
        `statefulrnn.load_model` read. Neither holds states (Keras has no place for them), so
        ``include_states=True`` with such a name is refused; give a ``.safetensors`` name to
        keep them.

        The arguments after ``path`` come in tf-keras's order (``overwrite``, ``include_optimizer``,
        ``save_format``, ...: a Keras program may pass them by position); ``include_states`` and
        ``zipped`` by name. Keras's other arguments: ``overwrite=False`` refuses an existing file
        (FileExistsError; Keras asks on the terminal; any value counts by its truth, as in
        Keras); ``zipped`` must not be False (no unzipped folders); ``save_format="tf"`` (a
        TensorFlow SavedModel) is refused, as are ``signatures`` and ``options``;
        ``save_traces`` has no effect. ``include_optimizer`` left None stores the optimizer and
        compile's arguments where the model is compiled with what a file can hold (Keras's
        default, True, which it too passes over for a model not compiled), so that
        `statefulrnn.load_model` gives it back compiled, as Keras's does; True requires them
        (the refusal says why not), False leaves them out.
        """
        as_keras = _file_options(
            path, overwrite, save_format, ("keras", "h5"), signatures=signatures, options=options
        )
        if zipped is False:
            raise ValueError("zipped=False (an unzipped Keras folder) is not written; save to a .keras file.")
        name = os.fspath(path)
        legacy = save_format == "h5" or (is_legacy_h5(name) and save_format != "keras")
        if self.__dict__.get("_subclassed"):
            if legacy:
                raise ValueError(
                    f"{name!r}: Keras's HDF5 model file holds Sequential and functional models only (Keras "
                    f"refuses a subclassed one too); save model '{self.name}' to a '.keras' name, or to a "
                    f"statefulrnn model file (e.g. 'model.safetensors')."
                )
            subclassed.keras_config(self, "save")  # refused now where no config holds its arguments
        if as_keras or legacy or name.endswith(".keras"):
            kind = ".h5" if legacy else ".keras"
            if include_states:
                raise ValueError(
                    f"{name!r}: a Keras file ({kind}) holds no states; save with include_states=True "
                    f"to a statefulrnn model file (e.g. 'model.safetensors')."
                )
            from ..io.keras_h5_save import save_keras_h5  # these modules import the models
            from ..io.keras_save import save_keras

            try:
                (save_keras_h5 if legacy else save_keras)(self, path)
            except ValueError as error:
                raise ValueError(
                    f"{error} (A {kind} name asks for a Keras file; any other name, such as "
                    f"'model.safetensors', gets statefulrnn's own, which holds any model.)"
                ) from None
            return
        if include_optimizer is None:  # Keras's default, where a file can hold what compile got
            from ..io.checkpoint import optimizer_refusal  # the io modules import the models

            compiled = self.__dict__.get("_trainer") is not None
            include_optimizer = compiled and optimizer_refusal(self) is None
        save_model(self, path, include_states=include_states, include_optimizer=include_optimizer)

    def save_weights(
        self,
        path: str | os.PathLike[str],
        overwrite: bool = True,
        save_format: str | None = None,
        options: Any = None,
        max_shard_size: Any = None,
    ) -> None:
        """Write the weights, in Keras order, to a safetensors file; see `statefulrnn.io.save_weights`.

        A ``.weights.h5`` name gets Keras 3's weights file instead, as ``keras.Model.save_weights``
        writes it (`statefulrnn.io.save_keras_weights`, the optimizer's state included), which
        Keras 3 and `load_weights` both read; another ``.h5`` or ``.hdf5`` name (or ``save_format="h5"``)
        gets the legacy HDF5 weights file tf-keras 2 wrote
        (`statefulrnn.io.keras_h5_save.save_keras_h5_weights`), which tf-keras's and our
        `load_weights` read. A subclassed model's ``.weights.h5`` keeps its weights where Keras 3
        walks its attributes (``hidden1/vars``, ...), as Keras 3 writes it; under another ``.h5``
        name it stays statefulrnn's file (tf-keras's HDF5 pairs layers by their names, which a
        subclass makes anew in each process). ``overwrite``, ``save_format`` and ``options`` as
        in `save`; ``max_shard_size`` (Keras 3's sharded files) must be None.
        """
        _file_options(path, overwrite, save_format, ("h5",), options=options, max_shard_size=max_shard_size)
        name = os.fspath(path)
        keras3 = name.endswith(".weights.h5")
        if (is_legacy_h5(name) or save_format == "h5") and (keras3 or not self.__dict__.get("_subclassed")):
            from ..io.keras_h5_save import save_keras_h5_weights  # these modules import the models
            from ..io.keras_save import save_keras_weights

            (save_keras_weights if keras3 else save_keras_h5_weights)(self, path)
            return
        save_weights(self, path)

    def load_weights(
        self,
        path: str | os.PathLike[str],
        *,
        skip_mismatch: bool = False,
        by_name: bool = False,
        options: Any = None,
    ) -> None:
        """Set the weights from a `save_weights` file, a model file's or a Keras file's; see
        `statefulrnn.io.load_weights` (``by_name``, Keras 2's, pairs layers by name and passes
        over those one side lacks; ``skip_mismatch`` passes over layers that do not fit, with a
        warning). ``options`` (TensorFlow's) must be None."""
        _file_options(path, True, None, (), options=options)
        load_weights(self, path, by_name=by_name, skip_mismatch=skip_mismatch)

    def export(self, path: str | os.PathLike[str], format: str = "tf_saved_model", **kwargs: Any) -> None:
        """Keras 3's ``model.export``: ``format="onnx"`` writes an ONNX graph whose states are
        explicit inputs and outputs (`statefulrnn.io.export_onnx`, its keyword arguments
        passed on); TensorFlow's SavedModel (the default) is refused, naming ONNX."""
        if format != "onnx":
            raise ValueError(
                f"export(format={format!r}): statefulrnn exports ONNX only (format='onnx'); a TensorFlow "
                f"SavedModel needs TensorFlow. Received: format={format!r}"
            )
        from ..io.onnx_export import export_onnx

        export_onnx(self, path, **kwargs)

    # ----- states of all layers ---------------------------------------------------------

    def reset_states(self, mask: Any = None) -> None:
        """Zero the states of every stateful layer, or only the batch rows ``mask`` selects.

        Args:
            mask: a boolean ``(N,)`` array or a list of row indices; None resets all rows.
        """
        state.reset_states(self, mask)

    def reset_state(self, mask: Any = None) -> None:
        """Keras 3 spelling of `reset_states`."""
        self.reset_states(mask)

    def with_batch_size(self, batch_size: int) -> BaseModel:
        """This model at another batch size, sharing its weights: Keras's "build a second model
        and copy the weights" in one call (train at 32, serve one stream at 1).

        The copy's stateful layers keep ``batch_size`` rows, all zero; its parameters are this
        model's own ``Parameter`` objects, so training either changes both. It is not compiled.

        Example:
            >>> from statefulrnn import GRU, Sequential
            >>> trained = Sequential([GRU(4, stateful=True, batch_input_shape=(8, None, 1))])
            >>> single = trained.with_batch_size(1)
            >>> single.layers[0].states[0].shape
            torch.Size([1, 4])
            >>> single.layers[0].cell.weight_ih is trained.layers[0].cell.weight_ih
            True
        """
        positive_int("batch_size", batch_size)
        old = fixed_batch_size(self)
        shared = {id(p): p for p in self.parameters()}
        shared[id(self.__dict__.get("_trainer"))] = None  # the copy is not compiled
        clone = copy.deepcopy(self, shared)
        clone.__dict__.pop("_trainer", None)
        for module in clone.modules():
            if isinstance(module, state.StateStore):
                module.resize(batch_size)
            elif isinstance(module, Layer) and old is not None:
                for attribute in ("batch_input_shape", "input_shape", "output_shape"):
                    setattr(module, attribute, _rebatched(getattr(module, attribute), old, batch_size))
                for node in module.__dict__.get("_inbound_nodes", ()):  # the copy's graph too
                    for tensor in (*node.inputs, *node.outputs):
                        tensor.shape = _rebatched(tensor.shape, old, batch_size)
        return clone

    def get_states(self, rows: Any = None) -> dict[str, list[torch.Tensor]]:
        """Copies of every stateful layer's states, ``{layer path: [tensors]}``; with ``rows``
        (indices or a boolean mask), only those batch rows, to move them elsewhere.

        Example:
            >>> from statefulrnn.layers import GRU
            >>> from statefulrnn.models import Sequential
            >>> model = Sequential([GRU(5, stateful=True, batch_input_shape=(2, None, 1), name="g")])
            >>> snapshot = model.get_states()
            >>> _ = model(torch.ones(2, 3, 1))
            >>> model.set_states(snapshot)  # back to before the call
            >>> float(model.get_states()["g"][0].abs().sum())
            0.0
        """
        return state.get_states(self, rows)

    def set_states(self, states: dict[str, Any], rows: Any = None) -> None:
        """Set states as `get_states` returns them (only ``rows``, if given); all are checked
        before any is set."""
        state.set_states(self, states, rows)


def _check_not_tensorflow(method: str, **arguments: Any) -> None:
    """Refuse a ``tf.data.Dataset`` (or a graph tensor) given to ``method`` before anything
    else, with the hint that names the PyTorch way (`statefulrnn._tf_only`)."""
    for name, value in arguments.items():
        check_not_tensorflow(value, f"{method}'s {name}")


def _rebatched(shape: Any, old: int, new: int) -> Any:
    """``shape`` with its batch size ``old`` replaced by ``new`` (lists of shapes too)."""
    if isinstance(shape, list):
        return [_rebatched(item, old, new) for item in shape]
    if isinstance(shape, tuple) and shape and shape[0] == old:
        return (new, *shape[1:])
    return shape


def _file_options(
    path: str | os.PathLike[str],
    overwrite: bool,
    save_format: str | None,
    formats: tuple[str, ...],
    **tensorflow: Any,
) -> bool:
    """Check Keras's file arguments of `save` and `save_weights`; whether ``save_format`` asks
    for a Keras file (``"keras"``).

    Raises:
        FileExistsError: ``overwrite=False`` and a file at ``path``.
        ValueError: a ``save_format`` not in ``formats`` (``"tf"``: TensorFlow's SavedModel), or
            a TensorFlow-only argument given.
    """
    given = [name for name, value in tensorflow.items() if value is not None]
    if given:
        raise ValueError(
            f"{', '.join(given)}: TensorFlow's saving options have no meaning here; leave them None."
        )
    if save_format is not None and save_format not in formats:
        raise ValueError(
            f"save_format={save_format!r} is not written here (TensorFlow's SavedModel needs TensorFlow); "
            f"use {' or '.join(repr(f) for f in formats) or 'none'}, or leave it None."
        )
    if not overwrite and os.path.exists(path):
        raise FileExistsError(
            f"{os.fspath(path)!r} exists and overwrite=False (Keras would ask); nothing written."
        )
    return save_format == "keras"
