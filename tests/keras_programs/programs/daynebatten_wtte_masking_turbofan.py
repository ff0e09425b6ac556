# source: daynebatten/keras-wtte-rnn wtte-rnn.py (Dayne Batten's widely read "WTTE-RNN in Keras" demo: time-to-failure of the NASA turbofan engines as a Weibull distribution, a Masking layer over zero-padded look-back windows, an LSTM, a custom Activation written with keras.backend that outputs alpha and beta, and the discrete Weibull log-likelihood as a hand-written loss)
# commit: 50cf0061cc081f7d003f85b2ba4ea5178fc84a2b
# keras: tf_keras
# exercises: Sequential with Masking(mask_value=0., input_shape=(max_time, 24)) over windows left-padded with zeros, LSTM(20, input_dim=24) (Keras 1's input_dim keyword on a non-first layer), Dense(2), Activation(activate) where activate is a function of keras.backend ops (k.exp, k.softplus on column slices, k.reshape with k.shape(a)[0], k.concatenate axis=1), compile(loss=weibull_loglik_discrete (k.pow, k.log, k.exp, k.mean on column slices of y_true/y_pred), optimizer=RMSprop(lr=.001)), fit(batch_size=2000 (one batch), verbose=2, validation_data=...), predict, np.resize of the predictions
# reduced: train.csv / test_x.csv / test_y.csv (NASA turbofan FD001, 100 engines) replaced by seeded numpy: 6 training engines of 7 to 14 cycles and 4 test engines of 5 to 9 cycles, 24 columns each (3 settings + 21 sensors; engine number and day columns built the same way, 1-indexed as in the files), test_y made-up remaining lives; sklearn's normalize(axis=0) (sklearn not installed) replaced by the same column L2 normalisation in numpy; range(100) engines -> range(n_engines) and the (100, 1) / (100, 2) shapes -> (n_test, ...); max_time 100 -> 10 (min(j, 99) -> min(j, max_time - 1), as the code means); the print of every engine number left out; nb_epoch=250 -> epochs=3 (Keras 1's nb_epoch is refused by tf.keras fit)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from keras.layers import Activation
from keras.layers import Masking
from keras.optimizers import RMSprop
from keras import backend as k


def normalize(x, axis=0):
    """sklearn.preprocessing.normalize(x, axis=0): each column scaled to unit L2 norm."""
    norms = np.sqrt((x * x).sum(axis=axis, keepdims=True))
    norms[norms == 0.0] = 1.0
    return x / norms


"""
    Discrete log-likelihood for Weibull hazard function on censored survival data
    y_true is a (samples, 2) tensor containing time-to-event (y), and an event indicator (u)
    ab_pred is a (samples, 2) tensor containing predicted Weibull alpha (a) and beta (b) parameters
    For math, see https://ragulpr.github.io/assets/draft_master_thesis_martinsson_egil_wtte_rnn_2016.pdf (Page 35)
"""
def weibull_loglik_discrete(y_true, ab_pred, name=None):
    y_ = y_true[:, 0]
    u_ = y_true[:, 1]
    a_ = ab_pred[:, 0]
    b_ = ab_pred[:, 1]

    hazard0 = k.pow((y_ + 1e-35) / a_, b_)
    hazard1 = k.pow((y_ + 1) / a_, b_)

    return -1 * k.mean(u_ * k.log(k.exp(hazard1 - hazard0) - 1.0) - hazard1)

"""
    Not used for this model, but included in case somebody needs it
    For math, see https://ragulpr.github.io/assets/draft_master_thesis_martinsson_egil_wtte_rnn_2016.pdf (Page 35)
"""
def weibull_loglik_continuous(y_true, ab_pred, name=None):
    y_ = y_true[:, 0]
    u_ = y_true[:, 1]
    a_ = ab_pred[:, 0]
    b_ = ab_pred[:, 1]

    ya = (y_ + 1e-35) / a_
    return -1 * k.mean(u_ * (k.log(b_) + b_ * k.log(ya)) - k.pow(ya, b_))


"""
    Custom Keras activation function, outputs alpha neuron using exponentiation and beta using softplus
"""
def activate(ab):
    a = k.exp(ab[:, 0])
    b = k.softplus(ab[:, 1])

    a = k.reshape(a, (k.shape(a)[0], 1))
    b = k.reshape(b, (k.shape(b)[0], 1))

    return k.concatenate((a, b), axis=1)


# Made-up engine files: engine number, day (both 1-indexed), 24 readings
rng = np.random.RandomState(0)
def make_file(lengths):
    rows = []
    for e, n in enumerate(lengths):
        age = np.linspace(0.0, 1.0, n)[:, None]
        readings = 10.0 + 5.0 * age * rng.rand(1, 24) + rng.rand(n, 24)
        ids = np.column_stack([np.full(n, e + 1.0), np.arange(1, n + 1, dtype=float)])
        rows.append(np.column_stack([ids, readings]))
    return np.concatenate(rows)

n_engines = 6
n_test = 4
np.set_printoptions(suppress=True, threshold=10000)

train = make_file([9, 12, 7, 14, 10, 8])
test_x = make_file([6, 9, 5, 7])
test_y = np.array([4.0, 7.0, 11.0, 3.0])

# Combine the X values to normalize them, then split them back out
all_x = np.concatenate((train[:, 2:26], test_x[:, 2:26]))
all_x = normalize(all_x, axis=0)

train[:, 2:26] = all_x[0:train.shape[0], :]
test_x[:, 2:26] = all_x[train.shape[0]:, :]

# Make engine numbers and days zero-indexed, for everybody's sanity
train[:, 0:2] -= 1
test_x[:, 0:2] -= 1

# Configurable observation look-back period for each engine/day
max_time = 10

def build_data(engine, time, x, max_time, is_test, count):
    # y[0] will be days remaining, y[1] will be event indicator, always 1 for this data
    out_y = np.empty((0, 2), dtype=np.float32)

    # A full history of sensor readings to date for each x
    out_x = np.empty((0, max_time, 24), dtype=np.float32)

    for i in range(count):
        # When did the engine fail? (Last day + 1 for train data, irrelevant for test.)
        max_engine_time = int(np.max(time[engine == i])) + 1

        if is_test:
            start = max_engine_time - 1
        else:
            start = 0

        this_x = np.empty((0, max_time, 24), dtype=np.float32)

        for j in range(start, max_engine_time):
            engine_x = x[engine == i]

            out_y = np.append(out_y, np.array((max_engine_time - j, 1), ndmin=2), axis=0)

            xtemp = np.zeros((1, max_time, 24))
            xtemp[:, max_time-min(j, max_time - 1)-1:max_time, :] = engine_x[max(0, j-max_time+1):j+1, :]
            this_x = np.concatenate((this_x, xtemp))

        out_x = np.concatenate((out_x, this_x))

    return out_x, out_y

train_x, train_y = build_data(train[:, 0], train[:, 1], train[:, 2:26], max_time, False, n_engines)
test_x = build_data(test_x[:, 0], test_x[:, 1], test_x[:, 2:26], max_time, True, n_test)[0]

train_u = np.zeros((n_test, 1), dtype=np.float32)
train_u += 1
test_y = np.append(np.reshape(test_y, (n_test, 1)), train_u, axis=1)

"""
    Here's the rest of the meat of the demo... actually fitting and training the model.
    We'll also make some test predictions so we can evaluate model performance.
"""

# Start building our model
model = Sequential()

# Mask parts of the lookback period that are all zeros (i.e., unobserved) so they don't skew the model
model.add(Masking(mask_value=0., input_shape=(max_time, 24)))

# LSTM is just a common type of RNN. You could also try anything else (e.g., GRU).
model.add(LSTM(20, input_dim=24))

# We need 2 neurons to output Alpha and Beta parameters for our Weibull distribution
model.add(Dense(2))

# Apply the custom activation function mentioned above
model.add(Activation(activate))

# Use the discrete log-likelihood for Weibull survival data as our loss function
model.compile(loss=weibull_loglik_discrete, optimizer=RMSprop(lr=.001))

# Fit!
model.fit(train_x, train_y, epochs=3, batch_size=2000, verbose=2, validation_data=(test_x, test_y))

# Make some predictions and put them alongside the real TTE and event indicator values
test_predict = model.predict(test_x)
test_predict = np.resize(test_predict, (n_test, 2))
test_result = np.concatenate((test_y, test_predict), axis=1)

# TTE, Event Indicator, Alpha, Beta
print(test_result)
