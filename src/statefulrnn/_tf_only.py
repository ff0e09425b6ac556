"""Keras features that exist only on TensorFlow: the errors that say so and name the PyTorch way.

Keras programs pass TensorFlow-only options (``steps_per_execution``, a ``tf.distribute``
strategy) and TensorFlow objects (a
``tf.function`` graph tensor; a ``tf.data.Dataset`` where a batch belongs: ``fit``,
``evaluate`` and ``predict`` read one given as ``x``, `statefulrnn.data.tf_datasets`). Where
the option's value means what PyTorch does anyway it is accepted (everything here runs eagerly,
so ``run_eagerly`` is always satisfied); otherwise the error says what the feature is and what
to write instead.

``jit_compile=True`` asks for speed, not other numbers: Keras 3 takes it on every backend (on
PyTorch it wraps the step in ``torch.compile``), so a Keras 3 program passes it freely
(keras.io's examples do); it is accepted and the step runs eagerly, on the fused recurrent
kernels (``torch.compile(model)`` compiles the rest, where a program wants it).

Example:
    >>> check_compile_options(run_eagerly=True, jit_compile=True, steps_per_execution=1)
    >>> check_compile_options(steps_per_execution=4)
    Traceback (most recent call last):
    ...
    ValueError: compile(steps_per_execution=4): running several batches per tf.function call ...
"""

from __future__ import annotations

from typing import Any

# The values that mean what PyTorch does anyway (Keras's defaults, and run_eagerly=True).
_HARMLESS: dict[str, tuple[Any, ...]] = {
    "run_eagerly": (True, False),
    "jit_compile": ("auto", False, None, True),
    "steps_per_execution": (1,),
    "distribute": (None,),
    "auto_scale_loss": (True, False),
}

TF_ONLY_HINTS: dict[str, str] = {
    # for fit(jit_compile=...), which Keras's fit does not take either (compile does)
    "jit_compile": (
        "XLA compilation is TensorFlow's (and JAX's) and does not change Keras's numbers. Drop "
        "the argument: statefulrnn runs its recurrent layers with fused kernels already; to "
        "compile the rest, wrap the model with torch.compile(model)"
    ),
    "steps_per_execution": (
        "running several batches per tf.function call is a TensorFlow graph optimisation. Drop "
        "the argument: each batch is one PyTorch step here (callbacks see every batch)"
    ),
    "distribute": (
        "tf.distribute strategies are TensorFlow's. Use statefulrnn.distributed (PyTorch's "
        "DistributedDataParallel, launched with torchrun) instead"
    ),
    "tf.data": (
        "a tf.data.Dataset is TensorFlow's input pipeline, which fit, evaluate and predict read "
        "as x (and fit as validation_data) when it gives its batches (as_numpy_iterator). "
        "Here pass numpy arrays or torch tensors (for example "
        "np.stack(list(dataset.as_numpy_iterator())))"
    ),
    "tf.function": (
        "a tf.function traces TensorFlow graphs, which a PyTorch model cannot run in. Remove "
        "the @tf.function decorator: PyTorch runs the step eagerly (torch.compile speeds it up)"
    ),
}


def check_compile_options(**options: Any) -> None:
    """Refuse the TensorFlow-only ``compile`` options whose value would need TensorFlow.

    Args:
        options: what ``compile`` received among ``run_eagerly``, ``jit_compile``,
            ``steps_per_execution``, ``distribute``, ``auto_scale_loss``.

    Raises:
        ValueError: a value that needs TensorFlow (the message names the PyTorch way).
        TypeError: an option that is not one of these.
    """
    for name, value in options.items():
        if name not in _HARMLESS:
            raise TypeError(f"check_compile_options: unknown option {name}={value!r}")
        if any(value is ok or (type(value) is type(ok) and value == ok) for ok in _HARMLESS[name]):
            continue
        raise ValueError(f"compile({name}={value!r}): {TF_ONLY_HINTS[name]}.")


def is_tensorflow_object(value: Any) -> bool:
    """Whether ``value`` is a TensorFlow object (a tf.data.Dataset, a graph tensor, ...)."""
    return type(value).__module__.split(".")[0] == "tensorflow"


def check_not_tensorflow(value: Any, what: str) -> None:
    """Refuse a TensorFlow object that cannot become an array (a ``tf.data.Dataset``, or a
    symbolic tensor inside a ``tf.function``); an eager ``tf.Tensor`` converts like an array.

    Raises:
        TypeError: naming the PyTorch way.
    """
    if not is_tensorflow_object(value):
        return
    kind = type(value).__name__
    if "Dataset" in kind:
        raise TypeError(f"{what} received a {kind}: {TF_ONLY_HINTS['tf.data']}.")
    if not hasattr(value, "numpy"):  # a graph tensor: only inside tf.function
        raise TypeError(
            f"{what} received a TensorFlow graph tensor ({kind}): {TF_ONLY_HINTS['tf.function']}."
        )
