# source: keras-team/keras docs/templates/getting-started/faq.md ("How can I use stateful RNNs?")
# commit: 1a3ee8441933fc007be6b2beb47af67998d50737
# keras: tf_keras
# exercises: stateful LSTM declared with input_shape + batch_size on the layer; train_on_batch on consecutive chunks; model.reset_states() and layer.reset_states()
# reduced: 8 units instead of 32, 4 rows of 31 steps with 5 features, three chunks of 10 steps
import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

x = np.random.random((4, 31, 5)).astype("float32")

model = Sequential()
model.add(LSTM(8, input_shape=(10, 5), batch_size=4, stateful=True))
model.add(Dense(5, activation="softmax"))
model.compile(optimizer="rmsprop", loss="categorical_crossentropy")

# predict the 11th step from the first 10, then carry on from the state reached
model.train_on_batch(x[:, :10, :], np.reshape(x[:, 10, :], (4, 5)))
model.train_on_batch(x[:, 10:20, :], np.reshape(x[:, 20, :], (4, 5)))
model.reset_states()
model.train_on_batch(x[:, :10, :], np.reshape(x[:, 10, :], (4, 5)))
model.layers[0].reset_states()
model.predict(x[:, 20:30, :], batch_size=4)
model.predict(x[:, 10:20, :], batch_size=4)
