# source: henriettebs/IDATT2502_project src/models/LstmAttention/lstmAttention.py (a stock-price forecaster with a hand-written attention layer)
# commit: 06a040c30a92cd17d38aad6ceed2684285e7fd27
# keras: tf_keras
# exercises: a Keras 2 custom Layer subclass `attention(Layer)` whose build() calls self.add_weight(name=..., shape=(input_shape[-1], 1) and (input_shape[1], 1), initializer="normal") and whose call() is written with `from keras import backend as K` (K.tanh, K.dot of a 3-D tensor by a 2-D weight, K.softmax(e, axis=1), K.sum), no compute_output_shape (the shape comes from running call), __init__ taking only return_sequences; Sequential of LSTM(activation='relu', return_sequences=True, input_shape=...), Dropout, attention(), LSTM(activation='relu'), Dropout, Dense, Dense; keras.optimizers.Adam(learning_rate=0.0001), loss='mse' with metrics=['mse']; fit(batch_size=64, validation_split=0.2); a recursive forecast calling predict on one window per day and feeding each prediction back with np.append
# reduced: the driver at the end (the repository's main script calls lstmAttentionMain with a CSV's prices) is a numpy random walk of 60 prices and lstmAttentionMain(data, 3, 1) (3 days, 1 run instead of the repository's runs); LSTM(8, ...) and LSTM(8, ...) instead of 60 and 120 units, Dropout(0.0) instead of 0.5 (TensorFlow's and PyTorch's random masks differ), epochs=20 instead of 100; matplotlib (imported for a plot left commented out) not imported
from keras.models import Sequential
from keras.optimizers import Adam
from keras.layers import Dense, LSTM, Dropout, Bidirectional, Layer
from keras import backend as K

import numpy as np
import tensorflow as tf

from collections import deque


class attention(Layer):
    def __init__(self, return_sequences=True):
        self.return_sequences = return_sequences
        super(attention,self).__init__()

    def build(self, input_shape):
        self.W=self.add_weight(name="att_weight", shape=(input_shape[-1],1),
                               initializer="normal")
        self.b=self.add_weight(name="att_bias", shape=(input_shape[1],1),
                               initializer="normal")
        super(attention,self).build(input_shape)


    def call(self, x):
        e = K.tanh(K.dot(x,self.W)+self.b)
        a = K.softmax(e, axis=1)
        output = x*a
        if self.return_sequences:
            return output
        return K.sum(output, axis=1)



class Lstm:
    
    def Model(self,n_steps,n_features):
        model = Sequential()
        model.add(LSTM(8, activation='relu', return_sequences=True, input_shape=(n_steps, n_features)))
        model.add(Dropout(0.0))
        model.add(attention())
        model.add(LSTM(8, activation='relu'))
        model.add(Dropout(0.0))
        model.add(Dense(20))
        model.add(Dense(1))
        opt = Adam(learning_rate=0.0001)
        model.compile(optimizer=opt, loss='mse', metrics=['mse'])
        return model

    def SplitSequence(self,sequence, n_steps):
        X, y = list(), list()
        for i in range(len(sequence)):
            end_ix = i + n_steps
            if end_ix > len(sequence)-1:
                break
            seq_x, seq_y = sequence[i:end_ix], sequence[end_ix]
            X.append(seq_x)
            y.append(seq_y)
        return np.array(X), np.array(y)

# def plotCombined(data,predictions):
#     for x in predictions:
#         data = np.append(data,x)
#     plt.style.use(style='seaborn-whitegrid')
#     plt.figure(figsize=(16,10))
#     plt.plot(data[-200:])
#     plt.xlabel("days")
#     plt.ylabel("price")
#     plt.legend([f'halo'])
#     plt.show()



def lstmAttentionMain(data,pred_days,runs):
    n_features = 1
    n_steps = 7

    lstm = Lstm()

    X, y = lstm.SplitSequence(data,n_steps)
    X = X.reshape((X.shape[0], X.shape[1], n_features))

    predictions = [[] for x in range(pred_days)]
    for x in range(runs):
        new_data = data
        # History is loss and mae, loss = how well model predicted values, mae = mean absolute error
        model = lstm.Model(n_steps,n_features)
        history  = model.fit(X, y, batch_size=64, epochs=20, verbose=1,validation_split=0.2)
        for x in range(pred_days):
            x_input = np.array(new_data[-7:])
            x_input = x_input.reshape((1, n_steps, n_features))
            pred = model.predict(x_input, verbose=1)
            predictions[x].append(pred[0][0])
            new_data = np.append(new_data,pred)
    avg_result = [np.mean(num_list) for num_list in predictions]
    return avg_result


data = 1.0 + np.cumsum(0.05 * np.random.randn(60))
print(lstmAttentionMain(data, 3, 1))
