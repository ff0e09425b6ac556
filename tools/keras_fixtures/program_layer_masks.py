"""Record what tf-keras 2.21 and Keras 3.15 compute for the mask-handling layers of keras-bert
and the packages it imports (keras-pos-embd), written small, and for merges of masked inputs,
where the two Keras differ. For tests/layers/test_program_layer_masks.py, which builds the same
models with these builders, statefulrnn given as ``keras``.

- ``pass_mask``: a layer that sets ``supports_masking = False`` before ``super().__init__()``
  and writes ``compute_mask`` (keras-pos-embd's ``PositionEmbedding`` in its add mode): Keras's
  ``Layer.__init__`` makes it support masking, so the LSTM after it skips the padded steps (both
  Keras);
- ``token_similarity``: keras-bert's ``TokenEmbedding`` (an ``Embedding`` subclass whose call
  returns the embedded ids and the table, without declaring that shape) and
  ``EmbeddingSimilarity`` (scores against the table, ``compute_mask`` returning ``mask[0]``,
  no declared shape), then an LSTM (tf-keras);
- ``half_masked_add``: a masked token embedding added to an unmasked segment embedding, then an
  LSTM: tf-keras keeps the token mask, Keras 3 drops it;
- ``two_masks_multiply``: two masked embeddings of different ids multiplied, then an LSTM:
  tf-keras ANDs the masks and multiplies plainly, Keras 3 ORs them and multiplies the masked
  steps as ones;
- ``activation_entry``: how Keras 3 writes a ``Dense`` whose activation is a program's own
  function that is not registered.

Run in the Keras venv: ``$STATEFULRNN_KERAS_PYTHON tools/keras_fixtures/program_layer_masks.py``.
Writes tests/fixtures/program_layer_masks/recorded.json.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from _recording import tf_keras_half

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "program_layer_masks" / "recorded.json"
IDS = np.array([[1, 2, 3, 0, 0], [4, 1, 0, 0, 0], [2, 2, 4, 1, 3]])
OTHER_IDS = np.array([[5, 1, 0, 0, 0], [4, 1, 2, 3, 0], [0, 2, 4, 1, 3]])
SEGMENTS = np.array([[0, 0, 1, 1, 1], [0, 1, 1, 1, 1], [0, 0, 0, 1, 1]])


def _weights(shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    """Fixed weights of these shapes, small and distinct (no initializer's randomness)."""
    return [np.sin(np.arange(np.prod(shape), dtype=np.float32) + 1.0).reshape(shape) / 2 for shape in shapes]


def predicted(model: Any, x: Any) -> list[Any]:
    """``model``'s prediction for ``x`` with the fixed weights."""
    model.set_weights(_weights([tuple(w.shape) for w in model.get_weights()]))
    return np.asarray(model.predict(x, verbose=0)).tolist()


def mygelu(x: Any) -> Any:
    """A program's own activation, registered nowhere."""
    return x * 0.5


def pass_mask_layer(keras: ModuleType) -> type:
    class PassMask(keras.layers.Layer):
        def __init__(self, **kwargs: Any) -> None:
            self.supports_masking = False  # keras-pos-embd: mask_zero is not False
            super().__init__(**kwargs)

        def call(self, inputs: Any) -> Any:
            return inputs * 2.0

        def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
            return mask

    return PassMask


def pass_mask(keras: ModuleType) -> Any:
    layers = keras.layers
    inputs = keras.Input((5,))
    passed = pass_mask_layer(keras)(name="pass")(layers.Embedding(7, 3, mask_zero=True, name="embed")(inputs))
    return keras.Model(inputs, layers.LSTM(2, name="lstm")(passed))


def token_similarity(keras: ModuleType) -> Any:
    """keras-bert's two layers (their code, shortened), with tf-keras's backend functions."""
    backend = keras.backend

    class TokenEmbedding(keras.layers.Embedding):
        def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
            return [super().compute_mask(inputs, mask), None]

        def call(self, inputs: Any) -> Any:
            return [super().call(inputs), self.embeddings + 0]

    class EmbeddingSimilarity(keras.layers.Layer):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.supports_masking = True

        def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
            return mask[0]

        def call(self, inputs: Any, mask: Any = None, **kwargs: Any) -> Any:
            inputs, embeddings = inputs
            return keras.activations.softmax(backend.dot(inputs, backend.transpose(embeddings)))

    inputs = keras.Input((5,))
    embedded, table = TokenEmbedding(7, 3, mask_zero=True, name="token")(inputs)
    scores = EmbeddingSimilarity(name="similarity")([embedded, table])
    model = keras.Model(inputs, keras.layers.LSTM(2, name="lstm")(scores))
    model.custom_objects = {"TokenEmbedding": TokenEmbedding, "EmbeddingSimilarity": EmbeddingSimilarity}
    return model


def half_masked_add(keras: ModuleType) -> Any:
    layers = keras.layers
    tokens, segments = keras.Input((5,)), keras.Input((5,))
    added = layers.Add(name="add")(
        [
            layers.Embedding(7, 3, mask_zero=True, name="token")(tokens),
            layers.Embedding(2, 3, name="segment")(segments),
        ]
    )
    return keras.Model([tokens, segments], layers.LSTM(2, name="lstm")(added))


def two_masks_multiply(keras: ModuleType) -> Any:
    layers = keras.layers
    first, second = keras.Input((5,)), keras.Input((5,))
    multiplied = layers.Multiply(name="multiply")(
        [
            layers.Embedding(7, 3, mask_zero=True, name="a")(first),
            layers.Embedding(7, 3, mask_zero=True, name="b")(second),
        ]
    )
    return keras.Model([first, second], layers.LSTM(2, name="lstm")(multiplied))


def dense_with_activation(keras: ModuleType) -> Any:
    inputs = keras.Input((3,))
    return keras.Model(inputs, keras.layers.Dense(2, activation=mygelu, name="dense")(inputs))


def recorded(keras: ModuleType) -> dict[str, Any]:
    """What this Keras computes for the cases it runs (tf-keras: all but the Keras 3 entry)."""
    cases = {
        "pass_mask": predicted(pass_mask(keras), IDS),
        "pass_mask_supports_masking": pass_mask_layer(keras)().supports_masking,
        "half_masked_add": predicted(half_masked_add(keras), [IDS, SEGMENTS]),
        "two_masks_multiply": predicted(two_masks_multiply(keras), [IDS, OTHER_IDS]),
    }
    if hasattr(keras.backend, "dot"):  # tf-keras
        model = token_similarity(keras)
        cases["token_similarity"] = predicted(model, IDS)
        cases["token_similarity_shapes"] = [list(t.shape) for t in model.layers[1].output]
    else:
        entry = keras.layers.serialize(dense_with_activation(keras).layers[1])
        cases["activation_entry"] = entry["config"]["activation"]
    return cases


def main() -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if sys.argv[1:] == ["tf_keras"]:  # a process of its own: tf-keras and Keras 3 apart
        import tf_keras

        print(json.dumps(recorded(tf_keras)))
        return
    import keras

    found = {"keras3": recorded(keras), "keras": keras.__version__}
    found["tf_keras"] = tf_keras_half(__file__)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(found, indent=1) + "\n")
    print(json.dumps(found)[:800])


if __name__ == "__main__":
    main()
