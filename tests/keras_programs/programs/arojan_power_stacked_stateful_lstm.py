# source: arojan/Multivariate-Timeseries-Analysis-with-Stateful-LSTM timeseries_lstm.py (Rojan's multivariate forecaster of the UCI household power consumption data: two stacked stateful LSTMs at a batch size that divides both the training and the test set, trained in cycles of fit + reset_states with a ModelCheckpoint and a CSVLogger, the final model saved to HDF5)
# commit: f44272132bf64ad484a38d99a2307a79ccdf1020
# keras: tf_keras
# exercises: `from keras import callbacks` with `from keras.callbacks import ModelCheckpoint, CSVLogger`; Sequential of LSTM(20, batch_input_shape=(34, 1, 7), stateful=True, return_sequences=True), LSTM(40, batch_input_shape=(34, 1, 7), stateful=True) (a batch_input_shape on a second layer, ignored) and Dense(1); compile(loss='mean_squared_error', optimizer='adam'); model.summary(); cycles of callbacks.ModelCheckpoint(filepath=f'Model/checkpoint Cycle {i+1:02d}.hdf5' (a name with spaces), verbose=1, save_best_only=True, monitor='val_acc', mode='max') — a metric that is never logged, so Keras warns and never saves — and CSVLogger('Model/model.csv', separator=',', append=False); fit(epochs, batch_size=34, verbose=1, validation_data=..., shuffle=False, callbacks=[...]) and its History's 'loss'/'val_loss'; model.reset_states() after each cycle (the state runs on through validation and from one epoch to the next within a cycle); model.save("Model/model.hdf5")
# reduced: the household_power_consumption.csv (2,075,259 rows, a UCI download; pandas read_csv with parse_dates / index_col / na_values) replaced by 1,259 rows of 7 made-up float columns (numpy RandomState(0), a few NaN) so that, as in the original, 27% of the reframed rows (340) and the rest (918) are both multiples of 34; pandas and sklearn (not installed) replaced with numpy: data.median() / fillna(median) -> np.nanmedian per column and np.where, MinMaxScaler(feature_range=(-1, 1)) by a small class with the same fit_transform, pd.DataFrame(scaled) by the array itself, timeseries_data(scaled, 1, 0) written with numpy (the rows but the last, beside column 0 of the rows but the first; the fillna(0) and the column names have nothing to do then), train_test_split(test_size=0.27, random_state=0) by its own algorithm (np.random.RandomState(0).permutation, the first ceil(0.27 n) rows for test, the next for train), mean_squared_error, LabelEncoder, concat, datetime and h5py imports dropped as unused; epochs 30 -> 2 and 10 cycles -> 2; matplotlib's plots (pyplot.plot / savefig / show) left out, the History's loss lists, the CSV log and the Model folder's listing printed instead; the Model folder made with os.makedirs (the repository ships it)
# Disabling any minor warmings and logs
import warnings
warnings.filterwarnings("ignore")

import os
import math
import numpy as np
from numpy import concatenate

from keras import callbacks
from keras.models import Sequential 
from keras.layers import Dense, Dropout, LSTM
from keras.callbacks import ModelCheckpoint, CSVLogger


class MinMaxScaler(object):
    def __init__(self, feature_range=(0, 1)):
        self.feature_range = feature_range

    def fit_transform(self, X):
        lo, hi = self.feature_range
        self.data_min_, self.data_max_ = X.min(axis=0), X.max(axis=0)
        self.scale_ = (hi - lo) / (self.data_max_ - self.data_min_)
        self.min_ = lo - self.data_min_ * self.scale_
        return X * self.scale_ + self.min_


def train_test_split(X, y, test_size, random_state):
    n_test = int(math.ceil(test_size * len(X)))
    permutation = np.random.RandomState(random_state).permutation(len(X))
    test, train = permutation[:n_test], permutation[n_test:]
    return X[train], X[test], y[train], y[test]


os.makedirs("Model", exist_ok=True)

# Importing the dataset along with some changes
rng = np.random.RandomState(0)
t = np.arange(1259)
data = np.stack([1.0 + 0.5 * np.sin(t / 20.0 + k) + 0.1 * rng.randn(len(t)) for k in range(7)], axis=1)
data[rng.randint(0, len(t), 10), rng.randint(0, 7, 10)] = np.nan

# Replacing the '?' median of the data
median_value = np.nanmedian(data, axis=0)
data = np.where(np.isnan(data), median_value, data)

# Ensuring all dataset is in float
values = data
values = values.astype('float32')


# normalizing input features
scaler = MinMaxScaler(feature_range=(-1, 1))
scaled = scaler.fit_transform(values)


# Creating a timeseries function to convert the timeseries dataset
def timeseries_data(data, lookback=1, predicted_col=1):
    temp = data[:-lookback, :]
    predicted_value = data[lookback:, predicted_col:predicted_col + 1]
    final_df = np.concatenate([temp, predicted_value], axis=1)
    return final_df


# Reframing the dataset
reframed_df= timeseries_data(scaled, 1,0)


# Spliting the dataset into train and test sets
values = reframed_df
train_ = values[:, :-1]
labels = values[:, -1]
train_X, test_X, train_y, test_y = train_test_split(train_, labels, test_size=0.27, random_state=0)
print(train_X.shape, test_X.shape)


# Reshaping input to be 3D [samples, time steps, features]
train_X = train_X.reshape((train_X.shape[0], 1, train_X.shape[1]))
test_X = test_X.reshape((test_X.shape[0], 1, test_X.shape[1]))


# Creating a model out of a sequential model and appending the LSTM layers for timeseries computations
batch_size = 34
epochs = 2
model = Sequential()
model.add(LSTM(20, batch_input_shape=(batch_size, 1, train_X.shape[2]), stateful=True, return_sequences=True))
model.add(LSTM(40, batch_input_shape=(batch_size, 1, train_X.shape[2]), stateful=True))
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')

# Printing the model summary including parameters of the designed network
model.summary()


for i in range(2):
    print('\n\nCycle:',i+1)
    
    # Saving the model with every improvement in the accuracy
    checkpointer = callbacks.ModelCheckpoint(filepath=f'Model/checkpoint Cycle {i+1:02d}.hdf5', verbose=1, save_best_only=True, monitor='val_acc',mode='max')
    csv_logger = CSVLogger('Model/model.csv',separator=',', append=False)
    
    model_ = model.fit(train_X, train_y, epochs=epochs, batch_size=batch_size, verbose=1, 
                       validation_data=(test_X, test_y), shuffle=False, 
                       callbacks=[checkpointer,csv_logger])
    
    print(model_.history['loss'], model_.history['val_loss'])
    print(open('Model/model.csv').read())
    
    model.reset_states()


# Saving the final model at the end of the training
model.save("Model/model.hdf5")
print("Final model saved successfully!")
print(sorted(os.listdir("Model")))
