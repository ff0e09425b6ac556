# source: lazyprogrammer/machine_learning_examples nlp_class3/simple_rnn_test.py and nlp_class3/bilstm_test.py (the Lazy Programmer's "Deep Learning: Advanced NLP" course: what LSTM, GRU and Bidirectional(LSTM) return with return_state and return_sequences, the demo copied alongside Brownlee's "return sequences and return states" post)
# commit: 58b1d465f9edcaa0683b3df3e265a328dee1aa0e
# keras: tf_keras
# exercises: `from keras.models import Model`, `from keras.layers import Input, LSTM, GRU, Bidirectional`; functional models whose output is the list a recurrent layer returns: LSTM(M, return_state=True) -> o, h, c; LSTM(M, return_state=True, return_sequences=True) -> o (all steps), h, c; GRU(M, return_state=True) -> o, h; GRU(M, return_state=True, return_sequences=True); Bidirectional(LSTM(M, return_state=True, return_sequences=False)) -> o, h1, c1, h2, c2 (and with return_sequences=True); Model(inputs=input_, outputs=x) with x that list; predict unpacked into 2, 3 or 5 arrays; print of o.shape
# reduced: `model.compile(optimizer='adam', loss='mse')` added after each Model(...) (the test harness gives both sides the same initial weights at a model's first compile; the models are never trained); the two scripts run one after the other (simple_rnn_test.py's four functions, then bilstm_test.py's model); the GPU check `if len(K.tensorflow_backend._get_available_gpus()) > 0: from keras.layers import CuDNNLSTM as LSTM ...` (keras.backend.tensorflow_backend and CuDNNLSTM are gone from tf.keras 2, so it fails on Keras itself) left out; the `from __future__`/`from builtins` lines and the unused matplotlib import left out; bilstm_test.py's commented-out alternative `Bidirectional(LSTM(M, return_state=True, return_sequences=True))` and lstm2's commented-out `GRU(M, return_state=True)` run too, as bilstm2() and lstm2_gru() (added, unpacked like their neighbours); X drawn once per script with np.random.randn as in the originals
from keras.models import Model
from keras.layers import Input, LSTM, GRU, Bidirectional
import numpy as np


# ---- nlp_class3/simple_rnn_test.py ----
T = 8
D = 2
M = 3


X = np.random.randn(1, T, D)


def lstm1():
  input_ = Input(shape=(T, D))
  rnn = LSTM(M, return_state=True)
  x = rnn(input_)

  model = Model(inputs=input_, outputs=x)
  model.compile(optimizer='adam', loss='mse')
  o, h, c = model.predict(X)
  print("o:", o)
  print("h:", h)
  print("c:", c)


def lstm2():
  input_ = Input(shape=(T, D))
  rnn = LSTM(M, return_state=True, return_sequences=True)
  # rnn = GRU(M, return_state=True)
  x = rnn(input_)

  model = Model(inputs=input_, outputs=x)
  model.compile(optimizer='adam', loss='mse')
  o, h, c = model.predict(X)
  print("o:", o)
  print("h:", h)
  print("c:", c)


def lstm2_gru():
  input_ = Input(shape=(T, D))
  rnn = GRU(M, return_state=True)
  x = rnn(input_)

  model = Model(inputs=input_, outputs=x)
  model.compile(optimizer='adam', loss='mse')
  o, h = model.predict(X)
  print("o:", o)
  print("h:", h)


def gru1():
  input_ = Input(shape=(T, D))
  rnn = GRU(M, return_state=True)
  x = rnn(input_)

  model = Model(inputs=input_, outputs=x)
  model.compile(optimizer='adam', loss='mse')
  o, h = model.predict(X)
  print("o:", o)
  print("h:", h)


def gru2():
  input_ = Input(shape=(T, D))
  rnn = GRU(M, return_state=True, return_sequences=True)
  x = rnn(input_)

  model = Model(inputs=input_, outputs=x)
  model.compile(optimizer='adam', loss='mse')
  o, h = model.predict(X)
  print("o:", o)
  print("h:", h)



print("lstm1:")
lstm1()
print("lstm2:")
lstm2()
print("lstm2_gru:")
lstm2_gru()
print("gru1:")
gru1()
print("gru2:")
gru2()


# ---- nlp_class3/bilstm_test.py ----
T = 8
D = 2
M = 3


X = np.random.randn(1, T, D)


input_ = Input(shape=(T, D))
# rnn = Bidirectional(LSTM(M, return_state=True, return_sequences=True))
rnn = Bidirectional(LSTM(M, return_state=True, return_sequences=False))
x = rnn(input_)

model = Model(inputs=input_, outputs=x)
model.compile(optimizer='adam', loss='mse')
o, h1, c1, h2, c2 = model.predict(X)
print("o:", o)
print("o.shape:", o.shape)
print("h1:", h1)
print("c1:", c1)
print("h2:", h2)
print("c2:", c2)


def bilstm2():
  input_ = Input(shape=(T, D))
  rnn = Bidirectional(LSTM(M, return_state=True, return_sequences=True))
  x = rnn(input_)

  model = Model(inputs=input_, outputs=x)
  model.compile(optimizer='adam', loss='mse')
  o, h1, c1, h2, c2 = model.predict(X)
  print("o:", o)
  print("o.shape:", o.shape)
  print("h1:", h1)
  print("c1:", c1)
  print("h2:", h2)
  print("c2:", c2)


bilstm2()
