# source: tensorchiefs/dl_keras3 notebooks/09_1DConv_keras_torch.ipynb (the ZHAW/HTWG "tensorchiefs" deep-learning course notebooks ported to Keras 3 on torch, 2024: forecast the next 10 steps of a noisy amplitude-modulated sine from 128 steps with stacks of causal Convolution1D layers, first plain then dilated (1, 2, 4, 8), a per-step Dense(1) and a Lambda that keeps the last look_ahead steps; then iterated multi-step forecasts by feeding predictions back; its code cells in order)
# commit: fafbac8614c7627c3c3d505887c4ec6d877eb8e9
# keras: keras
# backend: torch
# exercises: os.environ["KERAS_BACKEND"] = "torch" before `import keras`; keras.backend.backend(); `from keras.models import Sequential`, `from keras.layers import Dense, Convolution2D, MaxPooling2D, Flatten, Activation, Lambda, Convolution1D` (the Convolution1D alias); Sequential.add with input_shape= on the first Convolution1D(filters, activation="relu", kernel_size=5, padding='causal') and dilation_rate=2/4/8; Dense(1) applied per time step on a 3-D tensor; Lambda(slice, arguments={'slice_length': look_ahead}) slicing x[:, -n:, :]; compile(optimizer='adam', loss='mean_squared_error'); summary(); fit(validation_data=) with float64 numpy data; history.history; predict on one window in a loop, concatenating predictions back into the input (iterated forecast)
# reduced: the plotting (matplotlib) cells dropped, and `%matplotlib inline`; gen_data(size=1000) -> gen_data(size=60) with the notebook's own np.random.seed(1) kept; the train/valid split X[0:800]/X[800:1000] -> X[0:40]/X[40:60] and the forecast window i=950 -> 50; filters 32 -> 8; epochs 50 -> 2; batch_size 128 -> 16; shuffle=False added to both fits (Keras shuffles with torch's global generator); verbose=1 -> 0 and predict(verbose=0); the unseeded `start = np.random.uniform(...)` of the plotting cell dropped with it; the four copies of the iterated-forecast loop (steps 1 and 8 for each model) written once as iterate(model, i, steps) returning pred, which is printed
import numpy as np
import os
os.environ["KERAS_BACKEND"] = "torch"
import keras
print(f'keras backend: {keras.backend.backend()}')
from keras.models import Sequential
from keras.layers import Dense, Convolution2D, MaxPooling2D, Flatten , Activation, Lambda, Convolution1D
from keras.utils import to_categorical

np.random.seed(1) # Fixing the seed, so data generation is always the same
seq_length = 128  # Sequence length used for training
look_ahead =  10  # The number of data points the model should predict

def gen_data(size=1000, noise=0.1,seq_length=128,look_ahead=10): # We create 1000 observations of the process
    s = seq_length + look_ahead
    d = np.zeros((size, s,1))
    for i in range(size):
        start = np.random.uniform(0, 2*np.pi) # Random start point
        d[i,:,0] = (np.sin(start + np.linspace(0, 20*np.pi, s)) *
                    np.sin(start + np.linspace(0, np.pi, s)) +
                    np.random.normal(0,noise,s))
    return d[:,0:seq_length], d[:,seq_length:s]

X,Y = gen_data(size=60)
print(X.shape)
print(Y.shape)

def slice(x, slice_length):
    return x[:,-slice_length:,:]

model_1Dconv = Sequential()
ks = 5
model_1Dconv.add(Convolution1D(filters=8, activation="relu", kernel_size=ks, padding='causal', input_shape=(128, 1)))
model_1Dconv.add(Convolution1D(filters=8, activation="relu", kernel_size=ks, padding='causal'))
model_1Dconv.add(Convolution1D(filters=8, activation="relu", kernel_size=ks, padding='causal'))
model_1Dconv.add(Convolution1D(filters=8, activation="relu", kernel_size=ks, padding='causal'))
model_1Dconv.add(Dense(1))
model_1Dconv.add(Lambda(slice, arguments={'slice_length':look_ahead}))
model_1Dconv.compile(optimizer='adam', loss='mean_squared_error')
model_1Dconv.summary()

history = model_1Dconv.fit(X[0:40], Y[0:40],
                    epochs=2,
                    batch_size=16,
                    validation_data=(X[40:60], (Y[40:60])),
                    verbose=0, shuffle=False)
print(history.history['loss'], history.history['val_loss'])

def iterate(model, i, steps):
    pred = np.empty(0)
    data = X[i:i+1]
    for j in range(0,steps):
        res = model.predict(data, verbose=0)[0]
        res = res.reshape(10)
        data=(np.concatenate((data[0:1].reshape(128),res)))
        data=data[-128:]
        data=data.reshape((1,128,1))
        pred=np.append(pred,res)
    return pred

i=50
print(iterate(model_1Dconv, i, 1))
print(iterate(model_1Dconv, i, 8))

model_1Dconv_w_d = Sequential()
ks = 5
model_1Dconv_w_d.add(Convolution1D(filters=8, activation="relu",kernel_size=ks, padding='causal', input_shape=(128, 1)))
model_1Dconv_w_d.add(Convolution1D(filters=8, activation="relu", kernel_size=ks, padding='causal',dilation_rate=2))
model_1Dconv_w_d.add(Convolution1D(filters=8, activation="relu", kernel_size=ks, padding='causal',dilation_rate=4))
model_1Dconv_w_d.add(Convolution1D(filters=8, activation="relu",kernel_size=ks, padding='causal',dilation_rate=8))
model_1Dconv_w_d.add(Dense(1))
model_1Dconv_w_d.add(Lambda(slice, arguments={'slice_length':look_ahead}))
model_1Dconv_w_d.compile(optimizer='adam', loss='mean_squared_error')
model_1Dconv_w_d.summary()

history = model_1Dconv_w_d.fit(X[0:40], Y[0:40],
                    epochs=2,
                    batch_size=16,
                    validation_data=(X[40:60],Y[40:60]),
                    verbose=0, shuffle=False)
print(history.history['loss'], history.history['val_loss'])
print(iterate(model_1Dconv_w_d, i, 1))
print(iterate(model_1Dconv_w_d, i, 8))
