# source: khundman/telemanom telemanom/modeling.py and telemanom/channel.py, with the model part of telemanom/detector.py's run (NASA JPL's Telemanom, Hundman et al., KDD 2018, "Detecting Spacecraft Anomalies Using LSTMs and Nonparametric Dynamic Thresholding": an LSTM per telemetry channel predicting the next n values, its errors thresholded for anomalies)
# commit: 2e6c5b6c3558e7835601519b7bdef37c649bdbdc
# keras: tf_keras
# exercises: Keras 2.3's old module paths `from keras.layers.recurrent import LSTM` and `from keras.layers.core import Dense, Activation, Dropout`, `from keras.callbacks import History, EarlyStopping, Callback`; a Sequential LSTM(80, input_shape=(None, n_inputs), return_sequences=True) -> Dropout -> LSTM(80, return_sequences=False) -> Dropout -> Dense(n_predictions) -> Activation('linear'); compile(loss='mse', optimizer='adam') from config strings; fit(batch_size, epochs, validation_split=0.2, callbacks=[History(), EarlyStopping(monitor='val_loss', patience, min_delta, verbose=0)], verbose=True) (an explicit History in the list beside fit's own); model.save to a .h5 path; a second Model for the same channel built with train False that load_model()s the .h5; batch_predict: predict on test windows arriving in batches of 70 (the last batch shorter), the n-step-ahead predictions aggregated along flipped diagonals (np.flipud(...).diagonal()), np.save of y_hat; the channel's windows cut with numpy and shuffled with np.random.shuffle
# reduced: the channel's train/test .npy files (SMAP/MSL telemetry downloaded into data/) replaced by made-up channels (numpy: a telemetry value plus 4 binary command columns, 115 training and 290 test steps); helpers.Config (a YAML file read into attributes) replaced by a small class with config.yaml's values; l_s 250 -> 30 (so that the 75 training windows leave 60 after validation_split 0.2: one batch of 64, so fit's shuffling cannot change the result); layers [80, 80] -> [16, 16]; epochs 35 -> 4; dropout 0.3 -> 0.0 (random masks cannot match across frameworks); the run ids fixed strings and their data/<run_id>/models and y_hat folders made with os.makedirs; Detector.run reduced to its model part for two channels (load data, train and save, reload from the .h5 with train False, batch_predict): the error thresholding of errors.py (pandas, more_itertools) and the result CSV left out; logging left as it is
from keras.models import Sequential, load_model
from keras.callbacks import History, EarlyStopping, Callback
from keras.layers.recurrent import LSTM
from keras.layers.core import Dense, Activation, Dropout
import numpy as np
import os
import logging

# suppress tensorflow CPU speedup warnings
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '2'
logger = logging.getLogger('telemanom')


# helpers.Config: config.yaml's values
class Config:
    def __init__(self, train, use_id):
        self.train = train
        self.predict = True
        self.use_id = use_id
        self.batch_size = 70
        self.window_size = 30
        self.smoothing_perc = 0.05
        self.error_buffer = 100
        self.loss_metric = 'mse'
        self.optimizer = 'adam'
        self.validation_split = 0.2
        self.dropout = 0.0
        self.lstm_batch_size = 64
        self.epochs = 4
        self.layers = [16, 16]
        self.patience = 10
        self.min_delta = 0.0003
        self.l_s = 30
        self.n_predictions = 10
        self.p = 0.13


class Channel:
    def __init__(self, config, chan_id):
        """
        Load and reshape channel values (predicted and actual).

        Args:
            config (obj): Config object containing parameters for processing
            chan_id (str): channel id

        Attributes:
            id (str): channel id
            config (obj): see Args
            X_train (arr): training inputs with dimensions
                [timesteps, l_s, input dimensions)
            X_test (arr): test inputs with dimensions
                [timesteps, l_s, input dimensions)
            y_train (arr): actual channel training values with dimensions
                [timesteps, n_predictions, 1)
            y_test (arr): actual channel test values with dimensions
                [timesteps, n_predictions, 1)
            train (arr): train data loaded from .npy file
            test(arr): test data loaded from .npy file
        """

        self.id = chan_id
        self.config = config
        self.X_train = None
        self.y_train = None
        self.X_test = None
        self.y_test = None
        self.y_hat = None
        self.train = None
        self.test = None

    def shape_data(self, arr, train=True):
        """Shape raw input streams for ingestion into LSTM. config.l_s specifies
        the sequence length of prior timesteps fed into the model at
        each timestep t.

        Args:
            arr (np array): array of input streams with
                dimensions [timesteps, 1, input dimensions]
            train (bool): If shaping training data, this indicates
                data can be shuffled
        """

        data = []
        for i in range(len(arr) - self.config.l_s - self.config.n_predictions):
            data.append(arr[i:i + self.config.l_s + self.config.n_predictions])
        data = np.array(data)

        assert len(data.shape) == 3

        if train:
            np.random.shuffle(data)
            self.X_train = data[:, :-self.config.n_predictions, :]
            self.y_train = data[:, -self.config.n_predictions:, 0]  # telemetry value is at position 0
        else:
            self.X_test = data[:, :-self.config.n_predictions, :]
            self.y_test = data[:, -self.config.n_predictions:, 0]  # telemetry value is at position 0

    def load_data(self):
        """
        Load train and test data from local.
        """
        rng = np.random.RandomState(sum(map(ord, self.id)))
        t = np.arange(115 + 290)
        value = np.sin(2 * np.pi * t / 40.0) + 0.1 * rng.randn(len(t))
        value[330:340] += 1.5  # an anomaly in the test part
        commands = (rng.rand(len(t), 4) < 0.05).astype(float)
        data = np.concatenate([value[:, None], commands], axis=1)
        self.train = data[:115]
        self.test = data[115:]

        self.shape_data(self.train)
        self.shape_data(self.test, train=False)


class Model:
    def __init__(self, config, run_id, channel):
        """
        Loads/trains RNN and predicts future telemetry values for a channel.

        Args:
            config (obj): Config object containing parameters for processing
                and model training
            run_id (str): Datetime referencing set of predictions in use
            channel (obj): Channel class object containing train/test data
                for X,y for a single channel

        Attributes:
            config (obj): see Args
            chan_id (str): channel id
            run_id (str): see Args
            y_hat (arr): predicted channel values
            model (obj): trained RNN model for predicting channel values
        """

        self.config = config
        self.chan_id = channel.id
        self.run_id = run_id
        self.y_hat = np.array([])
        self.model = None

        if not self.config.train:
            try:
                self.load()
            except FileNotFoundError:
                path = os.path.join('data', self.config.use_id, 'models',
                                    self.chan_id + '.h5')
                logger.warning('Training new model, couldn\'t find existing '
                               'model at {}'.format(path))
                self.train_new(channel)
                self.save()
        else:
            self.train_new(channel)
            self.save()

    def load(self):
        """
        Load model for channel.
        """

        logger.info('Loading pre-trained model')
        self.model = load_model(os.path.join('data', self.config.use_id,
                                             'models', self.chan_id + '.h5'))

    def train_new(self, channel):
        """
        Train LSTM model according to specifications in config.yaml.

        Args:
            channel (obj): Channel class object containing train/test data
                for X,y for a single channel
        """

        cbs = [History(), EarlyStopping(monitor='val_loss',
                                        patience=self.config.patience,
                                        min_delta=self.config.min_delta,
                                        verbose=0)]

        self.model = Sequential()

        self.model.add(LSTM(
            self.config.layers[0],
            input_shape=(None, channel.X_train.shape[2]),
            return_sequences=True))
        self.model.add(Dropout(self.config.dropout))

        self.model.add(LSTM(
            self.config.layers[1],
            return_sequences=False))
        self.model.add(Dropout(self.config.dropout))

        self.model.add(Dense(
            self.config.n_predictions))
        self.model.add(Activation('linear'))

        self.model.compile(loss=self.config.loss_metric,
                           optimizer=self.config.optimizer)

        self.model.fit(channel.X_train,
                       channel.y_train,
                       batch_size=self.config.lstm_batch_size,
                       epochs=self.config.epochs,
                       validation_split=self.config.validation_split,
                       callbacks=cbs,
                       verbose=True)

    def save(self):
        """
        Save trained model.
        """

        self.model.save(os.path.join('data', self.run_id, 'models',
                                     '{}.h5'.format(self.chan_id)))

    def aggregate_predictions(self, y_hat_batch, method='first'):
        """
        Aggregates predictions for each timestep. When predicting n steps
        ahead where n > 1, will end up with multiple predictions for a
        timestep.

        Args:
            y_hat_batch (arr): predictions shape (<batch length>, <n_preds)
            method (string): indicates how to aggregate for a timestep - "first"
                or "mean"
        """

        agg_y_hat_batch = np.array([])

        for t in range(len(y_hat_batch)):

            start_idx = t - self.config.n_predictions
            start_idx = start_idx if start_idx >= 0 else 0

            # predictions pertaining to a specific timestep lie along diagonal
            y_hat_t = np.flipud(y_hat_batch[start_idx:t+1]).diagonal()

            if method == 'first':
                agg_y_hat_batch = np.append(agg_y_hat_batch, [y_hat_t[0]])
            elif method == 'mean':
                agg_y_hat_batch = np.append(agg_y_hat_batch, np.mean(y_hat_t))

        agg_y_hat_batch = agg_y_hat_batch.reshape(len(agg_y_hat_batch), 1)
        self.y_hat = np.append(self.y_hat, agg_y_hat_batch)

    def batch_predict(self, channel):
        """
        Used trained LSTM model to predict test data arriving in batches.

        Args:
            channel (obj): Channel class object containing train/test data
                for X,y for a single channel

        Returns:
            channel (obj): Channel class object with y_hat values as attribute
        """

        num_batches = int((channel.y_test.shape[0] - self.config.l_s)
                          / self.config.batch_size)
        if num_batches < 0:
            raise ValueError('l_s ({}) too large for stream length {}.'
                             .format(self.config.l_s, channel.y_test.shape[0]))

        # simulate data arriving in batches, predict each batch
        for i in range(0, num_batches + 1):
            prior_idx = i * self.config.batch_size
            idx = (i + 1) * self.config.batch_size

            if i + 1 == num_batches + 1:
                # remaining values won't necessarily equal batch size
                idx = channel.y_test.shape[0]

            X_test_batch = channel.X_test[prior_idx:idx]
            y_hat_batch = self.model.predict(X_test_batch)
            self.aggregate_predictions(y_hat_batch)

        self.y_hat = np.reshape(self.y_hat, (self.y_hat.size,))

        channel.y_hat = self.y_hat

        np.save(os.path.join('data', self.run_id, 'y_hat', '{}.npy'
                             .format(self.chan_id)), self.y_hat)

        return channel


# detector.py's run, its model part
run_id = '2018-05-19_15.00.10'
for chan_id in ['P-1', 'T-3']:
    for folder in ['models', 'y_hat']:
        os.makedirs(os.path.join('data', run_id, folder), exist_ok=True)

    # train new models
    config = Config(train=True, use_id=run_id)
    channel = Channel(config, chan_id)
    channel.load_data()
    model = Model(config, run_id, channel)
    channel = model.batch_predict(channel)
    print(chan_id, channel.y_hat.shape, channel.y_test.shape)

    # the saved ones, loaded back
    config = Config(train=False, use_id=run_id)
    channel = Channel(config, chan_id)
    channel.load_data()
    model = Model(config, run_id, channel)
    channel = model.batch_predict(channel)
    e = [abs(y_h-y_t[0]) for y_h, y_t in zip(channel.y_hat, channel.y_test)]
    print(chan_id, 'mean error', np.mean(e), 'max at', int(np.argmax(e)))
