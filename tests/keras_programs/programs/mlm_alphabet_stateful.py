# source: rupskygill/ML-mastery deep_learning_with_python_code/27_lstm_one_char_stateful.py (J. Brownlee, "Understanding Stateful LSTM Recurrent Neural Networks")
# commit: 1710dea030ed02d676045f545120fe94aa1d342e
# keras: tf_keras
# exercises: to_categorical, a stateful LSTM(batch_input_shape=(1, 1, 1)) trained by an epoch loop of fit(epochs=1, shuffle=False) + reset_states, evaluate, then stateful one-step predict feeding each prediction back
# reduced: 8 letters instead of 26, 3 epochs instead of 300
import numpy
from keras.models import Sequential
from keras.layers import Dense
from keras.layers import LSTM
from keras.utils import to_categorical

alphabet = "ABCDEFGH"
char_to_int = dict((c, i) for i, c in enumerate(alphabet))
seq_length = 1
dataX, dataY = [], []
for i in range(0, len(alphabet) - seq_length, 1):
    dataX.append([char_to_int[char] for char in alphabet[i : i + seq_length]])
    dataY.append(char_to_int[alphabet[i + seq_length]])
X = numpy.reshape(dataX, (len(dataX), seq_length, 1))
X = X / float(len(alphabet))
y = to_categorical(dataY)

batch_size = 1
model = Sequential()
model.add(LSTM(16, batch_input_shape=(batch_size, X.shape[1], X.shape[2]), stateful=True))
model.add(Dense(y.shape[1], activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
for i in range(3):
    model.fit(X, y, epochs=1, batch_size=batch_size, verbose=0, shuffle=False)
    model.reset_states()
scores = model.evaluate(X, y, batch_size=batch_size, verbose=0)
model.reset_states()

seed = [char_to_int[alphabet[0]]]
for i in range(0, len(alphabet) - 1):
    x = numpy.reshape(seed, (1, len(seed), 1))
    x = x / float(len(alphabet))
    prediction = model.predict(x, verbose=0)
    seed = [numpy.argmax(prediction)]
model.reset_states()
