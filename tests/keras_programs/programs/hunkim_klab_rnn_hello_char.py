# source: hunkim/DeepLearningZeroToAll Keras/klab-12-1-rnn_hello_char.py (Sung Kim's widely followed "Deep Learning Zero to All" lecture code, Keras lab 12-1: the "hihello" character RNN, one one-hot sample of 6 steps, an LSTM of num_classes units under a TimeDistributed Dense that predicts every next character)
# commit: 2acf1a303b2a25e9843f068e32bdd2412ff6397a
# keras: tf_keras
# exercises: `from keras.utils import np_utils` and np_utils.to_categorical(x, num_classes=) of a 1-d index list, np.reshape to one (1, 6, 5) sample; Sequential of LSTM(num_classes, input_shape=(timesteps, data_dim), return_sequences=True), TimeDistributed(Dense(num_classes)), Activation('softmax'); summary(); compile(categorical_crossentropy, 'rmsprop', metrics=['accuracy']) on a 3-d one-hot target; fit of a single sample with the default batch size; predict and argmax per step decoded back to characters
# reduced: `from keras.utils.vis_utils import plot_model` and the plot_model(model, to_file=...) call dropped (needs pydot and graphviz, and raises ImportError without them in a script); `char_set = list(set(sample))` -> `sorted(set(sample))` (set order of strings changes with Python's hash randomisation, and the two sides run in two processes, so the one-hot columns would differ); epochs=1 -> epochs=3 (so the run checks more than one update)
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, TimeDistributed, Activation, LSTM
from keras.utils import np_utils

import os

# sample text
sample = "hihello"

char_set = sorted(set(sample))  # id -> char ['i', 'l', 'e', 'o', 'h']
char_dic = {w: i for i, w in enumerate(char_set)}

x_str = sample[:-1]
y_str = sample[1:]

data_dim = len(char_set)
timesteps = len(y_str)
num_classes = len(char_set)

print(x_str, y_str)

x = [char_dic[c] for c in x_str]  # char to index
y = [char_dic[c] for c in y_str]  # char to index

# One-hot encoding
x = np_utils.to_categorical(x, num_classes=num_classes)
# reshape X to be [samples, time steps, features]
x = np.reshape(x, (-1, len(x), data_dim))
print(x.shape)

# One-hot encoding
y = np_utils.to_categorical(y, num_classes=num_classes)
# time steps
y = np.reshape(y, (-1, len(y), data_dim))
print(y.shape)

model = Sequential()
model.add(LSTM(num_classes, input_shape=(
    timesteps, data_dim), return_sequences=True))
model.add(TimeDistributed(Dense(num_classes)))
model.add(Activation('softmax'))
model.summary()

model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop', metrics=['accuracy'])
model.fit(x, y, epochs=3)

predictions = model.predict(x, verbose=0)
for i, prediction in enumerate(predictions):
    print(prediction)
    x_index = np.argmax(x[i], axis=1)
    x_str = [char_set[j] for j in x_index]
    print(x_index, ''.join(x_str))

    index = np.argmax(prediction, axis=1)
    result = [char_set[j] for j in index]
    print(index, ''.join(result))
