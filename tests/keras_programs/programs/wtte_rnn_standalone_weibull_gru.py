# source: ragulpr/wtte-rnn examples/keras/standalone_simple_example.ipynb (E. Martinsson's WTTE-RNN, "Weibull Time To Event Recurrent Neural Network", in plain Keras 2 with everything inlined: a GRU(return_sequences) + Dense(2) + Lambda(output_lambda) predicting per-step Weibull alpha and beta, trained on censored time-to-event sequences with a hand-written discrete Weibull log-likelihood loss; the notebook whose file last changed in b4b2687f3e6db8bf61bc71f1437757abe9763fd0, 2017-06-02; its code cells in order)
# commit: 162f5c17f21db79a316d563b60835d178142fd69
# keras: tf_keras
# exercises: Keras 2's old module path keras.layers.wrappers.TimeDistributed (imported, unused); a custom loss function of y_true, y_pred written with keras.backend (ab[..., 0] / ab[..., 1] slicing of symbolic tensors, K.int_shape, K.pow, K.log, K.exp, K.mean) over (batch, timesteps, 2) targets; Lambda(output_lambda, arguments={"init_alpha": ..., "max_beta_value": ...}) with K.exp, K.sigmoid, K.clip(x=, min_value=, max_value=), K.epsilon, K.stack(axis=-1); Sequential GRU(1, input_shape=, activation='tanh', return_sequences=True) + Dense(2) on every step (3-D input to Dense); compile(loss=function, optimizer=adam(learning_rate=.01)); model.summary(); fit(epochs, batch_size, verbose=2, validation_data=, callbacks=[History()]) and history.history['loss'] / ['val_loss']; predict of sequences; np.random.seed before building and before fit
# reduced: Python 2 prints -> print(), xrange -> range, batch_size=x_train.shape[0]/10 -> x_train.shape[0]//10 (Python 2 integer division); `import theano as T` and its version print, `%matplotlib inline`, matplotlib and every plotting line dropped (the last cell's weibull_quantiles / weibull_mode plots with them); `from keras.optimizers import RMSprop,adam` -> `from keras.optimizers import RMSprop, Adam as adam` (the lower-case alias `adam` left Keras in 2.3); adam(lr=.01) -> adam(learning_rate=.01) (tf-keras 2.21 warns that `lr` is deprecated and trains at the default 0.001; statefulrnn takes lr as Keras 2 did: README, "Where we differ from Keras"); n_timesteps 200 -> 20, n_sequences = every_nth 80 -> 8, n_repeats 1000 -> 4, epochs 80 -> 3; shuffle=False added to fit (random batch order cannot match); `import tensorflow as tf` kept (only for its version print)
import numpy as np
import tensorflow as tf
from keras import backend as K

from keras.models import Sequential
from keras.layers import Dense

from keras.layers import LSTM,GRU
from keras.layers import Lambda
from keras.layers.wrappers import TimeDistributed

from keras.optimizers import RMSprop, Adam as adam
from keras.callbacks import History, TensorBoard

print('tensorflow version '+tf.__version__)


def _keras_unstack_hack(ab):
    """Implements tf.unstack(y_true_keras, num=2, axis=-1).
       Keras-hack adopted to be compatible with theano backend.
    """
    ndim = len(K.int_shape(ab))
    if ndim == 0:
        print('can not unstack with ndim=0')
    else:
        a = ab[..., 0]
        b = ab[..., 1]
    return a, b

def weibull_loss_discrete(y_true, y_pred, name=None):
    y,u = _keras_unstack_hack(y_true)
    a,b = _keras_unstack_hack(y_pred)

    hazard0 = K.pow((y + 1e-35) / a, b)
    hazard1 = K.pow((y + 1.0) / a, b)

    loglikelihoods = u * K.log(K.exp(hazard1 - hazard0) - 1.0) - hazard1
    loss = -1 * K.mean(loglikelihoods)
    return loss


def output_lambda(x, init_alpha=1.0, max_beta_value=5.0, max_alpha_value=None):
    a, b = _keras_unstack_hack(x)

    if max_alpha_value is None:
        # Implicitly initialize alpha:
        a = init_alpha * K.exp(a)
    else:
        a = init_alpha * K.clip(x=a, min_value=K.epsilon(),
                                max_value=max_alpha_value)

    m = max_beta_value
    if m > 1.05:  # some value >>1.0
        # shift to start around 1.0
        # assuming input is around 0.0
        _shift = np.log(m - 1.0)

        b = K.sigmoid(b - _shift)
    else:
        b = K.sigmoid(b)

    # Clipped sigmoid : has zero gradient at 0,1
    # Reduces the small tendency of instability after long training
    # by zeroing gradient.
    b = m * K.clip(x=b, min_value=K.epsilon(), max_value=1. - K.epsilon())

    x = K.stack([a, b], axis=-1)

    return x

def get_data(n_timesteps, every_nth,n_repeats,noise_level,n_features,use_censored = True):
    def get_equal_spaced(n, every_nth):
        # create some simple data of evenly spaced events recurring every_nth step
        # Each is on (time,batch)-format
        events = np.array([np.array(range(n)) for _ in range(every_nth)])
        events = events + np.array(range(every_nth)).reshape(every_nth, 1) + 1

        tte_actual = every_nth - 1 - events % every_nth

        was_event = (events % every_nth == 0) * 1.0
        was_event[:, 0] = 0.0

        events = tte_actual == 0

        is_censored = (events[:, ::-1].cumsum(1)[:, ::-1] == 0) * 1
        tte_censored = is_censored[:, ::-1].cumsum(1)[:, ::-1] * is_censored
        tte_censored = tte_censored + (1 - is_censored) * tte_actual

        events = np.copy(events.T * 1.0)
        tte_actual = np.copy(tte_actual.T * 1.0)
        tte_censored = np.copy(tte_censored.T * 1.0)
        was_event = np.copy(was_event.T * 1.0)
        not_censored = 1 - np.copy(is_censored.T * 1.0)

        return tte_censored, not_censored, was_event, events, tte_actual

    tte_censored,not_censored,was_event,events,tte_actual = get_equal_spaced(n=n_timesteps,every_nth=every_nth)

    # From https://keras.io/layers/recurrent/
    # input shape rnn recurrent if return_sequences: (nb_samples, timesteps, input_dim)

    u_train      = not_censored.T.reshape(n_sequences,n_timesteps,1)
    x_train      = was_event.T.reshape(n_sequences,n_timesteps,1)
    tte_censored = tte_censored.T.reshape(n_sequences,n_timesteps,1)
    y_train      = np.append(tte_censored,u_train,axis=2) # (n_sequences,n_timesteps,2)

    u_test       = np.ones(shape=(n_sequences,n_timesteps,1))
    x_test       = np.copy(x_train)
    tte_actual   = tte_actual.T.reshape(n_sequences,n_timesteps,1)
    y_test       = np.append(tte_actual,u_test,axis=2) # (n_sequences,n_timesteps,2)

    if not use_censored:
        x_train = np.copy(x_test)
        y_train = np.copy(y_test)
    # Since the above is deterministic perfect fit is feasible.
    # More noise->more fun so add noise to the training data:

    x_train = np.tile(x_train.T,n_repeats).T
    y_train = np.tile(y_train.T,n_repeats).T

    # Try with more than one feature TODO
    x_train_new = np.zeros([x_train.shape[0],x_train.shape[1],n_features])
    x_test_new = np.zeros([x_test.shape[0],x_test.shape[1],n_features])
    for f in range(n_features):
        x_train_new[:,:,f] = x_train[:,:,0]
        x_test_new[:,:,f]  = x_test[:,:,0]

    x_train = x_train_new
    x_test  = x_test_new

    # xtrain is signal XOR noise with probability noise_level
    noise = np.random.binomial(1,noise_level,size=x_train.shape)
    x_train = x_train+noise-x_train*noise
    return y_train,x_train, y_test,x_test,events

n_timesteps    = 20
n_sequences = every_nth = 8
n_features = 1
n_repeats = 4
noise_level = 0.005
use_censored = True

y_train,x_train, y_test,x_test,events = get_data(n_timesteps, every_nth,n_repeats,noise_level,n_features,use_censored)

print('test shape',y_test.shape,x_test.shape)
print('train shape',y_train.shape,x_train.shape)

# Paranoia-mode: check that the data is OK
tte_mean_train = np.nanmean(y_train[:,:,0])
init_alpha = -1.0/np.log(1.0-1.0/(tte_mean_train+1.0) )
init_alpha = init_alpha/np.nanmean(y_train[:,:,1]) # use if lots of censoring
print('init_alpha: ',init_alpha)

np.random.seed(1)
# Store some history
history = History()

# Start building the model
model = Sequential()
model.add(GRU(1, input_shape=(n_timesteps, n_features),activation='tanh',return_sequences=True))

model.add(Dense(2))
model.add(Lambda(output_lambda, arguments={"init_alpha":init_alpha,
                                               "max_beta_value":4.0}))

model.compile(loss=weibull_loss_discrete, optimizer=adam(learning_rate=.01))

model.summary()
# Fit!
np.random.seed(1)
model.fit(x_train, y_train,
          epochs=3,
          batch_size=x_train.shape[0]//10,
          verbose=2,
          validation_data=(x_test, y_test),
          callbacks=[history],
          shuffle=False
          )
print(history.history['loss'], history.history['val_loss'])
print('All test cases (no noise)')
print('(each horizontal line is a sequence)')
predicted = model.predict(x_test)
print(predicted.shape)

# TTE, Event Indicator, Alpha, Beta
print('one training case:')
batch_indx =every_nth//2
a = predicted[batch_indx,:,0]
b = predicted[batch_indx,:,1]
this_x_train = x_train[batch_indx,:,:].mean(axis=1)
this_x_test =  x_test[batch_indx,:,:].mean(axis=1)
