"""Record the output shapes tf-keras gives a layer of one's own whose ``compute_output_shape``
declares a wrong shape (attention_keras's ``AttentionLayer`` declares its decoder input's last
size for its context vectors, which have the encoder's): tf-keras's symbolic call runs
``call()`` and never asks the declaration, so the shapes are the call's, and the layer after it
is built for them. (Keras 3 takes the declaration instead; a layer written for it declares
right.) So is a declaration that cannot run at all (fbadine/LSTNet's, `skip_rows`).

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/declared_shapes.py``.
Writes tests/fixtures/declared_shapes/shapes.json: per case, the model's ``outputs`` shapes and
the ``weights`` shapes (the Dense after the layer built for the call's shape). The tests build
the same models with this script's builders, statefulrnn given as ``keras``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "declared_shapes" / "shapes.json"


def context_class(keras: ModuleType) -> type:
    """Attention context of an encoder sequence for each decoder step, with the decoder's
    shape declared for it (wrong where the two last sizes differ), and the scores' shape."""
    backend = keras.backend

    class Context(keras.layers.Layer):
        def call(self, inputs: Any) -> Any:
            encoder, decoder = inputs
            scores = backend.softmax(backend.batch_dot(decoder[..., :3], encoder[..., :3], axes=2))
            return backend.batch_dot(scores, encoder), scores

        def compute_output_shape(self, input_shape: Any) -> Any:
            return [tuple(input_shape[1]), (input_shape[1][0], input_shape[1][1], input_shape[0][1])]

    return Context


def functional(keras: ModuleType, batch: int | None, steps: int | None) -> Any:
    layers = keras.layers
    encoder = layers.Input(batch_shape=(batch, steps, 4))
    decoder = layers.Input(batch_shape=(batch, 3, 5))
    context, scores = context_class(keras)(name="context")([encoder, decoder])
    return keras.Model([encoder, decoder], [layers.Dense(2, name="after")(context), context, scores])


def sequential(keras: ModuleType) -> Any:
    """A layer declaring its input's shape for a call that sums the last axis away."""

    class Total(keras.layers.Layer):
        def call(self, x: Any) -> Any:
            return keras.backend.sum(x, axis=-1, keepdims=True)

        def compute_output_shape(self, input_shape: Any) -> Any:
            return input_shape

    layers = keras.layers
    return keras.Sequential([layers.Input((3,)), Total(name="total"), layers.Dense(2, name="after")])


def skip_rows(keras: ModuleType) -> Any:
    """fbadine/LSTNet's skip-RNN reshapes (``PreSkipTrans``, ``PostSkipTrans``), small: a
    window's rows regrouped into batch * 3 sequences, then put back into one row per batch
    entry by the batch size of the model's input. ``Ungroup.compute_output_shape`` cannot run
    (``PostSkipTrans`` returns ``tf.TransformShape(...)``, a name TensorFlow does not have):
    tf-keras never asks it. Its shape cannot be found by calling it on zeros of each input's
    shape either (both batch sizes are None, but one is three times the other); running the
    graph from the model's input finds it."""
    backend = keras.backend

    class Regroup(keras.layers.Layer):
        def call(self, x: Any) -> Any:
            batch = backend.shape(x)[0]
            x = backend.permute_dimensions(backend.reshape(x, [batch, 2, 3, 4]), (0, 2, 1, 3))
            return backend.reshape(x, [batch * 3, 2, 4])

    class Ungroup(keras.layers.Layer):
        def call(self, inputs: Any) -> Any:
            x, model_input = inputs
            return backend.reshape(x, [backend.shape(model_input)[0], 3 * backend.int_shape(x)[1]])

        def compute_output_shape(self, input_shape: Any) -> Any:
            return keras.TransformShape(input_shape)  # neither Keras has it

    layers = keras.layers
    inputs = layers.Input((6, 4))
    rows = layers.Flatten(name="flatten")(Regroup(name="regroup")(inputs))
    return keras.Model(inputs, layers.Dense(2, name="after")(Ungroup(name="ungroup")([rows, inputs])))


CASES = {
    "functional_fixed": lambda keras: functional(keras, 2, 6),
    "functional_unknown": lambda keras: functional(keras, None, None),
    "sequential": sequential,
    "skip_rows": skip_rows,
}


def shapes(model: Any) -> dict[str, Any]:
    return {
        "outputs": [[None if d is None else int(d) for d in t.shape] for t in model.outputs],
        "weights": [list(w.shape) for w in model.weights],
    }


def main() -> None:
    import tf_keras

    cases = {case: shapes(build(tf_keras)) for case, build in CASES.items()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(f"tf_keras {tf_keras.__version__}: {json.dumps(cases)}")


if __name__ == "__main__":
    main()
