"""Record what Keras gives a program's own ``keras.layers.Wrapper`` subclass and a
``Bidirectional`` over a program's own sequence layer (one with ``go_backwards``,
``return_sequences``, ``return_state`` and ``stateful``, not an RNN): the truth for
statefulrnn's `Wrapper` and its wider `Bidirectional`.

Run in the Keras venv:
    TF_CPP_MIN_LOG_LEVEL=3 $STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/wrappers.py
Writes tests/fixtures/wrappers/<flavour>_<case>.npz for each case of `CASES` under Keras 3
("keras3") and tf-keras 2 ("tf_keras"): the model's outputs before and after one SGD step, its
weights after it, the outputs of a twin rebuilt from the wrapper's config (given the trained
weights), and a spec of the config keys the tests compare. The weights start as
`deterministic_weights`; the test (tests/layers/test_wrapper.py) builds the same models with
this script's builders, statefulrnn given as ``keras``.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from _recording import deterministic_weights

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "wrappers"
N, T, F = 3, 4, 2
LEARNING_RATE = 0.1


@functools.cache
def program_classes(keras: ModuleType, flavour: str) -> dict[str, type]:
    """A program's own classes, written against ``keras`` as a ``flavour`` program writes them
    (Keras 3's ``keras.ops``, tf-keras's ``keras.backend``); made once per module, since
    Keras's registry refuses a name twice."""
    layers = keras.layers
    ops, backend = getattr(keras, "ops", None), keras.backend

    # Named functions, not lambdas: tf-keras's autograph reads their source.
    def flip(x: Any) -> Any:
        return ops.flip(x, axis=1) if flavour == "keras3" else backend.reverse(x, 1)

    def cumsum(x: Any) -> Any:
        return ops.cumsum(x, axis=1) if flavour == "keras3" else backend.cumsum(x, axis=1)

    def tanh_of_product(x: Any, kernel: Any) -> Any:
        if flavour == "keras3":
            return ops.tanh(ops.matmul(x, kernel))
        return backend.tanh(backend.dot(x, kernel))

    register = keras.saving.register_keras_serializable(package=f"wrappers_fixture_{flavour}")

    @register
    class ScaledShift(layers.Wrapper):
        """``scale * layer(x) + shift``: a scale of its own config, a weight of its own, made in
        a build() that ends with super().build()."""

        def __init__(self, layer: Any, scale: float = 1.5, **kwargs: Any) -> None:
            super().__init__(layer, **kwargs)
            self.scale = scale

        def build(self, input_shape: Any) -> None:
            self.shift = self.add_weight(name="shift", shape=(self.layer.units,), initializer="zeros")
            super().build(input_shape)

        def call(self, inputs: Any) -> Any:
            return self.scale * self.layer(inputs) + self.shift

        def get_config(self) -> dict[str, Any]:
            return {**super().get_config(), "scale": self.scale}

    @register
    class Accumulate(layers.Layer):
        """A sequence layer written like an RNN: the running sum over time of ``x @ kernel``,
        read from the end when ``go_backwards`` (so its outputs come in reading order, as an
        RNN's do); the last step's sum without ``return_sequences``."""

        def __init__(
            self,
            units: int,
            go_backwards: bool = False,
            return_sequences: bool = False,
            **kwargs: Any,
        ) -> None:
            super().__init__(**kwargs)
            self.units = units
            self.go_backwards = go_backwards
            self.return_sequences = return_sequences
            self.return_state = False
            self.stateful = False

        def build(self, input_shape: Any) -> None:
            self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units))

        def call(self, inputs: Any, initial_state: Any = None) -> Any:
            x = flip(inputs) if self.go_backwards else inputs
            sums = cumsum(tanh_of_product(x, self.kernel))
            return sums if self.return_sequences else sums[:, -1]

        def compute_output_shape(self, input_shape: Any) -> Any:
            if self.return_sequences:
                return (*input_shape[:-1], self.units)
            return (input_shape[0], self.units)

        def get_config(self) -> dict[str, Any]:
            config = {"units": self.units, "go_backwards": self.go_backwards}
            return {**super().get_config(), **config, "return_sequences": self.return_sequences}

    return {"ScaledShift": ScaledShift, "Accumulate": Accumulate}


def wrapper_model(keras: ModuleType, flavour: str) -> Any:
    """Dense(3) under the program's ScaledShift, then Dense(1)."""
    own = program_classes(keras, flavour)
    layers = keras.layers
    inputs = layers.Input((T, F))
    x = own["ScaledShift"](layers.Dense(3, name="inner"), scale=0.5, name="scaled")(inputs)
    return keras.Model(inputs, layers.Dense(1, name="head")(x))


def bidirectional_model(merge_mode: str | None, return_sequences: bool) -> Any:
    """Bidirectional over the program's Accumulate, then Dense(1) (on each output)."""

    def build(keras: ModuleType, flavour: str) -> Any:
        own = program_classes(keras, flavour)
        layers = keras.layers
        inputs = layers.Input((T, F))
        wrapped = own["Accumulate"](2, return_sequences=return_sequences, name="acc")
        outputs = layers.Bidirectional(wrapped, merge_mode=merge_mode, name="bi")(inputs)
        head = layers.Dense(1, name="head")
        if merge_mode is None:
            return keras.Model(inputs, [head(outputs[0]), head(outputs[1])])
        return keras.Model(inputs, head(outputs))

    return build


CASES = {
    "wrapper_scaled_shift": wrapper_model,
    "bidirectional_concat_sequences": bidirectional_model("concat", True),
    "bidirectional_sum_last": bidirectional_model("sum", False),
    "bidirectional_none_sequences": bidirectional_model(None, True),
}


def data() -> tuple[np.ndarray, np.ndarray]:
    x = np.cos(np.arange(N * T * F, dtype="float64") * 0.3).reshape(N, T, F).astype("float32")
    return x, np.linspace(-1.0, 1.0, N).astype("float32")


def as_list(keras: ModuleType, flavour: str, outputs: Any) -> list[np.ndarray]:
    """Outputs (arrays or eager tensors) as arrays, as a ``flavour`` program converts them."""
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    convert = keras.ops.convert_to_numpy if flavour == "keras3" else keras.backend.get_value
    return [np.asarray(convert(o)) for o in outputs]


def targets(model: Any, y: np.ndarray) -> Any:
    shapes = [tuple(int(d) for d in t.shape[1:]) for t in model.outputs]
    made = [np.broadcast_to(y.reshape(N, *[1] * len(s)), (N, *s)).astype("float32") for s in shapes]
    return made if len(made) > 1 else made[0]


def wrapper_layer(model: Any) -> Any:
    return next(layer for layer in model.layers if layer.name in ("scaled", "bi"))


def run(keras: ModuleType, flavour: str, case: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """One case on ``keras`` (Keras or statefulrnn), as a ``flavour`` program: what the
    tests compare."""
    model = CASES[case](keras, flavour)
    model.set_weights(deterministic_weights(model))
    x, y = data()
    before = as_list(keras, flavour, model.predict(x, verbose=0))
    model.compile(optimizer=keras.optimizers.SGD(LEARNING_RATE), loss="mse")
    model.train_on_batch(x, targets(model, y))
    after = as_list(keras, flavour, model.predict(x, verbose=0))
    wrapper = wrapper_layer(model)
    config = wrapper.get_config()
    twin = type(wrapper).from_config(dict(config))  # Keras 3's Wrapper pops "layer" from it
    twin(x)  # built, so that it takes the weights
    twin.set_weights(wrapper.get_weights())
    twin_out = as_list(keras, flavour, twin(x))
    spec = {
        "layer_class": config["layer"]["class_name"],
        "layer_config": {k: v for k, v in sorted(config["layer"]["config"].items()) if k in KEYS},
        "own": {k: config[k] for k in ("scale", "merge_mode") if k in config},
        "weight_shapes": [list(w.shape) for w in wrapper.get_weights()],
    }
    if hasattr(wrapper, "backward_layer"):
        spec["halves"] = [
            [half.name, bool(half.go_backwards)] for half in (wrapper.forward_layer, wrapper.backward_layer)
        ]
    arrays = {f"before_{i}": v for i, v in enumerate(before)}
    arrays.update({f"after_{i}": v for i, v in enumerate(after)})
    arrays.update({f"weight_{i}": v for i, v in enumerate(model.get_weights())})
    arrays.update({f"twin_{i}": v for i, v in enumerate(twin_out)})
    return spec, arrays


# The keys of the wrapped layer's config the tests compare: the arguments, not the dtype, which
# Keras 3 writes as a policy, nor Dense's activation, which statefulrnn writes as None where
# Keras writes "linear" (a difference of Dense's config, not of the wrappers').
KEYS = ("units", "go_backwards", "return_sequences", "use_bias")


def main() -> None:
    import keras
    import tensorflow as tf
    import tf_keras

    tf.config.threading.set_inter_op_parallelism_threads(1)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    for flavour, module in (("keras3", keras), ("tf_keras", tf_keras)):
        for case in CASES:
            spec, arrays = run(module, flavour, case)
            spec["version"] = module.__version__
            np.savez_compressed(OUT / f"{flavour}_{case}.npz", spec=np.array(json.dumps(spec)), **arrays)
    print(f"wrote {len(list(OUT.glob('*.npz')))} fixture files to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
