# source: dafrie/lstm-load-forecasting lstm_load_forecasting/lstm.py (generate_combinations, create_model, train_model in 'fit' mode, evaluate_model, get_predictions) with the model cells of "[ 5 ] Weather & Calendar.ipynb" (D. Friedli's widely forked master thesis code "Electricity load forecasting with LSTMs": Swiss hourly load from weather and calendar features, a grid of stacked stateful LSTMs, each trained, saved to HDF5, the best reloaded with load_model and scored on the test split)
# commit: 0ceb1944fdd96446650f9b7c4f2dad7b685439bf
# keras: tf_keras
# exercises: `import keras as keras`, `from keras.models import Sequential`, `from keras.layers import Activation, Dense, Dropout, LSTM`, `from keras.callbacks import TensorBoard, EarlyStopping`, `from keras.models import load_model`; a Sequential built in a loop over layer dicts: the first LSTM(cells, input_shape=(sample_size, timesteps, features), batch_input_shape=(batch_size, timesteps, features), return_sequences, stateful=True) (both shapes given, batch_input_shape wins), later LSTM(cells, return_sequences, stateful=True), Dropout only when > 0, Dense(1); compile(loss='mse', optimizer='adam', metrics=['mae']); keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0.006, patience=2, verbose, mode='auto'); fit(shuffle=False, x reshaped to (N, timesteps, features), y, validation_split=effective_split computed so both splits are whole batches, batch_size, epochs, verbose, callbacks=[early_stop]) on stateful layers (validation batches run through the same stateful model); history.history['loss'/'val_loss'/'mae'/'val_mae'] with np.min / np.argmin; model.save(name + '.h5'); later load_model(filename) of each saved model, evaluate(X, y, batch_size=batch_size, verbose, sample_weight=None) unpacked as loss, mae; model.reset_states(); predict(X, batch_size=batch_size, verbose)
# reduced: the ENTSO-E / MeteoSwiss standardized dataset (data.load_data, pandas) replaced by made-up standardized hourly features (numpy: 6 columns, 200 hours, the load a noisy function of them), split 0.8 / 0.2 with numpy slicing (160 / 40 rows); the grid cells [[10..150], [0..100], [0..50]] x dropout [0, 0.1, 0.2] x batch_size [8, 16, 64] (1080 models) -> cells [[8], [0, 4]] x dropout [0] x batch_size [8, 16] (4 models; dropout 0 so no random masks), epochs 50 -> 3, verbose 0 -> 1 for the fits; the results DataFrame and csv files replaced by a list of dicts and top_models by sorting it on valid_mae (pandas is not installed where the corpus runs); plot_history (matplotlib pgf output) left out; `print(tabulate(...))` kept with a small stand-in tabulate (the package is not installed); history keys 'mean_absolute_error' / 'val_mean_absolute_error' (Keras 2.0's names) -> 'mae' / 'val_mae' (the names tf-keras gives metrics=['mae']; with the old names every model hits the notebook's `except BaseException` and nothing is saved); `from keras.utils import np_utils` dropped (gone from tf-keras, unused); the try/except BaseException kept; logging / IPython / figure-size cells and the destandardised plots left out (the MAE/MSE of the reloaded best model's predictions computed with numpy)
import os
import sys
import math
import itertools
import time as t
import numpy as np
from numpy import newaxis

import math
import keras as keras
from keras.models import Sequential
from keras.layers import Activation, Dense, Dropout, LSTM
from keras.callbacks import TensorBoard, EarlyStopping
from keras.models import load_model


def tabulate(rows, **kwargs):  # stand-in for tabulate.tabulate
    return '\n'.join('| ' + ' | '.join(str(c) for c in row) + ' |' for row in rows)


# ---- lstm_load_forecasting/lstm.py ----
def generate_combinations(model_name=None, layer_conf=None, cells=None, dropout=None, batch_size=None, timesteps=None):
    models = []

    layer_comb = list(itertools.product(*cells))
    configs = [layer_comb, dropout, batch_size, timesteps]
    combinations = list(itertools.product(*configs))

    for ix, comb in enumerate(combinations):
        m_name = model_name
        m_name += str(ix+1)

        # Now the list of layers needs to be generated
        layers = []
        for idx, level in enumerate(comb[0]):

            return_sequence = True
            # Inner loop, to check if all later layers have cell-sizes of 0.
            if all(size == 0 for size in comb[0][idx+1:]) == True:
                return_sequence = False
            if (idx+1) == len(comb[0]):
                return_sequence = False
            if level > 0:
                layers.append({'type': 'lstm', 'cells': level, 'dropout': comb[1],
                               'stateful': layer_conf[idx], 'ret_seq': return_sequence })
                m_name += '_l-' + str(level)

        # Add dropout identifier to name
        if comb[1] > 0:
            m_name += '_d-' + str(comb[1])
        # Add model config
        model_config = {
            'name': m_name,
            'layers': layers,
            'batch_size': comb[2],
            'timesteps': comb[3]
        }
        models.append(model_config)

    print('==================================')
    print(tabulate([
        ['Number of model configs generated', len(combinations)]],
        tablefmt="jira", numalign="right", floatfmt=".3f"))

    return models


def create_model(layers=None, sample_size=None, batch_size=1, timesteps=1, features=None, loss='mse', optimizer='adam'):
    model = Sequential()
    # For all configured layers

    for idx, l in enumerate(layers):
        if idx == 0:
            model.add(LSTM(l["cells"],
                           input_shape=(sample_size,timesteps,features),
                           batch_input_shape=(batch_size,timesteps,features),
                           return_sequences=l["ret_seq"],
                           stateful=l["stateful"],# TODO: Could actually set to True always
                          )
                     )
        # Only add additional layers, if cell is > 0
        elif idx > 0 and l["cells"] > 0:
            model.add(LSTM(l["cells"], return_sequences=l["ret_seq"], stateful=l["stateful"]))
        # Add dropout.
        if l['dropout'] > 0:
            model.add(Dropout(l['dropout']))
    model.add(Dense(1))
    #model.add(Activation('tanh'))
    model.compile(loss=loss, optimizer=optimizer, metrics=['mae'])

    return model


def train_model(model=None, y=None, X=None, mode='train_on_batch', batch_size=1, timesteps=1,
                epochs=1, rearrange=False, verbose=0, validation_split=0.1, early_stopping=True):
    # Set clock
    start_time = t.time()
    stopper = t.time()

    if early_stopping:
        early_stop = keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0.006, patience=2,
                                                   verbose=verbose, mode='auto')
    else:
        early_stop = keras.callbacks.Callback()

    if mode == 'fit':

        max_batch_count = int(X.shape[0] / batch_size)
        train_quotient = ((1-validation_split) * X.shape[0]) / batch_size
        valid_quotient = (X.shape[0] * validation_split) / batch_size
        train_count = int(train_quotient)
        valid_count = int(valid_quotient)

        # If a whole batch got "lost" by double rounding, then lets add it back to the one which was closer to a "full" batch.
        if train_count + valid_count < max_batch_count:
            if (train_quotient - train_count) > (valid_quotient - valid_count):
                train_count += 1
            else:
                valid_count += 1

        effective_split = valid_count / max_batch_count

        X_train = X[0:max_batch_count*batch_size]
        y_train = y[0:max_batch_count*batch_size]

        if (max_batch_count * batch_size) < (X.shape[0]) and verbose > 0:
            print('Warnining: Division "sample_size/batch_size" not a natural number.')
            print('Dropped the last {} of {} number of obs.'.format(X.shape[0] - max_batch_count*batch_size, X.shape[0]))
            print('Effective validation split now is: {0:0.3f}'.format(effective_split))

        # Fitting the model. Keras function
        history = model.fit(
            shuffle=False,
            x=np.reshape(np.array(X_train), (X_train.shape[0], timesteps, X_train.shape[1])),
            y=y_train,
            validation_split=effective_split,
            batch_size=batch_size, epochs=epochs, verbose=verbose, callbacks=[early_stop]
        )

    else:
        raise ValueException("The mode '{}' was invalid. Must be either fit or train_on_batch".format(mode))

    return history


def evaluate_model(model=None, X=None, y=None, batch_size=1, timesteps=None, verbose=0):

    max_batch_count = int(X.shape[0] / batch_size)

    if (max_batch_count * batch_size) < (X.shape[0]) and verbose > 0:
        print('Warnining: Division "sample_size/batch_size" not a natural number.')
        print('Dropped the last {} of {} number of obs.'.format(X.shape[0] - max_batch_count*batch_size, X.shape[0]))

    X = X[0:max_batch_count*batch_size]
    y = y[0:max_batch_count*batch_size]
    X = np.reshape(np.array(X), (X.shape[0], timesteps, X.shape[1]))
    test_loss, test_mae = model.evaluate(X, y, batch_size=batch_size, verbose=verbose, sample_weight=None)

    return test_loss, test_mae


def get_predictions(model=None, X=None, batch_size=1, timesteps=1, verbose=0):

    max_batch_count = int(X.shape[0] / batch_size)

    if (max_batch_count * batch_size) < (X.shape[0]) and verbose > 0:
        print('Warnining: Division "sample_size/batch_size" not a natural number.')
        print('Dropped the last {} of {} number of obs.'.format(X.shape[0] - max_batch_count*batch_size, X.shape[0]))

    X = X[0:max_batch_count*batch_size]
    X = np.reshape(np.array(X), (X.shape[0], timesteps, X.shape[1]))
    predictions = model.predict(X, batch_size=batch_size, verbose=verbose)

    return predictions


# ---- [ 5 ] Weather & Calendar.ipynb ----
features = ['weather_t', 'weather_i', 'holiday', 'weekday', 'hour', 'month']

splits = [0.8]
validation_split = 0.2

epochs = 3
verbose = 1

model_name = 'model5_'
model_dir = 'models/notebook_05/'
os.makedirs(model_dir, exist_ok=True)
results = []

# data.load_data(typ='standardized', ...) and data.split_series(..., splits=splits): made-up hours
rng = np.random.RandomState(5)
hours = np.arange(200)
df_X = np.stack([np.sin(2 * np.pi * hours / 24), rng.randn(200), (hours // 24 % 7 == 6).astype(float),
                 (hours // 24 % 7 - 3) / 2, (hours % 24 - 11.5) / 7, np.zeros(200)], axis=1)
df_y = (0.8 * df_X[:, [0]] - 0.3 * df_X[:, [2]] + 0.2 * df_X[:, [1]] + 0.1 * rng.randn(200, 1))
df_bench = df_y + 0.2 * rng.randn(200, 1)
cut = int(200 * splits[0])

X_train = df_X[:cut]
X_test = df_X[cut:]

y_train = df_y[:cut]
y_test = df_y[cut:]

benchmark_test = df_bench[cut:]

layer_conf = [ True, True, True ]

cells = [[ 8 ], [0, 4]]
dropout = [0]
batch_size = [8, 16]
timesteps = [1]

models = []
models = generate_combinations(
    model_name=model_name, layer_conf=layer_conf, cells=cells, dropout=dropout,
    batch_size=batch_size, timesteps=timesteps)

start_time = t.time()
for idx, m in enumerate(models):
    stopper = t.time()
    print('========================= Model {}/{} ========================='.format(idx+1, len(models)))
    print(tabulate([['Starting with model', m['name']]],
                   tablefmt="jira", numalign="right", floatfmt=".3f"))
    try:
        # Creating the Keras Model
        model = create_model(layers=m['layers'], sample_size=X_train.shape[0], batch_size=m['batch_size'],
                          timesteps=m['timesteps'], features=X_train.shape[1])
        # Training...
        history = train_model(model=model, mode='fit', y=y_train, X=X_train,
                                   batch_size=m['batch_size'], timesteps=m['timesteps'], epochs=epochs,
                                   rearrange=False, validation_split=validation_split, verbose=verbose)

        # Write results
        min_loss = np.min(history.history['val_loss'])
        min_idx = np.argmin(history.history['val_loss'])
        min_epoch = min_idx + 1

        print('______________________________________________________________________')
        print(tabulate([['Minimum validation loss at epoch', min_epoch],
                        ['Training loss & MAE', history.history['loss'][min_idx], history.history['mae'][min_idx]  ],
                        ['Validation loss & mae', history.history['val_loss'][min_idx], history.history['val_mae'][min_idx] ],
                       ], tablefmt="jira", numalign="right", floatfmt=".3f"))

        result = [{'model_name': m['name'], 'config': m, 'train_loss': history.history['loss'][min_idx], 'train_rmse': 0,
                   'train_mae': history.history['mae'][min_idx], 'train_mape': 0,
                   'valid_loss': history.history['val_loss'][min_idx], 'valid_rmse': 0,
                   'valid_mae': history.history['val_mae'][min_idx],'valid_mape': 0,
                   'epochs': '{}/{}'.format(min_epoch, epochs), 'batch_train':m['batch_size'],
                   'input_shape':(X_train.shape[0], timesteps, X_train.shape[1]),
                   'splits':splits, 'dropout': m['layers'][0]['dropout']
                  }]
        results = results + result

        # Saving the weights
        model.save(model_dir + m['name'] + '.h5')

    # Shouldn't catch all errors, but for now...
    except BaseException as e:
        print('=============== ERROR {}/{} ============='.format(idx+1, len(models)))
        print(tabulate([['Model:', m['name']], ['Config:', m]], tablefmt="jira", numalign="right", floatfmt=".3f"))
        print('Error: {}'.format(e))
        result = [{'model_name': m['name'], 'config': m, 'train_loss': str(e)}]
        results = results + result
        continue

selection = 2
top_models = sorted([r for r in results if 'valid_mae' in r], key=lambda r: r['valid_mae'])[:selection]

mse_entsoe = np.mean((y_test - benchmark_test) ** 2)
mae_entsoe = np.mean(np.abs(y_test - benchmark_test))

predictions = {}
test_results = []

for row in top_models:
    filename = model_dir + row['model_name'] + '.h5'
    model = load_model(filename)
    batch_size = int(row['batch_train'])

    # Calculate scores
    loss, mae = evaluate_model(model=model, X=X_test, y=y_test, batch_size=batch_size, timesteps=1, verbose=verbose)

    # Store results
    test_results.append({'Model name': row['model_name'],
               'Mean squared error': loss, 'Mean absolute error': mae,
               'Diff. MAE': mae - mae_entsoe, 'Diff. MSE': loss - mse_entsoe
              })

    # Generate predictions
    model.reset_states()
    model_predictions = get_predictions(model=model, X=X_test, batch_size=batch_size, timesteps=timesteps[0], verbose=verbose)

    predictions[row['model_name']] = model_predictions

test_results = sorted(test_results, key=lambda r: r['Mean absolute error'])
print(test_results)

best_model = test_results[0]['Model name']
size = predictions[best_model].shape[0]
print('best', best_model, np.mean((y_test[0:size] - predictions[best_model]) ** 2),
      np.mean(np.abs(y_test[0:size] - predictions[best_model])))
