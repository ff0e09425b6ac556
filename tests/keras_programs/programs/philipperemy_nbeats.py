# source: philipperemy/n-beats nbeats_keras/model.py (N-BEATS, Oreshkin et al. 2019: stacks of fully connected blocks whose backcasts are subtracted from the input and whose forecasts are summed), with the Keras halves of examples/simple_example.py and examples/interpretable_example.py, examples/exo_example.py, examples/data.py's dummy_data_generator, and tests/model_test.py
# commit: 06a4e209ada80bf1f403ced5228261784dfb26ed
# keras: tf_keras
# exercises: `from tensorflow.keras import backend as K` and `from tensorflow.keras.layers/models import ...`; a wrapper class holding two functional Models (forecast and backcast) over one Input(shape=(backcast_length, input_dim), name='input_variable'), delegating fit/predict/save/count_params to the forecast model by __getattr__ (predict(return_backcast=True) switches to the backcast one); Lambda(lambda z: z[..., k]) input slices (a closure over the loop variable); generic blocks of four Dense(relu) with '/' in their names, two Dense(use_bias=False) thetas and Dense backcast/forecast heads; trend and seasonality blocks whose heads are Lambda(trend_model / seasonality_model, arguments={...}) built with K.arange (integers divided by an int: float64 on tf-keras, float32 here, then cast to float32), K.stack, K.transpose, K.cos, K.sin, K.concatenate, K.cast, K.dot and thetas.shape[-1]; share_weights_in_stack=True reusing each stack's first block's Dense layers (shared layers called in several blocks); Subtract and Add residual stacking, identity Lambda(function=lambda _x: _x, name=...) renaming, Reshape; compile(loss='mae', optimizer='adam') (optimizer='sgd' for the interpretable model, see reduced); fit with validation_data; predict's output shapes checked with np.testing.assert_equal; the interpretable example: generic + trend + seasonality stacks trained on 2-d (samples, steps) arrays where the model's input and output are (steps, 1); the exogenous example: a second Input(name='exos_variables') sliced by Lambdas and joined to each block's input with Concatenate, the default trend + seasonality stacks of 256 units with forecast_length=1 (a seasonality basis of one harmonic: `K.stack([])` of no cos rows, then only the sin row), fit on a list of two inputs with the default batch size, predict's shape checked; model.save('n_beats_model.h5') of the forecast model (its Lambdas' functions written as code) and NBeatsKeras.load of that file, its predictions compared by assert_almost_equal; count_params of shared and unshared models and the length check of tests/model_test.py
# reduced: model.py's smape_loss and its `import tensorflow as tf` / `import tensorflow.experimental.numpy as tnp` dropped (not used by the examples or tests; TensorFlow's experimental numpy has no counterpart); the PyTorch model (nbeats_pytorch) and its half of each example dropped; examples/*.py's `from nbeats_keras.model import NBeatsNet as NBeatsKeras` written `NBeatsKeras = NBeatsNet` (inlined); simple_example's num_samples 50_000 -> 140 (so its 126 training windows make one batch of 128 and fit's shuffling cannot change the result) and epochs 20 -> 2; interpretable_example's num_samples_train 1000 -> 4 and num_samples_test 200 -> 2 batches of 32 from dummy_data_generator, fit given shuffle=False (4 batches of 32); exo_example's num_samples 1000 -> 32 (one batch of the default 32, so fit's shuffling cannot change the result; its final shape check (1000, 1, 1) -> (32, 1, 1) with it) and epochs 10 -> 3; its keract intermediate outputs (enable_intermediate_outputs, get_generic_and_interpretable_outputs: keract is not installed) and the matplotlib plots dropped, model.predict(sample_x) kept; the unittest class of tests/model_test.py turned into two functions called from main; seasonality_model's `p = thetas.get_shape().as_list()[-1]` written `p = K.int_shape(thetas)[-1]` (the same number on tf-keras): statefulrnn's Lambda hands its function torch tensors, which have no TensorFlow get_shape() (README, "Where we differ from Keras": adding it would mean patching torch.Tensor; K.int_shape is the spelling it names); interpretable_example compiled with optimizer='sgd' instead of 'adam': its seasonality blocks' theta_f gradients are float32 rounding noise (MAE's gradient has the same sign at every forecast step on this data, and the cos/sin rows of the basis, i >= 1, sum to zero over the steps), and Adam, dividing each gradient by its own root mean square, turns that noise into steps of up to its learning rate: on tf-keras alone, computing linear_space in float32 instead of float64 (tf's int32 / int gives float64, torch's gives float32) moves the weights by 3e-5 after one Adam step and 1.2e-4 after three (measured this session), where statefulrnn and tf-keras with the same float32 basis differ by 4.7e-6 and 1.9e-5; SGD's steps of that noise are ~1e-13, so the blocks' real gradients are compared
import itertools
import numpy as np
from tensorflow.keras import backend as K
from tensorflow.keras.layers import Concatenate
from tensorflow.keras.layers import Input, Dense, Lambda, Subtract, Add, Reshape
from tensorflow.keras.models import Model


class NBeatsNet:
    GENERIC_BLOCK = 'generic'
    TREND_BLOCK = 'trend'
    SEASONALITY_BLOCK = 'seasonality'

    _BACKCAST = 'backcast'
    _FORECAST = 'forecast'

    def __init__(self,
                 input_dim=1,
                 output_dim=1,
                 exo_dim=0,
                 backcast_length=10,
                 forecast_length=1,
                 stack_types=(TREND_BLOCK, SEASONALITY_BLOCK),
                 nb_blocks_per_stack=3,
                 thetas_dim=(4, 8),
                 share_weights_in_stack=False,
                 hidden_layer_units=256,
                 nb_harmonics=None):

        self.stack_types = stack_types
        self.nb_blocks_per_stack = nb_blocks_per_stack
        self.thetas_dim = thetas_dim
        self.units = hidden_layer_units
        self.share_weights_in_stack = share_weights_in_stack
        self.backcast_length = backcast_length
        self.forecast_length = forecast_length
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.exo_dim = exo_dim
        self.input_shape = (self.backcast_length, self.input_dim)
        self.exo_shape = (self.backcast_length, self.exo_dim)
        self.output_shape = (self.forecast_length, self.output_dim)
        self.weights = {}
        self.nb_harmonics = nb_harmonics
        self._gen_intermediate_outputs = False
        self._intermediary_outputs = []
        assert len(self.stack_types) == len(self.thetas_dim)

        x = Input(shape=self.input_shape, name='input_variable')
        x_ = {}
        for k in range(self.input_dim):
            x_[k] = Lambda(lambda z: z[..., k])(x)
        e_ = {}
        if self.has_exog():
            e = Input(shape=self.exo_shape, name='exos_variables')
            for k in range(self.exo_dim):
                e_[k] = Lambda(lambda z: z[..., k])(e)
        else:
            e = None
        y_ = {}

        for stack_id in range(len(self.stack_types)):
            stack_type = self.stack_types[stack_id]
            nb_poly = self.thetas_dim[stack_id]
            for block_id in range(self.nb_blocks_per_stack):
                backcast, forecast = self.create_block(x_, e_, stack_id, block_id, stack_type, nb_poly)
                for k in range(self.input_dim):
                    x_[k] = Subtract()([x_[k], backcast[k]])
                    layer_name = f'stack_{stack_id}-{stack_type.title()}Block_{block_id}'
                    if self.input_dim >= 1:
                        layer_name += f'_Dim_{k}'
                    # rename.
                    forecast[k] = Lambda(function=lambda _x: _x, name=layer_name)(forecast[k])
                    if stack_id == 0 and block_id == 0:
                        y_[k] = forecast[k]
                    else:
                        y_[k] = Add()([y_[k], forecast[k]])

        for k in range(self.input_dim):
            y_[k] = Reshape(target_shape=(self.forecast_length, 1))(y_[k])
            x_[k] = Reshape(target_shape=(self.backcast_length, 1))(x_[k])
        if self.input_dim > 1:
            y_ = Concatenate()([y_[ll] for ll in range(self.input_dim)])
            x_ = Concatenate()([x_[ll] for ll in range(self.input_dim)])
        else:
            y_ = y_[0]
            x_ = x_[0]

        if self.input_dim != self.output_dim:
            y_ = Dense(self.output_dim, activation='linear', name='reg_y')(y_)
            x_ = Dense(self.output_dim, activation='linear', name='reg_x')(x_)

        inputs_x = [x, e] if self.has_exog() else x
        n_beats_forecast = Model(inputs_x, y_, name=self._FORECAST)
        n_beats_backcast = Model(inputs_x, x_, name=self._BACKCAST)

        self.models = {model.name: model for model in [n_beats_backcast, n_beats_forecast]}
        self.cast_type = self._FORECAST

    def get_generic_and_interpretable_outputs(self):
        g_pred = sum([a['value'][0] for a in self._intermediary_outputs if 'generic' in a['layer'].lower()])
        i_pred = sum([a['value'][0] for a in self._intermediary_outputs if 'generic' not in a['layer'].lower()])
        outputs = {o['layer']: o['value'][0] for o in self._intermediary_outputs}
        return g_pred, i_pred, outputs

    def has_exog(self):
        # exo/exog is short for 'exogenous variable', i.e. any input
        # features other than the target time-series itself.
        return self.exo_dim > 0

    @staticmethod
    def name():
        return 'NBeatsKeras'

    @staticmethod
    def load(filepath, custom_objects=None, compile=True):
        from tensorflow.keras.models import load_model
        return load_model(filepath, custom_objects, compile)

    def _r(self, layer_with_weights, stack_id):
        # mechanism to restore weights when block share the same weights.
        # only useful when share_weights_in_stack=True.
        if self.share_weights_in_stack:
            layer_name = layer_with_weights.name.split('/')[-1]
            try:
                reused_weights = self.weights[stack_id][layer_name]
                return reused_weights
            except KeyError:
                pass
            if stack_id not in self.weights:
                self.weights[stack_id] = {}
            self.weights[stack_id][layer_name] = layer_with_weights
        return layer_with_weights

    def disable_intermediate_outputs(self):
        self._gen_intermediate_outputs = False

    def enable_intermediate_outputs(self):
        self._gen_intermediate_outputs = True

    def create_block(self, x, e, stack_id, block_id, stack_type, nb_poly):
        # register weights (useful when share_weights_in_stack=True)
        def reg(layer):
            return self._r(layer, stack_id)

        # update name (useful when share_weights_in_stack=True)
        def n(layer_name):
            return '/'.join([str(stack_id), str(block_id), stack_type, layer_name])

        backcast_ = {}
        forecast_ = {}
        d1 = reg(Dense(self.units, activation='relu', name=n('d1')))
        d2 = reg(Dense(self.units, activation='relu', name=n('d2')))
        d3 = reg(Dense(self.units, activation='relu', name=n('d3')))
        d4 = reg(Dense(self.units, activation='relu', name=n('d4')))
        if stack_type == 'generic':
            theta_b = reg(Dense(nb_poly, activation='linear', use_bias=False, name=n('theta_b')))
            theta_f = reg(Dense(nb_poly, activation='linear', use_bias=False, name=n('theta_f')))
            backcast = reg(Dense(self.backcast_length, activation='linear', name=n('backcast')))
            forecast = reg(Dense(self.forecast_length, activation='linear', name=n('forecast')))
        elif stack_type == 'trend':
            theta_f = theta_b = reg(Dense(nb_poly, activation='linear', use_bias=False, name=n('theta_f_b')))
            backcast = Lambda(trend_model, arguments={'is_forecast': False, 'backcast_length': self.backcast_length,
                                                      'forecast_length': self.forecast_length})
            forecast = Lambda(trend_model, arguments={'is_forecast': True, 'backcast_length': self.backcast_length,
                                                      'forecast_length': self.forecast_length})
        else:  # 'seasonality'
            if self.nb_harmonics:
                theta_b = reg(Dense(self.nb_harmonics, activation='linear', use_bias=False, name=n('theta_b')))
            else:
                theta_b = reg(Dense(self.forecast_length, activation='linear', use_bias=False, name=n('theta_b')))
            theta_f = reg(Dense(self.forecast_length, activation='linear', use_bias=False, name=n('theta_f')))
            backcast = Lambda(seasonality_model,
                              arguments={'is_forecast': False, 'backcast_length': self.backcast_length,
                                         'forecast_length': self.forecast_length})
            forecast = Lambda(seasonality_model,
                              arguments={'is_forecast': True, 'backcast_length': self.backcast_length,
                                         'forecast_length': self.forecast_length})
        for k in range(self.input_dim):
            if self.has_exog():
                d0 = Concatenate()([x[k]] + [e[ll] for ll in range(self.exo_dim)])
            else:
                d0 = x[k]
            d1_ = d1(d0)
            d2_ = d2(d1_)
            d3_ = d3(d2_)
            d4_ = d4(d3_)
            theta_f_ = theta_f(d4_)
            theta_b_ = theta_b(d4_)
            backcast_[k] = backcast(theta_b_)
            forecast_[k] = forecast(theta_f_)

        return backcast_, forecast_

    def __getattr__(self, name):
        # https://github.com/faif/python-patterns
        # model.predict() instead of model.n_beats.predict()
        # same for fit(), train_on_batch()...
        attr = getattr(self.models[self._FORECAST], name)

        if not callable(attr):
            return attr

        def wrapper(*args, **kwargs):
            cast_type = self._FORECAST
            if attr.__name__ == 'predict' and 'return_backcast' in kwargs and kwargs['return_backcast']:
                del kwargs['return_backcast']
                cast_type = self._BACKCAST

            if attr.__name__ == 'predict' and self._gen_intermediate_outputs:
                import keract
                outputs = keract.get_activations(model=self, x=args)
                self._intermediary_outputs = [
                    {'layer': a, 'value': b} for a, b in outputs.items() if str(a).startswith('stack_')
                ]
            return getattr(self.models[cast_type], attr.__name__)(*args, **kwargs)

        return wrapper


def linear_space(backcast_length, forecast_length, is_forecast=True):
    # ls = K.arange(-float(backcast_length), float(forecast_length), 1) / forecast_length
    # return ls[backcast_length:] if is_forecast else K.abs(K.reverse(ls[:backcast_length], axes=0))
    horizon = forecast_length if is_forecast else backcast_length
    return K.arange(0, horizon) / horizon


def seasonality_model(thetas, backcast_length, forecast_length, is_forecast):
    p = K.int_shape(thetas)[-1]
    p1, p2 = (p // 2, p // 2) if p % 2 == 0 else (p // 2, p // 2 + 1)
    t = linear_space(backcast_length, forecast_length, is_forecast=is_forecast)
    s1 = K.stack([K.cos(2 * np.pi * i * t) for i in range(p1)])
    s2 = K.stack([K.sin(2 * np.pi * i * t) for i in range(p2)])
    if p == 1:
        s = s2
    else:
        s = K.concatenate([s1, s2], axis=0)
    s = K.cast(s, np.float32)
    return K.dot(thetas, s)


def trend_model(thetas, backcast_length, forecast_length, is_forecast):
    p = thetas.shape[-1]
    t = linear_space(backcast_length, forecast_length, is_forecast=is_forecast)
    t = K.transpose(K.stack([t ** i for i in range(p)]))
    t = K.cast(t, np.float32)
    return K.dot(thetas, K.transpose(t))


def dummy_data_generator(backcast_length, forecast_length, signal_type='seasonality', random=False, batch_size=32):
    def get_x_y():
        lin_space = np.linspace(-backcast_length, forecast_length, backcast_length + forecast_length)
        if random:
            offset = np.random.standard_normal() * 0.1
        else:
            offset = 1
        if signal_type == 'trend':
            a = lin_space + offset
        elif signal_type == 'seasonality':
            a = np.cos(2 * np.random.randint(low=1, high=3) * np.pi * lin_space)
            a += np.cos(2 * np.random.randint(low=2, high=4) * np.pi * lin_space)
            a += lin_space * offset + np.random.rand() * 0.1
        elif signal_type == 'cos':
            a = np.cos(2 * np.pi * lin_space)
        else:
            raise Exception('Unknown signal type.')

        x = a[:backcast_length]
        y = a[backcast_length:]

        min_x, max_x = np.minimum(np.min(x), 0), np.max(np.abs(x))

        x -= min_x
        y -= min_x

        x /= max_x
        y /= max_x

        return x, y

    def gen():
        while True:
            xx = []
            yy = []
            for i in range(batch_size):
                x, y = get_x_y()
                xx.append(x)
                yy.append(y)
            yield np.array(xx), np.array(yy)

    return gen()


NBeatsKeras = NBeatsNet


def simple_example():
    # https://keras.io/layers/recurrent/
    num_samples, time_steps, input_dim, output_steps = 140, 10, 1, 1

    # Definition of the model.
    # NOTE: If you choose the Keras backend with input_dim>1, you have
    # to set the value here too (in the constructor).
    model_keras = NBeatsKeras(backcast_length=time_steps, forecast_length=output_steps,
                              stack_types=(NBeatsKeras.GENERIC_BLOCK, NBeatsKeras.GENERIC_BLOCK),
                              nb_blocks_per_stack=2, thetas_dim=(4, 4), share_weights_in_stack=True,
                              hidden_layer_units=64)

    # Definition of the objective function and the optimizer.
    model_keras.compile(loss='mae', optimizer='adam')

    # Definition of the data. The problem to solve is to find f such as | f(x) - y | -> 0.
    # where f = np.mean.
    x = np.random.uniform(size=(num_samples, time_steps, input_dim))
    y = np.mean(x, axis=1, keepdims=True)

    # Split data into training and testing datasets.
    c = num_samples // 10
    x_train, y_train, x_test, y_test = x[c:], y[c:], x[:c], y[:c]
    test_size = len(x_test)

    # Train the model.
    print('Keras training...')
    model_keras.fit(x_train, y_train, validation_data=(x_test, y_test), epochs=2, batch_size=128)

    # Save the model for later.
    model_keras.save('n_beats_model.h5')

    # Predict on the testing set (forecast).
    predictions_keras_forecast = model_keras.predict(x_test)
    np.testing.assert_equal(predictions_keras_forecast.shape, (test_size, model_keras.forecast_length, output_steps))

    # Predict on the testing set (backcast).
    predictions_keras_backcast = model_keras.predict(x_test, return_backcast=True)
    np.testing.assert_equal(predictions_keras_backcast.shape, (test_size, model_keras.backcast_length, output_steps))

    # Load the model.
    model_keras_2 = NBeatsKeras.load('n_beats_model.h5')

    np.testing.assert_almost_equal(predictions_keras_forecast, model_keras_2.predict(x_test))


def interpretable_example():
    backcast_length = 10
    forecast_length = 10

    data_gen = dummy_data_generator(
        backcast_length=backcast_length, forecast_length=forecast_length,
        signal_type='seasonality', random=False, batch_size=32
    )
    num_samples_train = 4
    num_samples_test = 2
    batches = list(itertools.islice(data_gen, num_samples_train))
    x_train = np.vstack([b[0] for b in batches])
    y_train = np.vstack([b[1] for b in batches])

    batches = list(itertools.islice(data_gen, num_samples_test))
    x_test = np.vstack([b[0] for b in batches])
    y_test = np.vstack([b[1] for b in batches])

    sample_idx = 10
    sample_x = x_test[sample_idx:sample_idx + 1]
    sample_y = y_test[sample_idx]

    for backend in [NBeatsKeras]:
        backend_name = backend.name()
        print(f'Running the example for {backend_name}...')
        model = backend(
            backcast_length=backcast_length, forecast_length=forecast_length,
            stack_types=(NBeatsKeras.GENERIC_BLOCK, NBeatsKeras.TREND_BLOCK, NBeatsKeras.SEASONALITY_BLOCK),
            nb_blocks_per_stack=2, thetas_dim=(4, 4, 4), hidden_layer_units=20
        )
        model.compile(loss='mae', optimizer='sgd')
        model.fit(x_train, y_train, validation_data=(x_test, y_test), epochs=1, batch_size=32, shuffle=False)
        model.predict(sample_x)


# As of today, exogenous variables have only been implemented in the Keras backend.
def exo_example():
    # Let's consider a setup where we have [sunshine] and [rainfall] and we want to predict [rainfall].
    # [sunshine] will be our external variable (exogenous).
    # [rainfall] will be our internal variable (endogenous).
    # We assume that rainfall[t] depends on the previous values of rainfall[t-1], ... rainfall[t-N].
    # And we also think that rainfall[t] depends on sunshine.
    # Rainfall is 1-D so input_dim=1. We have just one exo variable so exo_dim=1.
    # Output_dim is also 1-D. It's rainfall[t]. Therefore, output_dim=1.
    # We have long sequences of rainfall[t], sunshine[t] (t>0) that we cut into length N+1.
    # N will be the history. and +1 is the one we want to predict.
    # N-Beats is not like an LSTM. It needs the history window to be finite (of size N<inf).
    # here N=time_steps. Let's say 20.
    # We end of having an arbitrary number of sequences (say 100) of length 20+1.
    num_samples, time_steps, input_dim, output_dim, exo_dim = 32, 20, 1, 1, 1

    # Definition of the model.
    # NOTE: If you choose the Keras backend with input_dim>1, you have
    # to set the value here too (in the constructor).
    model_keras = NBeatsKeras(
        input_dim=input_dim,
        backcast_length=time_steps,
        forecast_length=output_dim,
        exo_dim=exo_dim
    )

    # from keras.utils.vis_utils import plot_model
    # plot_model(model_keras, 'exo.png')

    model_keras.compile(loss='mae', optimizer='adam')
    rainfall = np.random.uniform(size=(num_samples, time_steps + 1, input_dim))

    # predictors.
    x_rainfall = rainfall[:, 0:time_steps, :]
    x_sunshine = np.random.uniform(size=(num_samples, time_steps, 1))

    # target.
    y_rainfall = rainfall[:, time_steps:, :]

    model_keras.compile(loss='mae', optimizer='adam')
    model_keras.fit([x_rainfall, x_sunshine], y_rainfall, epochs=3)

    np.testing.assert_equal(model_keras.predict([x_rainfall, x_sunshine]).shape, (32, 1, 1))


def test_share_weights_count_params():
    m = NBeatsNet(stack_types=(
        NBeatsNet.TREND_BLOCK,
        NBeatsNet.SEASONALITY_BLOCK
    ),
        nb_blocks_per_stack=3,
        forecast_length=2,
        backcast_length=10,
        thetas_dim=(4, 8),
        share_weights_in_stack=False,
        hidden_layer_units=64)

    assert m.count_params() == 80512

    m2 = NBeatsNet(stack_types=(
        NBeatsNet.TREND_BLOCK,
        NBeatsNet.SEASONALITY_BLOCK
    ),
        nb_blocks_per_stack=3,
        forecast_length=2,
        backcast_length=10,
        thetas_dim=(4, 8),
        share_weights_in_stack=True,  # just change it to True.
        hidden_layer_units=64)

    assert m2.count_params() == (80512 + 128) // 3  # nb_blocks_per_stack=3

    m3 = NBeatsNet(stack_types=(
        NBeatsNet.TREND_BLOCK,
        NBeatsNet.SEASONALITY_BLOCK,
        NBeatsNet.GENERIC_BLOCK,
    ),
        nb_blocks_per_stack=3,
        forecast_length=2,
        backcast_length=10,
        thetas_dim=(4, 8, 4),
        share_weights_in_stack=True,  # just change it to True.
        hidden_layer_units=64)

    assert len(m3.weights) == len(m3.stack_types)

def test_thetas_stack_types_same_length():

    try:
        NBeatsNet(stack_types=(
            NBeatsNet.TREND_BLOCK,
            NBeatsNet.SEASONALITY_BLOCK,
            NBeatsNet.GENERIC_BLOCK,
        ),
            nb_blocks_per_stack=3,
            forecast_length=2,
            backcast_length=10,
            thetas_dim=(4, 8),
            share_weights_in_stack=True,  # just change it to True.
            hidden_layer_units=64)
        raise Exception('Test fail.')
    except AssertionError:
        pass


simple_example()
interpretable_example()
exo_example()
test_share_weights_count_params()
test_thetas_stack_types_same_length()
