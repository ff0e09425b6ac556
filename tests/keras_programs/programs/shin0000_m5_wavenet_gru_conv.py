# source: aorursy/new-nb-7 shin0000_m5-neuralnetworks-wavenet-gru-conv-baseline.py (a Kaggle "M5 Forecasting - Accuracy" notebook exported to .py, 2020, "M5 NeuralNetworks (WaveNet, GRU, Conv) baseline": per store, 7-day windows of normalized daily features for every item predict the next day's demand with one of three functional models (a WaveNet of gated dilated Conv1D blocks with residual Adds, two GRU(activation='relu') layers, or three Conv1D layers), each ending in Dense(1, relu) under mse, trained with a step LearningRateScheduler, a callback printing the validation RMSE from self.model.predict at each epoch end and a save-best ModelCheckpoint(period=1), the best .h5 reloaded with load_model for the validation and test predictions)
# commit: 5686537c12fd70d9e29d013cb226ba5dac2745bc
# keras: tf_keras
# exercises: `from tensorflow.keras.layers import *`, `from tensorflow.keras.optimizers import *`, `from tensorflow.keras.callbacks import *`; Conv1D(padding='same', dilation_rate=2**i) with dilations beyond the 7-step window, activation 'tanh' / 'sigmoid', Multiply()([tanh_out, sigm_out]), Add()([res_x, x]) residuals, Flatten, Dropout, Dense(1, activation='relu'); GRU(16, activation='relu', return_sequences=True) then GRU(32, activation='relu'); valid Conv1D stack + Flatten; Model(inputs=inp / [inp], outputs=out / [out]); Adam(learning_rate=, beta_1, beta_2, amsgrad=False); the legacy Adam(lr=, epsilon=None, decay=0.0, amsgrad=False); LearningRateScheduler(scheduler) of epoch alone; a Callback subclass whose __init__ skips super().__init__() and calls self.model.predict in on_epoch_end(self, epoch, logs); ModelCheckpoint(.h5, verbose=0, save_best_only=True, mode='auto', period=1) (the deprecated period); fit(epochs, batch_size, validation_data, callbacks); load_model of that .h5 and predict; model.summary(); a fresh model per store in a loop
# reduced: the M5 csv files (pandas: sales_train_validation melted, calendar and sell_prices merged, label-encoded, reduce_mem_usage'd, per-store groupby features and min-max normalization) replaced by made-up, already normalized per-item daily rows (numpy RandomState(0)): 3 stores (10 in the data) of 6 items (3049) with 8 used features over 40 days, the demand as the target; make_data's DataFrame iloc windows written on numpy arrays the same way (the window ending the day before each target day, newest days last, indexed back from the end), with train / valid / test spans of 20 / 6 / 4 days per item (28 * 15 / 56 / 56); option_features and the submission merge (pandas) dropped; the loop's `model = make_wavenet() #you can choose the model (gru, conv, wavenet)` run with each of the three in turn, one per store (wavenet, gru, conv); make_gru's and make_conv's Adam(lr=0.001, ..., epsilon=None, decay=0.0, amsgrad=False) -> tf.keras.optimizers.legacy.Adam with the same arguments (tf-keras 2.21's Adam refuses decay and points to the legacy one; the notebook ran on TF 2.1, whose Adam that is); wave_block filters 16 / 32 -> 4 / 8 and n 12 / 8 -> 4 / 3; GRU 16 / 32 -> 4 / 8, Conv1D 16 / 32 / 64 -> 4 / 8 / 8, Dense 256 -> 16; Dropout(0.2) -> Dropout(0.0) (random masks cannot match); epochs 30 -> 3, batch_size 1000 -> 16; scheduler's first two steps at epochs 10 / 20 -> 1 / 2 (so the 3 epochs see three rates); fit given shuffle=False (tf-keras shuffles with TensorFlow's generator); sklearn's mean_squared_error -> numpy; tqdm and the plots dropped; './models/' -> a temp folder
import gc
import os
import tempfile

import numpy as np
import tensorflow as tf

from tensorflow.keras.layers import *
from tensorflow.keras.optimizers import *
from tensorflow.keras.callbacks import *
from tensorflow.keras.models import Model


def make_wavenet():

    def wave_block(x, filters, kernel_size, n):
        dilation_rates = [2**i for i in range(n)]
        x = Conv1D(filters=filters,
                   kernel_size=1,
                   padding='same')(x)
        res_x = x
        for dilation_rate in dilation_rates:
            tanh_out = Conv1D(filters=filters,
                              kernel_size=kernel_size,
                              padding='same',
                              activation='tanh',
                              dilation_rate=dilation_rate)(x)
            sigm_out = Conv1D(filters=filters,
                              kernel_size=kernel_size,
                              padding='same',
                              activation='sigmoid',
                              dilation_rate=dilation_rate)(x)
            x = Multiply()([tanh_out, sigm_out])
            x = Conv1D(filters=filters,
                       kernel_size=1,
                       padding='same')(x)
            res_x = Add()([res_x, x])
        return res_x

    inp = Input(shape=(timesteps, n_used_features))

    x = wave_block(inp, 4, 3, 4)
    x = wave_block(x, 8, 3, 3)
    x = Flatten()(x)
    x = Dropout(0.0)(x)

    out = Dense(1, activation='relu')(x)

    model = Model(inputs=inp, outputs=out)

    opt = Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, amsgrad=False)

    model.compile(optimizer=opt, loss='mse')

    return model


def make_gru():
    inp = Input(shape=(timesteps, n_used_features))
    x = GRU(4, activation='relu', return_sequences=True)(inp)
    x = GRU(8, activation='relu', return_sequences=False)(x)
    x = Dense(16, activation='relu')(x)
    out = Dense(1, activation='relu')(x)
    model = Model(inputs=[inp], outputs=[out])

    optim = tf.keras.optimizers.legacy.Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, amsgrad=False)

    model.compile(optimizer=optim, loss='mse')

    return model


def make_conv():
    inp = Input(shape=(timesteps, n_used_features))
    x = Conv1D(4, 3, activation='relu')(inp)
    x = Conv1D(8, 3, activation='relu')(x)
    x = Conv1D(8, 3, activation='relu')(x)
    x = Flatten()(x)
    x = Dense(16, activation='relu')(x)
    x = Dropout(0.0)(x)
    out = Dense(1, activation='relu')(x)
    model = Model(inputs=[inp], outputs=[out])

    optim = tf.keras.optimizers.legacy.Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0, amsgrad=False)

    model.compile(optimizer=optim, loss='mse')

    return model


def scheduler(epoch):
    lr = 0.001
    if epoch < 1:
        return lr
    elif epoch < 2:
        return lr / 3
    elif epoch < 30:
        return lr / 10
    elif epoch < 50:
        return lr / 5
    elif epoch < 60:
        return lr / 10
    elif epoch < 70:
        return lr / 50
    else:
        return lr / 100


# ---- made-up per-store data in place of the M5 DataFrames ------------------------------------
rng = np.random.RandomState(0)
n_stores, n_items, n_days = 3, 6, 40
n_used_features = 8
timesteps = 7
store_data = []
for i in range(n_stores):
    features = rng.uniform(0, 1, (n_items, n_days, n_used_features))
    demand = np.maximum(0, features[:, :, 0] * 2 + 0.5 * np.sin(np.arange(n_days) * 2 * np.pi / 7) + rng.normal(0, 0.3, (n_items, n_days)))
    store_data.append((features, demand))

test_finish_index = 4 + 1
test_start_index = 1
valid_finish_index = 4 + 6 + 1
valid_start_index = test_finish_index
train_finish_index = 4 + 6 + 20 + 1
train_start_index = valid_finish_index

n_train_data_per_item = train_finish_index - train_start_index
n_valid_data_per_item = valid_finish_index - valid_start_index
n_test_data_per_item = test_finish_index - test_start_index

n_train_data = n_train_data_per_item * n_items
n_valid_data = n_valid_data_per_item * n_items
n_test_data = n_test_data_per_item * n_items


def make_data(features_j, demand_j, item_id):
    train_position = n_train_data_per_item * item_id
    valid_position = n_valid_data_per_item * item_id
    test_position = n_test_data_per_item * item_id
    for e, i in enumerate(range(test_start_index, train_finish_index)):
        if train_start_index <= i < train_finish_index:
            X_train[train_position + n_train_data_per_item - e - 1, :, :] = features_j[-timesteps - i: -i]
            y_train[train_position + n_train_data_per_item - e - 1] = demand_j[-i]
        elif valid_start_index <= i < valid_finish_index:
            X_valid[valid_position + n_valid_data_per_item - e - 1, :, :] = features_j[-timesteps - i: -i]
            y_valid[valid_position + n_valid_data_per_item - e - 1] = demand_j[-i]
        elif test_start_index <= i < test_finish_index:
            X_test[test_position + n_test_data_per_item - e - 1, :, :] = features_j[-timesteps - i: -i]
            y_test[test_position + n_test_data_per_item - e - 1] = demand_j[-i]
        else:
            print('error')
            break


def mean_squared_error(y_true, y_pred):  # sklearn.metrics.mean_squared_error
    return np.mean((np.asarray(y_true).reshape(len(y_true), -1) - np.asarray(y_pred).reshape(len(y_pred), -1)) ** 2)


class ScoreCallback(Callback):
    def __init__(self, X_valid, y_valid):
        self.X_valid = X_valid
        self.y_valid = y_valid

    def on_epoch_end(self, epoch, logs):
        y_valid_pred = self.model.predict(self.X_valid)
        print('   RMSE score {:.4f}'.format(np.sqrt(mean_squared_error(self.y_valid, y_valid_pred))))


gc.collect()
from tensorflow.keras.models import load_model

models_dir = tempfile.mkdtemp()
for i in range(n_stores):
    print('finish {} / {}'.format(i + 1, n_stores))

    X_train = np.zeros((n_train_data, timesteps, n_used_features))
    X_valid = np.zeros((n_valid_data, timesteps, n_used_features))
    X_test = np.zeros((n_test_data, timesteps, n_used_features))
    y_train = np.zeros((n_train_data, ))
    y_valid = np.zeros((n_valid_data, ))
    y_test = np.zeros((n_test_data, ))

    features, demand = store_data[i]
    for j in range(n_items):
        make_data(features[j], demand[j], j)

    model = [make_wavenet, make_gru, make_conv][i]()  # you can choose the model (gru, conv, wavenet)
    model.summary()
    lrsc = LearningRateScheduler(scheduler)
    sc = ScoreCallback(X_valid, y_valid)
    mc = ModelCheckpoint(os.path.join(models_dir, 'best_model_store{}.h5'.format(i)), monitor='val_loss', verbose=0, save_best_only=True, mode='auto', period=1)
    model.fit(X_train, y_train, epochs=3, batch_size=16, validation_data=(X_valid, y_valid), callbacks=[lrsc, sc, mc], shuffle=False)
    model = load_model(os.path.join(models_dir, 'best_model_store{}.h5'.format(i)))
    y_valid_pred = model.predict(X_valid)
    y_test_pred = model.predict(X_test)
    print('store', i, 'valid RMSE', np.sqrt(mean_squared_error(y_valid, y_valid_pred)), 'test', y_test_pred[:4].ravel())
