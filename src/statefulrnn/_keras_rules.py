"""Whose rules statefulrnn follows where tf-keras (Keras 2) and Keras 3 compute differently and
a program's code cannot say which it was written for (``from tensorflow import keras`` means
either, depending on the TensorFlow installed).

``"keras3"`` (the default) or ``"tf_keras"``; `statefulrnn.config.set_keras_rules` sets it.
What depends on it today:

- the merge layers' masks (`statefulrnn.layers.merging`): Keras 3's ``Add``/``Subtract``/
  ``Average``/``Multiply``/``Maximum``/``Minimum`` give the logical OR of their inputs' masks,
  none when an input has none, and ``Multiply``/``Maximum``/``Minimum`` skip masked steps;
  tf-keras's give the logical AND of the masks present (keras-bert adds a masked token
  embedding to an unmasked segment embedding and keeps the token mask) and compute without them;
  ``Concatenate``'s step is real where any of its joined features' masks is (Keras 3) or all
  are (tf-keras: an attention context joined to a masked decoder keeps the decoder's mask);
- a ``TimeDistributed`` layer training one of its layers that takes ``training``
  (``BatchNormalization``, ``Dropout``): Keras 3 runs it step by step (batch statistics per
  step), tf-keras runs its built-in layers on all steps as one batch (`statefulrnn.layers.time_distributed`);
- the gates of a ``ConvLSTM1D``/``2D``/``3D`` not given a ``recurrent_activation``: Keras 3's
  ``sigmoid``, tf-keras's ``hard_sigmoid`` (`statefulrnn.layers.conv_lstm`; the layer's config
  names the one it was made with, so it reloads alike under either rules);
- the name ``"hard_sigmoid"`` (`statefulrnn.activations.get`): Keras 3's ``relu6(x + 3) / 6``,
  tf-keras's ``clip(0.2 x + 0.5, 0, 1)`` (``"hard_sigmoid_keras2"`` under either);
- the loss ``fit`` and ``evaluate`` report where a layer ``add_loss``-es one value per sample
  (a CTC endpoint layer's ``(batch, 1)``): both train on the values' sum, Keras 3 reports that
  sum and tf-keras their mean (`statefulrnn.regularizers.WeightSettings.reported`);
- the key under which ``ReduceLROnPlateau`` and ``LearningRateScheduler`` log the learning
  rate: Keras 3's ``"learning_rate"``, tf-keras's ``"lr"``;
- the mask of a layer's first argument when it is given other tensors, by keyword or by
  position (an RNN given ``initial_state`` after a masking ``Embedding``, a translation
  model's decoder layer called as ``decoder(x, encoder_outputs)``): tf-keras hands it to the
  layer, Keras 3 hands none (`statefulrnn.models.base.call_masked`);
- the order of the logs the built-in loops give the callbacks, the history and
  ``evaluate(return_dict=True)``: Keras 3's sorted by key (its ``pythonify_logs``; the
  validation logs after the training ones), tf-keras's in the metrics' order, the loss first;
- the names of a model's outputs made by the same layer (a layer called once per step, as a
  decoder's ``Dense``): Keras 3 repeats the layer's name, tf-keras numbers the repeats
  (``dense``, ``dense_1``, ...), which its losses and metrics are logged under;
- an ``InputLayer``'s ``input_shape`` and ``output_shape``: tf-keras lists them, one shape per
  tensor (``[(None, 3, 4)]``), Keras 3 has neither attribute (ours: the tuple);
- ``ModelCheckpoint``'s messages before a best value: Keras 3's "from None", tf-keras's "from inf";
- where gradients are taken: under tf-keras's rules a layer or model called by the program
  itself takes none, as TensorFlow records none without a ``GradientTape`` (so
  ``model(x).numpy()`` gives numbers, where torch refuses a tensor that takes gradients);
  ``fit``, ``train_on_batch`` and a model's own ``train_step`` take them (`taping`). Keras 3
  on PyTorch takes them in every call, as torch does, for a program's own ``loss.backward()``;
- a stateful layer given ``initial_state``: Keras 3 starts every call from it, tf-keras only
  while the carried state is all zeros, then goes on from the carried one
  (`statefulrnn.layers.recurrent.RNN`);
- which layers ``fit`` and ``train_on_batch`` train: tf-keras's those trainable when the model
  was compiled (a GAN's discriminator frozen after its compile still trains in its own
  ``train_on_batch``), Keras 3's those trainable now (`statefulrnn.training.trainer.CompiledTrainable`);
- a preprocessing layer (``TextVectorization``, ``StringLookup``, ``IntegerLookup``,
  ``Discretization``) adapted before it declares an input shape: tf-keras declares the data's
  rank (``_adapt_maybe_build``), so a ``Sequential`` it starts is built as it is made; Keras 3
  leaves the model unbuilt until its first call (`statefulrnn.layers.index_lookup`);
- the moving variance of a ``BatchNormalization`` on inputs of rank 4 or 5, features first or
  last: tf-keras's fused batch norm averages the Bessel-corrected batch variance, Keras 3 (and
  tf-keras at other ranks) the biased one (`statefulrnn.layers.normalization`);
- ``model.metrics``: Keras 3's loss tracker and ``CompileMetrics``, tf-keras's the loss trackers
  and then compile's metric objects themselves (`statefulrnn.training.custom_steps.StepMetrics`);
- a ``Dense`` given a float number of units (``Dense(total_words / 2)``): tf-keras truncates it,
  Keras 3 refuses it; a ``Normalization``'s ``count`` after ``adapt``: tf-keras's the number of
  values counted, Keras 3's 0 (`statefulrnn.layers.feature_scaling`);
- ``MultiHeadAttention``'s masked logits: tf-keras's Softmax layer shifts them by -1e9 (a
  query whose every key is masked, a padded one, gets a uniform row whose logits still take
  gradients) and zeroes no scores; Keras 3 gives masked logits no gradient
  (`statefulrnn.layers.attention`);
- an optimizer given ``clipvalue`` beside ``clipnorm`` or ``global_clipnorm``: tf-keras takes
  it and clips by the norm alone, Keras 3 refuses it (`statefulrnn.optimizers.base`);
- a ``loss`` dict by output name that leaves an output out: tf-keras trains that output without
  a loss, Keras 3 refuses the dict; and each output's loss in the logs: tf-keras logs it in any
  model of several outputs, Keras 3 where several outputs have a loss
  (`statefulrnn.training.outputs.CompiledOutputs`);
- ``binary_crossentropy`` of probabilities: tf-keras adds `epsilon` inside the logs again, and
  in ``fit`` and ``evaluate`` (a graph: `in_compiled_step`) TensorFlow's optimizer folds its
  ``1 - p + eps`` into ``(1 + eps) - p``; Keras 3 takes ``log(p)`` of the clipped outputs.

Example:
    >>> from statefulrnn import config
    >>> config.keras_rules()
    'keras3'
    >>> config.set_keras_rules("tf_keras"); config.keras_rules()
    'tf_keras'
    >>> config.set_keras_rules("keras3")
"""

from __future__ import annotations

from typing import Any

RULES = ("keras3", "tf_keras")
_current = ["keras3"]
# Whether a layer's call outside any `taping` region runs without gradients (tf-keras's rules,
# no training step running): read by every Layer.__call__, so one list read.
UNTAPED = [False]


class _Region:
    """A with-block that counts how deeply it is entered: a class, as a training step enters
    two per batch and a generator's context manager costs three times as much."""

    def __init__(self) -> None:
        self.depth = 0

    def __enter__(self) -> None:
        self.depth += 1
        _refresh()

    def __exit__(self, *_: Any) -> None:
        self.depth -= 1
        _refresh()


_TAPING = _Region()
_COMPILED_STEP = _Region()


def _refresh() -> None:
    UNTAPED[0] = _current[0] == "tf_keras" and not _TAPING.depth


def keras_rules() -> str:
    """The rules in force: ``"keras3"`` or ``"tf_keras"``."""
    return _current[0]


def set_keras_rules(rules: str) -> None:
    """Follow Keras 3's rules (``"keras3"``, the default) or tf-keras's (``"tf_keras"``) where
    they differ (see this module's notes); for the layers' next calls.

    Raises:
        ValueError: another name.
    """
    if rules not in RULES:
        raise ValueError(f"set_keras_rules takes 'keras3' or 'tf_keras'. Received: {rules!r}")
    _current[0] = rules
    _refresh()


def tf_keras_rules() -> bool:
    """Whether tf-keras's rules are in force (cheap: one list read)."""
    return _current[0] == "tf_keras"


def taping() -> _Region:
    """Where a training step runs (``fit``'s, ``train_on_batch``'s, a model's own
    ``train_step``): calls take gradients under either rules, as inside tf-keras's tape."""
    return _TAPING


def compiled_step() -> _Region:
    """Where ``fit``'s and ``evaluate``'s step computes the compiled loss and metrics, which
    tf-keras runs as a ``tf.function``: see `in_compiled_step`."""
    return _COMPILED_STEP


def in_compiled_step() -> bool:
    """Whether the compiled loss and metrics of a built-in step are being computed: tf-keras
    computes them in a graph, whose optimizer rewrites some float32 arithmetic (it folds
    ``1 - p + eps`` into ``(1 + eps) - p``), so a few values there differ from its eager
    functions' (`statefulrnn.losses.binary_crossentropy_values`)."""
    return _COMPILED_STEP.depth > 0
