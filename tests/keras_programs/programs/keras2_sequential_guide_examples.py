# source: keras-team/keras docs/templates/getting-started/sequential-model-guide.md ("Getting started with the Keras Sequential model", the Keras 2 docs page: its Examples section, all but the stateful stacked LSTM already in the corpus: MLP softmax, MLP binary, VGG-like convnet, sequence classification with LSTM, with 1D convolutions, stacked LSTM)
# commit: 33c4e162e36452f6ad8377c05a25a20d86e754a7 (the file's removal; the text is that of its parent commit, the page's last version)
# keras: tf_keras
# exercises: `import keras` with keras.utils.to_categorical(..., num_classes=10) on (N, 1) int arrays; six Sequential models built by add: Dense(input_dim=20) + Dropout + softmax with legacy SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True) and categorical_crossentropy + accuracy; binary MLP with 'rmsprop' on (N, 1) int targets; a VGG-like Conv2D/MaxPooling2D/Dropout/Flatten/Dense convnet with the same SGD and no metrics; Embedding(max_features, output_dim=...) without input_length + LSTM + Dropout + sigmoid; Conv1D x4 + MaxPooling1D(3) + GlobalAveragePooling1D on (N, seq_length, 100)-shaped float input; a stacked LSTM(return_sequences=True, input_shape=(timesteps, data_dim)) x2 + LSTM + Dense(10, softmax) trained with categorical_crossentropy on random (non one-hot) float targets with validation_data; fit(epochs, batch_size) and evaluate(batch_size) of each
# reduced: np.random.seed(0) added (the page's dummy data is unseeded); x_train/y_train/x_test/y_test made for the two sequence-classification sections, which the page leaves undefined (random int word indices below max_features and (N, 1) binary labels for the LSTM; float (N, seq_length, 100) windows for Conv1D); sizes: 1000/100 samples -> 128/32 (MLPs, one batch of 128), VGG 100/20 images of 100x100x3 -> 32/8 of 16x16x3, LSTM and Conv1D sections 16 training samples (one batch of 16), stacked LSTM 1000/100 -> 64/16 (one batch of 64), so fit's shuffling cannot change the result; Dense 64 -> 16, Conv2D 32/64 -> 4/8, Dense 256 -> 16, max_features 1024 -> 50, Embedding output_dim 256 -> 8, LSTM 128 -> 8, Conv1D 64/128 -> 8/16 with seq_length 64 -> 24, stacked LSTM 32 -> 8; Dropout rates 0.5/0.25 -> 0.0 (random masks cannot match); epochs 20/10/5 -> 2; `from keras.optimizers import SGD` -> `from keras.optimizers.legacy import SGD` (tf-keras >= 2.11's SGD refuses Keras 2's decay=)
import numpy as np
np.random.seed(0)

# ### Multilayer Perceptron (MLP) for multi-class softmax classification:
import keras
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation
from keras.optimizers.legacy import SGD

# Generate dummy data
import numpy as np
x_train = np.random.random((128, 20))
y_train = keras.utils.to_categorical(np.random.randint(10, size=(128, 1)), num_classes=10)
x_test = np.random.random((32, 20))
y_test = keras.utils.to_categorical(np.random.randint(10, size=(32, 1)), num_classes=10)

model = Sequential()
# Dense(64) is a fully-connected layer with 64 hidden units.
# in the first layer, you must specify the expected input data shape:
# here, 20-dimensional vectors.
model.add(Dense(16, activation='relu', input_dim=20))
model.add(Dropout(0.0))
model.add(Dense(16, activation='relu'))
model.add(Dropout(0.0))
model.add(Dense(10, activation='softmax'))

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss='categorical_crossentropy',
              optimizer=sgd,
              metrics=['accuracy'])

model.fit(x_train, y_train,
          epochs=2,
          batch_size=128)
score = model.evaluate(x_test, y_test, batch_size=128)

# ### MLP for binary classification:
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Dropout

# Generate dummy data
x_train = np.random.random((128, 20))
y_train = np.random.randint(2, size=(128, 1))
x_test = np.random.random((32, 20))
y_test = np.random.randint(2, size=(32, 1))

model = Sequential()
model.add(Dense(16, input_dim=20, activation='relu'))
model.add(Dropout(0.0))
model.add(Dense(16, activation='relu'))
model.add(Dropout(0.0))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy',
              optimizer='rmsprop',
              metrics=['accuracy'])

model.fit(x_train, y_train,
          epochs=2,
          batch_size=128)
score = model.evaluate(x_test, y_test, batch_size=128)

# ### VGG-like convnet:
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense, Dropout, Flatten
from keras.layers import Conv2D, MaxPooling2D
from keras.optimizers.legacy import SGD

# Generate dummy data
x_train = np.random.random((32, 16, 16, 3))
y_train = keras.utils.to_categorical(np.random.randint(10, size=(32, 1)), num_classes=10)
x_test = np.random.random((8, 16, 16, 3))
y_test = keras.utils.to_categorical(np.random.randint(10, size=(8, 1)), num_classes=10)

model = Sequential()
# input: 100x100 images with 3 channels -> (100, 100, 3) tensors.
# this applies 32 convolution filters of size 3x3 each.
model.add(Conv2D(4, (3, 3), activation='relu', input_shape=(16, 16, 3)))
model.add(Conv2D(4, (3, 3), activation='relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.0))

model.add(Conv2D(8, (3, 3), activation='relu'))
model.add(Conv2D(8, (3, 3), activation='relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.0))

model.add(Flatten())
model.add(Dense(16, activation='relu'))
model.add(Dropout(0.0))
model.add(Dense(10, activation='softmax'))

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss='categorical_crossentropy', optimizer=sgd)

model.fit(x_train, y_train, batch_size=32, epochs=2)
score = model.evaluate(x_test, y_test, batch_size=32)

# ### Sequence classification with LSTM:
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.layers import Embedding
from keras.layers import LSTM

max_features = 50

x_train = np.random.randint(max_features, size=(16, 12))
y_train = np.random.randint(2, size=(16, 1))
x_test = np.random.randint(max_features, size=(8, 12))
y_test = np.random.randint(2, size=(8, 1))

model = Sequential()
model.add(Embedding(max_features, output_dim=8))
model.add(LSTM(8))
model.add(Dropout(0.0))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy',
              optimizer='rmsprop',
              metrics=['accuracy'])

model.fit(x_train, y_train, batch_size=16, epochs=2)
score = model.evaluate(x_test, y_test, batch_size=16)

# ### Sequence classification with 1D convolutions:
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.layers import Embedding
from keras.layers import Conv1D, GlobalAveragePooling1D, MaxPooling1D

seq_length = 24

x_train = np.random.random((16, seq_length, 100))
y_train = np.random.randint(2, size=(16, 1))
x_test = np.random.random((8, seq_length, 100))
y_test = np.random.randint(2, size=(8, 1))

model = Sequential()
model.add(Conv1D(8, 3, activation='relu', input_shape=(seq_length, 100)))
model.add(Conv1D(8, 3, activation='relu'))
model.add(MaxPooling1D(3))
model.add(Conv1D(16, 3, activation='relu'))
model.add(Conv1D(16, 3, activation='relu'))
model.add(GlobalAveragePooling1D())
model.add(Dropout(0.0))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy',
              optimizer='rmsprop',
              metrics=['accuracy'])

model.fit(x_train, y_train, batch_size=16, epochs=2)
score = model.evaluate(x_test, y_test, batch_size=16)

# ### Stacked LSTM for sequence classification
from keras.models import Sequential
from keras.layers import LSTM, Dense
import numpy as np

data_dim = 16
timesteps = 8
num_classes = 10

# expected input data shape: (batch_size, timesteps, data_dim)
model = Sequential()
model.add(LSTM(8, return_sequences=True,
               input_shape=(timesteps, data_dim)))  # returns a sequence of vectors of dimension 32
model.add(LSTM(8, return_sequences=True))  # returns a sequence of vectors of dimension 32
model.add(LSTM(8))  # return a single vector of dimension 32
model.add(Dense(10, activation='softmax'))

model.compile(loss='categorical_crossentropy',
              optimizer='rmsprop',
              metrics=['accuracy'])

# Generate dummy training data
x_train = np.random.random((64, timesteps, data_dim))
y_train = np.random.random((64, num_classes))

# Generate dummy validation data
x_val = np.random.random((16, timesteps, data_dim))
y_val = np.random.random((16, num_classes))

model.fit(x_train, y_train,
          batch_size=64, epochs=2,
          validation_data=(x_val, y_val))
