# source: Ian-Mint/treatment_recommender model.py and train.py (a UCSD ECE 271B course project: recommending vasopressin doses for ICU sepsis admissions from MIMIC-III time series; per-admission series post-padded with -1, a Masking(-1) layer, stacked stateful LSTMs with a TimeDistributed Dense per step, trained one epoch per fit call with reset_states between)
# commit: 03d9dbdded84f922251e0ddfad374a1cab62b2b7
# keras: tf_keras
# exercises: `import keras`; keras.Sequential() with Masking(mask_value=-1, batch_input_shape=[batch_size, n_timesteps, n_features]), a loop of LSTM(width, return_sequences=True, dropout, recurrent_dropout, stateful=True), TimeDistributed(Dense(1)); compile(optimizer='rmsprop', loss='mse') with the padded steps left out of the loss by the mask; print(model.summary()); keras ModelCheckpoint(monitor='val_loss', verbose=0, save_best_only=False, save_weights_only=False, mode='auto', period=5) (Keras 2's period) shared by every fit; a loop of fit(batch_size, epochs=1, validation_data, verbose=2, shuffle=False, callbacks=[checkpoint]) each followed by model.reset_states(), the History objects collected in a list; model.save at the end
# reduced: the MIMIC-III data (data_loader.Data reading pickles and a CSV built by SQL views; pandas) replaced by what Data hands train.py: 6 training and 3 validation admissions of 2 to 8 hourly steps of 4 made-up features (numpy RandomState(0)), features and vasopressin labels post-padded with -1 to 8 steps by keras.preprocessing.sequence.pad_sequences(maxlen, dtype=float, value=-1, padding='post') as data_loader does; train.py's Data(lookback=lookback, batch_size=batch_size) and the validation split replaced by these arrays; `keras.callbacks.callbacks.ModelCheckpoint` (Keras 2.3's module path) -> `keras.callbacks.ModelCheckpoint`; file names given '.h5' ('models/model' and 'models/{run_name}' are folders: TensorFlow SavedModels) and written to the working folder; the pickle.dump of the History list left out (it would pickle the model through History.model); batch_size 30 -> 3 (a divisor of both sets, as stateful batches need), width 32 -> 6, epochs 20 -> 6 (the checkpoint's period=5 then saves once), lookback 4 -> 8 (n_timesteps, the padded length), layers 2 kept; the unused config import dropped
import numpy as np
import keras
from keras.layers import LSTM, Dense, Masking, TimeDistributed
from keras.preprocessing.sequence import pad_sequences


def build_model(width, batch_size, n_timesteps, n_features, n_layers=1,
                dropout=0, recurrent_dropout=0,) -> keras.Model:
    """

    :param n_layers:
    :param width:
    :param batch_size:
    :param n_timesteps:
    :param n_features:
    :param dropout:
    :param recurrent_dropout:
    :return:
    """
    model = keras.Sequential()
    model.add(Masking(mask_value=-1, batch_input_shape=[batch_size, n_timesteps, n_features]))
    for i in range(n_layers):
        model.add(
            LSTM(width,
                 return_sequences=True,
                 dropout=dropout,
                 recurrent_dropout=recurrent_dropout,
                 stateful=True,)
        )
    model.add(TimeDistributed(Dense(1)))
    model.compile(optimizer='rmsprop', loss='mse')

    print(model.summary())
    return model


class Split:
    pass


def make_split(rng, lengths, maxlen):
    features = [rng.rand(n, 4) for n in lengths]
    vasopressin = [(0.5 * f[:, :1] + 0.2 * f[:, 1:2]) for f in features]
    kwargs = {'maxlen': maxlen, 'dtype': float, 'value': -1, 'padding': 'post'}
    split = Split()
    split.features = pad_sequences(features, **kwargs)
    split.vasopressin = pad_sequences(vasopressin, **kwargs)
    return split


class Data:
    def __init__(self, lookback):
        rng = np.random.RandomState(0)
        self.train = make_split(rng, [8, 5, 3, 7, 2, 6], lookback)
        self.validate = make_split(rng, [4, 8, 5], lookback)
        self.features = self.train.features


name = ''
lookback = 8
epochs = 6
batch_size = 3
width = 6  # LSTM width
layers = 2  # LSTM layers
run_name = f'batch{batch_size}-epochs{epochs}-lstm{layers}x{width}.{name}'

data = Data(lookback=lookback)
assert not np.isnan(data.features).any()

n_samples = data.train.features.shape[0]
n_features = data.train.features.shape[2]
model = build_model(width, batch_size, lookback, n_features, layers)

checkpoint = keras.callbacks.ModelCheckpoint('model.h5', monitor='val_loss', verbose=0,
                                             save_best_only=False, save_weights_only=False, mode='auto',
                                             period=5)
history = []
for i in range(epochs):
    history.append(
        model.fit(x=data.train.features,
                  y=data.train.vasopressin,
                  batch_size=batch_size,
                  epochs=1,
                  validation_data=(data.validate.features, data.validate.vasopressin),
                  verbose=2,
                  shuffle=False,
                  callbacks=[checkpoint, ])
    )
    model.reset_states()

model.save(f'{run_name}h5')
print([h.history for h in history])
