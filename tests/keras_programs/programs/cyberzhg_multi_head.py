# source: CyberZHG/keras-multi-head keras_multi_head/multi_head.py and tests/test_multi_head.py (test_multi_cnn), with tests/test_regularization.py (test_multi_lstm) @ 1e6efe8325d7a3cae00f74bac3f6f283dff64c01 (the popular keras-multi-head package: its MultiHead wrapper, a keras.layers.Wrapper subclass that runs several layers side by side and stacks their outputs on a last axis)
# commit: 7175503ff350ba451e07558634bbd79255560c0c
# keras: tf_keras
# exercises: the custom Wrapper `MultiHead` (Wrapper found as keras.layers.Wrapper; self.layer, self.layers and supports_masking set before super().__init__(self.layer, **kwargs); a list of layers wrapped; build() building each under K.name_scope, add_weight of its own W and b with hidden_dim, ending in super().build(input_shape); call() of each layer's call() (training/mask by inspect.signature) on K.dot of slices of W, K.expand_dims and K.concatenate; compute_output_shape and compute_mask from its first layer; get_config popping super().get_config()'s 'layer' and serializing its layers; from_config through keras.layers.deserialize; trainable_weights/non_trainable_weights/losses properties over self._trainable_weights, self._non_trainable_weights, self._losses, which list only the copies' weights: with one layer given and layer_num=5, build() builds it as a template and makes five copies from its get_config, and the template's weights stay out of get_weights, training and the .h5 file); the wrapped layer a keras-self-attention SeqSelfAttention over a masked Embedding, TimeDistributed of a Flatten subclass passing the mask on; TimeDistributed(Flatten()), Bidirectional(GRU) and Dense softmax after it in a Sequential; model.build(); compile(adam, sparse_categorical_crossentropy, sparse_categorical_accuracy); fit on a Python generator of batches of varying lengths with validation_data and EarlyStopping; model.layers[1].set_weights(get_weights()); .h5 save and load_model with custom_objects; summary(); predict; test_multi_lstm: MultiHead of a Bidirectional(LSTM(return_sequences)) copied five times with reg_index=[1, 4] and reg_slice=(slice(None, None), slice(32, 48)), whose build() reads each copy's get_weights() to add_loss an orthogonality penalty (a constant; tf-keras reports no loss added in build() once the model is called, nor do we), then MultiHead of keras-self-attention's SeqWeightedAttention (masked softmax weights by K.exp, K.max, K.cast of the mask, K.epsilon) with reg_index=0, Flatten and Dense; .h5 save and load_model, whose MultiHead build() reads weight values: the architecture is built for real under the file's memory limit, not on the meta device
# reduced: MultiHead's source is inlined (`from keras_multi_head import MultiHead` dropped); test_multi_attention and test_multi_cnn turned into functions called from main, run twice (as in the test, and with hidden_dim=3, the wrapper's own W and b, whose layers the package builds for the input's size, so hidden_dim must equal it); test_multi_attention run too, keras-self-attention's SeqSelfAttention (`from keras_self_attention import SeqSelfAttention as Attention`) inlined from CyberZHG/keras-self-attention keras_self_attention/seq_self_attention.py @ f3bf21dbb1f3251b5417a8bb254dd91807b1aec5 and its MaskFlatten from the same test file; tests/test_regularization.py's test_multi_lstm run as a function too, keras-self-attention's SeqWeightedAttention (`from keras_self_attention import SeqWeightedAttention as Attention`) inlined from CyberZHG/keras-self-attention keras_self_attention/seq_weighted_attention.py @ 110603282193b02ac46a84d93a72efa5303b1cb9 (its class name kept for custom_objects), its generator seeded as the others, its accuracy assertion dropped as theirs; the Embedding given input_shape=(None,) (so that its weights exist at compile, where the corpus's harness sets Keras's initial weights); fit_generator (removed from tf-keras) -> fit, steps_per_epoch 100 to 5, epochs 100 to 2; the generator given its own np.random.RandomState (it drew from numpy's global stream, whose draws tf-keras's read-ahead interleaves in an order of its own) and validation_data one batch drawn from it instead of the generator with validation_steps=10; the accuracy assertion on predictions dropped (two epochs do not train that far); the temp file name made fixed
import copy
import inspect
import os
import tempfile

import numpy as np

from tensorflow import keras
from tensorflow.keras import backend as K

try:
    Wrapper = keras.layers.Wrapper
except AttributeError:
    Wrapper = keras.layers.wrappers.Wrapper


def has_arg(fn, name):
    signature = inspect.signature(fn)
    parameter = signature.parameters.get(name)
    if parameter is None:
        return False
    return (parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY))


class MultiHead(Wrapper):

    def __init__(self,
                 layer,
                 layer_num=1,
                 hidden_dim=None,
                 use_bias=True,
                 reg_index=None,
                 reg_slice=None,
                 reg_factor=0.0,
                 **kwargs):
        """Initialize the wrapper layer.

        :param layer: The layer to be duplicated or a list of layers.
        :param layer_num: The number of duplicated layers.
        :param hidden_dim: A linear transformation will be applied to the input data if provided, otherwise the original
                           data will be feed to the sub-layers.
        :param use_bias: Whether to use bias in the linear transformation.
        :param reg_index: The index of weights to be regularized.
        :param reg_slice: The slice indicates which part of the weight to be regularized.
        :param reg_factor: The weights of the regularization.
        :param kwargs: Arguments for parent.
        """
        if type(layer) is list:
            self.layer = layer[0]
            self.layers = layer
            self.layer_num = len(self.layers)
        else:
            self.layer = layer
            self.layers = []
            self.layer_num = layer_num
        self.hidden_dim = hidden_dim
        self.use_bias = use_bias
        if reg_index is None or type(reg_index) is list:
            self.reg_index = reg_index
        else:
            self.reg_index = [reg_index]
        if type(reg_slice) is list or reg_index is None:
            self.reg_slice = reg_slice
        else:
            self.reg_slice = [reg_slice] * len(self.reg_index)
        if reg_factor is None or type(reg_factor) is list or reg_index is None:
            self.reg_weight = reg_factor
        else:
            self.reg_weight = [reg_factor] * len(self.reg_index)

        self.W = self.b = None
        self.supports_masking = self.layer.supports_masking
        super(MultiHead, self).__init__(self.layer, **kwargs)

    def get_config(self):
        slices = None
        if self.reg_slice:
            slices = []
            for interval in self.reg_slice:
                if interval is None:
                    slices.append(None)
                elif type(interval) is slice:
                    slices.append([interval.start, interval.stop, interval.step])
                else:
                    slices.append([])
                    for sub in interval:
                        slices[-1].append([sub.start, sub.stop, sub.step])
        config = {
            'layers': [],
            'hidden_dim': self.hidden_dim,
            'use_bias': self.use_bias,
            'reg_index': self.reg_index,
            'reg_slice': slices,
            'reg_factor': self.reg_weight,
        }
        for layer in self.layers:
            config['layers'].append({
                'class_name': layer.__class__.__name__,
                'config': layer.get_config(),
            })
        base_config = super(MultiHead, self).get_config()
        base_config.pop('layer')
        return dict(list(base_config.items()) + list(config.items()))

    @classmethod
    def from_config(cls, config, custom_objects=None):
        reg_slice = config.pop('reg_slice')
        if reg_slice is not None:
            slices = []
            for interval in reg_slice:
                if interval is None:
                    slices.append(None)
                elif type(interval[0]) is list:
                    slices.append([])
                    for sub in interval:
                        slices[-1].append(slice(sub[0], sub[1], sub[2]))
                    slices[-1] = tuple(slices[-1])
                else:
                    slices.append(slice(interval[0], interval[1], interval[2]))
            reg_slice = slices
        layers = [keras.layers.deserialize(layer, custom_objects=custom_objects) for layer in config.pop('layers')]
        return cls(layers, reg_slice=reg_slice, **config)

    def build(self, input_shape):
        if isinstance(self.layers, list) and len(self.layers) == 0:
            self.layer.build(input_shape)
            config = self.layer.get_config()
            name = config['name']
            self.layers = []
            for i in range(self.layer_num):
                copied = copy.copy(config)
                copied['name'] = name + '_{}'.format(i + 1)
                self.layers.append(self.layer.__class__.from_config(copied))
        for i, layer in enumerate(self.layers):
            with K.name_scope('sub_{}'.format(i)):
                layer.build(input_shape)
        if self.hidden_dim is not None:
            self.W = self.add_weight(
                shape=(int(input_shape[-1]), self.hidden_dim * self.layer_num),
                name='{}_W'.format(self.name),
                initializer=keras.initializers.get('uniform'),
            )
            if self.use_bias:
                self.b = self.add_weight(
                    shape=(self.hidden_dim * self.layer_num,),
                    name='{}_b'.format(self.name),
                    initializer=keras.initializers.get('zeros'),
                )
        if self.reg_index:
            for i, (index, interval, weight) in enumerate(zip(self.reg_index, self.reg_slice, self.reg_weight)):
                weights = []
                if type(interval) is slice:
                    interval = (interval,)
                for layer in self.layers:
                    if interval is None:
                        weights.append(K.flatten(layer.get_weights()[index]))
                    else:
                        weights.append(K.flatten(layer.get_weights()[index][interval]))
                weights = K.stack(weights)
                self.add_loss(weight * K.sum(K.square(K.dot(weights, K.transpose(weights)) - K.eye(len(self.layers)))))
        super(MultiHead, self).build(input_shape)

    def compute_output_shape(self, input_shape):
        if self.hidden_dim is not None:
            input_shape = input_shape[:-1] + (self.hidden_dim,)
        child_output_shape = self.layers[0].compute_output_shape(input_shape)
        return child_output_shape + (self.layer_num,)

    def compute_mask(self, inputs, mask=None):
        return self.layers[0].compute_mask(inputs, mask)

    def call(self, inputs, training=None, mask=None):
        kwargs = {}
        if has_arg(self.layer.call, 'training'):
            kwargs['training'] = training
        if has_arg(self.layer.call, 'mask') and mask is not None:
            kwargs['mask'] = mask
        if self.hidden_dim is None:
            outputs = [K.expand_dims(layer.call(inputs, **kwargs)) for layer in self.layers]
        else:
            outputs = []
            for i, layer in enumerate(self.layers):
                begin = i * self.hidden_dim
                end = begin + self.hidden_dim
                transformed = K.dot(inputs, self.W[:, begin:end])
                if self.use_bias:
                    transformed += self.b[begin:end]
                outputs.append(K.expand_dims(layer.call(transformed, **kwargs)))
        return K.concatenate(outputs, axis=-1)

    @property
    def trainable_weights(self):
        weights = self._trainable_weights[:]
        for layer in self.layers:
            weights += layer.trainable_weights
        return weights

    @property
    def non_trainable_weights(self):
        weights = self._non_trainable_weights[:]
        for layer in self.layers:
            weights += layer.non_trainable_weights
        return weights

    @property
    def updates(self):
        updates = self._updates
        for layer in self.layers:
            if hasattr(layer, 'updates'):
                updates += layer.updates
        return []

    def get_updates_for(self, inputs=None):
        inner_inputs = inputs
        if inputs is not None:
            uid = keras.utils.generic_utils.object_list_uid(inputs)
            if uid in self._input_map:
                inner_inputs = self._input_map[uid]

        updates = self._updates
        for layer in self.layers:
            layer_updates = layer.get_updates_for(inner_inputs)
            layer_updates += super(MultiHead, self).get_updates_for(inputs)
            updates += layer_updates
        return updates

    @property
    def losses(self):
        losses = self._losses
        for layer in self.layers:
            if hasattr(layer, 'losses'):
                losses += layer.losses
        return losses

    def get_losses_for(self, inputs=None):
        if inputs is None:
            losses = []
            for layer in self.layers:
                losses = layer.get_losses_for(None)
            return losses + super(MultiHead, self).get_losses_for(None)
        return super(MultiHead, self).get_losses_for(inputs)


class SeqSelfAttention(keras.layers.Layer):

    ATTENTION_TYPE_ADD = 'additive'
    ATTENTION_TYPE_MUL = 'multiplicative'

    def __init__(self,
                 units=32,
                 attention_width=None,
                 attention_type=ATTENTION_TYPE_ADD,
                 return_attention=False,
                 history_only=False,
                 kernel_initializer='glorot_normal',
                 bias_initializer='zeros',
                 kernel_regularizer=None,
                 bias_regularizer=None,
                 kernel_constraint=None,
                 bias_constraint=None,
                 use_additive_bias=True,
                 use_attention_bias=True,
                 attention_activation=None,
                 attention_regularizer_weight=0.0,
                 **kwargs):
        """Layer initialization.

        For additive attention, see: https://arxiv.org/pdf/1806.01264.pdf

        :param units: The dimension of the vectors that used to calculate the attention weights.
        :param attention_width: The width of local attention.
        :param attention_type: 'additive' or 'multiplicative'.
        :param return_attention: Whether to return the attention weights for visualization.
        :param history_only: Only use historical pieces of data.
        :param kernel_initializer: The initializer for weight matrices.
        :param bias_initializer: The initializer for biases.
        :param kernel_regularizer: The regularization for weight matrices.
        :param bias_regularizer: The regularization for biases.
        :param kernel_constraint: The constraint for weight matrices.
        :param bias_constraint: The constraint for biases.
        :param use_additive_bias: Whether to use bias while calculating the relevance of inputs features
                                  in additive mode.
        :param use_attention_bias: Whether to use bias while calculating the weights of attention.
        :param attention_activation: The activation used for calculating the weights of attention.
        :param attention_regularizer_weight: The weights of attention regularizer.
        :param kwargs: Parameters for parent class.
        """
        super(SeqSelfAttention, self).__init__(**kwargs)
        self.supports_masking = True
        self.units = units
        self.attention_width = attention_width
        self.attention_type = attention_type
        self.return_attention = return_attention
        self.history_only = history_only
        if history_only and attention_width is None:
            self.attention_width = int(1e9)

        self.use_additive_bias = use_additive_bias
        self.use_attention_bias = use_attention_bias
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.kernel_constraint = keras.constraints.get(kernel_constraint)
        self.bias_constraint = keras.constraints.get(bias_constraint)
        self.attention_activation = keras.activations.get(attention_activation)
        self.attention_regularizer_weight = attention_regularizer_weight
        self._backend = keras.backend.backend()

        if attention_type == SeqSelfAttention.ATTENTION_TYPE_ADD:
            self.Wx, self.Wt, self.bh = None, None, None
            self.Wa, self.ba = None, None
        elif attention_type == SeqSelfAttention.ATTENTION_TYPE_MUL:
            self.Wa, self.ba = None, None
        else:
            raise NotImplementedError('No implementation for attention type : ' + attention_type)

    def get_config(self):
        config = {
            'units': self.units,
            'attention_width': self.attention_width,
            'attention_type': self.attention_type,
            'return_attention': self.return_attention,
            'history_only': self.history_only,
            'use_additive_bias': self.use_additive_bias,
            'use_attention_bias': self.use_attention_bias,
            'kernel_initializer': keras.initializers.serialize(self.kernel_initializer),
            'bias_initializer': keras.initializers.serialize(self.bias_initializer),
            'kernel_regularizer': keras.regularizers.serialize(self.kernel_regularizer),
            'bias_regularizer': keras.regularizers.serialize(self.bias_regularizer),
            'kernel_constraint': keras.constraints.serialize(self.kernel_constraint),
            'bias_constraint': keras.constraints.serialize(self.bias_constraint),
            'attention_activation': keras.activations.serialize(self.attention_activation),
            'attention_regularizer_weight': self.attention_regularizer_weight,
        }
        base_config = super(SeqSelfAttention, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def build(self, input_shape):
        if self.attention_type == SeqSelfAttention.ATTENTION_TYPE_ADD:
            self._build_additive_attention(input_shape)
        elif self.attention_type == SeqSelfAttention.ATTENTION_TYPE_MUL:
            self._build_multiplicative_attention(input_shape)
        super(SeqSelfAttention, self).build(input_shape)

    def _build_additive_attention(self, input_shape):
        feature_dim = int(input_shape[2])

        self.Wt = self.add_weight(shape=(feature_dim, self.units),
                                  name='{}_Add_Wt'.format(self.name),
                                  initializer=self.kernel_initializer,
                                  regularizer=self.kernel_regularizer,
                                  constraint=self.kernel_constraint)
        self.Wx = self.add_weight(shape=(feature_dim, self.units),
                                  name='{}_Add_Wx'.format(self.name),
                                  initializer=self.kernel_initializer,
                                  regularizer=self.kernel_regularizer,
                                  constraint=self.kernel_constraint)
        if self.use_additive_bias:
            self.bh = self.add_weight(shape=(self.units,),
                                      name='{}_Add_bh'.format(self.name),
                                      initializer=self.bias_initializer,
                                      regularizer=self.bias_regularizer,
                                      constraint=self.bias_constraint)

        self.Wa = self.add_weight(shape=(self.units, 1),
                                  name='{}_Add_Wa'.format(self.name),
                                  initializer=self.kernel_initializer,
                                  regularizer=self.kernel_regularizer,
                                  constraint=self.kernel_constraint)
        if self.use_attention_bias:
            self.ba = self.add_weight(shape=(1,),
                                      name='{}_Add_ba'.format(self.name),
                                      initializer=self.bias_initializer,
                                      regularizer=self.bias_regularizer,
                                      constraint=self.bias_constraint)

    def _build_multiplicative_attention(self, input_shape):
        feature_dim = int(input_shape[2])

        self.Wa = self.add_weight(shape=(feature_dim, feature_dim),
                                  name='{}_Mul_Wa'.format(self.name),
                                  initializer=self.kernel_initializer,
                                  regularizer=self.kernel_regularizer,
                                  constraint=self.kernel_constraint)
        if self.use_attention_bias:
            self.ba = self.add_weight(shape=(1,),
                                      name='{}_Mul_ba'.format(self.name),
                                      initializer=self.bias_initializer,
                                      regularizer=self.bias_regularizer,
                                      constraint=self.bias_constraint)

    def call(self, inputs, mask=None, **kwargs):
        input_len = K.shape(inputs)[1]

        if self.attention_type == SeqSelfAttention.ATTENTION_TYPE_ADD:
            e = self._call_additive_emission(inputs)
        elif self.attention_type == SeqSelfAttention.ATTENTION_TYPE_MUL:
            e = self._call_multiplicative_emission(inputs)

        if self.attention_activation is not None:
            e = self.attention_activation(e)
        if self.attention_width is not None:
            if self.history_only:
                lower = K.arange(0, input_len) - (self.attention_width - 1)
            else:
                lower = K.arange(0, input_len) - self.attention_width // 2
            lower = K.expand_dims(lower, axis=-1)
            upper = lower + self.attention_width
            indices = K.expand_dims(K.arange(0, input_len), axis=0)
            e -= 10000.0 * (1.0 - K.cast(lower <= indices, K.floatx()) * K.cast(indices < upper, K.floatx()))
        if mask is not None:
            mask = K.expand_dims(K.cast(mask, K.floatx()), axis=-1)
            e -= 10000.0 * ((1.0 - mask) * (1.0 - K.permute_dimensions(mask, (0, 2, 1))))

        # a_{t} = \text{softmax}(e_t)
        e = K.exp(e - K.max(e, axis=-1, keepdims=True))
        a = e / K.sum(e, axis=-1, keepdims=True)

        # l_t = \sum_{t'} a_{t, t'} x_{t'}
        v = K.batch_dot(a, inputs)
        if self.attention_regularizer_weight > 0.0:
            self.add_loss(self._attention_regularizer(a))

        if self.return_attention:
            return [v, a]
        return v

    def _call_additive_emission(self, inputs):
        input_shape = K.shape(inputs)
        batch_size, input_len = input_shape[0], input_shape[1]

        # h_{t, t'} = \tanh(x_t^T W_t + x_{t'}^T W_x + b_h)
        q = K.expand_dims(K.dot(inputs, self.Wt), 2)
        k = K.expand_dims(K.dot(inputs, self.Wx), 1)
        if self.use_additive_bias:
            h = K.tanh(q + k + self.bh)
        else:
            h = K.tanh(q + k)

        # e_{t, t'} = W_a h_{t, t'} + b_a
        if self.use_attention_bias:
            e = K.reshape(K.dot(h, self.Wa) + self.ba, (batch_size, input_len, input_len))
        else:
            e = K.reshape(K.dot(h, self.Wa), (batch_size, input_len, input_len))
        return e

    def _call_multiplicative_emission(self, inputs):
        # e_{t, t'} = x_t^T W_a x_{t'} + b_a
        e = K.batch_dot(K.dot(inputs, self.Wa), K.permute_dimensions(inputs, (0, 2, 1)))
        if self.use_attention_bias:
            e += self.ba[0]
        return e

    def compute_output_shape(self, input_shape):
        output_shape = input_shape
        if self.return_attention:
            attention_shape = (input_shape[0], output_shape[1], input_shape[1])
            return [output_shape, attention_shape]
        return output_shape

    def compute_mask(self, inputs, mask=None):
        if self.return_attention:
            return [mask, None]
        return mask

    def _attention_regularizer(self, attention):
        batch_size = K.cast(K.shape(attention)[0], K.floatx())
        input_len = K.shape(attention)[-1]
        indices = K.expand_dims(K.arange(0, input_len), axis=0)
        diagonal = K.expand_dims(K.arange(0, input_len), axis=-1)
        eye = K.cast(K.equal(indices, diagonal), K.floatx())
        return self.attention_regularizer_weight * K.sum(K.square(K.batch_dot(
            attention,
            K.permute_dimensions(attention, (0, 2, 1))) - eye)) / batch_size

    @staticmethod
    def get_custom_objects():
        return {'SeqSelfAttention': SeqSelfAttention}


class MaskFlatten(keras.layers.Flatten):

    def __init__(self, **kwargs):
        self.supports_masking = True
        super(MaskFlatten, self).__init__(**kwargs)

    def compute_mask(self, _, mask=None):
        return mask


class SeqWeightedAttention(keras.layers.Layer):

    def __init__(self, use_bias=True, return_attention=False, **kwargs):
        self.supports_masking = True
        self.use_bias = use_bias
        self.return_attention = return_attention
        self.W, self.b = None, None
        super(SeqWeightedAttention, self).__init__(** kwargs)

    def get_config(self):
        config = {
            'use_bias': self.use_bias,
            'return_attention': self.return_attention,
        }
        base_config = super(SeqWeightedAttention, self).get_config()
        return dict(list(base_config.items()) + list(config.items()))

    def build(self, input_shape):
        self.W = self.add_weight(shape=(input_shape[2], 1),
                                 name='{}_W'.format(self.name),
                                 initializer=keras.initializers.get('uniform'))
        if self.use_bias:
            self.b = self.add_weight(shape=(1,),
                                     name='{}_b'.format(self.name),
                                     initializer=keras.initializers.get('zeros'))
        super(SeqWeightedAttention, self).build(input_shape)

    def call(self, x, mask=None):
        logits = K.dot(x, self.W)
        if self.use_bias:
            logits += self.b
        x_shape = K.shape(x)
        logits = K.reshape(logits, (x_shape[0], x_shape[1]))
        ai = K.exp(logits - K.max(logits, axis=-1, keepdims=True))
        if mask is not None:
            mask = K.cast(mask, K.floatx())
            ai = ai * mask
        att_weights = ai / (K.sum(ai, axis=1, keepdims=True) + K.epsilon())
        weighted_input = x * K.expand_dims(att_weights)
        result = K.sum(weighted_input, axis=1)
        if self.return_attention:
            return [result, att_weights]
        return result

    def compute_output_shape(self, input_shape):
        output_len = input_shape[2]
        if self.return_attention:
            return [(input_shape[0], output_len), (input_shape[0], input_shape[1])]
        return input_shape[0], output_len

    def compute_mask(self, _, input_mask=None):
        if self.return_attention:
            return [None, None]
        return None

    @staticmethod
    def get_custom_objects():
        return {'SeqWeightedAttention': SeqWeightedAttention}


def data_generator(batch_size=32, seed=0):
    random = np.random.RandomState(seed)
    while True:
        max_len = random.randint(5, 10)
        data = np.zeros((batch_size, max_len))
        tag = np.zeros(batch_size, dtype='int32')
        for i in range(batch_size):
            datum_len = random.randint(1, max_len - 1)
            for j in range(datum_len):
                data[i, j] = random.randint(1, 4)
            tag[i] = int(1 in data[i])
        yield data, tag


def test_multi_cnn(hidden_dim=None):
    model = keras.models.Sequential()
    model.add(keras.layers.Embedding(input_dim=5, output_dim=3, input_shape=(None,), name='Embed'))
    model.add(MultiHead([
        keras.layers.Conv1D(filters=32, kernel_size=3, padding='same', name='Conv1'),
        keras.layers.Conv1D(filters=32, kernel_size=5, padding='same', name='Conv2'),
        keras.layers.Conv1D(filters=32, kernel_size=7, padding='same', name='Conv3'),
    ], hidden_dim=hidden_dim, name='Multi-Head-Attention'))
    model.add(keras.layers.TimeDistributed(keras.layers.Flatten(), name='Flatten'))
    model.add(keras.layers.Bidirectional(keras.layers.GRU(units=8), name='Bi-GRU'))
    model.add(keras.layers.Dense(units=2, activation='softmax', name='Dense'))
    model.build()
    model.compile(
        optimizer='adam',
        loss=keras.losses.sparse_categorical_crossentropy,
        metrics=[keras.metrics.sparse_categorical_accuracy],
    )

    model.fit(
        data_generator(seed=1),
        steps_per_epoch=5,
        epochs=2,
        validation_data=next(data_generator(seed=2)),
        callbacks=[
            keras.callbacks.EarlyStopping(monitor='val_sparse_categorical_accuracy', patience=5),
        ],
    )
    model.layers[1].set_weights(model.layers[1].get_weights())

    model_path = os.path.join(tempfile.gettempdir(), 'test_save_load_multi_cnn_%s.h5' % hidden_dim)
    model.save(model_path)
    model = keras.models.load_model(model_path, custom_objects={'MultiHead': MultiHead})
    model.summary()
    for data, tag in data_generator(seed=3):
        predicts = model.predict(data)
        print(predicts)
        print(np.argmax(predicts, axis=-1), tag)
        break


def test_multi_attention():
    model = keras.models.Sequential()
    model.add(keras.layers.Embedding(input_dim=5, output_dim=3, mask_zero=True, input_shape=(None,), name='Embed'))
    model.add(MultiHead(SeqSelfAttention(name='Attention'), layer_num=5, name='Multi-Head-Attention'))
    model.add(keras.layers.TimeDistributed(MaskFlatten(), name='Flatten'))
    model.add(keras.layers.Bidirectional(keras.layers.GRU(units=8), name='Bi-GRU'))
    model.add(keras.layers.Dense(units=2, activation='softmax', name='Dense'))
    model.build()
    model.compile(
        optimizer=keras.optimizers.Adam(),
        loss=keras.losses.sparse_categorical_crossentropy,
        metrics=[keras.metrics.sparse_categorical_accuracy],
    )

    model.fit(
        data_generator(seed=4),
        steps_per_epoch=5,
        epochs=2,
        validation_data=next(data_generator(seed=5)),
        callbacks=[
            keras.callbacks.EarlyStopping(monitor='val_sparse_categorical_accuracy', patience=5),
        ],
    )
    model.layers[1].set_weights(model.layers[1].get_weights())

    model_path = os.path.join(tempfile.gettempdir(), 'test_save_load_multi_attention.h5')
    model.save(model_path)
    model = keras.models.load_model(model_path, custom_objects={
        'MaskFlatten': MaskFlatten,
        'SeqSelfAttention': SeqSelfAttention,
        'MultiHead': MultiHead,
    })
    model.summary()
    for data, tag in data_generator(seed=6):
        predicts = model.predict(data)
        print(predicts)
        print(np.argmax(predicts, axis=-1), tag)
        break


def test_multi_lstm():
    model = keras.models.Sequential()
    model.add(keras.layers.Embedding(input_dim=5, output_dim=3, mask_zero=True, input_shape=(None,), name='Embed'))
    model.add(MultiHead(
        layer=keras.layers.Bidirectional(keras.layers.LSTM(units=16, return_sequences=True), name='LSTM'),
        layer_num=5,
        reg_index=[1, 4],
        reg_slice=(slice(None, None), slice(32, 48)),
        reg_factor=0.1,
        name='Multi-Head-LSTM',
    ))
    model.add(keras.layers.TimeDistributed(MaskFlatten(name='Flatten-1')))
    model.add(MultiHead(
        layer=SeqWeightedAttention(name='Attention'),
        layer_num=5,
        reg_index=0,
        reg_factor=0.1,
        name='Multi-Head-Attention',
    ))
    model.add(keras.layers.Flatten(name='Flatten-2'))
    model.add(keras.layers.Dense(units=2, activation='softmax', name='Dense'))
    model.build()
    model.compile(
        optimizer=keras.optimizers.Adam(),
        loss=keras.losses.sparse_categorical_crossentropy,
        metrics=[keras.metrics.sparse_categorical_accuracy],
    )
    model.fit(
        data_generator(seed=7),
        steps_per_epoch=5,
        epochs=2,
        validation_data=next(data_generator(seed=8)),
        callbacks=[
            keras.callbacks.EarlyStopping(monitor='val_sparse_categorical_accuracy', patience=5),
        ],
    )
    model_path = os.path.join(tempfile.gettempdir(), 'test_save_load_regularization.h5')
    model.save(model_path)
    model = keras.models.load_model(model_path, custom_objects={
        'MaskFlatten': MaskFlatten,
        'SeqWeightedAttention': SeqWeightedAttention,
        'MultiHead': MultiHead,
    })
    model.summary()
    for data, tag in data_generator(seed=9):
        predicts = model.predict(data)
        predicts = np.argmax(predicts, axis=-1)
        print(predicts, tag)
        break


if __name__ == '__main__':
    test_multi_attention()
    test_multi_cnn()
    test_multi_cnn(hidden_dim=3)
    test_multi_lstm()
