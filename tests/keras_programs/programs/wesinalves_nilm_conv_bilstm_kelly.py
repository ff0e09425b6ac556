# source: wesinalves/deep-disaggregation lstm_kelly.py (energy disaggregation, NILM: Kelly's Conv1D + bidirectional LSTM net mapping an aggregate power window to one appliance's window)
# commit: 201b13ce9e34ad252f56145e2824de604ebdfb09
# keras: tf_keras
# exercises: Keras 2 standalone imports (keras.models Sequential, keras.layers LSTM / Conv1D / Bidirectional / Dense / Flatten, `from keras import backend as K`, keras.callbacks EarlyStopping); a custom metric function disag_error(y_true, y_pred) = K.sum(K.square(K.abs(y_pred - y_true)), axis=-1) / 2 passed by function in metrics=['mean_absolute_error', disag_error]; windows reshaped to (n, 1, window) (one time step of window_size channels); Sequential: Conv1D(filters, kernel_size=4, padding='same', input_shape=(1, window_size)) over a single step, Bidirectional(LSTM(activation='sigmoid', return_sequences=True)) twice, Dense(tanh) and Dense(window_size) on the 3-d sequence; model.summary(); compile(loss='mean_squared_error', optimizer='rmsprop'); fit(batch_size, epochs, validation_split=0.2, callbacks=[EarlyStopping(monitor='val_loss', patience=2)]); model.save to an .h5 file; evaluate(batch_size) unpacked into three names (loss and two metrics)
# reduced: the two np.loadtxt(open(...), delimiter='\t') reads of ../dataset/window_stride/*.csv (not available) replaced by seeded numpy arrays of 90 windows (aggregate = appliance + other load + noise, values of order 1); window_size 60 -> 20, LSTM(128)/LSTM(256) -> 8/12 units, Dense(128) -> Dense(8), epochs 20 -> 3; batch_size 150 kept (the 48 training rows after the split are one batch, so fit's shuffle cannot change the result)
'''Trains an GRU model on the IMDB sentiment classification task.
The dataset is actually too small for LSTM to be of any advantage
compared to simpler, much faster methods such as TF-IDF + LogReg.
# Notes
- RNNs are tricky. Choice of batch size is important,
choice of loss and optimizer is critical, etc.
Some configurations won't converge.
'''
from __future__ import print_function

from keras.models import Sequential
from keras.layers import LSTM,Conv1D, Bidirectional, Dense, Flatten
import numpy as np
from keras import backend as K
from keras.callbacks import EarlyStopping

def disag_error(y_true,y_pred):
  return K.sum(K.square(K.abs(y_pred - y_true)), axis = -1) / 2

batch_size = 150
epochs = 3
window_size = 20

print('Loading data...')
# stand-in for ../dataset/window_stride/input_signal60.csv and output_signal60_dishwasher.csv
rng = np.random.RandomState(0)
output_signal = (rng.uniform(size=(90, 1)) > 0.5) * np.abs(np.sin(np.linspace(0, 3, window_size)))[None, :]
input_signal = output_signal + 0.5 + 0.2 * rng.normal(size=(90, window_size))

# split data in train and test data
input_train = input_signal[0:((input_signal.shape[0]//3)*2),:]
output_train = output_signal[0:((output_signal.shape[0]//3)*2),:]

input_test = input_signal[((input_signal.shape[0]//3)*2):input_signal.shape[0],:]
output_test = output_signal[((output_signal.shape[0]//3)*2):output_signal.shape[0],:]

# reshape data for lstm network
input_train = input_train.reshape(input_train.shape[0],1,input_train.shape[1])
output_train = output_train.reshape(output_train.shape[0],1,output_train.shape[1])

input_test = input_test.reshape(input_test.shape[0],1,input_test.shape[1])
output_test = output_test.reshape(output_test.shape[0],1,output_test.shape[1])

print('**** shape of train signal ****')
print(input_train.shape)
print(output_train.shape)
print('**** shape of test signal ****')
print(input_test.shape)
print(output_test.shape)

# Build Model
print('Build model...')
model = Sequential()
model.add(Conv1D(filters=16,kernel_size=4,padding='same', input_shape=(1,window_size)))
model.add(Bidirectional(LSTM(8, activation='sigmoid', return_sequences=True))) #activation default is tanh different from recurrent_activation
model.add(Bidirectional(LSTM(12, activation='sigmoid', return_sequences=True)))
model.add(Dense(8,activation='tanh'))
model.add(Dense(window_size))


model.summary()

# try using different optimizers and different optimizer configs
# Compile Model
print('Compile model...')
model.compile(loss='mean_squared_error',
              optimizer='rmsprop',
              metrics=['mean_absolute_error', disag_error])
# Train model ...
early_stopping = EarlyStopping(monitor='val_loss', patience=2)
print('Train...')
model.fit(input_train, output_train,
          batch_size=batch_size,
          epochs=epochs,
          validation_split=0.2,
          callbacks=[early_stopping])

model.save('lstm_kellya_withstride.h5')
mse, mae, disag = model.evaluate(input_test, output_test,
                            batch_size=batch_size)
print('Test mse:', mse)
print('Test mae:', mae)
print('Test disag:', disag)
