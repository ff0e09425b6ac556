# source: fchollet/deep-learning-with-python-notebooks first_edition/6.3-advanced-usage-of-recurrent-neural-networks.ipynb (F. Chollet, "Deep Learning with Python", 1st ed., section 6.3: Jena climate forecasting with a Python generator and fit_generator, a Flatten + Dense baseline, GRU, GRU with dropout, stacked GRUs, reversed sequences, a reversed-IMDB LSTM, a Bidirectional LSTM and a Bidirectional GRU; code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: `import keras`, `from keras.models import Sequential`, `from keras import layers`, `from keras.optimizers import RMSprop`, `from keras.datasets import imdb`, `from keras.preprocessing import sequence`, `from keras import backend as K`; the CSV read by hand (split lines, float parsing) and normalised with numpy; an infinite Python generator (np.random.randint rows or a cycling index) of (samples, targets) batches and a reversed-steps variant (samples[:, ::-1, :]); fit_generator(generator, steps_per_epoch, epochs, validation_data=generator, validation_steps); next(val_gen) in a naive-baseline loop; Sequential Flatten(input_shape) + Dense(relu) + Dense(1); GRU(input_shape=(None, F)) + Dense; GRU(dropout=..., recurrent_dropout=...); GRU(return_sequences=True) + GRU(activation='relu'); RMSprop() with loss='mae'; sequence.pad_sequences(maxlen) of reversed lists; Embedding + LSTM + Dense(sigmoid) with optimizer='rmsprop', binary_crossentropy, metrics=['acc'], fit(batch_size=128, validation_split=0.2); K.clear_session(); Bidirectional(LSTM) and Bidirectional(GRU, input_shape=...)
# reduced: jena_climate_2009_2016.csv (420,451 rows) replaced by make_jena_csv(), which writes a made-up CSV of 400 rows with the same header (Date Time and 14 columns; seeded sinusoids plus noise) to the scratch folder; data_dir (the notebook's folder in its author's home) -> './'; the row bounds 200000 / 200001 / 300000 / 300001 (training, validation and test splits, also in val_steps and test_steps) -> 121 / 122 / 258 / 259 and lookback 1440 -> 120, delay 144 -> 12, batch_size 128 -> 16 (step 6 kept: 20 steps per sample): the shuffled training generator then draws its rows from np.random.randint(120, 121), always row 120, and the validation generator yields the same 16 rows at every call (val_steps = 1), because tf-keras reads a generator through a prefetching tf.data iterator that it drops after each fit (and after each epoch's validation_steps), losing a number of batches that depends on thread timing (see enriqueav_lstm_lyrics_embedding), so the batches a later fit or epoch gets from the shared train_gen / val_gen would otherwise differ between runs; the mean / std over float_data[:200000] -> [:121]; steps_per_epoch 500 -> 2, epochs 20 / 40 -> 2; GRU widths 32 / 64 -> 8; dropout / recurrent_dropout -> 0.0 (random masks cannot match); cell 19 (`np.mean(np.abs(preds - targets))`, a formula shown in the text: preds is undefined) and the matplotlib cells dropped; the IMDB download (imdb.load_data) replaced by 40 made-up reviews of 5 to 30 ids below max_features; max_features 10000 -> 100, maxlen 500 -> 20, Embedding 128 / 32 -> 8, LSTM 32 -> 8, epochs 10 -> 2 (validation_split=0.2 leaves 32 training rows, one batch of 128, so fit's shuffling cannot change the result); `keras.__version__` printed
import keras
print(keras.__version__)

import numpy as np


def make_jena_csv(fname, rows=400):
    rng = np.random.RandomState(11)
    header = ['"Date Time"', '"p (mbar)"', '"T (degC)"', '"Tpot (K)"', '"Tdew (degC)"', '"rh (%)"',
              '"VPmax (mbar)"', '"VPact (mbar)"', '"VPdef (mbar)"', '"sh (g/kg)"', '"H2OC (mmol/mol)"',
              '"rho (g/m**3)"', '"wv (m/s)"', '"max. wv (m/s)"', '"wd (deg)"']
    t = np.arange(rows)
    columns = [np.round(10 * (k + 1) + (3 + k) * np.sin(2 * np.pi * t / (60 + 7 * k)) + rng.normal(size=rows), 2)
               for k in range(14)]
    lines = [','.join(header)]
    for i in range(rows):
        lines.append('%02d.01.2009 %02d:%02d:00,' % (1 + i // 144, (i // 6) % 24, 10 * (i % 6))
                     + ','.join('%.2f' % c[i] for c in columns))
    with open(fname, 'w') as f:
        f.write('\n'.join(lines))


make_jena_csv('jena_climate_2009_2016.csv')

import os

data_dir = './'
fname = os.path.join(data_dir, 'jena_climate_2009_2016.csv')

f = open(fname)
data = f.read()
f.close()

lines = data.split('\n')
header = lines[0].split(',')
lines = lines[1:]

print(header)
print(len(lines))

import numpy as np

float_data = np.zeros((len(lines), len(header) - 1))
for i, line in enumerate(lines):
    values = [float(x) for x in line.split(',')[1:]]
    float_data[i, :] = values

mean = float_data[:121].mean(axis=0)
float_data -= mean
std = float_data[:121].std(axis=0)
float_data /= std

def generator(data, lookback, delay, min_index, max_index,
              shuffle=False, batch_size=128, step=6):
    if max_index is None:
        max_index = len(data) - delay - 1
    i = min_index + lookback
    while 1:
        if shuffle:
            rows = np.random.randint(
                min_index + lookback, max_index, size=batch_size)
        else:
            if i + batch_size >= max_index:
                i = min_index + lookback
            rows = np.arange(i, min(i + batch_size, max_index))
            i += len(rows)

        samples = np.zeros((len(rows),
                           lookback // step,
                           data.shape[-1]))
        targets = np.zeros((len(rows),))
        for j, row in enumerate(rows):
            indices = range(rows[j] - lookback, rows[j], step)
            samples[j] = data[indices]
            targets[j] = data[rows[j] + delay][1]
        yield samples, targets

lookback = 120
step = 6
delay = 12
batch_size = 16

train_gen = generator(float_data,
                      lookback=lookback,
                      delay=delay,
                      min_index=0,
                      max_index=121,
                      shuffle=True,
                      step=step, 
                      batch_size=batch_size)
val_gen = generator(float_data,
                    lookback=lookback,
                    delay=delay,
                    min_index=122,
                    max_index=258,
                    step=step,
                    batch_size=batch_size)
test_gen = generator(float_data,
                     lookback=lookback,
                     delay=delay,
                     min_index=259,
                     max_index=None,
                     step=step,
                     batch_size=batch_size)

# This is how many steps to draw from `val_gen`
# in order to see the whole validation set:
val_steps = (258 - 122 - lookback) // batch_size

# This is how many steps to draw from `test_gen`
# in order to see the whole test set:
test_steps = (len(float_data) - 259 - lookback) // batch_size

def evaluate_naive_method():
    batch_maes = []
    for step in range(val_steps):
        samples, targets = next(val_gen)
        preds = samples[:, -1, 1]
        mae = np.mean(np.abs(preds - targets))
        batch_maes.append(mae)
    print(np.mean(batch_maes))
    
evaluate_naive_method()

from keras.models import Sequential
from keras import layers
from keras.optimizers import RMSprop

model = Sequential()
model.add(layers.Flatten(input_shape=(lookback // step, float_data.shape[-1])))
model.add(layers.Dense(8, activation='relu'))
model.add(layers.Dense(1))

model.compile(optimizer=RMSprop(), loss='mae')
history = model.fit_generator(train_gen,
                              steps_per_epoch=2,
                              epochs=2,
                              validation_data=val_gen,
                              validation_steps=val_steps)

from keras.models import Sequential
from keras import layers
from keras.optimizers import RMSprop

model = Sequential()
model.add(layers.GRU(8, input_shape=(None, float_data.shape[-1])))
model.add(layers.Dense(1))

model.compile(optimizer=RMSprop(), loss='mae')
history = model.fit_generator(train_gen,
                              steps_per_epoch=2,
                              epochs=2,
                              validation_data=val_gen,
                              validation_steps=val_steps)

from keras.models import Sequential
from keras import layers
from keras.optimizers import RMSprop

model = Sequential()
model.add(layers.GRU(8,
                     dropout=0.0,
                     recurrent_dropout=0.0,
                     input_shape=(None, float_data.shape[-1])))
model.add(layers.Dense(1))

model.compile(optimizer=RMSprop(), loss='mae')
history = model.fit_generator(train_gen,
                              steps_per_epoch=2,
                              epochs=2,
                              validation_data=val_gen,
                              validation_steps=val_steps)

from keras.models import Sequential
from keras import layers
from keras.optimizers import RMSprop

model = Sequential()
model.add(layers.GRU(8,
                     dropout=0.0,
                     recurrent_dropout=0.0,
                     return_sequences=True,
                     input_shape=(None, float_data.shape[-1])))
model.add(layers.GRU(8, activation='relu',
                     dropout=0.0, 
                     recurrent_dropout=0.0))
model.add(layers.Dense(1))

model.compile(optimizer=RMSprop(), loss='mae')
history = model.fit_generator(train_gen,
                              steps_per_epoch=2,
                              epochs=2,
                              validation_data=val_gen,
                              validation_steps=val_steps)

def reverse_order_generator(data, lookback, delay, min_index, max_index,
                            shuffle=False, batch_size=128, step=6):
    if max_index is None:
        max_index = len(data) - delay - 1
    i = min_index + lookback
    while 1:
        if shuffle:
            rows = np.random.randint(
                min_index + lookback, max_index, size=batch_size)
        else:
            if i + batch_size >= max_index:
                i = min_index + lookback
            rows = np.arange(i, min(i + batch_size, max_index))
            i += len(rows)

        samples = np.zeros((len(rows),
                           lookback // step,
                           data.shape[-1]))
        targets = np.zeros((len(rows),))
        for j, row in enumerate(rows):
            indices = range(rows[j] - lookback, rows[j], step)
            samples[j] = data[indices]
            targets[j] = data[rows[j] + delay][1]
        yield samples[:, ::-1, :], targets
        
train_gen_reverse = reverse_order_generator(
    float_data,
    lookback=lookback,
    delay=delay,
    min_index=0,
    max_index=121,
    shuffle=True,
    step=step, 
    batch_size=batch_size)
val_gen_reverse = reverse_order_generator(
    float_data,
    lookback=lookback,
    delay=delay,
    min_index=122,
    max_index=258,
    step=step,
    batch_size=batch_size)

model = Sequential()
model.add(layers.GRU(8, input_shape=(None, float_data.shape[-1])))
model.add(layers.Dense(1))

model.compile(optimizer=RMSprop(), loss='mae')
history = model.fit_generator(train_gen_reverse,
                              steps_per_epoch=2,
                              epochs=2,
                              validation_data=val_gen_reverse,
                              validation_steps=val_steps)

# --- made-up reviews in place of imdb.load_data ---
def load_made_up_imdb(num_words, n=40, seed=3):
    rng = np.random.RandomState(seed)
    def reviews():
        return [list(rng.randint(1, num_words, size=rng.randint(5, 31))) for _ in range(n)]
    x_train, x_test = reviews(), reviews()
    y_train, y_test = rng.randint(0, 2, size=n), rng.randint(0, 2, size=n)
    return (x_train, y_train), (x_test, y_test)

from keras.datasets import imdb
from keras.preprocessing import sequence
from keras import layers
from keras.models import Sequential

# Number of words to consider as features
max_features = 100
# Cut texts after this number of words (among top max_features most common words)
maxlen = 20

# Load data
(x_train, y_train), (x_test, y_test) = load_made_up_imdb(num_words=max_features)

# Reverse sequences
x_train = [x[::-1] for x in x_train]
x_test = [x[::-1] for x in x_test]

# Pad sequences
x_train = sequence.pad_sequences(x_train, maxlen=maxlen)
x_test = sequence.pad_sequences(x_test, maxlen=maxlen)

model = Sequential()
model.add(layers.Embedding(max_features, 8))
model.add(layers.LSTM(8))
model.add(layers.Dense(1, activation='sigmoid'))

model.compile(optimizer='rmsprop',
              loss='binary_crossentropy',
              metrics=['acc'])
history = model.fit(x_train, y_train,
                    epochs=2,
                    batch_size=128,
                    validation_split=0.2)

from keras import backend as K
K.clear_session()

model = Sequential()
model.add(layers.Embedding(max_features, 8))
model.add(layers.Bidirectional(layers.LSTM(8)))
model.add(layers.Dense(1, activation='sigmoid'))

model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc'])
history = model.fit(x_train, y_train, epochs=2, batch_size=128, validation_split=0.2)

from keras.models import Sequential
from keras import layers
from keras.optimizers import RMSprop

model = Sequential()
model.add(layers.Bidirectional(
    layers.GRU(8), input_shape=(None, float_data.shape[-1])))
model.add(layers.Dense(1))

model.compile(optimizer=RMSprop(), loss='mae')
history = model.fit_generator(train_gen,
                              steps_per_epoch=2,
                              epochs=2,
                              validation_data=val_gen,
                              validation_steps=val_steps)
