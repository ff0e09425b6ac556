"""Record the output shapes tf-keras gives a layer of one's own whose ``compute_output_shape``
declares a wrong shape (attention_keras's ``AttentionLayer`` declares its decoder input's last
size for its context vectors, which have the encoder's): tf-keras's symbolic call runs
``call()`` and never asks the declaration, so the shapes are the call's, and the layer after it
is built for them. (Keras 3 takes the declaration instead; a layer written for it declares
right.)

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


CASES = {
    "functional_fixed": lambda keras: functional(keras, 2, 6),
    "functional_unknown": lambda keras: functional(keras, None, None),
    "sequential": sequential,
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
