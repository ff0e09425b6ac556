# source: litpuvn/self-boosted-ts main_mtl_electricity.py with ts_model.py create_model_mtl_mtv_electricity (self-boosted multi-task electricity load forecasting: a shared causal-conv + GRU trunk, three GRU task heads, the main head joined with an auxiliary input of the other decomposed components)
# commit: 1932cbe053b1ade3411ed439033e2fedd2003a1d
# keras: tf_keras
# exercises: a functional two-input three-output keras Model (imported `Model as KerasModel`): Input(shape=(lag_time, feature_count), name="input_layer"), Conv1D(filters=5, kernel_size=3, padding='causal', strides=1, activation='relu', dilation_rate=2), MaxPooling1D(pool_size=1), GRU(16, return_sequences=True) and GRU(32, return_sequences=True), a Dense(64, name="shared_layer") on the 3-d sequence, three GRU heads (units=lag_time*auxiliary_feature_count, 16, 16; named task1-3) over the shared sequence, Reshape((lag_time, auxiliary_feature_count)) of head 1, a second Input(name='aux_input'), Concatenate(axis=-1), Dense on 3-d then Flatten then Dense(1, name="out1"); compile(optimizer='adam', loss='mse', metrics=['mse', 'mape', 'mae'] (each metric on each output), loss_weights=[0.5, 0.01, 0.01]) inside the builder, model.summary(); fit([X_train, aux_train], [y1, y2, y3], batch_size, epochs, validation_data=([X_valid, aux_valid], y_valid list), verbose=1) with callbacks EarlyStopping(monitor='val_mse', patience=5) (a key a multi-output model never logs: tf-keras warns and goes on) and ModelCheckpoint('.../weights-improvement-{epoch:02d}.hdf5', monitor='val_loss', verbose=0, save_best_only=True, save_weights_only=True, mode='auto', period=1) (Keras 2's `period`); store_training_loss writes history.history's keys and values with csv, reading history.params['epochs']; predict on a list of two inputs unpacked into three arrays; inverse scaling and numpy error metrics
# reduced: Keras 2.2 module paths that tf-keras no longer has (keras.engine.topology Input, keras.layers.convolutional Conv1D, keras.layers.core Flatten/Dense/Activation/Reshape, keras.layers.embeddings Embedding, keras.layers.pooling MaxPooling1D, keras.layers.wrappers TimeDistributed, keras.layers.recurrent LSTM/SimpleRNN/GRU) written `from keras.layers import ...`; the ts_model.py builder copied in, its kgp (Keras Gaussian-process) imports and the other builders dropped; load_data_full + split_train_validation_test (pandas, EEMD-decomposed electricity CSVs, TimeSeriesTensor, StandardScaler; none installed) replaced by a stand-in building the same dicts ('X' windows of time_step_lag steps, 'target_<name>' next values) from 50 made-up time steps of load and 13 "imf" components (numpy RandomState(0)) standardised with the training rows' mean and std, split 30/10/10 by position, and a y_scaler stand-in with inverse_transform; sklearn's metrics and kgp's RMSE replaced by numpy stand-ins (the same formulas); `from common...` imports of store_training_loss / flatten_test_predict / store_predict_points copied in from common/gp_log.py, mape from common/utils.py (check_array dropped); matplotlib import dropped; os.makedirs of output/electricity/model_checkpoint added (the repository ships those folders); EPOCHS 100 -> 3, BATCH_SIZE 32 kept (the 30 training windows are one batch, so fit's shuffle cannot change the result)
import csv
import os
import numpy as np
from keras.callbacks import EarlyStopping
from keras.layers import Conv1D, Flatten, Dense, Activation, Reshape, Embedding, MaxPooling1D, TimeDistributed
from keras.models import Sequential
from keras.layers import LSTM, SimpleRNN, GRU
from keras.optimizers import Adam
from keras.models import Model as KerasModel
from keras.layers import Concatenate, Dense, LSTM, Input, concatenate
from keras.callbacks import ModelCheckpoint


# ---- ts_model.py ----
def create_model_mtl_mtv_electricity(horizon=1, nb_train_samples=512, batch_size=32,  feature_count=11, lag_time=6, auxiliary_feature_count=12):

    x = Input(shape=(lag_time, feature_count), name="input_layer")
    # conv = Conv1D(filters=5, kernel_size=3, activation='relu')(x)
    # conv = Conv1D(filters=1, kernel_size=1, activation='relu')(x)
    conv = Conv1D(filters=5, kernel_size=3, padding='causal', strides=1, activation='relu', dilation_rate=2)(x)
    # conv = Conv1D(filters=5, kernel_size=3, padding='causal', strides=1, activation='relu', dilation_rate=4)(conv)

    # mp = MaxPooling1D(pool_size=2)(conv)
    mp = MaxPooling1D(pool_size=1)(conv)


    lstm1 = GRU(16, return_sequences=True)(mp)
    # lstm2 = GRU(32, return_sequences=True)(mp)
    lstm2 = GRU(32, return_sequences=True)(lstm1)

    shared_dense = Dense(64, name="shared_layer")(lstm2)

    ## sub1 is main task; units = reshape dimension multiplication
    sub1 = GRU(units=(lag_time*auxiliary_feature_count), name="task1")(shared_dense)
    sub2 = GRU(units=16, name="task2")(shared_dense)
    sub3 = GRU(units=16, name="task3")(shared_dense)

    sub1 = Reshape((lag_time, auxiliary_feature_count))(sub1)
    auxiliary_input = Input(shape=(lag_time, auxiliary_feature_count), name='aux_input')

    concate = Concatenate(axis=-1)([sub1, auxiliary_input])
    # out1_gp = Dense(1, name="out1_gp")(sub1)
    out1 = Dense(8, name="spec_out1")(concate)
    out1 = Flatten()(out1)
    out1 = Dense(1, name="out1")(out1)

    out2 = Dense(8, name="spec_out2")(sub2)
    out2 = Dense(1, name="out2")(out2)

    out3 = Dense(1, name="spec_out3")(sub3)
    out3 = Dense(1, name="out3")(out3)

    outputs = [out1, out2, out3]
    # outputs = [out1, out2]

    model = KerasModel(inputs=[x, auxiliary_input], outputs=outputs)

    # adam optimizsor is good
    model.compile(optimizer='adam', loss='mse', metrics=['mse', 'mape', 'mae'], loss_weights=[0.5, 0.01, 0.01])
    # model.compile(optimizer='adam', loss='mse', metrics=['mse', 'mape', 'mae'], loss_weights=[0.5, 0.5, 0.5])
    # model.compile(optimizer='adam', loss='mse', metrics=['mse'])
    # Callbacks
    # callbacks = [EarlyStopping(monitor='val_mse', patience=10)]

    model.summary()

    return model


# ---- common/gp_log.py ----
def store_training_loss(history, filepath):

    loss = history.history['loss']
    epoches = int(history.params['epochs'])
    if epoches > len(loss):
        epoches = len(loss)

    with open(filepath, 'w', newline='') as writer:
        csv_writer = csv.writer(writer, delimiter=',')
        csv_writer.writerow(history.history.keys())
        for i in range(epoches):
            data_row = []
            for loss_metric, values in history.history.items():
                data_row = data_row + [values[i]]

            csv_writer.writerow(data_row)


def flatten_test_predict(y_tests, y_predicts):
    if len(y_tests) == 1:
        y_tests = y_tests[0]

    if len(y_predicts) == 1:
        y_predicts = y_predicts[0]

    if not isinstance(y_tests, np.ndarray) or not isinstance(y_predicts, np.ndarray):
        raise Exception('bad input data for y_tests or y_predicts')

    y_tests = y_tests.ravel()
    y_predicts = y_predicts.ravel()

    return y_tests, y_predicts


def store_predict_points(y_tests, y_predicts, filepath):
    n = len(y_tests)
    if n != len(y_predicts):
        raise Exception('bad testing samples and predictions')

    with open(filepath, 'w', newline='') as writer:
        csv_writer = csv.writer(writer, delimiter=',')
        csv_writer.writerow(["y_test", "y_pred"])

        for i in range(len(y_tests)):
            csv_writer.writerow([y_tests[i], y_predicts[i]])

        print("Done writing prediction result to", filepath)


# ---- common/utils.py ----
def mape(predictions, actuals):
    """Mean absolute percentage error"""
    return ( np.mean(np.abs(predictions - actuals) / actuals))


# ---- stand-ins for the data pipeline (pandas, TimeSeriesTensor, StandardScaler) ----
def load_data_full(data_dir, datasource='electricity', imfs_count=13):
    rng = np.random.RandomState(0)
    t = np.arange(50)
    columns = {"load": 10.0 + 2.0 * np.sin(2 * np.pi * t / 12.0) + 0.3 * rng.normal(size=50)}
    for i in range(imfs_count):
        columns['imf' + str(i)] = np.sin(2 * np.pi * t / (2.0 + i) + i) / (1.0 + i) + 0.05 * rng.normal(size=50)
    return columns


class _Scaler(object):
    def __init__(self, mean, std):
        self.mean, self.std = mean, std

    def inverse_transform(self, values):
        return np.asarray(values) * self.std + self.mean


def split_train_validation_test(multi_time_series, valid_start_time, test_start_time, features,
                                time_step_lag=1, horizon=1, target='target'):
    # rows 0-35 train (30 windows), 36-45 valid, 46-49 plus the lag before them test, by position
    n_train, n_valid = 36, 10
    def scaled(name):
        values = multi_time_series[name]
        return (values - values[:n_train].mean()) / values[:n_train].std()
    X = np.stack([scaled(f) for f in features], axis=1)
    splits = []
    for start, stop in [(0, n_train), (n_train - time_step_lag, n_train + n_valid), (n_train + n_valid - time_step_lag - 6, 50)]:
        rows = range(start, stop - time_step_lag - horizon + 1)
        inputs = {'X': np.array([X[i:i + time_step_lag] for i in rows])}
        for name in target:
            series = scaled(name)
            inputs['target_' + name] = np.array([series[i + time_step_lag:i + time_step_lag + horizon] for i in rows])
        splits.append(inputs)
    load = multi_time_series['load'][:n_train]
    return splits[0], splits[1], splits[2], _Scaler(load.mean(), load.std())


# ---- stand-ins for sklearn.metrics and kgp.metrics (the same formulas) ----
def RMSE(y_true, y_pred):
    return np.sqrt(np.mean((y_true - y_pred) ** 2))

def explained_variance_score(y_true, y_pred):
    return 1 - np.var(y_true - y_pred) / np.var(y_true)

def mean_absolute_error(y_true, y_pred):
    return np.mean(np.abs(y_true - y_pred))

def mean_squared_error(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)

def mean_squared_log_error(y_true, y_pred):
    return np.mean((np.log1p(y_true) - np.log1p(y_pred)) ** 2)

def median_absolute_error(y_true, y_pred):
    return np.median(np.abs(y_true - y_pred))

def r2_score(y_true, y_pred):
    return 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - np.mean(y_true)) ** 2)


if __name__ == '__main__':

    time_step_lag = 6
    HORIZON = 1

    imfs_count = 13

    data_dir = 'data'
    output_dir = 'output/electricity'
    os.makedirs(output_dir + '/model_checkpoint', exist_ok=True)

    multi_time_series = load_data_full(data_dir, datasource='electricity', imfs_count=imfs_count)

    valid_start_dt = '2013-05-26 14:15:00'
    test_start_dt = '2014-03-14 19:15:00'
    # features = ["load", "imf0", "imf1", "imf2", "imf3", "imf4", "imf5", "imf6", "imf7", "imf8", "imf9"]
    features = ["load", "imf2", "imf3"]

    train_inputs, valid_inputs, test_inputs, y_scaler = split_train_validation_test(multi_time_series,
                                                     valid_start_time=valid_start_dt,
                                                     test_start_time=test_start_dt,
                                                     time_step_lag=time_step_lag,
                                                     horizon=HORIZON,
                                                     features=features,
                                                     target=features
                                                     )
    aux_features = ["load"]
    for i in range(imfs_count):
        l = 'imf' + str(i)
        if l not in features:
            aux_features.append(l)

    aux_inputs, aux_valid_inputs, aux_test_inputs, aux_y_scaler = split_train_validation_test(multi_time_series,
                                                     valid_start_time=valid_start_dt,
                                                     test_start_time=test_start_dt,
                                                     time_step_lag=time_step_lag,
                                                     horizon=HORIZON,
                                                     features=aux_features,
                                                     target=["load"]
                                                     )

    X_train = train_inputs['X']
    y1_train = train_inputs['target_load']
    y2_train = train_inputs['target_imf2']
    y3_train = train_inputs['target_imf3']
    y_train = [y1_train, y2_train, y3_train]

    X_valid = valid_inputs['X']
    y1_valid = valid_inputs['target_load']
    y2_valid = valid_inputs['target_imf2']
    y3_valid = valid_inputs['target_imf3']
    y_valid = [y1_valid, y2_valid, y3_valid]

    aux_train = aux_inputs['X']
    aux_valid = aux_valid_inputs['X']
    aux_test = aux_test_inputs['X']

    # input_x = train_inputs['X']
    print("train_X shape", X_train.shape)
    print("valid_X shape", X_valid.shape)
    print("aux_train shape", aux_train.shape)

    # LATENT_DIM = 5
    BATCH_SIZE = 32
    EPOCHS = 3

    model = create_model_mtl_mtv_electricity(horizon=HORIZON, nb_train_samples=len(X_train),
                                 batch_size=32, feature_count=len(features))
    earlystop = EarlyStopping(monitor='val_mse', patience=5)

    file_path = output_dir + '/model_checkpoint/weights-improvement-{epoch:02d}.hdf5'
    check_point = ModelCheckpoint(file_path, monitor='val_loss', verbose=0, save_best_only=True,
                                  save_weights_only=True, mode='auto', period=1)

    history = model.fit([X_train, aux_train],
                        y_train,
              batch_size=BATCH_SIZE,
              epochs=EPOCHS,
              validation_data=([X_valid, aux_valid], y_valid),
              callbacks=[earlystop, check_point],
              verbose=1)

    store_training_loss(history=history, filepath=output_dir + "/training_loss_epochs_" + str(EPOCHS) + ".csv")
    print(open(output_dir + "/training_loss_epochs_" + str(EPOCHS) + ".csv").read())

    # Test the model
    X_test = test_inputs['X']
    y1_test = test_inputs['target_load']
    y2_test = test_inputs['target_imf2']
    y3_test = test_inputs['target_imf3']

    y1_preds, y2_preds, y3_preds = model.predict([X_test, aux_test])

    y1_test = y_scaler.inverse_transform(y1_test)
    y1_preds = y_scaler.inverse_transform(y1_preds)

    y1_test, y1_preds = flatten_test_predict(y1_test, y1_preds)

    rmse_predict = RMSE(y1_test, y1_preds)
    evs = explained_variance_score(y1_test, y1_preds)
    mae = mean_absolute_error(y1_test, y1_preds)
    mse = mean_squared_error(y1_test, y1_preds)
    msle = mean_squared_log_error(y1_test, y1_preds)
    meae = median_absolute_error(y1_test, y1_preds)
    r_square = r2_score(y1_test, y1_preds)

    mape_v = mape(y1_preds.reshape(-1, 1), y1_test.reshape(-1, 1))

    print('rmse_predict:', rmse_predict, "evs:", evs, "mae:", mae,
          "mse:", mse, "msle:", msle, "meae:", meae, "r2:", r_square, "mape", mape_v)

    store_predict_points(y1_test, y1_preds, output_dir + '/test_mtl_prediction_epochs_' + str(EPOCHS) + '.csv')
