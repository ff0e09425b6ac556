# source: xiaochus/TrafficFlowPrediction train.py (train_model, train_seas, main run once per --model lstm / gru / saes), model/model.py (get_lstm, get_gru, _get_sae, get_saes), data/data.py (process_data) and main.py (main, MAPE, eva_regress) (a widely forked 2018 comparison of LSTM, GRU and stacked autoencoders for 5-minute freeway traffic flow: each model trained and saved to HDF5, the SAEs pre-trained greedily layer by layer with intermediate Model(...).predict outputs and their 'hidden' weights copied into the stack, then the three reloaded with load_model and scored side by side)
# commit: dec8243eb4ebe728d44d1ac73f38c2d3aaa9fd81
# keras: tf_keras
# exercises: `from keras.layers import Dense, Dropout, Activation, LSTM, GRU`, `from keras.models import Sequential, Model, load_model`; Sequential LSTM(units, input_shape=(lags, 1), return_sequences=True) + LSTM + Dropout + Dense(1, sigmoid), the same with GRU (tf-keras's reset_after default); compile(loss='mse', optimizer='rmsprop', metrics=['mape']); fit(batch_size, epochs, validation_split=0.05); model.save('.h5'); three single-hidden-layer autoencoders Dense(hidden, input_dim=..., name='hidden') + Activation('sigmoid') + Dropout + Dense(1, sigmoid) trained in turn, each on the previous one's Model(p.input, p.get_layer('hidden').output).predict(...) (a hidden layer before its activation); a stacked Sequential with layers named 'hidden1'..'hidden3' given those kernels by get_layer(...).set_weights(get_layer('hidden').get_weights()) and fine-tuned; load_model of the three '.h5' files (compiled with metrics=['mape']) and predict on 2-D and 3-D reshapes of the same test windows; np.random.shuffle of the training windows (numpy's global generator)
# reduced: `from keras.layers.recurrent import LSTM, GRU` -> `from keras.layers import ...` (keras.layers.recurrent is gone from tf-keras); Model(input=, output=) (Keras 2.0 keywords, a TypeError in tf-keras) -> Model(inputs=, outputs=); the PeMS csv files (pandas) replaced by made-up 5-minute flows (numpy RandomState(5)): 2 days for training and 1 for testing with a daily double peak, the sklearn MinMaxScaler (sklearn is installed on neither side) written out (fit on the training flow, transform and inverse_transform) and np.random.seed(0) added before process_data's np.random.shuffle; sklearn.metrics in eva_regress -> numpy stand-ins (explained variance, MAE, MSE, R2 as sklearn computes them); argparse's --model run for all three in turn as the README does; config epochs 600 -> 2, batch 256 -> 32, units [12, 64, 64, 1] -> [12, 8, 8, 1], SAEs [12, 400, 400, 400, 1] -> [12, 10, 10, 10, 1]; Dropout 0.2 -> 0.0 (random masks cannot match); shuffle=False added to every fit (tf-keras shuffles with TensorFlow's generator); the loss csv (pandas) -> a print of hist.history; plot_model (pydot) and the matplotlib plot dropped; files written under a temp dir
import sys
import os
import math
import tempfile
import warnings
import numpy as np
from keras.layers import Dense, Dropout, Activation
from keras.layers import LSTM, GRU
from keras.models import Sequential
from keras.models import Model
from keras.models import load_model
warnings.filterwarnings("ignore")

os.chdir(tempfile.mkdtemp())
os.makedirs('model')


# ---- made-up stand-in for data/train.csv, data/test.csv ('Lane 1 Flow (Veh/5 Minutes)') ----
def read_flow(days, rng):
    t = np.arange(288 * days) % 288 / 12.0  # hours
    flow = 20 + 140 * np.exp(-((t - 8) / 1.5) ** 2) + 120 * np.exp(-((t - 17.5) / 2) ** 2) + 40 * np.sin(np.pi * t / 24)
    return np.round(np.clip(flow + rng.normal(0, 8, size=flow.shape), 0, None))


_rng = np.random.RandomState(5)
FLOWS = {'data/train.csv': read_flow(2, _rng), 'data/test.csv': read_flow(1, _rng)}


class MinMaxScaler:  # sklearn.preprocessing.MinMaxScaler
    def __init__(self, feature_range=(0, 1)):
        self.feature_range = feature_range

    def fit(self, x):
        self.data_min_, self.data_max_ = x.min(axis=0), x.max(axis=0)
        lo, hi = self.feature_range
        self.scale_ = (hi - lo) / (self.data_max_ - self.data_min_)
        self.min_ = lo - self.data_min_ * self.scale_
        return self

    def transform(self, x):
        return x * self.scale_ + self.min_

    def inverse_transform(self, x):
        return (x - self.min_) / self.scale_


# ---- data/data.py ----
def process_data(train, test, lags):
    flow_train = FLOWS[train].reshape(-1, 1)  # pd.read_csv(train, encoding='utf-8').fillna(0)[attr]
    flow_test = FLOWS[test].reshape(-1, 1)

    # scaler = StandardScaler().fit(df1[attr].values)
    scaler = MinMaxScaler(feature_range=(0, 1)).fit(flow_train)
    flow1 = scaler.transform(flow_train).reshape(1, -1)[0]
    flow2 = scaler.transform(flow_test).reshape(1, -1)[0]

    train, test = [], []
    for i in range(lags, len(flow1)):
        train.append(flow1[i - lags: i + 1])
    for i in range(lags, len(flow2)):
        test.append(flow2[i - lags: i + 1])

    train = np.array(train)
    test = np.array(test)
    np.random.shuffle(train)

    X_train = train[:, :-1]
    y_train = train[:, -1]
    X_test = test[:, :-1]
    y_test = test[:, -1]

    return X_train, y_train, X_test, y_test, scaler


# ---- model/model.py ----
def get_lstm(units):
    model = Sequential()
    model.add(LSTM(units[1], input_shape=(units[0], 1), return_sequences=True))
    model.add(LSTM(units[2]))
    model.add(Dropout(0.0))
    model.add(Dense(units[3], activation='sigmoid'))

    return model


def get_gru(units):
    model = Sequential()
    model.add(GRU(units[1], input_shape=(units[0], 1), return_sequences=True))
    model.add(GRU(units[2]))
    model.add(Dropout(0.0))
    model.add(Dense(units[3], activation='sigmoid'))

    return model


def _get_sae(inputs, hidden, output):
    model = Sequential()
    model.add(Dense(hidden, input_dim=inputs, name='hidden'))
    model.add(Activation('sigmoid'))
    model.add(Dropout(0.0))
    model.add(Dense(output, activation='sigmoid'))

    return model


def get_saes(layers):
    sae1 = _get_sae(layers[0], layers[1], layers[-1])
    sae2 = _get_sae(layers[1], layers[2], layers[-1])
    sae3 = _get_sae(layers[2], layers[3], layers[-1])

    saes = Sequential()
    saes.add(Dense(layers[1], input_dim=layers[0], name='hidden1'))
    saes.add(Activation('sigmoid'))
    saes.add(Dense(layers[2], name='hidden2'))
    saes.add(Activation('sigmoid'))
    saes.add(Dense(layers[3], name='hidden3'))
    saes.add(Activation('sigmoid'))
    saes.add(Dropout(0.0))
    saes.add(Dense(layers[4], activation='sigmoid'))

    models = [sae1, sae2, sae3, saes]

    return models


class model:  # the module `model` (from model import model)
    get_lstm = staticmethod(get_lstm)
    get_gru = staticmethod(get_gru)
    get_saes = staticmethod(get_saes)


# ---- train.py ----
def train_model(model, X_train, y_train, name, config):
    model.compile(loss="mse", optimizer="rmsprop", metrics=['mape'])
    # early = EarlyStopping(monitor='val_loss', patience=30, verbose=0, mode='auto')
    hist = model.fit(
        X_train, y_train,
        batch_size=config["batch"],
        epochs=config["epochs"],
        validation_split=0.05, shuffle=False)

    model.save('model/' + name + '.h5')
    print(hist.history)  # pd.DataFrame.from_dict(hist.history).to_csv('model/' + name + ' loss.csv', ...)


def train_seas(models, X_train, y_train, name, config):
    temp = X_train
    # early = EarlyStopping(monitor='val_loss', patience=30, verbose=0, mode='auto')

    for i in range(len(models) - 1):
        if i > 0:
            p = models[i - 1]
            hidden_layer_model = Model(inputs=p.input,
                                       outputs=p.get_layer('hidden').output)
            temp = hidden_layer_model.predict(temp)

        m = models[i]
        m.compile(loss="mse", optimizer="rmsprop", metrics=['mape'])

        m.fit(temp, y_train, batch_size=config["batch"],
              epochs=config["epochs"],
              validation_split=0.05, shuffle=False)

        models[i] = m

    saes = models[-1]
    for i in range(len(models) - 1):
        weights = models[i].get_layer('hidden').get_weights()
        saes.get_layer('hidden%d' % (i + 1)).set_weights(weights)

    train_model(saes, X_train, y_train, name, config)


def train_main(argv):
    lag = 12
    config = {"batch": 32, "epochs": 2}
    file1 = 'data/train.csv'
    file2 = 'data/test.csv'
    X_train, y_train, _, _, _ = process_data(file1, file2, lag)

    if argv.model == 'lstm':
        X_train = np.reshape(X_train, (X_train.shape[0], X_train.shape[1], 1))
        m = model.get_lstm([12, 8, 8, 1])
        train_model(m, X_train, y_train, argv.model, config)
    if argv.model == 'gru':
        X_train = np.reshape(X_train, (X_train.shape[0], X_train.shape[1], 1))
        m = model.get_gru([12, 8, 8, 1])
        train_model(m, X_train, y_train, argv.model, config)
    if argv.model == 'saes':
        X_train = np.reshape(X_train, (X_train.shape[0], X_train.shape[1]))
        m = model.get_saes([12, 10, 10, 10, 1])
        train_seas(m, X_train, y_train, argv.model, config)


# ---- main.py ----
class metrics:  # sklearn.metrics
    @staticmethod
    def explained_variance_score(y_true, y_pred):
        return 1 - np.var(y_true - y_pred) / np.var(y_true)

    @staticmethod
    def mean_absolute_error(y_true, y_pred):
        return np.mean(np.abs(y_true - y_pred))

    @staticmethod
    def mean_squared_error(y_true, y_pred):
        return np.mean((y_true - y_pred) ** 2)

    @staticmethod
    def r2_score(y_true, y_pred):
        return 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - np.mean(y_true)) ** 2)


def MAPE(y_true, y_pred):
    y = [x for x in y_true if x > 0]
    y_pred = [y_pred[i] for i in range(len(y_true)) if y_true[i] > 0]

    num = len(y_pred)
    sums = 0

    for i in range(num):
        tmp = abs(y[i] - y_pred[i]) / y[i]
        sums += tmp

    mape = sums * (100 / num)

    return mape


def eva_regress(y_true, y_pred):
    mape = MAPE(y_true, y_pred)
    vs = metrics.explained_variance_score(y_true, y_pred)
    mae = metrics.mean_absolute_error(y_true, y_pred)
    mse = metrics.mean_squared_error(y_true, y_pred)
    r2 = metrics.r2_score(y_true, y_pred)
    print('explained_variance_score:%f' % vs)
    print('mape:%f%%' % mape)
    print('mae:%f' % mae)
    print('mse:%f' % mse)
    print('rmse:%f' % math.sqrt(mse))
    print('r2:%f' % r2)


def main():
    lstm = load_model('model/lstm.h5')
    gru = load_model('model/gru.h5')
    saes = load_model('model/saes.h5')
    models = [lstm, gru, saes]
    names = ['LSTM', 'GRU', 'SAEs']

    lag = 12
    file1 = 'data/train.csv'
    file2 = 'data/test.csv'
    _, _, X_test, y_test, scaler = process_data(file1, file2, lag)
    y_test = scaler.inverse_transform(y_test.reshape(-1, 1)).reshape(1, -1)[0]

    y_preds = []
    for name, model in zip(names, models):
        if name == 'SAEs':
            X_test = np.reshape(X_test, (X_test.shape[0], X_test.shape[1]))
        else:
            X_test = np.reshape(X_test, (X_test.shape[0], X_test.shape[1], 1))
        predicted = model.predict(X_test)
        predicted = scaler.inverse_transform(predicted.reshape(-1, 1)).reshape(1, -1)[0]
        y_preds.append(predicted[:288])
        print(name)
        eva_regress(y_test, predicted)


class _Args:
    def __init__(self, model):
        self.model = model


np.random.seed(0)
for name in ('lstm', 'gru', 'saes'):  # python train.py --model <name>
    train_main(_Args(name))
main()  # python main.py
