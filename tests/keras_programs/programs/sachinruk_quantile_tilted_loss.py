# source: sachinruk/KerasQuantileModel "Keras Quantile Model.ipynb" (Sachin Abeywardana's "Deep Learning Quantile Regression - Keras" notebook and blog post: an MLP fitted with MAE to the motorcycle-crash acceleration series, then one fresh model per quantile 0.1/0.5/0.9 trained on a hand-written pinball ("tilted") loss passed as a lambda closing over the loop variable; its code cells in order)
# commit: 5e8ed2bb169295349e3e5e76139e1a5ac10e6f28
# keras: tf_keras
# exercises: `from keras.models import Sequential`, `from keras.layers import Dense, Activation`, `import keras.backend as K`; Sequential of Dense(units=10, input_dim=1, activation='relu') twice (input_dim given again on the second layer, ignored) and Dense(1); compile(loss='mae', optimizer='adadelta') (tf-keras's Adadelta at its default learning rate 0.001); fit on 1-D float64 arrays (x and y of shape (133,), which tf-keras expands to (133, 1)), batch_size=32, verbose=0; evaluate on the 1-D arrays; predict on a 1-D np.linspace array of 200 values; a loss K.mean(K.maximum(q*e, (q-1)*e), axis=-1) through compile(loss=lambda y,f: tilted_loss(q,y,f)) in a loop over three quantiles, each on a new model from a builder function (the lambda reads q when called, inside that model's own fit)
# reduced: the 'mcycle' data file (pandas.read_csv of the 133 rows of the MASS motorcycle data, times and accel) replaced by 133 seeded made-up rows of the same shape (times sorted uniform 2.4-57.6 ms, accel a damped oscillation plus noise), held in a small numpy stand-in for the DataFrame (columns .times/.accel with .values, .mean(), .std() with pandas's ddof=1, .min(), .max(), and the column assignment the notebook does) as pandas is replaced by numpy; epochs 2000 -> 3; shuffle=False added to both fit calls (tf-keras shuffles with TensorFlow's generator); the matplotlib calls (%matplotlib inline, plt.scatter/plot/legend/show) dropped and the predictions printed rounded instead; the bare evaluate expression printed; nothing else changed
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Activation
import keras.backend as K


class _Column(np.ndarray):
    """A numpy stand-in for a pandas Series: .values and pandas's std (ddof=1)."""
    @property
    def values(self):
        return np.asarray(self)

    def std(self, *args, **kwargs):
        return np.asarray(self).std(ddof=1)


class _Frame(object):
    def __init__(self, **columns):
        for name, column in columns.items():
            setattr(self, name, column)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, np.asarray(value, dtype=np.float64).view(_Column))


np.random.seed(0)
_times = np.sort(np.random.uniform(2.4, 57.6, 133))
_accel = -120 * np.exp(-((_times - 22) / 12) ** 2) * np.sin((_times - 14) / 3.5) + np.random.normal(0, 10 + 20 * (_times > 15), 133)
mcycle = _Frame(times=_times, accel=_accel)

mcycle.times = (mcycle.times - mcycle.times.mean())/mcycle.times.std()
mcycle.accel = (mcycle.accel - mcycle.accel.mean())/mcycle.accel.std()

model = Sequential()
model.add(Dense(units=10, input_dim=1,activation='relu'))
model.add(Dense(units=10, input_dim=1,activation='relu'))
model.add(Dense(1))
model.compile(loss='mae', optimizer='adadelta')
model.fit(mcycle.times.values, mcycle.accel.values, epochs=3, batch_size=32, verbose=0, shuffle=False)
print(model.evaluate(mcycle.times.values, mcycle.accel.values))

t_test = np.linspace(mcycle.times.min(),mcycle.times.max(),200)
y_test = model.predict(t_test)
print(np.round(y_test[::40, 0], 4))


def tilted_loss(q,y,f):
    e = (y-f)
    return K.mean(K.maximum(q*e, (q-1)*e), axis=-1)


def mcycleModel():
    model = Sequential()
    model.add(Dense(units=10, input_dim=1,activation='relu'))
    model.add(Dense(units=10, input_dim=1,activation='relu'))
    model.add(Dense(1))
    
    return model


qs = [0.1, 0.5, 0.9]

t_test = np.linspace(mcycle.times.min(),mcycle.times.max(),200)

for q in qs:
    model = mcycleModel()
    model.compile(loss=lambda y,f: tilted_loss(q,y,f), optimizer='adadelta')
    model.fit(mcycle.times.values, mcycle.accel.values, epochs=3, batch_size=32, verbose=0, shuffle=False)
    
    # Predict the quantile
    y_test = model.predict(t_test)
    print(q, np.round(y_test[::40, 0], 4)) # plot out this quantile
