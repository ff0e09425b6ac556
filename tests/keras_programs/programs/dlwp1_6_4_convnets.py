# source: fchollet/deep-learning-with-python-notebooks first_edition/6.4-sequence-processing-with-convnets.ipynb (F. Chollet, "Deep Learning with Python", 1st ed., section 6.4: a 1D convnet on IMDB, then on the Jena climate series with fit_generator, and Conv1D followed by a GRU on finer steps; code cells in order)
# commit: dea84a4e12cc3bb3cb61ce952a0168bca113d315
# keras: tf_keras
# exercises: `import keras`, `from keras.datasets import imdb`, `from keras.preprocessing import sequence`, `from keras.models import Sequential`, `from keras import layers`, `from keras.optimizers import RMSprop`; sequence.pad_sequences(maxlen); Embedding(input_length=max_len) + Conv1D(relu) + MaxPooling1D(5) + Conv1D + GlobalMaxPooling1D + Dense(1) (no activation) trained with binary_crossentropy (tf-keras's form, log(p + eps): an output clipped to eps costs log 2 less than in Keras 3), metrics=['acc'], RMSprop(learning_rate=1e-4), fit(batch_size=128, validation_split=0.2), summary(); the Jena CSV read by hand and normalised; a Python generator (np.random.randint rows or a cycling index) with fit_generator(steps_per_epoch, validation_data=generator, validation_steps); Conv1D(input_shape=(None, F)) + MaxPooling1D(3) stacks + GlobalMaxPooling1D + Dense(1), loss='mae'; generators re-made with step=3 and default batch_size; Conv1D + MaxPooling1D + Conv1D + GRU(dropout, recurrent_dropout) + Dense(1)
# reduced: the IMDB download (imdb.load_data) replaced by 40 made-up reviews of 20 to 60 ids below max_features; max_features 10000 -> 100, max_len 500 -> 50 (Conv1D 7 / MaxPooling1D(5) / Conv1D 7 leave 2 steps), Embedding 128 -> 8, Conv1D filters 32 -> 8, epochs 10 -> 2 (validation_split=0.2 leaves 32 training rows, one batch of 128, so fit's shuffling cannot change the result); jena_climate_2009_2016.csv replaced by make_jena_csv(), a made-up CSV of 1250 rows with the same header (Date Time and 14 columns; seeded sinusoids plus noise) written to the scratch folder, data_dir (the notebook's folder in its author's home) -> './'; the row bounds 200000 / 200001 / 300000 / 300001 (also in val_steps and test_steps) -> 385 / 386 / 786 / 787, lookback 1440 -> 384 (and 720 -> 384 in the step=3 cell), delay 144 -> 12, batch_size 128 -> 16 (and the step=3 cell's default 128 and `// 128` -> batch_size=16 passed to the generators and `// 16`): the shuffled training generator then draws its rows from np.random.randint(240, 385), always row 240, and the validation generator yields the same 16 rows at every call (val_steps = 1), because tf-keras reads a generator through a prefetching tf.data iterator that it drops after each fit (and after each epoch's validation_steps), losing a number of batches that depends on thread timing (see enriqueav_lstm_lyrics_embedding), so the batches a later fit or epoch gets from the shared generators would otherwise differ between runs; the mean / std over float_data[:200000] -> [:385]; steps_per_epoch 500 -> 2, epochs 20 -> 2; GRU 32 -> 8 with dropout=0.1, recurrent_dropout=0.5 -> 0.0 (random masks cannot match); RMSprop(lr=1e-4) -> RMSprop(learning_rate=1e-4) (tf-keras 2.21 warns that `lr` is deprecated and trains at the default 0.001; statefulrnn takes lr as Keras 2 did: README, "Where we differ from Keras"); the matplotlib cells dropped; `keras.__version__` printed
import keras
print(keras.__version__)

import numpy as np


def load_made_up_imdb(num_words, n=40, seed=3):
    rng = np.random.RandomState(seed)
    def reviews():
        return [list(rng.randint(1, num_words, size=rng.randint(20, 61))) for _ in range(n)]
    x_train, x_test = reviews(), reviews()
    y_train, y_test = rng.randint(0, 2, size=n), rng.randint(0, 2, size=n)
    return (x_train, y_train), (x_test, y_test)


def make_jena_csv(fname, rows=1250):
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


from keras.datasets import imdb
from keras.preprocessing import sequence

max_features = 100  # number of words to consider as features
max_len = 50  # cut texts after this number of words (among top max_features most common words)

print('Loading data...')
(x_train, y_train), (x_test, y_test) = load_made_up_imdb(num_words=max_features)
print(len(x_train), 'train sequences')
print(len(x_test), 'test sequences')

print('Pad sequences (samples x time)')
x_train = sequence.pad_sequences(x_train, maxlen=max_len)
x_test = sequence.pad_sequences(x_test, maxlen=max_len)
print('x_train shape:', x_train.shape)
print('x_test shape:', x_test.shape)

from keras.models import Sequential
from keras import layers
from keras.optimizers import RMSprop

model = Sequential()
model.add(layers.Embedding(max_features, 8, input_length=max_len))
model.add(layers.Conv1D(8, 7, activation='relu'))
model.add(layers.MaxPooling1D(5))
model.add(layers.Conv1D(8, 7, activation='relu'))
model.add(layers.GlobalMaxPooling1D())
model.add(layers.Dense(1))

model.summary()

model.compile(optimizer=RMSprop(learning_rate=1e-4),
              loss='binary_crossentropy',
              metrics=['acc'])
history = model.fit(x_train, y_train,
                    epochs=2,
                    batch_size=128,
                    validation_split=0.2)

# We reuse the following variables defined in the last section:
# float_data, train_gen, val_gen, val_steps

make_jena_csv('jena_climate_2009_2016.csv')

import os
import numpy as np

data_dir = './'
fname = os.path.join(data_dir, 'jena_climate_2009_2016.csv')

f = open(fname)
data = f.read()
f.close()

lines = data.split('\n')
header = lines[0].split(',')
lines = lines[1:]

float_data = np.zeros((len(lines), len(header) - 1))
for i, line in enumerate(lines):
    values = [float(x) for x in line.split(',')[1:]]
    float_data[i, :] = values
    
mean = float_data[:385].mean(axis=0)
float_data -= mean
std = float_data[:385].std(axis=0)
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
        
lookback = 384
step = 6
delay = 12
batch_size = 16

train_gen = generator(float_data,
                      lookback=lookback,
                      delay=delay,
                      min_index=0,
                      max_index=385,
                      shuffle=True,
                      step=step, 
                      batch_size=batch_size)
val_gen = generator(float_data,
                    lookback=lookback,
                    delay=delay,
                    min_index=386,
                    max_index=786,
                    step=step,
                    batch_size=batch_size)
test_gen = generator(float_data,
                     lookback=lookback,
                     delay=delay,
                     min_index=787,
                     max_index=None,
                     step=step,
                     batch_size=batch_size)

# This is how many steps to draw from `val_gen`
# in order to see the whole validation set:
val_steps = (786 - 386 - lookback) // batch_size

# This is how many steps to draw from `test_gen`
# in order to see the whole test set:
test_steps = (len(float_data) - 787 - lookback) // batch_size

from keras.models import Sequential
from keras import layers
from keras.optimizers import RMSprop

model = Sequential()
model.add(layers.Conv1D(8, 5, activation='relu',
                        input_shape=(None, float_data.shape[-1])))
model.add(layers.MaxPooling1D(3))
model.add(layers.Conv1D(8, 5, activation='relu'))
model.add(layers.MaxPooling1D(3))
model.add(layers.Conv1D(8, 5, activation='relu'))
model.add(layers.GlobalMaxPooling1D())
model.add(layers.Dense(1))

model.compile(optimizer=RMSprop(), loss='mae')
history = model.fit_generator(train_gen,
                              steps_per_epoch=2,
                              epochs=2,
                              validation_data=val_gen,
                              validation_steps=val_steps)

# This was previously set to 6 (one point per hour).
# Now 3 (one point per 30 min).
step = 3
lookback = 384  # Unchanged
delay = 12 # Unchanged

train_gen = generator(float_data,
                      lookback=lookback,
                      delay=delay,
                      min_index=0,
                      max_index=385,
                      shuffle=True,
                      step=step, batch_size=16)
val_gen = generator(float_data,
                    lookback=lookback,
                    delay=delay,
                    min_index=386,
                    max_index=786,
                    step=step, batch_size=16)
test_gen = generator(float_data,
                     lookback=lookback,
                     delay=delay,
                     min_index=787,
                     max_index=None,
                     step=step, batch_size=16)
val_steps = (786 - 386 - lookback) // 16
test_steps = (len(float_data) - 787 - lookback) // 16

model = Sequential()
model.add(layers.Conv1D(8, 5, activation='relu',
                        input_shape=(None, float_data.shape[-1])))
model.add(layers.MaxPooling1D(3))
model.add(layers.Conv1D(8, 5, activation='relu'))
model.add(layers.GRU(8, dropout=0.0, recurrent_dropout=0.0))
model.add(layers.Dense(1))

model.summary()

model.compile(optimizer=RMSprop(), loss='mae')
history = model.fit_generator(train_gen,
                              steps_per_epoch=2,
                              epochs=2,
                              validation_data=val_gen,
                              validation_steps=val_steps)
