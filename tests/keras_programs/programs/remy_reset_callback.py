# source: philipperemy/philipperemy.github.io _posts/2016-07-30-keras-stateful-lstm.md (the ResetStatesCallback)
# commit: cf2971a5220091e8f78fba7f2a522b540fb48ced
# keras: tf_keras
# exercises: a Keras 2 callback overriding on_batch_begin to reset the states every max_len batches, fit(batch_size=1, shuffle=False) of a stateful LSTM one step per batch
# reduced: 4 sequences of 5 steps instead of 1000 of 20; 2 epochs
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense
from keras.callbacks import Callback

max_len = 5
X_train = np.zeros((4, max_len))
y_train = np.zeros((4, 1))
X_train[[0, 3], 0] = 1
y_train[[0, 3], 0] = 1


class ResetStatesCallback(Callback):
    def __init__(self):
        self.counter = 0

    def on_batch_begin(self, batch, logs={}):
        if self.counter % max_len == 0:
            self.model.reset_states()
        self.counter += 1


model = Sequential()
model.add(LSTM(10, batch_input_shape=(1, 1, 1), return_sequences=False, stateful=True))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

x = np.expand_dims(np.expand_dims(X_train.flatten(), axis=1), axis=1)
y = np.expand_dims(np.array([[v] * max_len for v in y_train.flatten()]).flatten(), axis=1)
model.fit(x, y, callbacks=[ResetStatesCallback()], batch_size=1, epochs=2, shuffle=False, verbose=0)
