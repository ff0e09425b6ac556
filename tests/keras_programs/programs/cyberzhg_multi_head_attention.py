# source: CyberZHG/keras-multi-head keras_multi_head/multi_head_attention.py, with keras-self-attention's keras_self_attention/scaled_dot_attention.py (CyberZHG/keras-self-attention@f3bf21dbb1f3251b5417a8bb254dd91807b1aec5, which the package imports), and tests/test_multi_head_attention.py (test_sample, test_invalid_head_num, test_fit_self, test_fit_multi, test_mask_single, test_mask_multi) (the popular keras-multi-head package: multi-head attention written with keras.backend functions)
# commit: 7175503ff350ba451e07558634bbd79255560c0c
# keras: tf_keras
# exercises: the custom Layer `MultiHeadAttention` (add_weight with initializers/regularizers/constraints got by keras.*.get and names '%s_Wq' % self.name, build on one shape or a list of three raising IndexError for a head number that does not divide the features, supports_masking, compute_mask of a list of masks, compute_output_shape, get_config through keras.*.serialize) whose call uses K.dot, `+=` of biases, keras.activations.get('relu'), K.shape, K.reshape to shapes of tensors, K.permute_dimensions, K.tile, K.expand_dims, K.int_shape and makes keras-self-attention's `ScaledDotProductAttention` layer inside call (K.batch_dot with axes=2, K.sqrt, K.cast, the mask as `e -= 10000.0 * (1.0 - ...)`, K.exp/K.max/K.sum with keepdims) called with inputs= and mask= keywords, its intensity and attention read back; self-attention and query/key/value inputs of other lengths, two stacked with Dense; a GetMask layer returning K.cast(mask) of Embedding(mask_zero=True) through the attention; compile(metrics={}); summary(); fit on Python generators with validation_data and EarlyStopping; .h5 save and load_model with custom_objects, then predict
# reduced: the two layers' sources are inlined (`from keras_self_attention import ScaledDotProductAttention` and `from keras_multi_head import MultiHeadAttention` dropped); the unittest class turned into functions called from main (assertRaises as try/except, assertEqual as assert), test_compare_brute (it needs the tests' brute-force layer, given weights=) left out, and the package's MultiHead wrapper with test_multi_head.py (its own program, cyberzhg_multi_head); test_sample's Input(512) and Embedding(12, 768) to Input(8) and Embedding(12, 24); fit_generator (removed from tf-keras) -> fit, steps_per_epoch 1000 to 5, epochs 10 to 2; each generator given its own np.random.RandomState (they shared numpy's global stream, whose draws tf-keras's read-ahead of the training and validation generators interleaves in an order of its own) and validation_data one batch drawn from its generator instead of the generator with validation_steps=100 (tf-keras reads ahead two validation batches in the first epoch and validates the second on later ones, so a second epoch's val_loss depended on tf.data's buffering: measured, 1% apart); the predictions' np.round checks against the targets dropped (two epochs do not train that far); the temp file names made fixed
import os
import tempfile

import numpy as np
from tensorflow import keras
from tensorflow.keras import backend as K

class ScaledDotProductAttention(keras.layers.Layer):
    r"""The attention layer that takes three inputs representing queries, keys and values.

    \text{Attention}(Q, K, V) = \text{softmax}(\frac{Q K^T}{\sqrt{d_k}}) V

    See: https://arxiv.org/pdf/1706.03762.pdf
    """

    def __init__(self,
                 return_attention=False,
                 history_only=False,
                 **kwargs):
        """Initialize the layer.

        :param return_attention: Whether to return attention weights.
        :param history_only: Whether to only use history data.
        :param kwargs: Arguments for parent class.
        """
        super(ScaledDotProductAttention, self).__init__(**kwargs)
        self.supports_masking = True
        self.return_attention = return_attention
        self.history_only = history_only
        self.intensity = self.attention = None

    def get_config(self):
        config = {
            'return_attention': self.return_attention,
            'history_only': self.history_only,
        }
        base_config = super(ScaledDotProductAttention, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            query_shape, key_shape, value_shape = input_shape
        else:
            query_shape = key_shape = value_shape = input_shape
        output_shape = query_shape[:-1] + value_shape[-1:]
        if self.return_attention:
            attention_shape = query_shape[:2] + (key_shape[1],)
            return [output_shape, attention_shape]
        return output_shape

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, list):
            mask = mask[0]
        if self.return_attention:
            return [mask, None]
        return mask

    def call(self, inputs, mask=None, **kwargs):
        if isinstance(inputs, list):
            query, key, value = inputs
        else:
            query = key = value = inputs
        if isinstance(mask, list):
            mask = mask[1]
        feature_dim = K.shape(query)[-1]
        e = K.batch_dot(query, key, axes=2) / K.sqrt(K.cast(feature_dim, dtype=K.floatx()))
        if self.history_only:
            query_len, key_len = K.shape(query)[1], K.shape(key)[1]
            indices = K.expand_dims(K.arange(0, key_len), axis=0)
            upper = K.expand_dims(K.arange(0, query_len), axis=-1)
            e -= 10000.0 * K.expand_dims(K.cast(indices > upper, K.floatx()), axis=0)
        if mask is not None:
            e -= 10000.0 * (1.0 - K.cast(K.expand_dims(mask, axis=-2), K.floatx()))
        self.intensity = e
        e = K.exp(e - K.max(e, axis=-1, keepdims=True))
        self.attention = e / K.sum(e, axis=-1, keepdims=True)
        v = K.batch_dot(self.attention, value)
        if self.return_attention:
            return [v, self.attention]
        return v




class MultiHeadAttention(keras.layers.Layer):
    """Multi-head attention layer.

    See: https://arxiv.org/pdf/1706.03762.pdf
    """

    def __init__(self,
                 head_num,
                 activation='relu',
                 use_bias=True,
                 kernel_initializer='glorot_normal',
                 bias_initializer='zeros',
                 kernel_regularizer=None,
                 bias_regularizer=None,
                 kernel_constraint=None,
                 bias_constraint=None,
                 history_only=False,
                 **kwargs):
        """Initialize the layer.

        :param head_num: Number of heads.
        :param activation: Activations for linear mappings.
        :param use_bias: Whether to use bias term.
        :param kernel_initializer: Initializer for linear mappings.
        :param bias_initializer: Initializer for linear mappings.
        :param kernel_regularizer: Regularizer for linear mappings.
        :param bias_regularizer: Regularizer for linear mappings.
        :param kernel_constraint: Constraints for linear mappings.
        :param bias_constraint: Constraints for linear mappings.
        :param history_only: Whether to only use history in attention layer.
        """
        self.supports_masking = True
        self.head_num = head_num
        self.activation = keras.activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)
        self.history_only = history_only

        self.Wq = self.Wk = self.Wv = self.Wo = None
        self.bq = self.bk = self.bv = self.bo = None

        self.intensity = self.attention = None
        super(MultiHeadAttention, self).__init__(**kwargs)

    def get_config(self):
        config = {
            'head_num': self.head_num,
            'activation': keras.activations.serialize(self.activation),
            'use_bias': self.use_bias,
            'kernel_initializer': keras.initializers.serialize(self.kernel_initializer),
            'bias_initializer': keras.initializers.serialize(self.bias_initializer),
            'kernel_regularizer': keras.regularizers.serialize(self.kernel_regularizer),
            'bias_regularizer': keras.regularizers.serialize(self.bias_regularizer),
            'kernel_constraint': keras.constraints.serialize(self.kernel_constraint),
            'bias_constraint': keras.constraints.serialize(self.bias_constraint),
            'history_only': self.history_only,
        }
        base_config = super(MultiHeadAttention, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            q, k, v = input_shape
            return q[:-1] + (v[-1],)
        return input_shape

    def compute_mask(self, inputs, input_mask=None):
        if isinstance(input_mask, list):
            return input_mask[0]
        return input_mask

    def build(self, input_shape):
        if isinstance(input_shape, list):
            q, k, v = input_shape
        else:
            q = k = v = input_shape
        feature_dim = int(v[-1])
        if feature_dim % self.head_num != 0:
            raise IndexError('Invalid head number %d with the given input dim %d' % (self.head_num, feature_dim))
        self.Wq = self.add_weight(
            shape=(int(q[-1]), feature_dim),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name='%s_Wq' % self.name,
        )
        if self.use_bias:
            self.bq = self.add_weight(
                shape=(feature_dim,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name='%s_bq' % self.name,
            )
        self.Wk = self.add_weight(
            shape=(int(k[-1]), feature_dim),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name='%s_Wk' % self.name,
        )
        if self.use_bias:
            self.bk = self.add_weight(
                shape=(feature_dim,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name='%s_bk' % self.name,
            )
        self.Wv = self.add_weight(
            shape=(int(v[-1]), feature_dim),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name='%s_Wv' % self.name,
        )
        if self.use_bias:
            self.bv = self.add_weight(
                shape=(feature_dim,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name='%s_bv' % self.name,
            )
        self.Wo = self.add_weight(
            shape=(feature_dim, feature_dim),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            name='%s_Wo' % self.name,
        )
        if self.use_bias:
            self.bo = self.add_weight(
                shape=(feature_dim,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                name='%s_bo' % self.name,
            )
        super(MultiHeadAttention, self).build(input_shape)

    @staticmethod
    def _reshape_to_batches(x, head_num):
        input_shape = K.shape(x)
        batch_size, seq_len, feature_dim = input_shape[0], input_shape[1], input_shape[2]
        head_dim = feature_dim // head_num
        x = K.reshape(x, (batch_size, seq_len, head_num, head_dim))
        x = K.permute_dimensions(x, [0, 2, 1, 3])
        return K.reshape(x, (batch_size * head_num, seq_len, head_dim))

    @staticmethod
    def _reshape_attention_from_batches(x, head_num):
        input_shape = K.shape(x)
        batch_size, seq_len, feature_dim = input_shape[0], input_shape[1], input_shape[2]
        x = K.reshape(x, (batch_size // head_num, head_num, seq_len, feature_dim))
        return K.permute_dimensions(x, [0, 2, 1, 3])

    @staticmethod
    def _reshape_from_batches(x, head_num):
        input_shape = K.shape(x)
        batch_size, seq_len, feature_dim = input_shape[0], input_shape[1], input_shape[2]
        x = K.reshape(x, (batch_size // head_num, head_num, seq_len, feature_dim))
        x = K.permute_dimensions(x, [0, 2, 1, 3])
        return K.reshape(x, (batch_size // head_num, seq_len, feature_dim * head_num))

    @staticmethod
    def _reshape_mask(mask, head_num):
        if mask is None:
            return mask
        seq_len = K.shape(mask)[1]
        mask = K.expand_dims(mask, axis=1)
        mask = K.tile(mask, [1, head_num, 1])
        return K.reshape(mask, (-1, seq_len))

    def call(self, inputs, mask=None):
        if isinstance(inputs, list):
            q, k, v = inputs
        else:
            q = k = v = inputs
        if isinstance(mask, list):
            q_mask, k_mask, v_mask = mask
        else:
            q_mask = k_mask = v_mask = mask
        q = K.dot(q, self.Wq)
        k = K.dot(k, self.Wk)
        v = K.dot(v, self.Wv)
        if self.use_bias:
            q += self.bq
            k += self.bk
            v += self.bv
        if self.activation is not None:
            q = self.activation(q)
            k = self.activation(k)
            v = self.activation(v)
        scaled_dot_product_attention = ScaledDotProductAttention(
            history_only=self.history_only,
            name='%s-Attention' % self.name,
        )
        y = scaled_dot_product_attention(
            inputs=[
                self._reshape_to_batches(q, self.head_num),
                self._reshape_to_batches(k, self.head_num),
                self._reshape_to_batches(v, self.head_num),
            ],
            mask=[
                self._reshape_mask(q_mask, self.head_num),
                self._reshape_mask(k_mask, self.head_num),
                self._reshape_mask(v_mask, self.head_num),
            ],
        )
        self.intensity = self._reshape_attention_from_batches(scaled_dot_product_attention.intensity, self.head_num)
        self.attention = self._reshape_attention_from_batches(scaled_dot_product_attention.attention, self.head_num)
        y = self._reshape_from_batches(y, self.head_num)
        y = K.dot(y, self.Wo)
        if self.use_bias:
            y += self.bo
        if self.activation is not None:
            y = self.activation(y)

        # Add shape information to tensor
        input_shape = [K.int_shape(q), K.int_shape(k), K.int_shape(v)]
        output_shape = self.compute_output_shape(input_shape)
        if output_shape[1] is not None:
            output_shape = (-1,) + output_shape[1:]
            y = K.reshape(y, output_shape)
        return y


class GetMask(keras.layers.Layer):

    def __init__(self, **kwargs):
        super(GetMask, self).__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return input_shape[:-1]

    def call(self, inputs, mask=None, **kwargs):
        return K.cast(mask, K.floatx())


def test_sample():
    input_layer = keras.layers.Input(
        shape=(8,),
        name='Input',
    )
    embed_layer = keras.layers.Embedding(
        input_dim=12,
        output_dim=24,
        mask_zero=True,
        name='Embedding',
    )(input_layer)
    output_layer = MultiHeadAttention(
        head_num=12,
        name='Multi-Head',
    )(embed_layer)
    model = keras.models.Model(inputs=input_layer, outputs=output_layer)
    model.compile(
        optimizer='adam',
        loss='mse',
        metrics={},
    )
    model.summary()


def test_invalid_head_num():
    try:
        input_layer = keras.layers.Input(
            shape=(2, 3),
            name='Input',
        )
        MultiHeadAttention(
            head_num=2,
            name='Multi-Head',
        )(input_layer)
    except IndexError:
        pass
    else:
        raise AssertionError('IndexError not raised')


def test_fit_self():
    input_layer = keras.layers.Input(
        shape=(2, 3),
        name='Input',
    )
    att_layer = MultiHeadAttention(
        head_num=3,
        name='Multi-Head-1',
    )(input_layer)
    dense_layer = keras.layers.Dense(units=3, name='Dense-1')(att_layer)
    att_layer = MultiHeadAttention(
        head_num=3,
        name='Multi-Head-2',
    )(dense_layer)
    output_layer = keras.layers.Dense(units=3, name='Dense-2')(att_layer)
    model = keras.models.Model(inputs=input_layer, outputs=output_layer)
    model.compile(
        optimizer='adam',
        loss='mse',
        metrics={},
    )
    model.summary()

    def _generator(batch_size=32, seed=0):
        random = np.random.RandomState(seed)
        while True:
            inputs = random.random((batch_size, 2, 3))
            outputs = np.asarray([[[0.0, -0.1, 0.2]] * 2] * batch_size)
            yield inputs, outputs

    model.fit(
        _generator(seed=1),
        steps_per_epoch=5,
        epochs=2,
        validation_data=next(_generator(seed=2)),
        callbacks=[
            keras.callbacks.EarlyStopping(monitor='val_loss', patience=5)
        ],
    )
    model_path = os.path.join(tempfile.gettempdir(), 'test_save_load_fit_self.h5')
    model.save(model_path)
    model = keras.models.load_model(model_path, custom_objects={
        'MultiHeadAttention': MultiHeadAttention,
    })
    for inputs, _ in _generator(batch_size=3, seed=3):
        predicts = model.predict(inputs)
        break


def test_fit_multi():
    input_query = keras.layers.Input(
        shape=(2, 6),
        name='Input-Q',
    )
    input_key = keras.layers.Input(
        shape=(4, 6),
        name='Input-K',
    )
    input_value = keras.layers.Input(
        shape=(4, 6),
        name='Input-V',
    )
    att_layer = MultiHeadAttention(
        head_num=3,
        name='Multi-Head-1',
    )([input_query, input_key, input_value])
    dense_layer = keras.layers.Dense(units=3, name='Dense-1')(att_layer)
    att_layer = MultiHeadAttention(
        head_num=3,
        name='Multi-Head-2',
    )(dense_layer)
    output_layer = keras.layers.Dense(units=3, name='Dense-2')(att_layer)
    model = keras.models.Model(inputs=[input_query, input_key, input_value], outputs=output_layer)
    model.compile(
        optimizer='adam',
        loss='mse',
        metrics={},
    )
    model.summary()

    def _generator(batch_size=32, seed=0):
        random = np.random.RandomState(seed)
        while True:
            inputs = [
                random.random((batch_size, 2, 6)),
                random.random((batch_size, 4, 6)),
                random.random((batch_size, 4, 6)),
            ]
            outputs = np.asarray([[[0.0, -0.1, 0.2]] * 2] * batch_size)
            yield inputs, outputs

    model.fit(
        _generator(seed=1),
        steps_per_epoch=5,
        epochs=2,
        validation_data=next(_generator(seed=2)),
        callbacks=[
            keras.callbacks.EarlyStopping(monitor='val_loss', patience=5)
        ],
    )
    model_path = os.path.join(tempfile.gettempdir(), 'test_save_load_fit_multi.h5')
    model.save(model_path)
    model = keras.models.load_model(model_path, custom_objects={
        'MultiHeadAttention': MultiHeadAttention,
    })
    for inputs, _ in _generator(batch_size=3, seed=3):
        predicts = model.predict(inputs)
        break


def test_mask_single():
    input_layer = keras.layers.Input(shape=(None,))
    embed_layer = keras.layers.Embedding(input_dim=3, output_dim=4, mask_zero=True)(input_layer)
    att_layer = MultiHeadAttention(
        head_num=2,
        name='Multi-Head-2',
    )(embed_layer)
    mask_layer = GetMask()(att_layer)
    model = keras.models.Model(inputs=input_layer, outputs=mask_layer)
    model.compile(optimizer='adam', loss='mse', metrics={})
    predicts = model.predict(np.asarray([[1, 2, 1, 2, 0, 0]])).tolist()
    assert [1.0] * 4 + [0.0] * 2 == predicts[0], predicts[0]


def test_mask_multi():
    input_q_layer = keras.layers.Input(shape=(None,))
    input_kv_layer = keras.layers.Input(shape=(None,))
    embed_q_layer = keras.layers.Embedding(input_dim=3, output_dim=4, mask_zero=True)(input_q_layer)
    embed_kv_layer = keras.layers.Embedding(input_dim=3, output_dim=4, mask_zero=True)(input_kv_layer)
    att_layer = MultiHeadAttention(
        head_num=2,
        name='Multi-Head-2',
    )([embed_q_layer, embed_kv_layer, embed_kv_layer])
    mask_layer = GetMask()(att_layer)
    model = keras.models.Model(inputs=[input_q_layer, input_kv_layer], outputs=mask_layer)
    model.compile(optimizer='adam', loss='mse', metrics={})
    predicts = model.predict([np.asarray([[1, 2, 1, 2, 0, 0]]), np.asarray([[1, 2, 2, 0, 0, 0]])]).tolist()
    assert [1.0] * 4 + [0.0] * 2 == predicts[0], predicts[0]


def main():
    test_sample()
    test_invalid_head_num()
    test_fit_self()
    test_fit_multi()
    test_mask_single()
    test_mask_multi()


if __name__ == '__main__':
    main()
