"""Port of ``keras/src/layers/activations/activation_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43).

Changed: ``run_layer_test`` becomes ``check_weightless_layer`` (config round trip, masking
support, symbolic and eager output shapes, no weights, a backward pass);
``keras.activations.gelu`` becomes ``torch.nn.functional.gelu`` (the function behind the
"gelu" name here). Keras's ``assert_built_after_instantiation=True`` is not checked: a
statefulrnn layer is built by its first call or by ``input_shape=...``, with or without weights.
"""

from __future__ import annotations

from torch.nn import functional as F

from statefulrnn import layers

from .weightless_checks import check_weightless_layer


def test_activation_basics() -> None:
    check_weightless_layer(
        layers.Activation,
        init_kwargs={"activation": "relu"},
        input_shape=(2, 3),
        expected_output_shape=(2, 3),
        supports_masking=True,
    )
    check_weightless_layer(
        layers.Activation,
        init_kwargs={"activation": F.gelu},
        input_shape=(2, 2),
        expected_output_shape=(2, 2),
        supports_masking=True,
    )
