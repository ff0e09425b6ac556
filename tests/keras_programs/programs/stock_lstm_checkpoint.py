# source: Harrishraj27/Stock-price-Prediction-using-LSTM stock_prediction.py (a Kaggle-style closing-price LSTM forecaster on the CAC 40 dataset)
# commit: 95cee99038fc9bf11a2d5ddcdccdbfdd7c6c867e
# keras: tf_keras
# exercises: closing prices scaled to [0, 1], windows of the last prediction_days prices built in a Python loop and reshaped to (samples, steps, 1); LSTM(return_sequences=True, input_shape=...) + Dropout, LSTM(return_sequences=True) + Dropout, LSTM + Dropout, Dense(units=1) built by add inside a function; summary(); compile(optimizer='adam', loss='mean_squared_error'); fit(epochs, batch_size=32, callbacks=[ModelCheckpoint('weights_best.hdf5', verbose=2, save_best_only=True)]) with no validation data, so the checkpoint's default monitor, val_loss, is never there (Keras warns and saves nothing); predict on test windows built from the training tail and the test prices, inverse scaling, a next-day prediction from the last window, MAE, MSE, RMSE and R-squared computed with numpy
# reduced: the CAC 40 CSV (pandas.read_csv, a company and date filter) replaced by load_data making a random-walk closing-price series with numpy, one value per day between the dates, which are moved to keep the run small: training from 2019-06-01 to 2019-12-18 (200 days) instead of 2015-01-01 to 2020-01-01, the test from there to a fixed 2020-03-01 (74 days) instead of dt.datetime.now(); scikit-learn (not installed here nor in the Keras venv) replaced by numpy: MinMaxScaler(feature_range=(0,1)) by the same min/max arithmetic in fit_transform / transform / inverse_transform lines, sklearn.metrics by numpy means, and the closing accuracy_score line (which fails on continuous targets) dropped; pandas (not installed) replaced: data['Close'].values by the array itself and pd.concat by np.concatenate; prediction_days 60 to 10, LSTM units 50 to 8 (a small reference), Dropout 0.2 to 0 (random masks cannot match), 2 epochs instead of 25, shuffle=False (tf-keras shuffles with TensorFlow's generator); pandas_datareader, os and matplotlib imports and the plots dropped
import numpy as np
import datetime as dt

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout, LSTM
from tensorflow.keras.callbacks import ModelCheckpoint, EarlyStopping


def load_data(company, start, end):
    # Stands in for the CSV filter: one closing price per day from start to end, a random walk.
    days = (end - start).days
    return 50 + np.cumsum(np.random.normal(0, 1, size=days)).astype("float32")


COMPANY = 'Accor'
START_DATE = dt.datetime(2019,6,1)
END_DATE = dt.datetime(2019,12,18)

START_DATE_TEST = END_DATE

data = load_data(company = COMPANY,
                 start = START_DATE,
                 end = END_DATE)

# Normalize data
data_min, data_max = data.min(), data.max()
scaled_data = ((data - data_min) / (data_max - data_min)).reshape(-1,1)

# how many days do i want to base my predictions on ?
prediction_days = 10

x_train = []
y_train = []

for x in range(prediction_days, len(scaled_data)):
    x_train.append(scaled_data[x - prediction_days:x, 0])
    y_train.append(scaled_data[x, 0])
    
x_train, y_train = np.array(x_train), np.array(y_train)
x_train = np.reshape(x_train, (x_train.shape[0], x_train.shape[1], 1))

# Build LSTM model 
def LSTM_model():
    
    model = Sequential()
    
    model.add(LSTM(units = 8, return_sequences = True, input_shape = (x_train.shape[1],1)))
    model.add(Dropout(0))

    model.add(LSTM(units = 8, return_sequences = True))
    model.add(Dropout(0))

    model.add(LSTM(units = 8))
    model.add(Dropout(0))
    
    model.add(Dense(units=1))
    
    return model

# Training
model = LSTM_model()
model.summary()
model.compile(optimizer='adam', 
              loss='mean_squared_error')
checkpointer = ModelCheckpoint(filepath = 'weights_best.hdf5', 
                               verbose = 2, 
                               save_best_only = True)

model.fit(x_train, 
          y_train, 
          epochs=2, 
          batch_size = 32,
          shuffle=False,
          callbacks = [checkpointer])

# Predictions
# test model accuracy on existing data
test_data = load_data(company = COMPANY,
                      start = START_DATE_TEST,
                      end = dt.datetime(2020,3,1))

actual_prices = test_data

total_dataset = np.concatenate((data, test_data), axis=0)

model_inputs = total_dataset[len(total_dataset) - len(test_data) - prediction_days:]
model_inputs = model_inputs.reshape(-1,1)
model_inputs = (model_inputs - data_min) / (data_max - data_min)

x_test = []
for x in range(prediction_days, len(model_inputs)):
    x_test.append(model_inputs[x-prediction_days:x, 0])

x_test = np.array(x_test)
x_test = np.reshape(x_test, (x_test.shape[0], x_test.shape[1] ,1))

predicted_prices = model.predict(x_test)
predicted_prices = predicted_prices * (data_max - data_min) + data_min

# predicting next day
real_data = [model_inputs[len(model_inputs)+1 - prediction_days:len(model_inputs+1),0]]
real_data = np.array(real_data)
real_data = np.reshape(real_data, (real_data.shape[0], real_data.shape[1], 1))

prediction = model.predict(real_data)
prediction = prediction * (data_max - data_min) + data_min
print(f"prediction: {prediction}")

# Calculate Mean Absolute Error
mae = np.mean(np.abs(actual_prices - predicted_prices[:, 0]))

# Calculate Mean Squared Error
mse = np.mean((actual_prices - predicted_prices[:, 0]) ** 2)

# Calculate Root Mean Squared Error
rmse = np.sqrt(mse)

# Calculate R-squared
r2 = 1 - np.sum((actual_prices - predicted_prices[:, 0]) ** 2) / np.sum((actual_prices - actual_prices.mean()) ** 2)

print(f"Mean Absolute Error (MAE): {mae:.2f}")
print(f"Mean Squared Error (MSE): {mse:.2f}")
print(f"Root Mean Squared Error (RMSE): {rmse:.2f}")
print(f"R-squared (R²): {r2:.2f}")
