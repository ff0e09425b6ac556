# source: NourozR/Stock-Price-Prediction-LSTM StockPricePrediction.py and preprocessing.py (N. Rahman's widely starred "Stock Price Prediction using LSTM": Apple's daily OHLC average, MinMax-scaled, predicted one day ahead by two stacked LSTMs trained with Adagrad at batch size 1)
# commit: 1829ad5c8b3ece7b0e9c16fd76cf2550142683b2
# keras: tf_keras
# exercises: Keras 2 `from keras.models import Sequential`, `from keras.layers import Dense, Activation`, `from keras.layers import LSTM`; Sequential with model.add: LSTM(32, input_shape=(1, step_size), return_sequences=True), LSTM(16), Dense(1), Activation('linear'); compile(loss='mean_squared_error', optimizer='adagrad') (the string optimizer: tf-keras Adagrad's defaults, learning_rate 0.001, initial_accumulator_value 0.1, epsilon 1e-7); fit(trainX, trainY, epochs, batch_size=1, verbose=2) with (N,) targets; predict on train and test windows (default batch size 32); scaler.inverse_transform of predictions and of [trainY] (a (1, N) list); a last predict of a single (1, 1, 1) value
# reduced: the apple_share_price.csv (pandas read_csv of Open/High/Low/Close, reversed) replaced by 80 made-up days of OHLC (numpy random walk); pandas' row mean by np.mean(axis=1); sklearn's MinMaxScaler and mean_squared_error replaced by their arithmetic; preprocessing.new_dataset inlined as written; units 32/16 -> 8/4; epochs 5 -> 2; the 58 training windows fed at batch size 1 with shuffle=False added (tf-keras shuffles the samples with TensorFlow's generator, which PyTorch cannot replay); the matplotlib plots left out; the last two Python 2 print statements written as print calls and np.asscalar (removed from numpy) as .item()
import numpy as np
import math
from keras.models import Sequential
from keras.layers import Dense, Activation
from keras.layers import LSTM


# ---- preprocessing.py ----
# FUNCTION TO CREATE 1D DATA INTO TIME SERIES DATASET
def new_dataset(dataset, step_size):
	data_X, data_Y = [], []
	for i in range(len(dataset)-step_size-1):
		a = dataset[i:(i+step_size), 0]
		data_X.append(a)
		data_Y.append(dataset[i + step_size, 0])
	return np.array(data_X), np.array(data_Y)


class MinMaxScaler:  # stand-in for sklearn.preprocessing.MinMaxScaler
    def __init__(self, feature_range=(0, 1)):
        self.feature_range = feature_range

    def fit_transform(self, X):
        self.min_, self.max_ = X.min(axis=0), X.max(axis=0)
        return (X - self.min_) / (self.max_ - self.min_)

    def inverse_transform(self, X):
        return np.asarray(X) * (self.max_ - self.min_) + self.min_


def mean_squared_error(a, b):
    return float(np.mean((np.asarray(a) - np.asarray(b)) ** 2))


# ---- StockPricePrediction.py ----
# FOR REPRODUCIBILITY
np.random.seed(7)

# IMPORTING DATASET (Open, High, Low, Close)
close = 100 + np.cumsum(np.random.randn(80))
dataset = np.stack([close + np.random.randn(80) * 0.3, close + 1 + np.random.rand(80),
                    close - 1 - np.random.rand(80), close], axis=1)

# TAKING DIFFERENT INDICATORS FOR PREDICTION
OHLC_avg = dataset.mean(axis = 1)

# PREPARATION OF TIME SERIES DATASE
OHLC_avg = np.reshape(OHLC_avg, (len(OHLC_avg),1)) # 1664
scaler = MinMaxScaler(feature_range=(0, 1))
OHLC_avg = scaler.fit_transform(OHLC_avg)

# TRAIN-TEST SPLIT
train_OHLC = int(len(OHLC_avg) * 0.75)
test_OHLC = len(OHLC_avg) - train_OHLC
train_OHLC, test_OHLC = OHLC_avg[0:train_OHLC,:], OHLC_avg[train_OHLC:len(OHLC_avg),:]

# TIME-SERIES DATASET (FOR TIME T, VALUES FOR TIME T+1)
trainX, trainY = new_dataset(train_OHLC, 1)
testX, testY = new_dataset(test_OHLC, 1)

# RESHAPING TRAIN AND TEST DATA
trainX = np.reshape(trainX, (trainX.shape[0], 1, trainX.shape[1]))
testX = np.reshape(testX, (testX.shape[0], 1, testX.shape[1]))
step_size = 1

# LSTM MODEL
model = Sequential()
model.add(LSTM(8, input_shape=(1, step_size), return_sequences = True))
model.add(LSTM(4))
model.add(Dense(1))
model.add(Activation('linear'))

# MODEL COMPILING AND TRAINING
model.compile(loss='mean_squared_error', optimizer='adagrad') # Try SGD, adam, adagrad and compare!!!
model.fit(trainX, trainY, epochs=2, batch_size=1, verbose=2, shuffle=False)

# PREDICTION
trainPredict = model.predict(trainX)
testPredict = model.predict(testX)

# DE-NORMALIZING FOR PLOTTING
trainPredict = scaler.inverse_transform(trainPredict)
trainY = scaler.inverse_transform([trainY])
testPredict = scaler.inverse_transform(testPredict)
testY = scaler.inverse_transform([testY])


# TRAINING RMSE
trainScore = math.sqrt(mean_squared_error(trainY[0], trainPredict[:,0]))
print('Train RMSE: %.2f' % (trainScore))

# TEST RMSE
testScore = math.sqrt(mean_squared_error(testY[0], testPredict[:,0]))
print('Test RMSE: %.2f' % (testScore))

# PREDICT FUTURE VALUES
last_val = testPredict[-1]
last_val_scaled = last_val/last_val
next_val = model.predict(np.reshape(last_val_scaled, (1,1,1)))
print("Last Day Value:", last_val.item())
print("Next Day Value:", (last_val*next_val).item())
