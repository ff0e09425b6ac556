# source: stefan-jansen/machine-learning-for-trading 19_recurrent_neural_nets/01_univariate_time_series_regression.ipynb (S. Jansen, "Machine Learning for Algorithmic Trading", 2nd ed., Packt 2020, chapter 19 "RNNs for Multivariate Time Series and Sentiment Analysis": forecasting the S&P 500 index one day ahead from 63 min-max scaled days with an LSTM(10) + Dense(1) trained with RMSprop, checkpointing and early stopping, then scored by RMSE and rank correlation in scaled and original units; its code cells in order)
# commit: f652d79ab2f137d75d554af2cc437a5512b16069 (the last commit holding the 19_recurrent_neural_nets folder; the notebook last changed in c5738be99badc05a46777bc9f8900677a160091a)
# keras: tf_keras
# exercises: `import tensorflow as tf`, `from tensorflow.keras.callbacks import ModelCheckpoint, EarlyStopping`, `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.layers import Dense, LSTM`, `from tensorflow import keras`; windows built with np.hstack over shifted slices and reshaped to (n, window, 1); Sequential([LSTM(units=10, input_shape=(window_size, n_features), name='LSTM'), Dense(1, name='Output')]); summary(); keras.optimizers.RMSprop(lr=0.001, rho=0.9, epsilon=1e-08) (Keras 2's lr keyword); compile(loss='mean_squared_error', optimizer=optimizer); ModelCheckpoint(filepath=*.h5, verbose=1, monitor='val_loss', save_best_only=True); EarlyStopping(monitor='val_loss', patience=20, restore_best_weights=True); fit(epochs, batch_size=20, validation_data, callbacks=[early_stopping, checkpointer], verbose=1) with 1-D targets; np.sqrt(evaluate(verbose=0)) on train and test; predict on train and test; scipy spearmanr of targets and (n, 1) predictions; inverse min-max scaling and RMSE in index points
# reduced: pandas, pandas_datareader, sklearn, seaborn and matplotlib (not installed in the test environments) dropped: the FRED download of SP500 2010-2020 replaced by 330 made-up trading days (numpy RandomState(42): a geometric random walk from 1100), held as a numpy column; MinMaxScaler written with numpy (fit_transform and inverse_transform on the column); create_univariate_rnn_data returns arrays (the same np.hstack of shifted slices); the date splits X[:'2018'] / X['2019'] as index ranges (the first 250 windows train, the next 50 test, the rest, "2020", unused as in the book); X.head() / y.head() / describe() / plots dropped, bare expressions printed; the GPU check dropped; RMSprop's decay=0.0 dropped (tf-keras 2.21's RMSprop refuses decay with a ValueError; it still takes lr, with a warning); window_size 63 -> 10; epochs 150 -> 3; shuffle=True -> False (tf-keras shuffles with TensorFlow's generator); sklearn's mean_squared_error written with numpy; the history DataFrame's rolling RMSE plot dropped (the history printed); the final sp500 DataFrame join / scatter / distplot cell dropped
import warnings
warnings.filterwarnings('ignore')

from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

import tensorflow as tf
from tensorflow.keras.callbacks import ModelCheckpoint, EarlyStopping
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, LSTM
from tensorflow import keras

np.random.seed(42)

results_path = Path('results', 'univariate_time_series')
if not results_path.exists():
    results_path.mkdir(parents=True)

# made-up stand-in for web.DataReader('SP500', 'fred', start='2010', end='2020').dropna()
rng = np.random.RandomState(42)
sp500 = (1100 * np.exp(np.cumsum(0.01 * rng.normal(size=330) + 0.0004))).reshape(-1, 1)


class MinMaxScaler(object):
    # sklearn's MinMaxScaler on one column, written with numpy
    def fit_transform(self, x):
        self.min_, self.max_ = x.min(axis=0), x.max(axis=0)
        return (x - self.min_) / (self.max_ - self.min_)

    def inverse_transform(self, x):
        return x * (self.max_ - self.min_) + self.min_


scaler = MinMaxScaler()

sp500_scaled = scaler.fit_transform(sp500).squeeze()
print(sp500_scaled.min(), sp500_scaled.max(), sp500_scaled.mean())

def create_univariate_rnn_data(data, window_size):
    n = len(data)
    y = data[window_size:]
    data = data.reshape(-1, 1) # make 2D
    X = np.hstack(tuple([data[i: n-j, :] for i, j in enumerate(range(window_size, 0, -1))]))
    return X, y

window_size = 10

X, y = create_univariate_rnn_data(sp500_scaled, window_size=window_size)

print(X[:5])
print(y[:5])
print(X.shape)

X_train = X[:250].reshape(-1, window_size, 1)
y_train = y[:250]

# keep the last year for testing
X_test = X[250:300].reshape(-1, window_size, 1)
y_test = y[250:300]

n_obs, window_size, n_features = X_train.shape

print(y_train.shape)

rnn = Sequential([
    LSTM(units=10, 
         input_shape=(window_size, n_features), name='LSTM'),
    Dense(1, name='Output')
])

rnn.summary()

optimizer = keras.optimizers.RMSprop(lr=0.001,
                                     rho=0.9,
                                     epsilon=1e-08)

rnn.compile(loss='mean_squared_error', 
            optimizer=optimizer)

rnn_path = (results_path / 'rnn.h5').as_posix()
checkpointer = ModelCheckpoint(filepath=rnn_path,
                               verbose=1,
                               monitor='val_loss',
                               save_best_only=True)

early_stopping = EarlyStopping(monitor='val_loss', 
                              patience=20,
                              restore_best_weights=True)

lstm_training = rnn.fit(X_train,
                        y_train,
                        epochs=3,
                        batch_size=20,
                        shuffle=False,
                        validation_data=(X_test, y_test),
                        callbacks=[early_stopping, checkpointer],
                        verbose=1)

print(lstm_training.history)

train_rmse_scaled = np.sqrt(rnn.evaluate(X_train, y_train, verbose=0))
test_rmse_scaled = np.sqrt(rnn.evaluate(X_test, y_test, verbose=0))
print(f'Train RMSE: {train_rmse_scaled:.4f} | Test RMSE: {test_rmse_scaled:.4f}')

train_predict_scaled = rnn.predict(X_train)
test_predict_scaled = rnn.predict(X_test)

train_ic = spearmanr(y_train, train_predict_scaled)[0]
test_ic = spearmanr(y_test, test_predict_scaled)[0]
print(f'Train IC: {train_ic:.4f} | Test IC: {test_ic:.4f}')

train_predict = scaler.inverse_transform(train_predict_scaled).squeeze()
test_predict = scaler.inverse_transform(test_predict_scaled).squeeze()

y_train_rescaled = scaler.inverse_transform(y_train.reshape(-1, 1)).squeeze()
y_test_rescaled = scaler.inverse_transform(y_test.reshape(-1, 1)).squeeze()

train_rmse = np.sqrt(np.mean((train_predict - y_train_rescaled) ** 2))
test_rmse = np.sqrt(np.mean((test_predict - y_test_rescaled) ** 2))
print(f'Train RMSE: {train_rmse:.2f} | Test RMSE: {test_rmse:.2f}')
