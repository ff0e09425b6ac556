# source: hiroshi0530/wa-src ml/lec/text/lstm_stock/lstm_nb.py (a Japanese blog/lecture notebook exported to .py, "LSTMを使った株価予測": the Nikkei 225 close as ratios to the first day, cut into periods, one Sequential of SimpleRNN / LSTM / GRU(return_sequences=True) + Dense(1) per period trained on next-step windows, then a closed-loop forecast feeding each prediction back in)
# commit: afca52cd838c86e26acd5c5b6028950e8989c58d
# keras: tf_keras
# exercises: `from tensorflow.keras.layers import SimpleRNN, LSTM, GRU, Dense, Dropout, Activation`; build_model(model_name) choosing SimpleRNN / LSTM / GRU(NUM_MIDDLE, input_shape=(NUM_LSTM, 1), return_sequences=True) by `if`, Dense(1, activation="linear") applied to every step, compile(loss="mean_squared_error", optimizer="sgd"); print(model.summary()); fit(l_x, l_y, epochs, batch_size=100 (more than the rows: one batch), validation_split=0.25, verbose=0) with float64 (n, NUM_LSTM, 1) inputs and targets; history.history['loss'] / ['val_loss']; plot_result's closed loop: predict(res[-NUM_LSTM:].reshape(1, NUM_LSTM, 1)) n times, the last step's output appended to the input; a fresh model built and fitted per period, the module-level `model` rebound and read by plot_result
# reduced: get_ipython() magics (sw_vers, ls, nkf, head) dropped; nikkei.csv (the Nikkei's download, not in the repository as UTF-8 for this commit) and pandas replaced by a dict `df` of numpy arrays: 'データ日付' made-up date strings and '終値' a seeded random walk of 161 closes (np.random.seed(0)), df.index.values -> np.arange, the `df.drop(index=975, inplace=True)` of the copyright line dropped with it; matplotlib calls dropped (plt.plot/xticks/axvspan/show; plot_result keeps its prediction loop and the `res` it plots); TERM_PART_LIST [0, 120, ..., 840] -> [0, 20, 40, 60, 80, 100, 120, 140, 160], NUM_LSTM 90 -> 15, NUM_MIDDLE 200 -> 8, epochs 2000 -> 2; the RNN loop over other periods [1, 2, 3, 4, 5, 6] -> [1]; shuffle=False added to each fit; the S&P500 sections at the end (the same build_model/fit/plot_result on sp500_2019/2020 CSVs read with pandas after nkf/sed) left out
import numpy as np

print('numpy version :', np.__version__)

np.random.seed(0)
_closes = 20000.0 * np.exp(np.cumsum(0.01 * np.random.randn(161)))
df = {'データ日付': np.array(['2017/%02d/%02d' % (1 + i // 28, 1 + i % 28) for i in range(161)]),
      '終値': _closes}


def shape_data(data_list):
  return [d / data_list[0] - 1 for d in data_list]

df['data_list'] = np.array(shape_data(df['終値']))


# ### 定数の準備

# データとしては約四年分あるが、今回はこれを8このパートに分けて、それぞれの領域で予想を行う
TERM_PART_LIST = [0, 20, 40, 60, 80, 100, 120, 140, 160]

# 予測に利用するデータ数
# 90個のデータから後の30個のデータを予測する
NUM_LSTM = 15

# 中間層の数
NUM_MIDDLE = 8

# ニューラルネットのモデルの定数
batch_size = 100
epochs = 2
validation_split = 0.25


# ### データの準備
# 
# kerasに投入するためにデータを整えます。

def get_x_y_lx_ly(term_part):
  
  date = np.array(df['データ日付'][TERM_PART_LIST[term_part]: TERM_PART_LIST[term_part + 1]])
  x = np.arange(len(df['終値']))[TERM_PART_LIST[term_part]: TERM_PART_LIST[term_part + 1]]
  y = np.array(df['data_list'][TERM_PART_LIST[term_part]: TERM_PART_LIST[term_part + 1]])
  
  n = len(y) - NUM_LSTM
  l_x = np.zeros((n, NUM_LSTM))
  l_y = np.zeros((n, NUM_LSTM))
  
  for i in range(0, n):
    l_x[i] = y[i: i + NUM_LSTM]
    l_y[i] = y[i + 1: i + NUM_LSTM + 1]
  
  l_x = l_x.reshape(n, NUM_LSTM, 1)
  l_y = l_y.reshape(n, NUM_LSTM, 1)
  
  return n, date, x, y, l_x, l_y

n, date, x, y, l_x, l_y = get_x_y_lx_ly(0)


print('shape : ', x.shape)
print('ndim : ', x.ndim)
print('data : ', x[:10])


print('shape : ', y.shape)
print('ndim : ', y.ndim)
print('data : ', y[:10])


print(l_y.shape)
print(l_x.shape)


# ### モデルの構築
# 
# モデルの構築を定義する関数です。デフォルトではRNNとします。

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.layers import LSTM
from tensorflow.keras.layers import Dropout
from tensorflow.keras.layers import Activation
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.layers import GRU


def build_model(model_name='RNN'):
  # LSTMニューラルネットの構築
  model = Sequential()
  
  # RNN,LSTM、GRUを選択できるようにする
  if model_name == 'RNN':
    model.add(SimpleRNN(NUM_MIDDLE, input_shape=(NUM_LSTM, 1), return_sequences=True))
  
  if model_name == 'LSTM':
    model.add(LSTM(NUM_MIDDLE, input_shape=(NUM_LSTM, 1), return_sequences=True))
  
  if model_name == 'GRU':
    model.add(GRU(NUM_MIDDLE, input_shape=(NUM_LSTM, 1), return_sequences=True))
  
  model.add(Dense(1, activation="linear"))
  model.compile(loss="mean_squared_error", optimizer="sgd")
  
  return model


# ニューラルネットを深くした（今回は使わない）
def build_model_02(): 
  
  NUM_MIDDLE_01 = 100
  NUM_MIDDLE_02 = 120
  
  # LSTMニューラルネットの構築
  model = Sequential()
  model.add(LSTM(NUM_MIDDLE_01, input_shape = (NUM_LSTM, 1), return_sequences=True))
  model.add(Dropout(0.2))
  model.add(LSTM(NUM_MIDDLE_02, return_sequences=True))
  model.add(Dropout(0.2))
  model.add(Dense(1))
  model.add(Activation("linear"))
  model.compile(loss="mean_squared_error", optimizer="sgd")
  # model.compile(loss="mse", optimizer='rmsprop')
    
  return model
  
model = build_model('RNN')


# ### モデルの詳細

print(model.summary())


# validation_split で最後の10％を検証用に利用します
history = model.fit(l_x, l_y, epochs=epochs, batch_size=batch_size, validation_split=validation_split, verbose=0, shuffle=False)


loss = history.history['loss']
val_loss = history.history['val_loss']


# ### RNNによる結果の確認

def plot_result():

  # 初期の入力値
  res = []
  res = np.append(res, l_x[0][0][0])
  res = np.append(res, l_y[0].reshape(-1))
  
  for i in range(0, n):
    _y = model.predict(res[- NUM_LSTM:].reshape(1, NUM_LSTM, 1))
    
    # 予測されたデータを次の予測のためのインプットデータとして利用
    res = np.append(res, _y[0][NUM_LSTM - 1][0])
  
  res = np.delete(res, -1)  
  
  print(res[-3:])
  
print('{} - {} の結果'.format(date[0], date[NUM_LSTM - 1]))
plot_result()


# ### 他の期間の予測

for term in [1]:
  n, date, x, y, l_x, l_y = get_x_y_lx_ly(term)
  model = build_model('RNN')
  history = model.fit(l_x, l_y, epochs=epochs, batch_size=batch_size, validation_split=validation_split, verbose=0, shuffle=False)
  print('予測期間 : {} - {} の結果'.format(date[0], date[NUM_LSTM - 1]))
  plot_result()


# ### LSTMによる予測

for term in [0, 1]:
  n, date, x, y, l_x, l_y = get_x_y_lx_ly(term)
  model = build_model('LSTM')
  history = model.fit(l_x, l_y, epochs=epochs, batch_size=batch_size, validation_split=validation_split, verbose=0, shuffle=False)
  print('予測期間 : {} - {} の結果'.format(date[0], date[NUM_LSTM - 1]))
  plot_result()


# ### GRUによる予測

for term in [0, 1]:
  n, date, x, y, l_x, l_y = get_x_y_lx_ly(term)
  model = build_model('GRU')
  history = model.fit(l_x, l_y, epochs=epochs, batch_size=batch_size, validation_split=validation_split, verbose=0, shuffle=False)
  print('予測期間 : {} - {} の結果'.format(date[0], date[NUM_LSTM - 1]))
  plot_result()
