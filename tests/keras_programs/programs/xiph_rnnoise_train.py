# source: xiph/rnnoise training/rnn_train.py and training/dump_rnn.py (J.-M. Valin's RNNoise, the widely used recurrent speech-denoising network: three GRUs over per-frame audio band features, a VAD head and a band-gain head, trained with hand-written K losses, then dumped to C arrays)
# commit: 3bfaf9fd94d95f87a714b7434383761e58bccfeb
# keras: tf_keras
# exercises: `import keras`, `from keras.constraints import Constraint, min_max_norm`, `from keras import backend as K`; custom losses my_crossentropy (K.binary_crossentropy(y_pred, y_true), arguments swapped as in the original), mycost and metric msse built on K.sqrt of targets that hold -1 (Keras's K.sqrt clips negatives to 0), K.minimum mask, K.abs, K.square, K.mean(axis=-1); a Constraint subclass WeightClip with K.clip and get_config used as kernel/recurrent/bias constraint of every Dense and GRU; GRU(activation='relu', recurrent_activation='sigmoid', return_sequences=True, kernel_regularizer=l2, recurrent_regularizer=l2) over Input(shape=(None, 42)); keras.layers.concatenate of three tensors; a two-output functional Model compiled with loss=[mycost, my_crossentropy], metrics=[msse] (one metric for each output), loss_weights=[10, 0.5]; fit with validation_split=0.1; model.save("weights.hdf5"); then dump_rnn.py: load_model with custom_objects mapping the loss/metric names, get_weights per layer, the activation name read from str(layer.activation)
# reduced: the training.h5 feature matrix (made by the C denoise_training tool from speech and noise recordings) replaced by a numpy matrix of 10 sequences of 20 frames (window_size 2000 -> 20) with 42 features in [-1, 1], 22 band gains in [0, 1] with about one in five set to -1 (the "no energy" marker the C tool writes), 22 noise columns, and a VAD column of 0.02, 0.5 or 0.98 (not 0 and 1: the swapped my_crossentropy clips those y_true values, given as its output, to epsilon, where tf-keras's compiled graph computes log(1 - output + epsilon) about 0.2% off its own eager result, and statefulrnn gives the eager one; with these labels the fit histories agree); epochs 120 -> 3; batch_size 32 kept (the 9 training sequences are one batch, so fit's shuffling cannot change the result); the h5py read replaced by the numpy matrix; dump_rnn.py's sys.argv file names replaced by "weights.hdf5" and "rnn_data.c", and WeightClip added to its custom_objects as `lambda name=None, c=2: WeightClip(c)` (load_model must rebuild the constraint, and WeightClip.get_config's 'name' key is passed back to __init__, which tf-keras 2.21 rejects with TypeError for the class itself); note for runs outside the test suite: with 2 torch threads about one statefulrnn run in ten (MKL's float32 gradients vary from run to run) ends with final weights up to 1.4e-5 from Keras's, Adam's first step amplifying gradients below its effective epsilon (8.5% of the weights); the suite runs one thread, where 26 of 26 runs matched
from __future__ import print_function

import keras
from keras.models import Sequential
from keras.models import Model
from keras.layers import Input
from keras.layers import Dense
from keras.layers import LSTM
from keras.layers import GRU
from keras.layers import SimpleRNN
from keras.layers import Dropout
from keras.layers import concatenate
from keras import losses
from keras import regularizers
from keras.constraints import min_max_norm

from keras.constraints import Constraint
from keras import backend as K
import numpy as np
import re


def my_crossentropy(y_true, y_pred):
    return K.mean(2*K.abs(y_true-0.5) * K.binary_crossentropy(y_pred, y_true), axis=-1)

def mymask(y_true):
    return K.minimum(y_true+1., 1.)

def msse(y_true, y_pred):
    return K.mean(mymask(y_true) * K.square(K.sqrt(y_pred) - K.sqrt(y_true)), axis=-1)

def mycost(y_true, y_pred):
    return K.mean(mymask(y_true) * (10*K.square(K.square(K.sqrt(y_pred) - K.sqrt(y_true))) + K.square(K.sqrt(y_pred) - K.sqrt(y_true)) + 0.01*K.binary_crossentropy(y_pred, y_true)), axis=-1)

def my_accuracy(y_true, y_pred):
    return K.mean(2*K.abs(y_true-0.5) * K.equal(y_true, K.round(y_pred)), axis=-1)

class WeightClip(Constraint):
    '''Clips the weights incident to each hidden unit to be inside a range
    '''
    def __init__(self, c=2):
        self.c = c

    def __call__(self, p):
        return K.clip(p, -self.c, self.c)

    def get_config(self):
        return {'name': self.__class__.__name__,
            'c': self.c}

reg = 0.000001
constraint = WeightClip(0.499)

print('Build model...')
main_input = Input(shape=(None, 42), name='main_input')
tmp = Dense(24, activation='tanh', name='input_dense', kernel_constraint=constraint, bias_constraint=constraint)(main_input)
vad_gru = GRU(24, activation='relu', recurrent_activation='sigmoid', return_sequences=True, name='vad_gru', kernel_regularizer=regularizers.l2(reg), recurrent_regularizer=regularizers.l2(reg), kernel_constraint=constraint, recurrent_constraint=constraint, bias_constraint=constraint)(tmp)
vad_output = Dense(1, activation='sigmoid', name='vad_output', kernel_constraint=constraint, bias_constraint=constraint)(vad_gru)
noise_input = keras.layers.concatenate([tmp, vad_gru, main_input])
noise_gru = GRU(48, activation='relu', recurrent_activation='sigmoid', return_sequences=True, name='noise_gru', kernel_regularizer=regularizers.l2(reg), recurrent_regularizer=regularizers.l2(reg), kernel_constraint=constraint, recurrent_constraint=constraint, bias_constraint=constraint)(noise_input)
denoise_input = keras.layers.concatenate([vad_gru, noise_gru, main_input])

denoise_gru = GRU(96, activation='relu', recurrent_activation='sigmoid', return_sequences=True, name='denoise_gru', kernel_regularizer=regularizers.l2(reg), recurrent_regularizer=regularizers.l2(reg), kernel_constraint=constraint, recurrent_constraint=constraint, bias_constraint=constraint)(denoise_input)

denoise_output = Dense(22, activation='sigmoid', name='denoise_output', kernel_constraint=constraint, bias_constraint=constraint)(denoise_gru)

model = Model(inputs=main_input, outputs=[denoise_output, vad_output])

model.compile(loss=[mycost, my_crossentropy],
              metrics=[msse],
              optimizer='adam', loss_weights=[10, 0.5])


batch_size = 32

print('Loading data...')
rng = np.random.RandomState(0)
n_frames = 10 * 20
features = rng.uniform(-1, 1, (n_frames, 42))
gains = rng.uniform(0, 1, (n_frames, 22))
gains[rng.uniform(size=(n_frames, 22)) < 0.2] = -1
noise = rng.uniform(0, 1, (n_frames, 22))
vad = rng.choice([0.02, 0.5, 0.98], size=(n_frames, 1))
all_data = np.concatenate([features, gains, noise, vad], axis=1).astype(np.float32)
print('done.')

window_size = 20

nb_sequences = len(all_data)//window_size
print(nb_sequences, ' sequences')
x_train = all_data[:nb_sequences*window_size, :42]
x_train = np.reshape(x_train, (nb_sequences, window_size, 42))

y_train = np.copy(all_data[:nb_sequences*window_size, 42:64])
y_train = np.reshape(y_train, (nb_sequences, window_size, 22))

noise_train = np.copy(all_data[:nb_sequences*window_size, 64:86])
noise_train = np.reshape(noise_train, (nb_sequences, window_size, 22))

vad_train = np.copy(all_data[:nb_sequences*window_size, 86:87])
vad_train = np.reshape(vad_train, (nb_sequences, window_size, 1))

all_data = 0;

print(len(x_train), 'train sequences. x shape =', x_train.shape, 'y shape = ', y_train.shape)

print('Train...')
model.fit(x_train, [y_train, vad_train],
          batch_size=batch_size,
          epochs=3,
          validation_split=0.1)
model.save("weights.hdf5")


# ---- dump_rnn.py ----
def printVector(f, vector, name):
    v = np.reshape(vector, (-1));
    f.write('static const opus_int16 {}[{}] = {{\n   '.format(name, len(v)))
    for i in range(0, len(v)):
        f.write('{}'.format(int(round(8192*v[i]))))
        if (i!=len(v)-1):
            f.write(',')
        else:
            break;
        if (i%8==7):
            f.write("\n   ")
        else:
            f.write(" ")
    f.write('\n};\n\n')
    return;

def printLayer(f, layer):
    weights = layer.get_weights()
    printVector(f, weights[0], layer.name + '_weights')
    if len(weights) > 2:
        printVector(f, weights[1], layer.name + '_recurrent_weights')
    printVector(f, weights[-1], layer.name + '_bias')
    name = layer.name
    activation = re.search('function (.*) at', str(layer.activation)).group(1)
    if len(weights) > 2:
        f.write('const GRULayer {} = {{\n   {}_bias,\n   {}_weights,\n   {}_recurrent_weights,\n   {}, {}, activation_{}\n}};\n\n'
                .format(name, name, name, name, weights[0].shape[0], weights[0].shape[1]/3, activation))
    else:
        f.write('const DenseLayer {} = {{\n   {}_bias,\n   {}_weights,\n   {}, {}, activation_{}\n}};\n\n'
                .format(name, name, name, weights[0].shape[0], weights[0].shape[1], activation))


def mean_squared_sqrt_error(y_true, y_pred):
    return K.mean(K.square(K.sqrt(y_pred) - K.sqrt(y_true)), axis=-1)


model = keras.models.load_model("weights.hdf5", custom_objects={'msse': mean_squared_sqrt_error, 'mean_squared_sqrt_error': mean_squared_sqrt_error, 'my_crossentropy': mean_squared_sqrt_error, 'mycost': mean_squared_sqrt_error, 'WeightClip': lambda name=None, c=2: WeightClip(c)})

weights = model.get_weights()

f = open("rnn_data.c", 'w')

f.write('/*This file is automatically generated from a Keras model*/\n\n')
f.write('#ifdef HAVE_CONFIG_H\n#include "config.h"\n#endif\n\n#include "rnn.h"\n\n')

for i, layer in enumerate(model.layers):
    if len(layer.get_weights()) > 0:
        printLayer(f, layer)


f.close()
print(open("rnn_data.c").read()[-400:])
