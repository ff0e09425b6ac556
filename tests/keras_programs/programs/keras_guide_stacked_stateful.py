# source: keras-team/keras docs/templates/getting-started/sequential-model-guide.md ("Same stacked LSTM model, rendered stateful")
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: three stacked stateful LSTMs (batch_input_shape on the first only), categorical_crossentropy with rmsprop and accuracy, fit with shuffle=False and validation_data, evaluate
# reduced: 6 units, 4 features, 3 classes, batch 4, 3 epochs
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

data_dim = 4
timesteps = 5
num_classes = 3
batch_size = 4

model = Sequential()
model.add(LSTM(6, return_sequences=True, stateful=True, batch_input_shape=(batch_size, timesteps, data_dim)))
model.add(LSTM(6, return_sequences=True, stateful=True))
model.add(LSTM(6, stateful=True))
model.add(Dense(num_classes, activation="softmax"))

model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])

x_train = np.random.random((batch_size * 3, timesteps, data_dim))
y_train = np.random.random((batch_size * 3, num_classes))
x_val = np.random.random((batch_size * 2, timesteps, data_dim))
y_val = np.random.random((batch_size * 2, num_classes))

model.fit(x_train, y_train, batch_size=batch_size, epochs=3, shuffle=False, validation_data=(x_val, y_val))
model.evaluate(x_val, y_val, batch_size=batch_size)
