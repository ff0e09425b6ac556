# source: philipperemy/philipperemy.github.io _posts/2016-07-30-keras-stateful-lstm.md ("Mastering stateful models")
# commit: cf2971a5220091e8f78fba7f2a522b540fb48ced
# keras: tf_keras
# exercises: a stateful LSTM fed one step at a time (batch_input_shape=(1, 1, 1)): train_on_batch, test_on_batch and predict_on_batch per step, reset_states after each sequence, binary_crossentropy with adam and accuracy
# reduced: 6 training and 2 test sequences of 5 steps instead of 1000/200 of 20; 2 epochs; each step shaped with np.reshape(v, (1, 1, 1)) (np.expand_dims(scalar, axis=1) fails on numpy 2)
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

max_len = 5
X = np.zeros((8, max_len))
Y = np.zeros((8, 1))
ones = np.random.choice(8, size=4, replace=False)
X[ones, 0] = 1
Y[ones, 0] = 1
X_train, y_train = X[:6], Y[:6]
X_test, y_test = X[6:], Y[6:]

model = Sequential()
model.add(LSTM(10, batch_input_shape=(1, 1, 1), return_sequences=False, stateful=True))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

for epoch in range(2):
    for i in range(len(X_train)):
        y_true = y_train[i]
        for j in range(max_len):
            model.train_on_batch(np.reshape(X_train[i][j], (1, 1, 1)), np.array([y_true]))
        model.reset_states()
    for i in range(len(X_test)):
        for j in range(max_len):
            model.test_on_batch(np.reshape(X_test[i][j], (1, 1, 1)), y_test[i])
        model.reset_states()
        for j in range(max_len):
            model.predict_on_batch(np.reshape(X_test[i][j], (1, 1, 1)))
        model.reset_states()
