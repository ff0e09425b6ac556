# source: bfelbo/DeepMoji deepmoji/attlayer.py, deepmoji/model_def.py (deepmoji_architecture) and examples/imdb_from_scratch.py (B. Felbo et al., DeepMoji: the architecture trained from scratch on IMDB, with its AttentionWeightedAverage layer; Keras 2.0)
# commit: 3edf6bb9b5e1096a64abe55a6a909aa05854969f
# keras: tf_keras
# exercises: a Layer subclass (AttentionWeightedAverage): initializers.get('uniform'), supports_masking = True, get_config merged with the base config, build setting self.input_spec = [InputSpec(ndim=3)] and add_weight(shape=(channels, 1), name='{}_W'.format(self.name), initializer=...), then super().build; call(x, mask=None) with K.dot(x, self.W), K.shape, K.reshape to (batch, steps), K.exp(logits - K.max(..., keepdims=True)), the mask cast with K.cast(mask, K.floatx()), K.sum(keepdims=True) + K.epsilon(), K.expand_dims, K.sum(axis=1); compute_output_shape and compute_mask returning None; the functional DeepMoji architecture: Input(shape=(maxlen,), dtype='int32'), Embedding(mask_zero=True, input_length=maxlen, embeddings_regularizer=L1L2(l2=1e-6), name='embedding'), Activation('tanh') carrying the mask, two named Bidirectional(LSTM(units, return_sequences=True)) on the masked, pre-padded sequences, concatenate([lstm_1_output, lstm_0_output, x]) of masked tensors, AttentionWeightedAverage(name='attlayer'), Dense(1, activation='sigmoid', name='softmax'); Model(inputs=[...], outputs=[...] (one-element lists), name="DeepMoji"); np.random.seed(1337); sequence.pad_sequences(maxlen=...) of lists of ints; model.summary(); compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy']); fit(batch_size=32, epochs, validation_data=(X_test, y_test)); evaluate(batch_size=32) unpacked as score, acc
# reduced: the three files are one script (attlayer.py, then model_def.py's deepmoji_architecture, then the example; the other model_def functions, which load pretrained weights from an hdf5 file, and the imports they alone use (Sequential, Dropout, SpatialDropout1D, h5py, deepcopy, exists, global_variables) left out: with the example's embed_dropout_rate=0 and final_dropout_rate=0 the architecture adds neither dropout layer; attlayer.py's sys.path.append and `import example_helper` dropped, `from deepmoji.model_def import deepmoji_architecture` dropped (defined above)); `from keras.engine import InputSpec, Layer` written `from keras.layers import InputSpec, Layer` and `from keras.layers.merge import concatenate` written `from keras.layers import concatenate` (tf-keras 2.21 has neither keras.engine nor keras.layers.merge); build's `self.trainable_weights = [self.W]` dropped (tf-keras's trainable_weights is a read-only property: AttributeError; add_weight already made W the layer's one trainable weight); imdb.load_data(num_words=nb_tokens) (a download) replaced by a stand-in `imdb` whose load_data gives seeded random word-index lists of 4 to 14 words (indices 1 to nb_tokens - 1) and 0/1 labels: 32 training reviews (one batch of 32, so fit's shuffle cannot change the result), 20 test reviews; nb_tokens 20000 -> 50, maxlen 80 -> 10 (so some reviews are truncated, some pre-padded with zeros), the embedding's output_dim 256 -> 8, LSTM(512) -> LSTM(8), epochs 15 -> 2
from __future__ import absolute_import, division, print_function

from keras import initializers
from keras.layers import InputSpec, Layer
from keras import backend as K


class AttentionWeightedAverage(Layer):
    """
    Computes a weighted average of the different channels across timesteps.
    Uses 1 parameter pr. channel to compute the attention value for a single timestep.
    """

    def __init__(self, return_attention=False, **kwargs):
        self.init = initializers.get('uniform')
        self.supports_masking = True
        self.return_attention = return_attention
        super(AttentionWeightedAverage, self).__init__(** kwargs)
        
    def get_config(self):
        config = {
            'return_attention': self.return_attention,
        }
        base_config = super(AttentionWeightedAverage, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def build(self, input_shape):
        self.input_spec = [InputSpec(ndim=3)]
        assert len(input_shape) == 3

        self.W = self.add_weight(shape=(input_shape[2], 1),
                                 name='{}_W'.format(self.name),
                                 initializer=self.init)
        super(AttentionWeightedAverage, self).build(input_shape)

    def call(self, x, mask=None):
        # computes a probability distribution over the timesteps
        # uses 'max trick' for numerical stability
        # reshape is done to avoid issue with Tensorflow
        # and 1-dimensional weights
        logits = K.dot(x, self.W)
        x_shape = K.shape(x)
        logits = K.reshape(logits, (x_shape[0], x_shape[1]))
        ai = K.exp(logits - K.max(logits, axis=-1, keepdims=True))

        # masked timesteps have zero weight
        if mask is not None:
            mask = K.cast(mask, K.floatx())
            ai = ai * mask
        att_weights = ai / (K.sum(ai, axis=1, keepdims=True) + K.epsilon())
        weighted_input = x * K.expand_dims(att_weights)
        result = K.sum(weighted_input, axis=1)
        if self.return_attention:
            return [result, att_weights]
        return result

    def get_output_shape_for(self, input_shape):
        return self.compute_output_shape(input_shape)

    def compute_output_shape(self, input_shape):
        output_len = input_shape[2]
        if self.return_attention:
            return [(input_shape[0], output_len), (input_shape[0], input_shape[1])]
        return (input_shape[0], output_len)

    def compute_mask(self, input, input_mask=None):
        if isinstance(input_mask, list):
            return [None] * len(input_mask)
        else:
            return None


from keras.models import Model
from keras.layers import concatenate
from keras.layers import Input, Bidirectional, Embedding, Dense, Dropout, SpatialDropout1D, LSTM, Activation
from keras.regularizers import L1L2
import numpy as np


def deepmoji_architecture(nb_classes, nb_tokens, maxlen, feature_output=False, embed_dropout_rate=0, final_dropout_rate=0, embed_l2=1E-6, return_attention=False):
    """
    Returns the DeepMoji architecture uninitialized and
    without using the pretrained model weights.
    """
    # define embedding layer that turns word tokens into vectors
    # an activation function is used to bound the values of the embedding
    model_input = Input(shape=(maxlen,), dtype='int32')
    embed_reg = L1L2(l2=embed_l2) if embed_l2 != 0 else None
    embed = Embedding(input_dim=nb_tokens,
                      output_dim=8,
                      mask_zero=True,
                      input_length=maxlen,
                      embeddings_regularizer=embed_reg,
                      name='embedding')
    x = embed(model_input)
    x = Activation('tanh')(x)

    # entire embedding channels are dropped out instead of the
    # normal Keras embedding dropout, which drops all channels for entire words
    # many of the datasets contain so few words that losing one or more words can alter the emotions completely
    if embed_dropout_rate != 0:
        embed_drop = SpatialDropout1D(embed_dropout_rate, name='embed_drop')
        x = embed_drop(x)

    # skip-connection from embedding to output eases gradient-flow and allows access to lower-level features
    # ordering of the way the merge is done is important for consistency with the pretrained model
    lstm_0_output = Bidirectional(LSTM(8, return_sequences=True), name="bi_lstm_0")(x)
    lstm_1_output = Bidirectional(LSTM(8, return_sequences=True), name="bi_lstm_1")(lstm_0_output)
    x = concatenate([lstm_1_output, lstm_0_output, x])

    # if return_attention is True in AttentionWeightedAverage, an additional tensor
    # representing the weight at each timestep is returned
    weights = None
    x = AttentionWeightedAverage(name='attlayer', return_attention=return_attention)(x)
    if return_attention:
        x, weights = x

    if not feature_output:
        # output class probabilities
        if final_dropout_rate != 0:
            x = Dropout(final_dropout_rate)(x)

        if nb_classes > 2:
            outputs = [Dense(nb_classes, activation='softmax', name='softmax')(x)]
        else:
            outputs = [Dense(1, activation='sigmoid', name='softmax')(x)]
    else:
        # output penultimate feature vector
        outputs = [x]

    if return_attention:
        # add the attention weights to the outputs if required
        outputs.append(weights)

    return Model(inputs=[model_input], outputs=outputs, name="DeepMoji")


"""Trains the DeepMoji architecture on the IMDB sentiment classification task.
   This is a simple example of using the architecture without the pretrained model.
   The architecture is designed for transfer learning - it should normally
   be used with the pretrained model for optimal performance.
"""
from keras.preprocessing import sequence


class imdb:  # stand-in for keras.datasets.imdb: made-up reviews
    @staticmethod
    def load_data(num_words=None):
        rng = np.random.RandomState(11)

        def reviews(n):
            xs = [list(rng.randint(1, num_words, size=rng.randint(4, 15))) for _ in range(n)]
            return xs, rng.randint(0, 2, size=(n,))
        return reviews(32), reviews(20)


# Seed for reproducibility
np.random.seed(1337)

nb_tokens = 50
maxlen = 10
batch_size = 32

print('Loading data...')
(X_train, y_train), (X_test, y_test) = imdb.load_data(num_words=nb_tokens)
print(len(X_train), 'train sequences')
print(len(X_test), 'test sequences')

print('Pad sequences (samples x time)')
X_train = sequence.pad_sequences(X_train, maxlen=maxlen)
X_test = sequence.pad_sequences(X_test, maxlen=maxlen)
print('X_train shape:', X_train.shape)
print('X_test shape:', X_test.shape)

print('Build model...')
model = deepmoji_architecture(nb_classes=2, nb_tokens=nb_tokens, maxlen=maxlen)
model.summary()

model.compile(loss='binary_crossentropy',
              optimizer='adam',
              metrics=['accuracy'])

print('Train...')
model.fit(X_train, y_train, batch_size=batch_size, epochs=2,
          validation_data=(X_test, y_test))
score, acc = model.evaluate(X_test, y_test, batch_size=batch_size)
print('Test score:', score)
print('Test accuracy:', acc)
