"""Port of ``keras/src/layers/rnn/dropout_rnn_cell_test.py`` from keras-team/keras v3.15.1
(commit 250b42181ce9f37df68319d8f4753ec89a349a43).

Keras's ``DropoutRNNCell`` mixin gives a cell ``dropout`` / ``recurrent_dropout`` masks drawn
once per call and reused at every step. Our `RecurrentCell` is that mixin: the `RNN` draws the
masks with ``cell.dropout_masks`` once per call and hands them to every step as
``dropout_masks`` (``inputs (N, F)`` and ``recurrent (N, u)``, None where a rate is 0). The cell's
weights are `RecurrentCell`'s (``weight_ih``, ``weight_hh``, PyTorch's layout), made with the
test cell's ``initializer="ones"``.

Not ported:
- test_seed_tracking: counts Keras's ``SeedGenerator`` state variable (a Keras internal; our
  dropout draws from torch's generator).
- test_basics, second half: a ``mixed_float16`` dtype policy, run by Keras on CUDA only.
"""

from __future__ import annotations

from torch.nn import functional as F

from statefulrnn import layers

from .layer_checks import check_layer


class RNNCellWithDropout(layers.RecurrentCell):
    def __init__(self, units, dropout=0.5, recurrent_dropout=0.5, seed=None, **kwargs):
        super().__init__(
            units,
            use_bias=False,
            kernel_initializer="ones",
            recurrent_initializer="ones",
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            **kwargs,
        )
        self.seed = seed

    def forward(self, inputs, states, dropout_masks=None):
        if dropout_masks is not None and dropout_masks.inputs is not None:
            inputs = inputs * dropout_masks.inputs
        prev_output = states[0]
        h = F.linear(inputs, self.weight_ih)
        if dropout_masks is not None and dropout_masks.recurrent is not None:
            prev_output = prev_output * dropout_masks.recurrent
        output = h + F.linear(prev_output, self.weight_hh)
        return output, [output]


def test_basics() -> None:
    check_layer(
        layers.RNN,
        init_kwargs={"cell": RNNCellWithDropout(5, seed=1337)},
        input_shape=(3, 2, 4),
        call_kwargs={"training": True},
        expected_output_shape=(3, 5),
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=0,
        supports_masking=True,
    )
