"""Record what Keras 3.15 does with the ways ncps's Keras cells (CfC, LTC, their mixed-memory
wrapper) are written, small, for tests/layers/test_program_cells.py, which builds the same
models with these builders, statefulrnn given as ``keras``:

- ``backbone``: an RNN of a cell that holds a ``Sequential`` backbone made in its ``build()``
  (CfCCell's): the predictions with fixed weights, and where its ``.keras`` file keeps each
  weight (``model.weights.h5`` paths: the Sequential's layers under ``layers/<class>``);
- ``nested_states``: an RNN of a cell whose ``state_size`` is ``[4, 4]`` and which returns its
  new states as ``[memory, [hidden]]`` (MixedMemoryRNN's), which Keras flattens;
- ``array_initializer``: ``add_weight`` given a callable that returns a numpy int32 array
  (ncps's ``Wiring.erev_initializer``), and ``keras.KerasTensor`` tested in ``build()``;
- ``named_activation``: a function written into ``keras.src.activations.ALL_OBJECTS_DICT``,
  then asked for by name (ncps's ``lecun_tanh``);
- ``own_initial_state``: a cell with a ``get_initial_state`` of its own (halves), which both
  Kerases start a call from, and a stateful layer's first call; ``reset_states`` then zeros.
  Recorded by Keras 3 (a ``Layer`` subclass) and by tf-keras (an ``AbstractRNNCell`` subclass;
  ``keras_rules.tf_keras`` in the file): ``own_initial_state_<rules>``.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/program_cells.py``.
Writes tests/fixtures/program_cells/recorded.json.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "program_cells" / "recorded.json"
X = np.sin(np.arange(2 * 5 * 3, dtype=np.float32)).reshape(2, 5, 3)


def _weights(shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    """Fixed weights of these shapes, small and distinct (no initializer's randomness)."""
    return [np.sin(np.arange(np.prod(shape), dtype=np.float32) + 1.0).reshape(shape) / 2 for shape in shapes]


def predicted(model: Any, x: Any = X) -> list[Any]:
    model.set_weights(_weights([tuple(w.shape) for w in model.get_weights()]))
    return np.asarray(model.predict(x, verbose=0)).tolist()


def backbone(keras: ModuleType) -> Any:
    class BackboneCell(keras.layers.Layer):
        def __init__(self, units: int, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape: Any) -> None:
            self.backbone_fn = keras.models.Sequential(
                [keras.layers.Dense(6, "tanh", name="backbone0"), keras.layers.Dropout(0.0)]
            )
            self.backbone_fn.build((None, self.units + input_shape[-1]))
            self.kernel = self.add_weight(shape=(6, self.units), initializer="glorot_uniform", name="kernel")
            self.built = True

        def call(self, inputs: Any, states: Any) -> Any:
            x = keras.layers.Concatenate()([inputs, states[0]])
            hidden = keras.ops.matmul(self.backbone_fn(x), self.kernel)
            return hidden, [hidden]

    inputs = keras.Input((5, 3))
    return keras.Model(inputs, keras.layers.RNN(BackboneCell(4), name="rnn")(inputs))


def nested_states(keras: ModuleType) -> Any:
    class NestedCell(keras.layers.Layer):
        @property
        def state_size(self) -> list[int]:
            return [4, 4]

        def build(self, input_shape: Any) -> None:
            self.kernel = self.add_weight(shape=(input_shape[-1] + 4, 8), name="kernel")
            self.built = True

        def call(self, inputs: Any, states: Any) -> Any:
            memory, hidden = states
            z = keras.ops.matmul(keras.ops.concatenate([inputs, hidden], axis=-1), self.kernel)
            new_memory = memory * 0.5 + keras.ops.tanh(z[:, :4])
            new_hidden = keras.ops.tanh(new_memory + z[:, 4:])
            return new_hidden, [new_memory, [new_hidden]]

    inputs = keras.Input((5, 3))
    return keras.Model(inputs, keras.layers.RNN(NestedCell(), return_sequences=True, name="rnn")(inputs))


def array_initializer(keras: ModuleType) -> Any:
    class Wired(keras.layers.Layer):
        def build(self, input_shape: Any) -> None:
            if isinstance(input_shape[0], tuple) or isinstance(input_shape[0], keras.KerasTensor):
                input_shape = input_shape[0]
            self.mask = self.add_weight(
                shape=(input_shape[-1], 2),
                initializer=lambda shape=None, dtype=None: np.array([[1, 0], [-1, 1], [0, 1]], np.int32),
                name="mask",
            )
            self.built = True

        def call(self, inputs: Any) -> Any:
            return keras.ops.matmul(inputs[:, -1], self.mask)

    inputs = keras.Input((5, 3))
    return keras.Model(inputs, Wired(name="wired")(inputs))


def named_activation(keras: ModuleType, all_objects: dict[str, Any]) -> Any:
    def twice_tanh(x: Any) -> Any:
        return 2.0 * keras.activations.tanh(x)

    all_objects["twice_tanh"] = twice_tanh
    inputs = keras.Input((3,))
    return keras.Model(inputs, keras.layers.Dense(2, activation="twice_tanh", name="dense")(inputs))


def own_initial_state(keras: ModuleType, base: type, ops: Any) -> tuple[Any, Any]:
    """A model of an RNN over a cell of ``base`` whose own initial states are halves, and a
    stateful one of two rows (``batch_shape``) over another such cell; ``ops`` gives ``ones``,
    ``matmul`` and ``tanh`` (``keras.ops``; tf-keras has none: TensorFlow's)."""

    class HalfStartCell(base):
        def __init__(self, units: int, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.units = units

        @property
        def state_size(self) -> int:
            return self.units

        def build(self, input_shape: Any) -> None:
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
            self.built = True

        def call(self, inputs: Any, states: Any) -> Any:
            output = ops.tanh(ops.matmul(inputs, self.kernel) + 0.7 * states[0])
            return output, [output]

        def get_initial_state(self, inputs: Any = None, batch_size: Any = None, dtype: Any = None) -> Any:
            return [ops.ones((batch_size, self.units)) * 0.5]

    inputs = keras.Input((5, 3))
    model = keras.Model(inputs, keras.layers.RNN(HalfStartCell(4), return_sequences=True)(inputs))
    carried = keras.Input(batch_shape=(2, 5, 3))
    stateful = keras.Model(carried, keras.layers.RNN(HalfStartCell(4), stateful=True)(carried))
    return model, stateful


def record_own_initial_state(keras: ModuleType, base: type, ops: Any) -> dict[str, Any]:
    model, stateful = own_initial_state(keras, base, ops)
    calls = [predicted(stateful)]
    calls.append(np.asarray(stateful.predict(X, verbose=0)).tolist())  # goes on from the first
    stateful.layers[1].reset_states()
    calls.append(np.asarray(stateful.predict(X, verbose=0)).tolist())  # from zeros
    return {"predicted": predicted(model), "stateful": calls}


def weight_paths(model: Any, path: Path) -> list[str]:
    """The dataset paths of ``model``'s ``.keras`` file (``model.weights.h5``), sorted."""
    import h5py

    model.save(path)
    with zipfile.ZipFile(path) as archive:
        h5 = h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
        found: list[str] = []
        h5.visititems(lambda name, item: found.append(name) if isinstance(item, h5py.Dataset) else None)
    return sorted(found)


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tempfile

    import keras
    from keras.src.activations import ALL_OBJECTS_DICT

    model = backbone(keras)
    recorded = {"keras": keras.__version__, "backbone": predicted(model)}
    with tempfile.TemporaryDirectory() as folder:
        recorded["backbone_paths"] = weight_paths(model, Path(folder) / "m.keras")
    recorded["nested_states"] = predicted(nested_states(keras))
    recorded["array_initializer"] = np.asarray(array_initializer(keras).predict(X, verbose=0)).tolist()
    recorded["named_activation"] = predicted(named_activation(keras, ALL_OBJECTS_DICT), X[:, 0])
    recorded["own_initial_state_keras3"] = record_own_initial_state(keras, keras.layers.Layer, keras.ops)
    import tensorflow as tf
    import tf_keras

    cell = tf_keras.layers.AbstractRNNCell
    recorded["own_initial_state_tf_keras"] = record_own_initial_state(tf_keras, cell, tf)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(recorded, indent=1) + "\n")
    print(json.dumps(recorded)[:600])


if __name__ == "__main__":
    main()
