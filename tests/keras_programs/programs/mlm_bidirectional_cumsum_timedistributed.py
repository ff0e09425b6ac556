# source: fenago/katacoda-scenarios LS-term-memory-networks-python/chapter-10/steps/3/answer.md (J. Brownlee, "Long Short-Term Memory Networks with Python", chapter 10 "Bidirectional LSTMs": the cumulative-sum sequence classification problem, as a Katacoda lesson; the same model as his post "How to Develop a Bidirectional LSTM For Sequence Classification")
# commit: 030d1c6795762ebd7545b20fc7f4e5929b3a5f58
# keras: tf_keras
# exercises: `from keras.layers import LSTM, Dense, TimeDistributed, Bidirectional`; Sequential of Bidirectional(LSTM(50, return_sequences=True), input_shape=(n_timesteps, 1)) (input_shape given to the wrapper), TimeDistributed(Dense(1, activation='sigmoid')); compile(loss='binary_crossentropy', optimizer='adam', metrics=['acc']) on per-step 0/1 targets of shape (n, steps, 1); model.summary(); fit(epochs, batch_size); evaluate(verbose=0) unpacked as loss, acc; a loop of class predictions on one new sequence each, compared with array_equal; data made with python's random
# reduced: 500 training sequences -> 32 and batch_size 10 -> 32 (one batch per epoch, so Keras's shuffling cannot change the result), epochs 2 -> 3; `model.predict_classes(X, verbose=0)` (removed from tf.keras in TF 2.6, so it fails on Keras itself) replaced by `(model.predict(X, verbose=0) > 0.5).astype("int32")`, the replacement TensorFlow's deprecation message gave; the Katacoda <pre> wrapper removed
from random import random
from numpy import array
from numpy import cumsum
from numpy import array_equal
from keras.models import Sequential
from keras.layers import LSTM
from keras.layers import Dense
from keras.layers import TimeDistributed
from keras.layers import Bidirectional

# create a cumulative sum sequence
def get_sequence(n_timesteps):
    # create a sequence of random numbers in [0,1]
    X = array([random() for _ in range(n_timesteps)])
    # calculate cut-off value to change class values
    limit = n_timesteps/2.0
    # determine the class outcome for each item in cumulative sequence
    y = array([0 if x < limit else 1 for x in cumsum(X)])
    return X, y

# create multiple samples of cumulative sum sequences
def get_sequences(n_sequences, n_timesteps):
    seqX, seqY = list(), list()
    # create and store sequences
    for _ in range(n_sequences):
        X, y = get_sequence(n_timesteps)
        seqX.append(X)
        seqY.append(y)
    # reshape input and output for lstm
    seqX = array(seqX).reshape(n_sequences, n_timesteps, 1)
    seqY = array(seqY).reshape(n_sequences, n_timesteps, 1)
    return seqX, seqY

# define problem
n_timesteps = 10

# define LSTM
model = Sequential()
model.add(Bidirectional(LSTM(50, return_sequences=True), input_shape=(n_timesteps, 1)))
model.add(TimeDistributed(Dense(1, activation='sigmoid')))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['acc'])
model.summary()

# train LSTM
X, y = get_sequences(32, n_timesteps)
model.fit(X, y, epochs=3, batch_size=32)

# evaluate LSTM
X, y = get_sequences(10, n_timesteps)
loss, acc = model.evaluate(X, y, verbose=0)
print('Loss: %f, Accuracy: %f' % (loss, acc*100))

# make predictions
for _ in range(5):
    X, y = get_sequences(1, n_timesteps)
    yhat = (model.predict(X, verbose=0) > 0.5).astype("int32")
    exp, pred = y.reshape(n_timesteps), yhat.reshape(n_timesteps)
    print('y=%s, yhat=%s, correct=%s' % (exp, pred, array_equal(exp,pred)))
