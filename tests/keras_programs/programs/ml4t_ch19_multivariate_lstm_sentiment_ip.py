# source: stefan-jansen/machine-learning-for-trading 19_recurrent_neural_nets/04_multivariate_timeseries.ipynb (S. Jansen, "Machine Learning for Algorithmic Trading", 2nd ed., Packt 2020, chapter 19 "RNNs for Multivariate Time Series and Sentiment Analysis": forecasting two macro series at once, consumer sentiment and industrial production, from 18 months of both through an LSTM and two Dense layers; its code cells in order)
# commit: f652d79ab2f137d75d554af2cc437a5512b16069 (the last commit holding the 19_recurrent_neural_nets folder; the notebook last changed in c5738be99badc05a46777bc9f8900677a160091a)
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow.keras.callbacks import ModelCheckpoint, EarlyStopping`, `from tensorflow.keras.models import Sequential, Model`, `from tensorflow.keras.layers import Dense, LSTM`, `import tensorflow.keras.backend as K`; K.clear_session(); windows built with np.stack over a list of slices; Sequential([LSTM(units, input_shape=(window_size, n_features), name='LSTM', return_sequences=False), Dense(name='FC'), Dense(2, name='Output')]) (no activations: linear Dense); summary(); compile(loss='mae', optimizer='RMSProp') (an optimizer named by a capitalized string); ModelCheckpoint(filepath=*.h5, verbose=1, monitor='val_loss', mode='min', save_best_only=True); EarlyStopping(monitor='val_loss', patience=10, restore_best_weights=True); fit(epochs, batch_size=20, shuffle=False, validation_data, callbacks, verbose=1) on (n, 18, 2) windows and (n, 2) targets; history; predict(X_test); the mean absolute error of the two columns
# reduced: pandas, pandas_datareader, sklearn, seaborn and matplotlib (not installed in the test environments) dropped: the FRED download of UMCSENT and IPGMFN 1980-2019 replaced by 156 made-up months of both (numpy RandomState(42): a trend, a yearly wave and noise, positive), the DataFrame steps written with numpy on (rows, 2) arrays in the same column order (ip, sentiment): np.log(ip) and 12-month differences (diff(12) + dropna), sklearn's minmax_scale per column; create_multivariate_rnn_data returns arrays instead of DataFrames (y = data[window_size:]); df.head() / df.info() / the plots dropped, bare expression cells printed; the first cell's demo `df.values.reshape(-1, 12, 2).shape` kept on the made-up df; window_size 18 -> 6; test_size 24 -> 12; lstm_units 12 -> 6, dense_units 6 -> 4; LSTM dropout=.1, recurrent_dropout=.1 -> 0.0 (random masks cannot match); epochs 100 -> 3; sklearn's mean_absolute_error written with numpy
import warnings
warnings.filterwarnings('ignore')

from pathlib import Path
import numpy as np

import tensorflow as tf
from tensorflow.keras.callbacks import ModelCheckpoint, EarlyStopping
from tensorflow.keras.models import Sequential, Model
from tensorflow.keras.layers import Dense, LSTM
import tensorflow.keras.backend as K

np.random.seed(42)

results_path = Path('results', 'multivariate_time_series')
if not results_path.exists():
    results_path.mkdir(parents=True)

# made-up stand-in for web.DataReader(['UMCSENT', 'IPGMFN'], 'fred', '1980', '2019-12'): columns sentiment, ip
rng = np.random.RandomState(42)
t = np.arange(156)
sentiment = 85 + 10 * np.sin(2 * np.pi * t / 60) + 3 * rng.normal(size=156)
ip = 60 + 0.2 * t + 4 * np.sin(2 * np.pi * t / 12) + rng.normal(size=156)
df = np.stack([sentiment, ip], axis=1)
print(df.shape)

# pd.DataFrame({'ip': np.log(df.ip).diff(12), 'sentiment': df.sentiment.diff(12)}).dropna()
df_transformed = np.stack([np.log(df[:, 1])[12:] - np.log(df[:, 1])[:-12],
                           df[:, 0][12:] - df[:, 0][:-12]], axis=1)

# df_transformed.apply(minmax_scale)
df_transformed = (df_transformed - df_transformed.min(axis=0)) / (df_transformed.max(axis=0) - df_transformed.min(axis=0))

print(df.reshape(-1, 12, 2).shape)

def create_multivariate_rnn_data(data, window_size):
    y = data[window_size:]
    n = data.shape[0]
    X = np.stack([data[i: j] 
                  for i, j in enumerate(range(window_size, n))], axis=0)
    return X, y

window_size = 6

X, y = create_multivariate_rnn_data(df_transformed, window_size=window_size)

print(X.shape, y.shape)

print(df_transformed[:5])

test_size =12
train_size = X.shape[0]-test_size

X_train, y_train = X[:train_size], y[:train_size]
X_test, y_test = X[train_size:], y[train_size:]

print(X_train.shape, X_test.shape)

K.clear_session()

n_features = output_size = 2

lstm_units = 6
dense_units = 4

rnn = Sequential([
    LSTM(units=lstm_units,
         dropout=0.0,
         recurrent_dropout=0.0,
         input_shape=(window_size, n_features), name='LSTM',
         return_sequences=False),
    Dense(dense_units, name='FC'),
    Dense(output_size, name='Output')
])

rnn.summary()

rnn.compile(loss='mae', optimizer='RMSProp')

lstm_path = (results_path / 'lstm.h5').as_posix()

checkpointer = ModelCheckpoint(filepath=lstm_path,
                               verbose=1,
                               monitor='val_loss',
                               mode='min',
                               save_best_only=True)

early_stopping = EarlyStopping(monitor='val_loss', 
                              patience=10,
                              restore_best_weights=True)

result = rnn.fit(X_train,
                 y_train,
                 epochs=3,
                 batch_size=20,
                 shuffle=False,
                 validation_data=(X_test, y_test),
                 callbacks=[early_stopping, checkpointer],
                 verbose=1)

print(result.history)

y_pred = rnn.predict(X_test)
print(y_pred.shape)

test_mae = np.mean(np.abs(y_pred - y_test))

print(test_mae)
