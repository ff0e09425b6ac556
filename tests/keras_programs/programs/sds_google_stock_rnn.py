# source: mf3129/ML_AI_Python Part 3 - Recurrent Neural Networks/rnn.py (SuperDataScience's "Deep Learning A-Z" Google stock price RNN, copied into thousands of repositories, here with a student's comments: four stacked LSTM(50) with Dropout(0.2) on 60-day windows of the scaled opening price)
# commit: b09149d71d2a5fac415a78f17153ce652809d482
# keras: tf_keras
# exercises: `from keras.models import Sequential`, `from keras.layers import Dense / LSTM / Dropout` as separate import lines; Sequential grown with add(): LSTM(units, return_sequences=True, input_shape=(60, 1)), Dropout, two LSTM(return_sequences=True) + Dropout, LSTM(units) + Dropout, Dense(units=1); compile(optimizer='adam', loss='mean_squared_error'); fit(X_train, y_train, batch_size=32) on float64 windows of shape (n, 60, 1) and targets of shape (n,); predict on test windows built from the tail of train + test, then a MinMaxScaler's inverse_transform
# reduced: Google_Stock_Price_Train.csv / _Test.csv (pd.read_csv) replaced by a made-up random-walk opening price (numpy RandomState(0)), 160 training days instead of 1258 (range(60, 1258) -> range(60, 160): 100 windows) and the 20 test days kept; pd.concat of the two 'Open' columns -> np.concatenate; sklearn's MinMaxScaler(feature_range=(0, 1)) (not installed) -> a small numpy class with fit_transform / transform / inverse_transform (the same arithmetic); LSTM units 50 -> 16; Dropout(0.2) -> Dropout(0.0) (random masks cannot match); epochs 100 -> 2; fit gets shuffle=False (tf-keras shuffles with TensorFlow's generator); the matplotlib plot replaced by printing the predictions
# Recurrent Neural Network   - Only numpy arrays can be the input for RNN networks specifically Time Series Analysis



# Part 1 - Data Preprocessing

# Importing the libraries
import numpy as np
import tensorflow as tf

# Made-up opening prices instead of the two CSV files: 160 training days, 20 test days.
rng = np.random.RandomState(0)
open_prices = 300 + np.cumsum(rng.normal(0.3, 5.0, size=180))
dataset_train_open = open_prices[:160]
dataset_test_open = open_prices[160:]

# Importing the training set   
training_set = dataset_train_open.reshape(-1, 1)    #The .values makes it a numpy array

# Feature Scaling
class MinMaxScaler:
    def __init__(self, feature_range=(0, 1)):
        self.feature_range = feature_range

    def fit_transform(self, a):
        self.data_min_, self.data_max_ = a.min(axis=0), a.max(axis=0)
        lo, hi = self.feature_range
        self.scale_ = (hi - lo) / (self.data_max_ - self.data_min_)
        self.min_ = lo - self.data_min_ * self.scale_
        return self.transform(a)

    def transform(self, a):
        return a * self.scale_ + self.min_

    def inverse_transform(self, a):
        return (a - self.min_) / self.scale_

sc = MinMaxScaler(feature_range = (0, 1)) #We determined between 0 and 1 based on the normalization feature scaling which can not be greater than 1
training_set_scaled = sc.fit_transform(training_set)  #Normalized training set

# Creating a data structure with 60 timesteps and 1 output
X_train = []
y_train = []
for i in range(60, 160):
    X_train.append(training_set_scaled[i-60:i, 0]) #The last 60 day stock prcies
    y_train.append(training_set_scaled[i, 0]) #Stock price to be predicted t + 1
X_train, y_train = np.array(X_train), np.array(y_train) #Making x_train and y_train an num py array so that we can feed it to the neural network

# Reshaping
X_train = np.reshape(X_train, (X_train.shape[0], X_train.shape[1], 1)) #Whenver we want to add new dimensions aka features, we need to add reshape it using numpy.reshape


# Part 2 - Building the RNN

# Importing the Keras libraries and packages
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from keras.layers import Dropout

# Initialising the RNN - Named regressor since we are prediciting a continous value and classification is about predicting a class. 
regressor = Sequential()

# Adding the first LSTM layer and some Dropout regularisation - avoid overfitting
regressor.add(LSTM(units = 16, return_sequences = True, input_shape = (X_train.shape[1], 1)))
regressor.add(Dropout(0.0)) #20% of neurons will be dropped off during each iteration of training

# Adding a second LSTM layer and some Dropout regularisation
regressor.add(LSTM(units = 16, return_sequences = True))
regressor.add(Dropout(0.0))

# Adding a third LSTM layer and some Dropout regularisation
regressor.add(LSTM(units = 16, return_sequences = True))
regressor.add(Dropout(0.0))

# Adding a fourth LSTM layer and some Dropout regularisation
regressor.add(LSTM(units = 16))
regressor.add(Dropout(0.0))

# Adding the output layer
regressor.add(Dense(units = 1))

# Compiling the RNN
regressor.compile(optimizer = 'adam', loss = 'mean_squared_error') 

# Fitting the RNN to the Training set
regressor.fit(X_train, y_train, epochs = 2, batch_size = 32, shuffle = False)


# Part 3 - Making the predictions and visualising the results

# Getting the real stock price of 2017
real_stock_price = dataset_test_open.reshape(-1, 1)

# Getting the predicted stock price of 2017
dataset_total = np.concatenate((dataset_train_open, dataset_test_open), axis = 0) #Horizantal Concatenation we use 1 and vertical concatenation we use 0
inputs = dataset_total[len(dataset_total) - len(dataset_test_open) - 60:]
inputs = inputs.reshape(-1,1)  #Since we did not get the input using a numpy iloc, we must reshape it so that it can be in numpy format
inputs = sc.transform(inputs)
X_test = []
for i in range(60, 80):
    X_test.append(inputs[i-60:i, 0])
X_test = np.array(X_test)
X_test = np.reshape(X_test, (X_test.shape[0], X_test.shape[1], 1))
predicted_stock_price = regressor.predict(X_test)
predicted_stock_price = sc.inverse_transform(predicted_stock_price)

# Visualising the results
print(np.concatenate((real_stock_price, predicted_stock_price), axis=1)[:5])
