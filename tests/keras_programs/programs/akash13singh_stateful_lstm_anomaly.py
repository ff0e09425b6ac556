# source: akash13singh/lstm_anomaly_thesis stateful_lstm_predictor.py with models/lstm.py (ResetStatesCallback, StatefulMultiStepLSTM, train_stateful_model), utilities/utils.py (prepare_seq2seq_data, standardize, get_diagonals, shift_time_series, load_data) and configuration/config.py (A. Singh's widely starred KTH/Ericsson master thesis "Anomaly detection for temporal data using LSTMs": a stacked stateful LSTM predicts the next readings of a sensor series - ECG, power demand, space shuttle, NAB machine temperature - trained with a reset-states callback and early stopping, its prediction errors later scored as anomalies)
# commit: c9c1aae3545e0412a042f5838e81622c82e8668a
# keras: tf_keras
# exercises: Keras 2's old module paths `from keras.layers.core import Dense, Activation, Dropout, RepeatVector`, `from keras.layers.recurrent import LSTM`, `from keras.layers.wrappers import TimeDistributed`, `from keras.models import Sequential`, `from keras.optimizers import Adam, RMSprop`, `from keras.callbacks import EarlyStopping, Callback, TensorBoard, ModelCheckpoint`, `import keras.backend as K`; a Callback subclass whose on_epoch_begin(self, epoch, logs={}) calls self.model.reset_states(); a class building Sequential() in __init__ and adding in build_model: LSTM(units=..., batch_input_shape=(batch, look_back, 1), stateful=True, unroll=True, return_sequences=True), Dropout, a second LSTM(units=..., stateful=True, return_sequences=False, unroll=True), Dropout, Dense(units=1), RepeatVector(look_ahead), Activation("linear"); compile(loss='mse', optimizer=Adam(lr=.02, decay=.99)) (Keras 2's `lr` and time-based decay, through tf-keras's legacy Adam); model.summary(); ModelCheckpoint(monitor='val_acc', filepath='checkpoints/model_{epoch:02d}_{val_acc:.3f}.h5', save_best_only=True) built but not passed to fit (as in the source); fit(batch_size, epochs, validation_data=..., shuffle=False, verbose=2, callbacks=[ResetStatesCallback(), EarlyStopping(monitor='val_loss', patience)]) on the stateful model (validation batches run on the states the training left); history.history['loss'/'val_loss'] and keys(); evaluate(X, y, batch_size=batch_size, verbose=2) on two sets (a scalar loss); predict(X, batch_size=batch_size) on four sets without a reset in between, inverse-scaled, diagonals of the multi-step predictions, RMSE per look-ahead step and of a naive one-step shift
# reduced: the NAB machine-temperature .npy files (train, validation1, validation2, test; the last two with an anomaly label column) replaced by a seeded numpy series (a daily-like sine plus noise, with a few spikes labelled 1 in validation2 and test): 110, 59, 59 and 59 readings; sklearn's StandardScaler / mean_squared_error replaced by the same mean / std scaling and RMSE in numpy; look_back 12 -> 6, config batch_size 256 -> 32 (so the stateful batch is 32 - (6 + 1) + 1 = 26, and every set's windows are trimmed to whole batches, as the script does), layers {'input': 1, 'hidden1': 120, 'output': 1} -> the config file's commented alternative {'input': 1, 'hidden1': 20, 'hidden2': 5, 'output': 1} with 20, 5 -> 8, 4 (two stacked stateful LSTMs); n_epochs 40 -> 3 (patience 20 kept); dropout 0.1 -> 0.0 (random masks cannot match); Adam(lr=..., decay=.99) -> keras.optimizers.legacy.Adam(lr=..., decay=.99) (tf-keras 2.11+'s Adam refuses `decay`: "use the legacy optimizer"); Python 2 -> 3: print statements -> print(), `len(X) / batch_size` -> `//` for the batch counts; the TF1 session setup (tf.ConfigProto, tf.Session, K.set_session, tf.set_random_seed), matplotlib / seaborn plots, plot_model, logging to a file, np.save of the predictions, and the unused VanillaLSTM / MultiStepLSTM classes and the TF1-only GetStatesCallback / get_states / set_states (model.state_updates) left out
import numpy as np
import random as rn
np.random.seed(123)
rn.seed(123)
import logging
import os
import shutil
import time

# ---- configuration/config.py ----
run_config = { 'Xserver' : False,
               'experiment_id' : "nab_jun22_overfitting",
               'data_folder': 'resources/data/nab/nab_machine_temperature/',
               'save_figure': False
               }

multi_step_lstm_config = {  'batch_size': 32,
                            'n_epochs': 3,
                            'dropout': 0.0 ,
                            'look_back': 6,
                            'look_ahead':1,
                            'layers':{'input': 1, 'hidden1':8, 'hidden2':4,  'output': 1},
                            'loss': 'mse',
                            'train_test_ratio' : 0.7,
                            'shuffle': False,
                            'validation': True,
                            'learning_rate': .02,
                            'patience':20,
                           }

# ---- models/lstm.py ----
from keras.layers.core import Dense, Activation, Dropout, RepeatVector
from keras.layers.recurrent import LSTM
from keras.models import Sequential
from keras.layers.wrappers import TimeDistributed
from keras.optimizers import Adam, RMSprop
from keras import optimizers
logger = logging.getLogger(__name__).addHandler(logging.StreamHandler())
from keras.callbacks import EarlyStopping, Callback, TensorBoard, ModelCheckpoint
import keras.backend as K


class ResetStatesCallback(Callback):
    def on_epoch_begin(self, epoch, logs={}):
        print("Resetting states before epoch %d"%(epoch))
        self.model.reset_states()


class StatefulMultiStepLSTM(object):
    def __init__(self,batch_size, look_back, look_ahead, layers, dropout, loss, learning_rate):
        self.batch_size = batch_size
        self.look_back = look_back
        self.look_ahead = look_ahead
        self.n_hidden = len(layers) - 2
        self.model = Sequential()
        self.layers = layers
        self.loss = loss
        # self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.dropout = dropout
        logging.info("StatefulMultiStepLSTM LSTM Model Info: %s" % (locals()))

    def build_model(self):
        # first add input to hidden1
        self.model.add(LSTM(
            units=self.layers['hidden1'],
            batch_input_shape=(self.batch_size,self.look_back,self.layers['input']),
            #batch_size=self.batch_size,
            stateful=True,
            unroll=True,
            return_sequences=True if self.n_hidden > 1 else False))
        self.model.add(Dropout(self.dropout))

        # add hidden layers
        for i in range(2, self.n_hidden + 1):
            return_sequences = True
            if i == self.n_hidden:
                return_sequences = False
            self.model.add(LSTM(units = self.layers["hidden" + str(i)], stateful=True,return_sequences=return_sequences,unroll=True))
            self.model.add(Dropout(self.dropout))

        # add dense layer with output dimension to get output for one time_step
        self.model.add(Dense(units=self.layers['output']))

        # Repeat for look_ahead steps to get outputs for look_ahead timesteps.
        self.model.add(RepeatVector(self.look_ahead))

        # add activation
        self.model.add(Activation("linear"))

        # compile model and print summary
        start = time.time()
        self.model.compile(loss=self.loss, optimizer=optimizers.legacy.Adam(lr=self.learning_rate,decay= .99))
        #self.model.compile(loss=self.loss, optimizer=Adam(lr=self.learning_rate))
        logging.info("Compilation Time : %s" % str(time.time() - start))
        self.model.summary()
        return self.model


def train_stateful_model(model, x_train, y_train, batch_size, epochs, shuffle, validation, validation_data, patience):
    logging.info("Training...")
    training_start_time = time.time()


    try:
        shutil.rmtree('checkpoints')
    except:
        pass
    os.mkdir('checkpoints')
    checkpoint = ModelCheckpoint(monitor='val_acc',filepath='checkpoints/model_{epoch:02d}_{val_acc:.3f}.h5',
                                 save_best_only=True)

    if validation:
        early_stopping = EarlyStopping(monitor='val_loss', patience=patience)

        history_callback = model.fit(x_train, y_train,batch_size=batch_size, epochs=epochs, validation_data = validation_data,
                                     shuffle=shuffle, verbose=2, callbacks=[ResetStatesCallback(),early_stopping])
    else:
        history_callback = model.fit(x_train, y_train, batch_size=batch_size, epochs= epochs,callbacks=[ResetStatesCallback()],
                                     shuffle=shuffle, verbose=2)
    logging.info('Training duration (s) : %s', str(time.time() - training_start_time))
    logging.info("Training Loss per epoch: %s" % str(history_callback.history["loss"]))
    if validation:
        logging.info("Validation  Loss per epoch: %s" % str(history_callback.history["val_loss"]))
    print(history_callback.history.keys())
    return history_callback


# ---- utilities/utils.py ----
class StandardScaler(object):  # stand-in for sklearn's, on 1-D series
    def fit_transform(self, data):
        self.mean_, self.scale_ = np.mean(data), np.std(data)
        return self.transform(data)
    def transform(self, data):
        return (data - self.mean_) / self.scale_
    def inverse_transform(self, data):
        return data * self.scale_ + self.mean_


def mean_squared_error(y_true, y_pred):  # stand-in for sklearn's
    return np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)


def prepare_seq2seq_data(dataset, look_back, look_ahead):
    dataX, dataY = [], []
    for i in range(len(dataset) - look_back - look_ahead):
        input_seq = dataset[i:(i + look_back)]
        output_seq = dataset[i + look_back:(i + look_back + look_ahead)]
        dataX.append(input_seq)
        dataY.append(output_seq)
    dataX = np.reshape(np.array(dataX),[-1,look_back,1])
    dataY = np.reshape(np.array(dataY),[-1,look_ahead,1])
    return dataX,dataY

#use only for training data
#use returned scaler object to scale test data
def standardize(data):
    scaler = StandardScaler()
    data = scaler.fit_transform(data)
    print("data mean %f, data variance %f"%(np.mean(data),np.var(data)))
    return data,scaler

#get all diagonals from a two d array
def get_diagonals(input):
    #fetch diagonals in a list
    diagonals = [input[::-1, :].diagonal(i) for i in range(-input.shape[0] + 1, 1)]
    return diagonals

def shift_time_series(X,shift_step):
    return np.roll(X,shift_step)

def make_series(n, start, spikes):  # stand-in for the .npy files: value, anomaly label
    t = np.arange(start, start + n)
    values = 80 + 10 * np.sin(2 * np.pi * t / 24.0) + np.random.randn(n)
    labels = np.zeros(n)
    for s in spikes:
        values[s] += 25
        labels[s] = 1
    return np.column_stack([values, labels])

def load_data(data_folder,look_back,look_ahead):
    print('Loading data... ')
    train = make_series(110, 0, [])
    validation1 = make_series(59, 110, [])
    validation2 = make_series(59, 169, [20, 41])
    test = make_series(59, 228, [15, 33])

    # standardize data. use the training set mean and variance to transform rewst of the sets
    train, train_scaler = standardize(train[:, 0])
    validation1 = train_scaler.transform(validation1[:, 0])
    validation2_labels = validation2[:, 1]
    validation2 = train_scaler.transform(validation2[:, 0])
    test_labels = test[:, 1]
    test = train_scaler.transform(test[:, 0])

    # prepare sequence data and labels
    X_train, y_train = prepare_seq2seq_data(train, look_back, look_ahead)
    X_validation1, y_validation1 = prepare_seq2seq_data(validation1, look_back, look_ahead)
    X_validation2, y_validation2 = prepare_seq2seq_data(validation2, look_back, look_ahead)
    X_validation2_labels, y_validation2_labels = prepare_seq2seq_data(validation2_labels, look_back, look_ahead)
    X_test, y_test = prepare_seq2seq_data(test, look_back, look_ahead)
    X_test_labels, y_test_labels = prepare_seq2seq_data(test_labels, look_back, look_ahead)
    return train_scaler, X_train, y_train, X_validation1, y_validation1, X_validation2, y_validation2, y_validation2_labels, X_test, y_test, y_test_labels


# ---- stateful_lstm_predictor.py ----
def get_predictions(context,model,X,y,train_scaler,batch_size,look_ahead,look_back,epochs,experiment_id):
    predictions = model.predict(X, batch_size=batch_size)
    print(predictions.shape)
    predictions = train_scaler.inverse_transform(predictions)
    y = train_scaler.inverse_transform(y)

    y_true = y[:, 0].flatten()

    diagonals = get_diagonals(predictions)

    for idx, diagonal in enumerate(diagonals):
        diagonal = diagonal.flatten()
        diagonals[idx] = np.hstack((diagonal, np.full(look_ahead - len(diagonal), diagonal[0])))
    predictions_timesteps = np.asarray(diagonals)

    for i in range(look_ahead):
        logging.info("%s RMSE on %d timestep prediction %f" % ( context,
            (i + 1), mean_squared_error(y_true, predictions_timesteps[:, i]) ** 0.5))

    shifted_1 = shift_time_series(y_true, 1)

    logging.info(" %s RMSE Naive One Timestep Shift %f",context,
                 mean_squared_error(y_true[1:], shifted_1[1:]) ** 0.5)

    return predictions_timesteps, y_true


def run():
    experiment_id = run_config['experiment_id']
    data_folder = run_config['data_folder']
    look_back = multi_step_lstm_config['look_back']
    look_ahead = multi_step_lstm_config['look_ahead']
    batch_size = multi_step_lstm_config['batch_size'] -(look_back+look_ahead) +1
    epochs = multi_step_lstm_config['n_epochs']
    dropout = multi_step_lstm_config['dropout']
    layers = multi_step_lstm_config['layers']
    loss = multi_step_lstm_config['loss']
    shuffle = multi_step_lstm_config['shuffle']
    patience = multi_step_lstm_config['patience']
    validation = multi_step_lstm_config['validation']
    learning_rate = multi_step_lstm_config['learning_rate']
    logging.info("----------------------------------------------------")
    logging.info('Run id %s' % (experiment_id))

    logging.info(" HYPERPRAMRAMS : %s" % (str(locals())))

    train_scaler, X_train, y_train, X_validation1, y_validation1, X_validation2, y_validation2, validation2_labels, \
    X_test, y_test, test_labels = load_data(data_folder, look_back, look_ahead)

    if batch_size > 1:
        n_train_batches = len(X_train)//batch_size
        len_train = n_train_batches * batch_size
        if len_train < len(X_train):
            X_train = X_train[:len_train]
            y_train = y_train[:len_train]

        n_validation1_batches = len(X_validation1)//batch_size
        len_validation1 = n_validation1_batches * batch_size
        if n_validation1_batches * batch_size < len(X_validation1):
            X_validation1 = X_validation1[:len_validation1]
            y_validation1 = y_validation1[:len_validation1]

        n_validation2_batches = len(X_validation2) // batch_size
        len_validation2 = n_validation2_batches * batch_size
        if n_validation2_batches * batch_size < len(X_validation2):
            X_validation2 = X_validation2[:len_validation2]
            y_validation2 = y_validation2[:len_validation2]

        n_test_batches = len(X_test)//batch_size
        len_test = n_test_batches * batch_size
        if n_test_batches * batch_size < len(X_test):
            X_test = X_test[:len_test]
            y_test = y_test[:len_test]

    stateful_lstm = StatefulMultiStepLSTM(batch_size=batch_size, look_back=look_back, look_ahead=look_ahead,
                                          layers=layers,
                                          dropout=dropout, loss=loss, learning_rate=learning_rate)
    model = stateful_lstm.build_model()
    history = train_stateful_model(model, X_train, y_train, batch_size, epochs, shuffle, validation, (X_validation1, y_validation1),
                     patience)
    print(history.history['loss'], history.history['val_loss'])

    validation2_loss = model.evaluate(X_validation2, y_validation2, batch_size=batch_size, verbose=2)
    print("Validation2 Loss %s" % (validation2_loss))
    logging.info("Validation2 Loss %s" % (validation2_loss))
    test_loss = model.evaluate(X_test, y_test, batch_size=batch_size, verbose=2)
    print("Test Loss %s" % (test_loss))
    logging.info("Test Loss %s" % (test_loss))

    predictions_train, y_true_train = get_predictions("Train", model, X_train, y_train, train_scaler,
                                                               batch_size, look_ahead, look_back, epochs, experiment_id,
                                                               )

    predictions_validation1, y_true_validation1 = get_predictions("Validation1", model, X_validation1, y_validation1,
                                                                  train_scaler, batch_size, look_ahead, look_back,
                                                                  epochs, experiment_id,
                                                                  )
    predictions_validation1_scaled = train_scaler.transform(predictions_validation1)
    print("Calculated validation1 loss %f" % (mean_squared_error(
        np.reshape(y_validation1, [len(y_validation1), look_ahead]),
        np.reshape(predictions_validation1_scaled, [len(predictions_validation1_scaled), look_ahead]))))

    predictions_validation2, y_true_validation2 = get_predictions("Validation2", model, X_validation2, y_validation2,
                                                                  train_scaler, batch_size, look_ahead, look_back,
                                                                  epochs, experiment_id,
                                                                 )
    predictions_test, y_true_test = get_predictions("Test", model, X_test, y_test, train_scaler, batch_size, look_ahead,
                                                    look_back, epochs, experiment_id,
                                                   )
    predictions_test_scaled = train_scaler.transform(predictions_test)
    print("Calculated test loss %f" % (mean_squared_error( np.reshape(y_test, [len(y_test),look_ahead]),
                                       np.reshape(predictions_test_scaled, [len(predictions_test_scaled),look_ahead]))))
    logging.info("-------------------------run complete----------------------------------------------")


if __name__ == "__main__":
    FORMAT = '%(asctime)-15s. %(message)s'
    logger = logging.basicConfig(level=logging.INFO, format=FORMAT)
    run()
    logging.info("")
