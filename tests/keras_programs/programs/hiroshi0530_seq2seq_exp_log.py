# source: hiroshi0530/wa-src ml/lec/text/seq2seq/seq2seq_nb.py (a Japanese blog/lecture notebook exported to .py, "kerasとsequence to sequence": an LSTM encoder-decoder that "translates" windows of y = exp x into windows of y = log x, with teacher forcing: the decoder input is the target shifted one step right)
# commit: 4051823aa3cfb0c4651c67803d53b0080b60c2e4
# keras: tf_keras
# exercises: `from tensorflow.keras.layers import LSTM, Input, Dense` / `from tensorflow.keras.models import Model` imported after the data preparation; a functional seq2seq built inside a function: encoder LSTM(20, return_state=True) unpacked into output, state_h, state_c; decoder LSTM(20, return_sequences=True, return_state=True) called with initial_state=[state_h, state_c] and unpacked into three, Dense(1, activation='linear') on every step; Model([e_input, d_input], d_output); compile(loss="mean_squared_error", optimizer="adam"); print(model.summary()) (None printed); fit([ex, dx], dy, epochs, batch_size=8) on float64 (n, 10, 1) arrays with history.history['loss']; the inference helpers (build_predict_encoder_d_model, translate) are defined and never called, as in the notebook
# reduced: get_ipython() magics (sw_vers, python -V, matplotlib inline) dropped; matplotlib / scipy / gensim imports and their version prints dropped (not installed), as are the plt calls (the loss curve); x = np.linspace(0, 3, 200) -> np.linspace(0.015, 3, 200) (as written, log(0) = -inf is in the first window, so dx and dy hold -inf and the losses and weights are NaN from the first batch on, in Keras too: nothing left to compare); epochs 20 -> 2; shuffle=False added to fit
import numpy as np

import tensorflow as tf
from tensorflow import keras

print('numpy version :', np.__version__)


# ## サンプルデータ

x = np.linspace(0.015, 3, 200)
seq_in = np.exp(x)
seq_out = np.log(x)


# ### データの確認

print('shape : ', x.shape)
print('ndim : ', x.ndim)
print('data : ', x[:10])


print('shape : ', seq_in.shape)
print('ndim : ', seq_in.ndim)
print('data : ', seq_in[:10])


print('shape : ', seq_out.shape)
print('ndim : ', seq_out.ndim)
print('data : ', seq_out[:10])


# ### データの準備
# 
# kerasに入力するためのデータをnumpy配列に格納します。

NUM_LSTM = 10

n = len(x) - NUM_LSTM
ex = np.zeros((n, NUM_LSTM))
dx = np.zeros((n, NUM_LSTM))
dy = np.zeros((n, NUM_LSTM))

for i in range(0, n):
  ex[i] = seq_in[i:i+NUM_LSTM]
  dx[i, 1:] = seq_out[i:i+NUM_LSTM-1]
  dy[i] = seq_out[i:i+NUM_LSTM]

ex = ex.reshape(n, NUM_LSTM, 1)
dx = dx.reshape(n, NUM_LSTM, 1)
dy = dy.reshape(n, NUM_LSTM, 1)


# ## モデルの構築

from tensorflow.keras.layers import LSTM
from tensorflow.keras.layers import Input
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Model

NUM_MID = 20

def build_seq2se2_model():
  e_input = Input(shape=(NUM_LSTM, 1))
  e_lstm = LSTM(NUM_MID, return_state=True)
  e_output, e_state_h, e_state_c = e_lstm(e_input)
  e_state = [e_state_h, e_state_c]
  
  d_input = Input(shape=(NUM_LSTM, 1))
  d_lstm = LSTM(NUM_MID, return_sequences=True, return_state=True)
  d_output, _, _ = d_lstm(d_input, initial_state=e_state)
  d_dense = Dense(1, activation='linear')
  d_output = d_dense(d_output)
  
  model = Model([e_input, d_input], d_output)
  model.compile(loss="mean_squared_error", optimizer="adam")
  print(model.summary())
  
  return model

seq2seq_model = build_seq2se2_model()


# ## モデルの学習

# 学習用のパラメタを設定します
batch_size = 10
epochs = 2

history = seq2seq_model.fit([ex, dx], dy, epochs=epochs, batch_size=8, shuffle=False)


# ## 損失関数

loss = history.history['loss']
print(loss)


# ## 予測するためのencoderとdecoderのモデルを返す関数を作成します

def build_predict_encoder_d_model():
  e_model = Model(e_input, e_state)
  
  d_input = Input(shape=(1, 1))
  d_state_in_h = Input(shape=(NUM_MID,))
  d_state_in_c = Input(shape=(NUM_MID,))
  d_state_in = [d_state_in_h, d_state_in_c]
  
  d_output, d_state_h, d_state_c = d_lstm(d_input, initial_state=d_state_in)
  d_state = [d_state_h, d_state_c]
  
  d_output = d_dense(d_output)
  d_model = Model([d_input] + d_state_in, [d_output] + d_state)
  
  return e_model, d_model


# データを変換するための関数を実装します。

def translate(input_data):
  state_value = encoder_model.predict(input_data)
  y_decoder = np.zeros((1, 1, 1))
  translated = []
  
  for i in range(0, n_rnn):  # 各時刻ごとに予測を行う
    y, h, c = decoder_model.predict([y_decoder] + state_value)
    y = y[0][0][0]
    translated.append(y)
    y_decoder[0][0][0] = y
    state_value = [h, c]

  return translated
