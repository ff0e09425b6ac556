# source: thushv89/attention_keras src/layers/attention.py, src/tests/test_attention.py, src/tests/conftest.py with src/tests/test_trainining.py, and src/examples/nmt/model.py with the training and greedy decoding of src/examples/utils/model_helper.py (the popular attention_keras package: Bahdanau attention for seq2seq NMT written with K.rnn over the decoder's steps)
# commit: 97e62e9942fa64d20add0035c2afb0aadbd18463
# keras: tf_keras
# exercises: the custom Layer `AttentionLayer` on a list of two inputs (build asserting a list of shapes, add_weight with initializer='uniform', compute_output_shape returning two shapes, two outputs), its call running K.rnn twice with step functions that close over the layer's weights, a state and constants=[encoder_out_seq] (K.dot, K.expand_dims, K.tanh, K.squeeze, K.softmax, K.sum), the step outputs of the first K.rnn fed as the second's inputs; the layer on batch_shape Inputs, on fixed and on None time steps; GRU(return_sequences=True, return_state=True) encoder and a decoder GRU given initial_state=encoder_state, Concatenate, TimeDistributed(Dense(softmax)), compile(adam, categorical_crossentropy), fit(batch_size=2); the NMT example's three models sharing layers (encoder and decoder GRUs, the attention layer and the Dense called again at batch size 1 with one decoder step), summary(), train_on_batch and evaluate per batch, encoder and decoder predict in a greedy decoding loop fed its own argmax
# reduced: the layer's source is inlined (`from src.layers.attention import AttentionLayer` dropped) and imports `from tensorflow.keras import backend as K` (it imported TensorFlow's internal `tensorflow.python.keras`, which TF 2.21 no longer has); `tf.get_logger()` -> `logging.getLogger('tensorflow')` (the logger tf.get_logger returns; statefulrnn is not TensorFlow) and `tf.TensorShape((...))` -> tuples in add_weight, compute_output_shape and the tests' shape checks (no TensorFlow); the pytest functions and fixtures turned into functions called from main; test_model_trains's fit given shuffle=False (its two batches of 2 were drawn in the order of TensorFlow's random generator, which no other framework reproduces); define_nmt's sizes (hidden 96, 20 steps, 64 batch) to hidden 6, 5 encoder and 4 + 1 decoder steps, batch 4, vocabularies of 7 and 8; the tokenizers and data_helper's sentences replaced by random word ids one-hot encoded with keras.utils.to_categorical (no data download), model_helper.train's loop kept (2 epochs over 3 batches of 4), infer_nmt's loop kept for 3 steps with word ids for words (no tokenizer) and without plotting; the full model's save to a TensorFlow SavedModel folder left out (a TensorFlow format)
import logging

import numpy as np
import tensorflow as tf
from tensorflow.keras import backend as K

logger = logging.getLogger('tensorflow')

class AttentionLayer(tf.keras.layers.Layer):
    """
    This class implements Bahdanau attention (https://arxiv.org/pdf/1409.0473.pdf).
    There are three sets of weights introduced W_a, U_a, and V_a
     """

    def __init__(self, **kwargs):
        super(AttentionLayer, self).__init__(**kwargs)

    def build(self, input_shape):
        assert isinstance(input_shape, list)
        # Create a trainable weight variable for this layer.

        self.W_a = self.add_weight(name='W_a',
                                   shape=(input_shape[0][2], input_shape[0][2]),
                                   initializer='uniform',
                                   trainable=True)
        self.U_a = self.add_weight(name='U_a',
                                   shape=(input_shape[1][2], input_shape[0][2]),
                                   initializer='uniform',
                                   trainable=True)
        self.V_a = self.add_weight(name='V_a',
                                   shape=(input_shape[0][2], 1),
                                   initializer='uniform',
                                   trainable=True)

        super(AttentionLayer, self).build(input_shape)  # Be sure to call this at the end

    def call(self, inputs):
        """
        inputs: [encoder_output_sequence, decoder_output_sequence]
        """
        assert type(inputs) == list
        encoder_out_seq, decoder_out_seq = inputs

        logger.debug(f"encoder_out_seq.shape = {encoder_out_seq.shape}")
        logger.debug(f"decoder_out_seq.shape = {decoder_out_seq.shape}")

        def energy_step(inputs, states):
            """ Step function for computing energy for a single decoder state
            inputs: (batchsize * 1 * de_in_dim)
            states: (batchsize * 1 * de_latent_dim)
            """

            logger.debug("Running energy computation step")

            if not isinstance(states, (list, tuple)):
                raise TypeError(f"States must be an iterable. Got {states} of type {type(states)}")

            encoder_full_seq = states[-1]

            """ Computing S.Wa where S=[s0, s1, ..., si]"""
            # <= batch size * en_seq_len * latent_dim
            W_a_dot_s = K.dot(encoder_full_seq, self.W_a)

            """ Computing hj.Ua """
            U_a_dot_h = K.expand_dims(K.dot(inputs, self.U_a), 1)  # <= batch_size, 1, latent_dim

            logger.debug(f"U_a_dot_h.shape = {U_a_dot_h.shape}")

            """ tanh(S.Wa + hj.Ua) """
            # <= batch_size*en_seq_len, latent_dim
            Ws_plus_Uh = K.tanh(W_a_dot_s + U_a_dot_h)

            logger.debug(f"Ws_plus_Uh.shape = {Ws_plus_Uh.shape}")

            """ softmax(va.tanh(S.Wa + hj.Ua)) """
            # <= batch_size, en_seq_len
            e_i = K.squeeze(K.dot(Ws_plus_Uh, self.V_a), axis=-1)
            # <= batch_size, en_seq_len
            e_i = K.softmax(e_i)

            logger.debug(f"ei.shape = {e_i.shape}")

            return e_i, [e_i]

        def context_step(inputs, states):
            """ Step function for computing ci using ei """

            logger.debug("Running attention vector computation step")

            if not isinstance(states, (list, tuple)):
                raise TypeError(f"States must be an iterable. Got {states} of type {type(states)}")

            encoder_full_seq = states[-1]

            # <= batch_size, hidden_size
            c_i = K.sum(encoder_full_seq * K.expand_dims(inputs, -1), axis=1)

            logger.debug(f"ci.shape = {c_i.shape}")

            return c_i, [c_i]

        # we don't maintain states between steps when computing attention
        # attention is stateless, so we're passing a fake state for RNN step function
        fake_state_c = K.sum(encoder_out_seq, axis=1)
        fake_state_e = K.sum(encoder_out_seq, axis=2)  # <= (batch_size, enc_seq_len, latent_dim

        """ Computing energy outputs """
        # e_outputs => (batch_size, de_seq_len, en_seq_len)
        last_out, e_outputs, _ = K.rnn(
            energy_step, decoder_out_seq, [fake_state_e], constants=[encoder_out_seq]
        )

        """ Computing context vectors """
        last_out, c_outputs, _ = K.rnn(
            context_step, e_outputs, [fake_state_c], constants=[encoder_out_seq]
        )

        return c_outputs, e_outputs

    def compute_output_shape(self, input_shape):
        """ Outputs produced by the layer """
        return [
            (input_shape[1][0], input_shape[1][1], input_shape[1][2]),
            (input_shape[1][0], input_shape[1][1], input_shape[0][1])
        ]


# src/tests/test_attention.py

def test_attention_layer_standalone_batch_fixed_time_fixed():
    """
    Tests fixed batch size and time steps
    Encoder and decoder has variable seq length and latent dim
    """
    inp1 = tf.keras.layers.Input(batch_shape=(5,10,15))
    inp2 = tf.keras.layers.Input(batch_shape=(5,15,25))
    out, e_out = AttentionLayer()([inp1, inp2])
    assert out.shape == (inp2.shape[0], inp2.shape[1], inp1.shape[2])
    assert e_out.shape == (inp1.shape[0], inp2.shape[1], inp1.shape[1])


def check_tensorshape_equal(shape1, shape2):

    equal = []
    for s1, s2 in zip(shape1, shape2):
        if s1 is not None and s2 is not None:
            equal.append(s1==s2)
    return all(equal)


def test_attention_layer_standalone_batch_none_time_fixed():
    inp1 = tf.keras.layers.Input(shape=(10, 15))
    inp2 = tf.keras.layers.Input(shape=(15, 25))
    out, e_out = AttentionLayer()([inp1, inp2])

    assert check_tensorshape_equal(out.shape, (None, inp2.shape[1], inp1.shape[2]))
    assert check_tensorshape_equal(e_out.shape, (None, inp2.shape[1], inp1.shape[1]))


def test_attention_layer_standalone_batch_none_time_none():
    inp1 = tf.keras.layers.Input(shape=(None, 15))
    inp2 = tf.keras.layers.Input(shape=(None, 25))
    out, e_out = AttentionLayer()([inp1, inp2])

    assert check_tensorshape_equal(out.shape, (None, None, inp1.shape[2]))
    assert check_tensorshape_equal(e_out.shape, (None, None, None))


# src/tests/conftest.py and src/tests/test_trainining.py

def processed_data():

    return tf.keras.utils.to_categorical(np.array(
        [[1, 2, 3, 4], [3, 4, 5, 0], [5, 6, 0, 0], [2, 4, 0, 0]]
    ), num_classes=7), tf.keras.utils.to_categorical(np.array(
        [[4, 3, 2, 1, 0], [5, 4, 3, 2, 0], [6, 5, 4, 3, 7], [3, 0, 0, 0, 0]]
    ), num_classes=8)


def mock_model():

    encoder_inputs = tf.keras.layers.Input(shape=(4, 7), name='encoder_inputs')
    decoder_inputs = tf.keras.layers.Input(shape=(4, 8), name='decoder_inputs')

    encoder_gru = tf.keras.layers.GRU(16, return_sequences=True, return_state=True, name='encoder_gru')
    encoder_out, encoder_state = encoder_gru(encoder_inputs)

    decoder_gru = tf.keras.layers.GRU(16, return_sequences=True, return_state=True, name='decoder_gru')
    decoder_out, decoder_state = decoder_gru(decoder_inputs, initial_state=encoder_state)

    attn_layer = AttentionLayer(name='attention_layer')
    attn_out, attn_states = attn_layer([encoder_out, decoder_out])

    decoder_concat_input = tf.keras.layers.Concatenate(axis=-1, name='concat_layer')([decoder_out, attn_out])

    dense = tf.keras.layers.Dense(8, activation='softmax', name='softmax_layer')
    dense_time = tf.keras.layers.TimeDistributed(dense, name='time_distributed_layer')
    decoder_pred = dense_time(decoder_concat_input)

    full_model = tf.keras.models.Model(inputs=[encoder_inputs, decoder_inputs], outputs=decoder_pred)
    full_model.compile(optimizer='adam', loss='categorical_crossentropy')

    return full_model


def test_model_trains(processed_data, mock_model):

    mock_model.fit(
        [processed_data[0], processed_data[1][:,:-1,:]],
        processed_data[1][:, 1:, :],
        epochs=1,
        batch_size=2,
        shuffle=False
    )


# src/examples/nmt/model.py

def define_nmt(hidden_size, batch_size, en_timesteps, en_vsize, fr_timesteps, fr_vsize):
    """ Defining a NMT model """

    logger.debug("Defining Inputs")
    # Define an input sequence and process it.
    if batch_size:
        encoder_inputs = tf.keras.layers.Input(batch_shape=(batch_size, en_timesteps, en_vsize), name='encoder_inputs')
        decoder_inputs = tf.keras.layers.Input(batch_shape=(batch_size, fr_timesteps - 1, fr_vsize), name='decoder_inputs')
    else:
        encoder_inputs = tf.keras.layers.Input(shape=(en_timesteps, en_vsize), name='encoder_inputs')
        if fr_timesteps:
            decoder_inputs = tf.keras.layers.Input(shape=(fr_timesteps - 1, fr_vsize), name='decoder_inputs')
        else:
            decoder_inputs = tf.keras.layers.Input(shape=(None, fr_vsize), name='decoder_inputs')

    logger.debug("Defining the sequential models")

    # Encoder GRU
    encoder_gru = tf.keras.layers.GRU(hidden_size, return_sequences=True, return_state=True, name='encoder_gru')
    encoder_out, encoder_state = encoder_gru(encoder_inputs)

    # Set up the decoder GRU, using `encoder_states` as initial state.
    decoder_gru = tf.keras.layers.GRU(hidden_size, return_sequences=True, return_state=True, name='decoder_gru')
    decoder_out, decoder_state = decoder_gru(decoder_inputs, initial_state=encoder_state)

    logger.debug("Defining the attention layer")
    # Attention layer
    attn_layer = AttentionLayer(name='attention_layer')
    attn_out, attn_states = attn_layer([encoder_out, decoder_out])

    # Concat attention input and decoder GRU output
    decoder_concat_input = tf.keras.layers.Concatenate(axis=-1, name='concat_layer')([decoder_out, attn_out])

    logger.debug("Defining the dense layers")
    # Dense layer
    dense = tf.keras.layers.Dense(fr_vsize, activation='softmax', name='softmax_layer')
    dense_time = tf.keras.layers.TimeDistributed(dense, name='time_distributed_layer')
    decoder_pred = dense_time(decoder_concat_input)

    logger.debug("Defining the full model")
    # Full model
    full_model = tf.keras.models.Model(inputs=[encoder_inputs, decoder_inputs], outputs=decoder_pred)
    full_model.compile(optimizer='adam', loss='categorical_crossentropy')

    full_model.summary()

    """ Inference model """
    batch_size = 1

    logger.debug("Defining the inference model")

    """ Encoder (Inference) model """
    encoder_inf_inputs = tf.keras.layers.Input(batch_shape=(batch_size, en_timesteps, en_vsize), name='encoder_inf_inputs')
    encoder_inf_out, encoder_inf_state = encoder_gru(encoder_inf_inputs)
    encoder_model = tf.keras.models.Model(inputs=encoder_inf_inputs, outputs=[encoder_inf_out, encoder_inf_state])

    """ Decoder (Inference) model """
    decoder_inf_inputs = tf.keras.layers.Input(batch_shape=(batch_size, 1, fr_vsize), name='decoder_word_inputs')
    encoder_inf_states = tf.keras.layers.Input(batch_shape=(batch_size, en_timesteps, hidden_size), name='encoder_inf_states')
    decoder_init_state = tf.keras.layers.Input(batch_shape=(batch_size, hidden_size), name='decoder_init')

    decoder_inf_out, decoder_inf_state = decoder_gru(decoder_inf_inputs, initial_state=decoder_init_state)
    attn_inf_out, attn_inf_states = attn_layer([encoder_inf_states, decoder_inf_out])
    decoder_inf_concat = tf.keras.layers.Concatenate(axis=-1, name='concat')([decoder_inf_out, attn_inf_out])
    decoder_inf_pred = tf.keras.layers.TimeDistributed(dense)(decoder_inf_concat)
    decoder_model = tf.keras.models.Model(inputs=[encoder_inf_states, decoder_init_state, decoder_inf_inputs],
                          outputs=[decoder_inf_pred, attn_inf_states, decoder_inf_state])

    return full_model, encoder_model, decoder_model


# src/examples/utils/model_helper.py (word ids for the tokenizers' words)

def train(full_model, en_seq, fr_seq, en_vsize, fr_vsize, batch_size, n_epochs=10):
    """ Training the model """

    for ep in range(n_epochs):
        losses = []
        for bi in range(0, en_seq.shape[0] - batch_size, batch_size):

            en_onehot_seq = tf.keras.utils.to_categorical(en_seq[bi:bi + batch_size, :], num_classes=en_vsize)
            fr_onehot_seq = tf.keras.utils.to_categorical(fr_seq[bi:bi + batch_size, :], num_classes=fr_vsize)

            full_model.train_on_batch([en_onehot_seq, fr_onehot_seq[:, :-1, :]], fr_onehot_seq[:, 1:, :])

            l = full_model.evaluate([en_onehot_seq, fr_onehot_seq[:, :-1, :]], fr_onehot_seq[:, 1:, :],
                                    batch_size=batch_size, verbose=0)

            losses.append(l)
        if (ep + 1) % 1 == 0:
            logger.info("Loss in epoch {}: {}".format(ep + 1, np.mean(losses)))


def infer_nmt(encoder_model, decoder_model, test_en_seq, en_vsize, fr_vsize, sos_id, steps):
    """ Infer logic """

    test_fr_seq = np.array([sos_id])
    test_en_onehot_seq = tf.keras.utils.to_categorical(test_en_seq, num_classes=en_vsize)
    test_fr_onehot_seq = np.expand_dims(tf.keras.utils.to_categorical(test_fr_seq, num_classes=fr_vsize), 1)

    enc_outs, enc_last_state = encoder_model.predict(test_en_onehot_seq)
    dec_state = enc_last_state
    attention_weights = []
    fr_ids = []
    for i in range(steps):

        dec_out, attention, dec_state = decoder_model.predict([enc_outs, dec_state, test_fr_onehot_seq])
        dec_ind = np.argmax(dec_out, axis=-1)[0, 0]

        if dec_ind == 0:
            break
        test_fr_seq = np.array([dec_ind])
        test_fr_onehot_seq = np.expand_dims(tf.keras.utils.to_categorical(test_fr_seq, num_classes=fr_vsize), 1)

        attention_weights.append((dec_ind, attention))
        fr_ids.append(int(dec_ind))

    return fr_ids, attention_weights


def main():
    test_attention_layer_standalone_batch_fixed_time_fixed()
    test_attention_layer_standalone_batch_none_time_fixed()
    test_attention_layer_standalone_batch_none_time_none()
    test_model_trains(processed_data(), mock_model())

    batch_size, hidden_size = 4, 6
    en_timesteps, fr_timesteps = 5, 5
    en_vsize, fr_vsize = 7, 8
    en_seq = np.random.randint(1, en_vsize, size=(13, en_timesteps))
    fr_seq = np.random.randint(1, fr_vsize, size=(13, fr_timesteps))
    fr_seq[:, 0] = 1  # 'sos'
    full_model, infer_enc_model, infer_dec_model = define_nmt(
        hidden_size=hidden_size, batch_size=batch_size,
        en_timesteps=en_timesteps, fr_timesteps=fr_timesteps,
        en_vsize=en_vsize, fr_vsize=fr_vsize)
    train(full_model, en_seq, fr_seq, en_vsize, fr_vsize, batch_size, n_epochs=2)
    fr_ids, attention_weights = infer_nmt(infer_enc_model, infer_dec_model, en_seq[:1], en_vsize, fr_vsize,
                                          sos_id=1, steps=3)
    print('French ids: {}'.format(fr_ids))


if __name__ == '__main__':
    main()
