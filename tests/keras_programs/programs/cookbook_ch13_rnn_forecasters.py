# source: PacktPublishing/Time-Series-Analysis-with-Python-Cookbook "code/Ch13/Chapter 13 - tensorflow.ipynb" (T. A. Atwan, "Time Series Analysis with Python Cookbook", Packt 2022, chapter 13 "Deep Learning for Time Series Forecasting", its Keras recipes: one-step forecasts of air passengers, daily temperature and monthly energy from 10 lagged values by SimpleRNN, LSTM, GRU, stacked LSTM, Bidirectional LSTM and LSTM + TimeDistributed(Dense) Sequential models, then the same as functional Models; its code cells in order)
# commit: 4c51eb36cc8babe42feb3ca37aa2bd0356337966
# keras: tf_keras
# exercises: mixed imports as the book writes them: `import tensorflow as tf` (tf.keras.backend.clear_session() between models), `from tensorflow.keras import Sequential`, `from tensorflow import keras` (keras.Sequential, keras.callbacks.EarlyStopping), `from tensorflow.keras.metrics import RootMeanSquaredError, MeanAbsoluteError`, `from keras.layers import (...)` and `from tensorflow.keras import Model`; create_model redefined per recipe: Sequential built with add(): SimpleRNN(units, return_sequences=False, input_shape=(10, 1)) / LSTM / GRU + Dropout + Dense(1); stacked LSTM(return_sequences=True) + LSTM; Bidirectional(LSTM(..., input_shape=..., return_sequences=True)) (input_shape given to the wrapped layer, not the wrapper) + Bidirectional(LSTM) (built by fit); LSTM + LSTM(return_sequences=True) + TimeDistributed(Dense(1)) whose (batch, 10, 1) output is trained against (batch, 1) targets (tf-keras squeezes the output's last axis and broadcasts the targets over the 10 steps); keras.Sequential([...]) from a list; a never-called create_model naming keras.layers.Lin; functional Input(shape=(10,1)) -> SimpleRNN(return_sequences=True) / LSTM -> Dropout -> LSTM -> Dropout -> Dense Models; train_model_ts: compile(optimizer='adam', loss='mean_squared_error', metrics=[RootMeanSquaredError(), MeanAbsoluteError()]), EarlyStopping(monitor="val_loss", min_delta=0, patience=12), fit(shuffle=False, epochs, batch_size 32 / 64, validation_data, callbacks, verbose=1); history.history.keys(); summary(); evaluate(x=, y=) and evaluate(x, y), also of models trained on one series and scored on another; predict
# reduced: pandas and matplotlib (not installed in the test environments) dropped: the three CSVs of ../../datasets/Ch13 (daily_weather.csv 3,900 days, energy_consumption.csv 588 months, air_passenger.csv 144 months) replaced by made-up series (numpy RandomState(0): 144 air-passenger months with trend and yearly season, 240 daily temperatures with a yearly wave, 150 energy months with a yearly wave), held as numpy columns; one_step_forecast, split_data, Standardize and features_target_ts written with numpy on (rows, 11) arrays whose last column is y (the same windows, iloc splits, per-column mean and std with ddof=1 as pandas, y popped as an (n, 1) column and x reshaped to (n, 10, 1)); handle_missing_data and the .index.freq cells dropped (no missing values, no index); plot_forecast and the plots dropped except its model.predict(x_test); the version print keeps tf.__version__ and numpy's only; the scores DataFrames become printed lists of the same evaluate results; Dropout(0.2) -> 0.0 (create_model's dropout default) so no random masks; train_model_ts first calls the model on x_train[:1] (the Bidirectional recipe's Sequential has no input shape of its own and is first built by fit: built there, compile can hand it its starting weights; the other models are built already); epochs 500 -> 2
import numpy as np

import warnings
warnings.filterwarnings('ignore')

import tensorflow as tf

print(f'''
numpy -> {np.__version__}
tensorflow -> {tf.__version__}
''')

rng = np.random.RandomState(0)
months = np.arange(144)
air = (280.0 + 2.5 * months) * (1.0 + 0.15 * np.sin(2 * np.pi * months / 12.0)) + 8.0 * rng.normal(size=144)
days = np.arange(240)
daily_temp = 15.0 + 10.0 * np.sin(2 * np.pi * days / 365.0) + 2.0 * rng.normal(size=240)
en_months = np.arange(150)
energy = 500.0 + 80.0 * np.cos(2 * np.pi * en_months / 12.0) + 0.5 * en_months + 15.0 * rng.normal(size=150)

air_cp = air.copy()
en_cp = energy.copy()
dw_cp = daily_temp.copy()

def one_step_forecast(df, window):
    d = df
    x = []
    n = len(df)
    for start in range(n-window):
        end = start + window
        x.append(d[start:end])
    x = np.array(x).reshape(n-window, -1)
    y = df[window:]
    return np.concatenate([x, y.reshape(-1, 1)], axis=1)
    

def split_data(df, test_split=0.15):
    n = int(len(df) * test_split)
    train, test = df[:-n], df[-n:]
    return train, test

air_df = one_step_forecast(air_cp, 10)
en_df = one_step_forecast(en_cp, 10)
dw_df = one_step_forecast(dw_cp, 10)
print(air_df.shape)
print(en_df.shape)
print(dw_df.shape)

class Standardize:
    def __init__(self, df, split=0.10):
        self.data = df
        self.split = split
    
    def split_data(self):
        n = int(len(self.data) * self.split)
        train, test = self.data[:-n], self.data[-n:]
        n = int(len(train) * self.split)
        train, val = train[:-n], train[-n:]
        assert len(test) + len(train) + len(val) == len(self.data)
        return train, test, val
    
    def _transform(self, data):
        data_s = (data - self.mu)/self.sigma
        return data_s
    
    def fit_transform(self):
        train, test, val = self.split_data()
        self.mu, self.sigma = train.mean(axis=0), train.std(axis=0, ddof=1)
        train_s = self._transform(train)
        test_s = self._transform(test)
        val_s = self._transform(val)
        return train_s, test_s, val_s
    
    def inverse(self, data):
        return (data * self.sigma)+self.mu
        
    def inverse_y(self, data):
        return (data * self.sigma[-1])+self.mu[-1]

scale_air = Standardize(air_df)
scale_dw = Standardize(dw_df)
scale_en = Standardize(en_df)

train_air, test_air, val_air = scale_air.fit_transform()
train_dw, test_dw, val_dw = scale_dw.fit_transform()
train_en, test_en, val_en = scale_en.fit_transform()

print(f'''
air: train: {len(train_air)} , test: {len(test_air)}, val:{len(val_air)}
weather: train: {len(train_dw)} , test: {len(test_dw)}, val:{len(val_dw)}
energy: train: {len(train_en)} , test: {len(test_en)}, val: {len(val_en)}
''')

print(scale_air.inverse(train_air)[:5])

def features_target_ts(*args):
    y = [col[:, -1].reshape(-1, 1) for col in args]
    x = [col[:, :-1].reshape(col.shape[0], col.shape[1] - 1, 1)
                   for col in args]
    return *y, *x

(y_train_air, 
 y_val_air, 
 y_test_air, 
 x_train_air, 
 x_val_air, 
 x_test_air) = features_target_ts(train_air, 
                               val_air, 
                               test_air)

(y_train_dw, 
y_val_dw, 
y_test_dw, 
x_train_dw, 
x_val_dw, 
x_test_dw) = features_target_ts(train_dw, 
                             val_dw, 
                             test_dw)

(y_train_en, 
y_val_en, 
y_test_en, 
x_train_en, 
x_val_en, 
x_test_en) = features_target_ts(train_en, 
                             val_en, 
                             test_en)

print(scale_air.inverse_y(y_train_air)[0:5])

print(x_train_air.shape)

print(type(x_train_air))

print(y_train_air.shape,
y_test_air.shape,
y_val_air.shape)

from tensorflow.keras import Sequential
from tensorflow import keras
from tensorflow.keras.metrics import RootMeanSquaredError, MeanAbsoluteError
from keras.layers import (BatchNormalization, Dense,  
                TimeDistributed, Bidirectional, 
                SimpleRNN, GRU, LSTM, Dropout)

def create_model(train, units, dropout=0.0):
    model = keras.Sequential()
    model.add(SimpleRNN(units=units,
                        return_sequences=False,
                        input_shape=(train.shape[1], 
                                     train.shape[2])))
    model.add(Dropout(dropout))
    model.add(Dense(1))
    
    return model

def train_model_ts(model, 
                x_train, y_train, x_val, y_val, 
                epochs=2, 
                patience=12, 
                batch_size=32):
    
    model(x_train[:1])
    model.compile(optimizer='adam', 
                  loss='mean_squared_error', 
                  metrics=[RootMeanSquaredError(), 
                           MeanAbsoluteError()])
    
    es = keras.callbacks.EarlyStopping(
                    monitor="val_loss", 
                    min_delta=0, 
                    patience=patience)
    
    history = model.fit(x_train,y_train, 
              shuffle=False, epochs=epochs,
              batch_size=batch_size, 
              validation_data=(x_val, y_val),
              callbacks=[es], verbose=1)
    return history

def plot_forecast(model, x_test, y_test, index, history):
    predicted = model.predict(x_test)

tf.keras.backend.clear_session()

model_a_simpleRNN = create_model(train=x_train_air, units=32)

model_a_simpleRNN.summary()

history_a_simpleRNN = train_model_ts(model_a_simpleRNN, x_train_air, y_train_air, x_val_air, y_val_air)

print(history_a_simpleRNN.history.keys())

model_a_simpleRNN.evaluate(x=x_test_air, y=y_test_air)

plot_forecast(model_a_simpleRNN, x_test_air, y_test_air, None, history_a_simpleRNN)

tf.keras.backend.clear_session()

model_dw_simpleRNN = create_model(x_train_dw, units=32)

model_dw_simpleRNN.summary()

history_dw_simpleRNN = train_model_ts(model_dw_simpleRNN, x_train_dw, y_train_dw, x_val_dw, y_val_dw, batch_size=64)

model_dw_simpleRNN.evaluate(x=x_test_dw, y=y_test_dw)

tf.keras.backend.clear_session()

model_en_simpleRNN = create_model(x_train_en, units=32)
model_en_simpleRNN.summary()

history_en_simpleRNN = train_model_ts(model_en_simpleRNN, x_train_en, y_train_en, x_val_en, y_val_en, batch_size=64)

model_en_simpleRNN.evaluate(x=x_test_en, y=y_test_en)

print(scale_en.inverse_y(y_test_en[0:5]))

print(scale_en.inverse_y(model_en_simpleRNN.predict(x_test_en)[0:5]))

def create_model(train, units, dropout=0.0):
    model = keras.Sequential()
    model.add(SimpleRNN(units=units,
                        return_sequences=False,
                        input_shape=(train.shape[1], 
                                     train.shape[2])))
    model.add(Dropout(dropout))
    model.add(keras.layers.Lin)
    
    return model

def create_model(train, units, dropout=0.0):
    model = keras.Sequential()
    model.add(LSTM(units=units,
                   input_shape=(train.shape[1], 
                                train.shape[2])))
    model.add(Dropout(dropout))
    model.add(Dense(1))
    
    return model

tf.keras.backend.clear_session()

model_a_lstm = create_model(train=x_train_air, units=32)
model_a_lstm.summary()

history_a_lstm = train_model_ts(model_a_lstm, x_train_air, y_train_air, x_val_air, y_val_air)

model_a_lstm.evaluate(x=x_test_air, y=y_test_air)

tf.keras.backend.clear_session()

model_dw_lstm = create_model(train=x_train_dw, units=32)
model_dw_lstm.summary()

history_dw_lstm = train_model_ts(model_dw_lstm, x_train_dw, y_train_dw, x_val_dw, y_val_dw, batch_size=64)

tf.keras.backend.clear_session()

model_en_lstm = create_model(train=x_train_en, units=32)
model_en_lstm.summary()

history_en_lstm = train_model_ts(model_en_lstm, x_train_en, y_train_en, x_val_en, y_val_en, batch_size=64)

def create_model(train, units, dropout=0.0):
    model = keras.Sequential()
    model.add(GRU(units=units,
                  input_shape=(train.shape[1], 
                               train.shape[2])))
    model.add(Dropout(dropout))
    model.add(Dense(1))
    
    return model

tf.keras.backend.clear_session()

model_a_gru = create_model(train=x_train_air, units=32)
history_a_gru = train_model_ts(model_a_gru, x_train_air, y_train_air, x_val_air, y_val_air)

tf.keras.backend.clear_session()

model_dw_gru = create_model(train=x_train_dw, units=32)
history_dw_gru = train_model_ts(model_dw_gru, x_train_dw, y_train_dw, x_val_dw, y_val_dw, batch_size=64)

tf.keras.backend.clear_session()

model_en_gru = create_model(x_train_en, units=32)
model_en_gru.summary()

history_en_gru = train_model_ts(model_en_gru, x_train_en, y_train_en, x_val_en, y_val_en, batch_size=64)

tf.keras.backend.clear_session()

def create_model(train, units, dropout=0.0):
    model = keras.Sequential()
    model.add(LSTM(units=units,input_shape=(train.shape[1], train.shape[2]), return_sequences=True))
    model.add(Dropout(dropout))
    model.add(LSTM(units=units))
    model.add(Dropout(dropout))
    model.add(Dense(1))
    
    return model

model_a_deep = create_model(train=x_train_air, units=32)
history_a_deep = train_model_ts(model_a_deep, x_train_air, y_train_air, x_val_air, y_val_air)

model_a_deep.evaluate(x_test_air, y_test_air)

tf.keras.backend.clear_session()

model_dw_deep = create_model(x_train_dw, units=32)
history_dw_deep = train_model_ts(model_dw_deep, x_train_dw, y_train_dw, x_val_dw, y_val_dw, batch_size=64)
plot_forecast(model_dw_deep, x_test_dw, y_test_dw, None, history_dw_deep)

tf.keras.backend.clear_session()

model_en_deep = create_model(x_train_en, units=32)
history_en_deep = train_model_ts(model_en_deep, x_train_en, y_train_en, x_val_en, y_val_en, batch_size=64)
plot_forecast(model_en_deep, x_test_en, y_test_en, None, history_en_deep)

def create_model(train, units, dropout=0.0):
    model = keras.Sequential()
    model.add(Bidirectional(LSTM(units=units, 
                                 input_shape=(train.shape[1], train.shape[2]), return_sequences=True)))
    model.add(Bidirectional(LSTM(units=units, return_sequences=False)))
    model.add(Dropout(dropout))
    model.add(Dense(1))
    
    return model

tf.keras.backend.clear_session()

model_a_bd = create_model(train=x_train_air, units=32)
history_a_bd = train_model_ts(model_a_bd, x_train_air, y_train_air, x_val_air, y_val_air)

model_a_bd.evaluate(x=x_test_air, y=y_test_air)

tf.keras.backend.clear_session()

model_dw_bd = create_model(x_train_dw, units=32)
history_dw_bd = train_model_ts(model_dw_bd, x_train_dw, y_train_dw, x_val_dw, y_val_dw, batch_size=64)

print(x_test_dw.shape)

print(model_dw_bd.predict(x_test_dw).shape)

tf.keras.backend.clear_session()

model_en_bd = create_model(x_train_en, units=32)
history_en_bd = train_model_ts(model_en_bd, x_train_en, y_train_en, x_val_en, y_val_en, batch_size=64)
plot_forecast(model_en_bd, x_test_en, y_test_en, None, history_en_bd)

def create_model(train, units, dropout=0.0):
    model = keras.Sequential()
    model.add(LSTM(units=units, input_shape=(train.shape[1], train.shape[2]), return_sequences=True))
    model.add(LSTM(units=units, return_sequences=True))
    model.add(TimeDistributed(Dense(1)))
    
    return model

tf.keras.backend.clear_session()

model_a_td = create_model(train=x_train_air, units=32)
history_a_td = train_model_ts(model_a_td, x_train_air, y_train_air, x_val_air, y_val_air)

model_a_td.evaluate(x=x_test_air, y=y_test_air)

plot_forecast(model_a_bd, x_test_air, y_test_air, None, history_a_bd)

tf.keras.backend.clear_session()

model_dw_td = create_model(x_train_dw, units=32)
history_dw_td = train_model_ts(model_dw_td, x_train_dw, y_train_dw, x_val_dw, y_val_dw, batch_size=64)

tf.keras.backend.clear_session()

model_en_td = create_model(x_train_en, units=32)
history_en_td = train_model_ts(model_en_td, x_train_en, y_train_en, x_val_en, y_val_en, batch_size=64)

scores = np.array(
    [model_a_simpleRNN.evaluate(x=x_test_air, y=y_test_air),
    model_a_lstm.evaluate(x=x_test_air, y=y_test_air),
    model_a_gru.evaluate(x=x_test_air, y=y_test_air),
    model_a_deep.evaluate(x=x_test_air, y=y_test_air),
    model_a_bd.evaluate(x=x_test_air, y=y_test_air),
    model_a_td.evaluate(x=x_test_air, y=y_test_air)])
print(scores)

scores = np.array(
    [model_dw_simpleRNN.evaluate(x=x_test_air, y=y_test_air),
    model_dw_lstm.evaluate(x=x_test_air, y=y_test_air),
    model_dw_gru.evaluate(x=x_test_air, y=y_test_air),
    model_dw_deep.evaluate(x=x_test_air, y=y_test_air),
    model_dw_bd.evaluate(x=x_test_air, y=y_test_air),
    model_dw_td.evaluate(x=x_test_air, y=y_test_air)])
print(scores)

scores = np.array(
    [model_en_simpleRNN.evaluate(x=x_test_air, y=y_test_air),
    model_en_lstm.evaluate(x=x_test_air, y=y_test_air),
    model_en_gru.evaluate(x=x_test_air, y=y_test_air),
    model_en_deep.evaluate(x=x_test_air, y=y_test_air),
    model_en_bd.evaluate(x=x_test_air, y=y_test_air),
    model_en_td.evaluate(x=x_test_air, y=y_test_air)])
print(scores)

patience=12
es = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)

def create_model(train, units, dropout=0.0):
    model = keras.Sequential(
        [SimpleRNN(units=units,
                        return_sequences=False,
                        input_shape=(train.shape[1], 
                                     train.shape[2])),
         Dropout(dropout),
         Dense(1)
        ]
    )
    
    return model

tf.keras.backend.clear_session()
model_a_simpleRNN_1 = create_model(train=x_train_air, units=32)
model_a_simpleRNN_1.summary()

def create_model(train, units, dropout=0.0):
    model = keras.Sequential()
    model.add(SimpleRNN(units=units,
                        return_sequences=False,
                        input_shape=(train.shape[1], 
                                     train.shape[2])))
    model.add(Dropout(dropout))
    model.add(Dense(1))
    
    return model

tf.keras.backend.clear_session()
model_a_simpleRNN = create_model(train=x_train_air, units=32)
model_a_simpleRNN.summary()

from tensorflow.keras import Model
from tensorflow import keras
from tensorflow.keras.metrics import (RootMeanSquaredError, 
                                     MeanAbsoluteError)
from keras.layers import (Dense,  
                LSTM, Dropout, 
                Input, Activation)

from tensorflow.keras import Model
from keras.layers import (Dense,  
                SimpleRNN, Dropout, 
                Input)

def create_model(train, units, dropout=0.0):
    
    input_data = Input(shape=(10,1))
    rnn = SimpleRNN(units, return_sequences=True)(input_data)
    dropout = Dropout(dropout)(rnn)
    output = Dense(1)(dropout)
    model = Model(inputs=input_data, outputs=output)
    return model

from tensorflow.keras import Model
from keras.layers import (Dense,  
                SimpleRNN, Dropout, 
                Input)

def create_model(train, units, dropout=0.0):
    
    input_data = Input(shape=(10,1))
    lstm_1 = LSTM(units, return_sequences=True)(input_data)
    dropout_1 = Dropout(dropout)(lstm_1)
    lstm_2 = LSTM(units)(dropout_1)
    dropout_2 = Dropout(dropout)(lstm_2)
    output = Dense(1)(dropout_2)
    model = Model(inputs=input_data, outputs=output)
    
    return model

model_en_deep_lstm = create_model(train=x_train_en, units=32)
model_en_deep_lstm.summary()
history_en_deep_lstm = train_model_ts(model_en_deep_lstm, x_train_en, y_train_en, x_val_en, y_val_en, batch_size=64)

plot_forecast(model_en_lstm, x_test_en, y_test_en, None, history_en_lstm)

tf.keras.backend.clear_session()

model_a_m = create_model(train=x_train_air, units=32)
model_a_m.summary()

history_a_m = train_model_ts(model_a_m, x_train_air, y_train_air, x_val_air, y_val_air)

model_a_m.evaluate(x=x_test_air, y=y_test_air)

plot_forecast(model_a_m, x_test_air, y_test_air, None, history_a_m)
