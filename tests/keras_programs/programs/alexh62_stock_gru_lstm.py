# source: AlexH62/stock_forecasting main.py, models/model.py, models/gru.py, models/lstm.py, utils.py (sequence, split), metrics.py and repository.py (generate_fake_data) (a student's stock-price forecasting comparison: stacked Keras 3 GRU and LSTM regressors over a lookback window, early stopping on validation loss, metrics on the inverse-scaled forecast)
# commit: a54fe5e187406eb3f552bc95ade26f4cc0a4766e
# keras: keras
# exercises: Keras 3 `from keras import Sequential`; a Model ABC whose subclasses GRU and LSTM each build a Sequential of depth-1 stacked GRU/LSTM(units, return_sequences=True), a last GRU/LSTM(units) and Dense(1) (an Input(shape=(lookback, 1)) added first, see reduced), Adam(learning_rate=1e-3), loss 'mse'; fit with validation_data and EarlyStopping(monitor='val_loss', min_delta=0, patience, restore_best_weights=True); model.summary(); the base class's predict windows the test series after the tail of train+val and calls model.predict; numpy RMSE/MAE/MAPE/R2
# reduced: the models' imports are `from keras.layers` / `keras.models` / `keras.optimizers` / `keras.callbacks` instead of `keras.api.layers` and so on (keras.api, public in Keras 3.0-3.3, is gone from the Keras 3.15 the references are recorded with); yfinance downloads of ten tickers replaced by the repository's own generate_fake_data (numpy) for two made-up tickers of 60 days; sklearn's RobustScaler replaced by a small class with its median / interquartile-range arithmetic; argparse replaced by fixed arguments (model type run in turn: gru, then lstm; depth 2 instead of the command line's; epochs 4; horizon 1); lookback 10 instead of 60 and 8 units instead of 512 (the 32 training windows are one batch of fit's default 32, so its shuffling cannot change the result); `self.model.add(Input(shape=(lookback, 1)))` added as each Sequential's first layer (the original is built by fit, after compile, where the harness hands both runs Keras's starting weights, so unbuilt its weights could not be matched); the transformer / NODE / ANODE / ODETransformer branches left out (the models' files are not Keras RNNs), the matplotlib plot and the results CSV left out
import numpy as np
from abc import ABC, abstractmethod

from keras import Sequential
from keras.layers import Input, Dense, GRU as KerasGRU, LSTM as KerasLSTM
from keras.optimizers import Adam
from keras.callbacks import EarlyStopping


class RobustScaler:
    def fit_transform(self, X):
        X = np.asarray(X, dtype=np.float64)
        self.center_ = np.median(X, axis=0)
        q75, q25 = np.percentile(X, [75, 25], axis=0)
        self.scale_ = q75 - q25
        return self.transform(X)

    def transform(self, X):
        return (np.asarray(X, dtype=np.float64) - self.center_) / self.scale_

    def inverse_transform(self, X):
        return np.asarray(X, dtype=np.float64) * self.scale_ + self.center_


# repository.py
# Useful utility to ensure models are working as expected
def generate_fake_data(length=300, mean=20, std_dev=2, trend=0.01, seasonality_amp=10, seasonality_period=50):
    time = np.arange(length)
    trend_component = trend * time
    seasonality_component = seasonality_amp * np.sin(2 * np.pi * time / seasonality_period)
    noise = np.random.normal(loc=mean, scale=std_dev, size=length)

    time_series = mean + trend_component + seasonality_component + noise

    return time_series


# utils.py
def split(data, validation=True):
    split_idx = int(0.7 * len(data))
    val_idx = int(0.85 * len(data))

    if validation:
        return data[:split_idx], data[split_idx:val_idx], data[val_idx:]

    return data[:val_idx], data[val_idx:]

def sequence(data, lookback=60, horizon=1):
    x, y = [], []
    i = 0
    end_idx = lookback
    y_idx = end_idx + horizon - 1

    while y_idx < len(data):
        x.append(data[i:end_idx])
        y.append(data[y_idx])
        end_idx += 1
        y_idx += 1
        i += 1

    x, y = np.array(x), np.array(y)
    x = x.reshape((x.shape[0], x.shape[1], 1))
    y = y.reshape((y.shape[0], 1))

    return x, y


# metrics.py
def print_RMSE(actual, predicted):
    rmse = np.sqrt(np.sum(np.square(actual - predicted)) / len(actual))
    print(f'RMSE: {rmse}')
    return rmse

def print_MAE(actual, predicted):
    mae = np.sum(np.abs(actual - predicted)) / len(actual)
    print(f'MAE: {mae}')
    return mae

def print_MAPE(actual, predicted):
    mape = np.sum(np.abs(np.divide(actual - predicted, actual))) / len(actual)
    print(f'MAPE: {mape}')
    return mape

def print_R2(actual, predicted):
    num = np.sum(np.square(actual - predicted))
    denom = np.sum(np.square(actual - np.mean(actual)))
    r2 = 1 - (num / denom)
    print(f'R Squared: {r2}')
    return r2

def print_all(actual, predicted):
    rmse = print_RMSE(actual, predicted)
    mae = print_MAE(actual, predicted)
    mape = print_MAPE(actual, predicted)
    r2 = print_R2(actual, predicted)

    return rmse, mae, mape, r2


# models/model.py
# Abstract base class for our models to implement, used to make training and testing smoother
class Model(ABC):
    def __init__(self):
        pass

    @abstractmethod
    def fit(self, train, val=None, depth=None, epochs=None, horizon=None):
        pass

    def predict(self, x):
        if hasattr(self, 'val'):
            pre_data = np.append(self.train, self.val)
        else:
            pre_data = self.train
        extended_data = np.append(pre_data[-self.lookback-self.horizon+1:], x)
        inp, _ = sequence(extended_data, self.lookback, self.horizon)
        out = self.model.predict(inp)
        return out


# models/gru.py
class GRU(Model):
    def __init__(self):
        self.name = "GRU"

    def fit(self, train, val=None, depth=10, epochs=200, lookback=30, horizon=1):
        self.train = train
        self.lookback = lookback
        self.horizon = horizon
        if val is not None:
            self.val = val

        x, y = sequence(train, lookback, horizon=horizon)
        if val is not None:
            extended_val = np.append(self.train[-self.lookback-self.horizon+1:], val)
            x_val, y_val = sequence(extended_val, lookback, horizon=horizon)

        self.model = Sequential()
        self.model.add(Input(shape=(lookback, 1)))
        for _ in range(depth-1):
            self.model.add(KerasGRU(8, return_sequences=True))
        self.model.add(KerasGRU(8))
        self.model.add(Dense(1))

        optimizer = Adam(learning_rate=1e-3)

        self.model.compile(optimizer=optimizer, loss='mse')

        if val is not None:
            early_stopping = EarlyStopping(
                                monitor='val_loss',
                                min_delta=0,
                                patience=10,
                                restore_best_weights=True
                            )
            self.model.fit(x, y, validation_data=(x_val, y_val), epochs=epochs, callbacks=[early_stopping])
        else:
            early_stopping = EarlyStopping(
                                monitor='val_loss',
                                min_delta=0,
                                patience=10,
                                restore_best_weights=True
                            )
            self.model.fit(x, y, epochs=epochs, callbacks=[early_stopping])

        self.model.summary()


# models/lstm.py
class LSTM(Model):
    def __init__(self):
        self.name = "LSTM"

    def fit(self, train, val=None, depth=10, epochs=200, lookback=30, horizon=1):
        self.train = train
        self.lookback = lookback
        self.horizon = horizon
        if val is not None:
            self.val = val

        x, y = sequence(train, lookback, horizon=horizon)
        if val is not None:
            extended_val = np.append(self.train[-self.lookback-self.horizon+1:], val)
            x_val, y_val = sequence(extended_val, lookback, horizon=horizon)

        self.model = Sequential()
        self.model.add(Input(shape=(lookback, 1)))
        for _ in range(depth-1):
            self.model.add(KerasLSTM(8, return_sequences=True))
        self.model.add(KerasLSTM(8))
        self.model.add(Dense(1))
        optimizer = Adam(learning_rate=1e-3)

        self.model.compile(optimizer=optimizer, loss='mse')

        if val is not None:
            early_stopping = EarlyStopping(
                                monitor='val_loss',
                                min_delta=0,
                                patience=20,
                                restore_best_weights=True
                            )
            self.model.fit(x, y, validation_data=(x_val, y_val), epochs=epochs, callbacks=[early_stopping])
        else:
            early_stopping = EarlyStopping(
                                monitor='val_loss',
                                min_delta=0,
                                patience=20,
                                restore_best_weights=True
                            )
            self.model.fit(x, y, epochs=epochs, callbacks=[early_stopping])

        self.model.summary()


# main.py
TICKERS = ['FAKE1', 'FAKE2']

HORIZON = 1

for model_type in ["gru", "lstm"]:
    rmses = []
    maes = []
    mapes = []
    r2s = []
    for ticker in TICKERS:
        data = generate_fake_data(length=60)
        scaler = RobustScaler()

        train, val, test = split(data)

        scaled_train = scaler.fit_transform(train.reshape(-1, 1))
        scaled_val = scaler.transform(val.reshape(-1, 1))
        scaled_test = scaler.transform(test.reshape(-1, 1))

        match model_type:
            case "lstm":
                model = LSTM()
            case "gru":
                model = GRU()

        model.fit(scaled_train, val=scaled_val, depth=2, lookback=10, epochs=4, horizon=HORIZON)

        predictions = model.predict(scaled_test)

        unscaled_prediction = scaler.inverse_transform(predictions.reshape(-1, 1)).squeeze()

        print(f'Metrics for {ticker}')
        rmse, mae, mape, r2 = print_all(test, unscaled_prediction)

        rmses.append(rmse)
        maes.append(mae)
        mapes.append(mape)
        r2s.append(r2)
