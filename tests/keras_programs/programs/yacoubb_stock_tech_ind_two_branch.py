# source: yacoubb/stock-trading-ml tech_ind_model.py, util.py and trading_algo.py (Yacoub Ahmed's widely starred "Stock trading with machine learning" Medium tutorial: a two-branch functional model, an LSTM over 50 days of OHLCV and a Dense branch over a technical indicator (SMA), trained, saved to .h5, reloaded and run day by day as a buy/sell algorithm)
# commit: a3359365a906e3900976b5a31322d30275f00fbe
# keras: tf_keras
# exercises: Keras 2 `import keras`, `from keras.models import Model`, `from keras.layers import Dense, Dropout, LSTM, Input, Activation, concatenate`, `from keras import optimizers`; two branch Models built on their own Inputs (named 'lstm_input' / 'tech_input'): Model(lstm_input, LSTM(name='lstm_0') -> Dropout) and Model(dense_input, Dense -> Activation("relu") -> Dropout), joined through their `.output` / `.input` attributes by the functional `concatenate([...], name='concatenate')` into a third Model with two inputs (Dense(sigmoid), Dense(1, linear)); optimizers.Adam; compile(loss='mse'); fit(x=[ohlcv, tech_ind], y, batch_size=32, shuffle=True, validation_split=0.1); predict on a list of two arrays; MinMaxScaler inverse_transform; model.save('technical_model.h5') then keras.models.load_model('technical_model.h5') (trading_algo.py) and predict on the test arrays, then one predict per day on a batch of one window and one indicator row (see reduced) feeding a buy/sell threshold rule and an earnings loop
# reduced: the three files joined in one program (util.csv_to_dataset inlined, trading_algo.py's lines after the training script's); 'MSFT_daily.csv' (pandas read_csv of Alpha Vantage's daily date/open/high/low/close/volume) replaced by a stand-in read_csv giving 71 made-up rows of numpy random-walk prices and volumes as `.values` (pandas is not installed here nor in the Keras venv; the drop('date') / drop(0) lines are done on the array); sklearn.preprocessing.MinMaxScaler (not installed) replaced by a small `preprocessing` class with the same fit / fit_transform / inverse_transform arithmetic; `from tensorflow import set_random_seed` (TensorFlow 1, gone from TF 2) replaced by tf.random.set_seed; history_points 50 -> 30 (calc_ema(his, 26), computed though unused, needs 26 rows); LSTM 50 -> 8, Dense 20 -> 4, Dense 64 -> 8 units; Dropout(0.2) -> Dropout(0.0) (random masks cannot match); epochs 50 -> 3; the 40 windows give 36 fitted rows, of which validation_split=0.1 keeps 32 for training, one batch of 32, so shuffle=True cannot change the result; optimizers.Adam(lr=0.0005) -> Adam(learning_rate=0.0005) (tf-keras 2.21 warns that `lr` is deprecated and trains at 0.001; statefulrnn takes lr as Keras 2 did: README, "Where we differ from Keras"); matplotlib plots left out; trading_algo's `model.predict([[ohlcv], [ind]])` (nested Python lists, which Keras 2.2's standardize_input_data turned into arrays of one sample) written `model.predict([np.array([ohlcv]), np.array([ind])])`: tf-keras 2.21 reads each inner list as a structure of its arrays and refuses ('Data cardinality is ambiguous: x sizes: 30, 1'); the day-by-day loop kept (4 test days, end=-1 -> 3 predictions)
import keras
import tensorflow as tf
from keras.models import Model
from keras.layers import Dense, Dropout, LSTM, Input, Activation, concatenate
from keras import optimizers
import numpy as np
np.random.seed(4)
tf.random.set_seed(4)


# ---- util.py ----
class preprocessing:
    class MinMaxScaler:
        def fit(self, X):
            X = np.asarray(X, dtype=np.float64)
            self.data_min_ = X.min(axis=0)
            self.data_max_ = X.max(axis=0)
            rng = self.data_max_ - self.data_min_
            rng[rng == 0.0] = 1.0
            self.scale_ = 1.0 / rng
            self.min_ = -self.data_min_ * self.scale_
            return self

        def transform(self, X):
            return np.asarray(X, dtype=np.float64) * self.scale_ + self.min_

        def fit_transform(self, X):
            return self.fit(X).transform(X)

        def inverse_transform(self, X):
            return (np.asarray(X, dtype=np.float64) - self.min_) / self.scale_


def read_csv(csv_path):
    # Stands in for pd.read_csv(...).drop('date', axis=1).drop(0, axis=0).values:
    # open, high, low, close, volume of 71 made-up days, the first row dropped.
    rs = np.random.RandomState(0)
    close = 100 + np.cumsum(rs.normal(0, 1, 71))
    open_ = close + rs.normal(0, 0.5, 71)
    high = np.maximum(open_, close) + rs.uniform(0, 1, 71)
    low = np.minimum(open_, close) - rs.uniform(0, 1, 71)
    volume = rs.uniform(1e6, 5e6, 71)
    data = np.stack([open_, high, low, close, volume], axis=1)
    return data[1:]


history_points = 30


def csv_to_dataset(csv_path):
    data = read_csv(csv_path)

    data_normaliser = preprocessing.MinMaxScaler()
    data_normalised = data_normaliser.fit_transform(data)

    # using the last {history_points} open close high low volume data points, predict the next open value
    ohlcv_histories_normalised = np.array([data_normalised[i:i + history_points].copy() for i in range(len(data_normalised) - history_points)])
    next_day_open_values_normalised = np.array([data_normalised[:, 0][i + history_points].copy() for i in range(len(data_normalised) - history_points)])
    next_day_open_values_normalised = np.expand_dims(next_day_open_values_normalised, -1)

    next_day_open_values = np.array([data[:, 0][i + history_points].copy() for i in range(len(data) - history_points)])
    next_day_open_values = np.expand_dims(next_day_open_values, -1)

    y_normaliser = preprocessing.MinMaxScaler()
    y_normaliser.fit(next_day_open_values)

    def calc_ema(values, time_period):
        # https://www.investopedia.com/ask/answers/122314/what-exponential-moving-average-ema-formula-and-how-ema-calculated.asp
        sma = np.mean(values[:, 3])
        ema_values = [sma]
        k = 2 / (1 + time_period)
        for i in range(len(his) - time_period, len(his)):
            close = his[i][3]
            ema_values.append(close * k + ema_values[-1] * (1 - k))
        return ema_values[-1]

    technical_indicators = []
    for his in ohlcv_histories_normalised:
        # note since we are using his[3] we are taking the SMA of the closing price
        sma = np.mean(his[:, 3])
        macd = calc_ema(his, 12) - calc_ema(his, 26)
        technical_indicators.append(np.array([sma]))
        # technical_indicators.append(np.array([sma,macd,]))

    technical_indicators = np.array(technical_indicators)

    tech_ind_scaler = preprocessing.MinMaxScaler()
    technical_indicators_normalised = tech_ind_scaler.fit_transform(technical_indicators)

    assert ohlcv_histories_normalised.shape[0] == next_day_open_values_normalised.shape[0] == technical_indicators_normalised.shape[0]
    return ohlcv_histories_normalised, technical_indicators_normalised, next_day_open_values_normalised, next_day_open_values, y_normaliser


# ---- tech_ind_model.py ----
# dataset

ohlcv_histories, technical_indicators, next_day_open_values, unscaled_y, y_normaliser = csv_to_dataset('MSFT_daily.csv')

test_split = 0.9
n = int(ohlcv_histories.shape[0] * test_split)

ohlcv_train = ohlcv_histories[:n]
tech_ind_train = technical_indicators[:n]
y_train = next_day_open_values[:n]

ohlcv_test = ohlcv_histories[n:]
tech_ind_test = technical_indicators[n:]
y_test = next_day_open_values[n:]

unscaled_y_test = unscaled_y[n:]

print(ohlcv_train.shape)
print(ohlcv_test.shape)


# model architecture

# define two sets of inputs
lstm_input = Input(shape=(history_points, 5), name='lstm_input')
dense_input = Input(shape=(technical_indicators.shape[1],), name='tech_input')

# the first branch operates on the first input
x = LSTM(8, name='lstm_0')(lstm_input)
x = Dropout(0.0, name='lstm_dropout_0')(x)
lstm_branch = Model(inputs=lstm_input, outputs=x)

# the second branch opreates on the second input
y = Dense(4, name='tech_dense_0')(dense_input)
y = Activation("relu", name='tech_relu_0')(y)
y = Dropout(0.0, name='tech_dropout_0')(y)
technical_indicators_branch = Model(inputs=dense_input, outputs=y)

# combine the output of the two branches
combined = concatenate([lstm_branch.output, technical_indicators_branch.output], name='concatenate')

z = Dense(8, activation="sigmoid", name='dense_pooling')(combined)
z = Dense(1, activation="linear", name='dense_out')(z)

# our model will accept the inputs of the two branches and
# then output a single value
model = Model(inputs=[lstm_branch.input, technical_indicators_branch.input], outputs=z)
adam = optimizers.Adam(learning_rate=0.0005)
model.compile(optimizer=adam, loss='mse')
model.fit(x=[ohlcv_train, tech_ind_train], y=y_train, batch_size=32, epochs=3, shuffle=True, validation_split=0.1)


# evaluation

y_test_predicted = model.predict([ohlcv_test, tech_ind_test])
y_test_predicted = y_normaliser.inverse_transform(y_test_predicted)
y_predicted = model.predict([ohlcv_histories, technical_indicators])
y_predicted = y_normaliser.inverse_transform(y_predicted)
assert unscaled_y_test.shape == y_test_predicted.shape
real_mse = np.mean(np.square(unscaled_y_test - y_test_predicted))
scaled_mse = real_mse / (np.max(unscaled_y_test) - np.min(unscaled_y_test)) * 100
print(scaled_mse)

from datetime import datetime
model.save(f'technical_model.h5')


# ---- trading_algo.py ----
from keras.models import load_model

model = load_model('technical_model.h5')

ohlcv_histories, technical_indicators, next_day_open_values, unscaled_y, y_normaliser = csv_to_dataset('MSFT_daily.csv')

test_split = 0.9
n = int(ohlcv_histories.shape[0] * test_split)

ohlcv_train = ohlcv_histories[:n]
tech_ind_train = technical_indicators[:n]
y_train = next_day_open_values[:n]

ohlcv_test = ohlcv_histories[n:]
tech_ind_test = technical_indicators[n:]
y_test = next_day_open_values[n:]

unscaled_y_test = unscaled_y[n:]

y_test_predicted = model.predict([ohlcv_test, tech_ind_test])
y_test_predicted = y_normaliser.inverse_transform(y_test_predicted)

buys = []
sells = []
thresh = 0.1

start = 0
end = -1

x = -1
for ohlcv, ind in zip(ohlcv_test[start: end], tech_ind_test[start: end]):
    normalised_price_today = ohlcv[-1][0]
    normalised_price_today = np.array([[normalised_price_today]])
    price_today = y_normaliser.inverse_transform(normalised_price_today)
    predicted_price_tomorrow = np.squeeze(y_normaliser.inverse_transform(model.predict([np.array([ohlcv]), np.array([ind])])))
    delta = predicted_price_tomorrow - price_today
    if delta > thresh:
        buys.append((x, price_today[0][0]))
    elif delta < -thresh:
        sells.append((x, price_today[0][0]))
    x += 1
print(f"buys: {len(buys)}")
print(f"sells: {len(sells)}")


def compute_earnings(buys_, sells_):
    purchase_amt = 10
    stock = 0
    balance = 0
    while len(buys_) > 0 and len(sells_) > 0:
        if buys_[0][0] < sells_[0][0]:
            # time to buy $10 worth of stock
            balance -= purchase_amt
            stock += purchase_amt / buys_[0][1]
            buys_.pop(0)
        else:
            # time to sell all of our stock
            balance += stock * sells_[0][1]
            stock = 0
            sells_.pop(0)
    print(f"earnings: ${balance}")


# we create new lists so we dont modify the original
compute_earnings([b for b in buys], [s for s in sells])
