# source: umbertogriffo/Predictive-Maintenance-using-LSTM src/lstm/regression.py (a widely forked copy of Azure's "Deep Learning Basics for Predictive Maintenance": remaining-useful-life regression on the NASA turbofan data with stacked LSTMs)
# commit: 642c0aa03620e8c55e6caede115495072d9e0922
# keras: tf_keras
# exercises: `import keras`, `import keras.backend as K`, Keras 2's old path `from keras.layers.core import Activation`, `from keras.models import Sequential, load_model`; a hand-written metric r2_keras(y_true, y_pred) with K.sum, K.square, K.mean, K.epsilon passed by function in compile(loss='mean_squared_error', optimizer='rmsprop', metrics=['mae', r2_keras]); Sequential of LSTM(input_shape=..., units=..., return_sequences=True) (keyword-only units), Dropout, LSTM(units, return_sequences=False), Dropout, Dense(units=nb_out), Activation("linear"); print(model.summary()); fit(epochs, batch_size=200, validation_split=0.05, verbose=2, callbacks=[keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0, patience, verbose=0, mode='min'), keras.callbacks.ModelCheckpoint(path.h5, monitor='val_loss', save_best_only=True, mode='min', verbose=0)]); history.history.keys(); evaluate(verbose=1, batch_size=200) read as scores[1], scores[2]; predict(verbose=1, batch_size=200); os.path.isfile of the checkpoint, load_model(path.h5, custom_objects={'r2_keras': r2_keras}), evaluate and predict on the reloaded model
# reduced: the NASA turbofan files (pandas read_csv of PM_train/PM_test/PM_truth, pandas groupby/merge labelling and sklearn MinMaxScaler) replaced by numpy: 4 training engines of 24, 22, 26 and 20 cycles and 3 test engines of 15, 18 and 13 cycles, each cycle 25 features in [0, 1) (a drift with engine age plus noise, standing in for the 3 settings, cycle_norm and 21 sensors), the RUL label counted down to the engine's last cycle (test engines are cut 3, 5 and 7 cycles before failure, a made-up truth table); gen_sequence/gen_labels take the numpy array of one engine instead of its DataFrame (same slicing); sequence_length 10 instead of 50 (52 training windows: validation_split=0.05 keeps 3, so the 49 left are one batch of 200 and fit's shuffling cannot change the result); LSTM units 16 and 8 instead of 100 and 50; Dropout(0.0) instead of 0.2; epochs=10 and patience=3 instead of 100 and 10; model_path 'regression_model.h5' in the working folder instead of '../../Output/'; the matplotlib plots, the `history.history['mean_absolute_error']` plot lookups and the pandas to_csv of the predictions left out
import keras
import keras.backend as K
from keras.layers.core import Activation
from keras.models import Sequential,load_model
from keras.layers import Dense, Dropout, LSTM

import numpy as np
import os

# Setting seed for reproducibility
np.random.seed(1234)  
PYTHONHASHSEED = 0

# define path to save model
model_path = 'regression_model.h5'

##################################
# Data Ingestion
##################################

def make_engine(n_cycles):
    age = np.linspace(0.0, 1.0, n_cycles)[:, None]
    features = 0.6 * age * np.random.rand(1, 25) + 0.4 * np.random.rand(n_cycles, 25)
    rul = (n_cycles - 1 - np.arange(n_cycles))[:, None].astype(float)
    return features, rul

train_engines = [make_engine(n) for n in (24, 22, 26, 20)]
test_engines = []
for n, more in ((15, 3), (18, 5), (13, 7)):
    features, rul = make_engine(n + more)
    test_engines.append((features[:n], rul[:n]))

# pick a large window size of 50 cycles
sequence_length = 10

# function to reshape features into (samples, time steps, features) 
def gen_sequence(data_array, seq_length):
    """ Only sequences that meet the window-length are considered, no padding is used. This means for testing
    we need to drop those which are below the window-length. An alternative would be to pad sequences so that
    we can use shorter ones """
    num_elements = data_array.shape[0]
    for start, stop in zip(range(0, num_elements-seq_length), range(seq_length, num_elements)):
        yield data_array[start:stop, :]

# TODO for debug 
val=list(gen_sequence(train_engines[0][0], sequence_length))
print(len(val))

# generator for the sequences
seq_gen = (list(gen_sequence(features, sequence_length)) 
           for features, rul in train_engines)

# generate sequences and convert to numpy array
seq_array = np.concatenate(list(seq_gen)).astype(np.float32)
print(seq_array.shape)

# function to generate labels
def gen_labels(data_array, seq_length):
    num_elements = data_array.shape[0]
    return data_array[seq_length:num_elements, :]

# generate labels
label_gen = [gen_labels(rul, sequence_length) 
             for features, rul in train_engines]

label_array = np.concatenate(label_gen).astype(np.float32)
label_array.shape

##################################
# Modeling
##################################

def r2_keras(y_true, y_pred):
    """Coefficient of Determination 
    """
    SS_res =  K.sum(K.square( y_true - y_pred ))
    SS_tot = K.sum(K.square( y_true - K.mean(y_true) ) )
    return ( 1 - SS_res/(SS_tot + K.epsilon()) )

nb_features = seq_array.shape[2]
nb_out = label_array.shape[1]

model = Sequential()
model.add(LSTM(
         input_shape=(sequence_length, nb_features),
         units=16,
         return_sequences=True))
model.add(Dropout(0.0))
model.add(LSTM(
          units=8,
          return_sequences=False))
model.add(Dropout(0.0))
model.add(Dense(units=nb_out))
model.add(Activation("linear"))
model.compile(loss='mean_squared_error', optimizer='rmsprop',metrics=['mae',r2_keras])

print(model.summary())

# fit the network
history = model.fit(seq_array, label_array, epochs=10, batch_size=200, validation_split=0.05, verbose=2,
          callbacks = [keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0, patience=3, verbose=0, mode='min'),
                       keras.callbacks.ModelCheckpoint(model_path,monitor='val_loss', save_best_only=True, mode='min', verbose=0)]
          )

# list all data in history
print(history.history.keys())

# training metrics
scores = model.evaluate(seq_array, label_array, verbose=1, batch_size=200)
print('\nMAE: {}'.format(scores[1]))
print('\nR^2: {}'.format(scores[2]))

y_pred = model.predict(seq_array,verbose=1, batch_size=200)
y_true = label_array

##################################
# EVALUATE ON TEST DATA
##################################

# We pick the last sequence for each id in the test data
seq_array_test_last = [features[-sequence_length:] 
                       for features, rul in test_engines if len(features) >= sequence_length]

seq_array_test_last = np.asarray(seq_array_test_last).astype(np.float32)
print("seq_array_test_last")
print(seq_array_test_last.shape)

# Similarly, we pick the labels
y_mask = [len(features) >= sequence_length for features, rul in test_engines]
label_array_test_last = np.array([rul[-1, 0] for features, rul in test_engines])[y_mask]
label_array_test_last = label_array_test_last.reshape(label_array_test_last.shape[0],1).astype(np.float32)
print(label_array_test_last.shape)
print("label_array_test_last")
print(label_array_test_last)

# if best iteration's model was saved then load and use it
if os.path.isfile(model_path):
    estimator = load_model(model_path,custom_objects={'r2_keras': r2_keras})

    # test metrics
    scores_test = estimator.evaluate(seq_array_test_last, label_array_test_last, verbose=2)
    print('\nMAE: {}'.format(scores_test[1]))
    print('\nR^2: {}'.format(scores_test[2]))

    y_pred_test = estimator.predict(seq_array_test_last)
    y_true_test = label_array_test_last
