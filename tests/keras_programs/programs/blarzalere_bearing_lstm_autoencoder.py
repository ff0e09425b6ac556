# source: wliuxingxiangyu/LSTM-Autoencoder-for-Anomaly-Detection detection.py (a script copy of B. Larzalere's widely read "LSTM Autoencoder for Anomaly Detection" notebook, BLarzalere/LSTM-Autoencoder-for-Anomaly-Detection, Towards Data Science: NASA bearing vibration data, an LSTM autoencoder and a reconstruction-error threshold)
# commit: c0a3dfb20108031dc8f974c7a7dc8d4c835de832
# keras: tf_keras
# exercises: `from keras.layers import Input, Dropout, Dense, LSTM, TimeDistributed, RepeatVector`, `from keras.models import Model`, `from keras import regularizers`; a functional autoencoder built in a function: Input(shape=(X.shape[1], X.shape[2])), LSTM(16, activation='relu', return_sequences=True, kernel_regularizer=regularizers.l2(0.00)), LSTM(4, activation='relu', return_sequences=False), RepeatVector(X.shape[1]), LSTM(4, activation='relu', return_sequences=True), LSTM(16, activation='relu', return_sequences=True), TimeDistributed(Dense(X.shape[2])); compile(optimizer='adam', loss='mae'); summary(); fit(X, X, epochs, batch_size=10, validation_split=0.05).history read as a dict ('loss', 'val_loss'); predict on the training and test windows (one time step of 4 features each), reconstruction MAE per sample against a fixed 0.275 threshold; model.save("Cloud_model.h5")
# reduced: the NASA bearing files (os.listdir + pandas read_csv of 982 one-second snapshots, averaged per file into 4 bearing columns, a datetime index, the train/test date slices) replaced by numpy: 60 training and 40 test rows of 4 mean-absolute vibration levels (about 0.06, a slow rise plus noise; the test rows drift up 3x to stand in for the failing bearing); the FFT lines kept (their results only feed plots); sklearn's MinMaxScaler replaced by the same min/max arithmetic and its joblib.dump dropped (scikit-learn and joblib not installed); the pandas DataFrames of the scores replaced by numpy arrays (np.mean(np.abs(X_pred-Xtrain), axis=1), a threshold array, a boolean anomaly array, np.concatenate for pd.concat); nb_epochs 100 -> 3; fit(..., shuffle=False) added (57 training rows make 6 batches of 10, which tf-keras would shuffle with TensorFlow's generator); the broken seed lines (`tensorflow.random.random.set_seed(10)` before `import tensorflow`, `tf.logging.set_verbosity`, gone in TF 2) and `%matplotlib inline`, seaborn and all plots dropped; the model has no Dropout layer (Dropout is imported but unused)
import os
import numpy as np

from numpy.random import seed

from keras.layers import Input, Dropout, Dense, LSTM, TimeDistributed, RepeatVector
from keras.models import Model
from keras import regularizers

# load, average and merge sensor samples
n_train, n_test = 60, 40
rise = np.linspace(0.0, 1.0, n_train + n_test)[:, None]
merged_data = 0.06 + 0.01 * rise + 0.004 * np.random.rand(n_train + n_test, 4)
merged_data[n_train:] *= np.linspace(1.0, 3.0, n_test)[:, None]
columns = ['Bearing 1', 'Bearing 2', 'Bearing 3', 'Bearing 4']
print("Dataset shape:", merged_data.shape)
merged_data[:5]

train = merged_data[:n_train]
test = merged_data[n_train:]
print("Training dataset shape:", train.shape)
print("Test dataset shape:", test.shape)

# transforming data from the time domain to the frequency domain using fast Fourier transform
train_fft = np.fft.fft(train)
test_fft = np.fft.fft(test)

# normalize the data
data_min, data_max = train.min(axis=0), train.max(axis=0)
X_train = (train - data_min) / (data_max - data_min)
X_test = (test - data_min) / (data_max - data_min)

# reshape inputs for LSTM [samples, timesteps, features]
X_train = X_train.reshape(X_train.shape[0], 1, X_train.shape[1])
print("Training data shape:", X_train.shape)
X_test = X_test.reshape(X_test.shape[0], 1, X_test.shape[1])
print("Test data shape:", X_test.shape)

# define the autoencoder network model
def autoencoder_model(X):
    inputs = Input(shape=(X.shape[1], X.shape[2]))
    L1 = LSTM(16, activation='relu', return_sequences=True, 
              kernel_regularizer=regularizers.l2(0.00))(inputs)
    L2 = LSTM(4, activation='relu', return_sequences=False)(L1)
    L3 = RepeatVector(X.shape[1])(L2)
    L4 = LSTM(4, activation='relu', return_sequences=True)(L3)
    L5 = LSTM(16, activation='relu', return_sequences=True)(L4)
    output = TimeDistributed(Dense(X.shape[2]))(L5)    
    model = Model(inputs=inputs, outputs=output)
    return model

# create the autoencoder model
model = autoencoder_model(X_train)
model.compile(optimizer='adam', loss='mae')
model.summary()

# fit the model to the data
nb_epochs = 3
batch_size = 10
history = model.fit(X_train, X_train, epochs=nb_epochs, batch_size=batch_size,
                    validation_split=0.05, shuffle=False).history
print(history['loss'], history['val_loss'])

# plot the loss distribution of the training set
X_pred = model.predict(X_train)
X_pred = X_pred.reshape(X_pred.shape[0], X_pred.shape[2])

Xtrain = X_train.reshape(X_train.shape[0], X_train.shape[2])
scored_loss = np.mean(np.abs(X_pred-Xtrain), axis = 1)

# calculate the loss on the test set
X_pred = model.predict(X_test)
X_pred = X_pred.reshape(X_pred.shape[0], X_pred.shape[2])

Xtest = X_test.reshape(X_test.shape[0], X_test.shape[2])
scored_loss = np.mean(np.abs(X_pred-Xtest), axis = 1)
scored_threshold = np.full(len(scored_loss), 0.275)
scored_anomaly = scored_loss > scored_threshold
print(scored_loss[:5], scored_anomaly[:5])

# calculate the same metrics for the training set 
# and merge all data in a single dataframe for plotting
X_pred_train = model.predict(X_train)
X_pred_train = X_pred_train.reshape(X_pred_train.shape[0], X_pred_train.shape[2])

scored_train_loss = np.mean(np.abs(X_pred_train-Xtrain), axis = 1)
scored_train_threshold = np.full(len(scored_train_loss), 0.275)
scored_train_anomaly = scored_train_loss > scored_train_threshold
scored_anomaly = np.concatenate([scored_train_anomaly, scored_anomaly])
print("anomalies:", scored_anomaly.sum())

# save all model information, including weights, in h5 format
model.save("Cloud_model.h5")
print("Model saved")
