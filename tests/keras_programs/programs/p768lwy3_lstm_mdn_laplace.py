# source: p768lwy3/LSTM_MDN lstm_mdn.py (a Bidirectional-LSTM mixture density network after Axel Brando's MDN-LSTM-Regression notebook: a window of 3 values of sin(x) predicts the next one as a mixture of Laplace distributions, the mixture parameters concatenated into one output and the negative log-likelihood written by hand with keras.backend; train() then test())
# commit: 968fe2aac68437639cf371086e4e994fa4992465
# keras: tf_keras
# exercises: `import keras` and `from keras import backend as K`; nested loss functions closing over c and m: K.reshape(params, [-1, c+2, m]), slicing [:, :c, :] / [:, c, :], K.softmax(K.clip(alpha, 1e-2, 1.)), K.log, K.abs, K.expand_dims(y_true, 2), K.sum(axis=1), a log-sum-exp with K.max(keepdims=True)/K.exp/K.sum(keepdims=True), -K.mean; Input(shape=(1, 3)) -> Bidirectional(LSTM(7, return_sequences=False)) -> Dense(7) -> three heads: Dense(c*m), Dense(m, activation=K.exp, kernel_regularizer=l2(1e-3)) (a backend function as the activation), Dense(m, activation='softmax'); concatenate([...], axis=1); compile(optimizer='adam', loss=<function>); print(MODEL.summary()); fit(batch_size=16, verbose=2, validation_split=0.1, callbacks=[ModelCheckpoint(hdf5 path, monitor='val_loss', verbose=1, save_best_only=True, mode='min'), EarlyStopping(monitor='val_loss', mode='min', patience=20), ReduceLROnPlateau(monitor='val_loss', factor=0.2, patience=5, epsilon=0.0001, min_lr=0.0001)]) (the Keras 1 `epsilon` keyword); evaluate(verbose=0); predict; a second, freshly built model load_weights from the checkpoint's whole-model HDF5 file, then predict and the +-3 sigma band computed from the output columns
# reduced: epochs 100 -> 3; shuffle=False added to fit (tf-keras shuffles with TensorFlow's generator); 300 -> 60 points of np.linspace(-16, 16) (sin(x) as there, so 56 windows); the matplotlib/seaborn/pandas imports and the plt.plot/plt.show calls dropped (the plotted arrays printed, rounded, instead); the checkpoint file 'weights_base.best.hdf5' put in a fresh tempfile.mkdtemp() folder; main() runs train() and then test() (the repository's main runs only test(), on the weights file committed with it); nothing else changed
import os
import tempfile
import numpy as np

import keras
from keras import backend as K
from keras.callbacks import EarlyStopping, History, ModelCheckpoint, ReduceLROnPlateau
from keras.layers import BatchNormalization, Bidirectional, concatenate, Dense, Dropout, Input, LSTM
# TimeDistributed
from keras.models import Model
from keras.optimizers import Adam
from keras.regularizers import l2

FOLDER = tempfile.mkdtemp()

def build_model(windows=3, c=1, m=1):
  # c: the number of outputs we want to predict
  # m: the number of distribution we want to use in the mixture

  def log_sum_exp(x, axis=None):
    """Log-sum-exp trick implementation"""
    x_max = K.max(x, axis=axis, keepdims=True)
    return K.log(K.sum(K.exp(x - x_max),
                      axis=axis, keepdims=True)) + x_max

  def mean_log_Gaussian_like(y_true, params):
    """Mean Log Gaussian Likelihood distribution"""
    """Note: The 'c' variable is obtained as global variable"""
    components = K.reshape(params, [-1, c+2, m])
    mu = components[:, :c, :]
    sigma = components[:, c, :]
    alpha = components[:, c+1, :]
    alpha = K.softmax(K.clip(alpha, 1e-8, 1.))

    exponent = K.log(alpha) - .5*float(c)*K.log(2*np.pi) \
              - float(c) * K.log(sigma) \
              - K.sum(K.expand_dims((y_true,2)-mu)**2, axis=1)/(2*(sigma)**2)

    log_gauss = log_sum_exp(exponent, axis=1)
    res = -K.mean(log_gauss)
    return res

  def mean_log_LaPlace_like(y_true, params):
    """Mean Log Laplace Likelihood distribution"""
    """Note: The 'c' variable is obtained as global variable"""
    components = K.reshape(params, [-1, c+2, m])
    mu = components[:, :c, :]
    sigma = components[:, c, :]
    alpha = components[:, c+1, :]
    alpha = K.softmax(K.clip(alpha, 1e-2, 1.))

    exponent = K.log(alpha) - float(c)*K.log(2*sigma) \
              - K.sum(K.abs(K.expand_dims(y_true,2)-mu), axis=1)/(sigma)

    log_gauss = log_sum_exp(exponent, axis=1)
    res = -K.mean(log_gauss)
    return res

  INPUTS = Input(shape=(1, windows))
  BLSTM1 = Bidirectional(LSTM(7, return_sequences=False))(INPUTS)
  # dropout 
  # lstm ...
  #...
  FC1 = Dense(7)(BLSTM1)
  FC_mus = Dense(c*m)(FC1)
  FC_sigmas = Dense(m, activation=K.exp, kernel_regularizer=l2(1e-3))(FC1)
  FC_alphas = Dense(m, activation='softmax')(FC1)
  OUTPUTS = concatenate([FC_mus, FC_sigmas, FC_alphas], axis=1)
  MODEL = Model(INPUTS, OUTPUTS)

  MODEL.compile(optimizer='adam', loss=mean_log_LaPlace_like)
  print(MODEL.summary())
  return MODEL

def train():
  np.random.seed(12345)
  x = np.linspace(-16, 16, num=60)
  y = np.sin(x)

  print('Shape of x:', str(x.shape), '\nShape of y:', str(y.shape))

  dataX, dataY = [], []
  window = 3
  for i in range(len(y)-window-1):
    x_ = y[i:(i+window)]
    dataX.append(x_)
    dataY.append(y[i+window])
  dataX, dataY = np.array(dataX), np.array(dataY)
  dataX = dataX.reshape(dataX.shape[0], 1, dataX.shape[1])
  
  model = build_model()
  file_path = os.path.join(FOLDER, "weights_base.best.hdf5")
  checkpoint = ModelCheckpoint(file_path, monitor='val_loss', verbose=1, save_best_only=True, mode='min')
  earlyStopping = EarlyStopping(monitor="val_loss", mode="min", patience=20)
  reduce_lr = ReduceLROnPlateau(monitor='val_loss', factor=0.2, patience=5, epsilon=0.0001, min_lr=0.0001)
  callbacks = [checkpoint, earlyStopping, reduce_lr]
  history = model.fit(dataX, dataY, epochs=3, batch_size=16, 
                     verbose=2, validation_split=0.1, callbacks=callbacks, shuffle=False)

  train_error = model.evaluate(dataX, dataY, verbose=0)
  print('Train Error: ', train_error)

  print('loss', np.round(history.history['loss'], 4))

  predY = model.predict(dataX)
  xx = x[window:len(x)-1]
  print(np.round(xx[:5], 4), np.round(dataY[:5], 4))
  print(np.round(predY[:5, 0], 4))

def test(plot=True):
  model = build_model()
  model.load_weights(os.path.join(FOLDER, 'weights_base.best.hdf5'))

  np.random.seed(12345)
  x = np.linspace(-16, 16, num=60)
  y = np.sin(x)
  dataX, dataY = [], []
  window = 3
  for i in range(len(y)-window-1):
    x_ = y[i:(i+window)]
    dataX.append(x_)
    dataY.append(y[i+window])
  dataX, dataY = np.array(dataX), np.array(dataY)
  dataX = dataX.reshape(dataX.shape[0], 1, dataX.shape[1])

  predY = model.predict(dataX)

  if plot == True:
    pu, pl = predY[:, 0] + predY[:, 1] * 3, predY[:, 0] - predY[:, 1] * 3
    x_ = x[3:len(x)-1]
    print('real', np.round(y[3:len(x)-1][:5], 4))
    print('pred', np.round(predY[:5, 0], 4))
    print('band', np.round(pu[:5], 4), np.round(pl[:5], 4))

def main():
  train()
  test()

if __name__ == '__main__':
  main()
