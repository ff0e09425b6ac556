# source: khuangaf/CryptocurrencyPrediction PlotRegularization.py (Kai-Hsiang Huang's much-starred "Cryptocurrency Price Prediction" with CNN / LSTM / GRU in Keras: the regularization study behind its "lstm_*_reg" result plots, which refits the bitcoin close-price LSTM with each of nine L1/L2 regularizers as its bias, kernel, activity and recurrent regularizer and scores the inverse-scaled validation predictions)
# commit: 7ec542bcd6bf960b115638484737f097120badcd
# keras: tf_keras
# exercises: Keras 2 `from keras.models import Sequential`, `from keras.layers import Dropout, Flatten, Dense, Activation, Reshape, LeakyReLU`, `from keras.layers import LSTM, CuDNNLSTM` (see reduced), `from keras import backend as K`, `import keras`, `from keras.callbacks import CSVLogger, ModelCheckpoint`, `from keras import optimizers`, `from keras import regularizers`; a fit_lstm(reg) redefined four times, each a Sequential of an LSTM(units, <bias|kernel|activity|recurrent>_regularizer=reg, input_shape=(step_size, nb_features), return_sequences=False), Activation('tanh'), Dropout, Dense(output_size), LeakyReLU(); compile(loss='mse', optimizer='adam') (the regularization penalties added to the loss); fit(batch_size=8, epochs, verbose=0) on 3-D windows of two scaled features against the next output_size closes; each regularizer object of one list reused by every sweep (one instance shared by four models in turn) and read back as reg.l1 / reg.l2 for its name; predict on the validation windows, a MinMaxScaler fitted on the original closes for inverse_transform, and the MSE of the inverted predictions per run
# reduced: the bitcoin2015to2017_close.h5 file (h5py, made by the repository's DataProcessor from Kaggle's bitstamp minute data) replaced by made-up numpy arrays built the same way: 800 minutes of a random-walk close and a volume, min-max scaled per column as `datas`, cut into non-overlapping windows of step_size 16 inputs (256 in the file) and output_size 4 following closes (16), the `original_*` and `*_times` arrays alike; `regularizers.l1(x)` / `regularizers.l2(x)` in the list written `regularizers.L1L2(l1=x)` / `regularizers.L1L2(l2=x)`, which is what Keras 2.2's l1()/l2() returned (tf-keras's L1 and L2 classes have no l2 / l1 attribute, so the name line `reg.l1, reg.l2` fails on them); the list cut to l1 0, 0.01 and l2 0.01 of its nine (0, 0.1, 0.01, 0.001, 0.0001 for each); nb_repeat 30 -> 1, epochs 30 -> 2, units 50 -> 8; CuDNNLSTM (GPU only, gone from tf-keras 2) -> LSTM, its defaults otherwise the same here (tanh / sigmoid, no dropout); Dropout(0.2) -> Dropout(0.0) (random masks cannot match); fit gets shuffle=False (tf-keras shuffles the 4 batches of 8 with TensorFlow's generator); sklearn's MinMaxScaler and mean_squared_error, and pandas's DataFrame / describe / to_datetime / to_csv, replaced by small numpy stand-ins (neither is installed here nor in the Keras venv); the TF1 session setup (tf.ConfigProto, set_session from keras.backend.tensorflow_backend), `from keras import applications` (unused), scipy.ndimage.imread (gone from scipy) and matplotlib imports left out; Python 2 print statements written as print() calls
from keras.models import Sequential
from keras.models import Model
from keras.layers import Dropout, Flatten, Dense, Activation, Reshape, LeakyReLU
from keras.callbacks import CSVLogger
import tensorflow as tf
import numpy as np
import random
from keras.layers import LSTM
from keras.layers import Conv1D, MaxPooling1D
from keras import backend as K
import keras
from keras.callbacks import CSVLogger, ModelCheckpoint
from keras import optimizers
import os
from keras import regularizers


class MinMaxScaler:
    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        self.data_min_, self.data_max_ = X.min(axis=0), X.max(axis=0)
        return self

    def transform(self, X):
        return (np.asarray(X, dtype=np.float64) - self.data_min_) / (self.data_max_ - self.data_min_)

    def inverse_transform(self, X):
        return np.asarray(X, dtype=np.float64) * (self.data_max_ - self.data_min_) + self.data_min_


def mean_squared_error(y_true, y_pred):
    return float(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))


# Stands in for bitcoin2015to2017_close.h5: close and volume per minute, min-max scaled,
# cut into windows of step_size inputs and output_size following values.
rs = np.random.RandomState(2015)
minutes = 1420070400 + 60 * np.arange(800)
original_datas = np.stack([300 * np.exp(np.cumsum(rs.normal(0, 0.001, 800))), rs.uniform(0, 50, 800)], axis=1)
scaled = MinMaxScaler().fit(original_datas).transform(original_datas)
starts = range(0, 800 - 16 - 4, 16)
datas = np.array([scaled[i:i + 16] for i in starts])
labels = np.array([scaled[i + 16:i + 20] for i in starts])
original_inputs = np.array([original_datas[i:i + 16] for i in starts])
original_outputs = np.array([original_datas[i + 16:i + 20] for i in starts])
input_times = np.array([minutes[i:i + 16] for i in starts])[:, :, None]
output_times = np.array([minutes[i + 16:i + 20] for i in starts])[:, :, None]


scaler=MinMaxScaler()
#split training validation
training_size = int(0.8* datas.shape[0])
training_datas = datas[:training_size,:,:]
training_labels = labels[:training_size,:,0]
validation_datas = datas[training_size:,:,:]
validation_labels = labels[training_size:,:,0]
validation_original_outputs = original_outputs[training_size:,:,:]
validation_original_inputs = original_inputs[training_size:,:,:]
validation_input_times = input_times[training_size:,:,:]
validation_output_times = output_times[training_size:,:,:]


print(validation_original_inputs.shape)


os.environ['TF_CPP_MIN_LOG_LEVEL']='2'


ground_true = np.append(validation_original_inputs,validation_original_outputs, axis=1)
ground_true_times = np.append(validation_input_times,validation_output_times, axis=1)
print(ground_true_times.shape)
print(ground_true.shape)


step_size = datas.shape[1]
batch_size= 8
nb_features = datas.shape[2]
epochs = 2

output_size=4
units= 8


print(training_datas.shape)


def fit_lstm(reg):
    global training_datas, training_labels, batch_size, epochs,step_size,nb_features, units
    model = Sequential()
    model.add(LSTM(units=units, bias_regularizer=reg, input_shape=(step_size,nb_features),return_sequences=False))
    model.add(Activation('tanh'))
    model.add(Dropout(0.0))
    model.add(Dense(output_size))
    model.add(LeakyReLU())
    model.compile(loss='mse', optimizer='adam')
    model.fit(training_datas, training_labels, batch_size=batch_size, epochs = epochs, verbose=0, shuffle=False)
    return model


def experiment(validation_datas,validation_labels,original_datas,ground_true,ground_true_times,validation_original_outputs, validation_output_times, nb_repeat, reg):
    error_scores = list()
    #get only the close data
    ground_true = ground_true[:,:,0].reshape(-1)
    ground_true_times = ground_true_times.reshape(-1)
    ground_true_times = ground_true_times.astype('datetime64[s]')  # pd.to_datetime(..., unit='s')
    validation_output_times = validation_output_times.reshape(-1).astype('datetime64[s]')
    for i in range(nb_repeat):
        model = fit_lstm(reg)
        predicted = model.predict(validation_datas)
        predicted_inverted = []
        scaler.fit(original_datas[:,0].reshape(-1,1))
        predicted_inverted.append(scaler.inverse_transform(predicted))
        # since we are appending in the first dimension
        predicted_inverted = np.array(predicted_inverted)[0,:,:].reshape(-1)
        error_scores.append(mean_squared_error(validation_original_outputs[:,:,0].reshape(-1),predicted_inverted))
    return error_scores


def describe(results):  # pd.DataFrame(results).describe()
    for name, scores in results.items():
        print(name, 'count', len(scores), 'mean', np.mean(scores), 'min', np.min(scores), 'max', np.max(scores))


# iterate over different reglurizer
regs = [regularizers.L1L2(l1=0),regularizers.L1L2(l1=0.01), regularizers.L1L2(l2=0.01)]
nb_repeat = 1
results = {}
for reg in regs:
    
    name = ('l1 %.4f,l2 %.4f' % (reg.l1, reg.l2))
    print("Training "+ str(name))
    results[name] = experiment(validation_datas,validation_labels,original_datas,ground_true,ground_true_times,validation_original_outputs, validation_output_times, nb_repeat,reg)
# print(results.describe())
# save boxplot
describe(results)


def fit_lstm(reg):
    global training_datas, training_labels, batch_size, epochs,step_size,nb_features, units
    model = Sequential()
    model.add(LSTM(units=units, kernel_regularizer=reg, input_shape=(step_size,nb_features),return_sequences=False))
    model.add(Activation('tanh'))
    model.add(Dropout(0.0))
    model.add(Dense(output_size))
    model.add(LeakyReLU())
    model.compile(loss='mse', optimizer='adam')
    model.fit(training_datas, training_labels, batch_size=batch_size, epochs = epochs, verbose=0, shuffle=False)
    return model


# iterate over different reglurizer
regs = [regularizers.L1L2(l1=0),regularizers.L1L2(l1=0.01), regularizers.L1L2(l2=0.01)]
nb_repeat = 1
results = {}
for reg in regs:
    
    name = ('l1 %.4f,l2 %.4f' % (reg.l1, reg.l2))
    print("Training "+ str(name))
    results[name] = experiment(validation_datas,validation_labels,original_datas,ground_true,ground_true_times,validation_original_outputs, validation_output_times, nb_repeat,reg)

describe(results)


def fit_lstm(reg):
    global training_datas, training_labels, batch_size, epochs,step_size,nb_features, units
    model = Sequential()
    model.add(LSTM(units=units, activity_regularizer=reg, input_shape=(step_size,nb_features),return_sequences=False))
    model.add(Activation('tanh'))
    model.add(Dropout(0.0))
    model.add(Dense(output_size))
    model.add(LeakyReLU())
    model.compile(loss='mse', optimizer='adam')
    model.fit(training_datas, training_labels, batch_size=batch_size, epochs = epochs, verbose=0, shuffle=False)
    return model


# iterate over different reglurizer
regs = [regularizers.L1L2(l1=0),regularizers.L1L2(l1=0.01), regularizers.L1L2(l2=0.01)]
nb_repeat = 1
results = {}
for reg in regs:
    
    name = ('l1 %.4f,l2 %.4f' % (reg.l1, reg.l2))
    print("Training "+ str(name))
    results[name] = experiment(validation_datas,validation_labels,original_datas,ground_true,ground_true_times,validation_original_outputs, validation_output_times, nb_repeat,reg)

describe(results)


def fit_lstm(reg):
    global training_datas, training_labels, batch_size, epochs,step_size,nb_features, units
    model = Sequential()
    model.add(LSTM(units=units, recurrent_regularizer=reg, input_shape=(step_size,nb_features),return_sequences=False))
    model.add(Activation('tanh'))
    model.add(Dropout(0.0))
    model.add(Dense(output_size))
    model.add(LeakyReLU())
    model.compile(loss='mse', optimizer='adam')
    model.fit(training_datas, training_labels, batch_size=batch_size, epochs = epochs, verbose=0, shuffle=False)
    return model


# iterate over different reglurizer
regs = [regularizers.L1L2(l1=0),regularizers.L1L2(l1=0.01), regularizers.L1L2(l2=0.01)]
nb_repeat = 1
results = {}
for reg in regs:
    
    name = ('l1 %.4f,l2 %.4f' % (reg.l1, reg.l2))
    print("Training "+ str(name))
    results[name] = experiment(validation_datas,validation_labels,original_datas,ground_true,ground_true_times,validation_original_outputs, validation_output_times, nb_repeat,reg)

describe(results)
