# source: krishnaik06/Stock-MArket-Forecasting Untitled.ipynb (Krish Naik's widely watched and copied "Stock Price Prediction And Forecasting Using Stacked LSTM": Apple's Tiingo closing price, a three-layer stacked LSTM on 100-day windows, then a 30-day forecast fed back one prediction at a time; its code cells in order)
# commit: b62430e17b9c7d05f993b4d0437509726e23964a
# keras: tf_keras
# exercises: `from tensorflow.keras.models import Sequential`, `from tensorflow.keras.layers import Dense` and `... import LSTM` on separate lines; Sequential of LSTM(units, return_sequences=True, input_shape=(100,1)), LSTM(return_sequences=True), LSTM, Dense(1); compile(loss='mean_squared_error', optimizer='adam'); model.summary() twice; fit(X_train, y_train, validation_data=(X_test, ytest), epochs, batch_size=64, verbose=1) on float64 windows (create_dataset's range(len(dataset)-time_step-1) drops the last window); predict on the train and test windows, MinMaxScaler inverse_transform and RMSE; the 30-day forecast loop: the last time_step scaled prices as a Python list (list(x_input)[0].tolist()), model.predict(x_input.reshape((1, n_steps, 1)), verbose=0) each day, yhat[0].tolist() appended to the list and the list slid by one, lst_output.extend(yhat.tolist()), then inverse_transform of the list of [value] lists and of df1.tolist() extended by the forecast
# reduced: pandas_datareader's get_data_tiingo('AAPL') / to_csv / pd.read_csv(...)['close'] replaced by a made-up numpy random walk of 200 closing prices (the notebook's 1258; pandas and pandas_datareader are not installed here nor in the Keras venv); sklearn's MinMaxScaler(feature_range=(0,1)) and mean_squared_error (not installed) replaced by the same arithmetic in a small class and a numpy mean; time_step / n_steps / look_back 100 -> 10 (input_shape=(10,1), test_data[341:] -> test_data[60:] (its last 10 days), `len(temp_input)>100` -> `>10`, the plot slices df1[1158:] / df3[1200:] -> df1[190:] / df3[180:]); LSTM units 50 -> 8; epochs 100 -> 3; the 119 training windows are two batches of 64, so fit gets shuffle=False (tf-keras shuffles with TensorFlow's generator); the notebook's bare expressions (df.head(), training_size,test_size, math.sqrt(...), tf.__version__, ...) printed; the per-day "{} day input {}" print of the whole window kept; matplotlib plots left out (their arrays computed and printed by shape)
import numpy as np
import math

### Keras and Tensorflow >2.0

### Data Collection
rs = np.random.RandomState(1258)
df1 = 150 + np.cumsum(rs.normal(0, 2, 200))  # df.reset_index()['close']
print(df1[:5])

### LSTM are sensitive to the scale of the data. so we apply MinMax scaler 


class MinMaxScaler:
    def __init__(self, feature_range=(0, 1)):
        self.feature_range = feature_range

    def fit_transform(self, X):
        X = np.asarray(X, dtype=np.float64)
        data_min, data_max = X.min(axis=0), X.max(axis=0)
        self.scale_ = (self.feature_range[1] - self.feature_range[0]) / (data_max - data_min)
        self.min_ = self.feature_range[0] - data_min * self.scale_
        return self.transform(X)

    def transform(self, X):
        return np.asarray(X, dtype=np.float64) * self.scale_ + self.min_

    def inverse_transform(self, X):
        return (np.asarray(X, dtype=np.float64) - self.min_) / self.scale_


def mean_squared_error(y_true, y_pred):
    return np.mean((np.asarray(y_true).reshape(-1) - np.asarray(y_pred).reshape(-1)) ** 2)


scaler=MinMaxScaler(feature_range=(0,1))
df1=scaler.fit_transform(np.array(df1).reshape(-1,1))

print(df1[:5])

##splitting dataset into train and test split
training_size=int(len(df1)*0.65)
test_size=len(df1)-training_size
train_data,test_data=df1[0:training_size,:],df1[training_size:len(df1),:1]

print(training_size,test_size)

import numpy
# convert an array of values into a dataset matrix
def create_dataset(dataset, time_step=1):
	dataX, dataY = [], []
	for i in range(len(dataset)-time_step-1):
		a = dataset[i:(i+time_step), 0]   ###i=0, 0,1,2,3-----99   100 
		dataX.append(a)
		dataY.append(dataset[i + time_step, 0])
	return numpy.array(dataX), numpy.array(dataY)

# reshape into X=t,t+1,t+2,t+3 and Y=t+4
time_step = 10
X_train, y_train = create_dataset(train_data, time_step)
X_test, ytest = create_dataset(test_data, time_step)

print(X_train.shape), print(y_train.shape)

print(X_test.shape), print(ytest.shape)

# reshape input to be [samples, time steps, features] which is required for LSTM
X_train =X_train.reshape(X_train.shape[0],X_train.shape[1] , 1)
X_test = X_test.reshape(X_test.shape[0],X_test.shape[1] , 1)

### Create the Stacked LSTM model
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.layers import LSTM

model=Sequential()
model.add(LSTM(8,return_sequences=True,input_shape=(10,1)))
model.add(LSTM(8,return_sequences=True))
model.add(LSTM(8))
model.add(Dense(1))
model.compile(loss='mean_squared_error',optimizer='adam')


model.summary()

model.summary()


model.fit(X_train,y_train,validation_data=(X_test,ytest),epochs=3,batch_size=64,verbose=1,shuffle=False)

import tensorflow as tf

print(tf.__version__)

### Lets Do the prediction and check performance metrics
train_predict=model.predict(X_train)
test_predict=model.predict(X_test)

##Transformback to original form
train_predict=scaler.inverse_transform(train_predict)
test_predict=scaler.inverse_transform(test_predict)

### Calculate RMSE performance metrics
print(math.sqrt(mean_squared_error(y_train,train_predict)))

### Test Data RMSE
print(math.sqrt(mean_squared_error(ytest,test_predict)))

### Plotting 
# shift train predictions for plotting
look_back=10
trainPredictPlot = numpy.empty_like(df1)
trainPredictPlot[:, :] = np.nan
trainPredictPlot[look_back:len(train_predict)+look_back, :] = train_predict
# shift test predictions for plotting
testPredictPlot = numpy.empty_like(df1)
testPredictPlot[:, :] = numpy.nan
testPredictPlot[len(train_predict)+(look_back*2)+1:len(df1)-1, :] = test_predict
print(trainPredictPlot.shape, testPredictPlot.shape)

print(len(test_data))

x_input=test_data[60:].reshape(1,-1)
print(x_input.shape)


temp_input=list(x_input)
temp_input=temp_input[0].tolist()

print(temp_input)

# demonstrate prediction for next 10 days
from numpy import array

lst_output=[]
n_steps=10
i=0
while(i<30):
    
    if(len(temp_input)>10):
        #print(temp_input)
        x_input=np.array(temp_input[1:])
        print("{} day input {}".format(i,x_input))
        x_input=x_input.reshape(1,-1)
        x_input = x_input.reshape((1, n_steps, 1))
        #print(x_input)
        yhat = model.predict(x_input, verbose=0)
        print("{} day output {}".format(i,yhat))
        temp_input.extend(yhat[0].tolist())
        temp_input=temp_input[1:]
        #print(temp_input)
        lst_output.extend(yhat.tolist())
        i=i+1
    else:
        x_input = x_input.reshape((1, n_steps,1))
        yhat = model.predict(x_input, verbose=0)
        print(yhat[0])
        temp_input.extend(yhat[0].tolist())
        print(len(temp_input))
        lst_output.extend(yhat.tolist())
        i=i+1
    

print(lst_output)

day_new=np.arange(1,11)
day_pred=np.arange(11,41)

print(len(df1))

print(scaler.inverse_transform(df1[190:]).shape, scaler.inverse_transform(lst_output).shape)

df3=df1.tolist()
df3.extend(lst_output)
print(len(df3[180:]))

df3=scaler.inverse_transform(df3).tolist()
print(df3[-3:])
