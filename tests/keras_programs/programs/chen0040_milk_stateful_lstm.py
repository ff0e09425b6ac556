# source: chen0040/keras-timeseries-web-api keras_timeseries/library/recurrent.py with keras_timeseries/demo/milk_timeseries_stateful_train.py, milk_timeseries_stateful_predict.py, milk_timeseries_stateless_train.py and milk_timeseries_stateless_predict.py (Xianshun Chen's monthly-milk-production LSTM forecasters, trained, saved to files and reloaded by a Flask web API)
# commit: 4554ed411a6f106e73d920d7be66f2105cd37e61
# keras: tf_keras
# exercises: `from keras.layers/models/callbacks import ...`; two predictor classes: a stateless Sequential of LSTM(units=64, input_shape=(num_timesteps, 1), return_sequences=False) + Dense(1), and a stateful one, LSTM(units=64, batch_input_shape=(batch_size, num_timesteps, 1), return_sequences=False, stateful=True) + Dense(1); compile(optimizer='adam', loss='mean_squared_error', metrics=['mean_squared_error']); print(model.summary()); model.to_json() written to an architecture file; fit(batch_size=12, validation_data=..., callbacks=[ModelCheckpoint(path ending in -weights.h5)]) (a whole-model HDF5 save each epoch, default arguments), evaluate(batch_size=...) unpacked as `score, _` and math.sqrt(score), save_weights to the same .h5 path; load_model: model_from_json(open(...).read()) then load_weights(h5) on the new, uncompiled model, then predict (the stateful one at its fixed batch of 12, with no reset between calls, so its state runs on from one predict to the next); a MinMax scaler pickled with the model, inverse_transform of the predictions; training/test windows cut from one series with numpy loops; a config dict saved with np.save
# reduced: the milk-production CSV (pandas.read_csv, DataFrame.as_matrix) replaced by 72 months of a made-up seasonal series with a trend and noise (numpy), printed with [:5] instead of head(); sklearn's MinMaxScaler replaced by a hand-written MinMaxScaler class with the same attributes and methods (fit_transform, transform, inverse_transform, data_min_, data_max_, data_range_) as sklearn is not installed; sklearn's train_test_split(test_size=0.2) (random) replaced by an unshuffled split of the last 20% (rounded up, as sklearn does); shuffle=False added to both fit calls (tf-keras shuffles batches with TensorFlow's generator, which PyTorch cannot replay); epochs 100 -> 3; np.load(config_file_path).item() -> np.load(config_file_path, allow_pickle=True).item() (numpy >= 1.16.3 refuses pickled objects otherwise, on both sides); the scaler class also set on the __main__ module, so that pickle finds it when the file is run by exec (as the test harness does); model_dir_path a local 'models' folder made with os.makedirs (the demos' ../models/monthly-milk-production); the four demo scripts run one after another at the end instead of as separate scripts; the library's own main() (which loads a pre-trained model from the repository) and the plot of the stateless predictions (plot_utils, matplotlib) left out
from keras.layers import LSTM, Dense
from keras.models import Model, Sequential
from keras.callbacks import ModelCheckpoint
from keras.models import model_from_json
import numpy as np
import os
import pickle
import math


class MinMaxScaler(object):
    def __init__(self, feature_range=(0, 1)):
        self.feature_range = feature_range

    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        self.data_min_ = X.min(axis=0)
        self.data_max_ = X.max(axis=0)
        self.data_range_ = self.data_max_ - self.data_min_
        self.scale_ = (self.feature_range[1] - self.feature_range[0]) / self.data_range_
        self.min_ = self.feature_range[0] - self.data_min_ * self.scale_
        return self

    def transform(self, X):
        return np.asarray(X, dtype=np.float64) * self.scale_ + self.min_

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, X):
        return (np.asarray(X, dtype=np.float64) - self.min_) / self.scale_


import __main__
__main__.MinMaxScaler = MinMaxScaler  # so that pickle finds the class where this file is run by exec


def train_test_split(X, Y, test_size):
    n_test = int(math.ceil(len(X) * test_size))
    return X[:-n_test], X[-n_test:], Y[:-n_test], Y[-n_test:]


class StatelessLSTM(object):
    model_name = 'stateless-lstm'

    def __init__(self):
        self.model = None
        self.scaler = None
        self.config = None

    @staticmethod
    def get_config_path(model_dir_path):
        return model_dir_path + '/' + StatelessLSTM.model_name + '-config.npy'

    @staticmethod
    def get_weight_path(model_dir_path):
        return model_dir_path + '/' + StatelessLSTM.model_name + '-weights.h5'

    @staticmethod
    def get_architecture_path(model_dir_path):
        return model_dir_path + '/' + StatelessLSTM.model_name + '-architecture.json'

    @staticmethod
    def get_scaler_path(model_dir_path):
        return model_dir_path + '/' + StatelessLSTM.model_name + '-scaler.pickle'

    def load_model(self, model_dir_path):
        config_file_path = StatelessLSTM.get_config_path(model_dir_path)
        weight_file_path = StatelessLSTM.get_weight_path(model_dir_path)
        architecture_file_path = StatelessLSTM.get_architecture_path(model_dir_path)
        scaler_file_path = StatelessLSTM.get_scaler_path(model_dir_path)

        self.model = model_from_json(
            open(architecture_file_path, 'r').read())
        self.model.load_weights(weight_file_path)
        self.config = np.load(config_file_path, allow_pickle=True).item()
        self.scaler = pickle.load(
            open(scaler_file_path, 'rb'))

    def evaluate(self, timeseries):
        timeseries = self.scaler.transform(timeseries)
        timesteps = self.config['timesteps']
        X = np.zeros(shape=(timeseries.shape[0] - timesteps - 1, timesteps))
        Y = np.zeros(shape=(timeseries.shape[0] - timesteps - 1, 1))
        for i in range(timeseries.shape[0] - timesteps - 1):
            X[i] = timeseries[i:i + timesteps].T
            Y[i] = timeseries[i + timesteps + 1]
        X = np.expand_dims(X, axis=2)
        Ypredict = self.model.predict(X)
        return Ypredict, Y

    def predict(self, time_window):
        time_window = self.scaler.transform(np.expand_dims(time_window, -1))
        timesteps = self.config['timesteps']
        X = np.zeros(shape=(1, timesteps))
        X[0] = time_window[(len(time_window) - timesteps):].T
        X = np.expand_dims(X, axis=2)
        Ypredict = self.model.predict(X)
        Ypredict = self.scaler.inverse_transform(Ypredict)[0][0]
        return Ypredict

    def create_model(self, num_timesteps, hidden_units=None):
        if hidden_units is None:
            hidden_units = 64

        model = Sequential()
        model.add(LSTM(units=hidden_units, input_shape=(num_timesteps, 1), return_sequences=False))
        model.add(Dense(1))

        model.compile(optimizer='adam', loss='mean_squared_error', metrics=['mean_squared_error'])

        print(model.summary())
        return model

    def fit(self, timeseries, model_dir_path, batch_size=None, epochs=None, num_timesteps=None):
        weight_file_path = StatelessLSTM.get_weight_path(model_dir_path)
        architecture_file_path = StatelessLSTM.get_architecture_path(model_dir_path)
        scaler_file_path = StatelessLSTM.get_scaler_path(model_dir_path)
        config_file_path = StatelessLSTM.get_config_path(model_dir_path)

        self.scaler = MinMaxScaler()

        timeseries = self.scaler.fit_transform(np.expand_dims(timeseries, axis=-1))
        pickle.dump(self.scaler, open(scaler_file_path, 'wb'))

        if num_timesteps is None:
            num_timesteps = 6  # use last 6 timestep data to predict the next value
        if batch_size is None:
            batch_size = 12
        if epochs is None:
            epochs = 3

        self.config = dict()
        self.config['timesteps'] = num_timesteps
        self.config['scaler_min'] = self.scaler.data_min_
        self.config['scaler_max'] = self.scaler.data_max_
        self.config['scaler_range'] = self.scaler.data_range_
        np.save(config_file_path, self.config)

        self.model = self.create_model(num_timesteps)
        with open(architecture_file_path, 'w') as file:
            file.write(self.model.to_json())

        X = np.zeros(shape=(timeseries.shape[0] - num_timesteps - 1, num_timesteps))
        Y = np.zeros(shape=(timeseries.shape[0] - num_timesteps - 1, 1))
        for i in range(timeseries.shape[0] - num_timesteps - 1):
            X[i] = timeseries[i:i + num_timesteps].T
            Y[i] = timeseries[i + num_timesteps + 1]

        X = np.expand_dims(X, axis=2)

        Xtrain, Xtest, Ytrain, Ytest = train_test_split(X, Y, test_size=0.2)

        checkpoint = ModelCheckpoint(weight_file_path)
        self.model.fit(Xtrain, Ytrain, batch_size=batch_size, epochs=epochs, verbose=1,
                       callbacks=[checkpoint],
                       validation_data=(Xtest, Ytest), shuffle=False)

        score, _ = self.model.evaluate(Xtest, Ytest, batch_size=batch_size, verbose=1)

        print('root mean squared error: ', math.sqrt(score))

        self.model.save_weights(weight_file_path)

    def test_run(self, timeseries):
        Ypredict, Y = self.evaluate(timeseries)

        return np.column_stack((Ypredict, Y))
    
    
class StatefulLSTM(object):
    model_name = 'stateful-lstm'

    def __init__(self):
        self.model = None
        self.scaler = None
        self.config = None

    @staticmethod
    def get_config_path(model_dir_path):
        return model_dir_path + '/' + StatefulLSTM.model_name + '-config.npy'

    @staticmethod
    def get_weight_path(model_dir_path):
        return model_dir_path + '/' + StatefulLSTM.model_name + '-weights.h5'

    @staticmethod
    def get_architecture_path(model_dir_path):
        return model_dir_path + '/' + StatefulLSTM.model_name + '-architecture.json'

    @staticmethod
    def get_scaler_path(model_dir_path):
        return model_dir_path + '/' + StatefulLSTM.model_name + '-scaler.pickle'

    def load_model(self, model_dir_path):
        config_file_path = StatefulLSTM.get_config_path(model_dir_path)
        weight_file_path = StatefulLSTM.get_weight_path(model_dir_path)
        architecture_file_path = StatefulLSTM.get_architecture_path(model_dir_path)
        scaler_file_path = StatefulLSTM.get_scaler_path(model_dir_path)

        self.model = model_from_json(
            open(architecture_file_path, 'r').read())
        self.model.load_weights(weight_file_path)
        self.config = np.load(config_file_path, allow_pickle=True).item()
        self.scaler = pickle.load(
            open(scaler_file_path, 'rb'))

    def batch_size(self):
        return self.config['batch_size']

    def evaluate(self, timeseries):
        timeseries = self.scaler.transform(timeseries)
        timesteps = self.config['timesteps']
        X = np.zeros(shape=(timeseries.shape[0] - timesteps - 1, timesteps))
        Y = np.zeros(shape=(timeseries.shape[0] - timesteps - 1, 1))
        for i in range(timeseries.shape[0] - timesteps - 1):
            X[i] = timeseries[i:i + timesteps].T
            Y[i] = timeseries[i + timesteps + 1]
        X = np.expand_dims(X, axis=2)
        Ypredict = self.model.predict(X)
        return Ypredict, Y

    def predict(self, time_window):
        time_window = self.scaler.transform(np.expand_dims(time_window, -1))
        timesteps = self.config['timesteps']
        batch_size = self.batch_size()
        time_window_size = len(time_window)

        if time_window_size < batch_size + timesteps:
            return 0

        X = np.zeros(shape=(batch_size, timesteps))
        index = 0
        for i in range(batch_size):
            X[i] = time_window[time_window_size - batch_size + i - timesteps:time_window_size - batch_size + i].T
        X = np.expand_dims(X, axis=2)
        Ypredict = self.model.predict(X)
        Ypredict = self.scaler.inverse_transform(Ypredict)[0][0]
        return Ypredict

    def create_model(self, num_timesteps, batch_size, hidden_units=None):
        if hidden_units is None:
            hidden_units = 64

        model = Sequential()
        model.add(LSTM(units=hidden_units, batch_input_shape=(batch_size, num_timesteps, 1), return_sequences=False,
                       stateful=True))
        model.add(Dense(1))

        model.compile(optimizer='adam', loss='mean_squared_error', metrics=['mean_squared_error'])

        print(model.summary())
        return model

    def fit(self, timeseries, model_dir_path, batch_size, epochs=None, num_timesteps=None, split_test_size=None):
        weight_file_path = StatefulLSTM.get_weight_path(model_dir_path)
        architecture_file_path = StatefulLSTM.get_architecture_path(model_dir_path)
        scaler_file_path = StatefulLSTM.get_scaler_path(model_dir_path)
        config_file_path = StatefulLSTM.get_config_path(model_dir_path)

        self.scaler = MinMaxScaler()
        timeseries = self.scaler.fit_transform(np.expand_dims(timeseries, axis=-1))
        pickle.dump(self.scaler, open(scaler_file_path, 'wb'))

        if num_timesteps is None:
            num_timesteps = 6  # use last 6 timestep data to predict the next value
        if batch_size is None:
            batch_size = 12
        if epochs is None:
            epochs = 3
        if split_test_size is None:
            split_test_size = 0.2

        self.config = dict()
        self.config['timesteps'] = num_timesteps
        self.config['scaler_min'] = self.scaler.data_min_
        self.config['scaler_max'] = self.scaler.data_max_
        self.config['scaler_range'] = self.scaler.data_range_
        self.config['batch_size'] = batch_size
        np.save(config_file_path, self.config)

        self.model = self.create_model(num_timesteps=num_timesteps, batch_size=batch_size)
        with open(architecture_file_path, 'w') as file:
            file.write(self.model.to_json())

        ts_len = timeseries.shape[0]
        X = np.zeros(shape=(ts_len - num_timesteps - 1, num_timesteps))
        Y = np.zeros(shape=(ts_len - num_timesteps - 1, 1))
        for i in range(timeseries.shape[0] - num_timesteps - 1):
            X[i] = timeseries[i:i + num_timesteps].T
            Y[i] = timeseries[i + num_timesteps + 1]

        X = np.expand_dims(X, axis=2)
        ts_len = X.shape[0]

        split_len = int(ts_len * split_test_size)

        Xtrain, Xtest, Ytrain, Ytest = X[split_len:], X[:split_len], Y[split_len:], Y[:split_len]

        # must be multiple of batch size
        trainSize = int(len(Xtrain) // batch_size)
        trainSize = trainSize * batch_size
        Xtrain = Xtrain[:trainSize]
        Ytrain = Ytrain[:trainSize]

        testSize = int(len(Xtest) // batch_size)
        testSize = testSize * batch_size
        Xtest = Xtest[:testSize]
        Ytest = Ytest[:testSize]

        checkpoint = ModelCheckpoint(weight_file_path)
        self.model.fit(Xtrain, Ytrain, batch_size=batch_size, epochs=epochs, verbose=1,
                       callbacks=[checkpoint],
                       validation_data=(Xtest, Ytest), shuffle=False)

        score, _ = self.model.evaluate(Xtest, Ytest, batch_size=batch_size, verbose=1)

        print('root mean squared error: ', math.sqrt(score))

        self.model.save_weights(weight_file_path)

    def test_run(self, timeseries):
        Ypredict, Y = self.evaluate(timeseries)

        return np.column_stack((Ypredict, Y))


# the data: 72 months of a milk-production-like series
months = np.arange(72)
timeseries = 600 + 1.5 * months + 60 * np.sin(2 * np.pi * (months - 2) / 12) + 8 * np.random.randn(72)
model_dir_path = 'models'
os.makedirs(model_dir_path, exist_ok=True)

# milk_timeseries_stateful_train.py
print(timeseries[:5])

network = StatefulLSTM()

batch_size = 12  # 12 is the period of the "cycle"
network.fit(timeseries, batch_size=batch_size, model_dir_path=model_dir_path, num_timesteps=6)

# milk_timeseries_stateful_predict.py
print(timeseries)

network = StatefulLSTM()

network.load_model(model_dir_path=model_dir_path)

timesteps = 6
for i in range(timeseries.shape[0] - timesteps - 1):
    X = timeseries[:i + timesteps].T
    predicted = network.predict(X)
    actual = timeseries[i + timesteps + 1]
    print('predicted: ' + str(predicted) + ' actual: ' + str(actual))

# milk_timeseries_stateless_train.py
output_dir_path = model_dir_path

network = StatelessLSTM()

timesteps = 6
network.fit(timeseries, model_dir_path=output_dir_path, num_timesteps=timesteps)

# milk_timeseries_stateless_predict.py
network = StatelessLSTM()

network.load_model(model_dir_path=model_dir_path)

predicted_list = []
actual_list = []
timesteps = 6
for i in range(timeseries.shape[0] - timesteps - 1):
    X = timeseries[i:i + timesteps].T
    predicted = network.predict(X)
    actual = timeseries[i + timesteps + 1]
    predicted_list.append(predicted)
    actual_list.append(actual)
    print('predicted: ' + str(predicted) + ' actual: ' + str(actual))
