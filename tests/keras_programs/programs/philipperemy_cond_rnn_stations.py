# source: philipperemy/cond_rnn cond_rnn/cond_rnn.py and examples/dummy_stations_example.py (the cond-rnn package, ~200 stars: a Wrapper that turns time-independent conditions into a GRU/LSTM's initial state; its dummy weather-stations example, Sequential and functional)
# commit: fd5f97b80fa2cf3dadcca6e96e8cf9a4fdd20619
# keras: tf_keras
# exercises: a tensorflow.keras.layers.Wrapper subclass around GRU(10) whose build makes 22 Dense layers (21 of them never called) and Lambda layers of K.expand_dims, K.tile, K.stack(axis=-1), K.squeeze and an unstack; properties go_backwards/return_sequences/return_state delegating to the wrapped layer; call(inputs, training=None) on a list [x, cond1, cond2] with has_arg(self.layer.call, 'training'), isinstance(self.layer, LSTM / (GRU, RNN)), each condition through its own Dense after expand_dims to (1, batch, dim), stacked, projected by Dense(1), squeezed and unstacked into initial_state for self.layer(x, initial_state=...); the Wrapper as the first layer of a Sequential(layers=[...]) fed a list of three arrays, and in a functional Model of three Inputs; compile(optimizer='adam', loss='mae'), fit(x=[x, c1, c2], y, validation_split=0.2, verbose=2)
# reduced: the Sequential model built before compile by a call, `model([x[:1], c1[:1], c2[:1]])` (the example builds it at its first fit, after compile, where the harness hands both runs Keras's starting weights: unbuilt it has none to hand); `from keras.utils import generic_utils` (Keras 2's module; neither tf-keras 2.21 nor Keras 3 has it, the package fails to import there) replaced by a small generic_utils stand-in with has_arg (inspect.signature, as Keras 2's); Lambda(lambda x: tf.unstack(x, axis=0)) -> Lambda(lambda x: [x[i] for i in range(x.shape[0])]) (the same list of tensors; statefulrnn stands in for Keras, not TensorFlow, and has no tf.unstack), so `import tensorflow as tf` dropped; num_stations 100 -> 3 (condition_dim_1 too), time_steps 365 -> 20, window 50 -> 8 (36 windows, validation_split=0.2 leaves 28 training samples: one batch of 32 per epoch, so fit's shuffling cannot change the result); epochs 10 -> 2 for each model; the commented-out matplotlib lines dropped
import inspect

import numpy as np
from tensorflow.keras import backend as K
from tensorflow.keras.layers import LSTM, Dense, GRU, RNN, Lambda, Wrapper
from tensorflow.keras import Input
from tensorflow.keras import Model
from tensorflow.keras.models import Sequential


class generic_utils:
    @staticmethod
    def has_arg(fn, name, accept_all=False):
        parameters = inspect.signature(fn).parameters
        if accept_all and any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
            return True
        return name in parameters


class ConditionalRecurrent(Wrapper):

    def __init__(self, layer, **kwargs):
        """
        Conditional Recurrent Wrapper.
        """
        super(ConditionalRecurrent, self).__init__(layer, **kwargs)

    # noinspection PyAttributeOutsideInit
    def build(self, input_shape=None):
        # single cond
        self.dense_init_single = Dense(units=self.layer.units)
        # multi cond
        max_num_conditions = 20
        self.dense_init_multi = []
        for i in range(max_num_conditions):
            self.dense_init_multi.append(Dense(units=self.layer.units))
        self.multi_cond_p = Dense(1)

        self.expand_dims_1 = Lambda(lambda x: K.expand_dims(x, axis=0))
        self.tile_1 = Lambda(lambda x: K.tile(x, [2, 1, 1]))

        self.stack_1 = Lambda(lambda x: K.stack(x, axis=-1))
        self.squeeze_layer = Lambda(lambda x: K.squeeze(x, axis=-1))
        self.unstack_layer = Lambda(lambda x: [x[i] for i in range(x.shape[0])])

    @property
    def go_backwards(self):
        return self.layer.go_backwards

    @property
    def return_sequences(self):
        return self.layer.return_sequences

    @property
    def return_state(self):
        return self.layer.return_state

    def _standardize_condition(self, initial_cond):
        initial_cond_shape = initial_cond.shape
        if len(initial_cond_shape) == 2:
            initial_cond = self.expand_dims_1(initial_cond)
        first_cond_dim = initial_cond.shape[0]
        if isinstance(self.layer, LSTM):
            if first_cond_dim == 1:
                initial_cond = self.tile_1(initial_cond)
            elif first_cond_dim != 2:
                raise Exception('Initial cond should have shape: [2, batch_size, hidden_size] '
                                'or [batch_size, hidden_size]. Shapes do not match.', initial_cond_shape)
        elif isinstance(self.layer, (GRU, RNN)):
            if first_cond_dim != 1:
                raise Exception('Initial cond should have shape: [1, batch_size, hidden_size] '
                                'or [batch_size, hidden_size]. Shapes do not match.', initial_cond_shape)
        else:
            raise Exception('Only GRU, LSTM and RNN are supported as cells.')
        return initial_cond

    def call(self, inputs, training=None, **kwargs):
        assert isinstance(inputs, (list, tuple)) and len(inputs) >= 2
        if generic_utils.has_arg(self.layer.call, 'training'):
            kwargs['training'] = training
        x = inputs[0]
        cond = inputs[1:]
        init_state = None
        if len(cond) > 1:  # multiple conditions.
            init_state_list = [self.dense_init_multi[i](self._standardize_condition(c)) for i, c in enumerate(cond)]
            multi_cond_state = self.multi_cond_p(self.stack_1(init_state_list))
            multi_cond_state = self.squeeze_layer(multi_cond_state)
            init_state = self.unstack_layer(multi_cond_state)
        else:
            cond = self._standardize_condition(cond[0])
            if cond is not None:
                init_state = self.unstack_layer(self.dense_init_single(cond))
        return self.layer(x, initial_state=init_state, **kwargs)

    def get_config(self):
        return super(ConditionalRecurrent, self).get_config()


num_stations = 3  # number of stations.
time_steps = 20  # time dimensions (e.g. 365 days).
input_dim = 3  # number of variables depending on time (day axis), per station.
condition_dim_1 = num_stations  # one-hot vector to identify the station.
condition_dim_2 = 1  # average input for the station (data leakage in this example).

np.random.seed(123)

# generate the variables depending on time for each station.
continuous_data = np.cumsum(np.random.uniform(low=-1, high=1, size=(num_stations, time_steps, input_dim)), axis=1)
continuous_data /= np.max(np.abs(continuous_data))

condition_data_1 = np.diag(num_stations * [1])
condition_data_2 = np.mean(continuous_data, axis=(1, 2))

window = 8  # we split series in 50 days (look-back window)

x, y, c1, c2 = [], [], [], []
for s in range(num_stations):
    for t in range(window, continuous_data.shape[1]):
        x.append(continuous_data[s][t - window:t])
        y.append(continuous_data[s][t][-1])
        c1.append(condition_data_1[s])
        c2.append(condition_data_2[s])

# now we have (batch_dim * station_dim, time_steps, input_dim).
x = np.array(x)
y = np.array(y)
c1 = np.array(c1)
c2 = np.expand_dims(c2, axis=-1)

print(x.shape, y.shape, c1.shape, c2.shape)

print('Sequential API')
model = Sequential(layers=[
    ConditionalRecurrent(GRU(10)),
    Dense(units=1, activation='linear')  # regression problem.
])

model([x[:1], c1[:1], c2[:1]])
model.compile(optimizer='adam', loss='mae')
model.fit(x=[x, c1, c2], y=y, epochs=2, validation_split=0.2, verbose=2)

print('Functional API')
i1 = Input(shape=(window, input_dim))
ic_1 = Input(shape=(condition_dim_1,))
ic_2 = Input(shape=(condition_dim_2,))
m = ConditionalRecurrent(GRU(10))([i1, ic_1, ic_2])
m = Dense(units=1, activation='linear')(m)  # regression problem.
model2 = Model([i1, ic_1, ic_2], m)
model2.compile(optimizer='adam', loss='mae')
model2.fit(x=[x, c1, c2], y=y, epochs=2, validation_split=0.2, verbose=2)
